//! The progress tab of a project.

use crate::domain::Project;
use leptos::prelude::*;

/// The progress tab.
#[component]
pub fn ProgressView(project: RwSignal<Project>) -> impl IntoView {
    let _ = project;
    view! { <p>"Progress"</p> }
}
