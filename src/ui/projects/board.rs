//! A project's board: columns and cards, with moves by drag and drop (mouse and touch), by
//! buttons and by keys; a search and filter bar; column settings (WIP limit, collapse, done).

use super::card_list::{CardViews, ColInputs};
use super::dnd::{self, Dnd, DragKind, Target};
use super::filter::{Filter, FilterBar};
use super::page::OpenCard;
use crate::domain::report::Due;
use crate::domain::{Card, Id, Person, Priority, Project};
use crate::ui::browser::{focus_later, today};
use crate::ui::shell::InlineEdit;
use crate::ui::state::{use_state, AppState};
use chrono::NaiveDate;
use leptos::prelude::*;
use std::collections::HashMap;

/// How many cards a column adds per "Show more", or when scrolled near its end. Columns
/// scroll on their own (a few cards tall), so a long column renders only its first cards:
/// see [`first_page`].
const PAGE: usize = 8;

/// How many cards a column renders at first: enough to fill a column as tall as the window
/// (a column is the window's height less about 14 rem, and a card at least about 4.5 rem
/// tall), and more come as the column is scrolled.
fn first_page() -> usize {
    let height = web_sys::window()
        .and_then(|w| w.inner_height().ok())
        .and_then(|h| h.as_f64())
        .unwrap_or(800.0);
    ((height / 90.0).ceil() as usize).clamp(PAGE, 6 * PAGE)
}

/// What the board's columns share: the filter, today's date, and the faces of the cards on
/// screen.
#[derive(Clone, Copy)]
struct BoardCtx {
    filter: RwSignal<Filter>,
    today: NaiveDate,
    /// The face of each rendered card, in its own signal (see [`update_faces`]).
    faces: StoredValue<HashMap<Id, FaceSlot>>,
    /// What every face depends on besides its card, as of the last update.
    inputs: StoredValue<Option<FaceInputs>>,
    /// The card last moved by keys or buttons: it stays rendered wherever it lands, even past
    /// the cards its column renders, so focus stays on it.
    keep: StoredValue<Option<Id>>,
    /// Something is being dragged: only then do cards carry a CSS `order` (for the
    /// placeholder), so a move by keys restyles only the cards it adds or removes.
    dragging: Memo<bool>,
    /// The cards of each column (see [`ColumnCards`]).
    columns: Memo<ColumnCards>,
}

/// The face signals of a card on screen, and the card as their face was last worked out.
#[derive(Default)]
struct FaceSlot {
    sigs: Vec<RwSignal<CardFace>>,
    seen: Option<Card>,
}

/// What a card's face depends on besides the card (and its blockers).
#[derive(PartialEq)]
struct FaceInputs {
    labels: Vec<crate::domain::Label>,
    people: Vec<Person>,
    done: Option<Id>,
}

/// The board tab: filter bar, columns and cards.
#[component]
pub fn BoardView(project: RwSignal<Project>) -> impl IntoView {
    let state = use_state();
    let dnd = Dnd::new();
    provide_context(dnd);
    let filter = RwSignal::new(Filter::default());
    let ctx = BoardCtx {
        filter,
        today: today(),
        faces: StoredValue::new(HashMap::new()),
        inputs: StoredValue::new(None),
        keep: StoredValue::new(None),
        dragging: Memo::new(move |_| dnd.drag.with(Option::is_some)),
        // Always "changed": each column compares its own list.
        columns: Memo::new_owning(move |old: Option<ColumnCards>| {
            (project.with(|p| old.unwrap_or_default().refill(p)), true)
        }),
    };
    provide_context(ctx);
    // One view per card on screen, whichever column shows it (see `card_list`).
    provide_context(CardViews::new(move |card: &Id, inputs| {
        view! { <CardView project=project card=card.clone() inputs=inputs/> }.into_any()
    }));
    // One pass over the project per change updates the faces of the rendered cards: only
    // the cards whose face changed re-render (instead of a memo per card on the project).
    Effect::new(move |_| {
        project.with(|p| state.people.with(|people| update_faces(ctx, p, people)));
    });
    let hidden = Memo::new(move |_| {
        filter.with(|f| {
            if !f.is_active() {
                return 0;
            }
            project.with(|p| {
                p.columns
                    .iter()
                    .flat_map(|col| p.cards_in(&col.id))
                    .filter(|c| !f.matches(p, c, ctx.today))
                    .count()
            })
        })
    });
    // Escape cancels a drag.
    let listener = window_event_listener(leptos::ev::keydown, move |ev| {
        if dnd.drag.with_untracked(Option::is_some) && ev.key() == "Escape" {
            ev.prevent_default();
            dnd.cancel();
            state.announce("Move cancelled.");
        }
    });
    on_cleanup(move || listener.remove());
    let column_ids =
        move || project.with(|p| p.columns.iter().map(|c| c.id.clone()).collect::<Vec<_>>());
    // The placeholder sits between the columns by CSS `order`: moving DOM nodes during a drag
    // would make the browser drop the pointer capture.
    let placeholder_order = move || {
        dnd.target.with(|t| match t {
            Some(Target::Column { before }) => project.with(|p| {
                before
                    .as_ref()
                    .and_then(|b| p.column_index(b))
                    .map(|i| 2 * i)
                    .unwrap_or(2 * p.columns.len() + 2)
            }),
            _ => 0,
        }) as i64
            - 1
    };
    let placeholder_size = move |pick: fn((f64, f64)) -> f64| {
        move || {
            dnd.drag
                .with(|d| d.as_ref().map(|d| format!("{}px", pick(d.size))))
        }
    };
    let column_placeholder = move || {
        dnd.target
            .with(|t| matches!(t, Some(Target::Column { .. })))
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
        <FilterBar project=project filter=filter hidden=hidden/>
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
        <div class="board" class:board-dragging=move || dnd.drag.with(Option::is_some)>
            <For each=column_ids key=|id| id.clone() let:column>
                <ColumnView project=project column=column/>
            </For>
            <Show when=column_placeholder>
                <div
                    class="column-placeholder"
                    aria-hidden="true"
                    style:order=move || placeholder_order().to_string()
                    style:width=placeholder_size(|s| s.0)
                    style:height=placeholder_size(|s| s.1)
                ></div>
            </Show>
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

/// Moves a card one step (keys and buttons) and gives focus back to it.
fn move_card(state: AppState, project: RwSignal<Project>, ctx: BoardCtx, card: &Id, dir: Dir) {
    let Some((target_col, to)) = project.with_untracked(|p| {
        let (i, pos, count) = ctx.place_at(p, card, ctx.shown_at(p, card))?;
        let col = p.cards[i].column.clone();
        let ci = p.column_index(&col)?;
        match dir {
            Dir::Up => pos.checked_sub(1).map(|to| (col, to)),
            Dir::Down => (pos + 1 < count).then(|| (col, pos + 1)),
            Dir::Left => ci.checked_sub(1).map(|i| (p.columns[i].id.clone(), pos)),
            Dir::Right => p.columns.get(ci + 1).map(|c| (c.id.clone(), pos)),
        }
    }) else {
        state.announce("The card can't move further that way.");
        return;
    };
    request_move(state, project, ctx, card.clone(), target_col, to, true);
}

/// Moves a card to `column` at `to` (among the column's other cards). Moving a card that is
/// still blocked into the done column asks first.
fn request_move(
    state: AppState,
    project: RwSignal<Project>,
    ctx: BoardCtx,
    card: Id,
    column: Id,
    to: usize,
    refocus: bool,
) {
    let question = project.with_untracked(|p| {
        let c = p.card(&card)?;
        if p.done_column_id() != Some(&column) || c.column == column {
            return None;
        }
        let blockers: Vec<String> = p
            .open_blockers(&card)
            .iter()
            .map(|b| b.title.clone())
            .collect();
        if blockers.is_empty() {
            return None;
        }
        Some((
            format!("Move “{}” to {}?", c.title, p.column(&column)?.name),
            format!("It is still blocked by: {}.", blockers.join(", ")),
        ))
    });
    let go = move || do_move(state, project, ctx, &card, &column, to, refocus);
    match question {
        Some((title, message)) => state.ask(title, message, "Move anyway", go),
        None => go(),
    }
}

fn do_move(
    state: AppState,
    project: RwSignal<Project>,
    ctx: BoardCtx,
    card: &Id,
    column: &Id,
    to: usize,
    refocus: bool,
) {
    let Some(at) = state.edit_project_cards(
        project,
        "move card",
        std::slice::from_ref(card),
        |p, env| p.move_card_to(env, card, column, to),
    ) else {
        if refocus {
            focus_later(format!("[data-card-id=\"{card}\"] .card-title"));
        }
        return;
    };
    let msg = project.with_untracked(|p| {
        let (i, pos, count) = ctx.place_at(p, card, Some(at))?;
        let moved = &p.cards[i];
        let c = p.column(&moved.column)?;
        Some(format!(
            "Moved “{}” to {}, position {} of {count}.",
            moved.title,
            c.name,
            pos + 1,
        ))
    });
    state.announce(msg.unwrap_or_default());
    if refocus {
        focus_later(format!("[data-card-id=\"{card}\"] .card-title"));
    }
}

/// Drops a dragged card where the placeholder showed.
fn drop_card(
    state: AppState,
    project: RwSignal<Project>,
    ctx: BoardCtx,
    card: &Id,
    target: Target,
) {
    let Target::Card {
        column,
        before,
        last,
    } = target
    else {
        return;
    };
    let Some((to, same)) = project.with_untracked(|p| {
        let others: Vec<&Id> = p
            .cards_in(&column)
            .filter(|c| &c.id != card)
            .map(|c| &c.id)
            .collect();
        let to = match (&before, &last) {
            (Some(b), _) => others.iter().position(|x| *x == b)?,
            (None, Some(l)) => others.iter().position(|x| *x == l)? + 1,
            (None, None) => others.len(),
        };
        let (col, pos) = p.card_position(card)?;
        Some((to, col == column && pos == to))
    }) else {
        return;
    };
    if same {
        state.announce("The card stayed where it was.");
        return;
    }
    request_move(state, project, ctx, card.clone(), column, to, false);
}

/// Drops a dragged column where the placeholder showed.
fn drop_column(state: AppState, project: RwSignal<Project>, column: &Id, target: Target) {
    let Target::Column { before } = target else {
        return;
    };
    let (to, from) = project.with_untracked(|p| {
        let others: Vec<&Id> = p
            .columns
            .iter()
            .filter(|c| &c.id != column)
            .map(|c| &c.id)
            .collect();
        let to = before
            .as_ref()
            .and_then(|b| others.iter().position(|x| *x == b))
            .unwrap_or(others.len());
        (to, p.column_index(column))
    });
    if from == Some(to) {
        state.announce("The column stayed where it was.");
        return;
    }
    if state
        .edit_project(project, "move column", |p, env| {
            p.move_column(env, column, to)
        })
        .is_some()
    {
        let msg = project.with_untracked(|p| {
            Some(format!(
                "Moved column {} to position {} of {}.",
                p.column(column)?.name,
                p.column_index(column)? + 1,
                p.columns.len()
            ))
        });
        state.announce(msg.unwrap_or_default());
    }
}

/// A fixed CSS value of the element being dragged (none otherwise). Styles are set one
/// property at a time through CSSOM: a `style` attribute would need `'unsafe-inline'` in the CSP.
fn fixed_while(dragging: Memo<bool>, value: &'static str) -> impl Fn() -> Option<&'static str> {
    move || dragging.get().then_some(value)
}

/// A card's CSS `order` while something is dragged and, while it is the one dragged, the fixed
/// box under the pointer: one effect per card setting the few properties (through the
/// CSSOM, which the CSP allows), none of it while nothing is dragged.
fn card_styles(
    li: NodeRef<leptos::html::Li>,
    dnd: Dnd,
    dragging: Memo<bool>,
    order: Memo<Option<usize>>,
) {
    Effect::new(move |was: Option<bool>| {
        let order = order.get();
        let float = dragging.get().then(|| dnd.float_box());
        let any = order.is_some() || float.is_some();
        let was = was.unwrap_or(false);
        if !any && !was {
            return false;
        }
        let Some(el) = li.get() else {
            return was;
        };
        let style = web_sys::HtmlElement::style(&el);
        let set = |name: &str, value: Option<String>| {
            let _ = match value {
                Some(v) => style.set_property(name, &v),
                None => style.remove_property(name).map(drop),
            };
        };
        set("order", order.map(|i| (2 * i).to_string()));
        let fixed = float.is_some();
        set("position", fixed.then(|| "fixed".into()));
        set("z-index", fixed.then(|| "1000".into()));
        set("pointer-events", fixed.then(|| "none".into()));
        let b = float.flatten();
        set("left", b.map(|b| format!("{}px", b.0)));
        set("top", b.map(|b| format!("{}px", b.1)));
        set("width", b.map(|b| format!("{}px", b.2)));
        any
    });
}

/// A coordinate of the element being dragged, which floats under the pointer (see
/// [`Dnd::float_box`]): `pick` chooses left, top or width.
fn float_px(
    dnd: Dnd,
    dragging: Memo<bool>,
    pick: fn((f64, f64, f64)) -> f64,
) -> impl Fn() -> Option<String> {
    move || {
        dragging
            .get()
            .then(|| dnd.float_box())
            .flatten()
            .map(|b| format!("{}px", pick(b)))
    }
}

/// What a column's parts share.
#[derive(Clone, Copy)]
struct ColInfo {
    name: Signal<String>,
    count: Memo<usize>,
    limit: Memo<Option<u32>>,
    is_done: Signal<bool>,
    collapsed: Memo<bool>,
    /// (index from the left, number of columns)
    position: Signal<(usize, usize)>,
}

/// A value worked out from the project that notifies its readers only when it changes:
/// `f` gets the project and the current value and returns the new value, or `None` when
/// it is unchanged. A memo of the project would have every view downstream of it checked on
/// each edit (hundreds of card views on a large board); this effect is the one subscriber.
fn slice<T: Default + Send + Sync + 'static>(
    project: RwSignal<Project>,
    f: impl Fn(&Project, &T) -> Option<T> + Send + Sync + 'static,
) -> Signal<T> {
    let first = project.with_untracked(|p| f(p, &T::default()));
    let sig = RwSignal::new(first.unwrap_or_default());
    Effect::new(move |_| {
        if let Some(v) = project.with(|p| sig.with_untracked(|old| f(p, old))) {
            sig.set(v);
        }
    });
    sig.into()
}

/// A column's card ids, in order (shared: a column's list and what it shows are often the
/// same list).
pub(super) type Ids = std::sync::Arc<Vec<Id>>;

/// The cards of each column, as indices into the project's cards, in order: worked out in
/// one walk over the cards per change of the project, so that each column then looks only
/// at its own cards (one walk per column made a move on a 5,000-card board walk them all
/// once per column).
#[derive(Default)]
pub(super) struct ColumnCards(Vec<(Id, Vec<u32>)>);

impl ColumnCards {
    /// The same lists, worked out again for `p` (reusing their memory).
    fn refill(mut self, p: &Project) -> ColumnCards {
        let mut old = std::mem::take(&mut self.0);
        for col in &p.columns {
            let mut list = old
                .iter()
                .position(|(id, _)| id == &col.id)
                .map(|i| old.swap_remove(i).1)
                .unwrap_or_default();
            list.clear();
            self.0.push((col.id.clone(), list));
        }
        let mut last = 0;
        for (i, c) in p.cards.iter().enumerate() {
            if c.archived {
                continue;
            }
            if self.0.get(last).is_none_or(|(id, _)| id != &c.column) {
                match self.0.iter().position(|(id, _)| id == &c.column) {
                    Some(j) => last = j,
                    None => continue,
                }
            }
            self.0[last].1.push(i as u32);
        }
        self
    }

    /// The indices of a column's cards.
    fn of(&self, column: &Id) -> &[u32] {
        self.0
            .iter()
            .find(|(id, _)| id == column)
            .map_or(&[], |(_, v)| v.as_slice())
    }
}

impl BoardCtx {
    /// Where a card on screen is in the project's cards, by the rank its face was last worked
    /// out with (cards are kept in rank order): no walk over every card.
    fn shown_at(&self, p: &Project, card: &Id) -> Option<usize> {
        self.faces.with_value(|m| {
            let seen = m.get(card)?.seen.as_ref()?;
            Some(
                p.cards
                    .partition_point(|c| (&c.rank, &c.id) < (&seen.rank, card)),
            )
        })
    }

    /// Where a card is: its index in the project's cards, its position in its column and
    /// how many cards that column has (from the column lists, not a walk over every card).
    /// `hint`: where the card probably is in the project's cards (looked for otherwise).
    fn place_at(
        &self,
        p: &Project,
        card: &Id,
        hint: Option<usize>,
    ) -> Option<(usize, usize, usize)> {
        let i = match hint.filter(|&i| p.cards.get(i).is_some_and(|c| &c.id == card)) {
            Some(i) => i,
            None => p.cards.iter().position(|c| &c.id == card)?,
        };
        self.columns.with_untracked(|cc| {
            let list = cc.of(&p.cards[i].column);
            let pos = list.partition_point(|&x| (x as usize) < i);
            (list.get(pos) == Some(&(i as u32))).then_some((i, pos, list.len()))
        })
    }
}

/// The ids of a column's cards, as a signal that changes only when they do.
fn column_ids(project: RwSignal<Project>, column: Id) -> Signal<Ids> {
    let ctx = expect_context::<BoardCtx>();
    let ids_of = move |cc: &ColumnCards, p: &Project, old: Option<&Ids>| -> Option<Ids> {
        let idx = cc.of(&column);
        let same = old.is_some_and(|old| {
            old.len() == idx.len()
                && idx
                    .iter()
                    .zip(old.iter())
                    .all(|(&i, o)| &p.cards[i as usize].id == o)
        });
        (!same).then(|| {
            Ids::new(
                idx.iter()
                    .map(|&i| p.cards[i as usize].id.clone())
                    .collect(),
            )
        })
    };
    let first = ctx
        .columns
        .with_untracked(|cc| project.with_untracked(|p| ids_of(cc, p, None)));
    let sig = RwSignal::new(first.unwrap_or_default());
    Effect::new(move |_| {
        let new = ctx.columns.with(|cc| {
            project.with_untracked(|p| sig.with_untracked(|old| ids_of(cc, p, Some(old))))
        });
        if let Some(v) = new {
            sig.set(v);
        }
    });
    sig.into()
}

impl ColInfo {
    fn over(&self) -> bool {
        self.limit
            .get()
            .is_some_and(|l| self.count.get() > l as usize)
    }
    fn count_text(&self) -> String {
        match self.limit.get() {
            Some(l) => format!("{}/{l}", self.count.get()),
            None => self.count.get().to_string(),
        }
    }
    fn count_label(&self) -> String {
        let n = self.count.get();
        let cards = if n == 1 {
            "1 card".to_string()
        } else {
            format!("{n} cards")
        };
        match self.limit.get() {
            Some(l) if n > l as usize => format!("{cards}, limit {l}, over the limit"),
            Some(l) => format!("{cards}, limit {l}"),
            None => cards,
        }
    }
}

#[component]
fn ColumnView(project: RwSignal<Project>, column: Id) -> impl IntoView {
    let dnd = expect_context::<Dnd>();
    let col = {
        let column = column.clone();
        slice(project, move |p, old: &Option<crate::domain::Column>| {
            let c = p.column(&column);
            (c != old.as_ref()).then(|| c.cloned())
        })
    };
    let name = Signal::derive(move || {
        col.with(|c| c.as_ref().map(|c| c.name.clone()).unwrap_or_default())
    });
    let all_ids = column_ids(project, column.clone());
    let info = ColInfo {
        name,
        count: Memo::new(move |_| all_ids.with(|v| v.len())),
        limit: Memo::new(move |_| col.with(|c| c.as_ref().and_then(|c| c.wip_limit))),
        is_done: {
            let column = column.clone();
            slice(project, move |p, old: &bool| {
                let v = p.done_column_id() == Some(&column);
                (v != *old).then_some(v)
            })
        },
        collapsed: Memo::new(move |_| col.with(|c| c.as_ref().is_some_and(|c| c.collapsed))),
        position: {
            let column = column.clone();
            slice(project, move |p, old: &(usize, usize)| {
                let v = (p.column_index(&column).unwrap_or(0), p.columns.len());
                (v != *old).then_some(v)
            })
        },
    };
    let heading_id = format!("col-{column}");
    let dragging = {
        let column = column.clone();
        Memo::new(move |_| dnd.dragging_column(&column))
    };
    let drop_here = {
        let column = column.clone();
        move || {
            dnd.target
                .with(|t| matches!(t, Some(Target::Card { column: c, .. }) if c == &column))
        }
    };
    let body = {
        let column = column.clone();
        let heading_id = heading_id.clone();
        move || {
            if info.collapsed.get() {
                view! {
                    <ColumnStrip project=project column=column.clone() info=info heading_id=heading_id.clone()/>
                }
                .into_any()
            } else {
                view! {
                    <ColumnFull
                        project=project
                        column=column.clone()
                        info=info
                        heading_id=heading_id.clone()
                        all_ids=all_ids
                    />
                }
                .into_any()
            }
        }
    };
    view! {
        <section
            class="column"
            class:collapsed=move || info.collapsed.get()
            class:over-limit=move || info.over()
            class:done-column=move || info.is_done.get()
            class:dragging=dragging
            class:drop-target=drop_here
            aria-labelledby=heading_id
            data-column-id=column.to_string()
            style:order=move || (2 * info.position.get().0).to_string()
            style:position=fixed_while(dragging, "fixed")
            style:z-index=fixed_while(dragging, "1000")
            style:pointer-events=fixed_while(dragging, "none")
            style:left=float_px(dnd, dragging, |b| b.0)
            style:top=float_px(dnd, dragging, |b| b.1)
            style:width=float_px(dnd, dragging, |b| b.2)
        >
            {body}
        </section>
    }
}

/// The grip that drags a column (pointer only; the ◀ ▶ buttons are its keyboard twin).
#[component]
fn ColumnHandle(project: RwSignal<Project>, column: Id) -> impl IntoView {
    let state = use_state();
    let dnd = expect_context::<Dnd>();
    let kind = DragKind::Column(column.clone());
    let on_down = {
        let kind = kind.clone();
        move |ev: leptos::ev::PointerEvent| {
            if !ev.is_primary() || ev.button() != 0 || dnd.drag.with_untracked(Option::is_some) {
                return;
            }
            ev.prevent_default();
            // The grip is small: keep the pointer's events even when it leaves it at once.
            if let Some(el) = dnd::target_element(&ev) {
                let _ = el.set_pointer_capture(ev.pointer_id());
            }
            dnd.press(kind.clone(), &ev);
        }
    };
    let on_move = {
        let column = column.clone();
        let kind = kind.clone();
        move |ev: leptos::ev::PointerEvent| {
            let (x, y) = (ev.client_x() as f64, ev.client_y() as f64);
            if dnd
                .drag
                .with_untracked(|d| d.as_ref().is_some_and(|d| d.kind == kind))
            {
                dnd.pos.set((x, y));
                dnd::auto_scroll(x, y);
                dnd.aim(Some(dnd::column_target(&column, x)));
                return;
            }
            if dnd.should_start(&kind, &ev) {
                let section =
                    dnd::target_element(&ev).and_then(|el| el.closest(".column").ok().flatten());
                let handle = dnd::target_element(&ev);
                if let (Some(section), Some(handle)) = (section, handle) {
                    dnd::start(dnd, kind.clone(), &section, &handle, &ev);
                    dnd.aim(Some(dnd::column_target(&column, x)));
                }
            }
        }
    };
    let on_up = {
        let column = column.clone();
        let kind = kind.clone();
        move |_: leptos::ev::PointerEvent| {
            dnd.clear_press();
            if dnd
                .drag
                .with_untracked(|d| d.as_ref().is_some_and(|d| d.kind == kind))
            {
                let t = dnd.target.get_untracked();
                dnd.cancel();
                if let Some(t) = t {
                    drop_column(state, project, &column, t);
                }
            }
        }
    };
    let on_cancel = move |_: leptos::ev::PointerEvent| {
        dnd.clear_press();
        if dnd
            .drag
            .with_untracked(|d| d.as_ref().is_some_and(|d| d.kind == kind))
        {
            dnd.cancel();
        }
    };
    view! {
        <span
            class="drag-handle column-handle"
            aria-hidden="true"
            title="Drag to move the column"
            on:pointerdown=on_down
            on:pointermove=on_move
            on:pointerup=on_up
            on:pointercancel=on_cancel
        >
            "⠿"
        </span>
    }
}

/// The count, with the WIP limit when there is one.
#[component]
fn ColumnCount(info: ColInfo) -> impl IntoView {
    view! {
        <span class="count" class:over=move || info.over() aria-label=move || info.count_label()>
            {move || info.count_text()}
        </span>
    }
}

/// A folded column: a narrow strip with its name and count.
#[component]
fn ColumnStrip(
    project: RwSignal<Project>,
    column: Id,
    info: ColInfo,
    heading_id: String,
) -> impl IntoView {
    let state = use_state();
    let expand = {
        let column = column.clone();
        move |_| {
            state.edit_project(project, "expand column", |p, env| {
                p.set_collapsed(env, &column, false)
            });
            focus_later(format!("[data-column-id=\"{column}\"] .collapse-toggle"));
        }
    };
    view! {
        <div class="strip">
            <ColumnHandle project=project column=column.clone()/>
            <button
                class="icon-button collapse-toggle"
                aria-expanded="false"
                aria-label=move || format!("Expand column {}", info.name.get())
                title="Expand column"
                on:click=expand
            >
                "▸"
            </button>
            <ColumnCount info=info/>
            <Show when=move || info.is_done.get()>
                <span class="done-marker" title="The done column">"✓"</span>
            </Show>
            <h2 id=heading_id class="strip-name">{move || info.name.get()}</h2>
            <Show when=move || info.over()>
                <span class="wip-warning" title="Over WIP limit">"!"</span>
            </Show>
        </div>
    }
}

/// An unfolded column: header, tools, settings, cards and the add-card form.
#[component]
fn ColumnFull(
    project: RwSignal<Project>,
    column: Id,
    info: ColInfo,
    heading_id: String,
    all_ids: Signal<Ids>,
) -> impl IntoView {
    let state = use_state();
    let dnd = expect_context::<Dnd>();
    let ctx = expect_context::<BoardCtx>();
    let name = info.name;
    let count = info.count;
    let position = info.position;
    let visible = {
        let column = column.clone();
        Memo::new(move |_| {
            ctx.filter.with(|f| {
                if !f.is_active() {
                    return all_ids.get();
                }
                project.with(|p| {
                    Ids::new(
                        p.cards_in(&column)
                            .filter(|c| f.matches(p, c, ctx.today))
                            .map(|c| c.id.clone())
                            .collect(),
                    )
                })
            })
        })
    };
    let shown = RwSignal::new(first_page());
    // Cards the window is short of, after cards left the column (see below), and the size
    // it was asked for last time.
    let short = StoredValue::new(0usize);
    let asked = StoredValue::new(0usize);
    // The cards rendered: the first `shown` that pass the filter, and down to the card just
    // moved by keys if it landed further down.
    // A card that arrives doesn't push the last rendered one out either (it would be taken
    // down, and built again when the card leaves).
    // A card that leaves isn't replaced at once: `first_page` renders two cards more than a
    // column shows without scrolling, so the window is topped up (several cards at once)
    // only once it is more than two short, or grows. A move out of a column then builds no
    // card in it, two times in three.
    let rendered = Memo::new(move |prev: Option<&Vec<Id>>| {
        let n = shown.get();
        let grew = asked.get_value() != n;
        asked.set_value(n);
        visible.with(|v| {
            let mut want = n;
            match prev.filter(|_| !grew) {
                Some(prev) => {
                    let near = &v[..v.len().min(n + PAGE)];
                    let left = prev.iter().filter(|x| !near.contains(x)).count();
                    let s = short.get_value() + left;
                    if s <= 2 {
                        want = n - s.min(n);
                    }
                }
                None => short.set_value(0),
            }
            let keep = ctx.keep.with_value(|k| {
                k.as_ref()
                    .and_then(|k| v.iter().skip(want).position(|x| x == k))
            });
            let mut m = keep.map_or(want, |i| want + i + 1);
            if let Some(prev) = prev {
                // A card arriving moves the ones below it down a place: those that were
                // rendered stay so (a few places down at most, one per card that arrived).
                if let Some(i) = v
                    .iter()
                    .enumerate()
                    .skip(m)
                    .take(4)
                    .filter(|(_, x)| prev.contains(x))
                    .map(|(i, _)| i)
                    .next_back()
                {
                    m = i + 1;
                }
            }
            short.set_value(n.saturating_sub(m));
            v.iter().take(m).cloned().collect::<Vec<_>>()
        })
    });
    let not_shown = move || {
        visible
            .with(|v| v.len())
            .saturating_sub(rendered.with(Vec::len))
    };
    // Scrolled to within a few cards of the end of what is rendered: render more.
    let on_scroll = move |ev: leptos::ev::Event| {
        let el: web_sys::Element = event_target(&ev);
        let left = el.scroll_height() - el.scroll_top() - el.client_height();
        if left < 600 && untrack(not_shown) > 0 {
            shown.set(rendered.with_untracked(Vec::len) + PAGE);
        }
    };
    // The placeholder's place among the rendered cards, when a card would land here.
    let placeholder_at = {
        let column = column.clone();
        Memo::new(move |_| {
            dnd.target.with(|t| match t {
                Some(Target::Card {
                    column: c, before, ..
                }) if c == &column => Some(rendered.with(|r| {
                    before
                        .as_ref()
                        .and_then(|b| r.iter().position(|x| x == b))
                        .unwrap_or(r.len())
                })),
                _ => None,
            })
        })
    };
    let placeholder_order = move || (2 * placeholder_at.get().unwrap_or(0) as i64 - 1).to_string();
    let placeholder_height = move || {
        dnd.drag
            .with(|d| d.as_ref().map(|d| format!("{}px", d.size.1)))
    };
    // The cards rendered, placed in the list by the board's card views: a card moved here
    // from another column keeps its element (see `card_list`).
    let list = NodeRef::<leptos::html::Ul>::new();
    {
        let views = expect_context::<CardViews>();
        let inputs = ColInputs {
            siblings: all_ids,
            rendered,
            position,
        };
        let shown_in = column.clone();
        Effect::new(move |_| {
            let ids = rendered.get();
            if let Some(ul) = list.get() {
                views.show(&shown_in, &ul, inputs, &ids);
            }
        });
        let column = column.clone();
        on_cleanup(move || views.release(&column));
    }
    let input_id = format!("new-card-{column}");
    let wip_id = format!("wip-{column}");
    let settings_id = format!("settings-{column}");
    let settings_open = RwSignal::new(false);
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
                // Keep the new card in view in a long column.
                let n = project.with_untracked(|p| p.cards_in(&column).count());
                shown.update(|s| *s = (*s).max(n));
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
                let (i, n) = project
                    .with_untracked(|p| (p.column_index(&column).unwrap_or(0), p.columns.len()));
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
    let collapse = {
        let column = column.clone();
        move |_| {
            state.edit_project(project, "collapse column", |p, env| {
                p.set_collapsed(env, &column, true)
            });
            focus_later(format!("[data-column-id=\"{column}\"] .collapse-toggle"));
        }
    };
    let set_limit = {
        let column = column.clone();
        move |ev: leptos::ev::Event| {
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
                state.edit_project(project, "set WIP limit", |p, env| {
                    p.set_wip_limit(env, &column, limit)
                });
            }
        }
    };
    let mark_done = {
        let column = column.clone();
        move |_| {
            if state
                .edit_project(project, "set done column", |p, env| {
                    p.set_done_column(env, &column)
                })
                .is_some()
            {
                state.announce(format!("{} is now the done column.", name.get_untracked()));
            }
        }
    };
    view! {
        <header class="column-head">
            <ColumnHandle project=project column=column.clone()/>
            <h2 id=heading_id class="column-title">
                <InlineEdit
                    value=name
                    field_label="Column name"
                    edit_label=Signal::derive(move || format!("Rename column {}", name.get()))
                    on_save=rename
                />
            </h2>
            <Show when=move || info.is_done.get()>
                <span class="done-marker" title="Cards here count as done">"✓ Done"</span>
            </Show>
            <ColumnCount info=info/>
        </header>
        <Show when=move || info.over()>
            <p class="wip-warning">
                <span aria-hidden="true">"⚠ "</span>
                "Over WIP limit"
            </p>
        </Show>
        <div class="column-tools">
            <button
                class="icon-button collapse-toggle"
                aria-expanded="true"
                aria-label=move || format!("Collapse column {}", name.get())
                title="Collapse column"
                on:click=collapse
            >
                "▾"
            </button>
            <button
                class="icon-button settings-toggle"
                aria-expanded=move || settings_open.get().to_string()
                aria-controls=settings_id.clone()
                aria-label=move || format!("Settings for column {}", name.get())
                title="Column settings"
                on:click=move |_| settings_open.update(|o| *o = !*o)
            >
                "⚙"
            </button>
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
                disabled=move || {
                    let (i, n) = position.get();
                    i + 1 >= n
                }
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
        <div class="column-settings" id=settings_id hidden=move || !settings_open.get()>
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
                <button type="button" class="small" on:click=mark_done.clone()>
                    {move || format!("Mark {} as the done column", name.get())}
                </button>
            </Show>
        </div>
        <ul
            class="cards"
            aria-label=move || format!("Cards in {}", name.get())
            on:scroll=on_scroll
            node_ref=list
        >
            // The cards are placed by the board's `CardViews` (the effect above). The
            // placeholder is placed by CSS `order` (see the board's column placeholder).
            <Show when=move || placeholder_at.get().is_some()>
                <li
                    class="card-placeholder"
                    aria-hidden="true"
                    style:order=placeholder_order
                    style:height=placeholder_height
                ></li>
            </Show>
        </ul>
        <Show when=move || { not_shown() > 0 }>
            <button
                type="button"
                class="small show-more"
                on:click=move |_| shown.set(rendered.with_untracked(Vec::len) + PAGE)
            >
                {move || format!("Show {} more", not_shown().min(PAGE))}
                <span class="sr-only">{move || format!(" cards in {} ({} not shown)", name.get(), not_shown())}</span>
            </button>
        </Show>
        <form class="add-card" on:submit=add_card>
            <label class="sr-only" for=input_id.clone()>
                {move || format!("New card in {}", name.get())}
            </label>
            <input id=input_id placeholder="Add a card…" bind:value=new_card/>
            <button type="submit" aria-label=move || format!("Add card to {}", name.get())>
                "Add"
            </button>
        </form>
    }
}

/// What a card shows on the board's face.
fn card_face<'a>(
    p: &'a Project,
    c: &'a Card,
    people: &[Person],
    today: NaiveDate,
    card_of: &dyn Fn(&Id) -> Option<&'a Card>,
) -> CardFace {
    CardFace {
        title: c.title.clone(),
        desc: c
            .description
            .lines()
            .next()
            .map(str::to_string)
            .unwrap_or_default(),
        labels: c
            .labels
            .iter()
            .filter_map(|l| p.label(l))
            .map(|l| (l.name.clone(), l.color.clone()))
            .collect(),
        people: c
            .assignees
            .iter()
            .filter_map(|a| people.iter().find(|person| &person.id == a))
            .map(|person| (person.initials(), person.name.clone()))
            .collect(),
        due: c.due.map(|d| (d, p.due_state(c, today))),
        priority: c.priority,
        subtasks: (
            c.subtasks.iter().filter(|s| s.done).count(),
            c.subtasks.len(),
        ),
        milestone: c.milestone,
        // The open blockers (as `Project::open_blockers`, through the lookup).
        blockers: c
            .blocked_by
            .iter()
            .filter_map(card_of)
            .filter(|b| !p.is_done(b))
            .map(|b| b.title.clone())
            .collect(),
    }
}

/// Works out again the face of each rendered card that may have changed (its card, a
/// blocker, the labels, the people or the done column changed) and sets the signals of
/// those whose face did.
fn update_faces(ctx: BoardCtx, p: &Project, people: &[Person]) {
    let same_inputs = ctx.inputs.with_value(|i| {
        i.as_ref().is_some_and(|i| {
            i.labels == p.labels && i.people == people && i.done.as_ref() == p.done_column_id()
        })
    });
    if !same_inputs {
        ctx.inputs.set_value(Some(FaceInputs {
            labels: p.labels.clone(),
            people: people.to_vec(),
            done: p.done_column_id().cloned(),
        }));
    }
    let mut changed: Vec<(RwSignal<CardFace>, CardFace)> = Vec::new();
    ctx.faces.update_value(|m| {
        if m.is_empty() {
            return;
        }
        // The cards on screen and the cards that blocked them last time, found in one
        // walk over the cards (no index of every card). A blocker added since is looked up
        // on its own.
        let mut wanted: HashMap<Id, Option<&Card>> = HashMap::with_capacity(2 * m.len());
        for (id, slot) in m.iter() {
            wanted.insert(id.clone(), None);
            for b in slot.seen.iter().flat_map(|c| &c.blocked_by) {
                wanted.insert(b.clone(), None);
            }
        }
        let sieve = IdSieve::of(wanted.keys());
        let mut left = wanted.len();
        for c in &p.cards {
            if !sieve.may_hold(&c.id) {
                continue;
            }
            if let Some(slot) = wanted.get_mut(&c.id) {
                if slot.is_none() {
                    *slot = Some(c);
                    left -= 1;
                    if left == 0 {
                        break;
                    }
                }
            }
        }
        let found = &wanted;
        let card_of = |id: &Id| match found.get(id) {
            Some(c) => *c,
            None => p.card(id),
        };
        for (id, slot) in m.iter_mut() {
            let card = found.get(id).copied().flatten();
            let unchanged = same_inputs
                && card.is_some_and(|c| c.blocked_by.is_empty() && slot.seen.as_ref() == Some(c));
            if unchanged {
                continue;
            }
            slot.seen = card.cloned();
            let face = card
                .map(|c| card_face(p, c, people, ctx.today, &card_of))
                .unwrap_or_default();
            for sig in &slot.sigs {
                if sig.with_untracked(|old| old != &face) {
                    changed.push((*sig, face.clone()));
                }
            }
        }
    });
    for (sig, face) in changed {
        sig.set(face);
    }
}

/// A quick first test of "is this id one of a few": most ids of a big project are not, and
/// are turned away by their first two characters without hashing them.
struct IdSieve([u64; 16]);

impl IdSieve {
    fn slot(id: &Id) -> usize {
        let b = id.0.as_bytes();
        let (x, y) = (
            b.first().copied().unwrap_or(0),
            b.get(1).copied().unwrap_or(0),
        );
        ((x as usize) << 5 ^ y as usize) & 1023
    }
    fn of<'a>(ids: impl Iterator<Item = &'a Id>) -> IdSieve {
        let mut bits = [0u64; 16];
        for id in ids {
            let i = IdSieve::slot(id);
            bits[i / 64] |= 1 << (i % 64);
        }
        IdSieve(bits)
    }
    fn may_hold(&self, id: &Id) -> bool {
        let i = IdSieve::slot(id);
        self.0[i / 64] & (1 << (i % 64)) != 0
    }
}

/// What a card shows on the board, worked out once per change of the card.
#[derive(Clone, Debug, PartialEq, Default)]
struct CardFace {
    title: String,
    desc: String,
    /// (name, colour)
    labels: Vec<(String, String)>,
    /// (initials, name)
    people: Vec<(String, String)>,
    due: Option<(NaiveDate, Due)>,
    priority: Priority,
    subtasks: (usize, usize),
    milestone: bool,
    blockers: Vec<String>,
}

#[component]
fn CardView(
    project: RwSignal<Project>,
    card: Id,
    /// What the card reads from the column that shows it (set again when it moves).
    inputs: RwSignal<ColInputs>,
) -> impl IntoView {
    let state = use_state();
    let dnd = expect_context::<Dnd>();
    let ctx = expect_context::<BoardCtx>();
    let open = expect_context::<OpenCard>().0;
    // The card's face: worked out here once, then kept up to date by the board (see
    // [`update_faces`]).
    let face = {
        let initial = project.with_untracked(|p| {
            state.people.with_untracked(|people| {
                p.card(&card)
                    .map(|c| card_face(p, c, people, ctx.today, &|id| p.card(id)))
                    .unwrap_or_default()
            })
        });
        let face = RwSignal::new(initial);
        let id = card.clone();
        ctx.faces.update_value(|m| {
            let slot = m.entry(id.clone()).or_default();
            slot.sigs.push(face);
            slot.seen = None;
        });
        on_cleanup(move || {
            let _ = ctx.faces.try_update_value(|m| {
                if let Some(slot) = m.get_mut(&id) {
                    slot.sigs.retain(|s| s != &face);
                    if slot.sigs.is_empty() {
                        m.remove(&id);
                    }
                }
            });
        });
        face
    };
    let title = move || face.with(|f| f.title.clone());
    // Whether each move is possible, for the buttons' disabled state.
    let can = {
        let card = card.clone();
        Memo::new(move |_| {
            let ColInputs {
                siblings, position, ..
            } = inputs.get();
            let (ci, n) = position.get();
            siblings.with(|s| {
                let Some(pos) = s.iter().position(|x| x == &card) else {
                    return [false; 4];
                };
                [pos > 0, pos + 1 < s.len(), ci > 0, ci + 1 < n]
            })
        })
    };
    let mover = {
        let card = card.clone();
        move |dir: Dir| {
            ctx.keep.set_value(Some(card.clone()));
            move_card(state, project, ctx, &card, dir)
        }
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
    let title_id = format!("ct-{card}");
    let button = |dir: Dir, glyph: &'static str, word: &'static str, idx: usize| {
        let mover = mover.clone();
        view! {
            <button
                class="icon-button"
                aria-labelledby=format!("w-move-card {title_id} w-{word}")
                title=format!("Move {word}")
                disabled=move || !can.get()[idx]
                on:click=move |_| mover(dir)
            >
                {glyph}
            </button>
        }
    };

    // Dragging: the whole card with a mouse, the ⠿ handle with touch or a pen.
    let li = NodeRef::<leptos::html::Li>::new();
    let kind = DragKind::Card(card.clone());
    let on_down = {
        let kind = kind.clone();
        move |ev: leptos::ev::PointerEvent| {
            if !ev.is_primary() || ev.button() != 0 || dnd.drag.with_untracked(Option::is_some) {
                return;
            }
            let Some(t) = dnd::target_element(&ev) else {
                return;
            };
            if dnd::within(&t, ".card-moves") {
                return;
            }
            let handle = dnd::within(&t, ".drag-handle");
            if ev.pointer_type() != "mouse" && !handle {
                return;
            }
            if handle {
                // The grip is small: keep the pointer's events even when it leaves it at once.
                ev.prevent_default();
                let _ = t.set_pointer_capture(ev.pointer_id());
            }
            dnd.press(kind.clone(), &ev);
        }
    };
    let on_move = {
        let card = card.clone();
        let kind = kind.clone();
        move |ev: leptos::ev::PointerEvent| {
            let (x, y) = (ev.client_x() as f64, ev.client_y() as f64);
            if dnd
                .drag
                .with_untracked(|d| d.as_ref().is_some_and(|d| d.kind == kind))
            {
                dnd.pos.set((x, y));
                dnd::auto_scroll(x, y);
                dnd.aim(dnd::card_target(&card, x, y));
                return;
            }
            if dnd.should_start(&kind, &ev) {
                if let Some(el) = li.get_untracked() {
                    dnd::start(dnd, kind.clone(), &el, &el, &ev);
                    dnd.aim(dnd::card_target(&card, x, y));
                }
            }
        }
    };
    let on_up = {
        let card = card.clone();
        let kind = kind.clone();
        move |_: leptos::ev::PointerEvent| {
            dnd.clear_press();
            if dnd
                .drag
                .with_untracked(|d| d.as_ref().is_some_and(|d| d.kind == kind))
            {
                let t = dnd.target.get_untracked();
                dnd.cancel();
                if let Some(t) = t {
                    drop_card(state, project, ctx, &card, t);
                }
            }
        }
    };
    let on_cancel = {
        let kind = kind.clone();
        move |_: leptos::ev::PointerEvent| {
            dnd.clear_press();
            if dnd
                .drag
                .with_untracked(|d| d.as_ref().is_some_and(|d| d.kind == kind))
            {
                dnd.cancel();
            }
        }
    };
    let dragging = {
        let card = card.clone();
        Memo::new(move |_| dnd.dragging_card(&card))
    };
    // The card's place among the rendered ones, while something is dragged (see
    // [`BoardCtx::dragging`]); otherwise the DOM order is the order.
    let order = {
        let card = card.clone();
        Memo::new(move |_| {
            ctx.dragging.get().then(|| {
                inputs
                    .get()
                    .rendered
                    .with(|r| r.iter().position(|x| x == &card).unwrap_or(0))
            })
        })
    };
    card_styles(li, dnd, dragging, order);
    let open_id = card.clone();
    view! {
        <li
            class="card"
            class:dragging=dragging
            class:blocked=move || face.with(|f| !f.blockers.is_empty())
            data-card-id=card.to_string()
            node_ref=li
            on:pointerdown=on_down
            on:pointermove=on_move
            on:pointerup=on_up
            on:pointercancel=on_cancel.clone()
            on:lostpointercapture=move |ev: leptos::ev::PointerEvent| {
                // Only the card's own capture: the handle's implicit touch capture moving to
                // the card also fires here (bubbling from the handle).
                if ev.target() == ev.current_target() {
                    on_cancel(ev);
                }
            }
        >
            <div class="card-top">
                <button
                    class="card-title"
                    id=title_id.clone()
                    aria-describedby="move-hint"
                    aria-keyshortcuts="Alt+ArrowUp Alt+ArrowDown Alt+ArrowLeft Alt+ArrowRight"
                    on:click=move |_| open.set(Some(open_id.clone()))
                    on:keydown=on_key
                >
                    {title}
                </button>
                <span class="drag-handle card-handle" aria-hidden="true" title="Drag to move">
                    "⠿"
                </span>
            </div>
            {move || face.with(card_details)}
            <div class="card-moves" role="group" aria-labelledby=format!("w-move {title_id}")>
                {button(Dir::Left, "←", "left", 2)}
                {button(Dir::Up, "↑", "up", 0)}
                {button(Dir::Down, "↓", "down", 1)}
                {button(Dir::Right, "→", "right", 3)}
            </div>
        </li>
    }
}

/// Labels, description, and the meta line of a card (due, priority, subtasks, people...).
fn card_details(f: &CardFace) -> impl IntoView {
    let labels = (!f.labels.is_empty()).then(|| {
        let chips = f
            .labels
            .iter()
            .map(|(name, colour)| {
                view! {
                    <li class="label-chip" style:background=colour.clone()>{name.clone()}</li>
                }
            })
            .collect_view();
        view! { <ul class="card-labels" aria-label="Labels">{chips}</ul> }
    });
    let desc = (!f.desc.is_empty()).then(|| view! { <p class="card-desc">{f.desc.clone()}</p> });
    let milestone = f
        .milestone
        .then(|| view! { <span class="milestone" title="Milestone">"◆ Milestone"</span> });
    let priority = (f.priority != Priority::None).then(|| {
        view! {
            <span class=format!("priority priority-{}", f.priority.key())>
                {format!("{} priority", f.priority.label())}
            </span>
        }
    });
    let due = f.due.map(|(d, state)| {
        let (class, word) = match state {
            Due::Overdue => ("due overdue", "Overdue: "),
            Due::Soon => ("due soon", "Due soon: "),
            Due::Done => ("due done", "Was due "),
            _ => ("due", "Due "),
        };
        view! {
            <span class=class>
                {format!("{word}{}", d.format("%-d %b %Y"))}
            </span>
        }
    });
    let subtasks = (f.subtasks.1 > 0).then(|| {
        let (done, total) = f.subtasks;
        view! {
            <span
                class="subtasks"
                class:all-done=done == total
                aria-label=format!("{done} of {total} subtasks done")
                title=format!("{done} of {total} subtasks done")
            >
                {format!("☑ {done}/{total}")}
            </span>
        }
    });
    let blocked = (!f.blockers.is_empty()).then(|| {
        let names = f.blockers.join(", ");
        view! {
            <span class="blocked-by" title=format!("Blocked by: {names}")>
                {format!("Blocked by {}", f.blockers.len())}
                <span class="sr-only">{format!(": {names}")}</span>
            </span>
        }
    });
    let people = (!f.people.is_empty()).then(|| {
        let avatars = f
            .people
            .iter()
            .map(|(initials, name)| {
                view! {
                    <li class="avatar" title=name.clone()>
                        <span aria-hidden="true">{initials.clone()}</span>
                        <span class="sr-only">{name.clone()}</span>
                    </li>
                }
            })
            .collect_view();
        view! { <ul class="avatars" aria-label="Assigned to">{avatars}</ul> }
    });
    let any_meta = f.milestone
        || f.priority != Priority::None
        || f.due.is_some()
        || f.subtasks.1 > 0
        || !f.blockers.is_empty()
        || !f.people.is_empty();
    view! {
        {labels}
        {desc}
        {any_meta.then(|| view! {
            <div class="card-meta">{milestone}{priority}{due}{subtasks}{blocked}{people}</div>
        })}
    }
}
