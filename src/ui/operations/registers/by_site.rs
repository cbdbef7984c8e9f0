//! The analytics page's "By site": each site's checklists, runs of the last 30 days and how
//! many failed, assets overdue and stock to order; a site's name filters the page to it.

use crate::domain::registers::by_site::by_site;
use crate::ui::browser::today;
use crate::ui::route::Route;
use crate::ui::state::use_state;
use leptos::prelude::*;

/// The days the runs are counted over.
const DAYS: u64 = 30;

#[component]
pub fn BySite(site: RwSignal<String>) -> impl IntoView {
    let state = use_state();
    let day = today();
    let lines = Memo::new(move |_| {
        state.registers.track();
        state.runs.track();
        state.templates.track();
        state
            .with_workspace(|ws| by_site(&ws.registers, &ws.templates, &ws.runs, day, DAYS))
            .unwrap_or_default()
    });
    view! {
        <Show when=move || lines.with(|l| !l.is_empty())>
            <section class="ops-section" aria-labelledby="by-site-heading">
                <h2 id="by-site-heading">"By site"</h2>
                <div class="table-scroll" tabindex="0" role="region" aria-label="Figures by site">
                    <table class="register-table">
                        <thead>
                            <tr>
                                <th scope="col">"Site"</th>
                                <th scope="col">"Checklists"</th>
                                <th scope="col">{format!("Runs, last {DAYS} days")}</th>
                                <th scope="col">"With a failure"</th>
                                <th scope="col">"Assets overdue"</th>
                                <th scope="col">"Stock to order"</th>
                            </tr>
                        </thead>
                        <tbody>
                            <For each=move || lines.get() key=|l| l.clone() let:l>
                                {
                                    let id = l.site.to_string();
                                    let chosen = {
                                        let id = id.clone();
                                        move || site.get() == id
                                    };
                                    let label = format!("Show only {}", l.name);
                                    view! {
                                        <tr>
                                            <th scope="row">
                                                <button type="button" class="link-button" aria-label=label aria-pressed=move || chosen().to_string() on:click=move |_| site.set(id.clone())>
                                                    {l.name.clone()}
                                                </button>
                                            </th>
                                            <td class="num">{l.checklists}</td>
                                            <td class="num">{l.runs}</td>
                                            <td class="num">{l.failed}</td>
                                            <td class="num"><a href=Route::Sites.href()>{l.overdue_assets}</a></td>
                                            <td class="num"><a href=Route::Stock.href()>{l.low_stock}</a></td>
                                        </tr>
                                    }
                                }
                            </For>
                        </tbody>
                    </table>
                </div>
            </section>
        </Show>
    }
}
