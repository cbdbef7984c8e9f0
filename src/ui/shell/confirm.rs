//! The one confirmation dialog, driven by [`AppState::confirm`](super::super::state::AppState).
//! A native modal `<dialog>`: it traps focus, closes on Escape, and gives focus back to the
//! control that opened it.

use crate::ui::state::use_state;
use leptos::html::Dialog;
use leptos::prelude::*;

#[component]
pub fn ConfirmDialog() -> impl IntoView {
    let state = use_state();
    let dialog = NodeRef::<Dialog>::new();
    Effect::new(move |_| {
        let open = state.confirm.with(Option::is_some);
        if let Some(d) = dialog.get() {
            if open && !d.open() {
                let _ = d.show_modal();
            } else if !open && d.open() {
                d.close();
            }
        }
    });
    let confirm = move |_| {
        if let Some(req) = state.confirm.get_untracked() {
            state.confirm.set(None);
            (req.on_confirm)();
        }
    };
    view! {
        <dialog
            node_ref=dialog
            class="dialog confirm"
            aria-labelledby="confirm-title"
            aria-describedby="confirm-message"
            on:close=move |_| state.confirm.set(None)
        >
            <h2 id="confirm-title">
                {move || state.confirm.with(|c| c.as_ref().map(|c| c.title.clone()))}
            </h2>
            <p id="confirm-message">
                {move || state.confirm.with(|c| c.as_ref().map(|c| c.message.clone()))}
            </p>
            <div class="dialog-actions">
                <button autofocus on:click=move |_| state.confirm.set(None)>"Cancel"</button>
                <button class="danger" on:click=confirm>
                    {move || state.confirm.with(|c| c.as_ref().map(|c| c.action.clone()))}
                </button>
            </div>
        </dialog>
    }
}
