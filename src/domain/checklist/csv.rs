//! A template's run history as CSV (RFC 4180): one row per answer, UTF-8 with a byte-order
//! mark so spreadsheets detect the encoding, ISO 8601 dates, and text that would start a
//! formula neutralised.

use super::run::is_failure;
use super::{Run, Template};
use crate::domain::sort;
use crate::domain::Person;

/// The header row.
pub const COLUMNS: [&str; 18] = [
    "run_id",
    "checklist",
    "version",
    "date",
    "scheduled",
    "started",
    "completed",
    "run_by",
    "signed_off_by",
    "section",
    "item",
    "required",
    "answer_type",
    "answer",
    "failed",
    "note",
    "corrective_actions",
    "skipped",
];

/// One CSV field: quoted when it holds a comma, quote or line break; a text that a
/// spreadsheet would run as a formula (starting with `=`, `+`, `-`, `@`, tab or CR) gets a
/// leading apostrophe, unless it is a plain number such as `-4.5`.
pub fn field(raw: &str) -> String {
    let risky = raw.starts_with(['=', '+', '-', '@', '\t', '\r']);
    let number = raw.trim().parse::<f64>().is_ok_and(f64::is_finite);
    let s = if risky && !number {
        format!("'{raw}")
    } else {
        raw.to_string()
    };
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s
    }
}

fn row(out: &mut String, fields: &[&str]) {
    let line: Vec<String> = fields.iter().map(|f| field(f)).collect();
    out.push_str(&line.join(","));
    out.push_str("\r\n");
}

/// Any table as CSV: the byte-order mark, then each row (the purchase list, the spend).
pub fn rows(rows: &[Vec<String>]) -> String {
    let mut out = String::from('\u{feff}');
    for r in rows {
        let fields: Vec<&str> = r.iter().map(String::as_str).collect();
        row(&mut out, &fields);
    }
    out
}

/// The run history of `template` (runs in any order; written oldest first).
pub fn history(template: &Template, runs: &[&Run], people: &[Person]) -> String {
    let mut out = String::from('\u{feff}');
    row(&mut out, &COLUMNS);
    let mut runs: Vec<&&Run> = runs.iter().filter(|r| r.template == template.id).collect();
    sort::sort_by(&mut runs, |a, b| {
        a.date.cmp(&b.date).then(a.created.cmp(&b.created))
    });
    let person = |id: &Option<crate::domain::Id>| {
        id.as_ref()
            .and_then(|id| people.iter().find(|p| &p.id == id))
            .map_or(String::new(), |p| p.name.clone())
    };
    let iso = |t: &crate::domain::Ts| t.to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
    for r in runs {
        let (sections, items) = template.version_items(r.version);
        let version = r.version.to_string();
        let date = r.date.to_string();
        let started = iso(&r.created);
        let completed = r.completed.as_ref().map(iso).unwrap_or_default();
        let by = person(&r.by);
        let signed = r.signoff.as_ref().map_or(String::new(), |s| s.name.clone());
        for item in items {
            let a = r.answer(&item.id);
            let section = item
                .section
                .as_ref()
                .and_then(|s| sections.iter().find(|x| &x.id == s))
                .map_or("", |s| s.name.as_str());
            let value = a.and_then(|a| a.value.as_ref());
            let answer = value.map_or(String::new(), |v| match v {
                super::Value::Number(n) => n.to_string(),
                v => v.display(&item.answer),
            });
            let failed = value.is_some_and(|v| is_failure(&item.answer, v));
            let actions = r.actions_for(&item.id).count();
            row(
                &mut out,
                &[
                    r.id.as_str(),
                    &template.name,
                    &version,
                    &date,
                    if r.scheduled { "yes" } else { "no" },
                    &started,
                    &completed,
                    &by,
                    &signed,
                    section,
                    &item.text,
                    if item.required { "yes" } else { "no" },
                    &item.answer.describe(),
                    &answer,
                    if failed { "yes" } else { "no" },
                    a.map_or("", |a| a.note.as_str()),
                    &actions.to_string(),
                    r.skipped.as_ref().map_or("", |s| s.reason.as_str()),
                ],
            );
        }
    }
    out
}

/// A file name for the history export: "opening-checks-history.csv".
pub fn file_name(template: &Template) -> String {
    let slug: String = template
        .name
        .chars()
        .map(|c| {
            if c.is_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect();
    let slug: Vec<&str> = slug.split('-').filter(|s| !s.is_empty()).collect();
    let slug = if slug.is_empty() {
        "checklist".to_string()
    } else {
        slug.join("-")
    };
    format!("{slug}-history.csv")
}
