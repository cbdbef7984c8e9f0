//! The card dialog's lists: subtasks and the cards this one waits for. Like every other
//! field of the dialog they change its draft, saved with "Save card" and dropped by Cancel.

use super::Draft;
use crate::domain::project::Subtask;
use crate::domain::{Id, Project};
use leptos::prelude::*;

/// The card's steps, ticked as they are done.
#[component]
pub(super) fn Subtasks(draft: Draft) -> impl IntoView {
    let text = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let next = StoredValue::new(0u32);
    let add = move || {
        let t = text.get_untracked();
        if t.trim().is_empty() {
            error.set(Some("Type the step first.".into()));
            return;
        }
        error.set(None);
        // A draft id; the card gives it a real one when saved.
        let n = next.get_value();
        next.set_value(n + 1);
        draft.subtasks.update(|s| {
            s.push(Subtask {
                id: Id(format!("draft-{n}")),
                text: t.trim().to_string(),
                done: false,
            })
        });
        text.set(String::new());
    };
    let subtasks = move || draft.subtasks.get();
    view! {
        <fieldset class="picker">
            <legend>
                "Subtasks "
                {move || {
                    let s = subtasks();
                    (!s.is_empty())
                        .then(|| format!("({}/{})", s.iter().filter(|s| s.done).count(), s.len()))
                }}
            </legend>
            <ul class="subtasks">
                <For each=subtasks key=|s| (s.id.clone(), s.done, s.text.clone()) let:sub>
                    {
                        let sid = sub.id.clone();
                        let sid2 = sub.id.clone();
                        let t = sub.text.clone();
                        view! {
                            <li>
                                <label class="check-inline">
                                    <input
                                        type="checkbox"
                                        prop:checked=sub.done
                                        on:change=move |ev| {
                                            let on = event_target_checked(&ev);
                                            draft.subtasks.update(|s| {
                                                if let Some(s) = s.iter_mut().find(|s| s.id == sid) {
                                                    s.done = on;
                                                }
                                            });
                                        }
                                    />
                                    {sub.text.clone()}
                                </label>
                                <button
                                    type="button"
                                    class="icon-button"
                                    aria-label=format!("Delete subtask {t}")
                                    on:click=move |_| draft.subtasks.update(|s| s.retain(|s| s.id != sid2))
                                >
                                    "✕"
                                </button>
                            </li>
                        }
                    }
                </For>
            </ul>
            <div class="field-row">
                <input
                    id="card-new-subtask"
                    aria-label="New subtask"
                    placeholder="Add a step…"
                    aria-describedby="card-subtask-error"
                    bind:value=text
                    on:keydown=move |ev| {
                        if ev.key() == "Enter" {
                            ev.prevent_default();
                            add();
                        }
                    }
                />
                <button type="button" on:click=move |_| add()>"Add subtask"</button>
            </div>
            <p id="card-subtask-error" class="field-problem" role="alert">{move || error.get()}</p>
        </fieldset>
    }
}

/// The cards this one waits for. A blocker that would make a loop is refused next to the
/// picker, before it reaches the draft.
#[component]
pub(super) fn Blockers(
    project: RwSignal<Project>,
    open: RwSignal<Option<Id>>,
    draft: Draft,
) -> impl IntoView {
    let pick = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    Effect::new(move |_| {
        if open.with(Option::is_none) {
            error.set(None);
        }
    });
    let current = move || {
        let ids = draft.blockers.get();
        project.with(|p| {
            ids.iter()
                .filter_map(|b| p.card(b))
                .map(|b| (b.id.clone(), b.title.clone(), p.is_done(b)))
                .collect::<Vec<_>>()
        })
    };
    // The candidate cards are listed only once someone reaches the picker (focus or pointer):
    // a thousand options made the dialog slow to open and to close (the page restyles them).
    let listed = RwSignal::new(None::<Id>);
    Effect::new(move |_| {
        if open.with(Option::is_none) && listed.with_untracked(Option::is_some) {
            listed.set(None);
        }
    });
    let list_now = move || {
        let id = open.get_untracked();
        if listed.with_untracked(|l| l != &id) {
            listed.set(id);
        }
    };
    let candidates = move || {
        open.get()
            .filter(|id| listed.with(|l| l.as_ref() == Some(id)))
            .map(|id| {
                let blocked = draft.blockers.get();
                project.with(|p| {
                    p.cards
                        .iter()
                        .filter(|c| c.id != id && !blocked.contains(&c.id))
                        .map(|c| (c.id.clone(), c.title.clone()))
                        .collect::<Vec<_>>()
                })
            })
            .unwrap_or_default()
    };
    let add = move |_| {
        let v = pick.get_untracked();
        let Some(card) = open.get_untracked() else {
            return;
        };
        if v.is_empty() {
            error.set(Some("Choose a card first.".into()));
            return;
        }
        let mut list = draft.blockers.get_untracked();
        list.push(Id(v));
        match project.with_untracked(|p| p.check_blockers(&card, &list)) {
            Ok(()) => {
                error.set(None);
                draft.blockers.set(list);
                pick.set(String::new());
            }
            Err(e) => error.set(Some(e.to_string())),
        }
    };
    view! {
        <fieldset class="picker">
            <legend>"Blocked by"</legend>
            <ul class="blockers">
                <For each=current key=|b| b.clone() let:b>
                    {
                        let (bid, title, done) = b;
                        let t = title.clone();
                        view! {
                            <li>
                                <span>{title}</span>
                                <span class="badge">{if done { "done" } else { "open" }}</span>
                                <button
                                    type="button"
                                    class="icon-button"
                                    aria-label=format!("Remove blocker {t}")
                                    on:click=move |_| draft.blockers.update(|l| l.retain(|id| id != &bid))
                                >
                                    "✕"
                                </button>
                            </li>
                        }
                    }
                </For>
            </ul>
            <div class="field-row">
                <select
                    aria-label="Card that blocks this one"
                    aria-describedby="card-blocker-error"
                    aria-invalid=move || error.with(Option::is_some).then_some("true")
                    bind:value=pick
                    on:focus=move |_| list_now()
                    on:pointerdown=move |_| list_now()
                >
                    <option value="">"Choose a card…"</option>
                    <For each=candidates key=|c| c.clone() let:c>
                        <option value=c.0.to_string()>{c.1.clone()}</option>
                    </For>
                </select>
                <button type="button" on:click=add>"Add blocker"</button>
            </div>
            <p id="card-blocker-error" class="field-problem" role="alert">{move || error.get()}</p>
        </fieldset>
    }
}
