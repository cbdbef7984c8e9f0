//! One item of the editor: what it asks, its grip and tools, and (when open) its editor.

use super::item_form::ItemForm;
use super::{moved, revise};
use crate::domain::checklist::order::Step;
use crate::domain::{Id, Template};
use crate::ui::browser::focus_later;
use crate::ui::drag::{alt_arrow, Arrow};
use crate::ui::state::use_state;
use leptos::prelude::*;

#[component]
pub(super) fn ItemRow(template: RwSignal<Template>, item: Id) -> impl IntoView {
    let state = use_state();
    let data = {
        let item = item.clone();
        Memo::new(move |_| template.with(|t| t.item(&item).cloned()))
    };
    // (first of all, last of all): the Move up and down buttons are disabled there.
    let edge = {
        let item = item.clone();
        Memo::new(move |_| {
            template.with(|t| {
                let groups = t.groups();
                let Some(place) = t.place_of(&item) else {
                    return (true, true);
                };
                let g = groups.iter().position(|g| g.section == place.section);
                (
                    g == Some(0) && place.position == 0,
                    g.is_none_or(|g| g + 1 == groups.len()) && place.position + 1 == place.count,
                )
            })
        })
    };
    let text = Signal::derive(move || {
        data.with(|d| d.as_ref().map(|d| d.text.clone()).unwrap_or_default())
    });
    let editing = RwSignal::new(false);
    let shift = {
        let item = item.clone();
        move |step: Step| {
            let x = item.clone();
            let ok = moved(state, template, &item, move |t, env| {
                t.step_item(env, &x, step).map(drop)
            });
            if ok {
                let dir = if step == Step::Up { "up" } else { "down" };
                focus_later(format!(
                    "[data-item-id=\"{item}\"] .move-{dir}:not(:disabled), [data-item-id=\"{item}\"] .item-edit"
                ));
            }
        }
    };
    let (up, down, key_shift) = (shift.clone(), shift.clone(), shift);
    let delete = {
        let item = item.clone();
        move |_| {
            let item = item.clone();
            let t = text.get_untracked();
            state.ask(
                format!("Delete item “{t}”?"),
                "Past runs keep their answers; new runs won't include it.".into(),
                "Delete item",
                move || {
                    if let Some((_, note)) =
                        revise(state, template, |tpl, env| tpl.delete_item(env, &item))
                    {
                        state.announce(format!("Deleted item {t}.{note}"));
                    }
                },
            );
        }
    };
    let onkey = move |ev: leptos::ev::KeyboardEvent| {
        if editing.get_untracked() {
            return;
        }
        match alt_arrow(&ev) {
            Some(Arrow::Up) => key_shift(Step::Up),
            Some(Arrow::Down) => key_shift(Step::Down),
            _ => {}
        }
    };
    let dom_id = item.to_string();
    let form_item = item.clone();
    view! {
        <li class="item-row" data-item-id=dom_id on:keydown=onkey>
            <span class="drag-handle item-handle" aria-hidden="true" title="Drag to reorder">
                "⠿"
            </span>
            <div class="item-main">
                <span class="item-text">{move || text.get()}</span>
                <span class="item-meta">
                    {move || {
                        data.with(|d| {
                            d.as_ref()
                                .map(|d| {
                                    format!(
                                        "{} · {}",
                                        d.answer.describe(),
                                        if d.required { "Required" } else { "Optional" },
                                    )
                                })
                                .unwrap_or_default()
                        })
                    }}
                </span>
                {move || {
                    let g = data.with(|d| d.as_ref().map(|d| d.guidance.clone()).unwrap_or_default());
                    (!g.is_empty()).then(|| view! { <span class="item-guidance">{g}</span> })
                }}
            </div>
            <span class="row-tools">
                <button
                    class="icon-button move-up"
                    aria-label=move || format!("Move item {} up", text.get())
                    title="Move up (Alt+↑)"
                    disabled=move || edge.get().0
                    on:click=move |_| up(Step::Up)
                >
                    "↑"
                </button>
                <button
                    class="icon-button move-down"
                    aria-label=move || format!("Move item {} down", text.get())
                    title="Move down (Alt+↓)"
                    disabled=move || edge.get().1
                    on:click=move |_| down(Step::Down)
                >
                    "↓"
                </button>
                <button
                    class="small item-edit"
                    aria-label=move || format!("Edit item {}", text.get())
                    aria-expanded=move || editing.get().to_string()
                    on:click=move |_| editing.update(|e| *e = !*e)
                >
                    "Edit"
                </button>
                <button
                    class="icon-button danger-text"
                    aria-label=move || format!("Delete item {}", text.get())
                    on:click=delete
                >
                    "✕"
                </button>
            </span>
            <Show when=move || editing.get()>
                <ItemForm template=template item=form_item.clone() editing=editing/>
            </Show>
        </li>
    }
}
