//! What the registers add to Today: assets whose inspection is due within the week or
//! late, stock at or below its reorder point, and policies due for review (each at the
//! chosen site, when one is).

use crate::domain::registers::{assets, policies, stock};
use crate::domain::Id;
use crate::ui::browser::long_date;
use crate::ui::route::Route;
use crate::ui::state::use_state;
use chrono::{Days, NaiveDate};
use leptos::prelude::*;

/// How many lines of each section Today shows.
const SHOWN: usize = 8;

/// One line: what, why, where it links.
#[derive(Clone, Debug, PartialEq)]
struct Line {
    key: Id,
    name: String,
    detail: String,
    href: String,
    late: bool,
}

/// The registers' sections of Today, at `site` ("" every site).
#[component]
pub fn TodayRegisters(day: NaiveDate, site: RwSignal<String>) -> impl IntoView {
    let state = use_state();
    let at =
        move |s: Option<&Id>, want: &str| want.is_empty() || s.is_some_and(|s| s.as_str() == want);
    let soon = day.checked_add_days(Days::new(7)).unwrap_or(day);
    let inspections = Memo::new(move |_| {
        state.registers.track();
        state.runs.track();
        state
            .with_workspace(|ws| assets::inspections(&ws.registers, &ws.runs, &ws.templates))
            .unwrap_or_default()
    });
    let due_assets = Memo::new(move |_| {
        let want = site.get();
        inspections.with(|ins| {
            state.registers.with(|r| {
                let mut v: Vec<(NaiveDate, Line)> = r
                    .assets
                    .iter()
                    .filter(|a| a.state == crate::domain::registers::AssetState::InService)
                    .filter(|a| at(a.site.as_ref(), &want))
                    .filter_map(|a| {
                        let next = ins.get(&a.id)?.next.filter(|n| *n <= soon)?;
                        let late = next < day;
                        let site = r.site_name(a.site.as_ref());
                        let when = if late {
                            "Inspection was due"
                        } else {
                            "Inspection due"
                        };
                        let mut detail = format!("{when} {}", long_date(next));
                        if !site.is_empty() {
                            detail.push_str(&format!(" · {site}"));
                        }
                        Some((
                            next,
                            Line {
                                key: a.id.clone(),
                                name: crate::ui::operations::run::asset_label(&a.name, &a.tag),
                                detail,
                                href: Route::Asset(a.id.clone()).href(),
                                late,
                            },
                        ))
                    })
                    .collect();
                crate::domain::sort::sort_by_key(&mut v, |x| x.0);
                v.into_iter().map(|(_, l)| l).collect::<Vec<_>>()
            })
        })
    });
    let low_stock = Memo::new(move |_| {
        let want = site.get();
        state.registers.with(|r| {
            stock::to_order(r)
                .into_iter()
                .filter(|s| at(s.site.as_ref(), &want))
                .map(|s| {
                    let unit = if s.unit.is_empty() {
                        String::new()
                    } else {
                        format!(" {}", s.unit)
                    };
                    Line {
                        key: s.id.clone(),
                        name: s.name.clone(),
                        detail: format!(
                            "{}{unit} on hand (reorder at {}) · order {}{unit}{}",
                            stock::number(s.on_hand),
                            stock::number(s.reorder_at),
                            stock::number(s.to_order()),
                            if s.supplier.is_empty() {
                                String::new()
                            } else {
                                format!(" from {}", s.supplier)
                            }
                        ),
                        href: Route::Stock.href(),
                        late: s.on_hand <= 0.0,
                    }
                })
                .collect::<Vec<_>>()
        })
    });
    let reviews = Memo::new(move |_| {
        state.registers.with(|r| {
            policies::due(r, day, None)
                .into_iter()
                .map(|p| {
                    let owner = super::person_name(state, p.owner.as_ref());
                    let mut detail = format!("Review due {}", long_date(p.review));
                    if !owner.is_empty() {
                        detail.push_str(&format!(" · {owner}"));
                    }
                    Line {
                        key: p.id.clone(),
                        name: p.name.clone(),
                        detail,
                        href: Route::Policies.href(),
                        late: p.review < day,
                    }
                })
                .collect::<Vec<_>>()
        })
    });
    // Each section shows its first lines; the rest are a link away.
    let section = move |title: &'static str,
                        key: &'static str,
                        all: Memo<Vec<Line>>,
                        more: Route| {
        let lines =
            Memo::new(move |_| all.with(|l| l.iter().take(SHOWN).cloned().collect::<Vec<_>>()));
        let rest = move || all.with(Vec::len).saturating_sub(SHOWN);
        let href = StoredValue::new(more.href());
        view! {
            <Show when=move || lines.with(|l| !l.is_empty())>
                <section class=format!("agenda agenda-{key}") aria-labelledby=format!("agenda-{key}")>
                    <h2 id=format!("agenda-{key}")>
                        {title}
                        " "
                        <span class="badge">{move || all.with(Vec::len)}</span>
                    </h2>
                    <ul class="agenda-list" aria-label=title>
                        <For each=move || lines.get() key=|l| (l.key.clone(), l.detail.clone()) let:l>
                            <li class="agenda-row" class:overdue=l.late>
                                <div class="agenda-what">
                                    <a class="agenda-name" href=l.href.clone()>{l.name.clone()}</a>
                                </div>
                                <div class="agenda-when">
                                    {l.late.then(|| view! { <span class="agenda-flag" aria-hidden="true">"!"</span> })}
                                    <span>{l.detail.clone()}</span>
                                </div>
                            </li>
                        </For>
                    </ul>
                    <Show when={move || rest() > 0}>
                        <p class="agenda-more">
                            <a href=href.get_value()>{move || format!("{} more", rest())}</a>
                        </p>
                    </Show>
                </section>
            </Show>
        }
    };
    view! {
        {section("Assets to inspect", "assets", due_assets, Route::Sites)}
        {section("Stock to order", "stock", low_stock, Route::Stock)}
        {section("Policies to review", "policies", reviews, Route::Policies)}
    }
}

/// On My day: the policies the person using Docket owns that are due for review, each with
/// "Mark reviewed".
#[component]
pub fn MyPolicies(day: NaiveDate) -> impl IntoView {
    let state = use_state();
    let due = Memo::new(move |_| {
        let Some(me) = state.author.get() else {
            return Vec::new();
        };
        state.registers.with(|r| {
            policies::due(r, day, Some(&me))
                .into_iter()
                .map(|p| (p.id.clone(), p.name.clone(), p.review))
                .collect::<Vec<_>>()
        })
    });
    view! {
        <Show when=move || due.with(|d| !d.is_empty())>
            <section class="agenda agenda-policies" aria-labelledby="my-policies">
                <h2 id="my-policies">
                    "Policies to review "
                    <span class="badge">{move || due.with(Vec::len)}</span>
                </h2>
                <ul class="agenda-list" aria-label="Policies to review">
                    <For each=move || due.get() key=|p| p.clone() let:p>
                        {
                            let (id, name, review) = p;
                            let label = format!("Mark reviewed: {name}");
                            let mark = move |_| {
                                if let Some(next) = state.review_policy(&id, day) {
                                    state.announce(format!("Reviewed; next review {}.", long_date(next)));
                                }
                            };
                            view! {
                                <li class="agenda-row" class:overdue=review < day>
                                    <div class="agenda-what">
                                        <a class="agenda-name" href=Route::Policies.href()>{name.clone()}</a>
                                    </div>
                                    <div class="agenda-when">
                                        <span>{format!("Review due {}", long_date(review))}</span>
                                    </div>
                                    <div class="agenda-buttons">
                                        <button type="button" class="primary" aria-label=label on:click=mark>"Mark reviewed"</button>
                                    </div>
                                </li>
                            }
                        }
                    </For>
                </ul>
            </section>
        </Show>
    }
}
