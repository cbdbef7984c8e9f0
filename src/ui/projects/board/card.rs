//! A card on the board: its title (which opens the card), its face (labels, description,
//! due date, priority, subtasks, blockers, people), its grip and its move buttons. It reads
//! its own signal in the board's model (and its blockers'), so a change to another card
//! does not re-render it.

use super::moves::step_card;
use super::BoardCtx;
use crate::domain::report::Due;
use crate::domain::{Card, Id, Person, Priority};
use crate::ui::drag::{alt_arrow, Arrow};
use crate::ui::projects::OpenCard;
use crate::ui::state::use_state;
use chrono::NaiveDate;
use leptos::prelude::*;

/// What a card shows on the board.
#[derive(Clone, Debug, PartialEq, Default)]
struct CardFace {
    desc: String,
    /// (name, colour)
    labels: Vec<(String, String)>,
    /// (initials, name)
    people: Vec<(String, String)>,
    due: Option<(NaiveDate, Due)>,
    priority: Priority,
    subtasks: (usize, usize),
    milestone: bool,
    /// The titles of the cards that block it and are not done.
    blockers: Vec<String>,
}

/// A due date's state (the domain's rule, given the done column).
fn due_state(c: &Card, done: Option<&Id>, today: NaiveDate) -> Due {
    crate::domain::report::due_state_of(c.due, done == Some(&c.column), today)
}

/// The face of a card, from its signal and what it reads of the board (labels, people,
/// the done column, its blockers' signals).
fn face(ctx: BoardCtx, people: RwSignal<Vec<Person>>, c: &Card) -> CardFace {
    let model = ctx.model;
    let done = model.done.get();
    CardFace {
        desc: crate::domain::markdown::plain(c.description.lines().next().unwrap_or_default()),
        // In the project's order of labels (a card keeps its labels as a set).
        labels: model.labels.with(|all| {
            all.iter()
                .filter(|l| c.labels.contains(&l.id))
                .map(|l| (l.name.clone(), l.color.clone()))
                .collect()
        }),
        people: people.with(|people| {
            c.assignees
                .iter()
                .filter_map(|a| people.iter().find(|person| &person.id == a))
                .map(|person| (person.initials(), person.name.clone()))
                .collect()
        }),
        due: c.due.map(|d| (d, due_state(c, done.as_ref(), ctx.today))),
        priority: c.priority,
        subtasks: (
            c.subtasks.iter().filter(|s| s.done).count(),
            c.subtasks.len(),
        ),
        milestone: c.milestone,
        blockers: c
            .blocked_by
            .iter()
            .filter_map(|b| model.card(b))
            .filter_map(|b| b.with(|b| (done.as_ref() != Some(&b.column)).then(|| b.title.clone())))
            .collect(),
    }
}

#[component]
pub(super) fn CardView(
    card: Id,
    /// Its column's cards, in order.
    ids: Signal<Vec<Id>>,
    /// Its column's (index from the left, number of columns).
    position: Memo<(usize, usize)>,
) -> impl IntoView {
    let state = use_state();
    let ctx = expect_context::<BoardCtx>();
    let open = expect_context::<OpenCard>().0;
    let Some(sig) = ctx.model.card(&card) else {
        return ().into_any();
    };
    let sig: RwSignal<Card> = sig.into();
    let title = move || sig.with(|c| c.title.clone());
    let face = Memo::new(move |_| sig.with(|c| face(ctx, state.people, c)));
    let mover = {
        let card = card.clone();
        move |dir: Arrow| step_card(state, ctx, &card, dir)
    };
    let on_key = {
        let mover = mover.clone();
        move |ev: leptos::ev::KeyboardEvent| {
            if let Some(dir) = alt_arrow(&ev) {
                mover(dir);
            }
        }
    };
    let title_id = format!("ct-{card}");
    let moves = {
        let (card, title_id) = (card.clone(), title_id.clone());
        let shown = ctx.buttons.shows(&card);
        move || {
            shown
                .get()
                .then(|| move_buttons(&card, &title_id, ids, position, mover.clone()))
        }
    };
    let open_id = card.clone();
    view! {
        <li
            class="card"
            class:blocked=move || face.with(|f| !f.blockers.is_empty())
            data-card-id=card.to_string()
        >
            <div class="card-top">
                <button
                    class="card-title"
                    dir="auto"
                    id=title_id.clone()
                    aria-describedby="move-hint"
                    aria-keyshortcuts="Alt+ArrowUp Alt+ArrowDown Alt+ArrowLeft Alt+ArrowRight"
                    on:click=move |_| open.set(Some(open_id.clone()))
                    on:keydown=on_key
                >
                    {title}
                </button>
                <span class="drag-handle card-handle" aria-hidden="true" title="Drag to move">
                    "⠿"
                </span>
            </div>
            {move || face.with(card_details)}
            {moves}
        </li>
    }
    .into_any()
}

/// A card's four move buttons, each disabled where the card can't go.
fn move_buttons(
    card: &Id,
    title_id: &str,
    ids: Signal<Vec<Id>>,
    position: Memo<(usize, usize)>,
    mover: impl Fn(Arrow) + 'static,
) -> impl IntoView {
    // Whether each move is possible: up, down, left, right.
    let can = {
        let card = card.clone();
        Memo::new(move |_| {
            let (ci, n) = position.get();
            ids.with(|v| {
                [
                    v.first() != Some(&card),
                    v.last() != Some(&card),
                    ci > 0,
                    ci + 1 < n,
                ]
            })
        })
    };
    let button = |glyph: &'static str, word: &'static str, idx: usize| {
        view! {
            <button
                class="icon-button"
                aria-labelledby=format!("w-move-card {title_id} w-{word}")
                title=format!("Move {word}")
                disabled=move || !can.get()[idx]
                data-dir=word
            >
                {glyph}
            </button>
        }
    };
    // The four buttons share one handler, on their group: the clicked one says which way.
    let on_moves = move |ev: leptos::ev::MouseEvent| {
        let el: web_sys::Element = event_target(&ev);
        let dir = match el.get_attribute("data-dir").as_deref() {
            Some("left") => Arrow::Left,
            Some("up") => Arrow::Up,
            Some("down") => Arrow::Down,
            Some("right") => Arrow::Right,
            _ => return,
        };
        mover(dir);
    };
    view! {
        <div
            class="card-moves"
            role="group"
            aria-labelledby=format!("w-move {title_id}")
            on:click=on_moves
        >
            {button("←", "left", 2)}
            {button("↑", "up", 0)}
            {button("↓", "down", 1)}
            {button("→", "right", 3)}
        </div>
    }
}

/// Labels, description, and the meta line of a card (due, priority, subtasks, people...).
fn card_details(f: &CardFace) -> impl IntoView {
    let labels = (!f.labels.is_empty()).then(|| {
        let chips = f
            .labels
            .iter()
            .map(|(name, colour)| {
                view! {
                    <li class="label-chip" style:background=colour.clone()>{name.clone()}</li>
                }
            })
            .collect_view();
        view! { <ul class="card-labels" aria-label="Labels">{chips}</ul> }
    });
    let desc = (!f.desc.is_empty()).then(|| view! { <p class="card-desc">{f.desc.clone()}</p> });
    let milestone = f
        .milestone
        .then(|| view! { <span class="milestone" title="Milestone">"◆ Milestone"</span> });
    let priority = (f.priority != Priority::None).then(|| {
        view! {
            <span class=format!("priority priority-{}", f.priority.key())>
                {format!("{} priority", f.priority.label())}
            </span>
        }
    });
    let due = f.due.map(|(d, state)| {
        let (class, word) = match state {
            Due::Overdue => ("due overdue", "Overdue: "),
            Due::Soon => ("due soon", "Due soon: "),
            Due::Done => ("due done", "Was due "),
            _ => ("due", "Due "),
        };
        view! {
            <span class=class>
                {format!("{word}{}", crate::domain::dates::day_month_year(d))}
            </span>
        }
    });
    let subtasks = (f.subtasks.1 > 0).then(|| {
        let (done, total) = f.subtasks;
        view! {
            <span
                class="subtasks"
                class:all-done=done == total
                aria-label=format!("{done} of {total} subtasks done")
                title=format!("{done} of {total} subtasks done")
            >
                {format!("☑ {done}/{total}")}
            </span>
        }
    });
    let blocked = (!f.blockers.is_empty()).then(|| {
        let names = f.blockers.join(", ");
        view! {
            <span class="blocked-by" title=format!("Blocked by: {names}")>
                {format!("Blocked by {}", f.blockers.len())}
                <span class="sr-only">{format!(": {names}")}</span>
            </span>
        }
    });
    let people = (!f.people.is_empty()).then(|| {
        let avatars = f
            .people
            .iter()
            .map(|(initials, name)| {
                view! {
                    <li class="avatar" title=name.clone()>
                        <span aria-hidden="true">{initials.clone()}</span>
                        <span class="sr-only">{name.clone()}</span>
                    </li>
                }
            })
            .collect_view();
        view! { <ul class="avatars" aria-label="Assigned to">{avatars}</ul> }
    });
    let any_meta = f.milestone
        || f.priority != Priority::None
        || f.due.is_some()
        || f.subtasks.1 > 0
        || !f.blockers.is_empty()
        || !f.people.is_empty();
    view! {
        {labels}
        {desc}
        {any_meta.then(|| view! {
            <div class="card-meta">{milestone}{priority}{due}{subtasks}{blocked}{people}</div>
        })}
    }
}
