//! One run of a checklist: answer each item (by its answer type), add notes, say who ran
//! it, complete and sign it off; failed items are highlighted and can raise a
//! corrective-action card on a project board. A completed run is read-only.

use super::OpsNav;
use crate::domain::checklist::run::is_failure;
use crate::domain::checklist::{Action, AnswerKind, Check, Item, Section, Value};
use crate::domain::{Id, Run, Template, Ts};
use crate::ui::browser::{focus_later, long_date, today};
use crate::ui::route::{ProjectTab, Route, TemplateTab};
use crate::ui::shell::{set_title, NotFound};
use crate::ui::state::use_state;
use chrono::NaiveDate;
use leptos::html::Dialog;
use leptos::prelude::*;

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

/// A moment in the user's time zone: "Fri 27 Nov 2026 at 14:05".
fn local_time(ts: Ts) -> String {
    let d = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(
        ts.timestamp_millis() as f64
    ));
    let day = NaiveDate::from_ymd_opt(d.get_full_year() as i32, d.get_month() + 1, d.get_date());
    match day {
        Some(day) => format!(
            "{} at {:02}:{:02}",
            long_date(day),
            d.get_hours(),
            d.get_minutes()
        ),
        None => ts.format("%Y-%m-%d %H:%M UTC").to_string(),
    }
}

/// A number as typed ("4,5" or "4.5"); None for an empty field.
fn parse_number(s: &str) -> Result<Option<f64>, String> {
    let t = s.trim().replace(',', ".");
    if t.is_empty() {
        return Ok(None);
    }
    t.parse::<f64>()
        .ok()
        .filter(|n| n.is_finite())
        .map(Some)
        .ok_or_else(|| format!("“{}” is not a number: type digits, like 4.5.", s.trim()))
}

/// The allowed range of a number item, as a sentence ("Allowed: 2 to 5 °C").
fn range_text(kind: &AnswerKind) -> Option<String> {
    let AnswerKind::Number { unit, min, max } = kind else {
        return None;
    };
    let u = if unit.is_empty() {
        String::new()
    } else {
        format!(" {unit}")
    };
    match (min, max) {
        (Some(a), Some(b)) => Some(format!("Allowed: {a} to {b}{u}")),
        (Some(a), None) => Some(format!("Allowed: at least {a}{u}")),
        (None, Some(b)) => Some(format!("Allowed: at most {b}{u}")),
        (None, None) => None,
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
    let done = Memo::new(move |_| run.with(Run::is_complete));
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
                    {move || if done.get() { "Completed" } else { "In progress" }}
                </span>
            </div>
            <RunFacts run=run version=version done=done/>
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
            </div>
            {move || {
                groups
                    .get()
                    .into_iter()
                    .map(|(section, items)| {
                        let heading = section.map(|s| s.name);
                        let label = heading.clone().unwrap_or_else(|| "Items".into());
                        view! {
                            <section class="run-section">
                                {heading.map(|h| view! { <h2>{h}</h2> })}
                                <ol class="run-items" aria-label=label>
                                    {items
                                        .into_iter()
                                        .map(|item| {
                                            view! {
                                                <ItemRow run=run item=item done=done raising=raising/>
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
                if done.get() {
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
fn RunFacts(run: RwSignal<Run>, version: Memo<u32>, done: Memo<bool>) -> impl IntoView {
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
                        run.with(|r| r.completed)
                            .map_or_else(|| "Not yet".to_string(), local_time)
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
        </dl>
    }
}

/// One item of the run: its control (or, once completed, its answer as text), its note,
/// its failure and the corrective actions raised from it.
#[component]
fn ItemRow(
    run: RwSignal<Run>,
    item: Item,
    done: Memo<bool>,
    raising: RwSignal<Option<Item>>,
) -> impl IntoView {
    let id = item.id.clone();
    let value = {
        let id = id.clone();
        Memo::new(move |_| run.with(|r| r.value(&id).cloned()))
    };
    let note = {
        let id = id.clone();
        Memo::new(move |_| run.with(|r| r.answer(&id).map(|a| a.note.clone()).unwrap_or_default()))
    };
    let actions = {
        let id = id.clone();
        Memo::new(move |_| run.with(|r| r.actions_for(&id).cloned().collect::<Vec<Action>>()))
    };
    let kind = item.answer.clone();
    let failed = {
        let kind = kind.clone();
        Memo::new(move |_| value.with(|v| v.as_ref().is_some_and(|v| is_failure(&kind, v))))
    };
    let text_id = format!("{}-text", row_id(&id));
    let guidance_id = format!("{}-guidance", row_id(&id));
    let has_guidance = !item.guidance.is_empty();
    let described = has_guidance.then(|| guidance_id.clone());
    let row = item.clone();
    let raise_item = item.clone();
    let raise_label = format!("Create corrective action for {}", item.text);
    view! {
        <li id=row_id(&id) class="run-item" class:failed=move || failed.get() class:answered=move || value.with(Option::is_some)>
            <div class="run-item-head">
                <span class="run-item-text" id=text_id.clone()>{item.text.clone()}</span>
                {item.required.then(|| view! { <span class="required-mark">"Required"</span> })}
                <Show when=move || failed.get()>
                    <span class="failed-mark">
                        <span class="fail-icon" aria-hidden="true">"✕"</span>
                        <span>"Failed"</span>
                    </span>
                </Show>
            </div>
            {has_guidance
                .then(|| view! { <p class="run-guidance" id=guidance_id.clone()>{item.guidance.clone()}</p> })}
            {move || {
                if done.get() {
                    let k = kind.clone();
                    view! {
                        <p class="run-answer">
                            <span class="sr-only">"Answer: "</span>
                            {value.get().map_or_else(|| "Not answered".to_string(), |v| v.display(&k))}
                        </p>
                        {(!note.get().is_empty())
                            .then(|| view! { <p class="run-note-text">"Note: " {note.get()}</p> })}
                    }
                        .into_any()
                } else {
                    view! {
                        <Control run=run item=row.clone() value=value text_id=text_id.clone() described=described.clone()/>
                        <NoteField run=run item=row.clone() note=note/>
                    }
                        .into_any()
                }
            }}
            <Show when=move || failed.get()>
                {
                    let item = raise_item.clone();
                    view! {
                        <button
                            type="button"
                            class="raise-action"
                            aria-label=raise_label.clone()
                            on:click=move |_| raising.set(Some(item.clone()))
                        >
                            "Create corrective action"
                        </button>
                    }
                }
            </Show>
            <Show when=move || actions.with(|a| !a.is_empty())>
                <ul class="run-actions" aria-label="Corrective actions">
                    <For
                        each=move || actions.get()
                        key=|a| a.card.clone()
                        let:action
                    >
                        <ActionLink action=action/>
                    </For>
                </ul>
            </Show>
        </li>
    }
}

/// The control for an item's answer type.
#[component]
fn Control(
    run: RwSignal<Run>,
    item: Item,
    value: Memo<Option<Value>>,
    text_id: String,
    described: Option<String>,
) -> impl IntoView {
    let state = use_state();
    let id = item.id.clone();
    let save = {
        let id = id.clone();
        move |v: Option<Value>| {
            let id = id.clone();
            state.edit_run(run, move |r, t, env| r.set_value(env, t, &id, v));
        }
    };
    let ctl = format!("{}-answer", row_id(&id));
    match item.answer.clone() {
        AnswerKind::Done => view! {
            <label class="run-check">
                <input
                    type="checkbox"
                    id=ctl
                    aria-labelledby=text_id
                    aria-describedby=described
                    prop:checked=move || value.with(Option::is_some)
                    on:change=move |ev| save(event_target_checked(&ev).then_some(Value::Done))
                />
                <span>"Done"</span>
            </label>
        }
        .into_any(),
        AnswerKind::PassFail => {
            let name = ctl.clone();
            let options = [
                (Check::Pass, "Pass", "pass"),
                (Check::Fail, "Fail", "fail"),
                (Check::Na, "N/A", "na"),
            ];
            view! {
                <div
                    class="run-choice"
                    role="radiogroup"
                    aria-labelledby=text_id
                    aria-describedby=described
                >
                    {options
                        .into_iter()
                        .map(|(c, label, key)| {
                            let save = save.clone();
                            view! {
                                <label class=format!("choice choice-{key}")>
                                    <input
                                        type="radio"
                                        name=name.clone()
                                        value=key
                                        prop:checked=move || value.with(|v| v == &Some(Value::Check(c)))
                                        on:change=move |_| save(Some(Value::Check(c)))
                                    />
                                    <span>{label}</span>
                                </label>
                            }
                        })
                        .collect_view()}
                    <button
                        type="button"
                        class="ghost small"
                        aria-label="Clear answer"
                        hidden=move || value.with(Option::is_none)
                        on:click=move |_| save(None)
                    >
                        "Clear"
                    </button>
                </div>
            }
            .into_any()
        }
        AnswerKind::Number { unit, .. } => {
            let range = range_text(&item.answer);
            let range_id = format!("{ctl}-range");
            let describe = [described.clone(), range.as_ref().map(|_| range_id.clone())]
                .into_iter()
                .flatten()
                .collect::<Vec<_>>()
                .join(" ");
            let text = move || match value.get() {
                Some(Value::Number(n)) => n.to_string(),
                _ => String::new(),
            };
            view! {
                <div class="run-number">
                    <input
                        type="text"
                        inputmode="decimal"
                        id=ctl
                        aria-labelledby=text_id
                        aria-describedby=(!describe.is_empty()).then_some(describe)
                        prop:value=text
                        on:change=move |ev| {
                            match parse_number(&event_target_value(&ev)) {
                                Ok(v) => save(v.map(Value::Number)),
                                Err(msg) => state.error(msg),
                            }
                        }
                    />
                    {(!unit.is_empty()).then(|| view! { <span class="unit">{unit.clone()}</span> })}
                    {range.map(|r| view! { <span class="range" id=range_id>{r}</span> })}
                </div>
            }
            .into_any()
        }
        AnswerKind::Text => view! {
            <textarea
                id=ctl
                rows="2"
                aria-labelledby=text_id
                aria-describedby=described
                prop:value=move || match value.get() {
                    Some(Value::Text(t)) => t,
                    _ => String::new(),
                }
                on:change=move |ev| save(Some(Value::Text(event_target_value(&ev))))
            ></textarea>
        }
        .into_any(),
    }
}

/// "Add note" → a textarea, saved when it loses focus.
#[component]
fn NoteField(run: RwSignal<Run>, item: Item, note: Memo<String>) -> impl IntoView {
    let state = use_state();
    let note_id = format!("{}-note", row_id(&item.id));
    let id = item.id.clone();
    let has_note = note.get_untracked().is_empty();
    view! {
        <details class="run-note" open=!has_note>
            <summary>{move || if note.with(String::is_empty) { "Add note" } else { "Note" }}</summary>
            <label for=note_id.clone() class="sr-only">{format!("Note on {}", item.text)}</label>
            <textarea
                id=note_id
                rows="2"
                prop:value=move || note.get()
                on:change=move |ev| {
                    let text = event_target_value(&ev);
                    let id = id.clone();
                    state.edit_run(run, move |r, t, env| r.set_note(env, t, &id, &text));
                }
            ></textarea>
        </details>
    }
}

/// "Complete run" with an optional sign-off name.
#[component]
fn CompleteForm(run: RwSignal<Run>, template: RwSignal<Template>) -> impl IntoView {
    let state = use_state();
    let signoff = RwSignal::new(String::new());
    let complete = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let name = signoff.get_untracked();
        let ok = state.edit_run(run, move |r, t, env| {
            r.complete(env, t, today(), Some(name.as_str()))
        });
        if ok.is_some() {
            state.announce("Run completed.");
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
    view! {
        <p class="run-completed" role="status">
            <span class="ok-icon" aria-hidden="true">"✓"</span>
            " "
            {text}
        </p>
    }
}

/// A link to a corrective-action card, with the card's current status.
#[component]
fn ActionLink(action: Action) -> impl IntoView {
    let state = use_state();
    let Action { project, card, .. } = action;
    let href = Route::Project(project.clone(), ProjectTab::Board).href();
    // (project name, card title, status)
    let info = Memo::new(move |_| {
        let Some(p) = state.project(&project) else {
            return (None, None, "Deleted".to_string());
        };
        p.with(|p| {
            if p.trashed.is_some() {
                return (Some(p.name.clone()), None, "Deleted".to_string());
            }
            match p.card(&card) {
                None => (Some(p.name.clone()), None, "Deleted".to_string()),
                Some(c) => {
                    let mut status = if p.is_done(c) {
                        "Done".to_string()
                    } else {
                        p.column(&c.column)
                            .map_or_else(|| "On the board".to_string(), |col| col.name.clone())
                    };
                    if c.archived {
                        status.push_str(" (archived)");
                    }
                    (Some(p.name.clone()), Some(c.title.clone()), status)
                }
            }
        })
    });
    view! {
        <li class="run-action" class:gone=move || info.with(|i| i.1.is_none())>
            <span class="action-icon" aria-hidden="true">"↗"</span>
            {move || {
                let (project, title, _) = info.get();
                match (project, title) {
                    (Some(p), Some(t)) => view! {
                        <a href=href.clone()>{t}</a>
                        <span class="action-where">{format!(" on {p}")}</span>
                    }
                    .into_any(),
                    (Some(p), None) => view! {
                        <span>{format!("Corrective action card on {p}")}</span>
                    }
                    .into_any(),
                    _ => view! { <span>"Corrective action card"</span> }.into_any(),
                }
            }}
            <span class="badge action-status">{move || info.with(|i| format!("Status: {}", i.2))}</span>
        </li>
    }
}

/// Choose a project and create the corrective-action card there.
#[component]
fn RaiseDialog(run: RwSignal<Run>, raising: RwSignal<Option<Item>>) -> impl IntoView {
    let state = use_state();
    let dialog = NodeRef::<Dialog>::new();
    let project = RwSignal::new(String::new());
    let projects = Memo::new(move |_| {
        state
            .live_projects()
            .into_iter()
            .map(|p| p.with(|p| (p.id.clone(), p.name.clone())))
            .collect::<Vec<_>>()
    });
    Effect::new(move |_| {
        let open = raising.with(Option::is_some);
        let Some(d) = dialog.get() else { return };
        if open && !d.open() {
            state.notice.set(None);
            if project.with_untracked(String::is_empty)
                || !projects
                    .with_untracked(|v| v.iter().any(|(id, _)| id.0 == project.get_untracked()))
            {
                project.set(
                    projects
                        .with_untracked(|v| v.first().map(|(id, _)| id.0.clone()))
                        .unwrap_or_default(),
                );
            }
            let _ = d.show_modal();
        } else if !open && d.open() {
            d.close();
        }
    });
    let create = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(item) = raising.get_untracked() else {
            return;
        };
        let pid = project.get_untracked();
        if pid.is_empty() {
            return state.error("Choose a project for the card.");
        }
        let pid = Id(pid);
        if state.raise_action(run, &item.id, &pid).is_some() {
            let pname = projects.with_untracked(|v| {
                v.iter()
                    .find(|(id, _)| id == &pid)
                    .map(|(_, n)| n.clone())
                    .unwrap_or_default()
            });
            raising.set(None);
            state.announce(format!("Corrective action card created on {pname}."));
            focus_later(format!("#{} .run-actions a", row_id(&item.id)));
        }
    };
    let dialog_error = move || {
        state
            .notice
            .with(|n| n.as_ref().filter(|n| n.error).map(|n| n.text.clone()))
    };
    view! {
        <dialog
            node_ref=dialog
            class="dialog raise-dialog"
            aria-labelledby="raise-title"
            on:close=move |_| raising.set(None)
        >
            <form on:submit=create>
                <h2 id="raise-title">"Create corrective action"</h2>
                <p>
                    {move || {
                        raising
                            .with(|i| i.as_ref().map(|i| format!("A card to fix “{}”, with the answer and the note.", i.text)))
                    }}
                </p>
                <Show when=move || dialog_error().is_some()>
                    <p class="dialog-error" role="alert">{dialog_error}</p>
                </Show>
                <Show
                    when=move || projects.with(|v| !v.is_empty())
                    fallback=|| view! {
                        <p>
                            "There is no project to put the card on yet. "
                            <a href=Route::Projects.href()>"Create a project"</a>
                            " first, then come back to this run."
                        </p>
                    }
                >
                    <label for="raise-project">"Project"</label>
                    <select id="raise-project" bind:value=project>
                        <For
                            each=move || projects.get()
                            key=|(id, name)| (id.clone(), name.clone())
                            let:p
                        >
                            <option value=p.0.0.clone()>{p.1}</option>
                        </For>
                    </select>
                </Show>
                <div class="dialog-actions">
                    <button type="button" on:click=move |_| raising.set(None)>"Cancel"</button>
                    <button type="submit" class="primary" disabled=move || projects.with(Vec::is_empty)>
                        "Create card"
                    </button>
                </div>
            </form>
        </dialog>
    }
}
