//! Recovering from damaged stored data, for the recovery view: which keys are damaged, the
//! raw stored data as a file (nothing lost, whatever happened), setting damaged records
//! aside so the rest can be used and saved again, and starting fresh.
//!
//! Nothing here rewrites a damaged value: setting aside copies it to
//! `docket:damaged:<key>` first and only then removes the original, and [`Repo`] never
//! reads those copies (so they are never "repaired" or overwritten by a save).
//!
//! [`Repo`]: super::Repo

use super::{KvStore, Problem, StorageError, JOURNAL_KEY, PREFIX, SCHEMA_KEY, SCHEMA_VERSION};
use std::collections::BTreeMap;

/// Copies of damaged records start with this, followed by the original key.
pub const DAMAGED_PREFIX: &str = "docket:damaged:";

/// The problems of [`super::Loaded`] that mean stored data is damaged (rather than a newer
/// layout, storage being switched off, or a note from normalising), each named by the key
/// that holds the damage. A damaged journal is reported by `Repo::open` under the layout
/// key; here it is named as the journal.
pub fn damaged(problems: &[Problem], store: &impl KvStore) -> Vec<Problem> {
    let mut out: Vec<Problem> = Vec::new();
    for p in problems {
        if p.key.is_empty() {
            continue;
        }
        let key = if p.key == SCHEMA_KEY {
            match schema_damage(store) {
                Some(k) => k,
                None => continue,
            }
        } else {
            p.key.clone()
        };
        if !out.iter().any(|o| o.key == key) {
            out.push(Problem {
                key,
                message: p.message.clone(),
            });
        }
    }
    out
}

/// Which key is damaged when opening the store failed before loading: the layout version
/// itself, or the journal of an interrupted write. `None` when the layout is fine or newer
/// (a newer Docket wrote it: not damage, the tab only has to reload).
fn schema_damage(store: &impl KvStore) -> Option<String> {
    let version = store.get(SCHEMA_KEY).ok()?;
    match version.as_deref().map(|v| v.trim().parse::<u32>()) {
        Some(Ok(v)) if v > SCHEMA_VERSION => None,
        Some(Ok(v)) if v > 0 => {
            let journal = store.get(JOURNAL_KEY).ok()??;
            super::journal_ops(&journal)
                .is_err()
                .then(|| JOURNAL_KEY.to_string())
        }
        // No version and no data: a fresh store that could not be claimed (full, or
        // storage switched off), not damage.
        None if !store.keys().ok()?.iter().any(|k| k.starts_with(PREFIX)) => None,
        _ => Some(SCHEMA_KEY.to_string()),
    }
}

/// Every `docket:` key and its value exactly as stored, as a JSON object (keys sorted).
/// Restoring it is one `localStorage.setItem` per entry.
pub fn raw_dump(store: &impl KvStore) -> Result<String, StorageError> {
    let mut all: BTreeMap<String, String> = BTreeMap::new();
    for key in store.keys()? {
        if key.starts_with(PREFIX) {
            if let Some(v) = store.get(&key)? {
                all.insert(key, v);
            }
        }
    }
    Ok(serde_json::to_string_pretty(&all).expect("strings serialise"))
}

/// Moves each damaged key to a `docket:damaged:<key>` copy (a free name if that copy exists
/// already), copy first, original removed after; returns the copies' keys. The layout key
/// is never moved (without it nothing can be read): it is skipped. On an error (a full
/// store), the keys not yet moved stay where they were.
pub fn set_aside(store: &mut impl KvStore, keys: &[String]) -> Result<Vec<String>, StorageError> {
    let mut moved = Vec::new();
    for key in keys {
        if key == SCHEMA_KEY || key.starts_with(DAMAGED_PREFIX) {
            continue;
        }
        let Some(value) = store.get(key)? else {
            continue;
        };
        let mut copy = format!("{DAMAGED_PREFIX}{key}");
        let mut n: usize = 2;
        while let Some(existing) = store.get(&copy)? {
            if existing == value {
                break;
            }
            copy = format!("{DAMAGED_PREFIX}{key}#{n}");
            n = n.saturating_add(1);
        }
        store.set(&copy, &value)?;
        store.remove(key)?;
        moved.push(copy);
    }
    Ok(moved)
}

/// Keys of copies set aside earlier.
pub fn set_aside_keys(store: &impl KvStore) -> Result<Vec<String>, StorageError> {
    let mut keys: Vec<String> = store
        .keys()?
        .into_iter()
        .filter(|k| k.starts_with(DAMAGED_PREFIX))
        .collect();
    crate::domain::sort::sort_by(&mut keys, Ord::cmp);
    Ok(keys)
}

/// Removes every `docket:` key (start fresh). Returns how many were removed. Other sites'
/// and apps' keys on the same origin are left alone.
pub fn clear(store: &mut impl KvStore) -> Result<usize, StorageError> {
    let keys: Vec<String> = store
        .keys()?
        .into_iter()
        .filter(|k| k.starts_with(PREFIX))
        .collect();
    for k in &keys {
        store.remove(k)?;
    }
    Ok(keys.len())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{FixedEnv, Project, Workspace};
    use crate::storage::{project_key, MemoryStore, Repo};
    use chrono::{TimeZone, Utc};

    fn stored() -> (MemoryStore, Workspace) {
        let mut env = FixedEnv::new(Utc.with_ymd_and_hms(2026, 3, 2, 9, 0, 0).unwrap(), 3);
        let mut ws = Workspace::default();
        ws.projects
            .push(Project::starter(&mut env, "Kept").unwrap());
        ws.projects
            .push(Project::starter(&mut env, "Broken").unwrap());
        let (mut repo, _) = Repo::open(MemoryStore::new());
        repo.save_all(&ws).unwrap();
        (repo.store().clone(), ws)
    }

    #[test]
    fn damaged_keys_are_found_dumped_set_aside_and_never_rewritten() {
        let (mut store, ws) = stored();
        let key = project_key(&ws.projects[1].id);
        store.set(&key, "{\"garbage\": <<<").unwrap();
        store.set("other-app", "theirs").unwrap();
        let (repo, loaded) = Repo::open(store);
        let found = damaged(&loaded.problems, repo.store());
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].key, key);

        // The raw dump holds the garbage exactly, and only Docket's keys.
        let dump: BTreeMap<String, String> =
            serde_json::from_str(&raw_dump(repo.store()).unwrap()).unwrap();
        assert_eq!(dump[&key], "{\"garbage\": <<<");
        assert!(!dump.contains_key("other-app"));
        assert_eq!(
            dump.len(),
            repo.store().keys().unwrap().len() - 1,
            "every docket key"
        );

        // Set aside: the copy holds the value, the original is gone, and the next open
        // loads the good project with no problem (the copy is not read).
        let mut store = repo.store().clone();
        let copies = set_aside(&mut store, std::slice::from_ref(&key)).unwrap();
        assert_eq!(copies, [format!("docket:damaged:{key}")]);
        assert_eq!(
            store.get(&copies[0]).unwrap().as_deref(),
            Some("{\"garbage\": <<<")
        );
        assert_eq!(store.get(&key).unwrap(), None);
        let (mut repo, again) = Repo::open(store);
        assert!(again.problems.is_empty(), "{:?}", again.problems);
        assert_eq!(again.workspace.projects.len(), 1);
        assert_eq!(again.workspace.projects[0].name, "Kept");
        // Saving the kept project does not touch the copy.
        repo.save_project(&again.workspace.projects[0]).unwrap();
        assert_eq!(set_aside_keys(repo.store()).unwrap(), copies);

        // A second damage of the same key gets its own copy.
        let mut store = repo.store().clone();
        store.set(&key, "different garbage").unwrap();
        let copies2 = set_aside(&mut store, std::slice::from_ref(&key)).unwrap();
        assert_eq!(copies2, [format!("docket:damaged:{key}#2")]);

        // Start fresh removes Docket's keys only.
        let n = clear(&mut store).unwrap();
        assert!(n > 3);
        assert_eq!(store.keys().unwrap(), ["other-app"]);
    }

    #[test]
    fn a_newer_layout_is_not_damage_but_a_broken_one_or_journal_is() {
        let (mut store, _) = stored();
        store.set(SCHEMA_KEY, "99").unwrap();
        let (repo, loaded) = Repo::open(store);
        assert!(!loaded.problems.is_empty());
        assert!(damaged(&loaded.problems, repo.store()).is_empty());

        let (mut store, _) = stored();
        store.set(SCHEMA_KEY, "two").unwrap();
        let (repo, loaded) = Repo::open(store);
        let d = damaged(&loaded.problems, repo.store());
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].key, SCHEMA_KEY);
        // The layout key is never moved.
        let mut store = repo.store().clone();
        assert!(set_aside(&mut store, &[SCHEMA_KEY.to_string()])
            .unwrap()
            .is_empty());

        let (mut store, _) = stored();
        store.set(JOURNAL_KEY, "[{\"Put\": half").unwrap();
        let (repo, loaded) = Repo::open(store);
        let d = damaged(&loaded.problems, repo.store());
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].key, JOURNAL_KEY);
        let mut store = repo.store().clone();
        set_aside(&mut store, &[JOURNAL_KEY.to_string()]).unwrap();
        let (repo, again) = Repo::open(store);
        assert!(again.problems.is_empty(), "{:?}", again.problems);
        assert!(repo.read_only().is_none());
    }

    #[test]
    fn setting_aside_in_a_full_store_keeps_the_original() {
        let (mut store, ws) = stored();
        let key = project_key(&ws.projects[1].id);
        store.set(&key, "garbage").unwrap();
        store.quota = Some(store.used());
        assert_eq!(
            set_aside(&mut store, std::slice::from_ref(&key)),
            Err(StorageError::Quota)
        );
        assert_eq!(store.get(&key).unwrap().as_deref(), Some("garbage"));
    }
}
