//! The pages a board does not need, each in a part of the app of its own (`crate::ui::lazy`).

use crate::domain::Id;
use crate::ui::lazy::lazy;
use crate::ui::route::TemplateTab;
use leptos::prelude::*;

lazy! {
    projects() -> AnyView { view! { <crate::ui::projects::ProjectsPage/> }.into_any() }
    portfolio() -> AnyView { view! { <crate::ui::overview::PortfolioPage/> }.into_any() }
    workload() -> AnyView { view! { <crate::ui::overview::WorkloadPage/> }.into_any() }
    calendar() -> AnyView { view! { <crate::ui::overview::CalendarPage/> }.into_any() }
    operations() -> AnyView { view! { <crate::ui::operations::OperationsPage/> }.into_any() }
    people() -> AnyView { view! { <crate::ui::people::PeoplePage/> }.into_any() }
    template(id: Id, tab: TemplateTab) -> AnyView { view! { <crate::ui::operations::TemplatePage id=id tab=tab/> }.into_any() }
    today() -> AnyView { view! { <crate::ui::operations::TodayPage/> }.into_any() }
    my_day() -> AnyView { view! { <crate::ui::operations::MyDayPage/> }.into_any() }
    ops_overview() -> AnyView { view! { <crate::ui::operations::OverviewPage/> }.into_any() }
    run(id: Id) -> AnyView { view! { <crate::ui::operations::RunPage id=id/> }.into_any() }
    sites() -> AnyView { view! { <crate::ui::operations::SitesPage/> }.into_any() }
    asset(id: Id) -> AnyView { view! { <crate::ui::operations::AssetPage id=id/> }.into_any() }
    stock() -> AnyView { view! { <crate::ui::operations::StockPage/> }.into_any() }
    spend() -> AnyView { view! { <crate::ui::operations::SpendPage/> }.into_any() }
    policies() -> AnyView { view! { <crate::ui::operations::PoliciesPage/> }.into_any() }
    exchange() -> AnyView { view! { <crate::ui::exchange::ExchangePage/> }.into_any() }
    settings() -> AnyView { view! { <crate::ui::settings::SettingsPage/> }.into_any() }
}
