//! The timeline tab of a project.

use crate::domain::Project;
use leptos::prelude::*;

/// The timeline tab.
#[component]
pub fn TimelineView(project: RwSignal<Project>) -> impl IntoView {
    let _ = project;
    view! { <p>"Timeline"</p> }
}
