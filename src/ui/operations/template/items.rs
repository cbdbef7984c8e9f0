//! The sections and items editor: sections (rename, delete, reorder) with their items, a
//! form to add an item to each, and a form to add a section. Items and sections move by
//! dragging their ⠿ grip (mouse, touch or pen) or with Alt + ↑/↓ and their Move buttons,
//! through the domain's ordering operations (src/domain/checklist/order.rs).

use super::item_row::ItemRow;
use super::{answer_options, moved, revise};
use crate::domain::checklist::order::Step;
use crate::domain::checklist::{AnswerKind, Condition, ItemFields, When};
use crate::domain::{Env, Id, Res, Template};
use crate::ui::browser::focus_later;
use crate::ui::drag::{
    alt_arrow, children_matching, first_past, use_drag, Arrow, Spot, UseDragOptions,
};
use crate::ui::shell::InlineEdit;
use crate::ui::state::{use_state, AppState};
use leptos::prelude::*;
use std::rc::Rc;

/// Where a dragged item lands: (section, position among that section's other items).
type ItemSpot = (Option<Id>, usize);

/// The section of a section block (`None` for the items before the first section).
fn block_section(block: &web_sys::Element) -> Option<Id> {
    block.get_attribute("data-section-id").map(Id)
}

/// Where an item dragged to (x, y) lands: in the section block under the pointer (or the
/// nearest one), before the first of its other items whose middle is below the pointer.
fn aim_item(host: &web_sys::Element, dragged: &web_sys::Element, y: f64) -> Option<Spot<ItemSpot>> {
    let blocks = children_matching(host, ".section-block", None);
    let distance = |b: &web_sys::Element| {
        let r = b.get_bounding_client_rect();
        if y < r.top() {
            r.top() - y
        } else if y > r.bottom() {
            y - r.bottom()
        } else {
            0.0
        }
    };
    let block = blocks
        .iter()
        .min_by(|a, b| distance(a).total_cmp(&distance(b)))?;
    let list = block.query_selector(".item-list").ok().flatten()?;
    let items = children_matching(&list, ".item-row", Some(dragged));
    let (to, before) = match first_past(&items, y, false) {
        Some((i, el)) => (i, Some(el)),
        None => (items.len(), None),
    };
    Some(Spot {
        value: (block_section(block), to),
        parent: list,
        before,
    })
}

/// Where a section dragged to y lands: before the first other section whose middle is below
/// the pointer (or after the last one).
fn aim_section(host: &web_sys::Element, dragged: &web_sys::Element, y: f64) -> Option<Spot<usize>> {
    let blocks = children_matching(host, ".section-block[data-section-id]", Some(dragged));
    let (to, before) = match first_past(&blocks, y, false) {
        Some((i, el)) => (i, Some(el)),
        None => (
            blocks.len(),
            host.query_selector(".add-section").ok().flatten(),
        ),
    };
    Some(Spot {
        value: to,
        parent: host.clone(),
        before,
    })
}

/// Runs a section move and announces where the section ended up. After a move by keys
/// or buttons (`step`), focus stays on the button of that direction, or on the other one
/// once the section reached the end.
fn section_moved(
    state: AppState,
    template: RwSignal<Template>,
    section: &Id,
    step: Option<Step>,
    op: impl FnOnce(&mut Template, &mut dyn Env) -> Res<bool>,
) {
    let Some((changed, note)) = revise(state, template, op) else {
        return;
    };
    let Some((i, n, name)) = template.with_untracked(|t| {
        let i = t.sections.iter().position(|s| &s.id == section)?;
        Some((i, t.sections.len(), t.sections[i].name.clone()))
    }) else {
        return;
    };
    if changed {
        state.announce(format!(
            "Moved section “{name}” to position {} of {n}.{note}",
            i + 1
        ));
    } else {
        state.announce("The section can't move further that way.");
    }
    let button = match step {
        Some(Step::Up) if i > 0 => "section-move-up",
        Some(Step::Up) => "section-move-down",
        Some(Step::Down) if i + 1 < n => "section-move-down",
        Some(Step::Down) => "section-move-up",
        None => return,
    };
    focus_later(format!("[data-section-id=\"{section}\"] .{button}"));
}

#[component]
pub(super) fn ItemsEditor(template: RwSignal<Template>) -> impl IntoView {
    let state = use_state();
    let host = NodeRef::<leptos::html::Section>::new();
    let host_el = move || host.get_untracked().map(web_sys::Element::from);
    use_drag(
        host,
        UseDragOptions {
            item: ".item-row",
            handle: ".item-handle",
            mouse_anywhere: false,
            not_from: "button, input, select, textarea",
            placeholder_class: "item-placeholder",
            key: |el| el.get_attribute("data-item-id").map(Id),
            aim: Rc::new(move |_, el, _, y| aim_item(&host_el()?, el, y)),
            on_drop: Rc::new(move |item: Id, (section, to): ItemSpot| {
                let x = item.clone();
                moved(state, template, &item, move |t, env| {
                    t.place_item(env, &x, section, to)
                });
            }),
        },
    );
    use_drag(
        host,
        UseDragOptions {
            item: ".section-block[data-section-id]",
            handle: ".section-handle",
            mouse_anywhere: false,
            not_from: "button, input, select, textarea",
            placeholder_class: "section-placeholder",
            key: |el| el.get_attribute("data-section-id").map(Id),
            aim: Rc::new(move |_, el, _, y| aim_section(&host_el()?, el, y)),
            on_drop: Rc::new(move |section: Id, to: usize| {
                let s = section.clone();
                section_moved(state, template, &section, None, move |t, env| {
                    let from = t.sections.iter().position(|x| x.id == s);
                    t.move_section(env, &s, to)?;
                    Ok(from != Some(to))
                });
            }),
        },
    );
    let group_keys = Memo::new(move |_| {
        template.with(|t| {
            t.groups()
                .into_iter()
                .map(|g| g.section)
                .collect::<Vec<_>>()
        })
    });
    let new_section = RwSignal::new(String::new());
    let add_section = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let name = new_section.get_untracked();
        if let Some((_, note)) = revise(state, template, |t, env| t.add_section(env, &name)) {
            new_section.set(String::new());
            state.announce(format!("Added section {}.{note}", name.trim()));
        }
    };
    view! {
        <section class="items-editor" aria-labelledby="items-heading" node_ref=host>
            <h2 id="items-heading">"Sections and items"</h2>
            <p class="hint">
                "Reorder items and sections by dragging their ⠿ handle, or with their Move up and Move down buttons (Alt+↑ and Alt+↓ work too)."
            </p>
            <For each=move || group_keys.get() key=|s| s.clone() let:section>
                <SectionBlock template=template section=section/>
            </For>
            <form class="create-form add-section" on:submit=add_section>
                <label for="new-section">"New section"</label>
                <div class="field-row">
                    <input id="new-section" placeholder="e.g. Kitchen" bind:value=new_section/>
                    <button type="submit">"Add section"</button>
                </div>
            </form>
        </section>
    }
}

/// A section's heading: its grip, name (rename), Move up and down, and delete.
#[component]
fn SectionHead(template: RwSignal<Template>, section: Id, name: Signal<String>) -> impl IntoView {
    let state = use_state();
    let rename = {
        let s = section.clone();
        Callback::new(move |text: String| {
            revise(state, template, |t, env| t.rename_section(env, &s, &text))
                .map(|(_, note)| {
                    if !note.is_empty() {
                        state.announce(note.trim().to_string());
                    }
                })
                .is_some()
        })
    };
    let delete = {
        let s = section.clone();
        move |_| {
            let s = s.clone();
            let label = name.get_untracked();
            state.ask(
                format!("Delete section “{label}”?"),
                "Its items move to the section above it (or to the top of the list).".into(),
                "Delete section",
                move || {
                    if let Some((_, note)) =
                        revise(state, template, |t, env| t.delete_section(env, &s))
                    {
                        state.announce(format!("Deleted section {label}.{note}"));
                    }
                },
            );
        }
    };
    let edge = {
        let s = section.clone();
        Memo::new(move |_| {
            template.with(|t| {
                let i = t.sections.iter().position(|x| x.id == s);
                (i == Some(0), i.is_none_or(|i| i + 1 == t.sections.len()))
            })
        })
    };
    let step = {
        let s = section.clone();
        move |step: Step| {
            let x = s.clone();
            section_moved(state, template, &s, Some(step), move |t, env| {
                t.step_section(env, &x, step)
            });
        }
    };
    let on_key = {
        let step = step.clone();
        move |ev: leptos::ev::KeyboardEvent| match alt_arrow(&ev) {
            Some(Arrow::Up) => step(Step::Up),
            Some(Arrow::Down) => step(Step::Down),
            _ => {}
        }
    };
    let (up, down) = (step.clone(), step);
    // "Shown": always, or when an earlier item's answer is one of its kind's.
    let choices = {
        let s = section.clone();
        Memo::new(move |_| {
            template.with(|t| {
                t.items_before_section(&s)
                    .into_iter()
                    .filter_map(|id| t.item(id))
                    .flat_map(|i| {
                        When::for_kind(&i.answer).iter().map(move |w| {
                            (
                                format!("{} {}", i.id, w.key()),
                                format!("when “{}” is {}", i.text, w.words()),
                            )
                        })
                    })
                    .collect::<Vec<_>>()
            })
        })
    };
    let current = {
        let s = section.clone();
        Memo::new(move |_| {
            template.with(|t| {
                t.sections
                    .iter()
                    .find(|x| x.id == s)
                    .and_then(|x| x.show_if.as_ref())
                    .map(|c| format!("{} {}", c.item, c.when.key()))
                    .unwrap_or_default()
            })
        })
    };
    let set_condition = {
        let s = section.clone();
        move |ev: leptos::ev::Event| {
            let v = event_target_value(&ev);
            let c = v.split_once(' ').and_then(|(id, w)| {
                Some(Condition {
                    item: Id(id.to_string()),
                    when: When::from_key(w)?,
                })
            });
            let s = s.clone();
            if let Some((_, note)) = revise(state, template, move |t, env| {
                t.set_section_condition(env, &s, c)
            }) {
                state.announce(format!("Section {} saved.{note}", name.get_untracked()));
            }
        }
    };
    let select_id = format!("section-{section}-show-if");
    view! {
        <div class="section-head" on:keydown=on_key>
            <span class="drag-handle section-handle" aria-hidden="true" title="Drag to reorder the section">
                "⠿"
            </span>
            <h3>
                <InlineEdit
                    value=name
                    field_label="Section name"
                    edit_label=Signal::derive(move || format!("Rename section {}", name.get()))
                    on_save=rename
                />
            </h3>
            <span class="row-tools">
                <button
                    class="icon-button section-move-up"
                    aria-label=move || format!("Move section {} up", name.get())
                    title="Move section up (Alt+↑)"
                    aria-keyshortcuts="Alt+ArrowUp"
                    disabled=move || edge.get().0
                    on:click=move |_| up(Step::Up)
                >
                    "↑"
                </button>
                <button
                    class="icon-button section-move-down"
                    aria-label=move || format!("Move section {} down", name.get())
                    title="Move section down (Alt+↓)"
                    aria-keyshortcuts="Alt+ArrowDown"
                    disabled=move || edge.get().1
                    on:click=move |_| down(Step::Down)
                >
                    "↓"
                </button>
                <button
                    class="ghost small danger-text"
                    aria-label=move || format!("Delete section {}", name.get())
                    on:click=delete
                >
                    "Delete section"
                </button>
            </span>
            <span class="section-condition">
                <label for=select_id.clone()>"Shown"</label>
                <select id=select_id on:change=set_condition prop:value=move || current.get()>
                    <option value="">"always"</option>
                    {move || {
                        let now = current.get();
                        choices
                            .get()
                            .into_iter()
                            .map(|(v, l)| {
                                let sel = v == now;
                                view! { <option value=v selected=sel>{l}</option> }
                            })
                            .collect_view()
                    }}
                </select>
            </span>
        </div>
    }
}

/// A section heading, its items, and a form to add an item to it.
#[component]
fn SectionBlock(template: RwSignal<Template>, section: Option<Id>) -> impl IntoView {
    let state = use_state();
    let key = section.clone();
    let item_ids = Memo::new(move |_| {
        template.with(|t| {
            t.groups()
                .into_iter()
                .find(|g| g.section == key)
                .map(|g| g.items)
                .unwrap_or_default()
        })
    });
    let sid = section.clone();
    let name = Signal::derive(move || {
        template.with(|t| match &sid {
            Some(s) => t
                .sections
                .iter()
                .find(|x| &x.id == s)
                .map(|x| x.name.clone())
                .unwrap_or_default(),
            None => String::new(),
        })
    });
    let has_sections = move || template.with(|t| !t.sections.is_empty());
    let dom_key = section
        .as_ref()
        .map_or_else(|| "none".to_string(), |s| s.to_string());
    let new_item = RwSignal::new(String::new());
    let new_kind = RwSignal::new("done".to_string());
    let add_item = {
        let section = section.clone();
        move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            let text = new_item.get_untracked();
            let answer = match new_kind.get_untracked().as_str() {
                "passfail" => AnswerKind::PassFail,
                "number" => AnswerKind::Number {
                    unit: String::new(),
                    min: None,
                    max: None,
                },
                "text" => AnswerKind::Text,
                _ => AnswerKind::Done,
            };
            let f = ItemFields {
                text: text.clone(),
                required: true,
                answer,
                section: section.clone(),
                ..Default::default()
            };
            if let Some((_, note)) = revise(state, template, |t, env| t.add_item_with(env, f)) {
                new_item.set(String::new());
                state.announce(format!("Added item {}.{note}", text.trim()));
            }
        }
    };
    let heading = {
        let section = section.clone();
        move || match section.clone() {
            Some(s) => view! { <SectionHead template=template section=s name=name/> }.into_any(),
            None if has_sections() => {
                view! { <h3 class="section-head muted">"Before the first section"</h3> }.into_any()
            }
            None => ().into_any(),
        }
    };
    let list_label = move || {
        let n = name.get();
        match n.is_empty() {
            false => format!("Items in {n}"),
            true if has_sections() => "Items before the first section".to_string(),
            true => "Items".to_string(),
        }
    };
    let form_label = move || {
        let n = name.get();
        if n.is_empty() {
            "Add an item".to_string()
        } else {
            format!("Add an item to {n}")
        }
    };
    let input_id = format!("new-item-{dom_key}");
    let kind_id = format!("new-kind-{dom_key}");
    view! {
        <div
            class="section-block"
            data-section=dom_key
            data-section-id=section.as_ref().map(|s| s.to_string())
        >
            {heading}
            <ol class="item-list" aria-label=list_label>
                <For each=move || item_ids.get() key=|id| id.clone() let:item>
                    <ItemRow template=template item=item/>
                </For>
                <Show when=move || item_ids.with(Vec::is_empty)>
                    <li class="empty-section muted">"No items yet."</li>
                </Show>
            </ol>
            <form class="add-item" aria-label=form_label on:submit=add_item>
                <label for=input_id.clone() class="add-item-text">
                    {move || {
                        let n = name.get();
                        if n.is_empty() { "New item".to_string() } else { format!("New item in {n}") }
                    }}
                </label>
                <label for=kind_id.clone() class="add-item-kind">"Answer type"</label>
                <input id=input_id class="add-item-input" placeholder="e.g. Fridge at 0–5 °C" bind:value=new_item/>
                <select
                    id=kind_id
                    class="add-item-select"
                    prop:value=move || new_kind.get()
                    on:change=move |ev| new_kind.set(event_target_value(&ev))
                >
                    {answer_options()}
                </select>
                <button type="submit" class="add-item-button">"Add item"</button>
            </form>
        </div>
    }
}
