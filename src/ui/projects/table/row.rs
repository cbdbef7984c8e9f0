//! A row of the table: a card's cells, or (after "Edit") its title, column, priority, dates,
//! estimate and costs as fields. Enter saves, Escape cancels; a field that can't be read
//! says so under itself, and a refusal under the row.

use super::TableCtx;
use crate::domain::dates::day_month_year;
use crate::domain::project::format_cents;
use crate::domain::report::{due_state_of, Due};
use crate::domain::table::{subtasks_done, RowEdit, RowField, RowText};
use crate::domain::{Card, Id, Person, Priority};
use crate::ui::browser::focus_later;
use crate::ui::projects::OpenCard;
use crate::ui::state::use_state;
use chrono::NaiveDate;
use leptos::prelude::*;

/// A row: shown, or being edited.
#[component]
pub(super) fn RowView(card: Id) -> impl IntoView {
    let ctx = expect_context::<TableCtx>();
    let Some(sig) = ctx.model.card(&card) else {
        return ().into_any();
    };
    let sig: RwSignal<Card> = sig.into();
    let me = StoredValue::new(card);
    let editing = Memo::new(move |_| {
        ctx.editing
            .with(|e| me.with_value(|id| e.as_ref() == Some(id)))
    });
    (move || {
        if editing.get() {
            view! { <EditRow sig=sig/> }.into_any()
        } else {
            view! { <ShownRow sig=sig/> }.into_any()
        }
    })
    .into_any()
}

fn money(c: Option<i64>) -> String {
    c.map(|c| format_cents(c, "")).unwrap_or_default()
}

/// What a row shows of its card.
#[derive(Clone, Debug, PartialEq)]
struct Face {
    title: String,
    column: String,
    people: String,
    /// (name, colour)
    labels: Vec<(String, String)>,
    priority: Priority,
    start: Option<NaiveDate>,
    due: Option<(NaiveDate, Due)>,
    estimate: Option<f64>,
    planned: Option<i64>,
    actual: Option<i64>,
    subtasks: Option<(usize, usize)>,
}

fn face_of(ctx: TableCtx, people: &[Person], c: &Card) -> Face {
    let model = ctx.model;
    let done = model.done.with(|d| d.as_ref() == Some(&c.column));
    Face {
        title: c.title.clone(),
        column: model
            .columns
            .with(|cs| cs.iter().find(|x| x.id == c.column).map(|x| x.name.clone()))
            .unwrap_or_default(),
        people: c
            .assignees
            .iter()
            .filter_map(|a| people.iter().find(|p| &p.id == a).map(|p| p.name.as_str()))
            .collect::<Vec<_>>()
            .join(", "),
        labels: model.labels.with(|all| {
            all.iter()
                .filter(|l| c.labels.contains(&l.id))
                .map(|l| (l.name.clone(), l.color.clone()))
                .collect()
        }),
        priority: c.priority,
        start: c.start,
        due: c.due.map(|d| (d, due_state_of(Some(d), done, ctx.today))),
        estimate: c.estimate,
        planned: c.cost_planned,
        actual: c.cost_actual,
        subtasks: subtasks_done(c),
    }
}

/// The cells from the column to the subtasks.
fn cells(f: &Face) -> impl IntoView {
    let labels = f
        .labels
        .iter()
        .map(|(name, colour)| view! { <li class="label-chip" style:background=colour.clone()>{name.clone()}</li> })
        .collect_view();
    let priority = (f.priority != Priority::None).then(|| {
        view! { <span class=format!("priority priority-{}", f.priority.key())>{f.priority.label()}</span> }
    });
    let due = f.due.map(|(d, state)| {
        let (class, word) = match state {
            Due::Overdue => ("due overdue", "Overdue "),
            Due::Soon => ("due soon", "Soon "),
            _ => ("due", ""),
        };
        view! { <span class=class>{word}{day_month_year(d)}</span> }
    });
    let subtasks = f.subtasks.map(
        |(d, n)| view! { <span class="subtasks" class:all-done=d == n>{format!("{d}/{n}")}</span> },
    );
    view! {
        <td>{f.column.clone()}</td>
        <td>{f.people.clone()}</td>
        <td><ul class="card-labels">{labels}</ul></td>
        <td>{priority}</td>
        <td class="num">{f.start.map(day_month_year)}</td>
        <td class="num">{due}</td>
        <td class="num">{f.estimate.map(|e| e.to_string())}</td>
        <td class="num">{money(f.planned)}</td>
        <td class="num">{money(f.actual)}</td>
        <td class="num">{subtasks}</td>
    }
}

/// A card's cells.
#[component]
fn ShownRow(sig: RwSignal<Card>) -> impl IntoView {
    let state = use_state();
    let ctx = expect_context::<TableCtx>();
    let open = expect_context::<OpenCard>().0;
    let id = sig.with_untracked(|c| c.id.clone());
    let title_id = format!("tt-{id}");
    let face = Memo::new(move |_| {
        state
            .people
            .with(|people| sig.with(|c| face_of(ctx, people, c)))
    });
    let picked = {
        let id = id.clone();
        Memo::new(move |_| ctx.selected.with(|s| s.contains(&id)))
    };
    let toggle = {
        let id = id.clone();
        move |ev: leptos::ev::Event| {
            let on = event_target_checked(&ev);
            ctx.selected.update(|s| {
                if on {
                    s.insert(id.clone());
                } else {
                    s.remove(&id);
                }
            });
        }
    };
    let open_id = id.clone();
    let edit_id = id.clone();
    view! {
        <tr class:picked=move || picked.get() data-card-id=id.to_string()>
            <td class="pick">
                <input
                    type="checkbox"
                    aria-labelledby=format!("w-select {title_id}")
                    prop:checked=move || picked.get()
                    on:change=toggle
                />
            </td>
            <th scope="row" class="col-title">
                <button
                    type="button"
                    class="link-button"
                    dir="auto"
                    id=title_id.clone()
                    on:click=move |_| open.set(Some(open_id.clone()))
                >
                    {move || face.with(|f| f.title.clone())}
                </button>
            </th>
            {move || face.with(cells)}
            <td>
                <button
                    type="button"
                    class="small"
                    id=format!("te-{id}")
                    aria-labelledby=format!("w-edit {title_id}")
                    on:click=move |_| {
                        ctx.editing.set(Some(edit_id.clone()));
                        focus_later(format!("#tf-title-{}", edit_id));
                    }
                >
                    "Edit"
                </button>
            </td>
        </tr>
    }
}

/// A row being edited: the fields as typed, and the message about the one at fault.
#[component]
fn EditRow(sig: RwSignal<Card>) -> impl IntoView {
    let state = use_state();
    let ctx = expect_context::<TableCtx>();
    let id = sig.with_untracked(|c| c.id.clone());
    let opened = sig.with_untracked(RowEdit::of);
    let text = RwSignal::new(opened.text());
    let opened = StoredValue::new(opened);
    // (the field at fault, or none for a refusal of the whole row; the message)
    let error: RwSignal<Option<(Option<RowField>, String)>> = RwSignal::new(None);
    let back = {
        let id = id.clone();
        move || focus_later(format!("#te-{id}"))
    };
    let cancel = {
        let back = back.clone();
        move || {
            ctx.editing.set(None);
            back();
        }
    };
    let save = {
        let (id, back) = (id.clone(), back.clone());
        move || {
            let mine = match text.with_untracked(RowText::parse) {
                Ok(r) => r,
                Err((field, msg)) => {
                    error.set(Some((Some(field), msg)));
                    focus_later(format!("#tf-{}-{id}", key(field)));
                    return;
                }
            };
            let opened = opened.get_value();
            if mine == opened {
                ctx.editing.set(None);
                back();
                return;
            }
            let done = state.edit_card(ctx.project, "edit card", &id, |p, env| {
                p.save_row(env, &id, &opened, mine)
            });
            match done {
                Some(clashes) => {
                    ctx.editing.set(None);
                    back();
                    state.saved("Card", &clashes);
                }
                None => {
                    // Shown here, next to the row, rather than in the banner.
                    let msg = state
                        .error_text()
                        .unwrap_or_else(|| "The card could not be saved.".into());
                    state.clear_refusal();
                    error.set(Some((None, msg)));
                }
            }
        }
    };
    let on_key = {
        let (save, cancel) = (save.clone(), cancel.clone());
        move |ev: leptos::ev::KeyboardEvent| match ev.key().as_str() {
            "Enter" => {
                ev.prevent_default();
                save();
            }
            "Escape" => {
                ev.prevent_default();
                cancel();
            }
            _ => {}
        }
    };
    let title = sig.with_untracked(|c| c.title.clone());
    let field = move |f: RowField, label: &'static str, kind: &'static str| {
        let input_id = format!("tf-{}-{}", key(f), sig.with_untracked(|c| c.id.clone()));
        let err_id = format!("{input_id}-error");
        let mine = move || error.with(|e| e.as_ref().is_some_and(|(x, _)| *x == Some(f)));
        view! {
            <input
                id=input_id
                type=kind
                class="table-field"
                aria-label=label
                aria-invalid=move || mine().then_some("true")
                aria-describedby=move || mine().then(|| err_id.clone())
                inputmode=(f == RowField::Estimate || f == RowField::CostPlanned || f == RowField::CostActual).then_some("decimal")
                prop:value=move || text.with(|t| get(t, f).to_string())
                on:input=move |ev| {
                    let v = event_target_value(&ev);
                    text.update(|t| *get_mut(t, f) = v);
                }
            />
            {move || mine().then(|| view! {
                <p class="field-error" id=format!("tf-{}-{}-error", key(f), sig.with_untracked(|c| c.id.clone()))>
                    {error.with(|e| e.as_ref().map(|(_, m)| m.clone()))}
                </p>
            })}
        }
    };
    let columns = move || {
        ctx.model.columns.with(|cs| {
            cs.iter()
                .map(|c| {
                    let sel = text.with_untracked(|t| t.column == c.id.as_str());
                    view! { <option value=c.id.to_string() selected=sel>{c.name.clone()}</option> }
                })
                .collect_view()
        })
    };
    let row_error = move || {
        error.with(|e| {
            e.as_ref().filter(|(f, _)| f.is_none()).map(|(_, m)| {
                view! { <tr class="row-error"><td colspan="13" role="alert">{m.clone()}</td></tr> }
            })
        })
    };
    let (save2, cancel2) = (save.clone(), cancel.clone());
    view! {
        <tr class="editing" data-card-id=id.to_string() on:keydown=on_key aria-label=format!("Editing {title}")>
            <td class="pick"></td>
            <th scope="row" class="col-title">{field(RowField::Title, "Title", "text")}</th>
            <td>
                <select
                    id=format!("tf-column-{id}")
                    class="table-field"
                    aria-label="Column"
                    on:change=move |ev| {
                        let v = event_target_value(&ev);
                        text.update(|t| t.column = v);
                    }
                >
                    {columns}
                </select>
            </td>
            <td class="muted">{move || sig.with(|c| if c.assignees.is_empty() { String::new() } else { format!("{} assigned", c.assignees.len()) })}</td>
            <td></td>
            <td>
                <select
                    id=format!("tf-priority-{id}")
                    class="table-field"
                    aria-label="Priority"
                    on:change=move |ev| {
                        let v = event_target_value(&ev);
                        text.update(|t| t.priority = v);
                    }
                >
                    {Priority::ALL
                        .into_iter()
                        .rev()
                        .map(|p| {
                            let sel = text.with_untracked(|t| t.priority == p.key());
                            view! { <option value=p.key() selected=sel>{p.label()}</option> }
                        })
                        .collect_view()}
                </select>
            </td>
            <td>{field(RowField::Start, "Start date", "date")}</td>
            <td>{field(RowField::Due, "Due date", "date")}</td>
            <td>{field(RowField::Estimate, "Estimate (hours)", "text")}</td>
            <td>{field(RowField::CostPlanned, "Planned cost", "text")}</td>
            <td>{field(RowField::CostActual, "Actual cost", "text")}</td>
            <td></td>
            <td class="row-actions">
                <button type="button" class="small primary" on:click=move |_| save2()>"Save"</button>
                <button type="button" class="small" on:click=move |_| cancel2()>"Cancel"</button>
            </td>
        </tr>
        {row_error}
    }
}

/// A field's part of an input's id.
fn key(f: RowField) -> &'static str {
    match f {
        RowField::Title => "title",
        RowField::Column => "column",
        RowField::Priority => "priority",
        RowField::Start => "start",
        RowField::Due => "due",
        RowField::Estimate => "estimate",
        RowField::CostPlanned => "planned",
        RowField::CostActual => "actual",
    }
}

fn get(t: &RowText, f: RowField) -> &str {
    match f {
        RowField::Title => &t.title,
        RowField::Column => &t.column,
        RowField::Priority => &t.priority,
        RowField::Start => &t.start,
        RowField::Due => &t.due,
        RowField::Estimate => &t.estimate,
        RowField::CostPlanned => &t.cost_planned,
        RowField::CostActual => &t.cost_actual,
    }
}

fn get_mut(t: &mut RowText, f: RowField) -> &mut String {
    match f {
        RowField::Title => &mut t.title,
        RowField::Column => &mut t.column,
        RowField::Priority => &mut t.priority,
        RowField::Start => &mut t.start,
        RowField::Due => &mut t.due,
        RowField::Estimate => &mut t.estimate,
        RowField::CostPlanned => &mut t.cost_planned,
        RowField::CostActual => &mut t.cost_actual,
    }
}
