//! Project templates (issue 19 part 6): "Save as template" on a project's page, and on the
//! Projects page a project started from a template, the templates listed, deleted. What a
//! template holds and how a project is made from it is `domain::project_template`; every
//! change goes through the session. A refusal is said next to the field it is about.

use crate::domain::project_template;
use crate::domain::Id;
use crate::ui::browser::{focus_later, today};
use crate::ui::route::{ProjectTab, Route};
use crate::ui::state::use_state;
use leptos::prelude::*;

/// A project's "Save as template": a disclosure with the template's name and whether its
/// cards come along.
#[component]
pub fn SaveAsTemplate(project: Id, #[prop(into)] name: Signal<String>) -> impl IntoView {
    let state = use_state();
    let project = StoredValue::new(project);
    let open = RwSignal::new(false);
    let text = RwSignal::new(String::new());
    let cards = RwSignal::new(true);
    let error = RwSignal::new(None::<String>);
    let done = RwSignal::new(None::<String>);
    let toggle = move |_| {
        let now = !open.get_untracked();
        open.set(now);
        if now {
            text.set(name.get_untracked());
            error.set(None);
            done.set(None);
            focus_later("#template-name".into());
        }
    };
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let n = text.get_untracked();
        match project.with_value(|id| state.save_as_template(id, &n, cards.get_untracked())) {
            Ok(_) => {
                error.set(None);
                open.set(false);
                let msg = format!(
                    "Saved as the template “{}”: start a project from it on the Projects page.",
                    n.trim()
                );
                state.announce(msg.clone());
                done.set(Some(msg));
            }
            Err(e) => {
                error.set(Some(e.to_string()));
                focus_later("#template-name".into());
            }
        }
    };
    let invalid = move || error.with(Option::is_some).then_some("true");
    view! {
        <div class="save-template">
            <button
                type="button"
                class="small"
                aria-expanded=move || if open.get() { "true" } else { "false" }
                aria-controls=move || open.get().then_some("save-template-form")
                on:click=toggle
            >
                "Save as template"
            </button>
            {move || open.get().then(|| view! {
                <form id="save-template-form" class="save-template-form" on:submit=save>
                    <label for="template-name">"Template name"</label>
                    <input
                        id="template-name"
                        bind:value=text
                        aria-invalid=invalid
                        aria-describedby=move || error.with(Option::is_some).then_some("template-name-error")
                    />
                    {move || error.get().map(|e| view! { <p class="field-error" id="template-name-error">{e}</p> })}
                    <label class="check">
                        <input type="checkbox" bind:checked=cards/>
                        "Include the cards (dates kept relative to the start)"
                    </label>
                    <div class="field-row">
                        <button type="submit" class="small primary">"Save template"</button>
                        <button type="button" class="small" on:click=move |_| open.set(false)>"Cancel"</button>
                    </div>
                </form>
            })}
            {move || done.get().map(|m| view! {
                <p class="template-saved">{m}" "<a href=Route::Projects.href()>"Projects"</a></p>
            })}
        </div>
    }
}

/// The Projects page's templates: start a project from one, and the list (delete).
#[component]
pub fn TemplatesPanel() -> impl IntoView {
    let state = use_state();
    let chosen = RwSignal::new(String::new());
    let name = RwSignal::new(String::new());
    let start = RwSignal::new(today().to_string());
    // (the field at fault: "template", "name" or "start"; the message)
    let error = RwSignal::new(None::<(&'static str, String)>);
    let start_project = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let t = chosen.get_untracked();
        if t.is_empty() {
            error.set(Some(("template", "Pick a template first.".into())));
            focus_later("#from-template".into());
            return;
        }
        let Some(day) = crate::domain::dates::parse_day(start.get_untracked().trim()) else {
            error.set(Some(("start", "Pick the project's start date.".into())));
            focus_later("#from-template-start".into());
            return;
        };
        match state.start_from_template(&Id(t), &name.get_untracked(), day) {
            Ok(id) => {
                error.set(None);
                name.set(String::new());
                state.go(Route::Project(id, ProjectTab::Board));
            }
            Err(e) => {
                error.set(Some(("name", e.to_string())));
                focus_later("#from-template-name".into());
            }
        }
    };
    let err = move |field: &'static str| {
        move || {
            error.with(|e| {
                e.as_ref()
                    .filter(|(f, _)| *f == field)
                    .map(|(_, m)| m.clone())
            })
        }
    };
    let described = move |field: &'static str, id: &'static str| move || err(field)().map(|_| id);
    let options = move || {
        state.project_templates.with(|list| {
            list.iter()
                .map(|t| view! { <option value=t.id.to_string()>{t.name.clone()}</option> })
                .collect_view()
        })
    };
    let any = Memo::new(move |_| state.project_templates.with(|l| !l.is_empty()));
    view! {
        <section class="templates-panel" aria-labelledby="templates-title">
            <h2 id="templates-title">"Start from a template"</h2>
            {move || if !any.get() {
                view! {
                    <p class="muted">"No project templates yet: open a project and choose “Save as template”."</p>
                }.into_any()
            } else { view! {
                <form class="template-form" on:submit=start_project>
                    <div class="filter-field">
                        <label for="from-template">"Template"</label>
                        <select
                            id="from-template"
                            bind:value=chosen
                            aria-invalid=move || err("template")().map(|_| "true")
                            aria-describedby=described("template", "from-template-error")
                        >
                            <option value="">"Choose…"</option>
                            {options}
                        </select>
                        {move || err("template")().map(|m| view! { <p class="field-error" id="from-template-error">{m}</p> })}
                    </div>
                    <div class="filter-field">
                        <label for="from-template-name">"Project name"</label>
                        <input
                            id="from-template-name"
                            bind:value=name
                            placeholder="e.g. Office move to Harbour Street"
                            aria-invalid=move || err("name")().map(|_| "true")
                            aria-describedby=described("name", "from-template-name-error")
                        />
                        {move || err("name")().map(|m| view! { <p class="field-error" id="from-template-name-error">{m}</p> })}
                    </div>
                    <div class="filter-field">
                        <label for="from-template-start">"Starts on"</label>
                        <input
                            id="from-template-start"
                            type="date"
                            bind:value=start
                            aria-invalid=move || err("start")().map(|_| "true")
                            aria-describedby=described("start", "from-template-start-error")
                        />
                        {move || err("start")().map(|m| view! { <p class="field-error" id="from-template-start-error">{m}</p> })}
                    </div>
                    <button type="submit" class="primary">"Start project"</button>
                </form>
                <ul class="template-list" aria-label="Project templates">
                    <For
                        each=move || state.project_templates.get()
                        key=|t| (t.id.clone(), t.updated)
                        let:t
                    >
                        <TemplateItem id=t.id.clone() name=t.name.clone() what=summary(&t)/>
                    </For>
                </ul>
            }.into_any() }}
        </section>
    }
}

/// "4 columns, 12 cards, 3 risks · 70 days" and what it is for.
fn summary(t: &project_template::ProjectTemplate) -> String {
    let n = |k: usize, one: &str, many: &str| {
        if k == 1 {
            format!("1 {one}")
        } else {
            format!("{k} {many}")
        }
    };
    let p = &t.project;
    let mut s = format!(
        "{}, {}, {}",
        n(p.columns.len(), "column", "columns"),
        n(p.cards.len(), "card", "cards"),
        n(p.risks.len(), "risk", "risks")
    );
    if let Some(d) = t.length_days() {
        s.push_str(&format!(" · {d} days"));
    }
    if !t.description.is_empty() {
        s.push_str(" · ");
        s.push_str(&t.description);
    }
    s
}

#[component]
fn TemplateItem(id: Id, name: String, what: String) -> impl IntoView {
    let state = use_state();
    let title = name.clone();
    let delete = move |_| {
        let id = id.clone();
        let n = title.clone();
        state.ask(
            format!("Delete the template “{n}”?"),
            "Projects started from it keep everything they have.".into(),
            "Delete template",
            move || {
                let id = id.clone();
                match state.edit_project_templates(|list, _| project_template::remove(list, &id)) {
                    Ok(_) => state.announce(format!("Deleted the template “{n}”.")),
                    Err(e) => state.error(e.to_string()),
                }
            },
        );
    };
    view! {
        <li class="template-item">
            <div>
                <strong dir="auto">{name.clone()}</strong>
                <span class="muted">" "{what}</span>
            </div>
            <button type="button" class="small" aria-label=format!("Delete template {name}") on:click=delete>
                "Delete"
            </button>
        </li>
    }
}
