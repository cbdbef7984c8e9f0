//! Escalation: a person whose occurrence is overdue hands it up to the checklist's owner.
//!
//! An escalation is kept on the template (`Template.escalations`, a list merged element by
//! element: two people escalating on two copies both count), so it survives a reload and
//! travels in files. The owner's My day lists the escalations of their checklists whose
//! occurrence is still open; once a run completes or skips the occurrence it is done.

use super::Template;
use crate::domain::{DomainError, Env, Id, Res, Ts};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// The most escalations a template keeps (the oldest go first).
pub const MAX_ESCALATIONS: usize = 100;

/// One overdue occurrence escalated to the owner.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Escalation {
    pub id: Id,
    /// The occurrence's due date.
    pub date: NaiveDate,
    /// Who escalated it (from the people directory), when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub by: Option<Id>,
    pub at: Ts,
}

impl Template {
    /// The escalation of the occurrence on `date`, if any.
    pub fn escalation_on(&self, date: NaiveDate) -> Option<&Escalation> {
        self.escalations.iter().find(|e| e.date == date)
    }

    /// Escalates the occurrence on `date` (overdue on `today`) to the owner, by `by`.
    pub fn escalate(
        &mut self,
        env: &mut dyn Env,
        date: NaiveDate,
        today: NaiveDate,
        by: Option<Id>,
    ) -> Res<Id> {
        if self.owner.is_none() {
            return Err(DomainError::Invalid(
                "This checklist has no owner to escalate to: choose one on its Details tab.".into(),
            ));
        }
        if date >= today {
            return Err(DomainError::Invalid(
                "Only an overdue occurrence can be escalated.".into(),
            ));
        }
        if self.escalation_on(date).is_some() {
            return Err(DomainError::Invalid(
                "This occurrence has already been escalated to the owner.".into(),
            ));
        }
        let id = env.new_id();
        let at = env.now();
        self.escalations.push(Escalation {
            id: id.clone(),
            date,
            by,
            at,
        });
        crate::domain::sort::sort_by_key(&mut self.escalations, |e| (e.date, e.id.clone()));
        let extra = self.escalations.len().saturating_sub(MAX_ESCALATIONS);
        self.escalations.drain(..extra);
        self.updated = at;
        Ok(id)
    }
}
