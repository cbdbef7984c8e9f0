//! Operations checklists: templates (sections of items, each with an answer type), their
//! versions and recurrence, and dated runs of a template with answers.
//!
//! Versioning never rewrites the past: a template whose current version has been run gets a
//! new version number as soon as its items change, and the items as they were are kept in
//! `versions`, so every run shows the items it was run against.

pub mod agenda;
pub mod analytics;
pub mod csv;
pub mod escalation;
pub mod logic;
pub mod my_day;
pub mod notice;
pub mod order;
pub mod readings;
pub mod recurrence;
pub mod rota;
pub mod run;
pub mod signature;

pub use escalation::Escalation;
pub use logic::{Condition, Score, When};
pub use recurrence::Recurrence;
pub use rota::{Assignment, Every};
pub use run::{Action, ActionFields, ActionProject, Answer, Check, Run, SignOff, Skip, Value};

use super::project::{rank_at, Removed};
use super::{clean_identity, clean_name, clean_text, rank, DomainError, Env, Id, Res, Ts};
use crate::domain::draft::{Draft, Overwritten};
use crate::domain::sort;
use crate::domain::stamps::Stamps;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// The areas an operations manager files checklists under; users may type their own.
pub const AREAS: [&str; 4] = [
    "Process and quality",
    "Resources, inventory and budget",
    "People and scheduling",
    "Compliance and safety",
];

/// What kind of answer an item asks for.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case", try_from = "AnswerKindWire")]
pub enum AnswerKind {
    /// A checkbox: done or not.
    #[default]
    Done,
    /// Pass, fail or not applicable.
    PassFail,
    /// A number, with a unit and an allowed range; outside the range is a failure.
    Number {
        #[serde(default, skip_serializing_if = "String::is_empty")]
        unit: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        min: Option<f64>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        max: Option<f64>,
    },
    /// Free text.
    Text,
}

// Read through a flat struct, not serde's internally tagged enums: those buffer each object
// in a generic tree first, which costs the wasm several times the code of a plain struct.
#[derive(Deserialize)]
struct AnswerKindWire {
    #[serde(rename = "type")]
    kind: String,
    #[serde(default)]
    unit: String,
    min: Option<f64>,
    max: Option<f64>,
}

impl TryFrom<AnswerKindWire> for AnswerKind {
    type Error = String;
    fn try_from(w: AnswerKindWire) -> Result<AnswerKind, String> {
        Ok(match w.kind.as_str() {
            "done" => AnswerKind::Done,
            "pass_fail" => AnswerKind::PassFail,
            "number" => AnswerKind::Number {
                unit: w.unit,
                min: w.min,
                max: w.max,
            },
            "text" => AnswerKind::Text,
            other => {
                return Err(format!(
                "unknown variant `{other}`, expected one of `done`, `pass_fail`, `number`, `text`"
            ))
            }
        })
    }
}

impl AnswerKind {
    /// A short name for lists ("Pass / fail", "Number (°C, 0 to 5)").
    pub fn describe(&self) -> String {
        match self {
            AnswerKind::Done => "Done".into(),
            AnswerKind::PassFail => "Pass / fail / N/A".into(),
            AnswerKind::Text => "Text".into(),
            AnswerKind::Number { unit, min, max } => {
                let unit = if unit.is_empty() {
                    String::new()
                } else {
                    format!(" {unit}")
                };
                match (min, max) {
                    (Some(a), Some(b)) => format!("Number, {a} to {b}{unit}"),
                    (Some(a), None) => format!("Number, at least {a}{unit}"),
                    (None, Some(b)) => format!("Number, at most {b}{unit}"),
                    (None, None) if unit.is_empty() => "Number".into(),
                    (None, None) => format!("Number, in{unit}"),
                }
            }
        }
    }

    fn check(&self) -> Res<()> {
        if let AnswerKind::Number { unit, min, max } = self {
            if unit.chars().count() > 20 {
                return Err(DomainError::TooLong("Unit", 20));
            }
            if min.is_some_and(|v| !v.is_finite()) || max.is_some_and(|v| !v.is_finite()) {
                return Err(DomainError::Invalid(
                    "The allowed range must be ordinary numbers.".into(),
                ));
            }
            if let (Some(a), Some(b)) = (min, max) {
                if a > b {
                    return Err(DomainError::Invalid(format!(
                        "The lowest allowed value ({a}) is above the highest ({b}): swap them."
                    )));
                }
            }
        }
        Ok(())
    }
}

/// A heading that groups items.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Section {
    pub id: Id,
    pub name: String,
    /// Shown only when an earlier item's answer is this ([`logic`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub show_if: Option<Condition>,
}

/// One line of a checklist.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Item {
    pub id: Id,
    pub created: Ts,
    pub updated: Ts,
    pub text: String,
    pub rank: String,
    /// How to do the check, shown under the item.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub guidance: String,
    /// A required item must be answered before the run can be completed.
    #[serde(default)]
    pub required: bool,
    #[serde(default)]
    pub answer: AnswerKind,
    /// The section the item sits under (none: before the first section).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub section: Option<Id>,
    /// Shown only when an earlier item's answer is this ([`logic`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub show_if: Option<Condition>,
    /// What the item counts for in a run's score (1 when none).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub weight: Option<u32>,
    /// The stock item a number item counts: signing the run off sets its on-hand quantity
    /// (`domain::registers::stock`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stock: Option<Id>,
    /// When each field last changed (`domain::stamps`).
    #[serde(default, skip_serializing_if = "Stamps::is_empty")]
    pub stamps: Stamps,
}

/// What a checklist item says and asks; the fields an item editor changes.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ItemFields {
    pub text: String,
    pub guidance: String,
    pub required: bool,
    pub answer: AnswerKind,
    pub section: Option<Id>,
    pub show_if: Option<Condition>,
    pub weight: Option<u32>,
    pub stock: Option<Id>,
}

impl Item {
    /// The editable fields of this item.
    pub fn fields(&self) -> ItemFields {
        ItemFields {
            text: self.text.clone(),
            guidance: self.guidance.clone(),
            required: self.required,
            answer: self.answer.clone(),
            section: self.section.clone(),
            show_if: self.show_if.clone(),
            weight: self.weight,
            stock: self.stock.clone(),
        }
    }

    /// Does this item ask the same as `other` (ignoring stamps)?
    fn same_as(&self, other: &Item) -> bool {
        self.fields() == other.fields()
    }
}

/// A version of a template's items that has been replaced by a later one.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Version {
    pub number: u32,
    /// When the next version replaced it.
    pub replaced: Ts,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sections: Vec<Section>,
    pub items: Vec<Item>,
}

/// One difference between two versions of a template.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Change {
    Added(String),
    Removed(String),
    /// Item text (new), and what changed about it.
    Edited(String, Vec<&'static str>),
    Moved(String),
}

impl std::fmt::Display for Change {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Change::Added(t) => write!(f, "Added “{t}”"),
            Change::Removed(t) => write!(f, "Removed “{t}”"),
            Change::Edited(t, what) => write!(f, "Edited “{t}” ({})", what.join(", ")),
            Change::Moved(t) => write!(f, "Moved “{t}”"),
        }
    }
}

/// A checklist template: the process, as sections of items to check.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Template {
    pub id: Id,
    pub created: Ts,
    pub updated: Ts,
    pub name: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub area: String,
    /// The person responsible (from the people directory).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owner: Option<Id>,
    #[serde(default)]
    pub recurrence: Recurrence,
    /// First day the recurrence applies (defaults to the day the template was created).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub starts: Option<NaiveDate>,
    /// How long a run takes, in minutes (the workload counts its owner's hours with it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub minutes: Option<u32>,
    /// Scores runs when set: the percentage a run must reach to pass ([`logic`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pass_mark: Option<u32>,
    /// The site it is done at (`domain::registers`), when it is for one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub site: Option<Id>,
    /// The category of asset it inspects ("Fridge"): each run is on one such asset.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub asset_category: String,
    /// Who does each occurrence ([`rota`]; the owner when absent).
    #[serde(default, skip_serializing_if = "Assignment::is_owner")]
    pub assignment: Assignment,
    /// Overdue occurrences someone escalated to the owner ([`escalation`]).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub escalations: Vec<Escalation>,
    /// Sections in display order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sections: Vec<Section>,
    /// Kept sorted by rank.
    #[serde(default)]
    pub items: Vec<Item>,
    /// The current version number (starts at 1).
    #[serde(default = "one")]
    pub version: u32,
    /// Earlier versions, oldest first.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub versions: Vec<Version>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub removed: Vec<Removed>,
    /// When each field last changed (`domain::stamps`).
    #[serde(default, skip_serializing_if = "Stamps::is_empty")]
    pub stamps: Stamps,
}

fn one() -> u32 {
    1
}

/// The head of a template: everything but its items (what a template editor changes).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct TemplateFields {
    pub name: String,
    pub description: String,
    pub area: String,
    pub owner: Option<Id>,
    pub recurrence: Recurrence,
    pub starts: Option<NaiveDate>,
    pub minutes: Option<u32>,
    pub pass_mark: Option<u32>,
    pub site: Option<Id>,
    pub asset_category: String,
    pub assignment: Assignment,
}

/// The longest a run may take: a day.
pub const MAX_MINUTES: u32 = 24 * 60;

impl Template {
    /// Creates a template with the given items (blank lines are skipped); items are
    /// "done" checkboxes and required.
    pub fn new(env: &mut dyn Env, name: &str, items: &[&str]) -> Res<Template> {
        let name = clean_identity("Checklist name", name)?;
        let texts: Vec<String> = items
            .iter()
            .filter(|t| !t.trim().is_empty())
            .map(|t| clean_name("Item text", t))
            .collect::<Res<_>>()?;
        let now = env.now();
        let ranks = rank::spread(texts.len());
        let items = texts
            .into_iter()
            .zip(ranks)
            .map(|(text, rank)| Item {
                id: env.new_id(),
                created: now,
                updated: now,
                text,
                rank,
                guidance: String::new(),
                required: true,
                answer: AnswerKind::Done,
                section: None,
                show_if: None,
                weight: None,
                stock: None,
                stamps: Stamps::default(),
            })
            .collect();
        Ok(Template {
            id: env.new_id(),
            created: now,
            updated: now,
            name,
            description: String::new(),
            area: String::new(),
            owner: None,
            recurrence: Recurrence::AdHoc,
            starts: None,
            minutes: None,
            pass_mark: None,
            site: None,
            asset_category: String::new(),
            assignment: Assignment::Owner,
            escalations: Vec::new(),
            sections: Vec::new(),
            items,
            version: 1,
            versions: Vec::new(),
            removed: Vec::new(),
            stamps: Stamps::default(),
        })
    }

    /// An empty ad hoc template with this id (a placeholder, e.g. to recover items whose
    /// template was deleted elsewhere).
    pub fn empty(id: Id, at: Ts, name: &str) -> Template {
        Template {
            id,
            created: at,
            updated: at,
            name: name.into(),
            description: String::new(),
            area: String::new(),
            owner: None,
            recurrence: Recurrence::AdHoc,
            starts: None,
            minutes: None,
            pass_mark: None,
            site: None,
            asset_category: String::new(),
            assignment: Assignment::Owner,
            escalations: Vec::new(),
            sections: Vec::new(),
            items: Vec::new(),
            version: 1,
            versions: Vec::new(),
            removed: Vec::new(),
            stamps: Stamps::default(),
        }
    }

    /// The first day the schedule applies.
    pub fn start_day(&self) -> NaiveDate {
        self.starts.unwrap_or(self.created.date_naive())
    }

    /// The head fields, for an editor.
    pub fn fields(&self) -> TemplateFields {
        TemplateFields {
            name: self.name.clone(),
            description: self.description.clone(),
            area: self.area.clone(),
            owner: self.owner.clone(),
            recurrence: self.recurrence.clone(),
            starts: self.starts,
            minutes: self.minutes,
            pass_mark: self.pass_mark,
            site: self.site.clone(),
            asset_category: self.asset_category.clone(),
            assignment: self.assignment.clone(),
        }
    }

    /// Changes the head fields (name, description, area, owner, schedule).
    pub fn set_fields(&mut self, env: &mut dyn Env, f: TemplateFields) -> Res<()> {
        let f = TemplateFields {
            name: clean_identity("Checklist name", &f.name)?,
            description: clean_text("Description", &f.description)?,
            area: clean_text("Area", &f.area)?.trim().to_string(),
            asset_category: crate::domain::clean_short("Asset category", &f.asset_category)?,
            recurrence: f.recurrence.checked()?,
            assignment: f.assignment.checked()?,
            ..f
        };
        if f.area.chars().count() > super::MAX_NAME {
            return Err(DomainError::TooLong("Area", super::MAX_NAME));
        }
        if f.pass_mark.is_some_and(|m| m > 100) {
            return Err(DomainError::Invalid(
                "A pass mark is a percentage from 0 to 100, or empty (no score).".into(),
            ));
        }
        if f.minutes.is_some_and(|m| m == 0 || m > MAX_MINUTES) {
            return Err(DomainError::Invalid(format!(
                "The time a run takes is a number of minutes from 1 to {MAX_MINUTES}, or empty."
            )));
        }
        if f != self.fields() {
            let TemplateFields {
                name,
                description,
                area,
                owner,
                recurrence,
                starts,
                minutes,
                pass_mark,
                site,
                asset_category,
                assignment,
            } = f;
            self.name = name;
            self.description = description;
            self.area = area;
            self.owner = owner;
            self.recurrence = recurrence;
            self.starts = starts;
            self.minutes = minutes;
            self.pass_mark = pass_mark;
            self.site = site;
            self.asset_category = asset_category;
            self.assignment = assignment;
            self.updated = env.now();
        }
        Ok(())
    }

    /// Saves the details form: what the person changed since it showed `opened`, onto the
    /// template as it is now (see [`crate::domain::draft`]). An owner is named by id in the
    /// notices: the form names them.
    pub fn save_details_draft(
        &mut self,
        env: &mut dyn Env,
        opened: &TemplateFields,
        mine: TemplateFields,
    ) -> Res<Vec<Overwritten>> {
        let (f, clashes) = self.fields().rebase(opened, mine);
        self.set_fields(env, f)?;
        Ok(clashes)
    }

    /// Renames the template.
    pub fn rename(&mut self, env: &mut dyn Env, name: &str) -> Res<()> {
        let f = TemplateFields {
            name: name.into(),
            ..self.fields()
        };
        self.set_fields(env, f)
    }

    /// Applies a change to the items or sections. When the current version has been run
    /// (`in_use`) and the change alters what the checklist asks, the items as they were are
    /// kept as a finished version and the template moves to the next version number.
    pub fn revise<T>(
        &mut self,
        env: &mut dyn Env,
        in_use: bool,
        op: impl FnOnce(&mut Template, &mut dyn Env) -> Res<T>,
    ) -> Res<T> {
        let before_items = self.items.clone();
        let before_sections = self.sections.clone();
        let out = op(self, env)?;
        let changed = before_sections != self.sections
            || before_items.len() != self.items.len()
            || before_items
                .iter()
                .zip(&self.items)
                .any(|(a, b)| a.id != b.id || !a.same_as(b));
        if changed {
            let now = env.now();
            if in_use {
                self.versions.push(Version {
                    number: self.version,
                    replaced: now,
                    sections: before_sections,
                    items: before_items,
                });
                self.version = self.version.saturating_add(1);
            }
            self.updated = now;
        }
        Ok(out)
    }

    /// Items and sections of version `n` (the current ones for the current version, or
    /// when an old version is unknown, e.g. lost in a merge).
    pub fn version_items(&self, n: u32) -> (&[Section], &[Item]) {
        self.versions
            .iter()
            .find(|v| v.number == n)
            .map(|v| (v.sections.as_slice(), v.items.as_slice()))
            .unwrap_or((self.sections.as_slice(), self.items.as_slice()))
    }

    /// What changed from version `n - 1` to version `n`, for the version history.
    pub fn changes_in(&self, n: u32) -> Vec<Change> {
        if n <= 1 {
            return Vec::new();
        }
        let (_, old) = self.version_items(n.saturating_sub(1));
        let (_, new) = self.version_items(n);
        diff(old, new)
    }

    /// Adds an item at the end (a required checkbox), in `section` if given.
    pub fn add_item(&mut self, env: &mut dyn Env, text: &str) -> Res<Id> {
        self.add_item_with(
            env,
            ItemFields {
                text: text.into(),
                required: true,
                section: self.sections.last().map(|s| s.id.clone()),
                ..Default::default()
            },
        )
    }

    /// Adds an item at the end of its section.
    pub fn add_item_with(&mut self, env: &mut dyn Env, f: ItemFields) -> Res<Id> {
        let f = self.clean_item(f)?;
        // At the end of its section: after the last item of that section or of any
        // section before it.
        let order = self.section_order();
        let sec_pos = |s: &Option<Id>| order.iter().position(|o| o == s).unwrap_or(0);
        let target = sec_pos(&f.section);
        let at = self
            .items
            .iter()
            .rposition(|i| sec_pos(&i.section) <= target)
            .map_or(0, |p| p.saturating_add(1));
        let rank = rank_at(&self.items, at, |i| &i.rank);
        let now = env.now();
        let id = env.new_id();
        self.items.insert(
            at,
            Item {
                id: id.clone(),
                created: now,
                updated: now,
                text: f.text,
                rank,
                guidance: f.guidance,
                required: f.required,
                answer: f.answer,
                section: f.section,
                show_if: f.show_if,
                weight: f.weight,
                stock: f.stock,
                stamps: Stamps::default(),
            },
        );
        self.updated = now;
        Ok(id)
    }

    fn clean_item(&self, f: ItemFields) -> Res<ItemFields> {
        f.answer.check()?;
        if let Some(s) = &f.section {
            if !self.sections.iter().any(|x| &x.id == s) {
                return Err(DomainError::NotFound("section"));
            }
        }
        if f.weight.is_some_and(|w| w == 0 || w > logic::MAX_WEIGHT) {
            return Err(DomainError::Invalid(format!(
                "A weight is a whole number from 1 to {}, or empty (1).",
                logic::MAX_WEIGHT
            )));
        }
        // Only a number counts stock.
        let stock = f
            .stock
            .filter(|_| matches!(f.answer, AnswerKind::Number { .. }));
        Ok(ItemFields {
            text: clean_name("Item text", &f.text)?,
            guidance: clean_text("Guidance", &f.guidance)?,
            stock,
            ..f
        })
    }

    /// Changes an item's text.
    pub fn edit_item(&mut self, env: &mut dyn Env, id: &Id, text: &str) -> Res<()> {
        let f = ItemFields {
            text: text.into(),
            ..self.item(id).ok_or(DomainError::NotFound("item"))?.fields()
        };
        self.update_item(env, id, f)
    }

    /// Changes what an item says and asks.
    pub fn update_item(&mut self, env: &mut dyn Env, id: &Id, f: ItemFields) -> Res<()> {
        let f = self.clean_item(f)?;
        let now = env.now();
        let item = self
            .items
            .iter_mut()
            .find(|i| &i.id == id)
            .ok_or(DomainError::NotFound("item"))?;
        if item.fields() != f {
            let moved = item.section != f.section;
            item.text = f.text;
            item.guidance = f.guidance;
            item.required = f.required;
            item.answer = f.answer;
            item.section = f.section;
            item.show_if = f.show_if;
            item.weight = f.weight;
            item.stock = f.stock;
            item.updated = now;
            if moved {
                // Keep sections contiguous: re-place the item at the end of its new section.
                let idx = self.items.iter().position(|i| &i.id == id).unwrap_or(0);
                let item = self.items.remove(idx);
                let order = self.section_order();
                let sec_pos = |s: &Option<Id>| order.iter().position(|o| o == s).unwrap_or(0);
                let target = sec_pos(&item.section);
                let at = self
                    .items
                    .iter()
                    .rposition(|i| sec_pos(&i.section) <= target)
                    .map_or(0, |p| p.saturating_add(1));
                let mut item = item;
                item.rank = rank_at(&self.items, at, |i| &i.rank);
                self.items.insert(at, item);
            }
            self.updated = now;
        }
        Ok(())
    }

    /// Saves an item's form: what the person changed since it showed `opened`, onto the
    /// item as it is now (see [`crate::domain::draft`]).
    pub fn save_item_draft(
        &mut self,
        env: &mut dyn Env,
        id: &Id,
        opened: &ItemFields,
        mine: ItemFields,
    ) -> Res<Vec<Overwritten>> {
        let now = self.item(id).ok_or(DomainError::NotFound("item"))?.fields();
        let (f, mut clashes) = now.rebase(opened, mine);
        self.update_item(env, id, f)?;
        for c in clashes.iter_mut().filter(|c| c.field == "Section") {
            for v in [&mut c.theirs, &mut c.mine] {
                *v = match self.sections.iter().find(|s| s.id.as_str() == v.as_str()) {
                    Some(s) => s.name.clone(),
                    None => "no section".into(),
                };
            }
        }
        Ok(clashes)
    }

    /// The item with this id.
    pub fn item(&self, id: &Id) -> Option<&Item> {
        self.items.iter().find(|i| &i.id == id)
    }

    /// Moves an item to position `to` (clamped) in the whole list; it takes the section of
    /// the item it lands after (or before, at the top). Only its rank (and section) change.
    pub fn move_item(&mut self, env: &mut dyn Env, id: &Id, to: usize) -> Res<()> {
        let from = self
            .items
            .iter()
            .position(|i| &i.id == id)
            .ok_or(DomainError::NotFound("item"))?;
        let mut item = self.items.remove(from);
        let to = to.min(self.items.len());
        if to != from {
            item.rank = rank_at(&self.items, to, |i| &i.rank);
            let neighbour = to
                .checked_sub(1)
                .and_then(|i| self.items.get(i))
                .or_else(|| self.items.get(to));
            if let Some(n) = neighbour {
                item.section = n.section.clone();
            }
            item.updated = env.now();
            self.updated = item.updated;
        }
        self.items.insert(to, item);
        Ok(())
    }

    /// Deletes an item. Past runs keep their answers and their version.
    pub fn delete_item(&mut self, env: &mut dyn Env, id: &Id) -> Res<()> {
        let idx = self
            .items
            .iter()
            .position(|i| &i.id == id)
            .ok_or(DomainError::NotFound("item"))?;
        self.items.remove(idx);
        let now = env.now();
        self.removed.push(Removed {
            id: id.clone(),
            at: now,
        });
        self.updated = now;
        Ok(())
    }

    /// Adds a section at the end; new items go into it.
    pub fn add_section(&mut self, env: &mut dyn Env, name: &str) -> Res<Id> {
        let name = clean_name("Section name", name)?;
        let id = env.new_id();
        self.sections.push(Section {
            id: id.clone(),
            name,
            show_if: None,
        });
        self.updated = env.now();
        Ok(id)
    }

    /// Renames a section.
    pub fn rename_section(&mut self, env: &mut dyn Env, id: &Id, name: &str) -> Res<()> {
        let name = clean_name("Section name", name)?;
        let s = self
            .sections
            .iter_mut()
            .find(|s| &s.id == id)
            .ok_or(DomainError::NotFound("section"))?;
        if s.name != name {
            s.name = name;
            self.updated = env.now();
        }
        Ok(())
    }

    /// Shows a section only when an earlier item's answer is `show_if`'s (none: always).
    /// Refused for an item that is not before the section.
    pub fn set_section_condition(
        &mut self,
        env: &mut dyn Env,
        id: &Id,
        show_if: Option<Condition>,
    ) -> Res<()> {
        if let Some(c) = &show_if {
            if !self.items_before_section(id).contains(&&c.item) {
                return Err(DomainError::Invalid(
                    "A section can only depend on an item shown before it.".into(),
                ));
            }
        }
        let s = self
            .sections
            .iter_mut()
            .find(|s| &s.id == id)
            .ok_or(DomainError::NotFound("section"))?;
        if s.show_if != show_if {
            s.show_if = show_if;
            self.updated = env.now();
        }
        Ok(())
    }

    /// The items shown before a section, in order.
    pub fn items_before_section(&self, id: &Id) -> Vec<&Id> {
        let mut out = Vec::new();
        for (section, items) in Template::grouped(&self.sections, &self.items) {
            if section.is_some_and(|s| &s.id == id) {
                break;
            }
            out.extend(items.into_iter().map(|i| &i.id));
        }
        out
    }

    /// Deletes a section; its items move to the section before it (or to none).
    pub fn delete_section(&mut self, env: &mut dyn Env, id: &Id) -> Res<()> {
        let idx = self
            .sections
            .iter()
            .position(|s| &s.id == id)
            .ok_or(DomainError::NotFound("section"))?;
        let prev = (idx.checked_sub(1))
            .and_then(|i| self.sections.get(i))
            .map(|s| s.id.clone());
        self.sections.remove(idx);
        let now = env.now();
        for i in self
            .items
            .iter_mut()
            .filter(|i| i.section.as_ref() == Some(id))
        {
            i.section = prev.clone();
            i.updated = now;
        }
        self.updated = now;
        Ok(())
    }

    /// Section ids in display order, starting with "no section".
    fn section_order(&self) -> Vec<Option<Id>> {
        std::iter::once(None)
            .chain(self.sections.iter().map(|s| Some(s.id.clone())))
            .collect()
    }

    /// Items grouped by section for display: (section, items), "no section" first and
    /// only when it has items; sections in order, each with its items in rank order.
    pub fn grouped<'a>(
        sections: &'a [Section],
        items: &'a [Item],
    ) -> Vec<(Option<&'a Section>, Vec<&'a Item>)> {
        let mut out: Vec<(Option<&Section>, Vec<&Item>)> = Vec::new();
        let known = |s: &Option<Id>| {
            s.as_ref()
                .is_some_and(|s| sections.iter().any(|x| &x.id == s))
        };
        let loose: Vec<&Item> = items.iter().filter(|i| !known(&i.section)).collect();
        if !loose.is_empty() {
            out.push((None, loose));
        }
        for s in sections {
            let v = items
                .iter()
                .filter(|i| i.section.as_ref() == Some(&s.id))
                .collect();
            out.push((Some(s), v));
        }
        out
    }

    /// Restores the ordering invariant after loading data from elsewhere.
    pub fn normalise(&mut self) {
        sort::sort_by(&mut self.removed, |a, b| {
            a.id.cmp(&b.id).then(b.at.cmp(&a.at))
        });
        self.removed.dedup_by(|a, b| a.id == b.id);
        sort::sort_by(&mut self.items, |a, b| {
            a.rank.cmp(&b.rank).then(a.id.cmp(&b.id))
        });
        sort::sort_by_key(&mut self.versions, |v| v.number);
        self.versions.dedup_by_key(|v| v.number);
        self.versions.retain(|v| v.number < self.version.max(1));
        self.version = self.version.max(1);
    }
}

/// The differences between two lists of items (old → new).
pub fn diff(old: &[Item], new: &[Item]) -> Vec<Change> {
    let mut out = Vec::new();
    for n in new {
        match old.iter().find(|o| o.id == n.id) {
            None => out.push(Change::Added(n.text.clone())),
            Some(o) => {
                let mut what = Vec::new();
                if o.text != n.text {
                    what.push("text");
                }
                if o.guidance != n.guidance {
                    what.push("guidance");
                }
                if o.required != n.required {
                    what.push(if n.required {
                        "now required"
                    } else {
                        "now optional"
                    });
                }
                match (&o.answer, &n.answer) {
                    (
                        AnswerKind::Number { unit, min, max },
                        AnswerKind::Number {
                            unit: unit2,
                            min: min2,
                            max: max2,
                        },
                    ) => {
                        if (min, max) != (min2, max2) {
                            what.push("allowed range");
                        }
                        if unit != unit2 {
                            what.push("unit");
                        }
                    }
                    (a, b) if a != b => what.push("answer type"),
                    _ => {}
                }
                if o.section != n.section {
                    what.push("section");
                }
                if !what.is_empty() {
                    out.push(Change::Edited(n.text.clone(), what));
                }
            }
        }
    }
    for o in old {
        if !new.iter().any(|n| n.id == o.id) {
            out.push(Change::Removed(o.text.clone()));
        }
    }
    // Reordered items: the relative order of items present in both changed.
    let common_old: Vec<&Id> = old
        .iter()
        .filter(|o| new.iter().any(|n| n.id == o.id))
        .map(|o| &o.id)
        .collect();
    let common_new: Vec<&Id> = new
        .iter()
        .filter(|n| old.iter().any(|o| o.id == n.id))
        .map(|n| &n.id)
        .collect();
    if common_old != common_new {
        for (a, b) in common_old.iter().zip(&common_new) {
            if a != b {
                if let Some(n) = new.iter().find(|n| &&n.id == b) {
                    if !out
                        .iter()
                        .any(|c| matches!(c, Change::Moved(t) if t == &n.text))
                    {
                        out.push(Change::Moved(n.text.clone()));
                    }
                }
            }
        }
    }
    out
}
