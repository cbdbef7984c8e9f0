//! The editor of one item: text, guidance, required, answer type (with unit and range),
//! section.

use super::{answer_key, answer_options, revise};
use crate::domain::checklist::{AnswerKind, Condition, ItemFields, When};
use crate::domain::{Id, Template};
use crate::ui::browser::focus_later;
use crate::ui::state::use_state;
use leptos::prelude::*;

/// Parses an optional number typed by a person ("", "4.5", "4,5").
fn parse_limit(s: &str) -> Result<Option<f64>, ()> {
    let s = s.trim();
    if s.is_empty() {
        return Ok(None);
    }
    s.replace(',', ".")
        .parse::<f64>()
        .ok()
        .filter(|v| v.is_finite())
        .map(Some)
        .ok_or(())
}

/// The editor of one item: text, guidance, required, answer type (with unit and range),
/// section.
#[component]
pub(super) fn ItemForm(
    template: RwSignal<Template>,
    item: Id,
    editing: RwSignal<bool>,
) -> impl IntoView {
    let state = use_state();
    let Some(f) = template.with_untracked(|t| t.item(&item).map(|i| i.fields())) else {
        return ().into_any();
    };
    let text = RwSignal::new(f.text.clone());
    let guidance = RwSignal::new(f.guidance.clone());
    let required = RwSignal::new(f.required);
    let kind = RwSignal::new(answer_key(&f.answer).to_string());
    let (unit0, min0, max0) = match &f.answer {
        AnswerKind::Number { unit, min, max } => (
            unit.clone(),
            min.map(|v| v.to_string()).unwrap_or_default(),
            max.map(|v| v.to_string()).unwrap_or_default(),
        ),
        _ => Default::default(),
    };
    let unit = RwSignal::new(unit0);
    let min = RwSignal::new(min0);
    let max = RwSignal::new(max0);
    let section = RwSignal::new(
        f.section
            .as_ref()
            .map(|s| s.to_string())
            .unwrap_or_default(),
    );
    let sections = Memo::new(move |_| {
        template.with(|t| {
            t.sections
                .iter()
                .map(|s| (s.id.to_string(), s.name.clone()))
                .collect::<Vec<_>>()
        })
    });
    // "Show only when": "" (always) or "<item id> <when>", over the items shown before it.
    let show_if = RwSignal::new(
        f.show_if
            .as_ref()
            .map(|c| format!("{} {}", c.item, c.when.key()))
            .unwrap_or_default(),
    );
    let conditions = {
        let item = item.clone();
        Memo::new(move |_| {
            template.with(|t| {
                let mut out = Vec::new();
                for id in t.groups().into_iter().flat_map(|g| g.items) {
                    if id == item {
                        break;
                    }
                    let Some(earlier) = t.item(&id) else { continue };
                    for w in When::for_kind(&earlier.answer) {
                        out.push((
                            format!("{} {}", earlier.id, w.key()),
                            format!("“{}” is {}", earlier.text, w.words()),
                        ));
                    }
                }
                out
            })
        })
    };
    let weight = RwSignal::new(f.weight.map(|w| w.to_string()).unwrap_or_default());
    // The stock item a number counts ("" none).
    let stock = RwSignal::new(f.stock.as_ref().map(|s| s.to_string()).unwrap_or_default());
    let stock_items = Memo::new(move |_| {
        state.registers.with(|r| {
            let mut l: Vec<(String, String)> = r
                .stock
                .iter()
                .map(|s| (s.id.to_string(), s.name.clone()))
                .collect();
            crate::domain::sort::sort_by(&mut l, |a, b| a.1.cmp(&b.1));
            l
        })
    });
    let scored = Memo::new(move |_| template.with(|t| t.pass_mark.is_some()));
    let label = f.text.clone();
    // What the form showed: its save writes only what the person changed since.
    let opened = StoredValue::new(f);
    let p = format!("item-{item}");
    let save = {
        let item = item.clone();
        move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            let answer = match kind.get_untracked().as_str() {
                "passfail" => AnswerKind::PassFail,
                "text" => AnswerKind::Text,
                "number" => {
                    let (Ok(lo), Ok(hi)) = (
                        parse_limit(&min.get_untracked()),
                        parse_limit(&max.get_untracked()),
                    ) else {
                        state.error(
                            "The allowed range must be numbers (such as 0 or 4.5), or left empty.",
                        );
                        return;
                    };
                    AnswerKind::Number {
                        unit: unit.get_untracked().trim().to_string(),
                        min: lo,
                        max: hi,
                    }
                }
                _ => AnswerKind::Done,
            };
            let sec = section.get_untracked();
            let sec = template.with_untracked(|t| {
                t.sections
                    .iter()
                    .find(|s| s.id.to_string() == sec)
                    .map(|s| s.id.clone())
            });
            let show_if = show_if.get_untracked();
            let show_if = show_if.split_once(' ').and_then(|(id, w)| {
                Some(Condition {
                    item: Id(id.to_string()),
                    when: When::from_key(w)?,
                })
            });
            let w = weight.get_untracked();
            let weight = match w.trim() {
                "" => None,
                w => match w.parse::<u32>() {
                    Ok(w) if (1..=crate::domain::checklist::logic::MAX_WEIGHT).contains(&w) => {
                        Some(w)
                    }
                    _ => {
                        state.error("Type the weight as a whole number from 1 to 100, or leave it empty (1).");
                        focus_later(format!("#item-{}-weight", item));
                        return;
                    }
                },
            };
            let f = ItemFields {
                text: text.get_untracked(),
                guidance: guidance.get_untracked(),
                required: required.get_untracked(),
                answer,
                section: sec,
                show_if,
                weight,
                stock: Some(stock.get_untracked())
                    .filter(|s| !s.is_empty())
                    .map(Id),
            };
            let id = item.clone();
            let opened = opened.get_value();
            if let Some((clashes, note)) = revise(state, template, move |t, env| {
                t.save_item_draft(env, &id, &opened, f)
            }) {
                editing.set(false);
                let what = format!("Item {}", text.get_untracked().trim());
                if clashes.is_empty() {
                    state.announce(format!("Saved item {}.{note}", text.get_untracked().trim()));
                } else {
                    state.saved(&what, &clashes);
                }
                focus_later(format!("[data-item-id=\"{item}\"] .item-edit"));
            }
        }
    };
    let cancel = {
        let item = item.clone();
        move |_| {
            editing.set(false);
            focus_later(format!("[data-item-id=\"{item}\"] .item-edit"));
        }
    };
    let id = move |s: &str| format!("{p}-{s}");
    let (show_id, show_hint, weight_id, weight_hint) = (
        id("show-if"),
        id("show-if-hint"),
        id("weight"),
        id("weight-hint"),
    );
    let (stock_id, stock_hint) = (id("stock"), id("stock-hint"));
    view! {
        <form class="item-form details-form" aria-label=format!("Edit item {label}") on:submit=save>
            <label for=id("text")>"Item text"</label>
            <input id=id("text") bind:value=text/>
            <label for=id("guidance")>"Guidance"</label>
            <textarea id=id("guidance") rows="2" bind:value=guidance placeholder="How to do the check (optional)"></textarea>
            <label class="check-inline">
                <input
                    type="checkbox"
                    prop:checked=move || required.get()
                    on:change=move |ev| required.set(event_target_checked(&ev))
                />
                "Required (must be answered to complete a run)"
            </label>
            <div class="field-grid">
                <div>
                    <label for=id("kind")>"Answer type"</label>
                    <select
                        id=id("kind")
                        prop:value=move || kind.get()
                        on:change=move |ev| kind.set(event_target_value(&ev))
                    >
                        {answer_options()}
                    </select>
                </div>
                <div>
                    <label for=id("section")>"Section"</label>
                    <select
                        id=id("section")
                        prop:value=move || section.get()
                        on:change=move |ev| section.set(event_target_value(&ev))
                    >
                        <option value="">"No section"</option>
                        <For each=move || sections.get() key=|s| s.clone() let:s>
                            <option value=s.0.clone() selected=move || section.get() == s.0>{s.1.clone()}</option>
                        </For>
                    </select>
                </div>
            </div>
            <Show when=move || kind.get() == "number">
                <div class="field-grid number-fields">
                    <div>
                        <label for=id("unit")>"Unit"</label>
                        <input id=id("unit") bind:value=unit placeholder="e.g. °C"/>
                    </div>
                    <div>
                        <label for=id("min")>"Lowest allowed"</label>
                        <input id=id("min") inputmode="decimal" bind:value=min/>
                    </div>
                    <div>
                        <label for=id("max")>"Highest allowed"</label>
                        <input id=id("max") inputmode="decimal" bind:value=max/>
                    </div>
                </div>
                <p class="hint">"A number outside the allowed range counts as a failure."</p>
            </Show>
            <Show when=move || kind.get() == "number" && !stock_items.with(Vec::is_empty)>
                    <label for=stock_id.clone()>"Counts stock item"</label>
                    <select
                        id=stock_id.clone()
                        prop:value=move || stock.get()
                        on:change=move |ev| stock.set(event_target_value(&ev))
                        aria-describedby=stock_hint.clone()
                    >
                        <option value="">"None"</option>
                        {move || {
                            stock_items
                                .get()
                                .into_iter()
                                .map(|(v, l)| {
                                    let sel = stock.get_untracked() == v;
                                    view! { <option value=v selected=sel>{l}</option> }
                                })
                                .collect_view()
                        }}
                    </select>
                    <p id=stock_hint.clone() class="hint">
                        "Signing a run off sets the item's quantity on hand to the number counted."
                    </p>
            </Show>
            <div class="field-grid">
                <div>
                    <label for=show_id.clone()>"Show only when"</label>
                    <select
                        id=show_id
                        prop:value=move || show_if.get()
                        on:change=move |ev| show_if.set(event_target_value(&ev))
                        aria-describedby=show_hint.clone()
                    >
                        <option value="">"Always shown"</option>
                        {move || {
                            conditions
                                .get()
                                .into_iter()
                                .map(|(v, l)| {
                                    let sel = show_if.get_untracked() == v;
                                    view! { <option value=v selected=sel>{l}</option> }
                                })
                                .collect_view()
                        }}
                    </select>
                </div>
                <div>
                    <label for=weight_id.clone()>"Weight in the score"</label>
                    <input id=weight_id inputmode="numeric" bind:value=weight placeholder="1" aria-describedby=weight_hint.clone()/>
                </div>
            </div>
            <p id=show_hint class="hint">
                "A hidden item is not asked, not required and not scored. Only earlier items can decide."
            </p>
            <p id=weight_hint class="hint">
                {move || if scored.get() {
                    "Items that can pass or fail count by their weight (1 to 100) towards the run's score."
                } else {
                    "Weights count once the checklist has a pass mark (Details)."
                }}
            </p>
            <div class="form-actions">
                <button type="button" on:click=cancel>"Cancel"</button>
                <button type="submit" class="primary">"Save item"</button>
            </div>
        </form>
    }
    .into_any()
}

#[cfg(test)]
mod tests {
    use super::parse_limit;

    #[test]
    fn limits_parse_as_people_type_them() {
        assert_eq!(parse_limit(""), Ok(None));
        assert_eq!(parse_limit(" 4,5 "), Ok(Some(4.5)));
        assert_eq!(parse_limit("-2"), Ok(Some(-2.0)));
        assert!(parse_limit("five").is_err());
        assert!(parse_limit("inf").is_err());
    }
}
