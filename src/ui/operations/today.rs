//! The Today view: what is overdue, due today and due in the next days across every
//! checklist, and runs left half-done, each one click from being started or resumed.

use super::OpsNav;
use crate::domain::checklist::agenda::{agenda, Due};
use crate::domain::{Id, Template};
use crate::ui::browser::{long_date, today};
use crate::ui::route::{Route, TemplateTab};
use crate::ui::shell::set_title;
use crate::ui::state::use_state;
use chrono::NaiveDate;
use leptos::prelude::*;

/// How many days ahead "Next 7 days" looks.
const AHEAD: i64 = 7;

/// One line of the agenda, with what the view shows of its template.
#[derive(Clone, Debug, PartialEq)]
struct Entry {
    template: Id,
    name: String,
    area: String,
    date: NaiveDate,
    /// The unfinished run to resume, if one was started.
    run: Option<Id>,
    /// "3 of 10 answered", for a run already started.
    progress: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq)]
struct Sections {
    overdue: Vec<Entry>,
    today: Vec<Entry>,
    upcoming: Vec<Entry>,
    unfinished: Vec<Entry>,
    /// Are there templates at all?
    any_template: bool,
}

impl Sections {
    fn is_empty(&self) -> bool {
        self.overdue.is_empty()
            && self.today.is_empty()
            && self.upcoming.is_empty()
            && self.unfinished.is_empty()
    }
}

#[component]
pub fn TodayPage() -> impl IntoView {
    let state = use_state();
    set_title(|| "Today".into());
    let day = today();
    // The agenda is computed once per change of templates or runs, from cheap facts.
    let sections = Memo::new(move |_| {
        let facts = state.run_facts();
        let templates: Vec<Template> = state
            .templates
            .with(|v| v.iter().map(|s| s.get()).collect());
        let refs: Vec<&Template> = templates.iter().collect();
        let a = agenda(&refs, &facts, day, AHEAD);
        let find = |id: &Id| templates.iter().find(|t| &t.id == id);
        let progress = |run: &Id| {
            let r = state.run(run)?;
            r.with_untracked(|r| {
                let t = find(&r.template)?;
                let (done, total) = r.progress(t);
                Some(format!("{done} of {total} answered"))
            })
        };
        let entry = |d: &Due| {
            let t = find(&d.template)?;
            Some(Entry {
                template: t.id.clone(),
                name: t.name.clone(),
                area: t.area.clone(),
                date: d.date,
                run: d.run.clone(),
                progress: d.run.as_ref().and_then(progress),
            })
        };
        let list = |v: &[Due]| v.iter().filter_map(entry).collect::<Vec<_>>();
        let unfinished = a
            .unfinished
            .iter()
            .filter_map(|id| {
                let r = state.run(id)?;
                let (tid, date) = r.with_untracked(|r| (r.template.clone(), r.date));
                let t = find(&tid)?;
                Some(Entry {
                    template: tid,
                    name: t.name.clone(),
                    area: t.area.clone(),
                    date,
                    run: Some(id.clone()),
                    progress: progress(id),
                })
            })
            .collect();
        Sections {
            overdue: list(&a.overdue),
            today: list(&a.today),
            upcoming: list(&a.upcoming),
            unfinished,
            any_template: !templates.is_empty(),
        }
    });
    let section = move |title: &'static str, pick: fn(&Sections) -> &Vec<Entry>, kind: Kind| {
        let entries = Memo::new(move |_| sections.with(|s| pick(s).clone()));
        view! {
            <Show when=move || entries.with(|e| !e.is_empty())>
                <section class=format!("agenda agenda-{}", kind.key()) aria-labelledby=format!("agenda-{}", kind.key())>
                    <h2 id=format!("agenda-{}", kind.key())>
                        {title}
                        " "
                        <span class="badge">{move || entries.with(Vec::len)}</span>
                    </h2>
                    <ul class="agenda-list" aria-label=title>
                        <For
                            each=move || entries.get()
                            key=|e| (e.template.clone(), e.date, e.run.clone(), e.progress.clone())
                            let:entry
                        >
                            <AgendaRow entry=entry kind=kind/>
                        </For>
                    </ul>
                </section>
            </Show>
        }
    };
    view! {
        <section class="page today-page">
            <OpsNav/>
            <div class="page-head">
                <div>
                    <h1 tabindex="-1">"Today"</h1>
                    <p class="lede">{format!("Checklists due on {}, and what is late.", long_date(day))}</p>
                </div>
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
            {section("Next 7 days", |s| &s.upcoming, Kind::Upcoming)}
        </section>
    }
}

#[derive(Clone, Copy, PartialEq)]
enum Kind {
    Overdue,
    Today,
    Upcoming,
    Unfinished,
}

impl Kind {
    fn key(self) -> &'static str {
        match self {
            Kind::Overdue => "overdue",
            Kind::Today => "today",
            Kind::Upcoming => "upcoming",
            Kind::Unfinished => "unfinished",
        }
    }
}

#[component]
fn AgendaRow(entry: Entry, kind: Kind) -> impl IntoView {
    let state = use_state();
    let Entry {
        template,
        name,
        area,
        date,
        run,
        progress,
    } = entry;
    let when = match kind {
        Kind::Overdue => format!("Was due {}", long_date(date)),
        Kind::Today => format!("Due today, {}", long_date(date)),
        Kind::Upcoming => format!("Due {}", long_date(date)),
        Kind::Unfinished => format!("Run for {}", long_date(date)),
    };
    let href = Route::Template(template.clone(), TemplateTab::Items).href();
    let (label, aria) = match &run {
        Some(_) => (
            "Resume",
            format!("Resume {name}, run for {}", long_date(date)),
        ),
        None => ("Start", format!("Start {name} for {}", long_date(date))),
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
        <li class="agenda-row" class:overdue=kind == Kind::Overdue>
            <div class="agenda-what">
                <a class="agenda-name" href=href>{name}</a>
                {(!area.is_empty()).then(|| view! { <span class="badge agenda-area">{area}</span> })}
            </div>
            <div class="agenda-when">
                {(kind == Kind::Overdue).then(|| view! { <span class="agenda-flag" aria-hidden="true">"!"</span> })}
                <span>{when}</span>
                {progress.map(|p| view! { <span class="agenda-progress">{format!(" · {p}")}</span> })}
            </div>
            <button class=if label == "Start" { "primary" } else { "" } aria-label=aria on:click=go>
                {label}
            </button>
        </li>
    }
}
