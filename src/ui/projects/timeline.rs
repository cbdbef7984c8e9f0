//! The timeline tab of a project: the dated cards on a horizontal time axis, one row per
//! card in start order, milestones as diamonds, dependency arrows, and a "today" line.
//! Every item is a button that opens the card dialog.

use super::OpenCard;
use crate::domain::project::Card;
use crate::domain::report::Due;
use crate::domain::{Id, Project};
use crate::ui::browser::today;
use chrono::{Datelike, Duration, NaiveDate};
use leptos::prelude::*;

/// How many pixels a day takes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Zoom {
    Week,
    Month,
}

impl Zoom {
    /// Width of one day, in pixels.
    pub fn px_per_day(self) -> f64 {
        match self {
            Zoom::Week => 28.0,
            Zoom::Month => 7.0,
        }
    }
    fn label(self) -> &'static str {
        match self {
            Zoom::Week => "Week",
            Zoom::Month => "Month",
        }
    }
}

/// Longest range drawn (about three years), so a stray date can't make a huge drawing.
const MAX_DAYS: i64 = 1100;

/// The horizontal scale: which day sits at x = 0 and how wide a day is.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Scale {
    pub first: NaiveDate,
    /// Days drawn (from `first`).
    pub days: i64,
    pub px_per_day: f64,
    pub zoom: Zoom,
}

impl Scale {
    /// A scale covering `min..=max`, padded to whole weeks (from a Monday) or whole months.
    pub fn new(min: NaiveDate, max: NaiveDate, zoom: Zoom) -> Scale {
        let max = max.max(min);
        let (first, last) = match zoom {
            Zoom::Week => {
                let first = add_days(min, -(min.weekday().num_days_from_monday() as i64));
                let last = add_days(max, 7 - max.weekday().num_days_from_monday() as i64);
                (first, last)
            }
            Zoom::Month => {
                let first = min.with_day(1).unwrap_or(min);
                let last = next_month(max.with_day(1).unwrap_or(max));
                (first, last)
            }
        };
        let days = (last - first).num_days().clamp(1, MAX_DAYS);
        Scale {
            first,
            days,
            px_per_day: zoom.px_per_day(),
            zoom,
        }
    }

    /// The x of the start of a day (clamped to the drawn range).
    pub fn x(&self, d: NaiveDate) -> f64 {
        (d - self.first).num_days().clamp(0, self.days) as f64 * self.px_per_day
    }

    /// Width of the whole range.
    pub fn width(&self) -> f64 {
        self.days as f64 * self.px_per_day
    }

    /// Is this day inside the drawn range?
    pub fn contains(&self, d: NaiveDate) -> bool {
        let n = (d - self.first).num_days();
        (0..self.days).contains(&n)
    }

    /// Tick marks: Mondays (labelled "3 Mar") at week zoom, first days of months (labelled
    /// "Mar 2026") at month zoom.
    pub fn ticks(&self) -> Vec<(NaiveDate, String)> {
        let last = add_days(self.first, self.days);
        let mut out = Vec::new();
        match self.zoom {
            Zoom::Week => {
                let mut d = add_days(
                    self.first,
                    (7 - self.first.weekday().num_days_from_monday() as i64) % 7,
                );
                while d < last {
                    out.push((d, crate::domain::dates::day_month(d)));
                    d = add_days(d, 7);
                }
            }
            Zoom::Month => {
                let mut d = if self.first.day() == 1 {
                    self.first
                } else {
                    next_month(self.first)
                };
                while d < last {
                    out.push((d, crate::domain::dates::month_year(d)));
                    d = next_month(d);
                }
            }
        }
        out
    }

    /// The horizontal extent of an item: from its start (or due date) to the end of its due
    /// date (or start date); a card with one date is one day wide.
    pub fn span(&self, start: Option<NaiveDate>, due: Option<NaiveDate>) -> Option<(f64, f64)> {
        let (a, b) = match (start, due) {
            (Some(s), Some(d)) => (s.min(d), s.max(d)),
            (Some(s), None) => (s, s),
            (None, Some(d)) => (d, d),
            (None, None) => return None,
        };
        Some((self.x(a), self.x(add_days(b, 1))))
    }
}

fn next_month(d: NaiveDate) -> NaiveDate {
    let (y, m) = if d.month() == 12 {
        (d.year() + 1, 1)
    } else {
        (d.year(), d.month() + 1)
    };
    NaiveDate::from_ymd_opt(y, m, 1).unwrap_or(NaiveDate::MAX)
}

/// `d` moved by `n` days, stopping at the calendar's ends (a date from a file or an older
/// store can be anything chrono reads; the loops above end at [`NaiveDate::MAX`]).
fn add_days(d: NaiveDate, n: i64) -> NaiveDate {
    d.checked_add_signed(Duration::days(n)).unwrap_or(if n < 0 {
        NaiveDate::MIN
    } else {
        NaiveDate::MAX
    })
}

/// The dated cards in timeline order: by start (or due) date, then due date, then title.
pub fn timeline_cards(p: &Project) -> Vec<&Card> {
    let mut v: Vec<&Card> = p
        .cards
        .iter()
        .filter(|c| !c.archived && (c.start.is_some() || c.due.is_some()))
        .collect();
    crate::domain::sort::sort_by(&mut v, |a, b| {
        (a.start.or(a.due), a.due, &a.title).cmp(&(b.start.or(b.due), b.due, &b.title))
    });
    v
}

/// "3 Mar to 12 Mar 2026", "due 12 Mar 2026", "from 3 Mar 2026".
pub fn span_words(start: Option<NaiveDate>, due: Option<NaiveDate>) -> String {
    let full = |d: NaiveDate| crate::domain::dates::day_month_year(d);
    match (start, due) {
        (Some(s), Some(d)) if s == d => full(d),
        (Some(s), Some(d)) if s.year() == d.year() => {
            format!("{} to {}", crate::domain::dates::day_month(s), full(d))
        }
        (Some(s), Some(d)) => format!("{} to {}", full(s), full(d)),
        (Some(s), None) => format!("from {}", full(s)),
        (None, Some(d)) => format!("due {}", full(d)),
        (None, None) => "no dates".into(),
    }
}

const AXIS_H: f64 = 40.0;
const ROW_H: f64 = 34.0;
const BAR_H: f64 = 18.0;
/// Room to the right of the range for the last items' titles.
const LABEL_ROOM: f64 = 240.0;

/// One drawn row.
struct Row {
    id: Id,
    title: String,
    milestone: bool,
    done: bool,
    overdue: bool,
    x0: f64,
    x1: f64,
    y: f64,
    label: String,
}

/// The timeline tab.
#[component]
pub fn TimelineView(project: RwSignal<Project>) -> impl IntoView {
    let open = expect_context::<OpenCard>().0;
    let today = today();
    // Start at week zoom unless the dates span more than about three months.
    let zoom = RwSignal::new(project.with_untracked(|p| {
        let cards = timeline_cards(p);
        let dates = cards.iter().flat_map(|c| [c.start, c.due]).flatten();
        let (lo, hi) = dates.fold((None::<NaiveDate>, None::<NaiveDate>), |(lo, hi), d| {
            (
                Some(lo.map_or(d, |l| l.min(d))),
                Some(hi.map_or(d, |h| h.max(d))),
            )
        });
        match (lo, hi) {
            (Some(lo), Some(hi)) if (hi - lo).num_days() > 100 => Zoom::Month,
            _ => Zoom::Week,
        }
    }));
    let has_dates = move || project.with(|p| !timeline_cards(p).is_empty());
    let zoom_button = move |z: Zoom| {
        view! {
            <button
                type="button"
                class="small"
                aria-pressed=move || if zoom.get() == z { "true" } else { "false" }
                on:click=move |_| zoom.set(z)
            >
                {z.label()}
            </button>
        }
    };
    view! {
        <section class="timeline-tab" aria-labelledby="timeline-heading">
            <div class="timeline-head">
                <h2 id="timeline-heading">"Timeline"</h2>
                <div class="timeline-zoom" role="group" aria-label="Zoom">
                    {zoom_button(Zoom::Week)}
                    {zoom_button(Zoom::Month)}
                </div>
            </div>
            <Show
                when=has_dates
                fallback=|| {
                    view! {
                        <p class="timeline-empty">
                            "Give cards start or due dates to see them here."
                        </p>
                    }
                }
            >
                <p class="hint">
                    "Each bar runs from a card's start to its due date; diamonds are milestones. "
                    "Arrows go from a card to the cards waiting for it. Select an item to open its card."
                </p>
                <div class="timeline-scroll" tabindex="0" aria-label="Timeline, scrolls sideways">
                    {move || project.with(|p| chart(p, zoom.get(), today, open))}
                </div>
                {move || project.with(dependency_list)}
            </Show>
        </section>
    }
}

/// The SVG drawing.
fn chart(p: &Project, zoom: Zoom, today: NaiveDate, open: RwSignal<Option<Id>>) -> AnyView {
    let cards = timeline_cards(p);
    let dates = cards.iter().flat_map(|c| [c.start, c.due]).flatten();
    let lo = dates.clone().min().unwrap_or(today);
    let hi = dates.max().unwrap_or(today);
    // Show today too when it is near the work (within a year), so "now" is in view.
    let near = |d: NaiveDate| (d - lo).num_days().abs() < 366 || (d - hi).num_days().abs() < 366;
    let (lo, hi) = if near(today) {
        (lo.min(today), hi.max(today))
    } else {
        (lo, hi)
    };
    let scale = Scale::new(lo, hi, zoom);
    let width = scale.width() + LABEL_ROOM;
    let height = AXIS_H + cards.len() as f64 * ROW_H + 12.0;
    let ppd = scale.px_per_day;

    let rows: Vec<Row> = cards
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let (x0, x1) = scale.span(c.start, c.due).unwrap_or((0.0, ppd));
            let done = p.is_done(c);
            let overdue = p.due_state(c, today) == Due::Overdue;
            // The name starts with the text shown (title, then "done" or "overdue"), so a
            // voice user can say what they see.
            let state = if done {
                ", done"
            } else if overdue {
                ", overdue"
            } else {
                ""
            };
            let mut label = if c.milestone {
                format!(
                    "{}{state}, milestone, {}",
                    c.title,
                    span_words(None, c.due.or(c.start)).trim_start_matches("due ")
                )
            } else {
                format!("{}{state}, {}", c.title, span_words(c.start, c.due))
            };
            let waits: Vec<String> = c
                .blocked_by
                .iter()
                .filter_map(|b| p.card(b))
                .map(|b| format!("“{}”", b.title))
                .collect();
            if !waits.is_empty() {
                label.push_str(&format!(", waits for {}", waits.join(" and ")));
            }
            Row {
                id: c.id.clone(),
                title: c.title.clone(),
                milestone: c.milestone,
                done,
                overdue,
                x0,
                x1,
                y: AXIS_H + i as f64 * ROW_H + ROW_H / 2.0,
                label,
            }
        })
        .collect();

    let ticks = scale
        .ticks()
        .into_iter()
        .map(|(d, text)| {
            let x = scale.x(d);
            view! {
                <g class="tl-tick">
                    <line x1=x x2=x y1=AXIS_H - 8.0 y2=height></line>
                    <text x=x + 4.0 y=AXIS_H - 14.0>{text}</text>
                </g>
            }
        })
        .collect_view();

    // Dependency arrows: blocker's end to the waiting card's start.
    let row_of = |id: &Id| rows.iter().find(|r| &r.id == id);
    let arrows = rows
        .iter()
        .flat_map(|r| {
            let c = p.card(&r.id);
            c.map(|c| c.blocked_by.clone())
                .unwrap_or_default()
                .into_iter()
                .filter_map(|b| row_of(&b).map(|br| (br, r)))
                .collect::<Vec<_>>()
        })
        .map(|(from, to)| {
            // An elbow: down from the blocker's end, then across to the waiting card's start,
            // so the line never runs through the blocker's title.
            let fx = if from.milestone {
                (from.x0 + from.x1) / 2.0
            } else {
                (from.x1 - 6.0).max(from.x0 + 2.0)
            };
            let fy = from.y + if from.milestone { 9.0 } else { BAR_H / 2.0 };
            let tx = if to.milestone {
                (to.x0 + to.x1) / 2.0 - 10.0
            } else {
                to.x0 - 2.0
            };
            let ty = to.y;
            let late = match (p.card(&from.id), p.card(&to.id)) {
                (Some(b), Some(w)) => Project::dependency_conflict(b, w),
                _ => false,
            };
            // A late one would run back across the waiting card's bar and title: it goes
            // along the gap between the rows instead, then down to the card's start.
            let d = if late || fx > tx {
                let gy = if fy <= ty {
                    ty - ROW_H / 2.0
                } else {
                    ty + ROW_H / 2.0
                };
                let lx = tx - 10.0;
                format!("M {fx} {fy} V {gy} H {lx} V {ty} H {tx}")
            } else {
                format!("M {fx} {fy} V {ty} H {tx}")
            };
            let name = format!(
                "“{}” waits for “{}”{}",
                to.title,
                from.title,
                if late {
                    " (planned to start before it ends)"
                } else {
                    ""
                }
            );
            let title = name.clone();
            view! {
                <path
                    class=if late { "tl-dep tl-dep-late" } else { "tl-dep" }
                    d=d
                    marker-end=if late { "url(#tl-arrow-late)" } else { "url(#tl-arrow)" }
                    data-dependency=name
                    aria-hidden="true"
                >
                    <title>{title}</title>
                </path>
            }
        })
        .collect_view();

    let items = rows
        .into_iter()
        .map(|r| {
            let Row {
                id,
                title,
                milestone,
                done,
                overdue,
                x0,
                x1,
                y,
                label,
            } = r;
            let id2 = id.clone();
            let mut class = String::from("tl-item");
            if milestone {
                class.push_str(" tl-milestone");
            }
            if done {
                class.push_str(" tl-done");
            } else if overdue {
                class.push_str(" tl-overdue");
            }
            let shape = if milestone {
                let cx = (x0 + x1) / 2.0;
                let s = 9.0;
                let pts = format!(
                    "{cx},{} {},{y} {cx},{} {},{y}",
                    y - s,
                    cx + s,
                    y + s,
                    cx - s
                );
                view! { <polygon class="tl-diamond" points=pts></polygon> }.into_any()
            } else {
                view! {
                    <rect
                        class="tl-bar"
                        x=x0
                        y=y - BAR_H / 2.0
                        width=(x1 - x0).max(4.0)
                        height=BAR_H
                        rx="4"
                    ></rect>
                }
                .into_any()
            };
            let text_x = if milestone {
                (x0 + x1) / 2.0 + 14.0
            } else {
                x1 + 6.0
            };
            let suffix = if done {
                " ✓ done"
            } else if overdue {
                " · overdue"
            } else {
                ""
            };
            view! {
                <g
                    class=class
                    role="button"
                    tabindex="0"
                    aria-label=label
                    data-card=id.to_string()
                    on:click=move |_| open.set(Some(id.clone()))
                    on:keydown=move |ev: leptos::ev::KeyboardEvent| {
                        if ev.key() == "Enter" || ev.key() == " " {
                            ev.prevent_default();
                            open.set(Some(id2.clone()));
                        }
                    }
                >
                    <rect
                        class="tl-hit"
                        x=x0.min(text_x) - 4.0
                        y=y - ROW_H / 2.0 + 2.0
                        width=(text_x - x0).max(0.0) + 8.0 + title.chars().count() as f64 * 7.5
                        height=ROW_H - 4.0
                    ></rect>
                    {shape}
                    <text class="tl-label" x=text_x y=y + 4.5>
                        {title}
                        {suffix}
                    </text>
                </g>
            }
        })
        .collect_view();

    let today_mark = scale.contains(today).then(|| {
        let x = scale.x(today) + ppd / 2.0;
        view! {
            <g class="tl-today" data-today=today.to_string()>
                <line x1=x x2=x y1=AXIS_H - 6.0 y2=height></line>
                <text x=x y=AXIS_H - 30.0 text-anchor="middle">
                    "Today"
                </text>
            </g>
        }
    });
    let n = cards.len();
    let summary = format!(
        "Timeline of {n} dated card{} from {} to {}",
        if n == 1 { "" } else { "s" },
        crate::domain::dates::day_month_year(scale.first),
        crate::domain::dates::day_month_year(scale.first + Duration::days(scale.days - 1))
    );
    let svg_title = summary.clone();
    view! {
        <svg
            class="timeline-chart"
            role="group"
            aria-label=summary
            width=width
            height=height
            viewBox=format!("0 0 {width} {height}")
        >
            <title>{svg_title}</title>
            <defs>
                <marker
                    id="tl-arrow"
                    viewBox="0 0 10 10"
                    refX="9"
                    refY="5"
                    markerWidth="7"
                    markerHeight="7"
                    orient="auto-start-reverse"
                >
                    <path d="M 0 0 L 10 5 L 0 10 z" class="tl-arrowhead"></path>
                </marker>
                <marker
                    id="tl-arrow-late"
                    viewBox="0 0 10 10"
                    refX="9"
                    refY="5"
                    markerWidth="7"
                    markerHeight="7"
                    orient="auto-start-reverse"
                >
                    <path d="M 0 0 L 10 5 L 0 10 z" class="tl-arrowhead-late"></path>
                </marker>
            </defs>
            <rect class="tl-axis-bg" x="0" y="0" width=width height=AXIS_H - 8.0></rect>
            {ticks}
            {today_mark}
            <g class="tl-deps">{arrows}</g>
            <g class="tl-items">{items}</g>
        </svg>
    }
    .into_any()
}

/// The dependencies in words, for readers who can't follow the arrows.
fn dependency_list(p: &Project) -> AnyView {
    let lines: Vec<String> = p
        .cards
        .iter()
        .filter(|c| !c.archived)
        .flat_map(|c| {
            c.blocked_by.iter().filter_map(move |b| {
                let b = p.card(b)?;
                let state = if p.is_done(b) { " (done)" } else { "" };
                let conflict = if Project::dependency_conflict(b, c) {
                    format!(" — conflict: planned to start before “{}” ends", b.title)
                } else {
                    String::new()
                };
                Some(format!(
                    "“{}” waits for “{}”{state}{conflict}",
                    c.title, b.title
                ))
            })
        })
        .collect();
    if lines.is_empty() {
        return ().into_any();
    }
    view! {
        <h3 class="timeline-deps-heading" id="timeline-deps">"Dependencies"</h3>
        <ul class="timeline-deps" aria-labelledby="timeline-deps">
            {lines.into_iter().map(|l| view! { <li>{l}</li> }).collect_view()}
        </ul>
    }
    .into_any()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn week_scale_starts_on_a_monday_and_places_days() {
        // 4 Mar 2026 is a Wednesday.
        let s = Scale::new(d(2026, 3, 4), d(2026, 3, 12), Zoom::Week);
        assert_eq!(s.first, d(2026, 3, 2));
        assert_eq!(s.x(d(2026, 3, 2)), 0.0);
        assert_eq!(s.x(d(2026, 3, 4)), 2.0 * 28.0);
        // A card from the 4th to the 12th covers nine days.
        assert_eq!(
            s.span(Some(d(2026, 3, 4)), Some(d(2026, 3, 12))),
            Some((56.0, 56.0 + 9.0 * 28.0))
        );
        // Only a due date: a one-day bar ending at the end of that day.
        assert_eq!(
            s.span(None, Some(d(2026, 3, 12))),
            Some((10.0 * 28.0, 11.0 * 28.0))
        );
        assert_eq!(s.span(None, None), None);
        let ticks: Vec<String> = s.ticks().into_iter().map(|t| t.1).collect();
        assert_eq!(ticks, ["2 Mar", "9 Mar"]);
        assert!(s.contains(d(2026, 3, 15)));
        assert!(!s.contains(d(2026, 3, 16)));
    }

    #[test]
    fn month_scale_covers_whole_months() {
        let s = Scale::new(d(2026, 1, 20), d(2026, 3, 3), Zoom::Month);
        assert_eq!(s.first, d(2026, 1, 1));
        assert_eq!(s.days, 31 + 28 + 31);
        assert_eq!(s.width(), 90.0 * 7.0);
        let ticks: Vec<String> = s.ticks().into_iter().map(|t| t.1).collect();
        assert_eq!(ticks, ["Jan 2026", "Feb 2026", "Mar 2026"]);
        // Dates outside the range are clamped to its edges.
        assert_eq!(s.x(d(2025, 1, 1)), 0.0);
        assert_eq!(s.x(d(2030, 1, 1)), s.width());
    }

    #[test]
    fn span_words_read_naturally() {
        assert_eq!(
            span_words(Some(d(2026, 3, 3)), Some(d(2026, 3, 12))),
            "3 Mar to 12 Mar 2026"
        );
        assert_eq!(
            span_words(Some(d(2025, 12, 29)), Some(d(2026, 1, 5))),
            "29 Dec 2025 to 5 Jan 2026"
        );
        assert_eq!(span_words(None, Some(d(2026, 3, 12))), "due 12 Mar 2026");
        assert_eq!(span_words(Some(d(2026, 3, 3)), None), "from 3 Mar 2026");
    }
}
