//! A number item's readings over time, as a control chart reads them (issue 20, part 3):
//! each run's value in date order, the item's allowed range as limits, the mean; a reading
//! outside the limits is flagged, and so is a drift — six readings in a row each higher (or
//! each lower) than the one before, or eight in a row on the same side of the mean (the
//! run rules of Western Electric and Nelson), which say a process is moving before it fails.

use super::run::{is_failure, Run, Value};
use super::{AnswerKind, Template};
use crate::domain::{sort, Id};
use chrono::NaiveDate;

/// Readings in a row rising (or falling) that make a drift.
pub const TREND: usize = 6;
/// Readings in a row on one side of the mean that make a drift.
pub const SIDE: usize = 8;

/// One reading.
#[derive(Clone, Debug, PartialEq)]
pub struct Reading {
    pub date: NaiveDate,
    pub run: Id,
    pub value: f64,
    /// Outside the allowed range.
    pub out: bool,
    /// Part of a drift.
    pub drift: bool,
}

/// An item's readings and what frames them.
#[derive(Clone, Debug, PartialEq)]
pub struct Readings {
    pub item: Id,
    pub text: String,
    pub unit: String,
    pub min: Option<f64>,
    pub max: Option<f64>,
    /// Oldest first.
    pub points: Vec<Reading>,
    pub mean: Option<f64>,
}

impl Readings {
    pub fn out_count(&self) -> usize {
        self.points.iter().filter(|p| p.out).count()
    }
    pub fn drift_count(&self) -> usize {
        self.points.iter().filter(|p| p.drift).count()
    }
}

/// The template's items that take a number (current version), for a choice of chart.
pub fn number_items(template: &Template) -> Vec<(Id, String)> {
    template
        .items
        .iter()
        .filter(|i| matches!(i.answer, AnswerKind::Number { .. }))
        .map(|i| (i.id.clone(), i.text.clone()))
        .collect()
}

/// The last `n` readings of `item` in `runs` (runs of other templates are skipped), with
/// the limits of the item as it is now.
pub fn readings(template: &Template, runs: &[&Run], item: &Id, n: usize) -> Option<Readings> {
    let it = template.item(item)?;
    let AnswerKind::Number { unit, min, max } = &it.answer else {
        return None;
    };
    let mut found: Vec<(&Run, f64)> = runs
        .iter()
        .filter(|r| r.template == template.id && !r.is_skipped())
        .filter_map(|r| match r.value(item) {
            Some(Value::Number(v)) if v.is_finite() => Some((*r, *v)),
            _ => None,
        })
        .collect();
    sort::sort_by(&mut found, |a, b| {
        a.0.date.cmp(&b.0.date).then(a.0.created.cmp(&b.0.created))
    });
    let found = found
        .get(found.len().saturating_sub(n)..)
        .unwrap_or_default();
    let mut points: Vec<Reading> = found
        .iter()
        .map(|(r, v)| Reading {
            date: r.date,
            run: r.id.clone(),
            value: *v,
            out: is_failure(&it.answer, &Value::Number(*v)),
            drift: false,
        })
        .collect();
    let mean = (!points.is_empty()).then(|| {
        let sum: f64 = points.iter().map(|p| p.value).sum();
        #[allow(clippy::cast_precision_loss)]
        let count = points.len() as f64;
        sum / count
    });
    if let Some(m) = mean {
        mark_drift(&mut points, m);
    }
    Some(Readings {
        item: item.clone(),
        text: it.text.clone(),
        unit: unit.clone(),
        min: *min,
        max: *max,
        points,
        mean,
    })
}

/// Flags every reading in a run of [`TREND`] rising or falling, or of [`SIDE`] on one side
/// of `mean`.
fn mark_drift(points: &mut [Reading], mean: f64) {
    let values: Vec<f64> = points.iter().map(|p| p.value).collect();
    let mut flag = vec![false; values.len()];
    // Runs of a property over consecutive pairs (trend) or single readings (side).
    let mut mark = |from: usize, len: usize| {
        for f in flag.iter_mut().skip(from).take(len) {
            *f = true;
        }
    };
    // Trend: `TREND` readings, each higher (lower) than the one before.
    for dir in [1.0f64, -1.0] {
        let mut start = 0usize;
        for (i, w) in values.windows(2).enumerate() {
            let (Some(a), Some(b)) = (w.first(), w.get(1)) else {
                continue;
            };
            if (b - a) * dir <= 0.0 {
                start = i.saturating_add(1);
                continue;
            }
            let len = i.saturating_add(2).saturating_sub(start);
            if len >= TREND {
                mark(start, len);
            }
        }
    }
    // Side: `SIDE` readings in a row above (below) the mean.
    for dir in [1.0f64, -1.0] {
        let mut start = 0usize;
        for (i, v) in values.iter().enumerate() {
            if (v - mean) * dir <= 0.0 {
                start = i.saturating_add(1);
                continue;
            }
            let len = i.saturating_add(1).saturating_sub(start);
            if len >= SIDE {
                mark(start, len);
            }
        }
    }
    for (p, f) in points.iter_mut().zip(flag) {
        p.drift = f;
    }
}
