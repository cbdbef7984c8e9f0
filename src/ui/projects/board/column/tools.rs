//! A column's tools (collapse, settings, move left and right, delete) and its settings
//! (WIP limit, done column).

use super::super::moves::move_column;
use super::super::BoardCtx;
use super::ColInfo;
use crate::ui::browser::focus_later;
use crate::ui::shell::{menu_item, MenuButton};
use crate::ui::state::use_state;
use leptos::prelude::*;

#[component]
pub(super) fn ColumnTools(info: ColInfo, settings_open: RwSignal<bool>) -> impl IntoView {
    let state = use_state();
    let ctx = expect_context::<BoardCtx>();
    let name = info.name;
    let position = info.position;
    let shift = move |delta: isize| {
        let (i, _) = position.get_untracked();
        let to = (i as isize + delta).max(0) as usize;
        let column = info.column.get_value();
        move_column(state, ctx, &column, to, Some(".menu-button"));
    };
    let delete = move |_: ()| {
        let column = info.column.get_value();
        let n = info.count.get_untracked();
        let label = name.get_untracked();
        state.ask(
            format!("Delete column “{label}”?"),
            if n == 0 {
                "The column is empty.".into()
            } else {
                format!("Its {n} card(s) will be deleted with it.")
            },
            "Delete column",
            move || {
                state.edit_project(ctx.project, "delete column", |p, env| {
                    p.delete_column(env, &column)
                });
                state.announce(format!("Deleted column {label}."));
            },
        );
    };
    let collapse = move |_: ()| {
        let column = info.column.get_value();
        state.edit_project(ctx.project, "collapse column", |p, env| {
            p.set_collapsed(env, &column, true)
        });
        focus_later(format!("[data-column-id=\"{column}\"] .collapse-toggle"));
    };
    let settings = move |_: ()| {
        settings_open.update(|o| *o = !*o);
        if settings_open.get_untracked() {
            let column = info.column.get_value();
            focus_later(format!("#wip-{column}"));
        }
    };
    let first = Signal::derive(move || position.get().0 == 0);
    let last = Signal::derive(move || {
        let (i, n) = position.get();
        i + 1 >= n
    });
    let never = Signal::from(false);
    // (Made once: the menu's items are built each time it opens.)
    let (collapse, settings, delete) = (
        Callback::new(collapse),
        Callback::new(settings),
        Callback::new(delete),
    );
    let (left, right) = (
        Callback::new(move |_| shift(-1)),
        Callback::new(move |_| shift(1)),
    );
    view! {
        <div class="column-tools">
            <MenuButton
                label=Signal::derive(move || format!("Actions for column {}", name.get()))
                glyph="⋯"
            >
                {menu_item("Collapse column", never, collapse)}
                {menu_item("Settings (WIP limit, done)", never, settings)}
                {menu_item("Move column left", first, left)}
                {menu_item("Move column right", last, right)}
                {menu_item("Delete column", never, delete)}
            </MenuButton>
        </div>
    }
}

/// The WIP limit and the done column (built while they are open).
#[component]
pub(super) fn ColumnSettings(info: ColInfo) -> impl IntoView {
    let state = use_state();
    let ctx = expect_context::<BoardCtx>();
    let column = info.column.get_value();
    let name = info.name;
    let wip_id = format!("wip-{column}");
    let set_limit = move |ev: leptos::ev::Event| {
        let text = event_target_value(&ev);
        let text = text.trim();
        let limit = if text.is_empty() {
            None
        } else {
            match text.parse::<u32>() {
                Ok(n) => Some(n),
                Err(_) => {
                    state.error(format!(
                        "“{text}” is not a WIP limit: type a whole number of 1 or more, or leave it empty for no limit."
                    ));
                    return;
                }
            }
        };
        if info.limit.get_untracked() != limit {
            let column = info.column.get_value();
            state.edit_project(ctx.project, "set WIP limit", |p, env| {
                p.set_wip_limit(env, &column, limit)
            });
        }
    };
    let mark_done = move |_| {
        let column = info.column.get_value();
        if state
            .edit_project(ctx.project, "set done column", |p, env| {
                p.set_done_column(env, &column)
            })
            .is_some()
        {
            state.announce(format!("{} is now the done column.", name.get_untracked()));
        }
    };
    view! {
        <div class="column-settings" id=format!("settings-{column}")>
            <label for=wip_id.clone()>{move || format!("WIP limit for {}", name.get())}</label>
            <input
                id=wip_id
                type="number"
                min="1"
                step="1"
                inputmode="numeric"
                placeholder="No limit"
                prop:value=move || info.limit.get().map(|l| l.to_string()).unwrap_or_default()
                on:change=set_limit
            />
            <Show
                when=move || !info.is_done.get()
                fallback=|| view! { <p class="hint">"Cards in this column count as done."</p> }
            >
                <button type="button" class="small" on:click=mark_done>
                    {move || format!("Mark {} as the done column", name.get())}
                </button>
            </Show>
        </div>
    }
}
