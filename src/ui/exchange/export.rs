//! Export: the whole workspace, one project or one checklist, downloaded as a Docket file.

use crate::domain::{Env, Id};
use crate::exchange::format::{self, Envelope};
use crate::ui::browser::{today, BrowserEnv};
use crate::ui::state::{use_state, AppState};
use leptos::prelude::*;
use wasm_bindgen::{JsCast, JsValue};

/// Saves `text` as a download named `file_name` (Blob, object URL, a temporary link).
pub fn download(file_name: &str, text: &str) -> Result<(), String> {
    let fail = |e: JsValue| {
        format!(
            "The file could not be saved: {}",
            e.as_string()
                .unwrap_or_else(|| "the browser refused".into())
        )
    };
    let parts = js_sys::Array::of1(&JsValue::from_str(text));
    let opts = web_sys::BlobPropertyBag::new();
    opts.set_type("application/json");
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &opts).map_err(fail)?;
    let url = web_sys::Url::create_object_url_with_blob(&blob).map_err(fail)?;
    let doc = document();
    let a: web_sys::HtmlAnchorElement = doc.create_element("a").map_err(fail)?.unchecked_into();
    a.set_href(&url);
    a.set_download(file_name);
    a.set_hidden(true);
    if let Some(body) = doc.body() {
        let _ = body.append_child(&a);
    }
    a.click();
    a.remove();
    // The download has taken its copy by the time this runs; the URL only holds memory.
    set_timeout(
        move || {
            let _ = web_sys::Url::revoke_object_url(&url);
        },
        std::time::Duration::from_secs(5),
    );
    Ok(())
}

/// Downloads an envelope under `docket-<name>-<date>.json` and announces it.
fn save(state: AppState, what: &str, name: &str, env: Option<Envelope>) -> bool {
    let Some(env) = env else {
        state.error(format!(
            "There is no {what} to export: it may have been deleted."
        ));
        return false;
    };
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

/// Exports everything.
pub fn export_workspace(state: AppState) -> bool {
    let ws = state.snapshot();
    let env = format::export_workspace(&ws, BrowserEnv.now());
    save(state, "the whole workspace", "workspace", Some(env))
}

/// Exports one project (with the people its cards name).
pub fn export_project(state: AppState, id: &Id) -> bool {
    let ws = state.snapshot();
    let name = ws
        .projects
        .iter()
        .find(|p| &p.id == id)
        .map(|p| p.name.clone())
        .unwrap_or_default();
    let env = format::export_project(&ws, id, BrowserEnv.now());
    save(state, &format!("project {name}"), &name, env)
}

/// Exports one checklist, with its runs when `runs`.
pub fn export_template(state: AppState, id: &Id, runs: bool) -> bool {
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
    save(state, &what, &name, env)
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
                export_project(state, &id);
            }
        >
            "⤓ Export"
        </button>
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
                    export_template(state, &id, runs.get_untracked());
                }
            >
                "Export checklist"
            </button>
        </span>
    }
}
