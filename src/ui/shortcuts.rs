//! Keyboard shortcuts, and the help dialog that lists them (opened with `?` or the header's
//! "Shortcuts" button).
//!
//! Single keys never fire while typing (in an input, a text area, a select or editable text),
//! while a dialog is open, or with Ctrl, ⌘ or Alt held. Undo and redo with Ctrl+Z and
//! Ctrl+Shift+Z are the project page's own (src/ui/projects/page.rs); this adds Ctrl+Y for redo.

use crate::ui::browser::focus_later;
use crate::ui::route::{ProjectTab, Route, TemplateTab};
use crate::ui::state::{use_state, AppState};
use leptos::html::Dialog;
use leptos::prelude::*;
use std::time::Duration;
use wasm_bindgen::JsCast;

/// How long (ms) after `g` the second key of a "go to" pair counts.
const CHORD_MS: f64 = 1500.0;

/// A shortcut: its keys, and what it does.
type Shortcut = (&'static [&'static str], &'static str);

/// The shortcuts, grouped, as shown in the help dialog: (keys, what they do). Keys in a
/// group separated by " then " are pressed one after the other; "+" means held together.
const GROUPS: &[(&str, &[Shortcut])] = &[
    (
        "Anywhere",
        &[
            (&["?"], "Show this list of shortcuts"),
            (&["g", "h"], "Go to the overview (portfolio)"),
            (&["g", "w"], "Go to the workload"),
            (&["g", "c"], "Go to the calendar"),
            (&["g", "p"], "Go to projects"),
            (&["g", "o"], "Go to operations (checklists)"),
            (&["g", "t"], "Go to Today"),
            (&["g", "m"], "Go to My day"),
            (&["g", "s"], "Go to settings"),
            (&["Escape"], "Close a dialog, cancel an edit or a drag"),
        ],
    ),
    (
        "In a project or a checklist",
        &[
            (&["["], "Previous tab"),
            (&["]"], "Next tab"),
            (&["Ctrl+Z"], "Undo (⌘+Z on a Mac)"),
            (&["Ctrl+Shift+Z"], "Redo (also Ctrl+Y, or ⌘+Shift+Z)"),
        ],
    ),
    (
        "On a board",
        &[
            (&["n"], "New card: type its title in the first column"),
            (&["/"], "Search cards"),
            (
                &["Alt+←", "Alt+→"],
                "Move the focused card to the previous or next column",
            ),
            (
                &["Alt+↑", "Alt+↓"],
                "Move the focused card up or down its column",
            ),
            (&["Enter"], "Open the focused card"),
        ],
    ),
];

/// The header's "Shortcuts" button, the help dialog, and the keys themselves.
#[component]
pub fn Shortcuts() -> impl IntoView {
    let state = use_state();
    let dialog = NodeRef::<Dialog>::new();
    // What had focus before the dialog opened, to give it back.
    let opener = StoredValue::new_local(None::<web_sys::HtmlElement>);
    // Whether the dialog's list is on the page (only from its first opening to its closing).
    let shown = RwSignal::new(false);
    let open = move || {
        let Some(d) = dialog.get_untracked() else {
            return;
        };
        if d.open() {
            return;
        }
        opener.set_value(
            document()
                .active_element()
                .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok()),
        );
        // The list is built when asked for; on the next frame it is on the page, and the
        // dialog opens with focus on its Close button.
        shown.set(true);
        request_animation_frame(move || {
            if !d.open() {
                let _ = d.show_modal();
            }
        });
    };
    let close = move || {
        if let Some(d) = dialog.get_untracked() {
            if d.open() {
                d.close();
            }
        }
    };
    let restore = move || {
        if let Some(el) = opener.get_value() {
            if el.is_connected() {
                let _ = el.focus();
            }
        }
        opener.set_value(None);
        shown.set(false);
    };
    // The first key of a "go to" pair, and when it was pressed.
    let pending_g = StoredValue::new(None::<f64>);
    let keys = window_event_listener(leptos::ev::keydown, move |ev| {
        if ev.default_prevented() || ev.is_composing() {
            return;
        }
        let ctrl = ev.ctrl_key() || ev.meta_key();
        if ctrl || ev.alt_key() {
            // Ctrl+Y redoes on a project page (Ctrl+Z and Ctrl+Shift+Z are handled there).
            // (The key's name is read only when needed: every key press, card moves included,
            // comes through here.)
            if ev.ctrl_key()
                && !ev.shift_key()
                && !ev.alt_key()
                && ev.key().eq_ignore_ascii_case("y")
                && matches!(state.route.get_untracked(), Route::Project(..))
                && !typing(&ev)
                && !dialog_open()
            {
                ev.prevent_default();
                state.redo();
            }
            return;
        }
        if typing(&ev) || dialog_open() {
            return;
        }
        let key = ev.key();
        let now = js_sys::Date::now();
        let chord = pending_g.get_value().is_some_and(|t| now - t < CHORD_MS);
        pending_g.set_value(None);
        if chord {
            let to = match key.as_str() {
                "h" => Some(Route::Portfolio),
                "w" => Some(Route::Workload),
                "c" => Some(Route::Calendar),
                "p" => Some(Route::Projects),
                "o" => Some(Route::Operations),
                "t" => Some(Route::Today),
                "m" => Some(Route::MyDay),
                "s" => Some(Route::Settings),
                _ => None,
            };
            if let Some(to) = to {
                ev.prevent_default();
                state.go(to);
                return;
            }
        }
        match key.as_str() {
            "?" => {
                ev.prevent_default();
                open();
            }
            "g" => pending_g.set_value(Some(now)),
            "[" | "]" => {
                if let Some(to) = next_tab(&state.route.get_untracked(), key == "]") {
                    ev.prevent_default();
                    state.go(to);
                }
            }
            "n" => {
                ev.prevent_default();
                on_board(state, ".board .column .add-card input", "a board");
            }
            "/" => {
                ev.prevent_default();
                on_board(state, "#filter-text", "a board");
            }
            _ => {}
        }
    });
    on_cleanup(move || keys.remove());

    let groups = || {
        GROUPS
            .iter()
            .enumerate()
            .map(|(i, (title, rows))| {
                let id = format!("shortcuts-group-{i}");
                let labelled_by = id.clone();
                let rows = rows
                    .iter()
                    .map(|(keys, what)| {
                        let keys = keys
                            .iter()
                            .enumerate()
                            .map(|(j, k)| {
                                let sep = match (j, keys.len() > 1, keys[0] == "g") {
                                    (0, _, _) => "",
                                    (_, _, true) => " then ",
                                    _ => " or ",
                                };
                                view! { {sep}<kbd>{*k}</kbd> }
                            })
                            .collect_view();
                        view! {
                            <div class="shortcut">
                                <dt>{keys}</dt>
                                <dd>{*what}</dd>
                            </div>
                        }
                    })
                    .collect_view();
                view! {
                    <section class="shortcut-group" aria-labelledby=labelled_by>
                        <h3 id=id>{*title}</h3>
                        <dl>{rows}</dl>
                    </section>
                }
            })
            .collect_view()
    };

    view! {
        <button
            type="button"
            class="shortcuts-button"
            aria-keyshortcuts="?"
            aria-label="Keyboard shortcuts"
            title="Keyboard shortcuts (?)"
            on:click=move |_| open()
        >
            <span aria-hidden="true">"⌨"</span>
            <span class="shortcuts-button-text">" Shortcuts"</span>
        </button>
        <dialog
            node_ref=dialog
            class="dialog shortcuts-dialog"
            aria-modal="true"
            aria-labelledby="shortcuts-title"
            aria-describedby="shortcuts-intro"
            on:close=move |_| restore()
        >
            <Show when=move || shown.get()>
            <div class="shortcuts-head">
                <h2 id="shortcuts-title">"Keyboard shortcuts"</h2>
                <button type="button" class="small" autofocus on:click=move |_| close()>
                    "Close"
                </button>
            </div>
            <p id="shortcuts-intro" class="hint">
                "Single keys work when you are not typing in a field. Press Escape to close this list."
            </p>
            <div class="shortcut-groups">{groups()}</div>
            </Show>
        </dialog>
    }
}

/// Is the key going to a field the user types in?
fn typing(ev: &web_sys::KeyboardEvent) -> bool {
    let el = ev
        .target()
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        .or_else(|| document().active_element());
    let Some(el) = el else {
        return false;
    };
    if matches!(el.tag_name().as_str(), "INPUT" | "TEXTAREA" | "SELECT") {
        return true;
    }
    el.dyn_ref::<web_sys::HtmlElement>()
        .is_some_and(|h| h.is_content_editable())
}

/// Is a modal dialog (this one, a card, a confirmation) open? Its keys are its own then.
fn dialog_open() -> bool {
    document()
        .query_selector("dialog[open]")
        .ok()
        .flatten()
        .is_some()
}

/// The previous or next tab of the project or checklist on screen (none at either end).
fn next_tab(route: &Route, forward: bool) -> Option<Route> {
    fn step<T: Copy + PartialEq>(all: &[T], now: T, forward: bool) -> Option<T> {
        let i = all.iter().position(|t| *t == now)?;
        let j = if forward { i + 1 } else { i.checked_sub(1)? };
        all.get(j).copied()
    }
    match route {
        Route::Project(id, tab) => {
            step(&ProjectTab::ALL, *tab, forward).map(|t| Route::Project(id.clone(), t))
        }
        Route::Template(id, tab) => {
            step(&TemplateTab::ALL, *tab, forward).map(|t| Route::Template(id.clone(), t))
        }
        _ => None,
    }
}

/// Focuses `selector` on the project's board, going to the board first from another tab of
/// the project. Elsewhere, says where the shortcut works.
fn on_board(state: AppState, selector: &'static str, place: &str) {
    match state.route.get_untracked() {
        Route::Project(_, ProjectTab::Board) => focus_later(selector.into()),
        Route::Project(id, _) => {
            state.go(Route::Project(id, ProjectTab::Board));
            // After the page has moved focus to its heading.
            set_timeout(
                move || focus_later(selector.into()),
                Duration::from_millis(120),
            );
        }
        _ => state.announce(format!("That shortcut works on {place}.")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Id;

    #[test]
    fn tabs_step_within_a_project_and_a_checklist() {
        let id = Id("abc123".into());
        let board = Route::Project(id.clone(), ProjectTab::Board);
        assert_eq!(next_tab(&board, false), None);
        assert_eq!(
            next_tab(&board, true),
            Some(Route::Project(id.clone(), ProjectTab::Table))
        );
        let last = Route::Template(id.clone(), TemplateTab::Versions);
        assert_eq!(next_tab(&last, true), None);
        assert_eq!(
            next_tab(&last, false),
            Some(Route::Template(id, TemplateTab::Analytics))
        );
        assert_eq!(next_tab(&Route::Today, true), None);
    }
}
