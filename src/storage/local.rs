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
        let window =
            web_sys::window().ok_or_else(|| StorageError::Unavailable("no window".into()))?;
        match window.local_storage() {
            // gloo-storage's handle, once the window says localStorage may be used.
            Ok(Some(_)) => Ok(LocalStore {
                raw: LocalStorage::raw(),
            }),
            Ok(None) => Err(StorageError::Unavailable(
                "local storage is not available".into(),
            )),
            Err(e) => Err(to_error(e)),
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
