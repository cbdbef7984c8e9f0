//! Every checklist template, grouped by area, and a form for a new one.

use super::OpsNav;
use crate::domain::checklist::AREAS;
use crate::domain::sort;
use crate::domain::Template;
use crate::ui::browser::long_date;
use crate::ui::projects::Welcome;
use crate::ui::route::{Route, TemplateTab};
use crate::ui::shell::set_title;
use crate::ui::state::use_state;
use leptos::prelude::*;

/// The heading of templates that have no area.
const NO_AREA: &str = "No area";

/// Areas in display order: the four standard ones, then the ones users typed (sorted),
/// then "No area"; only areas that have templates.
fn area_groups(templates: &[RwSignal<Template>]) -> Vec<(String, Vec<RwSignal<Template>>)> {
    let area_of = |s: &RwSignal<Template>| s.with(|t| t.area.trim().to_string());
    let mut names: Vec<String> = AREAS.iter().map(|a| a.to_string()).collect();
    let mut typed: Vec<String> = templates
        .iter()
        .map(area_of)
        .filter(|a| !a.is_empty() && !AREAS.iter().any(|x| x.eq_ignore_ascii_case(a)))
        .collect();
    sort::sort_by_key(&mut typed, |a| a.to_lowercase());
    typed.dedup_by(|a, b| a.eq_ignore_ascii_case(b));
    names.extend(typed);
    let mut out: Vec<(String, Vec<RwSignal<Template>>)> = names
        .into_iter()
        .map(|name| {
            let mut v: Vec<RwSignal<Template>> = templates
                .iter()
                .copied()
                .filter(|s| area_of(s).eq_ignore_ascii_case(&name))
                .collect();
            sort::sort_by_cached_key(&mut v, |s| s.with(|t| t.name.to_lowercase()));
            (name, v)
        })
        .collect();
    let mut loose: Vec<RwSignal<Template>> = templates
        .iter()
        .copied()
        .filter(|s| area_of(s).is_empty())
        .collect();
    sort::sort_by_cached_key(&mut loose, |s| s.with(|t| t.name.to_lowercase()));
    out.push((NO_AREA.to_string(), loose));
    out.retain(|(_, v)| !v.is_empty());
    out
}

/// Every area in use or standard, for the area field's suggestions.
pub(crate) fn known_areas(templates: &[RwSignal<Template>]) -> Vec<String> {
    let mut out: Vec<String> = AREAS.iter().map(|a| a.to_string()).collect();
    for s in templates {
        let a = s.with(|t| t.area.trim().to_string());
        if !a.is_empty() && !out.iter().any(|x| x.eq_ignore_ascii_case(&a)) {
            out.push(a);
        }
    }
    out
}

#[component]
pub fn OperationsPage() -> impl IntoView {
    let state = use_state();
    set_title(|| "Checklists".into());
    let name = RwSignal::new(String::new());
    let create = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if let Some(id) = state.create_template(&name.get_untracked(), "") {
            name.set(String::new());
            state.go(Route::Template(id, TemplateTab::Items));
            state.announce("Checklist created: add its sections and items.");
        }
    };
    let groups = Memo::new(move |_| state.templates.with(|v| area_groups(v)));
    view! {
        <section class="page ops-page">
            <OpsNav/>
            <div class="page-head">
                <div>
                    <h1 tabindex="-1">"Checklists"</h1>
                    <p class="lede">"The checks that keep a site running, day after day."</p>
                </div>
            </div>
            <Show when=move || state.is_empty()>
                <Welcome/>
            </Show>
            <form class="create-form ops-create" on:submit=create>
                <label for="new-template">"New checklist"</label>
                <div class="field-row">
                    <input id="new-template" placeholder="e.g. Closing checks" bind:value=name/>
                    <button type="submit" class="primary">"Create checklist"</button>
                </div>
            </form>
            <Show when=move || state.templates.with(|v| !v.is_empty())>
                {move || {
                    groups
                        .get()
                        .into_iter()
                        .map(|(area, templates)| view! { <AreaGroup area=area templates=templates/> })
                        .collect_view()
                }}
            </Show>
        </section>
    }
}

#[component]
fn AreaGroup(area: String, templates: Vec<RwSignal<Template>>) -> impl IntoView {
    let heading_id = format!(
        "area-{}",
        area.chars()
            .map(|c| if c.is_alphanumeric() { c } else { '-' })
            .collect::<String>()
            .to_lowercase()
    );
    let (h1, h2) = (heading_id.clone(), heading_id.clone());
    view! {
        <section class="area-group" aria-labelledby=h1>
            <h2 id=h2>{area.clone()}</h2>
            <table class="ops-table" aria-labelledby=heading_id>
                <thead>
                    <tr>
                        <th scope="col">"Checklist"</th>
                        <th scope="col">"Schedule"</th>
                        <th scope="col">"Owner"</th>
                        <th scope="col" class="num">"Items"</th>
                        <th scope="col">"Last run"</th>
                    </tr>
                </thead>
                <tbody>
                    {templates
                        .into_iter()
                        .map(|t| view! { <TemplateRow template=t/> })
                        .collect_view()}
                </tbody>
            </table>
        </section>
    }
}

#[component]
fn TemplateRow(template: RwSignal<Template>) -> impl IntoView {
    let state = use_state();
    let id = template.with_untracked(|t| t.id.clone());
    let name = move || template.with(|t| t.name.clone());
    let latest = {
        let id = id.clone();
        Memo::new(move |_| state.runs_of(&id).first().copied())
    };
    let owner = move || {
        let owner = template.with(|t| t.owner.clone())?;
        state
            .people
            .with(|p| p.iter().find(|x| x.id == owner).map(|x| x.name.clone()))
    };
    view! {
        <tr>
            <th scope="row">
                <a href=Route::Template(id.clone(), TemplateTab::Items).href() dir="auto">{name}</a>
                {move || {
                    let d = template.with(|t| crate::domain::markdown::plain(&t.description));
                    (!d.is_empty()).then(|| view! { <span class="ops-desc">{d}</span> })
                }}
            </th>
            <td>{move || template.with(|t| t.recurrence.describe())}</td>
            <td>
                {move || match owner() {
                    Some(n) => view! { <span>{n}</span> }.into_any(),
                    None => view! { <span class="muted">"Nobody"</span> }.into_any(),
                }}
            </td>
            <td class="num">{move || template.with(|t| t.items.len())}</td>
            <td>
                {move || match latest.get() {
                    None => view! { <span class="muted">"Not run yet"</span> }.into_any(),
                    Some(run) => {
                        let (rid, date, done) = run
                            .with(|r| (r.id.clone(), r.date, r.is_complete()));
                        view! {
                            <a href=Route::Run(rid).href()>{long_date(date)}</a>
                            " "
                            <span class=if done { "badge done" } else { "badge" }>
                                {if done { "Completed" } else { "In progress" }}
                            </span>
                        }
                            .into_any()
                    }
                }}
            </td>
        </tr>
    }
}
