//! Changes to the whole workspace through the session: the people directory, sample data,
//! an applied import (and its undo), "Try saving again", and another tab's writes.

use super::{Changes, Done, Session};
use crate::domain::{people, sample, Env, Id, Person, Res, Workspace};
use crate::storage::{KvStore, Scope, StorageError, JOURNAL_KEY};

impl<S: KvStore, E: Env> Session<S, E> {
    /// Applies an operation to the people directory and saves it; a refusal changes nothing.
    pub fn edit_people<T>(
        &mut self,
        op: impl FnOnce(&mut Vec<Person>, &mut dyn Env) -> Res<T>,
    ) -> Res<Done<T>> {
        let before = self.ws.people.clone();
        let v = op(&mut self.ws.people, &mut self.env).inspect_err(|_| {
            self.ws.people.clone_from(&before);
        })?;
        if self.ws.people == before {
            return Ok(Done::new(v, Changes::default(), Ok(())));
        }
        let env = &mut self.env;
        crate::domain::stamps::restamp_list(&mut self.ws.people, &before, &mut || env.now());
        // In the merge's order (by id), so another tab that merges this write finds nothing
        // to write back.
        crate::domain::sort::sort_by(&mut self.ws.people, |a, b| a.id.cmp(&b.id));
        let people = &self.ws.people;
        let saved = match &mut self.repo {
            Ok(r) => r.save_people(people),
            Err(e) => Err(e.clone()),
        };
        let changes = Changes {
            people: true,
            ..Changes::default()
        };
        Ok(Done::new(v, changes, saved))
    }

    /// Finds a person by name (ignoring case and spaces) or adds them; returns their id.
    pub fn person_named(&mut self, name: &str) -> Res<Done<Id>> {
        self.edit_people(|all, env| people::find_or_add(all, env, name).map(|(id, _)| id))
    }

    /// Adds the sample workspace (a project, five checklists with weeks of history, and the registers).
    pub fn load_sample(&mut self, today: chrono::NaiveDate) -> Res<Done<()>> {
        let ws = sample::workspace(&mut self.env, today)?;
        let mut people = self.ws.people.clone();
        people.extend(ws.people.iter().cloned());
        crate::domain::sort::sort_by(&mut people, |a, b| a.id.cmp(&b.id));
        let mut project_templates = self.ws.project_templates.clone();
        project_templates.extend(ws.project_templates.iter().cloned());
        let mut registers = self.ws.registers.clone();
        registers.extend(ws.registers.clone());
        let to_save = Workspace {
            tombstones: self.ws.tombstones.clone(),
            people: people.clone(),
            project_templates: project_templates.clone(),
            registers: registers.clone(),
            ..ws.clone()
        };
        let saved = self.persist(|r| r.save_all(&to_save));
        let changes = Changes {
            projects: ws
                .projects
                .iter()
                .map(|p| super::ProjectChange::Whole(p.id.clone()))
                .collect(),
            templates: ws.templates.iter().map(|t| t.id.clone()).collect(),
            runs: ws.runs.iter().map(|r| r.id.clone()).collect(),
            people: true,
            project_templates: true,
            registers: true,
        };
        self.ws.people = people;
        self.ws.project_templates = project_templates;
        self.ws.registers = registers;
        self.ws.projects.extend(ws.projects);
        self.ws.templates.extend(ws.templates);
        self.ws.runs.extend(ws.runs);
        Ok(Done::new((), changes, saved))
    }

    /// Replaces the whole workspace with `new` (an applied import, or its undo): stored
    /// first, all or nothing; only when that succeeds does the session change. The undo
    /// history starts again (its steps refer to projects as they were).
    pub fn replace_workspace(&mut self, mut new: Workspace) -> Result<Changes, StorageError> {
        new.settle_done_columns();
        if let Some(t) = new.newest() {
            self.env.observe(t);
        }
        let old = &self.ws;
        match &mut self.repo {
            Ok(r) => r.replace(old, &new)?,
            Err(e) => return Err(e.clone()),
        }
        let changes = Changes::between(&self.ws, &new);
        self.ws = new;
        self.undo = Default::default();
        Ok(changes)
    }

    /// Takes in a workspace merged from this one and what another replica sent (a CouchDB
    /// database, `couch::take`): the records that differ are stored, all or nothing; undo
    /// steps of the projects it changed are forgotten (putting one back would undo the
    /// colleague's edit too).
    pub fn take_merged(&mut self, merged: Workspace) -> Result<Changes, StorageError> {
        if merged == self.ws {
            return Ok(Changes::default());
        }
        if let Some(t) = merged.newest() {
            self.env.observe(t);
        }
        match &mut self.repo {
            Ok(r) => r.replace(&self.ws, &merged)?,
            Err(e) => return Err(e.clone()),
        }
        let changes = Changes::between(&self.ws, &merged);
        for p in &changes.projects {
            self.undo.forget(p.id());
        }
        self.ws = merged;
        Ok(changes)
    }

    /// After a refused write (once space is freed): writes every record whose stored copy
    /// differs from what is in memory, all or nothing.
    pub fn save_again(&mut self) -> Result<(), StorageError> {
        let now = &self.ws;
        match &mut self.repo {
            Ok(r) => {
                let stored = r.load().workspace;
                r.replace(&stored, now)
            }
            Err(e) => Err(e.clone()),
        }
    }

    /// Is another tab in the middle of a write of several records (its journal is there)?
    pub fn other_tab_writing(&self) -> bool {
        self.repo()
            .is_some_and(|r| r.store().get(JOURNAL_KEY).ok().flatten().is_some())
    }

    /// Stops writing (another tab upgraded the stored layout).
    pub fn set_read_only(&mut self, why: StorageError) {
        if let Ok(r) = &mut self.repo {
            r.set_read_only(why);
        }
    }

    /// Takes in what another tab stored under the keys `scope` names: those entities are
    /// read back whole and merged with this tab's (the merge rule of an import, so neither
    /// tab's newer edit is lost); records whose merged value differs from the stored one are
    /// written back. `None` when nothing can be read (storage unavailable or read-only).
    pub fn absorb(&mut self, scope: &Scope) -> Option<Done<()>> {
        let repo = self.repo.as_mut().ok()?;
        if repo.read_only().is_some() {
            return None;
        }
        let theirs = repo.load_scope(scope).workspace;
        if let Some(t) = theirs.newest() {
            self.env.observe(t);
        }
        let in_scope = |ws: &Workspace| Workspace {
            people: ws.people.clone(),
            registers: ws.registers.clone(),
            project_templates: ws.project_templates.clone(),
            tombstones: ws.tombstones.clone(),
            projects: ws
                .projects
                .iter()
                .filter(|p| scope.covers_project(&p.id))
                .cloned()
                .collect(),
            templates: ws
                .templates
                .iter()
                .filter(|t| scope.covers_template(&t.id))
                .cloned()
                .collect(),
            runs: ws
                .runs
                .iter()
                .filter(|r| scope.covers_run(r))
                .cloned()
                .collect(),
        };
        let mine = in_scope(&self.ws);
        let mut merged = crate::exchange::merge::merge(&mine, &theirs);
        merged.normalise();
        let saved = if merged != theirs {
            repo.replace(&theirs, &merged)
        } else {
            Ok(())
        };
        let changes = Changes::between(&mine, &merged);
        // Put the merged entities in place of this tab's (in scope), keeping the others.
        let Workspace {
            people,
            registers,
            project_templates,
            tombstones,
            projects,
            templates,
            runs,
        } = merged;
        self.ws.people = people;
        self.ws.registers = registers;
        self.ws.project_templates = project_templates;
        self.ws.tombstones = tombstones;
        self.ws.projects.retain(|p| !scope.covers_project(&p.id));
        self.ws.projects.extend(projects);
        self.ws.templates.retain(|t| !scope.covers_template(&t.id));
        self.ws.templates.extend(templates);
        self.ws.runs.retain(|r| !scope.covers_run(r));
        self.ws.runs.extend(runs);
        self.ws.normalise();
        for p in &changes.projects {
            // Undo steps hold copies from before the other tab's edit: putting one back
            // would undo that edit too.
            self.undo.forget(p.id());
        }
        Some(Done::new((), changes, saved))
    }

    /// The recovery view's "set the damaged records aside": each is moved under a key the
    /// loader skips (nothing is deleted). Returns the new keys.
    pub fn set_aside(&mut self, keys: &[String]) -> Result<Vec<String>, StorageError> {
        match &mut self.repo {
            Ok(r) => crate::storage::recovery::set_aside(r.store_mut(), keys),
            Err(e) => Err(e.clone()),
        }
    }

    /// The recovery view's "start fresh": removes every Docket record (after the person
    /// confirmed, and was offered the raw data). Returns how many were removed.
    pub fn clear_everything(&mut self) -> Result<usize, StorageError> {
        match &mut self.repo {
            Ok(r) => crate::storage::recovery::clear(r.store_mut()),
            Err(e) => Err(e.clone()),
        }
    }
}
