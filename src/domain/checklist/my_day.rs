//! My day: the agenda's occurrences assigned to one person (overdue, due today, the next
//! days), and the escalations of the checklists they own still waiting on them.

use super::agenda::{Agenda, Due, RunFact};
use super::{Escalation, Template};
use crate::domain::{sort, Id};
use chrono::NaiveDate;

/// An escalation still open (its occurrence neither completed nor skipped).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Raised {
    pub template: Id,
    pub escalation: Escalation,
}

/// One person's day.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct MyDay {
    pub overdue: Vec<Due>,
    pub today: Vec<Due>,
    /// Coming occurrences assigned to them, by date.
    pub upcoming: Vec<Due>,
    /// Escalated to them as the owner, oldest occurrence first.
    pub escalated: Vec<Raised>,
}

impl MyDay {
    pub fn is_empty(&self) -> bool {
        self.overdue.is_empty()
            && self.today.is_empty()
            && self.upcoming.is_empty()
            && self.escalated.is_empty()
    }
}

/// What of `agenda` is `me`'s, and the open escalations of the templates `me` owns.
pub fn my_day(agenda: &Agenda, templates: &[&Template], runs: &[RunFact], me: &Id) -> MyDay {
    let mine = |v: &[Due]| -> Vec<Due> {
        v.iter()
            .filter(|d| d.assignee.as_ref() == Some(me))
            .cloned()
            .collect()
    };
    let mut upcoming: Vec<Due> = agenda
        .upcoming
        .iter()
        .flat_map(|r| {
            r.dates
                .iter()
                .zip(&r.assignees)
                .filter(|(_, a)| a.as_ref() == Some(me))
                .map(|(d, a)| Due {
                    template: r.template.clone(),
                    date: *d,
                    run: None,
                    assignee: a.clone(),
                })
        })
        .collect();
    sort::sort_by_key(&mut upcoming, |d| (d.date, d.template.clone()));
    let closed = |t: &Id, date: NaiveDate| {
        runs.iter()
            .any(|r| &r.template == t && r.date == date && (r.completed || r.skipped))
    };
    let mut escalated: Vec<Raised> = templates
        .iter()
        .filter(|t| t.owner.as_ref() == Some(me))
        .flat_map(|t| {
            t.escalations
                .iter()
                .filter(|e| !closed(&t.id, e.date))
                .map(|e| Raised {
                    template: t.id.clone(),
                    escalation: e.clone(),
                })
        })
        .collect();
    sort::sort_by_key(&mut escalated, |r| {
        (
            r.escalation.date,
            r.template.clone(),
            r.escalation.id.clone(),
        )
    });
    MyDay {
        overdue: mine(&agenda.overdue),
        today: mine(&agenda.today),
        upcoming,
        escalated,
    }
}
