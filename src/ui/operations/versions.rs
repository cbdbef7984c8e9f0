//! A template's versions: what changed in each, how many runs used it, and its items.

use crate::domain::checklist::Change;
use crate::domain::sort;
use crate::domain::{Template, Ts};
use crate::ui::browser::long_date;
use crate::ui::state::use_state;
use chrono::NaiveDate;
use leptos::prelude::*;

/// The calendar day of a timestamp where the user is.
fn local_day(ts: Ts) -> NaiveDate {
    let d = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(
        ts.timestamp_millis() as f64
    ));
    NaiveDate::from_ymd_opt(d.get_full_year() as i32, d.get_month() + 1, d.get_date())
        .unwrap_or_else(|| ts.date_naive())
}

/// One row of the history.
#[derive(Clone, PartialEq)]
struct VersionRow {
    number: u32,
    current: bool,
    replaced: Option<Ts>,
    runs: usize,
    changes: Vec<String>,
}

#[component]
pub fn VersionsView(template: RwSignal<Template>) -> impl IntoView {
    let state = use_state();
    let id = template.with_untracked(|t| t.id.clone());
    let rows = Memo::new(move |_| {
        let counts = state.runs.with(|v| {
            let mut c = std::collections::HashMap::<u32, usize>::new();
            for s in v {
                s.with(|r| {
                    if r.template == id {
                        *c.entry(r.version).or_default() += 1;
                    }
                });
            }
            c
        });
        template.with(|t| {
            let mut rows: Vec<VersionRow> = t
                .versions
                .iter()
                .map(|v| (v.number, Some(v.replaced)))
                .chain(std::iter::once((t.version, None)))
                .map(|(number, replaced)| VersionRow {
                    number,
                    current: replaced.is_none(),
                    replaced,
                    runs: counts.get(&number).copied().unwrap_or(0),
                    changes: t.changes_in(number).iter().map(Change::to_string).collect(),
                })
                .collect();
            sort::sort_by_key(&mut rows, |r| std::cmp::Reverse(r.number));
            rows.dedup_by_key(|r| r.number);
            rows
        })
    });
    let open = RwSignal::new(None::<u32>);
    view! {
        <section class="versions" aria-labelledby="versions-heading">
            <h2 id="versions-heading">"Versions"</h2>
            <p class="hint">
                "Changing the items of a checklist that has runs starts a new version; every run keeps the version it was run against."
            </p>
            <ol class="version-list" aria-label="Versions, newest first">
                <For each=move || rows.get() key=|r| (r.number, r.runs, r.changes.len()) let:row>
                    <VersionEntry template=template row=row open=open/>
                </For>
            </ol>
        </section>
    }
}

#[component]
fn VersionEntry(
    template: RwSignal<Template>,
    row: VersionRow,
    open: RwSignal<Option<u32>>,
) -> impl IntoView {
    let n = row.number;
    let title = if row.current {
        format!("Version {n} (current)")
    } else {
        format!("Version {n}")
    };
    let when = match row.replaced {
        Some(ts) => format!("Replaced {}", long_date(local_day(ts))),
        None => "In use now".to_string(),
    };
    let runs = match row.runs {
        0 => "No runs".to_string(),
        1 => "1 run".to_string(),
        k => format!("{k} runs"),
    };
    let changes = if n <= 1 {
        view! { <p class="muted">"First version."</p> }.into_any()
    } else if row.changes.is_empty() {
        view! { <p class="muted">"Sections changed; the items are the same."</p> }.into_any()
    } else {
        view! {
            <ul class="change-list" aria-label=format!("Changes in version {n}")>
                {row.changes.iter().map(|c| view! { <li>{c.clone()}</li> }).collect_view()}
            </ul>
        }
        .into_any()
    };
    let shown = move || open.get() == Some(n);
    let panel_id = format!("version-items-{n}");
    view! {
        <li class="version-entry">
            <div class="version-head">
                <h3>{title}</h3>
                <span class="version-facts">
                    <span>{when}</span>
                    " · "
                    <span>{runs}</span>
                </span>
                <button
                    class="small"
                    aria-expanded=move || shown().to_string()
                    aria-controls=panel_id.clone()
                    on:click=move |_| open.update(|o| *o = if *o == Some(n) { None } else { Some(n) })
                >
                    {move || if shown() { format!("Hide items of version {n}") } else { format!("Show items of version {n}") }}
                </button>
            </div>
            {changes}
            <div id=panel_id>
                <Show when=shown>
                    <VersionItems template=template number=n/>
                </Show>
            </div>
        </li>
    }
}

/// The items of a version, read-only, by section.
#[component]
fn VersionItems(template: RwSignal<Template>, number: u32) -> impl IntoView {
    let groups = move || {
        template.with(|t| {
            let (sections, items) = t.version_items(number);
            Template::grouped(sections, items)
                .into_iter()
                .map(|(s, items)| {
                    (
                        s.map(|s| s.name.clone()),
                        items
                            .into_iter()
                            .map(|i| {
                                (
                                    i.text.clone(),
                                    format!(
                                        "{} · {}",
                                        i.answer.describe(),
                                        if i.required { "Required" } else { "Optional" }
                                    ),
                                )
                            })
                            .collect::<Vec<_>>(),
                    )
                })
                .collect::<Vec<_>>()
        })
    };
    view! {
        <div class="version-items">
            {move || {
                groups()
                    .into_iter()
                    .map(|(name, items)| {
                        let label = match &name {
                            Some(n) => format!("Version {number}: {n}"),
                            None => format!("Version {number} items"),
                        };
                        view! {
                            {name.map(|n| view! { <h4>{n}</h4> })}
                            <ol class="readonly-items" aria-label=label>
                                {items
                                    .into_iter()
                                    .map(|(text, meta)| {
                                        view! {
                                            <li>
                                                <span class="item-text">{text}</span>
                                                <span class="item-meta">{meta}</span>
                                            </li>
                                        }
                                    })
                                    .collect_view()}
                            </ol>
                        }
                    })
                    .collect_view()
            }}
        </div>
    }
}
