//! Every checklist template, and a form for a new one.

use super::RunProgress;
use crate::domain::Template;
use crate::ui::browser::{long_date, today};
use crate::ui::projects::Welcome;
use crate::ui::route::Route;
use crate::ui::shell::set_title;
use crate::ui::state::use_state;
use leptos::prelude::*;

#[component]
pub fn OperationsPage() -> impl IntoView {
    let state = use_state();
    set_title(|| "Operations".into());
    let name = RwSignal::new(String::new());
    let items = RwSignal::new(String::new());
    let create = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if let Some(id) = state.create_template(&name.get_untracked(), &items.get_untracked()) {
            name.set(String::new());
            items.set(String::new());
            state.go(Route::Template(id));
        }
    };
    view! {
        <section class="page">
            <div class="page-head">
                <div>
                    <h1 tabindex="-1">"Operations"</h1>
                    <p class="lede">"The checks that keep a site running, day after day."</p>
                </div>
            </div>
            <Show when=move || state.is_empty()>
                <Welcome/>
            </Show>
            <ul class="tile-list" aria-label="Checklists">
                <For
                    each=move || state.templates.get()
                    key=|s| s.with_untracked(|t| t.id.clone())
                    let:template
                >
                    <TemplateTile template=template/>
                </For>
            </ul>
            <details class="create-panel" open=move || state.templates.with(Vec::is_empty)>
                <summary>"New checklist"</summary>
                <form class="details-form" on:submit=create>
                    <label for="new-template">"Checklist name"</label>
                    <input id="new-template" placeholder="e.g. Closing checks" bind:value=name/>
                    <label for="new-items">"Items, one per line"</label>
                    <textarea
                        id="new-items"
                        rows="6"
                        placeholder="Lights off\nAlarm set\nDoors locked"
                        bind:value=items
                    ></textarea>
                    <div class="form-actions">
                        <button type="submit" class="primary">"Create checklist"</button>
                    </div>
                </form>
            </details>
        </section>
    }
}

#[component]
fn TemplateTile(template: RwSignal<Template>) -> impl IntoView {
    let state = use_state();
    let id = template.with_untracked(|t| t.id.clone());
    let name = move || template.with(|t| t.name.clone());
    let latest = {
        let id = id.clone();
        Memo::new(move |_| state.runs_of(&id).first().copied())
    };
    let start = move |_| {
        if let Some(run) = state.start_run(template, today()) {
            state.go(Route::Run(run));
        }
    };
    view! {
        <li class="tile">
            <div class="tile-head">
                <h2 class="tile-title">
                    <a href=Route::Template(id.clone()).href()>{name}</a>
                </h2>
                <span class="badge">
                    {move || format!("{} items", template.with(|t| t.items.len()))}
                </span>
            </div>
            <div class="tile-text">
                {move || match latest.get() {
                    None => view! { <p>"Not run yet."</p> }.into_any(),
                    Some(run) => {
                        view! {
                            <p>
                                <a href=Route::Run(run.with_untracked(|r| r.id.clone())).href()>
                                    {move || format!("Last run {}", long_date(run.with(|r| r.date)))}
                                </a>
                            </p>
                            <RunProgress run=run template=template/>
                        }
                            .into_any()
                    }
                }}
            </div>
            <div class="tile-actions">
                <button
                    class="primary"
                    aria-label=move || format!("Start a run of {} for today", name())
                    on:click=start
                >
                    "Start today's run"
                </button>
            </div>
        </li>
    }
}
