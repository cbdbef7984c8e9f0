//! The Today view: what is overdue and due today across every checklist (each one click
//! from being started or resumed, or skipped with a reason), runs left half-done, what was
//! done today (who, when), and the next days (each checklist once, with its dates).

use super::OpsNav;
use crate::domain::checklist::agenda::{agenda, Due};
use crate::domain::{Id, Run, Template};
use crate::ui::browser::{focus_later, long_date, today};
use crate::ui::route::{Route, TemplateTab};
use crate::ui::shell::set_title;
use crate::ui::state::use_state;
use chrono::NaiveDate;
use leptos::html::Dialog;
use leptos::prelude::*;

/// How many days ahead "Next 7 days" looks.
const AHEAD: i64 = 7;

/// One line of the agenda, with what the view shows of its template.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub(super) struct Entry {
    pub(super) template: Id,
    pub(super) name: String,
    pub(super) area: String,
    pub(super) date: NaiveDate,
    /// The run to resume (or, done today, to look at), if one was started.
    pub(super) run: Option<Id>,
    /// "3 of 10 answered" for a run already started; who and when for one done today;
    /// the later dates of a repeat.
    pub(super) detail: Option<String>,
    /// The name of who does it ([`crate::domain::checklist::rota`]).
    pub(super) assignee: Option<String>,
    /// "Escalated by Wes Worker" once an overdue occurrence was escalated.
    pub(super) escalated: Option<String>,
    /// Has the checklist an owner to escalate to?
    pub(super) owned: bool,
}

#[derive(Clone, Debug, Default, PartialEq)]
struct Sections {
    overdue: Vec<Entry>,
    today: Vec<Entry>,
    upcoming: Vec<Entry>,
    unfinished: Vec<Entry>,
    done: Vec<Entry>,
    /// Are there templates at all?
    any_template: bool,
}

impl Sections {
    fn is_empty(&self) -> bool {
        self.overdue.is_empty()
            && self.today.is_empty()
            && self.upcoming.is_empty()
            && self.unfinished.is_empty()
            && self.done.is_empty()
    }
}

/// "Escalated by Wes Worker" (or by someone not recorded).
pub(super) fn escalated_words(by: Option<String>) -> String {
    match by {
        Some(n) => format!("Escalated by {n}"),
        None => "Escalated to the owner".into(),
    }
}

/// "Completed at 09:14 by Ana Lima" or "Skipped at 10:02: Site closed".
fn done_detail(r: &Run, who: Option<String>) -> String {
    if let Some(s) = &r.skipped {
        return format!("Skipped at {}: {}", super::run::clock(s.at), s.reason);
    }
    let at = r.completed.map(super::run::clock).unwrap_or_default();
    match who.or_else(|| r.signoff.as_ref().map(|s| s.name.clone())) {
        Some(n) => format!("Completed at {at} by {n}"),
        None => format!("Completed at {at}, by someone not recorded"),
    }
}

#[component]
pub fn TodayPage() -> impl IntoView {
    let state = use_state();
    set_title(|| "Today".into());
    let day = today();
    // The site whose checks to show ("" every site).
    let site = RwSignal::new(String::new());
    // The agenda is computed once per change of templates or runs, from cheap facts.
    let sections = Memo::new(move |_| {
        let facts = state.run_facts();
        let want = site.get();
        let templates: Vec<Template> = state.templates.with(|v| {
            v.iter()
                .map(|s| s.get())
                .filter(|t| want.is_empty() || t.site.as_ref().is_some_and(|s| s.as_str() == want))
                .collect()
        });
        let refs: Vec<&Template> = templates.iter().collect();
        let roster = state.roster();
        let a = agenda(&refs, &facts, day, AHEAD, &roster);
        let name_of = |id: &Id| state.person_name(id);
        let find = |id: &Id| templates.iter().find(|t| &t.id == id);
        let progress = |run: &Id| {
            let r = state.run(run)?;
            r.with_untracked(|r| {
                let t = find(&r.template)?;
                let (done, total) = r.progress(t);
                Some(format!("{done} of {total} answered"))
            })
        };
        let entry = |tid: &Id, date: NaiveDate, run: Option<Id>, detail: Option<String>| {
            let t = find(tid)?;
            Some(Entry {
                template: t.id.clone(),
                name: t.name.clone(),
                area: t.area.clone(),
                date,
                run,
                detail,
                assignee: None,
                escalated: None,
                owned: t.owner.is_some(),
            })
        };
        let list = |v: &[Due]| {
            v.iter()
                .filter_map(|d| {
                    let e = entry(
                        &d.template,
                        d.date,
                        d.run.clone(),
                        d.run.as_ref().and_then(progress),
                    )?;
                    let escalated = find(&d.template)
                        .and_then(|t| t.escalation_on(d.date))
                        .map(|x| escalated_words(x.by.as_ref().and_then(name_of)));
                    Some(Entry {
                        assignee: d.assignee.as_ref().and_then(name_of),
                        escalated,
                        ..e
                    })
                })
                .collect::<Vec<_>>()
        };
        // Runs by id, with a detail line made from the run.
        let runs = |ids: &[Id], detail: &dyn Fn(&Run) -> Option<String>| {
            ids.iter()
                .filter_map(|id| {
                    let (tid, date, d) = state
                        .run(id)?
                        .with_untracked(|r| (r.template.clone(), r.date, detail(r)));
                    entry(&tid, date, Some(id.clone()), d)
                })
                .collect::<Vec<_>>()
        };
        let who = |r: &Run| r.by.as_ref().and_then(name_of);
        let upcoming = a
            .upcoming
            .iter()
            .filter_map(|r| {
                // The later dates; a date whose person differs from the one before says who.
                let later: Vec<String> = r
                    .dates
                    .iter()
                    .zip(&r.assignees)
                    .skip(1)
                    .zip(&r.assignees)
                    .map(|((d, who), before)| {
                        let day = crate::domain::dates::weekday_day(*d);
                        match who.as_ref().filter(|_| who != before).and_then(name_of) {
                            Some(n) => format!("{day} for {n}"),
                            None => day,
                        }
                    })
                    .collect();
                let detail = (!later.is_empty()).then(|| format!("then {}", later.join(", ")));
                let e = entry(&r.template, *r.dates.first()?, None, detail)?;
                Some(Entry {
                    assignee: r
                        .assignees
                        .first()
                        .cloned()
                        .flatten()
                        .as_ref()
                        .and_then(name_of),
                    ..e
                })
            })
            .collect();
        Sections {
            overdue: list(&a.overdue),
            today: list(&a.today),
            upcoming,
            unfinished: runs(&a.unfinished, &|r| progress(&r.id)),
            done: runs(&a.done_today, &|r| Some(done_detail(r, who(r)))),
            any_template: !templates.is_empty(),
        }
    });
    // The occurrence being skipped (the dialog is open while Some): template, date, name.
    let skipping: RwSignal<Option<(Id, NaiveDate, String)>> = RwSignal::new(None);
    let section = move |title: &'static str, pick: fn(&Sections) -> &Vec<Entry>, kind: Kind| {
        let entries = Memo::new(move |_| sections.with(|s| pick(s).clone()));
        view! { <AgendaSection title=title id="agenda" entries=entries kind=kind skipping=skipping/> }
    };
    view! {
        <section class="page today-page">
            <OpsNav/>
            <div class="page-head">
                <div>
                    <h1 tabindex="-1">"Today"</h1>
                    <p class="lede">{format!("Checklists due on {}, and what is late.", long_date(day))}</p>
                </div>
                <super::SiteFilter site=site id="today-site"/>
            </div>
            <Show when=move || sections.with(Sections::is_empty)>
                <div class="agenda-empty">
                    <h2>"Nothing is scheduled"</h2>
                    {move || {
                        if sections.with(|s| s.any_template) {
                            view! {
                                <p>
                                    "None of your checklists is due in the next 7 days. Give a checklist a \
                                     schedule (daily, weekly, monthly) on its page, and its runs will show here."
                                </p>
                                <p><a class="button" href=Route::Operations.href()>"See checklists"</a></p>
                            }
                                .into_any()
                        } else {
                            view! {
                                <p>
                                    "Create a checklist for the checks you run every day, week or month, and \
                                     what is due will show here."
                                </p>
                                <p>
                                    <a class="button primary" href=Route::Operations.href()>
                                        "Create a checklist"
                                    </a>
                                </p>
                            }
                                .into_any()
                        }
                    }}
                </div>
            </Show>
            {section("Overdue", |s| &s.overdue, Kind::Overdue)}
            {section("Due today", |s| &s.today, Kind::Today)}
            {section("Unfinished runs", |s| &s.unfinished, Kind::Unfinished)}
            {section("Done today", |s| &s.done, Kind::Done)}
            {section("Next 7 days", |s| &s.upcoming, Kind::Upcoming)}
            <super::registers::TodayRegisters day=day site=site/>
            <SkipDialog skipping=skipping/>
        </section>
    }
}

/// One titled list of the agenda (hidden when empty), shared by Today and My day.
#[component]
pub(super) fn AgendaSection(
    title: &'static str,
    /// Prefix of the heading's id (one per page).
    id: &'static str,
    entries: Memo<Vec<Entry>>,
    kind: Kind,
    skipping: RwSignal<Option<(Id, NaiveDate, String)>>,
) -> impl IntoView {
    let heading = format!("{id}-{}", kind.key());
    view! {
        <Show when=move || entries.with(|e| !e.is_empty())>
            <section class=format!("agenda agenda-{}", kind.key()) aria-labelledby=heading.clone()>
                <h2 id=heading.clone()>
                    {title}
                    " "
                    <span class="badge">{move || entries.with(Vec::len)}</span>
                </h2>
                <ul class="agenda-list" aria-label=title>
                    <For each=move || entries.get() key=|e| e.clone() let:entry>
                        <AgendaRow entry=entry kind=kind skipping=skipping/>
                    </For>
                </ul>
            </section>
        </Show>
    }
}

#[derive(Clone, Copy, PartialEq)]
pub(super) enum Kind {
    Overdue,
    Today,
    Upcoming,
    Unfinished,
    Done,
}

impl Kind {
    pub(super) fn key(self) -> &'static str {
        match self {
            Kind::Overdue => "overdue",
            Kind::Today => "today",
            Kind::Upcoming => "upcoming",
            Kind::Unfinished => "unfinished",
            Kind::Done => "done",
        }
    }
}

#[component]
pub(super) fn AgendaRow(
    entry: Entry,
    kind: Kind,
    skipping: RwSignal<Option<(Id, NaiveDate, String)>>,
) -> impl IntoView {
    let state = use_state();
    let Entry {
        template,
        name,
        area,
        date,
        run,
        detail,
        assignee,
        escalated,
        owned,
    } = entry;
    let when = match kind {
        Kind::Overdue => format!("Was due {}", long_date(date)),
        Kind::Today => format!("Due today, {}", long_date(date)),
        Kind::Upcoming => format!("Next {}", long_date(date)),
        Kind::Unfinished | Kind::Done => format!("Run for {}", long_date(date)),
    };
    let href = Route::Template(template.clone(), TemplateTab::Items).href();
    let template_for_escalate = template.clone();
    let name_for_escalate = name.clone();
    let due_now = matches!(kind, Kind::Overdue | Kind::Today);
    let (label, aria) = match (&run, kind) {
        (Some(_), Kind::Done) => (
            "View run",
            format!("View run of {name} for {}", long_date(date)),
        ),
        (Some(_), _) => (
            "Resume",
            format!("Resume {name}, run for {}", long_date(date)),
        ),
        (None, Kind::Upcoming) => (
            "Start early",
            format!("Start early: {name} for {}", long_date(date)),
        ),
        (None, _) => ("Start", format!("Start {name} for {}", long_date(date))),
    };
    let skip_label = format!("Skip or excuse {name} for {}", long_date(date));
    let skip = {
        let (template, name) = (template.clone(), name.clone());
        move |_| skipping.set(Some((template.clone(), date, name.clone())))
    };
    let go = move |_| {
        if let Some(id) = run.clone() {
            state.go(Route::Run(id));
            return;
        }
        let Some(t) = state.template(&template) else {
            return state.error("That checklist is no longer here.");
        };
        if let Some(id) = state.start_run(t, date) {
            state.go(Route::Run(id));
        }
    };
    view! {
        <li class=format!("agenda-row agenda-row-{}", kind.key()) class:overdue=kind == Kind::Overdue>
            <div class="agenda-what">
                <a class="agenda-name" href=href>{name}</a>
                {(!area.is_empty()).then(|| view! { <span class="badge agenda-area">{area}</span> })}
            </div>
            <div class="agenda-when">
                {(kind == Kind::Overdue).then(|| view! { <span class="agenda-flag" aria-hidden="true">"!"</span> })}
                <span>{when}</span>
                {assignee.map(|p| view! { <span class="agenda-for">{format!(" · for {p}")}</span> })}
                {detail.map(|p| view! { <span class="agenda-detail">{format!(" · {p}")}</span> })}
                {escalated.clone().map(|p| view! { <span class="agenda-escalated">{format!(" · {p}")}</span> })}
            </div>
            <div class="agenda-buttons">
                {(kind == Kind::Overdue && owned && escalated.is_none()).then(|| {
                    let (template, name) = (template_for_escalate, name_for_escalate);
                    let label = format!("Escalate to owner: {name}, due {}", long_date(date));
                    view! {
                        <button type="button" aria-label=label on:click=move |_| {
                            if state.escalate(&template, date).is_some() {
                                state.announce(format!("{name} for {} escalated to its owner.", long_date(date)));
                            }
                        }>"Escalate to owner"</button>
                    }
                })}
                {due_now
                    .then(|| view! { <button type="button" aria-label=skip_label on:click=skip>"Skip…"</button> })}
                <button type="button" class=if due_now && label == "Start" { "primary" } else { "" } aria-label=aria on:click=go>
                    {label}
                </button>
            </div>
        </li>
    }
}

/// Asks for the reason an occurrence is skipped or excused, then records it.
#[component]
pub(super) fn SkipDialog(skipping: RwSignal<Option<(Id, NaiveDate, String)>>) -> impl IntoView {
    let state = use_state();
    let dialog = NodeRef::<Dialog>::new();
    let reason = RwSignal::new(String::new());
    Effect::new(move |_| {
        let open = skipping.with(Option::is_some);
        let Some(d) = dialog.get() else { return };
        if open && !d.open() {
            state.clear_refusal();
            reason.set(String::new());
            let _ = d.show_modal();
        } else if !open && d.open() {
            d.close();
        }
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some((template, date, name)) = skipping.get_untracked() else {
            return;
        };
        if state
            .skip_occurrence(&template, date, &reason.get_untracked())
            .is_some()
        {
            skipping.set(None);
            state.announce(format!("{name} for {} skipped.", long_date(date)));
            focus_later(".page h1".into());
        } else {
            focus_later("#skip-reason".into());
        }
    };
    let error = move || state.error_text();
    view! {
        <dialog node_ref=dialog class="dialog skip-dialog" aria-labelledby="skip-title" on:close=move |_| {
            skipping.set(None);
            state.clear_refusal();
        }>
            <form on:submit=submit>
                <h2 id="skip-title">"Skip or excuse an occurrence"</h2>
                <p>
                    {move || skipping.with(|s| s.as_ref().map(|(_, d, n)| format!("{n}, {}.", long_date(*d))))}
                    " It stays in the run history with the reason, and counts neither as missed nor as completed."
                </p>
                <label for="skip-reason">"Reason"</label>
                <input
                    id="skip-reason"
                    aria-required="true"
                    autocomplete="off"
                    placeholder="e.g. Site closed for the holiday"
                    aria-describedby="skip-error"
                    aria-invalid=move || error().is_some().then_some("true")
                    bind:value=reason
                />
                <p id="skip-error" class="field-problem" role="alert">{error}</p>
                <div class="dialog-actions">
                    <button type="button" on:click=move |_| skipping.set(None)>"Cancel"</button>
                    <button type="submit" class="primary">"Skip occurrence"</button>
                </div>
            </form>
        </dialog>
    }
}
