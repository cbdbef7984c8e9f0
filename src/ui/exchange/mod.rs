//! The "Import & export" page: export the workspace, a project or a checklist as a Docket
//! file; import a Docket file (validated, previewed, merged or copied, all or nothing, and
//! undoable) or a Trello board export. Files can also be dropped anywhere on the window.

mod export;
mod import;

pub use export::{
    download, export_project, export_template, export_workspace, ExportProjectButton,
    ExportTemplateButton,
};
pub use import::read_file;

use crate::domain::sort;
use crate::domain::Id;
use crate::exchange::format::{self, Scope};
use crate::exchange::preview::{Conflict, Line, Preview};
use crate::exchange::trello::ImportSummary;
use crate::ui::browser::focus_later;
use crate::ui::route::{ProjectTab, Route};
use crate::ui::shell::set_title;
use crate::ui::state::use_state;
use import::{use_exchange, How, Pending, Problem, Stage};
use leptos::prelude::*;
use std::sync::Arc;
use wasm_bindgen::JsCast;

/// Most entries listed per preview section (the rest are counted).
const MAX_LINES: usize = 100;

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
            read_file(state, file);
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

fn scope_text(scope: &Scope) -> String {
    match scope {
        Scope::Workspace => "a whole workspace".into(),
        Scope::Project { name, .. } => format!("the project “{name}”"),
        Scope::Template {
            name, runs: true, ..
        } => format!("the checklist “{name}” with its runs"),
        Scope::Template { name, .. } => format!("the checklist “{name}”"),
    }
}

/// An RFC 3339 time as people read it (UTC, to the second).
fn when(ts: &str) -> String {
    chrono::DateTime::parse_from_rfc3339(ts)
        .map(|t| crate::domain::dates::utc_second(t.to_utc()))
        .unwrap_or_else(|_| ts.to_string())
}

/// The order of lines in the preview: by kind (projects and their parts, checklists and
/// theirs, runs, people), then by name, ignoring case.
fn cmp_lines(a: &Line, b: &Line) -> std::cmp::Ordering {
    kind_rank(a.kind).cmp(&kind_rank(b.kind)).then_with(|| {
        let lower = |s: &str| s.chars().flat_map(char::to_lowercase).collect::<Vec<_>>();
        if a.name.is_ascii() && b.name.is_ascii() {
            let (x, y) = (a.name.as_bytes(), b.name.as_bytes());
            x.iter()
                .map(u8::to_ascii_lowercase)
                .cmp(y.iter().map(u8::to_ascii_lowercase))
        } else {
            lower(&a.name).cmp(&lower(&b.name))
        }
        // Names that differ only in case: always the same order.
        .then_with(|| a.name.cmp(&b.name))
    })
}

fn kind_rank(kind: &str) -> usize {
    const KINDS: [&str; 8] = [
        "Project",
        "Column",
        "Card",
        "Risk",
        "Checklist",
        "Item",
        "Run",
        "Person",
    ];
    KINDS.iter().position(|k| *k == kind).unwrap_or(KINDS.len())
}

/// Puts in order the lines a preview shows at first: grouped by kind, projects first, then
/// by name. Each group shows its first [`MAX_LINES`]: those are found in linear time and
/// sorted; the rest are sorted only if "Show all" asks for them (see [`in_order`]). A big
/// file's preview has thousands of lines, and sorting them all took a fifth of its time.
pub(crate) fn sort_preview(p: &mut Preview) {
    sort_front(&mut p.new, |l| l);
    sort_front(&mut p.updated, |l| l);
    sort_front(&mut p.deleted, |l| l);
    sort_front(&mut p.conflicts, |c| &c.line);
}

fn sort_front<T>(v: &mut [T], line: fn(&T) -> &Line) {
    let cmp = |a: &T, b: &T| cmp_lines(line(a), line(b));
    if v.len() > MAX_LINES {
        v.select_nth_unstable_by(MAX_LINES, cmp);
        sort::sort_by(&mut v[..MAX_LINES], cmp);
    } else {
        sort::sort_by(v, cmp);
    }
}

/// The first `k` of a list put in order by [`sort_preview`]: past [`MAX_LINES`], the rest is
/// sorted now.
fn in_order<T>(v: &[T], k: usize, line: fn(&T) -> &Line) -> Vec<&T> {
    let mut out: Vec<&T> = v.iter().take(k.min(MAX_LINES)).collect();
    if k > MAX_LINES && v.len() > MAX_LINES {
        let mut rest: Vec<&T> = v[MAX_LINES..].iter().collect();
        sort::sort_by(&mut rest, |a, b| cmp_lines(line(a), line(b)));
        out.extend(rest.into_iter().take(k - MAX_LINES));
    }
    out
}

fn line_text(l: &Line) -> String {
    format!("{} {}", l.kind, l.name)
}

/// The preview of a file (its lines already sorted by `sort_preview`).
#[component]
fn PreviewPanel(pending: Arc<Pending>) -> impl IntoView {
    let state = use_state();
    let ex = use_exchange();
    let Pending {
        file,
        scope,
        exported_at,
        preview,
        trello,
        ..
    } = &*pending;
    let unchanged = preview.unchanged;
    let noop = preview.is_noop();
    let about = match (trello, scope) {
        (Some(_), Scope::Project { name, .. }) => {
            format!("It is a Trello board's export: it becomes the new project “{name}” with:")
        }
        _ => format!(
            "It holds {}, exported {}.",
            scope_text(scope),
            when(&exported_at.to_rfc3339())
        ),
    };
    let trello = trello.clone();
    let is_trello = trello.is_some();
    let file = file.clone();
    // Each group renders its first rows from the shared pending file (nothing is copied).
    let lines = |pick: fn(&Preview) -> &Vec<Line>| {
        let p = pending.clone();
        let n = pick(&p.preview).len();
        let rows: Rows = Arc::new(move |k: usize| {
            in_order(pick(&p.preview), k, |l| l)
                .into_iter()
                .map(|l| view! { <li>{line_text(l)}</li> })
                .collect_view()
                .into_any()
        });
        (n, rows)
    };
    let (n_new, new) = lines(|p| &p.new);
    let (n_updated, updated) = lines(|p| &p.updated);
    let (n_deleted, deleted) = lines(|p| &p.deleted);
    let n_conflicts = preview.conflicts.len();
    let conflicts: Rows = {
        let p = pending.clone();
        Arc::new(move |k: usize| {
            in_order(&p.preview.conflicts, k, |c| &c.line)
                .into_iter()
                .map(conflict_view)
                .collect_view()
                .into_any()
        })
    };
    view! {
        <div class="import-preview" aria-labelledby="preview-heading">
            <h3 id="preview-heading" tabindex="-1">{format!("Preview of {file}")}</h3>
            <p>{about}</p>
            {trello.map(|summary| view! { <TrelloSummary summary=summary/> })}
            <p class="muted">
                {if is_trello {
                    "Nothing has changed yet. Importing adds the board as a new project; \
                     people are matched to yours by name."
                } else {
                    "Nothing has changed yet. Merging keeps the newer version of everything \
                     changed on both sides; importing as a copy adds the file's projects and \
                     checklists next to yours, under new names."
                }}
            </p>
            <Group key="new" title="New" n=n_new rows=new/>
            <Group key="updated" title="Will be updated" n=n_updated rows=updated/>
            <Group key="conflicts" title="Changed on both sides" n=n_conflicts rows=conflicts/>
            <Group key="deleted" title="Will be deleted" n=n_deleted rows=deleted/>
            <p class="pv-unchanged">{format!("{unchanged} unchanged")}</p>
            {noop.then(|| view! {
                <p class="pv-noop">"Merging this file would change nothing: you already have all of it."</p>
            })}
            <div class="pv-actions" role="group" aria-label="Apply the file">
                <button class="primary" on:click=move |_| import::apply_pending(state, How::Merge)>
                    {if is_trello { "Import the board" } else { "Merge into my workspace" }}
                </button>
                {(!is_trello).then(|| view! {
                    <button on:click=move |_| import::apply_pending(state, How::Copy)>
                        "Import as a copy"
                    </button>
                })}
                <button
                    class="ghost"
                    on:click=move |_| {
                        ex.stage.set(Stage::Idle);
                        state.announce("Import cancelled: nothing changed.");
                    }
                >
                    "Cancel"
                </button>
            </div>
        </div>
    }
}

fn conflict_view(c: &Conflict) -> impl IntoView {
    let winner = if c.incoming_wins {
        "the file's version wins"
    } else {
        "your version wins"
    };
    view! {
        <li class:incoming=c.incoming_wins>
            <span class="pv-name">{line_text(&c.line)}</span>
            " — "
            <strong>{winner}</strong>
            <span class="pv-times">
                {format!(
                    " (changed in the file {}; here {})",
                    when(&c.incoming_updated),
                    when(&c.local_updated)
                )}
            </span>
        </li>
    }
}

/// Renders the first `k` rows of a preview group.
type Rows = Arc<dyn Fn(usize) -> AnyView + Send + Sync>;

/// One group of the preview: its first [`MAX_LINES`] rows, and "Show all" for the rest
/// (a big file lists thousands; drawing them all would hold up the preview).
#[component]
fn Group(key: &'static str, title: &'static str, n: usize, rows: Rows) -> impl IntoView {
    let id = format!("pv-{key}");
    let labelled = id.clone();
    let all = RwSignal::new(false);
    let more = n.saturating_sub(MAX_LINES);
    let body = if n == 0 {
        view! { <p class="muted">"None."</p> }.into_any()
    } else {
        let show_all = move |_| {
            all.set(true);
            // The button goes away: focus the group's heading, above the rows now shown.
            focus_later(format!("#pv-{key}"));
        };
        view! {
            <ul class="pv-list">{move || rows(if all.get() { n } else { MAX_LINES })}</ul>
            {(more > 0).then(|| view! {
                <Show when=move || !all.get()>
                    <p class="pv-more">
                        {format!("…and {more} more. ")}
                        <button
                            class="small"
                            aria-label=format!("Show all {n}: {title}")
                            on:click=show_all
                        >
                            "Show all"
                        </button>
                    </p>
                </Show>
            })}
        }
        .into_any()
    };
    view! {
        <section class="pv-group" aria-labelledby=labelled>
            <h4 id=id tabindex="-1">{format!("{title} ({n})")}</h4>
            {body}
        </section>
    }
}

/// What a Trello board became, and what of it Docket could not take.
#[component]
fn TrelloSummary(summary: ImportSummary) -> impl IntoView {
    let counts = [
        (summary.columns, "column", "columns"),
        (summary.cards, "card", "cards"),
        (summary.archived_cards, "archived card", "archived cards"),
        (summary.labels, "label", "labels"),
        (summary.people, "person", "people"),
        (summary.subtasks, "subtask", "subtasks"),
        (summary.comments, "comment", "comments"),
    ]
    .into_iter()
    .map(|(n, one, many)| {
        let text = format!("{n} {}", if n == 1 { one } else { many });
        view! { <li>{text}</li> }
    })
    .collect_view();
    let not = summary.not_imported;
    view! {
        <ul class="import-counts">{counts}</ul>
        {(!not.is_empty()).then(|| {
            let items = not.into_iter().map(|s| view! { <li>{s}</li> }).collect_view();
            view! {
                <h4>"Not imported"</h4>
                <ul class="not-imported">{items}</ul>
            }
        })}
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
                    export_workspace(state);
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
                            export_project(state, &Id(id));
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
                            export_template(state, &Id(id), runs.get_untracked());
                        }
                    }
                >
                    "Export checklist"
                </button>
            </div>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The lines shown first, and all of them after "Show all", are in the order a full sort
    /// gives.
    #[test]
    fn the_shown_lines_are_in_full_order() {
        let kinds = ["Card", "Run", "Project", "Person", "Column"];
        let names = [
            "beta", "Alpha", "Éclair", "éclair", "zed", "Zed", "alpha", "ÉCLAIR2",
        ];
        let lines: Vec<Line> = (0..250)
            .map(|i| Line {
                kind: kinds[(i * 7) % kinds.len()],
                name: format!("{} {}", names[(i * 13) % names.len()], (i * 31) % 17),
            })
            .collect();
        let mut full = lines.clone();
        sort::sort_by(&mut full, |a, b| {
            (kind_rank(a.kind), a.name.to_lowercase(), &a.name).cmp(&(
                kind_rank(b.kind),
                b.name.to_lowercase(),
                &b.name,
            ))
        });
        let mut v = lines.clone();
        sort_front(&mut v, |l| l);
        let first: Vec<&Line> = in_order(&v, MAX_LINES, |l| l);
        assert_eq!(first, full.iter().take(MAX_LINES).collect::<Vec<_>>());
        let all: Vec<&Line> = in_order(&v, v.len(), |l| l);
        assert_eq!(all, full.iter().collect::<Vec<_>>());
        let some: Vec<&Line> = in_order(&v, 130, |l| l);
        assert_eq!(some, full.iter().take(130).collect::<Vec<_>>());
    }
}
