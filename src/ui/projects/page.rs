//! A project's page: its header (name, status, dates, undo and redo), the tabs, and the card
//! dialog that every tab can open.

use super::board::BoardView;
use super::list::StatusBadge;
use super::report::ClosedNote;
use super::OpenCard;
use crate::domain::{Id, Project};
use crate::ui::browser::long_date;
use crate::ui::lazy::later;
use crate::ui::route::{ProjectTab, Route};
use crate::ui::shell::{set_title, InlineEdit, NotFound};
use crate::ui::state::use_state;
use leptos::prelude::*;

/// The project behind a link, or a friendly "not here". With `card` (a card's link), the
/// board opens with that card's dialog, or says the card is not on it.
#[component]
pub fn ProjectPage(id: Id, tab: ProjectTab, card: Option<Id>) -> impl IntoView {
    let state = use_state();
    match state.project(&id) {
        Some(project) => view! { <ProjectView project=project tab=tab card=card/> }.into_any(),
        None => view! { <NotFound what="project" back=Route::Projects/> }.into_any(),
    }
}

#[component]
fn ProjectView(project: RwSignal<Project>, tab: ProjectTab, card: Option<Id>) -> impl IntoView {
    let state = use_state();
    let id = project.with_untracked(|p| p.id.clone());
    // A memo: the title and heading are set again only when the name changes, not on every
    // edit of the project (a card move).
    let name = Memo::new(move |_| project.with(|p| p.name.clone()));
    set_title(move || format!("{} — {}", name.get(), tab.label()));
    // A card's link opens its dialog; a card not on the board is said so above it.
    let missing = card
        .as_ref()
        .filter(|c| project.with_untracked(|p| p.card(c).is_none()))
        .map(|c| format!("There is no card {c} on this board: it may have been deleted or not imported here."));
    let open_card = OpenCard(RwSignal::new(card.filter(|_| missing.is_none())));
    provide_context(open_card);
    let opened = Memo::new(move |was: Option<&bool>| {
        was.copied().unwrap_or(false) || open_card.0.with(Option::is_some)
    });
    // On the board the address follows the dialog: the card's own link while it is open
    // (to copy or reload), the board's once it closes. (No hashchange: the page stays.)
    if tab == ProjectTab::Board {
        let pid = id.clone();
        Effect::new(move |prev: Option<()>| {
            let href = match open_card.0.get() {
                Some(c) => Route::Card(pid.clone(), c).href(),
                None => Route::Project(pid.clone(), tab).href(),
            };
            if prev.is_some() {
                if let Ok(h) = window().history() {
                    let _ = h.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&href));
                }
            }
        });
    }
    let rename = Callback::new(move |text: String| {
        state
            .edit_project(project, "rename project", |p, env| p.rename(env, &text))
            .is_some()
    });
    let tabs = ProjectTab::ALL
        .into_iter()
        .map(|t| {
            let href = Route::Project(id.clone(), t).href();
            view! {
                <a href=href class="tab" aria-current=(t == tab).then_some("page")>
                    {t.label()}
                </a>
            }
        })
        .collect_view();
    view! {
        <section class="page project-page" class:board-page=tab == ProjectTab::Board class:table-page=tab == ProjectTab::Table>
            <nav class="crumbs" aria-label="Breadcrumb">
                <a href=Route::Projects.href()>"Projects"</a>
            </nav>
            <div class="page-head">
                <div class="title-block">
                    <h1 tabindex="-1">
                        <InlineEdit
                            value=name
                            field_label="Project name"
                            edit_label=Signal::derive(move || format!("Rename project {}", name.get()))
                            on_save=rename
                        />
                    </h1>
                    <ProjectSummary project=project/>
                </div>
                <div class="undo-redo">
                    <crate::ui::shell::UndoButtons/>
                    <crate::ui::exchange::ExportProjectButton id=id.clone()/>
                    <super::templates::SaveAsTemplate project=id.clone() name=name/>
                </div>
            </div>
            <nav class="tabs" aria-label="Project views">{tabs}</nav>
            {missing.map(|m| view! { <p class="dialog-error card-missing" role="alert">{m}</p> })}
            <ClosedNote project=project/>
            {match tab {
                ProjectTab::Board => view! { <BoardView project=project/> }.into_any(),
                ProjectTab::Table => later(move || tabs::table(project)),
                ProjectTab::Charter => later(move || tabs::charter(project)),
                ProjectTab::Timeline => later(move || tabs::timeline(project)),
                ProjectTab::Risks => later(move || tabs::risks(project)),
                ProjectTab::Progress => later(move || tabs::progress(project)),
                ProjectTab::Report => later(move || tabs::report(project)),
                ProjectTab::Activity => later(move || tabs::activity(project)),
                ProjectTab::Trash => later(move || tabs::trash(project)),
            }}
            // The dialog's code loads with the first card opened (crate::ui::lazy).
            {move || {
                opened.get().then(|| later(move || tabs::card_dialog(project, open_card.0)))
            }}
        </section>
    }
}

#[component]
fn ProjectSummary(project: RwSignal<Project>) -> impl IntoView {
    let dates = move || {
        project.with(|p| match (p.start, p.target_end) {
            (Some(s), Some(e)) => format!("{} → {}", long_date(s), long_date(e)),
            (Some(s), None) => format!("From {}", long_date(s)),
            (None, Some(e)) => format!("Due {}", long_date(e)),
            (None, None) => "No dates yet".into(),
        })
    };
    view! {
        <p class="summary">
            <StatusBadge status=Signal::derive(move || project.with(|p| p.status))/>
            <span>{dates}</span>
        </p>
        <p class="objective">
            {move || project.with(|p| p.objective.clone())}
        </p>
    }
}

/// The tabs other than the board, each in a part of the app of its own (`crate::ui::lazy`).
mod tabs {
    use crate::domain::{Id, Project};
    use crate::ui::lazy::lazy;
    use leptos::prelude::*;

    lazy! {
        table(project: RwSignal<Project>) -> AnyView { view! { <super::super::table::TableView project=project/> }.into_any() }
        charter(project: RwSignal<Project>) -> AnyView { view! { <super::super::charter::CharterView project=project/> }.into_any() }
        timeline(project: RwSignal<Project>) -> AnyView { view! { <super::super::timeline::TimelineView project=project/> }.into_any() }
        risks(project: RwSignal<Project>) -> AnyView { view! { <super::super::risks::RisksView project=project/> }.into_any() }
        progress(project: RwSignal<Project>) -> AnyView { view! { <super::super::progress::ProgressView project=project/> }.into_any() }
        report(project: RwSignal<Project>) -> AnyView { view! { <super::super::report::ReportView project=project/> }.into_any() }
        activity(project: RwSignal<Project>) -> AnyView { view! { <super::super::activity::ActivityView project=project/> }.into_any() }
        card_dialog(project: RwSignal<Project>, open: RwSignal<Option<Id>>) -> AnyView {
            view! { <super::super::card_dialog::CardDialog project=project open=open/> }.into_any()
        }
        trash(project: RwSignal<Project>) -> AnyView { view! { <super::super::trash::TrashView project=project/> }.into_any() }
    }
}
