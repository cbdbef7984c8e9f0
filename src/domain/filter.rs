//! The board's search and filter (text, label, assignee, due, priority): which cards a
//! board or its table shows. Not saved: it lives with the view that shows it.

use super::{Card, Id};
use chrono::NaiveDate;

/// Which due dates to show.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum DueFilter {
    #[default]
    Any,
    Overdue,
    /// Due today or in the next six days (and not done).
    ThisWeek,
}

impl DueFilter {
    /// The value of the filter's `<option>`.
    pub fn key(self) -> &'static str {
        match self {
            DueFilter::Any => "",
            DueFilter::Overdue => "overdue",
            DueFilter::ThisWeek => "week",
        }
    }

    /// Parses an `<option>` value (anything else is "any date").
    pub fn from_key(s: &str) -> DueFilter {
        match s {
            "overdue" => DueFilter::Overdue,
            "week" => DueFilter::ThisWeek,
            _ => DueFilter::Any,
        }
    }
}

/// What the board shows. Empty strings mean "any".
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Filter {
    pub text: String,
    /// A label id.
    pub label: String,
    /// A person id.
    pub assignee: String,
    pub due: DueFilter,
    /// A priority key.
    pub priority: String,
}

impl Filter {
    /// Does any part of the filter hide cards?
    pub fn is_active(&self) -> bool {
        !self.text.trim().is_empty()
            || !self.label.is_empty()
            || !self.assignee.is_empty()
            || self.due != DueFilter::Any
            || !self.priority.is_empty()
    }

    /// Does the card pass the filter? (`done`: the done column.)
    pub fn matches(&self, c: &Card, done: Option<&Id>, today: NaiveDate) -> bool {
        let text = self.text.trim().to_lowercase();
        if !text.is_empty()
            && !c.title.to_lowercase().contains(&text)
            && !c.description.to_lowercase().contains(&text)
        {
            return false;
        }
        if !self.label.is_empty() && !c.labels.iter().any(|l| l.as_str() == self.label) {
            return false;
        }
        if !self.assignee.is_empty() && !c.assignees.iter().any(|a| a.as_str() == self.assignee) {
            return false;
        }
        if !self.priority.is_empty() && c.priority.key() != self.priority {
            return false;
        }
        match self.due {
            DueFilter::Any => true,
            DueFilter::Overdue => c.due.is_some_and(|d| d < today) && done != Some(&c.column),
            DueFilter::ThisWeek => {
                c.due.is_some_and(|d| {
                    let days = d.signed_duration_since(today).num_days();
                    (0..7).contains(&days)
                }) && done != Some(&c.column)
            }
        }
    }
}
