//! Live sync through a CouchDB database, in the browser: the loop that pushes this
//! browser's changes, reads the database's changes (a long poll while the page is open) and
//! backs off while offline; its status for the settings screen. The steps themselves are
//! `crate::couch` (native, tested against a server in memory); this is their timing.

mod fetch;
pub mod settings;

use crate::couch::replica::Replica;
use crate::couch::round::{self, Local};
use crate::couch::settings::{database, Database, Settings};
use crate::couch::SyncError;
use crate::domain::{Env, Ts, Workspace};
use crate::storage::{couch as stored, LocalStore};
use crate::ui::browser::BrowserEnv;
use crate::ui::state::AppState;
use leptos::prelude::*;
use std::cell::{Cell, RefCell};

/// How long a long poll waits for the database's next change.
const POLL_MS: u32 = 25_000;

/// Where the sync stands, as the settings screen says it.
#[derive(Clone, Debug, PartialEq)]
pub enum Status {
    Off,
    Working(String),
    /// Up to date at this local time ("14:05").
    Synced(String),
    /// The database can't be reached; tried again in this many seconds.
    Offline(u32),
    /// The database answered something not understood: what, and when it is tried again.
    Retrying(String, u32),
    /// Stopped until the person acts: why.
    Refused(String),
}

/// The sync's settings and status, shared by the settings screen and the loop.
#[derive(Clone, Copy)]
pub struct CouchSync {
    pub settings: RwSignal<Settings>,
    pub status: RwSignal<Status>,
}

thread_local! {
    /// Which loop may run (a loop stops once this moved on: turned off, or started again).
    static RUN: Cell<u32> = const { Cell::new(0) };
    /// Set when something changed here while the loop was busy or waiting.
    static WOKEN: Cell<bool> = const { Cell::new(false) };
    /// Ends the loop's pause between tries early.
    static NAP: RefCell<Option<js_sys::Function>> = const { RefCell::new(None) };
}

/// Something changed in this browser: the loop pushes it now (a long poll or a pause
/// between tries is cut short).
pub fn wake() {
    WOKEN.with(|w| w.set(true));
    fetch::cut_poll();
    if let Some(f) = NAP.with(|n| n.borrow_mut().take()) {
        let _ = f.call0(&wasm_bindgen::JsValue::NULL);
    }
}

/// Waits `ms`, or less if [`wake`] is called.
async fn nap(ms: u32) {
    let p = js_sys::Promise::new(&mut |resolve, _| {
        if let Some(w) = web_sys::window() {
            let _ = w.set_timeout_with_callback_and_timeout_and_arguments_0(
                &resolve,
                i32::try_from(ms).unwrap_or(i32::MAX),
            );
        }
        NAP.with(|n| *n.borrow_mut() = Some(resolve));
    });
    let _ = wasm_bindgen_futures::JsFuture::from(p).await;
}

/// Reads the settings, provides the sync to the views, and starts it when it is on.
pub fn init(state: AppState) -> CouchSync {
    let store = LocalStore::open().ok();
    let settings = store.as_ref().map(stored::settings).unwrap_or_default();
    let on = settings.on;
    let sync = CouchSync {
        settings: RwSignal::new(settings),
        status: RwSignal::new(Status::Off),
    };
    provide_context(sync);
    if on {
        // The loop's code is in a part of the app of its own (crate::ui::lazy): a first visit
        // without sync does not download it.
        leptos::task::spawn_local(async move {
            if part::start(state, sync).await.is_err() {
                sync.status.set(Status::Refused(
                    "Docket could not load its sync code: check the connection, then reload the page.".into(),
                ));
            }
        });
    }
    sync
}

mod part {
    use super::{AppState, CouchSync};
    use crate::ui::lazy::lazy;

    lazy! {
        /// Starts the loop at launch, when sync is on.
        start(state: AppState, sync: CouchSync) -> () { super::start(state, sync) }
    }
}

/// The sync of the views.
pub fn use_sync() -> CouchSync {
    expect_context::<CouchSync>()
}

/// Starts (or restarts) the loop with the settings as they are.
pub fn start(state: AppState, sync: CouchSync) {
    let gen = RUN.with(|r| {
        r.set(r.get().wrapping_add(1));
        r.get()
    });
    wake();
    leptos::task::spawn_local(run(state, sync, gen));
}

/// Stops the loop (sync turned off).
pub fn stop(sync: CouchSync) {
    RUN.with(|r| r.set(r.get().wrapping_add(1)));
    wake();
    sync.status.set(Status::Off);
}

fn current(gen: u32) -> bool {
    RUN.with(|r| r.get() == gen)
}

/// The local time, as "14:05".
fn clock() -> String {
    let d = js_sys::Date::new_0();
    format!("{:02}:{:02}", d.get_hours(), d.get_minutes())
}

/// Is `origin` one the page's Content-Security-Policy lets it connect to?
fn csp_allows(origin: &str) -> bool {
    let Some(doc) = web_sys::window().and_then(|w| w.document()) else {
        return false;
    };
    let Ok(Some(meta)) = doc.query_selector("meta[http-equiv='Content-Security-Policy']") else {
        return true;
    };
    let policy = meta.get_attribute("content").unwrap_or_default();
    let own = web_sys::window()
        .and_then(|w| w.location().origin().ok())
        .unwrap_or_default();
    let directive = |name: &str| {
        policy.split(';').map(str::trim).find_map(|d| {
            d.strip_prefix(name)
                .map(|v| v.split_whitespace().map(String::from).collect::<Vec<_>>())
        })
    };
    let Some(sources) = directive("connect-src ").or_else(|| directive("default-src ")) else {
        return true;
    };
    sources
        .iter()
        .any(|s| s == "*" || s.trim_end_matches('/') == origin || (s == "'self'" && own == origin))
}

/// This browser's side of the steps: the session (through the app state), where the
/// replica is kept, the status line.
struct App {
    state: AppState,
    sync: CouchSync,
    store: Option<LocalStore>,
}

impl Local for App {
    fn with_workspace<R>(&self, f: impl FnOnce(&Workspace) -> R) -> R {
        let mut f = Some(f);
        match self.state.with_workspace(|ws| f.take().map(|f| f(ws))) {
            Some(Some(r)) => r,
            // The app is closing: nothing to push, and a merge can't be stored.
            _ => f
                .map(|f| f(&Workspace::default()))
                .unwrap_or_else(|| unreachable!()),
        }
    }
    fn take(&mut self, merged: Workspace) -> Result<(), SyncError> {
        self.state
            .take_merged(merged)
            .map_err(|e| SyncError::Local(e.to_string()))
    }
    fn now(&mut self) -> Ts {
        BrowserEnv.now()
    }
    fn keep(&mut self, replica: &Replica) {
        if let Some(s) = &mut self.store {
            // Not kept (storage full): the next visit reads the database again from where
            // the last kept state says, and merges; nothing is lost.
            let _ = stored::save_replica(s, replica);
        }
    }
    fn sending(&mut self, n: usize) {
        self.sync.status.set(Status::Working(format!(
            "Sending {n} {}…",
            if n == 1 { "change" } else { "changes" }
        )));
    }
}

/// Reads every change waiting (so a first sync into a database that already has the same
/// documents merges them instead of being refused one by one), then pushes what differs.
async fn round_trip(app: &mut App, db: &Database, replica: &mut Replica) -> Result<(), SyncError> {
    let mut server = fetch::Fetch;
    app.sync
        .status
        .set(Status::Working("Receiving changes…".into()));
    while round::pull(&mut server, app, db, replica, None).await? >= round::BATCH {}
    round::push(&mut server, app, db, replica).await?;
    Ok(())
}

async fn run(state: AppState, sync: CouchSync, gen: u32) {
    let settings = sync.settings.get_untracked();
    let db = match database(&settings.url) {
        Ok(db) => db,
        Err(why) => return sync.status.set(Status::Refused(why)),
    };
    if !csp_allows(db.origin()) {
        return sync.status.set(Status::Refused(format!(
            "this copy of Docket may not contact {}: whoever serves it adds that address to the page's Content-Security-Policy (connect-src; see docs/sync.md).",
            db.origin()
        )));
    }
    let store = LocalStore::open().ok();
    let mut replica = store.as_ref().map(stored::replica).unwrap_or_default();
    let mut app = App { state, sync, store };
    let mut pause = 1_000;
    while current(gen) {
        WOKEN.with(|w| w.set(false));
        sync.status.set(Status::Working("Syncing…".into()));
        let mut done = round_trip(&mut app, &db, &mut replica).await;
        if done.is_ok() && current(gen) {
            pause = 1_000;
            sync.status.set(Status::Synced(clock()));
            if !WOKEN.with(Cell::get) {
                // Wait for the database's next change, or one made here.
                let mut server = fetch::Fetch;
                done = round::pull(&mut server, &mut app, &db, &mut replica, Some(POLL_MS))
                    .await
                    .map(drop);
                if done == Err(SyncError::Offline) && WOKEN.with(Cell::get) {
                    done = Ok(());
                }
            }
        }
        if !current(gen) {
            return;
        }
        let secs = pause / 1_000;
        match done {
            Ok(()) => continue,
            Err(SyncError::Offline) => sync.status.set(Status::Offline(secs)),
            Err(SyncError::Server(why)) => sync.status.set(Status::Retrying(why, secs)),
            Err(e) => return sync.status.set(Status::Refused(e.to_string())),
        }
        nap(pause).await;
        pause = (pause * 2).min(60_000);
    }
}
