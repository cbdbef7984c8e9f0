//! How much of the browser's storage Docket uses, counted the way the browser counts it:
//! keys plus values, in UTF-16 code units, against a per-origin limit (5,242,880 units in
//! Chromium and Firefox). The settings view shows it as a meter; the figures come from here
//! so they can be tested without a browser.

use super::{KvStore, StorageError, PREFIX};

/// The browser's localStorage limit per origin, in UTF-16 code units (Chromium, Firefox:
/// 5 MiB of characters). Safari allows about the same.
pub const LIMIT: usize = 5_242_880;

/// At or above this share of the limit, the settings view warns.
pub const WARN_AT: f64 = 0.8;

/// Where stored characters go, in UTF-16 code units (keys plus values).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Usage {
    /// Project heads, card buckets and move months (`docket:p:`, `docket:pc:`, `docket:pm:`).
    pub projects: usize,
    /// Checklist templates and runs (`docket:t:`, `docket:r:` and any other run key).
    pub checklists: usize,
    /// Copies of damaged records set aside by the recovery view (`docket:damaged:`).
    pub damaged: usize,
    /// Every other Docket key: people, tombstones, layout version, journal.
    pub other: usize,
    /// Keys of this origin that are not Docket's (they share the same limit).
    pub foreign: usize,
    /// The limit the figures are measured against.
    pub limit: usize,
}

/// What a `docket:` key holds, for the breakdown.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Projects,
    Checklists,
    Damaged,
    Other,
}

/// Which part of the breakdown a key belongs to (`None`: not a Docket key).
pub fn kind_of(key: &str) -> Option<Kind> {
    let rest = key.strip_prefix(PREFIX)?;
    let Some((first, _)) = rest.split_once(':') else {
        // docket:people, docket:tombstones, docket:schema, docket:journal
        return Some(Kind::Other);
    };
    Some(match first {
        "p" | "pc" | "pm" => Kind::Projects,
        "damaged" => Kind::Damaged,
        // Templates, runs, and whatever keys runs are later grouped under (`r…:`).
        f if f == "t" || f.starts_with('r') => Kind::Checklists,
        _ => Kind::Other,
    })
}

/// UTF-16 code units of a string: what localStorage counts.
pub fn units(s: &str) -> usize {
    s.encode_utf16().count()
}

impl Usage {
    /// Characters Docket's own keys take.
    pub fn docket(&self) -> usize {
        (self.projects.saturating_add(self.checklists))
            .saturating_add(self.damaged)
            .saturating_add(self.other)
    }

    /// Characters this origin takes (Docket's and others'): what the limit applies to.
    pub fn used(&self) -> usize {
        self.docket().saturating_add(self.foreign)
    }

    /// The share of the limit used by the origin, 0.0 to 1.0 (or above, if a browser
    /// allows more than [`LIMIT`]).
    pub fn share(&self) -> f64 {
        if self.limit == 0 {
            return 1.0;
        }
        self.used() as f64 / self.limit as f64
    }

    /// Close enough to the limit that the user should act.
    pub fn near_limit(&self) -> bool {
        self.share() >= WARN_AT
    }

    /// "1.2 M of 5.2 M characters (23%)".
    pub fn summary(&self) -> String {
        format!(
            "{} of {} characters ({}%)",
            short(self.used()),
            short(self.limit),
            percent(self.used(), self.limit)
        )
    }
}

/// A count of characters as people read it: 950, 12.3 k, 1.2 M.
pub fn short(n: usize) -> String {
    match n {
        0..=999 => n.to_string(),
        1_000..=999_999 => format!("{:.1} k", n as f64 / 1e3),
        _ => format!("{:.1} M", n as f64 / 1e6),
    }
}

/// A whole percentage, rounded to the nearest, except that it never reads 100% while
/// there is still room.
pub fn percent(part: usize, whole: usize) -> usize {
    if whole == 0 {
        return 100;
    }
    ((part as f64 * 100.0 / whole as f64).round() as usize).min(if part < whole {
        99
    } else {
        usize::MAX
    })
}

/// Counts every key of the store (Docket's by kind, others as foreign) against [`LIMIT`].
pub fn usage(store: &impl KvStore) -> Result<Usage, StorageError> {
    usage_with_limit(store, LIMIT)
}

/// [`usage`] against another limit (a browser that allows more, or a test).
pub fn usage_with_limit(store: &impl KvStore, limit: usize) -> Result<Usage, StorageError> {
    let mut u = Usage {
        limit,
        ..Usage::default()
    };
    for key in store.keys()? {
        let size = units(&key).saturating_add(store.get(&key)?.as_deref().map_or(0, units));
        match kind_of(&key) {
            Some(Kind::Projects) => u.projects = u.projects.saturating_add(size),
            Some(Kind::Checklists) => u.checklists = u.checklists.saturating_add(size),
            Some(Kind::Damaged) => u.damaged = u.damaged.saturating_add(size),
            Some(Kind::Other) => u.other = u.other.saturating_add(size),
            None => u.foreign = u.foreign.saturating_add(size),
        }
    }
    Ok(u)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::storage::MemoryStore;

    #[test]
    fn counts_keys_and_values_in_utf16_units_by_kind() {
        let mut s = MemoryStore::new();
        s.set("docket:schema", "2").unwrap(); // 13 + 1
        s.set("docket:p:abc", "{}").unwrap(); // 12 + 2
        s.set("docket:pc:abc:x", "[]").unwrap(); // 15 + 2
        s.set("docket:t:t1", "😀").unwrap(); // 11 + 2 (a surrogate pair)
        s.set("docket:r:r1", "é").unwrap(); // 11 + 1
        s.set("docket:damaged:docket:p:x", "zz").unwrap(); // 25 + 2
        s.set("filler:0", "xxxx").unwrap(); // 8 + 4
        let u = usage_with_limit(&s, 1000).unwrap();
        assert_eq!(u.other, 14);
        assert_eq!(u.projects, 14 + 17);
        assert_eq!(u.checklists, 13 + 12);
        assert_eq!(u.damaged, 27);
        assert_eq!(u.foreign, 12);
        assert_eq!(u.docket(), s.used() - 12);
        assert_eq!(u.used(), s.used());
        assert_eq!(u.limit, 1000);
    }

    #[test]
    fn warns_at_eighty_percent_of_the_limit() {
        let mut s = MemoryStore::new();
        s.set("docket:people", &"x".repeat(79 - 13)).unwrap();
        let u = usage_with_limit(&s, 100).unwrap();
        assert_eq!(u.used(), 79);
        assert!(!u.near_limit());
        s.set("docket:people", &"x".repeat(80 - 13)).unwrap();
        let u = usage_with_limit(&s, 100).unwrap();
        assert!(u.near_limit());
        assert_eq!(u.summary(), "80 of 100 characters (80%)");
    }

    #[test]
    fn summary_reads_like_the_settings_view() {
        let u = Usage {
            projects: 1_000_000,
            checklists: 200_000,
            limit: LIMIT,
            ..Usage::default()
        };
        assert_eq!(u.summary(), "1.2 M of 5.2 M characters (23%)");
        assert_eq!(short(950), "950");
        assert_eq!(short(12_345), "12.3 k");
        // Nearly full is not shown as full.
        assert_eq!(percent(LIMIT - 1, LIMIT), 99);
        assert_eq!(percent(LIMIT, LIMIT), 100);
        assert_eq!(percent(0, LIMIT), 0);
    }

    #[test]
    fn kinds_of_keys() {
        assert_eq!(kind_of("docket:p:x"), Some(Kind::Projects));
        assert_eq!(kind_of("docket:pm:x:2026-03-02"), Some(Kind::Projects));
        assert_eq!(kind_of("docket:t:x"), Some(Kind::Checklists));
        assert_eq!(kind_of("docket:r:x"), Some(Kind::Checklists));
        assert_eq!(kind_of("docket:tombstones"), Some(Kind::Other));
        assert_eq!(kind_of("docket:journal"), Some(Kind::Other));
        assert_eq!(kind_of("docket:damaged:docket:r:x"), Some(Kind::Damaged));
        assert_eq!(kind_of("other-app:x"), None);
    }
}
