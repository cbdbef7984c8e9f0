//! The app: its state, the route, the header and banner above every page, the page itself,
//! the confirm dialog and the live region.

mod banner;
mod header;

use crate::ui::operations::{OperationsPage, RunPage, TemplatePage};
use crate::ui::projects::{ProjectPage, ProjectsPage};
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
                Route::Home if state.is_empty_untracked() => view! { <ProjectsPage/> }.into_any(),
                Route::Home | Route::Portfolio => view! { <crate::ui::overview::PortfolioPage/> }.into_any(),
                Route::Workload => view! { <crate::ui::overview::WorkloadPage/> }.into_any(),
                Route::Calendar => view! { <crate::ui::overview::CalendarPage/> }.into_any(),
                Route::Projects => view! { <ProjectsPage/> }.into_any(),
                Route::Project(id, tab) => project_page(id, tab, None),
                Route::Card(id, card) => project_page(id, crate::ui::route::ProjectTab::Board, Some(card)),
                Route::Operations => view! { <OperationsPage/> }.into_any(),
                Route::People => view! { <crate::ui::people::PeoplePage/> }.into_any(),
                Route::Template(id, tab) => view! { <TemplatePage id=id tab=tab/> }.into_any(),
                Route::Today => view! { <crate::ui::operations::TodayPage/> }.into_any(),
                Route::MyDay => view! { <crate::ui::operations::MyDayPage/> }.into_any(),
                Route::OpsOverview => view! { <crate::ui::operations::OverviewPage/> }.into_any(),
                Route::Run(id) => view! { <RunPage id=id/> }.into_any(),
                Route::Sites => view! { <crate::ui::operations::SitesPage/> }.into_any(),
                Route::Asset(id) => view! { <crate::ui::operations::AssetPage id=id/> }.into_any(),
                Route::Stock => view! { <crate::ui::operations::StockPage/> }.into_any(),
                Route::Spend => view! { <crate::ui::operations::SpendPage/> }.into_any(),
                Route::Policies => view! { <crate::ui::operations::PoliciesPage/> }.into_any(),
                Route::Exchange => view! { <crate::ui::exchange::ExchangePage/> }.into_any(),
                Route::Settings => view! { <crate::ui::settings::SettingsPage/> }.into_any(),
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
