//! The budget figures the Progress tab and the report share: the charter's budget beside
//! the cards' planned and actual costs and the forecast, verdicts that each name the figure
//! they compare, and the cards that cost more than planned.

use crate::domain::project::format_cents;
use crate::domain::report::BudgetFigures;
use leptos::prelude::*;

/// The budget table, verdicts and overruns.
#[component]
pub fn Costs(figures: BudgetFigures, currency: String) -> impl IntoView {
    let verdicts = figures.verdicts(&currency);
    let money = move |v: i64| format_cents(v, &currency);
    let f = figures;
    let rows = [
        (
            "Budget (charter)",
            f.budget.map(&money).unwrap_or_else(|| "Not set".into()),
        ),
        ("Planned (sum of card costs)", money(f.planned)),
        ("Actual so far", money(f.actual)),
        (
            "Forecast (actual + what unfinished cards still plan)",
            money(f.forecast),
        ),
    ]
    .into_iter()
    .map(|(what, v)| view! { <tr><th scope="row">{what}</th><td class="num">{v}</td></tr> })
    .collect_view();
    let verdicts = if verdicts.is_empty() {
        view! { <p class="muted">"No budget in the charter: nothing to compare the costs with."</p> }
            .into_any()
    } else {
        view! {
            <ul class="verdicts" aria-label="Budget verdicts">
                {verdicts
                    .into_iter()
                    .map(|(over, t)| view! { <li class=if over { "bad" } else { "good" }>{t}</li> })
                    .collect_view()}
            </ul>
        }
        .into_any()
    };
    let n = f.overruns.len();
    let overruns = if n == 0 {
        view! { <p class="muted">"No card cost more than planned."</p> }.into_any()
    } else {
        view! {
            <table class="report-table" aria-labelledby="overruns-title">
                <thead>
                    <tr>
                        <th scope="col">"Card"</th>
                        <th scope="col">"Planned"</th>
                        <th scope="col">"Actual"</th>
                    </tr>
                </thead>
                <tbody>
                    {f.overruns
                        .into_iter()
                        .map(|o| {
                            view! {
                                <tr>
                                    <td>{o.title}</td>
                                    <td class="num">{money(o.planned)}</td>
                                    <td class="bad">
                                        {format!("{} (+{})", money(o.actual), money(o.actual - o.planned))}
                                    </td>
                                </tr>
                            }
                        })
                        .collect_view()}
                </tbody>
            </table>
        }
        .into_any()
    };
    view! {
        <div class="costs">
            <table class="report-table" aria-label="Budget figures">
                <tbody>{rows}</tbody>
            </table>
            {verdicts}
            <h4 id="overruns-title">
                {format!("Cards over their planned cost ({n} of {})", f.costed)}
            </h4>
            {overruns}
        </div>
    }
}
