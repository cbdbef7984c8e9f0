//! Drag and drop on the board with pointer events (mouse, touch and pen alike).
//!
//! A press becomes a drag only once the pointer has moved a few pixels, so a click still
//! opens the card. While dragging, the dragged element follows the pointer (it is taken out
//! of the flow) and a placeholder shows where it will land; the target is worked out from the
//! pointer's position over the rendered columns and cards, and the drop lands exactly there.

use crate::domain::Id;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// How far (in CSS pixels) a press must move before it becomes a drag.
pub const THRESHOLD: f64 = 6.0;

/// What is being dragged.
#[derive(Clone, Debug, PartialEq)]
pub enum DragKind {
    Card(Id),
    Column(Id),
}

/// A drag in progress.
#[derive(Clone, Debug, PartialEq)]
pub struct Drag {
    pub kind: DragKind,
    /// Pointer position minus the element's top-left corner when the drag started.
    pub offset: (f64, f64),
    /// The element's size when the drag started (the placeholder takes it).
    pub size: (f64, f64),
}

/// Where the dragged thing would land if dropped now.
#[derive(Clone, Debug, PartialEq)]
pub enum Target {
    /// In `column`, just before the rendered card `before`, or (None) after the last
    /// rendered card `last` (or in an empty column when there is none).
    Card {
        column: Id,
        before: Option<Id>,
        last: Option<Id>,
    },
    /// Before the column `before`, or at the right end.
    Column { before: Option<Id> },
}

/// The board's drag state, provided as context by the board.
#[derive(Clone, Copy)]
pub struct Dnd {
    pub drag: RwSignal<Option<Drag>>,
    /// The pointer's current position (client coordinates).
    pub pos: RwSignal<(f64, f64)>,
    pub target: RwSignal<Option<Target>>,
    /// A press that may become a drag: (what, pointer id, x, y).
    press: StoredValue<Option<(DragKind, i32, f64, f64)>>,
}

impl Dnd {
    pub fn new() -> Dnd {
        Dnd {
            drag: RwSignal::new(None),
            pos: RwSignal::new((0.0, 0.0)),
            target: RwSignal::new(None),
            press: StoredValue::new(None),
        }
    }

    /// Ends the drag (or the press) without doing anything.
    pub fn cancel(&self) {
        self.clear_press();
        self.drag.set(None);
        self.target.set(None);
    }

    /// Remembers a press on something draggable.
    pub fn press(&self, kind: DragKind, ev: &web_sys::PointerEvent) {
        self.press.set_value(Some((
            kind,
            ev.pointer_id(),
            ev.client_x() as f64,
            ev.client_y() as f64,
        )));
    }

    /// Forgets the press (the pointer went up).
    pub fn clear_press(&self) {
        self.press.set_value(None);
    }

    /// Has the pointer pressed on `kind` moved far enough to start dragging it?
    pub fn should_start(&self, kind: &DragKind, ev: &web_sys::PointerEvent) -> bool {
        self.drag.with_untracked(Option::is_none)
            && self.press.with_value(|p| match p {
                Some((k, id, x0, y0)) if k == kind && *id == ev.pointer_id() => {
                    let (dx, dy) = (ev.client_x() as f64 - x0, ev.client_y() as f64 - y0);
                    dx * dx + dy * dy >= THRESHOLD * THRESHOLD
                }
                _ => false,
            })
    }

    /// Is this card the one being dragged?
    pub fn dragging_card(&self, id: &Id) -> bool {
        self.drag
            .with(|d| matches!(d, Some(Drag { kind: DragKind::Card(c), .. }) if c == id))
    }

    /// Is this column the one being dragged?
    pub fn dragging_column(&self, id: &Id) -> bool {
        self.drag
            .with(|d| matches!(d, Some(Drag { kind: DragKind::Column(c), .. }) if c == id))
    }

    /// Sets the target only when it changed (so the lists don't re-render on every move).
    pub fn aim(&self, t: Option<Target>) {
        if self.target.with_untracked(|old| old != &t) {
            self.target.set(t);
        }
    }

    /// Where the dragged element floats, fixed under the pointer: (left, top, width) in CSS
    /// pixels. Set through CSSOM (`style:left=...`), which the CSP allows (no style attributes).
    pub fn float_box(&self) -> Option<(f64, f64, f64)> {
        let (x, y) = self.pos.get();
        self.drag.with(|d| {
            d.as_ref()
                .map(|d| (x - d.offset.0, y - d.offset.1, d.size.0))
        })
    }
}

/// The element an event happened on.
pub fn target_element(ev: &web_sys::Event) -> Option<web_sys::Element> {
    ev.target()?.dyn_into::<web_sys::Element>().ok()
}

/// Is `el` inside an element matching `selector`?
pub fn within(el: &web_sys::Element, selector: &str) -> bool {
    el.closest(selector).ok().flatten().is_some()
}

/// Elements matching a selector, in document order.
fn all(selector: &str) -> Vec<web_sys::Element> {
    let Some(doc) = web_sys::window().and_then(|w| w.document()) else {
        return Vec::new();
    };
    let Ok(list) = doc.query_selector_all(selector) else {
        return Vec::new();
    };
    (0..list.length())
        .filter_map(|i| list.item(i))
        .filter_map(|n| n.dyn_into::<web_sys::Element>().ok())
        .collect()
}

/// The columns on screen other than `skip`: (id, element).
fn columns(skip: Option<&Id>) -> Vec<(Id, web_sys::Element)> {
    all(".board > .column[data-column-id]")
        .into_iter()
        .filter_map(|el| {
            let id = Id(el.get_attribute("data-column-id")?);
            (Some(&id) != skip).then_some((id, el))
        })
        .collect()
}

/// Where a card dropped at (x, y) would land: the column under (or nearest to) the pointer,
/// and the first rendered card whose middle is below the pointer.
pub fn card_target(card: &Id, x: f64, y: f64) -> Option<Target> {
    let cols = columns(None);
    let (column, el) = cols.into_iter().min_by(|(_, a), (_, b)| {
        distance_x(a, x)
            .partial_cmp(&distance_x(b, x))
            .unwrap_or(std::cmp::Ordering::Equal)
    })?;
    let cards: Vec<(Id, web_sys::DomRect)> = el
        .query_selector_all("li.card[data-card-id]")
        .ok()
        .map(|list| {
            (0..list.length())
                .filter_map(|i| list.item(i))
                .filter_map(|n| n.dyn_into::<web_sys::Element>().ok())
                .filter_map(|e| {
                    let id = Id(e.get_attribute("data-card-id")?);
                    (&id != card).then(|| (id, e.get_bounding_client_rect()))
                })
                .collect()
        })
        .unwrap_or_default();
    // Near the top or bottom of a long list, scroll it (a step per pointer move).
    if let Ok(Some(list)) = el.query_selector(".cards") {
        scroll_near_edge(&list, y, false);
    }
    let before = cards
        .iter()
        .find(|(_, r)| y < r.top() + r.height() / 2.0)
        .map(|(id, _)| id.clone());
    let last = cards.last().map(|(id, _)| id.clone());
    Some(Target::Card {
        column,
        before,
        last,
    })
}

/// Where a column dropped at x would land: before the first other column whose middle is
/// right of the pointer.
pub fn column_target(column: &Id, x: f64) -> Target {
    let before = columns(Some(column))
        .into_iter()
        .find(|(_, el)| {
            let r = el.get_bounding_client_rect();
            x < r.left() + r.width() / 2.0
        })
        .map(|(id, _)| id);
    Target::Column { before }
}

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

/// Starts a drag of `el` for the pointer of `ev`: `capture` captures the pointer so the drag
/// keeps following it (also outside the element), and where `el` was grabbed is remembered.
pub fn start(
    dnd: Dnd,
    kind: DragKind,
    el: &web_sys::Element,
    capture: &web_sys::Element,
    ev: &web_sys::PointerEvent,
) {
    let r = el.get_bounding_client_rect();
    let (x, y) = (ev.client_x() as f64, ev.client_y() as f64);
    // Fails only for a pointer that is already up (or a synthetic one): the drag still works.
    let _ = capture.set_pointer_capture(ev.pointer_id());
    dnd.clear_press();
    dnd.pos.set((x, y));
    dnd.drag.set(Some(Drag {
        kind,
        offset: (x - r.left(), y - r.top()),
        size: (r.width(), r.height()),
    }));
}

/// How close (px) to an edge the pointer must be to scroll, and by how much per move.
const EDGE: f64 = 40.0;
const STEP: f64 = 24.0;

/// Scrolls `el` a step when `pos` (x when `horizontal`, else y) is near its edge.
fn scroll_near_edge(el: &web_sys::Element, pos: f64, horizontal: bool) {
    let r = el.get_bounding_client_rect();
    let (lo, hi) = if horizontal {
        (r.left(), r.right())
    } else {
        (r.top(), r.bottom())
    };
    let step = if pos < lo + EDGE {
        -STEP
    } else if pos > hi - EDGE {
        STEP
    } else {
        return;
    };
    if horizontal {
        el.scroll_by_with_x_and_y(step, 0.0);
    } else {
        el.scroll_by_with_x_and_y(0.0, step);
    }
}

/// While dragging near the edge of the board or of the window, scrolls them a step, so
/// off-screen columns and cards can be reached (on phones especially).
pub fn auto_scroll(x: f64, y: f64) {
    let Some(w) = web_sys::window() else {
        return;
    };
    if let Some(board) = w
        .document()
        .and_then(|d| d.query_selector(".board").ok().flatten())
    {
        scroll_near_edge(&board, x, true);
    }
    let h = w
        .inner_height()
        .ok()
        .and_then(|v| v.as_f64())
        .unwrap_or(0.0);
    if y < EDGE {
        w.scroll_by_with_x_and_y(0.0, -STEP);
    } else if h > 0.0 && y > h - EDGE {
        w.scroll_by_with_x_and_y(0.0, STEP);
    }
}
