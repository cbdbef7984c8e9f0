//! `domain::timestamp` reads what chrono reads, the same way: every timestamp Docket writes,
//! and any text near that shape (accepted or refused as chrono does, with chrono's error).
#![cfg(not(target_arch = "wasm32"))]

use chrono::{DateTime, FixedOffset, SecondsFormat, TimeZone, Utc};
use docket::domain::timestamp;
use proptest::prelude::*;

fn chrono_reads(s: &str) -> Result<DateTime<Utc>, chrono::ParseError> {
    s.parse::<DateTime<FixedOffset>>()
        .map(|t| t.with_timezone(&Utc))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    /// Docket's own timestamps (any precision it may write) read back to the same instant.
    #[test]
    fn reads_every_timestamp_docket_writes(
        secs in 0i64..253_402_300_799,
        nanos in 0u32..1_000_000_000,
        format in 0usize..5,
    ) {
        let t = Utc.timestamp_opt(secs, nanos).unwrap();
        let f = [SecondsFormat::Secs, SecondsFormat::Millis, SecondsFormat::Micros,
            SecondsFormat::Nanos, SecondsFormat::AutoSi][format];
        let s = t.to_rfc3339_opts(f, true);
        prop_assert_eq!(timestamp::parse(&s), chrono_reads(&s));
        prop_assert!(timestamp::parse(&s).is_ok());
    }

    /// Text near the shape (digits, separators, offsets, letters in any place): the same
    /// answer as chrono, accepted or refused.
    #[test]
    fn reads_near_misses_as_chrono_does(s in "[0-9]{4}-[0-9]{2}-[0-9]{2}[Tt ][0-9]{2}:[0-9]{2}:[0-9]{2}(\\.[0-9]{0,11})?(Z|z|[+-][0-9]{2}:[0-9]{2}|)") {
        prop_assert_eq!(timestamp::parse(&s), chrono_reads(&s));
    }

    /// Any short text at all.
    #[test]
    fn reads_any_text_as_chrono_does(s in "[0-9TZ:.+ -]{0,32}") {
        prop_assert_eq!(timestamp::parse(&s), chrono_reads(&s));
    }
}

/// A stored card's timestamps and stamps read through the fast path give the same card as
/// chrono's reader (the JSON a card is stored as, with an offset in one stamp).
#[test]
fn a_card_reads_the_same_through_either_reader() {
    let json = r#"{"id":"c1","created":"2026-01-17T12:43:56Z","updated":"2026-01-18T12:43:56.250Z",
        "column":"k1","rank":"a","title":"T","stamps":{"title":"2026-01-18T14:43:56+02:00",
        "labels/l1":"2026-01-17T13:43:56.000000001Z"}}"#;
    let card: docket::domain::Card = serde_json::from_str(json).unwrap();
    assert_eq!(card.created, chrono_reads("2026-01-17T12:43:56Z").unwrap());
    assert_eq!(
        card.updated,
        chrono_reads("2026-01-18T12:43:56.25Z").unwrap()
    );
    let stamps: Vec<_> = card.stamps.iter().collect();
    assert_eq!(
        stamps,
        [
            (
                "labels/l1",
                chrono_reads("2026-01-17T13:43:56.000000001Z").unwrap()
            ),
            ("title", chrono_reads("2026-01-18T12:43:56Z").unwrap()),
        ]
    );
    let bad = json.replace("2026-01-17T12:43:56Z", "2026-02-30T12:43:56Z");
    let err = serde_json::from_str::<docket::domain::Card>(&bad).unwrap_err();
    assert!(err.to_string().contains("input is out of range"), "{err}");
}
