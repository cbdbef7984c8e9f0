//! The registers through the app state (issue 20): each call goes through the session, a
//! refusal is returned for the form to show beside its cause.

use super::AppState;
use crate::domain::registers::Entry;
use crate::domain::{DomainError, Id, Run};
use leptos::prelude::*;

impl AppState {
    /// Adds an entry to its register (a refusal is for the form to show); gives its id.
    pub fn add_entry<T: Entry>(&self, f: T::Fields) -> Result<Id, DomainError> {
        self.try_call(|s| s.add_entry::<T>(f))
    }

    /// Changes an entry's fields.
    pub fn edit_entry<T: Entry>(&self, id: &Id, f: T::Fields) -> Result<(), DomainError> {
        self.try_call(|s| s.edit_entry::<T>(id, f))
    }

    /// Removes an entry (refused, with the reason, while others point at it).
    pub fn remove_entry<T: Entry>(&self, id: &Id) -> Result<(), DomainError> {
        self.try_call(|s| s.remove_entry::<T>(id))
    }

    /// Records a review of a policy today by the person using Docket.
    pub fn review_policy(&self, id: &Id, on: chrono::NaiveDate) -> Option<chrono::NaiveDate> {
        self.call(|s| s.review_policy(id, on))
    }

    /// Records the asset a run is on (and so its site).
    pub fn set_run_asset(&self, run: &Id, asset: Option<&Id>) -> Option<()> {
        self.call(|s| s.set_run_asset(run, asset))
    }

    /// Completes a run with its sign-off and sets the stock it counted.
    pub fn complete_run(
        &self,
        run: RwSignal<Run>,
        today: chrono::NaiveDate,
        name: Option<&str>,
        signature: Option<String>,
    ) -> Option<Vec<Id>> {
        let id = run.with_untracked(|r| r.id.clone());
        self.call(|s| s.complete_run(&id, today, name, signature))
    }
}
