//! The details form's "Assigned to" control: the owner, a rotation among people of the
//! directory (each week or each occurrence, in the order they were ticked), or the lead of
//! the checklist's site (`domain::checklist::rota`).

use crate::domain::checklist::{Assignment, Every};
use crate::domain::Id;
use crate::ui::state::use_state;
use leptos::prelude::*;

/// The control's state as signals.
#[derive(Clone, Copy)]
pub(super) struct AssignInputs {
    /// "owner", "rotation" or "site".
    pub to: RwSignal<String>,
    /// The team in rotation order.
    pub team: RwSignal<Vec<Id>>,
    /// "week" or "occurrence".
    pub every: RwSignal<String>,
}

impl AssignInputs {
    pub fn new(a: &Assignment) -> AssignInputs {
        let me = AssignInputs {
            to: RwSignal::new(String::new()),
            team: RwSignal::new(Vec::new()),
            every: RwSignal::new(String::new()),
        };
        me.show(a);
        me
    }

    /// Shows `a` (a rotation's team is kept when another choice is shown).
    pub fn show(&self, a: &Assignment) {
        match a {
            Assignment::Owner => self.to.set("owner".into()),
            Assignment::Site => self.to.set("site".into()),
            Assignment::Rotation { team, every } => {
                self.to.set("rotation".into());
                self.team.set(team.clone());
                self.every.set(
                    match every {
                        Every::Week => "week",
                        Every::Occurrence => "occurrence",
                    }
                    .into(),
                );
            }
        }
        if self.every.get_untracked().is_empty() {
            self.every.set("week".into());
        }
    }

    /// The assignment the control shows.
    pub fn value(&self) -> Assignment {
        match self.to.get_untracked().as_str() {
            "rotation" => Assignment::Rotation {
                team: self.team.get_untracked(),
                every: if self.every.get_untracked() == "occurrence" {
                    Every::Occurrence
                } else {
                    Every::Week
                },
            },
            "site" => Assignment::Site,
            _ => Assignment::Owner,
        }
    }
}

#[component]
pub(super) fn AssignedTo(inputs: AssignInputs) -> impl IntoView {
    let state = use_state();
    let AssignInputs { to, team, every } = inputs;
    let people = Memo::new(move |_| {
        state.people.with(|p| {
            let mut v: Vec<(Id, String)> =
                p.iter().map(|x| (x.id.clone(), x.name.clone())).collect();
            crate::domain::sort::sort_by_key(&mut v, |(_, n)| n.to_lowercase());
            v
        })
    });
    let order = move || {
        let names: Vec<String> =
            team.with(|t| t.iter().filter_map(|id| state.person_name(id)).collect());
        if names.is_empty() {
            "Tick who takes turns.".to_string()
        } else {
            format!("Turns in this order: {}.", names.join(", "))
        }
    };
    view! {
        <label for="tpl-assigned">"Assigned to"</label>
        <select
            id="tpl-assigned"
            prop:value=move || to.get()
            on:change=move |ev| to.set(event_target_value(&ev))
            aria-describedby="tpl-assigned-hint"
        >
            <option value="owner">"The owner"</option>
            <option value="rotation">"A rotation among a team"</option>
            <option value="site">"The lead of the checklist's site"</option>
        </select>
        <p id="tpl-assigned-hint" class="hint">
            {move || match to.get().as_str() {
                "rotation" => "Each person takes a turn; someone no longer in People is skipped.",
                "site" => "Until the checklist has a site with a lead, the owner does it.",
                _ => "The owner does every run. My day shows each person their own.",
            }}
        </p>
        <Show when=move || to.get() == "rotation">
            <fieldset class="rota-team">
                <legend>"Team"</legend>
                <For each=move || people.get() key=|(id, _)| id.clone() let:person>
                    {
                        let (id, name) = person;
                        let on = {
                            let id = id.clone();
                            move || team.with(|t| t.contains(&id))
                        };
                        view! {
                            <label class="check-inline">
                                <input
                                    type="checkbox"
                                    prop:checked=on
                                    on:change=move |ev| {
                                        let checked = event_target_checked(&ev);
                                        team.update(|t| {
                                            t.retain(|p| p != &id);
                                            if checked {
                                                t.push(id.clone());
                                            }
                                        });
                                    }
                                />
                                {name}
                            </label>
                        }
                    }
                </For>
                <p class="hint rota-order" aria-live="polite">{order}</p>
            </fieldset>
            <fieldset class="rota-every">
                <legend>"Next person"</legend>
                <label class="check-inline">
                    <input
                        type="radio"
                        name="tpl-rota-every"
                        value="week"
                        prop:checked=move || every.get() != "occurrence"
                        on:change=move |_| every.set("week".into())
                    />
                    "Each week"
                </label>
                <label class="check-inline">
                    <input
                        type="radio"
                        name="tpl-rota-every"
                        value="occurrence"
                        prop:checked=move || every.get() == "occurrence"
                        on:change=move |_| every.set("occurrence".into())
                    />
                    "Each time it is due"
                </label>
            </fieldset>
        </Show>
    }
}
