//! Export: the whole workspace, one project or one checklist, downloaded as a Docket file.

use crate::domain::{Env, Id};
use crate::exchange::format::{self, Envelope};
use crate::ui::browser::{today, BrowserEnv};
use crate::ui::state::{use_state, AppState};
use leptos::prelude::*;

/// Saves `text` as a Docket file download named `file_name`.
pub fn download(file_name: &str, text: &str) -> Result<(), String> {
    crate::ui::browser::download(file_name, text, "application/json")
}

/// Downloads an envelope under `docket-<name>-<date>.json` and announces it; as format
/// version 1 (no field stamps) for an older copy of Docket when `v1`.
fn save(state: AppState, what: &str, name: &str, env: Option<Envelope>, v1: bool) -> bool {
    let Some(mut env) = env else {
        state.error(format!(
            "There is no {what} to export: it may have been deleted."
        ));
        return false;
    };
    if v1 {
        env = env.into_version_1();
    }
    let file = format::file_name(name, today());
    match download(&file, &env.to_json()) {
        Ok(()) => {
            state.announce(format!("Exported {what} as {file}."));
            true
        }
        Err(e) => {
            state.error(e);
            false
        }
    }
}

/// Exports everything (as format version 1 when `v1`).
pub fn export_workspace(state: AppState, v1: bool) -> bool {
    let ws = state.snapshot();
    let env = format::export_workspace(&ws, BrowserEnv.now());
    save(state, "the whole workspace", "workspace", Some(env), v1)
}

/// Exports one project (with the people its cards name).
pub fn export_project(state: AppState, id: &Id, v1: bool) -> bool {
    let ws = state.snapshot();
    let name = ws
        .projects
        .iter()
        .find(|p| &p.id == id)
        .map(|p| p.name.clone())
        .unwrap_or_default();
    let env = format::export_project(&ws, id, BrowserEnv.now());
    save(state, &format!("project {name}"), &name, env, v1)
}

/// Exports one checklist, with its runs when `runs`.
pub fn export_template(state: AppState, id: &Id, runs: bool, v1: bool) -> bool {
    let ws = state.snapshot();
    let name = ws
        .templates
        .iter()
        .find(|t| &t.id == id)
        .map(|t| t.name.clone())
        .unwrap_or_default();
    let env = format::export_template(&ws, id, runs, BrowserEnv.now());
    let what = if runs {
        format!("checklist {name} with its runs")
    } else {
        format!("checklist {name}")
    };
    save(state, &what, &name, env, v1)
}

/// The "Export" button of a project's header.
#[component]
pub fn ExportProjectButton(id: Id) -> impl IntoView {
    let state = use_state();
    view! {
        <button
            class="small"
            aria-label="Export project"
            title="Download this project as a Docket file"
            on:click=move |_| {
                // The export's code is in a part of the app of its own (crate::ui::lazy).
                let id = id.clone();
                leptos::task::spawn_local(async move {
                    if part::export_project(state, id).await.is_err() {
                        state.error(
                            "Docket could not load its export code: check the connection, then press Export again.",
                        );
                    }
                });
            }
        >
            // (↓ is in every interface font; ⤓ made a first visit look through the system's
            // fonts for it.)
            "↓ Export"
        </button>
    }
}

mod part {
    use crate::domain::Id;
    use crate::ui::lazy::lazy;
    use crate::ui::state::AppState;

    lazy! {
        /// The project's export, from its page's Export button.
        export_project(state: AppState, id: Id) -> () { super::export_project(state, &id, false); }
    }
}

/// "Export checklist" with its "Include runs" choice, for a checklist's page.
#[component]
pub fn ExportTemplateButton(id: Id) -> impl IntoView {
    let state = use_state();
    let runs = RwSignal::new(true);
    view! {
        <span class="export-template" role="group" aria-label="Export">
            <label class="check-inline">
                <input type="checkbox" bind:checked=runs/>
                "Include runs"
            </label>
            <button
                class="small"
                title="Download this checklist as a Docket file"
                on:click=move |_| {
                    export_template(state, &id, runs.get_untracked(), false);
                }
            >
                "Export checklist"
            </button>
        </span>
    }
}
