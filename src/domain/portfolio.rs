//! The portfolio: every project in one table, with a health signal computed from its
//! record, and operations' week beside it.
//!
//! Health has three parts, each green, amber or red (or unknown without the data):
//! - **schedule**: red when the target end has passed with the project still open, or a
//!   milestone is overdue; amber when any card is overdue; green otherwise;
//! - **budget**: red when spending so far passed the budget; amber when the forecast
//!   (`Project::budget_figures`) passes it; green otherwise; unknown without a budget;
//! - **scope**: the cards added after the project's start (or after the day it was created,
//!   when that is later: a board set up after its start date is its first scope), as a
//!   share of all its cards: amber above 20%, red above 50%; unknown without a start date
//!   or cards.
//!
//! The overall signal is the worst of the three.

use super::checklist::agenda::{agenda, RunFact};
use super::checklist::analytics::week_start;
use super::checklist::recurrence::add_days;
use super::risk::RiskStatus;
use super::{sort, Id, Project, ProjectStatus, Run, Template};
use chrono::NaiveDate;
use std::cmp::Ordering;
use std::collections::HashMap;

/// One part of a project's health.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Rag {
    /// Not enough data to say (no budget, no start date).
    Unknown,
    Green,
    Amber,
    Red,
}

impl Rag {
    /// Words for the user.
    pub fn label(self) -> &'static str {
        match self {
            Rag::Unknown => "No data",
            Rag::Green => "On track",
            Rag::Amber => "At risk",
            Rag::Red => "Off track",
        }
    }

    /// A class name for styles.
    pub fn key(self) -> &'static str {
        match self {
            Rag::Unknown => "unknown",
            Rag::Green => "green",
            Rag::Amber => "amber",
            Rag::Red => "red",
        }
    }
}

/// A share of added cards above this is amber, above [`SCOPE_RED`] red (percent).
pub const SCOPE_AMBER: u32 = 20;
pub const SCOPE_RED: u32 = 50;

/// A risk scoring this or more (likelihood × impact) is high (the register's red band).
pub const HIGH_RISK: u8 = 10;

/// The three parts of a project's health.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Health {
    pub schedule: Rag,
    pub budget: Rag,
    pub scope: Rag,
}

impl Health {
    /// The worst of the three.
    pub fn overall(&self) -> Rag {
        self.schedule.max(self.budget).max(self.scope)
    }
}

/// A project's line in the portfolio.
#[derive(Clone, Debug, PartialEq)]
pub struct Line {
    pub project: Id,
    pub name: String,
    pub status: ProjectStatus,
    pub health: Health,
    pub target_end: Option<NaiveDate>,
    /// Days past the target end while the project is open (schedule).
    pub days_late: Option<i64>,
    /// Open cards past their due date, and how many of them are milestones.
    pub overdue: usize,
    pub overdue_milestones: usize,
    pub total: usize,
    pub done: usize,
    pub done_pct: u32,
    /// The earliest milestone not done: (card, title, due).
    pub next_milestone: Option<(Id, String, Option<NaiveDate>)>,
    pub currency: String,
    pub budget: Option<i64>,
    pub planned: i64,
    pub actual: i64,
    pub forecast: i64,
    /// Cards created after the start date (or the project's creation, when later), and
    /// their share of all cards (percent).
    pub added: usize,
    pub added_pct: u32,
    /// Open risks scoring [`HIGH_RISK`] or more.
    pub high_risks: usize,
    /// Everyone assigned to one of its cards (for the person filter).
    pub people: Vec<Id>,
}

/// The portfolio line of a project on `today`.
pub fn line(p: &Project, today: NaiveDate) -> Line {
    let progress = p.progress(today);
    let money = p.budget_figures();
    let open = p.status != ProjectStatus::Closed;
    let mut overdue_milestones = 0usize;
    let mut next: Option<&super::Card> = None;
    let mut added = 0usize;
    let mut people: Vec<Id> = Vec::new();
    let start = p.start;
    let baseline = start.map(|s| s.max(p.created.date_naive()));
    for c in &p.cards {
        let done = p.is_done(c);
        if c.milestone && !done && !c.archived {
            if c.due.is_some_and(|d| d < today) {
                overdue_milestones = overdue_milestones.saturating_add(1);
            }
            // Dated milestones first, earliest first; then undated ones.
            let key = |c: &super::Card| (c.due.is_none(), c.due);
            if next.is_none_or(|n| key(c) < key(n)) {
                next = Some(c);
            }
        }
        if baseline.is_some_and(|s| c.created.date_naive() > s) {
            added = added.saturating_add(1);
        }
        for a in &c.assignees {
            if !people.contains(a) {
                people.push(a.clone());
            }
        }
    }
    let days_late = p
        .target_end
        .filter(|e| open && *e < today)
        .map(|e| today.signed_duration_since(e).num_days());
    let schedule = if days_late.is_some() || overdue_milestones > 0 {
        Rag::Red
    } else if progress.overdue > 0 {
        Rag::Amber
    } else {
        Rag::Green
    };
    let budget = match money.budget {
        None => Rag::Unknown,
        Some(b) if money.actual > b => Rag::Red,
        Some(b) if money.forecast > b => Rag::Amber,
        Some(_) => Rag::Green,
    };
    let added_pct = super::report::percent(added as f64, progress.total as f64);
    let scope = if start.is_none() || progress.total == 0 {
        Rag::Unknown
    } else if added_pct > SCOPE_RED {
        Rag::Red
    } else if added_pct > SCOPE_AMBER {
        Rag::Amber
    } else {
        Rag::Green
    };
    Line {
        project: p.id.clone(),
        name: p.name.clone(),
        status: p.status,
        health: Health {
            schedule,
            budget,
            scope,
        },
        target_end: p.target_end,
        days_late,
        overdue: progress.overdue,
        overdue_milestones,
        total: progress.total,
        done: progress.done,
        done_pct: progress.pct_count(),
        next_milestone: next.map(|c| (c.id.clone(), c.title.clone(), c.due)),
        currency: p
            .budget
            .as_ref()
            .map(|b| b.currency.clone())
            .unwrap_or_default(),
        budget: money.budget,
        planned: money.planned,
        actual: money.actual,
        forecast: money.forecast,
        added,
        added_pct,
        high_risks: p
            .risks
            .iter()
            .filter(|r| r.status == RiskStatus::Open && r.score() >= HIGH_RISK)
            .count(),
        people,
    }
}

/// What the table is sorted by.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SortBy {
    Name,
    Status,
    Health,
    Done,
    NextMilestone,
    Budget,
    Risks,
}

impl SortBy {
    /// Every column that sorts, in table order.
    pub const ALL: [SortBy; 7] = [
        SortBy::Name,
        SortBy::Status,
        SortBy::Health,
        SortBy::Done,
        SortBy::NextMilestone,
        SortBy::Budget,
        SortBy::Risks,
    ];

    /// The column's heading.
    pub fn label(self) -> &'static str {
        match self {
            SortBy::Name => "Project",
            SortBy::Status => "Status",
            SortBy::Health => "Health",
            SortBy::Done => "Done",
            SortBy::NextMilestone => "Next milestone",
            SortBy::Budget => "Budget",
            SortBy::Risks => "High risks",
        }
    }
}

fn compare(a: &Line, b: &Line, by: SortBy) -> Ordering {
    match by {
        SortBy::Name => a.name.to_lowercase().cmp(&b.name.to_lowercase()),
        // In the order a project moves through them.
        SortBy::Status => {
            let i = |l: &Line| ProjectStatus::ALL.iter().position(|s| *s == l.status);
            i(a).cmp(&i(b))
        }
        SortBy::Health => a.health.overall().cmp(&b.health.overall()),
        SortBy::Done => a.done_pct.cmp(&b.done_pct),
        // Projects with no dated milestone last.
        SortBy::NextMilestone => {
            let d = |l: &Line| l.next_milestone.as_ref().and_then(|m| m.2);
            (d(a).is_none(), d(a)).cmp(&(d(b).is_none(), d(b)))
        }
        // By spending as a share of the budget (none last).
        SortBy::Budget => {
            let r = |l: &Line| {
                l.budget
                    .filter(|b| *b > 0)
                    .map(|b| l.actual as f64 / b as f64)
            };
            match (r(a), r(b)) {
                (Some(x), Some(y)) => x.total_cmp(&y),
                (Some(_), None) => Ordering::Less,
                (None, Some(_)) => Ordering::Greater,
                (None, None) => Ordering::Equal,
            }
        }
        SortBy::Risks => a.high_risks.cmp(&b.high_risks),
    }
}

/// The portfolio's lines: projects not in the trash, kept by the filters (a status; a
/// person assigned to one of its cards), sorted (ties by name).
pub fn lines(
    projects: &[&Project],
    today: NaiveDate,
    status: Option<ProjectStatus>,
    person: Option<&Id>,
    by: SortBy,
    descending: bool,
) -> Vec<Line> {
    let mut out: Vec<Line> = projects
        .iter()
        .filter(|p| p.trashed.is_none() && status.is_none_or(|s| p.status == s))
        .map(|p| line(p, today))
        .filter(|l| person.is_none_or(|id| l.people.contains(id)))
        .collect();
    sort::sort_by(&mut out, |a, b| {
        let o = compare(a, b, by);
        let o = if descending { o.reverse() } else { o };
        o.then_with(|| compare(a, b, SortBy::Name))
    });
    out
}

/// A checklist occurrence of the week.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WeekDue {
    pub template: Id,
    pub date: NaiveDate,
    /// A run for it was completed or skipped.
    pub closed: bool,
}

/// A failed answer with no corrective action on a board for it (none raised, or its card
/// deleted).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OpenFailure {
    pub run: Id,
    pub template: Id,
    pub item: Id,
    pub text: String,
}

/// A corrective action whose card is on a board and not done.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OpenAction {
    pub project: Id,
    pub card: Id,
    pub title: String,
}

/// Operations' week: what is due from Monday to Sunday, what is overdue, failures of this
/// week's runs with no live corrective action, and corrective actions still open.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct OpsWeek {
    pub monday: Option<NaiveDate>,
    pub due: Vec<WeekDue>,
    /// The latest missed occurrence of each checklist (as on the Today page).
    pub overdue: Vec<(Id, NaiveDate)>,
    pub failures: Vec<OpenFailure>,
    pub actions: Vec<OpenAction>,
}

/// Operations' week holding `today`.
pub fn ops_week(
    templates: &[&Template],
    runs: &[&Run],
    projects: &[&Project],
    today: NaiveDate,
) -> OpsWeek {
    let monday = week_start(today);
    let sunday = add_days(monday, 6);
    let facts: Vec<RunFact> = runs.iter().map(|r| RunFact::of(r)).collect();
    let a = agenda(templates, &facts, today, 0, &Default::default());
    let mut out = OpsWeek {
        monday: Some(monday),
        overdue: a
            .overdue
            .into_iter()
            .map(|d| (d.template, d.date))
            .collect(),
        ..OpsWeek::default()
    };
    // (template, day) → closed?; the same map type as the agenda's (one compiled copy).
    let mut closed_on: HashMap<(&Id, NaiveDate), (bool, Option<&Id>)> = HashMap::new();
    for f in facts
        .iter()
        .filter(|f| f.date >= monday && f.date <= sunday)
    {
        let e = closed_on
            .entry((&f.template, f.date))
            .or_insert((false, None));
        e.0 |= f.completed || f.skipped;
    }
    for t in templates {
        for date in t.recurrence.occurrences(t.start_day(), monday, sunday) {
            let closed = closed_on.get(&(&t.id, date)).is_some_and(|e| e.0);
            out.due.push(WeekDue {
                template: t.id.clone(),
                date,
                closed,
            });
        }
    }
    let live = |project: &Id, card: &Id| -> Option<(&Project, &super::Card)> {
        let p = projects
            .iter()
            .find(|p| &p.id == project && p.trashed.is_none())?;
        Some((p, p.card(card)?))
    };
    for r in runs {
        for act in &r.actions {
            if let Some((p, c)) = live(&act.project, &act.card) {
                if !p.is_done(c) && !out.actions.iter().any(|a| a.card == c.id) {
                    out.actions.push(OpenAction {
                        project: p.id.clone(),
                        card: c.id.clone(),
                        title: c.title.clone(),
                    });
                }
            }
        }
        if r.date < monday || r.date > sunday {
            continue;
        }
        let Some(t) = templates.iter().find(|t| t.id == r.template) else {
            continue;
        };
        for (item, _) in r.failures(t) {
            let acted = r
                .actions
                .iter()
                .any(|act| act.item == item.id && live(&act.project, &act.card).is_some());
            if !acted {
                out.failures.push(OpenFailure {
                    run: r.id.clone(),
                    template: t.id.clone(),
                    item: item.id.clone(),
                    text: item.text.clone(),
                });
            }
        }
    }
    sort::sort_by(&mut out.due, |a, b| a.date.cmp(&b.date));
    out
}
