//! Hostile data (issue 16): files and stored records that break an invariant are refused
//! with a path (import), or set aside in the recovery view (storage: on start, from another
//! tab, in a journal) — never a panic, a freeze or a silent loss. The invariants themselves
//! are `domain::validate`, one set for every entry point.
#![cfg(not(target_arch = "wasm32"))]

use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use docket::domain::{sample, FixedEnv, Project, Workspace};
use docket::exchange::format::{self, check_against, export_workspace, FileError, Parsed};
use docket::exchange::merge::merge;
use docket::session::Session;
use docket::storage::{
    pack, project_key, recovery, KvStore, MemoryStore, Repo, Scope, JOURNAL_KEY, PEOPLE_KEY,
    TOMBSTONES_KEY,
};
use serde_json::{json, Value};
use std::time::{Duration, Instant};

mod session;
use session::SharedMem;

fn fixture(rel: &str) -> String {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(rel);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 3, 5, 9, 0, 0).unwrap()
}

fn refused(text: &str) -> Vec<FileError> {
    match format::parse(text) {
        Ok(_) => panic!("accepted"),
        Err(e) => e,
    }
}

fn has(errors: &[FileError], path: &str, words: &str) -> bool {
    errors
        .iter()
        .any(|e| e.path == path && e.message.contains(words))
}

fn v1() -> Workspace {
    match format::parse(&fixture("tests/fixtures/format/v1-workspace.json")) {
        Ok(Parsed::Docket(e)) => e.workspace(),
        _ => panic!("the v1 fixture is a valid Docket file"),
    }
}

// ---- case 2: an end-of-calendar date -------------------------------------------------

#[test]
fn a_date_at_the_end_of_the_calendar_is_refused_with_its_path() {
    let errors = refused(&fixture("tests/fixtures/bad/end-of-calendar-date.json"));
    assert!(
        has(
            &errors,
            "projects[0].cards[0].due",
            "outside the years 1900 to 2200"
        ),
        "{errors:?}"
    );
    // The bounds themselves are accepted.
    let mut v: Value =
        serde_json::from_str(&fixture("tests/fixtures/format/v1-workspace.json")).unwrap();
    v["projects"][0]["cards"][0]["due"] = json!("2200-12-31");
    v["projects"][0]["cards"][1]["start"] = json!("1900-01-01");
    assert!(format::parse(&v.to_string()).is_ok());
}

// ---- case 3: a trash that was never validated ------------------------------------------

#[test]
fn cards_in_a_trashed_column_are_validated_like_the_board() {
    let errors = refused(&fixture("tests/fixtures/bad/trash-unchecked-cards.json"));
    let at = "projects[0].trash[0].item.column.cards";
    assert!(
        has(
            &errors,
            &format!("{at}[0].rank"),
            "not a valid position key: '0'"
        ),
        "{errors:?}"
    );
    assert!(
        has(&errors, &format!("{at}[1].title"), "longer than 200"),
        "{errors:?}"
    );
    assert!(
        has(&errors, &format!("{at}[2].id"), "not a valid id: ':lost'"),
        "{errors:?}"
    );
}

// ---- case 4: small files that froze the page -------------------------------------------

/// The v1 fixture with one change, as text.
fn v1_with(change: impl FnOnce(&mut Value)) -> String {
    let mut v: Value =
        serde_json::from_str(&fixture("tests/fixtures/format/v1-workspace.json")).unwrap();
    change(&mut v);
    v.to_string()
}

#[test]
fn huge_texts_and_lists_are_refused_at_once_with_their_paths() {
    let mega = "x".repeat(1 << 20);
    let many = |n: usize, f: &dyn Fn(usize) -> Value| Value::Array((0..n).map(f).collect());
    let cases: Vec<(&str, String, &str)> = vec![
        (
            "a 1 MB person name",
            v1_with(|v| v["people"][0]["name"] = json!(mega)),
            "people[0].name",
        ),
        (
            "200,000 deliverables",
            v1_with(|v| {
                v["projects"][0]["deliverables"] = many(200_000, &|i| json!(format!("D{i}")))
            }),
            "projects[0].deliverables",
        ),
        (
            "200,000 subtasks",
            v1_with(|v| {
                v["projects"][0]["cards"][0]["subtasks"] =
                    many(200_000, &|i| json!({"id": format!("s{i}"), "text": "step"}))
            }),
            "projects[0].cards[0].subtasks",
        ),
        (
            "a 1 MB risk title",
            v1_with(|v| v["projects"][0]["risks"][0]["title"] = json!(mega)),
            "projects[0].risks[0].title",
        ),
        (
            "a 1 MB label",
            v1_with(|v| v["projects"][0]["labels"][0]["name"] = json!(mega)),
            "projects[0].labels[0].name",
        ),
        (
            "a 1 MB charter scope",
            v1_with(|v| v["projects"][0]["scope_in"] = json!(mega)),
            "projects[0].scope_in",
        ),
        (
            "a 1 MB deliverable",
            v1_with(|v| v["projects"][0]["deliverables"][0] = json!(mega)),
            "projects[0].deliverables[0]",
        ),
    ];
    for (what, text, path) in cases {
        let started = Instant::now();
        let errors = refused(&text);
        let took = started.elapsed();
        assert!(
            errors.iter().any(|e| e.path == path),
            "{what}: expected a problem at {path}, got {errors:?}"
        );
        assert!(took < Duration::from_secs(2), "{what}: {took:?}");
    }
}

// ---- case 5: ids that clash with the workspace -----------------------------------------

#[test]
fn a_new_project_reusing_ids_of_existing_cards_is_refused_against_the_workspace() {
    let local = v1();
    let text = fixture("tests/fixtures/against/new-project-reuses-ids.json");
    let Ok(Parsed::Docket(file)) = format::parse(&text) else {
        panic!("the file is valid on its own")
    };
    let errors = check_against(&local, &file, now()).unwrap_err();
    assert!(
        has(
            &errors,
            "projects[0].columns[0].id",
            "already used by a column"
        ),
        "{errors:?}"
    );
    assert!(
        has(&errors, "projects[0].cards[0].id", "already used by a card"),
        "{errors:?}"
    );
    // Why: merged anyway, the workspace's own export would no longer import.
    let merged = merge(&local, &file.workspace());
    let export = export_workspace(&merged, now()).to_json();
    assert!(format::parse(&export).is_err());
    // The workspace's own export, re-imported, is no clash.
    let own = export_workspace(&local, now());
    assert_eq!(check_against(&local, &own, now()), Ok(()));
}

// ---- case 6: tombstones from the future ------------------------------------------------

#[test]
fn deletions_from_the_future_are_refused_with_their_paths() {
    let errors = refused(&fixture("tests/fixtures/bad/tombstones-dated-9999.json"));
    assert!(
        has(&errors, "tombstones[0].at", "outside the years"),
        "{errors:?}"
    );
    // Within the years but after now (plus a day of skew): refused against the clock.
    let local = v1();
    let text = fixture("tests/fixtures/against/tombstones-from-the-future.json");
    let Ok(Parsed::Docket(file)) = format::parse(&text) else {
        panic!("valid on its own")
    };
    let errors = check_against(&local, &file, now()).unwrap_err();
    assert!(
        has(&errors, "tombstones[0].at", "from the future"),
        "{errors:?}"
    );
    // A clock a few hours ahead is tolerated.
    let mut ahead = file.clone();
    ahead.tombstones[0].at = now() + chrono::TimeDelta::hours(3);
    assert_eq!(check_against(&local, &ahead, now()), Ok(()));
}

// ---- storage: records that break an invariant are set aside ---------------------------

fn stored() -> (MemoryStore, Workspace) {
    let mut env = FixedEnv::new(Utc.with_ymd_and_hms(2026, 3, 2, 9, 0, 0).unwrap(), 16);
    let mut ws = sample::workspace(&mut env, NaiveDate::from_ymd_opt(2026, 3, 2).unwrap()).unwrap();
    ws.projects
        .push(Project::starter(&mut env, "Second").unwrap());
    let (mut repo, _) = Repo::open(MemoryStore::new());
    repo.save_all(&ws).unwrap();
    (repo.store().clone(), ws)
}

/// The stored value of `key` as JSON, changed, written back (plain JSON: the loader reads
/// both packed and plain values).
fn tamper(store: &mut MemoryStore, key: &str, change: impl FnOnce(&mut Value)) {
    let raw = store.get(key).unwrap().unwrap();
    let mut v: Value = serde_json::from_str(&pack::decode(&raw).unwrap()).unwrap();
    change(&mut v);
    store.set(key, &v.to_string()).unwrap();
}

fn card_bucket(store: &MemoryStore, pid: &str) -> String {
    store
        .keys()
        .unwrap()
        .into_iter()
        .find(|k| k.starts_with(&format!("docket:pc:{pid}:")))
        .unwrap()
}

#[test]
fn stored_records_that_break_an_invariant_are_set_aside_never_loaded_or_lost() {
    let (mut store, ws) = stored();
    let board = &ws.projects[0];
    let second = &ws.projects[1];
    let bucket = card_bucket(&store, &board.id.0);
    tamper(&mut store, &bucket, |v| {
        v[0]["due"] = json!("+262142-12-31")
    });
    let head = project_key(&second.id);
    tamper(
        &mut store,
        &head,
        |v| v["labels"] = json!([{"id": "l1", "name": "Evil", "color": "red;background:url(https://x.example/t)"}]),
    );
    tamper(
        &mut store,
        TOMBSTONES_KEY,
        |v| *v = json!([{"id": board.id, "kind": "project", "at": "9999-12-31T00:00:00Z"}]),
    );
    tamper(&mut store, PEOPLE_KEY, |v| {
        v[0]["name"] = json!("x".repeat(300_000))
    });
    let before = store.snapshot();

    let (repo, loaded) = Repo::open(store);
    let damaged: Vec<String> = recovery::damaged(&loaded.problems, repo.store())
        .into_iter()
        .map(|p| p.key)
        .collect();
    for key in [
        &bucket,
        &head,
        &TOMBSTONES_KEY.to_string(),
        &PEOPLE_KEY.to_string(),
    ] {
        assert!(damaged.contains(key), "{key} not in {damaged:?}");
    }
    // The rest loads: the board (without the bucket set aside) and nothing else is lost.
    let p = loaded
        .workspace
        .projects
        .iter()
        .find(|p| p.id == board.id)
        .unwrap();
    assert!(!p.cards.is_empty());
    assert!(p
        .cards
        .iter()
        .all(|c| c.due.is_none_or(|d| d.to_string().len() == 10)));
    // Nothing was written over.
    assert_eq!(repo.store().snapshot(), before);

    // Set aside: the next start is clean, and the copies hold the records exactly.
    let mut store = repo.store().clone();
    let copies = recovery::set_aside(&mut store, &damaged).unwrap();
    assert_eq!(copies.len(), 4);
    assert_eq!(
        store.get(&format!("docket:damaged:{bucket}")).unwrap(),
        before.get(&bucket).cloned()
    );
    let (_, again) = Repo::open(store);
    assert!(again.problems.is_empty(), "{:?}", again.problems);
}

#[test]
fn a_stored_trash_is_validated_and_a_card_id_that_escapes_its_key_is_damage() {
    let (mut store, ws) = stored();
    let board = &ws.projects[0];
    let head = project_key(&board.id);
    let card = serde_json::to_value(&board.cards[0]).unwrap();
    tamper(&mut store, &head, |v| {
        let mut lost = card.clone();
        lost["id"] = json!(":lost");
        lost["rank"] = json!("0");
        v["trash"] = json!([{"at": "2026-03-02T09:00:00Z", "item": {"card": lost}}]);
    });
    let (repo, loaded) = Repo::open(store);
    let found = recovery::damaged(&loaded.problems, repo.store());
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].key, head);
    assert!(
        found[0].message.contains("trash[0].item.card.id"),
        "{}",
        found[0].message
    );
}

#[test]
fn a_journal_that_would_write_an_invalid_record_is_never_applied() {
    let (mut store, ws) = stored();
    let bucket = card_bucket(&store, &ws.projects[0].id.0);
    let mut cards: Value =
        serde_json::from_str(&pack::decode(&store.get(&bucket).unwrap().unwrap()).unwrap())
            .unwrap();
    cards[0]["rank"] = json!("0");
    let journal = json!([
        {"Put": [bucket, cards.to_string()]},
        {"Put": [TOMBSTONES_KEY, "[]"]}
    ]);
    store.set(JOURNAL_KEY, &journal.to_string()).unwrap();
    let before = store.get(&bucket).unwrap();
    let (repo, loaded) = Repo::open(store);
    let found = recovery::damaged(&loaded.problems, repo.store());
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].key, JOURNAL_KEY);
    assert_eq!(repo.store().get(&bucket).unwrap(), before);
}

#[test]
fn another_tabs_invalid_write_is_neither_loaded_nor_written_over() {
    let (store, ws) = stored();
    let shared = SharedMem::default();
    for (k, v) in store.snapshot() {
        shared.0.borrow_mut().set(&k, &v).unwrap();
    }
    let env = FixedEnv::new(Utc.with_ymd_and_hms(2026, 3, 3, 9, 0, 0).unwrap(), 17);
    let (mut tab, problems) = Session::open(Ok(shared.clone()), env);
    assert!(problems.is_empty(), "{problems:?}");
    // Another tab (an older or hostile one) writes a project head with a bad colour.
    let head = project_key(&ws.projects[1].id);
    let mut v: Value =
        serde_json::from_str(&pack::decode(&shared.get(&head).unwrap().unwrap()).unwrap()).unwrap();
    v["labels"] = json!([{"id": "l1", "name": "Evil", "color": "url(x)"}]);
    shared.0.borrow_mut().set(&head, &v.to_string()).unwrap();
    let written = shared.get(&head).unwrap();
    let mut scope = Scope::default();
    scope.add_key(Some(&head));
    let done = tab.absorb(&scope).unwrap();
    assert!(
        done.saved.is_err(),
        "the damaged record is not written over"
    );
    assert_eq!(shared.get(&head).unwrap(), written);
    // This tab keeps its own copy of the project on screen.
    assert!(tab.project(&ws.projects[1].id).is_some());
}

#[test]
fn a_note_from_repairing_is_not_damage() {
    let (mut store, ws) = stored();
    // A card stored twice (in its bucket and another): repaired with a note, not damage.
    let board = &ws.projects[0];
    let bucket = card_bucket(&store, &board.id.0);
    let other = format!("docket:pc:{}:zz", board.id);
    let raw = store.get(&bucket).unwrap().unwrap();
    store.set(&other, &raw).unwrap();
    let (repo, loaded) = Repo::open(store);
    assert!(!loaded.problems.is_empty());
    assert!(recovery::damaged(&loaded.problems, repo.store()).is_empty());
}

// ---- a Trello board past a limit ------------------------------------------------------

#[test]
fn a_trello_card_with_more_checklist_items_than_a_card_holds_keeps_the_first_200() {
    let items: Vec<Value> = (0..250)
        .map(|i| json!({"name": format!("Step {i}"), "pos": i, "state": "incomplete"}))
        .collect();
    let board = json!({
        "name": "Big checklist",
        "lists": [{"id": "l1", "name": "To do", "pos": 1}],
        "cards": [{"id": "c1", "name": "Card", "idList": "l1", "pos": 1}],
        "checklists": [{"id": "k1", "idCard": "c1", "name": "QA", "checkItems": items}]
    });
    let mut env = FixedEnv::new(now(), 3);
    let r = docket::exchange::trello::import_trello(&board.to_string(), &mut env, &[]).unwrap();
    let card = &r.project.cards[0];
    assert_eq!(card.subtasks.len(), 200);
    assert_eq!(card.subtasks[199].text, "Step 199");
    assert!(
        r.summary
            .not_imported
            .iter()
            .any(|n| n.contains("50 checklist items past the 200")),
        "{:?}",
        r.summary.not_imported
    );
    // What it made stores and loads with no damage.
    let (mut repo, _) = Repo::open(MemoryStore::new());
    repo.save_project(&r.project).unwrap();
    let (_, loaded) = Repo::open(repo.store().clone());
    assert!(loaded.problems.is_empty(), "{:?}", loaded.problems);
}

// ---- the domain's own operations keep to the same limits -------------------------------

#[test]
fn edits_that_would_break_a_stored_invariant_are_refused_by_the_domain() {
    use docket::domain::board::Charter;
    let mut env = FixedEnv::new(now(), 5);
    let mut p = Project::starter(&mut env, "Limits").unwrap();
    let status = p.status;
    let charter = |deliverables: Vec<String>, stakeholders: Vec<(String, String, bool)>| Charter {
        objective: String::new(),
        scope_in: String::new(),
        scope_out: String::new(),
        deliverables,
        start: None,
        target_end: None,
        budget: None,
        stakeholders,
        status,
    };
    let many: Vec<String> = (0..201).map(|i| format!("D{i}")).collect();
    assert!(p.set_charter(&mut env, charter(many, vec![])).is_err());
    let long_role = vec![("Ana".to_string(), "r".repeat(201), false)];
    assert!(p.set_charter(&mut env, charter(vec![], long_role)).is_err());
    let twice = vec![
        ("Ana".to_string(), "Client".to_string(), true),
        ("Ana".to_string(), "Sponsor".to_string(), false),
    ];
    p.set_charter(&mut env, charter(vec![], twice)).unwrap();
    assert_eq!(p.stakeholders.len(), 1);
    let mut far = charter(vec![], vec![]);
    far.start = NaiveDate::from_ymd_opt(9999, 1, 1);
    assert!(p.set_charter(&mut env, far).is_err());
    // What the domain made stores and loads with no damage.
    let mut issues = docket::domain::validate::Issues::default();
    docket::domain::validate::project(&p, "", &mut issues);
    assert!(issues.is_empty(), "{:?}", issues.list);
}

// ---- no panic on data: what the lint sweep found ---------------------------------------
// The domain is linted with clippy::indexing_slicing and clippy::arithmetic_side_effects;
// these are the places where a value no check should let in would still have panicked.
// Each builds the record directly (as a damaged store or a bug elsewhere could), so the
// domain itself is shown not to panic, whatever validation lets through.

fn sample_project() -> Project {
    let mut env = FixedEnv::new(now(), 7);
    let ws = sample::workspace(&mut env, NaiveDate::from_ymd_opt(2026, 3, 2).unwrap()).unwrap();
    ws.projects.into_iter().next().unwrap()
}

/// A risk scored outside 1–5 (0, or 200 × 200) is in no cell of the heat map and its score
/// saturates; before, the heat map indexed cell `likelihood - 1` (255 for 0: out of bounds)
/// and the score overflowed a u8.
#[test]
fn a_risk_scored_outside_one_to_five_is_counted_in_no_cell() {
    let mut p = sample_project();
    assert!(p.risks.len() >= 2, "the sample has risks");
    let open_before: usize = p.heat_map().iter().flatten().sum();
    p.risks[0].likelihood = 0;
    p.risks[1].impact = 200;
    p.risks[1].likelihood = 200;
    let open_after: usize = p.heat_map().iter().flatten().sum();
    let out_of_range = p.risks[..2]
        .iter()
        .filter(|r| r.status != docket::domain::RiskStatus::Closed)
        .count();
    assert_eq!(open_after, open_before - out_of_range);
    assert_eq!(p.risks[1].score(), u8::MAX);
}

/// A card created on the calendar's last day: the cumulative flow stops there instead of
/// adding 1,100 days to it ("NaiveDate + TimeDelta overflowed") or stepping past it.
#[test]
fn a_card_dated_at_the_end_of_the_calendar_does_not_break_the_flow_chart() {
    let mut p = sample_project();
    p.moves.clear();
    for c in &mut p.cards {
        c.created = DateTime::<Utc>::MAX_UTC;
    }
    let today = NaiveDate::from_ymd_opt(2026, 3, 2).unwrap();
    let flow = p.flow(today);
    assert_eq!(flow.len(), 1, "one day: the last one");
    assert_eq!(flow[0].0, NaiveDate::MAX);
    assert_eq!(flow[0].1.iter().sum::<usize>(), p.cards.len());
    assert_eq!(p.burndown(today).len(), 1);
}

/// Ranks that break the rules (a byte below "0" in the lower neighbour) give a key made of
/// rank digits rather than an arithmetic overflow (first digit of `b` minus that of `a`).
#[test]
fn a_rank_between_a_malformed_neighbour_and_another_is_a_rank() {
    use docket::domain::rank;
    for (a, b) in [("1!", "105"), ("\u{e9}", "1"), ("", "0"), ("z!", "zz1")] {
        let r = rank::between(Some(a), Some(b));
        assert!(
            !r.is_empty() && r.bytes().all(|c| rank::DIGITS.contains(&c)),
            "{a:?} {b:?} -> {r:?}"
        );
    }
}

// ---- names that can't lie: one person, one entry -------------------------------------

#[test]
fn a_file_lists_each_person_once_and_its_people_match_the_directory_by_name() {
    // Within a file, two entries whose names are equal after normalisation are refused.
    let errs = refused(&v1_with(|v| {
        let mut twin = v["people"][0].clone();
        twin["id"] = json!("twin0000000000000000");
        twin["name"] = json!("  ANA\u{200B} lima ");
        v["people"].as_array_mut().unwrap().push(twin);
    }));
    let last = format!("people[{}].name", v1().people.len());
    assert!(has(&errs, &last, "people[0] has this name too"), "{errs:?}");

    // Against the directory: a colleague's "ana  LIMA" under another id is my Ana Lima, and
    // whatever the file assigns to theirs lands on mine.
    let mine = v1();
    let ana = mine.people[0].clone();
    assert_eq!(ana.name, "Ana Lima");
    let text = fixture("tests/fixtures/format/v1-workspace.json")
        .replace(ana.id.as_str(), "colleaguesana0000000")
        .replace("\"Ana Lima\"", "\"ana  LIMA\u{200B}\"");
    let Ok(Parsed::Docket(file)) = format::parse(&text) else {
        panic!("the renamed file is valid")
    };
    let mut theirs = file.workspace();
    let refs = text.matches("colleaguesana0000000").count();
    assert!(refs >= 3, "the file refers to their Ana {refs} times");
    let matched = docket::exchange::people::match_people(&mine.people, &mut theirs);
    assert_eq!(matched, vec!["ana  LIMA\u{200B}".to_string()]);
    assert!(theirs
        .people
        .iter()
        .all(|p| p.id.as_str() != "colleaguesana0000000"));
    // Every reference now names my Ana: the file's data is mine again, entry for entry.
    assert_eq!(theirs.projects, mine.projects);
    assert_eq!(theirs.templates, mine.templates);
    assert_eq!(theirs.runs, mine.runs);
    let merged = merge(&mine, &theirs);
    let mut people = mine.people.clone();
    people.sort_by(|a, b| a.id.cmp(&b.id));
    assert_eq!(merged.people, people, "one Ana in the directory");
}
