//! The one path every change takes: a user's intent → a named domain operation → undo →
//! the storage write → what changed.
//!
//! A [`Session`] owns the workspace, the [`Repo`] over a [`KvStore`], the undo stacks and
//! the tombstones. The browser app runs `Session<LocalStore, BrowserEnv>` behind
//! `ui::state::AppState`, which only mirrors what each call returns into signals; native
//! tests run the same type over the in-memory store, so what they prove is what the app
//! does.
//!
//! Every method that changes something returns a [`Done`]: the operation's value, the
//! [`Changes`] (always the whole change: a refused write leaves it in memory, on screen, so
//! nothing typed is lost) and what storing it did. A domain refusal changes nothing.

mod changes;
mod checklists;
mod history;
mod project_templates;
mod registers;
mod workspace;

pub use changes::{Changes, Done, ProjectChange};

use crate::domain::stamps;
use crate::domain::undo::{Before, Patch, UndoStack};
use crate::domain::{DomainError, Env, Id, Project, ProjectStatus, Res, Workspace};
use crate::storage::{KvStore, Problem, Repo, StorageError};

/// A closed project is read-only until reopened: an operation on it must reopen it (or
/// move it to or from the trash), or it is refused and undone.
struct Lock(Option<Option<crate::domain::Ts>>);

impl Lock {
    fn of(p: &Project) -> Lock {
        Lock((p.status == ProjectStatus::Closed).then_some(p.trashed))
    }

    fn check(&self, p: &Project) -> Res<()> {
        match self.0 {
            Some(t) if p.status == ProjectStatus::Closed && p.trashed == t => {
                Err(DomainError::Invalid(
                    "This project is closed: reopen it (Report tab) to change it.".into(),
                ))
            }
            _ => Ok(()),
        }
    }
}

/// The workspace, its storage and its undo history, changed only through its methods.
pub struct Session<S: KvStore, E: Env> {
    ws: Workspace,
    /// `Err`: storage could not be opened (every write reports why).
    repo: Result<Repo<S>, StorageError>,
    undo: UndoStack,
    env: E,
    /// Who is making the changes (a person of the directory), for the history.
    author: Option<Id>,
}

impl<S: KvStore, E: Env> Session<S, E> {
    /// Opens the store (finishing an interrupted write, migrating older layouts) and loads
    /// what it holds; `problems` lists records that could not be read (left untouched).
    pub fn open(store: Result<S, StorageError>, env: E) -> (Session<S, E>, Vec<Problem>) {
        let (repo, mut ws, problems) = match store {
            Ok(store) => {
                let (repo, loaded) = Repo::open(store);
                (Ok(repo), loaded.workspace, loaded.problems)
            }
            Err(e) => {
                let problem = Problem {
                    key: String::new(),
                    message: e.to_string(),
                };
                (Err(e), Workspace::default(), vec![problem])
            }
        };
        ws.settle_done_columns();
        // Edits made here come after everything stored (this machine's clock may have gone
        // back, or a colleague's file came from a clock running ahead).
        let mut env = env;
        if let Some(t) = ws.newest() {
            env.observe(t);
        }
        let session = Session {
            ws,
            repo,
            undo: UndoStack::default(),
            env,
            author: None,
        };
        (session, problems)
    }

    /// Everything, as it is in memory (what the screen shows).
    pub fn workspace(&self) -> &Workspace {
        &self.ws
    }

    /// The repo, when storage could be opened.
    pub fn repo(&self) -> Option<&Repo<S>> {
        self.repo.as_ref().ok()
    }

    /// The source of time and ids (tests move the clock).
    pub fn env_mut(&mut self) -> &mut E {
        &mut self.env
    }

    /// Who the history names for the changes made from now on (`None`: nobody).
    pub fn set_author(&mut self, who: Option<Id>) {
        self.author = who;
    }

    pub fn author(&self) -> Option<&Id> {
        self.author.as_ref()
    }

    /// The labels of the next undo and redo.
    pub fn next_undo(&self) -> Option<&str> {
        self.undo.next_undo()
    }

    pub fn next_redo(&self) -> Option<&str> {
        self.undo.next_redo()
    }

    pub fn project(&self, id: &Id) -> Option<&Project> {
        self.ws.projects.iter().find(|p| &p.id == id)
    }

    fn project_index(&self, id: &Id) -> Res<usize> {
        self.ws
            .projects
            .iter()
            .position(|p| &p.id == id)
            .ok_or(DomainError::NotFound("project"))
    }

    /// Runs a write on the repo.
    fn persist(
        &mut self,
        write: impl FnOnce(&mut Repo<S>) -> Result<(), StorageError>,
    ) -> Result<(), StorageError> {
        match &mut self.repo {
            Ok(repo) => write(repo),
            Err(e) => Err(e.clone()),
        }
    }

    // ---- projects ----

    /// Creates a project with a starter board and saves it.
    pub fn create_project(&mut self, name: &str) -> Res<Done<Id>> {
        let p = Project::starter(&mut self.env, name)?;
        let id = p.id.clone();
        let saved = self.persist(|r| r.save_project(&p));
        self.ws.projects.push(p);
        let changes = Changes {
            projects: vec![ProjectChange::Whole(id.clone())],
            ..Changes::default()
        };
        Ok(Done::new(id, changes, saved))
    }

    /// Applies a domain operation to a project, records it for undo (`label` names it:
    /// "rename project") and writes what it changed. A refused operation changes nothing.
    pub fn edit_project<T>(
        &mut self,
        id: &Id,
        label: &str,
        op: impl FnOnce(&mut Project, &mut dyn Env) -> Res<T>,
    ) -> Res<Done<T>> {
        let i = self.project_index(id)?;
        let p = &mut self.ws.projects[i];
        self.undo.prepare(p);
        // Only the operation is generic: what follows is one function for every caller.
        let lock = Lock::of(p);
        let res = op(p, &mut self.env).and_then(|v| lock.check(p).map(|_| v));
        let (changes, saved) = self.after_edit(i, label, res.is_ok());
        res.map(|v| Done::new(v, changes, saved))
    }

    /// After an operation on project `i` found by comparing: records, stamps and saves
    /// what it changed, or (`ok` false) puts back anything it changed before it refused.
    fn after_edit(
        &mut self,
        i: usize,
        label: &str,
        ok: bool,
    ) -> (Changes, Result<(), StorageError>) {
        let Some(p) = self.ws.projects.get_mut(i) else {
            return (Changes::default(), Ok(()));
        };
        let id = p.id.clone();
        let Some(base) = self.undo.base(&id) else {
            return (Changes::default(), Ok(()));
        };
        if !ok {
            if base != p {
                Patch::diff(base, p).apply(p, false);
            }
            return (Changes::default(), Ok(()));
        }
        let mut patch = Patch::diff(base, p);
        stamp_fields(&mut patch, p, &mut self.env);
        history::record(&mut patch, p, self.author.as_ref(), &mut self.env, None);
        self.undo.record(label, &id, patch.clone());
        self.save_patch(&id, patch)
    }

    /// [`Session::edit_project`] for an operation that changes at most the cards `touched`
    /// and the project's own fields, and only adds to the move history (a card move): the
    /// step is found from copies of those cards, not by comparing every card.
    pub fn edit_project_cards<T>(
        &mut self,
        id: &Id,
        label: &str,
        touched: &[Id],
        op: impl FnOnce(&mut Project, &mut dyn Env) -> Res<T>,
    ) -> Res<Done<T>> {
        let i = self.project_index(id)?;
        let p = &mut self.ws.projects[i];
        let before = Before::of(p, touched);
        // Debug builds (the native tests) check that the operation said what it touched.
        let whole = cfg!(debug_assertions).then(|| p.clone());
        let lock = Lock::of(p);
        let res = op(p, &mut self.env).and_then(|v| lock.check(p).map(|_| v));
        let mut patch = before.patch(p);
        if let Some(whole) = whole {
            let mut full = crate::domain::undo::Patch::diff(&whole, p);
            let mut said = patch.clone();
            crate::domain::sort::sort_by(&mut full.cards, |a, b| a.0.cmp(&b.0));
            crate::domain::sort::sort_by(&mut said.cards, |a, b| a.0.cmp(&b.0));
            debug_assert_eq!(
                said, full,
                "{label}: the operation touched more than it said"
            );
        }
        match res {
            Ok(v) => {
                stamp_fields(&mut patch, p, &mut self.env);
                history::record(&mut patch, p, self.author.as_ref(), &mut self.env, None);
                self.undo.record(label, id, patch.clone());
                let (changes, saved) = self.save_patch(id, patch);
                Ok(Done::new(v, changes, saved))
            }
            Err(e) => {
                patch.apply(p, false);
                Err(e)
            }
        }
    }

    /// Writes the parts of a project a patch touched and says what changed.
    fn save_patch(&mut self, id: &Id, patch: Patch) -> (Changes, Result<(), StorageError>) {
        if patch.is_empty() {
            return (Changes::default(), Ok(()));
        }
        let (cards, head, moves) = (patch.card_ids(), patch.head.is_some(), patch.move_times());
        let i = self.ws.projects.iter().position(|p| &p.id == id);
        let saved = match i {
            Some(i) => {
                let p = &self.ws.projects[i];
                match &mut self.repo {
                    Ok(r) => r.save_project_parts(p, &cards, head, &moves),
                    Err(e) => Err(e.clone()),
                }
            }
            None => Ok(()),
        };
        (Changes::patch(id.clone(), patch), saved)
    }

    /// Undoes the last project operation of this session; `None` when there is none. The
    /// value is the step's label.
    pub fn undo(&mut self) -> Option<Done<String>> {
        let s = self.undo.undo()?;
        Some(self.put_step(s, false))
    }

    /// Redoes the last undone operation.
    pub fn redo(&mut self) -> Option<Done<String>> {
        let s = self.undo.redo()?;
        Some(self.put_step(s, true))
    }

    fn put_step(&mut self, s: crate::domain::undo::PatchStep, forward: bool) -> Done<String> {
        let Some(p) = self.ws.projects.iter_mut().find(|p| p.id == s.project) else {
            return Done::new(s.label, Changes::default(), Ok(()));
        };
        let kept = history::kept(&s.patch, p);
        s.patch.apply(p, forward);
        let mut patch = if forward { s.patch } else { s.patch.reversed() };
        if forward {
            // A redo puts back copies that carry the first change's time: it is made now.
            let now = self.env.now();
            for (id, before, after) in &mut patch.cards {
                if let (Some(_), Some(a)) = (before.as_ref(), after.as_mut()) {
                    a.updated = now;
                    if let Some(c) = p.cards.iter_mut().find(|c| &c.id == id) {
                        c.updated = now;
                    }
                }
            }
            if patch.head.as_ref().is_some_and(|h| h.0 != h.1) {
                p.updated = now;
            }
        }
        // Undo and redo are edits made now: the fields they put back carry a new stamp, so
        // a merge does not take an older copy's value over them.
        stamp_fields(&mut patch, p, &mut self.env);
        history::record(
            &mut patch,
            p,
            self.author.as_ref(),
            &mut self.env,
            Some(&kept),
        );
        if let Some(base) = self.undo.base_mut(&s.project) {
            patch.apply(base, true);
        }
        let (changes, saved) = self.save_patch(&s.project, patch);
        Done::new(s.label, changes, saved)
    }

    /// Deletes a project for good (from the trash), leaving a tombstone.
    pub fn delete_project(&mut self, id: &Id) -> Res<Done<()>> {
        let t = self.ws.delete_project(&mut self.env, id)?;
        self.undo.forget(id);
        let all = &self.ws.tombstones;
        let saved = match &mut self.repo {
            Ok(r) => r.save_deletions(std::slice::from_ref(&t), all),
            Err(e) => Err(e.clone()),
        };
        let changes = Changes {
            projects: vec![ProjectChange::Whole(id.clone())],
            ..Changes::default()
        };
        Ok(Done::new((), changes, saved))
    }
}

/// Stamps the fields each card in `patch` changed (`domain::stamps`), in the project and in
/// the patch's copy, with the card's new `updated` time when the operation set one, else now;
/// and the project's own fields, columns and risks when they changed.
fn stamp_fields(patch: &mut Patch, p: &mut Project, env: &mut dyn Env) {
    if let Some(h) = &mut patch.head {
        let before = &h.0;
        stamps::restamp_list(&mut p.columns, &before.columns, &mut || env.now());
        stamps::restamp_list(&mut p.risks, &before.risks, &mut || env.now());
        stamps::restamp_now(p, before, &mut || env.now());
        h.1 = crate::domain::undo::head(p);
    }
    // Where each card is (an operation on many cards, like removing a label, touches many).
    let index: std::collections::HashMap<Id, usize> = if patch.cards.len() > 4 {
        p.cards
            .iter()
            .enumerate()
            .map(|(i, c)| (c.id.clone(), i))
            .collect()
    } else {
        Default::default()
    };
    for (id, before, after) in &mut patch.cards {
        let (Some(before), Some(after)) = (before.as_ref(), after.as_mut()) else {
            continue;
        };
        stamps::restamp_now(after, before, &mut || env.now());
        let at = match index.get(id) {
            Some(i) => p.cards.get_mut(*i),
            None => p.cards.iter_mut().find(|c| &c.id == id),
        };
        if let Some(c) = at {
            c.stamps = after.stamps.clone();
            c.updated = after.updated;
        }
    }
}
