//! One dated execution of a checklist: answers and notes per item, who ran it, completion,
//! sign-off, and the corrective actions raised from its failures.

use super::super::{clean_name, clean_text, DomainError, Env, Id, Res, Ts};
use super::{AnswerKind, Item, Template};
use crate::domain::stamps::Stamps;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// A pass / fail / not-applicable answer.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Check {
    Pass,
    Fail,
    Na,
}

/// An answer's value; its kind matches the item's answer type.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Value {
    /// The checkbox is ticked.
    Done,
    Check(Check),
    Number(f64),
    Text(String),
}

impl Value {
    /// The value as a person reads it ("Pass", "4.5 °C", "Done").
    pub fn display(&self, kind: &AnswerKind) -> String {
        match self {
            Value::Done => "Done".into(),
            Value::Check(Check::Pass) => "Pass".into(),
            Value::Check(Check::Fail) => "Fail".into(),
            Value::Check(Check::Na) => "N/A".into(),
            Value::Number(n) => match kind {
                AnswerKind::Number { unit, .. } if !unit.is_empty() => format!("{n} {unit}"),
                _ => n.to_string(),
            },
            Value::Text(t) => t.clone(),
        }
    }

    fn fits(&self, kind: &AnswerKind) -> bool {
        matches!(
            (self, kind),
            (Value::Done, AnswerKind::Done)
                | (Value::Check(_), AnswerKind::PassFail)
                | (Value::Number(_), AnswerKind::Number { .. })
                | (Value::Text(_), AnswerKind::Text)
        )
    }
}

/// Is this answer a failure for an item of this kind? A Fail, or a number outside the
/// allowed range.
pub fn is_failure(kind: &AnswerKind, value: &Value) -> bool {
    match (kind, value) {
        (_, Value::Check(Check::Fail)) => true,
        (AnswerKind::Number { min, max, .. }, Value::Number(n)) => {
            min.is_some_and(|m| *n < m) || max.is_some_and(|m| *n > m)
        }
        _ => false,
    }
}

/// The answer to one item (an item with only a note has no value yet).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Answer {
    pub item: Id,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<Value>,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub note: String,
}

/// Who signed a run off, and when.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SignOff {
    pub name: String,
    pub at: Ts,
    /// The signature drawn with it, as a path ([`super::signature`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub signature: Option<String>,
}

/// Why an occurrence was skipped or excused, and when: it counts neither as missed nor as
/// completed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Skip {
    pub reason: String,
    pub at: Ts,
    /// The calendar day it was skipped on (for "done today").
    pub on: NaiveDate,
}

/// A corrective action: a card raised on a project board from a failed item.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Action {
    pub item: Id,
    pub project: Id,
    pub card: Id,
}

impl Action {
    /// Is its card still on `project`'s board (not deleted, the project not in the trash)?
    pub fn is_live(&self, project: &crate::domain::Project) -> bool {
        project.id == self.project
            && project.trashed.is_none()
            && project.card(&self.card).is_some()
    }
}

/// Where a corrective action's card goes: a project, or a new one of this name.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ActionProject {
    Existing(Id),
    New(String),
}

/// What a person sets on a corrective action as they raise it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ActionFields {
    /// From the people directory.
    pub assignee: Option<Id>,
    pub due: Option<NaiveDate>,
    pub priority: crate::domain::Priority,
}

/// One dated execution of a template.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Run {
    pub id: Id,
    /// When the run was started.
    #[serde(deserialize_with = "crate::domain::timestamp::de")]
    pub created: Ts,
    #[serde(deserialize_with = "crate::domain::timestamp::de")]
    pub updated: Ts,
    pub template: Id,
    /// The template version the run was run against.
    #[serde(default = "one")]
    pub version: u32,
    /// The day the run is for: its scheduled occurrence, or the day an ad hoc run started.
    pub date: NaiveDate,
    /// True when the run is for a scheduled occurrence (false: ad hoc).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub scheduled: bool,
    /// The person who ran it (from the people directory).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub by: Option<Id>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub answers: Vec<Answer>,
    /// When it was completed, and the calendar day that was (for on-time figures).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub completed: Option<Ts>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub completed_on: Option<NaiveDate>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub signoff: Option<SignOff>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub actions: Vec<Action>,
    /// Set when a manager skipped or excused this occurrence (the run is then closed).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub skipped: Option<Skip>,
    /// The site it was done at, and the asset it was done on (`domain::registers`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub site: Option<Id>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub asset: Option<Id>,
    /// Items ticked, as files of format version 1 wrote them; read into `answers`.
    #[serde(default, skip_serializing)]
    pub checked: Vec<Id>,
    /// When each field last changed (`domain::stamps`).
    #[serde(default, skip_serializing_if = "Stamps::is_empty")]
    pub stamps: Stamps,
}

fn one() -> u32 {
    1
}

impl Run {
    /// Starts a run of `template` for `date` with nothing answered.
    pub fn start(env: &mut dyn Env, template: &Template, date: NaiveDate) -> Res<Run> {
        if template.items.is_empty() {
            return Err(DomainError::Invalid(format!(
                "\"{}\" has no items yet: add at least one item before starting a run.",
                template.name
            )));
        }
        let now = env.now();
        Ok(Run {
            id: env.new_id(),
            created: now,
            updated: now,
            template: template.id.clone(),
            version: template.version,
            date,
            scheduled: template.recurrence.occurs_on(template.start_day(), date),
            by: None,
            answers: Vec::new(),
            completed: None,
            completed_on: None,
            signoff: None,
            actions: Vec::new(),
            skipped: None,
            site: template.site.clone(),
            asset: None,
            checked: Vec::new(),
            stamps: Stamps::default(),
        })
    }

    /// Is the run finished (and so read-only)?
    pub fn is_complete(&self) -> bool {
        self.completed.is_some()
    }

    /// Was this occurrence skipped or excused?
    pub fn is_skipped(&self) -> bool {
        self.skipped.is_some()
    }

    /// Completed or skipped: nothing more to do, and read-only.
    pub fn is_closed(&self) -> bool {
        self.is_complete() || self.is_skipped()
    }

    /// Skips or excuses this occurrence with a reason (required) on `today` (the local
    /// calendar day); answers given so far stay.
    pub fn skip(&mut self, env: &mut dyn Env, reason: &str, today: NaiveDate) -> Res<()> {
        self.editable()?;
        let reason = clean_name("Reason", reason)?;
        let now = env.now();
        self.skipped = Some(Skip {
            reason,
            at: now,
            on: today,
        });
        self.updated = now;
        Ok(())
    }

    fn editable(&self) -> Res<()> {
        if self.is_skipped() {
            return Err(DomainError::Invalid(
                "This occurrence was skipped and can't be changed: start a new run instead.".into(),
            ));
        }
        if self.is_complete() {
            return Err(DomainError::Invalid(
                "This run is completed and can't be changed: start a new run instead.".into(),
            ));
        }
        Ok(())
    }

    /// The items this run was run against (its version's).
    pub fn items<'a>(&self, template: &'a Template) -> &'a [Item] {
        template.version_items(self.version).1
    }

    /// The answer to an item, if any.
    pub fn answer(&self, item: &Id) -> Option<&Answer> {
        self.answers.iter().find(|a| &a.item == item)
    }

    /// The value given for an item, if any.
    pub fn value(&self, item: &Id) -> Option<&Value> {
        self.answer(item).and_then(|a| a.value.as_ref())
    }

    /// Is this item ticked / answered?
    pub fn is_checked(&self, item: &Id) -> bool {
        self.value(item).is_some()
    }

    fn slot(&mut self, item: &Id) -> &mut Answer {
        let i = match self.answers.iter().position(|a| &a.item == item) {
            Some(i) => i,
            None => {
                // Answers are kept in item-id order (the order a merge gives them).
                let at = self.answers.partition_point(|a| &a.item < item);
                self.answers.insert(
                    at,
                    Answer {
                        item: item.clone(),
                        value: None,
                        note: String::new(),
                    },
                );
                at
            }
        };
        #[allow(clippy::indexing_slicing)] // `i` was found in, or just inserted into, `answers`
        &mut self.answers[i]
    }

    fn tidy(&mut self, item: &Id) {
        self.answers
            .retain(|a| &a.item != item || a.value.is_some() || !a.note.is_empty());
    }

    /// Answers an item (or clears its answer with `None`).
    pub fn set_value(
        &mut self,
        env: &mut dyn Env,
        template: &Template,
        item: &Id,
        value: Option<Value>,
    ) -> Res<()> {
        self.editable()?;
        let it = self
            .items(template)
            .iter()
            .find(|i| &i.id == item)
            .ok_or(DomainError::NotFound("item"))?;
        let value = match value {
            Some(Value::Number(n)) if !n.is_finite() => {
                return Err(DomainError::Invalid(
                    "That is not a number Docket can keep: type digits, like 4.5.".into(),
                ))
            }
            Some(Value::Text(t)) => {
                let t = clean_text("Answer", &t)?;
                (!t.trim().is_empty()).then_some(Value::Text(t))
            }
            v => v,
        };
        if let Some(v) = &value {
            if !v.fits(&it.answer) {
                return Err(DomainError::Invalid(format!(
                    "“{}” takes a {} answer.",
                    it.text,
                    it.answer.describe().to_lowercase()
                )));
            }
        }
        if self.value(item) != value.as_ref() {
            self.slot(item).value = value;
            self.tidy(item);
            self.updated = env.now();
        }
        Ok(())
    }

    /// Ticks or unticks a "done" item (any kind: ticking a pass/fail item passes it).
    pub fn set_checked(
        &mut self,
        env: &mut dyn Env,
        template: &Template,
        item: &Id,
        checked: bool,
    ) -> Res<()> {
        if template.id != self.template {
            return Err(DomainError::Invalid(
                "This run belongs to another checklist.".into(),
            ));
        }
        let kind = self
            .items(template)
            .iter()
            .find(|i| &i.id == item)
            .map(|i| i.answer.clone())
            .ok_or(DomainError::NotFound("item"))?;
        let value = checked.then_some(match kind {
            AnswerKind::PassFail => Value::Check(Check::Pass),
            _ => Value::Done,
        });
        if matches!(kind, AnswerKind::Done | AnswerKind::PassFail) || !checked {
            self.set_value(env, template, item, value)
        } else {
            Err(DomainError::Invalid(
                "That item needs a typed answer.".into(),
            ))
        }
    }

    /// Sets the note on an item.
    pub fn set_note(
        &mut self,
        env: &mut dyn Env,
        template: &Template,
        item: &Id,
        note: &str,
    ) -> Res<()> {
        self.editable()?;
        if !self.items(template).iter().any(|i| &i.id == item) {
            return Err(DomainError::NotFound("item"));
        }
        let note = clean_text("Note", note)?;
        if self.answer(item).map_or("", |a| a.note.as_str()) != note {
            self.slot(item).note = note;
            self.tidy(item);
            self.updated = env.now();
        }
        Ok(())
    }

    /// Records who is running it.
    pub fn set_by(&mut self, env: &mut dyn Env, person: Option<Id>) -> Res<()> {
        self.editable()?;
        if self.by != person {
            self.by = person;
            self.updated = env.now();
        }
        Ok(())
    }

    /// Records where the run is done: the asset it is on, and the site (the asset's, else
    /// the checklist's).
    pub fn set_place(&mut self, env: &mut dyn Env, asset: Option<Id>, site: Option<Id>) -> Res<()> {
        self.editable()?;
        if (&self.asset, &self.site) != (&asset, &site) {
            self.asset = asset;
            self.site = site;
            self.updated = env.now();
        }
        Ok(())
    }

    /// Required items not answered yet (in the run's version).
    pub fn missing<'a>(&self, template: &'a Template) -> Vec<&'a Item> {
        let hidden = self.hidden(template);
        self.items(template)
            .iter()
            .filter(|i| i.required && !self.is_checked(&i.id) && !hidden.contains(&i.id))
            .collect()
    }

    /// Completes the run on `today` (the local calendar day), signed off by `signoff`
    /// when given. Refused while required items are unanswered.
    pub fn complete(
        &mut self,
        env: &mut dyn Env,
        template: &Template,
        today: NaiveDate,
        signoff: Option<&str>,
    ) -> Res<()> {
        self.complete_signed(env, template, today, signoff, None)
    }

    /// [`Run::complete`] with a drawn signature beside the sign-off name (a path of
    /// [`super::signature`]; it needs the name).
    pub fn complete_signed(
        &mut self,
        env: &mut dyn Env,
        template: &Template,
        today: NaiveDate,
        signoff: Option<&str>,
        signature: Option<String>,
    ) -> Res<()> {
        self.editable()?;
        let name = signoff.filter(|s| !s.trim().is_empty());
        if let Some(path) = &signature {
            if name.is_none() {
                return Err(DomainError::Invalid(
                    "Type the name of who signs off, to go with the signature.".into(),
                ));
            }
            if !super::signature::is_valid(path) {
                return Err(DomainError::Invalid(
                    "The signature could not be kept: clear it and sign again.".into(),
                ));
            }
        }
        let missing = self.missing(template);
        if !missing.is_empty() {
            let names: Vec<String> = missing
                .iter()
                .take(3)
                .map(|i| format!("“{}”", i.text))
                .collect();
            let more = if missing.len() > 3 {
                format!(" and {} more", missing.len().saturating_sub(3))
            } else {
                String::new()
            };
            return Err(DomainError::Invalid(format!(
                "Answer the required items first: {}{more}.",
                names.join(", ")
            )));
        }
        let now = env.now();
        if let Some(name) = name {
            self.signoff = Some(SignOff {
                name: clean_name("Sign-off name", name)?,
                at: now,
                signature,
            });
        }
        self.completed = Some(now);
        self.completed_on = Some(today);
        self.updated = now;
        Ok(())
    }

    /// Failed items of this run: (item, value).
    pub fn failures<'a>(&'a self, template: &'a Template) -> Vec<(&'a Item, &'a Value)> {
        let hidden = self.hidden(template);
        self.items(template)
            .iter()
            .filter(|i| !hidden.contains(&i.id))
            .filter_map(|i| {
                let v = self.value(&i.id)?;
                is_failure(&i.answer, v).then_some((i, v))
            })
            .collect()
    }

    /// (answered, total) over the run's items.
    pub fn progress(&self, template: &Template) -> (usize, usize) {
        let hidden = self.hidden(template);
        let shown = || {
            self.items(template)
                .iter()
                .filter(|i| !hidden.contains(&i.id))
        };
        let done = shown().filter(|i| self.is_checked(&i.id)).count();
        (done, shown().count())
    }

    /// Was it completed on or before its day?
    pub fn on_time(&self) -> bool {
        self.completed_on.is_some_and(|d| d <= self.date)
    }

    /// Records a corrective action card raised from an item.
    pub fn add_action(&mut self, env: &mut dyn Env, item: &Id, project: &Id, card: &Id) {
        // In card-id order, as a merge keeps them.
        let at = self.actions.partition_point(|a| &a.card < card);
        self.actions.insert(
            at,
            Action {
                item: item.clone(),
                project: project.clone(),
                card: card.clone(),
            },
        );
        self.updated = env.now();
    }

    /// The corrective actions raised from an item.
    pub fn actions_for<'a>(&'a self, item: &'a Id) -> impl Iterator<Item = &'a Action> + 'a {
        self.actions.iter().filter(move |a| &a.item == item)
    }

    /// Reads what files of format version 1 stored (`checked`) into answers.
    pub fn normalise(&mut self) {
        for id in std::mem::take(&mut self.checked) {
            // (An id no item could have ticks nothing: it is dropped, not refused, since a
            // refusal could only name a place in the file that `answers` does not have.)
            if Id::is_well_formed(id.as_str()) && self.answer(&id).is_none() {
                self.answers.push(Answer {
                    item: id,
                    value: Some(Value::Done),
                    note: String::new(),
                });
            }
        }
        let mut seen = std::collections::HashSet::new();
        self.answers.retain(|a| seen.insert(a.item.clone()));
    }

    /// Answers by item and actions by card, each once: the order a merge gives them (after
    /// a file is checked, so its messages name the file's positions).
    pub fn sort_lists(&mut self) {
        if !self.answers.is_sorted_by(|a, b| a.item <= b.item) {
            crate::domain::sort::sort_by(&mut self.answers, |a, b| a.item.cmp(&b.item));
        }
        let mut cards = std::collections::HashSet::new();
        self.actions.retain(|a| cards.insert(a.card.clone()));
        if !self.actions.is_sorted_by(|a, b| a.card <= b.card) {
            crate::domain::sort::sort_by(&mut self.actions, |a, b| a.card.cmp(&b.card));
        }
    }
}

/// Title and description of a corrective-action card for a failed item of a run: the
/// item, the answer and the note. None when the item is not in the run.
pub fn action_text(template: &Template, run: &Run, item: &Id) -> Option<(String, String)> {
    let it = run.items(template).iter().find(|i| &i.id == item)?;
    let answer = run
        .value(item)
        .map_or("not answered".to_string(), |v| v.display(&it.answer));
    let note = run.answer(item).map_or("", |a| a.note.as_str());
    let mut title = format!("Fix: {}", it.text);
    if title.chars().count() > crate::domain::MAX_NAME {
        title = title
            .chars()
            .take(crate::domain::MAX_NAME - 1)
            .collect::<String>()
            + "…";
    }
    let mut description = format!(
        "Raised from the checklist “{}” run on {}.\nItem: {}\nAnswer: {}",
        template.name, run.date, it.text, answer
    );
    if !note.is_empty() {
        description.push_str(&format!("\nNote: {note}"));
    }
    Some((title, description))
}
