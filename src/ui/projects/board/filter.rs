//! The board's search and filter bar (the board and its table both show it; what it keeps
//! is `domain::filter`). The filter lives with the view only (it is not saved): leaving the
//! tab clears it.

use super::model::BoardModel;
pub use crate::domain::filter::{DueFilter, Filter};
use crate::domain::Priority;
use crate::ui::state::use_state;
use leptos::prelude::*;

/// The bar above the board: search text, label, assignee, due and priority.
#[component]
pub fn FilterBar(
    model: BoardModel,
    filter: RwSignal<Filter>,
    /// How many cards the filter hides.
    #[prop(into)]
    hidden: Signal<usize>,
) -> impl IntoView {
    let state = use_state();
    let labels = Memo::new(move |_| {
        model.labels.with(|all| {
            all.iter()
                .map(|l| (l.id.to_string(), l.name.clone()))
                .collect::<Vec<_>>()
        })
    });
    // People assigned to at least one card on the board.
    let people = Memo::new(move |_| {
        model.assignees.with(|who| {
            state.people.with(|people| {
                people
                    .iter()
                    .filter(|person| who.binary_search(&person.id).is_ok())
                    .map(|person| (person.id.to_string(), person.name.clone()))
                    .collect::<Vec<_>>()
            })
        })
    });
    let select = |value: &'static str| {
        move |ev: leptos::ev::Event| {
            let v = event_target_value(&ev);
            filter.update(|f| match value {
                "label" => f.label = v,
                "assignee" => f.assignee = v,
                "due" => f.due = DueFilter::from_key(&v),
                _ => f.priority = v,
            });
        }
    };
    // On a phone the fields fold behind one button, so the first screen shows cards.
    let open = RwSignal::new(false);
    view! {
        <form
            class="board-filter"
            class:filters-open=move || open.get()
            role="search"
            aria-label="Filter cards"
            on:submit=|ev| ev.prevent_default()
        >
            <button
                type="button"
                class="small filter-toggle"
                aria-expanded=move || if open.get() { "true" } else { "false" }
                on:click=move |_| open.update(|o| *o = !*o)
            >
                {move || if filter.with(Filter::is_active) { "Search and filters (on)" } else { "Search and filters" }}
            </button>
            <div class="filter-field filter-text">
                <label for="filter-text">"Search cards"</label>
                <input
                    id="filter-text"
                    type="search"
                    placeholder="Title or description"
                    prop:value=move || filter.with(|f| f.text.clone())
                    on:input=move |ev| {
                        let v = event_target_value(&ev);
                        filter.update(|f| f.text = v);
                    }
                />
            </div>
            <div class="filter-field">
                <label for="filter-label">"Label"</label>
                <select
                    id="filter-label"
                    prop:value=move || filter.with(|f| f.label.clone())
                    on:change=select("label")
                >
                    <option value="">"Any label"</option>
                    {move || {
                        labels
                            .get()
                            .into_iter()
                            .map(|(id, name)| {
                                let sel = filter.with_untracked(|f| f.label == id);
                                view! { <option value=id selected=sel>{name}</option> }
                            })
                            .collect_view()
                    }}
                </select>
            </div>
            <div class="filter-field">
                <label for="filter-assignee">"Assignee"</label>
                <select
                    id="filter-assignee"
                    prop:value=move || filter.with(|f| f.assignee.clone())
                    on:change=select("assignee")
                >
                    <option value="">"Anyone"</option>
                    {move || {
                        people
                            .get()
                            .into_iter()
                            .map(|(id, name)| {
                                let sel = filter.with_untracked(|f| f.assignee == id);
                                view! { <option value=id selected=sel>{name}</option> }
                            })
                            .collect_view()
                    }}
                </select>
            </div>
            <div class="filter-field">
                <label for="filter-due">"Due"</label>
                <select
                    id="filter-due"
                    prop:value=move || filter.with(|f| f.due.key().to_string())
                    on:change=select("due")
                >
                    <option value="">"Any date"</option>
                    <option value="overdue">"Overdue"</option>
                    <option value="week">"Due this week"</option>
                </select>
            </div>
            <div class="filter-field">
                <label for="filter-priority">"Priority"</label>
                <select
                    id="filter-priority"
                    prop:value=move || filter.with(|f| f.priority.clone())
                    on:change=select("priority")
                >
                    <option value="">"Any priority"</option>
                    {Priority::ALL
                        .into_iter()
                        .rev()
                        .map(|p| view! { <option value=p.key()>{p.label()}</option> })
                        .collect_view()}
                </select>
            </div>
            <Show when=move || filter.with(Filter::is_active)>
                <p class="filter-status" role="status">
                    {move || match hidden.get() {
                        0 => "No cards hidden by the filter.".to_string(),
                        1 => "1 card hidden by the filter.".to_string(),
                        n => format!("{n} cards hidden by the filter."),
                    }}
                </p>
                <button type="button" class="small" on:click=move |_| filter.set(Filter::default())>
                    "Clear filters"
                </button>
            </Show>
        </form>
    }
}
