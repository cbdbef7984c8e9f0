//! The report tab of a project: closing it (with lessons learned), reopening it, and the
//! close-out report as a readable page that prints cleanly and downloads as HTML.

use super::budget::Costs;
use crate::domain::report::Report;
use crate::domain::{Project, ProjectStatus};
use crate::ui::browser::{focus_later, long_date, today};
use crate::ui::state::use_state;
use chrono::NaiveDate;
use leptos::prelude::*;

/// The report tab.
#[component]
pub fn ReportView(project: RwSignal<Project>) -> impl IntoView {
    let state = use_state();
    let closed = Memo::new(move |_| project.with(|p| p.status == ProjectStatus::Closed));
    let report = Memo::new(move |_| project.with(|p| p.report(today())));

    let print = move |_| {
        if window().print().is_err() {
            state.error("The browser refused to print: use its own Print command instead.");
        }
    };
    let download = move |_| {
        let r = report.get_untracked();
        let file = report_file_name(&r.name, r.generated);
        match crate::ui::browser::download(&file, &r.to_html(), "text/html;charset=utf-8") {
            Ok(()) => state.announce(format!("Downloaded {file}.")),
            Err(_) => state.error("The report could not be downloaded: try printing it instead."),
        }
    };
    view! {
        <div class="report-tab">
            <Show when=move || !closed.get()>
                <CloseForm project=project/>
            </Show>
            <div class="report-actions" role="group" aria-label="Report actions">
                <button type="button" on:click=print>"Print report"</button>
                <button type="button" on:click=download>"Download report (HTML)"</button>
            </div>
            <ReportPage report=report/>
        </div>
    }
}

/// A closed project's note, on every tab: read-only until reopened, and the way to reopen.
#[component]
pub fn ClosedNote(project: RwSignal<Project>) -> impl IntoView {
    let state = use_state();
    let name = move || project.with(|p| p.name.clone());
    let reopen = move |_| {
        let n = name();
        state.ask(
            format!("Reopen “{n}”?"),
            "The project becomes active again and its actual end date is cleared. The lessons learned are kept.".into(),
            "Reopen project",
            move || {
                if state
                    .edit_project(project, "reopen project", |p, env| p.reopen(env))
                    .is_some()
                {
                    state.announce("Project reopened.");
                    focus_later("#close-day".into());
                }
            },
        );
    };

    view! {
        <Show when=move || project.with(|p| p.status == ProjectStatus::Closed)>
            <div class="report-closed-note" role="note">
                <p>
                    <strong>"This project is closed"</strong>
                    {move || {
                        project
                            .with(|p| p.actual_end)
                            .map(|d| format!(" (on {})", long_date(d)))
                            .unwrap_or_default()
                    }}
                    ": it is read-only until you reopen it."
                </p>
                <button type="button" class="small" on:click=reopen>"Reopen project"</button>
            </div>
        </Show>
    }
}

/// Closing the project: the day and the lessons learned.
#[component]
fn CloseForm(project: RwSignal<Project>) -> impl IntoView {
    let state = use_state();
    let day = RwSignal::new(today().to_string());
    let lessons = RwSignal::new(project.with_untracked(|p| p.lessons.clone()));
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(d) = NaiveDate::parse_from_str(day.get_untracked().trim(), "%Y-%m-%d").ok() else {
            state.error("Pick the day the project closed.");
            focus_later("#close-day".into());
            return;
        };
        let text = lessons.get_untracked();
        let close = move || {
            if state
                .edit_project(project, "close project", |p, env| p.close(env, d, &text))
                .is_some()
            {
                state.announce(format!("Project closed on {}.", long_date(d)));
            }
        };
        let open = project.with_untracked(|p| {
            let pr = p.progress(d);
            pr.total - pr.done
        });
        if open == 0 {
            close();
        } else {
            let (card, is) = if open == 1 {
                ("card", "is")
            } else {
                ("cards", "are")
            };
            state.ask(
                format!("Close with {open} open {card}?"),
                format!("{open} {card} {is} not done. A closed project is read-only until reopened; the report lists them as not done."),
                "Close anyway",
                close,
            );
        }
    };
    view! {
        <form class="close-form" on:submit=submit aria-labelledby="close-form-title">
            <h2 id="close-form-title">"Close the project"</h2>
            <p class="hint">
                "Closing records the actual end date and your lessons learned; the report below uses them. You can reopen the project later."
            </p>
            <div class="close-fields">
                <div>
                    <label for="close-day">"Closing day"</label>
                    <input id="close-day" type="date" bind:value=day/>
                </div>
                <div class="grow">
                    <label for="close-lessons">"Lessons learned"</label>
                    <textarea
                        id="close-lessons"
                        rows="4"
                        placeholder="What went well, what to do differently next time"
                        bind:value=lessons
                    ></textarea>
                </div>
            </div>
            <div class="form-actions">
                <button type="submit" class="primary">"Close project"</button>
            </div>
        </form>
    }
}

/// "3 days late", "1 day early", "on time".
fn schedule_text(days: i64) -> String {
    let n = days.abs();
    let unit = if n == 1 { "day" } else { "days" };
    match days {
        d if d > 0 => format!("{n} {unit} late"),
        d if d < 0 => format!("{n} {unit} early"),
        _ => "on time".into(),
    }
}

fn date_text(d: Option<NaiveDate>) -> String {
    d.map(long_date).unwrap_or_else(|| "—".into())
}

/// The report as a page.
#[component]
fn ReportPage(report: Memo<Report>) -> impl IntoView {
    move || {
        let r = report.get();
        let schedule = match (r.schedule_variance_days(), r.actual_end, r.planned_end) {
            (Some(v), _, _) => {
                let cls = if v > 0 { "bad" } else { "good" };
                view! { <td class=cls>{schedule_text(v)}</td> }.into_any()
            }
            (None, None, _) => view! { <td class="muted">"Not closed yet"</td> }.into_any(),
            _ => view! { <td class="muted">"No target end date to compare with"</td> }.into_any(),
        };
        let met = r.milestones.iter().filter(|m| m.met).count();
        let still_open = r.actual_end.is_none();
        let milestones = r
            .milestones
            .iter()
            .map(|m| {
                let (cls, txt) = if m.met {
                    ("good", "✓ Met")
                } else if m.done {
                    ("bad", "✗ Done late")
                } else if still_open && m.due.is_none_or(|d| d >= r.generated) {
                    ("muted", "… Not done yet")
                } else {
                    ("bad", "✗ Missed")
                };
                view! {
                    <tr>
                        <td>{m.title.clone()}</td>
                        <td>{date_text(m.due)}</td>
                        <td class=cls>{txt}</td>
                    </tr>
                }
            })
            .collect_view();
        let n_milestones = r.milestones.len();
        let risks = r
            .open_risks
            .iter()
            .map(|(t, s, o)| {
                let owner = if o.is_empty() {
                    "—".to_string()
                } else {
                    o.clone()
                };
                view! {
                    <tr>
                        <td>{t.clone()}</td>
                        <td class="num">{*s}</td>
                        <td>{owner}</td>
                    </tr>
                }
            })
            .collect_view();
        let n_risks = r.open_risks.len();
        let list = |items: &[String], empty: &'static str| {
            if items.is_empty() {
                view! { <p class="muted">{empty}</p> }.into_any()
            } else {
                view! {
                    <ul>{items.iter().map(|t| view! { <li>{t.clone()}</li> }).collect_view()}</ul>
                }
                .into_any()
            }
        };
        let done_list = list(&r.done, "No cards done.");
        let not_done_list = list(&r.not_done, "Every card is done.");
        let lessons = if r.lessons.trim().is_empty() {
            view! { <p class="muted">"None recorded yet."</p> }.into_any()
        } else {
            r.lessons
                .split("\n\n")
                .map(|para| view! { <p class="report-lessons">{para.to_string()}</p> })
                .collect_view()
                .into_any()
        };
        view! {
            <article class="report" aria-labelledby="report-title">
                <header class="report-head">
                    <h2 id="report-title">{format!("Close-out report: {}", r.name)}</h2>
                    <p class="muted">{format!("Generated {}.", long_date(r.generated))}</p>
                    {(!r.objective.is_empty())
                        .then(|| view! { <p><strong>"Objective: "</strong>{r.objective.clone()}</p> })}
                </header>

                <div class="report-figures">
                    <section aria-labelledby="report-schedule">
                        <h3 id="report-schedule">"Schedule"</h3>
                        <table class="report-table">
                            <tbody>
                                <tr><th scope="row">"Start"</th><td>{date_text(r.start)}</td></tr>
                                <tr><th scope="row">"Planned end"</th><td>{date_text(r.planned_end)}</td></tr>
                                <tr><th scope="row">"Actual end"</th><td>{date_text(r.actual_end)}</td></tr>
                                <tr><th scope="row">"Schedule"</th>{schedule}</tr>
                            </tbody>
                        </table>
                    </section>
                </div>

                <section aria-labelledby="report-budget">
                    <h3 id="report-budget">"Budget"</h3>
                    <Costs figures=r.costs.clone() currency=r.currency.clone()/>
                </section>

                <section aria-labelledby="report-milestones">
                    <h3 id="report-milestones">
                        {format!("Milestones ({met} of {n_milestones} met)")}
                    </h3>
                    {if n_milestones == 0 {
                        view! { <p class="muted">"No milestones."</p> }.into_any()
                    } else {
                        view! {
                            <table class="report-table">
                                <thead><tr><th scope="col">"Milestone"</th><th scope="col">"Due"</th><th scope="col">"Result"</th></tr></thead>
                                <tbody>{milestones}</tbody>
                            </table>
                        }
                        .into_any()
                    }}
                </section>

                <section aria-labelledby="report-risks">
                    <h3 id="report-risks">{format!("Open risks ({n_risks})")}</h3>
                    {if n_risks == 0 {
                        view! { <p class="muted">"None."</p> }.into_any()
                    } else {
                        view! {
                            <table class="report-table">
                                <thead><tr><th scope="col">"Risk"</th><th scope="col">"Score"</th><th scope="col">"Owner"</th></tr></thead>
                                <tbody>{risks}</tbody>
                            </table>
                        }
                        .into_any()
                    }}
                </section>

                <div class="report-figures">
                    <section aria-labelledby="report-done">
                        <h3 id="report-done">{format!("Cards done ({})", r.done.len())}</h3>
                        {done_list}
                    </section>
                    <section aria-labelledby="report-not-done">
                        <h3 id="report-not-done">{format!("Cards not done ({})", r.not_done.len())}</h3>
                        {not_done_list}
                    </section>
                </div>

                <section aria-labelledby="report-lessons">
                    <h3 id="report-lessons">"Lessons learned"</h3>
                    {lessons}
                </section>
            </article>
        }
    }
}

/// `docket-report-<name-slug>-<yyyy-mm-dd>.html`.
fn report_file_name(name: &str, day: NaiveDate) -> String {
    let mut slug = String::new();
    for ch in name.chars().flat_map(char::to_lowercase) {
        if ch.is_alphanumeric() {
            slug.push(ch);
        } else if !slug.is_empty() && !slug.ends_with('-') {
            slug.push('-');
        }
    }
    let slug = slug.trim_end_matches('-');
    let slug = if slug.is_empty() { "project" } else { slug };
    format!("docket-report-{slug}-{}.html", day)
}
