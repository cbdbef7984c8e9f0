//! The operating budget and what was spent: budget lines (an area's planned amount for a
//! month), spend entries (typed in), and the actual cost of corrective actions (a card's
//! actual cost, counted in its checklist's area and its run's month). [`plan`] sets them
//! side by side, month by month and area by area, with the variance.

use super::{Entry, Registers};
use crate::domain::stamps::Stamps;
use crate::domain::validate::MAX_CENTS;
use crate::domain::{clean_short, clean_text, name_key, DomainError, EntityKind, Id, Res, Ts};
use crate::domain::{Project, Run, Template};
use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap, HashSet};

/// An area's planned spend for one month.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct BudgetLine {
    pub id: Id,
    pub created: Ts,
    pub updated: Ts,
    /// The area it is for (the same words as checklists' areas: "Kitchen").
    pub area: String,
    /// The month's first day.
    pub month: NaiveDate,
    /// In cents.
    pub planned: i64,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub note: String,
    #[serde(default, skip_serializing_if = "Stamps::is_empty")]
    pub stamps: Stamps,
}

/// What the budget form edits.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct BudgetLineFields {
    pub area: String,
    /// Any day of the month (kept as its first day).
    pub month: NaiveDate,
    pub planned: i64,
    pub note: String,
}

/// Money spent.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SpendEntry {
    pub id: Id,
    pub created: Ts,
    pub updated: Ts,
    pub date: NaiveDate,
    pub area: String,
    /// In cents.
    pub amount: i64,
    /// What it was for.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub what: String,
    #[serde(default, skip_serializing_if = "Stamps::is_empty")]
    pub stamps: Stamps,
}

/// What the spend form edits.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct SpendFields {
    pub date: NaiveDate,
    pub area: String,
    pub amount: i64,
    pub what: String,
}

fn cents(what: &str, v: i64) -> Res<i64> {
    if !(0..=MAX_CENTS).contains(&v) {
        return Err(DomainError::Invalid(format!(
            "{what} must be an amount from 0 up."
        )));
    }
    Ok(v)
}

fn area(raw: &str) -> Res<String> {
    let a = clean_short("Area", raw)?;
    if a.is_empty() {
        return Err(DomainError::Empty("Area"));
    }
    Ok(a)
}

/// The first day of `d`'s month.
pub fn month_of(d: NaiveDate) -> NaiveDate {
    d.with_day(1).unwrap_or(d)
}

impl Entry for BudgetLine {
    const KIND: EntityKind = EntityKind::BudgetLine;
    const WHAT: &'static str = "budget line";
    type Fields = BudgetLineFields;
    fn list(r: &Registers) -> &Vec<Self> {
        &r.budget
    }
    fn list_mut(r: &mut Registers) -> &mut Vec<Self> {
        &mut r.budget
    }
    fn make(id: Id, now: Ts, f: BudgetLineFields) -> Self {
        BudgetLine {
            id,
            created: now,
            updated: now,
            area: f.area,
            month: f.month,
            planned: f.planned,
            note: f.note,
            stamps: Stamps::default(),
        }
    }
    fn fields(&self) -> BudgetLineFields {
        BudgetLineFields {
            area: self.area.clone(),
            month: self.month,
            planned: self.planned,
            note: self.note.clone(),
        }
    }
    fn set(&mut self, f: BudgetLineFields) {
        self.area = f.area;
        self.month = f.month;
        self.planned = f.planned;
        self.note = f.note;
    }
    fn check(f: BudgetLineFields, _: &Registers) -> Res<BudgetLineFields> {
        Ok(BudgetLineFields {
            area: area(&f.area)?,
            month: month_of(f.month),
            planned: cents("Planned", f.planned)?,
            note: clean_short("Note", &f.note)?,
        })
    }
}

impl Entry for SpendEntry {
    const KIND: EntityKind = EntityKind::Spend;
    const WHAT: &'static str = "spend entry";
    type Fields = SpendFields;
    fn list(r: &Registers) -> &Vec<Self> {
        &r.spend
    }
    fn list_mut(r: &mut Registers) -> &mut Vec<Self> {
        &mut r.spend
    }
    fn make(id: Id, now: Ts, f: SpendFields) -> Self {
        SpendEntry {
            id,
            created: now,
            updated: now,
            date: f.date,
            area: f.area,
            amount: f.amount,
            what: f.what,
            stamps: Stamps::default(),
        }
    }
    fn fields(&self) -> SpendFields {
        SpendFields {
            date: self.date,
            area: self.area.clone(),
            amount: self.amount,
            what: self.what.clone(),
        }
    }
    fn set(&mut self, f: SpendFields) {
        self.date = f.date;
        self.area = f.area;
        self.amount = f.amount;
        self.what = f.what;
    }
    fn check(f: SpendFields, _: &Registers) -> Res<SpendFields> {
        Ok(SpendFields {
            date: f.date,
            area: area(&f.area)?,
            amount: cents("Amount", f.amount)?,
            what: clean_text("What it was for", &f.what)?,
        })
    }
}

/// One amount spent, wherever it was recorded.
#[derive(Clone, Debug, PartialEq)]
pub struct Spent {
    pub date: NaiveDate,
    pub area: String,
    pub amount: i64,
    pub what: String,
    /// The corrective action's card it comes from: (project, card).
    pub card: Option<(Id, Id)>,
}

/// Every amount spent: the entries, and each corrective action's card with an actual cost
/// (once, in its checklist's area, on its run's day).
pub fn spent(
    r: &Registers,
    runs: &[Run],
    templates: &[Template],
    projects: &[Project],
) -> Vec<Spent> {
    let mut out: Vec<Spent> = r
        .spend
        .iter()
        .map(|s| Spent {
            date: s.date,
            area: s.area.clone(),
            amount: s.amount,
            what: s.what.clone(),
            card: None,
        })
        .collect();
    let areas: HashMap<&Id, &str> = templates.iter().map(|t| (&t.id, t.area.as_str())).collect();
    let projects: HashMap<&Id, &Project> = projects.iter().map(|p| (&p.id, p)).collect();
    let mut seen: HashSet<&Id> = HashSet::new();
    for run in runs {
        for a in &run.actions {
            let Some(p) = projects.get(&a.project).filter(|p| a.is_live(p)) else {
                continue;
            };
            let Some(card) = p.card(&a.card) else {
                continue;
            };
            let Some(cost) = card.cost_actual.filter(|c| *c > 0) else {
                continue;
            };
            if !seen.insert(&card.id) {
                continue;
            }
            let area = areas.get(&run.template).copied().unwrap_or_default();
            out.push(Spent {
                date: run.date,
                area: if area.is_empty() {
                    "Other".into()
                } else {
                    area.into()
                },
                amount: cost,
                what: card.title.clone(),
                card: Some((p.id.clone(), card.id.clone())),
            });
        }
    }
    out
}

/// Planned and actual spend of one area in one month (cents).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Cell {
    pub planned: i64,
    pub actual: i64,
}

impl Cell {
    /// Planned minus actual: below zero is over budget.
    pub fn variance(&self) -> i64 {
        self.planned.saturating_sub(self.actual)
    }
    fn add(&mut self, other: Cell) {
        self.planned = self.planned.saturating_add(other.planned);
        self.actual = self.actual.saturating_add(other.actual);
    }
}

/// One area's year.
#[derive(Clone, Debug, PartialEq)]
pub struct AreaRow {
    pub area: String,
    /// January to December.
    pub months: [Cell; 12],
    pub total: Cell,
}

/// A year's planned against actual, by area and month.
#[derive(Clone, Debug, PartialEq)]
pub struct Plan {
    pub year: i32,
    /// By area name (as first written).
    pub areas: Vec<AreaRow>,
    /// Each month's total, January to December.
    pub months: [Cell; 12],
    pub total: Cell,
}

/// The year's budget lines and spending set side by side (areas matched ignoring case and
/// spaces).
pub fn plan(r: &Registers, spent: &[Spent], year: i32) -> Plan {
    let mut rows: BTreeMap<String, AreaRow> = BTreeMap::new();
    let mut put = |area: &str, d: NaiveDate, c: Cell| {
        if d.year() != year {
            return;
        }
        let row = rows.entry(name_key(area)).or_insert_with(|| AreaRow {
            area: area.to_string(),
            months: [Cell::default(); 12],
            total: Cell::default(),
        });
        if let Some(m) = row.months.get_mut(d.month0() as usize) {
            m.add(c);
        }
        row.total.add(c);
    };
    for b in &r.budget {
        put(
            &b.area,
            b.month,
            Cell {
                planned: b.planned,
                actual: 0,
            },
        );
    }
    for s in spent {
        put(
            &s.area,
            s.date,
            Cell {
                planned: 0,
                actual: s.amount,
            },
        );
    }
    let areas: Vec<AreaRow> = rows.into_values().collect();
    let mut months = [Cell::default(); 12];
    let mut total = Cell::default();
    for a in &areas {
        for (m, c) in months.iter_mut().zip(a.months.iter()) {
            m.add(*c);
        }
        total.add(a.total);
    }
    Plan {
        year,
        areas,
        months,
        total,
    }
}
