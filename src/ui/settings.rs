//! The settings page: how much of the browser's storage Docket uses (a meter with a
//! breakdown and a warning near the limit), the raw stored data, and (issue 7) the theme.

use crate::storage::usage::{self, percent, short, Usage};
use crate::storage::{recovery, LocalStore};
use crate::ui::exchange::export_workspace;
use crate::ui::recovery::download_stored_data;
use crate::ui::shell::set_title;
use crate::ui::state::use_state;
use leptos::prelude::*;

/// Measures localStorage now (reads every key: a few milliseconds for a full store).
fn measure() -> Result<(Usage, usize), String> {
    let store = LocalStore::open().map_err(|e| e.to_string())?;
    let u = usage::usage(&store).map_err(|e| e.to_string())?;
    let aside = recovery::set_aside_keys(&store)
        .map_err(|e| e.to_string())?
        .len();
    Ok((u, aside))
}

/// The page.
#[component]
pub fn SettingsPage() -> impl IntoView {
    set_title(|| "Settings".into());
    view! {
        <section class="page narrow settings-page">
            <div class="page-head">
                <h1 tabindex="-1">"Settings"</h1>
            </div>
            <StorageMeter/>
            <crate::ui::couch::settings::SyncSettings/>
            // ---- Theme (issue 7) --------------------------------------------------------
            // The theme toggle goes here, as its own `<section class="settings-block">`.
            // ---------------------------------------------------------------------------------
        </section>
    }
}

/// Storage used against the browser's limit, what uses it, and what to do when it is full.
#[component]
fn StorageMeter() -> impl IntoView {
    let state = use_state();
    let measured = RwSignal::new(measure());
    // Measure again after anything was saved or refused (the banner changes then) and
    // when the workspace's lists change.
    Effect::new(move |prev: Option<()>| {
        state.notice.track();
        state.projects.track();
        state.templates.track();
        state.runs.track();
        if prev.is_some() {
            measured.set(measure());
        }
    });
    let u = move || measured.with(|m| m.as_ref().ok().map(|(u, _)| *u));
    let row = move |label: &'static str, pick: fn(&Usage) -> usize, always: bool| {
        move || {
            u().filter(|u| always || pick(u) > 0).map(|u| {
                let n = pick(&u);
                view! {
                    <tr>
                        <th scope="row">{label}</th>
                        <td>{format!("{} characters", short(n))}</td>
                        <td>{format!("{}%", percent(n, u.limit))}</td>
                    </tr>
                }
            })
        }
    };
    view! {
        <section class="settings-block" aria-labelledby="storage-heading">
            <h2 id="storage-heading">"Storage in this browser"</h2>
            <p class="muted">
                "Docket keeps your work in this browser's local storage, which holds about \
                 5.2 million characters per site. Stored records are compressed."
            </p>
            {move || match measured.get() {
                Err(e) => {
                    view! { <p role="alert">{format!("Storage could not be measured: {e}")}</p> }
                        .into_any()
                }
                Ok((u, _)) => {
                    view! {
                        <div class="storage-meter">
                            <label for="storage-meter">"Storage used"</label>
                            <meter
                                id="storage-meter"
                                min="0"
                                max=u.limit.to_string()
                                low=(u.limit * 6 / 10).to_string()
                                high=(u.limit * 8 / 10).to_string()
                                optimum="0"
                                value=u.used().to_string()
                                aria-describedby="storage-summary"
                            >
                                {u.summary()}
                            </meter>
                            <p id="storage-summary" class="storage-summary">{u.summary()}</p>
                        </div>
                    }
                        .into_any()
                }
            }}
            <table class="storage-breakdown">
                <caption class="sr-only">"What uses the storage"</caption>
                <thead>
                    <tr>
                        <th scope="col">"Kind"</th>
                        <th scope="col">"Size"</th>
                        <th scope="col">"Share of the limit"</th>
                    </tr>
                </thead>
                <tbody>
                    {row("Projects", |u| u.projects, true)}
                    {row("Checklists and runs", |u| u.checklists, true)}
                    {row("Other (people, deleted items)", |u| u.other, true)}
                    {row("Damaged records set aside", |u| u.damaged, false)}
                    {row("Other data of this site", |u| u.foreign, false)}
                </tbody>
            </table>
            {move || {
                u().filter(Usage::near_limit)
                    .map(|u| {
                        view! {
                            <div class="storage-warning" role="status">
                                <p>
                                    <strong>
                                        {format!("Storage is nearly full ({}%).", percent(u.used(), u.limit))}
                                    </strong>
                                    " When it is full, changes stay on screen but are not saved. \
                                     Export everything now to keep a copy, then delete old runs \
                                     or projects you no longer need (and empty the trash)."
                                </p>
                                <button
                                    class="primary"
                                    on:click=move |_| {
                                        export_workspace(state, false);
                                    }
                                >
                                    "Export everything"
                                </button>
                            </div>
                        }
                    })
            }}
            <div class="storage-tools">
                <button on:click=move |_| measured.set(measure())>"Measure again"</button>
                <button on:click=move |_| {
                    download_stored_data(state);
                }>"Download stored data"</button>
            </div>
            {move || {
                measured
                    .with(|m| m.as_ref().ok().map(|(_, n)| *n))
                    .filter(|n| *n > 0)
                    .map(|n| {
                        view! {
                            <p class="muted">
                                {format!(
                                    "{n} damaged record(s) were set aside by the recovery view. \
                                     They are included in “Download stored data”."
                                )}
                            </p>
                        }
                    })
            }}
        </section>
    }
}
