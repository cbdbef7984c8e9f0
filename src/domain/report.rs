//! Figures drawn from a project: progress, budget, the flow of cards over time, and the
//! close-out report (with a standalone HTML rendering for download).

use super::project::format_cents;
use super::risk::RiskStatus;
use super::sort;
use super::{Card, Id, Project};
use chrono::NaiveDate;
use std::collections::HashMap;

/// Where a project stands today.
#[derive(Clone, Debug, PartialEq)]
pub struct Progress {
    /// Cards counted (archived ones included: they are finished or shelved work).
    pub total: usize,
    pub done: usize,
    /// Sum of estimates of all cards, and of done cards.
    pub estimate_total: f64,
    pub estimate_done: f64,
    /// Cards past their due date and not done.
    pub overdue: usize,
    /// Sum of planned and actual costs of the cards, in minor units.
    pub cost_planned: i64,
    pub cost_actual: i64,
}

impl Progress {
    /// Percent done by count (0 when there are no cards).
    pub fn pct_count(&self) -> u32 {
        percent(self.done as f64, self.total as f64)
    }
    /// Percent done by estimate (0 when nothing is estimated).
    pub fn pct_estimate(&self) -> u32 {
        percent(self.estimate_done, self.estimate_total)
    }
}

/// `part` of `whole` as a whole percentage rounded to the nearest (1 of 6 is 17%); 0 when
/// `whole` is not positive. Every percentage the app shows is rounded this way.
pub fn percent(part: f64, whole: f64) -> u32 {
    if whole > 0.0 {
        (part * 100.0 / whole).round() as u32
    } else {
        0
    }
}

/// A card's due-date state on `today`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Due {
    None,
    Overdue,
    /// Due within the next 3 days (today included).
    Soon,
    Later,
    Done,
}

/// The due state of a due date on `today`, for a card that is (or is not) done: the one rule
/// behind the board's badges and the progress figures.
pub fn due_state_of(due: Option<NaiveDate>, done: bool, today: NaiveDate) -> Due {
    match due {
        None => Due::None,
        Some(_) if done => Due::Done,
        Some(d) if d < today => Due::Overdue,
        Some(d) if d.signed_duration_since(today).num_days() <= 3 => Due::Soon,
        Some(_) => Due::Later,
    }
}

impl Project {
    /// Due state of a card.
    pub fn due_state(&self, c: &Card, today: NaiveDate) -> Due {
        due_state_of(c.due, self.is_done(c), today)
    }

    /// Progress figures on `today`.
    pub fn progress(&self, today: NaiveDate) -> Progress {
        let mut p = Progress {
            total: 0,
            done: 0,
            estimate_total: 0.0,
            estimate_done: 0.0,
            overdue: 0,
            cost_planned: 0,
            cost_actual: 0,
        };
        for c in &self.cards {
            let done = self.is_done(c);
            p.total = p.total.saturating_add(1);
            p.done = p.done.saturating_add(done as usize);
            let e = c.estimate.unwrap_or(0.0);
            p.estimate_total += e;
            if done {
                p.estimate_done += e;
            }
            if self.due_state(c, today) == Due::Overdue {
                p.overdue = p.overdue.saturating_add(1);
            }
            p.cost_planned = p.cost_planned.saturating_add(c.cost_planned.unwrap_or(0));
            p.cost_actual = p.cost_actual.saturating_add(c.cost_actual.unwrap_or(0));
        }
        p
    }

    /// Cumulative flow: for each day from the first recorded move to `today`, how many
    /// cards stood in each current column at the end of that day (columns in board order).
    /// Cards with no recorded history count in their current column from their creation.
    pub fn flow(&self, today: NaiveDate) -> Vec<(NaiveDate, Vec<usize>)> {
        let mut events: Vec<(NaiveDate, &Id, Option<&Id>)> = Vec::new();
        let mut has_history: HashMap<&Id, bool> = HashMap::new();
        for m in &self.moves {
            if self.card(&m.card).is_some() {
                events.push((m.at.date_naive(), &m.card, Some(&m.to)));
                has_history.insert(&m.card, true);
            }
        }
        for c in &self.cards {
            if !has_history.contains_key(&c.id) {
                events.push((c.created.date_naive(), &c.id, Some(&c.column)));
            }
        }
        sort::sort_by_key(&mut events, |e| e.0);
        let Some(first) = events.first().map(|e| e.0) else {
            return Vec::new();
        };
        let index: HashMap<&Id, usize> = self
            .columns
            .iter()
            .enumerate()
            .map(|(i, c)| (&c.id, i))
            .collect();
        let mut at: HashMap<&Id, Option<&Id>> = HashMap::new();
        let mut out = Vec::new();
        let mut ev = events.iter().peekable();
        let mut day = first;
        // At most ~3 years of days, so a bad date can't make this loop forever.
        let last = (today.max(first)).min(
            first
                .checked_add_days(chrono::Days::new(1100))
                .unwrap_or(first),
        );
        while day <= last {
            while let Some((d, card, to)) = ev.peek() {
                if *d > day {
                    break;
                }
                at.insert(card, *to);
                ev.next();
            }
            let mut counts = vec![0usize; self.columns.len()];
            for col in at.values().flatten() {
                if let Some(n) = index.get(col).and_then(|&i| counts.get_mut(i)) {
                    *n = (*n).saturating_add(1);
                }
            }
            out.push((day, counts));
            // The calendar's last day has no next one: the loop ends there.
            let Some(next) = day.succ_opt() else { break };
            day = next;
        }
        out
    }

    /// Index of the done column in board order (the last column when none is marked), as
    /// the progress charts stack it and the burndown leaves it out; `None` with no columns.
    pub fn done_index(&self) -> Option<usize> {
        self.done_column_id().and_then(|id| self.column_index(id))
    }

    /// Burndown: for each day of [`Project::flow`], how many cards were not in the done
    /// column at the end of that day.
    pub fn burndown(&self, today: NaiveDate) -> Vec<(NaiveDate, usize)> {
        let done = self.done_index();
        self.flow(today)
            .into_iter()
            .map(|(day, counts)| {
                let total: usize = counts.iter().sum();
                let finished = done.and_then(|i| counts.get(i)).copied().unwrap_or(0);
                (day, total.saturating_sub(finished))
            })
            .collect()
    }

    /// The close-out report, as of `today` (the actual end is the closing day when closed).
    pub fn report(&self, today: NaiveDate) -> Report {
        let progress = self.progress(today);
        let milestones = self
            .cards
            .iter()
            .filter(|c| c.milestone)
            .map(|c| {
                let done = self.is_done(c);
                // Met when done by its due date: the day it entered the done column.
                let done_on = self
                    .moves
                    .iter()
                    .rev()
                    .find(|m| m.card == c.id && Some(&m.to) == self.done_column_id())
                    .map(|m| m.at.date_naive());
                let met = match (done, c.due, done_on) {
                    (false, _, _) => false,
                    (true, None, _) => true,
                    (true, Some(due), Some(on)) => on <= due,
                    (true, Some(_), None) => true,
                };
                MilestoneLine {
                    title: c.title.clone(),
                    due: c.due,
                    done,
                    met,
                }
            })
            .collect();
        let open_risks = self
            .risks_by_score()
            .into_iter()
            .filter(|r| r.status == RiskStatus::Open)
            .map(|r| (r.title.clone(), r.score(), r.owner.clone()))
            .collect();
        let (done, not_done): (Vec<&Card>, Vec<&Card>) =
            self.cards.iter().partition(|c| self.is_done(c));
        Report {
            name: self.name.clone(),
            objective: self.objective.clone(),
            start: self.start,
            planned_end: self.target_end,
            actual_end: self.actual_end,
            budget: self.budget.as_ref().map(|b| b.cents),
            currency: self
                .budget
                .as_ref()
                .map(|b| b.currency.clone())
                .unwrap_or_default(),
            spent: progress.cost_actual,
            planned_cost: progress.cost_planned,
            costs: self.budget_figures(),
            milestones,
            open_risks,
            done: done.iter().map(|c| c.title.clone()).collect(),
            not_done: not_done.iter().map(|c| c.title.clone()).collect(),
            lessons: self.lessons.clone(),
            generated: today,
        }
    }
}

/// The money side of a project: the charter's budget against the cards' planned and actual
/// costs, and a forecast of where spending ends. All amounts in minor units.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BudgetFigures {
    /// The charter's budget.
    pub budget: Option<i64>,
    /// Sum of the cards' planned costs.
    pub planned: i64,
    /// Sum of the cards' actual costs so far.
    pub actual: i64,
    /// Actual so far plus what the cards not yet done still plan to spend: for each such
    /// card its planned cost less what it has already spent (never below zero). A done
    /// card counts what it cost.
    pub forecast: i64,
    /// Cards that cost more than planned (actual > planned), the largest overrun first.
    pub overruns: Vec<Overrun>,
    /// Cards with a planned or an actual cost.
    pub costed: usize,
}

/// A card whose actual cost passed its planned cost.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Overrun {
    pub card: Id,
    pub title: String,
    pub planned: i64,
    pub actual: i64,
}

impl BudgetFigures {
    /// The verdicts, each naming the figure it compares with the budget: (over, text).
    /// Empty without a budget. Amounts in `currency`.
    pub fn verdicts(&self, currency: &str) -> Vec<(bool, String)> {
        let Some(b) = self.budget else {
            return Vec::new();
        };
        [
            ("Spent so far", self.actual),
            ("Forecast", self.forecast),
            ("Planned card costs", self.planned),
        ]
        .into_iter()
        .map(|(what, v)| {
            let d = v.saturating_sub(b);
            let words = match d {
                0 => " equal the budget".to_string(),
                d if d > 0 => format!(": {} over budget", format_cents(d, currency)),
                d => format!(
                    ": {} under budget",
                    format_cents(d.saturating_neg(), currency)
                ),
            };
            (d > 0, format!("{what}{words}"))
        })
        .collect()
    }
}

impl Project {
    /// Budget, planned, actual and forecast costs, and the cards that overran.
    pub fn budget_figures(&self) -> BudgetFigures {
        let mut f = BudgetFigures {
            budget: self.budget.as_ref().map(|b| b.cents),
            planned: 0,
            actual: 0,
            forecast: 0,
            overruns: Vec::new(),
            costed: 0,
        };
        for c in &self.cards {
            let (planned, actual) = (c.cost_planned.unwrap_or(0), c.cost_actual.unwrap_or(0));
            if c.cost_planned.is_some() || c.cost_actual.is_some() {
                f.costed = f.costed.saturating_add(1);
            }
            f.planned = f.planned.saturating_add(planned);
            f.actual = f.actual.saturating_add(actual);
            let end = if self.is_done(c) {
                actual
            } else {
                actual.max(planned)
            };
            f.forecast = f.forecast.saturating_add(end);
            if actual > planned && c.cost_planned.is_some() {
                f.overruns.push(Overrun {
                    card: c.id.clone(),
                    title: c.title.clone(),
                    planned,
                    actual,
                });
            }
        }
        sort::sort_by_key(&mut f.overruns, |o| o.planned.saturating_sub(o.actual));
        f
    }

    /// The ideal burndown: from the cards not done on the first day of
    /// [`Project::burndown`] (`first`, `start`) down to none on the target end date, in a
    /// straight line: one (day, cards) point at each end. `None` without a target end after
    /// the first day.
    pub fn ideal_burndown(&self, first: NaiveDate, start: usize) -> Option<[(NaiveDate, f64); 2]> {
        let end = self.target_end.filter(|e| *e > first)?;
        Some([(first, start as f64), (end, 0.0)])
    }
}

/// One milestone in the report.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MilestoneLine {
    pub title: String,
    pub due: Option<NaiveDate>,
    pub done: bool,
    /// Done on or before its due date.
    pub met: bool,
}

/// The close-out report of a project.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Report {
    pub name: String,
    pub objective: String,
    pub start: Option<NaiveDate>,
    pub planned_end: Option<NaiveDate>,
    pub actual_end: Option<NaiveDate>,
    /// The charter's budget, in minor units.
    pub budget: Option<i64>,
    pub currency: String,
    /// Sum of the cards' actual costs.
    pub spent: i64,
    /// Sum of the cards' planned costs.
    pub planned_cost: i64,
    /// Budget, planned, actual, forecast and overruns.
    pub costs: BudgetFigures,
    pub milestones: Vec<MilestoneLine>,
    /// (title, score, owner) of open risks, highest score first.
    pub open_risks: Vec<(String, u8, String)>,
    pub done: Vec<String>,
    pub not_done: Vec<String>,
    pub lessons: String,
    pub generated: NaiveDate,
}

impl Report {
    /// Days late (positive) or early (negative) against the planned end.
    pub fn schedule_variance_days(&self) -> Option<i64> {
        Some(
            self.actual_end?
                .signed_duration_since(self.planned_end?)
                .num_days(),
        )
    }

    /// Spent minus budget (positive = over budget).
    pub fn budget_variance(&self) -> Option<i64> {
        self.budget.map(|b| self.spent.saturating_sub(b))
    }

    /// Money as text in the report's currency.
    pub fn money(&self, cents: i64) -> String {
        format_cents(cents, &self.currency)
    }

    /// A standalone HTML document of the report (inline CSS, no scripts). Every text from
    /// the project is escaped.
    pub fn to_html(&self) -> String {
        let e = escape;
        let date = |d: Option<NaiveDate>| d.map(|d| d.to_string()).unwrap_or_else(|| "—".into());
        let mut h = String::new();
        h.push_str("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">");
        h.push_str(&format!(
            "<title>Close-out report: {}</title>",
            e(&self.name)
        ));
        h.push_str("<style>body{font-family:system-ui,sans-serif;max-width:48rem;margin:2rem auto;padding:0 1rem;color:#1c2330;line-height:1.5}h1{margin-bottom:.25rem}table{border-collapse:collapse;width:100%;margin:1rem 0}th,td{text-align:left;border-bottom:1px solid #d9dde5;padding:.35rem .5rem}.bad{color:#b42318}.good{color:#17663a}</style></head><body>");
        h.push_str(&format!("<h1>Close-out report: {}</h1>", e(&self.name)));
        h.push_str(&format!("<p>Generated {} by Docket.</p>", self.generated));
        if !self.objective.is_empty() {
            h.push_str(&format!(
                "<p><strong>Objective:</strong> {}</p>",
                e(&self.objective)
            ));
        }
        h.push_str("<h2>Schedule and budget</h2><table>");
        h.push_str(&format!(
            "<tr><th>Start</th><td>{}</td></tr>",
            date(self.start)
        ));
        h.push_str(&format!(
            "<tr><th>Planned end</th><td>{}</td></tr>",
            date(self.planned_end)
        ));
        h.push_str(&format!(
            "<tr><th>Actual end</th><td>{}</td></tr>",
            date(self.actual_end)
        ));
        if let Some(v) = self.schedule_variance_days() {
            let (cls, txt) = match v {
                v if v > 0 => ("bad", format!("{v} day(s) late")),
                v if v < 0 => ("good", format!("{} day(s) early", v.unsigned_abs())),
                _ => ("good", "on time".into()),
            };
            h.push_str(&format!(
                "<tr><th>Schedule</th><td class=\"{cls}\">{txt}</td></tr>"
            ));
        }
        match self.budget {
            Some(b) => h.push_str(&format!(
                "<tr><th>Budget</th><td>{}</td></tr>",
                e(&self.money(b))
            )),
            None => h.push_str("<tr><th>Budget</th><td>not set</td></tr>"),
        }
        let c = &self.costs;
        for (what, v) in [
            ("Planned cost of cards", c.planned),
            ("Spent", c.actual),
            ("Forecast", c.forecast),
        ] {
            h.push_str(&format!(
                "<tr><th>{what}</th><td>{}</td></tr>",
                e(&self.money(v))
            ));
        }
        for (over, txt) in c.verdicts(&self.currency) {
            let cls = if over { "bad" } else { "good" };
            h.push_str(&format!(
                "<tr><th>Verdict</th><td class=\"{cls}\">{}</td></tr>",
                e(&txt)
            ));
        }
        h.push_str("</table><h2>Cards over their planned cost</h2>");
        if c.overruns.is_empty() {
            h.push_str("<p>None.</p>");
        } else {
            h.push_str("<table><tr><th>Card</th><th>Planned</th><th>Actual</th></tr>");
            for o in &c.overruns {
                h.push_str(&format!(
                    "<tr><td>{}</td><td>{}</td><td class=\"bad\">{}</td></tr>",
                    e(&o.title),
                    e(&self.money(o.planned)),
                    e(&self.money(o.actual))
                ));
            }
            h.push_str("</table>");
        }
        h.push_str("<h2>Milestones</h2>");
        if self.milestones.is_empty() {
            h.push_str("<p>No milestones.</p>");
        } else {
            h.push_str("<table><tr><th>Milestone</th><th>Due</th><th>Result</th></tr>");
            for m in &self.milestones {
                let (cls, txt) = if m.met {
                    ("good", "met")
                } else if m.done {
                    ("bad", "done late")
                } else {
                    ("bad", "missed")
                };
                h.push_str(&format!(
                    "<tr><td>{}</td><td>{}</td><td class=\"{cls}\">{txt}</td></tr>",
                    e(&m.title),
                    date(m.due)
                ));
            }
            h.push_str("</table>");
        }
        h.push_str("<h2>Open risks</h2>");
        if self.open_risks.is_empty() {
            h.push_str("<p>None.</p>");
        } else {
            h.push_str("<table><tr><th>Risk</th><th>Score</th><th>Owner</th></tr>");
            for (t, s, o) in &self.open_risks {
                h.push_str(&format!(
                    "<tr><td>{}</td><td>{s}</td><td>{}</td></tr>",
                    e(t),
                    e(o)
                ));
            }
            h.push_str("</table>");
        }
        h.push_str(&format!("<h2>Cards done ({})</h2><ul>", self.done.len()));
        for t in &self.done {
            h.push_str(&format!("<li>{}</li>", e(t)));
        }
        h.push_str(&format!(
            "</ul><h2>Cards not done ({})</h2><ul>",
            self.not_done.len()
        ));
        for t in &self.not_done {
            h.push_str(&format!("<li>{}</li>", e(t)));
        }
        h.push_str("</ul><h2>Lessons learned</h2>");
        if self.lessons.is_empty() {
            h.push_str("<p>None recorded.</p>");
        } else {
            for para in self.lessons.split("\n\n") {
                h.push_str(&format!("<p>{}</p>", e(para).replace('\n', "<br>")));
            }
        }
        h.push_str("</body></html>\n");
        h
    }
}

/// Escapes text for HTML element content and attribute values.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for ch in s.chars() {
        match ch {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}
