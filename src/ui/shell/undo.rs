//! Undo and redo buttons with their keyboard shortcuts.

use crate::ui::state::use_state;
use leptos::prelude::*;

/// Undo and redo of the workspace's changes (a project's, or an overview's: a card moved to
/// another day, reassigned): two buttons, and Ctrl+Z / Ctrl+Shift+Z (⌘ on a Mac) outside a
/// field, where the browser's own text undo applies.
#[component]
pub fn UndoButtons() -> impl IntoView {
    let state = use_state();
    let keys = window_event_listener(leptos::ev::keydown, move |ev| {
        if !(ev.ctrl_key() || ev.meta_key()) || !ev.key().eq_ignore_ascii_case("z") {
            return;
        }
        let typing = document()
            .active_element()
            .is_some_and(|el| matches!(el.tag_name().as_str(), "INPUT" | "TEXTAREA" | "SELECT"));
        if typing {
            return;
        }
        ev.prevent_default();
        if ev.shift_key() {
            state.redo();
        } else {
            state.undo();
        }
    });
    on_cleanup(move || keys.remove());
    let undo = move || {
        state
            .undo
            .with(|u| u.next_undo().map(|l| format!("Undo {l}")))
    };
    let redo = move || {
        state
            .undo
            .with(|u| u.next_redo().map(|l| format!("Redo {l}")))
    };
    view! {
        <div class="undo-redo" role="group" aria-label="Undo and redo">
            <button
                class="small"
                aria-keyshortcuts="Control+Z"
                title=move || undo().unwrap_or_else(|| "Nothing to undo".into())
                disabled=move || undo().is_none()
                on:click=move |_| state.undo()
            >
                "↶ Undo"
            </button>
            <button
                class="small"
                aria-keyshortcuts="Control+Shift+Z"
                title=move || redo().unwrap_or_else(|| "Nothing to redo".into())
                disabled=move || redo().is_none()
                on:click=move |_| state.redo()
            >
                "↷ Redo"
            </button>
        </div>
    }
}
