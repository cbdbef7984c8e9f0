//! Native tests of the exchange format: round trips, validation with paths, hostile files,
//! versions, previews, copies, and the merge laws (property tests over diverged workspaces).
#![cfg(not(target_arch = "wasm32"))]

use chrono::{Duration, NaiveDate, TimeZone, Utc};
use docket::domain::risk::{RiskFields, RiskStatus};
use docket::domain::{sample, FixedEnv, Id, Workspace};
use docket::exchange::format::{self, Parsed, Scope};
use docket::exchange::merge::merge;
use docket::exchange::preview::{as_copy, preview};
use proptest::prelude::*;

fn t0() -> chrono::DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 3, 2, 9, 0, 0).unwrap()
}

fn sample_ws(seed: u64) -> Workspace {
    let mut env = FixedEnv::new(t0(), seed);
    let mut ws = sample::workspace(&mut env, NaiveDate::from_ymd_opt(2026, 3, 2).unwrap()).unwrap();
    ws.normalise();
    ws
}

fn parse_ok(text: &str) -> format::Envelope {
    match format::parse(text) {
        Ok(Parsed::Docket(e)) => *e,
        Ok(Parsed::Trello) => panic!("read as Trello"),
        Err(errs) => panic!("refused: {errs:?}"),
    }
}

fn errors(text: &str) -> Vec<String> {
    match format::parse(text) {
        Ok(_) => panic!("accepted a bad file"),
        Err(e) => e.iter().map(|e| e.to_string()).collect(),
    }
}

#[test]
fn export_then_import_is_identity() {
    let ws = sample_ws(1);
    let text = format::export_workspace(&ws, t0()).to_json();
    let env = parse_ok(&text);
    assert_eq!(env.scope, Scope::Workspace);
    let mut back = env.workspace();
    back.normalise();
    assert_eq!(back, ws);
    assert_eq!(format::export_workspace(&back, t0()).to_json(), text);
}

#[test]
fn project_and_template_exports_carry_what_they_need() {
    let ws = sample_ws(2);
    let p = &ws.projects[0];
    let e = format::export_project(&ws, &p.id, t0()).unwrap();
    assert_eq!(e.projects.len(), 1);
    assert!(e.templates.is_empty());
    assert!(!e.people.is_empty(), "assignees travel with the project");
    parse_ok(&e.to_json());
    let t = &ws.templates[0];
    let with = format::export_template(&ws, &t.id, true, t0()).unwrap();
    let without = format::export_template(&ws, &t.id, false, t0()).unwrap();
    assert!(!with.runs.is_empty() && without.runs.is_empty());
    parse_ok(&with.to_json());
    assert_eq!(
        format::file_name(
            "Website relaunch: phase 2/3",
            NaiveDate::from_ymd_opt(2026, 3, 2).unwrap()
        ),
        "docket-website-relaunch-phase-2-3-2026-03-02.json"
    );
}

#[test]
fn every_error_names_its_path_and_several_are_listed() {
    let ws = sample_ws(3);
    let mut v: serde_json::Value =
        serde_json::from_str(&format::export_workspace(&ws, t0()).to_json()).unwrap();
    v["projects"][0]["cards"][5]["due"] = "31/02/2026".into();
    v["projects"][0]["cards"][2]["title"] = 42.into();
    v["people"][1]["updated"] = "yesterday".into();
    let errs = errors(&v.to_string());
    assert!(
        errs.contains(
            &"projects[0].cards[5].due: not a date: '31/02/2026' (dates are written YYYY-MM-DD)"
                .to_string()
        ),
        "{errs:#?}"
    );
    assert!(errs.iter().any(|e| e.starts_with("projects[0].cards[2].title: wrong type: found the number `42`")), "{errs:#?}");
    assert!(
        errs.iter()
            .any(|e| e.starts_with("people[1].updated: not a timestamp: 'yesterday'")),
        "{errs:#?}"
    );
    assert_eq!(errs.len(), 3);
}

#[test]
fn references_and_ids_are_checked() {
    let ws = sample_ws(4);
    let mut v: serde_json::Value =
        serde_json::from_str(&format::export_workspace(&ws, t0()).to_json()).unwrap();
    let dup = v["projects"][0]["cards"][0]["id"].clone();
    v["projects"][0]["cards"][1]["id"] = dup;
    v["projects"][0]["cards"][3]["column"] = "nowhere".into();
    v["runs"][0]["template"] = "gone".into();
    let errs = errors(&v.to_string());
    assert!(
        errs.iter().any(|e| e.contains("cards[1].id: the id")
            && e.contains("also used by projects[0].cards[0]")),
        "{errs:#?}"
    );
    assert!(
        errs.iter().any(
            |e| e == "projects[0].cards[3].column: no column with id 'nowhere' in this project"
        ),
        "{errs:#?}"
    );
    assert!(
        errs.iter()
            .any(|e| e == "runs[0].template: no checklist with id 'gone' in the file"),
        "{errs:#?}"
    );
}

#[test]
fn hostile_files_are_refused_with_a_message() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/bad");
    let mut n = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        let text = String::from_utf8_lossy(&std::fs::read(&path).unwrap()).to_string();
        let res = std::panic::catch_unwind(|| format::parse(&text));
        let res = res.unwrap_or_else(|_| panic!("{} panicked", path.display()));
        match res {
            Err(errs) => {
                assert!(!errs.is_empty());
                assert!(errs.iter().all(|e| !e.message.is_empty()));
            }
            Ok(Parsed::Trello) => {} // a Trello-shaped file goes to the Trello importer
            Ok(Parsed::Docket(_)) => panic!("{} was accepted", path.display()),
        }
        n += 1;
    }
    assert!(n >= 12, "corpus has {n} files");
    // Generated ones too big to keep as files.
    let deep = "[".repeat(10_000) + &"]".repeat(10_000);
    assert!(errors(&deep)[0].contains("nested too deeply"));
    let big = format!(
        "{{\"format\":\"docket\",\"pad\":\"{}\"}}",
        "x".repeat(format::MAX_BYTES)
    );
    assert!(errors(&big)[0].contains("imports files up to 20 MB"));
}

#[test]
fn plain_messages_for_the_usual_mistakes() {
    assert_eq!(
        errors("")[0],
        "The file is empty: there is nothing to import."
    );
    assert!(errors("{\"format\": \"docket\", \"vers")[0].contains("ends too early"));
    assert!(errors("[1,2]")[0].contains("holds a list at the top"));
    assert!(errors("42")[0].contains("holds the number 42"));
    assert!(errors("not json")[0].contains("not a JSON file"));
    let future = "{\"format\":\"docket\",\"version\":99,\"app_version\":\"9\",\"exported_at\":\"2030-01-01T00:00:00Z\",\"scope\":{\"kind\":\"workspace\"}}";
    assert!(errors(future)[0].contains("newer Docket (format version 99)"));
    assert!(matches!(
        format::parse("{\"lists\": [], \"cards\": []}"),
        Ok(Parsed::Trello)
    ));
}

#[test]
fn every_version_fixture_imports() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/format");
    let mut seen = 0;
    for v in 1..=format::VERSION {
        let path = dir.join(format!("v{v}-workspace.json"));
        let text = std::fs::read_to_string(&path)
            .unwrap_or_else(|_| panic!("missing fixture {}", path.display()));
        let env = parse_ok(&text);
        assert!(!env.projects.is_empty() && !env.templates.is_empty());
        seen += 1;
    }
    assert_eq!(seen, format::VERSION);
}

#[test]
fn preview_names_new_updated_conflicting_and_deleted() {
    let base = sample_ws(5);
    let mut local = base.clone();
    let mut theirs = base.clone();
    let mut env_l = FixedEnv::new(t0() + Duration::hours(1), 50);
    let mut env_t = FixedEnv::new(t0() + Duration::hours(2), 60);
    let p = 0;
    let cards: Vec<Id> = base.projects[p]
        .cards
        .iter()
        .map(|c| c.id.clone())
        .collect();
    // Both edit card 0 (theirs later: theirs wins); only they edit card 1; they add a card;
    // they delete card 2.
    local.projects[p]
        .edit_card(&mut env_l, &cards[0], "Ours", "")
        .unwrap();
    theirs.projects[p]
        .edit_card(&mut env_t, &cards[0], "Theirs", "")
        .unwrap();
    theirs.projects[p]
        .edit_card(&mut env_t, &cards[1], "Only theirs", "")
        .unwrap();
    let col = base.projects[p].columns[0].id.clone();
    theirs.projects[p]
        .add_card(&mut env_t, &col, "Brand new")
        .unwrap();
    theirs.projects[p]
        .delete_card(&mut env_t, &cards[2])
        .unwrap();
    theirs.projects[p].purge(&mut env_t, &cards[2]).unwrap();
    let pv = preview(&local, &theirs);
    assert!(
        pv.new
            .iter()
            .any(|l| l.kind == "Card" && l.name.starts_with("“Brand new”")),
        "{:?}",
        pv.new
    );
    assert!(
        pv.updated
            .iter()
            .any(|l| l.name.starts_with("“Only theirs”")),
        "{:?}",
        pv.updated
    );
    assert_eq!(pv.conflicts.len(), 1, "{:?}", pv.conflicts);
    assert!(pv.conflicts[0].incoming_wins && pv.conflicts[0].line.name.starts_with("“Theirs”"));
    assert_eq!(pv.deleted.len(), 1, "{:?}", pv.deleted);
    let merged_card = pv.merged.projects[p].card(&cards[0]).unwrap();
    assert_eq!(merged_card.title, "Theirs");
    // Merging the same file again changes nothing.
    assert!(preview(&pv.merged, &theirs).is_noop());
}

#[test]
fn import_as_copy_gets_new_ids_and_keeps_references() {
    let ws = sample_ws(6);
    let mut env = FixedEnv::new(t0(), 77);
    let copy = as_copy(&ws, &mut env);
    let p = &copy.projects[0];
    assert_eq!(p.name, "Website relaunch (copy)");
    assert_ne!(p.id, ws.projects[0].id);
    for c in &p.cards {
        assert!(
            p.column(&c.column).is_some(),
            "card points at its new column"
        );
        assert!(c.blocked_by.iter().all(|b| p.card(b).is_some()));
        assert!(c.labels.iter().all(|l| p.label(l).is_some()));
        assert!(ws.projects[0].card(&c.id).is_none());
    }
    let t = copy.templates.iter().map(|t| &t.id).collect::<Vec<_>>();
    assert!(copy.runs.iter().all(|r| t.contains(&&r.template)));
    // Merging the copy into the original adds everything and loses nothing.
    let m = merge(&ws, &copy);
    assert_eq!(m.projects.len(), 2);
    // The copy validates as a file.
    parse_ok(&format::export_workspace(&copy, t0()).to_json());
}

// ---- merge laws ----

#[derive(Clone, Debug)]
enum Op {
    AddCard(usize, String),
    Move(usize, usize, usize),
    Edit(usize, String),
    Trash(usize),
    Restore(usize),
    Purge(usize),
    TrashColumn(usize),
    AddColumn(String),
    AddRisk(u8),
    Tick(usize, usize),
    DeleteProject,
    Tick1,
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        (0usize..8, "[a-z]{1,6}").prop_map(|(c, t)| Op::AddCard(c, t)),
        (0usize..30, 0usize..8, 0usize..6).prop_map(|(a, b, c)| Op::Move(a, b, c)),
        (0usize..30, "[a-z]{1,6}").prop_map(|(a, t)| Op::Edit(a, t)),
        (0usize..30).prop_map(Op::Trash),
        (0usize..5).prop_map(Op::Restore),
        (0usize..5).prop_map(Op::Purge),
        (0usize..8).prop_map(Op::TrashColumn),
        "[a-z]{1,6}".prop_map(Op::AddColumn),
        (1u8..6).prop_map(Op::AddRisk),
        (0usize..4, 0usize..8).prop_map(|(a, b)| Op::Tick(a, b)),
        Just(Op::DeleteProject),
        Just(Op::Tick1),
    ]
}

fn apply(ws: &mut Workspace, env: &mut FixedEnv, op: &Op) {
    env.advance(1);
    let Some(p) = ws.projects.first_mut() else {
        return;
    };
    let col = |p: &docket::domain::Project, i: usize| {
        p.columns
            .get(i % p.columns.len().max(1))
            .map(|c| c.id.clone())
    };
    let card = |p: &docket::domain::Project, i: usize| {
        p.cards.get(i % p.cards.len().max(1)).map(|c| c.id.clone())
    };
    let _ = match op {
        Op::AddCard(c, t) => col(p, *c).map(|c| p.add_card(env, &c, t).map(|_| ())),
        Op::Move(a, b, to) => card(p, *a)
            .zip(col(p, *b))
            .map(|(a, b)| p.move_card(env, &a, &b, *to)),
        Op::Edit(a, t) => card(p, *a).map(|a| p.edit_card(env, &a, t, "")),
        Op::Trash(a) => card(p, *a).map(|a| p.delete_card(env, &a)),
        Op::Restore(i) => p
            .trash
            .get(*i)
            .map(|t| t.id().clone())
            .map(|id| p.restore(env, &id)),
        Op::Purge(i) => p
            .trash
            .get(*i)
            .map(|t| t.id().clone())
            .map(|id| p.purge(env, &id)),
        Op::TrashColumn(c) => col(p, *c)
            .filter(|_| p.columns.len() > 1)
            .map(|c| p.delete_column(env, &c).map(|_| ())),
        Op::AddColumn(n) => Some(p.add_column(env, n).map(|_| ())),
        Op::AddRisk(l) => Some(
            p.add_risk(
                env,
                RiskFields {
                    title: format!("risk {l}"),
                    likelihood: *l,
                    impact: 6 - *l,
                    owner: String::new(),
                    mitigation: String::new(),
                    status: RiskStatus::Open,
                },
            )
            .map(|_| ()),
        ),
        Op::Tick(r, i) => {
            let n = ws.runs.len();
            if n == 0 {
                return;
            }
            let run = &mut ws.runs[*r % n];
            let Some(t) = ws.templates.iter().find(|t| t.id == run.template) else {
                return;
            };
            let item = t.items[*i % t.items.len()].id.clone();
            let on = !run.is_checked(&item);
            let _ = run.set_checked(env, t, &item, on);
            return;
        }
        Op::DeleteProject => {
            let id = p.id.clone();
            let _ = ws.delete_project(env, &id);
            return;
        }
        Op::Tick1 => return,
    };
}

fn diverge(seed: u64, ops: &[Op], offset: i64) -> Workspace {
    let mut ws = sample_ws(9);
    let mut env = FixedEnv::new(t0() + Duration::seconds(offset), seed);
    for o in ops {
        apply(&mut ws, &mut env, o);
    }
    ws.normalise();
    ws
}

/// Every live card of `side` is still somewhere in `m` (live, in the trash, or removed by a
/// deletion at least as new as the card's last edit).
fn nothing_lost(side: &Workspace, m: &Workspace) -> Result<(), TestCaseError> {
    for p in &side.projects {
        let Some(mp) = m.projects.iter().find(|x| x.id == p.id) else {
            let t = m.tombstones.iter().find(|t| t.id == p.id);
            prop_assert!(
                t.is_some_and(|t| t.at >= p.updated),
                "project lost without a newer tombstone"
            );
            continue;
        };
        for c in &p.cards {
            let live = mp.cards.iter().any(|x| x.id == c.id);
            let trashed = mp.trash.iter().any(|t| match &t.item {
                docket::domain::Trashed::Card(x) => x.id == c.id,
                docket::domain::Trashed::Column { cards, .. } => cards.iter().any(|x| x.id == c.id),
            } && t.at >= c.updated);
            let removed = mp.removed.iter().any(|r| r.id == c.id && r.at >= c.updated);
            let project_deleted = m
                .tombstones
                .iter()
                .any(|t| t.id == p.id && t.at >= c.updated);
            // Its column was deleted for good after the card's last edit.
            let column_removed = mp
                .removed
                .iter()
                .any(|r| r.id == c.column && r.at >= c.updated);
            prop_assert!(
                live || trashed || removed || project_deleted || column_removed,
                "card {} lost",
                c.title
            );
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    #[test]
    fn merge_is_commutative_associative_idempotent(
        a in proptest::collection::vec(op(), 0..25),
        b in proptest::collection::vec(op(), 0..25),
        c in proptest::collection::vec(op(), 0..25),
        ob in 0i64..3, oc in 0i64..3,
    ) {
        // Offsets 0..3 s make equal timestamps common, exercising the tie-breaks.
        let a = diverge(101, &a, 0);
        let b = diverge(202, &b, ob);
        let c = diverge(303, &c, oc);
        let ab = merge(&a, &b);
        prop_assert!(ab == merge(&b, &a), "not commutative");
        prop_assert!(merge(&ab, &c) == merge(&a, &merge(&b, &c)), "not associative");
        prop_assert!(merge(&ab, &ab) == ab, "not idempotent");
        prop_assert!(merge(&ab, &b) == ab, "merging b again changed the result");
        prop_assert!(merge(&a, &a) == merge(&a, &Workspace::default()), "a+a is not a");
        nothing_lost(&a, &ab)?;
        nothing_lost(&b, &ab)?;
        // References stay consistent: every live card sits in a live column.
        for p in &ab.projects {
            for card in &p.cards {
                prop_assert!(p.column(&card.column).is_some(), "card {} has no column", card.title);
            }
        }
    }

    #[test]
    fn export_import_export_is_identity_for_generated_workspaces(a in proptest::collection::vec(op(), 0..40)) {
        let ws = diverge(404, &a, 0);
        let text = format::export_workspace(&ws, t0()).to_json();
        let back = parse_ok(&text).workspace();
        prop_assert_eq!(format::export_workspace(&back, t0()).to_json(), text);
    }

    #[test]
    fn the_parser_never_panics(s in ".{0,300}") {
        let _ = format::parse(&s);
    }
}

/// Writes tests/fixtures/format/v<VERSION>-workspace.json (run once per new format version:
/// `cargo test --test exchange -- --ignored write_version_fixture`).
#[test]
#[ignore]
fn write_version_fixture() {
    let ws = sample_ws(8);
    let text = serde_json::to_string_pretty(&format::export_workspace(&ws, t0())).unwrap();
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(format!(
        "tests/fixtures/format/v{}-workspace.json",
        format::VERSION
    ));
    std::fs::write(path, text + "\n").unwrap();
}

#[test]
fn label_colours_and_checklist_fields_are_checked_for_meaning() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/bad");
    let read = |f: &str| std::fs::read_to_string(dir.join(f)).unwrap();
    let paths = |f: &str| -> Vec<String> {
        match format::parse(&read(f)) {
            Err(errs) => errs.into_iter().map(|e| e.path).collect(),
            Ok(_) => panic!("{f} was accepted"),
        }
    };
    // A colour goes into a style: only #rrggbb is taken, never CSS text.
    assert_eq!(
        paths("label-colour-css.json"),
        ["projects[0].labels[0].color"]
    );
    let p = paths("checklist-meaning.json");
    assert!(
        p.contains(&"templates[0].items[0].answer".to_string()),
        "{p:?}"
    );
    assert!(
        p.contains(&"templates[0].items[1].section".to_string()),
        "{p:?}"
    );
    assert!(p.contains(&"runs[0].version".to_string()), "{p:?}");
}
