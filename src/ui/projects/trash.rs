//! The trash tab of a project.

use crate::domain::Project;
use leptos::prelude::*;

/// The trash tab.
#[component]
pub fn TrashView(project: RwSignal<Project>) -> impl IntoView {
    let _ = project;
    view! { <p>"Trash"</p> }
}
