//! The header: the brand, the main navigation, shortcuts and the theme toggle.

use crate::ui::route::{Route, Section};
use leptos::prelude::*;

/// The header above every page; `route` marks the current section.
#[component]
pub(super) fn Header(route: Memo<Route>) -> impl IntoView {
    let current = move |s: Section| move || (route.get().section() == s).then_some("page");
    view! {
        <header class="app-header">
            <a class="brand" href=Route::Projects.href()>
                <span class="brand-mark" aria-hidden="true">"▦"</span>
                "Docket"
            </a>
            <nav aria-label="Main">
                <a href=Route::Projects.href() aria-current=current(Section::Projects)>
                    "Projects"
                </a>
                <a href=Route::Operations.href() aria-current=current(Section::Operations)>
                    "Operations"
                </a>
                <a href=Route::People.href() aria-current=current(Section::People)>
                    "People"
                </a>
                <crate::ui::exchange::ExchangeLink current=Signal::derive(move || route.get().section() == Section::Exchange)/>
                <a href=Route::Settings.href() aria-current=current(Section::Settings)>
                    "Settings"
                </a>
            </nav>
            <crate::ui::shortcuts::Shortcuts/>
            <crate::ui::theme::ThemeToggle/>
        </header>
    }
}
