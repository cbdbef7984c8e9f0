//! The dragged element, floating under the pointer, and the placeholder that shows where it
//! would land. Styles are set one property at a time through the CSSOM, which the page's
//! CSP allows (a `style` attribute would need `'unsafe-inline'`).

use wasm_bindgen::JsCast;

/// An element lifted out of its list for a drag.
pub(super) struct Lifted {
    pub el: web_sys::HtmlElement,
    /// Pointer position minus the element's top-left corner when the drag started.
    offset: (f64, f64),
    pub placeholder: web_sys::Element,
}

const FLOAT: [(&str, &str); 3] = [
    ("position", "fixed"),
    ("z-index", "1000"),
    ("pointer-events", "none"),
];

impl Lifted {
    /// Lifts `el` grabbed at (x, y): it floats at its own size, and a placeholder of that
    /// size (an element of the same tag, so a list stays a list) with `class` is made.
    pub fn new(el: &web_sys::Element, x: f64, y: f64, class: &str) -> Option<Lifted> {
        let el: web_sys::HtmlElement = el.clone().dyn_into().ok()?;
        let r = el.get_bounding_client_rect();
        let doc = el.owner_document()?;
        let placeholder = doc.create_element(&el.tag_name().to_lowercase()).ok()?;
        placeholder.set_class_name(&format!("drag-placeholder {class}"));
        let _ = placeholder.set_attribute("aria-hidden", "true");
        if let Some(p) = placeholder.dyn_ref::<web_sys::HtmlElement>() {
            let _ = p.style().set_property("width", &format!("{}px", r.width()));
            let _ = p
                .style()
                .set_property("height", &format!("{}px", r.height()));
        }
        let _ = el.class_list().add_1("dragging");
        let style = el.style();
        for (k, v) in FLOAT {
            let _ = style.set_property(k, v);
        }
        let _ = style.set_property("width", &format!("{}px", r.width()));
        let lifted = Lifted {
            el,
            offset: (x - r.left(), y - r.top()),
            placeholder,
        };
        lifted.follow(x, y);
        Some(lifted)
    }

    /// Moves the floating element under the pointer at (x, y).
    pub fn follow(&self, x: f64, y: f64) {
        let style = self.el.style();
        let _ = style.set_property("left", &format!("{}px", x - self.offset.0));
        let _ = style.set_property("top", &format!("{}px", y - self.offset.1));
    }

    /// Shows the placeholder in `parent` before `before` (at the end for `None`).
    pub fn show_at(&self, parent: &web_sys::Element, before: Option<&web_sys::Element>) {
        let _ = parent.insert_before(&self.placeholder, before.map(|b| b.as_ref()));
    }

    /// Hides the placeholder (the landing place is unknown).
    pub fn hide(&self) {
        self.placeholder.remove();
    }

    /// Puts the element back in its list, as it was.
    pub fn put_down(self) {
        self.placeholder.remove();
        let _ = self.el.class_list().remove_1("dragging");
        let style = self.el.style();
        for k in [
            "position",
            "z-index",
            "pointer-events",
            "width",
            "left",
            "top",
        ] {
            let _ = style.remove_property(k);
        }
    }
}
