//! The card dialog's records (`domain::records`): its comments — added at once, not with
//! "Save card"; a comment still in the box when the card is saved is added with it — and
//! its history, newest first.

use crate::domain::{Id, Project};
use crate::ui::browser::local_time;
use crate::ui::projects::activity::{sentence, who};
use crate::ui::state::{use_state, AppState};
use leptos::prelude::*;

/// Adds the comment in `text` to the open card (nothing when it is blank); clears the box
/// when it was added.
pub(super) fn post(state: AppState, project: RwSignal<Project>, card: &Id, text: RwSignal<String>) {
    let body = text.get_untracked();
    if body.trim().is_empty() {
        return;
    }
    let author = state.author.get_untracked();
    if state
        .edit_card(project, "add comment", card, |p, env| {
            p.add_comment(env, card, author, &body)
        })
        .is_some()
    {
        text.set(String::new());
        state.announce("Comment added.");
    }
}

#[component]
pub(super) fn Comments(
    project: RwSignal<Project>,
    open: RwSignal<Option<Id>>,
    text: RwSignal<String>,
) -> impl IntoView {
    let state = use_state();
    let comments = Memo::new(move |_| {
        open.get()
            .and_then(|id| project.with(|p| p.card(&id).map(|c| c.comments.clone())))
            .unwrap_or_default()
    });
    let add = move |_| {
        if let Some(id) = open.get_untracked() {
            post(state, project, &id, text);
        }
    };
    let delete = move |comment: Id| {
        let Some(card) = open.get_untracked() else {
            return;
        };
        if state
            .edit_card(project, "delete comment", &card, |p, env| {
                p.delete_comment(env, &card, &comment)
            })
            .is_some()
        {
            state.announce("Comment deleted. Undo brings it back.");
            crate::ui::browser::focus_later("#card-comment".into());
        }
    };
    view! {
        <section class="card-comments" aria-labelledby="card-comments-heading">
            <h3 id="card-comments-heading">
                {move || match comments.with(Vec::len) {
                    0 => "Comments".to_string(),
                    n => format!("Comments ({n})"),
                }}
            </h3>
            <ol class="comment-list">
                {move || {
                    let people = state.people.get();
                    comments
                        .get()
                        .into_iter()
                        .map(|c| {
                            let name = who(&people, c.author.as_ref());
                            let when = local_time(c.at);
                            let label = format!("Delete the comment by {name} of {when}");
                            let id = c.id.clone();
                            view! {
                                <li class="comment">
                                    <p class="comment-head">
                                        <strong>{name}</strong>
                                        " · "
                                        <time>{when}</time>
                                        <button
                                            type="button"
                                            class="ghost small"
                                            aria-label=label
                                            on:click=move |_| delete(id.clone())
                                        >
                                            "Delete"
                                        </button>
                                    </p>
                                    <div class="comment-text">{crate::ui::markdown::markdown(&c.text)}</div>
                                </li>
                            }
                        })
                        .collect_view()
                }}
            </ol>
            <label for="card-comment">"Add a comment"</label>
            <textarea
                id="card-comment"
                rows="2"
                bind:value=text
                on:keydown=move |ev| {
                    // Ctrl+Enter (or ⌘+Enter) adds it; Enter alone starts a new line.
                    if ev.key() == "Enter" && (ev.ctrl_key() || ev.meta_key()) {
                        ev.prevent_default();
                        if let Some(id) = open.get_untracked() {
                            post(state, project, &id, text);
                        }
                    }
                }
            ></textarea>
            <div class="comment-actions">
                <label for="comment-as">"Comment as"</label>
                <select
                    id="comment-as"
                    on:change=move |ev| {
                        let v = event_target_value(&ev);
                        state.set_author((!v.is_empty()).then_some(Id(v)));
                    }
                >
                    <option value="" selected=move || state.author.get().is_none()>
                        "Nobody chosen"
                    </option>
                    {move || {
                        let mut people = state.people.get();
                        crate::domain::sort::sort_by(&mut people, |a, b| a.name.to_lowercase().cmp(&b.name.to_lowercase()));
                        people
                            .into_iter()
                            .map(|p| {
                                let id = p.id.clone();
                                view! {
                                    <option
                                        value=p.id.to_string()
                                        selected=move || state.author.get().as_ref() == Some(&id)
                                    >
                                        {p.name}
                                    </option>
                                }
                            })
                            .collect_view()
                    }}
                </select>
                <button type="button" on:click=add>"Add comment"</button>
            </div>
        </section>
    }
}

#[component]
pub(super) fn History(project: RwSignal<Project>, open: RwSignal<Option<Id>>) -> impl IntoView {
    let state = use_state();
    let history = Memo::new(move |_| {
        open.get()
            .and_then(|id| project.with(|p| p.card(&id).map(|c| c.history.clone())))
            .unwrap_or_default()
    });
    view! {
        <details class="card-history">
            <summary>{move || format!("History ({})", history.with(Vec::len))}</summary>
            <Show
                when=move || history.with(|h| !h.is_empty())
                fallback=|| view! { <p class="muted">"No changes on record yet."</p> }
            >
                <ol class="activity-list">
                    {move || {
                        let people = state.people.get();
                        history
                            .get()
                            .iter()
                            .rev()
                            .map(|a| {
                                view! {
                                    <li>
                                        <span class="activity-when">{local_time(a.at)}</span>
                                        <span class="activity-what">{sentence(&people, a)}</span>
                                    </li>
                                }
                            })
                            .collect_view()
                    }}
                </ol>
            </Show>
        </details>
    }
}
