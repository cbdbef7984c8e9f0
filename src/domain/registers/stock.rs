//! Stock: what the company keeps on hand, when to reorder it and from whom. An
//! inventory-count checklist's number items can each count a stock item: signing the run
//! off sets each counted item's on-hand quantity ([`apply_counts`]). Items at or below their
//! reorder point make the purchase list ([`to_order`]).

use super::{known, quantity, Entry, Registers, Site};
use crate::domain::checklist::{AnswerKind, Run, Template, Value};
use crate::domain::stamps::Stamps;
use crate::domain::{clean_identity, clean_short, EntityKind, Id, Res, Ts};
use serde::{Deserialize, Serialize};

/// The largest quantity a stock item may hold.
pub const MAX_QUANTITY: f64 = 1e9;

/// One thing kept in stock.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct StockItem {
    pub id: Id,
    pub created: Ts,
    pub updated: Ts,
    pub name: String,
    /// What it is counted in ("kg", "boxes").
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub unit: String,
    pub on_hand: f64,
    /// At or below this, it is reordered.
    pub reorder_at: f64,
    /// What to order up to (none: twice the reorder point).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub order_up_to: Option<f64>,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub supplier: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub site: Option<Id>,
    #[serde(default, skip_serializing_if = "Stamps::is_empty")]
    pub stamps: Stamps,
}

/// What the stock form edits.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct StockFields {
    pub name: String,
    pub unit: String,
    pub on_hand: f64,
    pub reorder_at: f64,
    pub order_up_to: Option<f64>,
    pub supplier: String,
    pub site: Option<Id>,
}

impl Entry for StockItem {
    const KIND: EntityKind = EntityKind::Stock;
    const WHAT: &'static str = "stock item";
    type Fields = StockFields;
    fn list(r: &Registers) -> &Vec<Self> {
        &r.stock
    }
    fn list_mut(r: &mut Registers) -> &mut Vec<Self> {
        &mut r.stock
    }
    fn make(id: Id, now: Ts, f: StockFields) -> Self {
        StockItem {
            id,
            created: now,
            updated: now,
            name: f.name,
            unit: f.unit,
            on_hand: f.on_hand,
            reorder_at: f.reorder_at,
            order_up_to: f.order_up_to,
            supplier: f.supplier,
            site: f.site,
            stamps: Stamps::default(),
        }
    }
    fn fields(&self) -> StockFields {
        StockFields {
            name: self.name.clone(),
            unit: self.unit.clone(),
            on_hand: self.on_hand,
            reorder_at: self.reorder_at,
            order_up_to: self.order_up_to,
            supplier: self.supplier.clone(),
            site: self.site.clone(),
        }
    }
    fn set(&mut self, f: StockFields) {
        self.name = f.name;
        self.unit = f.unit;
        self.on_hand = f.on_hand;
        self.reorder_at = f.reorder_at;
        self.order_up_to = f.order_up_to;
        self.supplier = f.supplier;
        self.site = f.site;
    }
    fn check(f: StockFields, r: &Registers) -> Res<StockFields> {
        let reorder_at = quantity("Reorder point", f.reorder_at, MAX_QUANTITY)?;
        let order_up_to = match f.order_up_to {
            Some(v) => {
                let v = quantity("Order up to", v, MAX_QUANTITY)?;
                if v <= reorder_at {
                    return Err(crate::domain::DomainError::Invalid(
                        "Order up to must be more than the reorder point (or leave it empty)."
                            .into(),
                    ));
                }
                Some(v)
            }
            None => None,
        };
        Ok(StockFields {
            name: clean_identity("Stock item name", &f.name)?,
            unit: clean_short("Unit", &f.unit)?,
            on_hand: quantity("On hand", f.on_hand, MAX_QUANTITY)?,
            reorder_at,
            order_up_to,
            supplier: clean_short("Supplier", &f.supplier)?,
            site: known::<Site>(r, f.site)?,
        })
    }
}

impl StockItem {
    /// At or below its reorder point?
    pub fn low(&self) -> bool {
        self.on_hand <= self.reorder_at
    }

    /// How much to order to bring it back up (0 when it is not low).
    pub fn to_order(&self) -> f64 {
        if !self.low() {
            return 0.0;
        }
        let target = self.order_up_to.unwrap_or(self.reorder_at * 2.0);
        round((target - self.on_hand).max(0.0))
    }
}

/// Rounds a quantity to thousandths (what a count is typed in), so sums of decimals read
/// as typed.
pub fn round(v: f64) -> f64 {
    (v * 1000.0).round() / 1000.0
}

/// The stock items to order, by supplier then name.
pub fn to_order(r: &Registers) -> Vec<&StockItem> {
    let mut out: Vec<&StockItem> = r.stock.iter().filter(|s| s.low()).collect();
    crate::domain::sort::sort_by(&mut out, |a, b| {
        (a.supplier.to_lowercase(), a.name.to_lowercase())
            .cmp(&(b.supplier.to_lowercase(), b.name.to_lowercase()))
    });
    out
}

/// The purchase list as CSV (RFC 4180): supplier, item, unit, on hand, reorder point,
/// quantity to order.
pub fn purchase_csv(r: &Registers) -> String {
    let mut rows = vec![vec![
        "Supplier".to_string(),
        "Item".into(),
        "Unit".into(),
        "On hand".into(),
        "Reorder at".into(),
        "Order".into(),
    ]];
    for s in to_order(r) {
        rows.push(vec![
            s.supplier.clone(),
            s.name.clone(),
            s.unit.clone(),
            number(s.on_hand),
            number(s.reorder_at),
            number(s.to_order()),
        ]);
    }
    crate::domain::checklist::csv::rows(&rows)
}

/// A quantity as a person writes it: "12", "2.5".
pub fn number(v: f64) -> String {
    let v = round(v);
    if v.fract() == 0.0 && v.abs() < 1e15 {
        format!("{v:.0}")
    } else {
        format!("{v}")
    }
}

/// The counts a completed run carries: (stock item, counted quantity) for each answered
/// number item linked to a stock item that is still there.
pub fn counts(r: &Registers, template: &Template, run: &Run) -> Vec<(Id, f64)> {
    let hidden = run.hidden(template);
    run.items(template)
        .iter()
        .filter(|i| matches!(i.answer, AnswerKind::Number { .. }) && !hidden.contains(&i.id))
        .filter_map(|i| {
            let stock = i.stock.as_ref()?;
            let Some(Value::Number(v)) = run.value(&i.id) else {
                return None;
            };
            r.stock
                .iter()
                .any(|s| &s.id == stock)
                .then(|| (stock.clone(), *v))
        })
        .collect()
}

/// Sets each counted item's on-hand quantity to its count (a count is what is there, not
/// a change); a count out of range is left out. Returns the items changed.
pub fn apply_counts(r: &mut Registers, counts: &[(Id, f64)]) -> Vec<Id> {
    let mut changed = Vec::new();
    for (id, v) in counts {
        let Ok(v) = quantity("On hand", *v, MAX_QUANTITY) else {
            continue;
        };
        if let Some(s) = r.stock.iter_mut().find(|s| &s.id == id) {
            if s.on_hand != round(v) {
                s.on_hand = round(v);
                changed.push(id.clone());
            }
        }
    }
    changed
}
