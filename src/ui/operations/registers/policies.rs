//! Policies and procedures: each with an owner and a review date; one due for review is
//! marked, and "Mark reviewed" records who (the person using Docket) and when.

use super::{chosen, person_name, person_options, row_tools, save, EntryForm, EntryTable};
use crate::domain::registers::{Entry, Policy, PolicyFields};
use crate::domain::Id;
use crate::ui::browser::{long_date, today};
use crate::ui::operations::OpsNav;
use crate::ui::shell::set_title;
use crate::ui::state::use_state;
use leptos::prelude::*;

#[component]
pub fn PoliciesPage() -> impl IntoView {
    let state = use_state();
    set_title(|| "Policies".into());
    let day = today();
    let editing = RwSignal::new(None::<Id>);
    let problem = RwSignal::new(None::<String>);
    let name = RwSignal::new(String::new());
    let summary = RwSignal::new(String::new());
    let owner = RwSignal::new(String::new());
    let every = RwSignal::new("12".to_string());
    let review = RwSignal::new(String::new());
    let editing_name = Signal::derive(move || name.get());
    Effect::new(move |_| {
        let f = editing.get().and_then(|id| {
            state.registers.with_untracked(|r| {
                crate::domain::registers::find::<Policy>(r, &id).map(Entry::fields)
            })
        });
        name.set(f.as_ref().map(|f| f.name.clone()).unwrap_or_default());
        summary.set(f.as_ref().map(|f| f.summary.clone()).unwrap_or_default());
        owner.set(
            f.as_ref()
                .and_then(|f| f.owner.as_ref())
                .map(|o| o.to_string())
                .unwrap_or_default(),
        );
        every.set(f.as_ref().map_or(12, |f| f.every).to_string());
        review.set(f.map(|f| f.review.to_string()).unwrap_or_default());
    });
    let on_save = Callback::new(move |()| {
        let Ok(n) = every.get_untracked().trim().parse::<u32>() else {
            problem.set(Some(
                "Review every: a whole number of months, like 12.".into(),
            ));
            return;
        };
        let Ok(date) = review.get_untracked().trim().parse() else {
            problem.set(Some(
                "Next review: pick the date it is due for review.".into(),
            ));
            return;
        };
        let f = PolicyFields {
            name: name.get_untracked(),
            summary: summary.get_untracked(),
            owner: chosen(owner.get_untracked()),
            every: n,
            review: date,
        };
        let was = editing.get_untracked().is_some();
        match save::<Policy>(state, editing, f) {
            Ok(()) => {
                problem.set(None);
                state.announce(if was {
                    "Policy saved."
                } else {
                    "Policy added."
                });
                for s in [name, summary, review] {
                    s.set(String::new());
                }
            }
            Err(e) => problem.set(Some(e.to_string())),
        }
    });
    let list_problem = RwSignal::new(None::<String>);
    let rows = move || {
        state.registers.with(|r| {
            let mut v = r.policies.clone();
            crate::domain::sort::sort_by(&mut v, |a, b| {
                (a.review, &a.name).cmp(&(b.review, &b.name))
            });
            v
        })
    };
    view! {
        <section class="page registers-page">
            <OpsNav/>
            <div class="page-head">
                <div>
                    <h1 tabindex="-1">"Policies"</h1>
                    <p class="lede">"Policies and procedures kept current: each is reviewed by its owner when due."</p>
                </div>
            </div>
            <EntryForm id="policy-form" add="Add a policy" button="Add policy" editing=editing editing_name=editing_name problem=problem on_save=on_save>
                <div class="field-grid">
                    <div>
                        <label for="policy-form-name">"Name"</label>
                        <input id="policy-form-name" bind:value=name aria-invalid=move || problem.with(Option::is_some).then_some("true")/>
                    </div>
                    <div>
                        <label for="policy-form-owner">"Owner"</label>
                        <select id="policy-form-owner" prop:value=move || owner.get() on:change=move |ev| owner.set(event_target_value(&ev))>
                            {person_options(owner)}
                        </select>
                    </div>
                    <div>
                        <label for="policy-form-every">"Review every (months)"</label>
                        <input id="policy-form-every" type="number" min="1" max="60" inputmode="numeric" bind:value=every/>
                    </div>
                    <div>
                        <label for="policy-form-review">"Next review"</label>
                        <input id="policy-form-review" type="date" bind:value=review/>
                    </div>
                </div>
                <label for="policy-form-summary">"What it covers, or where it is kept"</label>
                <textarea id="policy-form-summary" rows="2" bind:value=summary></textarea>
            </EntryForm>
            <EntryTable problem=list_problem shown=Signal::derive(move || state.registers.with(|r| !r.policies.is_empty())) empty="No policies yet. Add the ones you must keep current: food safety, fire, data protection."
                label="List of policies" headings=&["Policy", "Owner", "Next review", "Last reviewed"]
            >
                <For each=rows key=|p| (p.id.clone(), p.updated) let:p>
                    {
                        let (id, id3, nm, nm3) = (p.id.clone(), p.id.clone(), p.name.clone(), p.name.clone());
                        let due = p.due(day);
                        let last = p.last_review().map(|r| {
                            let who = person_name(state, r.by.as_ref());
                            if who.is_empty() { long_date(r.on) } else { format!("{} by {who}", long_date(r.on)) }
                        }).unwrap_or_else(|| "Never".into());
                        let mark = move |_| {
                            if let Some(next) = state.review_policy(&id3, day) {
                                state.announce(format!("Marked {nm3} reviewed; next review {}.", long_date(next)));
                            }
                        };
                        view! {
                            <tr class:policy-due=due>
                                <th scope="row" dir="auto">{p.name.clone()}<span class="muted policy-summary">{p.summary.clone()}</span></th>
                                <td>{person_name(state, p.owner.as_ref())}</td>
                                <td>{long_date(p.review)}{due.then(|| view! { " " <span class="badge badge-warn">"Due"</span> })}</td>
                                <td>{last}</td>
                                <td class="row-tools">
                                    <button type="button" class="small primary" aria-label=format!("Mark reviewed: {nm}") on:click=mark>"Mark reviewed"</button>
                                    {row_tools::<Policy>(editing, id.clone(), nm.clone(), "policy-form", list_problem)}
                                </td>
                            </tr>
                        }
                    }
                </For>
            </EntryTable>
        </section>
    }
}
