//! The operations overview (#/analytics): every checklist's rates over its last N runs,
//! the items that fail most and the checklists that run late or are missed.

use super::ops_charts::{pct_text, plural, WindowSelect};
use super::OpsNav;
use crate::domain::checklist::analytics::{overview, Failing, TemplateLine};
use crate::domain::sort;
use crate::domain::{Run, Template};
use crate::ui::browser::today;
use crate::ui::route::{Route, TemplateTab};
use crate::ui::shell::set_title;
use crate::ui::state::use_state;
use leptos::prelude::*;

type Overview = (Vec<TemplateLine>, Vec<Failing>, Vec<TemplateLine>);

#[component]
pub fn OverviewPage() -> impl IntoView {
    let state = use_state();
    set_title(|| "Operations analytics".into());
    let n = RwSignal::new(30usize);
    let today = today();
    // The site whose runs to count ("" every site).
    let site = RwSignal::new(String::new());
    let data = Memo::new(move |_| {
        let mut templates: Vec<Template> = state
            .templates
            .with(|v| v.iter().map(|s| s.get()).collect());
        let mut runs: Vec<Run> = state.runs.with(|v| v.iter().map(|s| s.get()).collect());
        let want = site.get();
        if !want.is_empty() {
            let here =
                |s: &Option<crate::domain::Id>| s.as_ref().is_some_and(|s| s.as_str() == want);
            runs.retain(|r| here(&r.site));
            let used: std::collections::HashSet<&crate::domain::Id> =
                runs.iter().map(|r| &r.template).collect();
            let keep: Vec<bool> = templates
                .iter()
                .map(|t| here(&t.site) || used.contains(&t.id))
                .collect();
            let mut k = keep.into_iter();
            templates.retain(|_| k.next().unwrap_or(false));
        }
        let mut trefs: Vec<&Template> = templates.iter().collect();
        sort::sort_by_key(&mut trefs, |t| t.name.to_lowercase());
        let rrefs: Vec<&Run> = runs.iter().collect();
        overview(&trefs, &rrefs, today, n.get(), 10)
    });
    view! {
        <section class="page ops-page ops-overview">
            <OpsNav/>
            <div class="page-head">
                <div>
                    <h1 tabindex="-1">"Operations analytics"</h1>
                    <p class="lede">"How every checklist is doing: what gets done, what fails, what runs late."</p>
                </div>
                <div class="page-head-tools">
                    <super::SiteFilter site=site id="overview-site"/>
                    <WindowSelect n=n id="overview-window"/>
                </div>
            </div>
            <super::registers::BySite site=site/>
            {move || data.with(|d| body(d, n.get()))}
        </section>
    }
}

/// "2 occurrences missed · 1 run completed late", leaving out what is zero.
fn late_text(missed: usize, late: usize) -> String {
    let mut parts = Vec::new();
    if missed > 0 {
        parts.push(format!(
            "{} missed",
            plural(missed, "occurrence", "occurrences")
        ));
    }
    if late > 0 {
        parts.push(format!("{} completed late", plural(late, "run", "runs")));
    }
    parts.join(" · ")
}

fn analytics_href(l: &TemplateLine) -> String {
    Route::Template(l.template.clone(), TemplateTab::Analytics).href()
}

fn body(d: &Overview, n: usize) -> AnyView {
    let (lines, failing, late) = d;
    if lines.is_empty() {
        return view! {
            <p class="ops-empty">
                "No checklists yet. "
                <a href=Route::Operations.href()>"Create a checklist"</a>
                " and run it to see its figures here."
            </p>
        }
        .into_any();
    }
    let rows = lines
        .iter()
        .map(|l| {
            let s = &l.stats;
            view! {
                <tr>
                    <th scope="row">
                        <a
                            href=analytics_href(l)
                            aria-label=format!("{} analytics", l.name)
                        >
                            {l.name.clone()}
                        </a>
                    </th>
                    <td class="num">{pct_text(s.completion_pct())}</td>
                    <td class="num">{pct_text(s.on_time_pct())}</td>
                    <td class="num">{pct_text(s.failure_pct())}</td>
                    <td class={if s.missed() > 0 { "num warn" } else { "num" }}>{s.missed()}</td>
                    <td class="num">{s.runs}</td>
                </tr>
            }
        })
        .collect_view();
    let failing_view = if failing.is_empty() {
        view! { <p class="ops-empty">"Nothing has failed in these runs."</p> }.into_any()
    } else {
        let items = failing
            .iter()
            .map(|f| {
                let href = Route::Template(f.template.clone(), TemplateTab::Analytics).href();
                view! {
                    <li>
                        <span class="ops-rank-main">{f.item.text.clone()}</span>
                        <span class="ops-rank-sub">
                            <a href=href>{f.template_name.clone()}</a>
                        </span>
                        <span class="ops-rank-figure">
                            {format!(
                                "failed {} of {} ({}%)",
                                f.item.failed,
                                plural(f.item.answered, "time", "times"),
                                f.item.failure_pct(),
                            )}
                        </span>
                    </li>
                }
            })
            .collect_view();
        view! { <ol class="ops-rank">{items}</ol> }.into_any()
    };
    let late_view = if late.is_empty() {
        view! { <p class="ops-empty">"Every occurrence was done, and on time."</p> }.into_any()
    } else {
        let items = late
            .iter()
            .map(|l| {
                let s = &l.stats;
                let late_runs = s.runs - s.on_time;
                view! {
                    <li>
                        <span class="ops-rank-main">
                            <a href=analytics_href(l)>{l.name.clone()}</a>
                        </span>
                        <span class="ops-rank-figure">
                            {late_text(s.missed(), late_runs)}
                        </span>
                    </li>
                }
            })
            .collect_view();
        view! { <ol class="ops-rank">{items}</ol> }.into_any()
    };
    view! {
        <div class="oa-table-scroll" tabindex="0" role="region" aria-label="Every checklist (scrolls sideways)">
            <table class="oa-table overview-table">
                <caption>{format!("Every checklist over its last {n} runs")}</caption>
                <thead>
                    <tr>
                        <th scope="col">"Checklist"</th>
                        <th scope="col" class="num">
                            "Completion"
                        </th>
                        <th scope="col" class="num">
                            "On time"
                        </th>
                        <th scope="col" class="num">
                            "With a failure"
                        </th>
                        <th scope="col" class="num">
                            "Missed"
                        </th>
                        <th scope="col" class="num">
                            "Runs counted"
                        </th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
        <p class="muted oa-window">
            {format!(
                "Completion and Missed count each checklist's last {n} scheduled days (or its \
                 last {n} runs, when it has no schedule); On time, With a failure and Runs \
                 counted count its last {n} completed runs. Occurrences skipped or excused \
                 (with a reason, from Today) count neither as missed nor as completed."
            )}
        </p>
        <div class="ops-columns">
            <section class="ops-panel" aria-labelledby="fails-most-heading">
                <h2 id="fails-most-heading">"What fails most"</h2>
                {failing_view}
            </section>
            <section class="ops-panel" aria-labelledby="runs-late-heading">
                <h2 id="runs-late-heading">"What runs late"</h2>
                {late_view}
            </section>
        </div>
    }
    .into_any()
}
