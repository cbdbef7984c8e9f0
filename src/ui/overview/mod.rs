//! The views a manager runs the week on, across every project and checklist: the
//! portfolio (the start page once there is data), the workload of people by week and the
//! calendar. Their figures are the domain's (`domain::portfolio`, `workload`, `calendar`,
//! `ics`); these views only read the signals, call them and render.

mod calendar;
mod calendar_grid;
mod portfolio;
mod workload;

pub use calendar::CalendarPage;
pub use portfolio::PortfolioPage;
pub use workload::WorkloadPage;

use crate::domain::{Person, Project, Run, Template};
use crate::ui::route::Route;
use crate::ui::state::{use_state, AppState};
use leptos::prelude::*;

/// The tabs of the overview (Portfolio · Workload · Calendar), the current one marked.
#[component]
pub fn OverviewNav() -> impl IntoView {
    let state = use_state();
    let links = [
        ("Portfolio", Route::Portfolio),
        ("Workload", Route::Workload),
        ("Calendar", Route::Calendar),
    ];
    view! {
        <nav class="ops-nav" aria-label="Overview">
            {links
                .into_iter()
                .map(|(label, route)| {
                    let href = route.href();
                    let current = move || {
                        state.route.with(|r| {
                            (r == &route || (route == Route::Portfolio && r == &Route::Home))
                                .then_some("page")
                        })
                    };
                    view! { <a class="ops-nav-link" href=href aria-current=current>{label}</a> }
                })
                .collect_view()}
        </nav>
    }
}

/// Runs `f` over every project, checklist and (when `runs`) run as borrowed values (tracked:
/// a memo that calls it follows every change to them), without cloning them. Without `runs`
/// the runs' slice is empty and their thousands of signals are not read.
fn with_all<R>(
    state: AppState,
    runs: bool,
    f: impl FnOnce(&[&Project], &[&Template], &[&Run], &[Person]) -> R,
) -> R {
    let mut f = Some(f);
    let mut out = None;
    borrow_all(state, runs, &mut |p, t, r, people| {
        out = f.take().map(|f| f(p, t, r, people));
    });
    out.expect("borrow_all calls back once")
}

/// [`with_all`]'s one compiled body (the closure is a `dyn`, so each caller adds little).
#[allow(clippy::type_complexity)]
fn borrow_all(
    state: AppState,
    with_runs: bool,
    f: &mut dyn FnMut(&[&Project], &[&Template], &[&Run], &[Person]),
) {
    // The run signals are handles (Copy): the list is cheap to take, and left alone
    // (untracked, unread) when the view has no use for runs.
    let rs = if with_runs {
        state.runs.get()
    } else {
        Vec::new()
    };
    state.projects.with(|ps| {
        state.templates.with(|ts| {
            state.people.with(|people| {
                let pg: Vec<_> = ps.iter().map(|p| p.read()).collect();
                let tg: Vec<_> = ts.iter().map(|t| t.read()).collect();
                let rg: Vec<_> = rs.iter().map(|r| r.read()).collect();
                let projects: Vec<&Project> = pg.iter().map(|g| &**g).collect();
                let templates: Vec<&Template> = tg.iter().map(|g| &**g).collect();
                let runs: Vec<&Run> = rg.iter().map(|g| &**g).collect();
                f(&projects, &templates, &runs, people)
            })
        })
    })
}

/// A person's name from the directory ("Someone" for an id no longer there).
fn person_name(people: &[Person], id: &crate::domain::Id) -> String {
    people
        .iter()
        .find(|p| &p.id == id)
        .map_or_else(|| "Someone".into(), |p| p.name.clone())
}

/// "1 card", "3 cards".
fn count(n: usize, one: &str, many: &str) -> String {
    if n == 1 {
        format!("1 {one}")
    } else {
        format!("{n} {many}")
    }
}

/// Hours as people say them: "12 h", "7.5 h".
fn hours(h: f64) -> String {
    let r = (h * 10.0).round() / 10.0;
    if r.fract() == 0.0 {
        format!("{r:.0} h")
    } else {
        format!("{r:.1} h")
    }
}
