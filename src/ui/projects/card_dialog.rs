//! The card dialog: edit a card's title and description, or delete it.

use crate::domain::{Id, Project};
use crate::ui::browser::focus_later;
use crate::ui::state::use_state;
use leptos::html::Dialog;
use leptos::prelude::*;

#[component]
pub fn CardDialog(project: RwSignal<Project>, open: RwSignal<Option<Id>>) -> impl IntoView {
    let state = use_state();
    let dialog = NodeRef::<Dialog>::new();
    let title = RwSignal::new(String::new());
    let description = RwSignal::new(String::new());
    Effect::new(move |_| {
        let Some(d) = dialog.get() else { return };
        match open.get() {
            Some(id) => {
                let card = project.with_untracked(|p| p.card(&id).cloned());
                match card {
                    Some(c) => {
                        title.set(c.title);
                        description.set(c.description);
                        if !d.open() {
                            let _ = d.show_modal();
                        }
                    }
                    None => open.set(None),
                }
            }
            None => {
                if d.open() {
                    d.close();
                }
            }
        }
    });
    let close = move || open.set(None);
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(id) = open.get_untracked() else {
            return;
        };
        let ok = state
            .edit_project(project, "edit card", |p, env| {
                p.edit_card(
                    env,
                    &id,
                    &title.get_untracked(),
                    &description.get_untracked(),
                )
            })
            .is_some();
        if ok {
            state.announce("Card saved.");
            close();
        }
    };
    let delete = move |_| {
        let Some(id) = open.get_untracked() else {
            return;
        };
        let t = title.get_untracked();
        state.ask(
            format!("Delete card “{t}”?"),
            "The card will be removed from the board.".into(),
            "Delete card",
            move || {
                state.edit_project(project, "delete card", |p, env| p.delete_card(env, &id));
                open.set(None);
                state.announce(format!("Deleted card {t}."));
                focus_later(".add-card input".into());
            },
        );
    };
    view! {
        <dialog
            node_ref=dialog
            class="dialog card-dialog"
            aria-labelledby="card-dialog-title"
            on:close=move |_| close()
        >
            <form on:submit=save>
                <h2 id="card-dialog-title">"Edit card"</h2>
                <label for="card-title">"Title"</label>
                <input id="card-title" bind:value=title/>
                <label for="card-description">"Description"</label>
                <textarea id="card-description" rows="6" bind:value=description></textarea>
                <div class="dialog-actions">
                    <button type="button" class="danger-text ghost" on:click=delete>
                        "Delete card"
                    </button>
                    <span class="spacer"></span>
                    <button type="button" on:click=move |_| close()>"Cancel"</button>
                    <button type="submit" class="primary">"Save card"</button>
                </div>
            </form>
        </dialog>
    }
}
