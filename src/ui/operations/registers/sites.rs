//! Sites and assets: the places a company runs and the equipment at them, each asset with
//! the status its last inspection left it in and when the next is due.

use super::{
    chosen, person_name, person_options, row_tools, save, site_options, EntryForm, EntryTable,
};
use crate::domain::registers::assets::{self, Inspection};
use crate::domain::registers::{Asset, AssetFields, AssetState, Entry, Site, SiteFields};
use crate::domain::Id;
use crate::ui::browser::{long_date, today};
use crate::ui::operations::OpsNav;
use crate::ui::route::Route;
use crate::ui::shell::set_title;
use crate::ui::state::use_state;
use leptos::prelude::*;
use std::collections::HashMap;

#[component]
pub fn SitesPage() -> impl IntoView {
    set_title(|| "Sites and assets".into());
    view! {
        <section class="page registers-page">
            <OpsNav/>
            <div class="page-head">
                <div>
                    <h1 tabindex="-1">"Sites and assets"</h1>
                    <p class="lede">"Where checks are done, and on what: each asset keeps the history of its inspections."</p>
                </div>
            </div>
            <Sites/>
            <Assets/>
        </section>
    }
}

#[component]
fn Sites() -> impl IntoView {
    let state = use_state();
    let editing = RwSignal::new(None::<Id>);
    let problem = RwSignal::new(None::<String>);
    let name = RwSignal::new(String::new());
    let address = RwSignal::new(String::new());
    let lead = RwSignal::new(String::new());
    let editing_name = Signal::derive(move || name.get());
    Effect::new(move |_| {
        let f = editing
            .get()
            .and_then(|id| {
                state.registers.with_untracked(|r| {
                    crate::domain::registers::find::<Site>(r, &id).map(Entry::fields)
                })
            })
            .unwrap_or_default();
        name.set(f.name);
        address.set(f.address);
        lead.set(f.lead.map(|l| l.to_string()).unwrap_or_default());
    });
    let on_save = Callback::new(move |()| {
        let f = SiteFields {
            name: name.get_untracked(),
            address: address.get_untracked(),
            lead: chosen(lead.get_untracked()),
        };
        let was = editing.get_untracked().is_some();
        match save::<Site>(state, editing, f) {
            Ok(()) => {
                problem.set(None);
                state.announce(if was { "Site saved." } else { "Site added." });
                name.set(String::new());
                address.set(String::new());
                lead.set(String::new());
            }
            Err(e) => problem.set(Some(e.to_string())),
        }
    });
    let list_problem = RwSignal::new(None::<String>);
    let rows = move || {
        state.registers.with(|r| {
            let mut v: Vec<Site> = r.sites.clone();
            crate::domain::sort::sort_by(&mut v, |a, b| a.name.cmp(&b.name));
            v.into_iter()
                .map(|s| {
                    let n = r
                        .assets
                        .iter()
                        .filter(|a| a.site.as_ref() == Some(&s.id))
                        .count();
                    (s, n)
                })
                .collect::<Vec<_>>()
        })
    };
    view! {
        <section class="register" aria-labelledby="sites-heading">
            <h2 id="sites-heading">"Sites"</h2>
            <EntryForm id="site-form" add="Add a site" button="Add site" editing=editing editing_name=editing_name problem=problem on_save=on_save>
                <div class="field-grid">
                    <div>
                        <label for="site-form-name">"Name"</label>
                        <input id="site-form-name" bind:value=name aria-invalid=move || problem.with(Option::is_some).then_some("true")/>
                    </div>
                    <div>
                        <label for="site-form-address">"Address (optional)"</label>
                        <input id="site-form-address" bind:value=address/>
                    </div>
                    <div>
                        <label for="site-form-lead">"Lead"</label>
                        <select id="site-form-lead" prop:value=move || lead.get() on:change=move |ev| lead.set(event_target_value(&ev))>
                            {person_options(lead)}
                        </select>
                    </div>
                </div>
            </EntryForm>
            <EntryTable problem=list_problem shown=Signal::derive(move || state.registers.with(|r| !r.sites.is_empty())) empty="No sites yet. Add the places you run: a shop, a kitchen, a warehouse."
                label="List of sites" headings=&["Site", "Address", "Lead", "Assets"]
            >
                <For each=rows key=|(s, n)| (s.id.clone(), s.updated, *n) let:row>
                    {
                        let (s, n) = row;
                        let (id, nm) = (s.id.clone(), s.name.clone());
                        view! {
                            <tr>
                                <th scope="row" dir="auto">{s.name.clone()}</th>
                                <td>{s.address.clone()}</td>
                                <td>{person_name(state, s.lead.as_ref())}</td>
                                <td>{n}</td>
                                <td class="row-tools">
                                    {row_tools::<Site>(editing, id.clone(), nm.clone(), "site-form", list_problem)}
                                </td>
                            </tr>
                        }
                    }
                </For>
            </EntryTable>
        </section>
    }
}

/// An asset's inspection in words: "Passed 2 Mar · next due 1 Apr".
fn inspection_text(i: Option<&Inspection>, day: chrono::NaiveDate) -> (assets::Status, String) {
    let Some(i) = i else {
        return (
            assets::Status::NotInspected,
            assets::Status::NotInspected.words().into(),
        );
    };
    let status = i.status(day);
    let mut s = status.words().to_string();
    if let (Some((d, _)), assets::Status::Passed | assets::Status::Failed) = (i.last, status) {
        s.push_str(&format!(" on {}", long_date(d)));
    }
    if let Some(n) = i.next {
        s.push_str(&format!(" · next due {}", long_date(n)));
    }
    (status, s)
}

fn status_class(s: assets::Status) -> &'static str {
    match s {
        assets::Status::Passed => "status-ok",
        assets::Status::Failed | assets::Status::Overdue => "status-bad",
        assets::Status::NotInspected => "status-none",
    }
}

#[component]
fn Assets() -> impl IntoView {
    let state = use_state();
    let day = today();
    let editing = RwSignal::new(None::<Id>);
    let problem = RwSignal::new(None::<String>);
    let name = RwSignal::new(String::new());
    let tag = RwSignal::new(String::new());
    let site = RwSignal::new(String::new());
    let category = RwSignal::new(String::new());
    let asset_state = RwSignal::new(AssetState::InService.key().to_string());
    let every = RwSignal::new(String::new());
    let due = RwSignal::new(String::new());
    let editing_name = Signal::derive(move || name.get());
    Effect::new(move |_| {
        let f = editing
            .get()
            .and_then(|id| {
                state.registers.with_untracked(|r| {
                    crate::domain::registers::find::<Asset>(r, &id).map(Entry::fields)
                })
            })
            .unwrap_or_default();
        name.set(f.name);
        tag.set(f.tag);
        site.set(f.site.map(|l| l.to_string()).unwrap_or_default());
        category.set(f.category);
        asset_state.set(f.state.key().to_string());
        every.set(f.every.map(|e| e.to_string()).unwrap_or_default());
        due.set(f.due.map(|d| d.to_string()).unwrap_or_default());
    });
    let on_save = Callback::new(move |()| {
        let every_v = every.get_untracked();
        let every_v = match every_v.trim() {
            "" => None,
            v => match v.parse::<u32>() {
                Ok(n) => Some(n),
                Err(_) => {
                    problem.set(Some(
                        "Inspect every: a whole number of days, or leave it empty.".into(),
                    ));
                    return;
                }
            },
        };
        let due_v = due.get_untracked();
        let due_v = match due_v.trim() {
            "" => None,
            v => match v.parse() {
                Ok(d) => Some(d),
                Err(_) => {
                    problem.set(Some(
                        "Next inspection: pick a date, or leave it empty.".into(),
                    ));
                    return;
                }
            },
        };
        let f = AssetFields {
            name: name.get_untracked(),
            tag: tag.get_untracked(),
            site: chosen(site.get_untracked()),
            category: category.get_untracked(),
            state: AssetState::from_key(&asset_state.get_untracked()),
            every: every_v,
            due: due_v,
        };
        let was = editing.get_untracked().is_some();
        match save::<Asset>(state, editing, f) {
            Ok(()) => {
                problem.set(None);
                state.announce(if was { "Asset saved." } else { "Asset added." });
                name.set(String::new());
                tag.set(String::new());
                every.set(String::new());
                due.set(String::new());
            }
            Err(e) => problem.set(Some(e.to_string())),
        }
    });
    let categories = Memo::new(move |_| {
        state.registers.with(|r| {
            assets::categories(r)
                .into_iter()
                .map(str::to_string)
                .collect::<Vec<_>>()
        })
    });
    // Which site's assets to list ("" every site).
    let filter = RwSignal::new(String::new());
    // Each asset's inspection, from the runs (read when the page opens or the lists change).
    let inspections = Memo::new(move |_| {
        state.registers.track();
        state.runs.track();
        state
            .with_workspace(|ws| assets::inspections(&ws.registers, &ws.runs, &ws.templates))
            .unwrap_or_default()
    });
    let rows = move || {
        let f = filter.get();
        let ins: HashMap<Id, Inspection> = inspections.get();
        state.registers.with(|r| {
            let mut v: Vec<&Asset> = r
                .assets
                .iter()
                .filter(|a| f.is_empty() || a.site.as_ref().is_some_and(|s| s.as_str() == f))
                .collect();
            crate::domain::sort::sort_by(&mut v, |a, b| {
                (r.site_name(a.site.as_ref()), &a.name)
                    .cmp(&(r.site_name(b.site.as_ref()), &b.name))
            });
            v.into_iter()
                .map(|a| {
                    let (status, text) = inspection_text(ins.get(&a.id), day);
                    (
                        a.clone(),
                        r.site_name(a.site.as_ref()).to_string(),
                        status,
                        text,
                    )
                })
                .collect::<Vec<_>>()
        })
    };
    let list_problem = RwSignal::new(None::<String>);
    view! {
        <section class="register" aria-labelledby="assets-heading">
            <h2 id="assets-heading">"Assets"</h2>
            <EntryForm id="asset-form" add="Add an asset" button="Add asset" editing=editing editing_name=editing_name problem=problem on_save=on_save>
                <div class="field-grid">
                    <div>
                        <label for="asset-form-name">"Name"</label>
                        <input id="asset-form-name" bind:value=name aria-invalid=move || problem.with(Option::is_some).then_some("true")/>
                    </div>
                    <div>
                        <label for="asset-form-tag">"Tag or serial"</label>
                        <input id="asset-form-tag" bind:value=tag/>
                    </div>
                    <div>
                        <label for="asset-form-site">"Site"</label>
                        <select id="asset-form-site" prop:value=move || site.get() on:change=move |ev| site.set(event_target_value(&ev))>
                            {site_options(site, "No site")}
                        </select>
                    </div>
                    <div>
                        <label for="asset-form-category">"Category"</label>
                        <input id="asset-form-category" list="asset-categories" bind:value=category placeholder="e.g. Fridge"/>
                        <datalist id="asset-categories">
                            <For each=move || categories.get() key=|a| a.clone() let:a>
                                <option value=a></option>
                            </For>
                        </datalist>
                    </div>
                    <div>
                        <label for="asset-form-state">"State"</label>
                        <select id="asset-form-state" prop:value=move || asset_state.get() on:change=move |ev| asset_state.set(event_target_value(&ev))>
                            {AssetState::ALL.into_iter().map(|s| view! { <option value=s.key() selected=move || asset_state.get() == s.key()>{s.words()}</option> }).collect_view()}
                        </select>
                    </div>
                    <div>
                        <label for="asset-form-every">"Inspect every (days)"</label>
                        <input id="asset-form-every" type="number" min="1" max="3660" inputmode="numeric" bind:value=every/>
                    </div>
                    <div>
                        <label for="asset-form-due">"Next inspection due"</label>
                        <input id="asset-form-due" type="date" bind:value=due aria-describedby="asset-form-due-hint"/>
                    </div>
                </div>
                <p id="asset-form-due-hint" class="hint">
                    "After an inspection, the next is due that many days later; without an interval, this date stands."
                </p>
            </EntryForm>
            <div class="register-filter">
                <label for="asset-filter">"Show"</label>
                <select id="asset-filter" prop:value=move || filter.get() on:change=move |ev| filter.set(event_target_value(&ev))>
                    {site_options(filter, "Every site")}
                </select>
            </div>
            <EntryTable problem=list_problem shown=Signal::derive(move || state.registers.with(|r| !r.assets.is_empty())) empty="No assets yet. Add the equipment you inspect: fridges, extinguishers, vehicles."
                label="List of assets" headings=&["Asset", "Site", "Category", "State", "Inspection"]
            >
                <For each=rows key=|(a, s, _, t)| (a.id.clone(), a.updated, s.clone(), t.clone()) let:row>
                    {
                        let (a, site_name, status, text) = row;
                        let (id, nm) = (a.id.clone(), a.name.clone());
                        let label = crate::ui::operations::run::asset_label(&a.name, &a.tag);
                        view! {
                            <tr>
                                <th scope="row" dir="auto"><a href=Route::Asset(a.id.clone()).href()>{label}</a></th>
                                <td>{site_name}</td>
                                <td>{a.category.clone()}</td>
                                <td>{a.state.words()}</td>
                                <td><span class=format!("asset-status {}", status_class(status))>{text}</span></td>
                                <td class="row-tools">
                                    {row_tools::<Asset>(editing, id.clone(), nm.clone(), "asset-form", list_problem)}
                                </td>
                            </tr>
                        }
                    }
                </For>
            </EntryTable>
        </section>
    }
}
