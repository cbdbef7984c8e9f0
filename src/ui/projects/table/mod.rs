//! A board as a table: its cards as rows (title, column, assignees, labels, priority, dates,
//! estimate, costs, subtasks done), sorted by any column, filtered with the board's filter
//! bar, a row edited in place, and the selected cards moved, assigned, labelled or deleted
//! at once (one step to undo). What it computes is `domain::table`.
//!
//! Files: `row` (a row, shown or being edited), `bulk` (the bar for the selected cards).
//! Rows read their card's signal in the board's model, so an edit re-renders its row only;
//! the table renders the rows a screen holds and more as the page is scrolled or on
//! "Show more".

mod bulk;
mod row;

use super::board::{BoardModel, FilterBar};
use crate::domain::filter::Filter;
use crate::domain::table::{self, Sort, SortKey};
use crate::domain::{Id, Project};
use crate::ui::browser::today;
use crate::ui::state::use_state;
use chrono::NaiveDate;
use leptos::prelude::*;
use row::RowView;
use std::collections::HashSet;

/// Rows rendered at first (more than a 1366×860 screen holds), and added per "Show more" or
/// when the page is scrolled near the end of what is rendered.
const PAGE: usize = 40;

/// What the table's parts share.
#[derive(Clone, Copy)]
struct TableCtx {
    project: RwSignal<Project>,
    model: BoardModel,
    /// The cards picked for the bar's operations.
    selected: RwSignal<HashSet<Id>>,
    /// The row being edited.
    editing: RwSignal<Option<Id>>,
    today: NaiveDate,
}

/// The table tab.
#[component]
pub fn TableView(project: RwSignal<Project>) -> impl IntoView {
    let state = use_state();
    let model = BoardModel::new(project);
    let id = project.with_untracked(|p| p.id.clone());
    state.on_project_change(&id, move |t| model.apply(t));
    let filter = RwSignal::new(Filter::default());
    let sort = RwSignal::new(Sort::default());
    let ctx = TableCtx {
        project,
        model,
        selected: RwSignal::new(HashSet::new()),
        editing: RwSignal::new(None),
        today: today(),
    };
    provide_context(ctx);
    // Every row the filter lets through, in the sort's order.
    let rows = Memo::new(move |_| {
        let (f, s) = (filter.get(), sort.get());
        project.with(|p| {
            state
                .people
                .with(|people| table::rows(p, people, &f, ctx.today, s))
        })
    });
    let total =
        Memo::new(move |_| project.with(|p| p.cards.iter().filter(|c| !c.archived).count()));
    let hidden = Signal::derive(move || total.get().saturating_sub(rows.with(Vec::len)));
    let shown = RwSignal::new(PAGE);
    let rendered = Memo::new(move |_| {
        let n = shown.get();
        rows.with(|r| r.iter().take(n).cloned().collect::<Vec<_>>())
    });
    let not_shown = move || rows.with(Vec::len).saturating_sub(rendered.with(Vec::len));
    let more = move || shown.set(rendered.with_untracked(Vec::len) + 2 * PAGE);
    // Scrolled to within about a screen of the table's end: render more.
    let end = NodeRef::<leptos::html::Div>::new();
    let on_scroll = window_event_listener(leptos::ev::scroll, move |_| {
        let Some(el) = end.get_untracked() else {
            return;
        };
        let near = el.get_bounding_client_rect().top()
            < window()
                .inner_height()
                .ok()
                .and_then(|h| h.as_f64())
                .unwrap_or(800.0)
                * 2.0;
        if near && untrack(not_shown) > 0 {
            more();
        }
    });
    on_cleanup(move || on_scroll.remove());
    // The selection counts only cards the table lists (a filter hides the others).
    let picked = Memo::new(move |_| {
        ctx.selected.with(|sel| {
            rows.with(|r| {
                r.iter()
                    .filter(|id| sel.contains(*id))
                    .cloned()
                    .collect::<Vec<_>>()
            })
        })
    });
    let all_picked = move || {
        let n = rows.with(Vec::len);
        n > 0 && picked.with(Vec::len) == n
    };
    let pick_all = move |ev: leptos::ev::Event| {
        if event_target_checked(&ev) {
            ctx.selected.set(rows.get_untracked().into_iter().collect());
        } else {
            ctx.selected.set(HashSet::new());
        }
    };
    let currency = move || {
        project.with(|p| {
            p.budget
                .as_ref()
                .map(|b| format!(" ({})", b.currency))
                .unwrap_or_default()
        })
    };
    view! {
        <FilterBar model=model filter=filter hidden=hidden/>
        <span hidden id="w-select">"Select"</span>
        <span hidden id="w-edit">"Edit"</span>
        <bulk::BulkBar picked=picked/>
        <div class="table-scroll board-table-scroll" role="region" aria-label="Cards, scrolls sideways" tabindex="0">
            <table class="board-table">
                <caption class="sr-only">
                    {move || format!("Cards of {}: {} shown", project.with(|p| p.name.clone()), rows.with(Vec::len))}
                </caption>
                <thead>
                    <tr>
                        <th scope="col" class="pick">
                            <input
                                type="checkbox"
                                aria-label=move || format!("Select all {} cards shown", rows.with(Vec::len))
                                prop:checked=all_picked
                                prop:indeterminate=move || picked.with(|p| !p.is_empty()) && !all_picked()
                                on:change=pick_all
                            />
                        </th>
                        {SortKey::COLUMNS
                            .into_iter()
                            .map(|key| view! { <SortHeader key=key sort=sort currency=currency/> })
                            .collect_view()}
                        <th scope="col"><span class="sr-only">"Actions"</span></th>
                    </tr>
                </thead>
                <tbody>
                    {move || rows.with(Vec::is_empty).then(|| view! {
                        <tr>
                            <td colspan="13" class="muted">
                                {move || if filter.with(Filter::is_active) {
                                    "No card passes the filter."
                                } else {
                                    "No cards on this board yet: add them on the Board tab."
                                }}
                            </td>
                        </tr>
                    })}
                    <For each=move || rendered.get() key=|id| id.clone() let:card>
                        <RowView card=card/>
                    </For>
                </tbody>
            </table>
        </div>
        <div class="table-more" node_ref=end>
            {move || (not_shown() > 0).then(|| view! {
                <button type="button" class="small" on:click=move |_| more()>
                    {move || format!("Show {} more", not_shown().min(2 * PAGE))}
                    <span class="sr-only">{move || format!(" cards ({} not shown)", not_shown())}</span>
                </button>
            })}
        </div>
    }
}

/// A sortable column heading: a button that sorts by it (again: the other way).
#[component]
fn SortHeader(
    key: SortKey,
    sort: RwSignal<Sort>,
    currency: impl Fn() -> String + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let aria = move || {
        let s = sort.get();
        Some(match (s.key == key, s.descending) {
            (false, _) => "none",
            (true, true) => "descending",
            (true, false) => "ascending",
        })
    };
    let money = matches!(key, SortKey::CostPlanned | SortKey::CostActual);
    view! {
        <th scope="col" aria-sort=aria class=(key == SortKey::Title).then_some("col-title")>
            <button class="sort-button" on:click=move |_| sort.update(|s| *s = s.toggled(key))>
                {key.label()}
                {money.then(currency)}
                <span aria-hidden="true">
                    {move || {
                        let s = sort.get();
                        match (s.key == key, s.descending) {
                            (true, true) => " ▼",
                            (true, false) => " ▲",
                            _ => "",
                        }
                    }}
                </span>
            </button>
        </th>
    }
}
