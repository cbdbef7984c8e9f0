//! Browser notifications for My day: one when an assigned occurrence comes due (today) and
//! one when it goes overdue, each shown once. What was shown is remembered by key
//! (`due:<template>:<date>`, `overdue:<template>:<date>`); keys of old dates are pruned.

use super::agenda::Due;
use super::my_day::MyDay;
use crate::domain::dates::weekday_long;
use crate::domain::Id;
use chrono::NaiveDate;

/// How long a shown notice is remembered after its occurrence's date.
pub const KEEP_DAYS: i64 = 60;

/// A notification to show.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Notice {
    /// Remembered once shown.
    pub key: String,
    pub title: String,
    pub body: String,
    pub template: Id,
    pub date: NaiveDate,
    /// The run to open when clicked (else the occurrence is started from My day).
    pub run: Option<Id>,
}

fn key(kind: &str, d: &Due) -> String {
    format!("{kind}:{}:{}", d.template, d.date)
}

/// The notices `day` calls for that are not in `shown`; `name` names a template.
pub fn notices(day: &MyDay, shown: &[String], name: impl Fn(&Id) -> String) -> Vec<Notice> {
    let due = day.today.iter().map(|d| {
        let n = name(&d.template);
        (
            key("due", d),
            format!("Due today: {n}"),
            format!("{n} is yours to do today, {}.", weekday_long(d.date)),
            d,
        )
    });
    let overdue = day.overdue.iter().map(|d| {
        let n = name(&d.template);
        (
            key("overdue", d),
            format!("Overdue: {n}"),
            format!("{n} was due {} and is not done.", weekday_long(d.date)),
            d,
        )
    });
    overdue
        .chain(due)
        .filter(|(k, ..)| !shown.contains(k))
        .map(|(key, title, body, d)| Notice {
            key,
            title,
            body,
            template: d.template.clone(),
            date: d.date,
            run: d.run.clone(),
        })
        .collect()
}

/// `shown` without the keys of occurrences more than [`KEEP_DAYS`] before `today` (or that
/// do not read as keys).
pub fn prune(shown: Vec<String>, today: NaiveDate) -> Vec<String> {
    let oldest = super::recurrence::add_days(today, -KEEP_DAYS);
    shown
        .into_iter()
        .filter(|k| {
            k.rsplit(':')
                .next()
                .and_then(crate::domain::dates::parse_day)
                .is_some_and(|d| d >= oldest)
        })
        .collect()
}
