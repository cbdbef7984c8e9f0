//! The browser's localStorage behind the [`KvStore`] seam, through gloo-storage.

use super::{KvStore, StorageError};
use gloo_storage::{LocalStorage, Storage};
use wasm_bindgen::{JsCast, JsValue};

/// localStorage of this page's origin.
pub struct LocalStore {
    raw: web_sys::Storage,
}

impl LocalStore {
    /// Opens localStorage, or says why it can't be used (disabled, blocked by settings).
    pub fn open() -> Result<LocalStore, StorageError> {
        // gloo-storage's handle, once the window says localStorage may be used.
        Self::open_with(
            |w| Ok(w.local_storage()?.map(|_| LocalStorage::raw())),
            "local storage",
        )
    }

    /// This tab's sessionStorage instead (never shared with other tabs, gone when the tab
    /// closes): a scratch store for rehearsing writes (see `ui::projects::board`), so they
    /// reach neither the user's data nor another tab.
    pub fn session() -> Result<LocalStore, StorageError> {
        Self::open_with(web_sys::Window::session_storage, "session storage")
    }

    fn open_with(
        get: fn(&web_sys::Window) -> Result<Option<web_sys::Storage>, JsValue>,
        what: &str,
    ) -> Result<LocalStore, StorageError> {
        let window =
            web_sys::window().ok_or_else(|| StorageError::Unavailable("no window".into()))?;
        match get(&window) {
            Ok(Some(raw)) => Ok(LocalStore { raw }),
            Ok(None) => Err(StorageError::Unavailable(format!(
                "{what} is not available"
            ))),
            Err(e) => Err(to_error(e)),
        }
    }

    /// Removes every `docket:` key (for the scratch store: what a rehearsal wrote).
    pub fn clear_docket_keys(&mut self) {
        if let Ok(keys) = self.keys() {
            for k in keys.iter().filter(|k| k.starts_with("docket:")) {
                let _ = self.remove(k);
            }
        }
    }
}

/// Maps a thrown DOMException to our error: QuotaExceededError means the store is full.
fn to_error(e: JsValue) -> StorageError {
    if let Some(ex) = e.dyn_ref::<web_sys::DomException>() {
        let name = ex.name();
        if name == "QuotaExceededError" || name == "NS_ERROR_DOM_QUOTA_REACHED" {
            return StorageError::Quota;
        }
        return StorageError::Unavailable(format!("{name}: {}", ex.message()));
    }
    StorageError::Unavailable(format!("{e:?}"))
}

impl KvStore for LocalStore {
    fn get(&self, key: &str) -> Result<Option<String>, StorageError> {
        self.raw.get_item(key).map_err(to_error)
    }

    fn set(&mut self, key: &str, value: &str) -> Result<(), StorageError> {
        self.raw.set_item(key, value).map_err(to_error)
    }

    fn remove(&mut self, key: &str) -> Result<(), StorageError> {
        self.raw.remove_item(key).map_err(to_error)
    }

    fn keys(&self) -> Result<Vec<String>, StorageError> {
        let n = self.raw.length().map_err(to_error)?;
        let mut out = Vec::with_capacity(n as usize);
        for i in 0..n {
            if let Some(k) = self.raw.key(i).map_err(to_error)? {
                out.push(k);
            }
        }
        Ok(out)
    }
}
