//! The workspace as CouchDB documents: a project's head (its own fields, columns, risks,
//! trash and history, without its cards), each card, each checklist (with its items), each
//! run, each person, each register entry and each deletion (tombstone) is one document. A document's body is the
//! entity in the file format's words (`exchange::format`), under a `kind`.

use crate::domain::checklist::{Run, Template};
use crate::domain::registers::{Asset, BudgetLine, Policy, Site, SpendEntry, StockItem};
use crate::domain::{Card, Id, Person, Project, ProjectTemplate, Tombstone, Workspace};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// The version of the document format; a document from a newer Docket is refused.
pub const DOC_VERSION: u32 = 1;

/// What one document holds.
#[derive(Clone, Debug, PartialEq)]
pub enum Body {
    /// A project without its cards.
    Project(Project),
    Card(Id, Card),
    Template(Template),
    Run(Run),
    Person(Person),
    ProjectTemplate(ProjectTemplate),
    Tombstone(Tombstone),
    /// The registers' entries (issue 20).
    Site(Site),
    Asset(Asset),
    Stock(StockItem),
    BudgetLine(BudgetLine),
    Spend(SpendEntry),
    Policy(Policy),
}

/// A document as the database sends it: its format version, its kind, and the entity under
/// the kind's name (a card also names its project). Plain fields rather than a tagged enum:
/// serde's tagged and flattened forms would compile a second decoder for every entity.
#[derive(Default, Deserialize)]
pub struct Doc {
    #[serde(default, rename = "_id")]
    pub id: String,
    #[serde(default, rename = "_rev")]
    pub rev: String,
    #[serde(default, rename = "_deleted")]
    pub deleted: bool,
    #[serde(default, rename = "_conflicts")]
    pub conflicts: Vec<String>,
    #[serde(default)]
    pub docket: u32,
    #[serde(default)]
    pub kind: String,
    #[serde(default)]
    pub in_project: Option<Id>,
    #[serde(default)]
    pub project: Option<Project>,
    #[serde(default)]
    pub card: Option<Card>,
    #[serde(default)]
    pub template: Option<Template>,
    #[serde(default)]
    pub run: Option<Run>,
    #[serde(default)]
    pub person: Option<Person>,
    #[serde(default)]
    pub project_template: Option<ProjectTemplate>,
    #[serde(default)]
    pub tombstone: Option<Tombstone>,
    #[serde(default)]
    pub site: Option<Site>,
    #[serde(default)]
    pub asset: Option<Asset>,
    #[serde(default)]
    pub stock: Option<StockItem>,
    #[serde(default)]
    pub budget_line: Option<BudgetLine>,
    #[serde(default)]
    pub spend: Option<SpendEntry>,
    #[serde(default)]
    pub policy: Option<Policy>,
}

impl Body {
    /// The document's id: a letter for the kind, then the entity's id.
    pub fn doc_id(&self) -> String {
        match self {
            Body::Project(p) => format!("p:{}", p.id),
            Body::Card(_, c) => format!("c:{}", c.id),
            Body::Template(t) => format!("t:{}", t.id),
            Body::Run(r) => format!("r:{}", r.id),
            Body::Person(p) => format!("u:{}", p.id),
            Body::ProjectTemplate(t) => format!("pt:{}", t.id),
            Body::Tombstone(t) => format!("x:{}", t.id),
            Body::Site(e) => format!("s:{}", e.id),
            Body::Asset(e) => format!("a:{}", e.id),
            Body::Stock(e) => format!("st:{}", e.id),
            Body::BudgetLine(e) => format!("bl:{}", e.id),
            Body::Spend(e) => format!("sp:{}", e.id),
            Body::Policy(e) => format!("po:{}", e.id),
        }
    }

    /// The document's JSON as Docket writes it (no `_id` or `_rev`): what is pushed, and
    /// what its hash is of. (Written out here: a derived `Serialize` of [`Doc`] costs the
    /// wasm a copy of the serialiser of every entity behind an `Option`.)
    pub fn json(&self) -> String {
        fn j<T: Serialize + ?Sized>(v: &T) -> String {
            serde_json::to_string(v).unwrap_or_default()
        }
        let (kind, value, project) = match self {
            Body::Project(p) => ("project", j(p), None),
            Body::Card(pid, c) => ("card", j(c), Some(pid)),
            Body::Template(t) => ("template", j(t), None),
            Body::Run(r) => ("run", j(r), None),
            Body::Person(p) => ("person", j(p), None),
            Body::ProjectTemplate(t) => ("project_template", j(t), None),
            Body::Tombstone(t) => ("tombstone", j(t), None),
            Body::Site(e) => ("site", j(e), None),
            Body::Asset(e) => ("asset", j(e), None),
            Body::Stock(e) => ("stock", j(e), None),
            Body::BudgetLine(e) => ("budget_line", j(e), None),
            Body::Spend(e) => ("spend", j(e), None),
            Body::Policy(e) => ("policy", j(e), None),
        };
        let project = project
            .map(|p| format!(",\"in_project\":{}", j(p)))
            .unwrap_or_default();
        format!("{{\"docket\":{DOC_VERSION},\"kind\":\"{kind}\"{project},\"{kind}\":{value}}}")
    }
}

impl Doc {
    /// What the document holds: `Err` says why it is not a Docket document.
    pub fn body(self) -> Result<Body, String> {
        if self.docket > DOC_VERSION {
            return Err(format!(
                "it was written by a newer Docket (document format {}): update this copy",
                self.docket
            ));
        }
        let missing = || format!("a “{}” document without its {}", self.kind, self.kind);
        let body = match self.kind.as_str() {
            "project" => self.project.clone().map(Body::Project),
            "card" => match (&self.in_project, &self.card) {
                (Some(p), Some(c)) => Some(Body::Card(p.clone(), c.clone())),
                _ => None,
            },
            "template" => self.template.clone().map(Body::Template),
            "run" => self.run.clone().map(Body::Run),
            "person" => self.person.clone().map(Body::Person),
            "project_template" => self.project_template.clone().map(Body::ProjectTemplate),
            "tombstone" => self.tombstone.clone().map(Body::Tombstone),
            "site" => self.site.clone().map(Body::Site),
            "asset" => self.asset.clone().map(Body::Asset),
            "stock" => self.stock.clone().map(Body::Stock),
            "budget_line" => self.budget_line.clone().map(Body::BudgetLine),
            "spend" => self.spend.clone().map(Body::Spend),
            "policy" => self.policy.clone().map(Body::Policy),
            "" => return Err("it is not a Docket document (no kind)".into()),
            k => return Err(format!("unknown kind “{k}”")),
        };
        body.ok_or_else(missing)
    }
}

/// Every document of `ws`, in a stable order.
pub fn all(ws: &Workspace) -> Vec<Body> {
    // Parents first: people, then each project's head before its cards.
    let mut out: Vec<Body> = ws.people.iter().cloned().map(Body::Person).collect();
    for p in &ws.projects {
        out.push(Body::Project(Project {
            cards: Vec::new(),
            ..p.clone()
        }));
        for c in &p.cards {
            out.push(Body::Card(p.id.clone(), c.clone()));
        }
    }
    out.extend(ws.templates.iter().cloned().map(Body::Template));
    out.extend(ws.runs.iter().cloned().map(Body::Run));
    out.extend(
        ws.project_templates
            .iter()
            .cloned()
            .map(Body::ProjectTemplate),
    );
    let r = &ws.registers;
    out.extend(r.sites.iter().cloned().map(Body::Site));
    out.extend(r.assets.iter().cloned().map(Body::Asset));
    out.extend(r.stock.iter().cloned().map(Body::Stock));
    out.extend(r.budget.iter().cloned().map(Body::BudgetLine));
    out.extend(r.spend.iter().cloned().map(Body::Spend));
    out.extend(r.policies.iter().cloned().map(Body::Policy));
    out.extend(ws.tombstones.iter().cloned().map(Body::Tombstone));
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
            Body::Project(p) => ws.projects.push(p),
            Body::Card(pid, c) => cards.push((pid, c)),
            Body::Template(t) => ws.templates.push(t),
            Body::Run(r) => ws.runs.push(r),
            Body::Person(p) => ws.people.push(p),
            Body::ProjectTemplate(t) => ws.project_templates.push(t),
            Body::Tombstone(t) => ws.tombstones.push(t),
            Body::Site(e) => ws.registers.sites.push(e),
            Body::Asset(e) => ws.registers.assets.push(e),
            Body::Stock(e) => ws.registers.stock.push(e),
            Body::BudgetLine(e) => ws.registers.budget.push(e),
            Body::Spend(e) => ws.registers.spend.push(e),
            Body::Policy(e) => ws.registers.policies.push(e),
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
                        orphans.push(Body::Card(pid, card));
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
