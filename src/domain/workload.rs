//! Workload: people × weeks across every project and checklist. A card's estimate (hours)
//! is spread evenly over the days from its start to its due date and shared equally among
//! its assignees; a card with one date puts it all in that date's week; a card with no date
//! is listed apart ("no dates"). Done and archived cards, and closed or deleted projects,
//! are finished work and count nothing. Each scheduled occurrence of a checklist counts for
//! its owner: its time per run (the checklist's minutes) adds to their hours; a checklist
//! without one is listed and counted, not added.
//! Capacity is the person's hours a week; a week whose hours pass it is over-allocated.

use super::board::CardFields;
use super::checklist::analytics::week_start;
use super::checklist::recurrence::add_days;
use super::{DomainError, Env, Id, Person, Project, ProjectStatus, Res, Template};
use chrono::NaiveDate;
use std::collections::HashMap;

/// A card's share in one person's week.
#[derive(Clone, Debug, PartialEq)]
pub struct CardShare {
    pub project: Id,
    pub card: Id,
    /// The hours of this card in this week for this person (0 without an estimate).
    pub hours: f64,
}

/// One person's week.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Cell {
    /// The card shares' hours and the checklists' time.
    pub hours: f64,
    pub cards: Vec<CardShare>,
    /// The checklist occurrences they own in the week: (template, day).
    pub checks: Vec<(Id, NaiveDate)>,
}

impl Cell {
    /// Nothing falls in this week.
    pub fn is_empty(&self) -> bool {
        self.cards.is_empty() && self.checks.is_empty()
    }
}

/// One person's row.
#[derive(Clone, Debug, PartialEq)]
pub struct Row {
    pub person: Id,
    pub name: String,
    /// Hours a week, when set on the People page.
    pub capacity: Option<f64>,
    /// One cell per week of [`Workload::weeks`].
    pub cells: Vec<Cell>,
    /// Open cards assigned to them with neither a start nor a due date: (project, card).
    pub undated: Vec<(Id, Id)>,
}

impl Row {
    /// Is this week's load above the person's capacity?
    pub fn over(&self, week: usize) -> bool {
        match (self.capacity, self.cells.get(week)) {
            (Some(cap), Some(c)) => c.hours > cap + 1e-9,
            _ => false,
        }
    }
}

/// The table.
#[derive(Clone, Debug, PartialEq)]
pub struct Workload {
    /// The Mondays of the weeks shown.
    pub weeks: Vec<NaiveDate>,
    /// One row per person of the directory, in the directory's order.
    pub rows: Vec<Row>,
}

/// Builds the workload of `weeks` weeks from the week holding `first`.
pub fn workload(
    people: &[Person],
    projects: &[&Project],
    templates: &[&Template],
    first: NaiveDate,
    weeks: usize,
) -> Workload {
    let monday = week_start(first);
    let mondays: Vec<NaiveDate> = (0..weeks)
        .map(|w| add_days(monday, (w as i64).saturating_mul(7)))
        .collect();
    let end = add_days(monday, (weeks as i64).saturating_mul(7).saturating_sub(1));
    let mut rows: Vec<Row> = people
        .iter()
        .map(|p| Row {
            person: p.id.clone(),
            name: p.name.clone(),
            capacity: p.capacity,
            cells: vec![Cell::default(); weeks],
            undated: Vec::new(),
        })
        .collect();
    let index: HashMap<&Id, usize> = people.iter().enumerate().map(|(i, p)| (&p.id, i)).collect();
    // The week a day falls in, if shown.
    let week = |d: NaiveDate| -> Option<usize> {
        if d < monday || d > end {
            return None;
        }
        usize::try_from(d.signed_duration_since(monday).num_days() / 7).ok()
    };
    for p in projects
        .iter()
        .filter(|p| p.trashed.is_none() && p.status != ProjectStatus::Closed)
    {
        for c in p
            .cards
            .iter()
            .filter(|c| !c.archived && !c.assignees.is_empty() && !p.is_done(c))
        {
            let (from, to) = match (c.start, c.due) {
                (Some(s), Some(d)) if s <= d => (s, d),
                (Some(d), _) | (None, Some(d)) => (d, d),
                (None, None) => {
                    for a in &c.assignees {
                        if let Some(r) = index.get(a).and_then(|i| rows.get_mut(*i)) {
                            r.undated.push((p.id.clone(), c.id.clone()));
                        }
                    }
                    continue;
                }
            };
            if to < monday || from > end {
                continue;
            }
            let days = to.signed_duration_since(from).num_days().saturating_add(1) as f64;
            let per_day = c.estimate.unwrap_or(0.0) / days / c.assignees.len() as f64;
            // Days of the span in each week shown.
            let mut counts: Vec<(usize, u32)> = Vec::new();
            let mut d = from.max(monday);
            while d <= to.min(end) {
                if let Some(w) = week(d) {
                    match counts.last_mut() {
                        Some((lw, n)) if *lw == w => *n = n.saturating_add(1),
                        _ => counts.push((w, 1)),
                    }
                }
                match d.succ_opt() {
                    Some(n) => d = n,
                    None => break,
                }
            }
            for a in &c.assignees {
                let Some(r) = index.get(a).and_then(|i| rows.get_mut(*i)) else {
                    continue;
                };
                for (w, n) in &counts {
                    if let Some(cell) = r.cells.get_mut(*w) {
                        let hours = per_day * f64::from(*n);
                        cell.hours += hours;
                        cell.cards.push(CardShare {
                            project: p.id.clone(),
                            card: c.id.clone(),
                            hours,
                        });
                    }
                }
            }
        }
    }
    for t in templates {
        let Some(r) = t
            .owner
            .as_ref()
            .and_then(|o| index.get(o))
            .and_then(|i| rows.get_mut(*i))
        else {
            continue;
        };
        let hours = t.minutes.map_or(0.0, |m| f64::from(m) / 60.0);
        for d in t.recurrence.occurrences(t.start_day(), monday, end) {
            if let Some(cell) = week(d).and_then(|w| r.cells.get_mut(w)) {
                cell.checks.push((t.id.clone(), d));
                cell.hours += hours;
            }
        }
    }
    Workload {
        weeks: mondays,
        rows,
    }
}

impl Project {
    /// Hands a card from one assignee to another (`to` already on it: `from` just leaves).
    pub fn reassign_card(&mut self, env: &mut dyn Env, id: &Id, from: &Id, to: &Id) -> Res<()> {
        let c = self.card(id).ok_or(DomainError::NotFound("card"))?;
        if !c.assignees.contains(from) {
            return Err(DomainError::Invalid(format!(
                "“{}” is no longer assigned to that person: it may have changed meanwhile.",
                c.title
            )));
        }
        let mut f = CardFields::of(c);
        f.assignees.retain(|a| a != from);
        if !f.assignees.contains(to) {
            f.assignees.push(to.clone());
        }
        self.update_card(env, id, f)
    }
}
