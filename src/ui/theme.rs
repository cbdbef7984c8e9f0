//! Light and dark themes: follow the system by default, or a choice made in the header that
//! this browser remembers (`localStorage["docket:theme"]`).
//!
//! The choice is applied as `data-theme` on `<html>` (style/tokens.css holds both palettes).
//! A script in the page could apply it before the first paint, but the Content Security Policy
//! allows no inline script, so it is applied as the app starts: only someone who chose the
//! opposite of their system's setting sees the system's theme for the moment the app loads.

use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// Where the choice is remembered (one key per browser, not part of the workspace).
pub const KEY: &str = "docket:theme";

/// The theme the user chose.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Theme {
    /// Whatever `prefers-color-scheme` says.
    System,
    Light,
    Dark,
}

impl Theme {
    /// The stored form (and the `<select>` value).
    pub fn as_str(self) -> &'static str {
        match self {
            Theme::System => "system",
            Theme::Light => "light",
            Theme::Dark => "dark",
        }
    }

    /// Reads the stored form; anything unknown is `System`.
    pub fn parse(s: &str) -> Theme {
        match s {
            "light" => Theme::Light,
            "dark" => Theme::Dark,
            _ => Theme::System,
        }
    }
}

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

/// The remembered choice.
pub fn stored() -> Theme {
    storage()
        .and_then(|s| s.get_item(KEY).ok().flatten())
        .map_or(Theme::System, |v| Theme::parse(&v))
}

/// Sets `data-theme` on `<html>` (removes it for `System`, so the media query decides).
pub fn apply(theme: Theme) {
    let Some(root) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.document_element())
    else {
        return;
    };
    let _ = match theme {
        Theme::System => root.remove_attribute("data-theme"),
        t => root.set_attribute("data-theme", t.as_str()),
    };
}

/// The theme picker for the header. Applies the remembered choice as it mounts, and follows
/// a change made in another tab.
#[component]
pub fn ThemeToggle() -> impl IntoView {
    let theme = RwSignal::new(stored());
    apply(theme.get_untracked());
    let from_other_tab = window_event_listener(leptos::ev::storage, move |e| {
        if e.key().as_deref() == Some(KEY) {
            let t = Theme::parse(&e.new_value().unwrap_or_default());
            apply(t);
            theme.set(t);
        }
    });
    on_cleanup(move || from_other_tab.remove());
    let choose = move |e: leptos::ev::Event| {
        let Some(select) = e
            .target()
            .and_then(|t| t.dyn_into::<web_sys::HtmlSelectElement>().ok())
        else {
            return;
        };
        let t = Theme::parse(&select.value());
        if let Some(s) = storage() {
            // A full store only loses this preference, never work: ignore the error.
            let _ = match t {
                Theme::System => s.remove_item(KEY),
                t => s.set_item(KEY, t.as_str()),
            };
        }
        apply(t);
        theme.set(t);
    };
    let option = move |t: Theme, label: &'static str| {
        view! {
            <option value=t.as_str() selected=move || theme.get() == t>
                {label}
            </option>
        }
    };
    view! {
        <div class="theme-toggle">
            <label for="theme-select">"Theme"</label>
            <select id="theme-select" on:change=choose prop:value=move || theme.get().as_str()>
                {option(Theme::System, "System")}
                {option(Theme::Light, "Light")}
                {option(Theme::Dark, "Dark")}
            </select>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::Theme;

    #[test]
    fn stored_form_round_trips_and_unknown_is_system() {
        for t in [Theme::System, Theme::Light, Theme::Dark] {
            assert_eq!(Theme::parse(t.as_str()), t);
        }
        assert_eq!(Theme::parse("purple"), Theme::System);
    }
}
