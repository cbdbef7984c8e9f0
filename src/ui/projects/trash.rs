//! The trash tab of a project: deleted cards and columns (restore or delete for good), and
//! archived cards (put back on the board).

use crate::domain::{Id, Project, Ts};
use crate::ui::browser::{focus_later, local_time};
use crate::ui::state::use_state;
use leptos::prelude::*;

/// One row of the trash list.
#[derive(Clone, Debug, PartialEq)]
struct TrashRow {
    id: Id,
    what: String,
    at: Ts,
}

/// One archived card.
#[derive(Clone, Debug, PartialEq)]
struct ArchivedRow {
    id: Id,
    title: String,
    column: String,
}

/// The trash tab.
#[component]
pub fn TrashView(project: RwSignal<Project>) -> impl IntoView {
    let state = use_state();
    let rows = Memo::new(move |_| {
        project.with(|p| {
            let mut v: Vec<TrashRow> = p
                .trash
                .iter()
                .map(|t| TrashRow {
                    id: t.id().clone(),
                    what: t.describe(),
                    at: t.at,
                })
                .collect();
            crate::domain::sort::sort_by_key(&mut v, |r| std::cmp::Reverse(r.at));
            v
        })
    });
    let archived = Memo::new(move |_| {
        project.with(|p| {
            p.archived_cards()
                .into_iter()
                .map(|c| ArchivedRow {
                    id: c.id.clone(),
                    title: c.title.clone(),
                    column: p
                        .column(&c.column)
                        .map(|col| col.name.clone())
                        .unwrap_or_default(),
                })
                .collect::<Vec<_>>()
        })
    });
    let restore = move |row: TrashRow| {
        if state
            .edit_project(project, "restore from trash", |p, env| {
                p.restore(env, &row.id)
            })
            .is_some()
        {
            state.announce(format!("Restored {}.", row.what));
            focus_later("#trash-heading".into());
        }
    };
    let purge = move |row: TrashRow| {
        state.ask(
            format!("Delete {} forever?", row.what),
            "It can't be restored afterwards.".into(),
            "Delete forever",
            move || {
                if state
                    .edit_project(project, "delete forever", |p, env| p.purge(env, &row.id))
                    .is_some()
                {
                    state.announce(format!("Deleted {} forever.", row.what));
                    focus_later("#trash-heading".into());
                }
            },
        );
    };
    let unarchive = move |row: ArchivedRow| {
        if state
            .edit_project(project, "restore archived card", |p, env| {
                p.set_archived(env, &row.id, false)
            })
            .is_some()
        {
            state.announce(format!(
                "Put “{}” back on the board in {}.",
                row.title, row.column
            ));
            focus_later("#archived-heading".into());
        }
    };
    view! {
        <section class="trash-view" aria-labelledby="trash-heading">
            <h2 id="trash-heading" tabindex="-1">"Deleted cards and columns"</h2>
            <Show
                when=move || rows.with(|r| !r.is_empty())
                fallback=|| {
                    view! {
                        <p class="empty">
                            "Nothing has been deleted. Deleted cards and columns wait here until you restore them or delete them forever."
                        </p>
                    }
                }
            >
                <ul class="trash-list" aria-label="Deleted cards and columns">
                    <For each=move || rows.get() key=|r| (r.id.clone(), r.at) let:row>
                        {
                            let r1 = row.clone();
                            let r2 = row.clone();
                            let what = row.what.clone();
                            let what2 = row.what.clone();
                            view! {
                                <li class="trash-item">
                                    <div class="trash-what">
                                        <span class="trash-name">{row.what.clone()}</span>
                                        <span class="trash-when">
                                            {format!("Deleted {}", local_time(row.at))}
                                        </span>
                                    </div>
                                    <div class="trash-actions">
                                        <button
                                            class="small"
                                            aria-label=format!("Restore {what}")
                                            on:click=move |_| restore(r1.clone())
                                        >
                                            "Restore"
                                        </button>
                                        <button
                                            class="small danger"
                                            aria-label=format!("Delete {what2} forever")
                                            on:click=move |_| purge(r2.clone())
                                        >
                                            "Delete forever"
                                        </button>
                                    </div>
                                </li>
                            }
                        }
                    </For>
                </ul>
            </Show>
        </section>
        <section class="trash-view" aria-labelledby="archived-heading">
            <h2 id="archived-heading" tabindex="-1">"Archived cards"</h2>
            <Show
                when=move || archived.with(|r| !r.is_empty())
                fallback=|| {
                    view! {
                        <p class="empty">
                            "No archived cards. Archived cards leave the board but still count in reports."
                        </p>
                    }
                }
            >
                <ul class="trash-list" aria-label="Archived cards">
                    <For each=move || archived.get() key=|r| r.id.clone() let:row>
                        {
                            let title = row.title.clone();
                            let r1 = row.clone();
                            view! {
                                <li class="trash-item">
                                    <div class="trash-what">
                                        <span class="trash-name">{format!("Card “{}”", row.title)}</span>
                                        <span class="trash-when">
                                            {(!row.column.is_empty()).then(|| format!("From {}", row.column))}
                                        </span>
                                    </div>
                                    <div class="trash-actions">
                                        <button
                                            class="small"
                                            aria-label=format!("Restore “{title}” to the board")
                                            on:click=move |_| unarchive(r1.clone())
                                        >
                                            "Restore to board"
                                        </button>
                                    </div>
                                </li>
                            }
                        }
                    </For>
                </ul>
            </Show>
        </section>
    }
}
