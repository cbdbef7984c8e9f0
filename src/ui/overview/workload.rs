//! Workload (#/workload): people × weeks. Each cell is the estimated hours of the cards
//! assigned to that person in that week (spread from start to due) and the time of the
//! checklist occurrences they own (each checklist's time per run), against their capacity (set on the People page); a week over
//! capacity says so. A cell opens what fills it, and each card can be handed to someone
//! else from there (through the Session, one undoable step).

use super::{count, hours, person_name, with_all, OverviewNav};
use crate::domain::checklist::recurrence::add_days;
use crate::domain::workload::{workload, Workload};
use crate::domain::Id;
use crate::ui::browser::{long_date, today};
use crate::ui::route::{Route, TemplateTab};
use crate::ui::shell::set_title;
use crate::ui::shell::UndoButtons;
use crate::ui::state::use_state;
use chrono::Datelike;
use leptos::prelude::*;

/// Weeks shown at once.
const WEEKS: usize = 12;

/// "30 Nov".
fn short_day(d: chrono::NaiveDate) -> String {
    let m = crate::domain::calendar::MONTHS
        .get(d.month0() as usize)
        .map_or("", |m| &m[..3]);
    format!("{} {m}", d.day())
}

#[component]
pub fn WorkloadPage() -> impl IntoView {
    let state = use_state();
    set_title(|| "Workload".into());
    let first = RwSignal::new(today());
    let picked = RwSignal::new(None::<(Id, usize)>);
    let data = Memo::new(move |_| {
        let from = first.get();
        with_all(state, false, |projects, templates, _, people| {
            workload(people, projects, templates, from, WEEKS)
        })
    });
    let shift = move |weeks: i64| {
        first.update(|d| *d = add_days(*d, weeks * 7));
        picked.set(None);
    };
    view! {
        <section class="page overview-page">
            <OverviewNav/>
            <div class="page-head">
                <div>
                    <h1 tabindex="-1">"Workload"</h1>
                    <p class="lede">
                        "Estimated hours of each person's open cards by week (spread from start to due, \
                         shared among assignees) and the checklists they own (their time per run), against their capacity."
                    </p>
                </div>
                <UndoButtons/>
            </div>
            <div class="overview-filters" role="group" aria-label="Weeks shown">
                <button on:click=move |_| shift(-4)>"← 4 weeks earlier"</button>
                <button on:click=move |_| { first.set(today()); picked.set(None); }>"This week"</button>
                <button on:click=move |_| shift(4)>"4 weeks later →"</button>
            </div>
            <Show
                when=move || state.people.with(|p| !p.is_empty())
                fallback=|| view! {
                    <p class="muted">"No one in the directory yet. "<a href=Route::People.href()>"Add people"</a>" and assign them cards."</p>
                }
            >
                <div class="table-scroll" role="region" aria-label="Workload, scrolls sideways" tabindex="0">
                    <table class="workload-table">
                        <caption class="sr-only">"Hours and checks per person and week"</caption>
                        {move || data.with(|w| table(w, picked))}
                    </table>
                </div>
                {move || picked.get().map(|(p, week)| view! { <CellDetail person=p week=week data=data picked=picked/> })}
            </Show>
        </section>
    }
}

fn table(w: &Workload, picked: RwSignal<Option<(Id, usize)>>) -> AnyView {
    let this_week = crate::domain::checklist::analytics::week_start(today());
    view! {
        <thead>
            <tr>
                <th scope="col">"Person"</th>
                {w.weeks.iter().map(|d| view! {
                    <th scope="col" class:this-week=*d == this_week>
                        <span class="sr-only">"Week of "</span>{short_day(*d)}
                    </th>
                }).collect_view()}
            </tr>
        </thead>
        <tbody>
            {w.rows.iter().map(|r| {
                let cap = r.capacity.map_or_else(
                    || view! { <a class="muted" href=Route::People.href()>"Set capacity"</a> }.into_any(),
                    |c| view! { <span class="muted">{hours(c)}" a week"</span> }.into_any(),
                );
                let undated = (!r.undated.is_empty()).then(|| view! {
                    <span class="muted">{format!("{} without dates", count(r.undated.len(), "card", "cards"))}</span>
                });
                view! {
                    <tr>
                        <th scope="row"><span dir="auto">{r.name.clone()}</span>{cap}{undated}</th>
                        {r.cells.iter().enumerate().map(|(i, c)| {
                            let over = r.over(i);
                            let person = r.person.clone();
                            let week = w.weeks.get(i).map(|d| long_date(*d)).unwrap_or_default();
                            let mut rest = r.capacity.map(|cap| format!(" of {}", hours(cap))).unwrap_or_default();
                            rest.push_str(&format!(", {}, {}", count(c.cards.len(), "card", "cards"), count(c.checks.len(), "check", "checks")));
                            if over {
                                rest.push_str(", over capacity");
                            }
                            let p2 = person.clone();
                            let is_picked = move || picked.with(|x| x.as_ref().is_some_and(|(p, wk)| *p == p2 && *wk == i));
                            view! {
                                <td class:over=over class:empty=c.is_empty()>
                                    <button
                                        class="cell-button"
                                        aria-pressed=move || if is_picked() { "true" } else { "false" }
                                        on:click=move |_| picked.set(Some((person.clone(), i)))
                                    >
                                        <span class="sr-only">{format!("{}, week of {week}: ", r.name)}</span>
                                        <span class:sr-only=c.hours == 0.0>{hours(c.hours)}</span>
                                        <span class="sr-only">{rest}</span>
                                        {(!c.checks.is_empty()).then(|| view! { <span class="checks" aria-hidden="true">{format!("✓{}", c.checks.len())}</span> })}
                                        {over.then(|| view! { <span class="over-mark" aria-hidden="true">"!"</span> })}
                                    </button>
                                </td>
                            }
                        }).collect_view()}
                    </tr>
                }
            }).collect_view()}
        </tbody>
    }
    .into_any()
}

/// What fills one person's week, with a way to hand each card to someone else.
#[component]
fn CellDetail(
    person: Id,
    week: usize,
    data: Memo<Workload>,
    picked: RwSignal<Option<(Id, usize)>>,
) -> impl IntoView {
    let state = use_state();
    let people = state.people.get_untracked();
    let who = person_name(&people, &person);
    let person2 = person.clone();
    let detail = move || {
        data.with(|w| {
            let row = w.rows.iter().find(|r| r.person == person)?;
            let cell = row.cells.get(week)?.clone();
            Some((
                w.weeks.get(week).copied()?,
                cell,
                row.capacity,
                row.over(week),
            ))
        })
    };
    view! {
        <section class="cell-detail" aria-labelledby="cell-detail-title">
            {move || detail().map(|(monday, cell, cap, over)| {
                let title = format!("{who}, week of {}", long_date(monday));
                let sum = match cap {
                    Some(c) => format!("{} of {} capacity{}", hours(cell.hours), hours(c), if over { ": over capacity" } else { "" }),
                    None => format!("{} (no capacity set)", hours(cell.hours)),
                };
                let until = long_date(add_days(monday, 6));
                view! {
                    <div class="cell-detail-head">
                        <h2 id="cell-detail-title" tabindex="-1">{title}</h2>
                        <button class="ghost" on:click=move |_| picked.set(None)>"Close"</button>
                    </div>
                    <p class:over-text=over>{sum}" · to "{until}</p>
                    {cell.cards.is_empty().then(|| view! { <p class="muted">"No cards this week."</p> })}
                    <ul class="plain-list cell-cards">
                        {cell.cards.into_iter().map(|share| view! {
                            <CardShareRow project=share.project card=share.card hours=share.hours from=person2.clone()/>
                        }).collect_view()}
                    </ul>
                    {(!cell.checks.is_empty()).then(|| view! {
                        <h3>"Checklists they own"</h3>
                        <ul class="plain-list">
                            {cell.checks.iter().map(|(t, d)| {
                                let (name, minutes) = state
                                    .template(t)
                                    .map(|t| t.with_untracked(|t| (t.name.clone(), t.minutes)))
                                    .unwrap_or_default();
                                let time = minutes.map_or_else(
                                    || " · no time per run set".to_string(),
                                    |m| format!(" · {}", super::hours(f64::from(m) / 60.0)),
                                );
                                view! {
                                    <li><a href=Route::Template(t.clone(), TemplateTab::Runs).href()>{name}</a>
                                    <span class="muted">" · "{long_date(*d)}{time}</span></li>
                                }
                            }).collect_view()}
                        </ul>
                    })}
                }
            })}
        </section>
    }
}

/// One card of a cell: where it is, its hours, and "Reassign to".
#[component]
fn CardShareRow(project: Id, card: Id, hours: f64, from: Id) -> impl IntoView {
    let state = use_state();
    let Some(sig) = state.project(&project) else {
        return ().into_any();
    };
    let (title, pname) = sig.with_untracked(|p| {
        (
            p.card(&card).map(|c| c.title.clone()).unwrap_or_default(),
            p.name.clone(),
        )
    });
    let to = RwSignal::new(String::new());
    let select_id = format!("reassign-{card}");
    let reassign = {
        let (card, from, title) = (card.clone(), from.clone(), title.clone());
        move |_| {
            let target = to.get_untracked();
            if target.is_empty() {
                return;
            }
            let target = Id(target);
            let c = card.clone();
            let f = from.clone();
            let t = target.clone();
            if state
                .edit_project_cards(
                    sig,
                    "reassign card",
                    std::slice::from_ref(&card),
                    move |p, env| p.reassign_card(env, &c, &f, &t),
                )
                .is_some()
            {
                let name = state.people.with_untracked(|ps| person_name(ps, &target));
                state.announce(format!("Reassigned “{title}” to {name}."));
            }
        }
    };
    let href = Route::Card(project.clone(), card.clone()).href();
    view! {
        <li class="cell-card">
            <a href=href dir="auto">{title.clone()}</a>
            <span class="muted">" · "{pname}" · "{super::hours(hours)}</span>
            <span class="field-row">
                <label class="sr-only" for=select_id.clone()>{format!("Reassign “{title}” to")}</label>
                <select id=select_id bind:value=to>
                    <option value="">"Reassign to…"</option>
                    {state.people.get_untracked().into_iter().filter(|p| p.id != from).map(|p| view! {
                        <option value=p.id.0.clone()>{p.name.clone()}</option>
                    }).collect_view()}
                </select>
                <button class="small" on:click=reassign>"Reassign"</button>
            </span>
        </li>
    }
    .into_any()
}
