//! No colleague's edit erases another's: cards merge field by field, stamped by a hybrid
//! logical clock (`domain::stamps`, `domain::env::Hlc`). Every edit here goes through the
//! session, as the app's do, so the stamps tested are the ones the app writes.
#![cfg(not(target_arch = "wasm32"))]

use chrono::{DateTime, Duration, NaiveDate, TimeZone, Utc};
use docket::domain::board::{CardDraft, CardFields};
use docket::domain::{Card, FixedEnv, Id, Priority, Workspace};
use docket::exchange::merge::merge;
use docket::session::Session;
use docket::storage::MemoryStore;
use proptest::prelude::*;

type S = Session<MemoryStore, FixedEnv>;

fn t0() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 3, 2, 9, 0, 0).unwrap()
}

/// The sample workspace, as every colleague starts with it.
fn base() -> Workspace {
    let (mut s, _) = Session::open(Ok(MemoryStore::new()), FixedEnv::new(t0(), 1));
    s.load_sample(NaiveDate::from_ymd_opt(2026, 3, 2).unwrap())
        .unwrap()
        .saved
        .unwrap();
    s.workspace().clone()
}

/// A colleague's copy of `ws`, with a clock `skew` seconds off and its own node number.
fn colleague(ws: &Workspace, skew: i64, node: u32) -> S {
    let env = FixedEnv::with_clock(t0() + Duration::seconds(60 + skew), node.into(), node);
    let (mut s, _) = Session::open(Ok(MemoryStore::new()), env);
    s.replace_workspace(ws.clone()).unwrap();
    s
}

/// Imports `file` into `s` as the app does (merge, then replace).
fn import(s: &mut S, file: &Workspace) {
    let merged = merge(s.workspace(), file);
    s.replace_workspace(merged).unwrap();
}

fn card<'a>(ws: &'a Workspace, id: &Id) -> &'a Card {
    ws.projects[0].cards.iter().find(|c| &c.id == id).unwrap()
}

fn edit(s: &mut S, id: &Id, f: impl FnOnce(&mut CardFields)) {
    let pid = s.workspace().projects[0].id.clone();
    s.env_mut().advance(1);
    s.edit_project(&pid, "edit card", |p, env| {
        let mut fields = CardFields::of(p.card(id).unwrap());
        f(&mut fields);
        p.update_card(env, id, fields)
    })
    .unwrap()
    .saved
    .unwrap();
}

#[test]
fn a_colleagues_title_wins_and_my_priority_survives() {
    // A sets a card's title and its priority; later B changes only the title; A imports
    // B's file: B's title wins and A's priority stays.
    let ws = base();
    let id = ws.projects[0].cards[0].id.clone();
    let mut a = colleague(&ws, 0, 1);
    let mut b = colleague(&ws, 0, 2);
    edit(&mut a, &id, |f| {
        f.title = "A's title".into();
        f.priority = Priority::Urgent;
    });
    b.env_mut().advance(30);
    edit(&mut b, &id, |f| f.title = "B's title".into());
    let from_b = b.workspace().clone();
    import(&mut a, &from_b);
    let c = card(a.workspace(), &id);
    assert_eq!(c.title, "B's title");
    assert_eq!(c.priority, Priority::Urgent, "A's priority survives");
    // And the other way round, the same card.
    let from_a = a.workspace().clone();
    import(&mut b, &from_a);
    assert_eq!(card(b.workspace(), &id), card(a.workspace(), &id));
}

#[test]
fn a_clock_ten_minutes_fast_does_not_win_after_it_was_seen() {
    // B's clock runs ten minutes fast. A imports B's title, then retitles: A's edit is
    // later than everything A saw, so it wins wherever the two copies meet.
    let ws = base();
    let id = ws.projects[0].cards[0].id.clone();
    let mut a = colleague(&ws, 0, 1);
    let mut b = colleague(&ws, 600, 2);
    edit(&mut b, &id, |f| f.title = "B, fast clock".into());
    let from_b = b.workspace().clone();
    import(&mut a, &from_b);
    edit(&mut a, &id, |f| f.title = "A, after seeing B".into());
    let from_a = a.workspace().clone();
    import(&mut b, &from_a);
    assert_eq!(card(b.workspace(), &id).title, "A, after seeing B");
    // A clock without the hybrid part would date A's edit before B's and lose it.
    let seen = card(a.workspace(), &id).stamps.of("title", t0(), t0());
    assert!(seen > card(&from_b, &id).stamps.of("title", t0(), t0()));
}

#[test]
fn a_stale_dialog_saves_only_what_the_person_changed() {
    let ws = base();
    let id = ws.projects[0].cards[0].id.clone();
    let mut s = colleague(&ws, 0, 1);
    let opened = CardDraft::of(card(s.workspace(), &id));
    // Meanwhile another tab retitles the card and assigns someone.
    let ana = s.workspace().people[0].id.clone();
    edit(&mut s, &id, |f| {
        f.title = "Retitled in another tab".into();
        f.assignees.push(ana.clone());
    });
    // The dialog opened before that saves a new priority and removes nobody.
    let mut mine = opened.clone();
    mine.fields.priority = Priority::Urgent;
    let pid = s.workspace().projects[0].id.clone();
    let clashes = s
        .edit_project(&pid, "edit card", |p, env| {
            p.save_card_draft(env, &id, &opened, mine)
        })
        .unwrap()
        .value;
    let c = card(s.workspace(), &id);
    assert_eq!(
        c.title, "Retitled in another tab",
        "the other tab's title stands"
    );
    assert!(c.assignees.contains(&ana), "and its assignee");
    assert_eq!(c.priority, Priority::Urgent);
    assert!(clashes.is_empty());
    // Both changed the title: the person's wins, and they are told both values.
    let opened = CardDraft::of(c);
    edit(&mut s, &id, |f| f.title = "Theirs".into());
    let mut mine = opened.clone();
    mine.fields.title = "Mine".into();
    let clashes = s
        .edit_project(&pid, "edit card", |p, env| {
            p.save_card_draft(env, &id, &opened, mine)
        })
        .unwrap()
        .value;
    assert_eq!(card(s.workspace(), &id).title, "Mine");
    assert_eq!(clashes.len(), 1);
    assert_eq!(
        (
            clashes[0].field,
            clashes[0].theirs.as_str(),
            clashes[0].mine.as_str()
        ),
        ("Title", "Theirs", "Mine")
    );
}

/// One edit to one field of one card, by one colleague.
#[derive(Clone, Debug)]
enum Edit {
    Title(usize, u8),
    Priority(usize, u8),
    Due(usize, u8),
    Estimate(usize, u8),
    Move(usize, usize),
    Assign(usize, usize),
    Unassign(usize, usize),
    Label(usize, usize),
}

fn edit_strategy() -> impl Strategy<Value = (usize, Edit)> {
    let c = 0usize..4;
    (
        0usize..3,
        prop_oneof![
            (c.clone(), any::<u8>()).prop_map(|(c, v)| Edit::Title(c, v)),
            (c.clone(), 0u8..5).prop_map(|(c, v)| Edit::Priority(c, v)),
            (c.clone(), any::<u8>()).prop_map(|(c, v)| Edit::Due(c, v)),
            (c.clone(), any::<u8>()).prop_map(|(c, v)| Edit::Estimate(c, v)),
            (c.clone(), 0usize..5).prop_map(|(c, v)| Edit::Move(c, v)),
            (c.clone(), 0usize..4).prop_map(|(c, v)| Edit::Assign(c, v)),
            (c.clone(), 0usize..4).prop_map(|(c, v)| Edit::Unassign(c, v)),
            (c, 0usize..3).prop_map(|(c, v)| Edit::Label(c, v)),
        ],
    )
}

fn apply(s: &mut S, e: &Edit) {
    let ws = s.workspace();
    let p = &ws.projects[0];
    let ids: Vec<Id> = p.cards.iter().map(|c| c.id.clone()).collect();
    let mut by_id = ids.clone();
    by_id.sort();
    let pick = |i: usize| by_id[i % by_id.len()].clone();
    let people: Vec<Id> = ws.people.iter().map(|p| p.id.clone()).collect();
    let labels: Vec<Id> = p.labels.iter().map(|l| l.id.clone()).collect();
    let columns: Vec<Id> = p.columns.iter().map(|c| c.id.clone()).collect();
    match e {
        Edit::Title(c, v) => edit(s, &pick(*c), |f| f.title = format!("Title {v}")),
        Edit::Priority(c, v) => edit(s, &pick(*c), |f| {
            f.priority = [
                Priority::None,
                Priority::Low,
                Priority::Medium,
                Priority::High,
                Priority::Urgent,
            ][*v as usize]
        }),
        Edit::Due(c, v) => edit(s, &pick(*c), |f| {
            f.start = None;
            f.due = NaiveDate::from_ymd_opt(2026, 4, 1).map(|d| d + Duration::days(i64::from(*v)))
        }),
        Edit::Estimate(c, v) => edit(s, &pick(*c), |f| f.estimate = Some(f64::from(*v))),
        Edit::Assign(c, v) => edit(s, &pick(*c), |f| {
            if !f.assignees.contains(&people[*v]) {
                f.assignees.push(people[*v].clone())
            }
        }),
        Edit::Unassign(c, v) => edit(s, &pick(*c), |f| f.assignees.retain(|a| a != &people[*v])),
        Edit::Label(c, v) => edit(s, &pick(*c), |f| {
            if let Some(i) = f.labels.iter().position(|l| l == &labels[*v]) {
                f.labels.remove(i);
            } else {
                f.labels.push(labels[*v].clone());
            }
        }),
        Edit::Move(c, to) => {
            let id = pick(*c);
            let pid = p.id.clone();
            let col = columns[*to % columns.len()].clone();
            s.env_mut().advance(1);
            s.edit_project_cards(&pid, "move card", std::slice::from_ref(&id), |p, env| {
                p.move_card(env, &id, &col, 0)
            })
            .unwrap()
            .saved
            .unwrap();
        }
    }
}

/// What each field of each card must end as: the value its newest edit left, by stamp.
type Newest = std::collections::BTreeMap<(Id, String), (DateTime<Utc>, String)>;

fn field_value(c: &Card, field: &str) -> String {
    match field {
        "title" => c.title.clone(),
        "priority" => format!("{:?}", c.priority),
        "due" => format!("{:?}", c.due),
        "estimate" => format!("{:?}", c.estimate),
        "place" => format!("{}", c.column),
        f => match f.split_once('/') {
            Some(("assignees", id)) => c.assignees.iter().any(|a| a.0 == id).to_string(),
            Some(("labels", id)) => c.labels.iter().any(|a| a.0 == id).to_string(),
            _ => unreachable!("{f}"),
        },
    }
}

/// After an edit on side `s`: the fields it changed (by comparing) with their new stamps.
fn note(newest: &mut Newest, before: &Workspace, after: &Workspace) {
    for c in &after.projects[0].cards {
        let Some(old) = before.projects[0].cards.iter().find(|x| x.id == c.id) else {
            continue;
        };
        let mut fields: Vec<String> = ["title", "priority", "due", "estimate", "place"]
            .into_iter()
            .map(String::from)
            .collect();
        for a in old.assignees.iter().chain(&c.assignees) {
            fields.push(format!("assignees/{a}"));
        }
        for l in old.labels.iter().chain(&c.labels) {
            fields.push(format!("labels/{l}"));
        }
        for f in fields {
            let (was, is) = (field_value(old, &f), field_value(c, &f));
            let stamp = c.stamps.of(&f, c.created, c.updated);
            if was != is || stamp != old.stamps.of(&f, old.created, old.updated) {
                let e = newest
                    .entry((c.id.clone(), f))
                    .or_insert((stamp, is.clone()));
                if stamp >= e.0 {
                    *e = (stamp, is);
                }
            }
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    /// Three colleagues edit fields of the same few cards, with clocks up to ten minutes
    /// apart, sometimes importing one another's files; the three merge whatever the order,
    /// and every field ends as its newest edit left it.
    #[test]
    fn per_field_merge_keeps_every_newest_edit(
        edits in proptest::collection::vec(edit_strategy(), 1..30),
        skews in (0i64..600, 0i64..600, 0i64..600),
        syncs in proptest::collection::vec((0usize..3, 0usize..3, 0usize..30), 0..4),
    ) {
        let ws = base();
        let mut sides = [
            colleague(&ws, skews.0, 1),
            colleague(&ws, skews.1, 2),
            colleague(&ws, skews.2, 3),
        ];
        let mut newest = Newest::new();
        for (n, (side, e)) in edits.iter().enumerate() {
            for (from, to, at) in &syncs {
                if *at == n && from != to {
                    let file = sides[*from].workspace().clone();
                    import(&mut sides[*to], &file);
                }
            }
            let before = sides[*side].workspace().clone();
            apply(&mut sides[*side], e);
            let after = sides[*side].workspace().clone();
            note(&mut newest, &before, &after);
        }
        let [a, b, c] = [0, 1, 2].map(|i| sides[i].workspace().clone());
        let ab = merge(&a, &b);
        prop_assert!(ab == merge(&b, &a), "not commutative");
        let abc = merge(&ab, &c);
        prop_assert!(abc == merge(&a, &merge(&b, &c)), "not associative");
        prop_assert!(abc == merge(&merge(&c, &a), &b), "order matters");
        prop_assert!(merge(&abc, &abc) == abc, "not idempotent");
        prop_assert!(merge(&abc, &b) == abc, "merging b again changed the result");
        for ((id, field), (_, value)) in &newest {
            let Some(card) = abc.projects[0].cards.iter().find(|c| &c.id == id) else {
                continue;
            };
            prop_assert_eq!(&field_value(card, field), value, "{} of {}", field, card.title);
        }
    }
}
