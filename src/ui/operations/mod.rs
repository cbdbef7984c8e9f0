//! The operations manager's side: checklist templates, their runs, and each run.

mod analytics;
mod history;
mod list;
mod mine;
mod my_day;
mod notify;
mod ops_charts;
mod overview;
mod readings;
mod registers;
mod run;
mod template;
mod today;
mod versions;

pub use list::OperationsPage;
pub use my_day::MyDayPage;
pub use notify::NotifyWatch;
pub use overview::OverviewPage;
pub use registers::{AssetPage, PoliciesPage, SitesPage, SpendPage, StockPage};
pub use run::RunPage;
pub use template::TemplatePage;
pub use today::TodayPage;

use crate::domain::{Id, Run, Template};
use crate::ui::route::{Route, TemplateTab};
use crate::ui::state::use_state;
use leptos::prelude::*;

/// The operations pages' sub-navigation: Today · My day · Checklists · Analytics. The link of the
/// page being shown has `aria-current="page"` (a template or run page marks "Checklists"
/// as the current location). Put `<OpsNav/>` at the top of an operations page.
#[component]
pub fn OpsNav() -> impl IntoView {
    let state = use_state();
    let links = [
        ("Today", Route::Today),
        ("My day", Route::MyDay),
        ("Checklists", Route::Operations),
        ("Analytics", Route::OpsOverview),
        ("Sites and assets", Route::Sites),
        ("Stock", Route::Stock),
        ("Spend", Route::Spend),
        ("Policies", Route::Policies),
    ];
    let current = move |target: &Route| {
        state.route.with(|r| match (r, target) {
            (Route::Template(..) | Route::Run(_), Route::Operations) => Some("location"),
            (Route::Asset(_), Route::Sites) => Some("location"),
            _ if r == target => Some("page"),
            _ => None,
        })
    };
    view! {
        <nav class="ops-nav" aria-label="Operations">
            {links
                .into_iter()
                .map(|(label, route)| {
                    let href = route.href();
                    view! {
                        <a class="ops-nav-link" href=href aria-current=move || current(&route)>
                            {label}
                        </a>
                    }
                })
                .collect_view()}
        </nav>
    }
}

/// "Site: every site / …": filters a page's checks to one site; shown once there are sites.
#[component]
pub fn SiteFilter(site: RwSignal<String>, id: &'static str) -> impl IntoView {
    let state = use_state();
    view! {
        <Show when=move || state.registers.with(|r| !r.sites.is_empty())>
            <div class="register-filter">
                <label for=id>"Site"</label>
                <select id=id prop:value=move || site.get() on:change=move |ev| site.set(event_target_value(&ev))>
                    {registers::site_options(site, "Every site")}
                </select>
            </div>
        </Show>
    }
}

/// Marks that the template page already shows its tab bar (so a tab view that also
/// renders `<TemplateTabs>` does not show it twice).
#[derive(Clone, Copy)]
pub(crate) struct TabsShown;

/// A template's tab bar: Items · Run history · Analytics · Versions, the current one with
/// `aria-current="page"`. `TemplatePage` already shows it above every tab, so a tab view
/// need not; if one does, it renders nothing there.
#[component]
pub fn TemplateTabs(id: Id, current: TemplateTab) -> impl IntoView {
    if use_context::<TabsShown>().is_some() {
        return ().into_any();
    }
    tab_bar(id, current).into_any()
}

/// The tab bar itself (see [`TemplateTabs`]).
pub(crate) fn tab_bar(id: Id, current: TemplateTab) -> impl IntoView {
    let tabs = TemplateTab::ALL
        .into_iter()
        .map(|t| {
            let href = Route::Template(id.clone(), t).href();
            view! {
                <a href=href class="tab" aria-current=(t == current).then_some("page")>
                    {t.label()}
                </a>
            }
        })
        .collect_view();
    view! { <nav class="tabs" aria-label="Checklist views">{tabs}</nav> }
}

/// "4 of 7 done" with a progress bar, for a run of a template.
#[component]
pub fn RunProgress(run: RwSignal<Run>, template: RwSignal<Template>) -> impl IntoView {
    let progress = Memo::new(move |_| template.with(|t| run.with(|r| r.progress(t))));
    let label = move || {
        let (done, total) = progress.get();
        let pct = crate::domain::report::percent(done as f64, total as f64);
        format!("{done} of {total} done ({pct}%)")
    };
    view! {
        <span class="run-progress">
            <progress
                max=move || progress.get().1.max(1)
                value=move || progress.get().0
                aria-label=label
            ></progress>
            <span class="run-progress-text">{label}</span>
        </span>
    }
}
