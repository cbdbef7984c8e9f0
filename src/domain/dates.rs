//! Dates and times as people read them ("4 Dec 2026", "Fri 4 Dec 2026", "2026-12-04 21:14
//! UTC"), written out directly: chrono's `format` interprets a strftime pattern at run time,
//! and that interpreter costs the wasm more than these few shapes.

use chrono::{DateTime, Datelike, NaiveDate, Timelike, Utc};

const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];
const WEEKDAYS: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];

fn month(d: NaiveDate) -> &'static str {
    MONTHS.get(d.month0() as usize).copied().unwrap_or("")
}

fn weekday(d: NaiveDate) -> &'static str {
    WEEKDAYS
        .get(d.weekday().num_days_from_monday() as usize)
        .copied()
        .unwrap_or("")
}

/// "4 Dec".
pub fn day_month(d: NaiveDate) -> String {
    format!("{} {}", d.day(), month(d))
}

/// "4 Dec 2026".
pub fn day_month_year(d: NaiveDate) -> String {
    format!("{} {} {}", d.day(), month(d), d.year())
}

/// "Dec 2026".
pub fn month_year(d: NaiveDate) -> String {
    format!("{} {}", month(d), d.year())
}

/// "Fri 4".
pub fn weekday_day(d: NaiveDate) -> String {
    format!("{} {}", weekday(d), d.day())
}

/// "Fri 4 Dec 2026".
pub fn weekday_long(d: NaiveDate) -> String {
    format!("{} {}", weekday(d), day_month_year(d))
}

/// "2026-12-04 21:14 UTC".
pub fn utc_minute(t: DateTime<Utc>) -> String {
    format!("{} {:02}:{:02} UTC", t.date_naive(), t.hour(), t.minute())
}

/// "2026-12-04 21:14:53 UTC".
pub fn utc_second(t: DateTime<Utc>) -> String {
    format!(
        "{} {:02}:{:02}:{:02} UTC",
        t.date_naive(),
        t.hour(),
        t.minute(),
        t.second()
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn each_shape_reads_as_strftime_wrote_it() {
        for (y, m, d) in [(2026, 12, 4), (2027, 1, 31), (2024, 2, 29), (1999, 7, 5)] {
            let day = NaiveDate::from_ymd_opt(y, m, d).unwrap();
            assert_eq!(day_month(day), day.format("%-d %b").to_string());
            assert_eq!(day_month_year(day), day.format("%-d %b %Y").to_string());
            assert_eq!(month_year(day), day.format("%b %Y").to_string());
            assert_eq!(weekday_day(day), day.format("%a %-d").to_string());
            assert_eq!(weekday_long(day), day.format("%a %-d %b %Y").to_string());
            let t = Utc.with_ymd_and_hms(y, m, d, 7, 5, 9).unwrap();
            assert_eq!(utc_minute(t), t.format("%Y-%m-%d %H:%M UTC").to_string());
            assert_eq!(utc_second(t), t.format("%Y-%m-%d %H:%M:%S UTC").to_string());
        }
    }
}
