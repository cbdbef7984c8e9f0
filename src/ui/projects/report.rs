//! The report tab of a project.

use crate::domain::Project;
use leptos::prelude::*;

/// The report tab.
#[component]
pub fn ReportView(project: RwSignal<Project>) -> impl IntoView {
    let _ = project;
    view! { <p>"Report"</p> }
}
