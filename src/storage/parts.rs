//! How a project is split over keys (layouts 2 to 4): its own fields in `docket:p:<id>`, its
//! cards in buckets by the card id ([`Bucket`]), its moves by month. An edit rewrites only
//! the parts it changed.

use super::{encoded, project_key, KvStore, Op, StorageError, PREFIX};
use crate::domain::undo::head;
use crate::domain::{Card, Id, MoveRecord, Project, Ts};
use std::collections::BTreeMap;

/// The project id of a part key (`rest` is the key after `docket:`), for `kind` "pc:"/"pm:".
pub(super) fn owner(rest: &str, kind: &str) -> Option<Id> {
    let tail = rest.strip_prefix(kind)?;
    let (pid, _) = tail.rsplit_once(':')?;
    Some(Id(pid.to_string()))
}

/// Are all these cards, read from `key`, in the bucket of project `pid` they belong to?
pub(super) fn all_in_bucket(key: &str, pid: &Id, cards: &[Card]) -> bool {
    let Some(first) = cards.first() else {
        return true;
    };
    let b = Bucket::of(&first.id);
    key == bucket_key(pid, b) && cards.iter().all(|c| b.holds(&c.id))
}

/// Is `key` one of the project's keys (its head or a part)?
pub(super) fn belongs_to(key: &str, pid: &Id) -> bool {
    let Some(rest) = key.strip_prefix(PREFIX) else {
        return false;
    };
    rest == format!("p:{pid}")
        || owner(rest, "pc:").is_some_and(|o| &o == pid)
        || owner(rest, "pm:").is_some_and(|o| &o == pid)
}

fn bucket_key(pid: &Id, b: Bucket) -> String {
    format!("docket:pc:{pid}:{}{}", b.0, b.1)
}

fn month_key(pid: &Id, m: &str) -> String {
    format!("docket:pm:{pid}:{m}")
}

/// A card's bucket (layout 4): the first character of its id, and the second character's
/// low two bits as a digit 0–3, so 128 buckets of a project's cards (32 in layout 3, named
/// by the first character alone). A move or an edit rewrites one bucket: on a 5,000-card
/// project that is some 40 cards to encode instead of 160.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
struct Bucket(char, u8);

impl Bucket {
    fn of(id: &Id) -> Bucket {
        let first = id.0.chars().next().unwrap_or('_');
        let second = id.0.as_bytes().get(first.len_utf8()).map_or(0, |b| b & 3);
        Bucket(first, second)
    }

    /// Does the card with this id go in this bucket? (Compared by bytes first: a move
    /// looks at every card of the project.)
    fn holds(self, id: &Id) -> bool {
        let b = id.0.as_bytes();
        if self.0.is_ascii() {
            return b.first() == Some(&(self.0 as u8)) && b.get(1).map_or(0, |x| x & 3) == self.1;
        }
        Bucket::of(id) == self
    }
}

fn buckets(p: &Project) -> BTreeMap<Bucket, Vec<&Card>> {
    group(&p.cards)
}

/// Cards by bucket.
fn group(cards: &[Card]) -> BTreeMap<Bucket, Vec<&Card>> {
    let mut m: BTreeMap<Bucket, Vec<&Card>> = BTreeMap::new();
    for c in cards {
        m.entry(Bucket::of(&c.id)).or_default().push(c);
    }
    m
}

fn months(p: &Project) -> BTreeMap<String, Vec<&MoveRecord>> {
    use chrono::Datelike;
    // Grouped by a number first: formatting a date per move would dominate an edit.
    let mut by: BTreeMap<(i32, u32), Vec<&MoveRecord>> = BTreeMap::new();
    for mv in &p.moves {
        by.entry((mv.at.year(), mv.at.month()))
            .or_default()
            .push(mv);
    }
    by.into_iter()
        .map(|((y, mo), v)| (format!("{y:04}-{mo:02}"), v))
        .collect()
}

/// Every key of a project, as writes.
pub(super) fn all_ops(p: &Project) -> Vec<Op> {
    let mut ops = vec![Op::Put(project_key(&p.id), encoded(&head(p)))];
    for (b, cards) in buckets(p) {
        ops.push(Op::Put(bucket_key(&p.id, b), encoded(&cards)));
    }
    for (m, moves) in months(p) {
        ops.push(Op::Put(month_key(&p.id, &m), encoded(&moves)));
    }
    ops
}

/// The writes of the parts an edit touched: the buckets holding `cards` (removed when
/// empty), the head when `head`, and the months of the move records at `moves`.
pub(super) fn part_ops(p: &Project, cards: &[Id], head_changed: bool, moves: &[Ts]) -> Vec<Op> {
    use chrono::Datelike;
    let mut ops = Vec::new();
    if head_changed {
        ops.push(Op::Put(project_key(&p.id), encoded(&head(p))));
    }
    let wanted: std::collections::BTreeSet<Bucket> = cards.iter().map(Bucket::of).collect();
    for b in wanted {
        let in_bucket: Vec<&Card> = p.cards.iter().filter(|c| b.holds(&c.id)).collect();
        ops.push(if in_bucket.is_empty() {
            Op::Del(bucket_key(&p.id, b))
        } else {
            Op::Put(bucket_key(&p.id, b), encoded(&in_bucket))
        });
    }
    let months: std::collections::BTreeSet<(i32, u32)> =
        moves.iter().map(|t| (t.year(), t.month())).collect();
    for (y, m) in months {
        // The month as a time range: comparing times is cheaper than working out each
        // record's calendar month.
        let (from, to) = month_range(y, m);
        let in_month: Vec<&MoveRecord> = p
            .moves
            .iter()
            .filter(|mv| from <= mv.at && to.is_none_or(|to| mv.at < to))
            .collect();
        let key = month_key(&p.id, &format!("{y:04}-{m:02}"));
        ops.push(if in_month.is_empty() {
            Op::Del(key)
        } else {
            Op::Put(key, encoded(&in_month))
        });
    }
    ops
}

/// The first instant of month `m` of year `y`, and of the month after (none past the
/// calendar's end).
fn month_range(y: i32, m: u32) -> (Ts, Option<Ts>) {
    let start = |y: i32, m: u32| {
        chrono::NaiveDate::from_ymd_opt(y, m, 1)
            .map(|d| d.and_time(chrono::NaiveTime::MIN).and_utc())
    };
    let (ny, nm) = if m == 12 {
        (y.saturating_add(1), 1)
    } else {
        (y, m.saturating_add(1))
    };
    (start(y, m).unwrap_or(Ts::MIN_UTC), start(ny, nm))
}

/// Layout 3 → 4: each project's cards regrouped into the finer buckets of layout 4 (see
/// [`Bucket`]); the old bucket keys are removed in the same journaled write (the loader reads
/// every `pc:` key of a project, whatever its name, so a card must be in one only).
pub(super) fn migrate_v3_to_v4(store: &mut dyn KvStore) -> Result<(), StorageError> {
    let keys = store.keys()?;
    // Projects with a bucket named by one character (layout 3). Layout 1 data, migrated just
    // before, is split by today's rule already and has none.
    let suffix = |k: &str| k.rsplit(':').next().map_or(0, |s| s.chars().count());
    let stale: std::collections::HashSet<Id> = keys
        .iter()
        .filter(|k| suffix(k) == 1)
        .filter_map(|k| k.strip_prefix(PREFIX).and_then(|r| owner(r, "pc:")))
        .collect();
    let mut cards: BTreeMap<String, Vec<Card>> = BTreeMap::new();
    let mut old = Vec::new();
    for key in keys {
        let Some(pid) = key
            .strip_prefix(PREFIX)
            .and_then(|r| owner(r, "pc:"))
            .filter(|pid| stale.contains(pid))
        else {
            continue;
        };
        let Some(raw) = store.get(&key)? else {
            continue;
        };
        let found: Vec<Card> = super::parse_stored(&key, &raw)?;
        cards.entry(pid.0).or_default().extend(found);
        old.push(key);
    }
    let mut ops = Vec::new();
    let mut new_keys = std::collections::HashSet::new();
    for (pid, cards) in &cards {
        let pid = Id(pid.clone());
        for (b, cards) in group(cards) {
            let key = bucket_key(&pid, b);
            new_keys.insert(key.clone());
            ops.push(Op::Put(key, encoded(&cards)));
        }
    }
    ops.extend(
        old.into_iter()
            .filter(|k| !new_keys.contains(k))
            .map(Op::Del),
    );
    if ops.is_empty() {
        return Ok(());
    }
    super::write_journaled(store, &ops)
}

/// Layout 1 → 2: each whole-project key is split into its parts. Only writes (never
/// deletes), journaled, so running it again after an interruption is harmless.
pub(super) fn migrate_v1_to_v2(store: &mut dyn KvStore) -> Result<(), StorageError> {
    let mut ops = Vec::new();
    for key in store.keys()? {
        let Some(rest) = key.strip_prefix("docket:p:") else {
            continue;
        };
        if rest.contains(':') {
            continue;
        }
        let Some(raw) = store.get(&key)? else {
            continue;
        };
        let p: Project = super::parse_stored(&key, &raw)?;
        ops.extend(all_ops(&p));
    }
    if ops.is_empty() {
        return Ok(());
    }
    super::write_journaled(store, &ops)
}
