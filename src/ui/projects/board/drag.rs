//! Dragging cards and columns on the board (with [`use_drag`]): where a dragged card or
//! column would land, from the columns and cards on screen.

use super::moves::{drop_card, drop_column, CardSpot};
use super::BoardCtx;
use crate::domain::Id;
use crate::ui::drag::{children_matching, first_past, near_edge, use_drag, Spot, UseDragOptions};
use crate::ui::state::use_state;
use leptos::prelude::*;
use std::rc::Rc;

/// Horizontal distance from x to an element (0 when over it).
fn distance_x(el: &web_sys::Element, x: f64) -> f64 {
    let r = el.get_bounding_client_rect();
    if x < r.left() {
        r.left() - x
    } else if x > r.right() {
        x - r.right()
    } else {
        0.0
    }
}

fn column_id(el: &web_sys::Element) -> Option<Id> {
    el.get_attribute("data-column-id").map(Id)
}

pub(super) fn card_id(el: &web_sys::Element) -> Option<Id> {
    el.get_attribute("data-card-id").map(Id)
}

/// Where a card dropped at (x, y) lands: the open column under (or nearest to) the pointer,
/// before the first of its rendered cards whose middle is below the pointer.
fn aim_card(
    board: &web_sys::Element,
    dragged: &web_sys::Element,
    x: f64,
    y: f64,
) -> Option<Spot<CardSpot>> {
    let column = children_matching(board, ".column[data-column-id]:not(.collapsed)", None)
        .into_iter()
        .min_by(|a, b| distance_x(a, x).total_cmp(&distance_x(b, x)))?;
    let list = column.query_selector("ul.cards").ok().flatten()?;
    // Near the top or bottom of a long list, scroll it (a step per pointer move).
    near_edge(&list, y, false);
    let cards = children_matching(&list, "li.card", Some(dragged));
    let before = first_past(&cards, y, false).map(|(_, el)| el);
    Some(Spot {
        value: CardSpot {
            column: column_id(&column)?,
            before: before.as_ref().and_then(card_id),
            last: cards.last().and_then(card_id),
        },
        parent: list,
        before,
    })
}

/// Where a column dropped at x lands: before the first other column whose middle is right
/// of the pointer (its index among the others), or at the end.
fn aim_column(board: &web_sys::Element, dragged: &web_sys::Element, x: f64) -> Option<Spot<usize>> {
    let columns = children_matching(board, ".column[data-column-id]", Some(dragged));
    let (to, before) = match first_past(&columns, x, true) {
        Some((i, el)) => (i, Some(el)),
        None => (
            columns.len(),
            board.query_selector(".add-column").ok().flatten(),
        ),
    };
    Some(Spot {
        value: to,
        parent: board.clone(),
        before,
    })
}

/// Makes the board's cards (by the whole card with a mouse, by their ⠿ grip with any
/// pointer) and columns (by their grip) draggable. Returns whether something is dragged.
pub(super) fn use_board_drags(ctx: BoardCtx, board: NodeRef<leptos::html::Div>) -> Signal<bool> {
    let state = use_state();
    let el = move || board.get_untracked().map(web_sys::Element::from);
    let cards = use_drag(
        board,
        UseDragOptions {
            item: "li.card",
            handle: ".card-handle",
            mouse_anywhere: true,
            not_from: ".card-moves",
            placeholder_class: "card-placeholder",
            key: card_id,
            aim: Rc::new(move |_, dragged, x, y| aim_card(&el()?, dragged, x, y)),
            on_drop: Rc::new(move |card: Id, spot: CardSpot| drop_card(state, ctx, card, spot)),
        },
    );
    let columns = use_drag(
        board,
        UseDragOptions {
            item: ".column[data-column-id]",
            handle: ".column-handle",
            mouse_anywhere: false,
            not_from: "button, input, select",
            placeholder_class: "column-placeholder",
            key: column_id,
            aim: Rc::new(move |_, dragged, x, _| aim_column(&el()?, dragged, x)),
            on_drop: Rc::new(move |column: Id, to: usize| drop_column(state, ctx, &column, to)),
        },
    );
    Signal::derive(move || {
        cards.dragging.with(Option::is_some) || columns.dragging.with(Option::is_some)
    })
}
