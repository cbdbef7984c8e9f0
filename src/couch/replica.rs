//! What this browser knows of the database it syncs with, kept between visits: how far it
//! has read the database's `_changes`, each document's revision there and the hash of its
//! body, the cards that came before their project, and the revisions of conflicts to delete.
//! From it, the changes to push are the documents whose body here differs from the body
//! there: an edit made offline is found again after a reload, with nothing else to queue.

use super::docs::{Body, Doc};
use super::SyncError;
use crate::domain::Workspace;
use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;

/// A document's revision on the server and the hash of its body there.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Known {
    pub rev: String,
    pub hash: u64,
}

/// This browser's side of the sync (see the module notes).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Replica {
    /// The database's `_changes` sequence read so far, as it sent it (JSON: a number or a
    /// string, depending on the server); `None`: from the start.
    #[serde(default)]
    pub since: Option<String>,
    #[serde(default)]
    pub known: Table<Known>,
    /// Cards that arrived before their project (as documents).
    #[serde(default)]
    pub pending: Vec<String>,
    /// Revisions in conflict to delete, by document, once their merge is written.
    #[serde(default)]
    pub losers: Table<Vec<String>>,
}

/// Values by document id, in id order. (A sorted list rather than a map type: each map type
/// costs the wasm its own code.)
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Table<V>(Vec<(String, V)>);

impl<V> Default for Table<V> {
    fn default() -> Self {
        Table(Vec::new())
    }
}

impl<V> Table<V> {
    fn at(&self, id: &str) -> Result<usize, usize> {
        self.0.binary_search_by(|(k, _)| k.as_str().cmp(id))
    }
    pub fn get(&self, id: &str) -> Option<&V> {
        self.at(id).ok().and_then(|i| self.0.get(i)).map(|(_, v)| v)
    }
    pub fn get_mut(&mut self, id: &str) -> Option<&mut V> {
        let i = self.at(id).ok()?;
        self.0.get_mut(i).map(|(_, v)| v)
    }
    pub fn insert(&mut self, id: String, v: V) {
        match self.at(&id) {
            Ok(i) => {
                if let Some(e) = self.0.get_mut(i) {
                    e.1 = v;
                }
            }
            Err(i) => self.0.insert(i, (id, v)),
        }
    }
    pub fn iter(&self) -> impl Iterator<Item = (&String, &V)> {
        self.0.iter().map(|(k, v)| (k, v))
    }
    pub fn retain(&mut self, mut f: impl FnMut(&V) -> bool) {
        self.0.retain(|(_, v)| f(v));
    }
}

/// Reads the document `id` as the database sent it.
pub fn read(id: &str, doc: &RawValue) -> Result<Doc, SyncError> {
    serde_json::from_str(doc.get()).map_err(|e| SyncError::NotADocument {
        id: id.to_string(),
        why: format!("it does not read as Docket's: {e}"),
    })
}

/// FNV-1a: a body's hash (to see whether it differs from the server's copy).
pub fn hash(s: &str) -> u64 {
    s.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// A `_bulk_docs` request: the documents and the body to post.
#[derive(Clone, Debug, PartialEq)]
pub struct Push {
    /// Each document's id and the hash of the body sent (`None`: a conflict's deletion).
    pub docs: Vec<(String, Option<u64>)>,
    pub body: String,
}

/// What a `_changes` feed or a fetch brought, before it is merged.
#[derive(Debug, Default)]
pub struct Pull {
    pub bodies: Vec<Body>,
    /// Each document's revision and hash, recorded once the merge is stored.
    pub seen: Vec<(String, Known)>,
    /// Documents in conflict: their id, winning revision and the others.
    pub conflicts: Vec<(String, String, Vec<String>)>,
    /// Where the feed ended (its JSON).
    pub last_seq: Option<String>,
}

fn quoted(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_default()
}

impl Replica {
    /// The next `_bulk_docs` request: up to `max` documents whose body here differs from
    /// the server's (projects before their cards, tombstones last), and the deletions of
    /// conflicting revisions already merged. `None` when there is nothing to push.
    pub fn push(&self, ws: &Workspace, max: usize) -> Option<Push> {
        let mut docs = Vec::new();
        let mut parts = Vec::new();
        for b in super::docs::all(ws) {
            if docs.len() >= max {
                break;
            }
            let id = b.doc_id();
            let json = b.json();
            let h = hash(&json);
            let known = self.known.get(&id);
            if known.is_some_and(|k| k.hash == h) {
                continue;
            }
            let rev = known
                .map(|k| format!(",\"_rev\":{}", quoted(&k.rev)))
                .unwrap_or_default();
            // `json` is an object: the id and revision go in front of its fields.
            parts.push(format!(
                "{{\"_id\":{}{rev},{}",
                quoted(&id),
                json.get(1..).unwrap_or_default()
            ));
            docs.push((id, Some(h)));
        }
        for (id, revs) in self.losers.iter() {
            for rev in revs {
                parts.push(format!(
                    "{{\"_id\":{},\"_rev\":{},\"_deleted\":true}}",
                    quoted(id),
                    quoted(rev)
                ));
                docs.push((id.clone(), None));
            }
        }
        (!docs.is_empty()).then(|| Push {
            docs,
            body: format!("{{\"docs\":[{}]}}", parts.join(",")),
        })
    }

    /// Takes in the answer to `push`: each document written is known at its new revision;
    /// the ids refused as conflicts (someone wrote it first) are returned, to be fetched,
    /// merged and pushed again.
    pub fn pushed(&mut self, push: &Push, answer: &str) -> Result<Vec<String>, SyncError> {
        #[derive(Deserialize)]
        struct Row {
            id: Option<String>,
            rev: Option<String>,
            error: Option<String>,
            reason: Option<String>,
        }
        let rows: Vec<Row> = serde_json::from_str(answer).map_err(|e| {
            SyncError::Server(format!("its answer to a push was not understood ({e})"))
        })?;
        let mut conflicts = Vec::new();
        for (row, (id, sent)) in rows.iter().zip(&push.docs) {
            if row.id.as_deref().is_some_and(|r| r != id) {
                return Err(SyncError::Server(
                    "its answer to a push did not follow the documents sent".into(),
                ));
            }
            let Some(h) = sent else {
                // A conflict's losing revision: deleted, or already gone (another browser
                // merged the same conflict first). Either way there is nothing left to do;
                // were it still there, the next pull would show the conflict again.
                if let Some(l) = self.losers.get_mut(id) {
                    l.clear();
                }
                continue;
            };
            match (&row.error, &row.rev) {
                (None, Some(rev)) => {
                    self.known.insert(
                        id.clone(),
                        Known {
                            rev: rev.clone(),
                            hash: *h,
                        },
                    );
                }
                (Some(e), _) if e == "conflict" => conflicts.push(id.clone()),
                (Some(e), _) if e == "forbidden" || e == "unauthorized" => {
                    return Err(SyncError::Refused(format!(
                        "it refused to store {id}: {}",
                        row.reason.as_deref().unwrap_or(e)
                    )));
                }
                (Some(e), _) => {
                    return Err(SyncError::Server(format!(
                        "it could not store {id}: {}",
                        row.reason.as_deref().unwrap_or(e)
                    )));
                }
                (None, None) => {
                    return Err(SyncError::Server(format!("it gave {id} no revision")));
                }
            }
        }
        self.losers.retain(|l| !l.is_empty());
        Ok(conflicts)
    }

    /// Reads a `_changes` answer (with `include_docs=true&conflicts=true`). Nothing is
    /// recorded yet: the caller merges `bodies` first, then calls [`Replica::took`].
    pub fn changes(&self, answer: &str) -> Result<Pull, SyncError> {
        #[derive(Deserialize)]
        struct Row {
            #[serde(default)]
            id: String,
            doc: Option<Box<RawValue>>,
        }
        #[derive(Deserialize)]
        struct Feed {
            results: Vec<Row>,
            last_seq: Box<RawValue>,
        }
        let feed: Feed = serde_json::from_str(answer).map_err(|e| {
            SyncError::Server(format!("its list of changes was not understood ({e})"))
        })?;
        let docs = feed
            .results
            .iter()
            .filter_map(|r| r.doc.as_deref().map(|d| read(&r.id, d)))
            .collect::<Result<_, _>>()?;
        let mut pull = self.docs(docs)?;
        pull.last_seq = Some(feed.last_seq.get().to_string());
        Ok(pull)
    }

    /// Reads documents (from `_changes`, or fetched one by one after a conflict). A
    /// document that is not Docket's refuses the whole lot: nothing changes here.
    pub fn docs(&self, docs: Vec<Doc>) -> Result<Pull, SyncError> {
        let mut pull = Pull::default();
        for doc in docs {
            if doc.id.starts_with("_design/") || doc.deleted {
                continue;
            }
            let (id, rev) = (doc.id.clone(), doc.rev.clone());
            let conflicts = doc.conflicts.clone();
            let body = doc.body().map_err(|why| SyncError::NotADocument {
                id: id.clone(),
                why,
            })?;
            if body.doc_id() != id || rev.is_empty() {
                return Err(SyncError::NotADocument {
                    id,
                    why: "its id or revision does not match what it holds".into(),
                });
            }
            if !conflicts.is_empty() {
                pull.conflicts.push((id.clone(), rev.clone(), conflicts));
            }
            let hash = hash(&body.json());
            pull.seen.push((id, Known { rev, hash }));
            pull.bodies.push(body);
        }
        Ok(pull)
    }

    /// The cards kept for their project.
    pub fn pending(&self) -> Vec<Body> {
        self.pending
            .iter()
            .filter_map(|s| serde_json::from_str::<Doc>(s).ok()?.body().ok())
            .collect()
    }

    /// After `pull` was merged and stored: its revisions are known, the feed read to its
    /// end, and the cards still without a project kept for later.
    pub fn took(&mut self, pull: Pull, orphans: Vec<Body>) {
        let orphans = orphans.into_iter().map(|b| b.json()).collect();
        for (id, k) in pull.seen {
            self.known.insert(id, k);
        }
        if let Some(s) = pull.last_seq {
            self.since = Some(s);
        }
        self.pending = orphans;
    }

    /// A conflict's other revisions, merged into the winner: deleted with the next push.
    /// The winner's recorded hash is forgotten, so the merged body is pushed over it.
    pub fn merged_conflict(&mut self, id: &str, losers: Vec<String>) {
        if let Some(k) = self.known.get_mut(id) {
            k.hash = 0;
        }
        self.losers.insert(id.to_string(), losers);
    }
}
