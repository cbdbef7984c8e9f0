//! Native tests of the storage layout over the in-memory backend: what is written where,
//! failed writes, interrupted writes, layout versions.
#![cfg(not(target_arch = "wasm32"))]

use chrono::{NaiveDate, TimeZone, Utc};
use docket::domain::{sample, FixedEnv, Project, Workspace};
use docket::storage::{
    project_key, KvStore, MemoryStore, Op, Repo, StorageError, JOURNAL_KEY, MIGRATIONS, SCHEMA_KEY,
    SCHEMA_VERSION,
};

fn env() -> FixedEnv {
    FixedEnv::new(Utc.with_ymd_and_hms(2026, 3, 2, 9, 0, 0).unwrap(), 11)
}

fn sample_ws(env: &mut FixedEnv) -> Workspace {
    let mut ws = sample::workspace(env, NaiveDate::from_ymd_opt(2026, 3, 2).unwrap()).unwrap();
    ws.projects
        .push(Project::new(env, "Second project").unwrap());
    ws
}

#[test]
fn fresh_store_gets_a_schema_and_round_trips_a_workspace() {
    let mut env = env();
    let (mut repo, loaded) = Repo::open(MemoryStore::new());
    assert!(loaded.workspace.is_empty() && loaded.problems.is_empty());
    assert_eq!(
        repo.store().get(SCHEMA_KEY).unwrap().as_deref(),
        Some(SCHEMA_VERSION.to_string().as_str())
    );
    let ws = sample_ws(&mut env);
    repo.save_all(&ws).unwrap();
    let (_, again) = Repo::open(repo.store().clone());
    assert!(again.problems.is_empty(), "{:?}", again.problems);
    let mut expect = ws.clone();
    assert!(expect.normalise().is_empty());
    assert_eq!(again.workspace, expect);
}

#[test]
fn editing_a_card_writes_only_its_bucket_of_its_project() {
    let mut env = env();
    let ws = sample_ws(&mut env);
    let (mut repo, _) = Repo::open(MemoryStore::new());
    repo.save_all(&ws).unwrap();
    let before = repo.store().snapshot();
    let old = ws.projects[0].clone();
    let mut p = old.clone();
    let card = p.cards[0].id.clone();
    p.edit_card(&mut env, &card, "New title", "").unwrap();
    repo.save_project_change(&old, &p).unwrap();
    let after = repo.store().snapshot();
    let changed: Vec<&String> = after
        .keys()
        .filter(|k| before.get(*k) != after.get(*k))
        .collect();
    let bucket = format!("docket:pc:{}:{}", p.id, card.0.chars().next().unwrap());
    assert_eq!(changed, [&bucket]);
    // A move also records the move, in that month's key.
    let old = p.clone();
    let done = p.columns.last().unwrap().id.clone();
    p.move_card(&mut env, &card, &done, 0).unwrap();
    repo.save_project_change(&old, &p).unwrap();
    let again = repo.store().snapshot();
    let mut changed: Vec<&String> = again
        .keys()
        .filter(|k| after.get(*k) != again.get(*k))
        .collect();
    changed.sort();
    assert_eq!(changed, [&bucket, &format!("docket:pm:{}:2026-03", p.id)]);
    let (_, loaded) = Repo::open(repo.store().clone());
    let back = loaded
        .workspace
        .projects
        .iter()
        .find(|x| x.id == p.id)
        .unwrap();
    let mut expect = p.clone();
    expect.normalise();
    assert_eq!(back, &expect);
}

#[test]
fn large_records_are_packed_and_ten_thousand_cards_fit_the_quota() {
    let mut env = env();
    let mut ws = Workspace::default();
    for i in 0..10 {
        let mut p = Project::starter(&mut env, &format!("Project {i}")).unwrap();
        let cols: Vec<_> = p.columns.iter().map(|c| c.id.clone()).collect();
        for j in 0..1000 {
            let id = p
                .add_card(
                    &mut env,
                    &cols[j % 3],
                    &format!("Card {j}: check the supplier quote"),
                )
                .unwrap();
            if j % 3 == 0 {
                p.edit_card(
                    &mut env,
                    &id,
                    &format!("Card {j}: check the supplier quote"),
                    "Call them before noon; ask for the delivery date.",
                )
                .unwrap();
            }
            if j % 2 == 0 {
                p.move_card(&mut env, &id, &cols[(j + 1) % 3], 0).unwrap();
            }
        }
        ws.projects.push(p);
    }
    let (mut repo, _) = Repo::open(MemoryStore::new());
    repo.save_all(&ws).unwrap();
    let used = repo.store().used();
    let quota = 5_242_880;
    eprintln!(
        "10,000 cards: {used} characters stored ({:.1}% of {quota}), {} per card",
        used as f64 * 100.0 / quota as f64,
        used / 10_000
    );
    assert!(used < quota / 2, "{used} characters");
    let (_, loaded) = Repo::open(repo.store().clone());
    assert_eq!(
        loaded
            .workspace
            .projects
            .iter()
            .map(|p| p.cards.len())
            .sum::<usize>(),
        10_000
    );
}

#[test]
fn a_refused_write_leaves_the_earlier_data_and_reports_quota() {
    let mut env = env();
    let ws = sample_ws(&mut env);
    let (mut repo, _) = Repo::open(MemoryStore::new());
    repo.save_all(&ws).unwrap();
    let used = repo.store().used();
    let mut store = repo.store().clone();
    store.quota = Some(used + 50);
    let (mut repo, _) = Repo::open(store);
    let before = repo.store().snapshot();
    let mut p = ws.projects[0].clone();
    let card = p.cards[0].id.clone();
    p.edit_card(&mut env, &card, "Title", &"long text ".repeat(100))
        .unwrap();
    assert_eq!(repo.save_project(&p), Err(StorageError::Quota));
    assert_eq!(repo.store().snapshot(), before);
    assert!(StorageError::Quota.to_string().contains("export"));
}

#[test]
fn a_multi_key_write_failing_midway_is_rolled_back() {
    let mut env = env();
    let ws = sample_ws(&mut env);
    // Fail at every possible write of a whole-workspace save: the store always ends up
    // exactly as it was before that save.
    let (mut base, _) = Repo::open(MemoryStore::new());
    base.save_project(&ws.projects[1]).unwrap();
    let start = base.store().clone();
    let total_ops = ws.projects.len() + ws.templates.len() + ws.runs.len() + 3;
    for n in 0..total_ops {
        let mut store = start.clone();
        store.fail_after = Some(store.writes + n);
        let (mut repo, _) = Repo::open(store);
        let res = repo.save_all(&ws);
        assert_eq!(res, Err(StorageError::Quota), "failing at write {n}");
        assert_eq!(
            repo.store().snapshot(),
            start.snapshot(),
            "failing at write {n}"
        );
    }
}

#[test]
fn an_interrupted_write_is_finished_at_the_next_start() {
    let mut env = env();
    let ws = sample_ws(&mut env);
    let (mut repo, _) = Repo::open(MemoryStore::new());
    repo.save_all(&ws).unwrap();
    let mut store = repo.store().clone();
    // The tab died after writing the journal of a two-project rename.
    let mut a = ws.projects[0].clone();
    let mut b = ws.projects[1].clone();
    a.rename(&mut env, "Renamed A").unwrap();
    b.rename(&mut env, "Renamed B").unwrap();
    let ops = vec![
        Op::Put(project_key(&a.id), serde_json::to_string(&a).unwrap()),
        Op::Put(project_key(&b.id), serde_json::to_string(&b).unwrap()),
    ];
    store
        .set(JOURNAL_KEY, &serde_json::to_string(&ops).unwrap())
        .unwrap();
    let (repo, loaded) = Repo::open(store);
    let names: Vec<&str> = loaded
        .workspace
        .projects
        .iter()
        .map(|p| p.name.as_str())
        .collect();
    assert!(
        names.contains(&"Renamed A") && names.contains(&"Renamed B"),
        "{names:?}"
    );
    assert_eq!(repo.store().get(JOURNAL_KEY).unwrap(), None);
}

#[test]
fn deletions_remove_the_record_and_keep_a_tombstone() {
    let mut env = env();
    let mut ws = sample_ws(&mut env);
    let (mut repo, _) = Repo::open(MemoryStore::new());
    repo.save_all(&ws).unwrap();
    let t = ws.templates[0].id.clone();
    let gone = ws.delete_template(&mut env, &t).unwrap();
    repo.save_deletions(&gone, &ws.tombstones).unwrap();
    let (_, loaded) = Repo::open(repo.store().clone());
    assert_eq!(loaded.workspace.templates.len(), 1);
    assert!(loaded.workspace.runs.iter().all(|r| r.template != t));
    assert_eq!(loaded.workspace.tombstones.len(), gone.len());
}

#[test]
fn a_corrupt_record_is_reported_and_left_alone() {
    let mut env = env();
    let ws = sample_ws(&mut env);
    let (mut repo, _) = Repo::open(MemoryStore::new());
    repo.save_all(&ws).unwrap();
    let mut store = repo.store().clone();
    let key = project_key(&ws.projects[0].id);
    store.set(&key, "{\"id\": broken").unwrap();
    let (mut repo, loaded) = Repo::open(store);
    assert_eq!(
        loaded.workspace.projects.len(),
        1,
        "the good project still loads"
    );
    assert_eq!(loaded.problems.len(), 1);
    assert_eq!(loaded.problems[0].key, key);
    // Saving other things does not touch the broken record.
    repo.save_project(&loaded.workspace.projects[0]).unwrap();
    assert_eq!(
        repo.store().get(&key).unwrap().as_deref(),
        Some("{\"id\": broken")
    );
}

#[test]
fn a_newer_layout_makes_the_tab_read_only() {
    let mut store = MemoryStore::new();
    store
        .set(SCHEMA_KEY, &(SCHEMA_VERSION + 1).to_string())
        .unwrap();
    let mut env = env();
    let (mut repo, loaded) = Repo::open(store);
    assert!(matches!(
        repo.read_only(),
        Some(StorageError::NewerSchema { .. })
    ));
    assert!(loaded.problems[0]
        .message
        .contains("newer version of Docket"));
    let p = Project::new(&mut env, "X").unwrap();
    assert!(repo.save_project(&p).is_err());
    assert_eq!(repo.store().get(&project_key(&p.id)).unwrap(), None);
}

#[test]
fn data_without_a_layout_version_is_not_overwritten() {
    let mut store = MemoryStore::new();
    store.set("docket:p:abc", "{}").unwrap();
    let (repo, loaded) = Repo::open(store);
    assert!(repo.read_only().is_some());
    assert!(!loaded.problems.is_empty());
    assert_eq!(repo.store().get(SCHEMA_KEY).unwrap(), None);
}

fn rename_all_projects(store: &mut dyn KvStore) -> Result<(), StorageError> {
    for k in store.keys()? {
        if k.starts_with("docket:p:") {
            let raw = docket::storage::pack::decode(&store.get(&k)?.unwrap()).unwrap();
            let mut v: serde_json::Value = serde_json::from_str(&raw).unwrap();
            v["name"] = serde_json::Value::String("migrated".into());
            store.set(&k, &v.to_string())?;
        }
    }
    Ok(())
}

#[test]
fn migrations_run_in_order_and_bump_the_version() {
    let mut env = env();
    let ws = sample_ws(&mut env);
    let (mut repo, _) = Repo::open(MemoryStore::new());
    repo.save_all(&ws).unwrap();
    let next = SCHEMA_VERSION + 1;
    let mut steps: Vec<docket::storage::Migration> = MIGRATIONS.to_vec();
    steps.push(rename_all_projects);
    let (repo, loaded) = Repo::open_with(repo.store().clone(), next, &steps);
    assert!(loaded.problems.is_empty(), "{:?}", loaded.problems);
    assert!(loaded
        .workspace
        .projects
        .iter()
        .all(|p| p.name == "migrated"));
    assert_eq!(
        repo.store().get(SCHEMA_KEY).unwrap(),
        Some(next.to_string())
    );
    // A missing step is refused, not skipped.
    let (repo, loaded) = Repo::open_with(repo.store().clone(), next + 1, &steps);
    assert!(repo.read_only().is_some());
    assert!(loaded.problems[0].message.contains("no migration"));
}

/// Stored data of every earlier layout loads (fixtures written by the code of that layout).
#[test]
fn every_earlier_layout_loads() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/storage");
    for v in 1..SCHEMA_VERSION {
        let path = dir.join(format!("v{v}.json"));
        let text =
            std::fs::read_to_string(&path).unwrap_or_else(|_| panic!("missing {}", path.display()));
        let map: std::collections::BTreeMap<String, String> = serde_json::from_str(&text).unwrap();
        let mut store = MemoryStore::new();
        for (k, val) in &map {
            store.set(k, val).unwrap();
        }
        let (repo, loaded) = Repo::open(store);
        assert!(
            loaded.problems.is_empty(),
            "layout {v}: {:?}",
            loaded.problems
        );
        assert_eq!(
            repo.store().get(SCHEMA_KEY).unwrap(),
            Some(SCHEMA_VERSION.to_string())
        );
        let ws = &loaded.workspace;
        assert_eq!(ws.projects.len(), 2, "layout {v}");
        let office = ws
            .projects
            .iter()
            .find(|p| p.name == "Office move")
            .unwrap();
        assert_eq!(office.cards.len(), 1);
        let site = ws
            .projects
            .iter()
            .find(|p| p.name == "Website relaunch")
            .unwrap();
        assert_eq!(site.cards.len(), 10);
        assert_eq!(ws.templates.len(), 1);
        assert!(!ws.runs.is_empty() && !ws.tombstones.is_empty());
        // And it opens again, now in the current layout, the same.
        let (_, again) = Repo::open(repo.store().clone());
        assert_eq!(again.workspace, loaded.workspace);
    }
}
