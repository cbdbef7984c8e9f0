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

/// The screen, as fixed markup (no user or stored text in it). It is parsed by the browser
/// rather than built with `createElement`: a panic can come from the DOM refusing to make
/// elements (tests/e2e/panic.test.mjs makes it so), and the screen must show all the same.
const SCREEN: &str = "<main id=\"panic-screen\" class=\"page recovery-page\" role=\"alert\">\
<h1>Docket stopped because of an error</h1>\
<p>Nothing more was saved after the error; what is stored is kept as it was. Download the \
stored data to keep a copy, then reload the page.</p>\
<p><a id=\"panic-download\" class=\"button primary\" download=\"docket-stored-data.json\">Download stored data</a> \
<a id=\"panic-reload\" class=\"button\">Reload</a></p></main>";

fn show() -> Option<()> {
    let window = web_sys::window()?;
    let doc = window.document()?;
    if doc.get_element_by_id("panic-screen").is_some() {
        return Some(());
    }
    doc.body()?.set_inner_html(SCREEN);
    let link = |id: &str| -> Option<web_sys::HtmlAnchorElement> {
        Some(doc.get_element_by_id(id)?.unchecked_into())
    };
    link("panic-reload")?.set_href(&window.location().pathname().ok()?);
    let download = link("panic-download")?;
    let url = LocalStore::open()
        .and_then(|s| recovery::raw_dump(&s))
        .ok()
        .and_then(|dump| {
            let parts = js_sys::Array::of1(&wasm_bindgen::JsValue::from_str(&dump));
            let blob = web_sys::Blob::new_with_str_sequence(&parts).ok()?;
            web_sys::Url::create_object_url_with_blob(&blob).ok()
        });
    match url {
        Some(url) => download.set_href(&url),
        // Storage can't be read: no link that would download nothing.
        None => download.remove(),
    }
    Some(())
}
