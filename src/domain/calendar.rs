//! The calendar: what falls on which day across every project and checklist — cards by due
//! date (with their start–due span), milestones, projects' target ends and each checklist's
//! scheduled occurrences — filtered by project, person and kind; the month grid and the
//! week; and the one change it makes, moving a card to another day.

use super::board::CardFields;
use super::checklist::analytics::week_start;
use super::checklist::recurrence::add_days;
use super::{sort, DomainError, Env, Id, Project, Res, Template};
use chrono::{Datelike, NaiveDate};

/// What an entry of the calendar is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Kind {
    /// A project's target end date.
    TargetEnd,
    /// A card flagged as a milestone, on its due date.
    Milestone,
    /// A card, on its due date.
    Card,
    /// One scheduled occurrence of a checklist.
    Check,
}

impl Kind {
    /// Every kind, in the order a day lists them.
    pub const ALL: [Kind; 4] = [Kind::TargetEnd, Kind::Milestone, Kind::Card, Kind::Check];

    /// Words for the filter and the agenda.
    pub fn label(self) -> &'static str {
        match self {
            Kind::TargetEnd => "Target ends",
            Kind::Milestone => "Milestones",
            Kind::Card => "Cards",
            Kind::Check => "Checklists",
        }
    }

    /// A short class name for styles.
    pub fn key(self) -> &'static str {
        match self {
            Kind::TargetEnd => "end",
            Kind::Milestone => "milestone",
            Kind::Card => "card",
            Kind::Check => "check",
        }
    }
}

/// One thing on the calendar.
#[derive(Clone, Debug, PartialEq)]
pub struct Entry {
    pub kind: Kind,
    /// The day it is shown on: a card's due date, an occurrence's day, a target end.
    pub date: NaiveDate,
    /// A card's start, when it has one before its due date (the week view draws the span).
    pub start: Option<NaiveDate>,
    pub title: String,
    /// The project (cards, milestones, target ends).
    pub project: Option<Id>,
    /// The card (cards and milestones).
    pub card: Option<Id>,
    /// The checklist (occurrences).
    pub template: Option<Id>,
    /// Assignees of a card, the owner of a checklist.
    pub people: Vec<Id>,
    /// A card in its project's done column.
    pub done: bool,
}

impl Entry {
    /// The first day it covers (its start, else its date).
    pub fn first(&self) -> NaiveDate {
        self.start.unwrap_or(self.date)
    }
}

/// What the calendar shows.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Filter {
    /// Only this project (checklists belong to none, so they go).
    pub project: Option<Id>,
    /// Only what this person is assigned to or owns (target ends go).
    pub person: Option<Id>,
    /// The kinds shown.
    pub kinds: Vec<Kind>,
}

impl Default for Filter {
    fn default() -> Filter {
        Filter {
            project: None,
            person: None,
            kinds: Kind::ALL.to_vec(),
        }
    }
}

impl Filter {
    /// Does it keep a thing of `kind`, in `project`, for `people`?
    pub fn keeps(&self, kind: Kind, project: Option<&Id>, people: &[Id]) -> bool {
        self.kinds.contains(&kind)
            && self.project.as_ref().is_none_or(|p| project == Some(p))
            && self.person.as_ref().is_none_or(|p| people.contains(p))
    }
}

/// Projects shown on the calendar: not in the trash.
fn shown(p: &Project) -> bool {
    p.trashed.is_none()
}

/// Everything in `from..=to` that `filter` keeps, by day, then kind, then title. A card
/// is listed when its start–due span meets the range (on its due date); a card without a
/// due date is not on the calendar; archived cards are not either.
pub fn entries(
    projects: &[&Project],
    templates: &[&Template],
    from: NaiveDate,
    to: NaiveDate,
    filter: &Filter,
) -> Vec<Entry> {
    let mut out = Vec::new();
    for p in projects.iter().filter(|p| shown(p)) {
        if let Some(end) = p.target_end.filter(|d| (from..=to).contains(d)) {
            if filter.keeps(Kind::TargetEnd, Some(&p.id), &[]) {
                out.push(Entry {
                    kind: Kind::TargetEnd,
                    date: end,
                    start: None,
                    title: format!("{}: target end", p.name),
                    project: Some(p.id.clone()),
                    card: None,
                    template: None,
                    people: Vec::new(),
                    done: false,
                });
            }
        }
        for c in p.cards.iter().filter(|c| !c.archived) {
            let Some(due) = c.due else { continue };
            let start = c.start.filter(|s| *s < due);
            if due < from || start.unwrap_or(due) > to {
                continue;
            }
            let kind = if c.milestone {
                Kind::Milestone
            } else {
                Kind::Card
            };
            if !filter.keeps(kind, Some(&p.id), &c.assignees) {
                continue;
            }
            out.push(Entry {
                kind,
                date: due,
                start,
                title: c.title.clone(),
                project: Some(p.id.clone()),
                card: Some(c.id.clone()),
                template: None,
                people: c.assignees.clone(),
                done: p.is_done(c),
            });
        }
    }
    if filter.project.is_none() {
        for t in templates {
            let owner: Vec<Id> = t.owner.iter().cloned().collect();
            if !filter.keeps(Kind::Check, None, &owner) {
                continue;
            }
            for date in t.recurrence.occurrences(t.start_day(), from, to) {
                out.push(Entry {
                    kind: Kind::Check,
                    date,
                    start: None,
                    title: t.name.clone(),
                    project: None,
                    card: None,
                    template: Some(t.id.clone()),
                    people: owner.clone(),
                    done: false,
                });
            }
        }
    }
    sort::sort_by(&mut out, |a, b| {
        (a.date, a.kind)
            .cmp(&(b.date, b.kind))
            .then_with(|| a.title.cmp(&b.title))
    });
    out
}

/// The days a month view shows: whole weeks, Monday first, from the week of the 1st to
/// the week of the last day (35 or 42 days; 28 for a February of exactly four weeks).
pub fn month_grid(year: i32, month: u32) -> Vec<NaiveDate> {
    let Some(first) = NaiveDate::from_ymd_opt(year, month, 1) else {
        return Vec::new();
    };
    let last = NaiveDate::from_ymd_opt(
        year,
        month,
        super::checklist::recurrence::last_day_of_month(year, month),
    )
    .unwrap_or(first);
    let mut d = week_start(first);
    let end = add_days(week_start(last), 6);
    let mut out = Vec::new();
    while d <= end {
        out.push(d);
        match d.succ_opt() {
            Some(n) => d = n,
            None => break,
        }
    }
    out
}

/// The seven days of the week (Monday first) that holds `day`.
pub fn week_of(day: NaiveDate) -> [NaiveDate; 7] {
    let m = week_start(day);
    [0, 1, 2, 3, 4, 5, 6].map(|i| add_days(m, i))
}

/// The first day of the month `n` months after the one holding `day` (n may be negative).
pub fn add_months(day: NaiveDate, n: i32) -> NaiveDate {
    let index = day
        .year()
        .saturating_mul(12)
        .saturating_add(day.month0() as i32)
        .saturating_add(n);
    let month = (index.rem_euclid(12) as u32).saturating_add(1);
    NaiveDate::from_ymd_opt(index.div_euclid(12), month, 1).unwrap_or(day)
}

/// Month names for headings ("December 2026").
pub const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// "December 2026".
pub fn month_name(day: NaiveDate) -> String {
    let name = MONTHS.get(day.month0() as usize).copied().unwrap_or("");
    format!("{name} {}", day.year())
}

impl Project {
    /// Moves a card to another day: its due date becomes `due`, and a start date moves by
    /// as many days, so the card keeps its length (a card with no due date gets one).
    pub fn reschedule_card(&mut self, env: &mut dyn Env, id: &Id, due: NaiveDate) -> Res<()> {
        let c = self.card(id).ok_or(DomainError::NotFound("card"))?;
        let mut f = CardFields::of(c);
        let shift = c.due.map(|d| due.signed_duration_since(d).num_days());
        f.start = match (c.start, shift) {
            (Some(s), Some(n)) => Some(add_days(s, n)),
            (Some(s), None) if s > due => None,
            (s, _) => s,
        };
        f.due = Some(due);
        self.update_card(env, id, f)
    }
}
