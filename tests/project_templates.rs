//! Native tests of project templates (issue 19, part 6): a project saved as a template
//! (columns, WIP limits, done column, labels, the recurring cards with dates relative to
//! the start, the charter's skeleton, risks), a project started from one (new ids, dates
//! counted from the new start), through the Session and storage, in the file format
//! (validated, exported, merged field by field, deletions travelling), and the sample's two.
#![cfg(not(target_arch = "wasm32"))]

mod schema;
mod session;

use chrono::{Duration, NaiveDate, TimeZone, Utc};
use docket::domain::board::{CardFields, Charter};
use docket::domain::project_template::{self, ProjectTemplate};
use docket::domain::risk::{RiskFields, RiskStatus};
use docket::domain::{
    validate, EntityKind, Env, FixedEnv, Id, Priority, Project, ProjectStatus, Workspace,
};
use docket::exchange::{format, merge};
use docket::storage::MemoryStore;
use proptest::prelude::*;
use std::collections::HashSet;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn env() -> FixedEnv {
    FixedEnv::new(Utc.with_ymd_and_hms(2026, 11, 2, 9, 0, 0).unwrap(), 23)
}

/// A project starting on 2 Nov 2026 with a WIP limit, labels, three cards (one done, one
/// with subtasks ticked), a risk with an owner and a charter.
fn project(env: &mut FixedEnv) -> Project {
    let mut p = Project::starter(env, "Spring campaign").unwrap();
    let (todo, doing, done) = (
        p.columns[0].id.clone(),
        p.columns[1].id.clone(),
        p.columns[2].id.clone(),
    );
    p.set_wip_limit(env, &doing, Some(3)).unwrap();
    let urgent = p.add_label(env, "Urgent", "#b42318").unwrap();
    p.set_charter(
        env,
        Charter {
            objective: "More bookings in spring.".into(),
            scope_in: "Ads, mailing".into(),
            scope_out: "Print".into(),
            deliverables: vec!["Mailing".into()],
            start: Some(d(2026, 11, 2)),
            target_end: Some(d(2026, 12, 14)),
            budget: None,
            stakeholders: vec![("Agency".into(), "Ads".into(), true)],
            status: ProjectStatus::Active,
        },
    )
    .unwrap();
    for (title, col, start, due) in [
        (
            "Brief the agency",
            &todo,
            Some(d(2026, 11, 3)),
            Some(d(2026, 11, 6)),
        ),
        ("Write the mailing", &doing, None, Some(d(2026, 11, 20))),
        (
            "Kick-off",
            &done,
            Some(d(2026, 11, 2)),
            Some(d(2026, 11, 2)),
        ),
    ] {
        let id = p.add_card(env, col, title).unwrap();
        let mut f = CardFields::of(p.card(&id).unwrap());
        (f.start, f.due, f.priority, f.estimate) = (start, due, Priority::High, Some(2.0));
        f.labels = vec![urgent.clone()];
        f.assignees = vec![Id("someone".into())];
        p.update_card(env, &id, f).unwrap();
        let s = p.add_subtask(env, &id, "Check").unwrap();
        p.set_subtask_done(env, &id, &s, true).unwrap();
    }
    p.add_risk(
        env,
        RiskFields {
            title: "Agency late".into(),
            likelihood: 3,
            impact: 4,
            owner: "Ana".into(),
            mitigation: "Book early".into(),
            status: RiskStatus::default(),
        },
    )
    .unwrap();
    p
}

fn ids_of(p: &Project) -> HashSet<Id> {
    let mut s: HashSet<Id> = HashSet::new();
    s.insert(p.id.clone());
    s.extend(p.columns.iter().map(|c| c.id.clone()));
    s.extend(p.cards.iter().map(|c| c.id.clone()));
    s.extend(p.labels.iter().map(|l| l.id.clone()));
    s.extend(p.risks.iter().map(|r| r.id.clone()));
    s
}

#[test]
fn a_project_saved_as_a_template_starts_a_new_one_with_new_ids_and_dates_from_its_start() {
    let mut env = env();
    let p = project(&mut env);
    let t = ProjectTemplate::from_project(&mut env, &p, "Campaign", true).unwrap();
    let s = &t.project;
    assert_eq!(
        s.columns
            .iter()
            .map(|c| c.name.as_str())
            .collect::<Vec<_>>(),
        ["To do", "In progress", "Done"]
    );
    assert_eq!(s.columns[1].wip_limit, Some(3));
    assert_eq!(s.done_column.as_ref(), Some(&s.columns[2].id));
    assert_eq!(t.length_days(), Some(42));
    assert_eq!(s.start, Some(d(2026, 11, 2)));
    // The done card comes back to the first column; nobody is assigned, nothing ticked,
    // no history; the risk has no owner.
    let kick = s.cards.iter().find(|c| c.title == "Kick-off").unwrap();
    assert_eq!(kick.column, s.columns[0].id);
    assert!(s
        .cards
        .iter()
        .all(|c| c.assignees.is_empty() && c.subtasks.iter().all(|t| !t.done)));
    assert!(s.moves.is_empty() && s.trash.is_empty());
    assert_eq!(s.risks[0].owner, "");
    // None of the old project's ids is in the template.
    let json = serde_json::to_string(&t).unwrap();
    for id in ids_of(&p) {
        assert!(!json.contains(id.as_str()), "{id} leaked into the template");
    }
    let brief = s
        .cards
        .iter()
        .find(|c| c.title == "Brief the agency")
        .unwrap();
    assert_eq!(brief.labels, vec![s.labels[0].id.clone()]);
    // The template is a valid record.
    let mut issues = validate::Issues::default();
    validate::project_template(&t, "", &mut issues);
    assert!(issues.is_empty(), "{:?}", issues.list);

    let start = d(2027, 3, 1);
    let q = t.start_project(&mut env, "Autumn campaign", start).unwrap();
    assert_eq!(q.name, "Autumn campaign");
    assert_eq!(q.status, ProjectStatus::Planning);
    assert_eq!(
        (q.start, q.target_end),
        (Some(start), Some(start + Duration::days(42)))
    );
    assert_eq!(
        (q.objective.as_str(), q.scope_in.as_str()),
        ("More bookings in spring.", "Ads, mailing")
    );
    assert_eq!(q.stakeholders[0].name, "Agency");
    assert_eq!(q.columns.len(), 3);
    assert_eq!(q.columns[1].wip_limit, Some(3));
    assert_eq!(q.done_column_id(), Some(&q.columns[2].id));
    assert!(
        ids_of(&q).is_disjoint(&ids_of(&p)),
        "a new project has new ids throughout"
    );
    assert!(
        ids_of(&q).is_disjoint(&ids_of(&t.project)),
        "and ids of its own, not the template's"
    );
    let brief = q
        .cards
        .iter()
        .find(|c| c.title == "Brief the agency")
        .unwrap();
    assert_eq!(
        (brief.start, brief.due),
        (Some(d(2027, 3, 2)), Some(d(2027, 3, 5)))
    );
    assert_eq!(brief.labels, vec![q.labels[0].id.clone()]);
    assert_eq!(brief.column, q.columns[0].id);
    let kick = q.cards.iter().find(|c| c.title == "Kick-off").unwrap();
    assert_eq!(kick.column, q.columns[0].id);
    assert_eq!(q.risks.len(), 1);
    // Each card's arrival is recorded (flow charts count it).
    assert_eq!(q.moves.len(), q.cards.len());
    let mut issues = validate::Issues::default();
    validate::project(&q, "", &mut issues);
    assert!(issues.is_empty(), "{:?}", issues.list);

    // Without the cards: the board's shape only.
    let bare = ProjectTemplate::from_project(&mut env, &p, "Shape", false).unwrap();
    assert!(bare.project.cards.is_empty());
    assert!(bare
        .start_project(&mut env, "New", start)
        .unwrap()
        .cards
        .is_empty());
    // A blank name is refused; a start that moves a date out of range too.
    assert!(ProjectTemplate::from_project(&mut env, &p, "  ", true).is_err());
    assert!(t.start_project(&mut env, " ", start).is_err());
    assert!(t.start_project(&mut env, "Far", d(2200, 12, 20)).is_err());
}

proptest! {
    /// Whatever the start and the cards' dates, every date of a started project lies the
    /// same number of days after its start as in the template (across months and years),
    /// and a template made from it again has the same shape.
    #[test]
    fn dates_keep_their_distance_from_any_start(
        start in 0i64..80_000,
        offsets in prop::collection::vec((prop::option::of(0i64..400), 0i64..60), 0..12),
        length in prop::option::of(0i64..1_000),
    ) {
        let mut env = env();
        let mut p = project(&mut env);
        p.cards.clear();
        let s0 = p.start.unwrap();
        p.target_end = length.map(|l| s0 + Duration::days(l));
        let col = p.columns[0].id.clone();
        for (i, (s, len)) in offsets.iter().enumerate() {
            let id = p.add_card(&mut env, &col, &format!("card {i}")).unwrap();
            let mut f = CardFields::of(p.card(&id).unwrap());
            f.start = s.map(|s| s0 + Duration::days(s));
            f.due = Some(s0 + Duration::days(s.unwrap_or(0) + len));
            p.update_card(&mut env, &id, f).unwrap();
        }
        let t = ProjectTemplate::from_project(&mut env, &p, "T", true).unwrap();
        let day0 = d(1901, 1, 1) + Duration::days(start);
        let q = t.start_project(&mut env, "Q", day0).unwrap();
        prop_assert_eq!(q.target_end, length.map(|l| day0 + Duration::days(l)));
        for (i, (s, len)) in offsets.iter().enumerate() {
            let c = q.cards.iter().find(|c| c.title == format!("card {i}")).unwrap();
            prop_assert_eq!(c.start, s.map(|s| day0 + Duration::days(s)));
            prop_assert_eq!(c.due, Some(day0 + Duration::days(s.unwrap_or(0) + len)));
        }
        let back = ProjectTemplate::from_project(&mut env, &q, "T", true).unwrap();
        prop_assert_eq!(back.length_days(), t.length_days());
        prop_assert_eq!(back.project.cards.len(), t.project.cards.len());
    }
}

fn stored(s: &session::Scripted<MemoryStore>) -> Workspace {
    session::loads(&s.repo().unwrap().store().inner.snapshot())
}

#[test]
fn templates_go_through_the_session_into_storage_and_a_project_starts_from_one() {
    let mut s = session::open::<MemoryStore>(None);
    let _ = s.load_sample(session::day()).unwrap();
    // The sample offers two.
    let names: Vec<String> = s
        .workspace()
        .project_templates
        .iter()
        .map(|t| t.name.clone())
        .collect();
    assert_eq!(names, ["Website project", "Office move"]);
    let pid = s.workspace().projects[0].id.clone();
    let tid = s
        .save_as_template(&pid, "Relaunch again", true)
        .unwrap()
        .value;
    let st = stored(&s);
    assert_eq!(st.project_templates.len(), 3);
    let t = st.project_templates.iter().find(|t| t.id == tid).unwrap();
    assert_eq!(t.name, "Relaunch again");
    // Starting from it: a new project, stored, with new ids.
    let start = d(2027, 1, 4);
    let new = s
        .start_from_template(&tid, "Shop relaunch", start)
        .unwrap()
        .value;
    let st = stored(&s);
    let q = st.projects.iter().find(|p| p.id == new).unwrap();
    assert_eq!((q.name.as_str(), q.start), ("Shop relaunch", Some(start)));
    let old = st.projects.iter().find(|p| p.id == pid).unwrap();
    assert!(ids_of(q).is_disjoint(&ids_of(old)));
    assert_eq!(
        q.cards.len(),
        old.cards.iter().filter(|c| !c.archived).count()
    );
    // A refused name changes nothing.
    let before = s.workspace().clone();
    assert!(s.start_from_template(&tid, "", start).is_err());
    assert!(s.save_as_template(&pid, "", true).is_err());
    assert_eq!(s.workspace(), &before);
    // Deleting one leaves a tombstone, stored with the list.
    let _ = s
        .edit_project_templates(|list, _| project_template::remove(list, &tid))
        .unwrap();
    let st = stored(&s);
    assert_eq!(st.project_templates.len(), 2);
    assert!(st
        .tombstones
        .iter()
        .any(|t| t.id == tid && t.kind == EntityKind::ProjectTemplate));
    // A reopened session reads them back.
    let mut back = stored(&s).project_templates;
    let mut now = s.workspace().project_templates.clone();
    back.sort_by(|a, b| a.id.cmp(&b.id));
    now.sort_by(|a, b| a.id.cmp(&b.id));
    assert_eq!(back, now);
}

#[test]
fn templates_travel_in_the_file_are_validated_and_merge_field_by_field() {
    let mut env = env();
    let p = project(&mut env);
    let t = ProjectTemplate::from_project(&mut env, &p, "Campaign", true).unwrap();
    let ws = Workspace {
        project_templates: vec![t.clone()],
        ..Workspace::default()
    };
    let text = format::export_workspace(&ws, env.now()).to_json();
    assert!(text.contains("\"project_templates\""));
    // What Docket writes is what docs/docket-file.schema.json describes.
    let errors = schema::Schema::docs().errors(&serde_json::from_str(&text).unwrap());
    assert!(errors.is_empty(), "export breaks the schema: {errors:?}");
    let back = match format::parse(&text) {
        Ok(format::Parsed::Docket(e)) => e,
        _ => panic!("refused"),
    };
    assert_eq!(back.project_templates, vec![t.clone()]);
    // Version 1 (for older copies) leaves them out.
    let v1 = format::export_workspace(&ws, env.now())
        .into_version_1()
        .to_json();
    assert!(!v1.contains("project_templates"));
    // A broken template is refused with its path.
    let mut bad = t.clone();
    bad.project.cards[0].column = Id("nowhere".into());
    bad.project.labels[0].color = "red;}".into();
    let bad_ws = Workspace {
        project_templates: vec![bad],
        ..Workspace::default()
    };
    let Err(errs) = format::parse(&format::export_workspace(&bad_ws, env.now()).to_json()) else {
        panic!("a broken template was accepted");
    };
    let all = errs
        .iter()
        .map(|e| format!("{e:?}"))
        .collect::<Vec<_>>()
        .join("\n");
    assert!(
        all.contains("project_templates[0].project.cards[0].column"),
        "{all}"
    );
    assert!(
        all.contains("project_templates[0].project.labels[0].color"),
        "{all}"
    );

    // Two colleagues edit different fields: both edits survive the merge, either way round.
    let mut mine = t.clone();
    env.advance(60);
    mine.edit(&mut env, "Campaign (v2)", "").unwrap();
    docket::domain::stamps::restamp(&mut mine, &t, env.now());
    let mut theirs = t.clone();
    env.advance(60);
    theirs.project.risks.clear();
    theirs.updated = env.now();
    docket::domain::stamps::restamp(&mut theirs, &t, env.now());
    let a = Workspace {
        project_templates: vec![mine.clone()],
        ..Workspace::default()
    };
    let b = Workspace {
        project_templates: vec![theirs.clone()],
        ..Workspace::default()
    };
    let ab = merge::merge(&a, &b);
    let ba = merge::merge(&b, &a);
    assert_eq!(ab, ba);
    let m = &ab.project_templates[0];
    assert_eq!(m.name, "Campaign (v2)");
    assert!(m.project.risks.is_empty());
    // A deletion newer than the edits wins; idempotent.
    env.advance(60);
    let gone = Workspace {
        tombstones: vec![docket::domain::Tombstone {
            id: t.id.clone(),
            kind: EntityKind::ProjectTemplate,
            at: env.now(),
        }],
        ..Workspace::default()
    };
    let after = merge::merge(&ab, &gone);
    assert!(after.project_templates.is_empty());
    assert_eq!(merge::merge(&after, &after), after);
}
