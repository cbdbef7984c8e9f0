//! The app's reactive state: a mirror of the [`Session`] in signals.
//!
//! Every change goes through the session (`crate::session`), the one path that applies the
//! domain operation, records it for undo and writes it. This module only calls it and puts
//! what it returns into signals ([`mirror`]): each project, template and run has its own
//! signal, so a change notifies the views of that entity only, and a project's views can
//! learn which cards a change touched ([`AppState::on_project_change`]).

mod mirror;
mod registers;
pub mod sync;

pub use mirror::ProjectTouched;

use super::browser::{today, BrowserEnv};
use super::route::Route;
use crate::domain::{
    DomainError, Env, Id, Person, Project, ProjectTemplate, Res, Run, Template, Workspace,
};
use crate::session::{Done, Session};
use crate::storage::{LocalStore, Problem, StorageError};
use leptos::prelude::*;
use std::sync::Arc;

/// The session the app runs: localStorage and the browser's clock.
pub type AppSession = Session<LocalStore, BrowserEnv>;

/// A message shown in the banner at the top of the page.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Notice {
    pub error: bool,
    pub text: String,
    /// A write to storage failed: the banner offers "Export everything" (what is on screen
    /// is complete; what is stored is an earlier state).
    pub save_failed: bool,
}

/// A question put to the user before something irreversible.
#[derive(Clone)]
pub struct ConfirmRequest {
    pub title: String,
    pub message: String,
    /// The label of the confirming button ("Delete project").
    pub action: String,
    /// A plain closure, owned by no view: the one that asked (a menu that has closed, a
    /// column about to be deleted) may be gone by the time the person confirms.
    pub on_confirm: Arc<dyn Fn() + Send + Sync>,
}

/// The labels of the next undo and redo, for the buttons.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct UndoLabels {
    undo: Option<String>,
    redo: Option<String>,
}

impl UndoLabels {
    pub fn next_undo(&self) -> Option<&str> {
        self.undo.as_deref()
    }
    pub fn next_redo(&self) -> Option<&str> {
        self.redo.as_deref()
    }
}

/// Everything the views share, provided as context by [`super::App`].
#[derive(Clone, Copy)]
pub struct AppState {
    /// The people directory (small: one signal).
    pub people: RwSignal<Vec<Person>>,
    /// The project templates (few: one signal).
    pub project_templates: RwSignal<Vec<ProjectTemplate>>,
    /// Sites, assets, stock, budget, spend and policies (`domain::registers`).
    pub registers: RwSignal<crate::domain::registers::Registers>,
    /// What undo and redo would do now.
    pub undo: RwSignal<UndoLabels>,
    /// Who is using Docket in this browser (comments and the history name them).
    pub author: RwSignal<Option<Id>>,
    pub projects: RwSignal<Vec<RwSignal<Project>>>,
    pub templates: RwSignal<Vec<RwSignal<Template>>>,
    pub runs: RwSignal<Vec<RwSignal<Run>>>,
    session: StoredValue<AppSession, LocalStorage>,
    listeners: StoredValue<mirror::Listeners, LocalStorage>,
    /// The banner (errors stay until dismissed).
    pub notice: RwSignal<Option<Notice>>,
    /// Stored records that could not be read (left untouched in storage).
    pub problems: RwSignal<Vec<Problem>>,
    /// Text for the polite live region (moves, saves).
    pub announcement: RwSignal<String>,
    pub route: RwSignal<Route>,
    pub confirm: RwSignal<Option<ConfirmRequest>>,
    /// The app's root owner: entity signals are created under it, so they outlive the view
    /// (a button in a panel that disappears) that created them.
    root: StoredValue<Owner>,
}

/// The state provided by the app shell.
pub fn use_state() -> AppState {
    expect_context::<AppState>()
}

impl AppState {
    /// Opens localStorage through the session, loads what is there, builds the signals and
    /// starts listening to other tabs.
    pub fn init() -> AppState {
        let (mut session, problems) = Session::open(LocalStore::open(), BrowserEnv);
        // The remembered person, while they are in the directory.
        let author = crate::ui::author::stored()
            .filter(|id| session.workspace().people.iter().any(|p| &p.id == id));
        session.set_author(author.clone());
        let ws = session.workspace();
        let hash = window().location().hash().unwrap_or_default();
        let state = AppState {
            people: RwSignal::new(ws.people.clone()),
            project_templates: RwSignal::new(ws.project_templates.clone()),
            registers: RwSignal::new(ws.registers.clone()),
            undo: RwSignal::new(UndoLabels::default()),
            author: RwSignal::new(author),
            projects: RwSignal::new(ws.projects.iter().cloned().map(RwSignal::new).collect()),
            templates: RwSignal::new(ws.templates.iter().cloned().map(RwSignal::new).collect()),
            runs: RwSignal::new(ws.runs.iter().cloned().map(RwSignal::new).collect()),
            session: StoredValue::new_local(session),
            listeners: StoredValue::new_local(Default::default()),
            notice: RwSignal::new(None),
            problems: RwSignal::new(problems),
            announcement: RwSignal::new(String::new()),
            route: RwSignal::new(Route::parse(&hash)),
            confirm: RwSignal::new(None),
            root: StoredValue::new(Owner::current().expect("AppState::init runs inside the app")),
        };
        sync::install(state);
        state
    }

    /// A signal for a new entity, owned by the app root.
    pub(crate) fn entity<T: Send + Sync + 'static>(&self, value: T) -> RwSignal<T> {
        self.root.with_value(|o| o.with(|| RwSignal::new(value)))
    }

    /// Nothing stored yet (shows the welcome and the sample-data offer).
    pub fn is_empty(&self) -> bool {
        self.projects.with(Vec::is_empty)
            && self.templates.with(Vec::is_empty)
            && self.runs.with(Vec::is_empty)
    }

    /// [`AppState::is_empty`], not tracked.
    pub fn is_empty_untracked(&self) -> bool {
        untrack(|| self.is_empty())
    }

    /// Shows an error in the banner (it stays until dismissed or replaced).
    pub fn error(&self, text: impl Into<String>) {
        self.notice.set(Some(Notice {
            error: true,
            text: text.into(),
            save_failed: false,
        }));
    }

    /// Tells the person something they should know about what just happened (in the
    /// banner, not as an error; it stays until dismissed or replaced).
    pub fn inform(&self, text: impl Into<String>) {
        self.notice.set(Some(Notice {
            error: false,
            text: text.into(),
            save_failed: false,
        }));
    }

    /// After a form saved only what the person changed (`domain::draft`): says so; and when
    /// someone else had changed one of those fields too, what the person's value replaced.
    pub fn saved(&self, what: &str, clashes: &[crate::domain::draft::Overwritten]) {
        if clashes.is_empty() {
            return self.announce(format!("{what} saved."));
        }
        let each: Vec<String> = clashes
            .iter()
            .map(|c| {
                format!(
                    "{} was “{}” there; yours, “{}”, was saved",
                    c.field, c.theirs, c.mine
                )
            })
            .collect();
        self.inform(format!(
            "{what} saved. While you were editing it, it was also changed elsewhere (another \
             tab or an import): {}. If theirs was right, edit it again.",
            each.join("; ")
        ));
    }

    /// The text of the error in the banner, if any (dialogs show it too: the banner is
    /// behind their backdrop).
    pub fn error_text(&self) -> Option<String> {
        self.notice
            .with(|n| n.as_ref().filter(|n| n.error).map(|n| n.text.clone()))
    }

    /// Takes down a refusal's banner (a dialog that showed it closed, or a later change
    /// succeeded); a refused write's banner stays: what it kept unsaved still is.
    pub fn clear_refusal(&self) {
        if self
            .notice
            .with_untracked(|n| n.as_ref().is_some_and(|n| n.error && !n.save_failed))
        {
            self.notice.set(None);
        }
    }

    /// Announces something to screen readers without moving focus.
    pub fn announce(&self, text: impl Into<String>) {
        self.announcement.set(text.into());
    }

    /// Asks before doing something irreversible.
    pub fn ask(
        &self,
        title: String,
        message: String,
        action: &str,
        on_confirm: impl Fn() + Send + Sync + 'static,
    ) {
        self.confirm.set(Some(ConfirmRequest {
            title,
            message,
            action: action.into(),
            on_confirm: Arc::new(on_confirm),
        }));
    }

    /// Goes to a route (the URL's hash follows, so reload and back work).
    pub fn go(&self, route: Route) {
        let _ = window().location().set_hash(&route.href());
        self.route.set(route);
    }

    /// Runs a session call. A domain refusal is shown and gives `None`; otherwise what
    /// changed is put into the signals, a refused write is reported, and the value returned.
    pub(super) fn call<T>(&self, op: impl FnOnce(&mut AppSession) -> Res<Done<T>>) -> Option<T> {
        let res = self.session.try_update_value(op)?;
        match res {
            Ok(done) => Some(self.finish(done)),
            Err(e) => {
                self.refuse(e);
                None
            }
        }
    }

    /// Puts a call's changes into the signals and reports its write; returns its value.
    fn finish<T>(&self, done: Done<T>) -> T {
        // A refusal's banner no longer applies once a later change succeeds.
        self.clear_refusal();
        self.mirror(&done.changes);
        self.report(done.saved);
        done.value
    }

    /// Reports a storage write: a refusal puts up the banner (with "Export everything");
    /// another tab's newer write is read back and merged.
    fn report(&self, saved: Result<(), StorageError>) -> bool {
        match saved {
            Ok(()) => true,
            // Another tab wrote these records since this tab read them: nothing was written;
            // they are read back and merged with what is on screen (sync), then saved.
            Err(StorageError::Changed(keys)) => {
                sync::changed(*self, keys);
                false
            }
            Err(e) => {
                self.notice.set(Some(Notice {
                    error: true,
                    text: e.to_string(),
                    save_failed: true,
                }));
                false
            }
        }
    }

    fn refuse(&self, e: DomainError) {
        self.error(e.to_string());
    }

    // ---- projects ----

    /// The signal of a project.
    pub fn project(&self, id: &Id) -> Option<RwSignal<Project>> {
        find(self.projects, id, |p| &p.id)
    }

    /// Creates a project with a starter board and saves it.
    pub fn create_project(&self, name: &str) -> Option<Id> {
        self.call(|s| s.create_project(name))
    }

    /// Applies a domain operation to a project and saves what it changed; the step can be
    /// undone (`label` names it: "move card"). A refused operation changes nothing and says
    /// why.
    pub fn edit_project<T>(
        &self,
        project: RwSignal<Project>,
        label: &str,
        op: impl FnOnce(&mut Project, &mut dyn Env) -> Result<T, DomainError>,
    ) -> Option<T> {
        let id = project.with_untracked(|p| p.id.clone());
        self.call(|s| s.edit_project(&id, label, op))
    }

    /// [`AppState::edit_project`] for an operation that changes at most the cards `touched`
    /// and the project's own fields, and only adds to the move history (a card move).
    pub fn edit_project_cards<T>(
        &self,
        project: RwSignal<Project>,
        label: &str,
        touched: &[Id],
        op: impl FnOnce(&mut Project, &mut dyn Env) -> Result<T, DomainError>,
    ) -> Option<T> {
        let id = project.with_untracked(|p| p.id.clone());
        self.call(|s| s.edit_project_cards(&id, label, touched, op))
    }

    /// [`AppState::edit_project_cards`] for an operation on one card (a move, a dialog or
    /// table-row save, a comment, archiving).
    pub fn edit_card<T>(
        &self,
        project: RwSignal<Project>,
        label: &str,
        card: &Id,
        op: impl FnOnce(&mut Project, &mut dyn Env) -> Result<T, DomainError>,
    ) -> Option<T> {
        self.edit_project_cards(project, label, std::slice::from_ref(card), op)
    }

    /// Sets who is using Docket in this browser (remembered in this browser only).
    pub fn set_author(&self, who: Option<Id>) {
        crate::ui::author::store(who.as_ref());
        self.session.update_value(|s| s.set_author(who.clone()));
        self.author.set(who);
    }

    /// Undoes the last project operation of this session.
    pub fn undo(&self) {
        match self.session.try_update_value(|s| s.undo()).flatten() {
            Some(done) => {
                let label = self.finish(done);
                self.announce(format!("Undid {label}."));
            }
            None => self.announce("Nothing to undo."),
        }
    }

    /// Redoes the last undone operation.
    pub fn redo(&self) {
        match self.session.try_update_value(|s| s.redo()).flatten() {
            Some(done) => {
                let label = self.finish(done);
                self.announce(format!("Redid {label}."));
            }
            None => self.announce("Nothing to redo."),
        }
    }

    /// Projects not in the trash, in creation order.
    pub fn live_projects(&self) -> Vec<RwSignal<Project>> {
        self.projects.with(|v| {
            v.iter()
                .copied()
                .filter(|s| s.with(|p| p.trashed.is_none()))
                .collect()
        })
    }

    /// Projects in the trash.
    pub fn trashed_projects(&self) -> Vec<RwSignal<Project>> {
        self.projects.with(|v| {
            v.iter()
                .copied()
                .filter(|s| s.with(|p| p.trashed.is_some()))
                .collect()
        })
    }

    /// Deletes a project for good (after the view has asked): only from the trash.
    pub fn delete_project(&self, id: &Id) {
        self.call(|s| s.delete_project(id));
    }

    // ---- people ----

    /// Applies an operation to the people directory and saves it. A refusal is returned,
    /// for the form to show next to what caused it.
    pub fn edit_people<T>(
        &self,
        op: impl FnOnce(&mut Vec<Person>, &mut dyn Env) -> Result<T, DomainError>,
    ) -> Result<T, DomainError> {
        let res = self
            .session
            .try_update_value(|s| s.edit_people(op))
            .unwrap_or(Err(DomainError::NotFound("directory")))?;
        Ok(self.finish(res))
    }

    /// Adds a person to the directory (or finds them by name) and saves the directory.
    pub fn person_named(&self, name: &str) -> Option<Id> {
        self.call(|s| s.person_named(name))
    }

    // ---- project templates ----

    /// Runs a session call whose refusal the form shows next to its cause (not in the
    /// banner); what changed is put into the signals.
    pub(super) fn try_call<T>(
        &self,
        op: impl FnOnce(&mut AppSession) -> Res<Done<T>>,
    ) -> Result<T, DomainError> {
        let res = self
            .session
            .try_update_value(op)
            .unwrap_or(Err(DomainError::NotFound("workspace")))?;
        Ok(self.finish(res))
    }

    /// Applies an operation to the project templates (rename, delete) and saves them.
    pub fn edit_project_templates<T>(
        &self,
        op: impl FnOnce(&mut Vec<ProjectTemplate>, &mut dyn Env) -> Result<T, DomainError>,
    ) -> Result<T, DomainError> {
        self.try_call(|s| s.edit_project_templates(op))
    }

    /// Saves a project as a new template; gives its id.
    pub fn save_as_template(
        &self,
        project: &Id,
        name: &str,
        with_cards: bool,
    ) -> Result<Id, DomainError> {
        self.try_call(|s| s.save_as_template(project, name, with_cards))
    }

    /// Starts a project from a template; gives the project's id.
    pub fn start_from_template(
        &self,
        template: &Id,
        name: &str,
        start: chrono::NaiveDate,
    ) -> Result<Id, DomainError> {
        self.try_call(|s| s.start_from_template(template, name, start))
    }

    // ---- checklists ----

    /// The signal of a template.
    pub fn template(&self, id: &Id) -> Option<RwSignal<Template>> {
        find(self.templates, id, |t| &t.id)
    }

    /// The signal of a run.
    pub fn run(&self, id: &Id) -> Option<RwSignal<Run>> {
        find(self.runs, id, |r| &r.id)
    }

    /// Runs of a template, newest first.
    pub fn runs_of(&self, template: &Id) -> Vec<RwSignal<Run>> {
        let mut v: Vec<RwSignal<Run>> = self.runs.with(|v| {
            v.iter()
                .copied()
                .filter(|s| s.with(|r| &r.template == template))
                .collect()
        });
        crate::domain::sort::sort_by_cached_key(&mut v, |s| {
            s.with(|r| std::cmp::Reverse((r.date, r.created)))
        });
        v
    }

    /// Creates a template from a name and lines of items.
    pub fn create_template(&self, name: &str, items: &str) -> Option<Id> {
        self.call(|s| s.create_template(name, items))
    }

    /// Applies a domain operation to a template and saves it.
    pub fn edit_template<T>(
        &self,
        template: RwSignal<Template>,
        op: impl FnOnce(&mut Template, &mut dyn Env) -> Result<T, DomainError>,
    ) -> Option<T> {
        let id = template.with_untracked(|t| t.id.clone());
        self.call(|s| s.edit_template(&id, op))
    }

    /// Changes a template's items or sections: when its current version has runs, the
    /// change makes a new version (old runs keep theirs). Saves the template.
    pub fn revise_template<T>(
        &self,
        template: RwSignal<Template>,
        op: impl FnOnce(&mut Template, &mut dyn Env) -> Result<T, DomainError>,
    ) -> Option<T> {
        let id = template.with_untracked(|t| t.id.clone());
        self.call(|s| s.revise_template(&id, op))
    }

    /// Deletes a template and its runs (after the view has asked).
    pub fn delete_template(&self, id: &Id) {
        self.call(|s| s.delete_template(id));
    }

    /// Starts a run of a template for a date and saves it.
    pub fn start_run(&self, template: RwSignal<Template>, date: chrono::NaiveDate) -> Option<Id> {
        let id = template.with_untracked(|t| t.id.clone());
        self.call(|s| s.start_run(&id, date))
    }

    /// Applies a domain operation to a run (given its template) and saves the run only.
    pub fn edit_run<T>(
        &self,
        run: RwSignal<Run>,
        op: impl FnOnce(&mut Run, &Template, &mut dyn Env) -> Result<T, DomainError>,
    ) -> Option<T> {
        let id = run.with_untracked(|r| r.id.clone());
        self.call(|s| s.edit_run(&id, op))
    }

    /// Raises a corrective action from a failed item of a run (see
    /// `Session::raise_action`). Returns the project's and the card's ids.
    pub fn raise_action(
        &self,
        run: RwSignal<Run>,
        item: &Id,
        project: &crate::domain::checklist::ActionProject,
        fields: crate::domain::checklist::ActionFields,
    ) -> Option<(Id, Id)> {
        let id = run.with_untracked(|r| r.id.clone());
        self.call(|s| s.raise_action(&id, item, project, fields))
    }

    /// Skips or excuses an occurrence with a reason. Returns the run recording it.
    pub fn skip_occurrence(
        &self,
        template: &Id,
        date: chrono::NaiveDate,
        reason: &str,
    ) -> Option<Id> {
        self.call(|s| s.skip_occurrence(template, date, reason, crate::ui::browser::today()))
    }

    /// The name of a person of the directory (untracked: a view's memo reads `people`).
    pub fn person_name(&self, id: &Id) -> Option<String> {
        self.people
            .with_untracked(|p| p.iter().find(|p| &p.id == id).map(|p| p.name.clone()))
    }

    /// Who can be assigned an occurrence (tracks the directory).
    pub fn roster(&self) -> crate::domain::checklist::rota::Roster {
        let roster = self
            .people
            .with(|p| crate::domain::checklist::rota::Roster::of(p.iter().map(|p| &p.id)));
        self.registers.with(|r| roster.with_sites(&r.sites))
    }

    /// Escalates an overdue occurrence to its checklist's owner.
    pub fn escalate(&self, template: &Id, date: chrono::NaiveDate) -> Option<Id> {
        self.call(|s| s.escalate(template, date, crate::ui::browser::today()))
    }

    /// What the Today view needs of every run.
    pub fn run_facts(&self) -> Vec<crate::domain::checklist::agenda::RunFact> {
        self.runs.with(|v| {
            v.iter()
                .map(|s| s.with(crate::domain::checklist::agenda::RunFact::of))
                .collect()
        })
    }

    /// Runs of a template as values, for figures and exports.
    pub fn run_values(&self, template: &Id) -> Vec<Run> {
        self.runs.with(|v| {
            v.iter()
                .filter_map(|s| s.with(|r| (&r.template == template).then(|| r.clone())))
                .collect()
        })
    }

    // ---- whole workspace ----

    /// Everything, as one value (for export, merge and undo of an import).
    pub fn snapshot(&self) -> Workspace {
        self.session.with_value(|s| s.workspace().clone())
    }

    /// Replaces the whole workspace with `new` (an applied import, its undo): stored first,
    /// all or nothing; only if that succeeds does the screen change. Entities that did not
    /// change keep their signals, so open views stay put.
    pub fn apply_workspace(&self, new: Workspace) -> bool {
        match self.session.try_update_value(|s| s.replace_workspace(new)) {
            Some(Ok(changes)) => {
                self.mirror(&changes);
                true
            }
            Some(Err(e)) => self.report(Err(e)),
            None => false,
        }
    }

    /// Reads the session's workspace without copying it.
    pub fn with_workspace<R>(&self, f: impl FnOnce(&Workspace) -> R) -> Option<R> {
        self.session.try_with_value(|s| f(s.workspace()))
    }

    /// Stores and shows a workspace merged with what a CouchDB database sent
    /// (`couch::take`); `Err` when it could not be stored (nothing changed then).
    pub fn take_merged(&self, merged: Workspace) -> Result<(), StorageError> {
        match self.session.try_update_value(|s| s.take_merged(merged)) {
            Some(Ok(changes)) => {
                self.mirror(&changes);
                Ok(())
            }
            Some(Err(e)) => Err(e),
            None => Err(StorageError::Unavailable("the app is closing".into())),
        }
    }

    /// After a refused write (once space is freed): writes every record whose stored copy
    /// differs from what is on screen, all or nothing.
    pub fn save_again(&self) -> bool {
        let saved = self
            .session
            .try_update_value(|s| s.save_again())
            .unwrap_or(Ok(()));
        self.report(saved)
    }

    /// Sets damaged stored records aside (the recovery view; the page reloads after).
    pub fn set_aside(&self, keys: &[String]) -> Result<Vec<String>, StorageError> {
        self.session
            .try_update_value(|s| s.set_aside(keys))
            .unwrap_or(Err(StorageError::Unavailable("the app is closing".into())))
    }

    /// Removes every stored Docket record (the recovery view's "start fresh").
    pub fn clear_everything(&self) -> Result<usize, StorageError> {
        self.session
            .try_update_value(|s| s.clear_everything())
            .unwrap_or(Err(StorageError::Unavailable("the app is closing".into())))
    }

    /// Adds the sample workspace (a project, five checklists with weeks of history, and the registers).
    pub fn load_sample(&self) {
        if self.call(|s| s.load_sample(today())).is_some() {
            self.announce(
                "Sample data loaded: one project, five checklists with their history, and two sites with their assets, stock, budget and policies.",
            );
        }
    }
}

/// The signal in `list` whose entity has this id.
fn find<T: Send + Sync + 'static>(
    list: RwSignal<Vec<RwSignal<T>>>,
    id: &Id,
    key: impl Fn(&T) -> &Id,
) -> Option<RwSignal<T>> {
    list.with(|v| {
        v.iter()
            .copied()
            .find(|s| s.with_untracked(|x| key(x) == id))
    })
}
