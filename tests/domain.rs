//! Native tests of the domain operations: what a user does to a board or a checklist,
//! including the input that must be refused.
#![cfg(not(target_arch = "wasm32"))]

use chrono::{NaiveDate, TimeZone, Utc};
use docket::domain::{
    sample, DomainError, FixedEnv, Id, Project, ProjectStatus, Run, Template, Workspace,
};

fn env() -> FixedEnv {
    FixedEnv::new(Utc.with_ymd_and_hms(2026, 3, 2, 9, 0, 0).unwrap(), 7)
}

fn titles(p: &Project, col: &Id) -> Vec<String> {
    p.cards_in(col).map(|c| c.title.clone()).collect()
}

fn board(env: &mut FixedEnv) -> (Project, Id, Id) {
    let mut p = Project::new(env, "Office move").unwrap();
    let todo = p.add_column(env, "To do").unwrap();
    let done = p.add_column(env, "Done").unwrap();
    for t in ["A", "B", "C", "D"] {
        p.add_card(env, &todo, t).unwrap();
    }
    (p, todo, done)
}

#[test]
fn empty_names_are_refused_and_nothing_changes() {
    let mut env = env();
    assert_eq!(
        Project::new(&mut env, "   ").unwrap_err(),
        DomainError::Empty("Project name")
    );
    let (mut p, todo, _) = board(&mut env);
    let before = p.clone();
    assert!(p.rename(&mut env, "").is_err());
    assert!(p.add_column(&mut env, " ").is_err());
    assert!(p.add_card(&mut env, &todo, "\t").is_err());
    assert!(p.rename_column(&mut env, &todo, "").is_err());
    let card = p.cards[0].id.clone();
    assert!(p.edit_card(&mut env, &card, "", "desc").is_err());
    assert!(p.add_card(&mut env, &Id("nope".into()), "X").is_err());
    assert!(p.rename(&mut env, &"x".repeat(201)).is_err());
    assert_eq!(p, before, "a refused operation must not change anything");
    let msg = DomainError::Empty("Card title").to_string();
    assert!(msg.contains("Card title can't be empty"), "{msg}");
}

#[test]
fn operations_stamp_only_what_they_touch() {
    let mut env = env();
    let (mut p, todo, done) = board(&mut env);
    let created = env.now;
    env.advance(60);
    let b = p.cards_in(&todo).nth(1).unwrap().id.clone();
    p.edit_card(&mut env, &b, "B2", "details").unwrap();
    let card = p.card(&b).unwrap();
    assert_eq!(card.updated, env.now);
    assert_eq!(card.created, created);
    assert!(p
        .cards
        .iter()
        .filter(|c| c.id != b)
        .all(|c| c.updated == created));
    assert_eq!(p.updated, created, "a card edit is not a project edit");
    env.advance(60);
    p.move_card(&mut env, &b, &done, 0).unwrap();
    assert_eq!(p.card(&b).unwrap().updated, env.now);
    assert!(p
        .cards
        .iter()
        .filter(|c| c.id != b)
        .all(|c| c.updated == created));
    env.advance(60);
    p.rename(&mut env, "Office move 2027").unwrap();
    assert_eq!(p.updated, env.now);
}

#[test]
fn moving_cards_changes_only_the_moved_card_rank() {
    let mut env = env();
    let (mut p, todo, done) = board(&mut env);
    let ranks_before: Vec<(Id, String)> = p
        .cards
        .iter()
        .map(|c| (c.id.clone(), c.rank.clone()))
        .collect();
    let d = p.cards_in(&todo).nth(3).unwrap().id.clone();
    // D between A and B.
    p.move_card(&mut env, &d, &todo, 1).unwrap();
    assert_eq!(titles(&p, &todo), ["A", "D", "B", "C"]);
    for (id, r) in &ranks_before {
        if id != &d {
            assert_eq!(&p.card(id).unwrap().rank, r);
        }
    }
    // To the empty done column, then to its end, then back to the top of todo.
    let a = p.cards_in(&todo).next().unwrap().id.clone();
    p.move_card(&mut env, &a, &done, 0).unwrap();
    p.move_card(&mut env, &d, &done, 99).unwrap();
    assert_eq!(titles(&p, &done), ["A", "D"]);
    assert_eq!(titles(&p, &todo), ["B", "C"]);
    p.move_card(&mut env, &d, &todo, 0).unwrap();
    assert_eq!(titles(&p, &todo), ["D", "B", "C"]);
    // Moving to where it already is changes nothing.
    let snapshot = p.clone();
    p.move_card(&mut env, &d, &todo, 0).unwrap();
    assert_eq!(p, snapshot);
}

#[test]
fn many_moves_between_the_same_two_cards_keep_order() {
    let mut env = env();
    let (mut p, todo, _) = board(&mut env);
    // Repeatedly drop the last card between the first two: keys grow but order holds.
    for _ in 0..300 {
        let last = p.cards_in(&todo).last().unwrap().id.clone();
        p.move_card(&mut env, &last, &todo, 1).unwrap();
        let ranks: Vec<&str> = p.cards_in(&todo).map(|c| c.rank.as_str()).collect();
        assert!(ranks.windows(2).all(|w| w[0] < w[1]));
    }
    assert_eq!(p.cards_in(&todo).count(), 4);
}

#[test]
fn columns_reorder_rename_and_delete_with_their_cards() {
    let mut env = env();
    let (mut p, todo, done) = board(&mut env);
    let review = p.add_column(&mut env, "Review").unwrap();
    p.move_column(&mut env, &review, 1).unwrap();
    let names: Vec<&str> = p.columns.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(names, ["To do", "Review", "Done"]);
    p.rename_column(&mut env, &done, "Shipped").unwrap();
    assert_eq!(p.column(&done).unwrap().name, "Shipped");
    let n = p.delete_column(&mut env, &todo).unwrap();
    assert_eq!(n, 4);
    assert!(p.cards.is_empty());
    assert_eq!(
        p.trash.len(),
        1,
        "the column goes to the trash with its cards"
    );
    assert_eq!(p.trash[0].describe(), "Column “To do” with 4 card(s)");
    p.restore(&mut env, &todo).unwrap();
    assert_eq!(p.cards_in(&todo).count(), 4);
    assert_eq!(p.columns[0].id, todo, "restored where it was");
    p.delete_column(&mut env, &todo).unwrap();
    p.purge(&mut env, &todo).unwrap();
    assert_eq!(
        p.removed.len(),
        5,
        "purged: column and its four cards leave tombstones"
    );
    assert_eq!(
        p.delete_column(&mut env, &todo),
        Err(DomainError::NotFound("column"))
    );
}

#[test]
fn project_details_validate_dates() {
    let mut env = env();
    let mut p = Project::new(&mut env, "Launch").unwrap();
    let d = |m, day| NaiveDate::from_ymd_opt(2026, m, day);
    let err = p
        .set_details(&mut env, "Go live", ProjectStatus::Active, d(5, 1), d(4, 1))
        .unwrap_err();
    assert!(err.to_string().contains("before the start"));
    assert_eq!(p.status, ProjectStatus::Planning);
    p.set_details(&mut env, "Go live", ProjectStatus::Active, d(4, 1), d(5, 1))
        .unwrap();
    assert_eq!(
        (p.status, p.start, p.target_end),
        (ProjectStatus::Active, d(4, 1), d(5, 1))
    );
}

#[test]
fn checklist_runs_tick_items_and_report_progress() {
    let mut env = env();
    let mut t = Template::new(&mut env, "Opening", &["Lights", "", "Alarm", "Till"]).unwrap();
    assert_eq!(t.items.len(), 3, "blank lines are not items");
    assert!(Template::new(&mut env, "", &["x"]).is_err());
    let empty = Template::new(&mut env, "Empty", &[]).unwrap();
    let today = NaiveDate::from_ymd_opt(2026, 3, 2).unwrap();
    assert!(Run::start(&mut env, &empty, today)
        .unwrap_err()
        .to_string()
        .contains("no items"));

    let mut run = Run::start(&mut env, &t, today).unwrap();
    assert_eq!(run.progress(&t), (0, 3));
    let alarm = t.items[1].id.clone();
    run.set_checked(&mut env, &t, &alarm, true).unwrap();
    run.set_checked(&mut env, &t, &alarm, true).unwrap();
    assert_eq!(run.progress(&t), (1, 3));
    assert!(run
        .set_checked(&mut env, &t, &Id("x".into()), true)
        .is_err());
    run.set_checked(&mut env, &t, &alarm, false).unwrap();
    assert_eq!(run.progress(&t), (0, 3));
    run.set_checked(&mut env, &t, &alarm, true).unwrap();

    // Items can be added, moved, edited and removed; progress follows the current items.
    let safe = t.add_item(&mut env, "Safe locked").unwrap();
    t.move_item(&mut env, &safe, 0).unwrap();
    assert_eq!(t.items[0].text, "Safe locked");
    t.edit_item(&mut env, &safe, "Safe locked and logged")
        .unwrap();
    assert!(t.edit_item(&mut env, &safe, "  ").is_err());
    assert_eq!(run.progress(&t), (1, 4));
    t.delete_item(&mut env, &alarm).unwrap();
    assert_eq!(run.progress(&t), (0, 3));
}

#[test]
fn workspace_deletes_leave_tombstones() {
    let mut env = env();
    let mut ws = Workspace::default();
    let p = ws.create_project(&mut env, "P").unwrap();
    let t = ws.create_template(&mut env, "T", &["one"]).unwrap();
    let day = NaiveDate::from_ymd_opt(2026, 3, 2).unwrap();
    ws.start_run(&mut env, &t, day).unwrap();
    ws.start_run(&mut env, &t, day.succ_opt().unwrap()).unwrap();
    assert_eq!(
        ws.runs_of(&t)[0].date,
        day.succ_opt().unwrap(),
        "newest first"
    );
    ws.delete_project(&mut env, &p).unwrap();
    let gone = ws.delete_template(&mut env, &t).unwrap();
    assert_eq!(gone.len(), 3);
    assert!(ws.is_empty());
    assert_eq!(ws.tombstones.len(), 4);
    assert!(ws.delete_project(&mut env, &p).is_err());
}

#[test]
fn sample_data_is_realistic() {
    let mut env = env();
    let today = NaiveDate::from_ymd_opt(2026, 3, 2).unwrap();
    let ws = sample::workspace(&mut env, today).unwrap();
    assert_eq!(ws.projects.len(), 1);
    let p = &ws.projects[0];
    assert_eq!(p.columns.len(), 5);
    assert!(p.cards.len() >= 10);
    let names: Vec<&str> = ws.templates.iter().map(|t| t.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "Daily opening checks",
            "Weekly safety walk",
            "Monthly inventory count",
            "Quarterly compliance audit",
            "Fridge temperature check"
        ]
    );
    // The registers (issue 20): two sites, a dozen assets, a stock list the inventory
    // count counts, a budget with spending, three policies; the fridge check's runs are on
    // the fridges, and one asset's history shows a failure.
    let r = &ws.registers;
    assert_eq!(
        (r.sites.len(), r.assets.len(), r.policies.len()),
        (2, 12, 3)
    );
    assert!(r.stock.len() >= 6 && !r.budget.is_empty() && !r.spend.is_empty());
    assert_eq!(
        ws.templates[2]
            .items
            .iter()
            .filter(|i| i.stock.is_some())
            .count(),
        4
    );
    assert!(!docket::domain::registers::stock::to_order(r).is_empty());
    assert_eq!(
        docket::domain::registers::policies::due(r, today, None).len(),
        1
    );
    let fridge_runs: Vec<_> = ws.runs.iter().filter(|x| x.asset.is_some()).collect();
    assert!(fridge_runs.len() >= 8);
    let failed = r.assets.iter().any(|a| {
        docket::domain::registers::assets::history(&a.id, &ws.runs, &ws.templates)
            .iter()
            .any(|v| !v.failures.is_empty())
    });
    assert!(failed);
    assert!(ws.runs.iter().all(|x| x.site.is_some()));
    // History to show: completed runs with failures, a version change, something due today,
    // something overdue and a run left half-done.
    use docket::domain::checklist::agenda::{agenda, RunFact};
    use docket::domain::checklist::analytics::template_stats;
    let opening = &ws.templates[0];
    assert_eq!(opening.version, 2);
    assert!(ws
        .runs
        .iter()
        .any(|r| r.template == opening.id && r.version == 1));
    let runs: Vec<&Run> = ws.runs.iter().collect();
    for t in &ws.templates {
        let s = template_stats(t, &runs, today, 90);
        assert!(s.runs >= 2, "{} has history", t.name);
        assert!(s.with_failure >= 1, "{} has a failure to look at", t.name);
    }
    let facts: Vec<RunFact> = ws.runs.iter().map(RunFact::of).collect();
    let refs: Vec<&Template> = ws.templates.iter().collect();
    let a = agenda(&refs, &facts, today, 7, &Default::default());
    assert!(!a.today.is_empty() && !a.overdue.is_empty() && !a.unfinished.is_empty());
    // Every run's stored form reads back the same.
    for r in &ws.runs {
        let back: Run = serde_json::from_str(&serde_json::to_string(r).unwrap()).unwrap();
        assert_eq!(&back, r);
    }
    assert!(p.start.unwrap() < today && p.target_end.unwrap() > today);
}

/// Names that can't lie (issue 16) and one person per name (issue 17, bug 6): invisible
/// characters at the ends go, direction overrides are refused, and a name equal to one in
/// the directory after ignoring case, spaces and invisible characters is the same person.
#[test]
fn names_cannot_impersonate_and_people_are_unique_by_name() {
    use docket::domain::people;
    let mut env = env();
    let p = docket::domain::Project::new(&mut env, "Website relaunch\u{200B}").unwrap();
    assert_eq!(p.name, "Website relaunch");
    assert!(
        docket::domain::Project::new(&mut env, "\u{200B}\u{FEFF}").is_err(),
        "blank"
    );
    let err = docket::domain::Project::new(&mut env, "Budget \u{202E}cod.exe").unwrap_err();
    assert!(err.to_string().contains("direction"), "{err}");
    let mut all = Vec::new();
    let ana = people::add(&mut all, &mut env, "Ana Lima", "Site manager", "").unwrap();
    for same in [
        "ana lima",
        " ANA  LIMA ",
        "Ana Lima\u{200B}",
        "Ana\u{200B} Lima",
    ] {
        let err = people::add(&mut all, &mut env, same, "", "").unwrap_err();
        assert!(err.to_string().contains("already"), "{same:?}: {err}");
        assert_eq!(
            people::find_or_add(&mut all, &mut env, same).unwrap(),
            (ana.clone(), false)
        );
    }
    let bo = people::add(&mut all, &mut env, "Bo Chen", "", "").unwrap();
    assert!(people::edit(&mut all, &mut env, &bo, "ana LIMA", "", "").is_err());
    people::edit(&mut all, &mut env, &bo, "Bo Chen-Lima", "", "").unwrap();
    people::edit(&mut all, &mut env, &ana, "Ana Lima", "Ops", "").unwrap();
    assert_eq!(all.len(), 2);
}

/// Names equal after Unicode NFC are one name (issue 16): "José" typed with a composed "é"
/// (U+00E9) and with "e" + a combining accent (U+0301) look the same, so the directory and
/// a project's labels refuse the second and find the first.
#[test]
fn names_equal_after_nfc_are_the_same_name() {
    use docket::domain::{name_key, people};
    let composed = "Jos\u{e9} Lima";
    let decomposed = "Jose\u{301} Lima";
    assert_ne!(composed, decomposed);
    assert_eq!(name_key(composed), name_key(decomposed));
    assert_eq!(name_key("\u{c9}MILE"), name_key("e\u{200B}\u{301}mile"));
    let mut env = env();
    let mut all = Vec::new();
    let jose = people::add(&mut all, &mut env, composed, "", "").unwrap();
    let err = people::add(&mut all, &mut env, decomposed, "", "").unwrap_err();
    assert!(err.to_string().contains("already"), "{err}");
    assert_eq!(
        people::find_or_add(&mut all, &mut env, decomposed).unwrap(),
        (jose.clone(), false)
    );
    let bo = people::add(&mut all, &mut env, "Bo Chen", "", "").unwrap();
    assert!(people::edit(&mut all, &mut env, &bo, decomposed, "", "").is_err());
    assert_eq!(all.len(), 2);

    let mut p = docket::domain::Project::new(&mut env, "Caf\u{e9}").unwrap();
    let before = p.labels.len();
    p.add_label(&mut env, "Caf\u{e9}", "#1f6f3f").unwrap();
    let err = p.add_label(&mut env, "CAFE\u{301}", "#1f6f3f").unwrap_err();
    assert!(err.to_string().contains("already a label"), "{err}");
    assert_eq!(p.labels.len(), before + 1);
}
