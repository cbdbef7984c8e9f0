//! The risks tab of a project.

use crate::domain::Project;
use leptos::prelude::*;

/// The risks tab.
#[component]
pub fn RisksView(project: RwSignal<Project>) -> impl IntoView {
    let _ = project;
    view! { <p>"Risks"</p> }
}
