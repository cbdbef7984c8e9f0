//! Checklists through the session: templates (with versions), runs, corrective actions.

use super::{Changes, Done, Session};
use crate::domain::board::CardFields;
use crate::domain::checklist::{ActionFields, ActionProject};
use crate::domain::stamps::{self, PerField};
use crate::domain::{CardSource, DomainError, EntityKind, Env, Id, Res, Run, Template, Ts};
use crate::storage::KvStore;

/// Runs `op` on `x`; a refusal puts `x` back as it was (checklist records are small), and
/// a change stamps the fields it changed (`domain::stamps`; a template's items too).
fn apply_or_put_back<X: PerField, T>(
    x: &mut X,
    env: &mut dyn Env,
    op: impl FnOnce(&mut X, &mut dyn Env) -> Res<T>,
    parts: impl FnOnce(&mut X, &X, &mut dyn FnMut() -> Ts),
) -> Res<T> {
    let before = x.clone();
    match op(x, env) {
        Ok(v) => {
            parts(x, &before, &mut || env.now());
            stamps::restamp_now(x, &before, &mut || env.now());
            Ok(v)
        }
        Err(e) => {
            *x = before;
            Err(e)
        }
    }
}

impl<S: KvStore, E: Env> Session<S, E> {
    pub fn template(&self, id: &Id) -> Option<&Template> {
        self.ws.template(id)
    }

    pub fn run(&self, id: &Id) -> Option<&Run> {
        self.ws.runs.iter().find(|r| &r.id == id)
    }

    /// Creates a template from a name and lines of items.
    pub fn create_template(&mut self, name: &str, items: &str) -> Res<Done<Id>> {
        let lines: Vec<&str> = items.lines().collect();
        let id = self.ws.create_template(&mut self.env, name, &lines)?;
        Ok(self.save_template(id.clone(), id))
    }

    fn save_template<T>(&mut self, id: Id, v: T) -> Done<T> {
        let saved = match (
            &mut self.repo,
            self.ws.templates.iter().find(|t| t.id == id),
        ) {
            (Ok(r), Some(t)) => r.save_template(t),
            (Err(e), _) => Err(e.clone()),
            (_, None) => Ok(()),
        };
        let changes = Changes {
            templates: vec![id],
            ..Changes::default()
        };
        Done::new(v, changes, saved)
    }

    /// Applies a domain operation to a template and saves it.
    pub fn edit_template<T>(
        &mut self,
        id: &Id,
        op: impl FnOnce(&mut Template, &mut dyn Env) -> Res<T>,
    ) -> Res<Done<T>> {
        let t = self
            .ws
            .templates
            .iter_mut()
            .find(|t| &t.id == id)
            .ok_or(DomainError::NotFound("checklist"))?;
        let v = apply_or_put_back(t, &mut self.env, op, |t, before, now| {
            stamps::restamp_list(&mut t.items, &before.items, now)
        })?;
        Ok(self.save_template(id.clone(), v))
    }

    /// Changes a template's items or sections: when its current version has runs, the
    /// change makes a new version (old runs keep theirs).
    pub fn revise_template<T>(
        &mut self,
        id: &Id,
        op: impl FnOnce(&mut Template, &mut dyn Env) -> Res<T>,
    ) -> Res<Done<T>> {
        let version = self
            .template(id)
            .ok_or(DomainError::NotFound("checklist"))?
            .version;
        let in_use = self
            .ws
            .runs
            .iter()
            .any(|r| &r.template == id && r.version == version);
        self.edit_template(id, |t, env| t.revise(env, in_use, op))
    }

    /// Deletes a template and its runs, leaving tombstones.
    pub fn delete_template(&mut self, id: &Id) -> Res<Done<()>> {
        let gone = self.ws.delete_template(&mut self.env, id)?;
        let all = &self.ws.tombstones;
        let saved = match &mut self.repo {
            Ok(r) => r.save_deletions(&gone, all),
            Err(e) => Err(e.clone()),
        };
        let changes = Changes {
            templates: vec![id.clone()],
            runs: gone
                .iter()
                .filter(|t| t.kind == EntityKind::Run)
                .map(|t| t.id.clone())
                .collect(),
            ..Changes::default()
        };
        Ok(Done::new((), changes, saved))
    }

    /// Starts a run of a template for a date and saves it.
    pub fn start_run(&mut self, template: &Id, date: chrono::NaiveDate) -> Res<Done<Id>> {
        let id = self.ws.start_run(&mut self.env, template, date)?;
        Ok(self.save_run(id.clone(), id))
    }

    fn save_run<T>(&mut self, id: Id, v: T) -> Done<T> {
        let saved = match (&mut self.repo, self.ws.runs.iter().find(|r| r.id == id)) {
            (Ok(repo), Some(r)) => repo.save_run(r),
            (Err(e), _) => Err(e.clone()),
            (_, None) => Ok(()),
        };
        let changes = Changes {
            runs: vec![id],
            ..Changes::default()
        };
        Done::new(v, changes, saved)
    }

    /// Applies a domain operation to a run (given its template) and saves the run only.
    pub fn edit_run<T>(
        &mut self,
        id: &Id,
        op: impl FnOnce(&mut Run, &Template, &mut dyn Env) -> Res<T>,
    ) -> Res<Done<T>> {
        let run = self
            .ws
            .runs
            .iter_mut()
            .find(|r| &r.id == id)
            .ok_or(DomainError::NotFound("run"))?;
        let template = self
            .ws
            .templates
            .iter()
            .find(|t| t.id == run.template)
            .ok_or(DomainError::NotFound("checklist"))?;
        let v = apply_or_put_back(
            run,
            &mut self.env,
            |r, env| op(r, template, env),
            |_, _, _| {},
        )?;
        Ok(self.save_run(id.clone(), v))
    }

    /// Skips or excuses the occurrence of `template` on `date` with a reason (see
    /// `Workspace::skip_occurrence`) and saves the run that records it.
    pub fn skip_occurrence(
        &mut self,
        template: &Id,
        date: chrono::NaiveDate,
        reason: &str,
        today: chrono::NaiveDate,
    ) -> Res<Done<Id>> {
        let before = self
            .ws
            .runs
            .iter()
            .find(|r| &r.template == template && r.date == date)
            .cloned();
        let id = self
            .ws
            .skip_occurrence(&mut self.env, template, date, reason, today)?;
        // A run already started for the day: stamp what the skip changed.
        if let Some(b) = before {
            if let Some(r) = self.ws.runs.iter_mut().find(|r| r.id == b.id) {
                let env = &mut self.env;
                stamps::restamp_now(r, &b, &mut || env.now());
            }
        }
        Ok(self.save_run(id.clone(), id))
    }

    /// Escalates the overdue occurrence of `template` on `date` to its owner, as the
    /// session's author (`Template::escalate`).
    pub fn escalate(
        &mut self,
        template: &Id,
        date: chrono::NaiveDate,
        today: chrono::NaiveDate,
    ) -> Res<Done<Id>> {
        let by = self.author().cloned();
        self.edit_template(template, |t, env| t.escalate(env, date, today, by))
    }

    /// The card title and project name of the corrective action already raised from
    /// `item` of `run` whose card is still on its board.
    pub fn live_action(&self, run: &Run, item: &Id) -> Option<(String, String)> {
        run.actions_for(item).find_map(|a| {
            let p = self.ws.projects.iter().find(|p| a.is_live(p))?;
            Some((p.card(&a.card)?.title.clone(), p.name.clone()))
        })
    }

    /// Raises a corrective action from a failed item of a run: a card in the first column
    /// of the project (or of a new project with the name given), with its assignee, due
    /// date and priority, saying where it came from (an undoable project step), and the run
    /// records it. Refused when the item already has an action whose card is on a board.
    /// Returns the project's and the card's ids.
    pub fn raise_action(
        &mut self,
        run: &Id,
        item: &Id,
        project: &ActionProject,
        fields: ActionFields,
    ) -> Res<Done<(Id, Id)>> {
        let r = self.run(run).ok_or(DomainError::NotFound("run"))?;
        let t = self
            .template(&r.template)
            .ok_or(DomainError::NotFound("checklist"))?;
        let (title, description) = crate::domain::checklist::run::action_text(t, r, item)
            .ok_or(DomainError::NotFound("item"))?;
        if let Some((card, project)) = self.live_action(r, item) {
            return Err(DomainError::Invalid(format!(
                "A corrective action is already open for this item: “{card}” on {project}."
            )));
        }
        if let Some(a) = &fields.assignee {
            if !self.ws.people.iter().any(|p| &p.id == a) {
                return Err(DomainError::NotFound("person"));
            }
        }
        let source = CardSource {
            run: run.clone(),
            template: t.id.clone(),
            item: item.clone(),
        };
        let mut changes = Changes::default();
        let mut saved = Ok(());
        let pid = match project {
            ActionProject::Existing(id) => id.clone(),
            ActionProject::New(name) => {
                let made = self.create_project(name)?;
                changes = made.changes;
                saved = made.saved;
                made.value
            }
        };
        let card = self.edit_project(&pid, "raise corrective action", |p, env| {
            let id = p.add_card_from(env, &title, &description, source)?;
            let mut f = CardFields::of(p.card(&id).ok_or(DomainError::NotFound("card"))?);
            f.assignees = fields.assignee.into_iter().collect();
            f.due = fields.due;
            f.priority = fields.priority;
            p.update_card(env, &id, f)?;
            Ok(id)
        });
        // (Refused: a new project stays, made and saved; the refusal is what is shown.)
        let card = card?;
        let card_id = card.value.clone();
        let ran = self.edit_run(run, |r, _, env| {
            r.add_action(env, item, &pid, &card_id);
            Ok(())
        })?;
        if changes.projects.is_empty() {
            // (A new project is read back whole, card included.)
            changes.projects.extend(card.changes.projects);
        }
        changes.runs.extend(ran.changes.runs);
        Ok(Done::new(
            (pid, card.value),
            changes,
            saved.and(card.saved).and(ran.saved),
        ))
    }
}
