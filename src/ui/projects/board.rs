//! A project's board: columns and cards, with moves by buttons and keys.

use super::page::OpenCard;
use crate::domain::{Card, Id, Project};
use crate::ui::browser::focus_later;
use crate::ui::shell::InlineEdit;
use crate::ui::state::{use_state, AppState};
use leptos::prelude::*;

/// The board tab: columns and cards.
#[component]
pub fn BoardView(project: RwSignal<Project>) -> impl IntoView {
    let state = use_state();
    let column_ids =
        move || project.with(|p| p.columns.iter().map(|c| c.id.clone()).collect::<Vec<_>>());
    let new_column = RwSignal::new(String::new());
    let add_column = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if state
            .edit_project(project, "add column", |p, env| {
                p.add_column(env, &new_column.get_untracked())
            })
            .is_some()
        {
            new_column.set(String::new());
        }
    };
    view! {
        <p class="hint" id="move-hint">
            "Tip: focus a card and press Alt + arrow keys to move it."
        </p>
        <div class="board">
            <For each=column_ids key=|id| id.clone() let:column>
                <ColumnView project=project column=column/>
            </For>
            <form class="add-column" on:submit=add_column>
                <label for="new-column">"New column"</label>
                <input id="new-column" placeholder="e.g. Review" bind:value=new_column/>
                <button type="submit">"Add column"</button>
            </form>
        </div>
    }
}

/// Where a card should go, relative to where it is.
#[derive(Clone, Copy, Debug)]
enum Dir {
    Up,
    Down,
    Left,
    Right,
}

/// Moves a card one step and tells screen-reader users where it landed.
fn move_card(state: AppState, project: RwSignal<Project>, card: &Id, dir: Dir) {
    let Some((target_col, to)) = project.with_untracked(|p| {
        let (col, pos) = p.card_position(card)?;
        let ci = p.column_index(&col)?;
        match dir {
            Dir::Up => pos.checked_sub(1).map(|to| (col, to)),
            Dir::Down => (pos + 1 < p.cards_in(&col).count()).then(|| (col, pos + 1)),
            Dir::Left => ci.checked_sub(1).map(|i| (p.columns[i].id.clone(), pos)),
            Dir::Right => p.columns.get(ci + 1).map(|c| (c.id.clone(), pos)),
        }
    }) else {
        state.announce("The card can't move further that way.");
        return;
    };
    if state
        .edit_project(project, "move card", |p, env| {
            p.move_card(env, card, &target_col, to)
        })
        .is_some()
    {
        let msg = project.with_untracked(|p| {
            let (col, pos) = p.card_position(card)?;
            let c = p.column(&col)?;
            let title = &p.card(card)?.title;
            Some(format!(
                "Moved “{title}” to {}, position {} of {}.",
                c.name,
                pos + 1,
                p.cards_in(&col).count()
            ))
        });
        state.announce(msg.unwrap_or_default());
        focus_later(format!("[data-card-id=\"{card}\"] .card-title"));
    }
}

#[component]
fn ColumnView(project: RwSignal<Project>, column: Id) -> impl IntoView {
    let state = use_state();
    let col = {
        let column = column.clone();
        Memo::new(move |_| project.with(|p| p.column(&column).cloned()))
    };
    let name = Signal::derive(move || {
        col.with(|c| c.as_ref().map(|c| c.name.clone()).unwrap_or_default())
    });
    let card_ids = {
        let column = column.clone();
        move || {
            project.with(|p| {
                p.cards_in(&column)
                    .map(|c| c.id.clone())
                    .collect::<Vec<_>>()
            })
        }
    };
    let count = {
        let column = column.clone();
        Memo::new(move |_| project.with(|p| p.cards_in(&column).count()))
    };
    let position = {
        let column = column.clone();
        Memo::new(move |_| {
            project.with(|p| (p.column_index(&column).unwrap_or(0), p.columns.len()))
        })
    };
    let heading_id = format!("col-{column}");
    let input_id = format!("new-card-{column}");
    let new_card = RwSignal::new(String::new());
    let add_card = {
        let column = column.clone();
        move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            let title = new_card.get_untracked();
            if state
                .edit_project(project, "add card", |p, env| {
                    p.add_card(env, &column, &title)
                })
                .is_some()
            {
                new_card.set(String::new());
                state.announce(format!(
                    "Added “{}” to {}.",
                    title.trim(),
                    name.get_untracked()
                ));
            }
        }
    };
    let rename = {
        let column = column.clone();
        Callback::new(move |text: String| {
            state
                .edit_project(project, "rename column", |p, env| {
                    p.rename_column(env, &column, &text)
                })
                .is_some()
        })
    };
    let shift = {
        let column = column.clone();
        move |delta: isize| {
            let (i, _) = position.get_untracked();
            let to = (i as isize + delta).max(0) as usize;
            if state
                .edit_project(project, "move column", |p, env| {
                    p.move_column(env, &column, to)
                })
                .is_some()
            {
                let (i, n) = position.get_untracked();
                state.announce(format!(
                    "Moved column {} to position {} of {n}.",
                    name.get_untracked(),
                    i + 1
                ));
                let dir = if delta < 0 { "left" } else { "right" };
                focus_later(format!("[data-column-id=\"{column}\"] .move-{dir}"));
            }
        }
    };
    let shift_left = shift.clone();
    let delete = {
        let column = column.clone();
        move |_| {
            let column = column.clone();
            let n = count.get_untracked();
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
                    state.edit_project(project, "delete column", |p, env| {
                        p.delete_column(env, &column)
                    });
                    state.announce(format!("Deleted column {label}."));
                },
            );
        }
    };
    view! {
        <section class="column" aria-labelledby=heading_id.clone() data-column-id=column.to_string()>
            <header class="column-head">
                <h2 id=heading_id.clone() class="column-title">
                    <InlineEdit
                        value=name
                        field_label="Column name"
                        edit_label=Signal::derive(move || format!("Rename column {}", name.get()))
                        on_save=rename
                    />
                </h2>
                <span class="count" aria-label=move || format!("{} cards", count.get())>{count}</span>
            </header>
            <div class="column-tools">
                <button
                    class="icon-button move-left"
                    aria-label=move || format!("Move column {} left", name.get())
                    title="Move column left"
                    disabled=move || position.get().0 == 0
                    on:click=move |_| shift_left(-1)
                >
                    "◀"
                </button>
                <button
                    class="icon-button move-right"
                    aria-label=move || format!("Move column {} right", name.get())
                    title="Move column right"
                    disabled=move || { let (i, n) = position.get(); i + 1 >= n }
                    on:click=move |_| shift(1)
                >
                    "▶"
                </button>
                <button
                    class="icon-button danger-text"
                    aria-label=move || format!("Delete column {}", name.get())
                    title="Delete column"
                    on:click=delete
                >
                    "✕"
                </button>
            </div>
            <ul class="cards" aria-label=move || format!("Cards in {}", name.get())>
                <For each=card_ids key=|id| id.clone() let:card>
                    <CardView project=project card=card/>
                </For>
            </ul>
            <form class="add-card" on:submit=add_card>
                <label class="sr-only" for=input_id.clone()>
                    {move || format!("New card in {}", name.get())}
                </label>
                <input id=input_id placeholder="Add a card…" bind:value=new_card/>
                <button type="submit" aria-label=move || format!("Add card to {}", name.get())>
                    "Add"
                </button>
            </form>
        </section>
    }
}

#[component]
fn CardView(project: RwSignal<Project>, card: Id) -> impl IntoView {
    let state = use_state();
    let open = expect_context::<OpenCard>().0;
    let data = {
        let card = card.clone();
        Memo::new(move |_| project.with(|p| p.card(&card).cloned()))
    };
    let title = move || data.with(|c| c.as_ref().map(|c| c.title.clone()).unwrap_or_default());
    let desc = move || {
        data.with(|c: &Option<Card>| {
            c.as_ref()
                .and_then(|c| c.description.lines().next().map(str::to_string))
                .unwrap_or_default()
        })
    };
    // Whether each move is possible, for the buttons' disabled state.
    let can = {
        let card = card.clone();
        Memo::new(move |_| {
            project.with(|p| {
                let Some((col, pos)) = p.card_position(&card) else {
                    return [false; 4];
                };
                let ci = p.column_index(&col).unwrap_or(0);
                [
                    pos > 0,
                    pos + 1 < p.cards_in(&col).count(),
                    ci > 0,
                    ci + 1 < p.columns.len(),
                ]
            })
        })
    };
    let mover = {
        let card = card.clone();
        move |dir: Dir| move_card(state, project, &card, dir)
    };
    let on_key = {
        let mover = mover.clone();
        move |ev: leptos::ev::KeyboardEvent| {
            if !ev.alt_key() {
                return;
            }
            let dir = match ev.key().as_str() {
                "ArrowUp" => Dir::Up,
                "ArrowDown" => Dir::Down,
                "ArrowLeft" => Dir::Left,
                "ArrowRight" => Dir::Right,
                _ => return,
            };
            ev.prevent_default();
            mover(dir);
        }
    };
    let button = |dir: Dir, glyph: &'static str, word: &'static str, idx: usize| {
        let mover = mover.clone();
        view! {
            <button
                class="icon-button"
                aria-label=move || format!("Move card {} {word}", title())
                title=format!("Move {word}")
                disabled=move || !can.get()[idx]
                on:click=move |_| mover(dir)
            >
                {glyph}
            </button>
        }
    };
    let open_id = card.clone();
    view! {
        <li class="card" data-card-id=card.to_string()>
            <button
                class="card-title"
                aria-describedby="move-hint"
                aria-keyshortcuts="Alt+ArrowUp Alt+ArrowDown Alt+ArrowLeft Alt+ArrowRight"
                on:click=move |_| open.set(Some(open_id.clone()))
                on:keydown=on_key
            >
                {title}
            </button>
            <Show when=move || !desc().is_empty()>
                <p class="card-desc">{desc}</p>
            </Show>
            <div class="card-moves" role="group" aria-label=move || format!("Move {}", title())>
                {button(Dir::Left, "←", "left", 2)}
                {button(Dir::Up, "↑", "up", 0)}
                {button(Dir::Down, "↓", "down", 1)}
                {button(Dir::Right, "→", "right", 3)}
            </div>
        </li>
    }
}
