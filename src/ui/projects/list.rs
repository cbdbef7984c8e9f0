//! The start page: every project, a form for a new one, and the welcome for a new user.

use crate::domain::{Project, ProjectStatus};
use crate::ui::route::{ProjectTab, Route};
use crate::ui::shell::{set_title, InlineEdit};
use crate::ui::state::use_state;
use leptos::prelude::*;

#[component]
pub fn ProjectsPage() -> impl IntoView {
    let state = use_state();
    set_title(|| "Projects".into());
    let name = RwSignal::new(String::new());
    let create = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if let Some(id) = state.create_project(&name.get_untracked()) {
            name.set(String::new());
            state.go(Route::Project(id, ProjectTab::Board));
        }
    };
    view! {
        <section class="page">
            <div class="page-head">
                <div>
                    <h1 tabindex="-1">"Projects"</h1>
                    <p class="lede">"Time-bound work with a goal, a board and an end date."</p>
                </div>
            </div>
            <Show when=move || state.is_empty()>
                <Welcome/>
            </Show>
            <form class="create-form" on:submit=create>
                <label for="new-project">"New project"</label>
                <div class="field-row">
                    <input
                        id="new-project"
                        placeholder="e.g. Office move to Harbour Street"
                        bind:value=name
                    />
                    <button type="submit" class="primary">"Create project"</button>
                </div>
            </form>
            <ul class="tile-list" aria-label="Projects">
                <For
                    each=move || state.live_projects()
                    key=|s| s.with_untracked(|p| p.id.clone())
                    let:project
                >
                    <ProjectTile project=project/>
                </For>
            </ul>
            <super::templates::TemplatesPanel/>
            <ProjectTrash/>
        </section>
    }
}

#[component]
fn ProjectTile(project: RwSignal<Project>) -> impl IntoView {
    let state = use_state();
    let id = project.with_untracked(|p| p.id.clone());
    let name = Signal::derive(move || project.with(|p| p.name.clone()));
    let href = Route::Project(id.clone(), ProjectTab::Board).href();
    let counts = move || {
        project.with(|p| {
            let done = p
                .columns
                .last()
                .map(|c| p.cards_in(&c.id).count())
                .unwrap_or(0);
            format!(
                "{} cards · {} in {}",
                p.cards.len(),
                done,
                p.columns
                    .last()
                    .map(|c| c.name.as_str())
                    .unwrap_or("the last column")
            )
        })
    };
    let rename = Callback::new(move |text: String| {
        state
            .edit_project(project, "rename project", |p, env| p.rename(env, &text))
            .is_some()
    });
    let delete = move |_| {
        let (n, cards) = project.with_untracked(|p| (p.name.clone(), p.cards.len()));
        state.ask(
            format!("Delete “{n}”?"),
            format!(
                "The project and its {cards} cards go to the trash below, where you can restore \
                 them until you empty it."
            ),
            "Delete project",
            move || {
                if state
                    .edit_project(project, "delete project", |p, env| p.move_to_trash(env))
                    .is_some()
                {
                    state.announce(format!("Moved project {n} to the trash."));
                }
            },
        );
    };
    view! {
        <li class="tile">
            <div class="tile-head">
                <h2 class="tile-title">
                    <a href=href dir="auto">{move || name.get()}</a>
                </h2>
                <StatusBadge status=Signal::derive(move || project.with(|p| p.status))/>
            </div>
            <p class="tile-text">
                {move || {
                    project
                        .with(|p| {
                            if p.objective.is_empty() {
                                "No objective yet.".to_string()
                            } else {
                                p.objective.clone()
                            }
                        })
                }}
            </p>
            <p class="tile-meta">{counts}</p>
            <div class="tile-actions">
                <InlineEdit
                    value=name
                    field_label="Project name"
                    edit_label=Signal::derive(move || format!("Rename project {}", name.get()))
                    on_save=rename
                />
                <button
                    class="ghost danger-text"
                    aria-label=move || format!("Delete project {}", name.get())
                    on:click=delete
                >
                    "Delete"
                </button>
            </div>
        </li>
    }
}

/// Deleted projects, restorable until deleted for good.
#[component]
fn ProjectTrash() -> impl IntoView {
    let state = use_state();
    let trashed = Memo::new(move |_| state.trashed_projects());
    view! {
        <Show when=move || trashed.with(|t| !t.is_empty())>
            <section class="trash-panel" aria-labelledby="project-trash">
                <h2 id="project-trash">"Trash"</h2>
                <ul class="plain-list">
                    <For
                        each=move || trashed.get()
                        key=|s| s.with_untracked(|p| p.id.clone())
                        let:project
                    >
                        {
                            let name = project.with_untracked(|p| p.name.clone());
                            let n2 = name.clone();
                            let n3 = name.clone();
                            let id = project.with_untracked(|p| p.id.clone());
                            view! {
                                <li>
                                    <span>{name.clone()}</span>
                                    <span class="row-tools">
                                        <button
                                            aria-label=format!("Restore project {name}")
                                            on:click=move |_| {
                                                if state
                                                    .edit_project(project, "restore project", |p, env| p.restore_from_trash(env))
                                                    .is_some()
                                                {
                                                    state.announce(format!("Restored project {n2}."));
                                                }
                                            }
                                        >
                                            "Restore"
                                        </button>
                                        <button
                                            class="ghost danger-text"
                                            aria-label=format!("Delete project {n3} forever")
                                            on:click=move |_| {
                                                let id = id.clone();
                                                let n = n3.clone();
                                                state.ask(
                                                    format!("Delete “{n}” forever?"),
                                                    "This can't be undone.".into(),
                                                    "Delete forever",
                                                    move || state.delete_project(&id),
                                                );
                                            }
                                        >
                                            "Delete forever"
                                        </button>
                                    </span>
                                </li>
                            }
                        }
                    </For>
                </ul>
            </section>
        </Show>
    }
}

/// A project's status as a coloured badge.
#[component]
pub fn StatusBadge(status: Signal<ProjectStatus>) -> impl IntoView {
    view! {
        <span class=move || format!("badge status-{}", status.get().key())>
            {move || status.get().label()}
        </span>
    }
}

/// The first thing a new user sees: what Docket is, and a way to try it with sample data.
#[component]
pub fn Welcome() -> impl IntoView {
    let state = use_state();
    view! {
        <div class="welcome">
            <h2>"Welcome to Docket"</h2>
            <p>
                "Kanban boards for your projects and recurring checklists for your operations, \
                 kept in this browser only — no account, no server, works offline."
            </p>
            <p>
                "Start with an empty workspace below, or look around a realistic one first:"
            </p>
            <button class="primary" on:click=move |_| state.load_sample()>
                "Load sample data"
            </button>
        </div>
    }
}
