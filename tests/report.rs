//! Native tests of the close-out report and the charter: the figures a project manager
//! reads (schedule, budget, milestones, risks, cards), the HTML download, progress, and the
//! charter input that must be refused.
#![cfg(not(target_arch = "wasm32"))]

use chrono::{NaiveDate, TimeZone, Utc};
use docket::domain::board::{CardFields, Charter};
use docket::domain::project::{format_cents, parse_cents};
use docket::domain::risk::RiskFields;
use docket::domain::{DomainError, FixedEnv, Id, Money, Project, ProjectStatus, RiskStatus};

const DAY: i64 = 24 * 60 * 60;

fn env() -> FixedEnv {
    FixedEnv::new(Utc.with_ymd_and_hms(2026, 3, 2, 9, 0, 0).unwrap(), 11)
}

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

/// A project "Office move" with columns To do / Doing / Done.
fn board(env: &mut FixedEnv) -> (Project, Id, Id, Id) {
    let mut p = Project::new(env, "Office move").unwrap();
    let todo = p.add_column(env, "To do").unwrap();
    let doing = p.add_column(env, "Doing").unwrap();
    let done = p.add_column(env, "Done").unwrap();
    (p, todo, doing, done)
}

fn charter(start: Option<NaiveDate>, end: Option<NaiveDate>, budget: Option<Money>) -> Charter {
    Charter {
        objective: "Move the office by the end of March".into(),
        scope_in: "Desks, archive".into(),
        scope_out: "New furniture".into(),
        deliverables: vec!["Floor plan".into(), "Moved desks".into()],
        start,
        target_end: end,
        budget,
        stakeholders: vec![("Ana".into(), "Sponsor".into(), false)],
        status: ProjectStatus::Active,
    }
}

fn eur(cents: i64) -> Option<Money> {
    Some(Money {
        cents,
        currency: "EUR".into(),
    })
}

/// Sets some fields of a card, keeping the rest.
fn set(p: &mut Project, env: &mut FixedEnv, id: &Id, f: impl FnOnce(&mut CardFields)) {
    let mut fields = CardFields::of(p.card(id).unwrap());
    f(&mut fields);
    p.update_card(env, id, fields).unwrap();
}

#[test]
fn schedule_variance_is_late_early_or_on_time() {
    let mut env = env();
    let (mut p, ..) = board(&mut env);
    p.set_charter(
        &mut env,
        charter(Some(day(2026, 3, 1)), Some(day(2026, 3, 31)), None),
    )
    .unwrap();
    // Not closed: no actual end, no variance.
    let r = p.report(day(2026, 3, 20));
    assert_eq!(r.actual_end, None);
    assert_eq!(r.schedule_variance_days(), None);

    p.close(&mut env, day(2026, 4, 3), "Late movers.").unwrap();
    assert_eq!(p.status, ProjectStatus::Closed);
    let r = p.report(day(2026, 4, 10));
    assert_eq!(r.planned_end, Some(day(2026, 3, 31)));
    assert_eq!(r.actual_end, Some(day(2026, 4, 3)));
    assert_eq!(r.schedule_variance_days(), Some(3));
    assert!(r.to_html().contains("3 day(s) late"));

    p.reopen(&mut env).unwrap();
    assert_eq!(p.status, ProjectStatus::Active);
    assert_eq!(p.actual_end, None);
    p.close(&mut env, day(2026, 3, 29), "").unwrap();
    let r = p.report(day(2026, 4, 10));
    assert_eq!(r.schedule_variance_days(), Some(-2));
    assert!(r.to_html().contains("2 day(s) early"));

    p.reopen(&mut env).unwrap();
    p.close(&mut env, day(2026, 3, 31), "").unwrap();
    let r = p.report(day(2026, 4, 10));
    assert_eq!(r.schedule_variance_days(), Some(0));
    assert!(r.to_html().contains("on time"));
}

#[test]
fn closing_before_the_start_and_reopening_an_open_project_are_refused() {
    let mut env = env();
    let (mut p, ..) = board(&mut env);
    p.set_charter(&mut env, charter(Some(day(2026, 3, 1)), None, None))
        .unwrap();
    let before = p.clone();
    let err = p.close(&mut env, day(2026, 2, 27), "x").unwrap_err();
    assert!(
        err.to_string().contains("before the project started"),
        "{err}"
    );
    assert!(p.reopen(&mut env).is_err());
    assert_eq!(p, before);
    // No planned end: a closed project has no schedule variance either.
    p.close(&mut env, day(2026, 3, 10), "").unwrap();
    assert_eq!(p.report(day(2026, 3, 10)).schedule_variance_days(), None);
}

#[test]
fn budget_variance_and_planned_versus_actual_costs() {
    let mut env = env();
    let (mut p, todo, _, _) = board(&mut env);
    p.set_charter(&mut env, charter(None, None, eur(100_000)))
        .unwrap();
    let a = p.add_card(&mut env, &todo, "Movers").unwrap();
    let b = p.add_card(&mut env, &todo, "Boxes").unwrap();
    let c = p.add_card(&mut env, &todo, "Cleaning").unwrap();
    set(&mut p, &mut env, &a, |f| {
        f.cost_planned = Some(50_000);
        f.cost_actual = Some(60_000);
    });
    set(&mut p, &mut env, &b, |f| {
        f.cost_planned = Some(30_000);
        f.cost_actual = Some(55_000);
    });
    set(&mut p, &mut env, &c, |f| f.cost_planned = Some(10_050));

    let pr = p.progress(day(2026, 3, 2));
    assert_eq!(pr.cost_planned, 90_050);
    assert_eq!(pr.cost_actual, 115_000);
    let r = p.report(day(2026, 3, 2));
    assert_eq!(r.budget, Some(100_000));
    assert_eq!(r.currency, "EUR");
    assert_eq!(r.planned_cost, 90_050);
    assert_eq!(r.spent, 115_000);
    assert_eq!(r.budget_variance(), Some(15_000));
    assert_eq!(r.money(15_000), "150.00 EUR");
    let html = r.to_html();
    assert!(html.contains("1,000.00 EUR"), "{html}");
    assert!(html.contains("150.00 EUR over budget"), "{html}");

    // Under budget once costs come down.
    set(&mut p, &mut env, &b, |f| f.cost_actual = Some(20_000));
    let r = p.report(day(2026, 3, 2));
    assert_eq!(r.budget_variance(), Some(-20_000));
    assert!(r.to_html().contains("200.00 EUR under budget"));

    // Without a budget there is no variance.
    p.set_charter(&mut env, charter(None, None, None)).unwrap();
    let r = p.report(day(2026, 3, 2));
    assert_eq!(r.budget, None);
    assert_eq!(r.budget_variance(), None);
    assert!(r.to_html().contains("not set"));
}

#[test]
fn milestones_are_met_when_done_by_their_due_date() {
    let mut env = env(); // 2 March 2026
    let (mut p, todo, _, done) = board(&mut env);
    let due = day(2026, 3, 5);
    let early = p.add_card(&mut env, &todo, "Sign lease").unwrap();
    let late = p.add_card(&mut env, &todo, "Floor plan").unwrap();
    let open = p.add_card(&mut env, &todo, "Keys handed over").unwrap();
    let undated = p.add_card(&mut env, &todo, "Kick-off").unwrap();
    let plain = p.add_card(&mut env, &todo, "Order boxes").unwrap();
    for id in [&early, &late, &open] {
        set(&mut p, &mut env, id, |f| {
            f.milestone = true;
            f.due = Some(due);
        });
    }
    set(&mut p, &mut env, &undated, |f| f.milestone = true);

    env.advance(DAY); // 3 March: before the due date
    p.move_card(&mut env, &early, &done, 0).unwrap();
    p.move_card(&mut env, &undated, &done, 0).unwrap();
    env.advance(2 * DAY); // 5 March: on the due date still counts as met
    p.move_card(&mut env, &plain, &done, 0).unwrap();
    env.advance(2 * DAY); // 7 March: after the due date
    p.move_card(&mut env, &late, &done, 0).unwrap();

    let r = p.report(day(2026, 3, 8));
    let line = |t: &str| r.milestones.iter().find(|m| m.title == t).unwrap().clone();
    assert_eq!(r.milestones.len(), 4, "only milestone cards are listed");
    assert!(line("Sign lease").done && line("Sign lease").met);
    assert!(line("Kick-off").done && line("Kick-off").met);
    assert!(line("Floor plan").done && !line("Floor plan").met);
    assert!(!line("Keys handed over").done && !line("Keys handed over").met);
    assert_eq!(line("Floor plan").due, Some(due));
    let html = r.to_html();
    assert!(html.contains("done late"));
    assert!(html.contains("missed"));

    // Moved out of done and back in after the due date: the last entry counts.
    p.move_card(&mut env, &early, &todo, 0).unwrap();
    env.advance(DAY);
    p.move_card(&mut env, &early, &done, 0).unwrap();
    let r = p.report(day(2026, 3, 9));
    let m = r
        .milestones
        .iter()
        .find(|m| m.title == "Sign lease")
        .unwrap();
    assert!(m.done && !m.met);
}

#[test]
fn open_risks_are_listed_by_score_and_closed_ones_left_out() {
    let mut env = env();
    let (mut p, ..) = board(&mut env);
    let risk = |title: &str, l: u8, i: u8, status: RiskStatus| RiskFields {
        title: title.into(),
        likelihood: l,
        impact: i,
        owner: "Ana".into(),
        mitigation: String::new(),
        status,
    };
    p.add_risk(&mut env, risk("Movers cancel", 2, 3, RiskStatus::Open))
        .unwrap();
    p.add_risk(&mut env, risk("Lease delayed", 4, 5, RiskStatus::Open))
        .unwrap();
    p.add_risk(&mut env, risk("Rain", 5, 5, RiskStatus::Mitigated))
        .unwrap();
    p.add_risk(&mut env, risk("Lift broken", 3, 3, RiskStatus::Open))
        .unwrap();
    p.add_risk(&mut env, risk("Old risk", 5, 4, RiskStatus::Closed))
        .unwrap();
    let r = p.report(day(2026, 3, 2));
    assert_eq!(
        r.open_risks,
        vec![
            ("Lease delayed".to_string(), 20, "Ana".to_string()),
            ("Lift broken".to_string(), 9, "Ana".to_string()),
            ("Movers cancel".to_string(), 6, "Ana".to_string()),
        ]
    );
}

#[test]
fn cards_done_and_not_done_are_counted_and_listed() {
    let mut env = env();
    let (mut p, todo, doing, done) = board(&mut env);
    let ids: Vec<Id> = ["A", "B", "C", "D", "E"]
        .iter()
        .map(|t| p.add_card(&mut env, &todo, t).unwrap())
        .collect();
    p.move_card(&mut env, &ids[0], &done, 0).unwrap();
    p.move_card(&mut env, &ids[1], &done, 9).unwrap();
    p.move_card(&mut env, &ids[2], &doing, 0).unwrap();
    // An archived card still counts (finished or shelved work).
    p.set_archived(&mut env, &ids[4], true).unwrap();
    let r = p.report(day(2026, 3, 2));
    assert_eq!(r.done.len(), 2);
    assert_eq!(r.not_done.len(), 3);
    let mut done_titles = r.done.clone();
    done_titles.sort();
    assert_eq!(done_titles, vec!["A", "B"]);
    let html = r.to_html();
    assert!(html.contains("Cards done (2)"));
    assert!(html.contains("Cards not done (3)"));

    // The chosen done column counts, not the last one.
    p.set_done_column(&mut env, &doing).unwrap();
    let r = p.report(day(2026, 3, 2));
    assert_eq!(r.done, vec!["C"]);
    assert_eq!(r.not_done.len(), 4);
}

#[test]
fn html_report_escapes_everything_from_the_project() {
    let mut env = env();
    let mut p = Project::new(&mut env, "<script>alert(1)</script> & co").unwrap();
    let todo = p.add_column(&mut env, "To do").unwrap();
    p.add_column(&mut env, "Done").unwrap();
    p.add_card(&mut env, &todo, "<img src=x onerror=alert(2)>")
        .unwrap();
    p.add_risk(
        &mut env,
        RiskFields {
            title: "\"quoted\" <b>risk</b>".into(),
            likelihood: 2,
            impact: 2,
            owner: "O'Brien".into(),
            mitigation: String::new(),
            status: RiskStatus::Open,
        },
    )
    .unwrap();
    p.close(
        &mut env,
        day(2026, 3, 2),
        "Never trust <script>evil()</script>.\n\nSecond paragraph.",
    )
    .unwrap();
    let html = p.report(day(2026, 3, 2)).to_html();
    assert!(!html.contains("<script>"), "{html}");
    assert!(!html.contains("<img"), "{html}");
    assert!(!html.contains("<b>risk"), "{html}");
    assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; co"));
    assert!(html.contains("Never trust &lt;script&gt;evil()&lt;/script&gt;."));
    assert!(html.contains("&quot;quoted&quot;"));
    assert!(html.contains("O&#39;Brien"));
    assert!(html.contains("<p>Second paragraph.</p>"));
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert_eq!(
        docket::domain::report::escape("a<b>&\"'"),
        "a&lt;b&gt;&amp;&quot;&#39;"
    );
}

#[test]
fn progress_by_count_and_by_estimate_and_overdue_cards() {
    let mut env = env(); // 2 March 2026
    let (mut p, todo, _, done) = board(&mut env);
    let empty = p.progress(day(2026, 3, 2));
    assert_eq!((empty.pct_count(), empty.pct_estimate()), (0, 0));

    let a = p.add_card(&mut env, &todo, "A").unwrap();
    let b = p.add_card(&mut env, &todo, "B").unwrap();
    let c = p.add_card(&mut env, &todo, "C").unwrap();
    set(&mut p, &mut env, &a, |f| {
        f.estimate = Some(1.0);
        f.due = Some(day(2026, 3, 1));
    });
    set(&mut p, &mut env, &b, |f| {
        f.estimate = Some(2.0);
        f.due = Some(day(2026, 2, 20));
    });
    set(&mut p, &mut env, &c, |f| {
        f.estimate = Some(5.0);
        f.due = Some(day(2026, 3, 10));
    });
    p.move_card(&mut env, &a, &done, 0).unwrap();

    let pr = p.progress(day(2026, 3, 2));
    assert_eq!((pr.total, pr.done), (3, 1));
    assert_eq!(pr.pct_count(), 33);
    assert_eq!(pr.estimate_total, 8.0);
    assert_eq!(pr.estimate_done, 1.0);
    assert_eq!(
        pr.pct_estimate(),
        13,
        "1 of 8 hours is 12.5%: rounded to the nearest"
    );
    // A is past due but done; B is past due and not done; C is due later.
    assert_eq!(pr.overdue, 1);
    // Later, C is overdue too.
    assert_eq!(p.progress(day(2026, 3, 11)).overdue, 2);

    p.move_card(&mut env, &c, &done, 0).unwrap();
    let pr = p.progress(day(2026, 3, 11));
    assert_eq!(pr.pct_count(), 67, "2 of 3 rounds to 67%, not down to 66%");
    assert_eq!(pr.pct_estimate(), 75);
}

#[test]
fn set_charter_stores_everything_and_tidies_it() {
    let mut env = env();
    let (mut p, ..) = board(&mut env);
    let mut c = charter(
        Some(day(2026, 3, 1)),
        Some(day(2026, 3, 31)),
        Some(Money {
            cents: parse_cents("12,500.50").unwrap(),
            currency: " usd ".into(),
        }),
    );
    c.deliverables.push("   ".into());
    c.stakeholders.push(("".into(), "nobody".into(), true));
    c.stakeholders
        .push(("Landlord".into(), " Owner ".into(), true));
    p.set_charter(&mut env, c).unwrap();
    assert_eq!(p.objective, "Move the office by the end of March");
    assert_eq!(p.scope_in, "Desks, archive");
    assert_eq!(p.scope_out, "New furniture");
    assert_eq!(p.deliverables, vec!["Floor plan", "Moved desks"]);
    assert_eq!(p.start, Some(day(2026, 3, 1)));
    assert_eq!(p.target_end, Some(day(2026, 3, 31)));
    assert_eq!(
        p.budget,
        Some(Money {
            cents: 1_250_050,
            currency: "USD".into()
        })
    );
    assert_eq!(format_cents(1_250_050, "USD"), "12,500.50 USD");
    let names: Vec<(&str, &str, bool)> = p
        .stakeholders
        .iter()
        .map(|s| (s.name.as_str(), s.role.as_str(), s.external))
        .collect();
    assert_eq!(
        names,
        vec![("Ana", "Sponsor", false), ("Landlord", "Owner", true)]
    );
    assert_eq!(p.status, ProjectStatus::Active);

    // A stakeholder that stays keeps its id across edits.
    let ana = p.stakeholders[0].id.clone();
    let c = charter(Some(day(2026, 3, 1)), Some(day(2026, 3, 31)), None);
    p.set_charter(&mut env, c).unwrap();
    assert_eq!(p.stakeholders[0].id, ana);
    assert_eq!(p.budget, None);
}

#[test]
fn set_charter_refuses_end_before_start_and_bad_currency() {
    let mut env = env();
    let (mut p, ..) = board(&mut env);
    p.set_charter(&mut env, charter(None, None, eur(1000)))
        .unwrap();
    let before = p.clone();

    let err = p
        .set_charter(
            &mut env,
            charter(Some(day(2026, 3, 31)), Some(day(2026, 3, 1)), None),
        )
        .unwrap_err();
    assert!(
        err.to_string().contains("before the start"),
        "message should say why: {err}"
    );

    for bad in ["EU", "EURO", "E1R", "", "€"] {
        let err = p
            .set_charter(
                &mut env,
                charter(
                    None,
                    None,
                    Some(Money {
                        cents: 1000,
                        currency: bad.into(),
                    }),
                ),
            )
            .unwrap_err();
        assert!(
            matches!(&err, DomainError::Invalid(m) if m.contains("not a currency code")),
            "{bad}: {err}"
        );
    }
    assert!(p
        .set_charter(&mut env, charter(None, None, eur(-1)))
        .is_err());
    let mut long = charter(None, None, None);
    long.deliverables = vec!["x".repeat(201)];
    assert!(p.set_charter(&mut env, long).is_err());
    assert_eq!(p, before, "a refused charter must not change anything");
}

#[test]
fn amounts_parse_into_cents() {
    assert_eq!(parse_cents("12500"), Some(1_250_000));
    assert_eq!(parse_cents("12,500.5"), Some(1_250_050));
    assert_eq!(parse_cents(" 0.07 "), Some(7));
    assert_eq!(parse_cents(""), None);
    assert_eq!(parse_cents("abc"), None);
    assert_eq!(parse_cents("NaN"), None);
}

#[test]
fn percentages_round_to_the_nearest() {
    use docket::domain::checklist::analytics::pct;
    use docket::domain::report::percent;
    assert_eq!(percent(1.0, 6.0), 17, "1 of 6 is 16.7%");
    assert_eq!(percent(1.0, 3.0), 33);
    assert_eq!(percent(5.0, 6.0), 83);
    assert_eq!(percent(0.0, 0.0), 0);
    assert_eq!(pct(1, 6), Some(17));
    let mut env = env();
    let (mut p, todo, _, done) = board(&mut env);
    let ids: Vec<Id> = (0..6)
        .map(|i| p.add_card(&mut env, &todo, &format!("C{i}")).unwrap())
        .collect();
    p.move_card(&mut env, &ids[0], &done, 0).unwrap();
    assert_eq!(p.progress(day(2026, 3, 2)).pct_count(), 17);
}

#[test]
fn adding_a_column_keeps_the_done_column_and_what_is_done() {
    let mut env = env();
    let mut p = Project::starter(&mut env, "Relaunch").unwrap();
    let cols: Vec<Id> = p.columns.iter().map(|c| c.id.clone()).collect();
    assert_eq!(
        p.done_column.as_ref(),
        Some(&cols[2]),
        "the starter's Done is explicit"
    );
    let ids: Vec<Id> = ["A", "B", "C"]
        .iter()
        .map(|t| p.add_card(&mut env, &cols[0], t).unwrap())
        .collect();
    p.move_card(&mut env, &ids[0], &cols[2], 0).unwrap();
    assert_eq!(p.progress(day(2026, 3, 2)).pct_count(), 33);
    let waiting = p.add_column(&mut env, "Waiting on client").unwrap();
    let names: Vec<&str> = p.columns.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(names, ["To do", "In progress", "Waiting on client", "Done"]);
    assert_eq!(p.done_column_id(), Some(&cols[2]));
    assert_eq!(p.progress(day(2026, 3, 2)).pct_count(), 33);
    assert_eq!(p.report(day(2026, 3, 2)).done, vec!["A"]);
    // Moving and renaming other columns never changes it either.
    p.move_column(&mut env, &waiting, 9).unwrap();
    p.rename_column(&mut env, &cols[1], "Doing").unwrap();
    assert_eq!(p.columns.last().map(|c| &c.id), Some(&waiting));
    assert_eq!(p.done_column_id(), Some(&cols[2]));
    // A chosen done column in the middle: new columns go just before it.
    p.set_done_column(&mut env, &cols[1]).unwrap();
    p.add_column(&mut env, "Review").unwrap();
    let names: Vec<&str> = p.columns.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(
        names,
        ["To do", "Review", "Doing", "Done", "Waiting on client"]
    );
    assert_eq!(p.done_column_id(), Some(&cols[1]));
}

#[test]
fn a_board_without_a_done_column_keeps_its_last_column_once_settled() {
    // An older record: no done column, the last counts; moving a column makes it explicit
    // first, so the column that counted as done still does.
    let mut env = env();
    let (mut p, todo, _, done) = board(&mut env);
    p.done_column = None;
    p.move_column(&mut env, &todo, 9).unwrap();
    assert_eq!(p.done_column_id(), Some(&done));
    let mut ws = docket::domain::Workspace::default();
    let (mut q, _, _, done) = board(&mut env);
    q.done_column = None;
    ws.projects.push(q);
    ws.settle_done_columns();
    let q = &mut ws.projects[0];
    assert_eq!(q.done_column.as_ref(), Some(&done));
    q.add_column(&mut env, "Later").unwrap();
    assert_eq!(q.columns.last().map(|c| &c.id), Some(&done));
}

#[test]
fn a_stored_project_without_a_done_column_gets_its_last_column_at_load() {
    use docket::session::Session;
    use docket::storage::{KvStore, MemoryStore};
    let (mut s, _) = Session::open(Ok(MemoryStore::new()), env());
    let id = s.create_project("Old board").unwrap().value;
    // As a record written before the done column was explicit.
    let _ = s
        .edit_project(&id, "forget", |p, _| {
            p.done_column = None;
            Ok(())
        })
        .unwrap();
    let mut store = MemoryStore::new();
    for (k, v) in s.repo().unwrap().store().snapshot() {
        store.set(&k, &v).unwrap();
    }
    let (mut s, _) = Session::open(Ok(store), env());
    let p = s.project(&id).unwrap();
    let last = p.columns.last().unwrap().id.clone();
    assert_eq!(p.done_column.as_ref(), Some(&last));
    let _ = s
        .edit_project(&id, "add column", |p, env| p.add_column(env, "Waiting"))
        .unwrap();
    let p = s.project(&id).unwrap();
    assert_eq!(p.done_column_id(), Some(&last));
    assert_eq!(p.columns.last().map(|c| &c.id), Some(&last));
}

#[test]
fn budget_figures_show_planned_actual_forecast_and_each_overrun() {
    // Issue 17's project: two of three costed cards overran and the planned card costs
    // exceed the budget, yet actual < planned overall (the old "under budget" verdict).
    let mut env = env();
    let (mut p, todo, doing, done) = board(&mut env);
    p.set_charter(&mut env, charter(None, None, eur(80_000)))
        .unwrap();
    let a = p.add_card(&mut env, &todo, "Movers").unwrap();
    let b = p.add_card(&mut env, &todo, "Boxes").unwrap();
    let c = p.add_card(&mut env, &todo, "Cleaning").unwrap();
    p.add_card(&mut env, &todo, "Plan").unwrap();
    set(&mut p, &mut env, &a, |f| {
        f.cost_planned = Some(50_000);
        f.cost_actual = Some(60_000);
    });
    set(&mut p, &mut env, &b, |f| {
        f.cost_planned = Some(10_000);
        f.cost_actual = Some(12_000);
    });
    set(&mut p, &mut env, &c, |f| {
        f.cost_planned = Some(40_000);
        f.cost_actual = Some(5_000);
    });
    p.move_card(&mut env, &a, &done, 0).unwrap();
    p.move_card(&mut env, &b, &doing, 0).unwrap();

    let f = p.budget_figures();
    assert_eq!(f.budget, Some(80_000));
    assert_eq!(f.planned, 100_000);
    assert_eq!(f.actual, 77_000);
    assert_eq!(f.costed, 3);
    // Forecast: A done costs 600; B has spent past its plan (120); C still plans 400.
    assert_eq!(f.forecast, 60_000 + 12_000 + 40_000);
    let over: Vec<(&str, i64, i64)> = f
        .overruns
        .iter()
        .map(|o| (o.title.as_str(), o.planned, o.actual))
        .collect();
    assert_eq!(
        over,
        vec![("Movers", 50_000, 60_000), ("Boxes", 10_000, 12_000)]
    );
    assert_eq!(
        f.verdicts("EUR"),
        vec![
            (false, "Spent so far: 30.00 EUR under budget".to_string()),
            (true, "Forecast: 320.00 EUR over budget".to_string()),
            (
                true,
                "Planned card costs: 200.00 EUR over budget".to_string()
            ),
        ]
    );

    // The report carries them, and its HTML names which figure each verdict compares.
    let html = p.report(day(2026, 3, 2)).to_html();
    assert!(html.contains("Forecast: 320.00 EUR over budget"), "{html}");
    assert!(
        html.contains("<td>Movers</td><td>500.00 EUR</td>"),
        "{html}"
    );
    assert!(!html.contains("<td>Cleaning</td>"), "{html}");

    // Without a budget there is nothing to judge.
    p.set_charter(&mut env, charter(None, None, None)).unwrap();
    assert!(p.budget_figures().verdicts("EUR").is_empty());
}

#[test]
fn a_closed_project_is_read_only_in_the_session_until_reopened() {
    use docket::session::Session;
    use docket::storage::MemoryStore;
    let mut s = Session::open(Ok(MemoryStore::default()), env()).0;
    let pid = s.create_project("Office move").unwrap().value;
    let col = s.project(&pid).unwrap().columns[0].id.clone();
    let card = s
        .edit_project(&pid, "add card", |p, env| p.add_card(env, &col, "Boxes"))
        .unwrap()
        .value;
    s.edit_project(&pid, "close project", |p, env| {
        p.close(env, day(2026, 3, 2), "")
    })
    .unwrap()
    .saved
    .unwrap();
    let before = s.project(&pid).unwrap().clone();
    let refused = |e: DomainError| assert!(e.to_string().contains("closed: reopen it"), "{e}");
    refused(
        s.edit_project(&pid, "add card", |p, env| p.add_card(env, &col, "More"))
            .err()
            .unwrap(),
    );
    refused(
        s.edit_project(&pid, "rename project", |p, env| p.rename(env, "Other"))
            .err()
            .unwrap(),
    );
    let to = before.columns[1].id.clone();
    refused(
        s.edit_project_cards(&pid, "move card", std::slice::from_ref(&card), |p, env| {
            p.move_card(env, &card, &to, 0)
        })
        .err()
        .unwrap(),
    );
    assert_eq!(s.project(&pid).unwrap(), &before, "nothing changed");
    // Reopening is allowed, and then edits are too.
    s.edit_project(&pid, "reopen project", |p, env| p.reopen(env))
        .unwrap()
        .saved
        .unwrap();
    s.edit_project(&pid, "rename project", |p, env| p.rename(env, "Other"))
        .unwrap()
        .saved
        .unwrap();
    assert_eq!(s.project(&pid).unwrap().name, "Other");
}
