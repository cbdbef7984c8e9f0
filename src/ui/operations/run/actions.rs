//! Corrective actions of a run: a link to each card raised (with its status), and the
//! dialog that raises one on a project board.

use super::row_id;
use crate::domain::checklist::{Action, ActionFields, ActionProject, Item};
use crate::domain::{Id, Priority, Run};
use crate::ui::browser::focus_later;
use crate::ui::route::Route;
use crate::ui::state::use_state;
use leptos::html::Dialog;
use leptos::prelude::*;

/// A link to a corrective-action card, with the card's current status.
#[component]
pub(super) fn ActionLink(action: Action) -> impl IntoView {
    let state = use_state();
    let Action { project, card, .. } = action;
    let href = Route::Card(project.clone(), card.clone()).href();
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

/// The select's value that stands for "a new project".
const NEW_PROJECT: &str = "new";

/// Choose a project (or name a new one), an assignee, a due date and a priority, and
/// create the corrective-action card there.
#[component]
pub(super) fn RaiseDialog(run: RwSignal<Run>, raising: RwSignal<Option<Item>>) -> impl IntoView {
    let state = use_state();
    let dialog = NodeRef::<Dialog>::new();
    let project = RwSignal::new(String::new());
    let new_name = RwSignal::new(String::new());
    let assignee = RwSignal::new(String::new());
    let due = RwSignal::new(String::new());
    let priority = RwSignal::new(String::from("none"));
    let projects = Memo::new(move |_| {
        state
            .live_projects()
            .into_iter()
            .map(|p| p.with(|p| (p.id.clone(), p.name.clone())))
            .collect::<Vec<_>>()
    });
    let making = move || project.with(|p| p == NEW_PROJECT);
    Effect::new(move |_| {
        let open = raising.with(Option::is_some);
        let Some(d) = dialog.get() else { return };
        if open && !d.open() {
            state.clear_refusal();
            if !projects.with_untracked(|v| v.iter().any(|(id, _)| id.0 == project.get_untracked()))
            {
                project.set(
                    projects
                        .with_untracked(|v| v.first().map(|(id, _)| id.0.clone()))
                        .unwrap_or_else(|| NEW_PROJECT.into()),
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
        let target = if making() {
            ActionProject::New(new_name.get_untracked())
        } else {
            ActionProject::Existing(Id(project.get_untracked()))
        };
        let fields = ActionFields {
            assignee: Some(assignee.get_untracked())
                .filter(|a| !a.is_empty())
                .map(Id),
            due: crate::domain::dates::parse_day(&due.get_untracked()),
            priority: Priority::from_key(&priority.get_untracked()).unwrap_or_default(),
        };
        if let Some((pid, _)) = state.raise_action(run, &item.id, &target, fields) {
            let pname = state
                .project(&pid)
                .map(|p| p.with_untracked(|p| p.name.clone()))
                .unwrap_or_default();
            raising.set(None);
            new_name.set(String::new());
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
            on:close=move |_| {
                raising.set(None);
                state.clear_refusal();
            }
        >
            <form on:submit=create>
                <h2 id="raise-title">"Create corrective action"</h2>
                <p>
                    {move || {
                        raising
                            .with(|i| i.as_ref().map(|i| format!("A card to fix “{}”, with the answer and the note.", i.text)))
                    }}
                </p>
                <label for="raise-project">"Project"</label>
                <select id="raise-project" bind:value=project>
                    <For
                        each=move || projects.get()
                        key=|(id, name)| (id.clone(), name.clone())
                        let:p
                    >
                        <option value=p.0.0.clone()>{p.1}</option>
                    </For>
                    <option value=NEW_PROJECT>"New project…"</option>
                </select>
                <Show when=making>
                    <label for="raise-new-project">"New project's name"</label>
                    <input
                        id="raise-new-project"
                        autocomplete="off"
                        aria-describedby="raise-error"
                        aria-invalid=move || dialog_error().is_some().then_some("true")
                        bind:value=new_name
                    />
                </Show>
                <Show when=move || dialog_error().is_some()>
                    <p id="raise-error" class="dialog-error" role="alert">{dialog_error}</p>
                </Show>
                <div class="raise-fields">
                    <div>
                        <label for="raise-assignee">"Assignee"</label>
                        <select id="raise-assignee" bind:value=assignee>
                            <option value="">"Nobody yet"</option>
                            {move || {
                                state
                                    .people
                                    .get()
                                    .into_iter()
                                    .map(|p| view! { <option value=p.id.0>{p.name}</option> })
                                    .collect_view()
                            }}
                        </select>
                    </div>
                    <div>
                        <label for="raise-due">"Due date"</label>
                        <input id="raise-due" type="date" bind:value=due/>
                    </div>
                    <div>
                        <label for="raise-priority">"Priority"</label>
                        <select id="raise-priority" bind:value=priority>
                            {Priority::ALL
                                .into_iter()
                                .map(|p| view! { <option value=p.key()>{p.label()}</option> })
                                .collect_view()}
                        </select>
                    </div>
                </div>
                <div class="dialog-actions">
                    <button type="button" on:click=move |_| raising.set(None)>"Cancel"</button>
                    <button type="submit" class="primary">"Create card"</button>
                </div>
            </form>
        </dialog>
    }
}
