//! What an import will do, before it does it: new, updated, conflicting (changed on both
//! sides, and which side wins) and deleted entities; and "import as a copy".

use super::merge::merge;
use crate::domain::{
    Card, Column, Env, Id, Item, Person, Project, Risk, Run, Template, Ts, Workspace,
};
use serde_json::Value;
use std::collections::{BTreeMap, HashMap, HashSet};

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

struct Entry<'a> {
    kind: &'static str,
    name: String,
    value: Ent<'a>,
    created: Ts,
    updated: Ts,
}

/// An entity to compare (typed equality: serialising every entity three times would be
/// most of a preview's cost).
enum Ent<'a> {
    Person(&'a Person),
    Project(Box<Project>),
    Column(&'a Column),
    Card(&'a Card),
    Risk(&'a Risk),
    Template(Box<Template>),
    Item(&'a Item),
    Run(&'a Run),
}

impl PartialEq for Ent<'_> {
    fn eq(&self, other: &Self) -> bool {
        use Ent::*;
        match (self, other) {
            (Person(a), Person(b)) => a == b,
            (Project(a), Project(b)) => a == b,
            (Column(a), Column(b)) => a == b,
            (Card(a), Card(b)) => a == b,
            (Risk(a), Risk(b)) => a == b,
            (Template(a), Template(b)) => a == b,
            (Item(a), Item(b)) => a == b,
            (Run(a), Run(b)) => a == b,
            _ => false,
        }
    }
}

/// Every entity of a workspace by id.
fn entries(ws: &Workspace) -> BTreeMap<Id, Entry<'_>> {
    let mut m = BTreeMap::new();
    let mut add = |id: &Id, kind, name: String, value, created: Ts, updated: Ts| {
        m.insert(
            id.clone(),
            Entry {
                kind,
                name,
                value,
                created,
                updated,
            },
        );
    };
    for p in &ws.people {
        add(
            &p.id,
            "Person",
            p.name.clone(),
            Ent::Person(p),
            p.created,
            p.updated,
        );
    }
    for p in &ws.projects {
        let head = Project {
            columns: vec![],
            cards: vec![],
            risks: vec![],
            moves: vec![],
            trash: vec![],
            removed: vec![],
            name: p.name.clone(),
            objective: p.objective.clone(),
            scope_in: p.scope_in.clone(),
            scope_out: p.scope_out.clone(),
            deliverables: p.deliverables.clone(),
            budget: p.budget.clone(),
            stakeholders: p.stakeholders.clone(),
            labels: p.labels.clone(),
            lessons: p.lessons.clone(),
            id: p.id.clone(),
            done_column: p.done_column.clone(),
            created: p.created,
            updated: p.updated,
            status: p.status,
            start: p.start,
            target_end: p.target_end,
            actual_end: p.actual_end,
            trashed: p.trashed,
        };
        add(
            &p.id,
            "Project",
            format!("“{}”", p.name),
            Ent::Project(Box::new(head)),
            p.created,
            p.updated,
        );
        for c in &p.columns {
            add(
                &c.id,
                "Column",
                format!("“{}” in {}", c.name, p.name),
                Ent::Column(c),
                c.created,
                c.updated,
            );
        }
        for c in &p.cards {
            add(
                &c.id,
                "Card",
                format!("“{}” in {}", c.title, p.name),
                Ent::Card(c),
                c.created,
                c.updated,
            );
        }
        for r in &p.risks {
            add(
                &r.id,
                "Risk",
                format!("“{}” in {}", r.title, p.name),
                Ent::Risk(r),
                r.created,
                r.updated,
            );
        }
    }
    for t in &ws.templates {
        let head = Template {
            items: vec![],
            removed: vec![],
            ..t.clone()
        };
        add(
            &t.id,
            "Checklist",
            format!("“{}”", t.name),
            Ent::Template(Box::new(head)),
            t.created,
            t.updated,
        );
        for i in &t.items {
            add(
                &i.id,
                "Item",
                format!("“{}” in {}", i.text, t.name),
                Ent::Item(i),
                i.created,
                i.updated,
            );
        }
    }
    let names: HashMap<&Id, &str> = ws
        .templates
        .iter()
        .map(|t| (&t.id, t.name.as_str()))
        .collect();
    for r in &ws.runs {
        let t = names.get(&r.template).copied().unwrap_or("a checklist");
        add(
            &r.id,
            "Run",
            format!("{} of {}", r.date, t),
            Ent::Run(r),
            r.created,
            r.updated,
        );
    }
    m
}

fn stamp(t: Ts) -> String {
    t.to_rfc3339()
}

/// What merging `incoming` into `local` would do.
pub fn preview(local: &Workspace, incoming: &Workspace) -> Preview {
    let merged = merge(local, incoming);
    let l = entries(local);
    let i = entries(incoming);
    let m = entries(&merged);
    let mut p = Preview::default();
    for (id, e) in &m {
        let line = Line {
            kind: e.kind,
            name: e.name.clone(),
        };
        match l.get(id) {
            None => p.new.push(line),
            Some(le) if le.value == e.value => {
                // Unchanged locally; was there a different version in the file that lost?
                match i.get(id) {
                    Some(ie)
                        if ie.value != le.value
                            && ie.updated != ie.created
                            && le.updated != le.created =>
                    {
                        p.conflicts.push(Conflict {
                            line,
                            incoming_wins: false,
                            local_updated: stamp(le.updated),
                            incoming_updated: stamp(ie.updated),
                        })
                    }
                    _ => p.unchanged += 1,
                }
            }
            Some(le) => {
                let edited_here = le.updated != le.created;
                match i.get(id) {
                    Some(ie) if edited_here && ie.value != le.value => p.conflicts.push(Conflict {
                        line,
                        incoming_wins: true,
                        local_updated: stamp(le.updated),
                        incoming_updated: stamp(ie.updated),
                    }),
                    _ => p.updated.push(line),
                }
            }
        }
    }
    for (id, e) in &l {
        if !m.contains_key(id) {
            p.deleted.push(Line {
                kind: e.kind,
                name: e.name.clone(),
            });
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
    let mut v = serde_json::to_value(incoming).expect("serialise");
    collect_ids(&v, &mut ids);
    let map: HashMap<String, String> = ids
        .into_iter()
        .filter(|id| !keep.contains(id))
        .map(|id| (id, env.new_id().0))
        .collect();
    rewrite(&mut v, &map);
    let mut ws: Workspace = serde_json::from_value(v).expect("same shape");
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
