//! The charter tab: objective, scope, deliverables, dates, budget, stakeholders, status,
//! edited in one form and saved as one undoable step.

use crate::domain::board::Charter;
use crate::domain::project::{format_cents, parse_cents};
use crate::domain::{Money, Project, ProjectStatus};
use crate::ui::browser::{focus_later, long_date};
use crate::ui::state::use_state;
use chrono::NaiveDate;
use leptos::prelude::*;

/// One editable deliverable row (`key` is stable while the form is open).
#[derive(Clone, Copy)]
struct DeliverableRow {
    key: u64,
    text: RwSignal<String>,
}

/// One editable stakeholder row.
#[derive(Clone, Copy)]
struct StakeholderRow {
    key: u64,
    name: RwSignal<String>,
    role: RwSignal<String>,
    external: RwSignal<bool>,
}

/// Parses the value of an `<input type=date>` ("" is no date).
fn parse_day(s: &str) -> Option<NaiveDate> {
    crate::domain::dates::parse_day(s)
}

/// The charter tab.
#[component]
pub fn CharterView(project: RwSignal<Project>) -> impl IntoView {
    let state = use_state();
    // Rows added later are owned by this view, so they live exactly as long as it does.
    let owner = Owner::current().expect("CharterView runs inside the app");
    let next_key = StoredValue::new(0u64);
    let new_key = move || {
        next_key.update_value(|k| *k += 1);
        next_key.get_value()
    };
    let new_deliverable = {
        let owner = owner.clone();
        move |text: String| DeliverableRow {
            key: new_key(),
            text: owner.with(|| RwSignal::new(text)),
        }
    };
    let new_stakeholder = {
        let owner = owner.clone();
        move |name: String, role: String, external: bool| {
            owner.with(|| StakeholderRow {
                key: new_key(),
                name: RwSignal::new(name),
                role: RwSignal::new(role),
                external: RwSignal::new(external),
            })
        }
    };

    let objective = RwSignal::new(String::new());
    let scope_in = RwSignal::new(String::new());
    let scope_out = RwSignal::new(String::new());
    let deliverables = RwSignal::new(Vec::<DeliverableRow>::new());
    let start = RwSignal::new(String::new());
    let end = RwSignal::new(String::new());
    let budget = RwSignal::new(String::new());
    let currency = RwSignal::new("EUR".to_string());
    let stakeholders = RwSignal::new(Vec::<StakeholderRow>::new());
    let status = RwSignal::new(String::new());

    // What the form showed, and whether the person has changed anything since: its save
    // writes only what they changed (`domain::draft`), so another tab's edit to another
    // field stands.
    let opened = StoredValue::new(project.with_untracked(|p| p.charter()));
    let touched = RwSignal::new(false);
    // Fill the form from the project: now, and whenever the project changes (a save, an
    // undo or a redo, another tab) while the person is not changing it, so the form shows
    // what is stored.
    let fill = {
        let new_deliverable = new_deliverable.clone();
        let new_stakeholder = new_stakeholder.clone();
        move || {
            project.with_untracked(|p| {
                opened.set_value(p.charter());
                objective.set(p.objective.clone());
                scope_in.set(p.scope_in.clone());
                scope_out.set(p.scope_out.clone());
                deliverables.set(
                    p.deliverables
                        .iter()
                        .map(|d| new_deliverable(d.clone()))
                        .collect(),
                );
                start.set(p.start.map(|d| d.to_string()).unwrap_or_default());
                end.set(p.target_end.map(|d| d.to_string()).unwrap_or_default());
                match &p.budget {
                    Some(b) => {
                        budget.set(amount_text(b.cents));
                        currency.set(b.currency.clone());
                    }
                    None => {
                        budget.set(String::new());
                        currency.set("EUR".into());
                    }
                }
                stakeholders.set(
                    p.stakeholders
                        .iter()
                        .map(|s| new_stakeholder(s.name.clone(), s.role.clone(), s.external))
                        .collect(),
                );
                status.set(p.status.key().into());
            })
        }
    };
    fill();
    {
        let fill = fill.clone();
        Effect::new(move |prev: Option<()>| {
            project.track();
            if prev.is_some() && !touched.get_untracked() {
                fill();
            }
        });
    }

    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let amount = budget.get_untracked();
        let money = if amount.trim().is_empty() {
            None
        } else {
            match parse_cents(&amount) {
                Some(cents) => {
                    let cur = currency.get_untracked();
                    let cur = if cur.trim().is_empty() {
                        "EUR".to_string()
                    } else {
                        cur
                    };
                    Some(Money {
                        cents,
                        currency: cur,
                    })
                }
                None => {
                    state.error(format!(
                        "“{}” is not an amount: type a number such as 12500 or 12,500.50.",
                        amount.trim()
                    ));
                    focus_later("#charter-budget".into());
                    return;
                }
            }
        };
        let charter = Charter {
            objective: objective.get_untracked(),
            scope_in: scope_in.get_untracked(),
            scope_out: scope_out.get_untracked(),
            deliverables: deliverables
                .get_untracked()
                .iter()
                .map(|r| r.text.get_untracked())
                .collect(),
            start: parse_day(&start.get_untracked()),
            target_end: parse_day(&end.get_untracked()),
            budget: money,
            stakeholders: stakeholders
                .get_untracked()
                .iter()
                .map(|r| {
                    (
                        r.name.get_untracked(),
                        r.role.get_untracked(),
                        r.external.get_untracked(),
                    )
                })
                .collect(),
            status: ProjectStatus::from_key(&status.get_untracked()).unwrap_or_default(),
        };
        let before = opened.get_value();
        if let Some(clashes) = state.edit_project(project, "edit charter", |p, env| {
            p.save_charter_draft(env, &before, charter)
        }) {
            touched.set(false);
            opened.set_value(project.with_untracked(|p| p.charter()));
            state.saved("Charter", &clashes);
        }
    };

    let add_deliverable = {
        let new_deliverable = new_deliverable.clone();
        move |_| {
            let row = new_deliverable(String::new());
            deliverables.update(|v| v.push(row));
            touched.set(true);
            focus_later(format!("#deliverable-{}", row.key));
        }
    };
    let add_stakeholder = {
        let new_stakeholder = new_stakeholder.clone();
        move |_| {
            let row = new_stakeholder(String::new(), String::new(), false);
            stakeholders.update(|v| v.push(row));
            touched.set(true);
            focus_later(format!("#stakeholder-{}-name", row.key));
        }
    };

    view! {
        <div class="charter">
            <CharterSummary project=project/>
            <form
                class="charter-form"
                on:submit=save
                on:input=move |_| touched.set(true)
                on:change=move |_| touched.set(true)
                aria-labelledby="charter-form-title"
            >
                <h2 id="charter-form-title">"Edit the charter"</h2>

                <fieldset class="charter-section">
                    <legend>"Purpose and scope"</legend>
                    <label for="charter-objective">"Objective"</label>
                    <textarea id="charter-objective" rows="3" bind:value=objective
                        placeholder="What the project must achieve, in a sentence or two"></textarea>
                    <div class="charter-two">
                        <div>
                            <label for="charter-scope-in">"In scope"</label>
                            <textarea id="charter-scope-in" rows="4" bind:value=scope_in></textarea>
                        </div>
                        <div>
                            <label for="charter-scope-out">"Out of scope"</label>
                            <textarea id="charter-scope-out" rows="4" bind:value=scope_out></textarea>
                        </div>
                    </div>
                </fieldset>

                <fieldset class="charter-section">
                    <legend>"Deliverables"</legend>
                    <Show when=move || deliverables.with(Vec::is_empty)>
                        <p class="hint">"No deliverables yet."</p>
                    </Show>
                    <ol class="charter-rows" aria-label="Deliverables">
                        <For each=move || deliverables.get() key=|r| r.key let:row>
                            {
                                let key = row.key;
                                let n = move || {
                                    deliverables
                                        .with(|v| v.iter().position(|r| r.key == key))
                                        .map(|i| i + 1)
                                        .unwrap_or(0)
                                };
                                let id = format!("deliverable-{key}");
                                view! {
                                    <li class="charter-row">
                                        <div class="grow">
                                            <label for=id.clone()>{move || format!("Deliverable {}", n())}</label>
                                            <input id=id bind:value=row.text/>
                                        </div>
                                        <button
                                            type="button"
                                            class="small"
                                            aria-label=move || format!("Remove deliverable {}", n())
                                            on:click=move |_| {
                                                deliverables.update(|v| v.retain(|r| r.key != key));
                                                touched.set(true);
                                                focus_later("#charter-add-deliverable".into());
                                            }
                                        >
                                            "Remove"
                                        </button>
                                    </li>
                                }
                            }
                        </For>
                    </ol>
                    <button type="button" id="charter-add-deliverable" class="small" on:click=add_deliverable>
                        "+ Add deliverable"
                    </button>
                </fieldset>

                <fieldset class="charter-section">
                    <legend>"Dates, budget and status"</legend>
                    <div class="field-grid">
                        <div>
                            <label for="charter-start">"Start date"</label>
                            <input id="charter-start" type="date" bind:value=start/>
                        </div>
                        <div>
                            <label for="charter-end">"Target end date"</label>
                            <input id="charter-end" type="date" bind:value=end/>
                        </div>
                        <div>
                            <label for="charter-budget">"Budget"</label>
                            <input id="charter-budget" inputmode="decimal" placeholder="e.g. 12,500"
                                aria-describedby="charter-budget-hint" bind:value=budget/>
                        </div>
                        <div>
                            <label for="charter-currency">"Currency"</label>
                            <input id="charter-currency" maxlength="3" autocomplete="off"
                                class="charter-currency" bind:value=currency/>
                        </div>
                        <div>
                            <label for="charter-status">"Status"</label>
                            <select id="charter-status" bind:value=status>
                                {ProjectStatus::ALL
                                    .into_iter()
                                    .map(|s| view! { <option value=s.key()>{s.label()}</option> })
                                    .collect_view()}
                            </select>
                        </div>
                    </div>
                    <p id="charter-budget-hint" class="hint">
                        "Leave the budget empty if there is none. The currency is a three-letter code such as EUR, USD or GBP."
                    </p>
                </fieldset>

                <fieldset class="charter-section">
                    <legend>"Stakeholders"</legend>
                    <Show when=move || stakeholders.with(Vec::is_empty)>
                        <p class="hint">"No stakeholders yet."</p>
                    </Show>
                    <ol class="charter-rows" aria-label="Stakeholders">
                        <For each=move || stakeholders.get() key=|r| r.key let:row>
                            {
                                let key = row.key;
                                let n = move || {
                                    stakeholders
                                        .with(|v| v.iter().position(|r| r.key == key))
                                        .map(|i| i + 1)
                                        .unwrap_or(0)
                                };
                                let name_id = format!("stakeholder-{key}-name");
                                let role_id = format!("stakeholder-{key}-role");
                                let ext_id = format!("stakeholder-{key}-external");
                                view! {
                                    <li class="charter-row">
                                        <div class="grow">
                                            <label for=name_id.clone()>{move || format!("Stakeholder {} name", n())}</label>
                                            <input id=name_id bind:value=row.name/>
                                        </div>
                                        <div class="grow">
                                            <label for=role_id.clone()>{move || format!("Stakeholder {} role", n())}</label>
                                            <input id=role_id placeholder="e.g. Sponsor" bind:value=row.role/>
                                        </div>
                                        <div class="charter-check">
                                            <input id=ext_id.clone() type="checkbox" bind:checked=row.external/>
                                            <label for=ext_id>
                                                <span class="sr-only">{move || format!("Stakeholder {} is ", n())}</span>
                                                "External"
                                            </label>
                                        </div>
                                        <button
                                            type="button"
                                            class="small"
                                            aria-label=move || format!("Remove stakeholder {}", n())
                                            on:click=move |_| {
                                                stakeholders.update(|v| v.retain(|r| r.key != key));
                                                touched.set(true);
                                                focus_later("#charter-add-stakeholder".into());
                                            }
                                        >
                                            "Remove"
                                        </button>
                                    </li>
                                }
                            }
                        </For>
                    </ol>
                    <button type="button" id="charter-add-stakeholder" class="small" on:click=add_stakeholder>
                        "+ Add stakeholder"
                    </button>
                </fieldset>

                <div class="form-actions">
                    <button type="button" on:click={
                        let fill = fill.clone();
                        move |_| {
                            fill();
                            state.announce("Changes discarded.");
                        }
                    }>"Discard changes"</button>
                    <button type="submit" class="primary">"Save charter"</button>
                </div>
            </form>
        </div>
    }
}

/// An amount in cents as the form shows it ("12500.50", "12500").
fn amount_text(cents: i64) -> String {
    let sign = if cents < 0 { "-" } else { "" };
    let c = cents.unsigned_abs();
    if c.is_multiple_of(100) {
        format!("{sign}{}", c / 100)
    } else {
        format!("{sign}{}.{:02}", c / 100, c % 100)
    }
}

/// What the charter says now, at a glance.
#[component]
fn CharterSummary(project: RwSignal<Project>) -> impl IntoView {
    let dates = move || {
        project.with(|p| match (p.start, p.target_end) {
            (Some(s), Some(e)) => {
                let days = (e - s).num_days();
                format!("{} → {} ({days} days)", long_date(s), long_date(e))
            }
            (Some(s), None) => format!("From {}, no target end", long_date(s)),
            (None, Some(e)) => format!("Due {}", long_date(e)),
            (None, None) => "Not set".into(),
        })
    };
    let budget = move || {
        project.with(|p| {
            p.budget
                .as_ref()
                .map(|b| format_cents(b.cents, &b.currency))
                .unwrap_or_else(|| "Not set".into())
        })
    };
    let deliverables = move || project.with(|p| p.deliverables.clone());
    let stakeholders = move || {
        project.with(|p| {
            p.stakeholders
                .iter()
                .map(|s| {
                    let mut t = s.name.clone();
                    if !s.role.is_empty() {
                        t.push_str(&format!(", {}", s.role));
                    }
                    if s.external {
                        t.push_str(" (external)");
                    }
                    t
                })
                .collect::<Vec<_>>()
        })
    };
    view! {
        <section class="charter-summary" aria-labelledby="charter-summary-title">
            <h2 id="charter-summary-title">"Charter at a glance"</h2>
            <dl>
                <div><dt>"Status"</dt><dd>{move || project.with(|p| p.status.label())}</dd></div>
                <div><dt>"Dates"</dt><dd>{dates}</dd></div>
                <div><dt>"Budget"</dt><dd>{budget}</dd></div>
                <div>
                    <dt>"Deliverables"</dt>
                    <dd>
                        {move || {
                            let d = deliverables();
                            if d.is_empty() {
                                view! { <span class="muted">"None yet"</span> }.into_any()
                            } else {
                                view! {
                                    <ul>{d.into_iter().map(|t| view! { <li>{t}</li> }).collect_view()}</ul>
                                }
                                    .into_any()
                            }
                        }}
                    </dd>
                </div>
                <div>
                    <dt>"Stakeholders"</dt>
                    <dd>
                        {move || {
                            let s = stakeholders();
                            if s.is_empty() {
                                view! { <span class="muted">"None yet"</span> }.into_any()
                            } else {
                                view! {
                                    <ul>{s.into_iter().map(|t| view! { <li>{t}</li> }).collect_view()}</ul>
                                }
                                    .into_any()
                            }
                        }}
                    </dd>
                </div>
            </dl>
        </section>
    }
}
