//! The progress tab of a project: how much is done (by count and by estimate), what is
//! overdue, the budget, and charts of the flow of cards over time (cumulative flow and
//! burndown), each with a text summary and the numbers in a table.

use super::budget::Costs;
use crate::domain::Project;
use crate::ui::browser::today;
use chrono::NaiveDate;
use leptos::prelude::*;

/// Fill colours of the flow bands (column order); the done column is always green.
const BAND_COLOURS: [&str; 7] = [
    "#8fb3ee", "#f2c063", "#b59ce6", "#6cc7cf", "#ee9a9a", "#a8b6c8", "#f0a8cb",
];
const DONE_COLOUR: &str = "#3f9e63";

const PLOT_H: f64 = 200.0;
const LEFT: f64 = 40.0;
const TOP: f64 = 12.0;
const BOTTOM: f64 = 30.0;

/// Bar width and step for `n` days: the charts fill a 960-unit-wide drawing (scaled to
/// the panel's width), wider (and scrolled) only past 4 units a day.
fn bar_geometry(n: usize) -> (f64, f64) {
    let step = ((960.0 - LEFT - 16.0) / n.max(1) as f64).max(4.0);
    let bar = if step > 8.0 { step * 0.8 } else { step };
    (step, bar)
}

/// The progress tab.
#[component]
pub fn ProgressView(project: RwSignal<Project>) -> impl IntoView {
    let today = today();
    view! {
        <section class="progress-tab" aria-labelledby="progress-heading">
            <h2 id="progress-heading">"Progress"</h2>
            {move || project.with(|p| figures(p, today))}
            {move || project.with(|p| charts(p, today))}
        </section>
    }
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

fn figures(p: &Project, today: NaiveDate) -> AnyView {
    let pr = p.progress(today);
    let currency = p
        .budget
        .as_ref()
        .map(|b| b.currency.clone())
        .unwrap_or_default();
    let pct_count = pr.pct_count();
    let pct_est = pr.pct_estimate();
    let estimate_text = if pr.estimate_total > 0.0 {
        format!(
            "{} of {} estimated",
            trim_num(pr.estimate_done),
            trim_num(pr.estimate_total)
        )
    } else {
        "No card has an estimate yet".into()
    };
    let wip: Vec<String> = p
        .columns
        .iter()
        .filter_map(|c| {
            p.wip_excess(&c.id)
                .map(|(n, l)| format!("{}: {n} cards, limit {l}", c.name))
        })
        .collect();
    let wip_view = (!wip.is_empty()).then(|| {
        view! {
            <div class="figure figure-warn">
                <dt>"Over WIP limit"</dt>
                <dd>
                    <ul class="figure-list">
                        {wip.into_iter().map(|w| view! { <li>{w}</li> }).collect_view()}
                    </ul>
                </dd>
            </div>
        }
    });
    let overdue_class = if pr.overdue > 0 {
        "figure figure-warn"
    } else {
        "figure"
    };
    view! {
        <dl class="figures">
            <div class="figure">
                <dt>"Done by count"</dt>
                <dd>
                    <span class="figure-value">{format!("{pct_count}%")}</span>
                    <progress max="100" value=pct_count aria-label="Done by count"></progress>
                    <span class="figure-note">
                        {format!("{} of {} cards done", pr.done, pr.total)}
                    </span>
                </dd>
            </div>
            <div class="figure">
                <dt>"Done by estimate"</dt>
                <dd>
                    <span class="figure-value">{format!("{pct_est}%")}</span>
                    <progress max="100" value=pct_est aria-label="Done by estimate"></progress>
                    <span class="figure-note">{estimate_text}</span>
                </dd>
            </div>
            <div class=overdue_class>
                <dt>"Overdue"</dt>
                <dd>
                    <span class="figure-value">{pr.overdue}</span>
                    <span class="figure-note">
                        {if pr.overdue == 0 {
                            "Nothing past its due date".to_string()
                        } else {
                            format!("{} past due and not done", plural(pr.overdue, "card", "cards"))
                        }}
                    </span>
                </dd>
            </div>
            {wip_view}
        </dl>
        <section class="figure costs-panel" aria-labelledby="costs-title">
            <h3 id="costs-title">"Budget and costs"</h3>
            <Costs figures=p.budget_figures() currency=currency/>
        </section>
    }
    .into_any()
}

fn trim_num(v: f64) -> String {
    let s = format!("{v:.1}");
    s.strip_suffix(".0").map(str::to_string).unwrap_or(s)
}

/// Y-axis ticks for a maximum value: 0, about half, and the top.
fn y_ticks(max: usize) -> Vec<usize> {
    let mut v = vec![0, max / 2, max];
    v.dedup();
    v
}

fn charts(p: &Project, today: NaiveDate) -> AnyView {
    let flow = p.flow(today);
    if flow.is_empty() || p.columns.is_empty() {
        return view! {
            <p class="progress-empty">"Add cards to the board to see how work flows over time."</p>
        }
        .into_any();
    }
    let names: Vec<String> = p.columns.iter().map(|c| c.name.clone()).collect();
    let done_idx = p.done_index().unwrap_or(names.len() - 1);
    let colour = |i: usize| {
        if i == done_idx {
            DONE_COLOUR
        } else {
            BAND_COLOURS[i % BAND_COLOURS.len()]
        }
    };
    let burn = p.burndown(today);
    let ideal = p.ideal_burndown(burn[0].0, burn[0].1);
    let first = flow[0].0;
    let last = flow[flow.len() - 1].0;
    // Days drawn: the recorded ones, and on to the target end when the ideal line goes there.
    let n = ideal
        .map(|[_, (end, _)]| (end - first).num_days() as usize + 1)
        .unwrap_or(0)
        .clamp(flow.len(), 1100);
    let (step, bar) = bar_geometry(n);
    let max = flow
        .iter()
        .map(|(_, c)| c.iter().sum::<usize>())
        .max()
        .unwrap_or(0)
        .max(1);
    let width = LEFT + step * n as f64 + 16.0;
    let height = TOP + PLOT_H + BOTTOM;
    let y = move |v: usize| TOP + PLOT_H - v as f64 / max as f64 * PLOT_H;
    let day = |d: NaiveDate| crate::domain::dates::day_month(d);
    let x_of = move |d: NaiveDate| LEFT + step * (d - first).num_days() as f64 + step / 2.0;

    let axis = |label_every: usize| {
        let grid = y_ticks(max)
            .into_iter()
            .map(|t| {
                let yy = y(t);
                view! {
                    <g class="chart-grid">
                        <line x1=LEFT x2=width - 8.0 y1=yy y2=yy></line>
                        <text x=LEFT - 6.0 y=yy + 4.0 text-anchor="end">{t}</text>
                    </g>
                }
            })
            .collect_view();
        let labels = (0..n)
            .filter(|i| *i == n - 1 || (i % label_every == 0 && (n - 1 - i) as f64 * step >= 56.0))
            .map(|i| {
                let d = first + chrono::Duration::days(i as i64);
                view! {
                    <text class="chart-x" x=x_of(d) y=TOP + PLOT_H + 18.0 text-anchor="middle">
                        {day(d)}
                    </text>
                }
            })
            .collect_view();
        (grid, labels)
    };
    let label_every = ((n as f64 * 56.0) / (step * n as f64)).ceil().max(1.0) as usize;

    // Cumulative flow: stacked bars, done at the bottom, the first column on top.
    let bars = flow
        .iter()
        .enumerate()
        .map(|(i, (d, counts))| {
            let x = LEFT + step * i as f64 + (step - bar) / 2.0;
            let mut below = 0usize;
            let mut order: Vec<usize> = (0..counts.len()).rev().collect();
            // Keep the done band at the bottom even when it is not the last column.
            order.retain(|&c| c != done_idx);
            order.insert(0, done_idx.min(counts.len().saturating_sub(1)));
            order
                .into_iter()
                .filter(|&c| counts[c] > 0)
                .map(|c| {
                    let top = below + counts[c];
                    let (y0, y1) = (y(top), y(below));
                    below = top;
                    view! {
                        <rect x=x y=y0 width=bar height=(y1 - y0).max(0.5) fill=colour(c)>
                            <title>{format!("{}: {} in {}", day(*d), counts[c], names[c])}</title>
                        </rect>
                    }
                })
                .collect_view()
        })
        .collect_view();
    let (grid, xlabels) = axis(label_every);
    let now = &flow[flow.len() - 1].1;
    let summary = format!(
        "Cumulative flow from {} to {} ({}). On the last day: {}.",
        long(first),
        long(last),
        plural(flow.len(), "day", "days"),
        names
            .iter()
            .zip(now.iter())
            .map(|(name, c)| format!("{c} in {name}"))
            .collect::<Vec<_>>()
            .join(", ")
    );
    let legend = names
        .iter()
        .enumerate()
        .map(|(i, name)| {
            view! {
                <li>
                    <span class="swatch" style:background=colour(i)></span>
                    {name.clone()}
                    {(i == done_idx).then_some(" (done)")}
                </li>
            }
        })
        .collect_view();

    // Burndown: cards not done, per day (the domain's series, same days as the flow).
    let remaining: Vec<usize> = burn.into_iter().map(|(_, r)| r).collect();
    let points: Vec<(f64, f64)> = remaining
        .iter()
        .enumerate()
        .map(|(i, r)| (LEFT + step * i as f64 + step / 2.0, y(*r)))
        .collect();
    // The ideal line: from the first day's cards straight down to none on the target end.
    let ideal_line = ideal.map(|[(d0, v0), (d1, _)]| {
        view! {
            <line class="burndown-ideal" x1=x_of(d0) y1=y(v0 as usize) x2=x_of(d1) y2=y(0)>
                <title>{format!("Ideal: none left on {}", long(d1))}</title>
            </line>
        }
    });
    let line = points
        .iter()
        .map(|(x, y)| format!("{x:.1},{y:.1}"))
        .collect::<Vec<_>>()
        .join(" ");
    let dots = points
        .iter()
        .zip(flow.iter().zip(remaining.iter()))
        .filter(|(_, _)| flow.len() <= 60)
        .map(|((x, yy), ((d, _), r))| {
            view! {
                <circle cx=*x cy=*yy r="3.5">
                    <title>{format!("{}: {} remaining", day(*d), r)}</title>
                </circle>
            }
        })
        .collect_view();
    let (grid2, xlabels2) = axis(label_every);
    let last_left = remaining[remaining.len() - 1];
    let burn_summary = format!(
        "Cards not done: {} on {}, {last_left} on {}. {}",
        remaining[0],
        long(first),
        long(last),
        match ideal {
            Some([_, (end, _)]) =>
                format!("Ideal line: none left on the target end, {}.", long(end)),
            None => "Set a target end date in the charter to see the ideal line.".into(),
        }
    );

    let table_rows = flow
        .iter()
        .zip(remaining.iter())
        .map(|((d, counts), r)| {
            view! {
                <tr>
                    <th scope="row">{long(*d)}</th>
                    {counts.iter().map(|c| view! { <td>{*c}</td> }).collect_view()}
                    <td>{*r}</td>
                </tr>
            }
        })
        .collect_view();
    let heads = names
        .iter()
        .map(|n| view! { <th scope="col">{n.clone()}</th> })
        .collect_view();

    view! {
        <div class="progress-charts">
            <figure class="chart" aria-labelledby="cfd-caption">
                <figcaption id="cfd-caption">
                    <h3>"Cumulative flow"</h3>
                    <p class="chart-summary">{summary.clone()}</p>
                </figcaption>
                <div class="chart-scroll">
                    <svg
                        class="cfd-chart"
                        role="img"
                        aria-label=summary
                        style:min-width=format!("{}px", width.max(560.0))
                        viewBox=format!("0 0 {width} {height}")
                    >
                        {grid}
                        <g class="cfd-bars">{bars}</g>
                        {xlabels}
                    </svg>
                </div>
                <ul class="chart-legend" aria-label="Columns">{legend}</ul>
            </figure>
            <figure class="chart" aria-labelledby="burndown-caption">
                <figcaption id="burndown-caption">
                    <h3>"Burndown"</h3>
                    <p class="chart-summary">{burn_summary.clone()}</p>
                </figcaption>
                <div class="chart-scroll">
                    <svg
                        class="burndown-chart"
                        role="img"
                        aria-label=burn_summary
                        style:min-width=format!("{}px", width.max(560.0))
                        viewBox=format!("0 0 {width} {height}")
                    >
                        {grid2}
                        {ideal_line}
                        <polyline class="burndown-line" points=line></polyline>
                        <g class="burndown-dots">{dots}</g>
                        {xlabels2}
                    </svg>
                </div>
                <ul class="chart-legend" aria-label="Lines">
                    <li><span class="swatch swatch-line"></span>"Cards not done"</li>
                    {ideal.map(|_| view! { <li><span class="swatch swatch-ideal"></span>"Ideal (to the target end)"</li> })}
                </ul>
            </figure>
            <details class="chart-data">
                <summary>"Show the numbers"</summary>
                <div class="chart-data-scroll">
                    <table>
                        <caption>"Cards in each column at the end of each day"</caption>
                        <thead>
                            <tr>
                                <th scope="col">"Day"</th>
                                {heads}
                                <th scope="col">"Not done"</th>
                            </tr>
                        </thead>
                        <tbody>{table_rows}</tbody>
                    </table>
                </div>
            </details>
        </div>
    }
    .into_any()
}

fn long(d: NaiveDate) -> String {
    crate::domain::dates::day_month_year(d)
}
