//! Browser notifications for My day (the Notification API), with the person's permission:
//! while Docket is open it looks, at start and every minute, at the occurrences assigned to
//! the person chosen as "me" and shows one notification when one comes due today and one
//! when it goes overdue (`domain::checklist::notice`). What was shown is remembered in
//! `localStorage["docket:notified"]` (keys of old dates pruned); the choice to be notified
//! in `docket:notify`. Clicking a notification focuses Docket and opens the run, or My day.

use super::mine::my_day_now;
use crate::domain::checklist::notice::{notices, prune};
use crate::ui::route::Route;
use crate::ui::state::{use_state, AppState};
use leptos::prelude::*;
use wasm_bindgen::prelude::*;
use web_sys::{Notification, NotificationOptions, NotificationPermission};

/// Whether the person asked to be notified ("on").
const ENABLED: &str = "docket:notify";
/// The notices already shown (a JSON list of keys).
const SHOWN: &str = "docket:notified";

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

/// Does this browser have the Notification API?
fn supported() -> bool {
    web_sys::window().is_some_and(|w| {
        js_sys::Reflect::has(&w, &JsValue::from_str("Notification")).unwrap_or(false)
    })
}

/// The permission as a word: "granted", "denied", "default", or "missing" (no API).
fn permission() -> &'static str {
    if !supported() {
        return "missing";
    }
    match Notification::permission() {
        NotificationPermission::Granted => "granted",
        NotificationPermission::Denied => "denied",
        _ => "default",
    }
}

fn enabled() -> bool {
    storage()
        .and_then(|s| s.get_item(ENABLED).ok().flatten())
        .is_some_and(|v| v == "on")
}

fn set_enabled(on: bool) {
    if let Some(s) = storage() {
        let _ = if on {
            s.set_item(ENABLED, "on")
        } else {
            s.remove_item(ENABLED)
        };
    }
}

fn shown() -> Vec<String> {
    storage()
        .and_then(|s| s.get_item(SHOWN).ok().flatten())
        .and_then(|v| serde_json::from_str(&v).ok())
        .unwrap_or_default()
}

fn remember(keys: &[String]) {
    if let (Some(s), Ok(v)) = (storage(), serde_json::to_string(keys)) {
        let _ = s.set_item(SHOWN, &v);
    }
}

/// Shows the notices My day calls for now that were not shown before. The agenda's code is
/// in a part of the app of its own (crate::ui::lazy), fetched only when notifications are on.
fn check(state: AppState) {
    if !enabled() || permission() != "granted" {
        return;
    }
    leptos::task::spawn_local(async move {
        let _ = part::notify(state).await;
    });
}

mod part {
    use crate::ui::lazy::lazy;
    use crate::ui::state::AppState;

    lazy! {
        /// The check itself (see `check`).
        notify(state: AppState) -> () { super::notify(state) }
    }
}

fn notify(state: AppState) {
    let Some(me) = state.author.get_untracked() else {
        return;
    };
    let day = crate::ui::browser::today();
    let (mine, templates) = untrack(|| my_day_now(state, &me, day));
    let name = |id: &crate::domain::Id| {
        templates
            .iter()
            .find(|t| &t.id == id)
            .map(|t| t.name.clone())
            .unwrap_or_default()
    };
    let mut keys = prune(shown(), day);
    let due = notices(&mine, &keys, name);
    if due.is_empty() {
        return;
    }
    for n in due {
        let options = NotificationOptions::new();
        options.set_body(&n.body);
        options.set_tag(&n.key);
        if let Ok(shown) = Notification::new_with_options(&n.title, &options) {
            let to = n.run.clone().map_or(Route::MyDay, Route::Run);
            let open = Closure::<dyn FnMut()>::new(move || {
                if let Some(w) = web_sys::window() {
                    let _ = w.focus();
                }
                state.go(to.clone());
            });
            shown.set_onclick(Some(open.as_ref().unchecked_ref()));
            open.forget();
        }
        keys.push(n.key);
    }
    remember(&keys);
}

/// Looks for notices at start and every minute while Docket is open (mounted once).
#[component]
pub fn NotifyWatch() -> impl IntoView {
    let state = use_state();
    check(state);
    set_interval(move || check(state), std::time::Duration::from_secs(60));
}

/// "Notify me": asks the browser's permission, remembers the choice, and says where it
/// stands (granted, denied with what to do, or not available in this browser).
#[component]
pub fn NotifyButton() -> impl IntoView {
    let state = use_state();
    let status = RwSignal::new((permission(), enabled()));
    let words = move || match status.get() {
        ("missing", _) => "This browser cannot show notifications: keep My day open instead.",
        ("denied", _) => {
            "Notifications are blocked for Docket: allow them in the browser's site settings \
             (the icon beside the address), then press Notify me again."
        }
        ("granted", true) => {
            "On: while Docket is open, it tells you when one of yours is due today or overdue."
        }
        _ => "Off: press Notify me to be told when one of yours is due or overdue.",
    };
    let on = move || status.with(|s| s.0 == "granted" && s.1);
    let toggle = move |_| {
        if on() {
            set_enabled(false);
            status.set((permission(), false));
            return;
        }
        if !supported() {
            status.set(("missing", false));
            return;
        }
        match Notification::request_permission() {
            Ok(promise) => leptos::task::spawn_local(async move {
                let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
                let p = permission();
                set_enabled(p == "granted");
                status.set((p, p == "granted"));
                check(state);
            }),
            Err(_) => status.set(("missing", false)),
        }
    };
    view! {
        <div class="notify">
            <button
                type="button"
                class="notify-button"
                aria-pressed=move || on().to_string()
                aria-describedby="notify-status"
                on:click=toggle
            >
                "Notify me"
            </button>
            <p id="notify-status" class="hint" aria-live="polite">{words}</p>
        </div>
    }
}
