//! The app shell: header and navigation, the banner, the confirm dialog, the live region,
//! and small controls every feature uses.

mod confirm;
mod inline_edit;

pub use confirm::ConfirmDialog;
pub use inline_edit::InlineEdit;

use super::operations::{OperationsPage, RunPage, TemplatePage};
use super::projects::{ProjectPage, ProjectsPage};
use super::route::{Route, Section};
use super::state::{use_state, AppState};
use leptos::prelude::*;

/// The whole app.
#[component]
pub fn App() -> impl IntoView {
    let state = AppState::init();
    provide_context(state);
    // Follow the URL's hash: links, back/forward and edited URLs all land here.
    let listener = window_event_listener(leptos::ev::hashchange, move |_| {
        let hash = window().location().hash().unwrap_or_default();
        state.route.set(Route::parse(&hash));
    });
    on_cleanup(move || listener.remove());
    let route = Memo::new(move |_| state.route.get());
    // Move focus to the new page's heading so keyboard and screen-reader users land there.
    Effect::new(move |prev: Option<()>| {
        route.track();
        if prev.is_some() {
            super::browser::focus_later("main h1".into());
        }
    });

    view! {
        <button class="skip-link" on:click=|_| super::browser::focus_later("main".into())>
            "Skip to content"
        </button>
        <Header route=route/>
        <Banner/>
        <super::pwa::UpdatePrompt/>
        <main id="main" tabindex="-1">
            <super::recovery::RecoveryGate>
            {move || match route.get() {
                Route::Projects => view! { <ProjectsPage/> }.into_any(),
                Route::Project(id, tab) => view! { <ProjectPage id=id tab=tab/> }.into_any(),
                Route::Operations => view! { <OperationsPage/> }.into_any(),
                Route::People => view! { <super::people::PeoplePage/> }.into_any(),
                Route::Template(id, tab) => view! { <TemplatePage id=id tab=tab/> }.into_any(),
                Route::Today => view! { <super::operations::TodayPage/> }.into_any(),
                Route::OpsOverview => view! { <super::operations::OverviewPage/> }.into_any(),
                Route::Run(id) => view! { <RunPage id=id/> }.into_any(),
                Route::Exchange => view! { <super::exchange::ExchangePage/> }.into_any(),
                Route::Settings => view! { <super::settings::SettingsPage/> }.into_any(),
            }}
            </super::recovery::RecoveryGate>
        </main>
        <ConfirmDialog/>
        <div class="sr-only" role="status" aria-live="polite">
            {move || state.announcement.get()}
        </div>
    }
}

#[component]
fn Header(route: Memo<Route>) -> impl IntoView {
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
                <a href=Route::People.href() aria-current=move || (route.get() == Route::People).then_some("page")>
                    "People"
                </a>
                <super::exchange::ExchangeLink current=Signal::derive(move || route.get().section() == Section::Exchange)/>
                <a href=Route::Settings.href() aria-current=current(Section::Settings)>
                    "Settings"
                </a>
            </nav>
            <super::shortcuts::Shortcuts/>
            <super::theme::ThemeToggle/>
        </header>
    }
}

/// Errors and load problems, at the top of every page.
#[component]
fn Banner() -> impl IntoView {
    let state = use_state();
    view! {
        <div class="banner-area">
            <Show when=move || state.notice.with(Option::is_some)>
                <div
                    class="banner"
                    class:error=move || state.notice.with(|n| n.as_ref().is_some_and(|n| n.error))
                    role="alert"
                >
                    <p>{move || state.notice.with(|n| n.as_ref().map(|n| n.text.clone()))}</p>
                    <Show when=move || state.notice.with(|n| n.as_ref().is_some_and(|n| n.save_failed))>
                        <super::recovery::SaveFailedActions/>
                    </Show>
                    <button class="ghost" on:click=move |_| state.notice.set(None)>
                        "Dismiss"
                    </button>
                </div>
            </Show>
            <Show when=move || state.problems.with(|p| !p.is_empty())>
                <div class="banner error" role="alert">
                    <div>
                        <p>
                            <strong>"Some stored data could not be read."</strong>
                            " It has been left exactly as it was; the rest of your work is below."
                        </p>
                        <ul>
                            <For
                                each=move || state.problems.get()
                                key=|p| (p.key.clone(), p.message.clone())
                                let:p
                            >
                                <li>{p.message}</li>
                            </For>
                        </ul>
                    </div>
                </div>
            </Show>
        </div>
    }
}

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
