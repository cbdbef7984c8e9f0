//! What a project keeps on record (`domain::records`): comments on cards and the history
//! of changes, as the session records them for every operation, undo and redo, and as they
//! merge between colleagues.
#![cfg(not(target_arch = "wasm32"))]

use docket::domain::board::CardFields;
use docket::domain::records::{join, Activity, What};
use docket::domain::{Id, Workspace};
use docket::exchange::merge::merge;
use proptest::prelude::*;

mod colleagues;
use colleagues::{base, card, colleague, project, t0, S};

fn first_card(s: &S) -> Id {
    s.workspace().projects[0].cards[0].id.clone()
}

fn history_of(ws: &Workspace, id: &Id) -> Vec<(String, Option<Id>, String, String)> {
    card(ws, id)
        .history
        .iter()
        .map(|a| (a.what.clone(), a.by.clone(), a.from.clone(), a.to.clone()))
        .collect()
}

#[test]
fn every_change_is_on_record_with_who_and_when_and_undo_adds_to_it() {
    let mut s = colleague(&base(), 0, 1);
    let ana = s.workspace().people[0].id.clone();
    s.set_author(Some(ana.clone()));
    let id = first_card(&s);
    let p = &s.workspace().projects[0];
    let (from_col, to_col) = (
        p.column(&card(s.workspace(), &id).column)
            .unwrap()
            .name
            .clone(),
        p.columns.last().unwrap().clone(),
    );
    let old_due = card(s.workspace(), &id).due;
    // A date and a cost in one save: two entries, one time.
    project(&mut s, |p, env| {
        let mut f = CardFields::of(p.card(&id).unwrap());
        f.due = chrono::NaiveDate::from_ymd_opt(2026, 5, 4);
        f.cost_planned = Some(125_000);
        f.description = "Not on record: the text itself is not history.".into();
        p.update_card(env, &id, f)
    });
    project(&mut s, |p, env| p.move_card(env, &id, &to_col.id, 0));
    let h = history_of(s.workspace(), &id);
    let old_due = old_due.map(|d| d.to_string()).unwrap_or_default();
    assert_eq!(
        h[h.len() - 3..],
        [
            // One save: one time, the kinds in their order.
            (
                "cost_planned".into(),
                Some(ana.clone()),
                "300.00".into(),
                "1,250.00".into()
            ),
            (
                "due".into(),
                Some(ana.clone()),
                old_due.clone(),
                "2026-05-04".into()
            ),
            (
                "column".into(),
                Some(ana.clone()),
                from_col.clone(),
                to_col.name.clone()
            ),
        ]
    );
    let c = card(s.workspace(), &id);
    let last = c.history.last().unwrap();
    assert_eq!(last.at, c.updated, "an entry carries the change's time");
    assert_eq!(
        last.describe(),
        format!("moved it from {from_col} to {}", to_col.name)
    );
    // Undo: the move stays on record and its undoing is added, by whoever undid it.
    let bo = s.workspace().people[1].id.clone();
    s.set_author(Some(bo.clone()));
    s.env_mut().advance(1);
    s.undo().unwrap().saved.unwrap();
    let h = history_of(s.workspace(), &id);
    assert_eq!(h.len(), 4, "the three entries stay, the undo adds one");
    assert_eq!(
        h[h.len() - 2..],
        [
            (
                "column".into(),
                Some(ana.clone()),
                from_col.clone(),
                to_col.name.clone()
            ),
            (
                "column".into(),
                Some(bo.clone()),
                to_col.name.clone(),
                from_col.clone()
            ),
        ]
    );
    s.env_mut().advance(1);
    s.redo().unwrap().saved.unwrap();
    assert_eq!(history_of(s.workspace(), &id).len(), h.len() + 1);
    // A redo is a change made now: on record at its own time, after the undo's.
    let c = card(s.workspace(), &id);
    let (undone, redone) = (&c.history[c.history.len() - 2], c.history.last().unwrap());
    assert_eq!(
        (redone.to.as_str(), redone.by.as_ref()),
        (to_col.name.as_str(), Some(&bo))
    );
    assert!(redone.at > undone.at, "{redone:?} after {undone:?}");
    assert_eq!(c.updated, redone.at);
    // The project's own fields, and a deletion, go on the project's list.
    let title = card(s.workspace(), &id).title.clone();
    project(&mut s, |p, env| {
        p.target_end = chrono::NaiveDate::from_ymd_opt(2026, 9, 30);
        p.updated = env.now();
        p.delete_card(env, &id)
    });
    let p = &s.workspace().projects[0];
    let kinds: Vec<(&str, Option<&Id>)> = p
        .activity
        .iter()
        .map(|a| (a.what.as_str(), a.card.as_ref()))
        .collect();
    assert_eq!(kinds, [("target_end", None), ("deleted", Some(&id))]);
    assert_eq!(
        p.activity[1].describe(),
        format!("deleted the card “{title}”")
    );
    // The project's history holds both lists, newest first, the trashed card's included.
    let all = p.history();
    assert_eq!(all[0].1.what, "deleted");
    assert!(all
        .iter()
        .any(|(c, a)| *c == Some(&id) && a.what == "column"));
    assert!(all.windows(2).all(|w| w[0].1 >= w[1].1));
    // What was stored is what is in memory.
    let (reopened, _) = docket::session::Session::open(
        Ok(s.repo().unwrap().store().clone()),
        docket::domain::FixedEnv::new(t0(), 9),
    );
    let (r, m) = (
        &reopened.workspace().projects[0],
        &s.workspace().projects[0],
    );
    assert_eq!(r.activity, m.activity);
    assert_eq!(
        r.trash, m.trash,
        "the deleted card keeps its history in the trash"
    );
}

#[test]
fn a_card_deleted_for_good_leaves_its_history_with_the_project_and_gets_it_back() {
    let ws = base();
    let mut a = colleague(&ws, 0, 1);
    let mut b = colleague(&ws, 5, 2);
    let id = first_card(&a);
    project(&mut a, |p, env| p.edit_card(env, &id, "Renamed here", ""));
    let own: Vec<_> = card(a.workspace(), &id).history.clone();
    assert!(own.iter().any(|x| x.what == "title"));
    project(&mut a, |p, env| p.delete_card(env, &id));
    project(&mut a, |p, env| p.purge(env, &id));
    // Gone from the trash: its entries are the project's, marked with the card.
    let p = &a.workspace().projects[0];
    assert!(p.trash.is_empty());
    for x in &own {
        assert!(
            p.activity
                .iter()
                .any(|y| y.card.as_ref() == Some(&id) && y.at == x.at && y.what == x.what),
            "{x:?} kept"
        );
    }
    // Undone: back in the trash with them, and not twice on record.
    a.env_mut().advance(1);
    a.undo().unwrap().saved.unwrap();
    let p = &a.workspace().projects[0];
    let on_record = p
        .history()
        .iter()
        .filter(|(c, x)| *c == Some(&id) && x.what == "title")
        .count();
    assert_eq!(on_record, 1);
    a.env_mut().advance(1);
    a.redo().unwrap().saved.unwrap();
    // A colleague edits the card later: the merge brings it back with its whole history,
    // the entries of both.
    b.env_mut().advance(100);
    project(&mut b, |p, env| p.edit_card(env, &id, "Renamed there", ""));
    let m = merge(a.workspace(), b.workspace());
    let back = card(&m, &id);
    assert_eq!(back.title, "Renamed there");
    let titles: Vec<&str> = back
        .history
        .iter()
        .filter(|x| x.what == "title")
        .map(|x| x.to.as_str())
        .collect();
    assert_eq!(titles, ["Renamed here", "Renamed there"]);
    assert!(!m.projects[0]
        .activity
        .iter()
        .any(|x| x.card.as_ref() == Some(&id) && x.what == "title"));
    assert_eq!(m, merge(b.workspace(), a.workspace()));
}

#[test]
fn comments_are_added_and_deleted_and_merge_like_subtasks() {
    let ws = base();
    let mut a = colleague(&ws, 0, 1);
    let mut b = colleague(&ws, 5, 2);
    let id = first_card(&a);
    let ana = ws.people[0].id.clone();
    let err = a
        .edit_project(&ws.projects[0].id.clone(), "comment", |p, env| {
            p.add_comment(env, &id, None, "   ")
        })
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        docket::domain::DomainError::Empty("comment").to_string()
    );
    let mut first = None;
    project(&mut a, |p, env| {
        first = Some(p.add_comment(env, &id, Some(ana.clone()), "Booked the *venue*.")?);
        Ok(())
    });
    project(&mut b, |p, env| {
        p.add_comment(env, &id, None, "Invoice received.")
            .map(|_| ())
    });
    let m = merge(a.workspace(), b.workspace());
    let texts: Vec<&str> = card(&m, &id)
        .comments
        .iter()
        .map(|c| c.text.as_str())
        .collect();
    assert_eq!(texts.len(), 2);
    assert!(texts.contains(&"Booked the *venue*.") && texts.contains(&"Invoice received."));
    assert_eq!(m, merge(b.workspace(), a.workspace()));
    // A deletes its comment after the merge; B, which still has it, adds nothing: gone.
    a.take_merged(m.clone()).unwrap();
    b.take_merged(m).unwrap();
    let first = first.unwrap();
    project(&mut a, |p, env| p.delete_comment(env, &id, &first));
    let m = merge(a.workspace(), b.workspace());
    let texts: Vec<&str> = card(&m, &id)
        .comments
        .iter()
        .map(|c| c.text.as_str())
        .collect();
    assert_eq!(texts, ["Invoice received."]);
    // Adding and deleting a comment is not history.
    assert!(card(&m, &id).history.iter().all(|h| h.what != "comments"));
}

#[test]
fn two_colleagues_histories_merge_into_both() {
    let ws = base();
    let mut a = colleague(&ws, 0, 1);
    let mut b = colleague(&ws, 7, 2);
    let id = first_card(&a);
    for (s, due) in [(&mut a, 10), (&mut b, 12)] {
        project(s, |p, env| {
            let mut f = CardFields::of(p.card(&id).unwrap());
            f.due = chrono::NaiveDate::from_ymd_opt(2026, 6, due);
            p.update_card(env, &id, f)
        });
    }
    let m = merge(a.workspace(), b.workspace());
    let dues: Vec<String> = card(&m, &id)
        .history
        .iter()
        .filter(|h| h.what == "due")
        .map(|h| h.to.clone())
        .collect();
    assert_eq!(dues, ["2026-06-10", "2026-06-12"]);
    assert_eq!(m, merge(b.workspace(), a.workspace()));
    assert_eq!(merge(&m, a.workspace()), m);
}

#[test]
fn every_kind_of_change_reads_as_words() {
    for w in What::ALL {
        assert_eq!(What::from_key(w.key()), Some(w));
        let e = Activity {
            at: t0(),
            card: None,
            what: w.key().into(),
            by: None,
            from: "a".into(),
            to: "b".into(),
        };
        let text = e.describe();
        assert!(!text.is_empty() && !text.contains('_'), "{text}");
    }
    let e = Activity {
        at: t0(),
        card: None,
        what: "due".into(),
        by: None,
        from: String::new(),
        to: "2026-04-01".into(),
    };
    assert_eq!(e.describe(), "set the due date to 2026-04-01");
}

fn entry() -> impl Strategy<Value = Activity> {
    (
        0i64..50,
        0usize..3,
        prop::sample::select(vec!["due", "column", "title"]),
    )
        .prop_map(|(s, by, what)| Activity {
            at: t0() + chrono::Duration::seconds(s),
            card: None,
            what: what.into(),
            by: (by > 0).then(|| Id(format!("person{by}"))),
            from: String::new(),
            to: format!("{s}"),
        })
}

proptest! {
    /// History lists join as sets: in any order, any number of times, the same entries once.
    #[test]
    fn history_joins_like_a_set(
        a in prop::collection::vec(entry(), 0..12),
        b in prop::collection::vec(entry(), 0..12),
        c in prop::collection::vec(entry(), 0..12),
    ) {
        let (a, b, c) = (join(&a, &[]), join(&b, &[]), join(&c, &[]));
        prop_assert_eq!(join(&a, &b), join(&b, &a));
        prop_assert_eq!(join(&join(&a, &b), &c), join(&a, &join(&b, &c)));
        prop_assert_eq!(join(&a, &a), a.clone());
        let ab = join(&a, &b);
        prop_assert!(a.iter().chain(&b).all(|e| ab.contains(e)));
        prop_assert!(ab.windows(2).all(|w| w[0] < w[1]));
    }
}
