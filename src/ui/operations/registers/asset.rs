//! One asset: what it is, where, its inspection status, and its history (every run done on
//! it, newest first, with the failures found and the corrective actions raised).

use crate::domain::registers::{assets, find, Asset};
use crate::domain::Id;
use crate::ui::browser::{long_date, today};
use crate::ui::operations::OpsNav;
use crate::ui::route::Route;
use crate::ui::shell::{set_title, NotFound};
use crate::ui::state::use_state;
use leptos::prelude::*;

/// How many runs of the history show at first, and how many more each "Show more" adds.
const PAGE: usize = 100;

#[component]
pub fn AssetPage(id: Id) -> impl IntoView {
    let state = use_state();
    let asset = {
        let id = id.clone();
        Memo::new(move |_| state.registers.with(|r| find::<Asset>(r, &id).cloned()))
    };
    if asset.with_untracked(Option::is_none) {
        return view! { <NotFound what="asset" back=Route::Sites/> }.into_any();
    }
    let label = move || {
        asset.with(|a| {
            a.as_ref()
                .map(|a| crate::ui::operations::run::asset_label(&a.name, &a.tag))
                .unwrap_or_default()
        })
    };
    set_title(label);
    let day = today();
    // Its history and status, read from the runs when the page opens (and when they change).
    let found = {
        let id = id.clone();
        Memo::new(move |_| {
            state.runs.track();
            state.registers.track();
            state
                .with_workspace(|ws| {
                    let h = assets::history(&id, &ws.runs, &ws.templates);
                    let a = find::<Asset>(&ws.registers, &id)?;
                    let last = h
                        .iter()
                        .find(|v| v.completed)
                        .map(|v| (v.date, !v.failures.is_empty()));
                    Some((h, assets::inspection_of(a, last)))
                })
                .flatten()
        })
    };
    let facts = move || {
        let Some(a) = asset.get() else {
            return ().into_any();
        };
        let site = state
            .registers
            .with(|r| r.site_name(a.site.as_ref()).to_string());
        let inspection = found.with(|f| f.as_ref().map(|(_, i)| i.clone()));
        let status = inspection.as_ref().map(|i| i.status(day));
        let next = inspection
            .and_then(|i| i.next)
            .map(long_date)
            .unwrap_or_else(|| "Not set".into());
        view! {
            <dl class="run-facts asset-facts">
                <div><dt>"Site"</dt><dd>{if site.is_empty() { "No site".to_string() } else { site }}</dd></div>
                <div><dt>"Category"</dt><dd>{a.category.clone()}</dd></div>
                <div><dt>"State"</dt><dd>{a.state.words()}</dd></div>
                <div><dt>"Inspection"</dt><dd>{status.map(|s| s.words()).unwrap_or("Not inspected yet")}</dd></div>
                <div><dt>"Next inspection"</dt><dd>{next}</dd></div>
                <div><dt>"Every"</dt><dd>{a.every.map(|d| format!("{d} days")).unwrap_or_else(|| "No interval".into())}</dd></div>
            </dl>
        }
        .into_any()
    };
    let person = move |id: Option<&Id>| super::person_name(state, id);
    let card_title = move |p: &Id, c: &Id| {
        state
            .project(p)
            .and_then(|p| p.with_untracked(|p| p.card(c).map(|c| c.title.clone())))
    };
    // The newest runs first, a page at a time: a history of years stays quick to open.
    let shown = RwSignal::new(PAGE);
    let total = move || found.with(|f| f.as_ref().map_or(0, |(h, _)| h.len()));
    let rows = move || {
        let n = shown.get();
        found.with(|f| {
            f.as_ref()
                .map(|(h, _)| h.iter().take(n).cloned().collect::<Vec<_>>())
                .unwrap_or_default()
        })
    };
    view! {
        <section class="page registers-page asset-page">
            <OpsNav/>
            <p class="crumbs"><a href=Route::Sites.href()>"Sites and assets"</a></p>
            <div class="page-head">
                <div>
                    <h1 tabindex="-1">{label}</h1>
                </div>
            </div>
            {facts}
            <section aria-labelledby="asset-history">
                <h2 id="asset-history">"History"</h2>
                <p class="muted" id="asset-history-count">{move || match total() {
                    0 => String::new(),
                    1 => "1 check.".to_string(),
                    n => format!("{n} checks, newest first."),
                }}</p>
                <Show
                    when=move || found.with(|f| f.as_ref().is_some_and(|(h, _)| !h.is_empty()))
                    fallback=|| view! { <p class="muted">"No checks on this asset yet. A checklist for its category records which asset each run is on."</p> }
                >
                    <div class="table-scroll" tabindex="0" role="region" aria-label="Runs on this asset">
                        <table class="register-table">
                            <thead>
                                <tr><th scope="col">"Date"</th><th scope="col">"Checklist"</th><th scope="col">"By"</th><th scope="col">"Result"</th><th scope="col">"Corrective actions"</th></tr>
                            </thead>
                            <tbody>
                                <For each=rows key=|v| v.run.clone() let:v>
                                    {
                                        let result = match (v.completed, v.failures.is_empty()) {
                                            (false, _) => "In progress".to_string(),
                                            (true, true) => "Passed".to_string(),
                                            (true, false) => format!(
                                                "Failed: {}",
                                                v.failures.iter().map(|(i, a)| format!("{i} ({a})")).collect::<Vec<_>>().join("; ")
                                            ),
                                        };
                                        let score = v.score.map(|s| format!(" · score {s}%")).unwrap_or_default();
                                        let bad = v.completed && !v.failures.is_empty();
                                        let actions = v.actions.iter().map(|(p, c)| {
                                            let href = Route::Card(p.clone(), c.clone()).href();
                                            let t = card_title(p, c).unwrap_or_else(|| "A deleted card".into());
                                            view! { <a href=href>{t}</a>" " }
                                        }).collect_view();
                                        view! {
                                            <tr>
                                                <th scope="row"><a href=Route::Run(v.run.clone()).href()>{long_date(v.date)}</a></th>
                                                <td>{v.checklist.clone()}</td>
                                                <td>{person(v.by.as_ref())}</td>
                                                <td><span class=if bad { "asset-status status-bad" } else { "asset-status" }>{result}{score}</span></td>
                                                <td>{actions}</td>
                                            </tr>
                                        }
                                    }
                                </For>
                            </tbody>
                        </table>
                    </div>
                    <Show when={move || total() > shown.get()}>
                        <button type="button" on:click=move |_| shown.update(|n| *n += PAGE)>
                            {move || format!("Show {} more", (total() - shown.get()).min(PAGE))}
                        </button>
                    </Show>
                </Show>
            </section>
        </section>
    }
    .into_any()
}
