//! A template's run history: every run, newest first, with filters (status, failures,
//! person, date range), shown 50 at a time, and the CSV export of the runs shown.

use super::ops_charts::{download_csv, plural};
use crate::domain::checklist::csv;
use crate::domain::sort;
use crate::domain::{Id, Run, Template};
use crate::ui::browser::long_date;
use crate::ui::route::Route;
use crate::ui::state::use_state;
use chrono::NaiveDate;
use leptos::prelude::*;
use std::collections::HashMap;

/// Rows shown at first, and added by "Show more".
const PAGE: usize = 50;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
enum Status {
    InProgress,
    Completed,
    Late,
    Skipped,
}

impl Status {
    fn label(self) -> &'static str {
        match self {
            Status::InProgress => "In progress",
            Status::Completed => "Completed",
            Status::Late => "Completed late",
            Status::Skipped => "Skipped",
        }
    }
    fn class(self) -> &'static str {
        match self {
            Status::InProgress => "oa-status in-progress",
            Status::Completed => "oa-status completed",
            Status::Late => "oa-status late",
            Status::Skipped => "oa-status skipped",
        }
    }
}

/// One line of the history table.
#[derive(Clone, Debug, PartialEq)]
struct Row {
    id: Id,
    date: NaiveDate,
    created: crate::domain::Ts,
    version: u32,
    status: Status,
    by: Option<Id>,
    by_name: String,
    failures: usize,
    signoff: String,
    /// Why it was skipped or excused.
    reason: String,
}

fn row(r: &Run, t: &Template, names: &HashMap<Id, String>) -> Row {
    let status = match (r.is_complete(), r.on_time()) {
        _ if r.is_skipped() => Status::Skipped,
        (false, _) => Status::InProgress,
        (true, true) => Status::Completed,
        (true, false) => Status::Late,
    };
    Row {
        id: r.id.clone(),
        date: r.date,
        created: r.created,
        version: r.version,
        status,
        by: r.by.clone(),
        by_name: r
            .by
            .as_ref()
            .and_then(|p| names.get(p).cloned())
            .unwrap_or_default(),
        failures: r.failures(t).len(),
        signoff: r.signoff.as_ref().map_or(String::new(), |s| s.name.clone()),
        reason: r
            .skipped
            .as_ref()
            .map_or(String::new(), |s| s.reason.clone()),
    }
}

/// Which runs the status filter keeps.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum StatusFilter {
    All,
    Completed,
    InProgress,
}

#[component]
pub fn HistoryView(template: RwSignal<Template>) -> impl IntoView {
    let state = use_state();
    let tid = template.with_untracked(|t| t.id.clone());

    // Every run of the template as a row, newest first (computed once per change).
    let all_rows = {
        let tid = tid.clone();
        Memo::new(move |_| {
            let runs = state.run_values(&tid);
            let names: HashMap<Id, String> = state
                .people
                .with(|ps| ps.iter().map(|p| (p.id.clone(), p.name.clone())).collect());
            let mut rows: Vec<Row> =
                template.with(|t| runs.iter().map(|r| row(r, t, &names)).collect());
            sort::sort_by_key(&mut rows, |r| std::cmp::Reverse((r.date, r.created)));
            rows
        })
    };

    let status = RwSignal::new(StatusFilter::All);
    let failures_only = RwSignal::new(false);
    let person = RwSignal::new(String::new());
    let from = RwSignal::new(String::new());
    let to = RwSignal::new(String::new());
    let shown = RwSignal::new(PAGE);

    let filtered = Memo::new(move |_| {
        let st = status.get();
        let fo = failures_only.get();
        let who = person.get();
        let from = crate::domain::dates::parse_day(&from.get());
        let to = crate::domain::dates::parse_day(&to.get());
        all_rows.with(|rows| {
            rows.iter()
                .filter(|r| match st {
                    StatusFilter::All => true,
                    StatusFilter::Completed => matches!(r.status, Status::Completed | Status::Late),
                    StatusFilter::InProgress => r.status == Status::InProgress,
                })
                .filter(|r| !fo || r.failures > 0)
                .filter(|r| who.is_empty() || r.by.as_ref().is_some_and(|b| b.as_str() == who))
                .filter(|r| from.is_none_or(|f| r.date >= f))
                .filter(|r| to.is_none_or(|t| r.date <= t))
                .cloned()
                .collect::<Vec<Row>>()
        })
    });
    // A new filter starts again from the first page.
    Effect::new(move |_| {
        filtered.track();
        shown.set(PAGE);
    });

    // People who ran at least one run, for the person filter.
    let runners = Memo::new(move |_| {
        let mut v: Vec<(Id, String)> = all_rows.with(|rows| {
            rows.iter()
                .filter_map(|r| r.by.clone().map(|id| (id, r.by_name.clone())))
                .collect()
        });
        sort::sort_by(&mut v, |a, b| a.1.cmp(&b.1).then(a.0.cmp(&b.0)));
        v.dedup_by(|a, b| a.0 == b.0);
        v
    });

    let visible = Memo::new(move |_| {
        let n = shown.get();
        filtered.with(|rows| rows.iter().take(n).cloned().collect::<Vec<Row>>())
    });
    let total = move || all_rows.with(Vec::len);
    let matching = move || filtered.with(Vec::len);
    let is_filtered = move || {
        status.get() != StatusFilter::All
            || failures_only.get()
            || !person.get().is_empty()
            || !from.get().is_empty()
            || !to.get().is_empty()
    };
    let count_text = move || {
        let (m, t) = (matching(), total());
        let shown_n = visible.with(Vec::len);
        if is_filtered() {
            format!(
                "{} of {} match the filters; showing {shown_n}.",
                m,
                plural(t, "run", "runs")
            )
        } else {
            format!("{}; showing {shown_n}.", plural(t, "run", "runs"))
        }
    };

    let clear = move |_| {
        status.set(StatusFilter::All);
        failures_only.set(false);
        person.set(String::new());
        from.set(String::new());
        to.set(String::new());
    };

    let export = {
        let tid = tid.clone();
        move |_| {
            let ids: std::collections::HashSet<Id> =
                filtered.with_untracked(|rows| rows.iter().map(|r| r.id.clone()).collect());
            let runs: Vec<Run> = state
                .run_values(&tid)
                .into_iter()
                .filter(|r| ids.contains(&r.id))
                .collect();
            let refs: Vec<&Run> = runs.iter().collect();
            let (text, name) = template.with_untracked(|t| {
                state
                    .people
                    .with_untracked(|people| (csv::history(t, &refs, people), csv::file_name(t)))
            });
            match download_csv(&name, &text) {
                Ok(()) => state.announce(format!(
                    "Exported {} to {name}.",
                    plural(runs.len(), "run", "runs")
                )),
                Err(e) => state.error(e),
            }
        }
    };

    view! {
        <section class="ops-history" aria-labelledby="history-heading">
            <div class="ops-section-head">
                <h2 id="history-heading">"Run history"</h2>
                <button
                    class="secondary"
                    on:click=export
                    disabled=move || filtered.with(Vec::is_empty)
                    title="Download the runs shown, one row per answer, for a spreadsheet"
                >
                    "Export CSV"
                </button>
            </div>
            <form class="ops-filters" aria-label="Filter runs" on:submit=|ev| ev.prevent_default()>
                <div class="ops-filter">
                    <label for="history-status">"Status"</label>
                    <select
                        id="history-status"
                        on:change=move |ev| {
                            status
                                .set(
                                    match event_target_value(&ev).as_str() {
                                        "completed" => StatusFilter::Completed,
                                        "in-progress" => StatusFilter::InProgress,
                                        _ => StatusFilter::All,
                                    },
                                )
                        }
                    >
                        <option value="all" selected=move || status.get() == StatusFilter::All>
                            "All runs"
                        </option>
                        <option
                            value="completed"
                            selected=move || status.get() == StatusFilter::Completed
                        >
                            "Completed"
                        </option>
                        <option
                            value="in-progress"
                            selected=move || status.get() == StatusFilter::InProgress
                        >
                            "In progress"
                        </option>
                    </select>
                </div>
                <div class="ops-filter">
                    <label for="history-person">"Run by"</label>
                    <select
                        id="history-person"
                        on:change=move |ev| person.set(event_target_value(&ev))
                    >
                        <option value="" selected=move || person.get().is_empty()>
                            "Anyone"
                        </option>
                        {move || {
                            runners
                                .get()
                                .into_iter()
                                .map(|(id, name)| {
                                    let sel = id.to_string();
                                    view! {
                                        <option
                                            value=id.to_string()
                                            selected=move || person.get() == sel
                                        >
                                            {name}
                                        </option>
                                    }
                                })
                                .collect_view()
                        }}
                    </select>
                </div>
                <div class="ops-filter">
                    <label for="history-from">"From"</label>
                    <input id="history-from" type="date" bind:value=from/>
                </div>
                <div class="ops-filter">
                    <label for="history-to">"To"</label>
                    <input id="history-to" type="date" bind:value=to/>
                </div>
                <div class="ops-filter ops-filter-check">
                    <input id="history-failures" type="checkbox" bind:checked=failures_only/>
                    <label for="history-failures">"With failures only"</label>
                </div>
                <Show when=is_filtered>
                    <button type="button" class="ghost" on:click=clear>
                        "Clear filters"
                    </button>
                </Show>
            </form>
            <p class="ops-count" role="status">
                {count_text}
            </p>
            <Show
                when=move || filtered.with(|v| !v.is_empty())
                fallback=move || {
                    view! {
                        <p class="ops-empty">
                            {move || {
                                if total() == 0 {
                                    "No runs yet: start one with \u{201c}Start a run\u{201d}."
                                } else {
                                    "No run matches these filters."
                                }
                            }}
                        </p>
                    }
                }
            >
                <div class="oa-table-scroll" tabindex="0" role="region" aria-label="Runs (scrolls sideways)">
                    <table class="oa-table history-table">
                        <caption class="sr-only">"Runs, newest first"</caption>
                        <thead>
                            <tr>
                                <th scope="col">"Date"</th>
                                <th scope="col">"Version"</th>
                                <th scope="col">"Status"</th>
                                <th scope="col">"Run by"</th>
                                <th scope="col" class="num">
                                    "Failures"
                                </th>
                                <th scope="col">"Signed off by"</th>
                            </tr>
                        </thead>
                        <tbody>
                            <For each=move || visible.get() key=|r| (r.id.clone(), r.status, r.failures, r.signoff.clone(), r.by_name.clone()) let:r>
                                <HistoryRow r=r/>
                            </For>
                        </tbody>
                    </table>
                </div>
                <Show when=move || { visible.with(Vec::len) < matching() }>
                    <button
                        class="secondary ops-more"
                        on:click=move |_| shown.update(|n| *n += PAGE)
                    >
                        {move || {
                            format!(
                                "Show {} more",
                                (matching() - visible.with(Vec::len)).min(PAGE),
                            )
                        }}
                    </button>
                </Show>
            </Show>
        </section>
    }
}

#[component]
fn HistoryRow(r: Row) -> impl IntoView {
    let href = Route::Run(r.id.clone()).href();
    let date = long_date(r.date);
    let link_label = format!("Run of {date}");
    let failures = (r.failures > 0).then_some("has-failures");
    view! {
        <tr class=failures>
            <th scope="row">
                <a href=href aria-label=link_label>
                    <time datetime=r.date.to_string()>{date}</time>
                </a>
            </th>
            <td>{format!("v{}", r.version)}</td>
            <td>
                <span class=r.status.class()>{r.status.label()}</span>
                {(!r.reason.is_empty()).then(|| format!(": {}", r.reason))}
            </td>
            <td>
                {if r.by_name.is_empty() {
                    view! { <span class="muted">"—"</span> }.into_any()
                } else {
                    r.by_name.clone().into_any()
                }}
            </td>
            <td class="num">
                {if r.failures > 0 {
                    view! {
                        <span class="fail-count">
                            {plural(r.failures, "failure", "failures")}
                        </span>
                    }
                        .into_any()
                } else {
                    view! { <span class="muted">"0"</span> }.into_any()
                }}
            </td>
            <td>
                {if r.signoff.is_empty() {
                    view! { <span class="muted">"—"</span> }.into_any()
                } else {
                    r.signoff.clone().into_any()
                }}
            </td>
        </tr>
    }
}
