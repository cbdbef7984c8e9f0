//! Scrolling while dragging: near the edge of a scrolling list, of the list's container or
//! of the window, they scroll a step per pointer move, so off-screen places can be reached
//! (on phones especially).

/// How close (px) to an edge the pointer must be to scroll, and by how much per move.
const EDGE: f64 = 40.0;
const STEP: f64 = 24.0;

/// Scrolls `el` a step when `pos` (x when `horizontal`, else y) is near its edge and it
/// can scroll that way.
pub fn near_edge(el: &web_sys::Element, pos: f64, horizontal: bool) {
    let can = if horizontal {
        el.scroll_width() > el.client_width()
    } else {
        el.scroll_height() > el.client_height()
    };
    if !can {
        return;
    }
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

/// Near the edges of `container` (both ways) or of the window (up and down): a step.
pub(super) fn auto_scroll(container: &web_sys::Element, x: f64, y: f64) {
    near_edge(container, x, true);
    near_edge(container, y, false);
    let Some(w) = web_sys::window() else {
        return;
    };
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
