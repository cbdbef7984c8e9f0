//! The session's own rules, natively over the in-memory store: undo and redo walk back and
//! forth and storage follows each step; a refused operation changes nothing; each change
//! says exactly what it touched (what the board's per-card state is updated from).
#![cfg(not(target_arch = "wasm32"))]

mod session;

use docket::domain::Workspace;
use docket::session::{ProjectChange, Session};
use docket::storage::MemoryStore;
use session::*;

type S = Session<Flaky<MemoryStore>, docket::domain::FixedEnv>;

fn with_sample() -> S {
    let mut s = open::<MemoryStore>(None);
    s.load_sample(day()).unwrap().saved.unwrap();
    s.env_mut().advance(86_400);
    s
}

/// The workspace's values, without when the fields of projects and cards last changed (an
/// undo or redo puts values back with a new stamp) and without the history (which only
/// grows: an undo is on record too; tests/records.rs).
fn values(ws: &Workspace) -> Workspace {
    let mut w = ws.clone();
    for p in &mut w.projects {
        (p.updated, p.stamps) = (p.created, Default::default());
        p.activity.clear();
        for c in &mut p.cards {
            (c.updated, c.stamps) = (c.created, Default::default());
            c.history.clear();
        }
    }
    w
}

fn stored(s: &S) -> Workspace {
    loads(&s.repo().unwrap().store().inner.snapshot())
}

#[test]
fn undo_and_redo_walk_back_and_forth_and_storage_follows() {
    let mut s = with_sample();
    let pid = s.workspace().projects[0].id.clone();
    let v0 = s.workspace().clone();
    let card = s.project(&pid).unwrap().cards[0].id.clone();
    let to = s.project(&pid).unwrap().columns[1].id.clone();
    s.edit_project_cards(&pid, "move card", std::slice::from_ref(&card), |p, env| {
        p.move_card(env, &card, &to, 0)
    })
    .unwrap()
    .saved
    .unwrap();
    let v1 = s.workspace().clone();
    s.env_mut().advance(60);
    s.edit_project(&pid, "rename project", |p, env| p.rename(env, "Launch 2"))
        .unwrap()
        .saved
        .unwrap();
    let v2 = s.workspace().clone();
    assert_eq!(s.next_undo(), Some("rename project"));
    for (want, label) in [(&v1, "rename project"), (&v0, "move card")] {
        s.env_mut().advance(60);
        let done = s.undo().unwrap();
        done.saved.unwrap();
        assert_eq!(done.value, label);
        assert_eq!(values(s.workspace()), values(want));
        assert_eq!(stored(&s), norm(s.workspace()), "storage follows the undo");
    }
    // Undo is an edit made now: the card's place carries the undo's time, so a merge with a
    // copy that saw the move does not bring the move back.
    let moved = |ws: &Workspace| {
        ws.projects[0]
            .cards
            .iter()
            .find(|c| c.id == card)
            .cloned()
            .unwrap()
    };
    let now = docket::domain::Env::now(s.env_mut());
    assert_eq!(moved(s.workspace()).stamps.of("place", now, now), now);
    let merged = docket::exchange::merge::merge(s.workspace(), &v1);
    assert_eq!(
        moved(&merged).column,
        moved(&v0).column,
        "the undone move stays undone"
    );
    assert!(s.undo().is_none());
    assert_eq!(s.next_redo(), Some("move card"));
    for want in [&v1, &v2] {
        s.env_mut().advance(60);
        s.redo().unwrap().saved.unwrap();
        assert_eq!(values(s.workspace()), values(want));
        assert_eq!(stored(&s), norm(s.workspace()), "storage follows the redo");
    }
    assert!(s.redo().is_none());
    // A new step after an undo drops what could be redone.
    s.undo().unwrap().saved.unwrap();
    s.edit_project(&pid, "rename project", |p, env| p.rename(env, "Launch 3"))
        .unwrap()
        .saved
        .unwrap();
    assert!(s.next_redo().is_none());
}

#[test]
fn a_refused_operation_changes_neither_memory_nor_storage() {
    let mut s = with_sample();
    let pid = s.workspace().projects[0].id.clone();
    let before = s.workspace().clone();
    let store = s.repo().unwrap().store().inner.snapshot();
    // The operation changes a card, then refuses: the change is put back.
    let card = s.project(&pid).unwrap().cards[0].id.clone();
    let err = s
        .edit_project(&pid, "rename project", |p, env| {
            p.edit_card(env, &card, "Half done", "")?;
            p.rename(env, "   ")
        })
        .unwrap_err();
    assert!(err.to_string().contains("empty"), "{err}");
    assert_eq!(s.workspace(), &before);
    assert_eq!(s.repo().unwrap().store().inner.snapshot(), store);
    assert!(s.next_undo().is_none());
    // The same through the path for moves.
    let err = s.edit_project_cards(&pid, "move card", std::slice::from_ref(&card), |p, env| {
        p.edit_card(env, &card, "Half done", "")?;
        p.rename(env, "")
    });
    assert!(err.is_err());
    assert_eq!(s.workspace(), &before);
    // And a run's.
    let run = s.workspace().runs[0].id.clone();
    let err = s.edit_run(&run, |r, t, env| {
        let item = t.items[0].id.clone();
        r.set_checked(env, t, &item, true)?;
        Err::<(), _>(docket::domain::DomainError::Invalid("no".into()))
    });
    assert!(err.is_err());
    assert_eq!(s.workspace(), &before);
    assert_eq!(s.repo().unwrap().store().inner.snapshot(), store);
}

#[test]
fn a_move_says_it_touched_only_the_moved_card() {
    let mut s = with_sample();
    let pid = s.workspace().projects[0].id.clone();
    let card = s.project(&pid).unwrap().cards[3].id.clone();
    let to = s.project(&pid).unwrap().columns[2].id.clone();
    let done = s
        .edit_project_cards(&pid, "move card", std::slice::from_ref(&card), |p, env| {
            p.move_card_to(env, &card, &to, 0)
        })
        .unwrap();
    done.saved.unwrap();
    let [ProjectChange::Patch { id, patch }] = done.changes.projects.as_slice() else {
        panic!("one patched project: {:?}", done.changes)
    };
    assert_eq!(id, &pid);
    assert_eq!(patch.card_ids(), vec![card.clone()]);
    let (_, before, after) = &patch.cards[0];
    assert_ne!(before.as_ref().unwrap().column, to);
    assert_eq!(after.as_ref().unwrap().column, to);
    assert!(done.changes.templates.is_empty() && done.changes.runs.is_empty());
    // Undo says the same card, going back.
    let undone = s.undo().unwrap();
    let [ProjectChange::Patch { patch, .. }] = undone.changes.projects.as_slice() else {
        panic!("one patched project")
    };
    assert_eq!(patch.card_ids(), vec![card.clone()]);
    assert_ne!(patch.cards[0].2.as_ref().unwrap().column, to);
}

/// A failed item of the sample: (run, item).
fn a_failure(s: &S) -> (docket::domain::Id, docket::domain::Id) {
    s.workspace()
        .runs
        .iter()
        .find_map(|r| {
            let t = s.template(&r.template)?;
            r.failures(t)
                .iter()
                .find(|(i, _)| r.actions_for(&i.id).next().is_none())
                .map(|(i, _)| (r.id.clone(), i.id.clone()))
        })
        .expect("the sample has a failed item with no action yet")
}

/// Issue 17, friction 8: the card of a corrective action carries the assignee, due date and
/// priority chosen; a second action for the same failure is refused while the first card
/// is on a board (and allowed once it is deleted); an unknown assignee is refused.
#[test]
fn a_corrective_action_is_a_card_and_a_note_on_the_run() {
    use docket::domain::checklist::{ActionFields, ActionProject};
    use docket::domain::Priority;
    let mut s = with_sample();
    let pid = s.workspace().projects[0].id.clone();
    let person = s.workspace().people[0].id.clone();
    let (run, item) = a_failure(&s);
    let due = chrono::NaiveDate::from_ymd_opt(2026, 12, 18).unwrap();
    let fields = ActionFields {
        assignee: Some(person.clone()),
        due: Some(due),
        priority: Priority::High,
    };
    let target = ActionProject::Existing(pid.clone());
    let nobody = ActionFields {
        assignee: Some(docket::domain::Id("nobody0".into())),
        ..ActionFields::default()
    };
    assert!(s.raise_action(&run, &item, &target, nobody).is_err());
    let done = s
        .raise_action(&run, &item, &target, fields.clone())
        .unwrap();
    done.saved.unwrap();
    let (on, card) = done.value.clone();
    assert_eq!(on, pid);
    let c = s.project(&pid).unwrap().card(&card).unwrap().clone();
    assert_eq!(
        (c.assignees, c.due, c.priority),
        (vec![person], Some(due), Priority::High)
    );
    assert_eq!(c.source.unwrap().run, run);
    let r = s.run(&run).unwrap();
    assert!(r.actions.iter().any(|a| a.card == card && a.item == item));
    assert_eq!(done.changes.runs, vec![run.clone()]);
    assert_eq!(stored(&s), norm(s.workspace()));
    // No second action for the same failure while the card is on the board.
    let before = s.workspace().clone();
    let again = s.raise_action(&run, &item, &target, fields.clone());
    assert!(again.unwrap_err().to_string().contains("already open"));
    assert_eq!(s.workspace(), &before, "a refused action changes nothing");
    // Once its card is deleted, a new one may be raised.
    s.edit_project(&pid, "delete card", |p, env| p.delete_card(env, &card))
        .unwrap()
        .saved
        .unwrap();
    assert!(s.raise_action(&run, &item, &target, fields).is_ok());
}

/// Issue 17, friction 8: the dialog can put the action on a new project, made with its
/// starter board; a blank name is refused and makes nothing.
#[test]
fn a_corrective_action_can_go_to_a_new_project() {
    use docket::domain::checklist::{ActionFields, ActionProject};
    let mut s = with_sample();
    let (run, item) = a_failure(&s);
    let n = s.workspace().projects.len();
    let blank = ActionProject::New("  ".into());
    assert!(s
        .raise_action(&run, &item, &blank, ActionFields::default())
        .is_err());
    assert_eq!(s.workspace().projects.len(), n);
    let target = ActionProject::New("Kitchen repairs".into());
    let done = s
        .raise_action(&run, &item, &target, ActionFields::default())
        .unwrap();
    done.saved.unwrap();
    let (pid, card) = done.value;
    let p = s.project(&pid).unwrap();
    assert_eq!(p.name, "Kitchen repairs");
    assert_eq!(p.card(&card).unwrap().column, p.columns[0].id);
    assert!(done
        .changes
        .projects
        .iter()
        .any(|c| matches!(c, ProjectChange::Whole(id) if id == &pid)));
    assert_eq!(stored(&s), norm(s.workspace()));
}

/// The card dialog's edits (save, comment, archive) go through `edit_project_cards` naming
/// their card: the session copies and compares that card, not the whole board. Each says
/// it touched that card only (a debug build also checks it against a whole comparison), is
/// stored as it is in memory, and undoes back to the start.
#[test]
fn the_card_dialogs_edits_touch_only_their_card() {
    use docket::domain::board::CardDraft;
    let mut s = with_sample();
    let pid = s.workspace().projects[0].id.clone();
    let (id, other) = {
        let p = s.project(&pid).unwrap();
        (p.cards[0].id.clone(), p.cards[1].id.clone())
    };
    let start = s.workspace().clone();
    let one = std::slice::from_ref(&id);
    let says_one = |s: &S, done: &docket::session::Done<_>| {
        let [ProjectChange::Patch { id: p, patch }] = done.changes.projects.as_slice() else {
            panic!("one patched project: {:?}", done.changes)
        };
        assert_eq!(p, &pid);
        assert_eq!(patch.card_ids(), one);
        assert_eq!(stored(s), norm(s.workspace()), "stored as in memory");
    };
    let done = s
        .edit_project_cards(&pid, "add subtask", one, |p, env| {
            p.add_subtask(env, &id, "Check the figures")
        })
        .unwrap();
    done.saved.clone().unwrap();
    says_one(&s, &done.map(|_| ()));
    // A save of every field the dialog has, a blocker and a ticked subtask included.
    let (labels, people) = {
        let ws = s.workspace();
        let labels: Vec<_> = ws.projects[0].labels.iter().map(|l| l.id.clone()).collect();
        (
            labels,
            ws.people.iter().map(|p| p.id.clone()).collect::<Vec<_>>(),
        )
    };
    let opened = CardDraft::of(s.project(&pid).unwrap().card(&id).unwrap());
    let mut mine = opened.clone();
    mine.fields.title = "Renamed in the dialog".into();
    mine.fields.description = "A **new** description".into();
    mine.fields.start = None;
    mine.fields.due = Some(day() + chrono::Duration::days(9));
    mine.fields.estimate = Some(2.5);
    mine.fields.cost_planned = Some(125_000);
    mine.fields.milestone = !mine.fields.milestone;
    mine.fields.labels = labels.into_iter().take(1).collect();
    mine.fields.assignees = people.into_iter().take(2).collect();
    mine.subtasks[0].done = true;
    mine.blockers = vec![other.clone()];
    s.env_mut().advance(60);
    let done = s
        .edit_project_cards(&pid, "edit card", one, |p, env| {
            p.save_card_draft(env, &id, &opened, mine)
        })
        .unwrap();
    done.saved.clone().unwrap();
    assert!(done.value.is_empty(), "no clash");
    says_one(&s, &done.map(|_| ()));
    let c = s.project(&pid).unwrap().card(&id).unwrap().clone();
    assert_eq!(c.title, "Renamed in the dialog");
    assert_eq!(c.blocked_by, vec![other.clone()]);
    assert!(c.subtasks[0].done);
    // A comment, then its deletion; archived, then back on the board.
    s.env_mut().advance(60);
    let done = s
        .edit_project_cards(&pid, "add comment", one, |p, env| {
            p.add_comment(env, &id, None, "Figures checked.")
        })
        .unwrap();
    done.saved.clone().unwrap();
    let comment = done.value.clone();
    says_one(&s, &done.map(|_| ()));
    s.env_mut().advance(60);
    let done = s
        .edit_project_cards(&pid, "delete comment", one, |p, env| {
            p.delete_comment(env, &id, &comment)
        })
        .unwrap();
    done.saved.clone().unwrap();
    says_one(&s, &done);
    for to in [true, false] {
        s.env_mut().advance(60);
        let done = s
            .edit_project_cards(&pid, "archive card", one, |p, env| {
                p.set_archived(env, &id, to)
            })
            .unwrap();
        done.saved.clone().unwrap();
        says_one(&s, &done);
        assert_eq!(s.project(&pid).unwrap().card(&id).unwrap().archived, to);
    }
    // Six steps back: the workspace is as it was, and so is storage.
    for _ in 0..6 {
        s.env_mut().advance(60);
        s.undo().unwrap().saved.unwrap();
    }
    assert_eq!(values(s.workspace()), values(&start));
    assert_eq!(stored(&s), norm(s.workspace()));
}
