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

pub(crate) const CROCKFORD: &[u8; 32] = b"0123456789abcdefghjkmnpqrstvwxyz";

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
    /// The current time: for the browser, a [`Hlc`] stamp, later than any this tab made or saw.
    fn now(&self) -> Ts;
    /// A fresh id.
    fn new_id(&mut self) -> Id;
    /// Another copy's stamp was seen (an imported file, another tab's write, the stored
    /// workspace at start): later stamps made here must come after it.
    fn observe(&mut self, _seen: Ts) {}
}

/// A hybrid logical clock: stamps are wall-clock milliseconds, then a counter and this
/// tab's number in the sub-millisecond digits (`ccc nnn` nanoseconds: counter, node).
///
/// So stamps sort as times and older data (whole milliseconds) stays valid; two edits in
/// one millisecond still order the same way everywhere; and after a colleague's file with
/// stamps from a clock running fast is seen, edits made here come after theirs instead of
/// losing every conflict until the local clock catches up.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Hlc {
    ms: i64,
    count: u32,
    node: u32,
}

/// How far ahead of the wall clock a seen stamp may pull the clock (a stamp further in the
/// future is from a broken clock: following it would date every later edit after it).
pub const MAX_AHEAD_MS: i64 = 24 * 3_600_000;

impl Hlc {
    /// A clock for the node (tab or device) `node` (its last three digits are used).
    pub fn new(node: u32) -> Hlc {
        Hlc {
            ms: i64::MIN,
            count: 0,
            node: node % 1000,
        }
    }

    fn stamp(&self) -> Ts {
        // (count and node are each below 1,000.)
        let nanos = self.count.saturating_mul(1000).saturating_add(self.node);
        chrono::DateTime::from_timestamp_millis(self.ms)
            .and_then(|t| t.checked_add_signed(chrono::Duration::nanoseconds(nanos.into())))
            .unwrap_or_default()
    }

    /// A new stamp, later than every stamp made or observed before.
    pub fn tick(&mut self, wall: Ts) -> Ts {
        let wall = wall.timestamp_millis();
        if wall > self.ms {
            self.ms = wall;
            self.count = 0;
        } else if self.count >= 999 {
            self.ms = self.ms.saturating_add(1);
            self.count = 0;
        } else {
            self.count = self.count.saturating_add(1);
        }
        self.stamp()
    }

    /// Another copy's stamp: the next [`Hlc::tick`] comes after it (unless it is more than
    /// [`MAX_AHEAD_MS`] ahead of `wall`, which is ignored).
    pub fn observe(&mut self, seen: Ts, wall: Ts) {
        let ms = seen.timestamp_millis();
        if ms > wall.timestamp_millis().saturating_add(MAX_AHEAD_MS) {
            return;
        }
        let count = (seen.timestamp_subsec_nanos() % 1_000_000) / 1000;
        if (ms, count) > (self.ms, self.count) {
            self.ms = ms;
            self.count = count;
        }
    }
}

/// A deterministic environment for tests, sample data previews and benchmarks:
/// a settable clock and a seeded xorshift id generator.
pub struct FixedEnv {
    /// The wall time; `now()` reports it (through the clock, with [`FixedEnv::with_clock`]).
    pub now: Ts,
    state: u64,
    clock: Option<std::cell::Cell<Hlc>>,
}

impl FixedEnv {
    /// A clock at `now` with ids from `seed`.
    pub fn new(now: Ts, seed: u64) -> Self {
        FixedEnv {
            now,
            state: seed.max(1),
            clock: None,
        }
    }

    /// The same, with stamps from a hybrid logical clock over `now` (node `node`), as in
    /// the browser: for tests of clocks that disagree.
    pub fn with_clock(now: Ts, seed: u64, node: u32) -> Self {
        FixedEnv {
            clock: Some(std::cell::Cell::new(Hlc::new(node))),
            ..FixedEnv::new(now, seed)
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
        match &self.clock {
            Some(c) => {
                let mut h = c.get();
                let t = h.tick(self.now);
                c.set(h);
                t
            }
            None => self.now,
        }
    }
    fn observe(&mut self, seen: Ts) {
        if let Some(c) = &self.clock {
            let mut h = c.get();
            h.observe(seen, self.now);
            c.set(h);
        }
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
    fn the_clock_orders_every_stamp_after_what_it_made_or_saw() {
        let t = |ms: i64| chrono::DateTime::from_timestamp_millis(ms).unwrap();
        let mut a = Hlc::new(7);
        let s1 = a.tick(t(1_000));
        let s2 = a.tick(t(1_000));
        let s3 = a.tick(t(900)); // the wall clock went back
        assert!(s1 < s2 && s2 < s3, "{s1} {s2} {s3}");
        assert_eq!(s1.timestamp_millis(), 1_000);
        assert_eq!(
            s3.timestamp_subsec_nanos() % 1000,
            7,
            "the node is in the last digits"
        );
        // A colleague ten minutes ahead: once their stamp is seen, the next is later.
        let mut b = Hlc::new(8);
        let theirs = b.tick(t(1_000 + 600_000));
        a.observe(theirs, t(1_100));
        let mine = a.tick(t(1_200));
        assert!(mine > theirs, "{mine} after {theirs}");
        // A stamp more than a day ahead is ignored.
        let mut c = Hlc::new(1);
        c.observe(t(1_000 + MAX_AHEAD_MS + 1), t(1_000));
        assert_eq!(c.tick(t(1_000)).timestamp_millis(), 1_000);
        // A thousand stamps in one millisecond carry into the next.
        let mut d = Hlc::new(0);
        let all: Vec<Ts> = (0..2_500).map(|_| d.tick(t(5))).collect();
        assert!(all.windows(2).all(|w| w[0] < w[1]));
    }

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
