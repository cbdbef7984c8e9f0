//! How checklist runs are stored (layout 3): in buckets, one key per template and month,
//! `docket:rm:<template id>:<yyyy-mm>`, holding that template's runs whose `date` falls in
//! that month, sorted by id. Five thousand runs of twenty answers each pack far better as a
//! few hundred buckets of similar runs (the compressor finds the repeated item ids and texts) than as
//! five thousand small keys; ticking an item still rewrites only one month of one checklist.

use super::{encoded, KvStore, Op, StorageError, PREFIX};
use crate::domain::{Id, Run};
use chrono::{Datelike, NaiveDate};
use std::collections::BTreeMap;

/// The key of the bucket that holds a template's runs of one month.
pub fn bucket_key(template: &Id, date: NaiveDate) -> String {
    format!(
        "docket:rm:{template}:{:04}-{:02}",
        date.year(),
        date.month()
    )
}

/// The key of the bucket a run belongs in.
pub fn key_of(run: &Run) -> String {
    bucket_key(&run.template, run.date)
}

/// The template id of a bucket key (`None` when `key` is not a run bucket).
pub fn template_of(key: &str) -> Option<Id> {
    let rest = key.strip_prefix(PREFIX)?.strip_prefix("rm:")?;
    let (tid, _) = rest.rsplit_once(':')?;
    Some(Id(tid.to_string()))
}

/// Runs grouped by bucket key, each bucket sorted by run id (so the same runs always make
/// the same stored value, and comparing values finds real changes only).
pub fn group<'a>(runs: impl IntoIterator<Item = &'a Run>) -> BTreeMap<String, Vec<&'a Run>> {
    let mut m: BTreeMap<String, Vec<&Run>> = BTreeMap::new();
    for r in runs {
        m.entry(key_of(r)).or_default().push(r);
    }
    for v in m.values_mut() {
        crate::domain::sort::sort_by(v, |a, b| a.id.cmp(&b.id));
    }
    m
}

/// The write of one bucket: its runs, or removing the key when none are left.
pub(super) fn bucket_op(key: String, mut runs: Vec<Run>) -> Op {
    if runs.is_empty() {
        return Op::Del(key);
    }
    crate::domain::sort::sort_by(&mut runs, |a, b| a.id.cmp(&b.id));
    Op::Put(key, encoded(&runs))
}

/// Puts `run` into `bucket` in place of the run with the same id, merged field by field
/// with the stored copy (`domain::stamps`): another tab's answer to another item, saved
/// meanwhile, stays.
pub(super) fn upsert(bucket: &mut Vec<Run>, run: &Run) {
    match bucket.iter_mut().find(|r| r.id == run.id) {
        Some(r) => *r = crate::domain::stamps::merge(r, run),
        None => bucket.push(run.clone()),
    }
}

/// Layout 2 → 3: every `docket:r:<id>` key is gathered into its bucket and removed, in one
/// journaled write, so an interruption is finished by the next start (which applies the
/// journal before migrating) and running it again finds nothing left to move.
pub(super) fn migrate_v2_to_v3(store: &mut dyn KvStore) -> Result<(), StorageError> {
    let mut buckets: BTreeMap<String, Vec<Run>> = BTreeMap::new();
    let mut old = Vec::new();
    for key in store.keys()? {
        let Some(rest) = key.strip_prefix("docket:r:") else {
            continue;
        };
        if rest.contains(':') {
            continue;
        }
        let Some(raw) = store.get(&key)? else {
            continue;
        };
        let run: Run = super::parse_stored(&key, &raw)?;
        buckets.entry(key_of(&run)).or_default().push(run);
        old.push(key);
    }
    if old.is_empty() {
        return Ok(());
    }
    let mut ops = Vec::new();
    for (key, mut runs) in buckets {
        // A bucket written before an interruption is kept and added to.
        if let Some(raw) = store.get(&key)? {
            if let Ok(json) = super::pack::decode(&raw) {
                if let Ok(stored) = serde_json::from_str::<Vec<Run>>(&json) {
                    for r in stored {
                        if !runs.iter().any(|x| x.id == r.id) {
                            runs.push(r);
                        }
                    }
                }
            }
        }
        ops.push(bucket_op(key, runs));
    }
    ops.extend(old.into_iter().map(Op::Del));
    super::write_journaled(store, &ops)
}
