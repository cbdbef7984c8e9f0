//! A column: folded to a strip, or open with its head, tools, cards and add-card form. Its
//! cards are a keyed list of the first cards that pass the filter, as many as fill the
//! column, and more as it is scrolled or asked ("Show 8 more").

mod tools;

use super::card::CardView;
use super::BoardCtx;
use crate::domain::{Column, Id};
use crate::ui::browser::focus_later;
use crate::ui::shell::InlineEdit;
use crate::ui::state::use_state;
use leptos::prelude::*;
use tools::{ColumnSettings, ColumnTools};

/// How many cards a column adds per "Show more", or when scrolled near its end.
const PAGE: usize = 8;

/// How many cards a column renders at first: as many as could be in view, and one more so
/// the list can scroll (scrolled near its end, it renders more). On a wide screen a column's
/// cards start some 450 px down the page (header, project head, tabs, filters) and the
/// shortest card is about 80 px tall; counting 400 px and 100 px leaves a margin: 5 cards
/// in a 720-px window (one or two are in view), 6 in an 860-px one, 12 in a 1440-px one.
fn first_page() -> usize {
    let height = web_sys::window()
        .and_then(|w| w.inner_height().ok())
        .and_then(|h| h.as_f64())
        .unwrap_or(800.0);
    (((height - 400.0) / 100.0).ceil().max(0.0) as usize + 1).clamp(3, 6 * PAGE)
}

/// What a column's parts share.
#[derive(Clone, Copy)]
pub(super) struct ColInfo {
    pub column: StoredValue<Id>,
    pub name: Signal<String>,
    /// The column's cards, in order.
    pub ids: Signal<Vec<Id>>,
    pub count: Memo<usize>,
    pub limit: Memo<Option<u32>>,
    pub is_done: Memo<bool>,
    pub collapsed: Memo<bool>,
    /// (index from the left, number of columns)
    pub position: Memo<(usize, usize)>,
    /// The cards that pass the filter, when one is set.
    pub filtered: Memo<Option<Vec<Id>>>,
}

impl ColInfo {
    pub fn over(&self) -> bool {
        self.limit
            .get()
            .is_some_and(|l| self.count.get() > l as usize)
    }
    fn count_text(&self) -> String {
        match self.limit.get() {
            Some(l) => format!("{}/{l}", self.count.get()),
            None => self.count.get().to_string(),
        }
    }
    fn count_label(&self) -> String {
        let n = self.count.get();
        let cards = if n == 1 {
            "1 card".to_string()
        } else {
            format!("{n} cards")
        };
        match self.limit.get() {
            Some(l) if n > l as usize => format!("{cards}, limit {l}, over the limit"),
            Some(l) => format!("{cards}, limit {l}"),
            None => cards,
        }
    }
}

#[component]
pub(super) fn ColumnView(column: Id) -> impl IntoView {
    let ctx = expect_context::<BoardCtx>();
    let model = ctx.model;
    let col: Memo<Option<Column>> = {
        let column = column.clone();
        Memo::new(move |_| {
            model
                .columns
                .with(|cs| cs.iter().find(|c| c.id == column).cloned())
        })
    };
    let ids: Signal<Vec<Id>> = RwSignal::from(model.list(&column)).into();
    let filtered = Memo::new(move |_| {
        ctx.filter.with(|f| {
            f.is_active().then(|| {
                model.done.with(|done| {
                    ids.with(|v| {
                        v.iter()
                            .filter(|id| {
                                model.card(id).is_some_and(|c| {
                                    c.with(|c| f.matches(c, done.as_ref(), ctx.today))
                                })
                            })
                            .cloned()
                            .collect()
                    })
                })
            })
        })
    });
    let info = ColInfo {
        column: StoredValue::new(column.clone()),
        name: Signal::derive(move || {
            col.with(|c| c.as_ref().map(|c| c.name.clone()).unwrap_or_default())
        }),
        ids,
        count: Memo::new(move |_| ids.with(Vec::len)),
        limit: Memo::new(move |_| col.with(|c| c.as_ref().and_then(|c| c.wip_limit))),
        is_done: {
            let column = column.clone();
            Memo::new(move |_| model.done.with(|d| d.as_ref() == Some(&column)))
        },
        collapsed: Memo::new(move |_| col.with(|c| c.as_ref().is_some_and(|c| c.collapsed))),
        position: {
            let column = column.clone();
            Memo::new(move |_| {
                model.columns.with(|cs| {
                    (
                        cs.iter().position(|c| c.id == column).unwrap_or(0),
                        cs.len(),
                    )
                })
            })
        },
        filtered,
    };
    // The board's "N cards hidden by the filter" adds up what each column hides.
    {
        let col = column.clone();
        Effect::new(move |_| {
            let hidden = filtered.with(|f| f.as_ref().map_or(0, |v| info.count.get() - v.len()));
            if ctx
                .hidden
                .with_untracked(|h| h.get(&col).copied().unwrap_or(0) != hidden)
            {
                ctx.hidden.update(|h| {
                    h.insert(col.clone(), hidden);
                });
            }
        });
        let column = column.clone();
        on_cleanup(move || {
            ctx.hidden.try_update(|h| h.remove(&column));
        });
    }
    let heading_id = format!("col-{column}");
    let body = {
        let heading_id = heading_id.clone();
        move || {
            if info.collapsed.get() {
                view! { <ColumnStrip info=info heading_id=heading_id.clone()/> }.into_any()
            } else {
                view! { <ColumnFull info=info heading_id=heading_id.clone()/> }.into_any()
            }
        }
    };
    view! {
        <section
            class="column"
            class:collapsed=move || info.collapsed.get()
            class:over-limit=move || info.over()
            class:done-column=move || info.is_done.get()
            aria-labelledby=heading_id
            data-column-id=column.to_string()
        >
            {body}
        </section>
    }
}

/// The grip that drags a column (pointer only; the ◀ ▶ buttons are its keyboard twin).
#[component]
fn ColumnHandle() -> impl IntoView {
    view! {
        <span class="drag-handle column-handle" aria-hidden="true" title="Drag to move the column">
            "⠿"
        </span>
    }
}

/// The count, with the WIP limit when there is one.
#[component]
fn ColumnCount(info: ColInfo) -> impl IntoView {
    view! {
        <span class="count" class:over=move || info.over() aria-label=move || info.count_label()>
            {move || info.count_text()}
        </span>
    }
}

/// A folded column: a narrow strip with its name and count.
#[component]
fn ColumnStrip(info: ColInfo, heading_id: String) -> impl IntoView {
    let state = use_state();
    let ctx = expect_context::<BoardCtx>();
    let expand = move |_| {
        let column = info.column.get_value();
        state.edit_project(ctx.project, "expand column", |p, env| {
            p.set_collapsed(env, &column, false)
        });
        focus_later(format!("[data-column-id=\"{column}\"] .menu-button"));
    };
    view! {
        <div class="strip">
            <ColumnHandle/>
            <button
                class="icon-button collapse-toggle"
                aria-expanded="false"
                aria-label=move || format!("Expand column {}", info.name.get())
                title="Expand column"
                on:click=expand
            >
                "▸"
            </button>
            <ColumnCount info=info/>
            <Show when=move || info.is_done.get()>
                <span class="done-marker" title="The done column">"✓"</span>
            </Show>
            <h2 id=heading_id class="strip-name">{move || info.name.get()}</h2>
            <Show when=move || info.over()>
                <span class="wip-warning" title="Over WIP limit">"!"</span>
            </Show>
        </div>
    }
}

/// An unfolded column: head, tools, settings, cards and the add-card form.
#[component]
fn ColumnFull(info: ColInfo, heading_id: String) -> impl IntoView {
    let state = use_state();
    let ctx = expect_context::<BoardCtx>();
    let column = info.column.get_value();
    let name = info.name;
    let shown = RwSignal::new(first_page());
    // The cards rendered: the first `shown` that pass the filter, and down to the card just
    // moved by keys when it landed further down (so focus can stay on it).
    let rendered = Memo::new(move |_| {
        let n = shown.get();
        let column = info.column.get_value();
        let keep = ctx.keep.get_value().filter(|k| {
            ctx.model
                .card(k)
                .is_some_and(|c| c.with_untracked(|c| c.column == column))
        });
        let pick = |v: &[Id]| {
            let mut m = n.min(v.len());
            if let Some(i) = keep.as_ref().and_then(|k| v.iter().position(|x| x == k)) {
                m = m.max(i + 1);
            }
            v[..m].to_vec()
        };
        info.filtered.with(|f| match f {
            Some(v) => pick(v),
            None => info.ids.with(|v| pick(v)),
        })
    });
    let visible = move || {
        info.filtered
            .with(|f| f.as_ref().map(Vec::len))
            .unwrap_or_else(|| info.count.get())
    };
    let not_shown = move || visible().saturating_sub(rendered.with(Vec::len));
    let more = move || shown.set(rendered.with_untracked(Vec::len) + PAGE);
    // Scrolled to within a few cards of the end of what is rendered: render more.
    let on_scroll = move |ev: leptos::ev::Event| {
        let el: web_sys::Element = event_target(&ev);
        let left = el.scroll_height() - el.scroll_top() - el.client_height();
        if left < 600 && untrack(not_shown) > 0 {
            more();
        }
    };
    let input_id = format!("new-card-{column}");
    let new_card = RwSignal::new(String::new());
    let add_card = {
        let column = column.clone();
        move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            let title = new_card.get_untracked();
            if state
                .edit_project(ctx.project, "add card", |p, env| {
                    p.add_card(env, &column, &title)
                })
                .is_some()
            {
                new_card.set(String::new());
                // Keep the new card in view in a long column.
                let n = info.count.get_untracked();
                shown.update(|s| *s = (*s).max(n));
                state.announce(format!(
                    "Added “{}” to {}.",
                    title.trim(),
                    name.get_untracked()
                ));
            }
        }
    };
    let rename = {
        let column = column.clone();
        Callback::new(move |text: String| {
            state
                .edit_project(ctx.project, "rename column", |p, env| {
                    p.rename_column(env, &column, &text)
                })
                .is_some()
        })
    };
    let settings_open = RwSignal::new(false);
    view! {
        <header class="column-head">
            <ColumnHandle/>
            <h2 id=heading_id class="column-title">
                <InlineEdit
                    value=name
                    field_label="Column name"
                    edit_label=Signal::derive(move || format!("Rename column {}", name.get()))
                    on_save=rename
                />
            </h2>
            <ColumnCount info=info/>
            <ColumnTools info=info settings_open=settings_open/>
        </header>
        // Below the heading, so a narrow column's name is not squeezed under it.
        <Show when=move || info.is_done.get()>
            <span class="done-marker" title="Cards here count as done">"✓ Done"</span>
        </Show>
        <Show when=move || info.over()>
            <p class="wip-warning">
                <span aria-hidden="true">"⚠ "</span>
                "Over WIP limit"
            </p>
        </Show>
        <Show when=move || settings_open.get()>
            <ColumnSettings info=info/>
        </Show>
        <ul class="cards" aria-label=move || format!("Cards in {}", name.get()) on:scroll=on_scroll>
            <For each=move || rendered.get() key=|id| id.clone() let:card>
                <CardView card=card ids=info.ids position=info.position/>
            </For>
        </ul>
        <Show when=move || { not_shown() > 0 }>
            <button type="button" class="small show-more" on:click=move |_| more()>
                {move || format!("Show {} more", not_shown().min(PAGE))}
                <span class="sr-only">{move || format!(" cards in {} ({} not shown)", name.get(), not_shown())}</span>
            </button>
        </Show>
        <form class="add-card" on:submit=add_card>
            <label class="sr-only" for=input_id.clone()>
                {move || format!("New card in {}", name.get())}
            </label>
            <input id=input_id placeholder="Add a card…" bind:value=new_card/>
            <button type="submit" aria-label=move || format!("Add card to {}", name.get())>
                "Add"
            </button>
        </form>
    }
}
