//! The last resort: if Docket panics anyway (a bug, data no check foresaw), the page shows
//! what happened and a link to download the stored data, instead of a blank or frozen page.
//!
//! A panic leaves the wasm instance unusable, so the screen needs no wasm afterwards: the
//! stored data is read while the hook runs, put in a Blob, and offered by a plain download
//! link; "Reload" is a plain link too. Nothing is written to storage.

use crate::storage::{recovery, LocalStore};
use wasm_bindgen::JsCast;

/// Installs the hook (logs to the console as before, then shows the screen).
pub fn install() {
    std::panic::set_hook(Box::new(|info| {
        console_error_panic_hook::hook(info);
        let _ = show();
    }));
}

fn show() -> Option<()> {
    let doc = web_sys::window()?.document()?;
    let body = doc.body()?;
    if doc.get_element_by_id("panic-screen").is_some() {
        return Some(());
    }
    let el = |tag: &str, text: &str| -> Option<web_sys::Element> {
        let e = doc.create_element(tag).ok()?;
        e.set_text_content(Some(text));
        Some(e)
    };
    let screen = doc.create_element("main").ok()?;
    screen.set_id("panic-screen");
    screen.set_class_name("recovery panic-screen");
    screen.set_attribute("role", "alert").ok()?;
    let heading = el("h1", "Docket stopped because of an error")?;
    screen.append_child(&heading).ok()?;
    let text = el(
        "p",
        "Nothing more was saved after the error; what is stored is kept as it was. Download \
         the stored data to keep a copy, then reload the page.",
    )?;
    screen.append_child(&text).ok()?;
    let dump = LocalStore::open()
        .and_then(|s| recovery::raw_dump(&s))
        .ok()?;
    let parts = js_sys::Array::of1(&wasm_bindgen::JsValue::from_str(&dump));
    let blob = web_sys::Blob::new_with_str_sequence(&parts).ok()?;
    let url = web_sys::Url::create_object_url_with_blob(&blob).ok()?;
    let a: web_sys::HtmlAnchorElement = el("a", "Download stored data")?.unchecked_into();
    a.set_href(&url);
    a.set_download("docket-stored-data.json");
    a.set_class_name("button");
    screen.append_child(&a).ok()?;
    let reload: web_sys::HtmlAnchorElement = el("a", "Reload")?.unchecked_into();
    reload.set_href(&web_sys::window()?.location().pathname().ok()?);
    reload.set_class_name("button ghost");
    screen.append_child(&reload).ok()?;
    body.set_text_content(None);
    body.append_child(&screen).ok()?;
    Some(())
}
