//! One item of a run: its control by answer type (or its answer, once completed), its note,
//! its failure and the corrective actions raised from it.

use super::actions::ActionLink;
use super::row_id;
use crate::domain::checklist::run::is_failure;
use crate::domain::checklist::{Action, AnswerKind, Check, Item, Value};
use crate::domain::Run;
use crate::ui::state::use_state;
use leptos::prelude::*;

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

/// One item of the run: its control (or, once completed, its answer as text), its note,
/// its failure and the corrective actions raised from it.
#[component]
pub(super) fn ItemRow(
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
    // An action whose card is still on a board: no second one is offered, its link is shown.
    let state = use_state();
    let live = move || {
        actions.with(|v| {
            v.iter().any(|a| {
                state
                    .project(&a.project)
                    .is_some_and(|p| p.with(|p| a.is_live(p)))
            })
        })
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
                            .then(|| {
                                view! {
                                    <div class="run-note-text">
                                        "Note: "
                                        {crate::ui::markdown::markdown(&note.get())}
                                    </div>
                                }
                            })}
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
            <Show when=move || failed.get() && !live()>
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
