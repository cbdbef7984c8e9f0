//! Stock: what is kept, how much is on hand (set by hand, or by an inventory count's
//! sign-off), and the purchase list of what is at or below its reorder point, as CSV.

use super::{chosen, number, row_tools, save, site_options, EntryForm, EntryTable};
use crate::domain::registers::stock::{self, StockItem};
use crate::domain::registers::{Entry, StockFields};
use crate::domain::Id;
use crate::ui::browser::today;
use crate::ui::operations::OpsNav;
use crate::ui::shell::set_title;
use crate::ui::state::use_state;
use leptos::prelude::*;

#[component]
pub fn StockPage() -> impl IntoView {
    let state = use_state();
    set_title(|| "Stock".into());
    let editing = RwSignal::new(None::<Id>);
    let problem = RwSignal::new(None::<String>);
    let name = RwSignal::new(String::new());
    let unit = RwSignal::new(String::new());
    let on_hand = RwSignal::new(String::new());
    let reorder = RwSignal::new(String::new());
    let up_to = RwSignal::new(String::new());
    let supplier = RwSignal::new(String::new());
    let site = RwSignal::new(String::new());
    let editing_name = Signal::derive(move || name.get());
    Effect::new(move |_| {
        let f = editing.get().and_then(|id| {
            state.registers.with_untracked(|r| {
                crate::domain::registers::find::<StockItem>(r, &id).map(Entry::fields)
            })
        });
        let show = |v: f64| stock::number(v);
        name.set(f.as_ref().map(|f| f.name.clone()).unwrap_or_default());
        unit.set(f.as_ref().map(|f| f.unit.clone()).unwrap_or_default());
        on_hand.set(f.as_ref().map(|f| show(f.on_hand)).unwrap_or_default());
        reorder.set(f.as_ref().map(|f| show(f.reorder_at)).unwrap_or_default());
        up_to.set(
            f.as_ref()
                .and_then(|f| f.order_up_to)
                .map(show)
                .unwrap_or_default(),
        );
        supplier.set(f.as_ref().map(|f| f.supplier.clone()).unwrap_or_default());
        site.set(
            f.and_then(|f| f.site)
                .map(|s| s.to_string())
                .unwrap_or_default(),
        );
    });
    let on_save = Callback::new(move |()| {
        let parsed = (|| {
            Ok::<_, crate::domain::DomainError>(StockFields {
                name: name.get_untracked(),
                unit: unit.get_untracked(),
                on_hand: number("On hand", &on_hand.get_untracked())?.unwrap_or(0.0),
                reorder_at: number("Reorder point", &reorder.get_untracked())?.unwrap_or(0.0),
                order_up_to: number("Order up to", &up_to.get_untracked())?,
                supplier: supplier.get_untracked(),
                site: chosen(site.get_untracked()),
            })
        })();
        let was = editing.get_untracked().is_some();
        match parsed.and_then(|f| save::<StockItem>(state, editing, f)) {
            Ok(()) => {
                problem.set(None);
                state.announce(if was {
                    "Stock item saved."
                } else {
                    "Stock item added."
                });
                for s in [name, unit, on_hand, reorder, up_to] {
                    s.set(String::new());
                }
            }
            Err(e) => problem.set(Some(e.to_string())),
        }
    });
    let list_problem = RwSignal::new(None::<String>);
    let rows = move || {
        state.registers.with(|r| {
            let mut v: Vec<(StockItem, String)> = r
                .stock
                .iter()
                .map(|s| (s.clone(), r.site_name(s.site.as_ref()).to_string()))
                .collect();
            crate::domain::sort::sort_by(&mut v, |a, b| {
                (!a.0.low(), &a.0.name).cmp(&(!b.0.low(), &b.0.name))
            });
            v
        })
    };
    let low = move || state.registers.with(|r| stock::to_order(r).len());
    let download = move |_| {
        let csv = state.registers.with_untracked(stock::purchase_csv);
        let file = format!("docket-purchase-list-{}.csv", today());
        match crate::ui::operations::ops_charts::download_csv(&file, &csv) {
            Ok(()) => state.announce(format!("Downloaded {file}.")),
            Err(e) => list_problem.set(Some(format!(
                "The purchase list could not be downloaded: {e}"
            ))),
        }
    };
    view! {
        <section class="page registers-page">
            <OpsNav/>
            <div class="page-head">
                <div>
                    <h1 tabindex="-1">"Stock"</h1>
                    <p class="lede">"What you keep, and what to order. A stock count checklist updates it when signed off."</p>
                </div>
            </div>
            <EntryForm id="stock-form" add="Add a stock item" button="Add stock item" editing=editing editing_name=editing_name problem=problem on_save=on_save>
                <div class="field-grid">
                    <div>
                        <label for="stock-form-name">"Name"</label>
                        <input id="stock-form-name" bind:value=name aria-invalid=move || problem.with(Option::is_some).then_some("true")/>
                    </div>
                    <div>
                        <label for="stock-form-unit">"Unit"</label>
                        <input id="stock-form-unit" bind:value=unit placeholder="e.g. boxes, kg"/>
                    </div>
                    <div>
                        <label for="stock-form-on-hand">"On hand"</label>
                        <input id="stock-form-on-hand" inputmode="decimal" bind:value=on_hand/>
                    </div>
                    <div>
                        <label for="stock-form-reorder">"Reorder at"</label>
                        <input id="stock-form-reorder" inputmode="decimal" bind:value=reorder/>
                    </div>
                    <div>
                        <label for="stock-form-up-to">"Order up to (optional)"</label>
                        <input id="stock-form-up-to" inputmode="decimal" bind:value=up_to aria-describedby="stock-form-up-to-hint"/>
                    </div>
                    <div>
                        <label for="stock-form-supplier">"Supplier"</label>
                        <input id="stock-form-supplier" bind:value=supplier/>
                    </div>
                    <div>
                        <label for="stock-form-site">"Site"</label>
                        <select id="stock-form-site" prop:value=move || site.get() on:change=move |ev| site.set(event_target_value(&ev))>
                            {site_options(site, "No site")}
                        </select>
                    </div>
                </div>
                <p id="stock-form-up-to-hint" class="hint">"Empty: twice the reorder point."</p>
            </EntryForm>
            <section aria-labelledby="stock-list-heading">
                <div class="section-head">
                    <h2 id="stock-list-heading">"Stock list"</h2>
                    <p class="muted">{move || match low() {
                        0 => "Nothing to order.".to_string(),
                        n => format!("{n} item(s) at or below their reorder point."),
                    }}</p>
                    <button type="button" on:click=download disabled=move || low() == 0>"Download purchase list (CSV)"</button>
                </div>
                <EntryTable problem=list_problem shown=Signal::derive(move || state.registers.with(|r| !r.stock.is_empty())) empty="No stock items yet. Add what you keep on the shelves."
                    label="Stock items" headings=&["Item", "On hand", "Reorder at", "To order", "Supplier", "Site"]
                >
                    <For each=rows key=|(s, site)| (s.id.clone(), s.updated, site.clone()) let:row>
                        {
                            let (s, site_name) = row;
                            let (id, nm) = (s.id.clone(), s.name.clone());
                            let unit = if s.unit.is_empty() { String::new() } else { format!(" {}", s.unit) };
                            let order = s.to_order();
                            view! {
                                <tr class:stock-low=s.low()>
                                    <th scope="row" dir="auto">{s.name.clone()}</th>
                                    <td>{format!("{}{unit}", stock::number(s.on_hand))}{s.low().then(|| view! { " " <span class="badge badge-warn">"Low"</span> })}</td>
                                    <td>{stock::number(s.reorder_at)}</td>
                                    <td>{if order > 0.0 { format!("{}{unit}", stock::number(order)) } else { String::new() }}</td>
                                    <td>{s.supplier.clone()}</td>
                                    <td>{site_name}</td>
                                    <td class="row-tools">
                                        {row_tools::<StockItem>(editing, id.clone(), nm.clone(), "stock-form", list_problem)}
                                    </td>
                                </tr>
                            }
                        }
                    </For>
                </EntryTable>
            </section>
        </section>
    }
}
