//! Saving a form: only the fields the person changed since the form was filled are
//! written, onto the entity as it is now, so an edit made meanwhile in another tab (or by an
//! import) to another field stands. When both changed one field, the person's value is
//! saved and they are told what it replaced.

use super::board::Charter;
use super::checklist::{AnswerKind, ItemFields, Recurrence, TemplateFields};
use super::people::PersonFields;
use super::project::{format_cents, Money, ProjectStatus};
use super::risk::{RiskFields, RiskStatus};
use super::Id;
use chrono::NaiveDate;

/// A field both the person and someone else (another tab, an import) changed while the
/// form was open: the person's value was saved over theirs.
#[derive(Clone, Debug, PartialEq)]
pub struct Overwritten {
    pub field: &'static str,
    pub theirs: String,
    pub mine: String,
}

/// A form's fields (a draft of one entity's editable fields).
pub trait Draft: Sized {
    /// `now` with each field the person changed from `opened` to `mine` taken from `mine`;
    /// and the fields that `now` had changed too, to another value.
    fn rebase(self, opened: &Self, mine: Self) -> (Self, Vec<Overwritten>);
}

/// How a field's value reads in a notice.
pub trait Shown {
    fn shown(&self) -> String;
}

impl Shown for String {
    fn shown(&self) -> String {
        if self.trim().is_empty() {
            "empty".into()
        } else {
            self.clone()
        }
    }
}

impl Shown for u8 {
    fn shown(&self) -> String {
        self.to_string()
    }
}

impl Shown for bool {
    fn shown(&self) -> String {
        if *self { "yes" } else { "no" }.into()
    }
}

impl Shown for Option<NaiveDate> {
    fn shown(&self) -> String {
        self.map(|d| d.to_string())
            .unwrap_or_else(|| "no date".into())
    }
}

/// Minutes a run takes, a weight, a pass mark: the label says which.
impl Shown for Option<u32> {
    fn shown(&self) -> String {
        self.map(|n| n.to_string()).unwrap_or_else(|| "none".into())
    }
}

impl Shown for Option<crate::domain::checklist::Condition> {
    fn shown(&self) -> String {
        self.as_ref().map_or_else(
            || "always".into(),
            |c| format!("when an earlier answer is {}", c.when.words()),
        )
    }
}

impl Shown for Option<f64> {
    fn shown(&self) -> String {
        self.map(|n| n.to_string()).unwrap_or_else(|| "none".into())
    }
}

impl Shown for Option<Money> {
    fn shown(&self) -> String {
        self.as_ref()
            .map(|m| format_cents(m.cents, &m.currency))
            .unwrap_or_else(|| "none".into())
    }
}

/// An id (an owner, a section): the form that saved it names it (see [`Overwritten`]'s
/// users); "none" when empty.
impl Shown for crate::domain::checklist::Assignment {
    fn shown(&self) -> String {
        self.describe(|i| i.to_string())
    }
}

impl Shown for Option<Id> {
    fn shown(&self) -> String {
        self.as_ref()
            .map(|i| i.to_string())
            .unwrap_or_else(|| "none".into())
    }
}

impl Shown for Vec<String> {
    fn shown(&self) -> String {
        if self.is_empty() {
            "none".into()
        } else {
            self.join(", ")
        }
    }
}

/// Stakeholders: their names.
impl Shown for Vec<(String, String, bool)> {
    fn shown(&self) -> String {
        self.iter().map(|s| s.0.clone()).collect::<Vec<_>>().shown()
    }
}

impl Shown for ProjectStatus {
    fn shown(&self) -> String {
        self.label().into()
    }
}

impl Shown for RiskStatus {
    fn shown(&self) -> String {
        self.label().into()
    }
}

impl Shown for Recurrence {
    fn shown(&self) -> String {
        self.describe()
    }
}

impl Shown for AnswerKind {
    fn shown(&self) -> String {
        self.describe()
    }
}

/// Implements [`Draft`] for a form's fields, each with the name the person knows it by.
/// The pattern names every field, so one added later must be placed here.
macro_rules! draft {
    ($t:ident { $($f:ident: $label:literal,)+ }) => {
        impl Draft for $t {
            fn rebase(mut self, opened: &Self, mine: Self) -> (Self, Vec<Overwritten>) {
                let $t { $($f,)+ } = mine;
                let mut clashes = Vec::new();
                $(
                    if $f != opened.$f {
                        if self.$f != opened.$f && self.$f != $f {
                            clashes.push(Overwritten {
                                field: $label,
                                theirs: self.$f.shown(),
                                mine: $f.shown(),
                            });
                        }
                        self.$f = $f;
                    }
                )+
                (self, clashes)
            }
        }
    };
}

draft!(RiskFields {
    title: "Risk",
    likelihood: "Likelihood",
    impact: "Impact",
    owner: "Owner",
    mitigation: "Mitigation",
    status: "Status",
});

draft!(Charter {
    objective: "Objective",
    scope_in: "In scope",
    scope_out: "Out of scope",
    deliverables: "Deliverables",
    start: "Start",
    target_end: "Target end",
    budget: "Budget",
    stakeholders: "Stakeholders",
    status: "Status",
});

draft!(TemplateFields {
    name: "Name",
    description: "Description",
    area: "Area",
    owner: "Owner",
    recurrence: "Schedule",
    starts: "Starts",
    minutes: "Time per run",
    pass_mark: "Pass mark",
    site: "Site",
    asset_category: "Asset category",
    assignment: "Assigned to",
});

draft!(ItemFields {
    text: "Item text",
    guidance: "Guidance",
    required: "Required",
    answer: "Answer",
    section: "Section",
    show_if: "Shown when",
    weight: "Weight",
    stock: "Stock item",
});

draft!(PersonFields {
    name: "Name",
    role: "Role",
    email: "Email",
    capacity: "Capacity",
});
