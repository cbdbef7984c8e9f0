//! Keeping work safe when storage lets the user down:
//!
//! - [`RecoveryGate`]: when stored records are damaged (they do not parse or validate), the
//!   recovery view replaces every page until the user decides: download the raw stored
//!   data, keep what is valid (the damaged records are moved to `docket:damaged:<key>`
//!   copies, never rewritten), or start fresh after confirming.
//! - [`SaveFailedActions`]: the banner's "Export everything" and "Try saving again" when a
//!   write was refused (a full quota): what is on screen is complete, what is stored is an
//!   earlier, consistent state.

use crate::storage::{recovery, LocalStore, Problem, JOURNAL_KEY, PEOPLE_KEY, SCHEMA_KEY};
use crate::ui::browser::today;
use crate::ui::exchange::{download, export_workspace};
use crate::ui::route::Route;
use crate::ui::state::{use_state, AppState};
use leptos::prelude::*;

/// What a stored key holds, in words.
pub fn describe(key: &str) -> &'static str {
    let rest = key.strip_prefix("docket:").unwrap_or(key);
    match rest.split_once(':').map(|(k, _)| k) {
        Some("p") => "a project (its name, columns, charter, risks)",
        Some("pc") => "some cards of a project",
        Some("pm") => "a month of card moves of a project",
        Some("t") => "a checklist",
        Some("r") => "a checklist run",
        _ if key == PEOPLE_KEY => "the people directory",
        _ if key == SCHEMA_KEY => "the storage layout version",
        _ if key == JOURNAL_KEY => "a save that was interrupted",
        _ if key == crate::storage::TOMBSTONES_KEY => "the list of deleted items",
        _ => "a Docket record",
    }
}

/// Every raw `docket:` key and value, downloaded as JSON (nothing is lost, whatever state
/// the data is in). Returns the file name.
pub fn download_stored_data(state: AppState) -> Option<String> {
    let dump = LocalStore::open().and_then(|s| recovery::raw_dump(&s));
    let text = match dump {
        Ok(t) => t,
        Err(e) => {
            state.error(format!("The stored data could not be read: {e}"));
            return None;
        }
    };
    let file = format!("docket-stored-data-{}.json", today());
    match download(&file, &text) {
        Ok(()) => {
            state.announce(format!("Downloaded the stored data as {file}."));
            Some(file)
        }
        Err(e) => {
            state.error(e);
            None
        }
    }
}

fn reload() {
    let _ = window().location().reload();
}

/// Shows the recovery view instead of `children` while stored records are damaged and
/// the user has not chosen what to do.
#[component]
pub fn RecoveryGate(children: ChildrenFn) -> impl IntoView {
    let state = use_state();
    let damaged = state.problems.with_untracked(|problems| {
        LocalStore::open()
            .map(|s| recovery::damaged(problems, &s))
            .unwrap_or_default()
    });
    let open = RwSignal::new(!damaged.is_empty());
    let damaged = StoredValue::new(damaged);
    view! {
        <Show
            when=move || !open.get()
            fallback=move || crate::ui::lazy::later(move || part::recovery(damaged.get_value(), open))
        >
            {children()}
        </Show>
    }
}

/// The recovery view is in a part of the app of its own (crate::ui::lazy): only a damaged
/// store needs it.
mod part {
    use super::{Problem, RecoveryView};
    use crate::ui::lazy::lazy;
    use leptos::prelude::*;

    lazy! {
        recovery(damaged: Vec<Problem>, open: RwSignal<bool>) -> AnyView {
            view! { <RecoveryView damaged=damaged open=open/> }.into_any()
        }
    }
}

#[component]
fn RecoveryView(damaged: Vec<Problem>, open: RwSignal<bool>) -> impl IntoView {
    let state = use_state();
    crate::ui::shell::set_title(|| "Recover your data".into());
    let n = damaged.len();
    let keys: Vec<String> = damaged.iter().map(|p| p.key.clone()).collect();
    let layout_broken = keys.iter().any(|k| k == SCHEMA_KEY);
    let failed = RwSignal::new(None::<String>);
    let loaded = format!(
        "What could be read: {} projects, {} checklists, {} runs, {} people.",
        state.projects.with_untracked(Vec::len),
        state.templates.with_untracked(Vec::len),
        state.runs.with_untracked(Vec::len),
        state.people.with_untracked(Vec::len),
    );
    let items = damaged
        .into_iter()
        .map(|p| {
            view! {
                <li>
                    <strong>{describe(&p.key)}</strong>
                    " ("<code>{p.key.clone()}</code>"): "
                    {p.message}
                </li>
            }
        })
        .collect_view();
    let keep_keys = keys.clone();
    let keep = move |_| {
        if layout_broken {
            // Without a readable layout version nothing can be saved safely: carry on
            // read-only (the storage layer refuses writes), with the banner saying so.
            open.set(false);
            state.error(
                "The storage layout version is damaged, so nothing you change will be saved. \
                 Export everything, then start fresh and import the file.",
            );
            return;
        }
        match state.set_aside(&keep_keys) {
            Ok(_) => reload(),
            Err(e) => failed.set(Some(format!(
                "The damaged records could not be set aside: {e} Download the stored data, \
                 then start fresh."
            ))),
        }
    };
    let fresh = move |_| {
        let total = LocalStore::open()
            .and_then(|s| crate::storage::KvStore::keys(&s))
            .map(|k| k.iter().filter(|k| k.starts_with("docket:")).count())
            .unwrap_or(0);
        state.ask(
            "Delete all stored data and start fresh?".into(),
            format!(
                "This deletes all {total} records Docket keeps in this browser, the damaged \
                 ones and the ones that could be read. It cannot be undone. Download the \
                 stored data first if you might need it."
            ),
            "Delete everything and start fresh",
            move || match state.clear_everything() {
                Ok(_) => reload(),
                Err(e) => state.error(format!("The stored data could not be deleted: {e}")),
            },
        );
    };
    view! {
        <section class="page narrow recovery-page" aria-labelledby="recovery-heading">
            <div class="page-head">
                <h1 id="recovery-heading" tabindex="-1">"Some stored data is damaged"</h1>
            </div>
            <p>
                {if n == 1 {
                    "Docket found a stored record it cannot read.".to_string()
                } else {
                    format!("Docket found {n} stored records it cannot read.")
                }}
                " Nothing has been changed or deleted, and nothing will be saved over them. \
                 Choose what to do."
            </p>
            <ul class="recovery-list">{items}</ul>
            <p class="muted">{loaded}</p>
            <div class="recovery-actions">
                <div class="recovery-action">
                    <button
                        class="primary"
                        on:click=move |_| {
                            download_stored_data(state);
                        }
                    >
                        "Download stored data"
                    </button>
                    <p class="muted">
                        "A file with every record exactly as stored, damaged ones included, \
                         so nothing is lost whatever you choose next."
                    </p>
                </div>
                <div class="recovery-action">
                    <button on:click=keep>"Keep what is valid"</button>
                    <p class="muted">
                        {if layout_broken {
                            "Carry on with what could be read, without saving: export it, then \
                             start fresh and import the file."
                        } else {
                            "Carry on with what could be read. The damaged records are kept \
                             aside in this browser (Settings can download them), not deleted."
                        }}
                    </p>
                </div>
                <div class="recovery-action">
                    <button class="danger" on:click=fresh>"Start fresh…"</button>
                    <p class="muted">"Delete everything Docket stored here, after you confirm."</p>
                </div>
            </div>
            {move || failed.get().map(|t| view! { <p class="recovery-failed" role="alert">{t}</p> })}
        </section>
    }
}

/// The banner's actions after a refused write: export everything now, try the save again
/// once space is freed, see what uses the space.
#[component]
pub fn SaveFailedActions() -> impl IntoView {
    let state = use_state();
    view! {
        <div class="save-failed">
            <p>
                "Next: export everything to keep a copy of all your work, this change included. \
                 Then free space (delete old runs or projects; Settings shows what uses it) \
                 and try saving again."
            </p>
            <div class="save-failed-actions">
                <button
                    class="primary"
                    on:click=move |_| {
                        export_workspace(state, false);
                    }
                >
                    "Export everything"
                </button>
                <button on:click=move |_| {
                    if state.save_again() {
                        state.notice.set(None);
                        state.announce("Everything is saved.");
                    }
                }>"Try saving again"</button>
                <a href=Route::Settings.href()>"Storage settings"</a>
            </div>
        </div>
    }
}
