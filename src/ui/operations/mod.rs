//! The operations manager's side: checklist templates, their runs, and each run.

mod list;
mod run;
mod template;

pub use list::OperationsPage;
pub use run::RunPage;
pub use template::TemplatePage;

use crate::domain::{Run, Template};
use leptos::prelude::*;

/// "4 of 7 done" with a progress bar, for a run of a template.
#[component]
pub fn RunProgress(run: RwSignal<Run>, template: RwSignal<Template>) -> impl IntoView {
    let progress = Memo::new(move |_| template.with(|t| run.with(|r| r.progress(t))));
    let label = move || {
        let (done, total) = progress.get();
        let pct = (done * 100).checked_div(total).unwrap_or(0);
        format!("{done} of {total} done ({pct}%)")
    };
    view! {
        <span class="run-progress">
            <progress
                max=move || progress.get().1.max(1)
                value=move || progress.get().0
                aria-label=label
            ></progress>
            <span class="run-progress-text">{label}</span>
        </span>
    }
}
