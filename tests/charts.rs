//! Native tests of the figures behind the timeline, risks and progress tabs: cumulative flow
//! over days, the risk register's order and heat map, and progress percentages.
#![cfg(not(target_arch = "wasm32"))]

use chrono::{Duration, NaiveDate, TimeZone, Utc};
use docket::domain::board::CardFields;
use docket::domain::risk::{RiskFields, RiskStatus};
use docket::domain::{DomainError, FixedEnv, Id, Project};

const DAY: i64 = 86_400;

fn env() -> FixedEnv {
    FixedEnv::new(Utc.with_ymd_and_hms(2026, 3, 2, 9, 0, 0).unwrap(), 11)
}

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

/// A project with To do, Doing, Done.
fn board(env: &mut FixedEnv) -> (Project, Id, Id, Id) {
    let mut p = Project::new(env, "Office move").unwrap();
    let todo = p.add_column(env, "To do").unwrap();
    let doing = p.add_column(env, "Doing").unwrap();
    let done = p.add_column(env, "Done").unwrap();
    (p, todo, doing, done)
}

fn risk(title: &str, likelihood: u8, impact: u8, status: RiskStatus) -> RiskFields {
    RiskFields {
        title: title.into(),
        likelihood,
        impact,
        owner: String::new(),
        mitigation: String::new(),
        status,
    }
}

#[test]
fn flow_counts_cards_per_column_at_the_end_of_each_day() {
    let mut env = env();
    let (mut p, todo, doing, done) = board(&mut env);
    // Day 1 (2 Mar): three cards added.
    let a = p.add_card(&mut env, &todo, "A").unwrap();
    let b = p.add_card(&mut env, &todo, "B").unwrap();
    p.add_card(&mut env, &todo, "C").unwrap();
    // Day 2: A starts; later that day it is done (only the end of the day counts).
    env.advance(DAY);
    p.move_card(&mut env, &a, &doing, 0).unwrap();
    env.advance(3600);
    p.move_card(&mut env, &a, &done, 0).unwrap();
    // Day 3: nothing happens. Day 4: B starts and a fourth card arrives.
    env.advance(2 * DAY);
    p.move_card(&mut env, &b, &doing, 0).unwrap();
    p.add_card(&mut env, &todo, "D").unwrap();

    let flow = p.flow(d(2026, 3, 6));
    let days: Vec<NaiveDate> = flow.iter().map(|f| f.0).collect();
    assert_eq!(days, (2..=6).map(|day| d(2026, 3, day)).collect::<Vec<_>>());
    let counts: Vec<Vec<usize>> = flow.into_iter().map(|f| f.1).collect();
    assert_eq!(
        counts,
        vec![
            vec![3, 0, 0],
            vec![2, 0, 1],
            vec![2, 0, 1],
            vec![2, 1, 1],
            vec![2, 1, 1],
        ]
    );
}

#[test]
fn flow_of_an_empty_board_is_empty_and_today_before_the_first_move_gives_one_day() {
    let mut env = env();
    let (mut p, todo, _, _) = board(&mut env);
    assert!(p.flow(d(2026, 3, 2)).is_empty());
    p.add_card(&mut env, &todo, "A").unwrap();
    let flow = p.flow(d(2026, 3, 1));
    assert_eq!(flow, vec![(d(2026, 3, 2), vec![1, 0, 0])]);
}

#[test]
fn deleted_cards_leave_the_flow() {
    let mut env = env();
    let (mut p, todo, _, _) = board(&mut env);
    let a = p.add_card(&mut env, &todo, "A").unwrap();
    p.add_card(&mut env, &todo, "B").unwrap();
    env.advance(DAY);
    p.delete_card(&mut env, &a).unwrap();
    let flow = p.flow(d(2026, 3, 3));
    assert_eq!(flow.last().unwrap().1, vec![1, 0, 0]);
}

#[test]
fn risks_sort_by_score_then_open_first_then_title() {
    let mut env = env();
    let (mut p, ..) = board(&mut env);
    p.add_risk(&mut env, risk("Low", 1, 2, RiskStatus::Open))
        .unwrap();
    p.add_risk(
        &mut env,
        risk("Mitigated twelve", 3, 4, RiskStatus::Mitigated),
    )
    .unwrap();
    p.add_risk(&mut env, risk("Worst", 5, 5, RiskStatus::Open))
        .unwrap();
    p.add_risk(&mut env, risk("Open twelve", 4, 3, RiskStatus::Open))
        .unwrap();
    p.add_risk(&mut env, risk("Another twelve", 3, 4, RiskStatus::Open))
        .unwrap();
    let order: Vec<(&str, u8)> = p
        .risks_by_score()
        .into_iter()
        .map(|r| (r.title.as_str(), r.score()))
        .collect();
    assert_eq!(
        order,
        vec![
            ("Worst", 25),
            ("Another twelve", 12),
            ("Open twelve", 12),
            ("Mitigated twelve", 12),
            ("Low", 2),
        ]
    );
}

#[test]
fn heat_map_counts_open_and_mitigated_risks_but_not_closed_ones() {
    let mut env = env();
    let (mut p, ..) = board(&mut env);
    p.add_risk(&mut env, risk("A", 4, 5, RiskStatus::Open))
        .unwrap();
    p.add_risk(&mut env, risk("B", 4, 5, RiskStatus::Mitigated))
        .unwrap();
    let c = p
        .add_risk(&mut env, risk("C", 4, 5, RiskStatus::Open))
        .unwrap();
    p.add_risk(&mut env, risk("D", 1, 1, RiskStatus::Closed))
        .unwrap();
    p.add_risk(&mut env, risk("E", 2, 3, RiskStatus::Open))
        .unwrap();
    let m = p.heat_map();
    assert_eq!(m[3][4], 3);
    assert_eq!(m[0][0], 0, "closed risks are left out");
    assert_eq!(m[1][2], 1);
    assert_eq!(m.iter().flatten().sum::<usize>(), 4);

    // Closing one moves it off the map; deleting another too.
    p.update_risk(&mut env, &c, risk("C", 4, 5, RiskStatus::Closed))
        .unwrap();
    assert_eq!(p.heat_map()[3][4], 2);
    let e = p.risks.iter().find(|r| r.title == "E").unwrap().id.clone();
    p.delete_risk(&mut env, &e).unwrap();
    assert_eq!(p.heat_map()[1][2], 0);
    assert_eq!(p.risks.len(), 4);
}

#[test]
fn risk_fields_outside_one_to_five_are_refused_and_nothing_changes() {
    let mut env = env();
    let (mut p, ..) = board(&mut env);
    let before = p.clone();
    for (l, i) in [(0, 3), (6, 3), (3, 0), (3, 6)] {
        let err = p
            .add_risk(&mut env, risk("Supplier late", l, i, RiskStatus::Open))
            .unwrap_err();
        assert!(matches!(err, DomainError::Invalid(_)), "{err:?}");
        assert!(err.to_string().contains("between 1 and 5"), "{err}");
    }
    assert!(matches!(
        p.add_risk(&mut env, risk("  ", 3, 3, RiskStatus::Open)),
        Err(DomainError::Empty(_))
    ));
    assert_eq!(p, before);

    let id = p
        .add_risk(&mut env, risk("Supplier late", 3, 3, RiskStatus::Open))
        .unwrap();
    let kept = p.clone();
    assert!(p
        .update_risk(&mut env, &id, risk("Supplier late", 6, 3, RiskStatus::Open))
        .is_err());
    assert_eq!(p, kept);
    assert_eq!(p.risks[0].score(), 9);
}

#[test]
fn progress_by_count_and_by_estimate() {
    let mut env = env();
    let (mut p, todo, _, done) = board(&mut env);
    assert_eq!(p.progress(d(2026, 3, 2)).pct_count(), 0);
    assert_eq!(p.progress(d(2026, 3, 2)).pct_estimate(), 0);

    let mut ids = Vec::new();
    for (t, est, planned, actual) in [
        ("A", Some(1.0), Some(10_000), Some(12_000)),
        ("B", Some(2.0), Some(5_000), None),
        ("C", Some(5.0), None, Some(1_000)),
        ("D", None, None, None),
    ] {
        let id = p.add_card(&mut env, &todo, t).unwrap();
        let mut f = CardFields::of(p.card(&id).unwrap());
        f.estimate = est;
        f.cost_planned = planned;
        f.cost_actual = actual;
        if t == "D" {
            f.due = Some(d(2026, 3, 1));
        }
        p.update_card(&mut env, &id, f).unwrap();
        ids.push(id);
    }
    p.move_card(&mut env, &ids[0], &done, 0).unwrap();
    p.move_card(&mut env, &ids[1], &done, 0).unwrap();

    let pr = p.progress(d(2026, 3, 2));
    assert_eq!((pr.done, pr.total), (2, 4));
    assert_eq!(pr.pct_count(), 50);
    assert_eq!(pr.estimate_done, 3.0);
    assert_eq!(pr.estimate_total, 8.0);
    assert_eq!(
        pr.pct_estimate(),
        38,
        "3 of 8 is 37.5%, rounded to the nearest"
    );
    assert_eq!(pr.overdue, 1, "D is past due and not done");
    assert_eq!(pr.cost_planned, 15_000);
    assert_eq!(pr.cost_actual, 13_000);

    // Archived cards still count; a done card is never overdue.
    p.set_archived(&mut env, &ids[2], true).unwrap();
    p.move_card(&mut env, &ids[3], &done, 0).unwrap();
    let pr = p.progress(d(2026, 3, 2));
    assert_eq!((pr.done, pr.total, pr.overdue), (3, 4, 0));
    assert_eq!(pr.pct_count(), 75);
}

#[test]
fn wip_excess_reports_only_columns_over_their_limit() {
    let mut env = env();
    let (mut p, todo, doing, _) = board(&mut env);
    for t in ["A", "B", "C"] {
        let id = p.add_card(&mut env, &todo, t).unwrap();
        p.move_card(&mut env, &id, &doing, 9).unwrap();
    }
    assert_eq!(p.wip_excess(&doing), None, "no limit, no excess");
    p.set_wip_limit(&mut env, &doing, Some(3)).unwrap();
    assert_eq!(p.wip_excess(&doing), None, "at the limit is fine");
    p.set_wip_limit(&mut env, &doing, Some(2)).unwrap();
    assert_eq!(p.wip_excess(&doing), Some((3, 2)));
    // Archived cards are off the board and don't count.
    let first = p.cards_in(&doing).next().unwrap().id.clone();
    p.set_archived(&mut env, &first, true).unwrap();
    assert_eq!(p.wip_excess(&doing), None);
    assert!(p.set_wip_limit(&mut env, &doing, Some(0)).is_err());
    assert_eq!(p.wip_excess(&todo), None);
}

#[test]
fn flow_spans_from_the_first_move_to_today() {
    let mut env = env();
    let (mut p, todo, ..) = board(&mut env);
    p.add_card(&mut env, &todo, "A").unwrap();
    let flow = p.flow(d(2026, 3, 2) + Duration::days(30));
    assert_eq!(flow.len(), 31);
    assert!(flow.iter().all(|(_, c)| c == &vec![1, 0, 0]));
}

#[test]
fn burndown_counts_cards_not_done_at_the_end_of_each_day() {
    let mut env = env();
    let (mut p, todo, doing, done) = board(&mut env);
    // Day 1 (2 Mar): three cards.
    let a = p.add_card(&mut env, &todo, "A").unwrap();
    let b = p.add_card(&mut env, &todo, "B").unwrap();
    p.add_card(&mut env, &todo, "C").unwrap();
    // Day 2: A done (via Doing). Day 3: B done, a fourth card arrives.
    env.advance(DAY);
    p.move_card(&mut env, &a, &doing, 0).unwrap();
    p.move_card(&mut env, &a, &done, 0).unwrap();
    env.advance(DAY);
    p.move_card(&mut env, &b, &done, 0).unwrap();
    p.add_card(&mut env, &todo, "D").unwrap();
    // Day 4: A is reopened (back to Doing): not done counts go up again.
    env.advance(DAY);
    p.move_card(&mut env, &a, &doing, 0).unwrap();

    let burn = p.burndown(d(2026, 3, 6));
    assert_eq!(
        burn,
        vec![
            (d(2026, 3, 2), 3),
            (d(2026, 3, 3), 2),
            (d(2026, 3, 4), 2),
            (d(2026, 3, 5), 3),
            (d(2026, 3, 6), 3),
        ]
    );
    // The same days as the cumulative flow.
    let flow_days: Vec<NaiveDate> = p.flow(d(2026, 3, 6)).into_iter().map(|f| f.0).collect();
    assert_eq!(burn.iter().map(|b| b.0).collect::<Vec<_>>(), flow_days);
}

#[test]
fn burndown_follows_the_marked_done_column_not_the_last_one() {
    let mut env = env();
    let (mut p, todo, doing, done) = board(&mut env);
    let a = p.add_card(&mut env, &todo, "A").unwrap();
    let b = p.add_card(&mut env, &todo, "B").unwrap();
    p.move_card(&mut env, &a, &doing, 0).unwrap();
    p.move_card(&mut env, &b, &done, 0).unwrap();
    assert_eq!(
        p.done_index(),
        Some(2),
        "no done column marked: the last one"
    );
    assert_eq!(p.burndown(d(2026, 3, 2)), vec![(d(2026, 3, 2), 1)]);
    // "Doing" marked as done: A is done, B (in the last column) is not.
    p.set_done_column(&mut env, &doing).unwrap();
    assert_eq!(p.done_index(), Some(1));
    assert_eq!(p.burndown(d(2026, 3, 2)), vec![(d(2026, 3, 2), 1)]);
    let c = p.add_card(&mut env, &todo, "C").unwrap();
    assert_eq!(p.burndown(d(2026, 3, 2)), vec![(d(2026, 3, 2), 2)]);
    p.move_card(&mut env, &c, &doing, 0).unwrap();
    assert_eq!(p.burndown(d(2026, 3, 2)), vec![(d(2026, 3, 2), 1)]);
    // A board with no cards has no series.
    let (empty, ..) = board(&mut env);
    assert!(empty.burndown(d(2026, 3, 2)).is_empty());
}

#[test]
fn due_state_is_overdue_before_today_soon_within_three_days_and_done_in_the_done_column() {
    use docket::domain::report::Due;
    let mut env = env();
    let (mut p, todo, _, done) = board(&mut env);
    let today = d(2026, 3, 10);
    let mut state = |p: &mut Project, due: Option<NaiveDate>| {
        let id = p.add_card(&mut env, &todo, "Card").unwrap();
        let mut f = CardFields::of(p.card(&id).unwrap());
        f.due = due;
        p.update_card(&mut env, &id, f).unwrap();
        (id.clone(), p.due_state(p.card(&id).unwrap(), today))
    };
    assert_eq!(state(&mut p, None).1, Due::None);
    assert_eq!(state(&mut p, Some(d(2026, 3, 9))).1, Due::Overdue);
    assert_eq!(state(&mut p, Some(d(2026, 1, 1))).1, Due::Overdue);
    assert_eq!(state(&mut p, Some(today)).1, Due::Soon, "due today");
    assert_eq!(
        state(&mut p, Some(d(2026, 3, 13))).1,
        Due::Soon,
        "in 3 days"
    );
    assert_eq!(
        state(&mut p, Some(d(2026, 3, 14))).1,
        Due::Later,
        "in 4 days"
    );
    let (late, s) = state(&mut p, Some(d(2026, 3, 1)));
    assert_eq!(s, Due::Overdue);
    // Done: never overdue or soon, whatever the date.
    p.move_card(&mut env, &late, &done, 0).unwrap();
    assert_eq!(p.due_state(p.card(&late).unwrap(), today), Due::Done);
    // Only the done column counts as done.
    p.move_card(&mut env, &late, &todo, 0).unwrap();
    assert_eq!(p.due_state(p.card(&late).unwrap(), today), Due::Overdue);
}

#[test]
fn the_ideal_burndown_runs_from_the_first_day_to_none_at_the_target_end() {
    use docket::domain::board::Charter;
    let mut env = env();
    let (mut p, todo, _, _) = board(&mut env);
    p.add_card(&mut env, &todo, "A").unwrap();
    p.add_card(&mut env, &todo, "B").unwrap();
    let burn = p.burndown(d(2026, 3, 4));
    let (first, start) = burn[0];
    // No target end: no ideal line.
    assert_eq!(p.ideal_burndown(first, start), None);
    let mut c = Charter {
        objective: String::new(),
        scope_in: String::new(),
        scope_out: String::new(),
        deliverables: Vec::new(),
        start: None,
        target_end: Some(d(2026, 3, 12)),
        budget: None,
        stakeholders: Vec::new(),
        status: docket::domain::ProjectStatus::Active,
    };
    p.set_charter(&mut env, c.clone()).unwrap();
    assert_eq!(
        p.ideal_burndown(first, start),
        Some([(d(2026, 3, 2), 2.0), (d(2026, 3, 12), 0.0)])
    );
    // A target end on or before the first day draws nothing.
    c.target_end = Some(d(2026, 3, 2));
    p.set_charter(&mut env, c).unwrap();
    assert_eq!(p.ideal_burndown(first, start), None);
}
