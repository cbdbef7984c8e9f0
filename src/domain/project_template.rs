//! Project templates: a project saved as the shape of the next one — its columns with their
//! WIP limits and which is done, its labels, a recurring set of cards (with their
//! dependencies), the charter's skeleton (objective, scope, deliverables, stakeholders,
//! budget, length) and its risks — and new projects started from one.
//!
//! A template keeps that shape as a project of its own (`project`), so the file format,
//! validation and storage read it as they read any project: with ids of its own (never the
//! ids of the project it came from), no history, no trash, nobody assigned, nothing spent,
//! subtasks unticked, cards that were done back in the first column (a new project has
//! done nothing yet), risks open and without an owner. Its dates count from its start (the
//! project's start, or the day the project was created when it had none): a project
//! started from it on another day gets new ids throughout and every date moved by the
//! same number of days.

use super::project::MoveRecord;
use super::stamps::Stamps;
use super::{clean_identity, clean_text, DomainError, Env, Id, Project, ProjectStatus, Res, Ts};
use chrono::{Duration, NaiveDate};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// A project template (see the module notes).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ProjectTemplate {
    pub id: Id,
    pub created: Ts,
    pub updated: Ts,
    pub name: String,
    /// What it is for.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
    /// The shape, as a project (its own ids; dates counted from its `start`).
    pub project: Project,
    /// When each field last changed (`domain::stamps`).
    #[serde(default, skip_serializing_if = "Stamps::is_empty")]
    pub stamps: Stamps,
}

/// Gives every column, card, label, risk and stakeholder of `p` (and `p`) a new id, and
/// points the cards' columns, labels and blockers and the done column at the new ones.
fn fresh_ids(p: &mut Project, env: &mut dyn Env) {
    let mut map: HashMap<Id, Id> = HashMap::new();
    let mut renew = |id: &mut Id, env: &mut dyn Env| {
        let new = env.new_id();
        map.insert(std::mem::replace(id, new.clone()), new);
    };
    renew(&mut p.id, env);
    p.columns.iter_mut().for_each(|c| renew(&mut c.id, env));
    p.cards.iter_mut().for_each(|c| renew(&mut c.id, env));
    p.labels.iter_mut().for_each(|l| renew(&mut l.id, env));
    p.risks.iter_mut().for_each(|r| renew(&mut r.id, env));
    p.stakeholders
        .iter_mut()
        .for_each(|s| renew(&mut s.id, env));
    let to = |id: &Id| map.get(id).cloned();
    p.done_column = p.done_column.as_ref().and_then(to);
    for c in &mut p.cards {
        if let Some(col) = to(&c.column) {
            c.column = col;
        }
        for list in [&mut c.labels, &mut c.blocked_by] {
            *list = super::stamps::as_set(list.iter().filter_map(to).collect());
        }
    }
}

/// Stamps everything in `p` as made at `now`, with no field stamps of the project it
/// came from.
fn made_at(p: &mut Project, now: Ts) {
    (p.created, p.updated, p.stamps) = (now, now, Stamps::default());
    for c in &mut p.columns {
        (c.created, c.updated, c.stamps) = (now, now, Stamps::default());
    }
    for c in &mut p.cards {
        (c.created, c.updated, c.stamps) = (now, now, Stamps::default());
    }
    for r in &mut p.risks {
        (r.created, r.updated, r.stamps) = (now, now, Stamps::default());
    }
}

/// A project's record checked as storage and files check it (a date moved out of range).
fn checked(p: Project) -> Res<Project> {
    let mut issues = super::validate::Issues::default();
    super::validate::project(&p, "", &mut issues);
    if issues.is_empty() {
        Ok(p)
    } else {
        Err(DomainError::Invalid(super::validate::summary(&issues.list)))
    }
}

fn shifted(d: Option<NaiveDate>, days: i64) -> Option<NaiveDate> {
    d.and_then(|d| d.checked_add_signed(Duration::days(days)))
}

impl ProjectTemplate {
    /// A template of `p`, named `name`; `with_cards`: its cards (not archived) are the
    /// template's recurring cards.
    pub fn from_project(
        env: &mut dyn Env,
        p: &Project,
        name: &str,
        with_cards: bool,
    ) -> Res<ProjectTemplate> {
        let name = clean_identity("Template name", name)?;
        if p.columns.is_empty() {
            return Err(DomainError::Invalid(format!(
                "“{}” has no columns yet: a template needs a board to copy.",
                p.name
            )));
        }
        let mut s = p.clone();
        s.settle_done_column();
        (s.moves, s.trash, s.removed) = (Vec::new(), Vec::new(), Vec::new());
        (s.trashed, s.actual_end, s.lessons) = (None, None, String::new());
        s.status = ProjectStatus::Planning;
        s.start = Some(p.start.unwrap_or_else(|| p.created.date_naive()));
        s.cards.retain(|c| with_cards && !c.archived);
        let kept: std::collections::HashSet<Id> = s.cards.iter().map(|c| c.id.clone()).collect();
        let (done, first) = (
            s.done_column.clone(),
            s.columns.first().map(|c| c.id.clone()),
        );
        for c in &mut s.cards {
            c.assignees.clear();
            c.blocked_by.retain(|b| kept.contains(b));
            c.subtasks.iter_mut().for_each(|t| t.done = false);
            (c.cost_actual, c.source) = (None, None);
            if Some(&c.column) == done.as_ref() {
                if let Some(f) = &first {
                    c.column = f.clone();
                }
            }
        }
        for r in &mut s.risks {
            r.owner.clear();
            r.status = Default::default();
        }
        s.columns.iter_mut().for_each(|c| c.collapsed = false);
        fresh_ids(&mut s, env);
        let now = env.now();
        made_at(&mut s, now);
        s.normalise();
        Ok(ProjectTemplate {
            id: env.new_id(),
            created: now,
            updated: now,
            name,
            description: String::new(),
            project: s,
            stamps: Stamps::default(),
        })
    }

    /// Days from the start to the target end, when both are set.
    pub fn length_days(&self) -> Option<i64> {
        let p = &self.project;
        Some(p.target_end?.signed_duration_since(p.start?).num_days())
    }

    /// Renames the template and sets what it is for.
    pub fn edit(&mut self, env: &mut dyn Env, name: &str, description: &str) -> Res<()> {
        let name = clean_identity("Template name", name)?;
        let description = clean_text("Description", description)?;
        if (name.as_str(), description.as_str()) != (self.name.as_str(), self.description.as_str())
        {
            self.name = name;
            self.description = description;
            self.updated = env.now();
        }
        Ok(())
    }

    /// A new project named `name` from this template, starting on `start`: new ids
    /// throughout, every date moved by as many days as the start (see the module notes),
    /// in planning, each card's arrival on the board recorded (for the flow charts).
    pub fn start_project(&self, env: &mut dyn Env, name: &str, start: NaiveDate) -> Res<Project> {
        let mut p = self.project.clone();
        p.name = clean_identity("Project name", name)?;
        let days = start
            .signed_duration_since(p.start.unwrap_or(start))
            .num_days();
        p.start = Some(start);
        p.target_end = shifted(p.target_end, days);
        for c in &mut p.cards {
            (c.start, c.due) = (shifted(c.start, days), shifted(c.due, days));
        }
        p.status = ProjectStatus::Planning;
        fresh_ids(&mut p, env);
        let now = env.now();
        made_at(&mut p, now);
        p.moves = p
            .cards
            .iter()
            .map(|c| MoveRecord {
                card: c.id.clone(),
                from: None,
                to: c.column.clone(),
                at: now,
            })
            .collect();
        checked(p)
    }
}

/// Adds a template to the list (the list of a workspace).
pub fn add(list: &mut Vec<ProjectTemplate>, t: ProjectTemplate) -> Res<Id> {
    super::at_most(
        "project templates",
        list.len().saturating_add(1),
        super::validate::max::TEMPLATES,
    )?;
    let id = t.id.clone();
    list.push(t);
    Ok(id)
}

/// Takes a template out of the list; gives it back (for its tombstone).
pub fn remove(list: &mut Vec<ProjectTemplate>, id: &Id) -> Res<ProjectTemplate> {
    let i = list
        .iter()
        .position(|t| &t.id == id)
        .ok_or(DomainError::NotFound("template"))?;
    Ok(list.remove(i))
}
