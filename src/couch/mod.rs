//! Live sync through a CouchDB database (issue 21), as plain Rust with no I/O: the
//! workspace as documents ([`docs`]), what this browser knows of the database
//! ([`replica`]), and the merge of what arrives ([`take`]). The browser's side (requests,
//! the long poll, retrying when offline) is `ui::couch`; tests drive the same functions
//! against a server of their own.
//!
//! The rules: localStorage stays the copy the app reads, and sync never blocks an edit.
//! Pushing sends each document whose body differs from the one the database has; a push
//! refused as a conflict (someone wrote the document first) fetches theirs, merges it with
//! Docket's per-field merge (`exchange::merge`) and pushes again. Pulling reads the
//! database's `_changes` and merges every document the same way; a document the database
//! holds in conflict (two replicas of the database wrote it) has its revisions merged, the
//! merge written over the winner and the others deleted, so every replica converges.

pub mod docs;
pub mod replica;
pub mod round;
pub mod settings;

use crate::domain::{validate, Ts, Workspace};
use docs::Body;
use replica::Pull;

/// Why a sync step did not complete.
#[derive(Clone, Debug, PartialEq)]
pub enum SyncError {
    /// No answer (offline, or the server is down): tried again later.
    Offline,
    /// The server refused (sign-in, permissions, no such database): what it said.
    Refused(String),
    /// The server answered something Docket did not understand.
    Server(String),
    /// A document that is not a valid Docket document: nothing was changed.
    NotADocument { id: String, why: String },
    /// What arrived could not be stored in this browser (full, or another tab's layout).
    Local(String),
}

impl std::fmt::Display for SyncError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            SyncError::Offline => f.write_str("The database can't be reached (offline, or the server is down)."),
            SyncError::Refused(why) => write!(f, "The database refused: {why}"),
            SyncError::Server(why) => write!(f, "The database's answer was not understood: {why}"),
            SyncError::NotADocument { id, why } => write!(
                f,
                "The database holds “{id}”, which is not a valid Docket document ({why}). Nothing was changed here; ask whoever manages the database to remove it."
            ),
            SyncError::Local(why) => write!(
                f,
                "What arrived from the database could not be stored in this browser ({why}). Free some space (Settings → Storage), then sync again."
            ),
        }
    }
}

/// `local` with what `pull` brought merged in, checked as an import is (every invariant of
/// the file format, no id reused for another thing, no deletion dated in the future): the
/// workspace to store, and the cards still waiting for their project. `Err` leaves
/// everything as it was.
pub fn take(local: &Workspace, pull: &Pull, now: Ts) -> Result<(Workspace, Vec<Body>), SyncError> {
    let (incoming, orphans) = docs::assemble(local, pull.bodies.clone());
    let refuse = |issues: validate::Issues| -> Result<(), SyncError> {
        match issues.list.into_iter().next() {
            None => Ok(()),
            Some(i) => Err(SyncError::NotADocument {
                id: i.path,
                why: i.message,
            }),
        }
    };
    let mut issues = validate::Issues::default();
    validate::clashes(local.into(), (&incoming).into(), &mut issues);
    validate::deletions_after((&incoming).into(), now, &mut issues);
    refuse(issues)?;
    let mut merged = crate::exchange::merge::merge(local, &incoming);
    merged.normalise();
    merged.settle_done_columns();
    let mut issues = validate::Issues::default();
    validate::workspace((&merged).into(), &mut issues);
    refuse(issues)?;
    Ok((merged, orphans))
}
