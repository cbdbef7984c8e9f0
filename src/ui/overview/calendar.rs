//! The calendar (#/calendar): month, week and agenda of cards (by due date, start–due spans
//! in the week), milestones, projects' target ends and checklists' occurrences, filtered by
//! project, person and kind; cards move to another day by drag (mouse, touch, pen) or Alt +
//! arrow keys (calendar_grid); what the filters keep exports as an .ics file.

use super::calendar_grid::{Agenda, MonthGrid, WeekGrid, AGENDA_DAYS};
use super::{with_all, OverviewNav};
use crate::domain::calendar::{self as cal, Filter, Kind};
use crate::domain::checklist::recurrence::add_days;
use crate::domain::{ics, Id};
use crate::ui::browser::{long_date, today};
use crate::ui::shell::set_title;
use crate::ui::shell::UndoButtons;
use crate::ui::state::use_state;
use chrono::NaiveDate;
use leptos::prelude::*;

/// The three views.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Mode {
    Month,
    Week,
    Agenda,
}

/// The days a mode shows around `at`.
fn range(mode: Mode, at: NaiveDate) -> (NaiveDate, NaiveDate) {
    match mode {
        Mode::Month => {
            let g = cal::month_grid(chrono::Datelike::year(&at), chrono::Datelike::month(&at));
            (
                g.first().copied().unwrap_or(at),
                g.last().copied().unwrap_or(at),
            )
        }
        Mode::Week => {
            let w = cal::week_of(at);
            (w[0], w[6])
        }
        Mode::Agenda => (at, add_days(at, AGENDA_DAYS - 1)),
    }
}

#[component]
pub fn CalendarPage() -> impl IntoView {
    let state = use_state();
    set_title(|| "Calendar".into());
    let mode = RwSignal::new(Mode::Month);
    let at = RwSignal::new(today());
    let filter = RwSignal::new(Filter::default());
    let entries = Memo::new(move |_| {
        let (from, to) = range(mode.get(), at.get());
        filter.with(|f| {
            with_all(state, false, |projects, templates, _, _| {
                cal::entries(projects, templates, from, to, f)
            })
        })
    });
    let step = move |dir: i64| {
        at.update(|d| {
            *d = match mode.get_untracked() {
                Mode::Month => cal::add_months(*d, dir as i32),
                Mode::Week => add_days(*d, 7 * dir),
                Mode::Agenda => add_days(*d, AGENDA_DAYS * dir),
            }
        })
    };
    let title = move || {
        let (from, to) = range(mode.get(), at.get());
        match mode.get() {
            Mode::Month => cal::month_name(at.get()),
            _ => format!("{} – {}", long_date(from), long_date(to)),
        }
    };
    let export = move |_| {
        let text = with_all(state, false, |projects, templates, _, _| {
            let now = chrono::DateTime::from_timestamp_millis(js_sys::Date::now() as i64)
                .unwrap_or_default();
            filter.with_untracked(|f| ics::calendar(projects, templates, now, f))
        });
        match crate::ui::browser::download(
            &ics::file_name(today()),
            &text,
            "text/calendar;charset=utf-8",
        ) {
            Ok(()) => state
                .announce("Exported what the calendar shows (with its filters) as an .ics file."),
            Err(e) => state.error(e),
        }
    };
    let mode_button = move |m: Mode, label: &'static str| {
        view! {
            <button
                aria-pressed=move || if mode.get() == m { "true" } else { "false" }
                on:click=move |_| mode.set(m)
            >
                {label}
            </button>
        }
    };
    view! {
        <section class="page overview-page calendar-page">
            <OverviewNav/>
            <div class="page-head">
                <div>
                    <h1 tabindex="-1">"Calendar"</h1>
                    <p class="lede">"Cards by due date, milestones, target ends and checklists. Drag a card, or press Alt + arrow keys on it, to move it to another day."</p>
                </div>
                <div class="page-actions">
                    <UndoButtons/>
                    <button class="primary" on:click=export>"Export .ics"</button>
                </div>
            </div>
            <div class="cal-toolbar">
                <div class="segmented" role="group" aria-label="View">
                    {mode_button(Mode::Month, "Month")}
                    {mode_button(Mode::Week, "Week")}
                    {mode_button(Mode::Agenda, "Agenda")}
                </div>
                <div class="segmented" role="group" aria-label="Dates">
                    <button on:click=move |_| step(-1) aria-label="Earlier">"←"</button>
                    <button on:click=move |_| at.set(today())>"Today"</button>
                    <button on:click=move |_| step(1) aria-label="Later">"→"</button>
                </div>
                <h2 class="cal-title" aria-live="polite">{title}</h2>
            </div>
            <Filters filter=filter/>
            {move || match mode.get() {
                Mode::Month => {
                    let more = Callback::new(move |d: NaiveDate| {
                        at.set(d);
                        mode.set(Mode::Week);
                    });
                    view! { <MonthGrid at=at entries=entries more=more/> }.into_any()
                }
                Mode::Week => view! { <WeekGrid at=at entries=entries/> }.into_any(),
                Mode::Agenda => view! { <Agenda entries=entries/> }.into_any(),
            }}
        </section>
    }
}

/// Project, person and kind filters.
#[component]
fn Filters(filter: RwSignal<Filter>) -> impl IntoView {
    let state = use_state();
    let pick = |ev: &leptos::ev::Event| {
        let v = event_target_value(ev);
        (!v.is_empty()).then_some(Id(v))
    };
    view! {
        <div class="overview-filters">
            <label>
                "Project"
                <select on:change=move |ev| { let p = pick(&ev); filter.update(|f| f.project = p) }>
                    <option value="">"All projects"</option>
                    <For each=move || state.live_projects() key=|p| p.with_untracked(|p| p.id.clone()) let:p>
                        <option value=p.with_untracked(|p| p.id.0.clone())>{move || p.with(|p| p.name.clone())}</option>
                    </For>
                </select>
            </label>
            <label>
                "Person"
                <select on:change=move |ev| { let p = pick(&ev); filter.update(|f| f.person = p) }>
                    <option value="">"Everyone"</option>
                    <For each=move || state.people.get() key=|p| p.id.clone() let:p>
                        <option value=p.id.0.clone()>{p.name.clone()}</option>
                    </For>
                </select>
            </label>
            <fieldset class="cal-kinds">
                <legend>"Show"</legend>
                {Kind::ALL.into_iter().map(|k| view! {
                    <label class=format!("check cal-kind-{}", k.key())>
                        <input
                            type="checkbox"
                            prop:checked=move || filter.with(|f| f.kinds.contains(&k))
                            on:change=move |ev| {
                                let on = event_target_checked(&ev);
                                filter.update(|f| {
                                    f.kinds.retain(|x| *x != k);
                                    if on {
                                        f.kinds.push(k);
                                    }
                                });
                            }
                        />
                        {k.label()}
                    </label>
                }).collect_view()}
            </fieldset>
        </div>
    }
}
