//! The steps of a sync, over any transport: push what differs, fetch and merge what a
//! conflict refused, read the database's changes and merge them. The browser runs them with
//! `fetch` (`ui::couch`); the native tests with a server in memory.

use super::replica::{read, Replica};
use super::settings::{escape, Database};
use super::{take, SyncError};
use crate::domain::{Ts, Workspace};
use serde_json::value::RawValue;

/// Documents per `_bulk_docs` request, and changes per `_changes` request.
pub const BATCH: usize = 500;

/// The database's HTTP API: the body of a 2xx answer, or why there is none.
#[allow(async_fn_in_trait)]
pub trait Server {
    async fn get(&mut self, url: &str) -> Result<String, SyncError>;
    async fn post(&mut self, url: &str, json: &str) -> Result<String, SyncError>;
}

/// This browser's side: its workspace, where merges are stored, its clock, and where the
/// replica's state is kept.
pub trait Local {
    fn with_workspace<R>(&self, f: impl FnOnce(&Workspace) -> R) -> R;
    /// Stores a merged workspace and shows it; `Err` when it could not be stored.
    fn take(&mut self, merged: Workspace) -> Result<(), SyncError>;
    fn now(&mut self) -> Ts;
    fn keep(&mut self, replica: &Replica);
    /// About to send `n` documents (for a status line).
    fn sending(&mut self, _n: usize) {}
}

/// Pushes every document whose body differs from the database's, in batches; a document
/// someone else wrote first is fetched, merged and pushed again. Returns how many were
/// written.
pub async fn push(
    server: &mut impl Server,
    local: &mut impl Local,
    db: &Database,
    replica: &mut Replica,
) -> Result<usize, SyncError> {
    let mut written = 0;
    // Each round either writes or merges what refused it; a bound stops a server that
    // refuses for ever.
    for _ in 0..50 {
        let Some(batch) = local.with_workspace(|ws| replica.push(ws, BATCH)) else {
            return Ok(written);
        };
        local.sending(batch.docs.len());
        let answer = server.post(&db.at("_bulk_docs"), &batch.body).await?;
        let conflicts = replica.pushed(&batch, &answer)?;
        written += batch.docs.len().saturating_sub(conflicts.len());
        local.keep(replica);
        if !conflicts.is_empty() {
            let mut docs = Vec::new();
            for id in &conflicts {
                let url = format!("{}?conflicts=true", db.at(&escape(id)));
                let answer = server.get(&url).await?;
                let raw = serde_json::from_str::<&RawValue>(&answer)
                    .map_err(|e| SyncError::Server(e.to_string()))?;
                docs.push(read(id, raw)?);
            }
            let pull = replica.docs(docs)?;
            merge(server, local, db, replica, pull).await?;
        }
    }
    Err(SyncError::Server(
        "it kept refusing the same documents as conflicts".into(),
    ))
}

/// Reads the database's changes since the last read and merges them. `wait`: a long poll
/// of that many milliseconds (the answer comes when something changes). Returns how many
/// documents arrived; a full batch means more are waiting.
pub async fn pull(
    server: &mut impl Server,
    local: &mut impl Local,
    db: &Database,
    replica: &mut Replica,
    wait: Option<u32>,
) -> Result<usize, SyncError> {
    let mut url = format!(
        "{}?include_docs=true&conflicts=true&limit={BATCH}",
        db.at("_changes")
    );
    if let Some(s) = &replica.since {
        // A string's text, or a number as it is.
        let s = serde_json::from_str::<String>(s).unwrap_or_else(|_| s.clone());
        url.push_str(&format!("&since={}", escape(&s)));
    }
    if let Some(ms) = wait {
        url.push_str(&format!("&feed=longpoll&timeout={ms}"));
    }
    let pull = replica.changes(&server.get(&url).await?)?;
    let n = pull.seen.len();
    merge(server, local, db, replica, pull).await?;
    Ok(n)
}

/// Merges what arrived, with the other revisions of any document the database holds in
/// conflict; stores the result, then records it in the replica.
async fn merge(
    server: &mut impl Server,
    local: &mut impl Local,
    db: &Database,
    replica: &mut Replica,
    mut pull: super::replica::Pull,
) -> Result<(), SyncError> {
    for (id, _, others) in &pull.conflicts {
        let revs = serde_json::to_string(others).unwrap_or_default();
        let url = format!("{}?open_revs={}", db.at(&escape(id)), escape(&revs));
        #[derive(serde::Deserialize)]
        struct Open<'a> {
            #[serde(borrow)]
            ok: Option<&'a RawValue>,
        }
        let answer = server.get(&url).await?;
        let open: Vec<Open> =
            serde_json::from_str(&answer).map_err(|e| SyncError::Server(e.to_string()))?;
        let docs = open
            .iter()
            .filter_map(|o| o.ok.map(|d| read(id, d)))
            .collect::<Result<_, _>>()?;
        pull.bodies.extend(replica.docs(docs)?.bodies);
    }
    // Cards that came before their project, with what may be their project now.
    pull.bodies.extend(replica.pending());
    let now = local.now();
    let (merged, orphans) = local.with_workspace(|ws| take(ws, &pull, now))?;
    local.take(merged)?;
    let conflicts = std::mem::take(&mut pull.conflicts);
    replica.took(pull, orphans);
    for (id, _, others) in conflicts {
        replica.merged_conflict(&id, others);
    }
    local.keep(replica);
    Ok(())
}
