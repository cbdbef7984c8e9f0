//! One checklist template: its page header and tab bar, and the Items tab: the sections and
//! items editor (`items`, one row per item in `item_row`, its editor in `item_form`), with
//! drag and keyboard reordering, and the details form (`details`).

mod assign;
mod details;
mod item_form;
mod item_row;
mod items;

use super::{tab_bar, OpsNav, TabsShown};
use crate::domain::checklist::AnswerKind;
use crate::domain::{Env, Id, Res, Template};
use crate::ui::browser::today;
use crate::ui::route::{Route, TemplateTab};
use crate::ui::shell::{set_title, InlineEdit, NotFound};
use crate::ui::state::{use_state, AppState};
use details::DetailsForm;
use items::ItemsEditor;
use leptos::prelude::*;

#[component]
pub fn TemplatePage(id: Id, tab: TemplateTab) -> impl IntoView {
    let state = use_state();
    match state.template(&id) {
        Some(t) => view! { <TemplateShell template=t tab=tab/> }.into_any(),
        None => view! { <NotFound what="checklist" back=Route::Operations/> }.into_any(),
    }
}

/// Does the template's current version have runs (so item changes start a new version)?
fn current_version_in_use(state: AppState, template: RwSignal<Template>) -> bool {
    let (id, version) = template.with(|t| (t.id.clone(), t.version));
    state.runs.with(|v| {
        v.iter()
            .any(|s| s.with(|r| r.template == id && r.version == version))
    })
}

/// The header (name, version, schedule, actions) and tab bar above every tab.
#[component]
fn TemplateShell(template: RwSignal<Template>, tab: TemplateTab) -> impl IntoView {
    let state = use_state();
    provide_context(TabsShown);
    let id = template.with_untracked(|t| t.id.clone());
    let name = Signal::derive(move || template.with(|t| t.name.clone()));
    set_title(move || format!("{} — {}", name.get(), tab.label()));
    let rename = Callback::new(move |text: String| {
        state
            .edit_template(template, |t, env| t.rename(env, &text))
            .is_some()
    });
    let start = move |_| {
        if let Some(run) = state.start_run(template, today()) {
            state.go(Route::Run(run));
        }
    };
    let delete = {
        let id = id.clone();
        move |_| {
            let id = id.clone();
            let n = state.runs_of(&id).len();
            let label = name.get_untracked();
            let runs = match n {
                0 => "no runs".to_string(),
                1 => "its 1 run".to_string(),
                n => format!("its {n} runs"),
            };
            state.ask(
                format!("Delete checklist “{label}”?"),
                format!("The checklist and {runs} will be removed from this browser."),
                "Delete checklist",
                move || {
                    state.delete_template(&id);
                    state.go(Route::Operations);
                    state.announce(format!("Deleted checklist {label}."));
                },
            );
        }
    };
    let owner = move || {
        let owner = template.with(|t| t.owner.clone())?;
        state
            .people
            .with(|p| p.iter().find(|x| x.id == owner).map(|x| x.name.clone()))
    };
    let meta = move || {
        let mut parts = vec![template.with(|t| t.recurrence.describe())];
        let area = template.with(|t| t.area.clone());
        if !area.is_empty() {
            parts.push(area);
        }
        if let Some(o) = owner() {
            parts.push(format!("Owner: {o}"));
        }
        parts.join(" · ")
    };
    view! {
        <section class="page template-page">
            <OpsNav/>
            <div class="page-head template-head">
                <div class="title-block">
                    <h1 tabindex="-1">
                        <InlineEdit
                            value=name
                            field_label="Checklist name"
                            edit_label=Signal::derive(move || format!("Rename checklist {}", name.get()))
                            on_save=rename
                        />
                    </h1>
                    <p class="template-meta">
                        <span class="badge version-badge">
                            {move || format!("Version {}", template.with(|t| t.version))}
                        </span>
                        <span>{meta}</span>
                    </p>
                </div>
                <div class="template-actions">
                    <button class="primary" on:click=start>
                        "Start a run"
                    </button>
                    <crate::ui::exchange::ExportTemplateButton id=id.clone()/>
                    <button class="ghost danger-text" on:click=delete>
                        "Delete checklist"
                    </button>
                </div>
            </div>
            {tab_bar(id.clone(), tab)}
            {match tab {
                TemplateTab::Items => view! { <TemplateView template=template/> }.into_any(),
                TemplateTab::Runs => {
                    view! { <super::history::HistoryView template=template/> }.into_any()
                }
                TemplateTab::Analytics => {
                    view! { <super::analytics::AnalyticsView template=template/> }.into_any()
                }
                TemplateTab::Versions => {
                    view! { <super::versions::VersionsView template=template/> }.into_any()
                }
            }}
        </section>
    }
}

/// The Items tab: the versioning notice, the sections and items editor, and the details.
#[component]
fn TemplateView(template: RwSignal<Template>) -> impl IntoView {
    let state = use_state();
    let in_use = Memo::new(move |_| current_version_in_use(state, template));
    let version = move || template.with(|t| t.version);
    view! {
        <Show when=move || in_use.get()>
            <p class="version-notice" role="note">
                {move || {
                    let n = version();
                    format!(
                        "This checklist has runs: your changes start version {}; past runs keep version {n}.",
                        n + 1,
                    )
                }}
            </p>
        </Show>
        <div class="template-layout">
            <ItemsEditor template=template/>
            <DetailsForm template=template/>
        </div>
    }
}

/// Applies an item or section change through `state.revise_template` and returns the text
/// to add to an announcement when it started a new version.
fn revise<T>(
    state: AppState,
    template: RwSignal<Template>,
    op: impl FnOnce(&mut Template, &mut dyn Env) -> Res<T>,
) -> Option<(T, String)> {
    let before = template.with_untracked(|t| t.version);
    let out = state.revise_template(template, op)?;
    let after = template.with_untracked(|t| t.version);
    let note = if after > before {
        format!(" Version {after} started; past runs keep version {before}.")
    } else {
        String::new()
    };
    Some((out, note))
}

/// Where an item is now, for the announcement: "position 2 of 3 in section “Opening”".
fn position_text(t: &Template, x: &Id) -> String {
    let Some(place) = t.place_of(x) else {
        return String::new();
    };
    let section = match &place.section {
        Some(s) => t
            .sections
            .iter()
            .find(|x| &x.id == s)
            .map(|s| format!(" in section “{}”", s.name))
            .unwrap_or_default(),
        None if t.sections.is_empty() => String::new(),
        None => " before the first section".to_string(),
    };
    format!(
        "position {} of {}{section}",
        place.position + 1,
        place.count
    )
}

/// Runs an item move and announces where the item ended up.
fn moved(
    state: AppState,
    template: RwSignal<Template>,
    x: &Id,
    op: impl FnOnce(&mut Template, &mut dyn Env) -> Res<()>,
) -> bool {
    let before = template.with_untracked(|t| t.place_of(x));
    let Some(((), note)) = revise(state, template, op) else {
        return false;
    };
    let (text, place, pos) = template.with_untracked(|t| {
        (
            t.item(x).map(|i| i.text.clone()).unwrap_or_default(),
            t.place_of(x),
            position_text(t, x),
        )
    });
    if place != before {
        state.announce(format!("Moved “{text}” to {pos}.{note}"));
    } else {
        state.announce(format!("“{text}” stayed where it was."));
    }
    true
}

/// Answer kinds as the forms' select values.
fn answer_key(a: &AnswerKind) -> &'static str {
    match a {
        AnswerKind::Done => "done",
        AnswerKind::PassFail => "passfail",
        AnswerKind::Number { .. } => "number",
        AnswerKind::Text => "text",
    }
}

fn answer_options() -> impl IntoView {
    view! {
        <option value="done">"Done (a checkbox)"</option>
        <option value="passfail">"Pass / fail / N/A"</option>
        <option value="number">"Number (with unit and range)"</option>
        <option value="text">"Text"</option>
    }
}
