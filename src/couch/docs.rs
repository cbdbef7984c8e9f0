//! The workspace as CouchDB documents: a project's head (its own fields, columns, risks,
//! trash and history, without its cards), each card, each checklist (with its items), each
//! run, each person and each deletion (tombstone) is one document. A document's body is the
//! entity in the file format's words (`exchange::format`), under a `kind`.

use crate::domain::checklist::{Run, Template};
use crate::domain::{Card, Id, Person, Project, Tombstone, Workspace};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// The version of the document format; a document from a newer Docket is refused.
pub const DOC_VERSION: u32 = 1;

/// What one document holds.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Body {
    /// A project without its cards.
    Project {
        project: Project,
    },
    Card {
        project: Id,
        card: Card,
    },
    Template {
        template: Template,
    },
    Run {
        run: Run,
    },
    Person {
        person: Person,
    },
    Tombstone {
        tombstone: Tombstone,
    },
}

/// A document as Docket writes it: the body and its format version.
#[derive(Serialize)]
struct Out<'a> {
    docket: u32,
    #[serde(flatten)]
    body: &'a Body,
}

/// A document as the server sends it.
#[derive(Deserialize)]
struct In {
    docket: u32,
    #[serde(flatten)]
    body: Body,
}

impl Body {
    /// The document's id: a letter for the kind, then the entity's id.
    pub fn doc_id(&self) -> String {
        match self {
            Body::Project { project } => format!("p:{}", project.id),
            Body::Card { card, .. } => format!("c:{}", card.id),
            Body::Template { template } => format!("t:{}", template.id),
            Body::Run { run } => format!("r:{}", run.id),
            Body::Person { person } => format!("u:{}", person.id),
            Body::Tombstone { tombstone } => format!("x:{}", tombstone.id),
        }
    }

    /// The body as JSON (no `_id` or `_rev`): what is pushed, and what its hash is of.
    pub fn json(&self) -> String {
        serde_json::to_string(&Out {
            docket: DOC_VERSION,
            body: self,
        })
        .unwrap_or_default()
    }

    /// Reads a document's JSON (with or without `_id`, `_rev`): `Err` says why it is not a
    /// Docket document.
    pub fn parse(doc: &serde_json::Value) -> Result<Body, String> {
        let d = In::deserialize(doc).map_err(|e| e.to_string())?;
        if d.docket > DOC_VERSION {
            return Err(format!(
                "it was written by a newer Docket (document format {}): update this copy",
                d.docket
            ));
        }
        Ok(d.body)
    }
}

/// Every document of `ws`, in a stable order.
pub fn all(ws: &Workspace) -> Vec<Body> {
    let mut out = Vec::new();
    for p in &ws.projects {
        for c in &p.cards {
            out.push(Body::Card {
                project: p.id.clone(),
                card: c.clone(),
            });
        }
        out.push(Body::Project {
            project: Project {
                cards: Vec::new(),
                ..p.clone()
            },
        });
    }
    out.extend(ws.templates.iter().map(|t| Body::Template {
        template: t.clone(),
    }));
    out.extend(ws.runs.iter().map(|r| Body::Run { run: r.clone() }));
    out.extend(ws.people.iter().map(|p| Body::Person { person: p.clone() }));
    out.extend(ws.tombstones.iter().map(|t| Body::Tombstone {
        tombstone: t.clone(),
    }));
    out
}

/// The workspace `bodies` describe, to be merged into `local` (`exchange::merge`): a card
/// or run comes with its project's head or its checklist from `local` when `bodies` don't
/// hold them, since merging `local` with its own copy changes nothing. Cards of a project
/// that neither side has yet are given back (their head comes later); cards of a deleted
/// project are dropped.
pub fn assemble(local: &Workspace, bodies: Vec<Body>) -> (Workspace, Vec<Body>) {
    let mut ws = Workspace::default();
    let mut cards: Vec<(Id, Card)> = Vec::new();
    for b in bodies {
        match b {
            Body::Project { project } => ws.projects.push(project),
            Body::Card { project, card } => cards.push((project, card)),
            Body::Template { template } => ws.templates.push(template),
            Body::Run { run } => ws.runs.push(run),
            Body::Person { person } => ws.people.push(person),
            Body::Tombstone { tombstone } => ws.tombstones.push(tombstone),
        }
    }
    let mut orphans = Vec::new();
    let mut at: HashMap<Id, usize> = ws
        .projects
        .iter()
        .enumerate()
        .map(|(i, p)| (p.id.clone(), i))
        .collect();
    for (pid, card) in cards {
        let i = match at.get(&pid) {
            Some(i) => *i,
            None => match local.projects.iter().find(|p| p.id == pid) {
                Some(p) => {
                    ws.projects.push(Project {
                        cards: Vec::new(),
                        ..p.clone()
                    });
                    at.insert(pid, ws.projects.len() - 1);
                    ws.projects.len() - 1
                }
                None => {
                    let deleted = |t: &Tombstone| t.id == pid;
                    if !local.tombstones.iter().any(deleted) && !ws.tombstones.iter().any(deleted) {
                        orphans.push(Body::Card { project: pid, card });
                    }
                    continue;
                }
            },
        };
        if let Some(p) = ws.projects.get_mut(i) {
            p.cards.push(card);
        }
    }
    // A run's checklist comes from `local` when the bodies don't hold it (a run alone would
    // otherwise bring a placeholder checklist).
    let missing: Vec<Template> = local
        .templates
        .iter()
        .filter(|t| {
            ws.runs.iter().any(|r| r.template == t.id) && !ws.templates.iter().any(|x| x.id == t.id)
        })
        .cloned()
        .collect();
    ws.templates.extend(missing);
    (ws, orphans)
}
