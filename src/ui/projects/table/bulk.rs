//! The bar for the selected cards: move them to a column, assign or unassign someone, add
//! or remove a label, or delete them. Each is one operation of the project (one step to
//! undo); a refusal is said in the bar.

use super::TableCtx;
use crate::domain::{DomainError, Env, Id, Project};
use crate::ui::browser::focus_later;
use crate::ui::state::use_state;
use leptos::prelude::*;
use std::collections::HashSet;

/// An operation on the selected cards (given last); gives how many it changed.
type Op = Box<dyn FnOnce(&mut Project, &mut dyn Env, &[Id]) -> Result<usize, DomainError>>;

fn cards(n: usize) -> String {
    if n == 1 {
        "1 card".into()
    } else {
        format!("{n} cards")
    }
}

/// The bar (shown while cards are selected).
#[component]
pub(super) fn BulkBar(
    /// The selected cards the table lists, in its order.
    picked: Memo<Vec<Id>>,
) -> impl IntoView {
    let state = use_state();
    let ctx = expect_context::<TableCtx>();
    let column = RwSignal::new(String::new());
    let person = RwSignal::new(String::new());
    let label = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    // One operation on the selection; `whole`: it may change other cards too (a delete
    // frees the cards the deleted ones blocked), so the session compares the whole project.
    let run = move |label: String, whole: bool, op: Op, said: Box<dyn Fn(usize) -> String>| {
        let ids = picked.get_untracked();
        let done = if whole {
            state.edit_project(ctx.project, &label, |p, env| op(p, env, &ids))
        } else {
            state.edit_project_cards(ctx.project, &label, &ids, |p, env| op(p, env, &ids))
        };
        match done {
            Some(n) => {
                error.set(None);
                state.announce(said(n));
            }
            None => {
                error.set(Some(
                    state
                        .error_text()
                        .unwrap_or_else(|| "Nothing was changed.".into()),
                ));
                state.clear_refusal();
            }
        }
    };
    let need = move |v: RwSignal<String>, what: &'static str| -> Option<Id> {
        let s = v.get_untracked();
        if s.is_empty() {
            error.set(Some(format!("Pick {what} first.")));
            None
        } else {
            Some(Id(s))
        }
    };
    let do_move = move |_| {
        let Some(to) = need(column, "a column") else {
            focus_later("#bulk-column".into());
            return;
        };
        let name = ctx
            .model
            .columns
            .with_untracked(|cs| cs.iter().find(|c| c.id == to).map(|c| c.name.clone()))
            .unwrap_or_default();
        let n = picked.with_untracked(Vec::len);
        run(
            format!("move {}", cards(n)),
            false,
            Box::new(move |p, env, ids| p.move_cards(env, ids, &to)),
            Box::new(move |k| format!("Moved {} to {name}.", cards(k))),
        );
    };
    let do_assign = move |on: bool| {
        let Some(who) = need(person, "a person") else {
            focus_later("#bulk-person".into());
            return;
        };
        let name = state
            .people
            .with_untracked(|ps| ps.iter().find(|p| p.id == who).map(|p| p.name.clone()))
            .unwrap_or_default();
        let n = picked.with_untracked(Vec::len);
        run(
            format!("{} {}", if on { "assign" } else { "unassign" }, cards(n)),
            false,
            Box::new(move |p, env, ids| p.assign_cards(env, ids, &who, on)),
            Box::new(move |k| {
                if on {
                    format!("Assigned {name} to {}.", cards(k))
                } else {
                    format!("Took {name} off {}.", cards(k))
                }
            }),
        );
    };
    let do_label = move |on: bool| {
        let Some(l) = need(label, "a label") else {
            focus_later("#bulk-label".into());
            return;
        };
        let name = ctx
            .model
            .labels
            .with_untracked(|ls| ls.iter().find(|x| x.id == l).map(|x| x.name.clone()))
            .unwrap_or_default();
        let n = picked.with_untracked(Vec::len);
        run(
            format!("label {}", cards(n)),
            false,
            Box::new(move |p, env, ids| p.label_cards(env, ids, &l, on)),
            Box::new(move |k| {
                if on {
                    format!("Labelled {} “{name}”.", cards(k))
                } else {
                    format!("Took “{name}” off {}.", cards(k))
                }
            }),
        );
    };
    let do_delete = move |_| {
        let n = picked.with_untracked(Vec::len);
        state.ask(
            format!("Delete {}?", cards(n)),
            format!("The {} go to the project's trash, where each can be restored; Undo brings them all back.", cards(n)),
            &format!("Delete {}", cards(n)),
            move || {
                run(
                    format!("delete {}", cards(n)),
                    true,
                    Box::new(|p, env, ids| p.delete_cards(env, ids)),
                    Box::new(|k| format!("Deleted {} (they are in the trash).", cards(k))),
                );
                if error.with_untracked(Option::is_none) {
                    ctx.selected.set(HashSet::new());
                    focus_later(".board-table thead input[type=checkbox]".into());
                }
            },
        );
    };
    let options = |list: Vec<(Id, String)>| {
        list.into_iter()
            .map(|(id, name)| view! { <option value=id.to_string()>{name}</option> })
            .collect_view()
    };
    let column_options = move || {
        options(
            ctx.model
                .columns
                .with(|cs| cs.iter().map(|c| (c.id.clone(), c.name.clone())).collect()),
        )
    };
    let people_options = move || {
        options(
            state
                .people
                .with(|ps| ps.iter().map(|p| (p.id.clone(), p.name.clone())).collect()),
        )
    };
    let label_options = move || {
        options(
            ctx.model
                .labels
                .with(|ls| ls.iter().map(|l| (l.id.clone(), l.name.clone())).collect()),
        )
    };
    let has_labels = move || ctx.model.labels.with(|l| !l.is_empty());
    view! {
        {move || picked.with(|p| !p.is_empty()).then(|| view! {
            <div class="bulk-bar" role="group" aria-labelledby="bulk-count">
                <p id="bulk-count" class="bulk-count">
                    {move || format!("{} selected", cards(picked.with(Vec::len)))}
                </p>
                <div class="bulk-action">
                    <label for="bulk-column">"Move to"</label>
                    <select id="bulk-column" bind:value=column>
                        <option value="">"Column…"</option>
                        {column_options}
                    </select>
                    <button type="button" class="small" on:click=do_move>"Move"</button>
                </div>
                <div class="bulk-action">
                    <label for="bulk-person">"Person"</label>
                    <select id="bulk-person" bind:value=person>
                        <option value="">"Person…"</option>
                        {people_options}
                    </select>
                    <button type="button" class="small" on:click=move |_| do_assign(true)>"Assign"</button>
                    <button type="button" class="small" on:click=move |_| do_assign(false)>"Unassign"</button>
                </div>
                {move || has_labels().then(|| view! {
                    <div class="bulk-action">
                        <label for="bulk-label">"Label"</label>
                        <select id="bulk-label" bind:value=label>
                            <option value="">"Label…"</option>
                            {label_options}
                        </select>
                        <button type="button" class="small" on:click=move |_| do_label(true)>"Add label"</button>
                        <button type="button" class="small" on:click=move |_| do_label(false)>"Remove label"</button>
                    </div>
                })}
                <div class="bulk-action">
                    <button type="button" class="small danger" on:click=do_delete>
                        {move || format!("Delete {}", cards(picked.with(Vec::len)))}
                    </button>
                    <button type="button" class="small" on:click=move |_| ctx.selected.set(HashSet::new())>
                        "Clear selection"
                    </button>
                </div>
                {move || error.get().map(|e| view! { <p class="field-error bulk-error" role="alert">{e}</p> })}
            </div>
        })}
    }
}
