//! What an import will do, before it does it: new, updated, conflicting (changed on both
//! sides: which fields each side changed, both values where both changed one, and which
//! wins; see `super::fields` for the rule) and deleted entities; and "import as a copy".
//!
//! Fields are compared only for entities whose two copies differ, so a big file that is
//! mostly the same as the workspace costs little more than comparing its entities.

use super::fields::{self, FieldChange, Raw};
use super::merge::{self, merge};
use crate::domain::registers::{Asset, BudgetLine, Policy, Site, SpendEntry, StockItem};
use crate::domain::{
    Card, Column, Env, Id, Item, Person, Project, ProjectTemplate, Risk, Run, Template, Ts,
    Workspace,
};
use serde_json::Value;
use std::collections::{HashMap, HashSet};

/// One entity in the preview.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Line {
    /// "Card", "Column", "Project", ...
    pub kind: &'static str,
    /// Its name as the user knows it, with where it lives ("“Book movers” in Office move").
    pub name: String,
}

/// An entity changed on both sides.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Conflict {
    pub line: Line,
    pub id: Id,
    /// True when the file's value of some field wins.
    pub incoming_wins: bool,
    pub local_updated: String,
    pub incoming_updated: String,
    /// The fields that differ: who changed each, the two values, which wins.
    pub fields: Vec<FieldChange>,
}

/// The preview of a merge.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Preview {
    pub new: Vec<Line>,
    pub updated: Vec<Line>,
    pub conflicts: Vec<Conflict>,
    pub deleted: Vec<Line>,
    pub unchanged: usize,
    /// The workspace after the merge.
    pub merged: Workspace,
}

impl Preview {
    /// Nothing would change.
    pub fn is_noop(&self) -> bool {
        self.new.is_empty()
            && self.updated.is_empty()
            && self.deleted.is_empty()
            && self.conflicts.iter().all(|c| !c.incoming_wins)
    }
}

/// One entity of a workspace, borrowed: its name is only written out for the entities the
/// preview lists (formatting a name for every entity of three workspaces was a large part
/// of a preview's cost).
struct Entry<'a> {
    value: Ent<'a>,
    /// The project or checklist it belongs to (for its name), if any.
    within: &'a str,
    /// The project it is part of (a column, card or risk).
    project: Option<&'a Project>,
    updated: Ts,
}

/// An entity to compare (typed equality: serialising every entity three times would be
/// most of a preview's cost). Projects and checklists compare by their own fields only
/// (their parts are entities of their own).
enum Ent<'a> {
    Person(&'a Person),
    Project(&'a Project),
    Column(&'a Column),
    Card(&'a Card),
    Risk(&'a Risk),
    Template(&'a Template),
    Item(&'a Item),
    Run(&'a Run),
    Shape(&'a ProjectTemplate),
    Site(&'a Site),
    Asset(&'a Asset),
    Stock(&'a StockItem),
    Budget(&'a BudgetLine),
    Spend(&'a SpendEntry),
    Policy(&'a Policy),
}

impl PartialEq for Ent<'_> {
    fn eq(&self, other: &Self) -> bool {
        use Ent::*;
        match (self, other) {
            (Person(a), Person(b)) => a == b,
            (Project(a), Project(b)) => merge::head(a) == merge::head(b),
            (Column(a), Column(b)) => a == b,
            (Card(a), Card(b)) => a == b,
            (Risk(a), Risk(b)) => a == b,
            (Template(a), Template(b)) => template_head(a) == template_head(b),
            (Item(a), Item(b)) => a == b,
            (Run(a), Run(b)) => a == b,
            (Shape(a), Shape(b)) => a == b,
            (Site(a), Site(b)) => a == b,
            (Asset(a), Asset(b)) => a == b,
            (Stock(a), Stock(b)) => a == b,
            (Budget(a), Budget(b)) => a == b,
            (Spend(a), Spend(b)) => a == b,
            (Policy(a), Policy(b)) => a == b,
            _ => false,
        }
    }
}

/// A checklist's own fields, without its items.
fn template_head(t: &Template) -> Template {
    Template {
        items: vec![],
        removed: vec![],
        ..t.clone()
    }
}

impl Entry<'_> {
    fn kind(&self) -> &'static str {
        match self.value {
            Ent::Person(_) => "Person",
            Ent::Project(_) => "Project",
            Ent::Column(_) => "Column",
            Ent::Card(_) => "Card",
            Ent::Risk(_) => "Risk",
            Ent::Template(_) => "Checklist",
            Ent::Item(_) => "Item",
            Ent::Run(_) => "Run",
            Ent::Shape(_) => "Project template",
            Ent::Site(_) => "Site",
            Ent::Asset(_) => "Asset",
            Ent::Stock(_) => "Stock item",
            Ent::Budget(_) => "Budget line",
            Ent::Spend(_) => "Spend",
            Ent::Policy(_) => "Policy",
        }
    }

    /// Its name as the user knows it, with where it lives.
    fn name(&self) -> String {
        let w = self.within;
        match self.value {
            Ent::Person(p) => p.name.clone(),
            Ent::Project(p) => format!("“{}”", p.name),
            Ent::Column(c) => format!("“{}” in {w}", c.name),
            Ent::Card(c) => format!("“{}” in {w}", c.title),
            Ent::Risk(r) => format!("“{}” in {w}", r.title),
            Ent::Template(t) => format!("“{}”", t.name),
            Ent::Item(i) => format!("“{}” in {w}", i.text),
            Ent::Run(r) => format!("{} of {w}", r.date),
            Ent::Shape(t) => format!("“{}”", t.name),
            Ent::Site(e) => format!("“{}”", e.name),
            Ent::Asset(e) => format!("“{}”", e.name),
            Ent::Stock(e) => format!("“{}”", e.name),
            Ent::Budget(e) => format!(
                "{} for {}",
                e.area,
                crate::domain::calendar::month_name(e.month)
            ),
            Ent::Spend(e) => format!("{} on {} ({})", e.area, e.date, e.what),
            Ent::Policy(e) => format!("“{}”", e.name),
        }
    }

    fn line(&self) -> Line {
        Line {
            kind: self.kind(),
            name: self.name(),
        }
    }
}

/// Every entity of a workspace with its id, in the workspace's order.
fn entries(ws: &Workspace) -> Vec<(&Id, Entry<'_>)> {
    let parts = ws
        .projects
        .iter()
        .flat_map(|p| [p.columns.len(), p.cards.len(), p.risks.len()])
        .chain(ws.templates.iter().map(|t| t.items.len()))
        .chain([
            ws.people.len(),
            ws.runs.len(),
            ws.projects.len(),
            ws.templates.len(),
            ws.project_templates.len(),
            ws.registers.ids().len(),
        ])
        .fold(0usize, usize::saturating_add);
    let mut m = Vec::with_capacity(parts);
    let mut add = |id, value, within, project, updated: Ts| {
        m.push((
            id,
            Entry {
                value,
                within,
                project,
                updated,
            },
        ));
    };
    for p in &ws.people {
        add(&p.id, Ent::Person(p), "", None, p.updated);
    }
    for t in &ws.project_templates {
        add(&t.id, Ent::Shape(t), "", None, t.updated);
    }
    let r = &ws.registers;
    for e in &r.sites {
        add(&e.id, Ent::Site(e), "", None, e.updated);
    }
    for e in &r.assets {
        add(&e.id, Ent::Asset(e), "", None, e.updated);
    }
    for e in &r.stock {
        add(&e.id, Ent::Stock(e), "", None, e.updated);
    }
    for e in &r.budget {
        add(&e.id, Ent::Budget(e), "", None, e.updated);
    }
    for e in &r.spend {
        add(&e.id, Ent::Spend(e), "", None, e.updated);
    }
    for e in &r.policies {
        add(&e.id, Ent::Policy(e), "", None, e.updated);
    }

    for p in &ws.projects {
        let (w, o) = (p.name.as_str(), Some(p));
        add(&p.id, Ent::Project(p), "", None, p.updated);
        for c in &p.columns {
            add(&c.id, Ent::Column(c), w, o, c.updated);
        }
        for c in &p.cards {
            add(&c.id, Ent::Card(c), w, o, c.updated);
        }
        for r in &p.risks {
            add(&r.id, Ent::Risk(r), w, o, r.updated);
        }
    }
    for t in &ws.templates {
        add(&t.id, Ent::Template(t), "", None, t.updated);
        for i in &t.items {
            add(&i.id, Ent::Item(i), t.name.as_str(), None, i.updated);
        }
    }
    let names: HashMap<&Id, &str> = ws
        .templates
        .iter()
        .map(|t| (&t.id, t.name.as_str()))
        .collect();
    for r in &ws.runs {
        let t = names.get(&r.template).copied().unwrap_or("a checklist");
        add(&r.id, Ent::Run(r), t, None, r.updated);
    }
    m
}

fn stamp(t: Ts) -> String {
    t.to_rfc3339()
}

/// What merging `incoming` into `local` would do. The lines come in the merged workspace's
/// order (the view sorts them).
pub fn preview(local: &Workspace, incoming: &Workspace) -> Preview {
    let merged = merge(local, incoming);
    let mut p = Preview::default();
    {
        let local_entries = entries(local);
        let l: HashMap<&Id, &Entry> = local_entries.iter().map(|(id, e)| (*id, e)).collect();
        // The file's entities are only looked at for those the workspace has too.
        let incoming_entries = if l.is_empty() {
            Vec::new()
        } else {
            entries(incoming)
        };
        let i: HashMap<&Id, &Entry> = incoming_entries.iter().map(|(id, e)| (*id, e)).collect();
        let m = entries(&merged);
        let kept: HashSet<&Id> = if l.is_empty() {
            HashSet::new()
        } else {
            m.iter().map(|(id, _)| *id).collect()
        };
        // Entities changed on both sides, with their fields (put in words below).
        let mut both: Vec<(Line, Id, Ts, Ts, Vec<Raw>)> = Vec::new();
        for (id, e) in &m {
            let Some(le) = l.get(id) else {
                p.new.push(e.line());
                continue;
            };
            let changed = le.value != e.value;
            // Fields are compared only where the file's copy differs from ours; where it is
            // the same, the merge changes nothing a person would see (at most an order).
            let ie = match i.get(id) {
                Some(ie) if ie.value != le.value => ie,
                None if changed => {
                    p.updated.push(e.line());
                    continue;
                }
                _ => {
                    p.unchanged = p.unchanged.saturating_add(1);
                    continue;
                }
            };
            let diff = compare(le, ie, e, local, incoming);
            let here = diff.iter().any(|d| d.here);
            let file = diff.iter().any(|d| d.file);
            if here && file {
                both.push((e.line(), (*id).clone(), le.updated, ie.updated, diff));
            } else if changed && file {
                p.updated.push(e.line());
            } else {
                // Only ours changed, or only what a deletion did (see `fields`).
                p.unchanged = p.unchanged.saturating_add(1);
            }
        }
        if !both.is_empty() {
            let names = names(&[&merged, local, incoming]);
            let name = |id: &str| names.get(&Id(id.to_string())).map(|n| n.to_string());
            for (line, id, lu, iu, diff) in both {
                let fields = fields::describe(line.kind, diff, &name);
                p.conflicts.push(Conflict {
                    incoming_wins: fields.iter().any(|f| f.theirs_wins),
                    line,
                    id,
                    local_updated: stamp(lu),
                    incoming_updated: stamp(iu),
                    fields,
                });
            }
        }
        for (id, e) in &local_entries {
            if !kept.contains(id) {
                p.deleted.push(e.line());
            }
        }
    }
    p.merged = merged;
    p
}

/// The fields in which two copies of an entity differ (`merged` is the merge's copy).
fn compare(
    le: &Entry,
    ie: &Entry,
    me: &Entry,
    local: &Workspace,
    incoming: &Workspace,
) -> Vec<Raw> {
    // Does `key` of `list` name something deleted on that side (a card gone from the board,
    // a label from the project, a person from the directory)?
    let gone = |theirs: bool, list: &str, key: &str| {
        let (ws, project) = if theirs {
            (incoming, ie.project)
        } else {
            (local, le.project)
        };
        match (list, project) {
            ("assignees", _) => !ws.people.iter().any(|x| x.id.as_str() == key),
            ("labels", Some(p)) => !p.labels.iter().any(|x| x.id.as_str() == key),
            ("blocked_by", Some(p)) => !p.cards.iter().any(|x| x.id.as_str() == key),
            _ => false,
        }
    };
    use fields::compare as c;
    match (&le.value, &ie.value, &me.value) {
        (Ent::Person(a), Ent::Person(b), Ent::Person(m)) => c(*a, *b, *m, &gone),
        (Ent::Project(a), Ent::Project(b), Ent::Project(m)) => c(*a, *b, *m, &gone),
        (Ent::Column(a), Ent::Column(b), Ent::Column(m)) => c(*a, *b, *m, &gone),
        (Ent::Card(a), Ent::Card(b), Ent::Card(m)) => c(*a, *b, *m, &gone),
        (Ent::Risk(a), Ent::Risk(b), Ent::Risk(m)) => c(*a, *b, *m, &gone),
        (Ent::Template(a), Ent::Template(b), Ent::Template(m)) => c(*a, *b, *m, &gone),
        (Ent::Item(a), Ent::Item(b), Ent::Item(m)) => c(*a, *b, *m, &gone),
        (Ent::Run(a), Ent::Run(b), Ent::Run(m)) => c(*a, *b, *m, &gone),
        (Ent::Shape(a), Ent::Shape(b), Ent::Shape(m)) => c(*a, *b, *m, &gone),
        (Ent::Site(a), Ent::Site(b), Ent::Site(m)) => c(*a, *b, *m, &gone),
        (Ent::Asset(a), Ent::Asset(b), Ent::Asset(m)) => c(*a, *b, *m, &gone),
        (Ent::Stock(a), Ent::Stock(b), Ent::Stock(m)) => c(*a, *b, *m, &gone),
        (Ent::Budget(a), Ent::Budget(b), Ent::Budget(m)) => c(*a, *b, *m, &gone),
        (Ent::Spend(a), Ent::Spend(b), Ent::Spend(m)) => c(*a, *b, *m, &gone),
        (Ent::Policy(a), Ent::Policy(b), Ent::Policy(m)) => c(*a, *b, *m, &gone),
        _ => Vec::new(),
    }
}

/// The names of everything a field may point at (people, columns, cards, labels, sections,
/// items), from the first workspace that has each.
fn names<'a>(all: &[&'a Workspace]) -> HashMap<&'a Id, &'a str> {
    let mut out: HashMap<&Id, &str> = HashMap::new();
    let mut add = |id, name| {
        out.insert(id, name);
    };
    for ws in all.iter().rev() {
        ws.people.iter().for_each(|x| add(&x.id, x.name.as_str()));
        for p in &ws.projects {
            p.columns.iter().for_each(|x| add(&x.id, x.name.as_str()));
            p.cards.iter().for_each(|x| add(&x.id, x.title.as_str()));
            p.labels.iter().for_each(|x| add(&x.id, x.name.as_str()));
        }
        for t in &ws.templates {
            t.sections.iter().for_each(|x| add(&x.id, x.name.as_str()));
            t.items.iter().for_each(|x| add(&x.id, x.text.as_str()));
        }
        let r = &ws.registers;
        r.sites.iter().for_each(|x| add(&x.id, x.name.as_str()));
        r.stock.iter().for_each(|x| add(&x.id, x.name.as_str()));
    }
    out
}

/// The file's projects, checklists and runs with fresh ids (and " (copy)" after their
/// names), so importing them adds new things instead of merging into existing ones. People
/// and the registers' entries keep their ids: the directory and the registers are shared.
pub fn as_copy(incoming: &Workspace, env: &mut dyn Env) -> Workspace {
    let mut ids: HashSet<String> = HashSet::new();
    let keep: HashSet<String> = (incoming.people.iter().map(|p| p.id.0.clone()))
        .chain(
            incoming
                .registers
                .ids()
                .into_iter()
                .map(|(_, id)| id.0.clone()),
        )
        .collect();
    // Through the text, not serde_json's Value serialiser and deserialiser: the entities
    // are written and read as storage does it (one deserialiser per type in the wasm).
    let mut v: Value = serde_json::from_str(&serde_json::to_string(incoming).expect("serialise"))
        .expect("JSON written by serde_json");
    collect_ids(&v, &mut ids);
    let map: HashMap<String, String> = ids
        .into_iter()
        .filter(|id| !keep.contains(id))
        .map(|id| (id, env.new_id().0))
        .collect();
    rewrite(&mut v, &map);
    let mut ws: Workspace = serde_json::from_str(&v.to_string()).expect("same shape");
    ws.tombstones.clear();
    for p in &mut ws.projects {
        p.name = copy_name(&p.name);
        p.removed.clear();
    }
    for t in &mut ws.templates {
        t.name = copy_name(&t.name);
        t.removed.clear();
    }
    for t in &mut ws.project_templates {
        t.name = copy_name(&t.name);
    }
    ws
}

fn copy_name(name: &str) -> String {
    let n = format!("{name} (copy)");
    if n.chars().count() > crate::domain::MAX_NAME {
        name.to_string()
    } else {
        n
    }
}

/// Every `"id"` value anywhere in the tree.
fn collect_ids(v: &Value, out: &mut HashSet<String>) {
    match v {
        Value::Object(o) => {
            for (k, x) in o {
                if k == "id" {
                    if let Value::String(s) = x {
                        out.insert(s.clone());
                    }
                }
                collect_ids(x, out);
            }
        }
        Value::Array(a) => a.iter().for_each(|x| collect_ids(x, out)),
        _ => {}
    }
}

/// Replaces ids in id fields and reference fields (never in free text).
fn rewrite(v: &mut Value, map: &HashMap<String, String>) {
    const REFS: [&str; 13] = [
        "id",
        "column",
        "card",
        "from",
        "to",
        "template",
        "blocked_by",
        "labels",
        "checked",
        "section",
        "item",
        "run",
        "project",
    ];
    match v {
        Value::Object(o) => {
            for (k, x) in o.iter_mut() {
                if REFS.contains(&k.as_str()) {
                    swap(x, map);
                }
                if matches!(x, Value::Object(_) | Value::Array(_)) {
                    rewrite(x, map);
                }
            }
        }
        Value::Array(a) => a.iter_mut().for_each(|x| rewrite(x, map)),
        _ => {}
    }
}

fn swap(v: &mut Value, map: &HashMap<String, String>) {
    match v {
        Value::String(s) => {
            if let Some(n) = map.get(s.as_str()) {
                *s = n.clone();
            }
        }
        Value::Array(a) => a.iter_mut().for_each(|x| swap(x, map)),
        _ => {}
    }
}
