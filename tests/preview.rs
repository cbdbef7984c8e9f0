//! The import preview, field by field: which fields each side changed, both values where
//! both changed one (as a person reads them), which wins; keeping the losing value; and a
//! deletion on one side counted as no change to anything else. Every edit goes through the
//! session, as the app's do, so the stamps compared are the ones the app writes.
#![cfg(not(target_arch = "wasm32"))]

use chrono::{Duration, NaiveDate};
use docket::domain::board::CardFields;
use docket::domain::{Card, Id, Priority, Workspace};
use docket::exchange::fields::{keep, FieldChange, Keep};
use docket::exchange::format;
use docket::exchange::merge::merge;
use docket::exchange::preview::{preview, Conflict, Preview};

mod colleagues;
use colleagues::{base, card, colleague, project, t0, S};

fn edit(s: &mut S, id: &Id, f: impl FnOnce(&mut CardFields)) {
    let id = id.clone();
    project(s, move |p, env| {
        let mut fields = CardFields::of(p.card(&id).unwrap());
        f(&mut fields);
        p.update_card(env, &id, fields)
    });
}

fn conflict<'a>(pv: &'a Preview, id: &Id) -> Option<&'a Conflict> {
    pv.conflicts.iter().find(|c| &c.id == id)
}

/// A conflict's fields as (label, here, file, theirs wins, mine, theirs).
fn rows(c: &Conflict) -> Vec<(String, bool, bool, bool, String, String)> {
    c.fields
        .iter()
        .map(|f: &FieldChange| {
            (
                f.label.clone(),
                f.here,
                f.file,
                f.theirs_wins,
                f.mine.clone(),
                f.theirs.clone(),
            )
        })
        .collect()
}

fn row(
    label: &str,
    here: bool,
    file: bool,
    wins: bool,
    mine: &str,
    theirs: &str,
) -> (String, bool, bool, bool, String, String) {
    (label.into(), here, file, wins, mine.into(), theirs.into())
}

/// The scenario: A sets a card's title and its priority to Urgent; later B (an
/// earlier copy) changes only the title. Returns (A, B, the card).
fn scenario() -> (S, S, Id) {
    let ws = base();
    let id = ws.projects[0]
        .cards
        .iter()
        .find(|c| c.priority != Priority::Urgent)
        .unwrap()
        .id
        .clone();
    let mut a = colleague(&ws, 0, 1);
    let mut b = colleague(&ws, 0, 2);
    edit(&mut a, &id, |f| {
        f.title = "A's title".into();
        f.priority = Priority::Urgent;
    });
    b.env_mut().advance(30);
    edit(&mut b, &id, |f| f.title = "B's title".into());
    (a, b, id)
}

#[test]
fn the_preview_lists_the_fields_each_side_changed_with_both_values() {
    let (a, b, id) = scenario();
    let pv = preview(a.workspace(), b.workspace());
    let c = conflict(&pv, &id).expect("the card is changed on both sides");
    let old = card(b.workspace(), &id).priority.label();
    assert_eq!(
        rows(c),
        vec![
            row("Title", true, true, true, "A's title", "B's title"),
            row("Priority", true, false, false, "Urgent", old),
        ]
    );
    assert!(c.fields[0].both() && !c.fields[1].both());
    assert!(
        c.line.name.starts_with("“B's title” in "),
        "{}",
        c.line.name
    );
    // Nothing else is listed as changed on both sides, or changed by the file.
    assert_eq!(pv.conflicts.len(), 1, "{:?}", pv.conflicts);
    assert!(pv.updated.is_empty(), "{:?}", pv.updated);
    // The merge: B's title, A's priority.
    let m = card(&pv.merged, &id);
    assert_eq!(
        (m.title.as_str(), m.priority),
        ("B's title", Priority::Urgent)
    );

    // Seen from B: the same fields, sides swapped; A's title loses there too.
    let pv = preview(b.workspace(), a.workspace());
    let c = conflict(&pv, &id).unwrap();
    assert_eq!(
        rows(c),
        vec![
            row("Title", true, true, false, "B's title", "A's title"),
            row("Priority", false, true, true, old, "Urgent"),
        ]
    );
}

#[test]
fn keeping_my_value_is_a_new_edit_that_wins_later_merges() {
    let (mut a, mut b, id) = scenario();
    let pv = preview(a.workspace(), b.workspace());
    let c = conflict(&pv, &id).unwrap();
    let choice = Keep {
        kind: c.line.kind,
        id: c.id.clone(),
        field: c.fields[0].name.clone(),
        mine: true,
    };
    assert_eq!(choice.field, "title");
    let mut merged = pv.merged.clone();
    let from_b = b.workspace().clone();
    a.env_mut().advance(1);
    let mine = a.workspace().clone();
    keep(&mut merged, &mine, &from_b, &[choice], a.env_mut());
    let m = card(&merged, &id);
    assert_eq!(
        (m.title.as_str(), m.priority),
        ("A's title", Priority::Urgent)
    );
    // The kept title is stamped after both sides' edits.
    let stamp = |c: &Card| c.stamps.of("title", c.created, c.updated);
    assert!(stamp(m) > stamp(card(&from_b, &id)));
    a.replace_workspace(merged).unwrap();
    // Merging B's file again, or B taking A's file, keeps A's title.
    let again = merge(a.workspace(), &from_b);
    assert_eq!(card(&again, &id).title, "A's title");
    let from_a = a.workspace().clone();
    let at_b = merge(b.workspace(), &from_a);
    b.replace_workspace(at_b).unwrap();
    assert_eq!(card(b.workspace(), &id).title, "A's title");
    assert_eq!(card(b.workspace(), &id).priority, Priority::Urgent);
    assert_eq!(a.workspace(), b.workspace());
    // And a preview of B's file now changes nothing.
    assert!(preview(a.workspace(), &from_b).is_noop());
}

#[test]
fn taking_their_element_of_a_list_sticks() {
    // Both change one subtask's text (A later, so A's wins); A's preview of B's file keeps
    // B's text by choice.
    let ws = base();
    let id = ws.projects[0].cards[0].id.clone();
    let mut a = colleague(&ws, 0, 1);
    let mut b = colleague(&ws, 0, 2);
    let sub = {
        let mut s = colleague(&ws, 0, 3);
        let cid = id.clone();
        project(&mut s, move |p, env| {
            p.add_subtask(env, &cid, "Call the printer").map(|_| ())
        });
        let sub = card(s.workspace(), &id).subtasks[0].id.clone();
        let shared = s.workspace().clone();
        for x in [&mut a, &mut b] {
            let m = merge(x.workspace(), &shared);
            x.replace_workspace(m).unwrap();
        }
        sub
    };
    let rename = |s: &mut S, text: &str| {
        let (cid, sid, text) = (id.clone(), sub.clone(), text.to_string());
        project(s, move |p, env| {
            let mut subs = p.card(&cid).unwrap().subtasks.clone();
            subs[0].text = text;
            let _ = &sid;
            p.set_subtasks(env, &cid, subs)
        });
    };
    rename(&mut b, "Call the printer on Monday");
    a.env_mut().advance(30);
    rename(&mut a, "Email the printer");
    let pv = preview(a.workspace(), b.workspace());
    let c = conflict(&pv, &id).unwrap();
    assert_eq!(
        rows(c),
        vec![row(
            "Subtask “Email the printer”",
            true,
            true,
            false,
            "Email the printer",
            "Call the printer on Monday"
        )]
    );
    let mut merged = pv.merged.clone();
    let choice = Keep {
        kind: "Card",
        id: id.clone(),
        field: format!("subtasks/{sub}"),
        mine: false,
    };
    let mine = a.workspace().clone();
    keep(&mut merged, &mine, b.workspace(), &[choice], a.env_mut());
    assert_eq!(
        card(&merged, &id).subtasks[0].text,
        "Call the printer on Monday"
    );
    a.replace_workspace(merged).unwrap();
    let at_b = merge(b.workspace(), a.workspace());
    assert_eq!(
        card(&at_b, &id).subtasks[0].text,
        "Call the printer on Monday"
    );
    assert_eq!(&at_b, a.workspace());
}

#[test]
fn a_deleted_card_is_not_a_change_to_the_cards_that_waited_for_it() {
    let ws = base();
    let cards: Vec<Id> = ws.projects[0].cards.iter().map(|c| c.id.clone()).collect();
    let (y, z, w) = (cards[1].clone(), cards[2].clone(), cards[3].clone());
    // Y waits for Z, in the copy both start from.
    let mut s = colleague(&ws, 0, 3);
    let (yy, zz) = (y.clone(), z.clone());
    project(&mut s, move |p, env| p.set_blockers(env, &yy, vec![zz]));
    let shared = s.workspace().clone();
    let mut a = colleague(&shared, 0, 1);
    let mut b = colleague(&shared, 0, 2);
    // A deletes Z (Y no longer waits for it) and purges it from the trash; B edits Y's title
    // and, later, W's.
    let zz = z.clone();
    project(&mut a, move |p, env| p.delete_card(env, &zz));
    assert!(card(a.workspace(), &y).blocked_by.is_empty());
    b.env_mut().advance(30);
    edit(&mut b, &y, |f| f.title = "Y from B".into());
    edit(&mut b, &w, |f| f.title = "W from B".into());

    for purged in [false, true] {
        if purged {
            let zz = z.clone();
            project(&mut a, move |p, env| p.purge(env, &zz));
        }
        // A imports B's file: Y is updated (B's title), not changed on both sides.
        let pv = preview(a.workspace(), b.workspace());
        assert!(pv.conflicts.is_empty(), "{:?}", pv.conflicts);
        let updated: Vec<&str> = pv.updated.iter().map(|l| l.name.as_str()).collect();
        assert!(
            updated.iter().any(|n| n.starts_with("“Y from B”")),
            "{updated:?}"
        );
        assert!(
            updated.iter().any(|n| n.starts_with("“W from B”")),
            "{updated:?}"
        );
        let m = card(&pv.merged, &y);
        assert_eq!((m.title.as_str(), m.blocked_by.len()), ("Y from B", 0));

        // B imports A's file: Z is deleted, and Y is listed nowhere (only the deletion
        // touched it there).
        let pv = preview(b.workspace(), a.workspace());
        assert!(pv.conflicts.is_empty(), "{:?}", pv.conflicts);
        assert!(pv.updated.is_empty(), "{:?}", pv.updated);
        assert_eq!(pv.deleted.len(), 1, "{:?}", pv.deleted);
        assert_eq!(pv.deleted[0].kind, "Card");
        assert!(card(&pv.merged, &y).blocked_by.is_empty());
    }
}

#[test]
fn a_deleted_label_is_not_a_change_to_the_cards_that_had_it() {
    let ws = base();
    let y = ws.projects[0].cards[1].id.clone();
    let mut s = colleague(&ws, 0, 3);
    let label = {
        let yy = y.clone();
        let mut id = None;
        project(&mut s, |p, env| {
            let l = p.add_label(env, "Blocked on legal", "#b42318")?;
            id = Some(l);
            Ok(())
        });
        let l = id.unwrap();
        let ll = l.clone();
        edit(&mut s, &yy, move |f| f.labels = vec![ll]);
        l
    };
    let shared = s.workspace().clone();
    let mut a = colleague(&shared, 0, 1);
    let mut b = colleague(&shared, 0, 2);
    let l = label.clone();
    project(&mut a, move |p, env| p.delete_label(env, &l));
    b.env_mut().advance(30);
    edit(&mut b, &y, |f| f.due = NaiveDate::from_ymd_opt(2026, 5, 4));
    let pv = preview(a.workspace(), b.workspace());
    // The project's labels changed here; the card only in the file.
    assert!(conflict(&pv, &y).is_none(), "{:?}", pv.conflicts);
    assert!(
        pv.updated.iter().any(|l| l.kind == "Card"),
        "{:?}",
        pv.updated
    );
    let pv = preview(b.workspace(), a.workspace());
    assert!(conflict(&pv, &y).is_none(), "{:?}", pv.conflicts);
    assert!(
        !pv.updated.iter().any(|l| l.kind == "Card"),
        "{:?}",
        pv.updated
    );
    // The project's labels are listed: a label added by a third colleague and deleted
    // here looks, without a common ancestor, like a change on both sides (see
    // `exchange::fields`: the preview may list more conflicts than there were, never fewer).
    let project = |l: &docket::exchange::preview::Line| l.kind == "Project";
    assert!(
        pv.updated.iter().any(project) || pv.conflicts.iter().any(|c| project(&c.line)),
        "{:?} {:?}",
        pv.updated,
        pv.conflicts
    );
}

#[test]
fn values_are_shown_as_people_read_them() {
    // Both edit one card's column, due date, planned cost and assignees, differently.
    let ws = base();
    let id = ws.projects[0].cards[0].id.clone();
    let p = &ws.projects[0];
    let other_col = p
        .columns
        .iter()
        .find(|c| c.id != card(&ws, &id).column)
        .unwrap();
    let (col_id, col_name) = (other_col.id.clone(), other_col.name.clone());
    let person = ws.people[0].clone();
    let mut a = colleague(&ws, 0, 1);
    let mut b = colleague(&ws, 0, 2);
    let was_assigned = card(&ws, &id).assignees.contains(&person.id);
    let pid = person.id.clone();
    edit(&mut a, &id, move |f| {
        f.due = NaiveDate::from_ymd_opt(2026, 6, 1);
        f.cost_planned = Some(1_250_000);
        f.assignees.retain(|x| x != &pid);
        if was_assigned {
            // (unassigned here)
        } else {
            f.assignees.push(pid.clone());
        }
    });
    let cid = id.clone();
    project(&mut a, move |p, env| p.move_card(env, &cid, &col_id, 0));
    b.env_mut().advance(30);
    edit(&mut b, &id, |f| {
        f.due = NaiveDate::from_ymd_opt(2026, 7, 15);
        f.cost_planned = Some(99);
    });
    let pv = preview(a.workspace(), b.workspace());
    let c = conflict(&pv, &id).unwrap();
    let by_label = |l: &str| {
        c.fields
            .iter()
            .find(|f| f.label == l)
            .unwrap_or_else(|| panic!("{l}: {:?}", c.fields))
    };
    let due = by_label("Due date");
    assert_eq!(
        (due.mine.as_str(), due.theirs.as_str(), due.both()),
        ("2026-06-01", "2026-07-15", true)
    );
    let cost = by_label("Planned cost");
    assert_eq!(
        (cost.mine.as_str(), cost.theirs.as_str()),
        ("12,500.00", "0.99")
    );
    let column = by_label("Column");
    assert_eq!(column.mine, format!("in “{col_name}”"));
    assert!((column.here, column.file) == (true, false));
    let who = by_label(&format!("Assignee “{}”", person.name));
    let (yes, no) = ("assigned", "not assigned");
    let expect = if was_assigned { (no, yes) } else { (yes, no) };
    assert_eq!((who.mine.as_str(), who.theirs.as_str()), expect);
    assert!(who.here && !who.file);
}

#[test]
fn a_version_1_export_has_no_stamps_and_imports_again() {
    let (a, _, id) = scenario();
    let ws = a.workspace();
    let text = format::export_workspace(ws, t0() + Duration::hours(1))
        .into_version_1()
        .to_json();
    assert!(!text.contains("\"stamps\""), "no field stamps anywhere");
    let v: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(v["version"], 1);
    let parsed = match format::parse(&text) {
        Ok(format::Parsed::Docket(env)) => env,
        Ok(_) => panic!("read as Trello"),
        Err(e) => panic!("{e:?}"),
    };
    assert_eq!(parsed.version, 1);
    let back = parsed.workspace();
    // The same workspace, each entity's `updated` standing for all its fields.
    let c = card(&back, &id);
    assert_eq!(
        (c.title.as_str(), c.priority),
        ("A's title", Priority::Urgent)
    );
    assert!(c.stamps.is_empty());
    let strip = |ws: &Workspace| {
        let mut ws = ws.clone();
        for c in ws.projects.iter_mut().flat_map(|p| &mut p.cards) {
            c.stamps = Default::default();
        }
        ws
    };
    assert_eq!(back.projects.len(), ws.projects.len());
    assert_eq!(
        strip(&back).projects[0]
            .cards
            .iter()
            .map(|c| &c.title)
            .collect::<Vec<_>>(),
        ws.projects[0]
            .cards
            .iter()
            .map(|c| &c.title)
            .collect::<Vec<_>>()
    );
    // Merging it back into the workspace it came from changes no value.
    let m = merge(ws, &back);
    assert_eq!(card(&m, &id).title, "A's title");
    assert_eq!(card(&m, &id).priority, Priority::Urgent);
}

#[test]
fn a_run_answered_on_both_sides_lists_each_answer_by_its_item() {
    // Two people note different things on one item of one open run, and one notes another
    // item: the note both wrote is a choice; the other is changed on one side.
    let ws = base();
    let run = ws
        .runs
        .iter()
        .find(|r| !r.is_closed())
        .expect("an open run")
        .clone();
    let t = ws.template(&run.template).unwrap().clone();
    let items = run.items(&t).to_vec();
    let (first, second) = (items[0].clone(), items[1].clone());
    let mut a = colleague(&ws, 0, 1);
    let mut b = colleague(&ws, 0, 2);
    let note = |s: &mut S, item: &Id, text: &str| {
        let (item, text) = (item.clone(), text.to_string());
        s.env_mut().advance(1);
        s.edit_run(&run.id, move |r, t, env| r.set_note(env, t, &item, &text))
            .unwrap()
            .saved
            .unwrap();
    };
    note(&mut a, &first.id, "Seal worn");
    note(&mut a, &second.id, "Checked twice");
    b.env_mut().advance(30);
    note(&mut b, &first.id, "Seal replaced");
    let pv = preview(a.workspace(), b.workspace());
    let c = conflict(&pv, &run.id).expect("the run is changed on both sides");
    assert_eq!(c.line.kind, "Run");
    let by = |name: &str| {
        c.fields
            .iter()
            .find(|f| f.label == format!("Answer to “{name}”"))
            .unwrap_or_else(|| panic!("{name}: {:?}", c.fields))
    };
    let one = by(&first.text);
    assert!(one.both() && one.theirs_wins, "{one:?}");
    assert!(
        one.mine.contains("Seal worn") && one.theirs.contains("Seal replaced"),
        "{one:?}"
    );
    let two = by(&second.text);
    assert!(
        two.here && !two.file && two.mine.contains("Checked twice"),
        "{two:?}"
    );
    // Keeping mine on the first item: both notes of A survive the merge.
    let mut merged = pv.merged.clone();
    let choice = Keep {
        kind: "Run",
        id: run.id.clone(),
        field: one.name.clone(),
        mine: true,
    };
    let mine = a.workspace().clone();
    keep(&mut merged, &mine, b.workspace(), &[choice], a.env_mut());
    let r = merged.runs.iter().find(|r| r.id == run.id).unwrap();
    assert_eq!(r.answer(&first.id).unwrap().note, "Seal worn");
    assert_eq!(r.answer(&second.id).unwrap().note, "Checked twice");
}
