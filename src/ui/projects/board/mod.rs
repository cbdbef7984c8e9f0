//! A project's board: columns and cards, with moves by drag and drop (mouse, touch, pen), by
//! buttons and by keys; a search and filter bar; column settings (WIP limit, collapse, done).
//!
//! Files: `model` (each card in a signal, each column's ordered ids, kept up to date from
//! what each change touched), `column` (a column: its head, its cards as a keyed list, more
//! on scroll; `column/tools`: its buttons and settings), `card` (a card's face), `active`
//! (which cards show their move buttons), `moves`
//! (moves by keys, buttons and drops, with their announcements), `drag` (where a dragged
//! card or column lands), `filter` (the search and filter bar).

mod active;
mod card;
mod column;
mod drag;
mod filter;
mod model;
mod moves;

use crate::domain::{Id, Project};
use crate::ui::browser::today;
use crate::ui::state::use_state;
use active::ActiveCards;
use chrono::NaiveDate;
use column::ColumnView;
use filter::Filter;
/// The filter bar (the table view shows it too).
pub(super) use filter::FilterBar;
use leptos::prelude::*;
pub use model::BoardModel;
use std::collections::HashMap;

/// What the board's parts share.
#[derive(Clone, Copy)]
struct BoardCtx {
    /// The project, for edits (the views read the model, not the project).
    project: RwSignal<Project>,
    model: BoardModel,
    filter: RwSignal<Filter>,
    today: NaiveDate,
    /// The card last moved by keys or buttons: it stays rendered wherever it lands, even past
    /// the cards its column renders, so focus stays on it.
    keep: StoredValue<Option<Id>>,
    /// How many cards the filter hides in each column.
    hidden: RwSignal<HashMap<Id, usize>>,
    /// The cards that show their move buttons.
    buttons: ActiveCards,
}

/// The board tab: filter bar, columns and cards.
#[component]
pub fn BoardView(project: RwSignal<Project>) -> impl IntoView {
    let state = use_state();
    let model = BoardModel::new(project);
    let id = project.with_untracked(|p| p.id.clone());
    state.on_project_change(&id, move |t| model.apply(t));
    let filter = RwSignal::new(Filter::default());
    let ctx = BoardCtx {
        project,
        model,
        filter,
        today: today(),
        keep: StoredValue::new(None),
        hidden: RwSignal::new(HashMap::new()),
        buttons: ActiveCards::new(),
    };
    provide_context(ctx);
    let hidden = Memo::new(move |_| ctx.hidden.with(|h| h.values().sum::<usize>()));
    let board = NodeRef::<leptos::html::Div>::new();
    let dragging = drag::use_board_drags(ctx, board);
    let column_ids = move || {
        model
            .columns
            .with(|cs| cs.iter().map(|c| c.id.clone()).collect::<Vec<_>>())
    };
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
        <FilterBar model=model filter=filter hidden=hidden/>
        <p class="hint" id="move-hint">
            "Tip: drag a card (or its ⠿ handle on touch screens), or focus it and press Alt + arrow keys to move it."
        </p>
        // Words the cards' move buttons are named with (aria-labelledby: "Move card",
        // the card's title, "left"), so a card's title is not copied into five labels.
        <span hidden id="w-move">"Move"</span>
        <span hidden id="w-move-card">"Move card"</span>
        <span hidden id="w-left">"left"</span>
        <span hidden id="w-up">"up"</span>
        <span hidden id="w-down">"down"</span>
        <span hidden id="w-right">"right"</span>
        <div
            class="board"
            class:board-dragging=dragging
            node_ref=board
            on:pointerover=move |ev| ctx.buttons.pointer_over(&ev)
            on:pointerleave=move |_| ctx.buttons.pointer_left()
            on:focusin=move |ev| ctx.buttons.focus_in(&ev)
        >
            <For each=column_ids key=|id| id.clone() let:column>
                <ColumnView column=column/>
            </For>
            <form class="add-column" on:submit=add_column>
                <label for="new-column">"New column"</label>
                <input id="new-column" placeholder="e.g. Review" bind:value=new_column/>
                <button type="submit">"Add column"</button>
            </form>
        </div>
    }
}
