//! Where time and fresh ids come from. The browser supplies `Date.now()` and
//! `crypto.getRandomValues`; native tests supply a fixed clock and a seeded generator.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use std::fmt;

/// A UTC timestamp; every entity carries `created` and `updated`.
pub type Ts = DateTime<Utc>;

/// A stable, collision-safe entity id: 100 random bits in Crockford base32 (20 chars).
///
/// Ids are made on different machines by colleagues who later merge files, so they must
/// not depend on a counter: 2^100 makes a collision among even billions of ids negligible.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Id(pub String);

const CROCKFORD: &[u8; 32] = b"0123456789abcdefghjkmnpqrstvwxyz";

impl Id {
    /// Builds an id from 13 random bytes (only the first 100 bits are used).
    pub fn from_random(bytes: [u8; 13]) -> Id {
        let mut acc: u128 = 0;
        for b in bytes {
            acc = (acc << 8) | b as u128;
        }
        let mut s = String::with_capacity(20);
        // Shifts of 4 to 99 bits of a u128, and a 5-bit index into the 32 Crockford digits.
        #[allow(clippy::indexing_slicing, clippy::arithmetic_side_effects)]
        for i in 0..20 {
            let v = (acc >> (4 + 5 * (19 - i))) & 31;
            s.push(CROCKFORD[v as usize] as char);
        }
        Id(s)
    }

    /// The id as text (for storage keys and URLs).
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Is this text shaped like an id we make? (Ids from files are checked before use.)
    pub fn is_well_formed(s: &str) -> bool {
        (1..=64).contains(&s.len())
            && s.bytes()
                .all(|c| c.is_ascii_alphanumeric() || c == b'-' || c == b'_')
    }
}

impl fmt::Display for Id {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// The source of time and ids for domain operations.
pub trait Env {
    /// The current time.
    fn now(&self) -> Ts;
    /// A fresh id.
    fn new_id(&mut self) -> Id;
}

/// A deterministic environment for tests, sample data previews and benchmarks:
/// a settable clock and a seeded xorshift id generator.
pub struct FixedEnv {
    /// The time `now()` reports; move it with [`FixedEnv::advance`].
    pub now: Ts,
    state: u64,
}

impl FixedEnv {
    /// A clock at `now` with ids from `seed`.
    pub fn new(now: Ts, seed: u64) -> Self {
        FixedEnv {
            now,
            state: seed.max(1),
        }
    }

    /// Moves the clock forward by `secs` seconds.
    pub fn advance(&mut self, secs: i64) {
        self.now = chrono::Duration::try_seconds(secs)
            .and_then(|d| self.now.checked_add_signed(d))
            .unwrap_or(self.now);
    }

    fn next(&mut self) -> u64 {
        let mut x = self.state;
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        self.state = x;
        x
    }
}

impl Env for FixedEnv {
    fn now(&self) -> Ts {
        self.now
    }
    fn new_id(&mut self) -> Id {
        let a = self.next().to_be_bytes();
        let b = self.next().to_be_bytes();
        let mut bytes = [0u8; 13];
        bytes[..8].copy_from_slice(&a);
        bytes[8..].copy_from_slice(&b[..5]);
        Id::from_random(bytes)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn ids_are_distinct_and_well_formed() {
        let mut env = FixedEnv::new(chrono::DateTime::UNIX_EPOCH, 42);
        let ids: HashSet<Id> = (0..10_000).map(|_| env.new_id()).collect();
        assert_eq!(ids.len(), 10_000);
        assert!(ids
            .iter()
            .all(|i| i.0.len() == 20 && Id::is_well_formed(&i.0)));
    }
}
