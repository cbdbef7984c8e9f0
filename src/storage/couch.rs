//! Where the sync with a CouchDB database keeps its settings and its replica state: two
//! records of their own, never in an export (exports are made from the workspace).

use super::{pack, KvStore, StorageError};
use crate::couch::replica::Replica;
use crate::couch::settings::Settings;

/// The database's address, the user name, on or off.
pub const SETTINGS_KEY: &str = "docket:sync";
/// Revisions, hashes and checkpoint ([`Replica`]), packed.
pub const REPLICA_KEY: &str = "docket:sync-replica";

/// The settings; the default (off) when there are none or they can't be read.
pub fn settings(store: &impl KvStore) -> Settings {
    store
        .get(SETTINGS_KEY)
        .ok()
        .flatten()
        .and_then(|s| serde_json::from_str(&s).ok())
        .unwrap_or_default()
}

pub fn save_settings(store: &mut impl KvStore, s: &Settings) -> Result<(), StorageError> {
    store.set(SETTINGS_KEY, &serde_json::to_string(s).unwrap_or_default())
}

/// The replica state; a fresh one when there is none or it can't be read (the next sync
/// then reads the database from the start and merges: nothing is lost, it takes longer).
pub fn replica(store: &impl KvStore) -> Replica {
    store
        .get(REPLICA_KEY)
        .ok()
        .flatten()
        .and_then(|s| pack::decode(&s).ok())
        .and_then(|s| serde_json::from_str(&s).ok())
        .unwrap_or_default()
}

pub fn save_replica(store: &mut impl KvStore, r: &Replica) -> Result<(), StorageError> {
    store.set(
        REPLICA_KEY,
        &pack::encode(&serde_json::to_string(r).unwrap_or_default()),
    )
}

/// Forgets the replica state (another database was chosen).
pub fn forget_replica(store: &mut impl KvStore) -> Result<(), StorageError> {
    store.remove(REPLICA_KEY)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::storage::MemoryStore;

    #[test]
    fn settings_and_replica_are_kept_and_a_damaged_one_starts_fresh() {
        let mut s = MemoryStore::new();
        assert_eq!(settings(&s), Settings::default());
        let set = Settings {
            url: "http://127.0.0.1:5984/team".into(),
            user: "ana".into(),
            on: true,
        };
        save_settings(&mut s, &set).unwrap();
        assert_eq!(settings(&s), set);
        let r = Replica {
            since: Some("\"12-abc\"".into()),
            ..Replica::default()
        };
        save_replica(&mut s, &r).unwrap();
        assert_eq!(replica(&s), r);
        s.set(REPLICA_KEY, "%garbage").unwrap();
        assert_eq!(replica(&s), Replica::default());
        forget_replica(&mut s).unwrap();
        assert_eq!(s.get(REPLICA_KEY).unwrap(), None);
    }
}
