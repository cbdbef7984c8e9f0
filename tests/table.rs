//! Native tests of a board's table view (issue 19, part 4): rows sorted and filtered with
//! the board's filter, a row edited in place, and the operations on many cards at once
//! (move, assign, label, delete), each one step through the Session: one undo puts every
//! card back, and what is stored follows.
#![cfg(not(target_arch = "wasm32"))]

mod session;

use chrono::{Datelike, NaiveDate, TimeZone, Utc};
use docket::domain::board::CardFields;
use docket::domain::filter::{DueFilter, Filter};
use docket::domain::table::{self, RowEdit, RowField, Sort, SortKey};
use docket::domain::{Env, FixedEnv, Id, Person, Priority, Project};
use docket::storage::MemoryStore;
use proptest::prelude::*;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn env() -> FixedEnv {
    FixedEnv::new(Utc.with_ymd_and_hms(2026, 11, 2, 9, 0, 0).unwrap(), 41)
}

const TODAY: (i32, u32, u32) = (2026, 11, 2);

fn today() -> NaiveDate {
    d(TODAY.0, TODAY.1, TODAY.2)
}

/// A card of the test board: (title, column 0–2, due, estimate, priority, assignees).
type Spec = (
    &'static str,
    usize,
    Option<NaiveDate>,
    Option<f64>,
    Priority,
    Vec<Id>,
);

fn board(env: &mut FixedEnv, cards: Vec<Spec>) -> Project {
    let mut p = Project::starter(env, "Relaunch").unwrap();
    for (title, col, due, estimate, priority, assignees) in cards {
        let column = p.columns[col].id.clone();
        let id = p.add_card(env, &column, title).unwrap();
        let mut f = CardFields::of(p.card(&id).unwrap());
        (f.due, f.estimate, f.priority, f.assignees) = (due, estimate, priority, assignees);
        p.update_card(env, &id, f).unwrap();
    }
    p
}

fn titles(p: &Project, ids: &[Id]) -> Vec<String> {
    ids.iter()
        .map(|i| p.card(i).unwrap().title.clone())
        .collect()
}

fn people(env: &mut FixedEnv) -> Vec<Person> {
    ["Zoe", "ana", "Ben"]
        .into_iter()
        .map(|n| Person::new(env, n, "", "").unwrap())
        .collect()
}

#[test]
fn rows_sort_by_each_column_with_empty_cells_last_and_filter_like_the_board() {
    let mut env = env();
    let who = people(&mut env);
    let (zoe, ana, ben) = (who[0].id.clone(), who[1].id.clone(), who[2].id.clone());
    let p = board(
        &mut env,
        vec![
            (
                "Copy",
                1,
                Some(d(2026, 11, 20)),
                Some(3.0),
                Priority::High,
                vec![zoe.clone()],
            ),
            (
                "Audit",
                0,
                Some(d(2026, 10, 1)),
                None,
                Priority::None,
                vec![],
            ),
            (
                "Brief",
                2,
                None,
                Some(1.5),
                Priority::Urgent,
                vec![ana.clone()],
            ),
            (
                "Deploy",
                0,
                Some(d(2026, 11, 5)),
                Some(8.0),
                Priority::Low,
                vec![ben.clone(), zoe],
            ),
        ],
    );
    let rows = |f: &Filter, s: Sort| titles(&p, &table::rows(&p, &who, f, today(), s));
    let all = Filter::default();
    let by = |key, descending| Sort { key, descending };
    // The board's order: columns left to right, each top to bottom.
    assert_eq!(
        rows(&all, Sort::default()),
        ["Audit", "Deploy", "Copy", "Brief"]
    );
    assert_eq!(
        rows(&all, by(SortKey::Title, false)),
        ["Audit", "Brief", "Copy", "Deploy"]
    );
    assert_eq!(
        rows(&all, by(SortKey::Title, true)),
        ["Deploy", "Copy", "Brief", "Audit"]
    );
    assert_eq!(
        rows(&all, by(SortKey::Column, true)),
        ["Brief", "Copy", "Audit", "Deploy"]
    );
    // No due date comes last both ways.
    assert_eq!(
        rows(&all, by(SortKey::Due, false)),
        ["Audit", "Deploy", "Copy", "Brief"]
    );
    assert_eq!(
        rows(&all, by(SortKey::Due, true)),
        ["Copy", "Deploy", "Audit", "Brief"]
    );
    // "No priority" is no value: last.
    assert_eq!(
        rows(&all, by(SortKey::Priority, true)),
        ["Brief", "Copy", "Deploy", "Audit"]
    );
    assert_eq!(
        rows(&all, by(SortKey::Estimate, false)),
        ["Brief", "Copy", "Deploy", "Audit"]
    );
    // Assignees by name, case ignored ("ana" < "ben, zoe" < "zoe"); nobody last.
    assert_eq!(
        rows(&all, by(SortKey::Assignees, false)),
        ["Brief", "Deploy", "Copy", "Audit"]
    );
    // The board's filter: text, priority, due (overdue is before today and not done).
    let f = Filter {
        text: "de".into(),
        ..Filter::default()
    };
    assert_eq!(rows(&f, Sort::default()), ["Deploy"]);
    let f = Filter {
        due: DueFilter::Overdue,
        ..Filter::default()
    };
    assert_eq!(rows(&f, Sort::default()), ["Audit"]);
    let f = Filter {
        assignee: ana.to_string(),
        ..Filter::default()
    };
    assert_eq!(rows(&f, by(SortKey::Title, true)), ["Brief"]);
    // Archived cards are not on the board, so not in the table.
    let mut q = p.clone();
    let audit = q
        .cards
        .iter()
        .find(|c| c.title == "Audit")
        .unwrap()
        .id
        .clone();
    q.set_archived(&mut env, &audit, true).unwrap();
    assert_eq!(
        titles(&q, &table::rows(&q, &who, &all, today(), Sort::default())),
        ["Deploy", "Copy", "Brief"]
    );
    // A click on a heading sorts by it, a second click reverses it.
    let s = Sort::default().toggled(SortKey::Due);
    assert_eq!((s.key, s.descending), (SortKey::Due, false));
    assert!(s.toggled(SortKey::Due).descending);
    assert!(!s.toggled(SortKey::Due).toggled(SortKey::Title).descending);
}

fn spec() -> impl Strategy<Value = Vec<(usize, Option<u32>, Option<u8>, u8)>> {
    prop::collection::vec(
        (
            0usize..3,
            prop::option::of(0u32..60),
            prop::option::of(0u8..20),
            0u8..5,
        ),
        0..30,
    )
}

proptest! {
    /// Whatever the cards: the rows are the board's cards once each; cards with a value
    /// come first, in the key's order (reversed when descending), empty ones last in the
    /// board's order; equal values keep the board's order.
    #[test]
    fn a_sort_is_a_permutation_with_empty_cells_last_and_ties_in_board_order(
        cards in spec(), key in 0usize..4, descending: bool,
    ) {
        let mut env = env();
        let specs: Vec<Spec> = cards
            .iter()
            .enumerate()
            .map(|(i, (col, due, est, pr))| {
                let title: &'static str = Box::leak(format!("c{i:02}").into_boxed_str());
                (
                    title,
                    *col,
                    due.map(|n| d(2026, 10, 1) + chrono::Duration::days(i64::from(n))),
                    est.map(f64::from),
                    Priority::ALL[usize::from(*pr)],
                    vec![],
                )
            })
            .collect();
        let p = board(&mut env, specs);
        let key = [SortKey::Due, SortKey::Estimate, SortKey::Priority, SortKey::Column][key];
        let sort = Sort { key, descending };
        let ids = table::rows(&p, &[], &Filter::default(), today(), sort);
        let board = table::rows(&p, &[], &Filter::default(), today(), Sort::default());
        let mut a = ids.clone();
        let mut b = board.clone();
        a.sort();
        b.sort();
        prop_assert_eq!(a, b);
        let pos = |id: &Id| board.iter().position(|x| x == id).unwrap();
        let val = |id: &Id| -> Option<i64> {
            let c = p.card(id).unwrap();
            match key {
                SortKey::Due => c.due.map(|d| i64::from(d.ordinal())),
                SortKey::Estimate => c.estimate.map(|e| e as i64),
                SortKey::Priority => (c.priority != Priority::None).then_some(c.priority as i64),
                SortKey::Column => Some(p.column_index(&c.column).unwrap() as i64),
                _ => unreachable!(),
            }
        };
        for w in ids.windows(2) {
            let (x, y) = (&w[0], &w[1]);
            match (val(x), val(y)) {
                (None, Some(_)) => prop_assert!(false, "an empty cell before a value"),
                (Some(a), Some(b)) if a != b => prop_assert_eq!(a < b, !descending),
                (Some(_), None) => {}
                _ => prop_assert!(pos(x) < pos(y), "ties keep the board's order"),
            }
        }
    }
}

#[test]
fn a_row_reads_what_was_typed_and_says_which_field_is_wrong() {
    let mut env = env();
    let p = board(
        &mut env,
        vec![("Copy", 0, None, None, Priority::None, vec![])],
    );
    let row = RowEdit::of(&p.cards[0]);
    let mut t = row.text();
    assert_eq!(t.parse().unwrap(), row);
    t.start = "2026-12-01".into();
    t.due = "2026-11-30".into();
    assert_eq!(t.parse().unwrap_err().0, RowField::Due);
    t.due = "2026-12-24".into();
    t.estimate = "2,5".into();
    t.cost_planned = "1,200.50".into();
    t.priority = "high".into();
    let r = t.parse().unwrap();
    assert_eq!(
        (r.start, r.due, r.estimate, r.cost_planned, r.priority),
        (
            Some(d(2026, 12, 1)),
            Some(d(2026, 12, 24)),
            Some(2.5),
            Some(120_050),
            Priority::High
        )
    );
    // The text of a row reads back to the same row (money without separators).
    assert_eq!(r.text().parse().unwrap(), r);
    assert_eq!(r.text().cost_planned, "1200.50");
    for (field, set) in [
        (RowField::Estimate, ("estimate", "-1")),
        (RowField::Estimate, ("estimate", "lots")),
        (RowField::CostActual, ("cost_actual", "-5")),
        (RowField::Start, ("start", "31/12")),
        (RowField::Title, ("title", "   ")),
        (RowField::Priority, ("priority", "huge")),
    ] {
        let mut bad = t.clone();
        let v = set.1.to_string();
        match set.0 {
            "estimate" => bad.estimate = v,
            "cost_actual" => bad.cost_actual = v,
            "start" => bad.start = v,
            "title" => bad.title = v,
            _ => bad.priority = v,
        }
        let (f, msg) = bad.parse().unwrap_err();
        assert_eq!(f, field, "{msg}");
        assert!(!msg.is_empty());
    }
}

#[test]
fn a_row_saves_only_what_the_person_changed_and_moves_to_the_bottom_of_its_new_column() {
    let mut env = env();
    let mut p = board(
        &mut env,
        vec![
            ("Copy", 0, None, None, Priority::None, vec![]),
            ("Done one", 2, None, None, Priority::None, vec![]),
        ],
    );
    let id = p
        .cards
        .iter()
        .find(|c| c.title == "Copy")
        .unwrap()
        .id
        .clone();
    let opened = RowEdit::of(p.card(&id).unwrap());
    // Meanwhile someone else sets the estimate.
    let mut f = CardFields::of(p.card(&id).unwrap());
    f.estimate = Some(4.0);
    p.update_card(&mut env, &id, f).unwrap();
    let mut mine = opened.clone();
    mine.title = "Copy for the home page".into();
    mine.column = p.columns[2].id.clone();
    mine.due = Some(d(2026, 12, 1));
    let clashes = p.save_row(&mut env, &id, &opened, mine).unwrap();
    assert!(clashes.is_empty());
    let c = p.card(&id).unwrap();
    assert_eq!(c.title, "Copy for the home page");
    assert_eq!(c.estimate, Some(4.0), "their estimate stays");
    assert_eq!(c.due, Some(d(2026, 12, 1)));
    let done = p.columns[2].id.clone();
    assert_eq!(
        p.cards_in(&done)
            .map(|c| c.title.as_str())
            .collect::<Vec<_>>(),
        ["Done one", "Copy for the home page"]
    );
    // A column that is gone is refused; nothing changes.
    let before = p.clone();
    let opened = RowEdit::of(p.card(&id).unwrap());
    let mut mine = opened.clone();
    mine.column = Id("gone".into());
    assert!(p.save_row(&mut env, &id, &opened, mine).is_err());
    assert_eq!(p, before);
}

#[test]
fn operations_on_many_cards_are_one_step_each_through_the_session() {
    let mut s = session::open::<MemoryStore>(None);
    let _ = s.load_sample(session::day()).unwrap();
    let pid = s.workspace().projects[0].id.clone();
    let p = s.project(&pid).unwrap().clone();
    let picked: Vec<Id> = p
        .cards
        .iter()
        .filter(|c| !c.archived)
        .take(4)
        .map(|c| c.id.clone())
        .collect();
    let done = p.done_column_id().unwrap().clone();
    let stored = |s: &session::Scripted<MemoryStore>| {
        let ws = session::loads(&s.repo().unwrap().store().inner.snapshot());
        ws.projects.into_iter().find(|p| p.id == pid).unwrap()
    };
    let before = stored(&s);

    // Move: every picked card ends in the done column; one undo puts them all back.
    let n = s
        .edit_project_cards(&pid, "move 4 cards", &picked, |p, env| {
            p.move_cards(env, &picked, &done)
        })
        .unwrap()
        .value;
    assert!(n > 0);
    let now = stored(&s);
    assert!(picked.iter().all(|id| now.card(id).unwrap().column == done));
    let _ = s.undo().unwrap();
    let back = stored(&s);
    for id in &picked {
        assert_eq!(
            back.card(id).unwrap().column,
            before.card(id).unwrap().column
        );
        assert_eq!(back.card(id).unwrap().rank, before.card(id).unwrap().rank);
    }
    let _ = s.redo().unwrap();
    assert!(picked
        .iter()
        .all(|id| stored(&s).card(id).unwrap().column == done));

    // Assign someone to all, then take them off all.
    let who = s.workspace().people[0].id.clone();
    let _ = s
        .edit_project_cards(&pid, "assign 4 cards", &picked, |p, env| {
            p.assign_cards(env, &picked, &who, true)
        })
        .unwrap();
    assert!(picked
        .iter()
        .all(|id| stored(&s).card(id).unwrap().assignees.contains(&who)));
    let _ = s
        .edit_project_cards(&pid, "unassign 4 cards", &picked, |p, env| {
            p.assign_cards(env, &picked, &who, false)
        })
        .unwrap();
    assert!(picked
        .iter()
        .all(|id| !stored(&s).card(id).unwrap().assignees.contains(&who)));

    // Label: a label of the project; an unknown one is refused and nothing changes.
    let label = s.project(&pid).unwrap().labels[0].id.clone();
    let _ = s
        .edit_project_cards(&pid, "label 4 cards", &picked, |p, env| {
            p.label_cards(env, &picked, &label, true)
        })
        .unwrap();
    assert!(picked
        .iter()
        .all(|id| stored(&s).card(id).unwrap().labels.contains(&label)));
    let ws = s.workspace().clone();
    let bogus = Id("nolabel".into());
    assert!(s
        .edit_project_cards(&pid, "label 4 cards", &picked, |p, env| p
            .label_cards(env, &picked, &bogus, true))
        .is_err());
    assert_eq!(s.workspace(), &ws);

    // Delete: into the trash, each restorable; one undo brings all four back.
    let n = s
        .edit_project(&pid, "delete 4 cards", |p, env| {
            p.delete_cards(env, &picked)
        })
        .unwrap()
        .value;
    assert_eq!(n, 4);
    let now = stored(&s);
    assert!(picked.iter().all(|id| now.card(id).is_none()));
    assert!(picked
        .iter()
        .all(|id| now.trash.iter().any(|t| t.id() == id)));
    let _ = s.undo().unwrap();
    assert!(picked.iter().all(|id| stored(&s).card(id).is_some()));

    // An empty selection, or a card no longer on the board, is refused whole.
    let ws = s.workspace().clone();
    assert!(s
        .edit_project(&pid, "delete", |p, env| p.delete_cards(env, &[]))
        .is_err());
    let mut with_gone = picked.clone();
    with_gone.push(Id("gone".into()));
    assert!(s
        .edit_project(&pid, "move", |p, env| p.move_cards(env, &with_gone, &done))
        .is_err());
    assert_eq!(s.workspace(), &ws);
}

#[test]
fn bulk_operations_stamp_each_card_they_change_and_no_other() {
    let mut env = env();
    let mut p = board(
        &mut env,
        vec![
            ("a", 0, None, None, Priority::None, vec![]),
            ("b", 0, None, None, Priority::None, vec![]),
            ("c", 1, None, None, Priority::None, vec![]),
        ],
    );
    let ids: Vec<Id> = p.cards.iter().map(|c| c.id.clone()).collect();
    let before = p.clone();
    env.advance(60);
    let who = Id("someone".into());
    let n = p.assign_cards(&mut env, &ids[..2], &who, true).unwrap();
    assert_eq!(n, 2);
    let t = env.now();
    for c in &p.cards {
        let was = before.card(&c.id).unwrap();
        if ids[..2].contains(&c.id) {
            assert!(c.updated > was.updated && c.updated <= t);
        } else {
            assert_eq!(c, was);
        }
    }
    // Assigning again changes nothing.
    assert_eq!(p.assign_cards(&mut env, &ids[..2], &who, true).unwrap(), 0);
}
