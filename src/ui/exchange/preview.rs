//! The preview of a file before it is applied: what is new, updated, changed on both sides
//! (field by field, with a choice of value where both changed one) and deleted.

use super::import::{self, use_exchange, How, Pending, Stage};
use crate::domain::sort;
use crate::domain::Id;
use crate::exchange::fields::FieldChange;
use crate::exchange::format::Scope;
use crate::exchange::preview::{Conflict, Line, Preview};
use crate::exchange::trello::ImportSummary;
use crate::ui::browser::focus_later;
use crate::ui::state::use_state;
use leptos::prelude::*;
use std::sync::Arc;

/// Most entries listed per preview section (the rest are counted).
const MAX_LINES: usize = 100;

fn scope_text(scope: &Scope) -> String {
    match scope {
        Scope::Workspace => "a whole workspace".into(),
        Scope::Project { name, .. } => format!("the project “{name}”"),
        Scope::Template {
            name, runs: true, ..
        } => format!("the checklist “{name}” with its runs"),
        Scope::Template { name, .. } => format!("the checklist “{name}”"),
    }
}

/// An RFC 3339 time as people read it (UTC, to the second).
fn when(ts: &str) -> String {
    chrono::DateTime::parse_from_rfc3339(ts)
        .map(|t| crate::domain::dates::utc_second(t.to_utc()))
        .unwrap_or_else(|_| ts.to_string())
}

/// The order of lines in the preview: by kind (projects and their parts, checklists and
/// theirs, runs, people), then by name, ignoring case.
fn cmp_lines(a: &Line, b: &Line) -> std::cmp::Ordering {
    kind_rank(a.kind).cmp(&kind_rank(b.kind)).then_with(|| {
        let lower = |s: &str| s.chars().flat_map(char::to_lowercase).collect::<Vec<_>>();
        if a.name.is_ascii() && b.name.is_ascii() {
            let (x, y) = (a.name.as_bytes(), b.name.as_bytes());
            x.iter()
                .map(u8::to_ascii_lowercase)
                .cmp(y.iter().map(u8::to_ascii_lowercase))
        } else {
            lower(&a.name).cmp(&lower(&b.name))
        }
        // Names that differ only in case: always the same order.
        .then_with(|| a.name.cmp(&b.name))
    })
}

fn kind_rank(kind: &str) -> usize {
    const KINDS: [&str; 8] = [
        "Project",
        "Column",
        "Card",
        "Risk",
        "Checklist",
        "Item",
        "Run",
        "Person",
    ];
    KINDS.iter().position(|k| *k == kind).unwrap_or(KINDS.len())
}

/// Puts in order the lines a preview shows at first: grouped by kind, projects first, then
/// by name. Each group shows its first [`MAX_LINES`]: those are found in linear time and
/// sorted; the rest are sorted only if "Show all" asks for them (see [`in_order`]). A big
/// file's preview has thousands of lines, and sorting them all took a fifth of its time.
pub(crate) fn sort_preview(p: &mut Preview) {
    sort_front(&mut p.new, |l| l);
    sort_front(&mut p.updated, |l| l);
    sort_front(&mut p.deleted, |l| l);
    sort_front(&mut p.conflicts, |c| &c.line);
}

fn sort_front<T>(v: &mut [T], line: fn(&T) -> &Line) {
    let cmp = |a: &T, b: &T| cmp_lines(line(a), line(b));
    if v.len() > MAX_LINES {
        v.select_nth_unstable_by(MAX_LINES, cmp);
        sort::sort_by(&mut v[..MAX_LINES], cmp);
    } else {
        sort::sort_by(v, cmp);
    }
}

/// The first `k` of a list put in order by [`sort_preview`]: past [`MAX_LINES`], the rest is
/// sorted now.
fn in_order<T>(v: &[T], k: usize, line: fn(&T) -> &Line) -> Vec<&T> {
    let mut out: Vec<&T> = v.iter().take(k.min(MAX_LINES)).collect();
    if k > MAX_LINES && v.len() > MAX_LINES {
        let mut rest: Vec<&T> = v[MAX_LINES..].iter().collect();
        sort::sort_by(&mut rest, |a, b| cmp_lines(line(a), line(b)));
        out.extend(rest.into_iter().take(k - MAX_LINES));
    }
    out
}

fn line_text(l: &Line) -> String {
    format!("{} {}", l.kind, l.name)
}

/// The preview of a file (its lines already sorted by `sort_preview`).
#[component]
pub(super) fn PreviewPanel(pending: Arc<Pending>) -> impl IntoView {
    let state = use_state();
    let ex = use_exchange();
    let Pending {
        file,
        scope,
        exported_at,
        preview,
        trello,
        ..
    } = &*pending;
    let unchanged = preview.unchanged;
    let noop = preview.is_noop();
    let about = match (trello, scope) {
        (Some(_), Scope::Project { name, .. }) => {
            format!("It is a Trello board's export: it becomes the new project “{name}” with:")
        }
        _ => format!(
            "It holds {}, exported {}.",
            scope_text(scope),
            when(&exported_at.to_rfc3339())
        ),
    };
    let trello = trello.clone();
    let is_trello = trello.is_some();
    let file = file.clone();
    // Each group renders its first rows from the shared pending file (nothing is copied).
    let lines = |pick: fn(&Preview) -> &Vec<Line>| {
        let p = pending.clone();
        let n = pick(&p.preview).len();
        let rows: Rows = Arc::new(move |k: usize| {
            in_order(pick(&p.preview), k, |l| l)
                .into_iter()
                .map(|l| view! { <li>{line_text(l)}</li> })
                .collect_view()
                .into_any()
        });
        (n, rows)
    };
    let (n_new, new) = lines(|p| &p.new);
    let (n_updated, updated) = lines(|p| &p.updated);
    let (n_deleted, deleted) = lines(|p| &p.deleted);
    let n_conflicts = preview.conflicts.len();
    let flipped = ex.flipped;
    let conflicts: Rows = {
        let p = pending.clone();
        Arc::new(move |k: usize| {
            in_order(&p.preview.conflicts, k, |c| &c.line)
                .into_iter()
                .map(|c| conflict_view(c, flipped))
                .collect_view()
                .into_any()
        })
    };
    view! {
        <div class="import-preview" aria-labelledby="preview-heading">
            <h3 id="preview-heading" tabindex="-1">{format!("Preview of {file}")}</h3>
            <p>{about}</p>
            {trello.map(|summary| view! { <TrelloSummary summary=summary/> })}
            <p class="muted">
                {if is_trello {
                    "Nothing has changed yet. Importing adds the board as a new project; \
                     people are matched to yours by name."
                } else {
                    "Nothing has changed yet. Merging takes each field from the side that \
                     changed it last; where both changed a field, choose which value to keep \
                     below. Importing as a copy adds the file's projects and checklists next \
                     to yours, under new names."
                }}
            </p>
            <Group key="new" title="New" n=n_new rows=new/>
            <Group key="updated" title="Will be updated" n=n_updated rows=updated/>
            <Group key="conflicts" title="Changed on both sides" n=n_conflicts rows=conflicts/>
            <Group key="deleted" title="Will be deleted" n=n_deleted rows=deleted/>
            <p class="pv-unchanged">{format!("{unchanged} unchanged")}</p>
            {noop.then(|| view! {
                <p class="pv-noop">"Merging this file would change nothing: you already have all of it."</p>
            })}
            <div class="pv-actions" role="group" aria-label="Apply the file">
                <button class="primary" on:click=move |_| import::apply_pending(state, How::Merge)>
                    {if is_trello { "Import the board" } else { "Merge into my workspace" }}
                </button>
                {(!is_trello).then(|| view! {
                    <button on:click=move |_| import::apply_pending(state, How::Copy)>
                        "Import as a copy"
                    </button>
                })}
                <button
                    class="ghost"
                    on:click=move |_| {
                        ex.stage.set(Stage::Idle);
                        state.announce("Import cancelled: nothing changed.");
                    }
                >
                    "Cancel"
                </button>
            </div>
        </div>
    }
}

/// An entity changed on both sides: which fields each side changed (with the value it set),
/// and for a field both changed, the two values as a choice (the newer is chosen at first).
fn conflict_view(c: &Conflict, flipped: RwSignal<Vec<(Id, String)>>) -> impl IntoView {
    let winner = if c.incoming_wins {
        "the file's version wins"
    } else {
        "your version wins"
    };
    let side =
        |title: &'static str, class: &'static str, pick: fn(&FieldChange) -> bool, mine: bool| {
            let fields: Vec<String> = c
                .fields
                .iter()
                .filter(|f| pick(f))
                .map(|f| format!("{} ({})", f.label, if mine { &f.mine } else { &f.theirs }))
                .collect();
            (!fields.is_empty()).then(|| {
                view! { <p class=class><span class="pv-side">{title}</span>{fields.join(", ")}</p> }
            })
        };
    let both = c
        .fields
        .iter()
        .filter(|f| f.both())
        .map(|f| choice(c, f, flipped))
        .collect_view();
    view! {
        <li class:incoming=c.incoming_wins>
            <span class="pv-name">{line_text(&c.line)}</span>
            " — "
            <strong>{winner}</strong>
            <span class="pv-times">
                {format!(
                    " (changed in the file {}; here {})",
                    when(&c.incoming_updated),
                    when(&c.local_updated)
                )}
            </span>
            {side("Changed here: ", "pv-here", |f| f.here && !f.file, true)}
            {side("Changed in the file: ", "pv-file", |f| f.file && !f.here, false)}
            {both}
        </li>
    }
}

/// A field both sides changed: keep mine or take theirs (the newer value is chosen until the
/// person picks; the radios keep their own state, the choice goes to `flipped`).
fn choice(c: &Conflict, f: &FieldChange, flipped: RwSignal<Vec<(Id, String)>>) -> impl IntoView {
    let key = (c.id.clone(), f.name.clone());
    let group = format!("pv-{}-{}", c.id, f.name);
    let theirs_wins = f.theirs_wins;
    let keeps_mine = flipped.with_untracked(|v| v.contains(&key)) == theirs_wins;
    let choose = move |mine: bool| {
        flipped.update(|v| {
            v.retain(|x| *x != key);
            if mine == theirs_wins {
                v.push(key.clone());
            }
        })
    };
    let radio = move |mine: bool, text: String| {
        let choose = choose.clone();
        view! {
            <label>
                <input
                    type="radio"
                    name=group.clone()
                    checked=keeps_mine == mine
                    on:change=move |_| choose(mine)
                />
                {text}
            </label>
        }
    };
    let newer = |wins: bool| if wins { " (newer)" } else { "" };
    view! {
        <fieldset class="pv-choice">
            <legend>{format!("{}: changed on both sides", f.label)}</legend>
            {radio(true, format!("Keep mine: {}{}", f.mine, newer(!theirs_wins)))}
            {radio(false, format!("Take theirs: {}{}", f.theirs, newer(theirs_wins)))}
        </fieldset>
    }
}

/// Renders the first `k` rows of a preview group.
type Rows = Arc<dyn Fn(usize) -> AnyView + Send + Sync>;

/// One group of the preview: its first [`MAX_LINES`] rows, and "Show all" for the rest
/// (a big file lists thousands; drawing them all would hold up the preview).
#[component]
fn Group(key: &'static str, title: &'static str, n: usize, rows: Rows) -> impl IntoView {
    let id = format!("pv-{key}");
    let labelled = id.clone();
    let all = RwSignal::new(false);
    let more = n.saturating_sub(MAX_LINES);
    let body = if n == 0 {
        view! { <p class="muted">"None."</p> }.into_any()
    } else {
        let show_all = move |_| {
            all.set(true);
            // The button goes away: focus the group's heading, above the rows now shown.
            focus_later(format!("#pv-{key}"));
        };
        view! {
            <ul class="pv-list">{move || rows(if all.get() { n } else { MAX_LINES })}</ul>
            {(more > 0).then(|| view! {
                <Show when=move || !all.get()>
                    <p class="pv-more">
                        {format!("…and {more} more. ")}
                        <button
                            class="small"
                            aria-label=format!("Show all {n}: {title}")
                            on:click=show_all
                        >
                            "Show all"
                        </button>
                    </p>
                </Show>
            })}
        }
        .into_any()
    };
    view! {
        <section class="pv-group" aria-labelledby=labelled>
            <h4 id=id tabindex="-1">{format!("{title} ({n})")}</h4>
            {body}
        </section>
    }
}

/// What a Trello board became, and what of it Docket could not take.
#[component]
pub(super) fn TrelloSummary(summary: ImportSummary) -> impl IntoView {
    let counts = [
        (summary.columns, "column", "columns"),
        (summary.cards, "card", "cards"),
        (summary.archived_cards, "archived card", "archived cards"),
        (summary.labels, "label", "labels"),
        (summary.people, "person", "people"),
        (summary.subtasks, "subtask", "subtasks"),
        (summary.comments, "comment", "comments"),
    ]
    .into_iter()
    .map(|(n, one, many)| {
        let text = format!("{n} {}", if n == 1 { one } else { many });
        view! { <li>{text}</li> }
    })
    .collect_view();
    let not = summary.not_imported;
    view! {
        <ul class="import-counts">{counts}</ul>
        {(!not.is_empty()).then(|| {
            let items = not.into_iter().map(|s| view! { <li>{s}</li> }).collect_view();
            view! {
                <h4>"Not imported"</h4>
                <ul class="not-imported">{items}</ul>
            }
        })}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The lines shown first, and all of them after "Show all", are in the order a full sort
    /// gives.
    #[test]
    fn the_shown_lines_are_in_full_order() {
        let kinds = ["Card", "Run", "Project", "Person", "Column"];
        let names = [
            "beta", "Alpha", "Éclair", "éclair", "zed", "Zed", "alpha", "ÉCLAIR2",
        ];
        let lines: Vec<Line> = (0..250)
            .map(|i| Line {
                kind: kinds[(i * 7) % kinds.len()],
                name: format!("{} {}", names[(i * 13) % names.len()], (i * 31) % 17),
            })
            .collect();
        let mut full = lines.clone();
        sort::sort_by(&mut full, |a, b| {
            (kind_rank(a.kind), a.name.to_lowercase(), &a.name).cmp(&(
                kind_rank(b.kind),
                b.name.to_lowercase(),
                &b.name,
            ))
        });
        let mut v = lines.clone();
        sort_front(&mut v, |l| l);
        let first: Vec<&Line> = in_order(&v, MAX_LINES, |l| l);
        assert_eq!(first, full.iter().take(MAX_LINES).collect::<Vec<_>>());
        let all: Vec<&Line> = in_order(&v, v.len(), |l| l);
        assert_eq!(all, full.iter().collect::<Vec<_>>());
        let some: Vec<&Line> = in_order(&v, 130, |l| l);
        assert_eq!(some, full.iter().take(130).collect::<Vec<_>>());
    }
}
