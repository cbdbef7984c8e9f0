//! What an import will do, before it does it: new, updated, conflicting (changed on both
//! sides, and which side wins) and deleted entities; and "import as a copy".

use super::merge::{self, merge};
use crate::domain::{
    Card, Column, Env, Id, Item, Person, Project, Risk, Run, Template, Ts, Workspace,
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
    /// True when the file's version wins (it is newer).
    pub incoming_wins: bool,
    pub local_updated: String,
    pub incoming_updated: String,
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
    created: Ts,
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
        ])
        .fold(0usize, usize::saturating_add);
    let mut m = Vec::with_capacity(parts);
    let mut add = |id, value, within, created: Ts, updated: Ts| {
        m.push((
            id,
            Entry {
                value,
                within,
                created,
                updated,
            },
        ));
    };
    for p in &ws.people {
        add(&p.id, Ent::Person(p), "", p.created, p.updated);
    }
    for p in &ws.projects {
        let w = p.name.as_str();
        add(&p.id, Ent::Project(p), "", p.created, p.updated);
        for c in &p.columns {
            add(&c.id, Ent::Column(c), w, c.created, c.updated);
        }
        for c in &p.cards {
            add(&c.id, Ent::Card(c), w, c.created, c.updated);
        }
        for r in &p.risks {
            add(&r.id, Ent::Risk(r), w, r.created, r.updated);
        }
    }
    for t in &ws.templates {
        add(&t.id, Ent::Template(t), "", t.created, t.updated);
        for i in &t.items {
            add(&i.id, Ent::Item(i), t.name.as_str(), i.created, i.updated);
        }
    }
    let names: HashMap<&Id, &str> = ws
        .templates
        .iter()
        .map(|t| (&t.id, t.name.as_str()))
        .collect();
    for r in &ws.runs {
        let t = names.get(&r.template).copied().unwrap_or("a checklist");
        add(&r.id, Ent::Run(r), t, r.created, r.updated);
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
        for (id, e) in &m {
            match l.get(id) {
                None => p.new.push(e.line()),
                Some(le) if le.value == e.value => {
                    // Unchanged locally; was there a different version in the file that lost?
                    match i.get(id) {
                        Some(ie)
                            if ie.value != le.value
                                && ie.updated != ie.created
                                && le.updated != le.created =>
                        {
                            p.conflicts.push(Conflict {
                                line: e.line(),
                                incoming_wins: false,
                                local_updated: stamp(le.updated),
                                incoming_updated: stamp(ie.updated),
                            })
                        }
                        _ => p.unchanged = p.unchanged.saturating_add(1),
                    }
                }
                Some(le) => {
                    let edited_here = le.updated != le.created;
                    match i.get(id) {
                        Some(ie) if edited_here && ie.value != le.value => {
                            p.conflicts.push(Conflict {
                                line: e.line(),
                                incoming_wins: true,
                                local_updated: stamp(le.updated),
                                incoming_updated: stamp(ie.updated),
                            })
                        }
                        _ => p.updated.push(e.line()),
                    }
                }
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

/// The file's projects, checklists and runs with fresh ids (and " (copy)" after their
/// names), so importing them adds new things instead of merging into existing ones. People
/// keep their ids: the directory is shared.
pub fn as_copy(incoming: &Workspace, env: &mut dyn Env) -> Workspace {
    let mut ids: HashSet<String> = HashSet::new();
    let keep: HashSet<String> = incoming.people.iter().map(|p| p.id.0.clone()).collect();
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
