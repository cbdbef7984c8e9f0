//! Corrective actions of a run: a link to each card raised (with its status), and the
//! dialog that raises one on a project board.

use super::row_id;
use crate::domain::checklist::{Action, Item};
use crate::domain::{Id, Run};
use crate::ui::browser::focus_later;
use crate::ui::route::{ProjectTab, Route};
use crate::ui::state::use_state;
use leptos::html::Dialog;
use leptos::prelude::*;

/// A link to a corrective-action card, with the card's current status.
#[component]
pub(super) fn ActionLink(action: Action) -> impl IntoView {
    let state = use_state();
    let Action { project, card, .. } = action;
    let href = Route::Project(project.clone(), ProjectTab::Board).href();
    // (project name, card title, status)
    let info = Memo::new(move |_| {
        let Some(p) = state.project(&project) else {
            return (None, None, "Deleted".to_string());
        };
        p.with(|p| {
            if p.trashed.is_some() {
                return (Some(p.name.clone()), None, "Deleted".to_string());
            }
            match p.card(&card) {
                None => (Some(p.name.clone()), None, "Deleted".to_string()),
                Some(c) => {
                    let mut status = if p.is_done(c) {
                        "Done".to_string()
                    } else {
                        p.column(&c.column)
                            .map_or_else(|| "On the board".to_string(), |col| col.name.clone())
                    };
                    if c.archived {
                        status.push_str(" (archived)");
                    }
                    (Some(p.name.clone()), Some(c.title.clone()), status)
                }
            }
        })
    });
    view! {
        <li class="run-action" class:gone=move || info.with(|i| i.1.is_none())>
            <span class="action-icon" aria-hidden="true">"↗"</span>
            {move || {
                let (project, title, _) = info.get();
                match (project, title) {
                    (Some(p), Some(t)) => view! {
                        <a href=href.clone()>{t}</a>
                        <span class="action-where">{format!(" on {p}")}</span>
                    }
                    .into_any(),
                    (Some(p), None) => view! {
                        <span>{format!("Corrective action card on {p}")}</span>
                    }
                    .into_any(),
                    _ => view! { <span>"Corrective action card"</span> }.into_any(),
                }
            }}
            <span class="badge action-status">{move || info.with(|i| format!("Status: {}", i.2))}</span>
        </li>
    }
}

/// Choose a project and create the corrective-action card there.
#[component]
pub(super) fn RaiseDialog(run: RwSignal<Run>, raising: RwSignal<Option<Item>>) -> impl IntoView {
    let state = use_state();
    let dialog = NodeRef::<Dialog>::new();
    let project = RwSignal::new(String::new());
    let projects = Memo::new(move |_| {
        state
            .live_projects()
            .into_iter()
            .map(|p| p.with(|p| (p.id.clone(), p.name.clone())))
            .collect::<Vec<_>>()
    });
    Effect::new(move |_| {
        let open = raising.with(Option::is_some);
        let Some(d) = dialog.get() else { return };
        if open && !d.open() {
            state.notice.set(None);
            if project.with_untracked(String::is_empty)
                || !projects
                    .with_untracked(|v| v.iter().any(|(id, _)| id.0 == project.get_untracked()))
            {
                project.set(
                    projects
                        .with_untracked(|v| v.first().map(|(id, _)| id.0.clone()))
                        .unwrap_or_default(),
                );
            }
            let _ = d.show_modal();
        } else if !open && d.open() {
            d.close();
        }
    });
    let create = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(item) = raising.get_untracked() else {
            return;
        };
        let pid = project.get_untracked();
        if pid.is_empty() {
            return state.error("Choose a project for the card.");
        }
        let pid = Id(pid);
        if state.raise_action(run, &item.id, &pid).is_some() {
            let pname = projects.with_untracked(|v| {
                v.iter()
                    .find(|(id, _)| id == &pid)
                    .map(|(_, n)| n.clone())
                    .unwrap_or_default()
            });
            raising.set(None);
            state.announce(format!("Corrective action card created on {pname}."));
            focus_later(format!("#{} .run-actions a", row_id(&item.id)));
        }
    };
    let dialog_error = move || state.error_text();
    view! {
        <dialog
            node_ref=dialog
            class="dialog raise-dialog"
            aria-labelledby="raise-title"
            on:close=move |_| raising.set(None)
        >
            <form on:submit=create>
                <h2 id="raise-title">"Create corrective action"</h2>
                <p>
                    {move || {
                        raising
                            .with(|i| i.as_ref().map(|i| format!("A card to fix “{}”, with the answer and the note.", i.text)))
                    }}
                </p>
                <Show when=move || dialog_error().is_some()>
                    <p class="dialog-error" role="alert">{dialog_error}</p>
                </Show>
                <Show
                    when=move || projects.with(|v| !v.is_empty())
                    fallback=|| view! {
                        <p>
                            "There is no project to put the card on yet. "
                            <a href=Route::Projects.href()>"Create a project"</a>
                            " first, then come back to this run."
                        </p>
                    }
                >
                    <label for="raise-project">"Project"</label>
                    <select id="raise-project" bind:value=project>
                        <For
                            each=move || projects.get()
                            key=|(id, name)| (id.clone(), name.clone())
                            let:p
                        >
                            <option value=p.0.0.clone()>{p.1}</option>
                        </For>
                    </select>
                </Show>
                <div class="dialog-actions">
                    <button type="button" on:click=move |_| raising.set(None)>"Cancel"</button>
                    <button type="submit" class="primary" disabled=move || projects.with(Vec::is_empty)>
                        "Create card"
                    </button>
                </div>
            </form>
        </dialog>
    }
}
