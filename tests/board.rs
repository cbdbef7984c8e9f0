//! Native tests of the projects issue's board rules: dependencies and cycles, WIP limits,
//! card fields, labels, trash, people, undo/redo, and ordering under arbitrary moves.
#![cfg(not(target_arch = "wasm32"))]

use chrono::{NaiveDate, TimeZone, Utc};
use docket::domain::board::CardFields;
use docket::domain::people::find_or_add;
use docket::domain::{FixedEnv, Id, Priority, Project};
use proptest::prelude::*;

fn env() -> FixedEnv {
    FixedEnv::new(Utc.with_ymd_and_hms(2026, 3, 2, 9, 0, 0).unwrap(), 3)
}

fn board(env: &mut FixedEnv, n: usize) -> (Project, Vec<Id>, Vec<Id>) {
    let mut p = Project::starter(env, "Launch").unwrap();
    let cols: Vec<Id> = p.columns.iter().map(|c| c.id.clone()).collect();
    let cards = (0..n)
        .map(|i| p.add_card(env, &cols[0], &format!("Card {i}")).unwrap())
        .collect();
    (p, cols, cards)
}

#[test]
fn dependency_cycles_are_refused_with_the_chain_named() {
    let mut env = env();
    let (mut p, _, c) = board(&mut env, 4);
    p.set_blockers(&mut env, &c[1], vec![c[0].clone()]).unwrap();
    p.set_blockers(&mut env, &c[2], vec![c[1].clone()]).unwrap();
    let before = p.clone();
    let err = p
        .set_blockers(&mut env, &c[0], vec![c[2].clone()])
        .unwrap_err();
    let msg = err.to_string();
    assert!(msg.contains("loop"), "{msg}");
    assert!(
        msg.contains("“Card 0”") && msg.contains("“Card 2”"),
        "{msg}"
    );
    assert_eq!(p, before, "a refused dependency changes nothing");
    assert!(p.set_blockers(&mut env, &c[0], vec![c[0].clone()]).is_err());
    assert!(p
        .set_blockers(&mut env, &c[0], vec![Id("ghost".into())])
        .is_err());
    // Not a cycle: a diamond.
    p.set_blockers(&mut env, &c[3], vec![c[1].clone(), c[2].clone()])
        .unwrap();
}

#[test]
fn open_blockers_follow_the_done_column() {
    let mut env = env();
    let (mut p, cols, c) = board(&mut env, 3);
    p.set_blockers(&mut env, &c[2], vec![c[0].clone(), c[1].clone()])
        .unwrap();
    assert_eq!(p.open_blockers(&c[2]).len(), 2);
    p.move_card(&mut env, &c[0], &cols[2], 0).unwrap();
    let open: Vec<&str> = p
        .open_blockers(&c[2])
        .iter()
        .map(|b| b.title.as_str())
        .collect();
    assert_eq!(open, ["Card 1"]);
    // Choosing another done column changes what counts as done.
    p.set_done_column(&mut env, &cols[1]).unwrap();
    assert_eq!(p.open_blockers(&c[2]).len(), 2);
    // Deleting a blocker frees the card.
    p.delete_card(&mut env, &c[1]).unwrap();
    assert_eq!(p.card(&c[2]).unwrap().blocked_by, vec![c[0].clone()]);
}

#[test]
fn wip_limits_count_live_cards_only() {
    let mut env = env();
    let (mut p, cols, c) = board(&mut env, 4);
    assert!(p.set_wip_limit(&mut env, &cols[0], Some(0)).is_err());
    p.set_wip_limit(&mut env, &cols[0], Some(3)).unwrap();
    assert_eq!(p.wip_excess(&cols[0]), Some((4, 3)));
    p.set_archived(&mut env, &c[0], true).unwrap();
    assert_eq!(p.wip_excess(&cols[0]), None, "archived cards don't count");
    assert_eq!(p.archived_cards().len(), 1);
    p.set_wip_limit(&mut env, &cols[0], None).unwrap();
    assert_eq!(p.wip_excess(&cols[0]), None);
    p.set_collapsed(&mut env, &cols[0], true).unwrap();
    assert!(p.column(&cols[0]).unwrap().collapsed);
}

#[test]
fn card_fields_are_validated_then_saved_together() {
    let mut env = env();
    let (mut p, _, c) = board(&mut env, 1);
    let design = p.add_label(&mut env, "Design", "#6d28d9").unwrap();
    assert!(
        p.add_label(&mut env, "design", "#1f47a3").is_err(),
        "duplicate name"
    );
    assert!(
        p.add_label(&mut env, "Ops", "#ffffff").is_err(),
        "not an accessible colour"
    );
    let d = |day| NaiveDate::from_ymd_opt(2026, 3, day);
    let good = CardFields {
        title: "Pick a provider".into(),
        description: "Three quotes".into(),
        assignees: vec![Id("p1".into())],
        start: d(3),
        due: d(9),
        priority: Priority::High,
        labels: vec![design.clone()],
        estimate: Some(2.5),
        cost_planned: Some(30_000),
        cost_actual: Some(12_550),
        milestone: true,
    };
    let before = p.clone();
    for bad in [
        CardFields {
            due: d(1),
            ..good.clone()
        },
        CardFields {
            estimate: Some(-1.0),
            ..good.clone()
        },
        CardFields {
            cost_actual: Some(-5),
            ..good.clone()
        },
        CardFields {
            labels: vec![Id("nope".into())],
            ..good.clone()
        },
        CardFields {
            title: " ".into(),
            ..good.clone()
        },
    ] {
        assert!(p.update_card(&mut env, &c[0], bad).is_err());
        assert_eq!(p, before);
    }
    env.advance(5);
    p.update_card(&mut env, &c[0], good.clone()).unwrap();
    let card = p.card(&c[0]).unwrap();
    assert_eq!(CardFields::of(card), good);
    assert_eq!(card.updated, env.now);
    p.delete_label(&mut env, &design).unwrap();
    assert!(p.card(&c[0]).unwrap().labels.is_empty());
}

#[test]
fn subtasks_tick_and_count() {
    let mut env = env();
    let (mut p, _, c) = board(&mut env, 1);
    let a = p.add_subtask(&mut env, &c[0], "Call A").unwrap();
    p.add_subtask(&mut env, &c[0], "Call B").unwrap();
    assert!(p.add_subtask(&mut env, &c[0], "").is_err());
    p.set_subtask_done(&mut env, &c[0], &a, true).unwrap();
    let subs = &p.card(&c[0]).unwrap().subtasks;
    assert_eq!((subs.iter().filter(|s| s.done).count(), subs.len()), (1, 2));
    p.delete_subtask(&mut env, &c[0], &a).unwrap();
    assert_eq!(p.card(&c[0]).unwrap().subtasks.len(), 1);
}

#[test]
fn trash_restores_cards_even_when_their_column_is_gone() {
    let mut env = env();
    let (mut p, cols, c) = board(&mut env, 2);
    p.move_card(&mut env, &c[1], &cols[1], 0).unwrap();
    p.delete_card(&mut env, &c[1]).unwrap();
    p.delete_column(&mut env, &cols[1]).unwrap();
    assert_eq!(p.trash.len(), 2);
    p.restore(&mut env, &c[1]).unwrap();
    assert_eq!(
        p.card(&c[1]).unwrap().column,
        cols[0],
        "to the first column"
    );
    p.restore(&mut env, &cols[1]).unwrap();
    assert_eq!(p.columns.len(), 3);
    assert!(
        p.restore(&mut env, &c[1]).is_err(),
        "not in the trash any more"
    );
}

#[test]
fn people_are_found_or_added_by_name() {
    let mut env = env();
    let mut people = Vec::new();
    let (a, added) = find_or_add(&mut people, &mut env, "Ana Lima").unwrap();
    assert!(added);
    let (b, added) = find_or_add(&mut people, &mut env, " ana lima ").unwrap();
    assert!(!added);
    assert_eq!(a, b);
    assert!(find_or_add(&mut people, &mut env, "").is_err());
    assert_eq!(people[0].initials(), "AL");
    assert!(docket::domain::Person::new(&mut env, "X", "", "not-an-email").is_err());
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]
    /// Any sequence of moves keeps every column a strict order, loses no card, and matches
    /// a plain list model of the board.
    #[test]
    fn arbitrary_moves_keep_order(moves in proptest::collection::vec((0usize..8, 0usize..3, 0usize..10), 1..80)) {
        let mut env = env();
        let (mut p, cols, cards) = board(&mut env, 8);
        let mut model: Vec<Vec<Id>> = vec![cards.clone(), vec![], vec![]];
        for (card, col, to) in moves {
            let id = &cards[card];
            let at = p.move_card_to(&mut env, id, &cols[col], to).unwrap();
            prop_assert_eq!(&p.cards[at].id, id);
            for m in model.iter_mut() { m.retain(|x| x != id); }
            let to = to.min(model[col].len());
            model[col].insert(to, id.clone());
            for (i, c) in cols.iter().enumerate() {
                let got: Vec<Id> = p.cards_in(c).map(|c| c.id.clone()).collect();
                prop_assert_eq!(&got, &model[i]);
                let ranks: Vec<&str> = p.cards_in(c).map(|c| c.rank.as_str()).collect();
                prop_assert!(ranks.windows(2).all(|w| w[0] < w[1]));
            }
        }
        prop_assert_eq!(p.cards.len(), 8);
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]
    /// Putting one card whose rank changed back in its place (the cards in between shift)
    /// gives the same order as sorting every card again.
    #[test]
    fn a_card_resorted_in_place_lands_where_a_full_sort_puts_it(
        n in 1usize..30, which in 0usize..30, rank in "[0-9a-z]{1,4}"
    ) {
        let mut env = env();
        let (mut p, _, _) = board(&mut env, n);
        let i = which % n;
        p.cards[i].rank = rank;
        let mut expect = p.cards.clone();
        expect.sort_by(|a, b| a.rank.cmp(&b.rank).then(a.id.cmp(&b.id)));
        let moved = p.cards[i].id.clone();
        let at = docket::domain::project::resort_card(&mut p.cards, i);
        prop_assert_eq!(&p.cards[at].id, &moved);
        prop_assert_eq!(p.cards, expect);
    }
}

#[test]
fn a_card_planned_to_start_before_its_blocker_ends_is_a_conflict() {
    let mut env = env();
    let (mut p, _, c) = board(&mut env, 2);
    let day = |d: u32| NaiveDate::from_ymd_opt(2026, 3, d);
    let dates = |p: &mut Project, env: &mut FixedEnv, id: &Id, start, due| {
        let mut f = CardFields::of(p.card(id).unwrap());
        f.start = start;
        f.due = due;
        p.update_card(env, id, f).unwrap();
    };
    dates(&mut p, &mut env, &c[0], day(2), day(10));
    dates(&mut p, &mut env, &c[1], day(4), day(12));
    assert!(Project::dependency_conflict(
        p.card(&c[0]).unwrap(),
        p.card(&c[1]).unwrap()
    ));
    dates(&mut p, &mut env, &c[1], day(10), day(12));
    assert!(
        Project::dependency_conflict(p.card(&c[0]).unwrap(), p.card(&c[1]).unwrap()),
        "starting on the day the blocker ends is still too early"
    );
    dates(&mut p, &mut env, &c[1], day(11), None);
    assert!(!Project::dependency_conflict(
        p.card(&c[0]).unwrap(),
        p.card(&c[1]).unwrap()
    ));
    dates(&mut p, &mut env, &c[1], None, None);
    assert!(!Project::dependency_conflict(
        p.card(&c[0]).unwrap(),
        p.card(&c[1]).unwrap()
    ));
}

#[test]
fn the_card_dialog_saves_its_subtasks_and_blockers_with_the_card() {
    use docket::domain::project::Subtask;
    let mut env = env();
    let (mut p, _, c) = board(&mut env, 2);
    let kept = p.add_subtask(&mut env, &c[0], "Call").unwrap();
    let draft = vec![
        Subtask {
            id: kept.clone(),
            text: "Call the client".into(),
            done: true,
        },
        Subtask {
            id: Id("draft-0".into()),
            text: "Send the quote".into(),
            done: false,
        },
    ];
    p.set_subtasks(&mut env, &c[0], draft).unwrap();
    let subs = &p.card(&c[0]).unwrap().subtasks;
    assert_eq!(subs.len(), 2);
    assert_eq!(subs[0].id, kept, "a kept subtask keeps its id");
    assert!(subs[0].done);
    assert_ne!(subs[1].id, Id("draft-0".into()), "a new one gets a real id");
    let before = p.clone();
    let blank = vec![Subtask {
        id: Id("draft-1".into()),
        text: "  ".into(),
        done: false,
    }];
    assert!(p.set_subtasks(&mut env, &c[0], blank).is_err());
    assert_eq!(p, before);
    // A blocker is checked before the dialog keeps it: a loop is refused, nothing changes.
    p.set_blockers(&mut env, &c[1], vec![c[0].clone()]).unwrap();
    let err = p.check_blockers(&c[0], &[c[1].clone()]).unwrap_err();
    assert!(err.to_string().contains("loop"), "{err}");
    assert!(p.check_blockers(&c[0], &[]).is_ok());
}
