//! Native tests of the manager's views (issue 19, parts 1–3): the portfolio's health and
//! operations' week, workload by person and week, the calendar's entries and grids, moving
//! a card to another day and reassigning it through the Session, and the .ics export read
//! back by a real iCalendar parser (`icalendar`) and its RRULEs expanded by an RFC 5545
//! engine (`rrule`) to compare with Docket's own occurrences.
#![cfg(not(target_arch = "wasm32"))]

mod session;

use chrono::{Datelike, Duration, NaiveDate, TimeZone, Utc};
use docket::domain::board::Charter;
use docket::domain::calendar::{self, Filter, Kind};
use docket::domain::checklist::{Recurrence, TemplateFields};
use docket::domain::portfolio::{self, Rag, SortBy};
use docket::domain::{ics, people, workload, Env, FixedEnv, Id, Money, Project, ProjectStatus};
use docket::domain::{Person, Template, Workspace};
use docket::storage::MemoryStore;
use proptest::prelude::*;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn env() -> FixedEnv {
    FixedEnv::new(Utc.with_ymd_and_hms(2026, 11, 2, 9, 0, 0).unwrap(), 19)
}

fn charter(p: &Project) -> Charter {
    Charter {
        objective: p.objective.clone(),
        scope_in: String::new(),
        scope_out: String::new(),
        deliverables: Vec::new(),
        start: p.start,
        target_end: p.target_end,
        budget: p.budget.clone(),
        stakeholders: Vec::new(),
        status: p.status,
    }
}

/// A project with a starter board (To do, Doing, Done) and these cards:
/// (title, start, due, estimate, assignees, milestone).
type CardSpec<'a> = (
    &'a str,
    Option<NaiveDate>,
    Option<NaiveDate>,
    Option<f64>,
    Vec<Id>,
    bool,
);

fn project(env: &mut FixedEnv, name: &str, cards: Vec<CardSpec>) -> Project {
    let mut p = Project::starter(env, name).unwrap();
    // The cards come a day after the project (its first day's cards are its first scope).
    env.advance(86_400);
    let todo = p.columns[0].id.clone();
    for (title, start, due, estimate, assignees, milestone) in cards {
        let id = p.add_card(env, &todo, title).unwrap();
        let mut f = docket::domain::board::CardFields::of(p.card(&id).unwrap());
        (f.start, f.due, f.estimate, f.assignees, f.milestone) =
            (start, due, estimate, assignees, milestone);
        p.update_card(env, &id, f).unwrap();
    }
    p
}

fn card_id(p: &Project, title: &str) -> Id {
    p.cards
        .iter()
        .find(|c| c.title == title)
        .unwrap()
        .id
        .clone()
}

fn person(env: &mut FixedEnv, name: &str, capacity: Option<f64>) -> Person {
    let mut p = Person::new(env, name, "", "").unwrap();
    p.capacity = capacity;
    p
}

// ---- portfolio ----

#[test]
fn health_reads_schedule_budget_and_scope_from_the_record() {
    let mut env = env();
    let today = d(2026, 12, 4);
    let ana = Id("ana".into());
    // Late: the target end passed while active; a milestone overdue; spending over budget.
    let mut late = project(
        &mut env,
        "Late",
        vec![
            (
                "Launch",
                None,
                Some(d(2026, 12, 1)),
                None,
                vec![ana.clone()],
                true,
            ),
            (
                "Later milestone",
                None,
                Some(d(2027, 1, 5)),
                None,
                vec![],
                true,
            ),
            (
                "Write copy",
                None,
                Some(d(2026, 12, 20)),
                None,
                vec![],
                false,
            ),
        ],
    );
    let mut c = charter(&late);
    (c.start, c.target_end, c.status) = (
        Some(d(2026, 10, 1)),
        Some(d(2026, 11, 30)),
        ProjectStatus::Active,
    );
    c.budget = Some(Money {
        cents: 10_000,
        currency: "EUR".into(),
    });
    late.set_charter(&mut env, c).unwrap();
    let copy = card_id(&late, "Write copy");
    let mut f = docket::domain::board::CardFields::of(late.card(&copy).unwrap());
    f.cost_actual = Some(15_000);
    late.update_card(&mut env, &copy, f).unwrap();

    let l = portfolio::line(&late, today);
    assert_eq!(l.health.schedule, Rag::Red);
    assert_eq!(l.days_late, Some(4));
    assert_eq!((l.overdue, l.overdue_milestones), (1, 1));
    assert_eq!(l.health.budget, Rag::Red);
    assert_eq!((l.budget, l.actual), (Some(10_000), 15_000));
    // Every card was added after the start and after the board was set up (the project is
    // created on 2 November, its cards on 3 November): red.
    assert_eq!((l.added, l.added_pct, l.health.scope), (3, 100, Rag::Red));
    assert_eq!(l.health.overall(), Rag::Red);
    assert_eq!(
        l.next_milestone.as_ref().map(|m| m.1.as_str()),
        Some("Launch")
    );
    assert_eq!(l.people, vec![ana.clone()]);

    // On track: nothing overdue, spending within budget, no cards added after its start.
    let mut fine = project(
        &mut env,
        "Fine",
        vec![(
            "Plan",
            None,
            Some(d(2026, 12, 10)),
            Some(4.0),
            vec![],
            false,
        )],
    );
    let mut c = charter(&fine);
    (c.start, c.target_end) = (Some(d(2026, 11, 15)), Some(d(2027, 3, 1)));
    c.budget = Some(Money {
        cents: 50_000,
        currency: "EUR".into(),
    });
    fine.set_charter(&mut env, c).unwrap();
    // The card was created on 3 November, before the start on 15 November.
    let l = portfolio::line(&fine, today);
    assert_eq!(
        (l.health.schedule, l.health.budget, l.health.scope),
        (Rag::Green, Rag::Green, Rag::Green)
    );
    // Amber: a card overdue, the forecast over budget; no budget or start: unknown.
    let mut amber = project(
        &mut env,
        "Amber",
        vec![("Old", None, Some(d(2026, 12, 1)), None, vec![], false)],
    );
    let old = card_id(&amber, "Old");
    let mut f = docket::domain::board::CardFields::of(amber.card(&old).unwrap());
    f.cost_planned = Some(8_000);
    amber.update_card(&mut env, &old, f).unwrap();
    let mut c = charter(&amber);
    c.budget = Some(Money {
        cents: 5_000,
        currency: "EUR".into(),
    });
    amber.set_charter(&mut env, c).unwrap();
    let l = portfolio::line(&amber, today);
    assert_eq!(
        (l.health.schedule, l.health.budget, l.health.scope),
        (Rag::Amber, Rag::Amber, Rag::Unknown)
    );
    assert_eq!(l.health.overall(), Rag::Amber);
    let bare = Project::starter(&mut env, "Bare").unwrap();
    let l = portfolio::line(&bare, today);
    assert_eq!(
        (l.health.budget, l.health.scope, l.next_milestone),
        (Rag::Unknown, Rag::Unknown, None)
    );
}

#[test]
fn the_portfolio_sorts_and_filters_by_status_and_person() {
    let mut env = env();
    let today = d(2026, 12, 4);
    let ana = Id("ana".into());
    let mut a = project(
        &mut env,
        "Alpha",
        vec![(
            "x",
            None,
            Some(d(2026, 12, 1)),
            None,
            vec![ana.clone()],
            false,
        )],
    );
    let b = project(
        &mut env,
        "beta",
        vec![("y", None, None, None, vec![], false)],
    );
    let mut c = project(&mut env, "Gamma", vec![]);
    let mut ch = charter(&a);
    ch.status = ProjectStatus::Active;
    a.set_charter(&mut env, ch).unwrap();
    let mut ch = charter(&c);
    ch.status = ProjectStatus::OnHold;
    c.set_charter(&mut env, ch).unwrap();
    let mut trashed = project(&mut env, "Trashed", vec![]);
    trashed.move_to_trash(&mut env).unwrap();
    let all = [&a, &b, &c, &trashed];
    let names = |v: Vec<portfolio::Line>| v.into_iter().map(|l| l.name).collect::<Vec<_>>();
    assert_eq!(
        names(portfolio::lines(
            &all,
            today,
            None,
            None,
            SortBy::Name,
            false
        )),
        ["Alpha", "beta", "Gamma"]
    );
    assert_eq!(
        names(portfolio::lines(
            &all,
            today,
            None,
            None,
            SortBy::Name,
            true
        )),
        ["Gamma", "beta", "Alpha"]
    );
    // Planning < Active < On hold.
    assert_eq!(
        names(portfolio::lines(
            &all,
            today,
            None,
            None,
            SortBy::Status,
            false
        )),
        ["beta", "Alpha", "Gamma"]
    );
    // Alpha has an overdue card (amber), the others are green: worst first when descending.
    assert_eq!(
        names(portfolio::lines(
            &all,
            today,
            None,
            None,
            SortBy::Health,
            true
        )),
        ["Alpha", "beta", "Gamma"]
    );
    assert_eq!(
        names(portfolio::lines(
            &all,
            today,
            Some(ProjectStatus::OnHold),
            None,
            SortBy::Name,
            false
        )),
        ["Gamma"]
    );
    assert_eq!(
        names(portfolio::lines(
            &all,
            today,
            None,
            Some(&ana),
            SortBy::Name,
            false
        )),
        ["Alpha"]
    );
}

#[test]
fn operations_week_lists_due_overdue_open_failures_and_open_actions() {
    // The sample data through the Session: checklists with weeks of history, failures and
    // a corrective action card on the website project.
    let mut s = session::open::<MemoryStore>(None);
    let today = session::day();
    let _ = s.load_sample(today).unwrap();
    let ws = s.workspace().clone();
    let templates: Vec<&Template> = ws.templates.iter().collect();
    let runs: Vec<_> = ws.runs.iter().collect();
    let projects: Vec<&Project> = ws.projects.iter().collect();
    let w = portfolio::ops_week(&templates, &runs, &projects, today);
    let monday = w.monday.unwrap();
    assert_eq!(monday.weekday(), chrono::Weekday::Mon);
    // Due: exactly the scheduled occurrences of the week, each closed iff a run closed it.
    for t in &ws.templates {
        let want = t
            .recurrence
            .occurrences(t.start_day(), monday, monday + Duration::days(6));
        let got: Vec<NaiveDate> = w
            .due
            .iter()
            .filter(|x| x.template == t.id)
            .map(|x| x.date)
            .collect();
        assert_eq!(got, want, "{}", t.name);
    }
    for x in &w.due {
        let closed = ws
            .runs
            .iter()
            .any(|r| r.template == x.template && r.date == x.date && r.is_closed());
        assert_eq!(x.closed, closed);
    }
    // Open actions: every corrective action whose card is on its board and not done.
    for r in &ws.runs {
        for a in &r.actions {
            let p = ws.projects.iter().find(|p| p.id == a.project).unwrap();
            let open = p.card(&a.card).is_some_and(|c| !p.is_done(c));
            assert_eq!(w.actions.iter().any(|x| x.card == a.card), open);
        }
    }
    // Open failures: this week's failed answers without a corrective action on a board.
    for f in &w.failures {
        let r = ws.runs.iter().find(|r| r.id == f.run).unwrap();
        assert!(r.date >= monday && r.date <= monday + Duration::days(6));
        let t = ws.template(&r.template).unwrap();
        assert!(r.failures(t).iter().any(|(i, _)| i.id == f.item));
        assert!(!r.actions.iter().any(|a| a.item == f.item));
    }
}

// ---- workload ----

#[test]
fn workload_spreads_estimates_over_days_and_assignees_and_counts_checks() {
    let mut env = env();
    let ana = person(&mut env, "Ana", Some(10.0));
    let ben = person(&mut env, "Ben", None);
    let (a, b) = (ana.id.clone(), ben.id.clone());
    // 10 days from Thursday 26 Nov to Saturday 5 Dec 2026, 20 h, two people: 1 h a day each.
    let p = project(
        &mut env,
        "P",
        vec![
            (
                "Span",
                Some(d(2026, 11, 26)),
                Some(d(2026, 12, 5)),
                Some(20.0),
                vec![a.clone(), b.clone()],
                false,
            ),
            (
                "Due only",
                None,
                Some(d(2026, 12, 2)),
                Some(6.0),
                vec![a.clone()],
                false,
            ),
            ("No dates", None, None, Some(3.0), vec![a.clone()], false),
            (
                "No estimate",
                None,
                Some(d(2026, 12, 3)),
                None,
                vec![b.clone()],
                false,
            ),
        ],
    );
    let mut t = Template::new(&mut env, "Walk", &["Look"]).unwrap();
    t.set_fields(
        &mut env,
        TemplateFields {
            owner: Some(a.clone()),
            recurrence: Recurrence::Days { n: 3 },
            starts: Some(d(2026, 11, 30)),
            ..t.fields()
        },
    )
    .unwrap();
    let people = [ana, ben];
    let w = workload::workload(&people, &[&p], &[&t], d(2026, 11, 25), 2);
    assert_eq!(w.weeks, vec![d(2026, 11, 23), d(2026, 11, 30)]);
    let (ra, rb) = (&w.rows[0], &w.rows[1]);
    // Week of 23 Nov: 26–29 Nov, 4 days of "Span".
    assert!((ra.cells[0].hours - 4.0).abs() < 1e-9);
    // Week of 30 Nov: 6 days of "Span" + "Due only" = 12 h > capacity 10.
    assert!((ra.cells[1].hours - 12.0).abs() < 1e-9);
    assert!(!ra.over(0) && ra.over(1));
    assert_eq!(ra.cells[1].cards.len(), 2);
    // Every 3 days from Monday 30 Nov: 30 Nov, 3 Dec, 6 Dec in that week.
    let checks: Vec<NaiveDate> = ra.cells[1].checks.iter().map(|c| c.1).collect();
    assert_eq!(checks, [d(2026, 11, 30), d(2026, 12, 3), d(2026, 12, 6)]);
    assert_eq!(ra.undated.len(), 1);
    // With a time per run (40 minutes), each of those runs adds to Ana's hours: 12 + 3 × 40 min.
    t.set_fields(
        &mut env,
        TemplateFields {
            minutes: Some(40),
            ..t.fields()
        },
    )
    .unwrap();
    let w2 = workload::workload(&people, &[&p], &[&t], d(2026, 11, 25), 2);
    assert!((w2.rows[0].cells[1].hours - 14.0).abs() < 1e-9);
    assert_eq!(w2.rows[0].cells[1].checks.len(), 3);
    // A time outside 1 minute to a day is refused, and nothing changes.
    for bad in [0, 24 * 60 + 1] {
        let before = t.clone();
        assert!(t
            .set_fields(
                &mut env,
                TemplateFields {
                    minutes: Some(bad),
                    ..t.fields()
                }
            )
            .is_err());
        assert_eq!(t, before);
    }
    // Ben: no capacity, never over; the card without an estimate is listed with 0 hours.
    assert!((rb.cells[1].hours - 6.0).abs() < 1e-9);
    assert!(!rb.over(1));
    assert!(rb.cells[1].cards.iter().any(|c| c.hours == 0.0));
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    /// Whatever the dates (across months and years), the weeks hold all of a card's
    /// estimate once the weeks cover its span, shared among its assignees; a card with no
    /// date is in no week.
    #[test]
    fn workload_keeps_every_hour_of_a_card(
        start in 0i64..800, len in 0i64..60, has_start in any::<bool>(), has_due in any::<bool>(),
        est in 0u32..200, n in 1usize..4,
    ) {
        let mut env = env();
        let people: Vec<Person> = (0..n).map(|i| person(&mut env, &format!("P{i}"), Some(1.0))).collect();
        let ids: Vec<Id> = people.iter().map(|p| p.id.clone()).collect();
        let s = d(2025, 12, 20) + Duration::days(start);
        let e = s + Duration::days(len);
        let p = project(&mut env, "P", vec![("c", has_start.then_some(s), has_due.then_some(e), Some(f64::from(est)), ids, false)]);
        let w = workload::workload(&people, &[&p], &[], s - Duration::days(7), 14);
        let total: f64 = w.rows.iter().flat_map(|r| r.cells.iter()).map(|c| c.hours).sum();
        if has_start || has_due {
            prop_assert!((total - f64::from(est)).abs() < 1e-6, "{} != {}", total, est);
            for r in &w.rows {
                let mine: f64 = r.cells.iter().map(|c| c.hours).sum();
                prop_assert!((mine - f64::from(est) / n as f64).abs() < 1e-6);
            }
        } else {
            prop_assert_eq!(total, 0.0);
            prop_assert!(w.rows.iter().all(|r| r.undated.len() == 1));
        }
    }

    /// A month's grid is whole weeks, Monday to Sunday, holding every day of the month.
    #[test]
    fn month_grid_is_whole_weeks_around_the_month(y in 2000i32..2100, m in 1u32..=12) {
        let g = calendar::month_grid(y, m);
        prop_assert_eq!(g.len() % 7, 0);
        prop_assert!(g.len() >= 28 && g.len() <= 42);
        prop_assert_eq!(g[0].weekday(), chrono::Weekday::Mon);
        prop_assert_eq!(g[g.len() - 1].weekday(), chrono::Weekday::Sun);
        for w in g.windows(2) { prop_assert_eq!(w[1], w[0] + Duration::days(1)); }
        let last = docket::domain::checklist::recurrence::last_day_of_month(y, m);
        prop_assert!(g.contains(&d(y, m, 1)) && g.contains(&d(y, m, last)));
        prop_assert!(g[0] > d(y, m, 1) - Duration::days(7));
        let w = calendar::week_of(d(y, m, last));
        prop_assert_eq!(w[0].weekday(), chrono::Weekday::Mon);
        prop_assert!(w.contains(&d(y, m, last)));
        prop_assert_eq!(calendar::add_months(d(y, m, last), 1), d(if m == 12 { y + 1 } else { y }, m % 12 + 1, 1));
    }
}

// ---- calendar ----

#[test]
fn the_calendar_lists_cards_milestones_target_ends_and_occurrences_by_filter() {
    let mut env = env();
    let ana = Id("ana".into());
    let mut p = project(
        &mut env,
        "Relaunch",
        vec![
            (
                "Design",
                Some(d(2026, 11, 28)),
                Some(d(2026, 12, 3)),
                None,
                vec![ana.clone()],
                false,
            ),
            ("Go live", None, Some(d(2026, 12, 15)), None, vec![], true),
            ("Someday", None, None, None, vec![ana.clone()], false),
            ("Next year", None, Some(d(2027, 1, 4)), None, vec![], false),
        ],
    );
    let mut c = charter(&p);
    c.target_end = Some(d(2026, 12, 31));
    p.set_charter(&mut env, c).unwrap();
    let mut t = Template::new(&mut env, "Safety walk", &["Look"]).unwrap();
    t.set_fields(
        &mut env,
        TemplateFields {
            owner: Some(ana.clone()),
            recurrence: Recurrence::Days { n: 3 },
            starts: Some(d(2026, 12, 30)),
            ..t.fields()
        },
    )
    .unwrap();
    let grid = calendar::month_grid(2026, 12);
    let (from, to) = (grid[0], *grid.last().unwrap());
    let all = calendar::entries(&[&p], &[&t], from, to, &Filter::default());
    let shown: Vec<(Kind, NaiveDate, &str)> = all
        .iter()
        .map(|e| (e.kind, e.date, e.title.as_str()))
        .collect();
    // The grid runs from Monday 30 Nov to Sunday 3 Jan: "Next year" (4 Jan) is not in it.
    assert_eq!(
        shown,
        [
            (Kind::Card, d(2026, 12, 3), "Design"),
            (Kind::Milestone, d(2026, 12, 15), "Go live"),
            (Kind::Check, d(2026, 12, 30), "Safety walk"),
            (Kind::TargetEnd, d(2026, 12, 31), "Relaunch: target end"),
            (Kind::Check, d(2027, 1, 2), "Safety walk"),
        ]
    );
    assert_eq!(all[0].start, Some(d(2026, 11, 28)));
    // A card whose span began before the range is still listed in a week it reaches.
    let week = calendar::week_of(d(2026, 11, 26));
    let e = calendar::entries(&[&p], &[], week[0], week[6], &Filter::default());
    assert_eq!(
        e.iter().map(|e| e.title.as_str()).collect::<Vec<_>>(),
        ["Design"]
    );
    // Filters: a person keeps their cards and checklists; a project drops checklists.
    let mine = Filter {
        person: Some(ana.clone()),
        ..Filter::default()
    };
    let titles = |f: &Filter| {
        calendar::entries(&[&p], &[&t], from, to, f)
            .into_iter()
            .map(|e| e.title)
            .collect::<Vec<_>>()
    };
    assert_eq!(titles(&mine), ["Design", "Safety walk", "Safety walk"]);
    let project_only = Filter {
        project: Some(p.id.clone()),
        ..Filter::default()
    };
    assert_eq!(
        titles(&project_only),
        ["Design", "Go live", "Relaunch: target end"]
    );
    let milestones = Filter {
        kinds: vec![Kind::Milestone],
        ..Filter::default()
    };
    assert_eq!(titles(&milestones), ["Go live"]);
}

#[test]
fn moving_a_card_to_another_day_goes_through_the_session_and_undoes() {
    let mut s = session::open::<MemoryStore>(None);
    let _ = s.load_sample(session::day()).unwrap();
    let pid = s.workspace().projects[0].id.clone();
    let card = s
        .project(&pid)
        .unwrap()
        .cards
        .iter()
        .find(|c| c.start.is_some() && c.due.is_some())
        .unwrap()
        .clone();
    let (start, due) = (card.start.unwrap(), card.due.unwrap());
    let to = due + Duration::days(9);
    s.edit_project_cards(
        &pid,
        "move card to another day",
        std::slice::from_ref(&card.id),
        |p, env| p.reschedule_card(env, &card.id, to),
    )
    .unwrap()
    .saved
    .unwrap();
    let moved = s.project(&pid).unwrap().card(&card.id).unwrap().clone();
    // The due date moved and the start with it: the card keeps its length.
    assert_eq!(
        (moved.start, moved.due),
        (Some(start + Duration::days(9)), Some(to))
    );
    // What is stored says so too.
    let stored = session::loads(&s.repo().unwrap().store().inner.snapshot());
    let sp = stored.projects.iter().find(|p| p.id == pid).unwrap();
    assert_eq!(sp.card(&card.id).unwrap().due, Some(to));
    let _ = s.undo().unwrap();
    let back = s.project(&pid).unwrap().card(&card.id).unwrap();
    assert_eq!((back.start, back.due), (Some(start), Some(due)));
    // A card with no dates gets a due date; a start after the new due date is refused by
    // the shift (it moves with it), never left after the due date.
    let mut env = env();
    let mut p = project(
        &mut env,
        "P",
        vec![("bare", None, None, None, vec![], false)],
    );
    let bare = card_id(&p, "bare");
    p.reschedule_card(&mut env, &bare, d(2026, 12, 24)).unwrap();
    assert_eq!(p.card(&bare).unwrap().due, Some(d(2026, 12, 24)));
}

#[test]
fn reassigning_from_the_workload_goes_through_the_session() {
    let mut s = session::open::<MemoryStore>(None);
    let _ = s.load_sample(session::day()).unwrap();
    let ws = s.workspace().clone();
    let (pid, card, from) = ws
        .projects
        .iter()
        .flat_map(|p| p.cards.iter().map(move |c| (p, c)))
        .find_map(|(p, c)| {
            c.assignees
                .first()
                .map(|a| (p.id.clone(), c.id.clone(), a.clone()))
        })
        .unwrap();
    let to = ws.people.iter().find(|p| p.id != from).unwrap().id.clone();
    let _ = s
        .edit_project_cards(
            &pid,
            "reassign card",
            std::slice::from_ref(&card),
            |p, env| p.reassign_card(env, &card, &from, &to),
        )
        .unwrap();
    let c = s.project(&pid).unwrap().card(&card).unwrap();
    assert!(c.assignees.contains(&to) && !c.assignees.contains(&from));
    // Someone no longer on the card: refused, nothing changes.
    let before = s.workspace().clone();
    assert!(s
        .edit_project_cards(
            &pid,
            "reassign card",
            std::slice::from_ref(&card),
            |p, env| { p.reassign_card(env, &card, &from, &to) }
        )
        .is_err());
    assert_eq!(s.workspace(), &before);
}

#[test]
fn capacity_is_hours_a_week_validated_and_kept_in_files() {
    let mut env = env();
    let mut all = vec![Person::new(&mut env, "Ana", "", "").unwrap()];
    let id = all[0].id.clone();
    people::set_capacity(&mut all, &mut env, &id, Some(37.5)).unwrap();
    assert_eq!(all[0].capacity, Some(37.5));
    for bad in [-1.0, 169.0, f64::NAN] {
        assert!(people::set_capacity(&mut all, &mut env, &id, Some(bad)).is_err());
    }
    assert_eq!(all[0].capacity, Some(37.5));
    let json = serde_json::to_string(&all[0]).unwrap();
    assert!(json.contains("\"capacity\":37.5"), "{json}");
    // Absent in older files: none.
    let older: Person = serde_json::from_str(&json.replace(",\"capacity\":37.5", "")).unwrap();
    assert_eq!(older.capacity, None);
    // A file with a capacity out of range is refused with its path.
    let mut ws = Workspace::default();
    let mut p = all[0].clone();
    p.capacity = Some(500.0);
    ws.people.push(p);
    let mut issues = docket::domain::validate::Issues::default();
    docket::domain::validate::workspace((&ws).into(), &mut issues);
    assert!(
        issues.list.iter().any(|i| i.path == "people[0].capacity"),
        "{:?}",
        issues.list
    );
}

// ---- .ics ----

/// The sample workspace, and its calendar as exported.
fn sample_ics() -> (Workspace, String) {
    let mut s = session::open::<MemoryStore>(None);
    let _ = s.load_sample(session::day()).unwrap();
    let ws = s.workspace().clone();
    let projects: Vec<&Project> = ws.projects.iter().collect();
    let templates: Vec<&Template> = ws.templates.iter().collect();
    let text = ics::calendar(
        &projects,
        &templates,
        Utc.with_ymd_and_hms(2026, 12, 4, 21, 5, 9).unwrap(),
        &Filter::default(),
    );
    (ws, text)
}

/// The export follows the calendar's filters: only the person's cards and checklists, only
/// the kinds shown, only the project chosen (checklists belong to none).
#[test]
fn the_ics_export_keeps_what_the_filters_keep() {
    let (ws, _) = sample_ics();
    let projects: Vec<&Project> = ws.projects.iter().collect();
    let templates: Vec<&Template> = ws.templates.iter().collect();
    let now = Utc.with_ymd_and_hms(2026, 12, 4, 21, 5, 9).unwrap();
    let uids = |f: &Filter| -> Vec<String> {
        let text = ics::calendar(&projects, &templates, now, f);
        let unfolded = icalendar::parser::unfold(&text);
        let cal = icalendar::parser::read_calendar(&unfolded).unwrap();
        vevents(&cal.components)
            .iter()
            .filter_map(|e| prop(e, "UID"))
            .collect()
    };
    let all = uids(&Filter::default());
    // One person: exactly the dated cards assigned to them and the checklists they own.
    let who = ws.people[0].id.clone();
    let theirs = uids(&Filter {
        person: Some(who.clone()),
        ..Filter::default()
    });
    let mut expected: Vec<String> = ws
        .projects
        .iter()
        .flat_map(|p| &p.cards)
        .filter(|c| c.due.is_some() && !c.archived && c.assignees.contains(&who))
        .map(|c| format!("card-{}@docket", c.id))
        .chain(
            ws.templates
                .iter()
                .filter(|t| t.owner.as_ref() == Some(&who) && t.recurrence != Recurrence::AdHoc)
                .map(|t| format!("checklist-{}@docket", t.id)),
        )
        .collect();
    let mut got = theirs.clone();
    expected.sort();
    got.sort();
    assert_eq!(got, expected);
    assert!(!got.is_empty() && got.len() < all.len());
    // Only checklists.
    let checks = uids(&Filter {
        kinds: vec![Kind::Check],
        ..Filter::default()
    });
    assert!(!checks.is_empty() && checks.iter().all(|u| u.starts_with("checklist-")));
    // One project: its cards and target end, no checklist.
    let pid = ws.projects[0].id.clone();
    let one = uids(&Filter {
        project: Some(pid.clone()),
        ..Filter::default()
    });
    assert!(one.iter().all(|u| !u.starts_with("checklist-")));
    assert!(one.contains(&format!("target-{pid}@docket")));
}

fn prop<'a>(c: &'a icalendar::parser::Component<'a>, name: &str) -> Option<String> {
    c.properties
        .iter()
        .find(|p| p.name.as_str() == name)
        .map(|p| p.val.to_string())
}

#[test]
fn the_ics_export_parses_and_its_events_match_the_workspace() {
    let (ws, text) = sample_ics();
    // RFC 5545: CRLF line ends, no line over 75 octets.
    assert!(text.ends_with("END:VCALENDAR\r\n"));
    for l in text.split("\r\n") {
        assert!(l.len() <= 75, "{l}");
        assert!(!l.contains('\n'));
    }
    let unfolded = icalendar::parser::unfold(&text);
    let cal = icalendar::parser::read_calendar(&unfolded).expect("parses");
    assert!(text.starts_with("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n"));
    let events = vevents(&cal.components);
    let by_uid = |uid: &str| {
        events
            .iter()
            .find(|e| prop(e, "UID").as_deref() == Some(uid))
    };
    let mut expected = 0;
    for p in &ws.projects {
        for c in p.cards.iter().filter(|c| c.due.is_some() && !c.archived) {
            expected += 1;
            let e =
                by_uid(&format!("card-{}@docket", c.id)).unwrap_or_else(|| panic!("{}", c.title));
            assert_eq!(prop(e, "SUMMARY").unwrap(), c.title);
            let due = c.due.unwrap();
            let first = c.start.filter(|s| *s < due).unwrap_or(due);
            assert_eq!(prop(e, "DTSTART").unwrap(), ics::ics_date(first));
            assert_eq!(
                prop(e, "DTEND").unwrap(),
                ics::ics_date(due + Duration::days(1))
            );
            assert_eq!(
                prop(e, "CATEGORIES").unwrap(),
                if c.milestone { "MILESTONE" } else { "CARD" }
            );
            assert!(prop(e, "DTSTAMP").unwrap() == "20261204T210509Z");
        }
        if let Some(end) = p.target_end {
            expected += 1;
            let e = by_uid(&format!("target-{}@docket", p.id)).unwrap();
            assert_eq!(prop(e, "DTSTART").unwrap(), ics::ics_date(end));
        }
    }
    let scheduled: Vec<&Template> = ws
        .templates
        .iter()
        .filter(|t| t.recurrence != Recurrence::AdHoc)
        .collect();
    assert!(scheduled.len() >= 4);
    for t in &scheduled {
        expected += 1;
        let e = by_uid(&format!("checklist-{}@docket", t.id)).unwrap();
        assert_eq!(prop(e, "SUMMARY").unwrap(), t.name);
        assert_eq!(prop(e, "RRULE"), ics::rrule(&t.recurrence));
        // The recurrence engine's dates are Docket's occurrences.
        let start = NaiveDate::parse_from_str(&prop(e, "DTSTART").unwrap(), "%Y%m%d").unwrap();
        assert_eq!(
            expand(start, &prop(e, "RRULE").unwrap(), 60),
            docket_dates(t, start, 60)
        );
    }
    assert_eq!(events.len(), expected);
    // The typed reader agrees on the summaries of the events.
    let typed: icalendar::Calendar = text.parse().unwrap();
    assert_eq!(typed.components.len(), expected);
}

/// The first `n` dates of an RRULE from `start`, by the `rrule` crate.
fn expand(start: NaiveDate, rule: &str, n: u16) -> Vec<NaiveDate> {
    let text = format!("DTSTART:{}T120000Z\nRRULE:{rule}", ics::ics_date(start));
    let set: rrule::RRuleSet = text.parse().unwrap_or_else(|e| panic!("{rule}: {e}"));
    set.all(n)
        .dates
        .into_iter()
        .map(|d| d.date_naive())
        .collect()
}

/// The first `n` occurrences of a template from `start`, by Docket.
fn docket_dates(t: &Template, start: NaiveDate, n: usize) -> Vec<NaiveDate> {
    let mut out =
        t.recurrence
            .occurrences(t.start_day(), start, start + Duration::days(100 * n as i64));
    out.truncate(n);
    out
}

fn recurrence() -> impl Strategy<Value = Recurrence> {
    prop_oneof![
        Just(Recurrence::Daily),
        (1u8..128).prop_map(|m| Recurrence::Weekly {
            days: (0..7).filter(|i| m & (1 << i) != 0).collect()
        }),
        (1u8..=31).prop_map(|day| Recurrence::Monthly { day }),
        (1u32..40).prop_map(|n| Recurrence::Days { n }),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(150))]

    /// Each schedule's RRULE, expanded by an RFC 5545 engine from the event's DTSTART,
    /// gives exactly Docket's occurrences (monthly on the 29th–31st included).
    #[test]
    fn every_schedule_exports_as_an_rrule_with_the_same_dates(r in recurrence(), start in 0i64..1500) {
        let mut env = env();
        let mut t = Template::new(&mut env, "T", &["x"]).unwrap();
        let starts = d(2025, 1, 1) + Duration::days(start);
        t.set_fields(&mut env, TemplateFields { recurrence: r.clone(), starts: Some(starts), ..t.fields() }).unwrap();
        let first = ics::first_occurrence(&t).unwrap();
        let rule = ics::rrule(&t.recurrence).unwrap();
        prop_assert_eq!(expand(first, &rule, 40), docket_dates(&t, first, 40));
    }

    /// Any title survives escaping and folding: the parser reads back (and unescapes)
    /// exactly the card's title.
    #[test]
    fn titles_survive_escaping_and_folding(title in "[a-zA-Z0-9 ,;:\\\\\"é€😀\n]{1,120}") {
        let mut env = env();
        let mut p = project(&mut env, "P", vec![]);
        let todo = p.columns[0].id.clone();
        let title = title.trim().replace('\n', " ");
        prop_assume!(!title.is_empty());
        let id = p.add_card(&mut env, &todo, &title).unwrap();
        let mut f = docket::domain::board::CardFields::of(p.card(&id).unwrap());
        f.due = Some(d(2026, 12, 24));
        p.update_card(&mut env, &id, f).unwrap();
        let text = ics::calendar(&[&p], &[], env.now(), &Filter::default());
        for l in text.split("\r\n") { prop_assert!(l.len() <= 75); }
        let unfolded = icalendar::parser::unfold(&text);
        let cal = icalendar::parser::read_calendar(&unfolded).unwrap();
        let ev = vevents(&cal.components)[0];
        let got = prop(ev, "SUMMARY").unwrap();
        prop_assert_eq!(got, p.card(&id).unwrap().title.clone());
    }
}

/// The VEVENTs the parser found (at the top, or inside a VCALENDAR component).
fn vevents<'a>(
    cs: &'a [icalendar::parser::Component<'a>],
) -> Vec<&'a icalendar::parser::Component<'a>> {
    let mut out = Vec::new();
    for c in cs {
        if c.name.as_str() == "VEVENT" {
            out.push(c);
        }
        out.extend(vevents(&c.components));
    }
    out
}
