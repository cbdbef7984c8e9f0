//! The people directory: everyone who can be assigned a card (and, later, run a checklist).

use crate::domain::people::PersonFields;
use crate::domain::{people, Person};
use crate::ui::browser::focus_later;
use crate::ui::shell::set_title;
use crate::ui::state::use_state;
use leptos::prelude::*;

#[component]
pub fn PeoplePage() -> impl IntoView {
    let state = use_state();
    set_title(|| "People".into());
    let name = RwSignal::new(String::new());
    let role = RwSignal::new(String::new());
    let email = RwSignal::new(String::new());
    let capacity = RwSignal::new(String::new());
    // A refusal is shown under the form, next to what caused it, and read out.
    let problem = RwSignal::new(None::<String>);
    // Rows are keyed by person and time, so a changed entry is drawn again; the one being
    // edited by id alone, so a change made meanwhile in another tab does not wipe what is
    // being typed (its save writes only what was changed here).
    let editing = RwSignal::new(None::<crate::domain::Id>);
    let rows = move || {
        let edit_id = editing.get();
        state.people.with(|all| {
            let mut all: Vec<&Person> = all.iter().collect();
            crate::domain::sort::sort_by(&mut all, |a, b| {
                crate::domain::name_key(&a.name).cmp(&crate::domain::name_key(&b.name))
            });
            all.into_iter()
                .map(|p| {
                    let key = (
                        p.id.clone(),
                        (edit_id.as_ref() != Some(&p.id)).then_some(p.updated),
                    );
                    (key, p.clone())
                })
                .collect::<Vec<_>>()
        })
    };
    let add = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let added = state.edit_people(|all, env| {
            let hours = parse_capacity(&capacity.get_untracked())?;
            let id = people::add(
                all,
                env,
                &name.get_untracked(),
                &role.get_untracked(),
                &email.get_untracked(),
            )?;
            people::set_capacity(all, env, &id, hours)?;
            Ok(all.iter().find(|p| p.id == id).map(|p| p.name.clone()))
        });
        match added {
            Ok(n) => {
                state.announce(format!("Added {}.", n.unwrap_or_default()));
                problem.set(None);
                name.set(String::new());
                role.set(String::new());
                email.set(String::new());
                capacity.set(String::new());
            }
            Err(e) => problem.set(Some(e.to_string())),
        }
    };
    view! {
        <section class="page narrow">
            <div class="page-head">
                <div>
                    <h1 tabindex="-1">"People"</h1>
                    <p class="lede">"Everyone who can be assigned a card. Shared by all projects."</p>
                </div>
            </div>
            <form class="details-form create-form" on:submit=add>
                <div class="field-grid">
                    <div>
                        <label for="person-name">"Name"</label>
                        <input
                            id="person-name"
                            bind:value=name
                            aria-invalid=move || problem.with(Option::is_some).then_some("true")
                            aria-describedby="person-problem"
                        />
                    </div>
                    <div>
                        <label for="person-role">"Role"</label>
                        <input id="person-role" placeholder="e.g. Site manager" bind:value=role/>
                    </div>
                    <div>
                        <label for="person-email">"Email (optional)"</label>
                        <input id="person-email" type="email" bind:value=email/>
                    </div>
                    <div>
                        <label for="person-capacity">"Capacity, hours a week (optional)"</label>
                        <input id="person-capacity" type="number" min="0" max="168" step="0.5" inputmode="decimal" bind:value=capacity/>
                    </div>
                </div>
                <p id="person-problem" class="field-problem" role="alert">
                    {move || problem.get()}
                </p>
                <div class="form-actions">
                    <button type="submit" class="primary">"Add person"</button>
                </div>
            </form>
            <Show
                when=move || state.people.with(|p| !p.is_empty())
                fallback=|| view! { <p class="muted">"No one yet. People you assign on a card are added here too."</p> }
            >
                <table class="people-table">
                    <thead>
                        <tr><th scope="col">"Name"</th><th scope="col">"Role"</th><th scope="col">"Email"</th><th scope="col">"Capacity"</th><th scope="col">"Cards"</th><th scope="col"><span class="sr-only">"Actions"</span></th></tr>
                    </thead>
                    <tbody>
                        <For each=rows key=|(k, _)| k.clone() let:row>
                            <PersonRow person=row.1 editing=editing/>
                        </For>
                    </tbody>
                </table>
            </Show>
        </section>
    }
}

#[component]
fn PersonRow(person: Person, editing: RwSignal<Option<crate::domain::Id>>) -> impl IntoView {
    let state = use_state();
    let id = person.id.clone();
    let assigned = {
        let id = id.clone();
        move || {
            state.projects.with(|ps| {
                ps.iter()
                    .map(|p| {
                        p.with(|p| p.cards.iter().filter(|c| c.assignees.contains(&id)).count())
                    })
                    .sum::<usize>()
            })
        }
    };
    let is_editing = {
        let id = id.clone();
        move || editing.with(|e| e.as_ref() == Some(&id))
    };
    let opened = person.fields();
    let name = RwSignal::new(person.name.clone());
    let role = RwSignal::new(person.role.clone());
    let email = RwSignal::new(person.email.clone());
    let capacity = RwSignal::new(person.capacity.map(|c| c.to_string()).unwrap_or_default());
    let problem = RwSignal::new(None::<String>);
    let save = {
        let id = id.clone();
        move |_| {
            let saved = state.edit_people(|all, env| {
                let mine = PersonFields {
                    name: name.get_untracked(),
                    role: role.get_untracked(),
                    email: email.get_untracked(),
                    capacity: parse_capacity(&capacity.get_untracked())?,
                };
                people::save_draft(all, env, &id, &opened, mine)
            });
            match saved {
                Ok(clashes) => {
                    problem.set(None);
                    editing.set(None);
                    focus_later(format!("#edit-person-{id}"));
                    state.saved(&name.get_untracked(), &clashes);
                }
                Err(e) => problem.set(Some(e.to_string())),
            }
        }
    };
    let remove = {
        let id = id.clone();
        let n = person.name.clone();
        move |_| {
            let id = id.clone();
            let n = n.clone();
            // The cards that name them, listed in the question; removing unassigns them.
            let cards: Vec<String> = state.projects.with_untracked(|ps| {
                ps.iter()
                    .flat_map(|p| {
                        p.with_untracked(|p| {
                            p.cards
                                .iter()
                                .filter(|c| c.assignees.contains(&id))
                                .map(|c| format!("“{}” ({})", c.title, p.name))
                                .collect::<Vec<_>>()
                        })
                    })
                    .collect()
            });
            let (message, action) = if cards.is_empty() {
                (
                    "They will no longer be offered as an assignee.".to_string(),
                    "Remove person",
                )
            } else {
                let more = cards.len().saturating_sub(8);
                let mut list = cards.iter().take(8).cloned().collect::<Vec<_>>().join(", ");
                if more > 0 {
                    list.push_str(&format!(" and {more} more"));
                }
                (
                    format!("{n} is assigned to {} card(s): {list}. Removing {n} unassigns them from these cards.", cards.len()),
                    "Unassign and remove",
                )
            };
            state.ask(format!("Remove {n}?"), message, action, move || {
                for p in state.projects.get_untracked() {
                    if p.with_untracked(|p| p.cards.iter().any(|c| c.assignees.contains(&id))) {
                        state.edit_project(p, "unassign person", |p, env| {
                            p.unassign_everywhere(env, &id)
                        });
                    }
                }
                let removed = state.edit_people(|all, _| {
                    all.retain(|p| p.id != id);
                    Ok(())
                });
                match removed {
                    Ok(()) => state.announce(format!("Removed {n}.")),
                    Err(e) => state.error(e.to_string()),
                }
            });
        }
    };
    let n = person.name.clone();
    let n2 = person.name.clone();
    let name_input = format!("person-{id}-name");
    let focus_name = format!("#{name_input}");
    let edit_button = format!("edit-person-{id}");
    let edit = {
        let id = id.clone();
        move |_| {
            editing.set(Some(id.clone()));
            focus_later(focus_name.clone());
        }
    };
    view! {
        <tr>
            <Show
                when=is_editing.clone()
                fallback={
                    let person = person.clone();
                    let assigned = assigned.clone();
                    move || view! {
                        <td dir="auto">{person.name.clone()}</td>
                        <td>{person.role.clone()}</td>
                        <td>{person.email.clone()}</td>
                        <td>{person.capacity.map(|c| format!("{c} h a week")).unwrap_or_default()}</td>
                        <td>{assigned.clone()}</td>
                    }
                }
            >
                <td>
                    <input
                        aria-label="Name"
                        id=name_input.clone()
                        bind:value=name
                        aria-invalid=move || problem.with(Option::is_some).then_some("true")
                    />
                    <p class="field-problem" role="alert">{move || problem.get()}</p>
                </td>
                <td><input aria-label="Role" bind:value=role/></td>
                <td><input aria-label="Email" type="email" bind:value=email/></td>
                <td><input aria-label="Capacity, hours a week" type="number" min="0" max="168" step="0.5" inputmode="decimal" bind:value=capacity/></td>
                <td></td>
            </Show>
            <td class="row-tools">
                <Show
                    when=is_editing.clone()
                    fallback={
                        let n = n.clone();
                        move || view! {
                            <button class="small" id=edit_button.clone() aria-label=format!("Edit {n}") on:click=edit.clone()>"Edit"</button>
                        }
                    }
                >
                    <button class="small primary" on:click=save.clone()>"Save"</button>
                </Show>
                <button class="small ghost danger-text" aria-label=format!("Remove {n2}") on:click=remove.clone()>"Remove"</button>
            </td>
        </tr>
    }
}

/// A capacity as typed: empty is none; otherwise a number of hours a week.
fn parse_capacity(s: &str) -> Result<Option<f64>, crate::domain::DomainError> {
    let s = s.trim();
    if s.is_empty() {
        return Ok(None);
    }
    s.replace(',', ".").parse::<f64>().map(Some).map_err(|_| {
        crate::domain::DomainError::Invalid(format!(
            "“{s}” is not a number of hours: type it in digits, like 37.5."
        ))
    })
}
