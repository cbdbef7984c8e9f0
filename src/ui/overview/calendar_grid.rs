//! The calendar's month grid, week grid and agenda, and its entries. A card moves to
//! another day by drag (`ui::drag`: mouse, touch, pen; dropped on a day) or by its
//! keyboard twin, Alt + Left / Right (a day) and Alt + Up / Down (a week), through the
//! Session (`Project::reschedule_card`, one undoable step), and the move is announced.

use crate::domain::calendar::{self as cal, Entry, Kind};
use crate::domain::checklist::recurrence::add_days;
use crate::domain::Id;
use crate::ui::browser::{focus_later, long_date, today};
use crate::ui::drag::{alt_arrow, use_drag, Arrow, Spot, UseDragOptions};
use crate::ui::route::{ProjectTab, Route, TemplateTab};
use crate::ui::state::{use_state, AppState};
use chrono::{Datelike, NaiveDate};
use leptos::prelude::*;
use std::rc::Rc;

/// Days the agenda lists from its first day.
pub(super) const AGENDA_DAYS: i64 = 28;

/// The entries of one day, from a list sorted by day.
fn on_day(all: &[Entry], day: NaiveDate) -> Vec<Entry> {
    all.iter().filter(|e| e.date == day).cloned().collect()
}

const WEEKDAYS: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];

/// Moves a card to `to` through the Session and says so; focus follows the card.
fn reschedule(state: AppState, project: &Id, card: &Id, to: NaiveDate) {
    let Some(sig) = state.project(project) else {
        return;
    };
    let c = card.clone();
    let title = sig.with_untracked(|p| p.card(card).map(|c| c.title.clone()).unwrap_or_default());
    if state
        .edit_project_cards(
            sig,
            "move card to another day",
            std::slice::from_ref(card),
            move |p, env| p.reschedule_card(env, &c, to),
        )
        .is_some()
    {
        state.announce(format!("Moved “{title}” to {}.", long_date(to)));
        focus_later(format!(".cal-card[data-card='{card}']"));
    }
}

/// Makes the cards in `host` draggable onto the days in it (`[data-day]`).
fn day_drops(host: NodeRef<leptos::html::Div>) {
    let state = use_state();
    use_drag(
        host,
        UseDragOptions {
            item: ".cal-card",
            handle: ".cal-card",
            mouse_anywhere: true,
            not_from: "button",
            placeholder_class: "cal-placeholder",
            key: |el| {
                Some((
                    Id(el.get_attribute("data-project")?),
                    Id(el.get_attribute("data-card")?),
                ))
            },
            aim: Rc::new(|_, _, x, y| {
                let hit = document().element_from_point(x as f32, y as f32)?;
                let day = hit.closest("[data-day]").ok()??;
                let date: NaiveDate = day.get_attribute("data-day")?.parse().ok()?;
                let parent = day.query_selector(".cal-list").ok()??;
                Some(Spot {
                    value: date,
                    parent,
                    before: None,
                })
            }),
            on_drop: Rc::new(move |(project, card): (Id, Id), to: NaiveDate| {
                reschedule(state, &project, &card, to)
            }),
        },
    );
}

/// One entry: a link to where it comes from; a card is also draggable and moves by keys.
fn entry_view(e: &Entry) -> AnyView {
    let state = use_state();
    let done = e
        .done
        .then(|| view! { <span class="sr-only">" (done)"</span> });
    let class = format!(
        "cal-entry cal-{}{}",
        e.kind.key(),
        if e.done { " done" } else { "" }
    );
    match (e.kind, &e.project, &e.card, &e.template) {
        (Kind::Card | Kind::Milestone, Some(p), Some(c), _) => {
            let (p, c, due) = (p.clone(), c.clone(), e.date);
            let href = Route::Card(p.clone(), c.clone()).href();
            let span = e.start.map(|s| format!(", from {}", long_date(s))).unwrap_or_default();
            let label = format!(
                "{}{}, due {}{span}. Alt + arrow keys move it.",
                if e.kind == Kind::Milestone { "Milestone: " } else { "" },
                e.title,
                long_date(due)
            );
            let keys = move |ev: leptos::ev::KeyboardEvent| {
                let days = match alt_arrow(&ev) {
                    Some(Arrow::Left) => -1,
                    Some(Arrow::Right) => 1,
                    Some(Arrow::Up) => -7,
                    Some(Arrow::Down) => 7,
                    None => return,
                };
                reschedule(state, &p, &c, add_days(due, days));
            };
            view! {
                <a
                    class=format!("{class} cal-card")
                    href=href
                    draggable="false"
                    data-project=e.project.as_ref().map(|p| p.0.clone())
                    data-card=e.card.as_ref().map(|c| c.0.clone())
                    aria-label=label
                    on:keydown=keys
                    dir="auto"
                >
                    {(e.kind == Kind::Milestone).then_some("◆ ")}
                    {e.title.clone()}
                    {done}
                </a>
            }
            .into_any()
        }
        (Kind::Check, _, _, Some(t)) => view! {
            <a class=class href=Route::Template(t.clone(), TemplateTab::Runs).href() dir="auto">
                <span aria-hidden="true">"✓ "</span><span class="sr-only">"Checklist: "</span>{e.title.clone()}
            </a>
        }
        .into_any(),
        (_, Some(p), _, _) => view! {
            <a class=class href=Route::Project(p.clone(), ProjectTab::Charter).href() dir="auto">
                <span aria-hidden="true">"⚑ "</span>{e.title.clone()}
            </a>
        }
        .into_any(),
        _ => ().into_any(),
    }
}

/// Entries a month's day shows before "+N more" (which opens that day's week).
const MONTH_DAY_MAX: usize = 4;

fn day_cell(
    all: &[Entry],
    d: NaiveDate,
    month: Option<u32>,
    more: Option<Callback<NaiveDate>>,
) -> AnyView {
    let weekday = WEEKDAYS
        .get(d.weekday().num_days_from_monday() as usize)
        .copied()
        .unwrap_or("");
    let mut list = on_day(all, d);
    let hidden = match more {
        Some(_) if list.len() > MONTH_DAY_MAX => {
            let n = list.len().saturating_sub(MONTH_DAY_MAX - 1);
            list.truncate(MONTH_DAY_MAX - 1);
            n
        }
        _ => 0,
    };
    let outside = month.is_some_and(|m| d.month() != m);
    let empty = list.is_empty();
    view! {
        <div
            class="cal-day"
            class:outside=outside
            class:today=d == today()
            class:empty=empty
            data-day=d.to_string()
            role="group"
            aria-label=long_date(d)
        >
            <div class="cal-day-head" aria-hidden="true">
                <span class="cal-wd" class:cal-wd-month=month.is_some()>{weekday}" "</span>
                {d.day()}
            </div>
            <div class="cal-list">
                {list.iter().map(entry_view).collect_view()}
                {more.filter(|_| hidden > 0).map(|more| view! {
                    <button
                        class="cal-more ghost"
                        aria-label=format!("{hidden} more on {}: open the week", long_date(d))
                        on:click=move |_| more.run(d)
                    >
                        {format!("+{hidden} more")}
                    </button>
                })}
            </div>
        </div>
    }
    .into_any()
}

/// The month around `at`: whole weeks, Monday first.
#[component]
pub(super) fn MonthGrid(
    at: RwSignal<NaiveDate>,
    entries: Memo<Vec<Entry>>,
    more: Callback<NaiveDate>,
) -> impl IntoView {
    let host = NodeRef::<leptos::html::Div>::new();
    day_drops(host);
    view! {
        <div class="cal-month" node_ref=host>
            {WEEKDAYS.map(|w| view! { <div class="cal-weekday" aria-hidden="true">{w}</div> }).collect_view()}
            {move || {
                let a = at.get();
                entries.with(|all| {
                    cal::month_grid(a.year(), a.month())
                        .into_iter()
                        .map(|d| day_cell(all, d, Some(a.month()), Some(more)))
                        .collect_view()
                })
            }}
        </div>
    }
}

/// The week around `at`: cards that span days drawn as bars across them, then each day.
#[component]
pub(super) fn WeekGrid(at: RwSignal<NaiveDate>, entries: Memo<Vec<Entry>>) -> impl IntoView {
    let host = NodeRef::<leptos::html::Div>::new();
    day_drops(host);
    view! {
        <div class="cal-week" node_ref=host>
            {move || {
                let days = cal::week_of(at.get());
                entries.with(|all| {
                    let spans = all
                        .iter()
                        .filter(|e| e.start.is_some())
                        .map(|e| {
                            let from = e.first().max(days[0]);
                            let to = e.date.min(days[6]);
                            let col = |d: NaiveDate| d.signed_duration_since(days[0]).num_days() + 1;
                            let style = format!("grid-column: {} / {}", col(from), col(to) + 1);
                            let href = match (&e.project, &e.card) {
                                (Some(p), Some(c)) => Route::Card(p.clone(), c.clone()).href(),
                                _ => String::new(),
                            };
                            view! {
                                <a class="cal-span" style=style href=href dir="auto">
                                    {e.title.clone()}
                                    <span class="sr-only">{format!(": {} to {}", long_date(e.first()), long_date(e.date))}</span>
                                </a>
                            }
                        })
                        .collect_view();
                    view! {
                        <div class="cal-spans" aria-label="Cards spanning days" role="group">{spans}</div>
                        {days.iter().map(|d| day_cell(all, *d, None, None)).collect_view()}
                    }
                })
            }}
        </div>
    }
}

/// The agenda: each day with something on it, in order.
#[component]
pub(super) fn Agenda(entries: Memo<Vec<Entry>>) -> impl IntoView {
    view! {
        <div class="cal-agenda">
            {move || entries.with(|all| {
                if all.is_empty() {
                    return view! { <p class="muted">{format!("Nothing in the next {AGENDA_DAYS} days with these filters.")}</p> }.into_any();
                }
                let mut days: Vec<NaiveDate> = all.iter().map(|e| e.date).collect();
                days.dedup();
                days.into_iter().map(|d| view! {
                    <section class="cal-agenda-day">
                        <h3>{long_date(d)}</h3>
                        <ul class="plain-list">
                            {on_day(all, d).iter().map(|e| view! {
                                <li>
                                    <span class="cal-kind-name">{kind_word(e.kind)}</span>
                                    {entry_view(e)}
                                    {e.start.map(|s| view! { <span class="muted">{format!(" · from {}", long_date(s))}</span> })}
                                </li>
                            }).collect_view()}
                        </ul>
                    </section>
                }).collect_view().into_any()
            })}
        </div>
    }
}

fn kind_word(k: Kind) -> &'static str {
    match k {
        Kind::TargetEnd => "Target end",
        Kind::Milestone => "Milestone",
        Kind::Card => "Card",
        Kind::Check => "Checklist",
    }
}
