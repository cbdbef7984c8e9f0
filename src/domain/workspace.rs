//! The whole of one person's data: projects, checklist templates, runs, and a record of
//! what was deleted at the top level.

use super::sort;
use super::{DomainError, Env, Id, Project, Res, Run, Template, Ts};
use serde::{Deserialize, Serialize};

/// What kind of top-level thing a tombstone stands for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EntityKind {
    Project,
    Template,
    Run,
    Person,
    /// A project template (issue 19 part 6).
    ProjectTemplate,
    /// Entries of the operations registers (issue 20, `domain::registers`).
    Site,
    Asset,
    Stock,
    BudgetLine,
    Spend,
    Policy,
}

/// A record that a project, template or run was deleted, so the deletion can travel.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Tombstone {
    pub id: Id,
    pub kind: EntityKind,
    pub at: Ts,
}

/// Everything Docket keeps. The UI holds each entity in its own signal; this type is the
/// whole for loading, sample data, exports and tests.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Workspace {
    /// The directory of people, shared by projects (assignees) and checklists (who ran it).
    #[serde(default)]
    pub people: Vec<crate::domain::people::Person>,
    pub projects: Vec<Project>,
    pub templates: Vec<Template>,
    pub runs: Vec<Run>,
    pub tombstones: Vec<Tombstone>,
    /// Projects saved as the shape of the next ones (`domain::project_template`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub project_templates: Vec<super::ProjectTemplate>,
    /// Sites, assets, stock, budget, spend and policies (`domain::registers`).
    #[serde(default, skip_serializing_if = "super::registers::Registers::is_empty")]
    pub registers: super::registers::Registers,
}

impl Workspace {
    /// True when there is nothing to show (first start).
    pub fn is_empty(&self) -> bool {
        self.projects.is_empty()
            && self.templates.is_empty()
            && self.runs.is_empty()
            && self.people.is_empty()
            && self.project_templates.is_empty()
            && self.registers.is_empty()
    }

    /// The newest time anything here changed (what a clock that sees this copy must pass;
    /// an entity's `updated` is never older than its field stamps).
    pub fn newest(&self) -> Option<Ts> {
        let projects = self
            .projects
            .iter()
            .map(crate::exchange::merge::newest_in_project);
        self.people
            .iter()
            .map(|p| p.updated)
            .chain(projects)
            .chain(self.templates.iter().map(|t| t.updated))
            .chain(
                self.templates
                    .iter()
                    .flat_map(|t| t.items.iter().map(|i| i.updated)),
            )
            .chain(self.runs.iter().map(|r| r.updated))
            .chain(self.project_templates.iter().map(|t| t.updated))
            .chain(self.tombstones.iter().map(|t| t.at))
            .chain(self.registers.newest())
            .max()
    }

    /// Puts everything in its canonical order (after loading or merging): projects and
    /// templates by creation, runs by id, and each board and checklist sorted by rank.
    /// Returns notes on anything that had to be repaired.
    pub fn normalise(&mut self) -> Vec<String> {
        let mut notes = Vec::new();
        for p in &mut self.projects {
            notes.extend(p.normalise());
        }
        for t in &mut self.templates {
            t.normalise();
        }
        for r in &mut self.runs {
            r.normalise();
            r.sort_lists();
        }
        sort::sort_by(&mut self.projects, |a, b| {
            a.created.cmp(&b.created).then(a.id.cmp(&b.id))
        });
        sort::sort_by(&mut self.templates, |a, b| {
            a.created.cmp(&b.created).then(a.id.cmp(&b.id))
        });
        sort::sort_by(&mut self.runs, |a, b| a.id.cmp(&b.id));
        // People by id, as the merge leaves them (the views sort them by name).
        sort::sort_by(&mut self.people, |a, b| a.id.cmp(&b.id));
        sort::sort_by(&mut self.project_templates, |a, b| {
            a.created.cmp(&b.created).then(a.id.cmp(&b.id))
        });
        notes
    }

    /// Makes every project's done column explicit (the migration of records written before
    /// it was: the last column at load time, fixed from then on).
    pub fn settle_done_columns(&mut self) {
        for p in &mut self.projects {
            p.settle_done_column();
        }
    }

    /// Creates a project and returns its id.
    pub fn create_project(&mut self, env: &mut dyn Env, name: &str) -> Res<Id> {
        let p = Project::new(env, name)?;
        let id = p.id.clone();
        self.projects.push(p);
        Ok(id)
    }

    /// The project with this id.
    pub fn project_mut(&mut self, id: &Id) -> Res<&mut Project> {
        self.projects
            .iter_mut()
            .find(|p| &p.id == id)
            .ok_or(DomainError::NotFound("project"))
    }

    /// The template with this id.
    pub fn template(&self, id: &Id) -> Option<&Template> {
        self.templates.iter().find(|t| &t.id == id)
    }

    /// Deletes a project, leaving a tombstone.
    pub fn delete_project(&mut self, env: &mut dyn Env, id: &Id) -> Res<Tombstone> {
        let idx = self
            .projects
            .iter()
            .position(|p| &p.id == id)
            .ok_or(DomainError::NotFound("project"))?;
        self.projects.remove(idx);
        let t = Tombstone {
            id: id.clone(),
            kind: EntityKind::Project,
            at: env.now(),
        };
        self.tombstones.push(t.clone());
        Ok(t)
    }

    /// Creates a checklist template.
    pub fn create_template(&mut self, env: &mut dyn Env, name: &str, items: &[&str]) -> Res<Id> {
        let t = Template::new(env, name, items)?;
        let id = t.id.clone();
        self.templates.push(t);
        Ok(id)
    }

    /// Deletes a template and its runs, leaving tombstones for all of them.
    pub fn delete_template(&mut self, env: &mut dyn Env, id: &Id) -> Res<Vec<Tombstone>> {
        let idx = self
            .templates
            .iter()
            .position(|t| &t.id == id)
            .ok_or(DomainError::NotFound("checklist"))?;
        self.templates.remove(idx);
        let at = env.now();
        let mut out = vec![Tombstone {
            id: id.clone(),
            kind: EntityKind::Template,
            at,
        }];
        self.runs.retain(|r| {
            if &r.template == id {
                out.push(Tombstone {
                    id: r.id.clone(),
                    kind: EntityKind::Run,
                    at,
                });
                false
            } else {
                true
            }
        });
        self.tombstones.extend(out.iter().cloned());
        Ok(out)
    }

    /// Starts a run of a template for a date.
    pub fn start_run(
        &mut self,
        env: &mut dyn Env,
        template: &Id,
        date: chrono::NaiveDate,
    ) -> Res<Id> {
        let t = self
            .template(template)
            .ok_or(DomainError::NotFound("checklist"))?;
        let run = Run::start(env, t, date)?;
        let id = run.id.clone();
        self.runs.push(run);
        Ok(id)
    }

    /// Skips or excuses the occurrence of `template` on `date` with a reason, on `today`:
    /// its run left unfinished is closed as skipped, or a skipped run records it. Refused
    /// when that occurrence is already completed or skipped. Returns the run's id.
    pub fn skip_occurrence(
        &mut self,
        env: &mut dyn Env,
        template: &Id,
        date: chrono::NaiveDate,
        reason: &str,
        today: chrono::NaiveDate,
    ) -> Res<Id> {
        let same = |r: &Run| &r.template == template && r.date == date;
        if self.runs.iter().any(|r| same(r) && r.is_closed()) {
            return Err(DomainError::Invalid(format!(
                "The occurrence of {date} is already completed or skipped."
            )));
        }
        if let Some(r) = self.runs.iter_mut().find(|r| same(r)) {
            r.skip(env, reason, today)?;
            return Ok(r.id.clone());
        }
        let t = self
            .template(template)
            .ok_or(DomainError::NotFound("checklist"))?;
        let mut run = Run::start(env, t, date)?;
        run.skip(env, reason, today)?;
        let id = run.id.clone();
        self.runs.push(run);
        Ok(id)
    }

    /// Runs of a template, newest date first.
    pub fn runs_of(&self, template: &Id) -> Vec<&Run> {
        let mut v: Vec<&Run> = self
            .runs
            .iter()
            .filter(|r| &r.template == template)
            .collect();
        sort::sort_by(&mut v, |a, b| {
            b.date.cmp(&a.date).then(b.created.cmp(&a.created))
        });
        v
    }
}
