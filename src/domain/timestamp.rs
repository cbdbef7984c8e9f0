//! Reading stored timestamps quickly. A card carries about ten of them (created, updated and
//! a stamp per changed field), so opening a 1,000-card board reads ~10,000; chrono's RFC 3339
//! reader takes every one through its general format parser (~2,500 instructions each, a
//! fifth of the whole load). Docket writes one shape, `2026-01-17T12:43:56Z` (with a
//! fraction of a second when there is one), and [`parse`] reads that shape directly.
//! Anything else (an offset, a space for the `T`, a leap second, a wrong date) goes to
//! chrono, so what is accepted, what it means and the error's words are chrono's.
//!
//! Used where timestamps are many: field stamps, and the created and updated times of cards
//! and runs, comments, history entries and a board's moves (`deserialize_with =
//! "…::timestamp::de"`); and by a project's own times, its columns, removals and trash, so
//! that opening a board does not make the browser compile chrono's general parser for the
//! few that are left.
//!
//! Days (`2026-01-17`, a card's start and due) are read the same way ([`parse_day`],
//! `deserialize_with = "…::timestamp::de_day"`): chrono's general parser for the 800 days of
//! a 1,000-card board was the second-largest function the browser optimised while the board
//! opened.

use super::Ts;
use chrono::{DateTime, FixedOffset, NaiveDate, Utc};
use serde::de::{Deserializer, Error, Visitor};
use serde::Deserialize;

/// Reads an RFC 3339 timestamp, as chrono does.
pub fn parse(s: &str) -> Result<Ts, chrono::ParseError> {
    match docket_shape(s) {
        Some(t) => Ok(t),
        None => s
            .parse::<DateTime<FixedOffset>>()
            .map(|t| t.with_timezone(&Utc)),
    }
}

/// `YYYY-MM-DDTHH:MM:SS[.f…]Z` with 1 to 9 digits of fraction and a real date and time;
/// None for anything else.
fn docket_shape(s: &str) -> Option<Ts> {
    let b = s.as_bytes();
    let seps = [(10, b'T'), (13, b':'), (16, b':')];
    if !seps.iter().all(|&(i, c)| b.get(i) == Some(&c)) {
        return None;
    }
    let day = day_shape(s.get(..10)?)?;
    let (hour, minute, second) = (digits(b, 11, 13)?, digits(b, 14, 16)?, digits(b, 17, 19)?);
    let mut nanos = 0;
    let mut end = 19;
    if b.get(19) == Some(&b'.') {
        let n = b.iter().skip(20).take_while(|c| c.is_ascii_digit()).count();
        if !(1..=9).contains(&n) {
            return None;
        }
        end = n.saturating_add(20);
        nanos =
            digits(b, 20, end)?.wrapping_mul(10u32.saturating_pow(9u32.saturating_sub(n as u32)));
    }
    // A leap second (60) is chrono's to read.
    if b.get(end..) != Some(b"Z") || second > 59 {
        return None;
    }
    Some(day.and_hms_nano_opt(hour, minute, second, nanos)?.and_utc())
}

/// Reads a day as chrono's `NaiveDate` does.
pub fn parse_day(s: &str) -> Result<NaiveDate, chrono::ParseError> {
    match day_shape(s) {
        Some(d) => Ok(d),
        None => s.parse::<NaiveDate>(),
    }
}

/// `YYYY-MM-DD`, a real day; None for anything else.
fn day_shape(s: &str) -> Option<NaiveDate> {
    let b = s.as_bytes();
    if b.len() != 10 || b.get(4) != Some(&b'-') || b.get(7) != Some(&b'-') {
        return None;
    }
    let year = i32::try_from(digits(b, 0, 4)?).ok()?;
    NaiveDate::from_ymd_opt(year, digits(b, 5, 7)?, digits(b, 8, 10)?)
}

/// The number `b[from..to]` writes in ASCII digits (None if any is not a digit).
fn digits(b: &[u8], from: usize, to: usize) -> Option<u32> {
    b.get(from..to)?.iter().try_fold(0u32, |n, &c| {
        c.is_ascii_digit().then(|| {
            n.wrapping_mul(10)
                .wrapping_add(u32::from(c.wrapping_sub(b'0')))
        })
    })
}

/// serde's `deserialize_with` for an optional day (`#[serde(default, deserialize_with =
/// …)]`): the same result as chrono's own `Deserialize`, sooner.
pub fn de_day<'de, D: Deserializer<'de>>(d: D) -> Result<Option<NaiveDate>, D::Error> {
    Option::<Day>::deserialize(d).map(|o| o.map(|Day(day)| day))
}

/// A day read by [`de_day`] (the type `Option` needs inside it).
struct Day(NaiveDate);

impl<'de> Deserialize<'de> for Day {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_str(Parsed(parse_day, "a formatted date string"))
            .map(Day)
    }
}

/// serde's `deserialize_with` for a timestamp field: the same result as chrono's own
/// `Deserialize`, sooner.
pub fn de<'de, D: Deserializer<'de>>(d: D) -> Result<Ts, D::Error> {
    d.deserialize_str(Parsed(parse, "an RFC 3339 formatted date and time string"))
}

/// serde's visitor of a string read with a parser (the first field), expecting what the
/// second says: what days and timestamps share.
struct Parsed<T>(fn(&str) -> Result<T, chrono::ParseError>, &'static str);

impl<T> Visitor<'_> for Parsed<T> {
    type Value = T;
    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str(self.1)
    }
    fn visit_str<E: Error>(self, s: &str) -> Result<T, E> {
        (self.0)(s).map_err(E::custom)
    }
}

/// A timestamp read by [`de`], where a type is needed (a map's values).
pub struct Read(pub Ts);

impl<'de> serde::Deserialize<'de> for Read {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        de(d).map(Read)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chrono(s: &str) -> Result<Ts, chrono::ParseError> {
        s.parse::<DateTime<FixedOffset>>()
            .map(|t| t.with_timezone(&Utc))
    }

    #[test]
    fn reads_what_chrono_reads() {
        for s in [
            "2026-01-17T12:43:56Z",
            "2026-01-17T12:43:56.5Z",
            "2026-01-17T12:43:56.123456789Z",
            "2024-02-29T23:59:59.001Z",
            "0000-01-01T00:00:00Z",
            "9999-12-31T23:59:59Z",
        ] {
            assert!(docket_shape(s).is_some(), "{s}");
            assert_eq!(parse(s), chrono(s), "{s}");
        }
        // Not Docket's shape: chrono decides, and says the same.
        for s in [
            "2026-01-17T12:43:56+02:00",
            "2026-01-17 12:43:56Z",
            "2026-01-17t12:43:56z",
            "2016-12-31T23:59:60Z",
            "2026-01-17T12:43:56.1234567891Z",
            "2023-02-29T00:00:00Z",
            "2026-13-01T00:00:00Z",
            "2026-01-17T24:00:00Z",
            "2026-01-17T12:43:56.Z",
            "2026-01-17T12:43:56",
            "+2026-01-17T12:43:56Z",
            "2026-01-17T12:43:5６Z",
            "",
        ] {
            assert!(docket_shape(s).is_none(), "{s}");
            assert_eq!(parse(s), chrono(s), "{s}");
        }
    }

    #[test]
    fn reads_days_as_chrono_does() {
        let chrono = |s: &str| s.parse::<NaiveDate>();
        for s in ["2026-01-17", "2024-02-29", "0000-01-01", "9999-12-31"] {
            assert!(day_shape(s).is_some(), "{s}");
            assert_eq!(parse_day(s), chrono(s), "{s}");
        }
        // Not the shape Docket writes: chrono decides, and says the same.
        for s in [
            "2026-1-7",
            "2023-02-29",
            "2026-13-01",
            "2026-00-10",
            "2026-01-32",
            "+2026-01-17",
            "12026-01-17",
            "2026/01/17",
            "2026-01-1７",
            "2026-01-17T00:00:00Z",
            " 2026-01-17",
            "",
        ] {
            assert!(day_shape(s).is_none(), "{s}");
            assert_eq!(parse_day(s), chrono(s), "{s}");
        }
    }

    #[test]
    fn deserialises_days_like_chrono() {
        #[derive(serde::Deserialize)]
        struct Mine {
            #[serde(default, deserialize_with = "de_day")]
            due: Option<NaiveDate>,
        }
        #[derive(serde::Deserialize)]
        struct Theirs {
            #[serde(default)]
            due: Option<NaiveDate>,
        }
        for s in [
            r#"{"due":"2026-01-17"}"#,
            r#"{"due":"2026-1-7"}"#,
            r#"{"due":null}"#,
            r#"{}"#,
            r#"{"due":"2026-02-30"}"#,
            r#"{"due":"x"}"#,
            r#"{"due":3}"#,
        ] {
            let mine = serde_json::from_str::<Mine>(s)
                .map(|r| r.due)
                .map_err(|e| e.to_string());
            let theirs = serde_json::from_str::<Theirs>(s)
                .map(|r| r.due)
                .map_err(|e| e.to_string());
            assert_eq!(mine, theirs, "{s}");
        }
    }

    #[test]
    fn deserialises_like_chrono() {
        for s in [
            "\"2026-01-17T12:43:56Z\"",
            "\"2026-01-17T14:43:56+02:00\"",
            "\"x\"",
            "3",
        ] {
            let mine = serde_json::from_str::<Read>(s)
                .map(|r| r.0)
                .map_err(|e| e.to_string());
            let theirs = serde_json::from_str::<Ts>(s).map_err(|e| e.to_string());
            assert_eq!(mine, theirs, "{s}");
        }
    }
}
