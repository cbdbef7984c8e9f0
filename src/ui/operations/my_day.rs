//! My day: the occurrences assigned to the person using Docket ("me", the same choice as
//! "Comment as", `ui::author`): overdue, due today and the next days, each one click from
//! being started or resumed; what was escalated to them as an owner; and "Notify me".
//! Who is assigned what is `domain::checklist::{rota, my_day}`; this view renders it.

use super::mine::my_day_now;
use super::notify::NotifyButton;
use super::today::{escalated_words, AgendaSection, Entry, Kind, SkipDialog};
use super::OpsNav;
use crate::domain::checklist::agenda::Due;
use crate::domain::Id;
use crate::ui::browser::{long_date, today};
use crate::ui::route::{Route, TemplateTab};
use crate::ui::shell::set_title;
use crate::ui::state::use_state;
use chrono::NaiveDate;
use leptos::prelude::*;

/// One escalation to show the owner.
#[derive(Clone, Debug, PartialEq)]
struct Raised {
    id: Id,
    template: Id,
    words: String,
}

#[derive(Clone, Debug, Default, PartialEq)]
struct Lists {
    escalated: Vec<Raised>,
    overdue: Vec<Entry>,
    today: Vec<Entry>,
    upcoming: Vec<Entry>,
}

impl Lists {
    fn is_empty(&self) -> bool {
        self.escalated.is_empty()
            && self.overdue.is_empty()
            && self.today.is_empty()
            && self.upcoming.is_empty()
    }
}

#[component]
pub fn MyDayPage() -> impl IntoView {
    let state = use_state();
    set_title(|| "My day".into());
    let day = today();
    let me = state.author;
    let my_name = move || {
        me.get()
            .and_then(|id| state.people.with(|_| state.person_name(&id)))
    };
    let lists = Memo::new(move |_| {
        let Some(me) = me.get() else {
            return Lists::default();
        };
        let (mine, templates) = my_day_now(state, &me, day);
        let find = |id: &Id| templates.iter().find(|t| &t.id == id);
        let entries = |v: &[Due]| -> Vec<Entry> {
            v.iter()
                .filter_map(|d| {
                    let t = find(&d.template)?;
                    let progress = d.run.as_ref().and_then(|r| {
                        state.run(r)?.with_untracked(|r| {
                            let (done, total) = r.progress(t);
                            Some(format!("{done} of {total} answered"))
                        })
                    });
                    Some(Entry {
                        template: t.id.clone(),
                        name: t.name.clone(),
                        area: t.area.clone(),
                        date: d.date,
                        run: d.run.clone(),
                        detail: progress,
                        assignee: None,
                        owned: t.owner.is_some(),
                        escalated: t.escalation_on(d.date).map(|x| {
                            escalated_words(x.by.as_ref().and_then(|b| state.person_name(b)))
                        }),
                    })
                })
                .collect()
        };
        let escalated = mine
            .escalated
            .iter()
            .filter_map(|r| {
                let t = find(&r.template)?;
                let by = r
                    .escalation
                    .by
                    .as_ref()
                    .and_then(|b| state.person_name(b))
                    .unwrap_or_else(|| "someone".into());
                Some(Raised {
                    id: r.escalation.id.clone(),
                    template: t.id.clone(),
                    words: format!(
                        "Escalated by {by}: {} due {}",
                        t.name,
                        long_date(r.escalation.date)
                    ),
                })
            })
            .collect();
        Lists {
            escalated,
            overdue: entries(&mine.overdue),
            today: entries(&mine.today),
            upcoming: entries(&mine.upcoming),
        }
    });
    let skipping: RwSignal<Option<(Id, NaiveDate, String)>> = RwSignal::new(None);
    let section = move |title: &'static str, pick: fn(&Lists) -> &Vec<Entry>, kind: Kind| {
        let entries = Memo::new(move |_| lists.with(|s| pick(s).clone()));
        view! { <AgendaSection title=title id="my" entries=entries kind=kind skipping=skipping/> }
    };
    let escalated = Memo::new(move |_| lists.with(|l| l.escalated.clone()));
    view! {
        <section class="page today-page my-day-page">
            <OpsNav/>
            <div class="page-head">
                <div>
                    <h1 tabindex="-1">"My day"</h1>
                    <p class="lede">
                        {move || match my_name() {
                            Some(n) => format!("What is yours to do, {n}, on {}.", long_date(day)),
                            None => "The checklists assigned to you, once Docket knows who you are.".into(),
                        }}
                    </p>
                </div>
            </div>
            <WhoAmI/>
            <Show when=move || me.with(Option::is_some)>
                <NotifyButton/>
                <Show when=move || lists.with(Lists::is_empty)>
                    <div class="agenda-empty">
                        <h2>"Nothing is yours in the next 7 days"</h2>
                        <p>
                            "Checklists come to you when you own them or take turns in their rotation: \
                             set “Assigned to” on a checklist's page. Today shows everyone's."
                        </p>
                        <p><a class="button" href=Route::Today.href()>"See Today"</a></p>
                    </div>
                </Show>
                <Show when=move || escalated.with(|e| !e.is_empty())>
                    <section class="agenda agenda-escalated" aria-labelledby="my-escalated">
                        <h2 id="my-escalated">
                            "Escalated to you "
                            <span class="badge">{move || escalated.with(Vec::len)}</span>
                        </h2>
                        <ul class="agenda-list" aria-label="Escalated to you">
                            <For each=move || escalated.get() key=|r| r.id.clone() let:r>
                                <li class="agenda-row agenda-row-escalated">
                                    <div class="agenda-what">
                                        <a class="agenda-name" href=Route::Template(r.template.clone(), TemplateTab::Items).href()>
                                            {r.words.clone()}
                                        </a>
                                    </div>
                                </li>
                            </For>
                        </ul>
                    </section>
                </Show>
                <super::registers::MyPolicies day=day/>
                {section("Overdue", |s| &s.overdue, Kind::Overdue)}
                {section("Due today", |s| &s.today, Kind::Today)}
                {section("Next 7 days", |s| &s.upcoming, Kind::Upcoming)}
            </Show>
            <SkipDialog skipping=skipping/>
        </section>
    }
}

/// "Who are you?": the person of the directory this browser works as (`ui::author`),
/// asked when none is chosen and changeable after.
#[component]
fn WhoAmI() -> impl IntoView {
    let state = use_state();
    let people = Memo::new(move |_| {
        state.people.with(|p| {
            let mut v: Vec<(Id, String)> =
                p.iter().map(|x| (x.id.clone(), x.name.clone())).collect();
            crate::domain::sort::sort_by_key(&mut v, |(_, n)| n.to_lowercase());
            v
        })
    });
    view! {
        <div class="who-am-i">
            <Show
                when=move || people.with(|p| !p.is_empty())
                fallback=|| view! {
                    <p>
                        "Docket shows each person their own checklists. Add yourself on "
                        <a href=Route::People.href()>"People"</a>
                        ", then choose your name here."
                    </p>
                }
            >
                <label for="my-day-me">
                    {move || if state.author.with(Option::is_some) { "You are" } else { "Who are you?" }}
                </label>
                <select
                    id="my-day-me"
                    on:change=move |ev| {
                        let v = event_target_value(&ev);
                        state.set_author((!v.is_empty()).then_some(Id(v)));
                    }
                >
                    <option value="" selected=move || state.author.with(Option::is_none)>
                        "Choose your name"
                    </option>
                    <For each=move || people.get() key=|(id, _)| id.clone() let:p>
                        {
                            let id = p.0.clone();
                            view! {
                                <option
                                    value=p.0.to_string()
                                    selected=move || state.author.with(|a| a.as_ref() == Some(&id))
                                >
                                    {p.1.clone()}
                                </option>
                            }
                        }
                    </For>
                </select>
            </Show>
        </div>
    }
}
