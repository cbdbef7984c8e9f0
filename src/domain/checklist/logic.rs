//! Checklists that adapt to their answers and score themselves (issue 20, part 3).
//!
//! **Conditions.** An item or a section may be shown only when an earlier item's answer is
//! a given value (done, pass, fail, N/A) or a number is out of (or within) its range. An
//! item shows when its condition holds, its section shows, and the item its condition reads
//! shows too; a condition on an item that is not earlier in the list (or not there at all,
//! from damaged data) is ignored, so nothing is ever hidden by a broken reference. A hidden
//! item is not required, not counted in progress, failures or the score; its answer, if it
//! had one, is kept.
//!
//! **Scoring.** A template with a pass mark scores its runs: each shown item that can pass
//! or fail (a checkbox, pass / fail, a number with a range) and has an answer other than N/A
//! is worth its weight (1 unless set); the score is the weight of those that passed over the
//! weight of all of them. A checkbox left unticked on a completed run counts as failed.

use super::run::{is_failure, Check, Run, Value};
use super::{AnswerKind, Item, Section, Template};
use crate::domain::Id;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// When a conditional item or section shows.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Condition {
    /// The earlier item whose answer decides.
    pub item: Id,
    pub when: When,
}

/// The answer that shows a conditional item or section.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum When {
    /// A checkbox ticked.
    Done,
    /// A checkbox not ticked (yet).
    NotDone,
    Pass,
    Fail,
    Na,
    /// A number outside its allowed range.
    OutOfRange,
    /// A number within its allowed range.
    InRange,
}

impl When {
    /// Every choice, with its words in the editor ("Show only when … is").
    pub const ALL: [(When, &'static str); 7] = [
        (When::Done, "done"),
        (When::NotDone, "not done"),
        (When::Pass, "pass"),
        (When::Fail, "fail"),
        (When::Na, "N/A"),
        (When::OutOfRange, "out of range"),
        (When::InRange, "within range"),
    ];

    /// The choices that make sense for an item of this kind.
    pub fn for_kind(kind: &AnswerKind) -> &'static [When] {
        match kind {
            AnswerKind::Done => &[When::Done, When::NotDone],
            AnswerKind::PassFail => &[When::Fail, When::Pass, When::Na],
            AnswerKind::Number { .. } => &[When::OutOfRange, When::InRange],
            AnswerKind::Text => &[],
        }
    }

    pub fn words(self) -> &'static str {
        When::ALL
            .iter()
            .find(|(w, _)| *w == self)
            .map_or("", |(_, s)| s)
    }

    /// The snake_case name the file format uses.
    pub fn key(self) -> &'static str {
        match self {
            When::Done => "done",
            When::NotDone => "not_done",
            When::Pass => "pass",
            When::Fail => "fail",
            When::Na => "na",
            When::OutOfRange => "out_of_range",
            When::InRange => "in_range",
        }
    }

    pub fn from_key(key: &str) -> Option<When> {
        When::ALL.iter().map(|(w, _)| *w).find(|w| w.key() == key)
    }

    /// Does an answer (none: not answered) of an item of this kind show the dependant?
    pub fn holds(self, kind: &AnswerKind, value: Option<&Value>) -> bool {
        match (self, value) {
            (When::Done, Some(Value::Done)) => true,
            (When::NotDone, v) => !matches!(v, Some(Value::Done)),
            (When::Pass, Some(Value::Check(Check::Pass))) => true,
            (When::Fail, Some(Value::Check(Check::Fail))) => true,
            (When::Na, Some(Value::Check(Check::Na))) => true,
            (When::OutOfRange, Some(v @ Value::Number(_))) => is_failure(kind, v),
            (When::InRange, Some(v @ Value::Number(_))) => !is_failure(kind, v),
            _ => false,
        }
    }
}

/// Which items show, given the answers `value` gives (by item id): the ids of the hidden
/// ones. Items and sections are read in the order they are shown.
pub fn hidden<'a>(
    sections: &[Section],
    items: &'a [Item],
    value: impl Fn(&Id) -> Option<&'a Value>,
) -> std::collections::HashSet<Id>
where
    Value: 'a,
{
    let mut hidden = std::collections::HashSet::new();
    if items.iter().all(|i| i.show_if.is_none()) && sections.iter().all(|s| s.show_if.is_none()) {
        return hidden;
    }
    // Each item seen so far: shown or not, and its kind.
    let mut seen: HashMap<&Id, (bool, &AnswerKind)> = HashMap::new();
    let holds = |c: &Option<Condition>, seen: &HashMap<&Id, (bool, &AnswerKind)>| match c {
        None => true,
        Some(c) => match seen.get(&c.item) {
            Some((true, kind)) => c.when.holds(kind, value(&c.item)),
            Some((false, _)) => false,
            // Not an earlier item: ignored.
            None => true,
        },
    };
    for (section, group) in Template::grouped(sections, items) {
        let section_shown = holds(&section.and_then(|s| s.show_if.clone()), &seen);
        for item in group {
            let shown = section_shown && holds(&item.show_if, &seen);
            if !shown {
                hidden.insert(item.id.clone());
            }
            seen.insert(&item.id, (shown, &item.answer));
        }
    }
    hidden
}

impl Run {
    /// The ids of the run's items hidden by their conditions.
    pub fn hidden(&self, template: &Template) -> std::collections::HashSet<Id> {
        let (sections, items) = template.version_items(self.version);
        hidden(sections, items, |id| self.value(id))
    }

    /// The run's score, when its template has a pass mark.
    pub fn score(&self, template: &Template) -> Option<Score> {
        self.score_hiding(template, &self.hidden(template))
    }

    /// [`Run::score`] given the run's hidden items (analytics has them already).
    pub(super) fn score_hiding(
        &self,
        template: &Template,
        hidden: &std::collections::HashSet<Id>,
    ) -> Option<Score> {
        let pass_mark = template.pass_mark?;
        let mut s = Score {
            earned: 0,
            possible: 0,
            pass_mark,
        };
        for item in self.items(template) {
            if hidden.contains(&item.id) {
                continue;
            }
            let weight = item.weight.unwrap_or(1);
            let passed = match (&item.answer, self.value(&item.id)) {
                (_, Some(Value::Check(Check::Na))) | (AnswerKind::Text, _) => continue,
                (
                    AnswerKind::Number {
                        min: None,
                        max: None,
                        ..
                    },
                    _,
                ) => continue,
                (AnswerKind::Done, Some(Value::Done)) => true,
                (AnswerKind::Done, _) if self.is_complete() => false,
                (_, Some(v)) => !is_failure(&item.answer, v),
                (_, None) => continue,
            };
            s.possible = s.possible.saturating_add(weight);
            if passed {
                s.earned = s.earned.saturating_add(weight);
            }
        }
        Some(s)
    }
}

/// A run's score: the weight of the items that passed over the weight of those scored.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Score {
    pub earned: u32,
    pub possible: u32,
    /// The template's pass mark, a percentage.
    pub pass_mark: u32,
}

impl Score {
    /// The score as a whole percentage, rounded down (none when nothing was scored).
    pub fn percent(&self) -> Option<u32> {
        let earned = u64::from(self.earned).saturating_mul(100);
        earned
            .checked_div(u64::from(self.possible))
            .and_then(|p| u32::try_from(p).ok())
    }

    /// At or above the pass mark? (Nothing scored: not failed.)
    pub fn passed(&self) -> bool {
        self.percent().is_none_or(|p| p >= self.pass_mark)
    }
}

/// The heaviest weight an item may carry.
pub const MAX_WEIGHT: u32 = 100;
