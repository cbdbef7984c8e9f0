//! A project's history (`domain::records`): every change on record, newest first — to the
//! project's dates, scope and budget and to each card — with who made it and when, filtered
//! by kind; a card's entries link to its dialog.

use crate::domain::records::{Activity, What};
use crate::domain::{Id, Person, Project, Trashed};
use crate::ui::browser::local_time;
use crate::ui::route::Route;
use crate::ui::state::use_state;
use leptos::prelude::*;

/// Entries shown at first, and added by "Show more".
const PAGE: usize = 50;

/// Who made a change, in words.
pub(super) fn who(people: &[Person], by: Option<&Id>) -> String {
    by.and_then(|id| people.iter().find(|p| &p.id == id))
        .map_or_else(|| "Someone".to_string(), |p| p.name.clone())
}

/// One entry in words: "Ana Lima moved it from To do to Doing".
pub(super) fn sentence(people: &[Person], a: &Activity) -> String {
    format!("{} {}", who(people, a.by.as_ref()), a.describe())
}

/// A card's title, and whether it is on the board (else in the trash, or gone: then the
/// title its deletion recorded).
fn card_title(p: &Project, id: &Id) -> (String, bool) {
    if let Some(c) = p.card(id) {
        return (c.title.clone(), true);
    }
    let trashed = p.trash.iter().find_map(|t| match &t.item {
        Trashed::Card(c) if &c.id == id => Some(c.title.clone()),
        Trashed::Column { cards, .. } => {
            cards.iter().find(|c| &c.id == id).map(|c| c.title.clone())
        }
        _ => None,
    });
    let recorded = || {
        p.activity
            .iter()
            .find(|a| a.card.as_ref() == Some(id) && a.what == "deleted")
            .map(|a| a.from.clone())
    };
    (trashed.or_else(recorded).unwrap_or_default(), false)
}

/// The kinds the list can be narrowed to: (key, label).
const KINDS: [(&str, &str); 5] = [
    ("", "All changes"),
    ("dates", "Dates"),
    ("scope", "Scope"),
    ("money", "Costs and budget"),
    ("work", "Columns, people, status"),
];

#[component]
pub fn ActivityView(project: RwSignal<Project>) -> impl IntoView {
    let state = use_state();
    let kind = RwSignal::new(String::new());
    let shown = RwSignal::new(PAGE);
    let pid = project.with_untracked(|p| p.id.clone());
    // (card id and title, entry), newest first, of the kind chosen.
    let rows = Memo::new(move |_| {
        let k = kind.get();
        project.with(|p| {
            p.history()
                .into_iter()
                .filter(|(_, a)| {
                    k.is_empty() || What::from_key(&a.what).is_some_and(|w| w.kind() == k)
                })
                .map(|(card, a)| {
                    let title = card.map(|id| (id.clone(), card_title(p, id)));
                    (title, a.clone())
                })
                .collect::<Vec<_>>()
        })
    });
    let total = move || rows.with(Vec::len);
    view! {
        <section class="activity" aria-labelledby="activity-heading">
            <div class="activity-head">
                <h2 id="activity-heading">"Activity"</h2>
                <span class="activity-filter">
                <label for="activity-kind">"Show"</label>
                <select
                    id="activity-kind"
                    on:change=move |ev| {
                        kind.set(event_target_value(&ev));
                        shown.set(PAGE);
                    }
                >
                    {KINDS
                        .into_iter()
                        .map(|(k, l)| view! { <option value=k selected=move || kind.get() == k>{l}</option> })
                        .collect_view()}
                </select>
                </span>
            </div>
            <p class="muted">
                "Every change to the project's dates, scope and costs and to its cards, newest first. "
                "Changes are recorded under the name chosen in a card's comments (“Comment as”)."
            </p>
            <Show
                when=move || { total() > 0 }
                fallback=|| view! { <p class="empty">"Nothing on record yet: changes made from now on appear here."</p> }
            >
                <ol class="activity-list">
                    {
                        let pid = pid.clone();
                        move || {
                            let people = state.people.get();
                            rows.with(|rows| {
                                rows.iter()
                                    .take(shown.get())
                                    .map(|(card, a)| {
                                        let link = card.clone().map(|(id, (title, live))| {
                                            if !live {
                                                view! { <span class="activity-card">{format!("“{title}” (deleted)")}</span> }.into_any()
                                            } else {
                                                let href = Route::Card(pid.clone(), id).href();
                                                view! { <a class="activity-card" href=href>{format!("“{title}”")}</a> }.into_any()
                                            }
                                        });
                                        view! {
                                            <li>
                                                <span class="activity-when">{local_time(a.at)}</span>
                                                {link}
                                                <span class="activity-what">{sentence(&people, a)}</span>
                                            </li>
                                        }
                                    })
                                    .collect_view()
                            })
                        }
                    }
                </ol>
                <Show when=move || { shown.get() < total() }>
                    <button type="button" on:click=move |_| shown.update(|n| *n += PAGE)>
                        {move || format!("Show {} more", (total() - shown.get()).min(PAGE))}
                    </button>
                </Show>
            </Show>
        </section>
    }
}
