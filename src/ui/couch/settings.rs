//! Settings → Sync: the database's address and a sign-in, on and off, and a status line.

use super::{csp_allows, fetch, start, stop, use_sync, wake, Status};
use crate::couch::settings::{database, Database, Settings};
use crate::couch::SyncError;
use crate::storage::{couch as stored, LocalStore};
use crate::ui::state::use_state;
use leptos::prelude::*;

/// Signs in with CouchDB's cookie session (the password goes to the server once, and is
/// not kept), then checks the database is there and open to this user.
async fn sign_in(db: &Database, user: &str, password: &str) -> Result<(), String> {
    if !csp_allows(db.origin()) {
        return Err(format!(
            "This copy of Docket may not contact {}: whoever serves it adds that address to \
             the page's Content-Security-Policy (connect-src; see docs/sync.md).",
            db.origin()
        ));
    }
    let text = |s: &str| serde_json::to_string(s).unwrap_or_default();
    let body = format!(
        "{{\"name\":{},\"password\":{}}}",
        text(user.trim()),
        text(password)
    );
    match fetch::send("POST", &db.session(), Some(&body)).await {
        Ok(_) => {}
        Err(SyncError::Refused(_)) => {
            return Err("The server did not accept that user name and password.".into())
        }
        Err(SyncError::Offline) => {
            return Err(format!(
                "{} can't be reached: check the address, that the server is running, and \
                 that it allows this app (CORS with credentials; see docs/sync.md).",
                db.origin()
            ))
        }
        Err(e) => return Err(e.to_string()),
    }
    fetch::send("GET", &db.at(""), None)
        .await
        .map(drop)
        .map_err(|e| e.to_string())
}

fn status_text(s: &Status) -> String {
    match s {
        Status::Off => "Sync is off: nothing leaves this browser.".into(),
        Status::Working(what) => what.clone(),
        Status::Synced(at) => {
            format!("Synced at {at}. Changes from your team appear here as they are made.")
        }
        Status::Offline(secs) => format!(
            "Offline: your changes are kept in this browser and sent when the database can \
             be reached (next try in {secs} s)."
        ),
        Status::Retrying(why, secs) => {
            format!("The database's answer was not understood ({why}); trying again in {secs} s.")
        }
        Status::Refused(why) => format!("Sync stopped. {why}"),
    }
}

#[component]
pub fn SyncSettings() -> impl IntoView {
    let state = use_state();
    let sync = use_sync();
    let saved = sync.settings.get_untracked();
    let url = RwSignal::new(saved.url.clone());
    let user = RwSignal::new(saved.user.clone());
    let password = RwSignal::new(String::new());
    let url_problem = RwSignal::new(None::<String>);
    let problem = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let on = move || sync.settings.with(|s| s.on);
    let keep = move |s: Settings| {
        if let Ok(mut store) = LocalStore::open() {
            if sync.settings.with_untracked(|old| old.url != s.url) {
                let _ = stored::forget_replica(&mut store);
            }
            if let Err(e) = stored::save_settings(&mut store, &s) {
                state.error(e.to_string());
            }
        }
        sync.settings.set(s);
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let db = match database(&url.get_untracked()) {
            Ok(db) => db,
            Err(why) => {
                url_problem.set(Some(why));
                return;
            }
        };
        url_problem.set(None);
        if user.with_untracked(|u| u.trim().is_empty()) {
            problem.set(Some("Type your user name on the database.".into()));
            return;
        }
        problem.set(None);
        busy.set(true);
        leptos::task::spawn_local(async move {
            let (name, pw) = (user.get_untracked(), password.get_untracked());
            let res = sign_in(&db, &name, &pw).await;
            busy.set(false);
            password.set(String::new());
            match res {
                Ok(()) => {
                    keep(Settings {
                        url: url.get_untracked().trim().to_string(),
                        user: name.trim().to_string(),
                        on: true,
                    });
                    state.announce("Signed in. Sync is on.");
                    start(state, sync);
                }
                Err(why) => problem.set(Some(why)),
            }
        });
    };
    let turn_off = move |_| {
        keep(Settings {
            on: false,
            ..sync.settings.get_untracked()
        });
        stop(sync);
        state.announce("Sync is off.");
    };
    let sync_now = move |_| {
        if matches!(sync.status.get_untracked(), Status::Refused(_)) {
            start(state, sync);
        } else {
            wake();
        }
    };
    view! {
        <section class="settings-block sync-settings" aria-labelledby="sync-heading">
            <h2 id="sync-heading">"Sync with your team"</h2>
            <p class="muted">
                "Docket can keep this workspace in step with your team's CouchDB database: \
                 your changes are sent as you make them, theirs appear as they are made, and \
                 when you are offline your changes wait here. Off until you turn it on. This \
                 browser keeps the database's address, your user name and how far the sync got; \
                 your password is sent once to sign in and never kept (the browser keeps the \
                 database's sign-in cookie). Exports never contain any of it."
            </p>
            <form class="sync-form" on:submit=submit>
                <label for="sync-url">"Database address"</label>
                <input
                    id="sync-url"
                    type="url"
                    inputmode="url"
                    placeholder="https://couch.example.com/team"
                    bind:value=url
                    aria-describedby="sync-url-problem"
                    aria-invalid=move || url_problem.with(Option::is_some).then_some("true")
                />
                <p id="sync-url-problem" class="field-problem" role="alert">
                    {move || url_problem.get()}
                </p>
                <label for="sync-user">"User name"</label>
                <input id="sync-user" autocomplete="username" bind:value=user/>
                <label for="sync-password">"Password"</label>
                <input
                    id="sync-password"
                    type="password"
                    autocomplete="current-password"
                    bind:value=password
                    aria-describedby="sync-problem"
                />
                <p id="sync-problem" class="field-problem" role="alert">
                    {move || problem.get()}
                </p>
                <div class="form-actions">
                    <button type="submit" class="primary" disabled=move || busy.get()>
                        {move || {
                            if busy.get() {
                                "Signing in…"
                            } else if on() {
                                "Sign in again"
                            } else {
                                "Sign in and turn on sync"
                            }
                        }}
                    </button>
                </div>
            </form>
            <p class="sync-status" role="status">
                {move || sync.status.with(status_text)}
            </p>
            <Show when=on>
                <div class="form-actions">
                    <button type="button" on:click=sync_now>
                        "Sync now"
                    </button>
                    <button type="button" class="ghost danger-text" on:click=turn_off>
                        "Turn off sync"
                    </button>
                </div>
            </Show>
        </section>
    }
}
