//! No colleague's edit erases another's: cards merge field by field, stamped by a hybrid
//! logical clock (`domain::stamps`, `domain::env::Hlc`). Every edit here goes through the
//! session, as the app's do, so the stamps tested are the ones the app writes.
#![cfg(not(target_arch = "wasm32"))]

use chrono::{DateTime, Duration, NaiveDate, Utc};
use docket::domain::board::{CardDraft, CardFields};
use docket::domain::stamps::PerField;
use docket::domain::{Id, Priority, Workspace};
use docket::exchange::merge::merge;
use proptest::prelude::*;

mod colleagues;
use colleagues::{base, card, colleague, project, t0, S};

/// Imports `file` into `s` as the app does (merge, then replace).
fn import(s: &mut S, file: &Workspace) {
    let merged = merge(s.workspace(), file);
    s.replace_workspace(merged).unwrap();
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

/// A sets a card's due date; C deletes the card after that (into the trash, or for good);
/// B retitles it later still. Merged in any order, the files should agree. They do not:
/// when A's copy meets the deletion first, the deletion wins and keeps nothing of A's edit,
/// so B's newer edit revives the card without A's date; when A's and B's copies meet first,
/// both edits survive. No merge rule fixes it in this file format (docs/STATUS.md, "cannot
/// be fixed by a merge rule alone"): the exchange property, whose edits leave no stamps,
/// cannot see it.
#[test]
#[ignore = "known: files merged in two orders disagree on an edit older than a deletion"]
fn an_edit_older_than_a_deletion_merges_the_same_in_every_order() {
    for purge in [false, true] {
        let ws = base();
        let id = ws.projects[0].cards[1].id.clone();
        let (mut a, mut b, mut c) = (
            colleague(&ws, 0, 1),
            colleague(&ws, 400, 2),
            colleague(&ws, 100, 3),
        );
        edit(&mut a, &id, |f| {
            f.start = None;
            f.due = NaiveDate::from_ymd_opt(2026, 4, 1);
        });
        let gone = id.clone();
        project(&mut c, |p, env| p.delete_card(env, &gone));
        if purge {
            let gone = id.clone();
            project(&mut c, |p, env| p.purge(env, &gone));
        }
        edit(&mut b, &id, |f| f.title = "B's".into());
        let (a, b, c) = (a.workspace(), b.workspace(), c.workspace());
        let first = merge(&merge(a, b), c);
        assert_eq!(
            card(&first, &id).due,
            NaiveDate::from_ymd_opt(2026, 4, 1),
            "purge {purge}"
        );
        assert!(merge(&merge(a, c), b) == first, "purge {purge}");
    }
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
        .edit_project_cards(&pid, "edit card", std::slice::from_ref(&id), |p, env| {
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
        .edit_project_cards(&pid, "edit card", std::slice::from_ref(&id), |p, env| {
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

/// Each form (charter, risk, a checklist's details, an item, a person) saves only what the
/// person changed since it was filled: another tab's newer edit to another field stands;
/// when both changed one field, the person's value is saved and both values are reported.
#[test]
fn stale_forms_save_only_what_the_person_changed() {
    use docket::domain::draft::{Draft, Overwritten};
    use docket::domain::people::{self, PersonFields};
    use docket::domain::RiskStatus;
    let mut s = colleague(&base(), 0, 1);
    let pid = s.workspace().projects[0].id.clone();
    let said = |c: &[Overwritten]| {
        c.iter()
            .map(|c| (c.field, c.theirs.clone(), c.mine.clone()))
            .collect::<Vec<_>>()
    };

    // The charter: another tab sets the objective; the form saves a new scope.
    let opened = s.workspace().projects[0].charter();
    project(&mut s, |p, env| {
        let mut c = p.charter();
        c.objective = "Theirs".into();
        p.set_charter(env, c)
    });
    let mut mine = opened.clone();
    mine.scope_in = "Mine".into();
    mine.objective = opened.objective.clone();
    let clashes = s
        .edit_project(&pid, "edit charter", |p, env| {
            p.save_charter_draft(env, &opened, mine)
        })
        .unwrap()
        .value;
    let p = &s.workspace().projects[0];
    assert_eq!(
        (p.objective.as_str(), p.scope_in.as_str()),
        ("Theirs", "Mine")
    );
    assert!(clashes.is_empty());
    let opened = p.charter();
    project(&mut s, |p, env| {
        let mut c = p.charter();
        c.status = docket::domain::ProjectStatus::OnHold;
        p.set_charter(env, c)
    });
    let mut mine = opened.clone();
    mine.status = docket::domain::ProjectStatus::Planning;
    let clashes = s
        .edit_project(&pid, "edit charter", |p, env| {
            p.save_charter_draft(env, &opened, mine)
        })
        .unwrap()
        .value;
    assert_eq!(
        said(&clashes),
        [("Status", "On hold".to_string(), "Planning".to_string())]
    );

    // A risk: another tab raises its likelihood; the form closes it.
    let risk = s.workspace().projects[0].risks[0].clone();
    let opened = risk.fields();
    project(&mut s, |p, env| {
        let mut f = p.risks[0].fields();
        f.likelihood = if f.likelihood == 5 { 4 } else { 5 };
        p.update_risk(env, &risk.id, f)
    });
    let theirs = s.workspace().projects[0]
        .risks
        .iter()
        .find(|r| r.id == risk.id)
        .unwrap()
        .likelihood;
    let mut mine = opened.clone();
    mine.status = RiskStatus::Closed;
    let clashes = s
        .edit_project(&pid, "edit risk", |p, env| {
            p.save_risk_draft(env, &risk.id, &opened, mine)
        })
        .unwrap()
        .value;
    let r = s.workspace().projects[0]
        .risks
        .iter()
        .find(|r| r.id == risk.id)
        .unwrap();
    assert_eq!((r.likelihood, r.status), (theirs, RiskStatus::Closed));
    assert!(clashes.is_empty());

    // A checklist's details and one of its items.
    let tid = s.workspace().templates[0].id.clone();
    let opened = s.workspace().templates[0].fields();
    s.env_mut().advance(1);
    s.edit_template(&tid, |t, env| {
        let mut f = t.fields();
        f.area = "Theirs".into();
        t.set_fields(env, f)
    })
    .unwrap()
    .saved
    .unwrap();
    let mut mine = opened.clone();
    mine.description = "Mine".into();
    mine.area = "Also mine".into();
    let clashes = s
        .edit_template(&tid, |t, env| t.save_details_draft(env, &opened, mine))
        .unwrap()
        .value;
    let t = &s.workspace().templates[0];
    assert_eq!(
        (t.description.as_str(), t.area.as_str()),
        ("Mine", "Also mine")
    );
    assert_eq!(
        said(&clashes),
        [("Area", "Theirs".to_string(), "Also mine".to_string())]
    );
    let item = t.items[0].id.clone();
    let opened = t.items[0].fields();
    s.env_mut().advance(1);
    s.revise_template(&tid, |t, env| {
        let mut f = t.item(&item).unwrap().fields();
        f.guidance = "Theirs".into();
        t.update_item(env, &item, f)
    })
    .unwrap()
    .saved
    .unwrap();
    let mut mine = opened.clone();
    mine.text = "Mine".into();
    let clashes = s
        .revise_template(&tid, |t, env| t.save_item_draft(env, &item, &opened, mine))
        .unwrap()
        .value;
    let i = s.workspace().templates[0].item(&item).unwrap();
    assert_eq!((i.text.as_str(), i.guidance.as_str()), ("Mine", "Theirs"));
    assert!(clashes.is_empty());

    // A person: another tab sets the role; the row saves a capacity.
    let who = s.workspace().people[0].clone();
    let opened = who.fields();
    s.env_mut().advance(1);
    s.edit_people(|all, env| people::edit(all, env, &who.id, &who.name, "Theirs", &who.email))
        .unwrap()
        .saved
        .unwrap();
    let mine = PersonFields {
        capacity: Some(12.5),
        ..opened.clone()
    };
    let clashes = s
        .edit_people(|all, env| people::save_draft(all, env, &who.id, &opened, mine))
        .unwrap()
        .value;
    let p = s
        .workspace()
        .people
        .iter()
        .find(|p| p.id == who.id)
        .unwrap();
    assert_eq!((p.role.as_str(), p.capacity), ("Theirs", Some(12.5)));
    assert!(clashes.is_empty());

    // The rule itself: nothing the person left alone is written.
    let now = PersonFields {
        name: "N".into(),
        role: "R2".into(),
        email: String::new(),
        capacity: None,
    };
    let opened = PersonFields {
        role: "R1".into(),
        ..now.clone()
    };
    let (out, clashes) = now.clone().rebase(&opened, opened.clone());
    assert_eq!((out, clashes), (now, vec![]));
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
    ProjectObjective(u8),
    ProjectStatus(u8),
    ColumnName(usize, u8),
    ColumnWip(usize, u8),
    RiskOwner(usize, u8),
    RiskImpact(usize, u8),
    PersonRole(usize, u8),
    PersonEmail(usize, u8),
    SubtaskAdd(usize, u8),
    SubtaskToggle(usize, usize),
    TemplateName(usize, u8),
    TemplateArea(usize, u8),
    ItemText(usize, u8),
    ItemRequired(usize),
    RunNote(usize, usize, u8),
    RunTick(usize, usize),
    RunBy(usize, usize),
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
            (c.clone(), 0usize..3).prop_map(|(c, v)| Edit::Label(c, v)),
            any::<u8>().prop_map(Edit::ProjectObjective),
            (0u8..4).prop_map(Edit::ProjectStatus),
            (0usize..3, any::<u8>()).prop_map(|(c, v)| Edit::ColumnName(c, v)),
            (0usize..3, 1u8..9).prop_map(|(c, v)| Edit::ColumnWip(c, v)),
            (0usize..3, any::<u8>()).prop_map(|(r, v)| Edit::RiskOwner(r, v)),
            (0usize..3, 1u8..6).prop_map(|(r, v)| Edit::RiskImpact(r, v)),
            (0usize..3, any::<u8>()).prop_map(|(p, v)| Edit::PersonRole(p, v)),
            (0usize..3, any::<u8>()).prop_map(|(p, v)| Edit::PersonEmail(p, v)),
            (c.clone(), any::<u8>()).prop_map(|(c, v)| Edit::SubtaskAdd(c, v)),
            (c, 0usize..4).prop_map(|(c, i)| Edit::SubtaskToggle(c, i)),
            (0usize..2, any::<u8>()).prop_map(|(t, v)| Edit::TemplateName(t, v)),
            (0usize..2, any::<u8>()).prop_map(|(t, v)| Edit::TemplateArea(t, v)),
            (0usize..6, any::<u8>()).prop_map(|(i, v)| Edit::ItemText(i, v)),
            (0usize..6).prop_map(Edit::ItemRequired),
            (0usize..3, 0usize..6, any::<u8>()).prop_map(|(r, i, v)| Edit::RunNote(r, i, v)),
            (0usize..3, 0usize..6).prop_map(|(r, i)| Edit::RunTick(r, i)),
            (0usize..3, 0usize..4).prop_map(|(r, p)| Edit::RunBy(r, p)),
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
        Edit::ProjectObjective(v) => project(s, |p, env| {
            let mut c = p.charter();
            c.objective = format!("Objective {v}");
            p.set_charter(env, c)
        }),
        Edit::ProjectStatus(v) => project(s, |p, env| {
            let mut c = p.charter();
            c.status = docket::domain::ProjectStatus::ALL[*v as usize % 3];
            p.set_charter(env, c)
        }),
        Edit::ColumnName(c, v) => {
            let col = columns[*c % columns.len()].clone();
            project(s, |p, env| {
                p.rename_column(env, &col, &format!("Column {v}"))
            })
        }
        Edit::ColumnWip(c, v) => {
            let col = columns[*c % columns.len()].clone();
            project(s, |p, env| p.set_wip_limit(env, &col, Some(u32::from(*v))))
        }
        Edit::RiskOwner(r, v) => {
            let risk = p.risks[*r % p.risks.len()].clone();
            project(s, |p, env| {
                let mut f = risk.fields();
                f.owner = format!("Owner {v}");
                p.update_risk(env, &risk.id, f)
            })
        }
        Edit::RiskImpact(r, v) => {
            let risk = p.risks[*r % p.risks.len()].clone();
            project(s, |p, env| {
                let mut f = risk.fields();
                f.impact = *v;
                p.update_risk(env, &risk.id, f)
            })
        }
        Edit::PersonRole(i, v) => {
            let id = people[*i % people.len()].clone();
            s.env_mut().advance(1);
            s.edit_people(|all, env| {
                let who = all.iter_mut().find(|x| x.id == id).unwrap();
                let (name, email) = (who.name.clone(), who.email.clone());
                who.edit(env, &name, &format!("Role {v}"), &email)
            })
            .unwrap()
            .saved
            .unwrap();
        }
        Edit::PersonEmail(i, v) => {
            let id = people[*i % people.len()].clone();
            s.env_mut().advance(1);
            s.edit_people(|all, env| {
                let who = all.iter_mut().find(|x| x.id == id).unwrap();
                let (name, role) = (who.name.clone(), who.role.clone());
                who.edit(env, &name, &role, &format!("p{v}@example.com"))
            })
            .unwrap()
            .saved
            .unwrap();
        }
        Edit::SubtaskAdd(c, v) => {
            let id = pick(*c);
            project(s, |p, env| {
                p.add_subtask(env, &id, &format!("Step {v}")).map(|_| ())
            })
        }
        Edit::SubtaskToggle(c, i) => {
            let id = pick(*c);
            let card = p.card(&id).unwrap();
            if let Some(sub) = card.subtasks.get(*i % card.subtasks.len().max(1)) {
                let (sub, done) = (sub.id.clone(), !sub.done);
                project(s, |p, env| p.set_subtask_done(env, &id, &sub, done))
            }
        }
        Edit::TemplateName(t, v) => {
            let tid = ws.templates[*t % ws.templates.len()].id.clone();
            s.env_mut().advance(1);
            s.edit_template(&tid, |t, env| t.rename(env, &format!("Checklist {v}")))
                .unwrap()
                .saved
                .unwrap();
        }
        Edit::TemplateArea(t, v) => {
            let tid = ws.templates[*t % ws.templates.len()].id.clone();
            s.env_mut().advance(1);
            s.edit_template(&tid, |t, env| {
                let mut f = t.fields();
                f.area = format!("Area {v}");
                t.set_fields(env, f)
            })
            .unwrap()
            .saved
            .unwrap();
        }
        Edit::ItemText(i, _) | Edit::ItemRequired(i) => {
            let t = &ws.templates[0];
            let (tid, item) = (t.id.clone(), t.items[*i % t.items.len()].clone());
            let e = e.clone();
            s.env_mut().advance(1);
            s.revise_template(&tid, |t, env| {
                let mut f = item.fields();
                match e {
                    Edit::ItemText(_, v) => f.text = format!("Check {v}"),
                    _ => f.required = !f.required,
                }
                t.update_item(env, &item.id, f)
            })
            .unwrap()
            .saved
            .unwrap();
        }
        Edit::RunNote(r, i, _) | Edit::RunTick(r, i) | Edit::RunBy(r, i) => {
            let mut open: Vec<&docket::domain::Run> =
                ws.runs.iter().filter(|r| !r.is_closed()).collect();
            open.sort_by(|a, b| a.id.cmp(&b.id));
            let Some(run) = open.get(*r % open.len().max(1)) else {
                return;
            };
            let t = ws.template(&run.template).unwrap();
            let items = run.items(t);
            let (rid, item) = (run.id.clone(), items[*i % items.len()].clone());
            let person = people[*i % people.len()].clone();
            let e = e.clone();
            s.env_mut().advance(1);
            s.edit_run(&rid, |r, t, env| match e {
                Edit::RunNote(_, _, v) => r.set_note(env, t, &item.id, &format!("Note {v}")),
                Edit::RunTick(..) => {
                    let on = !r.is_checked(&item.id);
                    match item.answer {
                        docket::domain::checklist::AnswerKind::Done => {
                            r.set_checked(env, t, &item.id, on)
                        }
                        _ => r.set_note(env, t, &item.id, if on { "ticked" } else { "" }),
                    }
                }
                _ => r.set_by(env, Some(person)),
            })
            .unwrap()
            .saved
            .unwrap();
        }
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

/// What each field of each entity must end as: the value its newest edit left, by stamp.
type Newest = std::collections::BTreeMap<(Id, String), (DateTime<Utc>, String)>;

/// A field's value (`list/<id>`: that element, or nothing).
fn field_value<T: PerField>(e: &T, field: &str) -> String {
    match field.split_once('/') {
        Some((list, id)) => e.element(list, id),
        None => e.value(field),
    }
}

/// After an edit: every field of `after`'s entities whose value it changed, with the
/// field's new stamp and value (a field an edit did not change must not take its stamp: so
/// concurrent edits to different fields of one entity must all survive).
fn note<T: PerField>(newest: &mut Newest, before: &[T], after: &[T]) {
    for e in after {
        let Some(old) = before.iter().find(|x| x.id() == e.id()) else {
            continue;
        };
        let mut fields: Vec<String> = T::FIELDS.iter().map(|f| f.to_string()).collect();
        for list in T::LISTS {
            for id in old.keys(list).into_iter().chain(e.keys(list)) {
                fields.push(format!("{list}/{id}"));
            }
        }
        for f in fields {
            let (was, is) = (field_value(old, &f), field_value(e, &f));
            let stamp = e.stamps().of(&f, e.created(), e.updated());
            if was != is {
                let n = newest
                    .entry((e.id().clone(), f))
                    .or_insert((stamp, is.clone()));
                if stamp >= n.0 {
                    *n = (stamp, is);
                }
            }
        }
    }
}

/// Every entity of `ws` that merges field by field, with a check of each noted field.
fn check_newest(ws: &Workspace, newest: &Newest) -> Result<(), TestCaseError> {
    fn each<T: PerField>(all: &[T], newest: &Newest) -> Result<(), TestCaseError> {
        for e in all {
            for ((id, field), (_, value)) in newest.range((e.id().clone(), String::new())..) {
                if id != e.id() {
                    break;
                }
                prop_assert_eq!(&field_value(e, field), value, "{} of {}", field, e.id());
            }
        }
        Ok(())
    }
    let p = &ws.projects[0];
    each(&p.cards, newest)?;
    each(&p.columns, newest)?;
    each(&p.risks, newest)?;
    each(std::slice::from_ref(p), newest)?;
    each(&ws.templates, newest)?;
    each(&items(ws), newest)?;
    each(&ws.runs, newest)?;
    each(&ws.people, newest)
}

/// Every checklist item of a workspace.
fn items(ws: &Workspace) -> Vec<docket::domain::Item> {
    ws.templates.iter().flat_map(|t| t.items.clone()).collect()
}

fn note_all(newest: &mut Newest, before: &Workspace, after: &Workspace) {
    let (b, a) = (&before.projects[0], &after.projects[0]);
    note(newest, &b.cards, &a.cards);
    note(newest, &b.columns, &a.columns);
    note(newest, &b.risks, &a.risks);
    note(newest, std::slice::from_ref(b), std::slice::from_ref(a));
    note(newest, &before.templates, &after.templates);
    note(newest, &items(before), &items(after));
    note(newest, &before.runs, &after.runs);
    note(newest, &before.people, &after.people);
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
            note_all(&mut newest, &before, &after);
        }
        let [a, b, c] = [0, 1, 2].map(|i| sides[i].workspace().clone());
        let ab = merge(&a, &b);
        prop_assert!(ab == merge(&b, &a), "not commutative");
        let abc = merge(&ab, &c);
        prop_assert!(abc == merge(&a, &merge(&b, &c)), "not associative");
        prop_assert!(abc == merge(&merge(&c, &a), &b), "order matters");
        prop_assert!(merge(&abc, &abc) == abc, "not idempotent");
        prop_assert!(merge(&abc, &b) == abc, "merging b again changed the result");
        check_newest(&abc, &newest)?;
    }
}

#[test]
fn stamps_in_a_file_are_checked() {
    use docket::exchange::format;
    let ws = base();
    let file = serde_json::to_value(format::export_workspace(&ws, t0())).unwrap();
    let with = |stamps: serde_json::Value| {
        let mut f = file.clone();
        f["projects"][0]["cards"][0]["stamps"] = stamps;
        format::parse(&f.to_string())
    };
    // A good one imports.
    assert!(with(serde_json::json!({"title": "2026-03-02T10:00:00.001002Z"})).is_ok());
    // A name that is no field, a list element with a bad id, too many, a time out of range.
    let mut many = serde_json::Map::new();
    for i in 0..1_001 {
        many.insert(format!("labels/l{i}"), "2026-03-02T10:00:00Z".into());
    }
    for (bad, says) in [
        (
            serde_json::json!({"colour": "2026-03-02T10:00:00Z"}),
            "'colour' is not a field",
        ),
        (
            serde_json::json!({"labels/not an id": "2026-03-02T10:00:00Z"}),
            "is not a field",
        ),
        (serde_json::Value::Object(many), "at most 1000"),
        (
            serde_json::json!({"title": "2301-01-01T00:00:00Z"}),
            "outside the years",
        ),
    ] {
        let Err(errs) = with(bad) else {
            panic!("{says}: accepted")
        };
        assert!(
            errs.iter()
                .any(|e| e.path.starts_with("projects[0].cards[0].stamps")
                    && e.message.contains(says)),
            "{says}: {errs:?}"
        );
    }
}
