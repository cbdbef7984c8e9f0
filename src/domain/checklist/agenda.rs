//! The Today view's agenda: what is due today, what is overdue, what comes in the next
//! days, across every template, and runs left half-done.

use super::recurrence::add_days;
use super::Template;
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
}

/// One due occurrence of a template.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Due {
    pub template: Id,
    pub date: NaiveDate,
    /// A run already started for this occurrence and not finished.
    pub run: Option<Id>,
}

/// The agenda for one day.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Agenda {
    /// The latest missed occurrence of each template (before today, not completed).
    pub overdue: Vec<Due>,
    pub today: Vec<Due>,
    /// Occurrences after today, within the look-ahead, by date.
    pub upcoming: Vec<Due>,
    /// Runs started and not completed that are not listed above (ad hoc or older).
    pub unfinished: Vec<Id>,
}

impl Agenda {
    /// Nothing due and nothing unfinished.
    pub fn is_empty(&self) -> bool {
        self.overdue.is_empty()
            && self.today.is_empty()
            && self.upcoming.is_empty()
            && self.unfinished.is_empty()
    }
}

/// Builds the agenda for `today`, looking `ahead` days forward.
pub fn agenda(templates: &[&Template], runs: &[RunFact], today: NaiveDate, ahead: i64) -> Agenda {
    // (template, day) → (completed?, an unfinished run)
    let mut by_day: HashMap<(&Id, NaiveDate), (bool, Option<&Id>)> = HashMap::new();
    for r in runs {
        let e = by_day.entry((&r.template, r.date)).or_insert((false, None));
        if r.completed {
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
        for d in t.recurrence.occurrences(start, add_days(today, 1), last) {
            due(t, d, &mut out.upcoming, &mut listed);
        }
    }
    let key = |d: &Due| (d.date, d.template.clone());
    sort::sort_by_key(&mut out.overdue, key);
    sort::sort_by_key(&mut out.today, key);
    sort::sort_by_key(&mut out.upcoming, key);
    let mut unfinished: Vec<&RunFact> = runs
        .iter()
        .filter(|r| !r.completed && !listed.contains(&r.id))
        .collect();
    sort::sort_by_key(&mut unfinished, |r| std::cmp::Reverse(r.date));
    out.unfinished = unfinished.into_iter().map(|r| r.id.clone()).collect();
    out
}
