//! The signature pad of a run's sign-off: drawn with a mouse, a pen or a finger (pointer
//! events, captured while a stroke lasts), shown as it is drawn, kept as the domain's
//! compact path ([`crate::domain::checklist::signature`]); and a kept signature, shown.

use crate::domain::checklist::signature::{encode, HEIGHT, WIDTH};
use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// Strokes of points in the signature box's units.
pub(super) type Strokes = Vec<Vec<(f64, f64)>>;

/// A point of a pointer event in the box's units, from the pad's place on screen.
fn point(ev: &web_sys::PointerEvent) -> Option<(web_sys::Element, (f64, f64))> {
    let pad: web_sys::Element = ev.current_target()?.dyn_into().ok()?;
    let r = pad.get_bounding_client_rect();
    if r.width() <= 0.0 || r.height() <= 0.0 {
        return None;
    }
    let x = (f64::from(ev.client_x()) - r.left()) / r.width() * WIDTH;
    let y = (f64::from(ev.client_y()) - r.top()) / r.height() * HEIGHT;
    Some((pad, (x, y)))
}

/// The pad, and "Clear signature". Keyboard users sign off by name alone (the signature is
/// optional); the pad says whether something is drawn.
#[component]
pub(super) fn SignaturePad(strokes: RwSignal<Strokes>) -> impl IntoView {
    let drawing = StoredValue::new(false);
    let path = move || strokes.with(|s| encode(s)).unwrap_or_default();
    let down = move |ev: web_sys::PointerEvent| {
        let Some((pad, p)) = point(&ev) else { return };
        ev.prevent_default();
        let _ = pad.set_pointer_capture(ev.pointer_id());
        drawing.set_value(true);
        strokes.update(|s| s.push(vec![p]));
    };
    let moved = move |ev: web_sys::PointerEvent| {
        if !drawing.get_value() {
            return;
        }
        if let Some((_, p)) = point(&ev) {
            strokes.update(|s| {
                if let Some(last) = s.last_mut() {
                    last.push(p);
                }
            });
        }
    };
    let up = move |_: web_sys::PointerEvent| drawing.set_value(false);
    view! {
        <div class="signature-field" role="group" aria-labelledby="run-signature-label">
            <span id="run-signature-label" class="label">"Signature (optional)"</span>
            <svg
                class="signature-pad"
                viewBox=format!("0 0 {WIDTH} {HEIGHT}")
                preserveAspectRatio="none"
                aria-hidden="true"
                on:pointerdown=down
                on:pointermove=moved
                on:pointerup=up
                on:pointercancel=up
            >
                <line class="signature-line" x1="12" x2="288" y1="80" y2="80"></line>
                <path d=path></path>
            </svg>
            <p class="hint" aria-live="polite">
                {move || if strokes.with(Vec::is_empty) {
                    "Draw with a mouse, pen or finger, beside the name above."
                } else {
                    "Signature drawn."
                }}
            </p>
            <button
                type="button"
                class="small"
                disabled=move || strokes.with(Vec::is_empty)
                on:click=move |_| strokes.set(Vec::new())
            >
                "Clear signature"
            </button>
        </div>
    }
}

/// A kept signature, as a picture with its signer's name.
pub(super) fn signature_view(path: String, name: &str) -> impl IntoView {
    view! {
        <svg
            class="signature"
            role="img"
            aria-label=format!("Signature of {name}")
            viewBox=format!("0 0 {WIDTH} {HEIGHT}")
        >
            <path d=path></path>
        </svg>
    }
}
