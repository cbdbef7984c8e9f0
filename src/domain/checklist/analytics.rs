//! Figures an operations manager reads: per template, the completion rate, the on-time
//! rate and each item's failure rate over the last N runs, a weekly trend; and an overview
//! across templates (what fails most, what runs late).

use super::recurrence::add_days;
use super::run::is_failure;
use super::{Item, Run, Template};
use crate::domain::sort;
use crate::domain::Id;
use chrono::{Datelike, NaiveDate};
use std::collections::HashMap;

/// How one item fared.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ItemStat {
    pub item: Id,
    pub text: String,
    pub answered: usize,
    pub failed: usize,
}

impl ItemStat {
    /// Failures per answer, 0–100.
    pub fn failure_pct(&self) -> u32 {
        pct(self.failed, self.answered).unwrap_or(0)
    }
}

/// One week of the trend.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Week {
    /// The Monday the week starts on.
    pub start: NaiveDate,
    pub runs: usize,
    pub on_time: usize,
    pub answers: usize,
    pub failures: usize,
    /// Scored runs (a template with a pass mark) and the sum of their scores, in percent.
    pub scored: usize,
    pub score_sum: u32,
}

impl Week {
    /// The week's average score, when it has scored runs.
    pub fn score(&self) -> Option<u32> {
        u32::try_from(self.scored)
            .ok()
            .and_then(|n| self.score_sum.checked_div(n))
    }
}

/// A template's figures over its last runs.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Stats {
    /// Occurrences due in the window (scheduled), or runs started (ad hoc), less those
    /// skipped or excused.
    pub due: usize,
    /// Occurrences (or runs) in the window skipped or excused: neither missed nor completed.
    pub skipped: usize,
    /// Of those, completed.
    pub completed: usize,
    /// Completed runs considered (the last N).
    pub runs: usize,
    /// Of those, completed on or before their day.
    pub on_time: usize,
    /// Of those, with at least one failure.
    pub with_failure: usize,
    /// Of those, scored, and how many reached the pass mark.
    pub scored: usize,
    pub passed: usize,
    /// Items by failures, most first.
    pub items: Vec<ItemStat>,
    /// Weeks, oldest first.
    pub trend: Vec<Week>,
}

/// `a` of `b` as a whole percentage, or None when `b` is 0.
pub fn pct(a: usize, b: usize) -> Option<u32> {
    (b > 0).then(|| crate::domain::report::percent(a as f64, b as f64))
}

impl Stats {
    pub fn completion_pct(&self) -> Option<u32> {
        pct(self.completed, self.due)
    }
    pub fn on_time_pct(&self) -> Option<u32> {
        pct(self.on_time, self.runs)
    }
    /// Share of scored runs that reached the pass mark.
    pub fn passed_pct(&self) -> Option<u32> {
        pct(self.passed, self.scored)
    }
    /// Share of runs with a failure.
    pub fn failure_pct(&self) -> Option<u32> {
        pct(self.with_failure, self.runs)
    }
    /// Occurrences missed or runs not finished in the window.
    pub fn missed(&self) -> usize {
        self.due.saturating_sub(self.completed)
    }
}

/// The Monday of the week of `d`.
pub fn week_start(d: NaiveDate) -> NaiveDate {
    add_days(
        d,
        i64::from(d.weekday().num_days_from_monday()).saturating_neg(),
    )
}

/// Figures of `template` over its last `n` runs as of `today`. `runs` may hold runs of
/// other templates; they are skipped.
pub fn template_stats(template: &Template, runs: &[&Run], today: NaiveDate, n: usize) -> Stats {
    let mut mine: Vec<&Run> = runs
        .iter()
        .copied()
        .filter(|r| r.template == template.id && r.date <= today)
        .collect();
    sort::sort_by(&mut mine, |a, b| {
        a.date.cmp(&b.date).then(a.created.cmp(&b.created))
    });
    let mut stats = Stats::default();

    // Completion: scheduled occurrences (today's counts once it is done), or runs started.
    let start = template.start_day();
    if template.recurrence == super::Recurrence::AdHoc {
        let window = mine.get(mine.len().saturating_sub(n)..).unwrap_or_default();
        stats.skipped = window.iter().filter(|r| r.is_skipped()).count();
        stats.due = window.len().saturating_sub(stats.skipped);
        stats.completed = window.iter().filter(|r| r.is_complete()).count();
    } else {
        let days = |f: fn(&Run) -> bool| -> std::collections::HashSet<NaiveDate> {
            mine.iter().filter(|r| f(r)).map(|r| r.date).collect()
        };
        let done_days = days(Run::is_complete);
        // A day both completed and skipped counts as completed.
        let skip_days = days(Run::is_skipped);
        let today_closed = (done_days.contains(&today) || skip_days.contains(&today))
            && template.recurrence.occurs_on(start, today);
        let until = if today_closed {
            today
        } else {
            add_days(today, -1)
        };
        let occ = template.recurrence.last_n(start, until, n);
        stats.completed = occ.iter().filter(|d| done_days.contains(d)).count();
        stats.skipped = occ
            .iter()
            .filter(|d| !done_days.contains(d) && skip_days.contains(d))
            .count();
        stats.due = occ.len().saturating_sub(stats.skipped);
    }

    // The last n completed runs.
    let done: Vec<&Run> = mine.iter().copied().filter(|r| r.is_complete()).collect();
    let window = done.get(done.len().saturating_sub(n)..).unwrap_or_default();
    stats.runs = window.len();
    let mut kinds: HashMap<u32, HashMap<&Id, &Item>> = HashMap::new();
    let mut items: HashMap<&Id, (usize, usize)> = HashMap::new();
    let mut weeks: Vec<Week> = Vec::new();
    for r in window {
        let map = kinds.entry(r.version).or_insert_with(|| {
            template
                .version_items(r.version)
                .1
                .iter()
                .map(|i| (&i.id, i))
                .collect()
        });
        let mut failures: usize = 0;
        let mut answers: usize = 0;
        let hidden = r.hidden(template);
        for a in &r.answers {
            let (Some(v), Some(item)) = (&a.value, map.get(&a.item)) else {
                continue;
            };
            if hidden.contains(&a.item) {
                continue;
            }
            let e = items.entry(&item.id).or_default();
            e.0 = e.0.saturating_add(1);
            answers = answers.saturating_add(1);
            if is_failure(&item.answer, v) {
                e.1 = e.1.saturating_add(1);
                failures = failures.saturating_add(1);
            }
        }
        if failures > 0 {
            stats.with_failure = stats.with_failure.saturating_add(1);
        }
        let on_time = r.on_time();
        if on_time {
            stats.on_time = stats.on_time.saturating_add(1);
        }
        let ws = week_start(r.date);
        if weeks.last().is_none_or(|w| w.start != ws) {
            weeks.push(Week {
                start: ws,
                runs: 0,
                on_time: 0,
                answers: 0,
                failures: 0,
                scored: 0,
                score_sum: 0,
            });
        }
        if let Some(w) = weeks.last_mut() {
            w.runs = w.runs.saturating_add(1);
            w.on_time = w.on_time.saturating_add(usize::from(on_time));
            w.answers = w.answers.saturating_add(answers);
            w.failures = w.failures.saturating_add(failures);
        }
        if let Some(p) = r.score_hiding(template, &hidden).and_then(|s| {
            let passed = s.passed();
            s.percent().map(|p| (p, passed))
        }) {
            stats.scored = stats.scored.saturating_add(1);
            stats.passed = stats.passed.saturating_add(usize::from(p.1));
            if let Some(w) = weeks.last_mut() {
                w.scored = w.scored.saturating_add(1);
                w.score_sum = w.score_sum.saturating_add(p.0);
            }
        }
    }
    stats.trend = weeks;
    // Item texts: the newest version that has the item.
    let text_of = |id: &Id| -> String {
        template
            .item(id)
            .or_else(|| {
                template
                    .versions
                    .iter()
                    .rev()
                    .find_map(|v| v.items.iter().find(|i| &i.id == id))
            })
            .map_or_else(|| "(removed item)".into(), |i| i.text.clone())
    };
    stats.items = items
        .into_iter()
        .map(|(id, (answered, failed))| ItemStat {
            item: id.clone(),
            text: text_of(id),
            answered,
            failed,
        })
        .collect();
    sort::sort_by(&mut stats.items, |a, b| {
        b.failed
            .cmp(&a.failed)
            .then(b.failure_pct().cmp(&a.failure_pct()))
            .then(a.text.cmp(&b.text))
    });
    stats
}

/// One line of the operations overview.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TemplateLine {
    pub template: Id,
    pub name: String,
    pub stats: Stats,
}

/// An item that fails, with its template, for "what fails most".
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Failing {
    pub template: Id,
    pub template_name: String,
    pub item: ItemStat,
}

/// The overview across templates: every template's figures, the items that fail most
/// (top `top`), and the templates that run late or are missed most, worst first.
pub fn overview(
    templates: &[&Template],
    runs: &[&Run],
    today: NaiveDate,
    n: usize,
    top: usize,
) -> (Vec<TemplateLine>, Vec<Failing>, Vec<TemplateLine>) {
    let mut by_t: HashMap<&Id, Vec<&Run>> = HashMap::new();
    for r in runs {
        by_t.entry(&r.template).or_default().push(r);
    }
    let lines: Vec<TemplateLine> = templates
        .iter()
        .map(|t| TemplateLine {
            template: t.id.clone(),
            name: t.name.clone(),
            stats: template_stats(t, by_t.get(&t.id).map_or(&[][..], |v| v), today, n),
        })
        .collect();
    let mut failing: Vec<Failing> = lines
        .iter()
        .flat_map(|l| {
            l.stats
                .items
                .iter()
                .filter(|i| i.failed > 0)
                .map(|i| Failing {
                    template: l.template.clone(),
                    template_name: l.name.clone(),
                    item: i.clone(),
                })
        })
        .collect();
    sort::sort_by(&mut failing, |a, b| {
        b.item
            .failed
            .cmp(&a.item.failed)
            .then(b.item.failure_pct().cmp(&a.item.failure_pct()))
    });
    failing.truncate(top);
    let lateness = |l: &TemplateLine| {
        (l.stats.missed()).saturating_add(l.stats.runs.saturating_sub(l.stats.on_time))
    };
    let mut late: Vec<TemplateLine> = lines.iter().filter(|l| lateness(l) > 0).cloned().collect();
    sort::sort_by_key(&mut late, |l| std::cmp::Reverse(lateness(l)));
    late.truncate(top);
    (lines, failing, late)
}
