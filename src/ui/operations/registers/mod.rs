//! The operations registers' pages (issue 20): sites and assets, an asset's history, stock
//! with its purchase list, the budget against spend, and policies. Each page is a form
//! (adding, or editing the entry chosen in the list) above the list; every change goes
//! through the session (`AppState::add_entry` / `edit_entry` / `remove_entry`).

mod asset;
mod by_site;
mod policies;
mod sites;
mod spend;
mod stock;
mod today;

pub use asset::AssetPage;
pub use by_site::BySite;
pub use policies::PoliciesPage;
pub use sites::SitesPage;
pub use spend::SpendPage;
pub use stock::StockPage;
pub use today::{MyPolicies, TodayRegisters};

use crate::domain::registers::Entry;
use crate::domain::{DomainError, Id};
use crate::ui::browser::focus_later;
use crate::ui::state::{use_state, AppState};
use leptos::prelude::*;

/// Adds the entry, or saves the one being edited; clears the editing state when done.
fn save<T: Entry>(
    state: AppState,
    editing: RwSignal<Option<Id>>,
    f: T::Fields,
) -> Result<(), DomainError> {
    match editing.get_untracked() {
        Some(id) => state.edit_entry::<T>(&id, f)?,
        None => {
            state.add_entry::<T>(f)?;
        }
    }
    editing.set(None);
    Ok(())
}

/// Asks, then removes an entry; a refusal (others point at it) shows in `problem`.
fn ask_remove<T: Entry>(state: AppState, id: Id, name: String, problem: RwSignal<Option<String>>) {
    state.ask(
        format!("Remove {name}?"),
        format!(
            "{name} will be removed from this list (and from colleagues' copies when they merge)."
        ),
        "Remove",
        move || match state.remove_entry::<T>(&id) {
            Ok(()) => {
                problem.set(None);
                state.announce(format!("Removed {name}."));
            }
            Err(e) => problem.set(Some(e.to_string())),
        },
    );
}

/// An entry's row buttons: Edit (in the form `form`) and Remove (asked first; a refusal
/// shows in `problem`).
fn row_tools<T: Entry>(
    editing: RwSignal<Option<Id>>,
    id: Id,
    name: String,
    form: &'static str,
    problem: RwSignal<Option<String>>,
) -> impl IntoView {
    let state = use_state();
    let (id2, name2) = (id.clone(), name.clone());
    view! {
        <button type="button" class="small" aria-label=format!("Edit {name}") on:click=move |_| edit_in(editing, id.clone(), form)>"Edit"</button>
        <button type="button" class="small ghost danger-text" aria-label=format!("Remove {name2}") on:click={move |_| ask_remove::<T>(state, id2.clone(), name2.clone(), problem)}>"Remove"</button>
    }
}

/// The frame of an entry's form: its heading (adding, or editing which), the fields, the
/// problem (next to the fields, read out) and the buttons.
#[component]
fn EntryForm(
    /// The form's id (its fields' ids start with it).
    id: &'static str,
    /// The heading when adding ("Add a site").
    add: &'static str,
    /// The add button's words ("Add site").
    button: &'static str,
    editing: RwSignal<Option<Id>>,
    /// The name of the entry being edited.
    #[prop(into)]
    editing_name: Signal<String>,
    problem: RwSignal<Option<String>>,
    on_save: Callback<()>,
    children: Children,
) -> impl IntoView {
    let heading = move || match editing.get() {
        Some(_) => format!("Edit {}", editing_name.get()),
        None => add.to_string(),
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        on_save.run(());
    };
    let cancel = move |_| {
        editing.set(None);
        problem.set(None);
    };
    let (heading_id, heading_ref) = (format!("{id}-heading"), format!("{id}-heading"));
    let (problem_id, problem_ref) = (format!("{id}-problem"), format!("{id}-problem"));
    view! {
        <form
            class="details-form create-form register-form"
            id=id
            aria-labelledby=heading_ref
            aria-describedby=problem_ref
            on:submit=submit
        >
            <h2 id=heading_id>{heading}</h2>
            {children()}
            <p id=problem_id class="field-problem" role="alert">
                {move || problem.get()}
            </p>
            <div class="form-actions">
                <Show when=move || editing.with(Option::is_some)>
                    <button type="button" on:click=cancel>"Cancel"</button>
                </Show>
                <button type="submit" class="primary">
                    {move || if editing.with(Option::is_some) { "Save" } else { button }}
                </button>
            </div>
        </form>
    }
}

/// The frame of a register's list: the problem with a removal (next to the list, read out),
/// then, when `shown`, a table that scrolls on its own (reachable by keyboard) with these
/// column headings and a last column for each row's tools; else the `empty` message.
#[component]
fn EntryTable(
    problem: RwSignal<Option<String>>,
    #[prop(into)] shown: Signal<bool>,
    /// What the page says when there is nothing to list (nothing when `None`).
    #[prop(optional)]
    empty: Option<&'static str>,
    /// The scrolling region's name ("List of sites").
    label: &'static str,
    headings: &'static [&'static str],
    /// The rows.
    children: ChildrenFn,
) -> impl IntoView {
    view! {
        <p class="field-problem" role="alert">{move || problem.get()}</p>
        <Show
            when=move || shown.get()
            fallback=move || empty.map(|text| view! { <p class="muted">{text}</p> })
        >
            <div class="table-scroll" tabindex="0" role="region" aria-label=label>
                <table class="register-table">
                    <thead>
                        <tr>
                            {headings.iter().map(|h| view! { <th scope="col">{*h}</th> }).collect_view()}
                            <th scope="col"><span class="sr-only">"Actions"</span></th>
                        </tr>
                    </thead>
                    <tbody>{children()}</tbody>
                </table>
            </div>
        </Show>
    }
}

/// Starts editing an entry in the form `form` (and takes the focus there).
fn edit_in(editing: RwSignal<Option<Id>>, id: Id, form: &str) {
    editing.set(Some(id));
    focus_later(format!("#{form} input"));
}

/// The options of a site select: `none` ("No site", "Every site"), then each site.
pub(super) fn site_options(value: RwSignal<String>, none: &'static str) -> impl IntoView {
    let state = use_state();
    move || {
        let mut out = vec![
            view! { <option value="" selected=value.get_untracked().is_empty()>{none}</option> }
                .into_any(),
        ];
        state.registers.with(|r| {
            for s in &r.sites {
                let v = s.id.to_string();
                let sel = value.get_untracked() == v;
                out.push(
                    view! { <option value=v selected=sel>{s.name.clone()}</option> }.into_any(),
                );
            }
        });
        out
    }
}

/// The options of a person select: "No one", then the directory by name.
fn person_options(value: RwSignal<String>) -> impl IntoView {
    let state = use_state();
    move || {
        let mut out = vec![
            view! { <option value="" selected=value.get_untracked().is_empty()>"No one"</option> }
                .into_any(),
        ];
        state.people.with(|p| {
            let mut p: Vec<_> = p.iter().collect();
            crate::domain::sort::sort_by_key(&mut p, |x| crate::domain::name_key(&x.name));
            for x in p {
                let v = x.id.to_string();
                let sel = value.get_untracked() == v;
                out.push(
                    view! { <option value=v selected=sel>{x.name.clone()}</option> }.into_any(),
                );
            }
        });
        out
    }
}

/// An id chosen in a select ("" is none).
fn chosen(v: String) -> Option<Id> {
    (!v.is_empty()).then_some(Id(v))
}

/// A number as typed ("4,5" too); empty is `None`.
fn number(what: &str, s: &str) -> Result<Option<f64>, DomainError> {
    let s = s.trim();
    if s.is_empty() {
        return Ok(None);
    }
    s.replace(',', ".")
        .parse::<f64>()
        .ok()
        .filter(|v| v.is_finite())
        .map(Some)
        .ok_or_else(|| DomainError::Invalid(format!("{what}: type a number, like 12 or 2.5.")))
}

/// An amount of money as typed, in cents.
fn amount(what: &str, s: &str) -> Result<i64, DomainError> {
    crate::domain::project::parse_cents(s)
        .filter(|c| *c >= 0)
        .ok_or_else(|| {
            DomainError::Invalid(format!("{what}: type an amount, like 250 or 1,200.50."))
        })
}

/// An amount in cents as a person reads it: "1,250.00".
fn money(cents: i64) -> String {
    crate::domain::project::format_cents(cents, "")
}

/// The person's name, or "".
fn person_name(state: AppState, id: Option<&Id>) -> String {
    state.people.track();
    id.and_then(|id| state.person_name(id)).unwrap_or_default()
}
