//! Small controls every feature uses: the confirm dialog, inline editing, "not here", the
//! document title. (The app itself, its header and banner are in `ui::app`.)

mod confirm;
mod inline_edit;
mod menu;
mod undo;

pub use confirm::ConfirmDialog;
pub use inline_edit::InlineEdit;
pub use menu::{menu_item, MenuButton};
pub use undo::UndoButtons;

use super::route::Route;
use leptos::prelude::*;

/// Shown when a link points at something this browser does not have.
#[component]
pub fn NotFound(what: &'static str, back: Route) -> impl IntoView {
    view! {
        <section class="page narrow">
            <h1 tabindex="-1">{format!("This {what} isn't here")}</h1>
            <p>
                "It may have been deleted, or the link came from another browser. Docket keeps \
                 its data in each browser separately: ask the sender to export it for you."
            </p>
            <p><a class="button" href=back.href()>"Go back"</a></p>
        </section>
    }
}

/// Sets the document title for the current view.
pub fn set_title(title: impl Fn() -> String + 'static) {
    Effect::new(move |_| {
        document().set_title(&format!("{} · Docket", title()));
    });
}
