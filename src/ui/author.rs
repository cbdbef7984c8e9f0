//! Who is using Docket in this browser: the person of the directory that comments and the
//! history name (`localStorage["docket:me"]`, one per browser, not part of the workspace).

use crate::domain::Id;

/// Where the choice is remembered.
pub const KEY: &str = "docket:me";

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

/// The remembered person's id, if any.
pub fn stored() -> Option<Id> {
    let v = storage()?.get_item(KEY).ok().flatten()?;
    Id::is_well_formed(&v).then_some(Id(v))
}

/// Remembers the choice (`None` forgets it). A refusal (storage full or off) only means
/// the choice is not remembered after a reload.
pub fn store(who: Option<&Id>) {
    if let Some(s) = storage() {
        let _ = match who {
            Some(id) => s.set_item(KEY, id.as_str()),
            None => s.remove_item(KEY),
        };
    }
}
