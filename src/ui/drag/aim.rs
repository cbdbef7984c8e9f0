//! Finding where a dragged item would land among the elements on screen.

use wasm_bindgen::JsCast;

/// The child elements of `parent` that match `selector`, in document order, without `skip`
/// (the dragged element).
pub fn children_matching(
    parent: &web_sys::Element,
    selector: &str,
    skip: Option<&web_sys::Element>,
) -> Vec<web_sys::Element> {
    let children = parent.children();
    (0..children.length())
        .filter_map(|i| children.item(i))
        .filter(|el| el.matches(selector).unwrap_or(false) && Some(el) != skip)
        .collect()
}

/// The first of `items` whose middle is past `pos` (y, or x when `horizontal`), with its
/// index: the item a drop at `pos` lands before. `None`: after the last one.
pub fn first_past(
    items: &[web_sys::Element],
    pos: f64,
    horizontal: bool,
) -> Option<(usize, web_sys::Element)> {
    items.iter().enumerate().find_map(|(i, el)| {
        let r = el.get_bounding_client_rect();
        let mid = if horizontal {
            r.left() + r.width() / 2.0
        } else {
            r.top() + r.height() / 2.0
        };
        (pos < mid).then(|| (i, el.clone()))
    })
}

/// The element an event happened on.
pub(super) fn target_element(ev: &web_sys::Event) -> Option<web_sys::Element> {
    ev.target()?.dyn_into::<web_sys::Element>().ok()
}
