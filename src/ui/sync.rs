//! Keeping what is stored and what is on screen in step, whatever the tabs do.
//!
//! - **Hidden or closed**: on `visibilitychange` (hidden) and `pagehide`, a text field being
//!   typed in is committed as Enter would (its form is submitted) and blurred, so an edit
//!   made right before the tab closes is saved. Writes are synchronous otherwise.
//! - **Another tab wrote**: the `storage` event names the key. Keys arriving together
//!   (a burst, or one multi-key write) are gathered for a moment and read back once, only
//!   the entities they name ([`Scope`]); [`AppState::absorb`] merges them with this tab's.
//!   A write refused because another tab changed the record first
//!   ([`StorageError::Changed`]) goes the same way.
//! - **A newer Docket upgraded the store**: this tab stops writing and asks for a reload.

use super::state::AppState;
use crate::domain::Id;
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
        .with_repo(|r| {
            use crate::storage::KvStore;
            r.store().get(JOURNAL_KEY).ok().flatten().is_some()
        })
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
    let read_only = state.with_repo(|r| r.read_only().is_some()).unwrap_or(true);
    if read_only {
        return;
    }
    let Some(loaded) = state.with_repo(|r| r.load_scope(&scope)) else {
        return;
    };
    state.absorb(loaded.workspace, &scope);
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
        state.with_repo(|r| r.set_read_only(e));
    }
}

/// Makes the entity signals named by a scope match `items` (merged): changed ones are set,
/// new ones get a signal, ones in scope that are gone are dropped; the others stay as they
/// are. Returns whether any signal of the list changed.
pub(crate) fn absorb_list<T: Clone + PartialEq + Send + Sync + 'static>(
    state: &AppState,
    list: RwSignal<Vec<RwSignal<T>>>,
    items: Vec<T>,
    id: impl Fn(&T) -> &Id,
    in_scope: impl Fn(&T) -> bool,
) -> bool {
    let mut items: std::collections::HashMap<Id, T> =
        items.into_iter().map(|x| (id(&x).clone(), x)).collect();
    let mut out = Vec::new();
    let mut members = false;
    let mut changed = false;
    for sig in list.get_untracked() {
        let key = sig.with_untracked(|x| id(x).clone());
        match items.remove(&key) {
            Some(item) => {
                if sig.with_untracked(|x| x != &item) {
                    sig.set(item);
                    changed = true;
                }
                out.push(sig);
            }
            None if sig.with_untracked(|x| in_scope(x)) => members = true,
            None => out.push(sig),
        }
    }
    let mut new: Vec<T> = items.into_values().collect();
    new.sort_by(|a, b| id(a).cmp(id(b)));
    for item in new {
        out.push(state.entity(item));
        members = true;
    }
    if members {
        list.set(out);
    }
    changed || members
}
