//! Text shown with a button that turns it into a field: Enter (or Save) keeps the change,
//! Escape (or Cancel) drops it. Used for every rename.

use leptos::prelude::*;

/// `value` is what is shown; `on_save` gets the typed text and returns whether it was
/// accepted (a refused name keeps the field open so the user can fix it).
#[component]
pub fn InlineEdit(
    #[prop(into)] value: Signal<String>,
    /// Accessible name of the text field ("Column name").
    #[prop(into)]
    field_label: String,
    /// Accessible name of the button that starts editing ("Rename column To do").
    #[prop(into)]
    edit_label: Signal<String>,
    on_save: Callback<String, bool>,
    /// The element the text is shown in, as a class hook.
    #[prop(optional, into)]
    class: String,
) -> impl IntoView {
    let editing = RwSignal::new(false);
    let draft = RwSignal::new(String::new());
    let input = NodeRef::<leptos::html::Input>::new();
    let start = move |_| {
        draft.set(value.get_untracked());
        editing.set(true);
        request_animation_frame(move || {
            if let Some(i) = input.get_untracked() {
                let _ = i.focus();
                i.select();
            }
        });
    };
    let save = move || {
        if on_save.run(draft.get_untracked()) {
            editing.set(false);
        }
    };
    let field_label2 = field_label.clone();
    view! {
        <Show
            when=move || editing.get()
            fallback=move || {
                view! {
                    <span class=format!("inline-edit {class}")>
                        <span class="inline-edit-text">{move || value.get()}</span>
                        <button
                            class="icon-button"
                            aria-label=move || edit_label.get()
                            title=move || edit_label.get()
                            on:click=start
                        >
                            "✎"
                        </button>
                    </span>
                }
            }
        >
            <form
                class="inline-edit-form"
                on:submit=move |ev| {
                    ev.prevent_default();
                    save();
                }
            >
                <input
                    node_ref=input
                    aria-label=field_label2.clone()
                    bind:value=draft
                    on:keydown=move |ev| {
                        if ev.key() == "Escape" {
                            ev.prevent_default();
                            ev.stop_propagation();
                            editing.set(false);
                        }
                    }
                />
                <button type="submit" class="primary small">"Save"</button>
                <button type="button" class="small" on:click=move |_| editing.set(false)>
                    "Cancel"
                </button>
            </form>
        </Show>
    }
}
