//! Moves of cards and columns: by keys and buttons (one step), and by drops. Each goes
//! through the domain's move, is announced in the live region, and a move by keys keeps
//! focus on the card.

use super::BoardCtx;
use crate::domain::Id;
use crate::ui::browser::{blur_within, focus_later};
use crate::ui::drag::Arrow;
use crate::ui::state::AppState;
use leptos::prelude::*;

/// Where a dragged card would land: in `column`, just before the rendered card `before`, or
/// (`None`) after the last rendered card `last` (or in an empty column when there is none).
#[derive(Clone, Debug, PartialEq)]
pub struct CardSpot {
    pub column: Id,
    pub before: Option<Id>,
    pub last: Option<Id>,
}

/// Moves a card one step (keys and buttons) and gives focus back to it.
pub(super) fn step_card(state: AppState, ctx: BoardCtx, card: &Id, dir: Arrow) {
    let model = ctx.model;
    let target = model.place(card).and_then(|(col, pos, count)| {
        let (ci, n) = model.column_index(&col)?;
        let column_at = |i: usize| model.columns.with_untracked(|cs| cs[i].id.clone());
        match dir {
            Arrow::Up => pos.checked_sub(1).map(|to| (col, to)),
            Arrow::Down => (pos + 1 < count).then(|| (col, pos + 1)),
            Arrow::Left => ci.checked_sub(1).map(|i| (column_at(i), pos)),
            Arrow::Right => (ci + 1 < n).then(|| (column_at(ci + 1), pos)),
        }
    });
    let Some((column, to)) = target else {
        state.announce("The card can't move further that way.");
        return;
    };
    ctx.keep.set_value(Some(card.clone()));
    request_move(state, ctx, card.clone(), column, to, true);
}

/// Moves a card to `column` at `to` (among the column's other cards). Moving a card that is
/// still blocked into the done column asks first.
fn request_move(state: AppState, ctx: BoardCtx, card: Id, column: Id, to: usize, refocus: bool) {
    let model = ctx.model;
    let question = (model.done.get_untracked().as_ref() == Some(&column))
        .then(|| model.card(&card))
        .flatten()
        .and_then(|c| {
            let (title, from, blocked_by) =
                c.with_untracked(|c| (c.title.clone(), c.column.clone(), c.blocked_by.clone()));
            if from == column {
                return None;
            }
            let blockers: Vec<String> = blocked_by
                .iter()
                .filter_map(|b| model.card(b))
                .filter_map(|b| b.with_untracked(|b| (b.column != column).then(|| b.title.clone())))
                .collect();
            if blockers.is_empty() {
                return None;
            }
            let name = model.columns.with_untracked(|cs| {
                cs.iter()
                    .find(|c| c.id == column)
                    .map(|c| c.name.clone())
                    .unwrap_or_default()
            });
            Some((
                format!("Move “{title}” to {name}?"),
                format!("It is still blocked by: {}.", blockers.join(", ")),
            ))
        });
    let go = move || do_move(state, ctx, &card, &column, to, refocus);
    match question {
        Some((title, message)) => state.ask(title, message, "Move anyway", go),
        None => go(),
    }
}

fn do_move(state: AppState, ctx: BoardCtx, card: &Id, column: &Id, to: usize, refocus: bool) {
    let selector = format!("[data-card-id=\"{card}\"]");
    let other_column = ctx
        .model
        .card(card)
        .is_some_and(|c| c.with_untracked(|c| &c.column != column));
    if refocus && other_column {
        // Its element is about to be replaced by one in the other column (focus goes there
        // on the next frame): let go of focus while that is still cheap.
        blur_within(&selector);
    }
    let moved = state.edit_card(ctx.project, "move card", card, |p, env| {
        p.move_card(env, card, column, to)
    });
    if moved.is_some() {
        let model = ctx.model;
        let msg = model.place(card).and_then(|(col, pos, count)| {
            let title = model.card(card)?.with_untracked(|c| c.title.clone());
            let name = model
                .columns
                .with_untracked(|cs| cs.iter().find(|c| c.id == col).map(|c| c.name.clone()))?;
            Some(format!(
                "Moved “{title}” to {name}, position {} of {count}.",
                pos + 1
            ))
        });
        state.announce(msg.unwrap_or_default());
    }
    if refocus {
        focus_later(format!("{selector} .card-title"));
    }
}

/// Drops a dragged card where the placeholder showed.
pub(super) fn drop_card(state: AppState, ctx: BoardCtx, card: Id, spot: CardSpot) {
    let CardSpot {
        column,
        before,
        last,
    } = spot;
    let place = ctx.model.list(&column).with_untracked(|ids| {
        let others = || ids.iter().filter(|x| *x != &card);
        let to = match (&before, &last) {
            (Some(b), _) => others().position(|x| x == b)?,
            (None, Some(l)) => others().position(|x| x == l)? + 1,
            (None, None) => others().count(),
        };
        let here = ids.iter().position(|x| x == &card);
        Some((to, here == Some(to)))
    });
    let Some((to, same)) = place else {
        return;
    };
    if same {
        state.announce("The card stayed where it was.");
        return;
    }
    request_move(state, ctx, card, column, to, false);
}

/// Moves a column to `to` (among the other columns) and says where it went; `focus`: the
/// selector (within the column) to give focus to afterwards.
pub(super) fn move_column(
    state: AppState,
    ctx: BoardCtx,
    column: &Id,
    to: usize,
    focus: Option<&str>,
) {
    let moved = state.edit_project(ctx.project, "move column", |p, env| {
        p.move_column(env, column, to)
    });
    if moved.is_none() {
        return;
    }
    let model = ctx.model;
    if let Some((i, n)) = model.column_index(column) {
        let name = model.columns.with_untracked(|cs| cs[i].name.clone());
        state.announce(format!("Moved column {name} to position {} of {n}.", i + 1));
    }
    if let Some(f) = focus {
        focus_later(format!("[data-column-id=\"{column}\"] {f}"));
    }
}

/// Drops a dragged column where the placeholder showed.
pub(super) fn drop_column(state: AppState, ctx: BoardCtx, column: &Id, to: usize) {
    if ctx.model.column_index(column).map(|(i, _)| i) == Some(to) {
        state.announce("The column stayed where it was.");
        return;
    }
    move_column(state, ctx, column, to, None);
}
