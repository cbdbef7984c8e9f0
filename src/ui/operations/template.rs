//! One checklist template: its page header and tab bar, and the Items tab (details form,
//! sections and items editor with drag and keyboard reordering).

use super::{tab_bar, OpsNav, TabsShown};
use crate::domain::checklist::recurrence::WEEKDAYS;
use crate::domain::checklist::{AnswerKind, ItemFields, Recurrence};
use crate::domain::{DomainError, Env, Id, Res, Template};
use crate::ui::browser::{focus_later, today};
use crate::ui::route::{Route, TemplateTab};
use crate::ui::shell::{set_title, InlineEdit, NotFound};
use crate::ui::state::{use_state, AppState};
use chrono::NaiveDate;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

#[component]
pub fn TemplatePage(id: Id, tab: TemplateTab) -> impl IntoView {
    let state = use_state();
    match state.template(&id) {
        Some(t) => view! { <TemplateShell template=t tab=tab/> }.into_any(),
        None => view! { <NotFound what="checklist" back=Route::Operations/> }.into_any(),
    }
}

/// Does the template's current version have runs (so item changes start a new version)?
fn current_version_in_use(state: AppState, template: RwSignal<Template>) -> bool {
    let (id, version) = template.with(|t| (t.id.clone(), t.version));
    state.runs.with(|v| {
        v.iter()
            .any(|s| s.with(|r| r.template == id && r.version == version))
    })
}

/// The header (name, version, schedule, actions) and tab bar above every tab.
#[component]
fn TemplateShell(template: RwSignal<Template>, tab: TemplateTab) -> impl IntoView {
    let state = use_state();
    provide_context(TabsShown);
    let id = template.with_untracked(|t| t.id.clone());
    let name = Signal::derive(move || template.with(|t| t.name.clone()));
    set_title(move || format!("{} — {}", name.get(), tab.label()));
    let rename = Callback::new(move |text: String| {
        state
            .edit_template(template, |t, env| t.rename(env, &text))
            .is_some()
    });
    let start = move |_| {
        if let Some(run) = state.start_run(template, today()) {
            state.go(Route::Run(run));
        }
    };
    let delete = {
        let id = id.clone();
        move |_| {
            let id = id.clone();
            let n = state.runs_of(&id).len();
            let label = name.get_untracked();
            let runs = match n {
                0 => "no runs".to_string(),
                1 => "its 1 run".to_string(),
                n => format!("its {n} runs"),
            };
            state.ask(
                format!("Delete checklist “{label}”?"),
                format!("The checklist and {runs} will be removed from this browser."),
                "Delete checklist",
                move || {
                    state.delete_template(&id);
                    state.go(Route::Operations);
                    state.announce(format!("Deleted checklist {label}."));
                },
            );
        }
    };
    let owner = move || {
        let owner = template.with(|t| t.owner.clone())?;
        state
            .people
            .with(|p| p.iter().find(|x| x.id == owner).map(|x| x.name.clone()))
    };
    let meta = move || {
        let mut parts = vec![template.with(|t| t.recurrence.describe())];
        let area = template.with(|t| t.area.clone());
        if !area.is_empty() {
            parts.push(area);
        }
        if let Some(o) = owner() {
            parts.push(format!("Owner: {o}"));
        }
        parts.join(" · ")
    };
    view! {
        <section class="page template-page">
            <OpsNav/>
            <div class="page-head template-head">
                <div class="title-block">
                    <h1 tabindex="-1">
                        <InlineEdit
                            value=name
                            field_label="Checklist name"
                            edit_label=Signal::derive(move || format!("Rename checklist {}", name.get()))
                            on_save=rename
                        />
                    </h1>
                    <p class="template-meta">
                        <span class="badge version-badge">
                            {move || format!("Version {}", template.with(|t| t.version))}
                        </span>
                        <span>{meta}</span>
                    </p>
                </div>
                <div class="template-actions">
                    <button class="primary" on:click=start>
                        "Start a run"
                    </button>
                    <crate::ui::exchange::ExportTemplateButton id=id.clone()/>
                    <button class="ghost danger-text" on:click=delete>
                        "Delete checklist"
                    </button>
                </div>
            </div>
            {tab_bar(id.clone(), tab)}
            {match tab {
                TemplateTab::Items => view! { <TemplateView template=template/> }.into_any(),
                TemplateTab::Runs => {
                    view! { <super::history::HistoryView template=template/> }.into_any()
                }
                TemplateTab::Analytics => {
                    view! { <super::analytics::AnalyticsView template=template/> }.into_any()
                }
                TemplateTab::Versions => {
                    view! { <super::versions::VersionsView template=template/> }.into_any()
                }
            }}
        </section>
    }
}

/// The Items tab: the versioning notice, the sections and items editor, and the details.
#[component]
fn TemplateView(template: RwSignal<Template>) -> impl IntoView {
    let state = use_state();
    let in_use = Memo::new(move |_| current_version_in_use(state, template));
    let version = move || template.with(|t| t.version);
    view! {
        <Show when=move || in_use.get()>
            <p class="version-notice" role="note">
                {move || {
                    let n = version();
                    format!(
                        "This checklist has runs: your changes start version {}; past runs keep version {n}.",
                        n + 1,
                    )
                }}
            </p>
        </Show>
        <div class="template-layout">
            <ItemsEditor template=template/>
            <DetailsForm template=template/>
        </div>
    }
}

// ---- details ----

/// Schedule kinds as the form's select values.
fn schedule_kind(r: &Recurrence) -> &'static str {
    match r {
        Recurrence::AdHoc => "adhoc",
        Recurrence::Daily => "daily",
        Recurrence::Weekly { .. } => "weekly",
        Recurrence::Monthly { .. } => "monthly",
        Recurrence::Days { .. } => "days",
    }
}

/// Description, area, owner, schedule and start date.
#[component]
fn DetailsForm(template: RwSignal<Template>) -> impl IntoView {
    let state = use_state();
    let f = template.with_untracked(|t| t.fields());
    let owner_name = f
        .owner
        .as_ref()
        .and_then(|o| {
            state
                .people
                .with_untracked(|p| p.iter().find(|x| &x.id == o).map(|x| x.name.clone()))
        })
        .unwrap_or_default();
    let description = RwSignal::new(f.description.clone());
    let area = RwSignal::new(f.area.clone());
    let owner = RwSignal::new(owner_name);
    let kind = RwSignal::new(schedule_kind(&f.recurrence).to_string());
    let days: [RwSignal<bool>; 7] = std::array::from_fn(|i| {
        RwSignal::new(
            matches!(&f.recurrence, Recurrence::Weekly { days } if days.contains(&(i as u8))),
        )
    });
    let month_day = RwSignal::new(match f.recurrence {
        Recurrence::Monthly { day } => day.to_string(),
        _ => "1".to_string(),
    });
    let every = RwSignal::new(match f.recurrence {
        Recurrence::Days { n } => n.to_string(),
        _ => "2".to_string(),
    });
    let starts = RwSignal::new(f.starts.map(|d| d.to_string()).unwrap_or_default());
    // When the stored details change elsewhere (undo, another tab, an import), the form
    // follows; edits to items or the name leave what is being typed alone.
    let stored = Memo::new(move |_| {
        template.with(|t| {
            (
                t.description.clone(),
                t.area.clone(),
                t.owner.clone(),
                t.recurrence.clone(),
                t.starts,
            )
        })
    });
    Effect::new(move |prev: Option<()>| {
        let (d, a, o, r, s) = stored.get();
        if prev.is_none() {
            return;
        }
        description.set(d);
        area.set(a);
        owner.set(
            o.and_then(|o| {
                state
                    .people
                    .with_untracked(|p| p.iter().find(|x| x.id == o).map(|x| x.name.clone()))
            })
            .unwrap_or_default(),
        );
        kind.set(schedule_kind(&r).to_string());
        for (i, on) in days.iter().enumerate() {
            on.set(matches!(&r, Recurrence::Weekly { days } if days.contains(&(i as u8))));
        }
        match r {
            Recurrence::Monthly { day } => month_day.set(day.to_string()),
            Recurrence::Days { n } => every.set(n.to_string()),
            _ => {}
        }
        starts.set(s.map(|d| d.to_string()).unwrap_or_default());
    });
    let areas = Memo::new(move |_| state.templates.with(|v| super::list::known_areas(v)));
    let people = Memo::new(move |_| {
        state
            .people
            .with(|p| p.iter().map(|x| x.name.clone()).collect::<Vec<_>>())
    });
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let recurrence = match kind.get_untracked().as_str() {
            "daily" => Recurrence::Daily,
            "weekly" => Recurrence::Weekly {
                days: (0..7u8)
                    .filter(|i| days[*i as usize].get_untracked())
                    .collect(),
            },
            "monthly" => match month_day.get_untracked().trim().parse::<u8>() {
                Ok(day) => Recurrence::Monthly { day },
                Err(_) => {
                    state.error("The day of the month must be a whole number from 1 to 31.");
                    return;
                }
            },
            "days" => match every.get_untracked().trim().parse::<u32>() {
                Ok(n) => Recurrence::Days { n },
                Err(_) => {
                    state.error("“Every how many days” must be a whole number, such as 2 or 14.");
                    return;
                }
            },
            _ => Recurrence::AdHoc,
        };
        let start = starts.get_untracked();
        let start = if start.trim().is_empty() {
            None
        } else {
            match NaiveDate::parse_from_str(start.trim(), "%Y-%m-%d") {
                Ok(d) => Some(d),
                Err(_) => {
                    state.error(
                        "Pick the first day of the schedule, or leave the start date empty.",
                    );
                    return;
                }
            }
        };
        let who = owner.get_untracked();
        let owner_id = if who.trim().is_empty() {
            None
        } else {
            match state.person_named(who.trim()) {
                Some(id) => Some(id),
                None => return,
            }
        };
        let description = description.get_untracked();
        let area = area.get_untracked();
        if state
            .edit_template(template, move |t, env| {
                let mut f = t.fields();
                f.description = description;
                f.area = area;
                f.owner = owner_id;
                f.recurrence = recurrence;
                f.starts = start;
                t.set_fields(env, f)
            })
            .is_some()
        {
            state.announce(format!(
                "Details saved. Schedule: {}.",
                template.with_untracked(|t| t.recurrence.describe())
            ));
        }
    };
    let weekday_boxes = move || {
        WEEKDAYS
            .iter()
            .enumerate()
            .map(|(i, name)| {
                let on = days[i];
                view! {
                    <label class="check-inline weekday">
                        <input
                            type="checkbox"
                            prop:checked=move || on.get()
                            on:change=move |ev| on.set(event_target_checked(&ev))
                        />
                        {*name}
                    </label>
                }
            })
            .collect_view()
    };
    view! {
        <aside class="details-panel" aria-labelledby="details-heading">
            <h2 id="details-heading">"Details and schedule"</h2>
            <form class="details-form" on:submit=save>
                <label for="tpl-description">"Description"</label>
                <textarea id="tpl-description" rows="3" bind:value=description></textarea>
                <label for="tpl-area">"Area"</label>
                <input id="tpl-area" list="tpl-areas" bind:value=area placeholder="Choose or type an area"/>
                <datalist id="tpl-areas">
                    <For each=move || areas.get() key=|a| a.clone() let:a>
                        <option value=a></option>
                    </For>
                </datalist>
                <label for="tpl-owner">"Owner"</label>
                <input
                    id="tpl-owner"
                    list="tpl-people"
                    bind:value=owner
                    placeholder="Choose someone or type a new name"
                    aria-describedby="tpl-owner-hint"
                />
                <datalist id="tpl-people">
                    <For each=move || people.get() key=|a| a.clone() let:a>
                        <option value=a></option>
                    </For>
                </datalist>
                <p id="tpl-owner-hint" class="hint">
                    "A new name is added to the people directory."
                </p>
                <label for="tpl-schedule">"Schedule"</label>
                <select
                    id="tpl-schedule"
                    prop:value=move || kind.get()
                    on:change=move |ev| kind.set(event_target_value(&ev))
                >
                    <option value="adhoc">"Ad hoc (when needed)"</option>
                    <option value="daily">"Daily"</option>
                    <option value="weekly">"Weekly, on chosen days"</option>
                    <option value="monthly">"Monthly, on a day of the month"</option>
                    <option value="days">"Every N days"</option>
                </select>
                <Show when=move || kind.get() == "weekly">
                    <fieldset class="weekdays">
                        <legend>"Runs on"</legend>
                        {weekday_boxes()}
                    </fieldset>
                </Show>
                <Show when=move || kind.get() == "monthly">
                    <label for="tpl-month-day">"Day of the month"</label>
                    <input
                        id="tpl-month-day"
                        type="number"
                        min="1"
                        max="31"
                        bind:value=month_day
                        aria-describedby="tpl-month-hint"
                    />
                    <p id="tpl-month-hint" class="hint">
                        "1 to 31. Day 31 means the last day of every month (30 April, 28 or 29 February)."
                    </p>
                </Show>
                <Show when=move || kind.get() == "days">
                    <label for="tpl-every">"Every how many days"</label>
                    <input id="tpl-every" type="number" min="1" max="366" bind:value=every/>
                </Show>
                <label for="tpl-starts">"Starts on"</label>
                <input
                    id="tpl-starts"
                    type="date"
                    bind:value=starts
                    aria-describedby="tpl-starts-hint"
                />
                <p id="tpl-starts-hint" class="hint">
                    "Empty: from the day the checklist was created."
                </p>
                <div class="form-actions">
                    <button type="submit" class="primary">
                        "Save details"
                    </button>
                </div>
            </form>
        </aside>
    }
}

// ---- reordering, with the domain's own operations ----

/// Section groups as shown: (section, item ids), "no section" first when it has items (or
/// when there are no sections at all, so there is somewhere to add the first item).
fn groups_of(t: &Template) -> Vec<(Option<Id>, Vec<Id>)> {
    let mut g: Vec<(Option<Id>, Vec<Id>)> = Template::grouped(&t.sections, &t.items)
        .into_iter()
        .map(|(s, items)| {
            (
                s.map(|s| s.id.clone()),
                items.into_iter().map(|i| i.id.clone()).collect(),
            )
        })
        .collect();
    if t.sections.is_empty() && g.is_empty() {
        g.push((None, Vec::new()));
    }
    g
}

/// (group index, position in group) of an item.
fn locate(groups: &[(Option<Id>, Vec<Id>)], id: &Id) -> Option<(usize, usize)> {
    groups
        .iter()
        .enumerate()
        .find_map(|(g, (_, v))| v.iter().position(|x| x == id).map(|p| (g, p)))
}

fn index_of(t: &Template, id: &Id) -> Res<usize> {
    t.items
        .iter()
        .position(|i| &i.id == id)
        .ok_or(DomainError::NotFound("item"))
}

/// Puts `x` at the end of the group `s`.
fn place_end(t: &mut Template, env: &mut dyn Env, x: &Id, s: &Option<Id>) -> Res<()> {
    let groups = groups_of(t);
    let (g, _) = locate(&groups, x).ok_or(DomainError::NotFound("item"))?;
    if &groups[g].0 != s {
        let f = ItemFields {
            section: s.clone(),
            ..t.item(x).ok_or(DomainError::NotFound("item"))?.fields()
        };
        return t.update_item(env, x, f);
    }
    match groups[g].1.last() {
        Some(last) if last != x => {
            let last = last.clone();
            place_after(t, env, x, &last)
        }
        _ => Ok(()),
    }
}

/// Puts `x` right after `p`, in `p`'s section.
fn place_after(t: &mut Template, env: &mut dyn Env, x: &Id, p: &Id) -> Res<()> {
    if x == p {
        return Ok(());
    }
    let groups = groups_of(t);
    let (gp, pp) = locate(&groups, p).ok_or(DomainError::NotFound("item"))?;
    let (gx, _) = locate(&groups, x).ok_or(DomainError::NotFound("item"))?;
    if gx != gp && pp + 1 == groups[gp].1.len() {
        // After the last item of another section: to the end of that section.
        let s = groups[gp].0.clone();
        return place_end(t, env, x, &s);
    }
    let (ix, ip) = (index_of(t, x)?, index_of(t, p)?);
    let to = if ix < ip { ip } else { ip + 1 };
    t.move_item(env, x, to)
}

/// Puts `x` first in the group `s`.
fn place_first(t: &mut Template, env: &mut dyn Env, x: &Id, s: &Option<Id>) -> Res<()> {
    place_end(t, env, x, s)?;
    let groups = groups_of(t);
    let Some(g) = groups.iter().position(|(k, _)| k == s) else {
        return Ok(());
    };
    let others: Vec<Id> = groups[g].1.iter().filter(|i| *i != x).cloned().collect();
    for o in others {
        let groups = groups_of(t);
        let last = groups
            .iter()
            .find(|(k, _)| k == s)
            .and_then(|(_, v)| v.last().cloned());
        if let Some(last) = last {
            place_after(t, env, &o, &last)?;
        }
    }
    Ok(())
}

/// One step up: before the item above, or to the end of the section above.
fn move_up(t: &mut Template, env: &mut dyn Env, x: &Id) -> Res<()> {
    let groups = groups_of(t);
    let (g, p) = locate(&groups, x).ok_or(DomainError::NotFound("item"))?;
    if p > 0 {
        let above = groups[g].1[p - 1].clone();
        place_after(t, env, &above, x)
    } else if g > 0 {
        place_end(t, env, x, &groups[g - 1].0)
    } else {
        Ok(())
    }
}

/// One step down: after the item below, or to the top of the section below.
fn move_down(t: &mut Template, env: &mut dyn Env, x: &Id) -> Res<()> {
    let groups = groups_of(t);
    let (g, p) = locate(&groups, x).ok_or(DomainError::NotFound("item"))?;
    if p + 1 < groups[g].1.len() {
        let below = groups[g].1[p + 1].clone();
        place_after(t, env, x, &below)
    } else if g + 1 < groups.len() {
        place_first(t, env, x, &groups[g + 1].0)
    } else {
        Ok(())
    }
}

/// Drops `x` just before `target`.
fn place_before(t: &mut Template, env: &mut dyn Env, x: &Id, target: &Id) -> Res<()> {
    if x == target {
        return Ok(());
    }
    let groups = groups_of(t);
    let (g, p) = locate(&groups, target).ok_or(DomainError::NotFound("item"))?;
    if p > 0 {
        let prev = groups[g].1[p - 1].clone();
        if &prev == x {
            return Ok(());
        }
        place_after(t, env, x, &prev)
    } else {
        place_first(t, env, x, &groups[g].0)
    }
}

/// Where an item is now, for the announcement: "position 2 of 3 in “Opening”".
fn position_text(t: &Template, x: &Id) -> String {
    let groups = groups_of(t);
    let Some((g, p)) = locate(&groups, x) else {
        return String::new();
    };
    let n = groups[g].1.len();
    let section = match &groups[g].0 {
        Some(s) => t
            .sections
            .iter()
            .find(|x| &x.id == s)
            .map(|s| format!(" in section “{}”", s.name))
            .unwrap_or_default(),
        None if t.sections.is_empty() => String::new(),
        None => " before the first section".to_string(),
    };
    format!("position {} of {n}{section}", p + 1)
}

/// Applies an item or section change through `state.revise_template` and returns the text
/// to add to an announcement when it started a new version.
fn revise<T>(
    state: AppState,
    template: RwSignal<Template>,
    op: impl FnOnce(&mut Template, &mut dyn Env) -> Res<T>,
) -> Option<(T, String)> {
    let before = template.with_untracked(|t| t.version);
    let out = state.revise_template(template, op)?;
    let after = template.with_untracked(|t| t.version);
    let note = if after > before {
        format!(" Version {after} started; past runs keep version {before}.")
    } else {
        String::new()
    };
    Some((out, note))
}

// ---- the editor ----

/// Which item is being dragged, and where it would land.
#[derive(Clone, Copy)]
struct Drag {
    item: RwSignal<Option<Id>>,
    /// (item, true: after it / false: before it), for the drop marker.
    over: RwSignal<Option<(Id, bool)>>,
}

#[component]
fn ItemsEditor(template: RwSignal<Template>) -> impl IntoView {
    let state = use_state();
    let drag = Drag {
        item: RwSignal::new(None),
        over: RwSignal::new(None),
    };
    let group_keys = Memo::new(move |_| {
        template.with(|t| groups_of(t).into_iter().map(|(s, _)| s).collect::<Vec<_>>())
    });
    let new_section = RwSignal::new(String::new());
    let add_section = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let name = new_section.get_untracked();
        if let Some((_, note)) = revise(state, template, |t, env| t.add_section(env, &name)) {
            new_section.set(String::new());
            state.announce(format!("Added section {}.{note}", name.trim()));
        }
    };
    view! {
        <section class="items-editor" aria-labelledby="items-heading">
            <h2 id="items-heading">"Sections and items"</h2>
            <p class="hint">
                "Reorder by dragging an item's ⠿ handle, or with its Move up and Move down buttons (Alt+↑ and Alt+↓ work too)."
            </p>
            <For each=move || group_keys.get() key=|s| s.clone() let:section>
                <SectionBlock template=template section=section drag=drag/>
            </For>
            <form class="create-form add-section" on:submit=add_section>
                <label for="new-section">"New section"</label>
                <div class="field-row">
                    <input id="new-section" placeholder="e.g. Kitchen" bind:value=new_section/>
                    <button type="submit">"Add section"</button>
                </div>
            </form>
        </section>
    }
}

/// Answer kinds as the forms' select values.
fn answer_key(a: &AnswerKind) -> &'static str {
    match a {
        AnswerKind::Done => "done",
        AnswerKind::PassFail => "passfail",
        AnswerKind::Number { .. } => "number",
        AnswerKind::Text => "text",
    }
}

fn answer_options() -> impl IntoView {
    view! {
        <option value="done">"Done (a checkbox)"</option>
        <option value="passfail">"Pass / fail / N/A"</option>
        <option value="number">"Number (with unit and range)"</option>
        <option value="text">"Text"</option>
    }
}

/// A section heading (rename, delete), its items, and a form to add an item to it.
#[component]
fn SectionBlock(template: RwSignal<Template>, section: Option<Id>, drag: Drag) -> impl IntoView {
    let state = use_state();
    let key = section.clone();
    let item_ids = Memo::new(move |_| {
        template.with(|t| {
            groups_of(t)
                .into_iter()
                .find(|(s, _)| s == &key)
                .map(|(_, v)| v)
                .unwrap_or_default()
        })
    });
    let sid = section.clone();
    let name = Signal::derive(move || {
        template.with(|t| match &sid {
            Some(s) => t
                .sections
                .iter()
                .find(|x| &x.id == s)
                .map(|x| x.name.clone())
                .unwrap_or_default(),
            None => String::new(),
        })
    });
    let has_sections = move || template.with(|t| !t.sections.is_empty());
    let dom_key = section
        .as_ref()
        .map_or_else(|| "none".to_string(), |s| s.to_string());
    let new_item = RwSignal::new(String::new());
    let new_kind = RwSignal::new("done".to_string());
    let add_item = {
        let section = section.clone();
        move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            let text = new_item.get_untracked();
            let answer = match new_kind.get_untracked().as_str() {
                "passfail" => AnswerKind::PassFail,
                "number" => AnswerKind::Number {
                    unit: String::new(),
                    min: None,
                    max: None,
                },
                "text" => AnswerKind::Text,
                _ => AnswerKind::Done,
            };
            let f = ItemFields {
                text: text.clone(),
                required: true,
                answer,
                section: section.clone(),
                ..Default::default()
            };
            if let Some((_, note)) = revise(state, template, |t, env| t.add_item_with(env, f)) {
                new_item.set(String::new());
                state.announce(format!("Added item {}.{note}", text.trim()));
            }
        }
    };
    let heading = {
        let section = section.clone();
        move || match section.clone() {
            Some(s) => {
                let rename = {
                    let s = s.clone();
                    Callback::new(move |text: String| {
                        revise(state, template, |t, env| t.rename_section(env, &s, &text))
                            .map(|(_, note)| {
                                if !note.is_empty() {
                                    state.announce(note.trim().to_string());
                                }
                            })
                            .is_some()
                    })
                };
                let delete = move |_| {
                    let s = s.clone();
                    let label = name.get_untracked();
                    state.ask(
                        format!("Delete section “{label}”?"),
                        "Its items move to the section above it (or to the top of the list)."
                            .into(),
                        "Delete section",
                        move || {
                            if let Some((_, note)) =
                                revise(state, template, |t, env| t.delete_section(env, &s))
                            {
                                state.announce(format!("Deleted section {label}.{note}"));
                            }
                        },
                    );
                };
                view! {
                    <div class="section-head">
                        <h3>
                            <InlineEdit
                                value=name
                                field_label="Section name"
                                edit_label=Signal::derive(move || format!("Rename section {}", name.get()))
                                on_save=rename
                            />
                        </h3>
                        <button
                            class="ghost small danger-text"
                            aria-label=move || format!("Delete section {}", name.get())
                            on:click=delete
                        >
                            "Delete section"
                        </button>
                    </div>
                }
                    .into_any()
            }
            None if has_sections() => {
                view! { <h3 class="section-head muted">"Before the first section"</h3> }.into_any()
            }
            None => ().into_any(),
        }
    };
    let list_label = move || {
        let n = name.get();
        match n.is_empty() {
            false => format!("Items in {n}"),
            true if has_sections() => "Items before the first section".to_string(),
            true => "Items".to_string(),
        }
    };
    let drop_section = section.clone();
    let form_label = move || {
        let n = name.get();
        if n.is_empty() {
            "Add an item".to_string()
        } else {
            format!("Add an item to {n}")
        }
    };
    let input_id = format!("new-item-{dom_key}");
    let kind_id = format!("new-kind-{dom_key}");
    view! {
        <div class="section-block" data-section=dom_key>
            {heading}
            <ol
                class="item-list"
                aria-label=list_label
                on:dragover=move |ev| {
                    if drag.item.with_untracked(Option::is_some) {
                        ev.prevent_default();
                    }
                }
                on:drop=move |ev: leptos::ev::DragEvent| {
                    ev.prevent_default();
                    let Some(x) = drag.item.get_untracked() else { return };
                    drag.item.set(None);
                    drag.over.set(None);
                    let s = drop_section.clone();
                    moved(state, template, &x, |t, env| place_end(t, env, &x, &s));
                }
            >
                <For each=move || item_ids.get() key=|id| id.clone() let:item>
                    <ItemRow template=template item=item drag=drag/>
                </For>
                <Show when=move || item_ids.with(Vec::is_empty)>
                    <li class="empty-section muted">"No items yet."</li>
                </Show>
            </ol>
            <form class="add-item" aria-label=form_label on:submit=add_item>
                <label for=input_id.clone() class="add-item-text">
                    {move || {
                        let n = name.get();
                        if n.is_empty() { "New item".to_string() } else { format!("New item in {n}") }
                    }}
                </label>
                <label for=kind_id.clone() class="add-item-kind">"Answer type"</label>
                <input id=input_id class="add-item-input" placeholder="e.g. Fridge at 0–5 °C" bind:value=new_item/>
                <select
                    id=kind_id
                    class="add-item-select"
                    prop:value=move || new_kind.get()
                    on:change=move |ev| new_kind.set(event_target_value(&ev))
                >
                    {answer_options()}
                </select>
                <button type="submit" class="add-item-button">"Add item"</button>
            </form>
        </div>
    }
}

/// Runs a move and announces where the item ended up, then keeps focus on it.
fn moved(
    state: AppState,
    template: RwSignal<Template>,
    x: &Id,
    op: impl FnOnce(&mut Template, &mut dyn Env) -> Res<()>,
) -> bool {
    let before = template.with_untracked(|t| t.items.clone());
    let Some(((), note)) = revise(state, template, op) else {
        return false;
    };
    let (text, pos) = template.with_untracked(|t| {
        (
            t.item(x).map(|i| i.text.clone()).unwrap_or_default(),
            position_text(t, x),
        )
    });
    if template.with_untracked(|t| t.items != before) {
        state.announce(format!("Moved “{text}” to {pos}.{note}"));
    }
    true
}

/// One item: what it asks, its tools, and (when open) its editor.
#[component]
fn ItemRow(template: RwSignal<Template>, item: Id, drag: Drag) -> impl IntoView {
    let state = use_state();
    let data = {
        let item = item.clone();
        Memo::new(move |_| template.with(|t| t.item(&item).cloned()))
    };
    let edge = {
        let item = item.clone();
        Memo::new(move |_| {
            template.with(|t| {
                let groups = groups_of(t);
                match locate(&groups, &item) {
                    Some((g, p)) => (
                        g == 0 && p == 0,
                        g + 1 == groups.len() && p + 1 == groups[g].1.len(),
                    ),
                    None => (true, true),
                }
            })
        })
    };
    let text = Signal::derive(move || {
        data.with(|d| d.as_ref().map(|d| d.text.clone()).unwrap_or_default())
    });
    let editing = RwSignal::new(false);
    let shift = {
        let item = item.clone();
        move |up: bool| {
            let x = item.clone();
            let ok = moved(state, template, &item, move |t, env| {
                if up {
                    move_up(t, env, &x)
                } else {
                    move_down(t, env, &x)
                }
            });
            if ok {
                let dir = if up { "up" } else { "down" };
                focus_later(format!(
                    "[data-item-id=\"{item}\"] .move-{dir}:not(:disabled), [data-item-id=\"{item}\"] .item-edit"
                ));
            }
        }
    };
    let (up, down, key_shift) = (shift.clone(), shift.clone(), shift);
    let delete = {
        let item = item.clone();
        move |_| {
            let item = item.clone();
            let t = text.get_untracked();
            state.ask(
                format!("Delete item “{t}”?"),
                "Past runs keep their answers; new runs won't include it.".into(),
                "Delete item",
                move || {
                    if let Some((_, note)) =
                        revise(state, template, |tpl, env| tpl.delete_item(env, &item))
                    {
                        state.announce(format!("Deleted item {t}.{note}"));
                    }
                },
            );
        }
    };
    let onkey = move |ev: leptos::ev::KeyboardEvent| {
        if !ev.alt_key() || editing.get_untracked() {
            return;
        }
        match ev.key().as_str() {
            "ArrowUp" => {
                ev.prevent_default();
                key_shift(true);
            }
            "ArrowDown" => {
                ev.prevent_default();
                key_shift(false);
            }
            _ => {}
        }
    };
    let dom_id = item.to_string();
    let form_item = item.clone();
    let drag_id = item.clone();
    let over_id = item.clone();
    let drop_id = item.clone();
    let marker_id = item.clone();
    let is_dragged = {
        let item = item.clone();
        move || drag.item.with(|d| d.as_ref() == Some(&item))
    };
    let marker = move || {
        drag.over.with(|o| match o {
            Some((id, after)) if id == &marker_id => {
                Some(if *after { "drop-after" } else { "drop-before" })
            }
            _ => None,
        })
    };
    let row_class = move || {
        let mut c = String::from("item-row");
        if is_dragged() {
            c.push_str(" dragging");
        }
        if let Some(m) = marker() {
            c.push(' ');
            c.push_str(m);
        }
        c
    };
    view! {
        <li class=row_class data-item-id=dom_id on:keydown=onkey
            on:dragover=move |ev: leptos::ev::DragEvent| {
                if drag.item.with_untracked(Option::is_none) {
                    return;
                }
                ev.prevent_default();
                ev.stop_propagation();
                let after = lower_half(&ev);
                let next = Some((over_id.clone(), after));
                if drag.over.with_untracked(|o| o != &next) {
                    drag.over.set(next);
                }
            }
            on:drop=move |ev: leptos::ev::DragEvent| {
                ev.prevent_default();
                ev.stop_propagation();
                let Some(x) = drag.item.get_untracked() else { return };
                drag.item.set(None);
                drag.over.set(None);
                let target = drop_id.clone();
                let after = lower_half(&ev);
                let xx = x.clone();
                moved(state, template, &x, move |t, env| {
                    if after {
                        place_after(t, env, &xx, &target)
                    } else {
                        place_before(t, env, &xx, &target)
                    }
                });
            }
        >
            <span
                class="drag-handle"
                draggable="true"
                aria-hidden="true"
                title="Drag to reorder"
                on:dragstart=move |ev: leptos::ev::DragEvent| {
                    if let Some(dt) = ev.data_transfer() {
                        let _ = dt.set_data("text/plain", &drag_id.to_string());
                        dt.set_effect_allowed("move");
                    }
                    drag.item.set(Some(drag_id.clone()));
                }
                on:dragend=move |_| {
                    drag.item.set(None);
                    drag.over.set(None);
                }
            >
                "⠿"
            </span>
            <div class="item-main">
                <span class="item-text">{move || text.get()}</span>
                <span class="item-meta">
                    {move || {
                        data.with(|d| {
                            d.as_ref()
                                .map(|d| {
                                    format!(
                                        "{} · {}",
                                        d.answer.describe(),
                                        if d.required { "Required" } else { "Optional" },
                                    )
                                })
                                .unwrap_or_default()
                        })
                    }}
                </span>
                {move || {
                    let g = data.with(|d| d.as_ref().map(|d| d.guidance.clone()).unwrap_or_default());
                    (!g.is_empty()).then(|| view! { <span class="item-guidance">{g}</span> })
                }}
            </div>
            <span class="row-tools">
                <button
                    class="icon-button move-up"
                    aria-label=move || format!("Move item {} up", text.get())
                    title="Move up (Alt+↑)"
                    disabled=move || edge.get().0
                    on:click=move |_| up(true)
                >
                    "↑"
                </button>
                <button
                    class="icon-button move-down"
                    aria-label=move || format!("Move item {} down", text.get())
                    title="Move down (Alt+↓)"
                    disabled=move || edge.get().1
                    on:click=move |_| down(false)
                >
                    "↓"
                </button>
                <button
                    class="small item-edit"
                    aria-label=move || format!("Edit item {}", text.get())
                    aria-expanded=move || editing.get().to_string()
                    on:click=move |_| editing.update(|e| *e = !*e)
                >
                    "Edit"
                </button>
                <button
                    class="icon-button danger-text"
                    aria-label=move || format!("Delete item {}", text.get())
                    on:click=delete
                >
                    "✕"
                </button>
            </span>
            <Show when=move || editing.get()>
                <ItemForm template=template item=form_item.clone() editing=editing/>
            </Show>
        </li>
    }
}

/// Is the pointer in the lower half of the element the event is bound to?
fn lower_half(ev: &leptos::ev::DragEvent) -> bool {
    ev.current_target()
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        .map(|el| {
            let r = el.get_bounding_client_rect();
            f64::from(ev.client_y()) > r.top() + r.height() / 2.0
        })
        .unwrap_or(false)
}

/// Parses an optional number typed by a person ("", "4.5", "4,5").
fn parse_limit(s: &str) -> Result<Option<f64>, ()> {
    let s = s.trim();
    if s.is_empty() {
        return Ok(None);
    }
    s.replace(',', ".")
        .parse::<f64>()
        .ok()
        .filter(|v| v.is_finite())
        .map(Some)
        .ok_or(())
}

/// The editor of one item: text, guidance, required, answer type (with unit and range),
/// section.
#[component]
fn ItemForm(template: RwSignal<Template>, item: Id, editing: RwSignal<bool>) -> impl IntoView {
    let state = use_state();
    let Some(f) = template.with_untracked(|t| t.item(&item).map(|i| i.fields())) else {
        return ().into_any();
    };
    let text = RwSignal::new(f.text.clone());
    let guidance = RwSignal::new(f.guidance.clone());
    let required = RwSignal::new(f.required);
    let kind = RwSignal::new(answer_key(&f.answer).to_string());
    let (unit0, min0, max0) = match &f.answer {
        AnswerKind::Number { unit, min, max } => (
            unit.clone(),
            min.map(|v| v.to_string()).unwrap_or_default(),
            max.map(|v| v.to_string()).unwrap_or_default(),
        ),
        _ => Default::default(),
    };
    let unit = RwSignal::new(unit0);
    let min = RwSignal::new(min0);
    let max = RwSignal::new(max0);
    let section = RwSignal::new(
        f.section
            .as_ref()
            .map(|s| s.to_string())
            .unwrap_or_default(),
    );
    let sections = Memo::new(move |_| {
        template.with(|t| {
            t.sections
                .iter()
                .map(|s| (s.id.to_string(), s.name.clone()))
                .collect::<Vec<_>>()
        })
    });
    let label = f.text.clone();
    let p = format!("item-{item}");
    let save = {
        let item = item.clone();
        move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            let answer = match kind.get_untracked().as_str() {
                "passfail" => AnswerKind::PassFail,
                "text" => AnswerKind::Text,
                "number" => {
                    let (Ok(lo), Ok(hi)) = (
                        parse_limit(&min.get_untracked()),
                        parse_limit(&max.get_untracked()),
                    ) else {
                        state.error(
                            "The allowed range must be numbers (such as 0 or 4.5), or left empty.",
                        );
                        return;
                    };
                    AnswerKind::Number {
                        unit: unit.get_untracked().trim().to_string(),
                        min: lo,
                        max: hi,
                    }
                }
                _ => AnswerKind::Done,
            };
            let sec = section.get_untracked();
            let sec = template.with_untracked(|t| {
                t.sections
                    .iter()
                    .find(|s| s.id.to_string() == sec)
                    .map(|s| s.id.clone())
            });
            let f = ItemFields {
                text: text.get_untracked(),
                guidance: guidance.get_untracked(),
                required: required.get_untracked(),
                answer,
                section: sec,
            };
            let id = item.clone();
            if let Some((_, note)) =
                revise(state, template, move |t, env| t.update_item(env, &id, f))
            {
                editing.set(false);
                state.announce(format!("Saved item {}.{note}", text.get_untracked().trim()));
                focus_later(format!("[data-item-id=\"{item}\"] .item-edit"));
            }
        }
    };
    let cancel = {
        let item = item.clone();
        move |_| {
            editing.set(false);
            focus_later(format!("[data-item-id=\"{item}\"] .item-edit"));
        }
    };
    let id = move |s: &str| format!("{p}-{s}");
    view! {
        <form class="item-form details-form" aria-label=format!("Edit item {label}") on:submit=save>
            <label for=id("text")>"Item text"</label>
            <input id=id("text") bind:value=text/>
            <label for=id("guidance")>"Guidance"</label>
            <textarea id=id("guidance") rows="2" bind:value=guidance placeholder="How to do the check (optional)"></textarea>
            <label class="check-inline">
                <input
                    type="checkbox"
                    prop:checked=move || required.get()
                    on:change=move |ev| required.set(event_target_checked(&ev))
                />
                "Required (must be answered to complete a run)"
            </label>
            <div class="field-grid">
                <div>
                    <label for=id("kind")>"Answer type"</label>
                    <select
                        id=id("kind")
                        prop:value=move || kind.get()
                        on:change=move |ev| kind.set(event_target_value(&ev))
                    >
                        {answer_options()}
                    </select>
                </div>
                <div>
                    <label for=id("section")>"Section"</label>
                    <select
                        id=id("section")
                        prop:value=move || section.get()
                        on:change=move |ev| section.set(event_target_value(&ev))
                    >
                        <option value="">"No section"</option>
                        <For each=move || sections.get() key=|s| s.clone() let:s>
                            <option value=s.0.clone() selected=move || section.get() == s.0>{s.1.clone()}</option>
                        </For>
                    </select>
                </div>
            </div>
            <Show when=move || kind.get() == "number">
                <div class="field-grid number-fields">
                    <div>
                        <label for=id("unit")>"Unit"</label>
                        <input id=id("unit") bind:value=unit placeholder="e.g. °C"/>
                    </div>
                    <div>
                        <label for=id("min")>"Lowest allowed"</label>
                        <input id=id("min") inputmode="decimal" bind:value=min/>
                    </div>
                    <div>
                        <label for=id("max")>"Highest allowed"</label>
                        <input id=id("max") inputmode="decimal" bind:value=max/>
                    </div>
                </div>
                <p class="hint">"A number outside the allowed range counts as a failure."</p>
            </Show>
            <div class="form-actions">
                <button type="button" on:click=cancel>"Cancel"</button>
                <button type="submit" class="primary">"Save item"</button>
            </div>
        </form>
    }
    .into_any()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::FixedEnv;

    /// A template with sections A (a1, a2, a3) and B (b1, b2), and the env.
    fn sample() -> (Template, FixedEnv, Vec<Id>) {
        let mut env = FixedEnv::new(
            chrono::DateTime::from_timestamp(1_780_000_000, 0).unwrap(),
            7,
        );
        let mut t = Template::new(&mut env, "Walk", &[]).unwrap();
        let a = t.add_section(&mut env, "A").unwrap();
        let b = t.add_section(&mut env, "B").unwrap();
        for (name, s) in [("a1", &a), ("a2", &a), ("a3", &a), ("b1", &b), ("b2", &b)] {
            let f = ItemFields {
                text: name.into(),
                section: Some(s.clone()),
                ..Default::default()
            };
            t.add_item_with(&mut env, f).unwrap();
        }
        (t, env, vec![a, b])
    }

    fn shown(t: &Template) -> Vec<Vec<String>> {
        groups_of(t)
            .into_iter()
            .map(|(_, v)| {
                v.iter()
                    .map(|id| t.item(id).unwrap().text.clone())
                    .collect()
            })
            .collect()
    }

    fn id(t: &Template, text: &str) -> Id {
        t.items.iter().find(|i| i.text == text).unwrap().id.clone()
    }

    #[test]
    fn up_and_down_within_and_across_sections() {
        let (mut t, mut env, _) = sample();
        let x = id(&t, "a3");
        move_up(&mut t, &mut env, &x).unwrap();
        assert_eq!(shown(&t), [vec!["a1", "a3", "a2"], vec!["b1", "b2"]]);
        let x = id(&t, "a2");
        move_down(&mut t, &mut env, &x).unwrap();
        assert_eq!(shown(&t), [vec!["a1", "a3"], vec!["a2", "b1", "b2"]]);
        move_up(&mut t, &mut env, &x).unwrap();
        assert_eq!(shown(&t), [vec!["a1", "a3", "a2"], vec!["b1", "b2"]]);
        let top = id(&t, "a1");
        move_up(&mut t, &mut env, &top).unwrap();
        let last = id(&t, "b2");
        move_down(&mut t, &mut env, &last).unwrap();
        assert_eq!(shown(&t), [vec!["a1", "a3", "a2"], vec!["b1", "b2"]]);
        // Every item still sits in the section it is shown under, in rank order.
        assert!(t.items.windows(2).all(|w| w[0].rank < w[1].rank));
    }

    #[test]
    fn drops_before_after_and_at_the_end() {
        let (mut t, mut env, s) = sample();
        let (b2, a1) = (id(&t, "b2"), id(&t, "a1"));
        place_before(&mut t, &mut env, &b2, &a1).unwrap();
        assert_eq!(shown(&t), [vec!["b2", "a1", "a2", "a3"], vec!["b1"]]);
        let a2 = id(&t, "a2");
        let b1 = id(&t, "b1");
        place_after(&mut t, &mut env, &a2, &b1).unwrap();
        assert_eq!(shown(&t), [vec!["b2", "a1", "a3"], vec!["b1", "a2"]]);
        place_before(&mut t, &mut env, &a2, &b1).unwrap();
        assert_eq!(shown(&t), [vec!["b2", "a1", "a3"], vec!["a2", "b1"]]);
        place_end(&mut t, &mut env, &b2, &Some(s[1].clone())).unwrap();
        assert_eq!(shown(&t), [vec!["a1", "a3"], vec!["a2", "b1", "b2"]]);
        let a3 = id(&t, "a3");
        place_after(&mut t, &mut env, &a3, &b2).unwrap();
        assert_eq!(shown(&t), [vec!["a1"], vec!["a2", "b1", "b2", "a3"]]);
        assert_eq!(position_text(&t, &a3), "position 4 of 4 in section “B”");
    }

    #[test]
    fn empty_sections_take_items() {
        let (mut t, mut env, _) = sample();
        let c = t.add_section(&mut env, "C").unwrap();
        let b2 = id(&t, "b2");
        move_down(&mut t, &mut env, &b2).unwrap();
        assert_eq!(shown(&t), [vec!["a1", "a2", "a3"], vec!["b1"], vec!["b2"]]);
        assert_eq!(t.item(&b2).unwrap().section, Some(c));
    }

    #[test]
    fn limits_parse_as_people_type_them() {
        assert_eq!(parse_limit(""), Ok(None));
        assert_eq!(parse_limit(" 4,5 "), Ok(Some(4.5)));
        assert_eq!(parse_limit("-2"), Ok(Some(-2.0)));
        assert!(parse_limit("five").is_err());
        assert!(parse_limit("inf").is_err());
    }
}
