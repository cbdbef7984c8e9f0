//! The charter tab: objective, scope, deliverables, dates, budget, stakeholders, status.

use crate::domain::{Project, ProjectStatus};
use crate::ui::state::use_state;
use chrono::NaiveDate;
use leptos::prelude::*;

/// The charter tab.
#[component]
pub fn CharterView(project: RwSignal<Project>) -> impl IntoView {
    view! { <ProjectDetails project=project/> }
}

/// The project's objective, status and dates, edited in a disclosure.
#[component]
fn ProjectDetails(project: RwSignal<Project>) -> impl IntoView {
    let state = use_state();
    let objective = RwSignal::new(String::new());
    let status = RwSignal::new(String::new());
    let start = RwSignal::new(String::new());
    let end = RwSignal::new(String::new());
    let fill = move || {
        project.with_untracked(|p| {
            objective.set(p.objective.clone());
            status.set(p.status.key().into());
            start.set(p.start.map(|d| d.to_string()).unwrap_or_default());
            end.set(p.target_end.map(|d| d.to_string()).unwrap_or_default());
        })
    };
    fill();
    let open = RwSignal::new(false);
    let parse = |s: String| NaiveDate::parse_from_str(&s, "%Y-%m-%d").ok();
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let st = ProjectStatus::from_key(&status.get_untracked()).unwrap_or_default();
        let ok = state
            .edit_project(project, "edit project details", |p, env| {
                p.set_details(
                    env,
                    &objective.get_untracked(),
                    st,
                    parse(start.get_untracked()),
                    parse(end.get_untracked()),
                )
            })
            .is_some();
        if ok {
            open.set(false);
            state.announce("Project details saved.");
        }
    };
    view! {
        <details class="details-panel" prop:open=move || open.get()
            on:toggle=move |ev| {
                let el: web_sys::HtmlDetailsElement = event_target(&ev);
                if el.open() { fill(); }
                open.set(el.open());
            }
        >
            <summary>"Edit details"</summary>
            <form class="details-form" on:submit=save>
                <label for="objective">"Objective"</label>
                <textarea id="objective" rows="3" bind:value=objective></textarea>
                <div class="field-grid">
                    <div>
                        <label for="status">"Status"</label>
                        <select id="status" bind:value=status>
                            {ProjectStatus::ALL
                                .into_iter()
                                .map(|s| view! { <option value=s.key()>{s.label()}</option> })
                                .collect_view()}
                        </select>
                    </div>
                    <div>
                        <label for="start">"Start date"</label>
                        <input id="start" type="date" bind:value=start/>
                    </div>
                    <div>
                        <label for="end">"Target end date"</label>
                        <input id="end" type="date" bind:value=end/>
                    </div>
                </div>
                <div class="form-actions">
                    <button type="submit" class="primary">"Save details"</button>
                </div>
            </form>
        </details>
    }
}
