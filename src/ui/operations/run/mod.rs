//! One run of a checklist: answer each item (by its answer type), add notes, say who ran
//! it, complete and sign it off; failed items are highlighted and can raise a
//! corrective-action card on a project board. A completed run is read-only.

mod actions;
mod item;
mod place;

pub(crate) use place::label as asset_label;
mod signature;

use super::OpsNav;
use crate::domain::checklist::{Item, Section};
use crate::domain::{Id, Run, Template, Ts};
use crate::ui::browser::{focus_later, long_date, today};
use crate::ui::route::{Route, TemplateTab};
use crate::ui::shell::{set_title, NotFound};
use crate::ui::state::use_state;
use chrono::NaiveDate;
use leptos::prelude::*;

use actions::RaiseDialog;
use item::ItemRow;
use signature::{signature_view, SignaturePad, Strokes};

#[component]
pub fn RunPage(id: Id) -> impl IntoView {
    let state = use_state();
    let found = state.run(&id).and_then(|run| {
        Some((
            run,
            state.template(&run.with_untracked(|r| r.template.clone()))?,
        ))
    });
    match found {
        Some((run, template)) => view! { <RunView run=run template=template/> }.into_any(),
        None => view! { <NotFound what="run" back=Route::Today/> }.into_any(),
    }
}

fn js_date(ts: Ts) -> js_sys::Date {
    js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(
        ts.timestamp_millis() as f64
    ))
}

/// The time of day of a moment in the user's time zone: "14:05".
pub(super) fn clock(ts: Ts) -> String {
    let d = js_date(ts);
    format!("{:02}:{:02}", d.get_hours(), d.get_minutes())
}

/// A moment in the user's time zone: "Fri 27 Nov 2026 at 14:05".
fn local_time(ts: Ts) -> String {
    let d = js_date(ts);
    let day = NaiveDate::from_ymd_opt(d.get_full_year() as i32, d.get_month() + 1, d.get_date());
    match day {
        Some(day) => format!("{} at {}", long_date(day), clock(ts)),
        None => crate::domain::dates::utc_minute(ts),
    }
}

/// The DOM id of an item's row (ids are letters and digits, so safe in selectors).
fn row_id(item: &Id) -> String {
    format!("run-item-{item}")
}

#[component]
fn RunView(run: RwSignal<Run>, template: RwSignal<Template>) -> impl IntoView {
    let name = move || template.with(|t| t.name.clone());
    let date = Memo::new(move |_| run.with(|r| r.date));
    set_title(move || format!("{} — {}", name(), long_date(date.get())));
    let tid = template.with_untracked(|t| t.id.clone());
    let version = Memo::new(move |_| run.with(|r| r.version));
    // Completed or skipped: read-only.
    let done = Memo::new(move |_| run.with(Run::is_closed));
    let skipped = move || run.with(|r| r.skipped.clone());
    // The run's items, grouped by section: they change only if the template does.
    let groups = Memo::new(move |_| {
        let v = version.get();
        template.with(|t| {
            let (sections, items) = t.version_items(v);
            Template::grouped(sections, items)
                .into_iter()
                .map(|(s, items)| (s.cloned(), items.into_iter().cloned().collect::<Vec<_>>()))
                .collect::<Vec<(Option<Section>, Vec<Item>)>>()
        })
    });
    let progress = Memo::new(move |_| template.with(|t| run.with(|r| r.progress(t))));
    let failures = Memo::new(move |_| template.with(|t| run.with(|r| r.failures(t).len())));
    // Items hidden by their conditions, and the score (a template with a pass mark).
    let hidden = Memo::new(move |_| template.with(|t| run.with(|r| r.hidden(t))));
    let score = Memo::new(move |_| template.with(|t| run.with(|r| r.score(t))));
    let progress_label = move || {
        let (a, n) = progress.get();
        format!("{a} of {n} answered")
    };
    // The item a corrective action is being raised for (the dialog is open while Some).
    let raising: RwSignal<Option<Item>> = RwSignal::new(None);
    view! {
        <section class="page narrow run-page">
            <OpsNav/>
            <nav class="crumbs" aria-label="Breadcrumb">
                <a href=Route::Operations.href()>"Checklists"</a>
                " / "
                <a href=Route::Template(tid.clone(), TemplateTab::Items).href()>{name}</a>
                " / "
                <a href=Route::Template(tid, TemplateTab::Runs).href()>"Run history"</a>
            </nav>
            <div class="page-head">
                <div>
                    <h1 tabindex="-1">{name}</h1>
                    <p class="lede">
                        {move || {
                            let kind = if run.with(|r| r.scheduled) { "Scheduled run" } else { "Ad hoc run" };
                            format!("{kind} for {}", long_date(date.get()))
                        }}
                    </p>
                </div>
                <span class="badge run-status" class:complete=move || done.get()>
                    {move || match (done.get(), run.with(Run::is_skipped)) {
                        (_, true) => "Skipped",
                        (true, _) => "Completed",
                        _ => "In progress",
                    }}
                </span>
            </div>
            <RunFacts run=run template=template version=version done=done/>
            <div class="run-summary">
                <progress
                    max=move || progress.get().1.max(1)
                    value=move || progress.get().0
                    aria-label=progress_label
                ></progress>
                <span>{progress_label}</span>
                <Show when=move || { failures.get() > 0 }>
                    <span class="run-fail-count">
                        <span class="fail-icon" aria-hidden="true">"✕"</span>
                        {move || match failures.get() {
                            1 => "1 failed item".to_string(),
                            n => format!("{n} failed items"),
                        }}
                    </span>
                </Show>
                {move || {
                    score
                        .get()
                        .map(|s| {
                            let (text, passed) = match s.percent() {
                                Some(p) => (
                                    format!(
                                        "Score {p}% (pass mark {}%): {}",
                                        s.pass_mark,
                                        if s.passed() { "passed" } else { "below the pass mark" }
                                    ),
                                    s.passed(),
                                ),
                                None => ("Score: nothing scored yet".to_string(), true),
                            };
                            view! {
                                <span class="run-score" class:failed=!passed>
                                    {text}
                                </span>
                            }
                        })
                }}
            </div>
            {move || {
                groups
                    .get()
                    .into_iter()
                    .map(|(section, items)| {
                        let heading = section.map(|s| s.name);
                        let label = heading.clone().unwrap_or_else(|| "Items".into());
                        let ids: Vec<Id> = items.iter().map(|i| i.id.clone()).collect();
                        let all_hidden = move || {
                            hidden.with(|h| !ids.is_empty() && ids.iter().all(|i| h.contains(i)))
                        };
                        view! {
                            <section class="run-section" hidden=all_hidden>
                                {heading.map(|h| view! { <h2>{h}</h2> })}
                                <ol class="run-items" aria-label=label>
                                    {items
                                        .into_iter()
                                        .map(|item| {
                                            let id = item.id.clone();
                                            view! {
                                                <Show when=move || !hidden.with(|h| h.contains(&id))>
                                                    <ItemRow run=run item=item.clone() done=done raising=raising/>
                                                </Show>
                                            }
                                        })
                                        .collect_view()}
                                </ol>
                            </section>
                        }
                    })
                    .collect_view()
            }}
            {move || {
                if let Some(s) = skipped() {
                    view! {
                        <p class="run-completed run-skipped" role="status">
                            {format!("Skipped or excused on {}: {}", local_time(s.at), s.reason)}
                        </p>
                    }
                    .into_any()
                } else if done.get() {
                    view! { <Completed run=run/> }.into_any()
                } else {
                    view! { <CompleteForm run=run template=template/> }.into_any()
                }
            }}
            <RaiseDialog run=run raising=raising/>
        </section>
    }
}

/// Version, started and completed times, who runs it.
#[component]
fn RunFacts(
    run: RwSignal<Run>,
    template: RwSignal<Template>,
    version: Memo<u32>,
    done: Memo<bool>,
) -> impl IntoView {
    let state = use_state();
    let by = Memo::new(move |_| run.with(|r| r.by.clone()));
    let by_name = move || {
        by.get().map(|id| {
            state.people.with(|p| {
                p.iter().find(|p| p.id == id).map_or_else(
                    || "Someone not in this browser".to_string(),
                    |p| p.name.clone(),
                )
            })
        })
    };
    let set_by = move |ev: leptos::ev::Event| {
        let v = event_target_value(&ev);
        let person = (!v.is_empty()).then_some(Id(v));
        if state
            .edit_run(run, move |r, _, env| r.set_by(env, person))
            .is_some()
        {
            state.announce("Saved who runs it.");
        }
    };
    view! {
        <dl class="run-facts">
            <div>
                <dt>"Version"</dt>
                <dd>{move || format!("Version {}", version.get())}</dd>
            </div>
            <div>
                <dt>"Started"</dt>
                <dd>{move || local_time(run.with(|r| r.created))}</dd>
            </div>
            <div>
                <dt>"Completed"</dt>
                <dd>
                    {move || {
                        run.with(|r| match (r.completed, r.is_skipped()) {
                            (Some(t), _) => local_time(t),
                            (None, true) => "Skipped".to_string(),
                            _ => "Not yet".to_string(),
                        })
                    }}
                </dd>
            </div>
            <div>
                <dt>
                    <label for="run-by">"Run by"</label>
                </dt>
                <dd>
                    {move || {
                        if done.get() {
                            view! { <span>{by_name().unwrap_or_else(|| "Not recorded".into())}</span> }
                                .into_any()
                        } else {
                            view! {
                                <select id="run-by" on:change=set_by>
                                    <option value="" selected=move || by.get().is_none()>
                                        "Not set"
                                    </option>
                                    {move || {
                                        state
                                            .people
                                            .get()
                                            .into_iter()
                                            .map(|p| {
                                                let id = p.id.clone();
                                                view! {
                                                    <option
                                                        value=p.id.0.clone()
                                                        selected=move || by.get().as_ref() == Some(&id)
                                                    >
                                                        {p.name}
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
            <place::RunPlace run=run template=template/>
        </dl>
    }
}

/// "Complete run" with an optional sign-off name.
#[component]
fn CompleteForm(run: RwSignal<Run>, template: RwSignal<Template>) -> impl IntoView {
    let state = use_state();
    let signoff = RwSignal::new(String::new());
    let strokes: RwSignal<Strokes> = RwSignal::new(Vec::new());
    let complete = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let name = signoff.get_untracked();
        let signature = strokes.with_untracked(|s| crate::domain::checklist::signature::encode(s));
        let ok = state.complete_run(run, today(), Some(name.as_str()), signature);
        if let Some(counted) = ok {
            let stock = if counted.is_empty() {
                String::new()
            } else {
                format!(" Stock updated: {} item(s).", counted.len())
            };
            state.announce(format!("Run completed.{stock}"));
            focus_later(".run-page h1".into());
        } else {
            // Take the user to the first required item still unanswered.
            let first = template.with_untracked(|t| {
                run.with_untracked(|r| r.missing(t).first().map(|i| i.id.clone()))
            });
            if let Some(id) = first {
                let row = row_id(&id);
                focus_later(format!("#{row} input, #{row} textarea"));
            }
        }
    };
    view! {
        <form class="run-complete" on:submit=complete>
            <div>
                <label for="run-signoff">"Signed off by (optional)"</label>
                <input id="run-signoff" list="run-people" autocomplete="name" bind:value=signoff/>
                <datalist id="run-people">
                    {move || {
                        state
                            .people
                            .get()
                            .into_iter()
                            .map(|p| view! { <option value=p.name></option> })
                            .collect_view()
                    }}
                </datalist>
                <SignaturePad strokes=strokes/>
            </div>
            <button type="submit" class="primary">"Complete run"</button>
        </form>
    }
}

/// "Completed on … by …, signed off by …".
#[component]
fn Completed(run: RwSignal<Run>) -> impl IntoView {
    let state = use_state();
    let text = move || {
        run.with(|r| {
            let mut s = format!(
                "Completed on {}",
                r.completed.map(local_time).unwrap_or_default()
            );
            if let Some(by) = &r.by {
                let name = state
                    .people
                    .with(|p| p.iter().find(|p| &p.id == by).map(|p| p.name.clone()));
                if let Some(n) = name {
                    s.push_str(&format!(" by {n}"));
                }
            }
            match &r.signoff {
                Some(so) => s.push_str(&format!(", signed off by {}.", so.name)),
                None => s.push_str(", not signed off."),
            }
            s
        })
    };
    let signature = move || {
        run.with(|r| {
            r.signoff
                .as_ref()
                .and_then(|s| Some(signature_view(s.signature.clone()?, &s.name)))
        })
    };
    view! {
        <p class="run-completed" role="status">
            <span class="ok-icon" aria-hidden="true">"✓"</span>
            " "
            {text}
        </p>
        {signature}
    }
}
