//! Unicode Normalization Form C, for names that must be unique: "é" typed as one character
//! and "e" followed by a combining accent (U+0301) look the same, so they are one name.
//!
//! A seam with two sides that do the same thing: in the browser it asks the browser
//! (`String.prototype.normalize`), which already has the Unicode tables, so they add nothing
//! to the wasm; natively (tests, tools) it uses the `unicode-normalization` crate. Both follow
//! the Unicode standard's NFC; the native tests and tests/e2e/people.test.mjs check each side.

/// `s` in NFC.
#[cfg(target_arch = "wasm32")]
pub fn nfc(s: &str) -> String {
    if s.is_ascii() {
        return s.to_string();
    }
    js_sys::JsString::from(s).normalize("NFC").into()
}

/// `s` in NFC.
#[cfg(not(target_arch = "wasm32"))]
pub fn nfc(s: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    s.nfc().collect()
}
