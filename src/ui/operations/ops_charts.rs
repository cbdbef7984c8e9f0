//! Pieces shared by the run history, a template's analytics and the operations overview:
//! the "last N runs" selector, percentages as text, the weekly trend chart (inline SVG,
//! with a title, axes and a text summary) and the CSV download.

use crate::domain::checklist::analytics::{pct, Week};
use crate::ui::browser::long_date;
use leptos::prelude::*;

/// The window sizes offered by the "last N runs" selector.
pub const WINDOWS: [usize; 4] = [10, 30, 90, 365];

/// A percentage for a figure, or a dash with no data.
pub fn pct_text(p: Option<u32>) -> String {
    p.map_or_else(|| "–".into(), |p| format!("{p}%"))
}

/// "1 run" / "3 runs".
pub fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// The "Last N runs" selector, bound to `n`.
#[component]
pub fn WindowSelect(n: RwSignal<usize>, id: &'static str) -> impl IntoView {
    let options = WINDOWS
        .into_iter()
        .map(|w| {
            view! {
                <option value=w.to_string() selected=move || n.get() == w>
                    {format!("Last {w} runs")}
                </option>
            }
        })
        .collect_view();
    view! {
        <div class="ops-window">
            <label for=id>"Figures over"</label>
            <select
                id=id
                on:change=move |ev| {
                    if let Ok(v) = event_target_value(&ev).parse::<usize>() {
                        n.set(v);
                    }
                }
            >
                {options}
            </select>
        </div>
    }
}

const W: f64 = 640.0;
const H: f64 = 240.0;
const LEFT: f64 = 44.0;
const RIGHT: f64 = 16.0;
const TOP: f64 = 14.0;
const BOTTOM: f64 = 34.0;

/// Weekly failure % (failed answers of answers) and on-time % (runs completed on their
/// day) as a line chart. `key` makes the element ids unique on the page.
pub fn trend_chart(weeks: &[Week], key: &str) -> AnyView {
    if weeks.is_empty() {
        return view! {
            <p class="ops-empty">"No completed runs in this window yet, so there is no trend to draw."</p>
        }
        .into_any();
    }
    let n = weeks.len();
    let plot_w = W - LEFT - RIGHT;
    let plot_h = H - TOP - BOTTOM;
    let step = plot_w / n as f64;
    let x = move |i: usize| LEFT + step * i as f64 + step / 2.0;
    let y = move |p: u32| TOP + plot_h * (1.0 - f64::from(p.min(100)) / 100.0);
    let fail: Vec<Option<u32>> = weeks.iter().map(|w| pct(w.failures, w.answers)).collect();
    let on_time: Vec<Option<u32>> = weeks.iter().map(|w| pct(w.on_time, w.runs)).collect();
    // The average score of each week's scored runs (a template with a pass mark).
    let score: Vec<Option<u32>> = weeks.iter().map(Week::score).collect();
    let scored = score.iter().any(Option::is_some);
    let line = |v: &[Option<u32>]| {
        v.iter()
            .enumerate()
            .filter_map(|(i, p)| p.map(|p| format!("{:.1},{:.1}", x(i), y(p))))
            .collect::<Vec<_>>()
            .join(" ")
    };
    let grid = [0u32, 25, 50, 75, 100]
        .into_iter()
        .map(|p| {
            view! {
                <line x1=LEFT x2=W - RIGHT y1=y(p) y2=y(p)></line>
                <text x=LEFT - 6.0 y=y(p) + 4.0 text-anchor="end">{format!("{p}%")}</text>
            }
        })
        .collect_view();
    let every = n.div_ceil(8).max(1);
    let xlabels = weeks
        .iter()
        .enumerate()
        .filter(|(i, _)| i % every == 0 || (*i == n - 1 && (n - 1) % every * 2 >= every))
        .map(|(i, w)| {
            view! {
                <text class="chart-x" x=x(i) y=H - BOTTOM + 16.0 text-anchor="middle">
                    {crate::domain::dates::day_month(w.start)}
                </text>
            }
        })
        .collect_view();
    let week_name = |w: &Week| format!("Week of {}", long_date(w.start));
    let fail_dots = weeks
        .iter()
        .zip(&fail)
        .enumerate()
        .filter_map(|(i, (w, p))| {
            let p = (*p)?;
            let (cx, cy) = (x(i), y(p));
            Some(view! {
                <rect x=cx - 3.5 y=cy - 3.5 width="7" height="7">
                    <title>
                        {format!("{}: {p}% of answers failed ({} of {})", week_name(w), w.failures, w.answers)}
                    </title>
                </rect>
            })
        })
        .collect_view();
    let on_time_dots = weeks
        .iter()
        .zip(&on_time)
        .enumerate()
        .filter_map(|(i, (w, p))| {
            let p = (*p)?;
            Some(view! {
                <circle cx=x(i) cy=y(p) r="3.5">
                    <title>
                        {format!("{}: {p}% of runs on time ({} of {})", week_name(w), w.on_time, w.runs)}
                    </title>
                </circle>
            })
        })
        .collect_view();

    let score_dots = weeks
        .iter()
        .zip(&score)
        .enumerate()
        .filter_map(|(i, (w, p))| {
            let p = (*p)?;
            let (cx, cy) = (x(i), y(p));
            Some(view! {
                <polygon points=format!("{cx:.1},{:.1} {:.1},{cy:.1} {cx:.1},{:.1} {:.1},{cy:.1}", cy - 4.5, cx + 4.5, cy + 4.5, cx - 4.5)>
                    <title>{format!("{}: average score {p}% over {}", week_name(w), plural(w.scored, "scored run", "scored runs"))}</title>
                </polygon>
            })
        })
        .collect_view();
    let first = &weeks[0];
    let last = &weeks[n - 1];
    let avg = |v: &[Option<u32>]| {
        let known: Vec<u32> = v.iter().flatten().copied().collect();
        (!known.is_empty()).then(|| known.iter().sum::<u32>() / known.len() as u32)
    };
    let mut summary = format!(
        "{} from the week of {} to the week of {}. Failed answers: {} in the first week, {} in the last, {} on average. Runs on time: {} in the first week, {} in the last, {} on average.",
        plural(n, "week", "weeks"),
        long_date(first.start),
        long_date(last.start),
        pct_text(fail[0]),
        pct_text(fail[n - 1]),
        pct_text(avg(&fail)),
        pct_text(on_time[0]),
        pct_text(on_time[n - 1]),
        pct_text(avg(&on_time)),
    );
    if scored {
        summary.push_str(&format!(
            " Average score: {} in the first week, {} in the last, {} on average.",
            pct_text(score[0]),
            pct_text(score[n - 1]),
            pct_text(avg(&score)),
        ));
    }
    let title_id = format!("{key}-trend-title");
    let summary_id = format!("{key}-trend-summary");
    let rows = weeks
        .iter()
        .zip(fail.iter().zip(&on_time).zip(&score))
        .map(|(w, ((f, o), sc))| {
            view! {
                <tr>
                    <th scope="row">{long_date(w.start)}</th>
                    <td>{w.runs}</td>
                    <td>{pct_text(*o)}</td>
                    <td>{w.answers}</td>
                    <td>{pct_text(*f)}</td>
                    {scored.then(|| view! { <td>{pct_text(*sc)}</td> })}
                </tr>
            }
        })
        .collect_view();
    view! {
        <figure class="chart ops-trend" aria-labelledby=title_id.clone()>
            <figcaption>
                <h3 id=title_id.clone()>"Weekly trend: failed answers and runs on time"</h3>
                <p class="chart-summary" id=summary_id.clone()>{summary}</p>
            </figcaption>
            <div class="chart-scroll">
                <svg
                    class="ops-trend-chart"
                    role="img"
                    aria-labelledby=title_id.clone()
                    aria-describedby=summary_id
                    width=W
                    height=H
                    viewBox=format!("0 0 {W} {H}")
                >
                    <title>"Weekly trend: failed answers and runs on time"</title>
                    <g class="chart-grid">{grid}</g>
                    <line class="ops-axis" x1=LEFT x2=W - RIGHT y1=H - BOTTOM y2=H - BOTTOM></line>
                    <line class="ops-axis" x1=LEFT x2=LEFT y1=TOP y2=H - BOTTOM></line>
                    <text class="chart-x" x=LEFT + plot_w / 2.0 y=H - 4.0 text-anchor="middle">
                        "Week starting"
                    </text>
                    <polyline class="ops-line-ontime" points=line(&on_time)></polyline>
                    <polyline class="ops-line-fail" points=line(&fail)></polyline>
                    <g class="ops-dots-ontime">{on_time_dots}</g>
                    <g class="ops-dots-fail">{fail_dots}</g>
                    {scored.then(|| view! {
                        <polyline class="ops-line-score" points=line(&score)></polyline>
                        <g class="ops-dots-score">{score_dots}</g>
                    })}
                    {xlabels}
                </svg>
            </div>
            <ul class="chart-legend" aria-label="Lines">
                <li>
                    <span class="ops-key ops-key-ontime" aria-hidden="true"></span>
                    "Runs on time (solid line, round dots)"
                </li>
                <li>
                    <span class="ops-key ops-key-fail" aria-hidden="true"></span>
                    "Failed answers (dashed line, square dots)"
                </li>
                {scored.then(|| view! {
                    <li>
                        <span class="ops-key ops-key-score" aria-hidden="true"></span>
                        "Average score (dotted line, diamonds)"
                    </li>
                })}
            </ul>
            <details class="chart-data">
                <summary>"Show the numbers"</summary>
                <div class="chart-data-scroll">
                    <table>
                        <caption>"Each week's runs and answers"</caption>
                        <thead>
                            <tr>
                                <th scope="col">"Week of"</th>
                                <th scope="col">"Runs"</th>
                                <th scope="col">"On time"</th>
                                <th scope="col">"Answers"</th>
                                <th scope="col">"Failed"</th>
                                {scored.then(|| view! { <th scope="col">"Average score"</th> })}
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

/// Saves `text` as a CSV download named `file_name` (a Blob of type text/csv, UTF-8).
pub fn download_csv(file_name: &str, text: &str) -> Result<(), String> {
    crate::ui::browser::download(file_name, text, "text/csv;charset=utf-8")
}
