//! Keeping what is stored and what is on screen in step, whatever the tabs do.
//!
//! - **Hidden or closed**: on `visibilitychange` (hidden) and `pagehide`, a text field being
//!   typed in is committed as Enter would (its form is submitted) and blurred, so an edit
//!   made right before the tab closes is saved. Writes are synchronous otherwise.
//! - **Another tab wrote**: the `storage` event names the key. Keys arriving together
//!   (a burst, or one multi-key write) are gathered for a moment and read back once, only
//!   the entities they name ([`Scope`]); the session's `absorb` merges them with this tab's.
//!   A write refused because another tab changed the record first
//!   ([`StorageError::Changed`]) goes the same way.
//! - **A newer Docket upgraded the store**: this tab stops writing and asks for a reload.

use super::AppState;
use crate::storage::{Scope, StorageError, JOURNAL_KEY, PREFIX, SCHEMA_KEY, SCHEMA_VERSION};
use leptos::prelude::*;
use std::cell::RefCell;
use wasm_bindgen::{closure::Closure, JsCast};

/// How long keys are gathered before reading them back (one write of several keys fires
/// several events; the other tab's write is finished well within this).
const GATHER_MS: i32 = 25;
/// How often to wait for the other tab's journaled write to finish before reading anyway.
const JOURNAL_RETRIES: u32 = 40;

#[derive(Default)]
struct Pending {
    scope: Scope,
    scheduled: bool,
    retries: u32,
}

thread_local! {
    static PENDING: RefCell<Pending> = RefCell::new(Pending::default());
}

/// Installs the listeners (once, from the app shell).
pub fn install(state: AppState) {
    let on_storage = window_event_listener(leptos::ev::storage, move |e| {
        // Only localStorage is Docket's (sessionStorage events are another tab's business).
        let is_local = e.storage_area().is_some_and(|area| {
            window()
                .local_storage()
                .ok()
                .flatten()
                .is_some_and(|ls| ls == area)
        });
        if !is_local {
            return;
        }
        let key = e.key();
        match key.as_deref() {
            Some(k) if !k.starts_with(PREFIX) || k == JOURNAL_KEY => {}
            Some(SCHEMA_KEY) => check_layout(state, e.new_value()),
            k => {
                PENDING.with(|p| p.borrow_mut().scope.add_key(k));
                schedule(state, GATHER_MS);
            }
        }
    });
    let on_pagehide = window_event_listener(leptos::ev::pagehide, |_| flush());
    // visibilitychange is fired at the document.
    let on_visibility = Closure::<dyn Fn()>::new(|| {
        if document().visibility_state() == web_sys::VisibilityState::Hidden {
            flush();
        }
    });
    let _ = document().add_event_listener_with_callback(
        "visibilitychange",
        on_visibility.as_ref().unchecked_ref(),
    );
    on_visibility.forget();
    on_cleanup(move || {
        on_storage.remove();
        on_pagehide.remove();
    });
}

/// Commits what is being typed: a text field's form is submitted (as Enter would), then
/// the field loses focus (committing any field that saves on blur or change).
fn flush() {
    let Some(el) = document().active_element() else {
        return;
    };
    let form = if let Some(i) = el.dyn_ref::<web_sys::HtmlInputElement>() {
        let text = matches!(
            i.type_().as_str(),
            "text" | "search" | "email" | "url" | "tel" | "number" | "date" | ""
        );
        i.form().filter(|_| text)
    } else {
        el.dyn_ref::<web_sys::HtmlTextAreaElement>()
            .and_then(|t| t.form())
    };
    if let Some(form) = form {
        let _ = form.request_submit();
    }
    if let Some(h) = el.dyn_ref::<web_sys::HtmlElement>() {
        let _ = h.blur();
    }
}

/// A write was refused because another tab changed these keys: read them back soon (not
/// now: the caller may still be holding the entity's signal).
pub fn changed(state: AppState, keys: Vec<String>) {
    PENDING.with(|p| {
        let mut p = p.borrow_mut();
        for k in &keys {
            p.scope.add_key(Some(k));
        }
    });
    schedule(state, 0);
}

fn schedule(state: AppState, ms: i32) {
    let already = PENDING.with(|p| std::mem::replace(&mut p.borrow_mut().scheduled, true));
    if already {
        return;
    }
    set_timeout(
        move || read_back(state),
        std::time::Duration::from_millis(ms as u64),
    );
}

fn read_back(state: AppState) {
    PENDING.with(|p| p.borrow_mut().scheduled = false);
    // The other tab is in the middle of a multi-key write: wait for it to finish.
    let busy = state
        .session
        .try_with_value(|s| s.other_tab_writing())
        .unwrap_or(false);
    let wait = PENDING.with(|p| {
        let mut p = p.borrow_mut();
        if busy && p.retries < JOURNAL_RETRIES {
            p.retries += 1;
            true
        } else {
            p.retries = 0;
            false
        }
    });
    if wait {
        return schedule(state, GATHER_MS);
    }
    let scope = PENDING.with(|p| std::mem::take(&mut p.borrow_mut().scope));
    if scope.is_empty() {
        return;
    }
    if let Some(done) = state
        .session
        .try_update_value(|s| s.absorb(&scope))
        .flatten()
    {
        state.finish(done);
    }
}

/// The stored layout changed: if a newer Docket wrote it, this tab stops writing.
fn check_layout(state: AppState, value: Option<String>) {
    let Some(found) = value.and_then(|v| v.trim().parse::<u32>().ok()) else {
        return;
    };
    if found > SCHEMA_VERSION {
        let e = StorageError::NewerSchema {
            found,
            supported: SCHEMA_VERSION,
        };
        state.error(e.to_string());
        state.session.try_update_value(|s| s.set_read_only(e));
    }
}
