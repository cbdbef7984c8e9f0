//! iCalendar export (RFC 5545): cards with a due date and milestones as all-day events
//! (from their start, when they have one, to their due date), projects' target ends as
//! all-day events, and each scheduled checklist as one recurring event with an RRULE.
//!
//! Dates are calendar dates (`VALUE=DATE`, no time zone), as Docket keeps them. Lines end
//! in CRLF and are folded at 75 octets; text values are escaped (`\\`, `;`, `,`, newlines).

use super::calendar::{Filter, Kind};
use super::checklist::recurrence::{add_days, Recurrence};
use super::{Id, Project, Template, Ts};
use chrono::{Datelike, NaiveDate, Timelike};
use std::fmt::Write;

/// `20261204` for a date.
pub fn ics_date(d: NaiveDate) -> String {
    format!("{:04}{:02}{:02}", d.year(), d.month(), d.day())
}

/// `20261204T211700Z` for a time (UTC).
fn ics_time(t: Ts) -> String {
    format!(
        "{}T{:02}{:02}{:02}Z",
        ics_date(t.date_naive()),
        t.hour(),
        t.minute(),
        t.second()
    )
}

/// A TEXT value, escaped (RFC 5545 3.3.11).
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// Appends one content line, folded so no line passes 75 octets (a fold never splits a
/// character), ending in CRLF.
fn line(out: &mut String, text: &str) {
    let mut width = 0usize;
    for c in text.chars() {
        let n = c.len_utf8();
        if width.saturating_add(n) > 75 {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(c);
        width = width.saturating_add(n);
    }
    out.push_str("\r\n");
}

/// The RRULE of a schedule (without the `RRULE:`), or `None` for ad hoc. Monthly on day N
/// keeps Docket's rule that a day past the month's end means its last day: day 31 is
/// `BYMONTHDAY=-1`; days 29 and 30 take the last of 28…N that the month has.
pub fn rrule(r: &Recurrence) -> Option<String> {
    const DAYS: [&str; 7] = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"];
    Some(match r {
        Recurrence::AdHoc => return None,
        Recurrence::Daily | Recurrence::Days { n: 1 } => "FREQ=DAILY".into(),
        Recurrence::Days { n } => format!("FREQ=DAILY;INTERVAL={n}"),
        Recurrence::Weekly { days } => {
            let by: Vec<&str> = days
                .iter()
                .filter_map(|d| DAYS.get(*d as usize).copied())
                .collect();
            format!("FREQ=WEEKLY;BYDAY={}", by.join(","))
        }
        Recurrence::Monthly { day } if *day >= 31 => "FREQ=MONTHLY;BYMONTHDAY=-1".into(),
        Recurrence::Monthly { day } if *day > 28 => {
            let days: Vec<String> = (28..=*day).map(|d| d.to_string()).collect();
            format!("FREQ=MONTHLY;BYMONTHDAY={};BYSETPOS=-1", days.join(","))
        }
        Recurrence::Monthly { day } => format!("FREQ=MONTHLY;BYMONTHDAY={day}"),
    })
}

/// The first occurrence of a schedule on or after its start day (the event's DTSTART,
/// which RFC 5545 counts as the first instance).
pub fn first_occurrence(t: &Template) -> Option<NaiveDate> {
    let start = t.start_day();
    t.recurrence
        .occurrences(start, start, add_days(start, 400))
        .into_iter()
        .next()
}

struct Event<'a> {
    uid: String,
    first: NaiveDate,
    last: NaiveDate,
    summary: String,
    description: String,
    categories: &'a str,
    rrule: Option<String>,
}

fn event(out: &mut String, stamp: &str, e: Event<'_>) {
    line(out, "BEGIN:VEVENT");
    line(out, &format!("UID:{}", e.uid));
    line(out, &format!("DTSTAMP:{stamp}"));
    line(out, &format!("DTSTART;VALUE=DATE:{}", ics_date(e.first)));
    // All-day events end on the day after their last day (DTEND is exclusive).
    line(
        out,
        &format!("DTEND;VALUE=DATE:{}", ics_date(add_days(e.last, 1))),
    );
    if let Some(r) = e.rrule {
        line(out, &format!("RRULE:{r}"));
    }
    line(out, &format!("SUMMARY:{}", escape(&e.summary)));
    if !e.description.is_empty() {
        line(out, &format!("DESCRIPTION:{}", escape(&e.description)));
    }
    line(out, &format!("CATEGORIES:{}", e.categories));
    line(out, "TRANSP:TRANSPARENT");
    line(out, "END:VEVENT");
}

/// A UID unique to this thing in this workspace (ids are unique already).
fn uid(kind: &str, id: &Id) -> String {
    format!("{kind}-{id}@docket")
}

/// The calendar of these projects and checklists that `filter` keeps (the calendar view's
/// filters: a project, a person, kinds), stamped `now`.
pub fn calendar(
    projects: &[&Project],
    templates: &[&Template],
    now: Ts,
    filter: &Filter,
) -> String {
    let mut out = String::new();
    let stamp = ics_time(now);
    line(&mut out, "BEGIN:VCALENDAR");
    line(&mut out, "VERSION:2.0");
    line(&mut out, "PRODID:-//Docket//Docket calendar//EN");
    line(&mut out, "CALSCALE:GREGORIAN");
    line(&mut out, "METHOD:PUBLISH");
    line(&mut out, "X-WR-CALNAME:Docket");
    for p in projects.iter().filter(|p| p.trashed.is_none()) {
        if let Some(end) = p
            .target_end
            .filter(|_| filter.keeps(Kind::TargetEnd, Some(&p.id), &[]))
        {
            event(
                &mut out,
                &stamp,
                Event {
                    uid: uid("target", &p.id),
                    first: end,
                    last: end,
                    summary: format!("{}: target end", p.name),
                    description: p.objective.clone(),
                    categories: "TARGET END",
                    rrule: None,
                },
            );
        }
        for c in p.cards.iter().filter(|c| !c.archived) {
            let Some(due) = c.due else { continue };
            let kind = if c.milestone {
                Kind::Milestone
            } else {
                Kind::Card
            };
            if !filter.keeps(kind, Some(&p.id), &c.assignees) {
                continue;
            }
            let mut description = format!("Project: {}", p.name);
            if p.is_done(c) {
                description.push_str(" (done)");
            }
            if !c.description.is_empty() {
                let _ = write!(description, "\n\n{}", c.description);
            }
            event(
                &mut out,
                &stamp,
                Event {
                    uid: uid("card", &c.id),
                    first: c.start.filter(|s| *s < due).unwrap_or(due),
                    last: due,
                    summary: c.title.clone(),
                    description,
                    categories: if c.milestone { "MILESTONE" } else { "CARD" },
                    rrule: None,
                },
            );
        }
    }
    for t in templates {
        let owner: Vec<Id> = t.owner.iter().cloned().collect();
        if !filter.keeps(Kind::Check, None, &owner) {
            continue;
        }
        let (Some(rule), Some(first)) = (rrule(&t.recurrence), first_occurrence(t)) else {
            continue;
        };
        let mut description = t.recurrence.describe();
        if !t.area.is_empty() {
            let _ = write!(description, " · {}", t.area);
        }
        event(
            &mut out,
            &stamp,
            Event {
                uid: uid("checklist", &t.id),
                first,
                last: first,
                summary: t.name.clone(),
                description,
                categories: "CHECKLIST",
                rrule: Some(rule),
            },
        );
    }
    line(&mut out, "END:VCALENDAR");
    out
}

/// The file's name: `docket-calendar-2026-12-04.ics`.
pub fn file_name(today: NaiveDate) -> String {
    format!("docket-calendar-{today}.ics")
}
