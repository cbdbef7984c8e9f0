//! The invariants of Docket's data, checked in one place wherever data comes in: a file
//! being imported (`exchange::format::parse`), a record read from storage (`storage`, on
//! start and when another tab wrote it), a journal being finished. Every text and list has
//! a bound, every date and time lies in [`FIRST_YEAR`]..=[`LAST_YEAR`], ids are well
//! formed (they become storage keys) and unique, ranks are valid, references resolve. Data
//! that passes can be shown by every view without a panic or a freeze.
//!
//! Each problem is an [`Issue`] with a JSON path (`projects[0].cards[3].due`), relative to
//! what was checked; the path is only written out for a problem.

use super::checklist::{AnswerKind, Value};
use super::stamps::{PerField, Stamps};
use super::{
    Card, Column, DomainError, Id, Person, Project, Run, Template, Tombstone, Trashed, Ts,
};
use chrono::{Datelike, NaiveDate};
use std::collections::{HashMap, HashSet};

pub use super::{MAX_NAME, MAX_TEXT};

/// Earliest year of any date or time.
pub const FIRST_YEAR: i32 = 1900;
/// Latest year of any date or time.
pub const LAST_YEAR: i32 = 2200;
/// Largest amount in cents: far beyond any project, small enough that sums never overflow.
pub const MAX_CENTS: i64 = 1_000_000_000_000_000;
/// Largest estimate.
pub const MAX_ESTIMATE: f64 = 1e9;
/// How far in the future (beyond the importing machine's clock) a deletion may be dated.
pub const MAX_SKEW_HOURS: i64 = 24;

/// Most items of each list (a file or a record with more is refused: lists are shown
/// whole, and a list of a million items freezes the page).
pub mod max {
    pub const PEOPLE: usize = 10_000;
    pub const PROJECTS: usize = 2_000;
    pub const TEMPLATES: usize = 2_000;
    pub const RUNS: usize = 200_000;
    pub const TOMBSTONES: usize = 200_000;
    /// Columns of a board.
    pub const COLUMNS: usize = 200;
    /// Cards of a project, live and in its trash together.
    pub const CARDS: usize = 50_000;
    /// Subtasks, assignees, labels and blockers of one card.
    pub const PER_CARD: usize = 200;
    /// Labels, deliverables and stakeholders of a project.
    pub const PER_PROJECT: usize = 200;
    pub const RISKS: usize = 1_000;
    /// Entries of a project's or checklist's trash and of its "deleted for good" list.
    pub const TRASH: usize = 10_000;
    pub const REMOVED: usize = 100_000;
    /// Recorded card moves of a project.
    pub const MOVES: usize = 1_000_000;
    /// Items and sections of a checklist (and of each earlier version).
    pub const ITEMS: usize = 1_000;
    pub const VERSIONS: usize = 1_000;
    /// Answers and corrective actions of a run.
    pub const ANSWERS: usize = 1_000;
    /// Field stamps of one entity (its fields, and each list element added or removed).
    pub const STAMPS: usize = 1_000;
    /// Comments on one card (each keeps a stamp: fewer than [`STAMPS`]).
    pub const COMMENTS: usize = 500;
    /// History entries of one card, and of a project's own list.
    pub const HISTORY: usize = 100_000;
}

/// One broken invariant: where (a JSON path relative to what was checked) and what.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Issue {
    pub path: String,
    pub message: String,
}

/// The problems found so far, and the entity ids seen (each must be unique).
#[derive(Default)]
pub struct Issues {
    pub list: Vec<Issue>,
    seen: HashMap<Id, String>,
}

/// A path written out only when a problem is found.
fn at(base: &str, field: &str) -> String {
    if field.is_empty() {
        base.to_string()
    } else if base.is_empty() {
        field.to_string()
    } else if field.starts_with('[') {
        format!("{base}{field}")
    } else {
        format!("{base}.{field}")
    }
}

impl Issues {
    pub fn is_empty(&self) -> bool {
        self.list.is_empty()
    }

    fn push(&mut self, path: String, message: impl Into<String>) {
        self.list.push(Issue {
            path,
            message: message.into(),
        });
    }

    /// An id that names something stored (becomes part of a storage key): well formed.
    fn well_formed(&mut self, id: &Id, base: &str, field: &str) -> bool {
        if Id::is_well_formed(&id.0) {
            return true;
        }
        let shown: String = id.0.chars().take(70).collect();
        self.push(
            at(base, field),
            format!("not a valid id: '{shown}' (1 to 64 of A-Z a-z 0-9 - _)"),
        );
        false
    }

    /// Each id of a list at `base.field`, well formed (the path of an element is written
    /// only for one that is not).
    fn ids(&mut self, ids: &[Id], base: &str, field: &str) {
        for (k, id) in ids.iter().enumerate() {
            if !Id::is_well_formed(&id.0) {
                self.well_formed(id, base, &format!("{field}[{k}]"));
            }
        }
    }

    /// The id of an entity at `base`: well formed and not used by another entity.
    fn entity(&mut self, id: &Id, base: &str) {
        if !self.well_formed(id, base, "id") {
            return;
        }
        if let Some(first) = self.seen.get(id) {
            let message = format!("the id '{id}' is also used by {first}");
            self.push(at(base, "id"), message);
        } else {
            self.seen.insert(id.clone(), base.to_string());
        }
    }

    /// A required name: not blank, at most [`MAX_NAME`] characters.
    fn name(&mut self, s: &str, base: &str, field: &str) {
        if s.trim().is_empty() {
            self.push(at(base, field), "is empty");
        } else {
            self.text_up_to(s, MAX_NAME, base, field);
        }
    }

    /// A short optional text (a role, a label, a subtask): at most [`MAX_NAME`].
    fn short(&mut self, s: &str, base: &str, field: &str) {
        self.text_up_to(s, MAX_NAME, base, field);
    }

    /// A free text (a description, a note): at most [`MAX_TEXT`].
    fn text(&mut self, s: &str, base: &str, field: &str) {
        self.text_up_to(s, MAX_TEXT, base, field);
    }

    fn text_up_to(&mut self, s: &str, limit: usize, base: &str, field: &str) {
        if s.len() > limit && s.chars().count() > limit {
            self.push(
                at(base, field),
                format!("is longer than {limit} characters"),
            );
        }
    }

    fn count(&mut self, n: usize, limit: usize, base: &str, field: &str) {
        if n > limit {
            self.push(
                at(base, field),
                format!("has {n} entries; at most {limit} are allowed"),
            );
        }
    }

    fn date(&mut self, d: Option<NaiveDate>, base: &str, field: &str) {
        if let Some(d) = d {
            if !(FIRST_YEAR..=LAST_YEAR).contains(&d.year()) {
                self.push(
                    at(base, field),
                    format!("the date {d} is outside the years {FIRST_YEAR} to {LAST_YEAR}"),
                );
            }
        }
    }

    fn time(&mut self, t: Ts, base: &str, field: &str) {
        if !(FIRST_YEAR..=LAST_YEAR).contains(&t.year()) {
            self.push(
                at(base, field),
                format!(
                    "the time {} is outside the years {FIRST_YEAR} to {LAST_YEAR}",
                    t.to_rfc3339()
                ),
            );
        }
    }

    fn stamps(&mut self, created: Ts, updated: Ts, base: &str) {
        self.time(created, base, "created");
        self.time(updated, base, "updated");
    }

    /// An entity's field stamps (`domain::stamps`): known fields, list elements with
    /// well-formed ids, times in range.
    fn field_stamps<T: PerField>(&mut self, s: &Stamps, base: &str) {
        self.count(s.len(), max::STAMPS, base, "stamps");
        for (k, t) in s.iter().take(max::STAMPS) {
            let known = k == "*"
                || T::FIELDS.contains(&k)
                || T::LISTS.contains(&k)
                || k.split_once('/')
                    .is_some_and(|(l, id)| T::LISTS.contains(&l) && Id::is_well_formed(id));
            if known && (FIRST_YEAR..=LAST_YEAR).contains(&t.year()) {
                // The usual case: no text is built (a load checks every stamp of every card).
                continue;
            }
            let shown: String = k.chars().take(70).collect();
            if !known {
                self.push(
                    at(base, "stamps"),
                    format!("'{shown}' is not a field this can stamp"),
                );
            }
            self.time(t, base, &format!("stamps.{shown}"));
        }
    }

    fn rank(&mut self, r: &str, base: &str) {
        if !super::rank::is_valid(r) || r.len() > MAX_NAME {
            let shown: String = r.chars().take(70).collect();
            self.push(
                at(base, "rank"),
                format!("not a valid position key: '{shown}'"),
            );
        }
    }

    fn cents(&mut self, v: Option<i64>, base: &str, field: &str) {
        if v.is_some_and(|v| !(0..=MAX_CENTS).contains(&v)) {
            self.push(
                at(base, field),
                format!("must be an amount in cents from 0 to {MAX_CENTS}"),
            );
        }
    }

    /// Ids in a list that only need to be well formed and unique in that list.
    fn local_ids<'a>(&mut self, ids: impl Iterator<Item = &'a Id>, base: &str, field: &str) {
        let mut seen = HashSet::new();
        for (i, id) in ids.enumerate() {
            let path = || format!("{}[{i}]", at(base, field));
            if !Id::is_well_formed(&id.0) {
                self.well_formed(id, &path(), "id");
            } else if !seen.insert(id) {
                self.push(
                    at(&path(), "id"),
                    format!("the id '{id}' is used twice in this list"),
                );
            }
        }
    }
}

/// A person of the directory.
pub fn person(p: &Person, base: &str, out: &mut Issues) {
    out.entity(&p.id, base);
    out.stamps(p.created, p.updated, base);
    out.field_stamps::<Person>(&p.stamps, base);
    out.name(&p.name, base, "name");
    out.short(&p.role, base, "role");
    out.short(&p.email, base, "email");
    if crate::domain::people::check_capacity(p.capacity).is_err() {
        out.push(at(base, "capacity"), "must be hours a week, from 0 to 168");
    }
}

/// A tombstone.
pub fn tombstone(t: &Tombstone, base: &str, out: &mut Issues) {
    out.well_formed(&t.id, base, "id");
    out.time(t.at, base, "at");
}

/// A column of a board.
pub fn column(c: &Column, base: &str, out: &mut Issues) {
    out.entity(&c.id, base);
    out.stamps(c.created, c.updated, base);
    out.field_stamps::<Column>(&c.stamps, base);
    out.name(&c.name, base, "name");
    out.rank(&c.rank, base);
}

/// A card, on its own (its column and blockers are checked with its project).
pub fn card(c: &Card, base: &str, out: &mut Issues) {
    out.entity(&c.id, base);
    out.stamps(c.created, c.updated, base);
    out.field_stamps::<Card>(&c.stamps, base);
    out.well_formed(&c.column, base, "column");
    out.rank(&c.rank, base);
    out.name(&c.title, base, "title");
    out.text(&c.description, base, "description");
    out.date(c.start, base, "start");
    out.date(c.due, base, "due");
    out.count(c.assignees.len(), max::PER_CARD, base, "assignees");
    out.count(c.labels.len(), max::PER_CARD, base, "labels");
    out.count(c.subtasks.len(), max::PER_CARD, base, "subtasks");
    out.count(c.blocked_by.len(), max::PER_CARD, base, "blocked_by");
    out.ids(&c.assignees, base, "assignees");
    out.ids(&c.labels, base, "labels");
    out.ids(&c.blocked_by, base, "blocked_by");
    out.local_ids(c.subtasks.iter().map(|s| &s.id), base, "subtasks");
    for (k, s) in c.subtasks.iter().enumerate() {
        if s.text.len() > MAX_NAME {
            out.short(&s.text, base, &format!("subtasks[{k}].text"));
        }
    }
    if c.estimate
        .is_some_and(|e| !e.is_finite() || !(0.0..=MAX_ESTIMATE).contains(&e))
    {
        out.push(
            at(base, "estimate"),
            "must be a number from 0 to 1,000,000,000",
        );
    }
    out.cents(c.cost_planned, base, "cost_planned");
    out.cents(c.cost_actual, base, "cost_actual");
    out.count(c.comments.len(), max::COMMENTS, base, "comments");
    out.local_ids(c.comments.iter().map(|x| &x.id), base, "comments");
    for (k, x) in c.comments.iter().enumerate() {
        let b = format!("{}[{k}]", at(base, "comments"));
        out.time(x.at, &b, "at");
        if let Some(a) = &x.author {
            out.well_formed(a, &b, "author");
        }
        out.text_up_to(&x.text, crate::domain::records::COMMENT_MAX, &b, "text");
    }
    history(&c.history, base, "history", out);
    if let Some(s) = &c.source {
        out.well_formed(&s.run, base, "source.run");
        out.well_formed(&s.template, base, "source.template");
        out.well_formed(&s.item, base, "source.item");
    }
}

/// A history list (`domain::records`): times, ids and short texts. Kinds of change this
/// version does not know are kept (a newer copy of Docket may record more).
pub fn history(
    list: &[crate::domain::records::Activity],
    base: &str,
    field: &str,
    out: &mut Issues,
) {
    out.count(list.len(), max::HISTORY, base, field);
    for (k, e) in list.iter().enumerate() {
        let b = format!("{}[{k}]", at(base, field));
        out.time(e.at, &b, "at");
        out.short(&e.what, &b, "what");
        out.text(&e.from, &b, "from");
        out.text(&e.to, &b, "to");
        if let Some(id) = &e.by {
            out.well_formed(id, &b, "by");
        }
        if let Some(id) = &e.card {
            out.well_formed(id, &b, "card");
        }
    }
}

/// Is this a label colour Docket can put in a style: `#` and six hex digits.
pub fn is_colour(c: &str) -> bool {
    c.len() == 7 && c.starts_with('#') && c.bytes().skip(1).all(|b| b.is_ascii_hexdigit())
}

/// A whole project: its own fields, board, cards (live and in the trash), risks and
/// history. Live cards must sit in a column of the project and be blocked only by cards it
/// knows (live, trashed or deleted for good).
pub fn project(p: &Project, base: &str, out: &mut Issues) {
    out.entity(&p.id, base);
    out.stamps(p.created, p.updated, base);
    out.field_stamps::<Project>(&p.stamps, base);
    out.name(&p.name, base, "name");
    for (field, s) in [
        ("objective", &p.objective),
        ("scope_in", &p.scope_in),
        ("scope_out", &p.scope_out),
        ("lessons", &p.lessons),
    ] {
        out.text(s, base, field);
    }
    out.date(p.start, base, "start");
    out.date(p.target_end, base, "target_end");
    out.date(p.actual_end, base, "actual_end");
    history(&p.activity, base, "activity", out);
    if let Some(t) = p.trashed {
        out.time(t, base, "trashed");
    }
    if let Some(d) = &p.done_column {
        out.well_formed(d, base, "done_column");
    }
    out.count(p.deliverables.len(), max::PER_PROJECT, base, "deliverables");
    for (j, d) in p.deliverables.iter().enumerate() {
        out.short(d, base, &format!("deliverables[{j}]"));
    }
    if let Some(b) = &p.budget {
        out.cents(Some(b.cents), base, "budget.cents");
        out.short(&b.currency, base, "budget.currency");
    }
    out.count(p.stakeholders.len(), max::PER_PROJECT, base, "stakeholders");
    out.local_ids(p.stakeholders.iter().map(|s| &s.id), base, "stakeholders");
    for (j, s) in p.stakeholders.iter().enumerate() {
        let sp = at(base, &format!("stakeholders[{j}]"));
        out.short(&s.name, &sp, "name");
        out.short(&s.role, &sp, "role");
    }
    out.count(p.labels.len(), max::PER_PROJECT, base, "labels");
    out.local_ids(p.labels.iter().map(|l| &l.id), base, "labels");
    for (j, l) in p.labels.iter().enumerate() {
        let lp = at(base, &format!("labels[{j}]"));
        out.short(&l.name, &lp, "name");
        if !is_colour(&l.color) {
            out.push(at(&lp, "color"), "must be a colour like #1f6f3f");
        }
    }
    out.count(p.columns.len(), max::COLUMNS, base, "columns");
    for (j, c) in p.columns.iter().enumerate() {
        column(c, &at(base, &format!("columns[{j}]")), out);
    }
    let trashed_cards: usize = p
        .trash
        .iter()
        .map(|t| match &t.item {
            Trashed::Card(_) => 1,
            Trashed::Column { cards, .. } => cards.len(),
        })
        .sum();
    out.count(
        p.cards.len().saturating_add(trashed_cards),
        max::CARDS,
        base,
        "cards",
    );
    for (j, c) in p.cards.iter().enumerate() {
        card(c, &at(base, &format!("cards[{j}]")), out);
    }
    out.count(p.trash.len(), max::TRASH, base, "trash");
    for (j, t) in p.trash.iter().enumerate() {
        let tp = at(base, &format!("trash[{j}]"));
        out.time(t.at, &tp, "at");
        match &t.item {
            Trashed::Card(c) => card(c, &at(&tp, "item.card"), out),
            Trashed::Column { column: col, cards } => {
                let cp = at(&tp, "item.column");
                column(col, &at(&cp, "column"), out);
                out.count(cards.len(), max::CARDS, &cp, "cards");
                for (k, c) in cards.iter().enumerate() {
                    card(c, &at(&cp, &format!("cards[{k}]")), out);
                }
            }
        }
    }
    out.count(p.risks.len(), max::RISKS, base, "risks");
    for (j, r) in p.risks.iter().enumerate() {
        let rp = at(base, &format!("risks[{j}]"));
        out.entity(&r.id, &rp);
        out.stamps(r.created, r.updated, &rp);
        out.field_stamps::<crate::domain::Risk>(&r.stamps, &rp);
        out.short(&r.title, &rp, "title");
        out.short(&r.owner, &rp, "owner");
        out.text(&r.mitigation, &rp, "mitigation");
        for (what, v) in [("likelihood", r.likelihood), ("impact", r.impact)] {
            if !(1..=5).contains(&v) {
                out.push(at(&rp, what), format!("must be 1 to 5, found {v}"));
            }
        }
    }
    out.count(p.removed.len(), max::REMOVED, base, "removed");
    for (j, r) in p.removed.iter().enumerate() {
        let rp = at(base, &format!("removed[{j}]"));
        out.well_formed(&r.id, &rp, "id");
        out.time(r.at, &rp, "at");
    }
    moves(&p.moves, &at(base, "moves"), out);
    // References: live cards sit in a live column; blockers name a card of the project.
    let cols: HashSet<&Id> = p.columns.iter().map(|c| &c.id).collect();
    let known: HashSet<&Id> = p
        .cards
        .iter()
        .map(|c| &c.id)
        .chain(p.trash.iter().flat_map(|t| match &t.item {
            Trashed::Card(c) => vec![&c.id],
            Trashed::Column { cards, .. } => cards.iter().map(|c| &c.id).collect(),
        }))
        .chain(p.removed.iter().map(|r| &r.id))
        .collect();
    for (j, c) in p.cards.iter().enumerate() {
        if !cols.contains(&c.column) {
            out.push(
                at(base, &format!("cards[{j}].column")),
                format!("no column with id '{}' in this project", c.column),
            );
        }
        for (k, b) in c.blocked_by.iter().enumerate() {
            if !known.contains(b) {
                out.push(
                    at(base, &format!("cards[{j}].blocked_by[{k}]")),
                    format!("no card with id '{b}' in this project"),
                );
            }
        }
    }
}

/// Recorded card moves.
pub fn moves(list: &[super::MoveRecord], base: &str, out: &mut Issues) {
    out.count(list.len(), max::MOVES, base, "");
    for (j, m) in list.iter().enumerate() {
        let bad = !Id::is_well_formed(&m.card.0)
            || !Id::is_well_formed(&m.to.0)
            || m.from.as_ref().is_some_and(|f| !Id::is_well_formed(&f.0));
        let outside = !(FIRST_YEAR..=LAST_YEAR).contains(&m.at.year());
        if bad || outside {
            out.push(
                format!("{base}[{j}]"),
                "not a valid move (ids of 1 to 64 of A-Z a-z 0-9 - _, a time in range)",
            );
        }
    }
}

/// A stored list with more than `limit` entries.
pub fn too_many(out: &mut Issues, n: usize, limit: usize) {
    out.count(n, limit, "", "");
}

/// The items of a checklist (current or of an earlier version) in `secs`' sections.
fn items(items: &[super::Item], secs: &HashSet<&Id>, base: &str, out: &mut Issues) {
    out.count(items.len(), max::ITEMS, base, "");
    for (j, it) in items.iter().enumerate() {
        let ip = format!("{base}[{j}]");
        out.stamps(it.created, it.updated, &ip);
        out.field_stamps::<super::Item>(&it.stamps, &ip);
        out.name(&it.text, &ip, "text");
        out.text(&it.guidance, &ip, "guidance");
        out.rank(&it.rank, &ip);
        match &it.answer {
            AnswerKind::Number { min, max, unit } => {
                out.short(unit, &ip, "answer.unit");
                if min.is_some_and(|v| !v.is_finite()) || max.is_some_and(|v| !v.is_finite()) {
                    out.push(at(&ip, "answer"), "min and max must be numbers");
                }
                if let (Some(a), Some(b)) = (min, max) {
                    if a > b {
                        out.push(at(&ip, "answer"), format!("min {a} is above max {b}"));
                    }
                }
            }
            AnswerKind::Done | AnswerKind::PassFail | AnswerKind::Text => {}
        }
        if it.section.as_ref().is_some_and(|s| !secs.contains(s)) {
            out.push(
                at(&ip, "section"),
                "no section with that id in this checklist",
            );
        }
        if let Some(c) = &it.show_if {
            out.well_formed(&c.item, &ip, "show_if.item");
        }
        if let Some(s) = &it.stock {
            out.well_formed(s, &ip, "stock");
        }
        if it
            .weight
            .is_some_and(|w| w == 0 || w > super::checklist::logic::MAX_WEIGHT)
        {
            out.push(
                at(&ip, "weight"),
                format!("must be from 1 to {}", super::checklist::logic::MAX_WEIGHT),
            );
        }
    }
}

fn sections(list: &[super::checklist::Section], base: &str, out: &mut Issues) {
    out.count(list.len(), max::ITEMS, base, "sections");
    out.local_ids(list.iter().map(|s| &s.id), base, "sections");
    for (j, s) in list.iter().enumerate() {
        out.name(&s.name, base, &format!("sections[{j}].name"));
        if let Some(c) = &s.show_if {
            out.well_formed(&c.item, base, &format!("sections[{j}].show_if.item"));
        }
    }
}

/// A checklist template with its earlier versions.
pub fn template(t: &Template, base: &str, out: &mut Issues) {
    out.entity(&t.id, base);
    out.stamps(t.created, t.updated, base);
    out.field_stamps::<Template>(&t.stamps, base);
    out.name(&t.name, base, "name");
    out.text(&t.description, base, "description");
    out.short(&t.area, base, "area");
    if let Some(o) = &t.owner {
        out.well_formed(o, base, "owner");
    }
    if let Some(s) = &t.site {
        out.well_formed(s, base, "site");
    }
    out.short(&t.asset_category, base, "asset_category");
    out.date(t.starts, base, "starts");
    if t.minutes
        .is_some_and(|m| m == 0 || m > super::checklist::MAX_MINUTES)
    {
        out.push(
            at(base, "minutes"),
            format!("must be from 1 to {}", super::checklist::MAX_MINUTES),
        );
    }
    if t.pass_mark.is_some_and(|m| m > 100) {
        out.push(at(base, "pass_mark"), "must be a percentage from 0 to 100");
    }
    // A rotation's people are checked like the owner: well formed here; one the file's
    // directory does not have is skipped when occurrences are assigned (`checklist::rota`).
    if let super::checklist::Assignment::Rotation { team, .. } = &t.assignment {
        let ap = at(base, "assignment");
        out.count(team.len(), super::checklist::rota::MAX_TEAM, &ap, "team");
        for (j, p) in team.iter().enumerate() {
            out.well_formed(p, &ap, &format!("team[{j}]"));
        }
        if team.is_empty() {
            out.push(at(&ap, "team"), "must name at least one person");
        }
    }
    out.count(
        t.escalations.len(),
        super::checklist::escalation::MAX_ESCALATIONS,
        base,
        "escalations",
    );
    out.local_ids(t.escalations.iter().map(|e| &e.id), base, "escalations");
    for (j, e) in t.escalations.iter().enumerate() {
        let ep = at(base, &format!("escalations[{j}]"));
        out.date(Some(e.date), &ep, "date");
        out.time(e.at, &ep, "at");
        if let Some(b) = &e.by {
            out.well_formed(b, &ep, "by");
        }
    }
    if let Err(e) = t.recurrence.clone().checked() {
        out.push(at(base, "recurrence"), e.to_string());
    }
    if t.version == 0 {
        out.push(at(base, "version"), "must be 1 or more");
    }
    sections(&t.sections, base, out);
    for (j, it) in t.items.iter().enumerate() {
        out.entity(&it.id, &at(base, &format!("items[{j}]")));
    }
    let secs: HashSet<&Id> = t.sections.iter().map(|s| &s.id).collect();
    items(&t.items, &secs, &at(base, "items"), out);
    out.count(t.versions.len(), max::VERSIONS, base, "versions");
    for (v, ver) in t.versions.iter().enumerate() {
        let vp = at(base, &format!("versions[{v}]"));
        out.time(ver.replaced, &vp, "replaced");
        sections(&ver.sections, &vp, out);
        let secs: HashSet<&Id> = ver.sections.iter().map(|s| &s.id).collect();
        out.local_ids(ver.items.iter().map(|i| &i.id), &vp, "items");
        items(&ver.items, &secs, &at(&vp, "items"), out);
    }
    out.count(t.removed.len(), max::REMOVED, base, "removed");
    for (j, r) in t.removed.iter().enumerate() {
        let rp = at(base, &format!("removed[{j}]"));
        out.well_formed(&r.id, &rp, "id");
        out.time(r.at, &rp, "at");
    }
}

/// A run on its own (its template and person are checked with the file).
pub fn run(r: &Run, base: &str, out: &mut Issues) {
    out.entity(&r.id, base);
    out.stamps(r.created, r.updated, base);
    out.field_stamps::<Run>(&r.stamps, base);
    out.well_formed(&r.template, base, "template");
    if let Some(b) = &r.by {
        out.well_formed(b, base, "by");
    }
    if let Some(s) = &r.site {
        out.well_formed(s, base, "site");
    }
    if let Some(a) = &r.asset {
        out.well_formed(a, base, "asset");
    }
    if r.version == 0 {
        out.push(at(base, "version"), "must be 1 or more");
    }
    out.date(Some(r.date), base, "date");
    out.date(r.completed_on, base, "completed_on");
    if let Some(c) = r.completed {
        out.time(c, base, "completed");
    }
    out.count(r.answers.len(), max::ANSWERS, base, "answers");
    for (j, a) in r.answers.iter().enumerate() {
        let ap = at(base, &format!("answers[{j}]"));
        // (Answers may come from a file's `checked` list.) The item's id keys the answer's
        // stamp (`answers/<item>`), so it must be shaped like an id.
        out.well_formed(&a.item, &ap, "item");
        out.text(&a.note, &ap, "note");
        match &a.value {
            Some(Value::Text(t)) => out.text(t, &ap, "value.text"),
            Some(Value::Number(n)) if !n.is_finite() => {
                out.push(at(&ap, "value.number"), "must be a number")
            }
            _ => {}
        }
    }
    if let Some(s) = &r.signoff {
        out.name(&s.name, base, "signoff.name");
        out.time(s.at, base, "signoff.at");
        if s.signature
            .as_deref()
            .is_some_and(|p| !super::checklist::signature::is_valid(p))
        {
            out.push(
                at(base, "signoff.signature"),
                "not a signature path (M x y, then l dx dy steps, inside 300 x 100)",
            );
        }
    }
    if let Some(s) = &r.skipped {
        out.name(&s.reason, base, "skipped.reason");
        out.time(s.at, base, "skipped.at");
        out.date(Some(s.on), base, "skipped.on");
    }
    out.count(r.actions.len(), max::ANSWERS, base, "actions");
    for (j, a) in r.actions.iter().enumerate() {
        let ap = at(base, &format!("actions[{j}]"));
        out.well_formed(&a.item, &ap, "item");
        out.well_formed(&a.project, &ap, "project");
        out.well_formed(&a.card, &ap, "card");
    }
    out.count(r.checked.len(), max::ANSWERS, base, "checked");
}

/// The parts of a workspace (borrowed from a file's envelope or a workspace).
pub struct Parts<'a> {
    pub people: &'a [Person],
    pub projects: &'a [Project],
    pub templates: &'a [Template],
    pub runs: &'a [Run],
    pub tombstones: &'a [Tombstone],
    pub project_templates: &'a [super::ProjectTemplate],
    pub registers: &'a super::registers::Registers,
}

impl<'a> From<&'a super::Workspace> for Parts<'a> {
    fn from(ws: &'a super::Workspace) -> Self {
        Parts {
            people: &ws.people,
            projects: &ws.projects,
            templates: &ws.templates,
            runs: &ws.runs,
            tombstones: &ws.tombstones,
            project_templates: &ws.project_templates,
            registers: &ws.registers,
        }
    }
}

/// Everything of a workspace or a file, with ids unique across all of it and runs naming a
/// checklist and a person of it.
pub fn workspace(ws: Parts<'_>, out: &mut Issues) {
    out.count(ws.people.len(), max::PEOPLE, "", "people");
    out.count(ws.projects.len(), max::PROJECTS, "", "projects");
    out.count(ws.templates.len(), max::TEMPLATES, "", "templates");
    out.count(ws.runs.len(), max::RUNS, "", "runs");
    out.count(ws.tombstones.len(), max::TOMBSTONES, "", "tombstones");
    // (Two entries of one name are not refused: a workspace can hold them — two tabs each
    // adding the person — and its own export must import again. An import matches the
    // file's people to the directory by name instead, `exchange::people`.)
    for (i, p) in ws.people.iter().enumerate() {
        person(p, &format!("people[{i}]"), out);
    }
    for (i, p) in ws.projects.iter().enumerate() {
        project(p, &format!("projects[{i}]"), out);
    }
    for (i, t) in ws.templates.iter().enumerate() {
        template(t, &format!("templates[{i}]"), out);
    }
    let templates: HashSet<&Id> = ws.templates.iter().map(|t| &t.id).collect();
    let people: HashSet<&Id> = ws.people.iter().map(|p| &p.id).collect();
    for (i, r) in ws.runs.iter().enumerate() {
        let rp = format!("runs[{i}]");
        run(r, &rp, out);
        if !templates.contains(&r.template) {
            out.push(
                at(&rp, "template"),
                format!("no checklist with id '{}' in the file", r.template),
            );
        }
        if r.by.as_ref().is_some_and(|p| !people.contains(p)) {
            out.push(at(&rp, "by"), "no person with that id in the file");
        }
    }
    for (i, t) in ws.tombstones.iter().enumerate() {
        tombstone(t, &format!("tombstones[{i}]"), out);
    }
    out.count(
        ws.project_templates.len(),
        max::TEMPLATES,
        "",
        "project_templates",
    );
    for (i, t) in ws.project_templates.iter().enumerate() {
        project_template(t, &format!("project_templates[{i}]"), out);
    }
    registers(ws.registers, "registers", out);
}

/// A project template: its name, what it is for, and its shape, checked as a project.
pub fn project_template(t: &super::ProjectTemplate, base: &str, out: &mut Issues) {
    out.entity(&t.id, base);
    out.stamps(t.created, t.updated, base);
    out.field_stamps::<super::ProjectTemplate>(&t.stamps, base);
    out.name(&t.name, base, "name");
    out.text(&t.description, base, "description");
    project(&t.project, &at(base, "project"), out);
}

/// What each entity id of a workspace names: its kind and the project or checklist it
/// belongs to (none for people, projects, checklists and runs).
fn owners<'a>(ws: &Parts<'a>) -> HashMap<&'a Id, (&'static str, Option<&'a Id>)> {
    let mut m: HashMap<&'a Id, (&'static str, Option<&'a Id>)> = HashMap::new();
    for p in ws.people {
        m.insert(&p.id, ("person", None));
    }
    for p in ws.projects {
        m.insert(&p.id, ("project", None));
        for c in &p.columns {
            m.insert(&c.id, ("column", Some(&p.id)));
        }
        for c in &p.cards {
            m.insert(&c.id, ("card", Some(&p.id)));
        }
        for t in &p.trash {
            match &t.item {
                Trashed::Card(c) => {
                    m.insert(&c.id, ("card", Some(&p.id)));
                }
                Trashed::Column { column, cards } => {
                    m.insert(&column.id, ("column", Some(&p.id)));
                    for c in cards {
                        m.insert(&c.id, ("card", Some(&p.id)));
                    }
                }
            }
        }
        for r in &p.risks {
            m.insert(&r.id, ("risk", Some(&p.id)));
        }
    }
    for t in ws.templates {
        m.insert(&t.id, ("checklist", None));
        for i in &t.items {
            m.insert(&i.id, ("item", Some(&t.id)));
        }
    }
    for r in ws.runs {
        m.insert(&r.id, ("run", None));
    }
    for t in ws.project_templates {
        m.insert(&t.id, ("project template", None));
    }
    m
}

/// Ids of a file that name something else in the workspace it is merged into: a card of
/// another project, a column that is a card here. Merging by id would mix them up (and the
/// workspace would no longer export to a file it accepts), so the file is refused.
pub fn clashes(local: Parts<'_>, incoming: Parts<'_>, out: &mut Issues) {
    let mine = owners(&local);
    let theirs = owners(&incoming);
    let mut bad: Vec<(&Id, &'static str)> = Vec::new();
    for (id, (kind, owner)) in &theirs {
        if let Some((k, o)) = mine.get(id) {
            if k != kind || o != owner {
                bad.push((id, k));
            }
        }
    }
    if bad.is_empty() {
        return;
    }
    // Name each by its path in the file.
    let paths = paths_of(&incoming);
    let mut found: Vec<(String, String)> = bad
        .into_iter()
        .map(|(id, k)| {
            let path = paths.get(id).cloned().unwrap_or_default();
            (
                at(&path, "id"),
                format!("the id '{id}' is already used by a {k} elsewhere in this workspace"),
            )
        })
        .collect();
    found.sort();
    for (path, message) in found {
        out.push(path, message);
    }
}

fn paths_of<'a>(ws: &Parts<'a>) -> HashMap<&'a Id, String> {
    let mut m = HashMap::new();
    for (i, p) in ws.people.iter().enumerate() {
        m.insert(&p.id, format!("people[{i}]"));
    }
    for (i, p) in ws.projects.iter().enumerate() {
        m.insert(&p.id, format!("projects[{i}]"));
        for (j, c) in p.columns.iter().enumerate() {
            m.insert(&c.id, format!("projects[{i}].columns[{j}]"));
        }
        for (j, c) in p.cards.iter().enumerate() {
            m.insert(&c.id, format!("projects[{i}].cards[{j}]"));
        }
        for (j, t) in p.trash.iter().enumerate() {
            match &t.item {
                Trashed::Card(c) => {
                    m.insert(&c.id, format!("projects[{i}].trash[{j}].item.card"));
                }
                Trashed::Column { column, cards } => {
                    let cp = format!("projects[{i}].trash[{j}].item.column");
                    m.insert(&column.id, format!("{cp}.column"));
                    for (k, c) in cards.iter().enumerate() {
                        m.insert(&c.id, format!("{cp}.cards[{k}]"));
                    }
                }
            }
        }
        for (j, r) in p.risks.iter().enumerate() {
            m.insert(&r.id, format!("projects[{i}].risks[{j}]"));
        }
    }
    for (i, t) in ws.templates.iter().enumerate() {
        m.insert(&t.id, format!("templates[{i}]"));
        for (j, it) in t.items.iter().enumerate() {
            m.insert(&it.id, format!("templates[{i}].items[{j}]"));
        }
    }
    for (i, r) in ws.runs.iter().enumerate() {
        m.insert(&r.id, format!("runs[{i}]"));
    }
    for (i, t) in ws.project_templates.iter().enumerate() {
        m.insert(&t.id, format!("project_templates[{i}]"));
    }
    m
}

/// Deletions dated after `now` plus [`MAX_SKEW_HOURS`]: a deletion from the future would
/// win every later merge (nothing edited before that date could come back).
pub fn deletions_after(ws: Parts<'_>, now: Ts, out: &mut Issues) {
    let limit = now
        .checked_add_signed(chrono::TimeDelta::hours(MAX_SKEW_HOURS))
        .unwrap_or(now);
    let mut late = |t: Ts, path: String| {
        if t > limit {
            out.push(
                path,
                format!(
                    "dated {}, later than now ({}): a deletion can't come from the future",
                    t.to_rfc3339(),
                    super::dates::utc_minute(now)
                ),
            );
        }
    };
    for (i, t) in ws.tombstones.iter().enumerate() {
        late(t.at, format!("tombstones[{i}].at"));
    }
    for (i, p) in ws.projects.iter().enumerate() {
        for (j, r) in p.removed.iter().enumerate() {
            late(r.at, format!("projects[{i}].removed[{j}].at"));
        }
        for (j, t) in p.trash.iter().enumerate() {
            late(t.at, format!("projects[{i}].trash[{j}].at"));
        }
        if let Some(t) = p.trashed {
            late(t, format!("projects[{i}].trashed"));
        }
    }
    for (i, t) in ws.templates.iter().enumerate() {
        for (j, r) in t.removed.iter().enumerate() {
            late(r.at, format!("templates[{i}].removed[{j}].at"));
        }
    }
}

/// The first issues, as one sentence for a stored record's problem.
pub fn summary(list: &[Issue]) -> String {
    let mut s: Vec<String> = list
        .iter()
        .take(3)
        .map(|i| {
            if i.path.is_empty() {
                i.message.clone()
            } else {
                format!("{}: {}", i.path, i.message)
            }
        })
        .collect();
    if list.len() > 3 {
        s.push(format!("and {} more", list.len().saturating_sub(3)));
    }
    s.join("; ")
}

/// The operations registers: each entry well formed, its fields within the rules its form
/// keeps (`domain::registers::Entry::check`); what it points at need only be a well-formed
/// id (a colleague may have removed a site this copy's asset still names: the views say so).
pub fn registers(r: &super::registers::Registers, base: &str, out: &mut Issues) {
    use super::registers::Entry;
    fn list<T: Entry>(r: &super::registers::Registers, base: &str, field: &str, out: &mut Issues) {
        let all = T::list(r);
        out.count(all.len(), super::registers::MAX_ENTRIES, base, field);
        for (i, e) in all.iter().enumerate() {
            let b = format!("{}[{i}]", at(base, field));
            out.entity(e.id(), &b);
            out.stamps(e.created(), e.updated(), &b);
            out.field_stamps::<T>(e.stamps(), &b);
            match T::check(e.fields(), r) {
                Ok(_) | Err(DomainError::NotFound(_)) => {}
                Err(why) => out.push(b, why.to_string()),
            }
        }
    }
    list::<super::registers::Site>(r, base, "sites", out);
    list::<super::registers::Asset>(r, base, "assets", out);
    list::<super::registers::StockItem>(r, base, "stock", out);
    list::<super::registers::BudgetLine>(r, base, "budget", out);
    list::<super::registers::SpendEntry>(r, base, "spend", out);
    list::<super::registers::Policy>(r, base, "policies", out);
    let refs = r
        .sites
        .iter()
        .map(|s| (&s.lead, "sites", "lead"))
        .chain(r.assets.iter().map(|a| (&a.site, "assets", "site")))
        .chain(r.stock.iter().map(|s| (&s.site, "stock", "site")))
        .chain(r.policies.iter().map(|p| (&p.owner, "policies", "owner")));
    for (id, list, field) in refs {
        if let Some(id) = id {
            out.well_formed(id, &at(base, list), field);
        }
    }
    for (i, p) in r.policies.iter().enumerate() {
        let b = format!("{}[{i}]", at(base, "policies"));
        out.count(
            p.reviews.len(),
            super::registers::policies::MAX_REVIEWS,
            &b,
            "reviews",
        );
        out.date(Some(p.review), &b, "review");
        for rv in &p.reviews {
            out.date(Some(rv.on), &b, "reviews");
        }
    }
    for (i, s) in r.spend.iter().enumerate() {
        out.date(Some(s.date), &format!("{}[{i}]", at(base, "spend")), "date");
    }
    for (i, l) in r.budget.iter().enumerate() {
        out.date(
            Some(l.month),
            &format!("{}[{i}]", at(base, "budget")),
            "month",
        );
    }
    for (i, a) in r.assets.iter().enumerate() {
        out.date(a.due, &format!("{}[{i}]", at(base, "assets")), "due");
    }
}
