//! The "Import & export" page: export the workspace, a project or a checklist as a Docket
//! file; import a Docket file (validated, previewed, merged or copied, all or nothing, and
//! undoable) or a Trello board export. Files can also be dropped anywhere on the window.

mod export;
mod import;
mod preview;

pub use export::{
    download, export_project, export_template, export_workspace, ExportProjectButton,
    ExportTemplateButton,
};
pub use import::read_file;
pub(crate) use preview::sort_preview;

use crate::domain::Id;
use crate::exchange::format;
use crate::exchange::trello::ImportSummary;
use crate::ui::route::{ProjectTab, Route};
use crate::ui::shell::set_title;
use crate::ui::state::use_state;
use import::{use_exchange, Problem, Stage};
use leptos::prelude::*;
use preview::{PreviewPanel, TrelloSummary};
use wasm_bindgen::JsCast;

thread_local! {
    /// When a file was last dragged over the window (ms since the epoch).
    static LAST_DRAG_OVER: std::cell::Cell<f64> = const { std::cell::Cell::new(0.0) };
}

/// Hides the drop overlay once drag events stop coming (a drag cancelled with Escape or
/// ended outside the window does not always say so). Browsers repeat `dragover` at least
/// every few hundred milliseconds while a drag is over the page.
fn watch_drag() {
    set_timeout(
        || {
            let s = import::shared();
            if !s.dragging.get_untracked() {
                return;
            }
            if js_sys::Date::now() - LAST_DRAG_OVER.with(std::cell::Cell::get) > 1000.0 {
                s.dragging.set(false);
            } else {
                watch_drag();
            }
        },
        std::time::Duration::from_millis(300),
    );
}

/// The header's "Import & export" link. It also listens for files dragged over the window,
/// on every page: a dropped file opens this page and is read there.
#[component]
pub fn ExchangeLink(#[prop(into)] current: Signal<bool>) -> impl IntoView {
    let state = use_state();
    let ex = use_exchange();
    let over = move |ev: web_sys::DragEvent| {
        if import::carries_files(&ev) {
            ev.prevent_default();
            if let Some(dt) = ev.data_transfer() {
                dt.set_drop_effect("copy");
            }
            LAST_DRAG_OVER.with(|t| t.set(js_sys::Date::now()));
            if !ex.dragging.get_untracked() {
                ex.dragging.set(true);
                watch_drag();
            }
        }
    };
    let enter = window_event_listener(leptos::ev::dragenter, over);
    let over = window_event_listener(leptos::ev::dragover, over);
    let leave = window_event_listener(leptos::ev::dragleave, move |ev| {
        // Only when the pointer leaves the window (not when it moves between elements).
        if ev.related_target().is_none() {
            ex.dragging.set(false);
        }
    });
    let drop = window_event_listener(leptos::ev::drop, move |ev| {
        if !import::carries_files(&ev) {
            return;
        }
        ev.prevent_default();
        ex.dragging.set(false);
        if let Some(file) = import::dropped_file(&ev) {
            if state.route.get_untracked() != Route::Exchange {
                state.go(Route::Exchange);
            }
            // The import's code is in the exchange page's part of the app (crate::ui::lazy):
            // if it can't be fetched, that page says so.
            leptos::task::spawn_local(async move {
                let _ = part::read_dropped(state, file).await;
            });
        }
    });
    on_cleanup(move || {
        enter.remove();
        over.remove();
        leave.remove();
        drop.remove();
    });
    view! {
        <a href=Route::Exchange.href() aria-current=move || current.get().then_some("page")>
            "Import & export"
        </a>
        <Show when=move || ex.dragging.get()>
            <div class="drop-overlay">
                <p>"Drop the file to import it"</p>
            </div>
        </Show>
    }
}

/// The page.
#[component]
pub fn ExchangePage() -> impl IntoView {
    let state = use_state();
    let ex = use_exchange();
    set_title(|| "Import & export".into());
    let picked = move |ev: leptos::ev::Event| {
        let Some(input) = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
        else {
            return;
        };
        if let Some(file) = input.files().and_then(|f| f.get(0)) {
            read_file(state, file);
        }
        // Choosing the same file again (after fixing it) fires `change` again.
        input.set_value("");
    };
    let limit = format::MAX_BYTES / 1_048_576;
    view! {
        <section class="page narrow exchange-page">
            <div class="page-head">
                <h1 tabindex="-1">"Import & export"</h1>
            </div>
            <p class="muted">
                "Docket keeps your work in this browser only. Export a file to keep a copy or to \
                 give your work to a colleague; import their file to merge it into yours."
            </p>
            <section class="exchange-block" aria-labelledby="import-heading">
                <h2 id="import-heading">"Import"</h2>
                <div class="file-pick">
                    <label for="import-file">"Choose a file to import"</label>
                    <input
                        id="import-file"
                        type="file"
                        accept=".json,application/json"
                        aria-describedby="import-help"
                        on:change=picked
                    />
                    <p id="import-help" class="muted">
                        {format!(
                            "A Docket file, or a Trello board's JSON export; up to {limit} MB. \
                             You can also drop the file anywhere on this window."
                        )}
                    </p>
                </div>
                <UndoImport/>
                {move || match ex.stage.get() {
                    Stage::Idle => ().into_any(),
                    Stage::Busy(text) => {
                        view! { <p class="import-progress" role="status">{text}</p> }.into_any()
                    }
                    Stage::Refused { file, problems } => {
                        view! { <Refused file=file problems=problems/> }.into_any()
                    }
                    Stage::Preview(p) => view! { <PreviewPanel pending=p/> }.into_any(),
                    Stage::Trello { file, project, name, summary } => {
                        view! { <TrelloDone file=file project=project name=name summary=summary/> }
                            .into_any()
                    }
                    Stage::Applied { message, projects } => {
                        view! { <Applied message=message projects=projects/> }.into_any()
                    }
                }}
            </section>
            <ExportPanel/>
        </section>
    }
}

#[component]
fn UndoImport() -> impl IntoView {
    let state = use_state();
    let ex = use_exchange();
    let label = move || ex.last.with(|l| l.as_ref().map(|l| l.label.clone()));
    view! {
        <Show when=move || label().is_some()>
            <div class="undo-import">
                <p>{move || format!("Last import: {}.", label().unwrap_or_default())}</p>
                <button class="small" on:click=move |_| import::undo_last(state)>
                    "Undo last import"
                </button>
            </div>
        </Show>
    }
}

#[component]
fn Refused(file: String, problems: Vec<Problem>) -> impl IntoView {
    let n = problems.len();
    let items = problems
        .into_iter()
        .map(|p| {
            if p.path.is_empty() {
                view! { <li>{p.message}</li> }.into_any()
            } else {
                view! { <li><code>{p.path}</code>": "{p.message}</li> }.into_any()
            }
        })
        .collect_view();
    view! {
        <div class="import-errors" role="alert">
            <h3>{format!("{file} was not imported")}</h3>
            <p>
                {if n == 1 {
                    "Nothing was changed. The problem:".to_string()
                } else {
                    format!("Nothing was changed. The file has {n} problems:")
                }}
            </p>
            <ul>{items}</ul>
        </div>
    }
}

#[component]
fn TrelloDone(file: String, project: Id, name: String, summary: ImportSummary) -> impl IntoView {
    let href = Route::Project(project, ProjectTab::Board).href();
    view! {
        <div class="import-done" role="status">
            <h3>{format!("Imported “{name}” from Trello")}</h3>
            <p>{format!("{file} became a new project with:")}</p>
            <TrelloSummary summary=summary/>
            <p><a class="button primary" href=href>"Open the project"</a></p>
        </div>
    }
}

#[component]
fn Applied(message: String, projects: Vec<(Id, String)>) -> impl IntoView {
    let links = projects
        .into_iter()
        .map(|(id, name)| {
            let href = Route::Project(id, ProjectTab::Board).href();
            view! { <li><a href=href>{format!("Open {name}")}</a></li> }
        })
        .collect_view();
    view! {
        <div class="import-done" role="status">
            <p>{message}</p>
            <ul class="import-links">{links}</ul>
        </div>
    }
}

#[component]
fn ExportPanel() -> impl IntoView {
    let state = use_state();
    let project = RwSignal::new(String::new());
    let template = RwSignal::new(String::new());
    let runs = RwSignal::new(true);
    // Format version 1 (no field stamps), for a colleague whose Docket is older.
    let v1 = RwSignal::new(false);
    let projects = Memo::new(move |_| {
        state.projects.with(|v| {
            v.iter()
                .map(|s| s.with(|p| (p.id.to_string(), p.name.clone())))
                .collect::<Vec<_>>()
        })
    });
    let templates = Memo::new(move |_| {
        state.templates.with(|v| {
            v.iter()
                .map(|s| s.with(|t| (t.id.to_string(), t.name.clone())))
                .collect::<Vec<_>>()
        })
    });
    // The chosen one, or the first when nothing (or something gone) is chosen.
    let chosen = |sel: RwSignal<String>, list: Memo<Vec<(String, String)>>| {
        move || {
            let want = sel.get();
            list.with(|l| {
                l.iter()
                    .find(|(id, _)| *id == want)
                    .or_else(|| l.first())
                    .map(|(id, _)| id.clone())
            })
        }
    };
    let chosen_project = chosen(project, projects);
    let chosen_template = chosen(template, templates);
    let options = |list: Memo<Vec<(String, String)>>| {
        move || {
            list.get()
                .into_iter()
                .map(|(id, name)| view! { <option value=id>{name}</option> })
                .collect_view()
        }
    };
    view! {
        <section class="exchange-block" aria-labelledby="export-heading">
            <h2 id="export-heading">"Export"</h2>
            <div class="export-row">
                <p>"Everything: every project, checklist, run and person."</p>
                <button on:click=move |_| {
                    export_workspace(state, v1.get_untracked());
                }>"Export workspace"</button>
            </div>
            <div class="export-row">
                <label for="export-project">"Project"</label>
                <select
                    id="export-project"
                    prop:value=move || chosen_project().unwrap_or_default()
                    on:change=move |ev| project.set(event_target_value(&ev))
                    disabled=move || projects.with(Vec::is_empty)
                >
                    {options(projects)}
                </select>
                <button
                    disabled=move || chosen_project().is_none()
                    on:click=move |_| {
                        if let Some(id) = chosen_project() {
                            export_project(state, &Id(id), v1.get_untracked());
                        }
                    }
                >
                    "Export project"
                </button>
            </div>
            <div class="export-row">
                <label for="export-template">"Checklist"</label>
                <select
                    id="export-template"
                    prop:value=move || chosen_template().unwrap_or_default()
                    on:change=move |ev| template.set(event_target_value(&ev))
                    disabled=move || templates.with(Vec::is_empty)
                >
                    {options(templates)}
                </select>
                <label class="check-inline">
                    <input type="checkbox" bind:checked=runs/>
                    "Include runs"
                </label>
                <button
                    disabled=move || chosen_template().is_none()
                    on:click=move |_| {
                        if let Some(id) = chosen_template() {
                            export_template(state, &Id(id), runs.get_untracked(), v1.get_untracked());
                        }
                    }
                >
                    "Export checklist"
                </button>
            </div>
            <div class="export-row export-old">
                <label class="check-inline">
                    <input type="checkbox" bind:checked=v1 aria-describedby="export-v1-help"/>
                    "For an older copy of Docket"
                </label>
                <p id="export-v1-help" class="muted">
                    "The exports above then write format version 1, without the time of each \
                     field's last change; merged back here, everything in it counts as changed \
                     at its last edit."
                </p>
            </div>
        </section>
    }
}

mod part {
    use crate::ui::lazy::lazy;
    use crate::ui::state::AppState;

    lazy! {
        /// Reads a file dropped on any page (the import, loaded with it).
        read_dropped(state: AppState, file: web_sys::File) -> () { super::read_file(state, file) }
    }
}
