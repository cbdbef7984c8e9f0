//! A template's analytics over its last N occurrences (completion, missed) and its last N
//! completed runs (on time, failures), each figure naming its window; each item's failure
//! rate (worst first) and a weekly trend chart.

use super::ops_charts::{pct_text, plural, trend_chart, WindowSelect};
use crate::domain::checklist::analytics::{template_stats, ItemStat, Stats};
use crate::domain::{Run, Template};
use crate::ui::browser::today;
use crate::ui::state::use_state;
use leptos::prelude::*;

#[component]
pub fn AnalyticsView(template: RwSignal<Template>) -> impl IntoView {
    let state = use_state();
    let tid = template.with_untracked(|t| t.id.clone());
    let n = RwSignal::new(30usize);
    let today = today();
    let runs = Memo::new(move |_| state.run_values(&tid));
    let stats = Memo::new(move |_| {
        let n = n.get();
        runs.with(|runs| {
            let refs: Vec<&Run> = runs.iter().collect();
            template.with(|t| template_stats(t, &refs, today, n))
        })
    });
    let key = template.with_untracked(|t| format!("t-{}", t.id.as_str()));
    view! {
        <section class="ops-analytics" aria-labelledby="analytics-heading">
            <div class="ops-section-head">
                <h2 id="analytics-heading">"Analytics"</h2>
                <WindowSelect n=n id="analytics-window"/>
            </div>
            {move || stats.with(|s| figures(s, n.get()))}
            {move || stats.with(items_table)}
            {move || stats.with(|s| trend_chart(&s.trend, &key))}
            <super::readings::ReadingsView template=template runs=runs/>
        </section>
    }
}

/// The four headline figures of a template.
pub(super) fn figures(s: &Stats, n: usize) -> AnyView {
    let due_word = |k| plural(k, "occurrence", "occurrences");
    view! {
        <dl class="figures ops-figures" aria-label=format!("Figures over the last {n} occurrences and completed runs")>
            <div class="figure">
                <dt>"Completion rate"</dt>
                <dd>
                    <span class="figure-value">{pct_text(s.completion_pct())}</span>
                    <span class="figure-note">
                        {format!("{} of the last {} completed", s.completed, due_word(s.due))}
                    </span>
                </dd>
            </div>
            <div class="figure">
                <dt>"On-time rate"</dt>
                <dd>
                    <span class="figure-value">{pct_text(s.on_time_pct())}</span>
                    <span class="figure-note">
                        {format!(
                            "{} of the last {} done on their day",
                            s.on_time,
                            plural(s.runs, "completed run", "completed runs"),
                        )}
                    </span>
                </dd>
            </div>
            <div class={if s.with_failure > 0 { "figure figure-warn" } else { "figure" }}>
                <dt>"Runs with a failure"</dt>
                <dd>
                    <span class="figure-value">{pct_text(s.failure_pct())}</span>
                    <span class="figure-note">
                        {format!(
                            "{} of the last {}",
                            s.with_failure,
                            plural(s.runs, "completed run", "completed runs"),
                        )}
                    </span>
                </dd>
            </div>
            {(s.scored > 0).then(|| view! {
                <div class={if s.passed < s.scored { "figure figure-warn" } else { "figure" }}>
                    <dt>"Runs that passed"</dt>
                    <dd>
                        <span class="figure-value">{pct_text(s.passed_pct())}</span>
                        <span class="figure-note">
                            {format!(
                                "{} of the last {} reached the pass mark",
                                s.passed,
                                plural(s.scored, "scored run", "scored runs"),
                            )}
                        </span>
                    </dd>
                </div>
            })}
            <div class={if s.missed() > 0 { "figure figure-warn" } else { "figure" }}>
                <dt>"Missed"</dt>
                <dd>
                    <span class="figure-value">{s.missed()}</span>
                    <span class="figure-note">
                        {format!("of the last {} not completed", due_word(s.due))}
                    </span>
                </dd>
            </div>
            <div class="figure figure-skipped">
                <dt>"Skipped or excused"</dt>
                <dd>
                    <span class="figure-value">{s.skipped}</span>
                    <span class="figure-note">"counted neither as missed nor as completed"</span>
                </dd>
            </div>
        </dl>
    }
    .into_any()
}

fn items_table(s: &Stats) -> AnyView {
    if s.items.is_empty() {
        return view! { <p class="ops-empty">"No answers in this window yet."</p> }.into_any();
    }
    let rows = s.items.iter().map(item_row).collect_view();
    view! {
        <div class="oa-table-scroll" tabindex="0" role="region" aria-label="Items by failures (scrolls sideways)">
            <table class="oa-table items-table">
                <caption>"Items by failures, worst first"</caption>
                <thead>
                    <tr>
                        <th scope="col">"Item"</th>
                        <th scope="col" class="num">
                            "Answered"
                        </th>
                        <th scope="col" class="num">
                            "Failed"
                        </th>
                        <th scope="col" class="num">
                            "Failure rate"
                        </th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
    .into_any()
}

fn item_row(i: &ItemStat) -> impl IntoView {
    let p = i.failure_pct();
    view! {
        <tr class=(i.failed > 0).then_some("has-failures")>
            <th scope="row">{i.text.clone()}</th>
            <td class="num">{i.answered}</td>
            <td class="num">{i.failed}</td>
            <td class="num">
                <span class="ops-bar" aria-hidden="true">
                    <span class="ops-bar-fill" style:width=format!("{p}%")></span>
                </span>
                <span class="pct">{format!("{p}%")}</span>
            </td>
        </tr>
    }
}
