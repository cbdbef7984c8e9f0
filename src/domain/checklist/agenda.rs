//! The Today view's agenda: what is due today, what is overdue, what comes in the next
//! days (each checklist once, with its dates), across every template, runs left
//! half-done, and what was done or skipped today.

use super::recurrence::add_days;
use super::rota::Roster;
use super::{Run, Template};
use crate::domain::sort;
use crate::domain::Id;
use chrono::NaiveDate;
use std::collections::HashMap;

/// What the agenda needs to know about a run (cheap to gather from many runs).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RunFact {
    pub id: Id,
    pub template: Id,
    pub date: NaiveDate,
    pub completed: bool,
    /// The calendar day it was completed on.
    pub completed_on: Option<NaiveDate>,
    /// Skipped or excused: the occurrence needs nothing more.
    pub skipped: bool,
    /// The calendar day it was skipped on.
    pub skipped_on: Option<NaiveDate>,
}

impl RunFact {
    /// What the agenda needs of a run.
    pub fn of(r: &Run) -> RunFact {
        RunFact {
            id: r.id.clone(),
            template: r.template.clone(),
            date: r.date,
            completed: r.is_complete(),
            completed_on: r.completed_on,
            skipped: r.is_skipped(),
            skipped_on: r.skipped.as_ref().map(|s| s.on),
        }
    }

    fn closed(&self) -> bool {
        self.completed || self.skipped
    }
}

/// The coming occurrences of one template, listed once.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Repeat {
    pub template: Id,
    /// Its dates in the look-ahead, earliest first.
    pub dates: Vec<NaiveDate>,
    /// Who does each of them ([`super::rota`]), date by date.
    pub assignees: Vec<Option<Id>>,
}

/// One due occurrence of a template.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Due {
    pub template: Id,
    pub date: NaiveDate,
    /// A run already started for this occurrence and not finished.
    pub run: Option<Id>,
    /// Who does it ([`super::rota`]).
    pub assignee: Option<Id>,
}

/// The agenda for one day.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Agenda {
    /// The latest missed occurrence of each template (before today, not completed).
    pub overdue: Vec<Due>,
    pub today: Vec<Due>,
    /// Occurrences after today within the look-ahead, grouped by template, by first date.
    pub upcoming: Vec<Repeat>,
    /// Runs started and not completed that are not listed above (ad hoc, older or early).
    pub unfinished: Vec<Id>,
    /// Runs completed or skipped today (whatever day they were for), by date.
    pub done_today: Vec<Id>,
}

impl Agenda {
    /// Nothing due and nothing unfinished.
    pub fn is_empty(&self) -> bool {
        self.overdue.is_empty()
            && self.today.is_empty()
            && self.upcoming.is_empty()
            && self.unfinished.is_empty()
            && self.done_today.is_empty()
    }
}

/// Builds the agenda for `today`, looking `ahead` days forward; `roster` names who does
/// each occurrence.
pub fn agenda(
    templates: &[&Template],
    runs: &[RunFact],
    today: NaiveDate,
    ahead: i64,
    roster: &Roster,
) -> Agenda {
    // (template, day) → (completed or skipped?, an unfinished run)
    let mut by_day: HashMap<(&Id, NaiveDate), (bool, Option<&Id>)> = HashMap::new();
    for r in runs {
        let e = by_day.entry((&r.template, r.date)).or_insert((false, None));
        if r.closed() {
            e.0 = true;
        } else if e.1.is_none() {
            e.1 = Some(&r.id);
        }
    }
    let mut out = Agenda::default();
    let mut listed: Vec<Id> = Vec::new();
    let yesterday = add_days(today, -1);
    let last = add_days(today, ahead);
    let due = |t: &Template, date: NaiveDate, list: &mut Vec<Due>, listed: &mut Vec<Id>| {
        let (done, run) = by_day.get(&(&t.id, date)).copied().unwrap_or((false, None));
        if !done {
            if let Some(r) = run {
                listed.push(r.clone());
            }
            list.push(Due {
                template: t.id.clone(),
                date,
                run: run.cloned(),
                assignee: roster.assignee(t, date),
            });
        }
    };
    for t in templates {
        let start = t.start_day();
        if t.recurrence.occurs_on(start, today) {
            due(t, today, &mut out.today, &mut listed);
        }
        if today > start {
            if let Some(d) = t.recurrence.latest_on_or_before(start, yesterday) {
                due(t, d, &mut out.overdue, &mut listed);
            }
        }
        // Coming occurrences once per template; one already started is an unfinished run.
        let dates: Vec<NaiveDate> = t
            .recurrence
            .occurrences(start, add_days(today, 1), last)
            .into_iter()
            .filter(|d| !by_day.contains_key(&(&t.id, *d)))
            .collect();
        if !dates.is_empty() {
            out.upcoming.push(Repeat {
                template: t.id.clone(),
                assignees: dates.iter().map(|d| roster.assignee(t, *d)).collect(),
                dates,
            });
        }
    }
    let key = |d: &Due| (d.date, d.template.clone());
    sort::sort_by_key(&mut out.overdue, key);
    sort::sort_by_key(&mut out.today, key);
    sort::sort_by_key(&mut out.upcoming, |r| {
        (r.dates.first().copied(), r.template.clone())
    });
    let mut unfinished: Vec<&RunFact> = runs
        .iter()
        .filter(|r| !r.closed() && !listed.contains(&r.id))
        .collect();
    sort::sort_by_key(&mut unfinished, |r| std::cmp::Reverse(r.date));
    out.unfinished = unfinished.into_iter().map(|r| r.id.clone()).collect();
    let mut done: Vec<&RunFact> = runs
        .iter()
        .filter(|r| r.completed_on == Some(today) || r.skipped_on == Some(today))
        .collect();
    sort::sort_by_key(&mut done, |r| (r.date, r.id.clone()));
    out.done_today = done.into_iter().map(|r| r.id.clone()).collect();
    out
}
