//! The operating budget against spend: budget lines (an area's plan for a month), spend
//! entries, and the actual cost of corrective actions, set side by side for a year by area
//! and month, with the variance (over budget shown as such).

use super::{amount, money, row_tools, save, EntryForm, EntryTable};
use crate::domain::calendar::month_name;
use crate::domain::registers::spend::{self, Cell};
use crate::domain::registers::{BudgetLine, BudgetLineFields, Entry, SpendEntry, SpendFields};
use crate::domain::Id;
use crate::ui::browser::{long_date, today};
use crate::ui::operations::OpsNav;
use crate::ui::route::Route;
use crate::ui::shell::set_title;
use crate::ui::state::use_state;
use chrono::{Datelike, NaiveDate};
use leptos::prelude::*;

const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// "2026-12", as a month input holds it.
fn year_month(d: NaiveDate) -> String {
    format!("{:04}-{:02}", d.year(), d.month())
}

/// "1,250.00 of 1,000.00 (250.00 over)".
fn cell_text(c: &Cell) -> String {
    let v = c.variance();
    let tail = match v.cmp(&0) {
        std::cmp::Ordering::Less => format!("{} over", money(-v)),
        _ if c.planned == 0 => String::new(),
        _ => format!("{} left", money(v)),
    };
    format!(
        "{} of {}{}",
        money(c.actual),
        money(c.planned),
        if tail.is_empty() {
            tail
        } else {
            format!(" ({tail})")
        }
    )
}

#[component]
pub fn SpendPage() -> impl IntoView {
    let state = use_state();
    set_title(|| "Spend".into());
    let year = RwSignal::new(today().year());
    let spent = Memo::new(move |_| {
        state.registers.track();
        state.runs.track();
        state.projects.track();
        state
            .with_workspace(|ws| spend::spent(&ws.registers, &ws.runs, &ws.templates, &ws.projects))
            .unwrap_or_default()
    });
    let plan = Memo::new(move |_| {
        let y = year.get();
        spent.with(|s| state.registers.with(|r| spend::plan(r, s, y)))
    });
    // The months that have a figure (the table shows only those).
    let active = move || {
        plan.with(|p| {
            (0..12)
                .filter(|m| {
                    p.months
                        .get(*m)
                        .is_some_and(|c| c.planned != 0 || c.actual != 0)
                })
                .collect::<Vec<usize>>()
        })
    };
    let years = move || {
        let now = today().year();
        let mut ys: Vec<i32> = state.registers.with(|r| {
            r.budget
                .iter()
                .map(|b| b.month.year())
                .chain(r.spend.iter().map(|s| s.date.year()))
                .collect()
        });
        ys.extend([now - 1, now, now + 1]);
        crate::domain::sort::sort_by(&mut ys, Ord::cmp);
        ys.dedup();
        ys
    };
    let areas = Memo::new(move |_| {
        let mut a: Vec<String> = state
            .templates
            .with(|v| crate::ui::operations::list::known_areas(v));
        state.registers.with(|r| {
            a.extend(r.budget.iter().map(|b| b.area.clone()));
            a.extend(r.spend.iter().map(|s| s.area.clone()));
        });
        crate::domain::sort::sort_by_key(&mut a, |x| crate::domain::name_key(x));
        a.dedup_by(|x, y| crate::domain::name_key(x) == crate::domain::name_key(y));
        a
    });
    view! {
        <section class="page registers-page spend-page">
            <OpsNav/>
            <div class="page-head">
                <div>
                    <h1 tabindex="-1">"Spend"</h1>
                    <p class="lede">"The operating budget by area and month, against what was spent (corrective actions' actual costs included)."</p>
                </div>
                <div class="register-filter">
                    <label for="spend-year">"Year"</label>
                    <select id="spend-year" prop:value=move || year.get().to_string() on:change=move |ev| {
                        if let Ok(y) = event_target_value(&ev).parse() { year.set(y) }
                    }>
                        {move || years().into_iter().map(|y| view! { <option value=y.to_string() selected=move || year.get() == y>{y}</option> }).collect_view()}
                    </select>
                </div>
            </div>
            <datalist id="spend-areas">
                <For each=move || areas.get() key=|a| a.clone() let:a>
                    <option value=a></option>
                </For>
            </datalist>
            <section aria-labelledby="plan-heading">
                <h2 id="plan-heading">{move || format!("Planned and actual, {}", year.get())}</h2>
                <Show
                    when=move || plan.with(|p| !p.areas.is_empty())
                    fallback=|| view! { <p class="muted">"Nothing planned or spent this year. Add budget lines and spending below."</p> }
                >
                    <div class="table-scroll" tabindex="0" role="region" aria-label="Planned and actual by month">
                        <table class="register-table plan-table">
                            <thead>
                                <tr>
                                    <th scope="col">"Area"</th>
                                    {move || active().into_iter().map(|m| view! { <th scope="col">{MONTHS[m]}</th> }).collect_view()}
                                    <th scope="col">"Year"</th>
                                </tr>
                            </thead>
                            <tbody>
                                {move || plan.with(|p| p.areas.iter().map(|a| {
                                    let cells = active().into_iter().map(|m| view! { <PlanCell c=a.months[m]/> }).collect_view();
                                    view! {
                                        <tr>
                                            <th scope="row" dir="auto">{a.area.clone()}</th>
                                            {cells}
                                            <PlanCell c=a.total/>
                                        </tr>
                                    }
                                }).collect_view())}
                                <tr class="plan-total">
                                    <th scope="row">"All areas"</th>
                                    {move || plan.with(|p| active().into_iter().map(|m| view! { <PlanCell c=p.months[m]/> }).collect_view())}
                                    {move || plan.with(|p| view! { <PlanCell c=p.total/> })}
                                </tr>
                            </tbody>
                        </table>
                    </div>
                </Show>
            </section>
            <Budget year=year/>
            <Spending year=year spent=spent/>
        </section>
    }
}

/// One month of one area: actual of planned, with the variance.
#[component]
fn PlanCell(c: Cell) -> impl IntoView {
    let over = c.variance() < 0;
    let empty = c.planned == 0 && c.actual == 0;
    view! {
        <td class:over-budget=over title=cell_text(&c)>
            {if empty { String::new() } else { money(c.actual) }}
            <Show when=move || !empty>
                <span class="plan-of">{format!("of {}", money(c.planned))}</span>
                {over.then(|| view! { <span class="plan-over">{format!("{} over", money(-c.variance()))}</span> })}
            </Show>
        </td>
    }
}

#[component]
fn Budget(year: RwSignal<i32>) -> impl IntoView {
    let state = use_state();
    let editing = RwSignal::new(None::<Id>);
    let problem = RwSignal::new(None::<String>);
    let area = RwSignal::new(String::new());
    let month = RwSignal::new(year_month(today()));
    let planned = RwSignal::new(String::new());
    let note = RwSignal::new(String::new());
    let editing_name = Signal::derive(move || format!("{} for {}", area.get(), month.get()));
    Effect::new(move |_| {
        let f = editing.get().and_then(|id| {
            state.registers.with_untracked(|r| {
                crate::domain::registers::find::<BudgetLine>(r, &id).map(Entry::fields)
            })
        });
        area.set(f.as_ref().map(|f| f.area.clone()).unwrap_or_default());
        month.set(
            f.as_ref()
                .map_or_else(|| year_month(today()), |f| year_month(f.month)),
        );
        planned.set(
            f.as_ref()
                .map(|f| money(f.planned).replace(',', ""))
                .unwrap_or_default(),
        );
        note.set(f.map(|f| f.note).unwrap_or_default());
    });
    let on_save = Callback::new(move |()| {
        let Ok(m) = format!("{}-01", month.get_untracked().trim()).parse::<NaiveDate>() else {
            problem.set(Some("Month: pick the month the budget is for.".into()));
            return;
        };
        let f = amount("Planned", &planned.get_untracked()).map(|planned| BudgetLineFields {
            area: area.get_untracked(),
            month: m,
            planned,
            note: note.get_untracked(),
        });
        match f.and_then(|f| save::<BudgetLine>(state, editing, f)) {
            Ok(()) => {
                problem.set(None);
                state.announce("Budget line saved.");
                planned.set(String::new());
                note.set(String::new());
            }
            Err(e) => problem.set(Some(e.to_string())),
        }
    });
    let list_problem = RwSignal::new(None::<String>);
    let rows = move || {
        let y = year.get();
        state.registers.with(|r| {
            let mut v: Vec<BudgetLine> = r
                .budget
                .iter()
                .filter(|b| b.month.year() == y)
                .cloned()
                .collect();
            crate::domain::sort::sort_by(&mut v, |a, b| {
                (a.month, &a.area).cmp(&(b.month, &b.area))
            });
            v
        })
    };
    view! {
        <section class="register" aria-labelledby="budget-heading">
            <h2 id="budget-heading">"Budget"</h2>
            <EntryForm id="budget-form" add="Add a budget line" button="Add budget line" editing=editing editing_name=editing_name problem=problem on_save=on_save>
                <div class="field-grid">
                    <div>
                        <label for="budget-form-area">"Area"</label>
                        <input id="budget-form-area" list="spend-areas" bind:value=area placeholder="e.g. Kitchen" aria-invalid=move || problem.with(Option::is_some).then_some("true")/>
                    </div>
                    <div>
                        <label for="budget-form-month">"Month"</label>
                        <input id="budget-form-month" type="month" bind:value=month/>
                    </div>
                    <div>
                        <label for="budget-form-planned">"Planned"</label>
                        <input id="budget-form-planned" inputmode="decimal" bind:value=planned/>
                    </div>
                    <div>
                        <label for="budget-form-note">"Note (optional)"</label>
                        <input id="budget-form-note" bind:value=note/>
                    </div>
                </div>
            </EntryForm>
            <EntryTable problem=list_problem shown=Signal::derive(move || !rows().is_empty())
                label="Budget lines" headings=&["Month", "Area", "Planned", "Note"]
            >
                <For each=rows key=|b| (b.id.clone(), b.updated) let:b>
                    {
                        let what = format!("{} for {}", b.area, month_name(b.month));
                        let id = b.id.clone();
                        view! {
                            <tr>
                                <th scope="row">{month_name(b.month)}</th>
                                <td dir="auto">{b.area.clone()}</td>
                                <td class="num">{money(b.planned)}</td>
                                <td>{b.note.clone()}</td>
                                <td class="row-tools">
                                    {row_tools::<BudgetLine>(editing, id.clone(), what.clone(), "budget-form", list_problem)}
                                </td>
                            </tr>
                        }
                    }
                </For>
            </EntryTable>
        </section>
    }
}

#[component]
fn Spending(year: RwSignal<i32>, spent: Memo<Vec<spend::Spent>>) -> impl IntoView {
    let state = use_state();
    let editing = RwSignal::new(None::<Id>);
    let problem = RwSignal::new(None::<String>);
    let date = RwSignal::new(today().to_string());
    let area = RwSignal::new(String::new());
    let value = RwSignal::new(String::new());
    let what = RwSignal::new(String::new());
    let editing_name = Signal::derive(move || what.get());
    Effect::new(move |_| {
        let f = editing.get().and_then(|id| {
            state.registers.with_untracked(|r| {
                crate::domain::registers::find::<SpendEntry>(r, &id).map(Entry::fields)
            })
        });
        date.set(
            f.as_ref()
                .map_or_else(|| today().to_string(), |f| f.date.to_string()),
        );
        area.set(f.as_ref().map(|f| f.area.clone()).unwrap_or_default());
        value.set(
            f.as_ref()
                .map(|f| money(f.amount).replace(',', ""))
                .unwrap_or_default(),
        );
        what.set(f.map(|f| f.what).unwrap_or_default());
    });
    let on_save = Callback::new(move |()| {
        let Ok(d) = date.get_untracked().trim().parse::<NaiveDate>() else {
            problem.set(Some("Date: pick the day it was spent.".into()));
            return;
        };
        let f = amount("Amount", &value.get_untracked()).map(|amount| SpendFields {
            date: d,
            area: area.get_untracked(),
            amount,
            what: what.get_untracked(),
        });
        match f.and_then(|f| save::<SpendEntry>(state, editing, f)) {
            Ok(()) => {
                problem.set(None);
                state.announce("Spending saved.");
                value.set(String::new());
                what.set(String::new());
            }
            Err(e) => problem.set(Some(e.to_string())),
        }
    });
    let list_problem = RwSignal::new(None::<String>);
    // The year's spending, entered and from corrective actions, newest first.
    let rows = move || {
        let y = year.get();
        let entered: std::collections::HashMap<(NaiveDate, String, i64, String), Id> =
            state.registers.with(|r| {
                r.spend
                    .iter()
                    .map(|s| {
                        (
                            (s.date, s.area.clone(), s.amount, s.what.clone()),
                            s.id.clone(),
                        )
                    })
                    .collect()
            });
        let mut v: Vec<(spend::Spent, Option<Id>)> = spent.with(|all| {
            all.iter()
                .filter(|s| s.date.year() == y)
                .map(|s| {
                    let id = s
                        .card
                        .is_none()
                        .then(|| {
                            entered
                                .get(&(s.date, s.area.clone(), s.amount, s.what.clone()))
                                .cloned()
                        })
                        .flatten();
                    (s.clone(), id)
                })
                .collect()
        });
        crate::domain::sort::sort_by_key(&mut v, |x| std::cmp::Reverse(x.0.date));
        v
    };
    view! {
        <section class="register" aria-labelledby="spending-heading">
            <h2 id="spending-heading">"Spending"</h2>
            <EntryForm id="spend-form" add="Add spending" button="Add spending" editing=editing editing_name=editing_name problem=problem on_save=on_save>
                <div class="field-grid">
                    <div>
                        <label for="spend-form-date">"Date"</label>
                        <input id="spend-form-date" type="date" bind:value=date/>
                    </div>
                    <div>
                        <label for="spend-form-area">"Area"</label>
                        <input id="spend-form-area" list="spend-areas" bind:value=area placeholder="e.g. Kitchen" aria-invalid=move || problem.with(Option::is_some).then_some("true")/>
                    </div>
                    <div>
                        <label for="spend-form-amount">"Amount"</label>
                        <input id="spend-form-amount" inputmode="decimal" bind:value=value/>
                    </div>
                    <div>
                        <label for="spend-form-what">"What it was for"</label>
                        <input id="spend-form-what" bind:value=what/>
                    </div>
                </div>
            </EntryForm>
            <EntryTable problem=list_problem shown=Signal::derive(move || !rows().is_empty())
                label="Spending this year" headings=&["Date", "Area", "Amount", "What"]
            >
                {move || rows().into_iter().map(|(s, id)| {
                    let tools = match (id, &s.card) {
                        (Some(id), _) => {
                            row_tools::<SpendEntry>(editing, id, s.what.clone(), "spend-form", list_problem).into_any()
                        }
                        (None, Some((p, c))) => view! { <a href=Route::Card(p.clone(), c.clone()).href()>"Corrective action"</a> }.into_any(),
                        (None, None) => ().into_any(),
                    };
                    view! {
                        <tr>
                            <th scope="row">{long_date(s.date)}</th>
                            <td dir="auto">{s.area.clone()}</td>
                            <td class="num">{money(s.amount)}</td>
                            <td dir="auto">{s.what.clone()}</td>
                            <td class="row-tools">{tools}</td>
                        </tr>
                    }
                }).collect_view()}
            </EntryTable>
        </section>
    }
}
