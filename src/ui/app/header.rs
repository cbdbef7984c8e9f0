//! The header: the brand, the main navigation, shortcuts and the theme toggle.

use crate::ui::route::{Route, Section};
use leptos::prelude::*;

/// The header above every page; `route` marks the current section.
#[component]
pub(super) fn Header(route: Memo<Route>) -> impl IntoView {
    let state = crate::ui::state::use_state();
    // The start page shows the projects until there is data, the portfolio after.
    let section = move || match route.get() {
        Route::Home if state.is_empty_untracked() => Section::Projects,
        r => r.section(),
    };
    let current = move |s: Section| move || (section() == s).then_some("page");
    view! {
        <header class="app-header">
            <a class="brand" href=Route::Home.href()>
                <span class="brand-mark" aria-hidden="true">"▦"</span>
                "Docket"
            </a>
            <nav aria-label="Main">
                <a href=Route::Portfolio.href() aria-current=current(Section::Overview)>
                    "Overview"
                </a>
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
