//! The app: its state, the route, the header and banner above every page, the page itself,
//! the confirm dialog and the live region.

mod banner;
mod header;
mod pages;

use crate::ui::lazy::later;
use crate::ui::projects::ProjectPage;
use crate::ui::route::Route;
use crate::ui::shell::ConfirmDialog;
use crate::ui::state::AppState;
use banner::Banner;
use header::Header;
use leptos::prelude::*;

/// The whole app.
#[component]
pub fn App() -> impl IntoView {
    let state = AppState::init();
    crate::ui::couch::init(state);
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
            crate::ui::browser::focus_later("main h1".into());
        }
    });

    view! {
        <button class="skip-link" on:click=|_| crate::ui::browser::focus_later("main".into())>
            "Skip to content"
        </button>
        <Header route=route/>
        <Banner/>
        <crate::ui::pwa::UpdatePrompt/>
        <main id="main" tabindex="-1">
            <crate::ui::recovery::RecoveryGate>
            {move || match route.get() {
                // The start page: the portfolio once there is data (as the page opens: loading
                // the sample data keeps the projects on screen).
                Route::Home if state.is_empty_untracked() => later(pages::projects),
                Route::Home | Route::Portfolio => later(pages::portfolio),
                Route::Workload => later(pages::workload),
                Route::Calendar => later(pages::calendar),
                Route::Projects => later(pages::projects),
                Route::Project(id, tab) => project_page(id, tab, None),
                Route::Card(id, card) => project_page(id, crate::ui::route::ProjectTab::Board, Some(card)),
                Route::Operations => later(pages::operations),
                Route::People => later(pages::people),
                Route::Template(id, tab) => later(move || pages::template(id.clone(), tab)),
                Route::Today => later(pages::today),
                Route::MyDay => later(pages::my_day),
                Route::OpsOverview => later(pages::ops_overview),
                Route::Run(id) => later(move || pages::run(id.clone())),
                Route::Sites => later(pages::sites),
                Route::Asset(id) => later(move || pages::asset(id.clone())),
                Route::Stock => later(pages::stock),
                Route::Spend => later(pages::spend),
                Route::Policies => later(pages::policies),
                Route::Exchange => later(pages::exchange),
                Route::Settings => later(pages::settings),
            }}
            </crate::ui::recovery::RecoveryGate>
        </main>
        <ConfirmDialog/>
        <crate::ui::operations::NotifyWatch/>
        <div class="sr-only" role="status" aria-live="polite">
            {move || state.announcement.get()}
        </div>
    }
}

/// A project's page (one instantiation for its tabs and for a card's link).
fn project_page(
    id: crate::domain::Id,
    tab: crate::ui::route::ProjectTab,
    card: Option<crate::domain::Id>,
) -> AnyView {
    view! { <ProjectPage id=id tab=tab card=card/> }.into_any()
}
