//! Project templates through the session (issue 19 part 6): saving a project as one,
//! editing and deleting one (a tombstone travels), and starting a project from one. Like
//! the people directory, the templates are one stored record, restamped field by field.

use super::{Changes, Done, ProjectChange, Session};
use crate::domain::project_template::{self, ProjectTemplate};
use crate::domain::{stamps, EntityKind, Env, Id, Res, Tombstone};
use crate::storage::KvStore;
use chrono::NaiveDate;

impl<S: KvStore, E: Env> Session<S, E> {
    /// Applies an operation to the project templates and saves them (with the tombstones
    /// when one was deleted); a refusal changes nothing.
    pub fn edit_project_templates<T>(
        &mut self,
        op: impl FnOnce(&mut Vec<ProjectTemplate>, &mut dyn Env) -> Res<T>,
    ) -> Res<Done<T>> {
        let before = self.ws.project_templates.clone();
        let v = op(&mut self.ws.project_templates, &mut self.env)
            .inspect_err(|_| self.ws.project_templates.clone_from(&before))?;
        if self.ws.project_templates == before {
            return Ok(Done::new(v, Changes::default(), Ok(())));
        }
        let env = &mut self.env;
        stamps::restamp_list(&mut self.ws.project_templates, &before, &mut || env.now());
        let gone: Vec<&Id> = before
            .iter()
            .map(|t| &t.id)
            .filter(|id| !self.ws.project_templates.iter().any(|t| &t.id == *id))
            .collect();
        let deleted = !gone.is_empty();
        for id in gone {
            self.ws.tombstones.push(Tombstone {
                id: id.clone(),
                kind: EntityKind::ProjectTemplate,
                at: self.env.now(),
            });
        }
        let (list, tombs) = (&self.ws.project_templates, &self.ws.tombstones);
        let saved = match &mut self.repo {
            Ok(r) => r.save_project_templates(list, deleted.then_some(tombs.as_slice())),
            Err(e) => Err(e.clone()),
        };
        let changes = Changes {
            project_templates: true,
            ..Changes::default()
        };
        Ok(Done::new(v, changes, saved))
    }

    /// Saves project `id` as a new template; gives the template's id.
    pub fn save_as_template(&mut self, id: &Id, name: &str, with_cards: bool) -> Res<Done<Id>> {
        let p = self
            .project(id)
            .ok_or(crate::domain::DomainError::NotFound("project"))?
            .clone();
        self.edit_project_templates(|list, env| {
            let t = ProjectTemplate::from_project(env, &p, name, with_cards)?;
            project_template::add(list, t)
        })
    }

    /// Starts a project named `name` from template `template` on `start` and saves it;
    /// gives the project's id.
    pub fn start_from_template(
        &mut self,
        template: &Id,
        name: &str,
        start: NaiveDate,
    ) -> Res<Done<Id>> {
        let t = self
            .ws
            .project_templates
            .iter()
            .find(|t| &t.id == template)
            .ok_or(crate::domain::DomainError::NotFound("template"))?;
        let p = t.start_project(&mut self.env, name, start)?;
        let id = p.id.clone();
        let saved = self.persist(|r| r.save_project(&p));
        self.ws.projects.push(p);
        let changes = Changes {
            projects: vec![ProjectChange::Whole(id.clone())],
            ..Changes::default()
        };
        Ok(Done::new(id, changes, saved))
    }
}
