//! The browser's side of the [`Env`] seam: `Date.now()` for time and
//! `crypto.getRandomValues` for ids. Also small DOM helpers the views share.

use crate::domain::{Env, Hlc, Id, Ts};
use chrono::NaiveDate;
use std::cell::Cell;
use wasm_bindgen::JsCast;

/// Time and ids from the browser.
pub struct BrowserEnv;

thread_local! {
    /// This tab's clock (one per tab: its node number is drawn when the tab starts).
    static CLOCK: Cell<Hlc> = Cell::new(Hlc::new((js_sys::Math::random() * 1000.0) as u32));
}

fn wall() -> Ts {
    chrono::DateTime::from_timestamp_millis(js_sys::Date::now() as i64).unwrap_or_default()
}

impl Env for BrowserEnv {
    fn now(&self) -> Ts {
        CLOCK.with(|c| {
            let mut h = c.get();
            let t = h.tick(wall());
            c.set(h);
            t
        })
    }

    fn observe(&mut self, seen: Ts) {
        CLOCK.with(|c| {
            let mut h = c.get();
            h.observe(seen, wall());
            c.set(h);
        })
    }

    fn new_id(&mut self) -> Id {
        let mut bytes = [0u8; 13];
        let filled = web_sys::window()
            .and_then(|w| w.crypto().ok())
            .map(|c| c.get_random_values_with_u8_array(&mut bytes).is_ok())
            .unwrap_or(false);
        if !filled {
            // No Web Crypto (very old browser): Math.random is still 52 bits a call.
            for b in bytes.iter_mut() {
                *b = (js_sys::Math::random() * 256.0) as u8;
            }
        }
        Id::from_random(bytes)
    }
}

/// Today's date where the user is (local time zone, as their calendar shows it).
pub fn today() -> NaiveDate {
    let d = js_sys::Date::new_0();
    NaiveDate::from_ymd_opt(d.get_full_year() as i32, d.get_month() + 1, d.get_date())
        .unwrap_or_default()
}

/// Moves keyboard focus to the first element matching `selector`, after the DOM has
/// caught up with the latest change.
pub fn focus_later(selector: String) {
    leptos::prelude::request_animation_frame(move || {
        let Some(doc) = web_sys::window().and_then(|w| w.document()) else {
            return;
        };
        if let Some(el) = doc
            .query_selector(&selector)
            .ok()
            .flatten()
            .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
        {
            // Already there (a card moved with its element keeps focus): focusing again
            // would only make the browser bring style up to date first.
            if doc.active_element().as_ref() != Some(el.as_ref()) {
                let _ = el.focus();
            }
        }
    });
}

/// Takes focus off the focused element when it is inside an element matching `selector`.
/// A view about to replace a focused element calls it first: removing a focused element
/// after the page has changed makes the browser bring style and layout up to date on the
/// spot, mid-update (1.6–4 ms on a 5,000-card board), while letting go of focus before any change
/// costs next to nothing.
pub fn blur_within(selector: &str) {
    let active = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.active_element());
    if let Some(el) = active {
        if el.closest(selector).ok().flatten().is_some() {
            if let Ok(el) = el.dyn_into::<web_sys::HtmlElement>() {
                let _ = el.blur();
            }
        }
    }
}

/// A time as the user's clock shows it ("Fri 27 Nov 2026, 15:40").
pub fn local_time(t: crate::domain::Ts) -> String {
    let d = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(t.timestamp_millis() as f64));
    const DAYS: [&str; 7] = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    format!(
        "{} {} {} {}, {:02}:{:02}",
        DAYS[d.get_day() as usize % 7],
        d.get_date(),
        MONTHS[d.get_month() as usize % 12],
        d.get_full_year(),
        d.get_hours(),
        d.get_minutes()
    )
}

/// Formats a date the way people read it ("Fri 27 Nov 2026").
pub fn long_date(d: NaiveDate) -> String {
    crate::domain::dates::weekday_long(d)
}

/// Saves `text` as a download named `file_name` of type `mime` (Blob, object URL, a temporary
/// link). The error says what went wrong, for the banner.
pub fn download(file_name: &str, text: &str, mime: &str) -> Result<(), String> {
    let fail = |e: wasm_bindgen::JsValue| {
        format!(
            "The file could not be saved: {}",
            e.as_string()
                .unwrap_or_else(|| "the browser refused".into())
        )
    };
    let parts = js_sys::Array::of1(&wasm_bindgen::JsValue::from_str(text));
    let opts = web_sys::BlobPropertyBag::new();
    opts.set_type(mime);
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &opts).map_err(fail)?;
    let url = web_sys::Url::create_object_url_with_blob(&blob).map_err(fail)?;
    let doc = leptos::prelude::document();
    let a: web_sys::HtmlAnchorElement = doc.create_element("a").map_err(fail)?.unchecked_into();
    a.set_href(&url);
    a.set_download(file_name);
    a.set_hidden(true);
    if let Some(body) = doc.body() {
        let _ = body.append_child(&a);
    }
    a.click();
    a.remove();
    // The download has taken its copy by the time this runs; the URL only holds memory.
    leptos::prelude::set_timeout(
        move || {
            let _ = web_sys::Url::revoke_object_url(&url);
        },
        std::time::Duration::from_secs(5),
    );
    Ok(())
}

/// A touch screen (coarse pointer): dialogs don't put focus in a text field there, which
/// would open the on-screen keyboard over the dialog.
pub fn touch_screen() -> bool {
    media_matches("(pointer: coarse)")
}

/// Whether a CSS media query matches now, e.g. `(hover: none)`.
pub fn media_matches(query: &str) -> bool {
    web_sys::window()
        .and_then(|w| w.match_media(query).ok().flatten())
        .is_some_and(|m| m.matches())
}
