//! A number item's readings over time, as a control chart (`domain::checklist::readings`):
//! the readings in date order, the allowed range and the mean as lines, readings out of
//! range and in a drift marked by shape as well as colour; a summary and the numbers for
//! those who do not read the picture.

use super::ops_charts::plural;
use crate::domain::checklist::readings::{number_items, readings, Readings, SIDE, TREND};
use crate::domain::{Run, Template};
use crate::ui::browser::long_date;
use leptos::prelude::*;

const W: f64 = 640.0;
const H: f64 = 240.0;
const LEFT: f64 = 52.0;
const RIGHT: f64 = 16.0;
const TOP: f64 = 14.0;
const BOTTOM: f64 = 30.0;

/// The last readings a chart shows.
pub const SHOWN: usize = 1_000;

/// The chart of one of the template's number items, chosen from a list.
#[component]
pub fn ReadingsView(template: RwSignal<Template>, runs: Memo<Vec<Run>>) -> impl IntoView {
    let items = Memo::new(move |_| template.with(number_items));
    let chosen = RwSignal::new(String::new());
    let data = Memo::new(move |_| {
        let items = items.get();
        let pick = chosen.get();
        let id = items
            .iter()
            .find(|(id, _)| id.as_str() == pick)
            .or(items.first())
            .map(|(id, _)| id.clone())?;
        runs.with(|runs| {
            let refs: Vec<&Run> = runs.iter().collect();
            template.with(|t| readings(t, &refs, &id, SHOWN))
        })
    });
    view! {
        <Show when=move || items.with(|i| !i.is_empty())>
            <section class="ops-readings" aria-labelledby="readings-heading">
                <div class="ops-section-head">
                    <h3 id="readings-heading">"Readings over time"</h3>
                    <span class="readings-pick">
                    <label for="readings-item">"Item"</label>
                    <select id="readings-item" on:change=move |ev| chosen.set(event_target_value(&ev))>
                        {move || {
                            items
                                .get()
                                .into_iter()
                                .map(|(id, text)| {
                                    let sel = chosen.get_untracked() == id.as_str();
                                    view! { <option value=id.to_string() selected=sel>{text}</option> }
                                })
                                .collect_view()
                        }}
                    </select>
                    </span>
                </div>
                {move || data.with(|d| d.as_ref().map(chart))}
            </section>
        </Show>
    }
}

fn number(v: f64, unit: &str) -> String {
    let v = (v * 100.0).round() / 100.0;
    if unit.is_empty() {
        v.to_string()
    } else {
        format!("{v} {unit}")
    }
}

fn chart(r: &Readings) -> AnyView {
    let n = r.points.len();
    if n == 0 {
        return view! { <p class="ops-empty">{format!("No readings of “{}” yet.", r.text)}</p> }
            .into_any();
    }
    // The value range: the readings, the limits and a margin.
    let values = r.points.iter().map(|p| p.value).chain(r.min).chain(r.max);
    let (lo, hi) = values.fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), v| {
        (a.min(v), b.max(v))
    });
    let pad = ((hi - lo) * 0.08).max(0.5);
    let (lo, hi) = (lo - pad, hi + pad);
    let plot_w = W - LEFT - RIGHT;
    let plot_h = H - TOP - BOTTOM;
    let x = move |i: usize| LEFT + plot_w * (i as f64 + 0.5) / n as f64;
    let y = move |v: f64| TOP + plot_h * (1.0 - (v - lo) / (hi - lo));
    let line: String = r
        .points
        .iter()
        .enumerate()
        .map(|(i, p)| format!("{:.1},{:.1}", x(i), y(p.value)))
        .collect::<Vec<_>>()
        .join(" ");
    let hline = |v: f64, class: &'static str, label: String| {
        view! {
            <line class=class x1=LEFT x2=W - RIGHT y1=y(v) y2=y(v)></line>
            <text class="chart-x" x=LEFT - 6.0 y=y(v) + 4.0 text-anchor="end">{label}</text>
        }
    };
    let limits = [r.min, r.max]
        .into_iter()
        .flatten()
        .map(|v| hline(v, "readings-limit", number(v, "")))
        .collect_view();
    let mean = r.mean.map(|m| hline(m, "readings-mean", number(m, "")));
    let unit = r.unit.clone();
    // Only the marked readings get shapes of their own (a thousand dots would hide them).
    let marks = r
        .points
        .iter()
        .enumerate()
        .filter(|(_, p)| p.out || p.drift)
        .map(|(i, p)| {
            let (cx, cy) = (x(i), y(p.value));
            let what = match (p.out, p.drift) {
                (true, true) => "out of range, in a drift",
                (true, false) => "out of range",
                _ => "in a drift",
            };
            let title = format!("{}: {} ({what})", long_date(p.date), number(p.value, &unit));
            if p.out {
                view! {
                    <rect class="readings-out" x=cx - 4.0 y=cy - 4.0 width="8" height="8"><title>{title}</title></rect>
                }
                .into_any()
            } else {
                view! {
                    <polygon class="readings-drift" points=format!("{cx:.1},{:.1} {:.1},{:.1} {:.1},{:.1}", cy - 5.0, cx + 5.0, cy + 4.0, cx - 5.0, cy + 4.0)>
                        <title>{title}</title>
                    </polygon>
                }
                .into_any()
            }
        })
        .collect_view();
    let (first, last) = (&r.points[0], &r.points[n - 1]);
    let summary = format!(
        "{} of “{}” from {} to {}: the last {}, the mean {}{}. {} out of the allowed range, {} in a drift ({TREND} rising or falling in a row, or {SIDE} on one side of the mean).",
        plural(n, "reading", "readings"),
        r.text,
        long_date(first.date),
        long_date(last.date),
        number(last.value, &r.unit),
        r.mean.map(|m| number(m, &r.unit)).unwrap_or_default(),
        match (r.min, r.max) {
            (Some(a), Some(b)) => format!(", allowed {} to {}", number(a, ""), number(b, &r.unit)),
            (Some(a), None) => format!(", allowed from {}", number(a, &r.unit)),
            (None, Some(b)) => format!(", allowed up to {}", number(b, &r.unit)),
            (None, None) => String::new(),
        },
        r.out_count(),
        r.drift_count(),
    );
    let rows = r
        .points
        .iter()
        .rev()
        .take(50)
        .map(|p| {
            let flag = match (p.out, p.drift) {
                (true, true) => "Out of range, drift",
                (true, false) => "Out of range",
                (false, true) => "Drift",
                _ => "",
            };
            view! {
                <tr>
                    <th scope="row">{long_date(p.date)}</th>
                    <td>{number(p.value, &r.unit)}</td>
                    <td>{flag}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <figure class="chart ops-readings-chart" aria-labelledby="readings-title">
            <figcaption>
                <p class="chart-summary" id="readings-summary">{summary}</p>
            </figcaption>
            <div class="chart-scroll">
                <svg
                    role="img"
                    aria-labelledby="readings-title"
                    aria-describedby="readings-summary"
                    width=W
                    height=H
                    viewBox=format!("0 0 {W} {H}")
                >
                    <title id="readings-title">{format!("Readings of “{}”", r.text)}</title>
                    <line class="ops-axis" x1=LEFT x2=W - RIGHT y1=H - BOTTOM y2=H - BOTTOM></line>
                    <line class="ops-axis" x1=LEFT x2=LEFT y1=TOP y2=H - BOTTOM></line>
                    {limits}
                    {mean}
                    <polyline class="readings-line" points=line></polyline>
                    {marks}
                    <text class="chart-x" x=LEFT y=H - 8.0>{crate::domain::dates::day_month(first.date)}</text>
                    <text class="chart-x" x=W - RIGHT y=H - 8.0 text-anchor="end">{crate::domain::dates::day_month(last.date)}</text>
                </svg>
            </div>
            <ul class="chart-legend" aria-label="Marks">
                <li><span class="ops-key readings-key-limit" aria-hidden="true"></span>"Allowed range (dashed)"</li>
                <li><span class="ops-key readings-key-mean" aria-hidden="true"></span>"Mean (dotted)"</li>
                <li>"Square: out of range. Triangle: in a drift."</li>
            </ul>
            <details class="chart-data">
                <summary>"Show the last 50 readings"</summary>
                <div class="chart-data-scroll">
                    <table>
                        <caption>{format!("Readings of “{}”, newest first", r.text)}</caption>
                        <thead>
                            <tr>
                                <th scope="col">"Run of"</th>
                                <th scope="col">"Reading"</th>
                                <th scope="col">"Mark"</th>
                            </tr>
                        </thead>
                        <tbody>{rows}</tbody>
                    </table>
                </div>
            </details>
        </figure>
    }
    .into_any()
}
