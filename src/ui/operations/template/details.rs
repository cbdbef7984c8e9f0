//! A template's details: description, area, owner, who does it, schedule and start date.

use super::assign::{AssignInputs, AssignedTo};
use crate::domain::checklist::recurrence::WEEKDAYS;
use crate::domain::checklist::{Recurrence, TemplateFields};
use crate::domain::Template;
use crate::ui::state::use_state;
use leptos::prelude::*;

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
pub(super) fn DetailsForm(template: RwSignal<Template>) -> impl IntoView {
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
    let minutes = RwSignal::new(f.minutes.map(|m| m.to_string()).unwrap_or_default());
    let pass_mark = RwSignal::new(f.pass_mark.map(|m| m.to_string()).unwrap_or_default());
    let site = RwSignal::new(f.site.as_ref().map(|s| s.to_string()).unwrap_or_default());
    let category = RwSignal::new(f.asset_category.clone());
    let assigned = AssignInputs::new(&f.assignment);
    // What the form showed, and whether the person has changed anything since: its save
    // writes only what they changed (`domain::draft`).
    let opened = StoredValue::new(f);
    let touched = RwSignal::new(false);
    // When the stored details change elsewhere (undo, another tab, an import), the form
    // follows unless the person is changing it; edits to items or the name leave it alone.
    let stored = Memo::new(move |_| {
        template.with(|t| {
            (
                t.description.clone(),
                t.area.clone(),
                t.owner.clone(),
                t.recurrence.clone(),
                t.starts,
                (t.minutes, t.pass_mark, t.assignment.clone()),
                (t.site.clone(), t.asset_category.clone()),
            )
        })
    });
    Effect::new(move |prev: Option<()>| {
        let (d, a, o, r, s, (m, pm, asg), (st, cat)) = stored.get();
        if prev.is_none() || touched.get_untracked() {
            return;
        }
        opened.set_value(template.with_untracked(|t| t.fields()));
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
        minutes.set(m.map(|m| m.to_string()).unwrap_or_default());
        pass_mark.set(pm.map(|m| m.to_string()).unwrap_or_default());
        site.set(st.map(|s| s.to_string()).unwrap_or_default());
        category.set(cat);
        assigned.show(&asg);
    });
    let categories = Memo::new(move |_| {
        state.registers.with(|r| {
            crate::domain::registers::assets::categories(r)
                .into_iter()
                .map(str::to_string)
                .collect::<Vec<_>>()
        })
    });
    let areas = Memo::new(move |_| {
        state
            .templates
            .with(|v| crate::ui::operations::list::known_areas(v))
    });
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
        let per_run = minutes.get_untracked();
        let per_run = if per_run.trim().is_empty() {
            None
        } else {
            match per_run.trim().parse::<u32>() {
                Ok(m) => Some(m),
                Err(_) => {
                    state.error(
                        "Type the time a run takes in whole minutes, such as 20, or leave it empty.",
                    );
                    return;
                }
            }
        };
        let mark = pass_mark.get_untracked();
        let mark = match mark.trim() {
            "" => None,
            m => match m.trim_end_matches('%').trim().parse::<u32>() {
                Ok(m) if m <= 100 => Some(m),
                _ => {
                    state.error(
                        "Type the pass mark as a percentage from 0 to 100, such as 80, or leave it empty for no score.",
                    );
                    return;
                }
            },
        };
        let start = starts.get_untracked();
        let start = if start.trim().is_empty() {
            None
        } else {
            match crate::domain::dates::parse_day(&start) {
                Some(d) => Some(d),
                None => {
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
        let mine = TemplateFields {
            description: description.get_untracked(),
            area: area.get_untracked(),
            owner: owner_id,
            recurrence,
            starts: start,
            minutes: per_run,
            pass_mark: mark,
            site: Some(site.get_untracked())
                .filter(|s| !s.is_empty())
                .map(crate::domain::Id),
            asset_category: category.get_untracked(),
            assignment: assigned.value(),
            ..opened.get_value()
        };
        let before = opened.get_value();
        if let Some(mut clashes) = state.edit_template(template, move |t, env| {
            t.save_details_draft(env, &before, mine)
        }) {
            touched.set(false);
            opened.set_value(template.with_untracked(|t| t.fields()));
            if clashes.is_empty() {
                state.announce(format!(
                    "Details saved. Schedule: {}.",
                    template.with_untracked(|t| t.recurrence.describe())
                ));
            } else {
                for c in clashes.iter_mut().filter(|c| c.field == "Assigned to") {
                    // The words name people by id: the form names them.
                    state.people.with_untracked(|p| {
                        for x in p {
                            c.mine = c.mine.replace(x.id.as_str(), &x.name);
                            c.theirs = c.theirs.replace(x.id.as_str(), &x.name);
                        }
                    });
                }
                for c in clashes.iter_mut().filter(|c| c.field == "Owner") {
                    for v in [&mut c.theirs, &mut c.mine] {
                        if let Some(n) = state.people.with_untracked(|p| {
                            p.iter()
                                .find(|x| x.id.as_str() == v.as_str())
                                .map(|x| x.name.clone())
                        }) {
                            *v = n;
                        }
                    }
                }
                state.saved("Details", &clashes);
            }
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
            <form
                class="details-form"
                on:submit=save
                on:input=move |_| touched.set(true)
                on:change=move |_| touched.set(true)
            >
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
                <label for="tpl-site">"Site"</label>
                <select
                    id="tpl-site"
                    prop:value=move || site.get()
                    on:change=move |ev| site.set(event_target_value(&ev))
                    aria-describedby="tpl-site-hint"
                >
                    {crate::ui::operations::registers::site_options(site, "Any site")}
                </select>
                <p id="tpl-site-hint" class="hint">
                    "Its runs are recorded at this site (Sites and assets lists them)."
                </p>
                <label for="tpl-category">"Inspects assets of category"</label>
                <input
                    id="tpl-category"
                    list="tpl-categories"
                    bind:value=category
                    placeholder="e.g. Fridge (optional)"
                    aria-describedby="tpl-category-hint"
                />
                <datalist id="tpl-categories">
                    <For each=move || categories.get() key=|a| a.clone() let:a>
                        <option value=a></option>
                    </For>
                </datalist>
                <p id="tpl-category-hint" class="hint">
                    "Each run is then done on one asset of this category, and goes in its history."
                </p>
                <AssignedTo inputs=assigned/>
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
                <label for="tpl-minutes">"Time per run, in minutes"</label>
                <input
                    id="tpl-minutes"
                    type="number"
                    min="1"
                    max="1440"
                    step="1"
                    inputmode="numeric"
                    bind:value=minutes
                    aria-describedby="tpl-minutes-hint"
                />
                <p id="tpl-minutes-hint" class="hint">
                    "Optional: the owner's workload counts it for each run."
                </p>
                <label for="tpl-pass-mark">"Pass mark, in %"</label>
                <input
                    id="tpl-pass-mark"
                    type="number"
                    min="0"
                    max="100"
                    step="1"
                    inputmode="numeric"
                    bind:value=pass_mark
                    aria-describedby="tpl-pass-mark-hint"
                />
                <p id="tpl-pass-mark-hint" class="hint">
                    "Optional: each run is scored by its items' weights, and passes at this mark."
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
