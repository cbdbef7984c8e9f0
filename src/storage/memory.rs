//! An in-memory [`KvStore`] with localStorage's rules, for native tests: an optional quota
//! (counted like Chromium, in UTF-16 units of keys plus values) and injectable failures.

use super::{KvStore, StorageError};
use std::collections::BTreeMap;

/// A map in memory that behaves like localStorage.
#[derive(Clone, Debug, Default)]
pub struct MemoryStore {
    map: BTreeMap<String, String>,
    /// Refuse a write that would take the total above this many UTF-16 units.
    pub quota: Option<usize>,
    /// Refuse the write after this many successful ones (then keep refusing until reset).
    pub fail_after: Option<usize>,
    /// Successful writes so far.
    pub writes: usize,
}

fn units(s: &str) -> usize {
    s.encode_utf16().count()
}

impl MemoryStore {
    /// An empty store with no limits.
    pub fn new() -> Self {
        Self::default()
    }

    /// Characters stored (keys plus values, UTF-16 units as browsers count them).
    pub fn used(&self) -> usize {
        (self.map.iter())
            .map(|(k, v)| units(k).saturating_add(units(v)))
            .fold(0, usize::saturating_add)
    }

    /// A copy of everything stored (for comparing before and after).
    pub fn snapshot(&self) -> BTreeMap<String, String> {
        self.map.clone()
    }
}

impl KvStore for MemoryStore {
    fn get(&self, key: &str) -> Result<Option<String>, StorageError> {
        Ok(self.map.get(key).cloned())
    }

    fn set(&mut self, key: &str, value: &str) -> Result<(), StorageError> {
        if let Some(n) = self.fail_after {
            if self.writes >= n {
                return Err(StorageError::Quota);
            }
        }
        if let Some(q) = self.quota {
            let old = self
                .map
                .get(key)
                .map(|v| units(key).saturating_add(units(v)))
                .unwrap_or(0);
            let after = (self.used().saturating_sub(old))
                .saturating_add(units(key))
                .saturating_add(units(value));
            if after > q {
                return Err(StorageError::Quota);
            }
        }
        self.map.insert(key.to_string(), value.to_string());
        self.writes = self.writes.saturating_add(1);
        Ok(())
    }

    fn remove(&mut self, key: &str) -> Result<(), StorageError> {
        self.map.remove(key);
        Ok(())
    }

    fn keys(&self) -> Result<Vec<String>, StorageError> {
        Ok(self.map.keys().cloned().collect())
    }
}
