//! The portfolio (#/portfolio, and the start page once there is data): every project with
//! its status, health, progress, next milestone, budget and high risks, sortable and
//! filtered by status and person; operations' week beside it. Every figure links to the
//! page it comes from.

use super::{count, person_name, with_all, OverviewNav};
use crate::domain::portfolio::{self, Line, OpsWeek, Rag, SortBy};
use crate::domain::project::format_cents;
use crate::domain::{Id, ProjectStatus};
use crate::ui::browser::{long_date, today};
use crate::ui::route::{ProjectTab, Route};
use crate::ui::shell::set_title;
use crate::ui::state::use_state;
use leptos::prelude::*;

#[component]
pub fn PortfolioPage() -> impl IntoView {
    let state = use_state();
    set_title(|| "Portfolio".into());
    let today = today();
    let status = RwSignal::new(None::<ProjectStatus>);
    let person = RwSignal::new(None::<Id>);
    let sort = RwSignal::new((SortBy::Health, true));
    let lines = Memo::new(move |_| {
        let (by, desc) = sort.get();
        let (st, who) = (status.get(), person.get());
        with_all(state, false, |projects, _, _, _| {
            portfolio::lines(projects, today, st, who.as_ref(), by, desc)
        })
    });
    let week = Memo::new(move |_| {
        with_all(state, true, |projects, templates, runs, _| {
            portfolio::ops_week(templates, runs, projects, today)
        })
    });
    let status_select = move |ev: leptos::ev::Event| {
        status.set(ProjectStatus::from_key(&event_target_value(&ev)));
    };
    let person_select = move |ev: leptos::ev::Event| {
        let v = event_target_value(&ev);
        person.set((!v.is_empty()).then_some(Id(v)));
    };
    view! {
        <section class="page overview-page">
            <OverviewNav/>
            <div class="page-head">
                <div>
                    <h1 tabindex="-1">"Portfolio"</h1>
                    <p class="lede">"Every project's health from its record, and operations' week beside it."</p>
                </div>
            </div>
            <div class="overview-filters">
                <label>
                    "Status"
                    <select on:change=status_select>
                        <option value="">"All statuses"</option>
                        {ProjectStatus::ALL
                            .into_iter()
                            .map(|s| view! { <option value=s.key()>{s.label()}</option> })
                            .collect_view()}
                    </select>
                </label>
                <label>
                    "Person"
                    <select on:change=person_select>
                        <option value="">"Everyone"</option>
                        <For each=move || state.people.get() key=|p| p.id.clone() let:p>
                            <option value=p.id.0.clone()>{p.name.clone()}</option>
                        </For>
                    </select>
                </label>
            </div>
            <div class="portfolio-layout">
                <div class="table-scroll" role="region" aria-label="Projects, scrolls sideways" tabindex="0">
                    <table class="portfolio-table">
                        <caption class="sr-only">"Projects with their health and figures"</caption>
                        <thead>
                            <tr>
                                {SortBy::ALL
                                    .into_iter()
                                    .map(|by| view! { <SortHeader by=by sort=sort/> })
                                    .collect_view()}
                                <th scope="col">"Overdue"</th>
                            </tr>
                        </thead>
                        <tbody>
                            {move || lines.with(|lines| {
                                let people = state.people.get();
                                if lines.is_empty() {
                                    return view! {
                                        <tr><td colspan="8" class="muted">
                                            "No project matches. "
                                            <a href=Route::Projects.href()>"All projects"</a>
                                        </td></tr>
                                    }
                                    .into_any();
                                }
                                lines.iter().map(|l| row(l, &people)).collect_view().into_any()
                            })}
                        </tbody>
                    </table>
                </div>
                {move || week.with(|week| ops_panel(week, &state.templates.get()))}
            </div>
        </section>
    }
}

/// A sortable column heading: a button that sorts by it (again: the other way).
#[component]
fn SortHeader(by: SortBy, sort: RwSignal<(SortBy, bool)>) -> impl IntoView {
    let aria = move || {
        let (b, desc) = sort.get();
        Some(match (b == by, desc) {
            (false, _) => "none",
            (true, true) => "descending",
            (true, false) => "ascending",
        })
    };
    view! {
        <th scope="col" aria-sort=aria>
            <button
                class="sort-button"
                on:click=move |_| sort.update(|(b, desc)| {
                    if *b == by {
                        *desc = !*desc;
                    } else {
                        (*b, *desc) = (by, matches!(by, SortBy::Health | SortBy::Risks));
                    }
                })
            >
                {by.label()}
                <span aria-hidden="true">
                    {move || match sort.get() {
                        (b, true) if b == by => " ▼",
                        (b, false) if b == by => " ▲",
                        _ => "",
                    }}
                </span>
            </button>
        </th>
    }
}

fn tab(id: &Id, tab: ProjectTab) -> String {
    Route::Project(id.clone(), tab).href()
}

/// A health signal as a badge with words (never colour alone).
fn rag_badge(what: &'static str, r: Rag) -> impl IntoView {
    view! {
        <span class=format!("rag rag-{}", r.key())>
            <span class="sr-only">{what}": "</span>
            {r.label()}
        </span>
    }
}

fn row(l: &Line, people: &[crate::domain::Person]) -> impl IntoView {
    let id = &l.project;
    let h = l.health;
    let milestone = match &l.next_milestone {
        Some((card, title, due)) => {
            let href = Route::Card(id.clone(), card.clone()).href();
            let when = due.map(long_date).unwrap_or_else(|| "no date".into());
            view! { <a href=href dir="auto">{title.clone()}</a><span class="muted">" · "{when}</span> }
                .into_any()
        }
        None => view! { <span class="muted">"None"</span> }.into_any(),
    };
    let money = |c: i64| format_cents(c, &l.currency);
    let budget = match l.budget {
        Some(b) => format!("{} of {}", money(l.actual), money(b)),
        None if l.actual > 0 || l.planned > 0 => format!("{} spent, no budget", money(l.actual)),
        None => "No budget".into(),
    };
    let schedule_note = match l.days_late {
        Some(n) => format!(
            "Target end passed {}",
            count(n as usize, "day ago", "days ago")
        ),
        None => String::new(),
    };
    let who: Vec<String> = l
        .people
        .iter()
        .take(3)
        .map(|p| person_name(people, p))
        .collect();
    view! {
        <tr>
            <th scope="row">
                <a href=tab(id, ProjectTab::Board) dir="auto">{l.name.clone()}</a>
                <span class="portfolio-people muted">{who.join(", ")}</span>
            </th>
            <td><span class=format!("badge status-{}", l.status.key())>{l.status.label()}</span></td>
            <td>
                {rag_badge("Overall", h.overall())}
                <span class="health-parts">
                    <a href=tab(id, ProjectTab::Board)>"Schedule"</a>" "{rag_badge("Schedule", h.schedule)}
                    <a href=tab(id, ProjectTab::Progress)>"Budget"</a>" "{rag_badge("Budget", h.budget)}
                    <a href=tab(id, ProjectTab::Charter)>{format!("Scope: {} added", l.added)}</a>" "{rag_badge("Scope", h.scope)}
                </span>
                {(!schedule_note.is_empty()).then(|| view! {
                    <a class="muted" href=tab(id, ProjectTab::Charter)>{schedule_note}</a>
                })}
            </td>
            <td>
                <a href=tab(id, ProjectTab::Progress)>
                    {format!("{}%", l.done_pct)}
                    <span class="muted">{format!(" ({} of {})", l.done, count(l.total, "card", "cards"))}</span>
                </a>
            </td>
            <td>{milestone}</td>
            <td><a href=tab(id, ProjectTab::Progress)>{budget}</a></td>
            <td><a href=tab(id, ProjectTab::Risks)>{count(l.high_risks, "open", "open")}</a></td>
            <td>
                <a href=tab(id, ProjectTab::Board)>{count(l.overdue, "card", "cards")}</a>
                {(l.overdue_milestones > 0).then(|| view! {
                    <span class="muted">{format!(" ({} milestone)", l.overdue_milestones)}</span>
                })}
            </td>
        </tr>
    }
}

/// Operations this week: due, overdue, failures with no action, open actions.
fn ops_panel(w: &OpsWeek, templates: &[RwSignal<crate::domain::Template>]) -> AnyView {
    let name = |id: &Id| {
        templates
            .iter()
            .find(|t| t.with_untracked(|t| &t.id == id))
            .map_or_else(String::new, |t| t.with_untracked(|t| t.name.clone()))
    };
    let done = w.due.iter().filter(|d| d.closed).count();
    let week = w.monday.map(long_date).unwrap_or_default();
    view! {
        <aside class="ops-week" aria-labelledby="ops-week-title">
            <h2 id="ops-week-title">"Operations this week"</h2>
            <p class="muted">"Week from "{week}</p>
            <dl class="ops-week-figures">
                <div>
                    <dt>"Checklists due"</dt>
                    <dd><a href=Route::Today.href()>{format!("{} ({done} done)", w.due.len())}</a></dd>
                </div>
                <div>
                    <dt>"Overdue"</dt>
                    <dd><a href=Route::Today.href()>{w.overdue.len()}</a></dd>
                </div>
                <div>
                    <dt>"Failed items open"</dt>
                    <dd><a href=Route::OpsOverview.href()>{w.failures.len()}</a></dd>
                </div>
                <div>
                    <dt>"Corrective actions open"</dt>
                    <dd>
                        {if w.actions.is_empty() {
                            view! { <span>"0"</span> }.into_any()
                        } else {
                            // Their list is below: the figure takes focus there.
                            view! {
                                <a
                                    href=Route::Portfolio.href()
                                    on:click=|ev| {
                                        ev.prevent_default();
                                        crate::ui::browser::focus_later("#ops-actions-heading".into());
                                    }
                                >
                                    {w.actions.len()}
                                </a>
                            }
                                .into_any()
                        }}
                    </dd>
                </div>
            </dl>
            {(!w.overdue.is_empty()).then(|| view! {
                <h3>"Overdue"</h3>
                <ul class="plain-list">
                    {w.overdue.iter().map(|(t, d)| view! {
                        <li><a href=Route::Template(t.clone(), crate::ui::route::TemplateTab::Runs).href()>{name(t)}</a>
                        <span class="muted">" · "{long_date(*d)}</span></li>
                    }).collect_view()}
                </ul>
            })}
            {(!w.failures.is_empty()).then(|| view! {
                <h3>"Failed items with no action"</h3>
                <ul class="plain-list">
                    {w.failures.iter().take(8).map(|f| view! {
                        <li><a href=Route::Run(f.run.clone()).href()>{f.text.clone()}</a>
                        <span class="muted">" · "{name(&f.template)}</span></li>
                    }).collect_view()}
                </ul>
            })}
            {(!w.actions.is_empty()).then(|| view! {
                <h3 id="ops-actions-heading" tabindex="-1">"Corrective actions open"</h3>
                <ul class="plain-list">
                    {w.actions.iter().map(|a| view! {
                        <li><a href=Route::Card(a.project.clone(), a.card.clone()).href() dir="auto">{a.title.clone()}</a></li>
                    }).collect_view()}
                </ul>
            })}
        </aside>
    }
    .into_any()
}
