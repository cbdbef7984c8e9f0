//! How a project is split over keys (layouts 2 on): its own fields in `docket:p:<id>`, its
//! cards in buckets by the card id ([`Bucket`]), its moves by day (by month in layouts 2 to
//! 7). An edit rewrites only the parts it changed.

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

/// The key of a project's moves of one day (UTC), `d` as `yyyy-mm-dd`. (Layouts 2 to 7
/// kept a month per key: each move rewrote every move of its month, thousands of records
/// by the end of a busy month; a day holds a few dozen.)
fn day_key(pid: &Id, d: &str) -> String {
    format!("docket:pm:{pid}:{d}")
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

/// A day as (year, day of the year): the key the grouping below sorts by. (The same shape as
/// layout 7's (year, month), and no date formatting: both keep the code small.)
type Day = (i32, u32);

fn day_of(t: &Ts) -> Day {
    use chrono::Datelike;
    (t.year(), t.ordinal())
}

/// The day's name in its key, `yyyy-mm-dd`, and the times it runs from and up to (none past
/// the calendar's end).
fn day_span((y, n): Day) -> (String, Ts, Option<Ts>) {
    use chrono::Datelike;
    let date = chrono::NaiveDate::from_yo_opt(y, n).unwrap_or_default();
    let start = |d: chrono::NaiveDate| d.and_time(chrono::NaiveTime::MIN).and_utc();
    let name = format!("{:04}-{:02}-{:02}", date.year(), date.month(), date.day());
    (name, start(date), date.succ_opt().map(start))
}

/// A project's moves by day, days in order, each day's in the order they are in `moves`.
fn days(moves: &[MoveRecord]) -> Vec<(String, Vec<&MoveRecord>)> {
    // Grouped by the day first: naming a day per move would dominate an edit.
    let mut by: BTreeMap<Day, Vec<&MoveRecord>> = BTreeMap::new();
    for mv in moves {
        by.entry(day_of(&mv.at)).or_default().push(mv);
    }
    by.into_iter().map(|(d, v)| (day_span(d).0, v)).collect()
}

/// Every key of a project, as writes.
pub(super) fn all_ops(p: &Project) -> Vec<Op> {
    let mut ops = vec![Op::Put(project_key(&p.id), encoded(&head(p)))];
    for (b, cards) in buckets(p) {
        ops.push(Op::Put(bucket_key(&p.id, b), encoded(&cards)));
    }
    for (d, moves) in days(&p.moves) {
        ops.push(Op::Put(day_key(&p.id, &d), encoded(&moves)));
    }
    ops
}

/// The writes of the parts an edit touched: the buckets holding `cards` (removed when
/// empty), the head when `head`, and the days of the move records at `moves`.
pub(super) fn part_ops(p: &Project, cards: &[Id], head_changed: bool, moves: &[Ts]) -> Vec<Op> {
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
    let days: std::collections::BTreeSet<Day> = moves.iter().map(day_of).collect();
    for d in days {
        // The day as a time range: comparing times is cheaper than working out each
        // record's date.
        let (name, from, to) = day_span(d);
        let in_day: Vec<&MoveRecord> = p
            .moves
            .iter()
            .filter(|mv| from <= mv.at && to.is_none_or(|to| mv.at < to))
            .collect();
        let key = day_key(&p.id, &name);
        ops.push(if in_day.is_empty() {
            Op::Del(key)
        } else {
            Op::Put(key, encoded(&in_day))
        });
    }
    ops
}

/// Layout 7 → 8: each project's moves, kept by month, regrouped by day (see [`day_key`]).
/// One journaled write per project (its day keys put, its month keys removed), so the
/// journal holds one project's moves at a time, not the whole store's; a run cut short
/// leaves whole projects done, and running it again finds only the rest.
pub(super) fn migrate_v7_to_v8(store: &mut dyn KvStore) -> Result<(), StorageError> {
    // A month key ends in `yyyy-mm` (7 characters), a day key in `yyyy-mm-dd`. Sorted, a
    // project's month keys are next to each other.
    let mut keys = store.keys()?;
    keys.retain(|k| {
        k.starts_with("docket:pm:") && k.rsplit(':').next().is_some_and(|s| s.len() == 7)
    });
    crate::domain::sort::sort_by(&mut keys, Ord::cmp);
    // A key up to its last `:` names the project.
    fn project(k: &str) -> &str {
        k.rsplit_once(':').map_or(k, |(p, _)| p)
    }
    for months in keys.chunk_by(|a, b| project(a) == project(b)) {
        let Some(pid) = months
            .first()
            .and_then(|k| k.strip_prefix(PREFIX))
            .and_then(|r| owner(r, "pm:"))
        else {
            continue;
        };
        let mut moves: Vec<MoveRecord> = Vec::new();
        let mut ops = Vec::new();
        for key in months {
            // A month that can't be read stays as it is: the loader reports it, and the
            // recovery view sets it aside, as it does any damaged record.
            let Some(raw) = store.get(key)? else {
                continue;
            };
            let read = super::pack::decode(&raw)
                .ok()
                .and_then(|json| super::checked::<Vec<MoveRecord>>(key, &json).ok());
            if let Some(m) = read {
                moves.extend(m);
                ops.push(Op::Del(key.clone()));
            }
        }
        if ops.is_empty() {
            continue;
        }
        for (d, v) in days(&moves) {
            ops.push(Op::Put(day_key(&pid, &d), encoded(&v)));
        }
        super::write_journaled(store, &ops)?;
    }
    Ok(())
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
