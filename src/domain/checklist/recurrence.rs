//! When a checklist is due: ad hoc, daily, weekly on chosen weekdays, monthly on day N
//! (day 31 means the month's last day), or every N days, from a start date.
//!
//! Everything here works on calendar dates (`NaiveDate`): a due day never shifts with the
//! time zone, and there is no server, so occurrences are computed when they are needed.

use super::super::{DomainError, Res};
use chrono::{Datelike, Duration, NaiveDate, Weekday};
use serde::{Deserialize, Serialize};

/// Longest gap accepted for "every N days".
pub const MAX_EVERY: u32 = 366;

/// A checklist's schedule.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "every", rename_all = "snake_case", try_from = "RecurrenceWire")]
pub enum Recurrence {
    /// Run whenever needed; never due.
    #[default]
    AdHoc,
    Daily,
    /// On these weekdays (0 = Monday … 6 = Sunday).
    Weekly {
        days: Vec<u8>,
    },
    /// On this day of each month (1–31; past the month's end means its last day).
    Monthly {
        day: u8,
    },
    /// Every `n` days counted from the start date.
    Days {
        n: u32,
    },
}

/// Weekday names, Monday first, as the UI shows them.
pub const WEEKDAYS: [&str; 7] = [
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
];

/// The last day of a month.
pub fn last_day_of_month(year: i32, month: u32) -> u32 {
    let (y, m) = if month == 12 {
        (year.saturating_add(1), 1)
    } else {
        (year, month.saturating_add(1))
    };
    NaiveDate::from_ymd_opt(y, m, 1)
        .and_then(|d| d.pred_opt())
        .map_or(28, |d| d.day())
}

impl Recurrence {
    /// Validates and tidies the schedule (weekdays sorted and unique).
    pub fn checked(self) -> Res<Recurrence> {
        match self {
            Recurrence::Weekly { mut days } => {
                crate::domain::sort::sort_by(&mut days, Ord::cmp);
                days.dedup();
                if days.is_empty() {
                    return Err(DomainError::Invalid(
                        "A weekly checklist needs at least one weekday: tick the days it runs."
                            .into(),
                    ));
                }
                if days.iter().any(|d| *d > 6) {
                    return Err(DomainError::Invalid("Unknown weekday.".into()));
                }
                Ok(Recurrence::Weekly { days })
            }
            Recurrence::Monthly { day } if !(1..=31).contains(&day) => Err(DomainError::Invalid(
                format!("Day {day} is not a day of the month: choose 1 to 31."),
            )),
            Recurrence::Days { n } if !(1..=MAX_EVERY).contains(&n) => {
                Err(DomainError::Invalid(format!(
                    "Every {n} days is not a schedule Docket keeps: choose 1 to {MAX_EVERY} days."
                )))
            }
            r => Ok(r),
        }
    }

    /// Is a run due on `date`, for a schedule starting on `start`?
    pub fn occurs_on(&self, start: NaiveDate, date: NaiveDate) -> bool {
        if date < start {
            return false;
        }
        match self {
            Recurrence::AdHoc => false,
            Recurrence::Daily => true,
            Recurrence::Weekly { days } => {
                days.contains(&(date.weekday().num_days_from_monday() as u8))
            }
            Recurrence::Monthly { day } => {
                let last = last_day_of_month(date.year(), date.month());
                date.day() == (*day as u32).min(last)
            }
            Recurrence::Days { n } => {
                let days = date.signed_duration_since(start).num_days();
                *n > 0 && days.checked_rem(i64::from(*n)) == Some(0)
            }
        }
    }

    /// Every occurrence in `from..=to`, in order.
    pub fn occurrences(&self, start: NaiveDate, from: NaiveDate, to: NaiveDate) -> Vec<NaiveDate> {
        if matches!(self, Recurrence::AdHoc) {
            return Vec::new();
        }
        let mut out = Vec::new();
        let mut d = from.max(start);
        while d <= to {
            if self.occurs_on(start, d) {
                out.push(d);
            }
            match d.succ_opt() {
                Some(n) => d = n,
                None => break,
            }
        }
        out
    }

    /// The latest occurrence on or before `date`, looking back at most a year and a bit.
    pub fn latest_on_or_before(&self, start: NaiveDate, date: NaiveDate) -> Option<NaiveDate> {
        let mut d = date;
        for _ in 0..=(MAX_EVERY + 31) {
            if d < start {
                return None;
            }
            if self.occurs_on(start, d) {
                return Some(d);
            }
            d = d.pred_opt()?;
        }
        None
    }

    /// The last `n` occurrences on or before `date`, oldest first.
    pub fn last_n(&self, start: NaiveDate, date: NaiveDate, n: usize) -> Vec<NaiveDate> {
        let mut out = Vec::new();
        let mut d = date;
        while out.len() < n {
            match self.latest_on_or_before(start, d) {
                Some(o) => {
                    out.push(o);
                    match o.pred_opt() {
                        Some(p) => d = p,
                        None => break,
                    }
                }
                None => break,
            }
        }
        out.reverse();
        out
    }

    /// The ordinal of `date` among the occurrences from `start` (0 for the first); for a date
    /// that is not an occurrence, the number of occurrences before it.
    pub fn index_of(&self, start: NaiveDate, date: NaiveDate) -> u64 {
        let r = self;
        if date <= start {
            return 0;
        }
        let days = u64::try_from(date.signed_duration_since(start).num_days()).unwrap_or(0);
        match r {
            Recurrence::AdHoc => 0,
            Recurrence::Daily => days,
            Recurrence::Days { n } if *n > 0 => days.div_ceil(u64::from(*n)),
            _ => {
                let weeks = days / 7;
                let per_week = r.occurrences(start, start, add_days(start, 6)).len() as u64;
                // Whole weeks from the start hold the same number of occurrences for a weekly
                // schedule; the rest (and monthly schedules) are counted day by day.
                let (n, from) = match r {
                    Recurrence::Weekly { .. } => (
                        weeks.saturating_mul(per_week),
                        add_days(start, i64::try_from(weeks.saturating_mul(7)).unwrap_or(0)),
                    ),
                    _ => (0, start),
                };
                let to = date.pred_opt().unwrap_or(date);
                n.saturating_add(r.occurrences(start, from, to).len() as u64)
            }
        }
    }

    /// Words for the schedule: "Every day", "Weekly on Monday and Thursday", …
    pub fn describe(&self) -> String {
        match self {
            Recurrence::AdHoc => "Ad hoc".into(),
            Recurrence::Daily => "Every day".into(),
            Recurrence::Weekly { days } => {
                let names: Vec<&str> = days
                    .iter()
                    .filter_map(|d| WEEKDAYS.get(*d as usize).copied())
                    .collect();
                match names.as_slice() {
                    [] => "Weekly".into(),
                    [one] => format!("Weekly on {one}"),
                    [rest @ .., last] => format!("Weekly on {} and {last}", rest.join(", ")),
                }
            }
            Recurrence::Monthly { day } if *day >= 31 => "Monthly on the last day".into(),
            Recurrence::Monthly { day } => format!("Monthly on day {day}"),
            Recurrence::Days { n: 1 } => "Every day".into(),
            Recurrence::Days { n } => format!("Every {n} days"),
        }
    }
}

/// A weekday as 0 (Monday) to 6 (Sunday).
pub fn weekday_index(w: Weekday) -> u8 {
    w.num_days_from_monday() as u8
}

/// `date` plus `days` (saturating at the calendar's ends).
pub fn add_days(date: NaiveDate, days: i64) -> NaiveDate {
    date.checked_add_signed(Duration::days(days))
        .unwrap_or(date)
}

// Read through a flat struct, not serde's internally tagged enums: those buffer each object
// in a generic tree first, which costs the wasm several times the code of a plain struct.
#[derive(Deserialize)]
struct RecurrenceWire {
    every: String,
    days: Option<Vec<u8>>,
    day: Option<u8>,
    n: Option<u32>,
}

impl TryFrom<RecurrenceWire> for Recurrence {
    type Error = String;
    fn try_from(w: RecurrenceWire) -> Result<Recurrence, String> {
        let need = |f: &str| format!("missing field `{f}`");
        Ok(match w.every.as_str() {
            "ad_hoc" => Recurrence::AdHoc,
            "daily" => Recurrence::Daily,
            "weekly" => Recurrence::Weekly {
                days: w.days.ok_or_else(|| need("days"))?,
            },
            "monthly" => Recurrence::Monthly {
                day: w.day.ok_or_else(|| need("day"))?,
            },
            "days" => Recurrence::Days {
                n: w.n.ok_or_else(|| need("n"))?,
            },
            other => {
                return Err(format!(
                    "unknown variant `{other}`, expected one of `ad_hoc`, `daily`, `weekly`, `monthly`, `days`"
                ))
            }
        })
    }
}
