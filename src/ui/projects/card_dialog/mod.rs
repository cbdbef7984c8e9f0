//! The card dialog: every field of a card, keyboard operable. One rule for the whole dialog:
//! every field of the card (title, text, dates, priority, labels, assignees, estimate, costs,
//! subtasks, blockers) is a draft, saved together with "Save card" and dropped by Cancel;
//! closing with unsaved changes asks first (Save / Discard / Keep editing). A new label or
//! person joins the project's labels or the people directory at once (they are not the
//! card's). Enter in a sub-field adds to that sub-field. `lists`: subtasks and blockers.

mod lists;
mod records;

use crate::domain::board::{CardDraft, CardFields};
use crate::domain::project::{format_cents, parse_cents, Subtask, LABEL_COLOURS};
use crate::domain::{Id, Priority, Project};
use crate::ui::browser::focus_later;
use crate::ui::state::use_state;
use chrono::NaiveDate;
use leptos::html::Dialog;
use leptos::prelude::*;

fn date_text(d: Option<NaiveDate>) -> String {
    d.map(|d| d.to_string()).unwrap_or_default()
}

fn parse_date(s: &str) -> Option<NaiveDate> {
    crate::domain::dates::parse_day(s)
}

fn cents_text(c: Option<i64>) -> String {
    c.map(|c| format_cents(c, "").replace(',', ""))
        .unwrap_or_default()
}

/// The draft of the saved-together fields while the dialog is open.
#[derive(Clone, Copy)]
struct Draft {
    title: RwSignal<String>,
    description: RwSignal<String>,
    start: RwSignal<String>,
    due: RwSignal<String>,
    priority: RwSignal<String>,
    milestone: RwSignal<bool>,
    estimate: RwSignal<String>,
    cost_planned: RwSignal<String>,
    cost_actual: RwSignal<String>,
    labels: RwSignal<Vec<Id>>,
    assignees: RwSignal<Vec<Id>>,
    subtasks: RwSignal<Vec<Subtask>>,
    blockers: RwSignal<Vec<Id>>,
    /// What the draft held when the dialog opened (to tell unsaved changes).
    initial: StoredValue<Values>,
    /// The card as the dialog opened it: saving applies only what the person changed since.
    opened: StoredValue<CardDraft>,
}

/// Everything the draft holds, as plain values.
type Values = (Vec<String>, bool, Vec<Vec<Id>>, Vec<Subtask>);

impl Draft {
    fn new() -> Self {
        Draft {
            title: RwSignal::new(String::new()),
            description: RwSignal::new(String::new()),
            start: RwSignal::new(String::new()),
            due: RwSignal::new(String::new()),
            priority: RwSignal::new("none".into()),
            milestone: RwSignal::new(false),
            estimate: RwSignal::new(String::new()),
            cost_planned: RwSignal::new(String::new()),
            cost_actual: RwSignal::new(String::new()),
            labels: RwSignal::new(Vec::new()),
            assignees: RwSignal::new(Vec::new()),
            subtasks: RwSignal::new(Vec::new()),
            blockers: RwSignal::new(Vec::new()),
            initial: StoredValue::new(Default::default()),
            opened: StoredValue::new(Default::default()),
        }
    }

    fn values(&self) -> Values {
        let text = [
            self.title,
            self.description,
            self.start,
            self.due,
            self.priority,
            self.estimate,
            self.cost_planned,
            self.cost_actual,
        ];
        (
            text.iter().map(|t| t.get_untracked()).collect(),
            self.milestone.get_untracked(),
            [self.labels, self.assignees, self.blockers]
                .iter()
                .map(|l| l.get_untracked())
                .collect(),
            self.subtasks.get_untracked(),
        )
    }

    /// Has anything changed since the dialog opened?
    fn dirty(&self) -> bool {
        self.initial.with_value(|v| v != &self.values())
    }

    fn fill(&self, opened: CardDraft) {
        self.opened.set_value(opened.clone());
        let CardDraft {
            fields: f,
            subtasks,
            blockers,
        } = opened;
        self.title.set(f.title);
        self.description.set(f.description);
        self.start.set(date_text(f.start));
        self.due.set(date_text(f.due));
        self.priority.set(f.priority.key().into());
        self.milestone.set(f.milestone);
        self.estimate
            .set(f.estimate.map(|e| e.to_string()).unwrap_or_default());
        self.cost_planned.set(cents_text(f.cost_planned));
        self.cost_actual.set(cents_text(f.cost_actual));
        self.labels.set(f.labels);
        self.assignees.set(f.assignees);
        self.subtasks.set(subtasks);
        self.blockers.set(blockers);
        self.initial.set_value(self.values());
    }

    /// The fields as typed, or a message saying which one can't be read.
    fn fields(&self) -> Result<CardFields, String> {
        let number = |s: String, what: &str| -> Result<Option<f64>, String> {
            let t = s.trim().replace(',', ".");
            if t.is_empty() {
                return Ok(None);
            }
            t.parse::<f64>()
                .map(Some)
                .map_err(|_| format!("The {what} “{s}” is not a number: type e.g. 3 or 2.5."))
        };
        let money = |s: String, what: &str| -> Result<Option<i64>, String> {
            if s.trim().is_empty() {
                return Ok(None);
            }
            parse_cents(&s).map(Some).ok_or_else(|| {
                format!("The {what} “{s}” is not an amount: type e.g. 1200 or 1,200.50.")
            })
        };
        let date = |s: String, what: &str| -> Result<Option<NaiveDate>, String> {
            if s.trim().is_empty() {
                return Ok(None);
            }
            parse_date(&s)
                .map(Some)
                .ok_or_else(|| format!("The {what} “{s}” is not a date."))
        };
        Ok(CardFields {
            title: self.title.get_untracked(),
            description: self.description.get_untracked(),
            start: date(self.start.get_untracked(), "start date")?,
            due: date(self.due.get_untracked(), "due date")?,
            priority: Priority::from_key(&self.priority.get_untracked()).unwrap_or_default(),
            milestone: self.milestone.get_untracked(),
            estimate: number(self.estimate.get_untracked(), "estimate")?,
            cost_planned: money(self.cost_planned.get_untracked(), "planned cost")?,
            cost_actual: money(self.cost_actual.get_untracked(), "actual cost")?,
            labels: self.labels.get_untracked(),
            assignees: self.assignees.get_untracked(),
        })
    }
}

#[component]
pub fn CardDialog(project: RwSignal<Project>, open: RwSignal<Option<Id>>) -> impl IntoView {
    let state = use_state();
    let dialog = NodeRef::<Dialog>::new();
    let draft = Draft::new();
    let touch = crate::ui::browser::touch_screen();
    // "Save changes?" shown in place of the dialog's buttons.
    let asking = RwSignal::new(false);
    // The comment being written (not part of the card's draft: added on its own).
    let comment = RwSignal::new(String::new());
    Effect::new(move |_| {
        let Some(d) = dialog.get() else { return };
        match open.get() {
            Some(id) => match project.with_untracked(|p| p.card(&id).map(CardDraft::of)) {
                Some(opened) => {
                    asking.set(false);
                    comment.set(String::new());
                    draft.fill(opened);
                    state.notice.set(None);
                    if !d.open() {
                        // The form is built when a card opens (see the view): on the next
                        // frame it is on the page, so the dialog opens with focus in it.
                        request_animation_frame(move || {
                            if !d.open() && open.with_untracked(Option::is_some) {
                                let _ = d.show_modal();
                            }
                        });
                    }
                }
                None => open.set(None),
            },
            None => {
                if d.open() {
                    d.close();
                }
            }
        }
    });
    let close = move || open.set(None);
    // Cancel, Escape or any other way out: asks first when something is unsaved.
    let request_close = move || {
        if draft.dirty() || !comment.get_untracked().trim().is_empty() {
            asking.set(true);
            focus_later(".unsaved-prompt .primary".into());
        } else {
            close();
        }
    };
    let keep_editing = move || {
        asking.set(false);
        focus_later("#card-title".into());
    };
    let card_id = move || open.get_untracked();
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        asking.set(false);
        let Some(id) = card_id() else { return };
        let fields = match draft.fields() {
            Ok(f) => f,
            Err(msg) => return state.error(msg),
        };
        let mine = CardDraft {
            fields,
            subtasks: draft.subtasks.get_untracked(),
            blockers: draft.blockers.get_untracked(),
        };
        let opened = draft.opened.get_value();
        // A comment still in its box is kept too.
        records::post(state, project, &id, comment);
        // It changes this card only: the session copies and compares that card, not the
        // whole board.
        if let Some(clashes) = state.edit_card(project, "edit card", &id, |p, env| {
            p.save_card_draft(env, &id, &opened, mine)
        }) {
            state.saved("Card", &clashes);
            close();
        }
    };
    let delete = move |_| {
        let Some(id) = card_id() else { return };
        let t = draft.title.get_untracked();
        state.ask(
            format!("Delete card “{t}”?"),
            "The card goes to the project's trash, where you can restore it.".into(),
            "Delete card",
            move || {
                state.edit_project(project, "delete card", |p, env| p.delete_card(env, &id));
                open.set(None);
                state.announce(format!("Deleted card {t}."));
                focus_later(".add-card input".into());
            },
        );
    };
    let archived = Memo::new(move |_| {
        open.get()
            .and_then(|id| project.with(|p| p.card(&id).map(|c| c.archived)))
            .unwrap_or(false)
    });
    let toggle_archive = move |_| {
        let Some(id) = card_id() else { return };
        let to = !archived.get_untracked();
        let label = if to { "archive card" } else { "restore card" };
        if state
            .edit_card(project, label, &id, |p, env| p.set_archived(env, &id, to))
            .is_some()
        {
            state.announce(if to {
                "Card archived."
            } else {
                "Card restored to the board."
            });
            if to {
                close();
            }
        }
    };
    // Refusals show inside the dialog too: the page's banner is behind the modal backdrop.
    let dialog_error = move || state.error_text();
    view! {
        <dialog
            node_ref=dialog
            class="dialog card-dialog"
            aria-labelledby="card-dialog-title"
            on:close=move |_| close()
            on:cancel=move |ev: leptos::ev::Event| {
                ev.prevent_default();
                if !asking.get_untracked() {
                    request_close();
                }
            }
            on:keydown=move |ev| {
                if ev.key() == "Escape" {
                    // Handled here (no cancel event follows): Escape asks, or answers
                    // "Keep editing" when the question is showing.
                    ev.prevent_default();
                    if asking.get_untracked() {
                        keep_editing();
                    } else {
                        request_close();
                    }
                }
            }
        >
            // Built only while a card is open: a board shows no form until one is asked for.
            <Show when=move || open.with(Option::is_some)>
            <form on:submit=save>
                // On touch screens focus starts on the heading, not in the title field (the
                // keyboard would cover the dialog).
                <h2 id="card-dialog-title" tabindex=touch.then_some("-1") autofocus=touch>
                    "Edit card"
                </h2>
                {move || {
                    let src = open
                        .get()
                        .and_then(|id| project.with(|p| p.card(&id).and_then(|c| c.source.clone())))?;
                    let name = state
                        .template(&src.template)
                        .map_or_else(|| "a deleted checklist".to_string(), |t| t.with(|t| t.name.clone()));
                    let date = state
                        .run(&src.run)
                        .map(|r| crate::ui::browser::long_date(r.with(|r| r.date)));
                    let href = crate::ui::route::Route::Run(src.run.clone()).href();
                    Some(view! {
                        <p class="card-source">
                            {format!("Raised from checklist “{name}”")}
                            {date.map(|d| view! { ", " <a href=href>{format!("run of {d}")}</a> })}
                        </p>
                    })
                }}
                <label for="card-title">"Title"</label>
                <input id="card-title" bind:value=draft.title/>
                <label for="card-description">"Description"</label>
                <textarea
                    id="card-description"
                    rows="4"
                    aria-describedby="card-description-hint"
                    bind:value=draft.description
                ></textarea>
                <p id="card-description-hint" class="hint">
                    "**bold**, *italic*, - lists, [links](https://…) and `code` show formatted."
                </p>
                {move || {
                    let text = draft.description.get();
                    crate::domain::markdown::has_marks(&text)
                        .then(|| {
                            view! {
                                <section class="md-preview" aria-label="Description as shown">
                                    {crate::ui::markdown::markdown(&text)}
                                </section>
                            }
                        })
                }}
                <div class="field-grid">
                    <div>
                        <label for="card-start">"Start date"</label>
                        <input id="card-start" type="date" bind:value=draft.start/>
                    </div>
                    <div>
                        <label for="card-due">"Due date"</label>
                        <input id="card-due" type="date" bind:value=draft.due/>
                    </div>
                    <div>
                        <label for="card-priority">"Priority"</label>
                        <select id="card-priority" bind:value=draft.priority>
                            {Priority::ALL
                                .into_iter()
                                .map(|p| view! { <option value=p.key()>{p.label()}</option> })
                                .collect_view()}
                        </select>
                    </div>
                </div>
                <div class="field-grid">
                    <div>
                        <label for="card-estimate">"Estimate (hours)"</label>
                        <input id="card-estimate" inputmode="decimal" bind:value=draft.estimate/>
                    </div>
                    <div>
                        <label for="card-cost-planned">"Planned cost"</label>
                        <input id="card-cost-planned" inputmode="decimal" bind:value=draft.cost_planned/>
                    </div>
                    <div>
                        <label for="card-cost-actual">"Actual cost"</label>
                        <input id="card-cost-actual" inputmode="decimal" bind:value=draft.cost_actual/>
                    </div>
                </div>
                <label class="check-inline">
                    <input type="checkbox" bind:checked=draft.milestone/>
                    "Milestone"
                </label>
                <LabelPicker project=project draft=draft/>
                <AssigneePicker draft=draft/>
                <lists::Subtasks draft=draft/>
                <lists::Blockers project=project open=open draft=draft/>
                <records::Comments project=project open=open text=comment/>
                <records::History project=project open=open/>
                // Beside Save, where the refused save was asked for (the top may be scrolled
                // off in a long dialog).
                <Show when=move || dialog_error().is_some()>
                    <p class="dialog-error" role="alert">{dialog_error}</p>
                </Show>
                <Show when=move || asking.get()>
                    <div class="unsaved-prompt dialog-actions" role="group" aria-labelledby="unsaved-q">
                        <p id="unsaved-q" role="alert">"This card has unsaved changes."</p>
                        <span class="spacer"></span>
                        <button type="button" on:click=move |_| keep_editing()>"Keep editing"</button>
                        <button type="button" on:click=move |_| close()>"Discard"</button>
                        <button type="submit" class="primary">"Save"</button>
                    </div>
                </Show>
                <div class="dialog-actions" hidden=move || asking.get()>
                    <button type="button" class="danger-text ghost" on:click=delete>
                        "Delete card"
                    </button>
                    <button type="button" class="ghost" on:click=toggle_archive>
                        {move || if archived.get() { "Restore to board" } else { "Archive card" }}
                    </button>
                    <span class="spacer"></span>
                    <button type="button" on:click=move |_| request_close()>"Cancel"</button>
                    <button type="submit" class="primary">"Save card"</button>
                </div>
            </form>
            </Show>
        </dialog>
    }
}

/// Tick the project's labels; add a new one inline.
#[component]
fn LabelPicker(project: RwSignal<Project>, draft: Draft) -> impl IntoView {
    let state = use_state();
    let name = RwSignal::new(String::new());
    let colour = RwSignal::new(LABEL_COLOURS[0].0.to_string());
    let add = move || {
        let n = name.get_untracked();
        if let Some(id) = state.edit_project(project, "add label", |p, env| {
            p.add_label(env, &n, &colour.get_untracked())
        }) {
            draft.labels.update(|l| l.push(id));
            name.set(String::new());
        }
    };
    let labels = move || project.with(|p| p.labels.clone());
    view! {
        <fieldset class="picker">
            <legend>"Labels"</legend>
            <div class="chips">
                <For each=labels key=|l| (l.id.clone(), l.name.clone()) let:label>
                    {
                        let id = label.id.clone();
                        let id2 = id.clone();
                        view! {
                            <label class="chip" style:--chip=label.color.clone()>
                                <input
                                    type="checkbox"
                                    prop:checked=move || draft.labels.with(|l| l.contains(&id))
                                    on:change=move |ev| {
                                        let on = event_target_checked(&ev);
                                        draft.labels.update(|l| {
                                            l.retain(|x| x != &id2);
                                            if on {
                                                l.push(id2.clone());
                                            }
                                        });
                                    }
                                />
                                {label.name.clone()}
                            </label>
                        }
                    }
                </For>
            </div>
            <div class="field-row">
                <input
                    aria-label="New label name"
                    placeholder="New label"
                    bind:value=name
                    on:keydown=move |ev| {
                        if ev.key() == "Enter" {
                            ev.prevent_default();
                            add();
                        }
                    }
                />
                <select aria-label="New label colour" bind:value=colour>
                    {LABEL_COLOURS
                        .iter()
                        .map(|(hex, n)| view! { <option value=*hex>{*n}</option> })
                        .collect_view()}
                </select>
                <button type="button" on:click=move |_| add()>"Add label"</button>
            </div>
        </fieldset>
    }
}

/// Who does the card: people from the directory, or a new name (added to the directory).
#[component]
fn AssigneePicker(draft: Draft) -> impl IntoView {
    let state = use_state();
    let name = RwSignal::new(String::new());
    let assign = move || {
        let n = name.get_untracked();
        if let Some(id) = state.person_named(&n) {
            draft.assignees.update(|a| {
                if !a.contains(&id) {
                    a.push(id);
                }
            });
            name.set(String::new());
        }
    };
    let assigned = move || {
        let ids = draft.assignees.get();
        state.people.with(|people| {
            ids.iter()
                .filter_map(|id| people.iter().find(|p| &p.id == id).cloned())
                .collect::<Vec<_>>()
        })
    };
    view! {
        <fieldset class="picker">
            <legend>"Assignees"</legend>
            <ul class="chips" aria-label="Assigned people">
                <For each=assigned key=|p| p.id.clone() let:person>
                    {
                        let id = person.id.clone();
                        let n = person.name.clone();
                        view! {
                            <li class="chip person">
                                <span class="avatar" aria-hidden="true">{person.initials()}</span>
                                {person.name.clone()}
                                <button
                                    type="button"
                                    class="icon-button"
                                    aria-label=format!("Remove assignee {n}")
                                    on:click=move |_| draft.assignees.update(|a| a.retain(|x| x != &id))
                                >
                                    "✕"
                                </button>
                            </li>
                        }
                    }
                </For>
            </ul>
            <div class="field-row">
                <input
                    aria-label="Assign someone (name)"
                    placeholder="Name — new names are added to the people directory"
                    list="people-names"
                    bind:value=name
                    on:keydown=move |ev| {
                        if ev.key() == "Enter" {
                            ev.prevent_default();
                            assign();
                        }
                    }
                />
                <datalist id="people-names">
                    <For each=move || state.people.get() key=|p| p.id.clone() let:p>
                        <option value=p.name.clone()></option>
                    </For>
                </datalist>
                <button type="button" on:click=move |_| assign()>"Assign"</button>
            </div>
        </fieldset>
    }
}
