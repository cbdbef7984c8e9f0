//! One checklist template: its items (add, edit, reorder, delete) and its run history.

use super::RunProgress;
use crate::domain::{Id, Template};
use crate::ui::browser::{focus_later, long_date, today};
use crate::ui::route::Route;
use crate::ui::shell::{set_title, InlineEdit, NotFound};
use crate::ui::state::use_state;
use chrono::NaiveDate;
use leptos::prelude::*;

#[component]
pub fn TemplatePage(id: Id) -> impl IntoView {
    let state = use_state();
    match state.template(&id) {
        Some(t) => view! { <TemplateView template=t/> }.into_any(),
        None => view! { <NotFound what="checklist" back=Route::Operations/> }.into_any(),
    }
}

#[component]
fn TemplateView(template: RwSignal<Template>) -> impl IntoView {
    let state = use_state();
    let id = template.with_untracked(|t| t.id.clone());
    let name = Signal::derive(move || template.with(|t| t.name.clone()));
    set_title(move || name.get());
    let rename = Callback::new(move |text: String| {
        state
            .edit_template(template, |t, env| t.rename(env, &text))
            .is_some()
    });
    let new_item = RwSignal::new(String::new());
    let add_item = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if state
            .edit_template(template, |t, env| {
                t.add_item(env, &new_item.get_untracked())
            })
            .is_some()
        {
            new_item.set(String::new());
        }
    };
    let run_date = RwSignal::new(today().to_string());
    let start = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Ok(date) = NaiveDate::parse_from_str(&run_date.get_untracked(), "%Y-%m-%d") else {
            state.error("Pick the date the run is for.");
            return;
        };
        if let Some(run) = state.start_run(template, date) {
            state.go(Route::Run(run));
        }
    };
    let runs = {
        let id = id.clone();
        Memo::new(move |_| state.runs_of(&id))
    };
    let delete = {
        let id = id.clone();
        move |_| {
            let id = id.clone();
            let n = state.runs_of(&id).len();
            let label = name.get_untracked();
            state.ask(
                format!("Delete checklist “{label}”?"),
                format!("The checklist and its {n} run(s) will be removed from this browser."),
                "Delete checklist",
                move || {
                    state.delete_template(&id);
                    state.go(Route::Operations);
                    state.announce(format!("Deleted checklist {label}."));
                },
            );
        }
    };
    let item_ids =
        move || template.with(|t| t.items.iter().map(|i| i.id.clone()).collect::<Vec<_>>());
    view! {
        <section class="page narrow">
            <nav class="crumbs" aria-label="Breadcrumb">
                <a href=Route::Operations.href()>"Operations"</a>
            </nav>
            <div class="page-head">
                <h1 tabindex="-1">
                    <InlineEdit
                        value=name
                        field_label="Checklist name"
                        edit_label=Signal::derive(move || format!("Rename checklist {}", name.get()))
                        on_save=rename
                    />
                </h1>
                <crate::ui::exchange::ExportTemplateButton id=id.clone()/>
                <button class="ghost danger-text" on:click=delete>"Delete checklist"</button>
            </div>
            <form class="start-run" on:submit=start>
                <label for="run-date">"Run for"</label>
                <input id="run-date" type="date" bind:value=run_date/>
                <button type="submit" class="primary">"Start run"</button>
            </form>
            <h2>"Items"</h2>
            <ol class="item-list" aria-label="Items">
                <For each=item_ids key=|id| id.clone() let:item>
                    <ItemRow template=template item=item/>
                </For>
            </ol>
            <form class="create-form" on:submit=add_item>
                <label for="new-item">"New item"</label>
                <div class="field-row">
                    <input id="new-item" placeholder="e.g. Fridge at 0–5 °C" bind:value=new_item/>
                    <button type="submit">"Add item"</button>
                </div>
            </form>
            <h2>"Runs"</h2>
            <Show
                when=move || runs.with(|r| !r.is_empty())
                fallback=|| view! { <p class="muted">"No runs yet: start one above."</p> }
            >
                <ul class="run-list" aria-label="Runs">
                    <For each=move || runs.get() key=|r| r.with_untracked(|r| r.id.clone()) let:run>
                        <li>
                            <a href=Route::Run(run.with_untracked(|r| r.id.clone())).href()>
                                {move || long_date(run.with(|r| r.date))}
                            </a>
                            <RunProgress run=run template=template/>
                        </li>
                    </For>
                </ul>
            </Show>
        </section>
    }
}

#[component]
fn ItemRow(template: RwSignal<Template>, item: Id) -> impl IntoView {
    let state = use_state();
    let data = {
        let item = item.clone();
        Memo::new(move |_| {
            template.with(|t| {
                let i = t.items.iter().position(|i| i.id == item)?;
                Some((t.items[i].text.clone(), i, t.items.len()))
            })
        })
    };
    let text =
        Signal::derive(move || data.with(|d| d.as_ref().map(|d| d.0.clone()).unwrap_or_default()));
    let edit = {
        let item = item.clone();
        Callback::new(move |s: String| {
            state
                .edit_template(template, |t, env| t.edit_item(env, &item, &s))
                .is_some()
        })
    };
    let shift = {
        let item = item.clone();
        move |delta: isize| {
            let Some((_, i, n)) = data.get_untracked() else {
                return;
            };
            let to = i as isize + delta;
            if to < 0 || to as usize >= n {
                return;
            }
            if state
                .edit_template(template, |t, env| t.move_item(env, &item, to as usize))
                .is_some()
            {
                state.announce(format!(
                    "Moved “{}” to position {} of {n}.",
                    text.get_untracked(),
                    to + 1
                ));
                let cls = if delta < 0 { "up" } else { "down" };
                focus_later(format!("[data-item-id=\"{item}\"] .move-{cls}"));
            }
        }
    };
    let up = shift.clone();
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
                    state.edit_template(template, |tpl, env| tpl.delete_item(env, &item));
                    state.announce(format!("Deleted item {t}."));
                },
            );
        }
    };
    view! {
        <li class="item-row" data-item-id=item.to_string()>
            <InlineEdit
                value=text
                field_label="Item text"
                edit_label=Signal::derive(move || format!("Edit item {}", text.get()))
                on_save=edit
            />
            <span class="row-tools">
                <button
                    class="icon-button move-up"
                    aria-label=move || format!("Move item {} up", text.get())
                    disabled=move || data.with(|d| d.as_ref().is_none_or(|d| d.1 == 0))
                    on:click=move |_| up(-1)
                >
                    "↑"
                </button>
                <button
                    class="icon-button move-down"
                    aria-label=move || format!("Move item {} down", text.get())
                    disabled=move || data.with(|d| d.as_ref().is_none_or(|d| d.1 + 1 >= d.2))
                    on:click=move |_| shift(1)
                >
                    "↓"
                </button>
                <button
                    class="icon-button danger-text"
                    aria-label=move || format!("Delete item {}", text.get())
                    on:click=delete
                >
                    "✕"
                </button>
            </span>
        </li>
    }
}
