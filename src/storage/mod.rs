//! The one storage seam. The app talks to a [`Repo`], which lays the workspace out over a
//! key-value [`KvStore`]: localStorage in the browser ([`LocalStore`]), memory in native
//! tests ([`MemoryStore`]).
//!
//! ## Layout (schema 8)
//!
//! | key                   | value                                      |
//! |-----------------------|--------------------------------------------|
//! | `docket:schema`       | the layout version, `8`                    |
//! | `docket:p:<id>`       | a project's own fields, columns, labels, risks, trash |
//! | `docket:pc:<id>:<b><n>` | the project's cards whose id starts with `<b>`, and whose second character's low two bits are `<n>` (0–3) |
//! | `docket:pm:<id>:<yyyy-mm-dd>` | the project's card moves of one day (UTC; one month per key in layouts 2 to 7) |
//! | `docket:t:<id>`       | one checklist template                     |
//! | `docket:rm:<t>:<yyyy-mm>` | the runs of template `<t>` dated in that month ([`runs`]) |
//! | `docket:people`       | the directory of people                    |
//! | `docket:project-templates` | the project templates (added without a new layout: older copies ignore it) |
//! | `docket:registers`    | sites, assets, stock, budget, spend and policies (likewise) |
//! | `docket:tombstones`   | deleted projects, templates and runs       |
//! | `docket:journal`      | a multi-key write in progress (see below)  |
//!
//! Editing a card rewrites only its project's key for that card's bucket (a 128th of the
//! project's cards); a move adds the day's moves key; ticking an item rewrites its run's
//! bucket. Values longer than a few hundred characters are packed ([`pack`]): Deflate-compressed
//! JSON, 15 bits to a character (LZ4 in layouts 2 to 6). Layout 1 (one key per whole project, plain JSON), layout 2
//! (one key per run, `docket:r:<id>`) and layout 3 (32 card buckets per project, by the
//! first character of the card id alone) are migrated on first open.
//!
//! ## Two tabs
//!
//! The repo remembers (as a hash) each value it last read or wrote. A write over a key whose
//! stored value has changed since (another tab wrote it) is refused with
//! [`StorageError::Changed`], so the app reads that entity back and merges first instead of
//! overwriting the other tab's newer edit. [`Scope`] says which entities changed keys name.
//!
//! ## Nothing half-written
//!
//! A write of one key is atomic (`setItem` either stores the value or throws). A change that
//! touches several keys is first written whole to `docket:journal`; then the keys are
//! written; then the journal is removed. If a key write fails, the keys already written are
//! put back as they were and the journal removed, so the store holds the earlier state. If the
//! tab dies mid-way, the next start finds the journal and finishes it.

// No panic on values from storage or a file (issue 16): no unchecked indexing or
// overflowing arithmetic anywhere in storage; `#[allow]`s say why each is safe.
#![cfg_attr(
    not(test),
    deny(clippy::indexing_slicing, clippy::arithmetic_side_effects)
)]

pub mod couch;
mod local;
mod memory;
pub mod pack;
mod parts;
pub mod recovery;
pub mod runs;
mod scope;
pub mod usage;

pub use local::LocalStore;
pub use memory::MemoryStore;
pub use scope::Scope;

use crate::domain::registers::Registers;
use crate::domain::{
    validate, Card, Id, MoveRecord, Person, Project, ProjectTemplate, Run, Template, Tombstone,
    Workspace,
};
use serde::{de::DeserializeOwned, Deserialize, Serialize};
use std::fmt;

/// The layout version this code reads and writes. Layout 5 is layout 4 with field stamps
/// on cards (`domain::stamps`), layout 6 layout 5 with field stamps on templates, items and
/// runs too: a tab of an older Docket would drop them when it writes, so it must see a
/// newer layout and stop writing. Layout 7 packs records with Deflate (`pack`), which
/// older code cannot read. Layout 8 keeps a project's moves by day instead of by month
/// (`parts`): older code writing a month's moves beside the days would store each twice.
pub const SCHEMA_VERSION: u32 = 8;
/// Every key Docket owns starts with this.
pub const PREFIX: &str = "docket:";
/// Holds the layout version.
pub const SCHEMA_KEY: &str = "docket:schema";
/// Holds a multi-key write in progress.
pub const JOURNAL_KEY: &str = "docket:journal";
/// Holds the top-level tombstones.
pub const TOMBSTONES_KEY: &str = "docket:tombstones";
/// Holds the people directory.
pub const PEOPLE_KEY: &str = "docket:people";
/// Holds the project templates (few and small: one key, like the people).
pub const PROJECT_TEMPLATES_KEY: &str = "docket:project-templates";
/// Holds the operations registers (`domain::registers`: one key, like the people).
pub const REGISTERS_KEY: &str = "docket:registers";

/// The keys every tab reads whole and shares: people, tombstones, project templates and
/// the registers.
pub fn is_shared(key: &str) -> bool {
    key == PEOPLE_KEY
        || key == TOMBSTONES_KEY
        || key == PROJECT_TEMPLATES_KEY
        || key == REGISTERS_KEY
}

/// Key of a project.
pub fn project_key(id: &Id) -> String {
    format!("docket:p:{id}")
}
/// Key of a template.
pub fn template_key(id: &Id) -> String {
    format!("docket:t:{id}")
}
/// Key of the bucket holding a run (with the other runs of its template and month).
pub fn run_key(run: &Run) -> String {
    runs::key_of(run)
}

/// Why the store could not do what was asked, phrased for the user.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum StorageError {
    /// The browser refused the write: the storage quota is used up.
    Quota,
    /// Storage is switched off or not reachable (private mode, site settings).
    Unavailable(String),
    /// The stored data was written by a newer Docket; this tab must not write over it.
    NewerSchema { found: u32, supported: u32 },
    /// The store is read-only for the reason given (set when opening found a problem).
    ReadOnly(String),
    /// A stored value could not be read.
    Corrupt { key: String, problem: String },
    /// Another tab changed these keys since this tab last read them: nothing was written;
    /// read them back, merge, and write the merged result.
    Changed(Vec<String>),
}

impl fmt::Display for StorageError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            StorageError::Quota => f.write_str(
                "The browser's storage for Docket is full, so this change was not saved. \
                 It is still on screen: export your work, then delete old projects or runs.",
            ),
            StorageError::Unavailable(why) => write!(
                f,
                "The browser would not let Docket save ({why}). Your change is kept on this page \
                 only: allow site data for this page, or export before closing it."
            ),
            StorageError::NewerSchema { found, supported } => write!(
                f,
                "Your data was saved by a newer version of Docket (layout {found}; this page \
                 knows up to {supported}). Reload the page to update; nothing is saved from \
                 this page until then."
            ),
            StorageError::ReadOnly(why) => write!(f, "Not saved: {why}"),
            StorageError::Corrupt { key, problem } => {
                write!(f, "The stored record {key} could not be read ({problem}).")
            }
            StorageError::Changed(_) => f.write_str(
                "Another tab changed this at the same moment; Docket is merging both edits.",
            ),
        }
    }
}

impl std::error::Error for StorageError {}

/// A string key-value store with localStorage's semantics.
pub trait KvStore {
    /// The value of a key.
    fn get(&self, key: &str) -> Result<Option<String>, StorageError>;
    /// Stores a value; either all of it is stored or nothing changes.
    fn set(&mut self, key: &str, value: &str) -> Result<(), StorageError>;
    /// Removes a key (no error if absent).
    fn remove(&mut self, key: &str) -> Result<(), StorageError>;
    /// Every key in the store.
    fn keys(&self) -> Result<Vec<String>, StorageError>;
}

/// One step of a write.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Op {
    /// Store this value under this key.
    Put(String, String),
    /// Remove this key.
    Del(String),
}

impl Op {
    pub(crate) fn key(&self) -> &str {
        match self {
            Op::Put(k, _) | Op::Del(k) => k,
        }
    }
}

/// Something found while loading that the user should know about. The stored value is left
/// exactly as it was.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    pub key: String,
    pub message: String,
}

/// What opening the store found.
#[derive(Debug, Default)]
pub struct Loaded {
    pub workspace: Workspace,
    pub problems: Vec<Problem>,
    /// Projects whose stored cards were repaired on reading (a card stored twice, or in a
    /// bucket that is not its own): their next write is whole, so the store heals.
    pub repaired: Vec<Id>,
}

/// A migration moves the stored layout from version `n` to `n + 1`.
pub type Migration = fn(&mut dyn KvStore) -> Result<(), StorageError>;

/// Migrations from each earlier layout, index 0 moving version 1 to 2, and so on. Each has a
/// fixture of the old layout under tests/fixtures/storage/.
pub const MIGRATIONS: &[Migration] = &[
    parts::migrate_v1_to_v2,
    runs::migrate_v2_to_v3,
    parts::migrate_v3_to_v4,
    stamps_added,
    stamps_added,
    deflate_packing,
    parts::migrate_v7_to_v8,
];

/// Layout 4's records are layout 5's without field stamps, and layout 5's templates, items
/// and runs are layout 6's without them; no stamps read as "every field last set at
/// `updated`" (`domain::stamps`): nothing to rewrite, only the version goes up (both steps).
fn stamps_added(_: &mut dyn KvStore) -> Result<(), StorageError> {
    Ok(())
}

/// Layout 6's LZ4-packed records are still read (`pack`); each is packed with Deflate when
/// it is next written. Nothing to rewrite now (a rewrite of every record at once would need
/// the quota twice over for its journal), only the version goes up.
fn deflate_packing(_: &mut dyn KvStore) -> Result<(), StorageError> {
    Ok(())
}

/// A stored record read back (unpacked and parsed), for migrations; a record that can't be
/// read is [`StorageError::Corrupt`], naming its key.
fn parse_stored<T: DeserializeOwned>(key: &str, raw: &str) -> Result<T, StorageError> {
    let corrupt = |problem: String| StorageError::Corrupt {
        key: key.to_string(),
        problem,
    };
    let json = pack::decode(raw).map_err(corrupt)?;
    serde_json::from_str(&json).map_err(|e| corrupt(e.to_string()))
}

/// Writes `ops` straight to the store through the journal (for migrations, which run before
/// the repo is open): if the tab dies half way, the next start finishes the write.
fn write_journaled(store: &mut dyn KvStore, ops: &[Op]) -> Result<(), StorageError> {
    store.set(
        JOURNAL_KEY,
        &serde_json::to_string(ops).expect("ops serialise"),
    )?;
    for op in ops {
        match op {
            Op::Put(k, v) => store.set(k, v)?,
            Op::Del(k) => store.remove(k)?,
        }
    }
    store.remove(JOURNAL_KEY)
}

/// The workspace as laid out over a [`KvStore`].
pub struct Repo<S: KvStore> {
    store: S,
    read_only: Option<StorageError>,
    /// Keys whose stored value could not be read: never written over (recovery first).
    damaged: std::collections::HashSet<String>,
    /// Projects whose last write failed: the store lags behind memory, so their next write
    /// is whole, not a difference.
    unsynced: std::collections::HashSet<Id>,
    /// The bucket key each known run is stored under (to move a run whose date changed).
    runs_at: std::collections::HashMap<Id, String>,
    /// A hash of each value as this tab last read or wrote it (`None`: absent), to notice
    /// another tab's writes before writing over them.
    seen: std::cell::RefCell<std::collections::HashMap<String, Option<u64>>>,
}

impl<S: KvStore> Repo<S> {
    /// Opens the store: finishes an interrupted write, checks the layout version, runs
    /// migrations, and loads everything that can be read.
    pub fn open(store: S) -> (Repo<S>, Loaded) {
        Self::open_with(store, SCHEMA_VERSION, MIGRATIONS)
    }

    /// [`Repo::open`] with an explicit current version and migration list (for tests of
    /// the migration path itself).
    pub fn open_with(store: S, current: u32, migrations: &[Migration]) -> (Repo<S>, Loaded) {
        let mut repo = Repo {
            store,
            read_only: None,
            damaged: Default::default(),
            unsynced: Default::default(),
            runs_at: Default::default(),
            seen: Default::default(),
        };
        let mut problems = Vec::new();
        if let Err(e) = repo.prepare(current, migrations) {
            problems.push(Problem {
                key: SCHEMA_KEY.into(),
                message: e.to_string(),
            });
            repo.read_only = Some(e);
        }
        let mut loaded = repo.load();
        repo.damaged = loaded
            .problems
            .iter()
            .filter(|p| !p.key.is_empty())
            .map(|p| p.key.clone())
            .collect();
        problems.append(&mut loaded.problems);
        loaded.problems = problems;
        repo.index_runs(&loaded.workspace.runs);
        repo.unsynced.extend(loaded.repaired.iter().cloned());
        (repo, loaded)
    }

    fn prepare(&mut self, current: u32, migrations: &[Migration]) -> Result<(), StorageError> {
        let found = match self.store.get(SCHEMA_KEY)? {
            Some(v) => v.trim().parse::<u32>().map_err(|_| StorageError::Corrupt {
                key: SCHEMA_KEY.into(),
                problem: format!("not a version number: {v:?}"),
            })?,
            None => {
                let has_data = self.store.keys()?.iter().any(|k| k.starts_with(PREFIX));
                if has_data {
                    return Err(StorageError::Corrupt {
                        key: SCHEMA_KEY.into(),
                        problem: "the layout version is missing".into(),
                    });
                }
                // A fresh store: claim it for the current layout.
                self.store.set(SCHEMA_KEY, &current.to_string())?;
                current
            }
        };
        if found > current {
            return Err(StorageError::NewerSchema {
                found,
                supported: current,
            });
        }
        if found == 0 {
            return Err(StorageError::Corrupt {
                key: SCHEMA_KEY.into(),
                problem: "layout version 0 does not exist".into(),
            });
        }
        // Finish an interrupted write before anything reads the keys.
        if let Some(journal) = self.store.get(JOURNAL_KEY)? {
            let ops = journal_ops(&journal).map_err(|problem| StorageError::Corrupt {
                key: JOURNAL_KEY.into(),
                problem,
            })?;
            self.apply_now(&ops).map_err(|(e, _)| e)?;
            self.store.remove(JOURNAL_KEY)?;
        }
        for v in found..current {
            let step = migrations
                .get(v.saturating_sub(1) as usize)
                .ok_or_else(|| StorageError::Corrupt {
                    key: SCHEMA_KEY.into(),
                    problem: format!("no migration from layout {v}"),
                })?;
            step(&mut self.store)?;
            self.store
                .set(SCHEMA_KEY, &v.saturating_add(1).to_string())?;
        }
        Ok(())
    }

    /// Reads every record; one that does not parse is reported and left untouched.
    pub fn load(&self) -> Loaded {
        self.load_filtered(|_| true)
    }

    /// Reads back the entities a [`Scope`] names (whole), with people and tombstones: what
    /// another tab changed. Also refreshes which bucket each run read is in.
    pub fn load_scope(&mut self, scope: &Scope) -> Loaded {
        let loaded = self.load_filtered(|k| scope.covers_key(k));
        self.unsynced.extend(loaded.repaired.iter().cloned());
        // What another tab stored that breaks an invariant is damage: never written over.
        self.damaged.extend(
            loaded
                .problems
                .iter()
                .filter(|p| !p.key.is_empty())
                .map(|p| p.key.clone()),
        );
        self.runs_at
            .retain(|_, key| !scope.all && !scope.run_buckets.contains(key));
        self.index_runs(&loaded.workspace.runs);
        loaded
    }

    fn index_runs(&mut self, runs: &[Run]) {
        for r in runs {
            self.runs_at.insert(r.id.clone(), runs::key_of(r));
        }
    }

    /// Stops this tab writing (another tab upgraded the stored layout).
    pub fn set_read_only(&mut self, why: StorageError) {
        self.read_only = Some(why);
    }

    fn load_filtered(&self, wanted: impl Fn(&str) -> bool) -> Loaded {
        let mut out = Loaded::default();
        let keys = match self.store.keys() {
            Ok(k) => k,
            Err(e) => {
                out.problems.push(Problem {
                    key: String::new(),
                    message: e.to_string(),
                });
                return out;
            }
        };
        let mut keys: Vec<String> = keys
            .into_iter()
            .filter(|k| k.starts_with(PREFIX) && wanted(k))
            .collect();
        crate::domain::sort::sort_by(&mut keys, Ord::cmp);
        let mut heads: Vec<Project> = Vec::new();
        let mut cards: std::collections::HashMap<Id, Vec<(String, Vec<Card>)>> = Default::default();
        let mut moves: std::collections::HashMap<Id, Vec<crate::domain::MoveRecord>> =
            Default::default();
        for key in keys {
            let rest = &key[PREFIX.len()..];
            let ws = &mut out.workspace;
            let res = if let Some(pid) = parts::owner(rest, "pc:") {
                self.read::<Vec<Card>>(&key).map(|c| {
                    let c = c.unwrap_or_default();
                    if !parts::all_in_bucket(&key, &pid, &c) {
                        out.repaired.push(pid.clone());
                    }
                    cards.entry(pid).or_default().push((key.clone(), c))
                })
            } else if let Some(pid) = parts::owner(rest, "pm:") {
                self.read::<Vec<MoveRecord>>(&key)
                    .map(|m| moves.entry(pid).or_default().extend(m.unwrap_or_default()))
            } else if let Some(pid) = rest.strip_prefix("p:") {
                self.read::<Project>(&key).and_then(|p| match p {
                    Some(p) if p.id.0 != pid => Err(StorageError::Corrupt {
                        key: key.clone(),
                        problem: format!("it holds project '{}', not '{pid}'", p.id),
                    }),
                    p => {
                        heads.extend(p);
                        Ok(())
                    }
                })
            } else if rest.starts_with("t:") {
                self.read::<Template>(&key).map(|t| ws.templates.extend(t))
            } else if rest.starts_with("rm:") {
                self.read::<Vec<Run>>(&key)
                    .map(|r| ws.runs.extend(r.unwrap_or_default()))
            } else if key == PEOPLE_KEY {
                self.read::<Vec<Person>>(&key)
                    .map(|p| ws.people = p.unwrap_or_default())
            } else if key == TOMBSTONES_KEY {
                self.read::<Vec<Tombstone>>(&key)
                    .map(|t| ws.tombstones = t.unwrap_or_default())
            } else if key == PROJECT_TEMPLATES_KEY {
                self.read::<Vec<ProjectTemplate>>(&key)
                    .map(|t| ws.project_templates = t.unwrap_or_default())
            } else if key == REGISTERS_KEY {
                self.read::<Registers>(&key)
                    .map(|r| ws.registers = r.unwrap_or_default())
            } else {
                Ok(())
            };
            if let Err(e) = res {
                out.problems.push(Problem {
                    key: key.clone(),
                    message: e.to_string(),
                });
            }
        }
        for mut p in heads {
            // A bucket whose cards reuse the id of a column, risk or trashed thing of the
            // project (each record was fine on its own) is damage too.
            let taken = head_ids(&p);
            for (key, bucket) in cards.remove(&p.id).unwrap_or_default() {
                match bucket.iter().find(|c| taken.contains(&c.id)) {
                    Some(c) => out.problems.push(Problem {
                        message: StorageError::Corrupt {
                            key: key.clone(),
                            problem: format!(
                                "card '{}' has the id of another part of its project",
                                c.id
                            ),
                        }
                        .to_string(),
                        key,
                    }),
                    None => p.cards.extend(bucket),
                }
            }
            p.moves.extend(moves.remove(&p.id).unwrap_or_default());
            out.workspace.projects.push(p);
        }
        let read: Vec<(Id, usize)> = out
            .workspace
            .projects
            .iter()
            .map(|p| (p.id.clone(), p.cards.len()))
            .collect();
        for note in out.workspace.normalise() {
            out.problems.push(Problem {
                key: String::new(),
                message: note,
            });
        }
        // A project that lost copies of cards stored twice is written whole next time.
        for (id, n) in read {
            let kept = out.workspace.projects.iter().find(|p| p.id == id);
            if kept.is_some_and(|p| p.cards.len() < n) {
                out.repaired.push(id);
            }
        }
        out
    }

    fn read<T: Record>(&self, key: &str) -> Result<Option<T>, StorageError> {
        let corrupt = |problem: String| StorageError::Corrupt {
            key: key.into(),
            problem,
        };
        let raw = self.store.get(key)?;
        self.seen
            .borrow_mut()
            .insert(key.to_string(), raw.as_deref().map(hash));
        match raw {
            None => Ok(None),
            Some(s) => {
                let json = pack::decode(&s).map_err(corrupt)?;
                checked::<T>(key, &json).map(Some).map_err(corrupt)
            }
        }
    }

    /// Is this tab allowed to write? (`None` when it is.)
    pub fn read_only(&self) -> Option<&StorageError> {
        self.read_only.as_ref()
    }

    /// The store underneath (for the storage meter and tests).
    pub fn store(&self) -> &S {
        &self.store
    }

    /// The store underneath, for the recovery view's own writes (setting damaged records
    /// aside, starting fresh), which the session makes.
    pub(crate) fn store_mut(&mut self) -> &mut S {
        &mut self.store
    }

    /// Writes one whole project (all its keys; keys it no longer needs are removed).
    pub fn save_project(&mut self, p: &Project) -> Result<(), StorageError> {
        let res = self.save_whole(p);
        self.track(&p.id, &res);
        res
    }

    fn track(&mut self, id: &Id, res: &Result<(), StorageError>) {
        if res.is_ok() {
            self.unsynced.remove(id);
        } else {
            self.unsynced.insert(id.clone());
        }
    }

    fn save_whole(&mut self, p: &Project) -> Result<(), StorageError> {
        let mut ops = parts::all_ops(p);
        let keep: std::collections::HashSet<&str> = ops.iter().map(|o| o.key()).collect();
        let stale: Vec<String> = self
            .store
            .keys()?
            .into_iter()
            .filter(|k| parts::belongs_to(k, &p.id) && !keep.contains(k.as_str()))
            .collect();
        ops.extend(stale.into_iter().map(Op::Del));
        self.commit(ops)
    }

    /// Writes the parts of `p` an edit touched, when the caller knows them (no diff of
    /// whole projects): the buckets of `cards`, the head when `head`, the months of `moves`.
    pub fn save_project_parts(
        &mut self,
        p: &Project,
        cards: &[Id],
        head: bool,
        moves: &[crate::domain::Ts],
    ) -> Result<(), StorageError> {
        if self.unsynced.contains(&p.id) {
            return self.save_project(p);
        }
        let ops = parts::part_ops(p, cards, head, moves);
        if ops.is_empty() {
            return Ok(());
        }
        let res = self.commit(ops);
        self.track(&p.id, &res);
        res
    }

    /// Writes one template.
    pub fn save_template(&mut self, t: &Template) -> Result<(), StorageError> {
        self.commit(vec![put(template_key(&t.id), t)])
    }

    /// Writes one run: reads its bucket back, puts the run in (a copy another tab edited
    /// later is kept), and writes the bucket; a run whose date moved it to another bucket is
    /// taken out of the old one in the same journaled write.
    pub fn save_run(&mut self, r: &Run) -> Result<(), StorageError> {
        let key = runs::key_of(r);
        let mut bucket: Vec<Run> = self.read(&key)?.unwrap_or_default();
        runs::upsert(&mut bucket, r);
        let mut ops = vec![runs::bucket_op(key.clone(), bucket)];
        if let Some(old) = self.runs_at.get(&r.id).filter(|k| **k != key).cloned() {
            let mut was: Vec<Run> = self.read(&old)?.unwrap_or_default();
            was.retain(|x| x.id != r.id);
            ops.push(runs::bucket_op(old, was));
        }
        self.commit(ops)?;
        self.runs_at.insert(r.id.clone(), key);
        Ok(())
    }

    /// Writes the people directory.
    pub fn save_people(&mut self, people: &[Person]) -> Result<(), StorageError> {
        self.commit(vec![put(PEOPLE_KEY.into(), people)])
    }

    /// Writes the project templates, and the tombstones when a template was deleted, in one
    /// transaction.
    pub fn save_project_templates(
        &mut self,
        list: &[ProjectTemplate],
        tombstones: Option<&[Tombstone]>,
    ) -> Result<(), StorageError> {
        let mut ops = vec![put(PROJECT_TEMPLATES_KEY.into(), list)];
        if let Some(t) = tombstones {
            ops.push(put(TOMBSTONES_KEY.into(), t));
        }
        self.commit(ops)
    }

    /// Writes the registers, and the tombstones when an entry was deleted, in one
    /// transaction.
    pub fn save_registers(
        &mut self,
        registers: &Registers,
        tombstones: Option<&[Tombstone]>,
    ) -> Result<(), StorageError> {
        let mut ops = vec![put(REGISTERS_KEY.into(), registers)];
        if let Some(t) = tombstones {
            ops.push(put(TOMBSTONES_KEY.into(), t));
        }
        self.commit(ops)
    }

    /// Records deletions: removes each deleted record and stores the full tombstone list.
    pub fn save_deletions(
        &mut self,
        deleted: &[Tombstone],
        all: &[Tombstone],
    ) -> Result<(), StorageError> {
        let keys = self.store.keys()?;
        let mut ops: Vec<Op> = deleted
            .iter()
            .filter(|t| t.kind == crate::domain::EntityKind::Project)
            .flat_map(|t| {
                keys.iter()
                    .filter(|k| parts::belongs_to(k, &t.id) && *k != &project_key(&t.id))
                    .cloned()
                    .map(Op::Del)
                    .collect::<Vec<_>>()
            })
            .collect();
        ops.extend(deleted.iter().filter_map(|t| match t.kind {
            crate::domain::EntityKind::Project => Some(Op::Del(project_key(&t.id))),
            crate::domain::EntityKind::Template => Some(Op::Del(template_key(&t.id))),
            // Runs live in buckets: rewritten below without them.
            crate::domain::EntityKind::Run => None,
            // People live together in one key, rewritten with the directory; so do
            // project templates.
            // (So do the registers' entries.)
            _ => None,
        }));
        let gone: std::collections::HashSet<&Id> = deleted
            .iter()
            .filter(|t| t.kind == crate::domain::EntityKind::Run)
            .map(|t| &t.id)
            .collect();
        let buckets: std::collections::BTreeSet<String> = gone
            .iter()
            .filter_map(|id| self.runs_at.get(*id).cloned())
            .collect();
        for key in buckets {
            let mut runs: Vec<Run> = self.read(&key)?.unwrap_or_default();
            runs.retain(|r| !gone.contains(&r.id));
            ops.push(runs::bucket_op(key, runs));
        }
        ops.push(put(TOMBSTONES_KEY.into(), &all));
        self.commit(ops)?;
        self.runs_at.retain(|id, _| !gone.contains(id));
        Ok(())
    }

    /// Writes every record of a workspace (sample data, a whole import) in one transaction.
    pub fn save_all(&mut self, ws: &Workspace) -> Result<(), StorageError> {
        let mut ops = Vec::new();
        ops.extend(ws.projects.iter().flat_map(parts::all_ops));
        ops.extend(ws.templates.iter().map(|t| put(template_key(&t.id), t)));
        // Runs are added to what their buckets already hold (sample data joins a workspace).
        for (key, runs) in runs::group(&ws.runs) {
            let mut bucket: Vec<Run> = self.read(&key)?.unwrap_or_default();
            for r in runs {
                runs::upsert(&mut bucket, r);
            }
            ops.push(runs::bucket_op(key, bucket));
        }
        ops.push(put(PEOPLE_KEY.into(), &ws.people));
        ops.push(put(TOMBSTONES_KEY.into(), &ws.tombstones));
        if !ws.project_templates.is_empty() {
            ops.push(put(PROJECT_TEMPLATES_KEY.into(), &ws.project_templates));
        }
        if !ws.registers.is_empty() {
            ops.push(put(REGISTERS_KEY.into(), &ws.registers));
        }
        self.commit(ops)?;
        self.index_runs(&ws.runs);
        Ok(())
    }

    /// Replaces the stored workspace `old` by `new` in one transaction: writes the records
    /// that changed, removes the ones that are gone. All or nothing.
    pub fn replace(&mut self, old: &Workspace, new: &Workspace) -> Result<(), StorageError> {
        use std::collections::BTreeMap;
        let mut before: BTreeMap<String, String> = BTreeMap::new();
        let mut after: BTreeMap<String, String> = BTreeMap::new();
        let fill = |ws: &Workspace, m: &mut BTreeMap<String, String>| {
            for p in &ws.projects {
                for op in parts::all_ops(p) {
                    if let Op::Put(k, v) = op {
                        m.insert(k, v);
                    }
                }
            }
            for t in &ws.templates {
                m.insert(template_key(&t.id), encoded(t));
            }
            for (key, runs) in runs::group(&ws.runs) {
                m.insert(key, encoded(&runs));
            }
            m.insert(PEOPLE_KEY.into(), encoded(&ws.people));
            m.insert(TOMBSTONES_KEY.into(), encoded(&ws.tombstones));
            // (Always there, so it is rewritten, never removed: a journal never removes it.)
            m.insert(PROJECT_TEMPLATES_KEY.into(), encoded(&ws.project_templates));
            m.insert(REGISTERS_KEY.into(), encoded(&ws.registers));
        };
        fill(old, &mut before);
        fill(new, &mut after);
        let mut ops: Vec<Op> = after
            .iter()
            .filter(|(k, v)| before.get(*k) != Some(*v))
            .map(|(k, v)| Op::Put(k.clone(), v.clone()))
            .collect();
        ops.extend(
            before
                .keys()
                .filter(|k| !after.contains_key(*k))
                .map(|k| Op::Del(k.clone())),
        );
        if ops.is_empty() {
            return Ok(());
        }
        self.commit(ops)?;
        let kept: std::collections::HashSet<&Id> = new.runs.iter().map(|r| &r.id).collect();
        self.runs_at.retain(|id, _| kept.contains(id));
        self.index_runs(&new.runs);
        Ok(())
    }

    /// Applies a list of writes all or nothing (see the module notes).
    pub fn commit(&mut self, ops: Vec<Op>) -> Result<(), StorageError> {
        if let Some(e) = &self.read_only {
            return Err(e.clone());
        }
        if let Some(op) = ops.iter().find(|o| self.damaged.contains(o.key())) {
            return Err(StorageError::ReadOnly(format!(
                "the stored record {} is damaged, so Docket won't write over it. Export your \
                 work, then repair or clear that record.",
                op.key()
            )));
        }
        // Each key is read once: to check no other tab wrote it since, and to put it back
        // if the write fails half way (nothing else writes in between: this is one task).
        let mut before = Vec::with_capacity(ops.len());
        let changed: Vec<String> = {
            let seen = self.seen.borrow();
            let mut out = Vec::new();
            for op in &ops {
                let now = self.store.get(op.key())?;
                if seen.get(op.key()).copied().flatten() != now.as_deref().map(hash) {
                    out.push(op.key().to_string());
                }
                before.push(now);
            }
            out
        };
        if !changed.is_empty() {
            return Err(StorageError::Changed(changed));
        }
        let res = self.write(&ops, before);
        if res.is_ok() {
            let mut seen = self.seen.borrow_mut();
            for op in &ops {
                let h = match op {
                    Op::Put(_, v) => Some(hash(v)),
                    Op::Del(_) => None,
                };
                seen.insert(op.key().to_string(), h);
            }
        }
        res
    }

    /// Writes `ops`, journaled when more than one; `before` holds each key's value as it is
    /// now, for a rollback.
    fn write(&mut self, ops: &[Op], mut before: Vec<Option<String>>) -> Result<(), StorageError> {
        if let [op] = ops {
            // One key is atomic on its own: no journal, and no need to read the old value
            // to put back (reading a large project back out of storage would cost as much
            // as writing it).
            return match op {
                Op::Put(k, v) => self.store.set(k, v),
                Op::Del(k) => self.store.remove(k),
            };
        }
        // A journal left by a write whose rollback was refused: finish it first.
        if let Some(old) = self.store.get(JOURNAL_KEY)? {
            if let Ok(left) = journal_ops(&old) {
                self.apply_now(&left).map_err(|(e, _)| e)?;
            }
            self.store.remove(JOURNAL_KEY)?;
            // That may have changed keys of this write: read them again for the rollback.
            before = self.values_of(ops)?;
        }
        let journal = serde_json::to_string(&ops).expect("ops serialise");
        self.store.set(JOURNAL_KEY, &journal)?;
        match self.apply(ops, before) {
            // Success or a full rollback: the journal has done its job.
            Ok(()) => self.store.remove(JOURNAL_KEY),
            Err((e, true)) => {
                let _ = self.store.remove(JOURNAL_KEY);
                Err(e)
            }
            // The rollback itself was refused (storage switched off mid-write): keep the
            // journal, so the next start finishes the write and the store is whole again.
            Err((e, false)) => Err(e),
        }
    }

    /// Each key's stored value, as it is now.
    fn values_of(&self, ops: &[Op]) -> Result<Vec<Option<String>>, StorageError> {
        ops.iter().map(|op| self.store.get(op.key())).collect()
    }

    /// [`Repo::apply`], reading the keys' values first.
    fn apply_now(&mut self, ops: &[Op]) -> Result<(), (StorageError, bool)> {
        let before = self.values_of(ops).map_err(|e| (e, true))?;
        self.apply(ops, before)
    }

    /// Applies `ops` in order; when one is refused, puts back what was done (from `before`,
    /// each key's value before the ops) and says whether that worked.
    fn apply(
        &mut self,
        ops: &[Op],
        before: Vec<Option<String>>,
    ) -> Result<(), (StorageError, bool)> {
        debug_assert_eq!(ops.len(), before.len());
        let mut undo: Vec<(String, Option<String>)> = Vec::new();
        for (op, before) in ops.iter().zip(before) {
            let res = match op {
                Op::Put(k, v) => self.store.set(k, v),
                Op::Del(k) => self.store.remove(k),
            };
            if let Err(e) = res {
                // Restore newest-first; removing keys that did not exist frees space first.
                let mut whole = true;
                for (k, old) in undo.into_iter().rev() {
                    let put_back = match old {
                        Some(v) => self.store.set(&k, &v),
                        None => self.store.remove(&k),
                    };
                    whole &= put_back.is_ok();
                }
                return Err((e, whole));
            }
            undo.push((op.key().to_string(), before));
        }
        Ok(())
    }
}

/// The writes a journal holds, if it is one Docket could have written: every key is a
/// Docket record's (never the layout version or the journal itself), only records that can
/// go are removed (never the people or the tombstones), and every value is readable. A
/// journal that fails this is damage (the recovery view shows it), never applied.
pub(crate) fn journal_ops(text: &str) -> Result<Vec<Op>, String> {
    let ops: Vec<Op> = serde_json::from_str(text).map_err(|e| e.to_string())?;
    for op in &ops {
        let key = op.key();
        let rest = key
            .strip_prefix(PREFIX)
            .ok_or_else(|| format!("it would write {key:?}, which is not a Docket record"))?;
        let record = ["p:", "pc:", "pm:", "t:", "rm:", "r:"]
            .iter()
            .any(|k| rest.starts_with(k));
        let shared = is_shared(key);
        match op {
            Op::Put(_, v) if record || shared => {
                let json = pack::decode(v)?;
                check_any(key, &json)
                    .map_err(|e| format!("its value for {key} is not readable: {e}"))?;
            }
            Op::Del(_) if record => {}
            _ => {
                return Err(format!(
                    "it would change {key}, which no save of Docket changes so"
                ))
            }
        }
    }
    Ok(ops)
}

/// The ids a project's head holds (its own, columns, risks, the trash).
fn head_ids(p: &Project) -> std::collections::HashSet<Id> {
    let mut ids: std::collections::HashSet<Id> = std::collections::HashSet::new();
    ids.insert(p.id.clone());
    ids.extend(p.columns.iter().map(|c| c.id.clone()));
    ids.extend(p.risks.iter().map(|r| r.id.clone()));
    for t in &p.trash {
        ids.insert(t.id().clone());
        if let crate::domain::Trashed::Column { cards, .. } = &t.item {
            ids.extend(cards.iter().map(|c| c.id.clone()));
        }
    }
    ids
}

/// A kind of stored record: read from JSON, then held to the invariants of
/// `domain::validate` (the same a file's import checks), so nothing that loads can take
/// a view down.
trait Record: DeserializeOwned {
    fn check(&self, out: &mut validate::Issues);
}

impl Record for Project {
    fn check(&self, out: &mut validate::Issues) {
        validate::project(self, "", out)
    }
}
impl Record for Template {
    fn check(&self, out: &mut validate::Issues) {
        validate::template(self, "", out)
    }
}
impl Record for Vec<Card> {
    fn check(&self, out: &mut validate::Issues) {
        out_count(out, self.len(), validate::max::CARDS);
        for (i, c) in self.iter().enumerate() {
            validate::card(c, &format!("[{i}]"), out);
        }
    }
}
impl Record for Vec<MoveRecord> {
    fn check(&self, out: &mut validate::Issues) {
        validate::moves(self, "", out)
    }
}
impl Record for Vec<Run> {
    fn check(&self, out: &mut validate::Issues) {
        out_count(out, self.len(), validate::max::RUNS);
        for (i, r) in self.iter().enumerate() {
            validate::run(r, &format!("[{i}]"), out);
        }
    }
}
impl Record for Vec<Person> {
    fn check(&self, out: &mut validate::Issues) {
        out_count(out, self.len(), validate::max::PEOPLE);
        for (i, p) in self.iter().enumerate() {
            validate::person(p, &format!("[{i}]"), out);
        }
    }
}
impl Record for Vec<Tombstone> {
    fn check(&self, out: &mut validate::Issues) {
        out_count(out, self.len(), validate::max::TOMBSTONES);
        for (i, t) in self.iter().enumerate() {
            validate::tombstone(t, &format!("[{i}]"), out);
        }
    }
}

impl Record for Vec<ProjectTemplate> {
    fn check(&self, out: &mut validate::Issues) {
        out_count(out, self.len(), validate::max::TEMPLATES);
        for (i, t) in self.iter().enumerate() {
            validate::project_template(t, &format!("[{i}]"), out);
        }
    }
}

impl Record for Registers {
    fn check(&self, out: &mut validate::Issues) {
        validate::registers(self, "", out);
    }
}

fn out_count(out: &mut validate::Issues, n: usize, max: usize) {
    if n > max {
        validate::too_many(out, n, max);
    }
}

/// A record's JSON read as `T` and checked.
fn checked<T: Record>(_key: &str, json: &str) -> Result<T, String> {
    let v: T = serde_json::from_str(json).map_err(|e| e.to_string())?;
    let mut issues = validate::Issues::default();
    v.check(&mut issues);
    if issues.is_empty() {
        Ok(v)
    } else {
        Err(validate::summary(&issues.list))
    }
}

/// A value a journal would write under `key`, read and checked as that key's record.
fn check_any(key: &str, json: &str) -> Result<(), String> {
    let rest = key.strip_prefix(PREFIX).unwrap_or(key);
    if rest.starts_with("pc:") {
        checked::<Vec<Card>>(key, json).map(drop)
    } else if rest.starts_with("pm:") {
        checked::<Vec<MoveRecord>>(key, json).map(drop)
    } else if rest.starts_with("p:") {
        checked::<Project>(key, json).map(drop)
    } else if rest.starts_with("t:") {
        checked::<Template>(key, json).map(drop)
    } else if rest.starts_with("rm:") {
        checked::<Vec<Run>>(key, json).map(drop)
    } else if key == PEOPLE_KEY {
        checked::<Vec<Person>>(key, json).map(drop)
    } else if key == TOMBSTONES_KEY {
        checked::<Vec<Tombstone>>(key, json).map(drop)
    } else if key == PROJECT_TEMPLATES_KEY {
        checked::<Vec<ProjectTemplate>>(key, json).map(drop)
    } else if key == REGISTERS_KEY {
        checked::<Registers>(key, json).map(drop)
    } else {
        serde_json::from_str::<serde::de::IgnoredAny>(json)
            .map(drop)
            .map_err(|e| e.to_string())
    }
}

/// A short fingerprint of a stored value (to notice that another tab changed it).
fn hash(s: &str) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    s.hash(&mut h);
    h.finish()
}

/// A value as stored: JSON, packed when long.
pub(crate) fn encoded<T: Serialize + ?Sized>(value: &T) -> String {
    pack::encode(&serde_json::to_string(value).expect("domain types serialise"))
}

fn put<T: Serialize + ?Sized>(key: String, value: &T) -> Op {
    Op::Put(key, encoded(value))
}
