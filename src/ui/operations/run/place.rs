//! Where a run is done: its site, and the asset it is on (chosen from the checklist's
//! asset category while the run is open; a link to the asset's history once it is done).

use crate::domain::registers::assets;
use crate::domain::{Id, Run, Template};
use crate::ui::route::Route;
use crate::ui::state::use_state;
use leptos::prelude::*;

/// The run's site and asset, as two entries of the run's facts.
#[component]
pub(super) fn RunPlace(run: RwSignal<Run>, template: RwSignal<Template>) -> impl IntoView {
    let state = use_state();
    let done = Memo::new(move |_| run.with(Run::is_closed));
    let site = move || {
        let id = run.with(|r| r.site.clone());
        state
            .registers
            .with(|r| r.site_name(id.as_ref()).to_string())
    };
    // The assets it can be on; none to choose from hides the choice.
    let choices = Memo::new(move |_| {
        template.with(|t| {
            state.registers.with(|r| {
                assets::for_template(r, t)
                    .into_iter()
                    .map(|a| (a.id.clone(), label(&a.name, &a.tag)))
                    .collect::<Vec<_>>()
            })
        })
    });
    let wants_asset = move || template.with(|t| !t.asset_category.is_empty());
    let asset = Memo::new(move |_| run.with(|r| r.asset.clone()));
    let asset_name = move || {
        asset.get().map(|id| {
            let name = state.registers.with(|r| {
                r.assets
                    .iter()
                    .find(|a| a.id == id)
                    .map(|a| label(&a.name, &a.tag))
            });
            (id, name)
        })
    };
    let set_asset = move |ev: leptos::ev::Event| {
        let v = event_target_value(&ev);
        let chosen = (!v.is_empty()).then_some(Id(v));
        let id = run.with_untracked(|r| r.id.clone());
        if state.set_run_asset(&id, chosen.as_ref()).is_some() {
            state.announce("Saved the asset.");
        }
    };
    view! {
        <Show when=move || !site().is_empty()>
            <div>
                <dt>"Site"</dt>
                <dd>{site}</dd>
            </div>
        </Show>
        <Show when=move || wants_asset() || asset.with(Option::is_some)>
            <div>
                <dt>
                    <label for="run-asset">"Asset"</label>
                </dt>
                <dd>
                    {move || {
                        if done.get() {
                            match asset_name() {
                                Some((id, Some(name))) => view! {
                                    <a href=Route::Asset(id).href()>{name}</a>
                                }
                                    .into_any(),
                                Some((_, None)) => view! { <span>"A removed asset"</span> }.into_any(),
                                None => view! { <span>"Not recorded"</span> }.into_any(),
                            }
                        } else if choices.with(Vec::is_empty) {
                            view! {
                                <span class="muted">
                                    "No assets of this category yet: add them under "
                                    <a href=Route::Sites.href()>"Sites and assets"</a>
                                    "."
                                </span>
                            }
                                .into_any()
                        } else {
                            view! {
                                <select id="run-asset" on:change=set_asset>
                                    <option value="" selected=move || asset.get().is_none()>
                                        "Choose the asset"
                                    </option>
                                    {move || {
                                        choices
                                            .get()
                                            .into_iter()
                                            .map(|(id, name)| {
                                                let v = id.to_string();
                                                view! {
                                                    <option
                                                        value=v
                                                        selected=move || asset.get().as_ref() == Some(&id)
                                                    >
                                                        {name}
                                                    </option>
                                                }
                                            })
                                            .collect_view()
                                    }}
                                </select>
                            }
                                .into_any()
                        }
                    }}
                </dd>
            </div>
        </Show>
    }
}

/// "Walk-in fridge (FR-01)".
pub(crate) fn label(name: &str, tag: &str) -> String {
    if tag.is_empty() {
        name.to_string()
    } else {
        format!("{name} ({tag})")
    }
}
