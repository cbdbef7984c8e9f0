//! Merging two workspaces: what makes a colleague's file, or another tab's edits, combine
//! with ours instead of overwriting them.
//!
//! Every entity (person, project fields, column, card, risk, template fields, item, run) is
//! merged on its own. First its live copies are merged field by field (`domain::stamps`:
//! each field from the copy that changed it last, lists of ids element by element). Then,
//! of all the states known for its id — alive (that merged copy) with an `updated` time, in
//! the trash since a time, or deleted for good at a time — the one with the greatest
//! `(time, kind, content)` wins, where deletions outrank trash outrank live edits at equal
//! times and the content's JSON breaks the last ties. Taking a maximum over a total order is
//! commutative, associative and idempotent, so merge is too; nothing that exists on either
//! side is lost unless a newer deletion says so.
//!
//! Deleting a project or checklist at `t` (a tombstone) removes every part of it last
//! changed at or before `t`; parts changed later survive, and so does the project, under a
//! "Recovered project" heading if its own fields were older than the deletion.
//!
//! Consistency rules follow, applied to the merged states (so the laws survive them): a
//! column deleted at `t` takes along its cards last edited at or before `t`; a card edited
//! after its column was deleted brings the column back (as "Recovered column" when nothing
//! of it is left), so no card points at a column that is not there; a run whose checklist is
//! gone brings back a "Recovered checklist".

use crate::domain::project::{Removed, TrashEntry, Trashed};
use crate::domain::registers::Registers;
use crate::domain::sort;
use crate::domain::stamps::{self, PerField};
use crate::domain::{
    Card, Column, EntityKind, Id, Item, Project, Risk, Run, Template, Tombstone, Ts, Workspace,
};
use serde::Serialize;
use std::borrow::Cow;
use std::collections::{BTreeMap, HashSet};

/// One known state of an entity.
#[derive(Clone, Debug)]
enum State<T> {
    Live(T),
    Trashed(Ts, T),
    Removed(Ts),
}

/// A state with its ordering key: `(time, kind)`, then the content's JSON — computed only
/// when two states tie on the first two and differ in content (rare: equal content is the
/// usual tie, as when a file meets the workspace it came from), since serialising every
/// entity of both sides would dominate the cost of a merge.
///
/// The tables hold references into the merged workspaces (`T` is `&Card`, ...): only the
/// winners are cloned, once, into the result.
#[derive(Clone, Debug)]
struct Ranked<T> {
    key: (Ts, u8),
    state: State<T>,
}

fn json<T: Serialize>(v: &T) -> String {
    serde_json::to_string(v).expect("domain types serialise")
}

impl<T: Serialize + Clone + PartialEq> Ranked<T> {
    fn live(time: Ts, v: T) -> Self {
        Ranked {
            key: (time, 0),
            state: State::Live(v),
        }
    }
    fn trashed(at: Ts, v: T) -> Self {
        Ranked {
            key: (at, 1),
            state: State::Trashed(at, v),
        }
    }
    fn removed(at: Ts) -> Self {
        Ranked {
            key: (at, 2),
            state: State::Removed(at),
        }
    }
    fn content(&self) -> String {
        match &self.state {
            State::Live(v) | State::Trashed(_, v) => json(v),
            State::Removed(_) => String::new(),
        }
    }
    /// Equal content (the order is total, so either copy may stay).
    fn same(&self, other: &Self) -> bool {
        match (&self.state, &other.state) {
            (State::Live(a), State::Live(b)) => a == b,
            (State::Trashed(x, a), State::Trashed(y, b)) => x == y && a == b,
            (State::Removed(x), State::Removed(y)) => x == y,
            _ => false,
        }
    }
    /// Does `self` outrank `other`?
    fn beats(&self, other: &Self) -> bool {
        match self.key.cmp(&other.key) {
            std::cmp::Ordering::Greater => true,
            std::cmp::Ordering::Less => false,
            std::cmp::Ordering::Equal => !self.same(other) && self.content() > other.content(),
        }
    }
}

/// Keeps the greatest state per id (ids borrowed from the workspaces being merged).
struct Table<'a, T>(BTreeMap<&'a Id, Ranked<T>>);

impl<'a, T: Serialize + Clone + PartialEq> Table<'a, T> {
    fn new() -> Self {
        Table(BTreeMap::new())
    }
    fn offer(&mut self, id: &'a Id, r: Ranked<T>) {
        match self.0.get(id) {
            Some(cur) if !r.beats(cur) => {}
            _ => {
                self.0.insert(id, r);
            }
        }
    }
}

/// Every live copy of each entity merged field by field (`domain::stamps`), so neither
/// side's edit to a field the other did not change is lost; the result then competes with
/// the entity's trash entries and deletions by its newest time. (An index into a list, not a
/// map of entities: one map type for every kind keeps the wasm small.)
struct Live<'a, T: Clone> {
    index: BTreeMap<&'a Id, usize>,
    items: Vec<Cow<'a, T>>,
}

impl<'a, T: PerField> Live<'a, T> {
    fn new() -> Self {
        Live {
            index: BTreeMap::new(),
            items: Vec::new(),
        }
    }
    fn offer(&mut self, e: &'a T) {
        match self.index.get(e.id()).and_then(|i| self.items.get_mut(*i)) {
            Some(cur) if cur.as_ref() != e => *cur = Cow::Owned(stamps::merge(cur.as_ref(), e)),
            Some(_) => {}
            None => {
                self.index.insert(e.id(), self.items.len());
                self.items.push(Cow::Borrowed(e));
            }
        }
    }
}

impl<T: PerField> Live<'_, T> {
    /// The merged copy, when every copy offered has one id (a project's or checklist's own
    /// fields).
    fn single(self) -> Option<T> {
        self.items.into_iter().next().map(Cow::into_owned)
    }
}

/// Offers each merged copy to `table`, as a live state at its newest time.
fn offer_all<'a, T: PerField + Serialize>(items: &'a [Cow<'_, T>], table: &mut Table<'a, &'a T>) {
    for e in items {
        let e = e.as_ref();
        table.offer(e.id(), Ranked::live(e.updated(), e));
    }
}

/// Merges two workspaces (see the module notes for the rules).
pub fn merge(a: &Workspace, b: &Workspace) -> Workspace {
    let mut top: BTreeMap<(EntityKind, &Id), Ts> = BTreeMap::new();
    for t in a.tombstones.iter().chain(&b.tombstones) {
        let e = top.entry((t.kind, &t.id)).or_insert(t.at);
        if t.at > *e {
            *e = t.at;
        }
    }
    let dead =
        |kind: EntityKind, id: &Id, time: Ts| top.get(&(kind, id)).is_some_and(|at| *at >= time);

    // People, project templates and the registers' entries: each field by field, gone
    // when a newer tombstone says so.
    let people = merge_list(&a.people, &b.people, EntityKind::Person, &dead);
    let project_templates = merge_list(
        &a.project_templates,
        &b.project_templates,
        EntityKind::ProjectTemplate,
        &dead,
    );
    let (ra, rb) = (&a.registers, &b.registers);
    let registers = Registers {
        sites: merge_list(&ra.sites, &rb.sites, EntityKind::Site, &dead),
        assets: merge_list(&ra.assets, &rb.assets, EntityKind::Asset, &dead),
        stock: merge_list(&ra.stock, &rb.stock, EntityKind::Stock, &dead),
        budget: merge_list(&ra.budget, &rb.budget, EntityKind::BudgetLine, &dead),
        spend: merge_list(&ra.spend, &rb.spend, EntityKind::Spend, &dead),
        policies: merge_list(&ra.policies, &rb.policies, EntityKind::Policy, &dead),
    };

    // Projects: merged part by part, then dropped when a newer tombstone says so.
    let mut projects: BTreeMap<&Id, Vec<&Project>> = BTreeMap::new();
    for p in a.projects.iter().chain(&b.projects) {
        projects.entry(&p.id).or_default().push(p);
    }
    let projects = projects
        .into_iter()
        .filter_map(|(id, versions)| {
            merge_project(&versions, top.get(&(EntityKind::Project, id)).copied())
        })
        .collect();

    let mut templates: BTreeMap<&Id, Vec<&Template>> = BTreeMap::new();
    for t in a.templates.iter().chain(&b.templates) {
        templates.entry(&t.id).or_default().push(t);
    }
    let mut templates: Vec<Template> = templates
        .into_iter()
        .filter_map(|(id, versions)| {
            merge_template(&versions, top.get(&(EntityKind::Template, id)).copied())
        })
        .collect();

    let mut runs: Live<Run> = Live::new();
    for r in a.runs.iter().chain(&b.runs) {
        runs.offer(r);
    }
    let mut runs: Vec<Run> = runs
        .items
        .into_iter()
        .filter(|r| !dead(EntityKind::Run, &r.id, r.updated))
        .map(Cow::into_owned)
        .collect();
    sort::sort_by(&mut runs, |a, b| a.id.cmp(&b.id));
    // A run whose checklist is gone brings back a placeholder for it.
    let mut known: HashSet<Id> = templates.iter().map(|t| t.id.clone()).collect();
    for r in &runs {
        if !known.contains(&r.template) {
            let at = top
                .get(&(EntityKind::Template, &r.template))
                .copied()
                .unwrap_or(r.created);
            templates.push(Template::empty(
                r.template.clone(),
                at,
                "Recovered checklist",
            ));
            known.insert(r.template.clone());
        }
    }

    let tombstones = top
        .into_iter()
        .map(|((kind, id), at)| Tombstone {
            id: id.clone(),
            kind,
            at,
        })
        .collect();
    let mut ws = Workspace {
        people,
        projects,
        templates,
        runs,
        tombstones,
        project_templates,
        registers,
    };
    ws.normalise();
    ws
}

/// The entities of two lists merged by id, field by field, without those a tombstone of
/// `kind` at least as new deletes; in id order.
fn merge_list<T: PerField>(
    a: &[T],
    b: &[T],
    kind: EntityKind,
    dead: &dyn Fn(EntityKind, &Id, Ts) -> bool,
) -> Vec<T> {
    let mut live: Live<T> = Live::new();
    for e in a.iter().chain(b) {
        live.offer(e);
    }
    let mut out: Vec<T> = live
        .items
        .into_iter()
        .filter(|e| !dead(kind, e.id(), e.updated()))
        .map(Cow::into_owned)
        .collect();
    sort::sort_by(&mut out, |a, b| a.id().cmp(b.id()));
    out
}

/// The newest time anything in a project changed (a tombstone must be newer to delete it).
pub fn newest_in_project(p: &Project) -> Ts {
    p.columns
        .iter()
        .map(|c| c.updated)
        .chain(p.cards.iter().map(|c| c.updated))
        .chain(p.risks.iter().map(|r| r.updated))
        .chain(p.trash.iter().map(|t| t.at))
        .fold(p.updated, Ts::max)
}

/// The project's own fields, without its parts (for comparing versions). Every field is
/// named (no `..p.clone()`, which would copy every card only to drop them), so a new field
/// must be placed here.
pub(crate) fn head(p: &Project) -> Project {
    Project {
        columns: Vec::new(),
        cards: Vec::new(),
        removed: Vec::new(),
        moves: Vec::new(),
        trash: Vec::new(),
        risks: Vec::new(),
        activity: p.activity.clone(),
        id: p.id.clone(),
        created: p.created,
        updated: p.updated,
        name: p.name.clone(),
        objective: p.objective.clone(),
        status: p.status,
        start: p.start,
        target_end: p.target_end,
        scope_in: p.scope_in.clone(),
        scope_out: p.scope_out.clone(),
        deliverables: p.deliverables.clone(),
        budget: p.budget.clone(),
        stakeholders: p.stakeholders.clone(),
        done_column: p.done_column.clone(),
        labels: p.labels.clone(),
        actual_end: p.actual_end,
        lessons: p.lessons.clone(),
        trashed: p.trashed,
        stamps: p.stamps.clone(),
    }
}

fn merge_project(versions: &[&Project], deleted: Option<Ts>) -> Option<Project> {
    // Is a state newer than the project's deletion? (Its ordering time decides, so this
    // is a plain comparison against the join, the same in every merge order.)
    let alive = |t: Ts| deleted.is_none_or(|d| t > d);
    let heads: Vec<Project> = versions.iter().map(|p| head(p)).collect();
    let mut live_heads: Live<Project> = Live::new();
    for h in &heads {
        live_heads.offer(h);
    }
    // First every live copy of each part, merged; then their states with the trash's.
    let mut live_columns: Live<Column> = Live::new();
    let mut live_cards: Live<Card> = Live::new();
    let mut live_risks: Live<Risk> = Live::new();
    let mut moves: BTreeMap<_, &crate::domain::MoveRecord> = BTreeMap::new();
    for p in versions {
        for c in &p.columns {
            live_columns.offer(c);
        }
        for c in &p.cards {
            live_cards.offer(c);
        }
        for r in &p.risks {
            live_risks.offer(r);
        }
        for t in &p.trash {
            if let Trashed::Column { cards: cs, .. } = &t.item {
                // Cards of a deleted column are simply cards whose column is gone: where
                // they belong is derived below from the column's state.
                for c in cs {
                    live_cards.offer(c);
                }
            }
        }
        for m in &p.moves {
            moves.insert(crate::domain::project::move_key(m), m);
        }
    }
    let (live_columns, live_cards, live_risks) =
        (live_columns.items, live_cards.items, live_risks.items);
    let mut columns: Table<&Column> = Table::new();
    let mut cards: Table<&Card> = Table::new();
    let mut risks: Table<&Risk> = Table::new();
    offer_all(&live_columns, &mut columns);
    offer_all(&live_cards, &mut cards);
    offer_all(&live_risks, &mut risks);
    for p in versions {
        for t in &p.trash {
            match &t.item {
                Trashed::Card(c) => cards.offer(&c.id, Ranked::trashed(t.at, c)),
                Trashed::Column { column, .. } => {
                    columns.offer(&column.id, Ranked::trashed(t.at, column));
                }
            }
        }
    }
    // Removals: a removed id goes to the table that knows it as a column, card or risk
    // (ids are unique across kinds); one no table knows is kept as a plain record.
    let mut unknown: BTreeMap<Id, Ts> = BTreeMap::new();
    for r in versions.iter().flat_map(|p| &p.removed) {
        if columns.0.contains_key(&r.id) {
            columns.offer(&r.id, Ranked::removed(r.at));
        } else if cards.0.contains_key(&r.id) {
            cards.offer(&r.id, Ranked::removed(r.at));
        } else if risks.0.contains_key(&r.id) {
            risks.offer(&r.id, Ranked::removed(r.at));
        } else {
            let e = unknown.entry(r.id.clone()).or_insert(r.at);
            if r.at > *e {
                *e = r.at;
            }
        }
    }
    // A project tombstone removes every part whose newest state is not newer than it.
    if deleted.is_some() {
        columns.0.retain(|_, r| alive(r.key.0));
        cards.0.retain(|_, r| alive(r.key.0));
        risks.0.retain(|_, r| alive(r.key.0));
        moves.retain(|_, m| alive(m.at));
    }
    let head = live_heads.single().filter(|h| alive(h.updated));
    // Deletions for good newer than the tombstone are part of what survives too: dropping
    // them with the project would make the result depend on the merge order (a version that
    // still knows the deleted column or card would bring it back).
    // The history: every copy's entries (a card's, live, trashed or dropped here, and the
    // project's), placed below by which cards are left. An entry newer than the deletion
    // survives like any other part.
    let pool: Vec<_> = versions
        .iter()
        .flat_map(|p| crate::domain::records::tagged(p))
        .filter(|a| alive(a.at))
        .collect();
    let survives = !(columns.0.is_empty() && cards.0.is_empty() && risks.0.is_empty())
        || unknown.values().any(|at| alive(*at))
        || !pool.is_empty();
    let mut out = match (head, deleted) {
        (Some(h), _) => h,
        (None, Some(at)) if survives => {
            let mut p = head_template(versions.first()?);
            p.name = "Recovered project".into();
            p.created = at;
            p.updated = at;
            p
        }
        _ => return None,
    };

    // Where each live card goes, from its column's state: a live column keeps it; a column
    // deleted at `t` takes along cards last edited at or before `t` (into its trash entry,
    // or away for good); a card edited after that brings the column back, as of `t`, so the
    // deletion still outranks the revived copy in later merges, which derive it again.
    let mut trash_cols: BTreeMap<Id, (Ts, Column, Vec<Card>)> = BTreeMap::new();
    let mut live_cols: BTreeMap<Id, Column> = BTreeMap::new();
    let mut removed: BTreeMap<Id, Ts> = BTreeMap::new();
    for (id, r) in &columns.0 {
        match &r.state {
            State::Live(c) => {
                live_cols.insert((*id).clone(), (*c).clone());
            }
            State::Trashed(at, c) => {
                trash_cols.insert((*id).clone(), (*at, (*c).clone(), Vec::new()));
            }
            State::Removed(at) => {
                removed.insert((*id).clone(), *at);
            }
        }
    }
    // First: which deleted columns come back (a card edited after the deletion)?
    for r in cards.0.values() {
        let State::Live(c) = &r.state else { continue };
        if live_cols.contains_key(&c.column) {
            continue;
        }
        if let Some((at, col, _)) = trash_cols.get(&c.column) {
            if c.updated > *at {
                let revived = Column {
                    updated: *at,
                    ..col.clone()
                };
                live_cols.insert(revived.id.clone(), revived);
            }
        } else if let Some(at) = removed.get(&c.column) {
            if c.updated > *at {
                live_cols.insert(c.column.clone(), recovered_column(&c.column, *at));
            }
        } else {
            // Nothing left of the column (it went with a deleted project): a placeholder
            // derived only from what survives.
            let at = deleted.unwrap_or(c.created);
            live_cols
                .entry(c.column.clone())
                .or_insert_with(|| recovered_column(&c.column, at));
        }
    }
    // Then: every live card follows its column. A card last edited at or before its
    // column's deletion went with it (into the column's trash entry, or away for good) —
    // even when newer cards brought the column back; newer cards are live.
    let removed_cols: BTreeMap<Id, Ts> = removed.clone();

    let mut live_cards = Vec::with_capacity(cards.0.len());
    let mut trash_cards: Vec<(Ts, Card)> = Vec::new();
    for (id, r) in cards.0 {
        match r.state {
            State::Live(c) => {
                if let Some((at, _, bundle)) = trash_cols.get_mut(&c.column) {
                    if c.updated > *at {
                        live_cards.push(c.clone());
                    } else {
                        bundle.push(c.clone());
                    }
                } else if let Some(at) = removed_cols.get(&c.column) {
                    if c.updated > *at {
                        live_cards.push(c.clone());
                    } else {
                        // Recorded as removed at the card's own time, so older versions of
                        // it elsewhere stay outranked and newer ones still win.
                        removed.insert(id.clone(), c.updated);
                    }
                } else {
                    live_cards.push(c.clone());
                }
            }
            State::Trashed(at, c) => trash_cards.push((at, c.clone())),
            State::Removed(at) => {
                removed.insert(id.clone(), at);
            }
        }
    }
    // A revived column is live, and its deletion is kept too (with no cards in it): the
    // deletion still outranks the revived copy wherever they meet again, so every merge
    // order decides the revival from the same facts.
    for (id, r) in risks.0 {
        match r.state {
            State::Live(risk) => out.risks.push(risk.clone()),
            State::Trashed(..) => {}
            State::Removed(at) => {
                removed.insert(id.clone(), at);
            }
        }
    }
    // Removals of ids no table knew.
    for (id, at) in unknown.into_iter().filter(|(_, at)| alive(*at)) {
        removed.entry(id).or_insert(at);
    }
    out.columns = live_cols.into_values().collect();
    out.cards = live_cards;
    let live: HashSet<&Id> = out
        .cards
        .iter()
        .map(|c| &c.id)
        .chain(out.risks.iter().map(|r| &r.id))
        .collect();
    let removed: Vec<Removed> = removed
        .into_iter()
        .filter(|(id, _)| !live.contains(id))
        .map(|(id, at)| Removed { id, at })
        .collect();
    out.removed = removed;
    out.trash = trash_cols
        .into_values()
        .map(|(at, column, mut cards)| {
            sort::sort_by(&mut cards, |a, b| a.id.cmp(&b.id));
            TrashEntry {
                at,
                item: Trashed::Column { column, cards },
            }
        })
        .chain(trash_cards.into_iter().map(|(at, c)| TrashEntry {
            at,
            item: Trashed::Card(c),
        }))
        .collect();
    out.moves = moves.into_values().cloned().collect();
    crate::domain::records::place(&mut out, pool);
    out.normalise();
    Some(out)
}

/// A project with no parts, from a version's fields (for "Recovered project").
fn head_template(p: &Project) -> Project {
    let mut h = head(p);
    h.objective = String::new();
    h.scope_in = String::new();
    h.scope_out = String::new();
    h.deliverables = Vec::new();
    h.budget = None;
    h.stakeholders = Vec::new();
    h.labels = Vec::new();
    h.done_column = None;
    h.lessons = String::new();
    h.activity = Vec::new();
    h.actual_end = None;
    h.trashed = None;
    h.status = Default::default();
    h.start = None;
    h.target_end = None;
    h
}

fn recovered_column(id: &Id, at: Ts) -> Column {
    Column {
        id: id.clone(),
        created: at,
        updated: at,
        name: "Recovered column".into(),
        rank: "zzzzV".into(),
        wip_limit: None,
        collapsed: false,
        stamps: Default::default(),
    }
}

fn template_head(t: &Template) -> Template {
    Template {
        items: Vec::new(),
        removed: Vec::new(),
        ..t.clone()
    }
}

fn merge_template(versions: &[&Template], deleted: Option<Ts>) -> Option<Template> {
    let alive = |t: Ts| deleted.is_none_or(|d| t > d);
    let heads: Vec<Template> = versions.iter().map(|t| template_head(t)).collect();
    let mut live_heads: Live<Template> = Live::new();
    for h in &heads {
        live_heads.offer(h);
    }
    let mut live_items: Live<Item> = Live::new();
    for t in versions {
        for i in &t.items {
            live_items.offer(i);
        }
    }
    let live_items = live_items.items;
    let mut items: Table<&Item> = Table::new();
    offer_all(&live_items, &mut items);
    for t in versions {
        for r in &t.removed {
            items.offer(&r.id, Ranked::removed(r.at));
        }
    }
    if deleted.is_some() {
        items.0.retain(|_, r| alive(r.key.0));
    }
    let head = live_heads.single().filter(|h| alive(h.updated));
    let mut out = match (head, deleted) {
        (Some(h), _) => h,
        (None, Some(at)) if !items.0.is_empty() => {
            Template::empty(versions.first()?.id.clone(), at, "Recovered checklist")
        }
        _ => return None,
    };
    for (id, r) in items.0 {
        match r.state {
            State::Live(i) => out.items.push(i.clone()),
            State::Removed(at) => out.removed.push(Removed { id: id.clone(), at }),
            State::Trashed(..) => {}
        }
    }
    out.removed.retain(|r| alive(r.at));
    out.normalise();
    Some(out)
}
