//! The table view of a board: its cards as rows, sorted by any column of the table and
//! filtered with the board's filter; a row edited in place; and the operations on many
//! cards at once (move, assign, label, delete), each one named operation, so one undo step.
//!
//! Sorting: a column's empty cells (no date, no estimate, nobody assigned, "No priority",
//! no subtasks) come last whichever the direction, and equal values keep the board's order
//! (columns left to right, then each column top to bottom), so a sort is stable and a
//! second click only reverses the cards that have a value.

use super::board::CardDraft;
use super::draft::Overwritten;
use super::filter::Filter;
use super::project::{format_cents, parse_cents};
use super::{sort, Card, DomainError, Env, Id, Person, Priority, Project, Res};
use chrono::NaiveDate;
use std::cmp::Ordering;
use std::collections::{HashMap, HashSet};

/// What the table is sorted by (its columns, plus the board's own order).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum SortKey {
    /// The board's order: columns left to right, each top to bottom.
    #[default]
    Board,
    Title,
    Column,
    Assignees,
    Labels,
    Priority,
    Start,
    Due,
    Estimate,
    CostPlanned,
    CostActual,
    /// The share of subtasks done.
    Subtasks,
}

impl SortKey {
    /// The table's sortable columns, in the order shown.
    pub const COLUMNS: [SortKey; 11] = [
        SortKey::Title,
        SortKey::Column,
        SortKey::Assignees,
        SortKey::Labels,
        SortKey::Priority,
        SortKey::Start,
        SortKey::Due,
        SortKey::Estimate,
        SortKey::CostPlanned,
        SortKey::CostActual,
        SortKey::Subtasks,
    ];

    /// The column's heading.
    pub fn label(self) -> &'static str {
        match self {
            SortKey::Board => "Board order",
            SortKey::Title => "Title",
            SortKey::Column => "Column",
            SortKey::Assignees => "Assignees",
            SortKey::Labels => "Labels",
            SortKey::Priority => "Priority",
            SortKey::Start => "Start",
            SortKey::Due => "Due",
            SortKey::Estimate => "Estimate",
            SortKey::CostPlanned => "Planned cost",
            SortKey::CostActual => "Actual cost",
            SortKey::Subtasks => "Subtasks done",
        }
    }
}

/// A sort: the key and its direction.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Sort {
    pub key: SortKey,
    pub descending: bool,
}

impl Sort {
    /// The sort after a click on a column's heading: that column ascending, or the other
    /// direction when it was already sorted by it.
    pub fn toggled(self, key: SortKey) -> Sort {
        Sort {
            key,
            descending: self.key == key && !self.descending,
        }
    }
}

/// A value cells are sorted by.
enum Val {
    N(f64),
    T(String),
}

fn cmp_val(a: &Val, b: &Val) -> Ordering {
    match (a, b) {
        (Val::N(x), Val::N(y)) => x.total_cmp(y),
        (Val::T(x), Val::T(y)) => x.cmp(y),
        (Val::N(_), Val::T(_)) => Ordering::Less,
        (Val::T(_), Val::N(_)) => Ordering::Greater,
    }
}

/// The names of a list of ids, sorted, joined and in lower case (a cell's sort value).
fn names(ids: &[Id], name: impl Fn(&Id) -> Option<String>) -> Option<Val> {
    let mut v: Vec<String> = ids
        .iter()
        .filter_map(name)
        .map(|n| n.to_lowercase())
        .collect();
    if v.is_empty() {
        return None;
    }
    sort::sort_by(&mut v, Ord::cmp);
    Some(Val::T(v.join(", ")))
}

/// The share of a card's subtasks done, `None` without subtasks.
pub fn subtasks_done(c: &Card) -> Option<(usize, usize)> {
    (!c.subtasks.is_empty()).then(|| {
        (
            c.subtasks.iter().filter(|s| s.done).count(),
            c.subtasks.len(),
        )
    })
}

fn value(
    key: SortKey,
    c: &Card,
    column: usize,
    p: &Project,
    people: &HashMap<&Id, &str>,
) -> Option<Val> {
    let date = |d: Option<NaiveDate>| d.map(|d| Val::N(f64::from(d.num_days_from_ce())));
    let cents = |c: Option<i64>| c.map(|c| Val::N(c as f64));
    match key {
        SortKey::Board => None,
        SortKey::Title => Some(Val::T(c.title.to_lowercase())),
        SortKey::Column => Some(Val::N(column as f64)),
        SortKey::Assignees => names(&c.assignees, |a| people.get(a).map(|n| n.to_string())),
        SortKey::Labels => names(&c.labels, |l| p.label(l).map(|l| l.name.clone())),
        SortKey::Priority => {
            (c.priority != Priority::None).then(|| Val::N(f64::from(c.priority as u8)))
        }
        SortKey::Start => date(c.start),
        SortKey::Due => date(c.due),
        SortKey::Estimate => c.estimate.map(Val::N),
        SortKey::CostPlanned => cents(c.cost_planned),
        SortKey::CostActual => cents(c.cost_actual),
        SortKey::Subtasks => subtasks_done(c).map(|(d, n)| Val::N(d as f64 / n as f64)),
    }
}

use chrono::Datelike;

/// The table's rows: the ids of the board's cards (archived cards are not on it) that pass
/// `filter`, in the order of `sort` (see the module notes). `people` names assignees.
pub fn rows(
    p: &Project,
    people: &[Person],
    filter: &Filter,
    today: NaiveDate,
    sort: Sort,
) -> Vec<Id> {
    let columns: HashMap<&Id, usize> = p
        .columns
        .iter()
        .enumerate()
        .map(|(i, c)| (&c.id, i))
        .collect();
    let names: HashMap<&Id, &str> = people.iter().map(|x| (&x.id, x.name.as_str())).collect();
    let done = p.done_column_id();
    struct Row<'a> {
        card: &'a Card,
        /// (column, place in the project's rank order)
        board: (usize, usize),
        key: Option<Val>,
    }
    let mut v: Vec<Row> = p
        .cards
        .iter()
        .enumerate()
        .filter(|(_, c)| !c.archived && filter.matches(c, done, today))
        .filter_map(|(i, c)| {
            let col = *columns.get(&c.column)?;
            Some(Row {
                card: c,
                board: (col, i),
                key: value(sort.key, c, col, p, &names),
            })
        })
        .collect();
    sort::sort_by(&mut v, |a, b| {
        let by_key = match (&a.key, &b.key) {
            (Some(x), Some(y)) => {
                let o = cmp_val(x, y);
                if sort.descending {
                    o.reverse()
                } else {
                    o
                }
            }
            (Some(_), None) => Ordering::Less,
            (None, Some(_)) => Ordering::Greater,
            (None, None) => Ordering::Equal,
        };
        by_key.then(a.board.cmp(&b.board))
    });
    v.into_iter().map(|r| r.card.id.clone()).collect()
}

/// What a row edits in place: the card's title, column, priority, dates, estimate and
/// costs (assignees and labels change by the selection's Assign and Label).
#[derive(Clone, Debug, PartialEq)]
pub struct RowEdit {
    pub title: String,
    pub column: Id,
    pub priority: Priority,
    pub start: Option<NaiveDate>,
    pub due: Option<NaiveDate>,
    pub estimate: Option<f64>,
    pub cost_planned: Option<i64>,
    pub cost_actual: Option<i64>,
}

impl RowEdit {
    /// The row of a card as it is.
    pub fn of(c: &Card) -> RowEdit {
        RowEdit {
            title: c.title.clone(),
            column: c.column.clone(),
            priority: c.priority,
            start: c.start,
            due: c.due,
            estimate: c.estimate,
            cost_planned: c.cost_planned,
            cost_actual: c.cost_actual,
        }
    }

    /// The row's fields as text for its inputs (money without currency, dates ISO).
    pub fn text(&self) -> RowText {
        let money = |c: Option<i64>| {
            c.map(|c| format_cents(c, "").replace(',', ""))
                .unwrap_or_default()
        };
        RowText {
            title: self.title.clone(),
            column: self.column.to_string(),
            priority: self.priority.key().to_string(),
            start: self.start.map(|d| d.to_string()).unwrap_or_default(),
            due: self.due.map(|d| d.to_string()).unwrap_or_default(),
            estimate: self.estimate.map(|e| e.to_string()).unwrap_or_default(),
            cost_planned: money(self.cost_planned),
            cost_actual: money(self.cost_actual),
        }
    }
}

/// A row's fields as typed.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct RowText {
    pub title: String,
    pub column: String,
    pub priority: String,
    pub start: String,
    pub due: String,
    pub estimate: String,
    pub cost_planned: String,
    pub cost_actual: String,
}

/// Which field of a row a message is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RowField {
    Title,
    Column,
    Priority,
    Start,
    Due,
    Estimate,
    CostPlanned,
    CostActual,
}

impl RowText {
    /// Reads what was typed, or says which field can't be read and why.
    pub fn parse(&self) -> Result<RowEdit, (RowField, String)> {
        let date =
            |s: &str, f: RowField, what: &str| -> Result<Option<NaiveDate>, (RowField, String)> {
                let s = s.trim();
                if s.is_empty() {
                    return Ok(None);
                }
                super::dates::parse_day(s).map(Some).ok_or_else(|| {
                    (
                        f,
                        format!("The {what} “{s}” is not a date: type e.g. 2026-12-24."),
                    )
                })
            };
        let money = |s: &str, f: RowField, what: &str| -> Result<Option<i64>, (RowField, String)> {
            if s.trim().is_empty() {
                return Ok(None);
            }
            match parse_cents(s) {
                Some(c) if c >= 0 => Ok(Some(c)),
                _ => Err((f, format!("The {what} “{}” is not an amount of 0 or more: type e.g. 1200 or 1,200.50.", s.trim()))),
            }
        };
        let estimate = {
            let t = self.estimate.trim().replace(',', ".");
            if t.is_empty() {
                None
            } else {
                match t.parse::<f64>() {
                    Ok(e) if e.is_finite() && e >= 0.0 => Some(e),
                    _ => {
                        return Err((
                            RowField::Estimate,
                            format!(
                            "The estimate “{}” is not a number of 0 or more: type e.g. 3 or 2.5.",
                            self.estimate.trim()
                        ),
                        ))
                    }
                }
            }
        };
        let start = date(&self.start, RowField::Start, "start date")?;
        let due = date(&self.due, RowField::Due, "due date")?;
        if let (Some(s), Some(d)) = (start, due) {
            if d < s {
                return Err((
                    RowField::Due,
                    format!("The due date ({d}) is before the start ({s}): pick a later date."),
                ));
            }
        }
        if self.title.trim().is_empty() {
            return Err((RowField::Title, "A card needs a title.".into()));
        }
        Ok(RowEdit {
            title: self.title.clone(),
            column: Id(self.column.clone()),
            priority: Priority::from_key(&self.priority).ok_or((
                RowField::Priority,
                "Pick a priority from the list.".to_string(),
            ))?,
            start,
            due,
            estimate,
            cost_planned: money(&self.cost_planned, RowField::CostPlanned, "planned cost")?,
            cost_actual: money(&self.cost_actual, RowField::CostActual, "actual cost")?,
        })
    }
}

/// Refuses an empty selection and cards that are not on the board; gives the cards'
/// indices, once each, in the order given.
fn on_board(p: &Project, ids: &[Id]) -> Res<Vec<Id>> {
    if ids.is_empty() {
        return Err(DomainError::Invalid(
            "Select at least one card first.".into(),
        ));
    }
    let here: HashSet<&Id> = p
        .cards
        .iter()
        .filter(|c| !c.archived)
        .map(|c| &c.id)
        .collect();
    let mut seen = HashSet::new();
    let mut out = Vec::with_capacity(ids.len());
    for id in ids {
        if !here.contains(id) {
            return Err(DomainError::Invalid(
                "A selected card is no longer on the board (deleted or archived meanwhile): nothing was changed."
                    .into(),
            ));
        }
        if seen.insert(id) {
            out.push(id.clone());
        }
    }
    Ok(out)
}

impl Project {
    /// Saves a row edited in place: only the fields the person changed since the row opened
    /// (`opened` to `mine`) are applied to the card as it is now (a field someone else
    /// changed meanwhile keeps their value unless the person changed it too: then the
    /// person's value is saved and returned, to tell them). A new column puts the card at
    /// the bottom of that column.
    pub fn save_row(
        &mut self,
        env: &mut dyn Env,
        id: &Id,
        opened: &RowEdit,
        mine: RowEdit,
    ) -> Res<Vec<Overwritten>> {
        let card = self.card(id).ok_or(DomainError::NotFound("card"))?;
        if mine.column != opened.column && self.column(&mine.column).is_none() {
            return Err(DomainError::NotFound("column"));
        }
        let base = CardDraft::of(card);
        let draft = |r: &RowEdit| {
            let mut d = base.clone();
            let f = &mut d.fields;
            (f.title, f.priority, f.start, f.due) = (r.title.clone(), r.priority, r.start, r.due);
            (f.estimate, f.cost_planned, f.cost_actual) =
                (r.estimate, r.cost_planned, r.cost_actual);
            d
        };
        let clashes = self.save_card_draft(env, id, &draft(opened), draft(&mine))?;
        if mine.column != opened.column {
            let card = self.card(id).ok_or(DomainError::NotFound("card"))?;
            if card.column != mine.column {
                self.move_card(env, id, &mine.column, usize::MAX)?;
            }
        }
        Ok(clashes)
    }

    /// Moves the cards `ids` to the bottom of `column`, in the order given (cards already
    /// there stay where they are). Returns how many moved.
    pub fn move_cards(&mut self, env: &mut dyn Env, ids: &[Id], column: &Id) -> Res<usize> {
        let ids = on_board(self, ids)?;
        if self.column(column).is_none() {
            return Err(DomainError::NotFound("column"));
        }
        let mut n = 0usize;
        for id in &ids {
            if self.card(id).is_some_and(|c| &c.column != column) {
                self.move_card(env, id, column, usize::MAX)?;
                n = n.saturating_add(1);
            }
        }
        Ok(n)
    }

    /// Assigns `person` to the cards `ids` (`on`), or takes them off (`!on`). Returns how
    /// many cards changed.
    pub fn assign_cards(
        &mut self,
        env: &mut dyn Env,
        ids: &[Id],
        person: &Id,
        on: bool,
    ) -> Res<usize> {
        let ids = on_board(self, ids)?;
        self.each_list(env, &ids, on, person, "people on a card", |c| {
            &mut c.assignees
        })
    }

    /// Puts the label on the cards `ids` (`on`), or takes it off (`!on`). Returns how many
    /// cards changed.
    pub fn label_cards(
        &mut self,
        env: &mut dyn Env,
        ids: &[Id],
        label: &Id,
        on: bool,
    ) -> Res<usize> {
        let ids = on_board(self, ids)?;
        if self.label(label).is_none() {
            return Err(DomainError::NotFound("label"));
        }
        self.each_list(env, &ids, on, label, "labels on a card", |c| &mut c.labels)
    }

    /// Adds `x` to (or removes it from) a list of each card; all or nothing.
    fn each_list(
        &mut self,
        env: &mut dyn Env,
        ids: &[Id],
        on: bool,
        x: &Id,
        what: &'static str,
        list: fn(&mut Card) -> &mut Vec<Id>,
    ) -> Res<usize> {
        let want: HashSet<&Id> = ids.iter().collect();
        let most = super::validate::max::PER_CARD;
        if on {
            for c in self.cards.iter_mut().filter(|c| want.contains(&c.id)) {
                let l = list(c);
                if !l.contains(x) {
                    super::at_most(what, l.len().saturating_add(1), most)?;
                }
            }
        }
        let now = env.now();
        let mut n = 0usize;
        for c in self.cards.iter_mut().filter(|c| want.contains(&c.id)) {
            let l = list(c);
            let has = l.contains(x);
            if has == on {
                continue;
            }
            if on {
                l.push(x.clone());
                *l = super::stamps::as_set(std::mem::take(l));
            } else {
                l.retain(|y| y != x);
            }
            c.updated = now;
            n = n.saturating_add(1);
        }
        Ok(n)
    }

    /// Deletes the cards `ids` into the trash (each restorable on its own); cards they
    /// blocked no longer wait for them. Returns how many.
    pub fn delete_cards(&mut self, env: &mut dyn Env, ids: &[Id]) -> Res<usize> {
        let ids = on_board(self, ids)?;
        for id in &ids {
            self.delete_card(env, id)?;
        }
        Ok(ids.len())
    }
}
