//! The app's state and the one place where views turn user intent into domain operations
//! and storage writes.
//!
//! Each project, template and run lives in its own signal, so editing a card notifies only
//! the views of that project (and, through memos, only the card that changed re-renders);
//! each operation writes only the record it touched.

use super::browser::{today, BrowserEnv};
use super::route::Route;
use crate::domain::undo::{Change, Patch, PatchStep, UndoStack};
use crate::domain::{
    sample, DomainError, Env, Id, Person, Project, Run, Template, Tombstone, Workspace,
};
use crate::storage::{LocalStore, Problem, Repo, StorageError};
use leptos::prelude::*;

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
    pub on_confirm: Callback<()>,
}

/// Everything the views share, provided as context by [`super::App`].
#[derive(Clone, Copy)]
pub struct AppState {
    /// The people directory (small: one signal, one stored key).
    pub people: RwSignal<Vec<Person>>,
    /// Undo and redo of project operations, for this session.
    pub undo: RwSignal<UndoStack>,
    pub projects: RwSignal<Vec<RwSignal<Project>>>,
    pub templates: RwSignal<Vec<RwSignal<Template>>>,
    pub runs: RwSignal<Vec<RwSignal<Run>>>,
    tombstones: StoredValue<Vec<Tombstone>>,
    repo: StoredValue<Option<Repo<LocalStore>>, LocalStorage>,
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

/// Makes a list of entity signals match `items`: changed entities are set, new ones get a
/// signal, missing ones are dropped; the order follows `items`.
fn sync_list<T: Clone + PartialEq + Send + Sync + 'static>(
    state: &AppState,
    list: RwSignal<Vec<RwSignal<T>>>,
    items: Vec<T>,
    id: impl Fn(&T) -> &Id,
) {
    let current: std::collections::HashMap<Id, RwSignal<T>> = list
        .get_untracked()
        .into_iter()
        .map(|s| (s.with_untracked(|x| id(x).clone()), s))
        .collect();
    let mut out = Vec::with_capacity(items.len());
    for item in items {
        match current.get(id(&item)) {
            Some(sig) => {
                if sig.with_untracked(|x| x != &item) {
                    sig.set(item);
                }
                out.push(*sig);
            }
            None => out.push(state.entity(item)),
        }
    }
    list.set(out);
}

/// The state provided by the app shell.
pub fn use_state() -> AppState {
    expect_context::<AppState>()
}

impl AppState {
    /// Opens localStorage, loads what is there, and builds the signals.
    pub fn init() -> AppState {
        let (repo, loaded) = match LocalStore::open() {
            Ok(store) => {
                let (repo, loaded) = Repo::open(store);
                (Some(repo), loaded)
            }
            Err(e) => (
                None,
                crate::storage::Loaded {
                    workspace: Workspace::default(),
                    problems: vec![Problem {
                        key: String::new(),
                        message: e.to_string(),
                    }],
                },
            ),
        };
        let Workspace {
            people,
            projects,
            templates,
            runs,
            tombstones,
        } = loaded.workspace;
        let hash = window().location().hash().unwrap_or_default();
        AppState {
            people: RwSignal::new(people),
            undo: RwSignal::new(UndoStack::default()),
            projects: RwSignal::new(projects.into_iter().map(RwSignal::new).collect()),
            templates: RwSignal::new(templates.into_iter().map(RwSignal::new).collect()),
            runs: RwSignal::new(runs.into_iter().map(RwSignal::new).collect()),
            tombstones: StoredValue::new(tombstones),
            repo: StoredValue::new_local(repo),
            notice: RwSignal::new(None),
            problems: RwSignal::new(loaded.problems),
            announcement: RwSignal::new(String::new()),
            route: RwSignal::new(Route::parse(&hash)),
            confirm: RwSignal::new(None),
            root: StoredValue::new(Owner::current().expect("AppState::init runs inside the app")),
        }
    }

    /// A state of its own, with `projects` and `people`, whose storage is this tab's
    /// sessionStorage: for rehearsing an operation out of sight (see
    /// `projects::board::rehearse_move`). Nothing in it is shown, and nothing it writes
    /// reaches the user's data or another tab. Its signals belong to the current owner.
    pub(crate) fn scratch(projects: Vec<Project>, people: Vec<Person>) -> Option<AppState> {
        let (repo, _) = Repo::open(LocalStore::session().ok()?);
        Some(AppState {
            people: RwSignal::new(people),
            undo: RwSignal::new(UndoStack::default()),
            projects: RwSignal::new(projects.into_iter().map(RwSignal::new).collect()),
            templates: RwSignal::new(Vec::new()),
            runs: RwSignal::new(Vec::new()),
            tombstones: StoredValue::new(Vec::new()),
            repo: StoredValue::new_local(Some(repo)),
            notice: RwSignal::new(None),
            problems: RwSignal::new(Vec::new()),
            announcement: RwSignal::new(String::new()),
            route: RwSignal::new(Route::Projects),
            confirm: RwSignal::new(None),
            root: StoredValue::new(Owner::current()?),
        })
    }

    /// Clears what [`AppState::scratch`] wrote to sessionStorage.
    pub(crate) fn clear_scratch(&self) {
        self.repo.try_update_value(|r| {
            if let Some(r) = r {
                r.store_mut().clear_docket_keys();
            }
        });
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

    /// Shows an error in the banner (it stays until dismissed or replaced).
    pub fn error(&self, text: impl Into<String>) {
        self.notice.set(Some(Notice {
            error: true,
            text: text.into(),
            save_failed: false,
        }));
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
            on_confirm: Callback::new(move |()| on_confirm()),
        }));
    }

    /// Goes to a route (the URL's hash follows, so reload and back work).
    pub fn go(&self, route: Route) {
        let _ = window().location().set_hash(&route.href());
        self.route.set(route);
    }

    /// Runs a storage write; a failure is shown and the in-memory state kept.
    fn persist(
        &self,
        write: impl FnOnce(&mut Repo<LocalStore>) -> Result<(), StorageError>,
    ) -> bool {
        let res = self.repo.try_update_value(|repo| match repo {
            Some(repo) => write(repo),
            None => Err(StorageError::Unavailable(
                "local storage could not be opened".into(),
            )),
        });
        match res {
            Some(Ok(())) => true,
            // Another tab wrote these records since this tab read them: nothing was written;
            // they are read back and merged with what is on screen (ui::sync), then saved.
            Some(Err(StorageError::Changed(keys))) => {
                super::sync::changed(*self, keys);
                false
            }
            Some(Err(e)) => {
                self.notice.set(Some(Notice {
                    error: true,
                    text: e.to_string(),
                    save_failed: true,
                }));
                false
            }
            None => false,
        }
    }

    fn refuse(&self, e: DomainError) {
        self.error(e.to_string());
    }

    // ---- projects ----

    /// The signal of a project.
    pub fn project(&self, id: &Id) -> Option<RwSignal<Project>> {
        self.projects.with(|v| {
            v.iter()
                .copied()
                .find(|s| s.with_untracked(|p| &p.id == id))
        })
    }

    /// Creates a project with a starter board and saves it.
    pub fn create_project(&self, name: &str) -> Option<Id> {
        let mut env = BrowserEnv;
        match Project::starter(&mut env, name) {
            Ok(p) => {
                let id = p.id.clone();
                self.persist(|r| r.save_project(&p));
                self.projects.update(|v| v.push(self.entity(p)));
                Some(id)
            }
            Err(e) => {
                self.refuse(e);
                None
            }
        }
    }

    /// Applies a domain operation to a project and saves that project only; the step can be
    /// undone (`label` names it: "move card"). A refused operation changes nothing and says why.
    pub fn edit_project<T>(
        &self,
        project: RwSignal<Project>,
        label: &str,
        op: impl FnOnce(&mut Project, &mut dyn Env) -> Result<T, DomainError>,
    ) -> Option<T> {
        self.edit_project_in(project, label, None, op)
    }

    /// [`AppState::edit_project`] for an operation that changes at most the cards `touched`
    /// and the project's own fields, and only appends to the move history (a card move):
    /// the undo step is found from those cards, not by comparing every card of the project
    /// (see [`UndoStack::record_change_touching`]).
    pub fn edit_project_cards<T>(
        &self,
        project: RwSignal<Project>,
        label: &str,
        touched: &[Id],
        op: impl FnOnce(&mut Project, &mut dyn Env) -> Result<T, DomainError>,
    ) -> Option<T> {
        self.edit_project_in(project, label, Some(touched), op)
    }

    fn edit_project_in<T>(
        &self,
        project: RwSignal<Project>,
        label: &str,
        touched: Option<&[Id]>,
        op: impl FnOnce(&mut Project, &mut dyn Env) -> Result<T, DomainError>,
    ) -> Option<T> {
        // The undo stack diffs the project against its copy from the last step: the step
        // and the write hold only what changed (no copy of a large project per operation).
        project.with_untracked(|p| {
            self.undo.update_untracked(|u| {
                // Debug builds (the end-to-end tests) check that skipping was right: a write
                // to a project that bypasses this state would leave the copy out of step.
                if u.prepare_known(p) && cfg!(debug_assertions) && !u.remembers(p) {
                    leptos::logging::error!(
                        "undo: the copy of project {} was out of step (a write bypassed AppState)",
                        p.id
                    );
                    u.forget_known();
                    u.prepare(p);
                }
            })
        });
        let v = self.apply(project, op)?;
        project.with_untracked(|p| {
            let mut patch = None;
            self.undo.maybe_update(|u| {
                patch = match touched {
                    Some(ids) => u.record_change_touching(label, p, ids),
                    None => u.record_change(label, p),
                };
                patch.is_some()
            });
            if let Some(patch) = patch {
                self.save_patch(p, &patch);
            }
        });
        Some(v)
    }

    /// Readies a project for its first edit once the browser is idle: the undo stack's copy
    /// of it is made now (the first edit would otherwise copy the whole project).
    pub fn ready_for_edits(&self, project: RwSignal<Project>) {
        let undo = self.undo;
        leptos::prelude::request_idle_callback(move || {
            project.try_with_untracked(|p| undo.try_update_untracked(|u| u.prepare(p)));
            // A loaded history has no room to grow: the first move would copy all of it.
            project.try_update_untracked(|p| p.moves.reserve(crate::domain::undo::SPARE_MOVES));
        });
    }

    /// Writes the parts of a project a patch touched.
    fn save_patch(&self, p: &Project, patch: &Patch) -> bool {
        let (cards, head, moves) = (patch.card_ids(), patch.head.is_some(), patch.move_times());
        self.persist(|r| r.save_project_parts(p, &cards, head, &moves))
    }

    /// Applies an undone or redone patch to its project and saves what it touched.
    fn put_patch(&self, s: &PatchStep, forward: bool) {
        if let Some(sig) = self.project(&s.project) {
            self.undo.update_untracked(UndoStack::forget_known);
            sig.update(|p| s.patch.apply(p, forward));
            sig.with_untracked(|p| self.save_patch(p, &s.patch));
        }
    }

    /// Undoes the last project operation of this session.
    pub fn undo(&self) {
        let step = self.undo.try_update(|u| u.undo_change()).flatten();
        match step {
            Some(Change::Whole(s)) => {
                self.put_back(&s.project, s.before.clone());
                self.announce(format!("Undid {}.", s.label));
            }
            Some(Change::Patch(s)) => {
                self.put_patch(&s, false);
                self.announce(format!("Undid {}.", s.label));
            }
            None => self.announce("Nothing to undo."),
        }
    }

    /// Redoes the last undone operation.
    pub fn redo(&self) {
        let step = self.undo.try_update(|u| u.redo_change()).flatten();
        match step {
            Some(Change::Whole(s)) => {
                self.put_back(&s.project, s.after.clone());
                self.announce(format!("Redid {}.", s.label));
            }
            Some(Change::Patch(s)) => {
                self.put_patch(&s, true);
                self.announce(format!("Redid {}.", s.label));
            }
            None => self.announce("Nothing to redo."),
        }
    }

    /// Sets a project to a remembered state (or removes it) and saves it.
    fn put_back(&self, id: &Id, state: Option<Project>) {
        match (self.project(id), state) {
            (Some(sig), Some(p)) => {
                sig.with_untracked(|now| self.persist(|r| r.save_project_change(now, &p)));
                sig.set(p);
            }
            (None, Some(p)) => {
                self.persist(|r| r.save_project(&p));
                self.projects.update(|v| v.push(self.entity(p)));
            }
            (Some(_), None) => {
                self.projects
                    .update(|v| v.retain(|s| s.with_untracked(|p| &p.id != id)));
            }
            (None, None) => {}
        }
    }

    /// Saves the people directory (after a change to `people`).
    pub fn save_people(&self) {
        self.people
            .with_untracked(|p| self.persist(|r| r.save_people(p)));
    }

    /// Adds a person to the directory (or finds them by name) and saves the directory.
    pub fn person_named(&self, name: &str) -> Option<Id> {
        let mut env = BrowserEnv;
        let mut res = None;
        self.people.maybe_update(|people| {
            let r = crate::domain::people::find_or_add(people, &mut env, name);
            let changed = matches!(r, Ok((_, true)));
            res = Some(r);
            changed
        });
        match res? {
            Ok((id, added)) => {
                if added {
                    self.people
                        .with_untracked(|p| self.persist(|r| r.save_people(p)));
                }
                Some(id)
            }
            Err(e) => {
                self.refuse(e);
                None
            }
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
        let env = BrowserEnv;
        let t = Tombstone {
            id: id.clone(),
            kind: crate::domain::EntityKind::Project,
            at: env.now(),
        };
        self.delete(vec![t]);
        self.projects
            .update(|v| v.retain(|s| s.with_untracked(|p| &p.id != id)));
    }

    fn delete(&self, gone: Vec<Tombstone>) {
        self.tombstones
            .update_value(|all| all.extend(gone.iter().cloned()));
        self.tombstones
            .with_value(|all| self.persist(|r| r.save_deletions(&gone, all)));
    }

    // ---- checklists ----

    /// The signal of a template.
    pub fn template(&self, id: &Id) -> Option<RwSignal<Template>> {
        self.templates.with(|v| {
            v.iter()
                .copied()
                .find(|s| s.with_untracked(|t| &t.id == id))
        })
    }

    /// The signal of a run.
    pub fn run(&self, id: &Id) -> Option<RwSignal<Run>> {
        self.runs.with(|v| {
            v.iter()
                .copied()
                .find(|s| s.with_untracked(|r| &r.id == id))
        })
    }

    /// Runs of a template, newest first.
    pub fn runs_of(&self, template: &Id) -> Vec<RwSignal<Run>> {
        let mut v: Vec<RwSignal<Run>> = self.runs.with(|v| {
            v.iter()
                .copied()
                .filter(|s| s.with(|r| &r.template == template))
                .collect()
        });
        v.sort_by_cached_key(|s| s.with(|r| std::cmp::Reverse((r.date, r.created))));
        v
    }

    /// Creates a template from a name and lines of items.
    pub fn create_template(&self, name: &str, items: &str) -> Option<Id> {
        let mut env = BrowserEnv;
        let lines: Vec<&str> = items.lines().collect();
        match Template::new(&mut env, name, &lines) {
            Ok(t) => {
                let id = t.id.clone();
                self.persist(|r| r.save_template(&t));
                self.templates.update(|v| v.push(self.entity(t)));
                Some(id)
            }
            Err(e) => {
                self.refuse(e);
                None
            }
        }
    }

    /// Applies a domain operation to a template and saves it.
    pub fn edit_template<T>(
        &self,
        template: RwSignal<Template>,
        op: impl FnOnce(&mut Template, &mut dyn Env) -> Result<T, DomainError>,
    ) -> Option<T> {
        let v = self.apply(template, op)?;
        template.with_untracked(|t| self.persist(|r| r.save_template(t)));
        Some(v)
    }

    /// Runs a domain operation on an entity's signal: on success the signal changes (and
    /// its views update); a refusal changes nothing and is shown to the user.
    fn apply<E: Send + Sync + 'static, T>(
        &self,
        entity: RwSignal<E>,
        op: impl FnOnce(&mut E, &mut dyn Env) -> Result<T, DomainError>,
    ) -> Option<T> {
        let mut env = BrowserEnv;
        let mut out = None;
        entity.maybe_update(|e| match op(e, &mut env) {
            Ok(v) => {
                out = Some(Ok(v));
                true
            }
            Err(e) => {
                out = Some(Err(e));
                false
            }
        });
        match out? {
            Ok(v) => Some(v),
            Err(e) => {
                self.refuse(e);
                None
            }
        }
    }

    /// Deletes a template and its runs (after the view has asked).
    pub fn delete_template(&self, id: &Id) {
        let now = BrowserEnv.now();
        let mut gone = vec![Tombstone {
            id: id.clone(),
            kind: crate::domain::EntityKind::Template,
            at: now,
        }];
        for r in self.runs_of(id) {
            gone.push(Tombstone {
                id: r.with_untracked(|r| r.id.clone()),
                kind: crate::domain::EntityKind::Run,
                at: now,
            });
        }
        self.delete(gone);
        self.runs
            .update(|v| v.retain(|s| s.with_untracked(|r| &r.template != id)));
        self.templates
            .update(|v| v.retain(|s| s.with_untracked(|t| &t.id != id)));
    }

    /// Starts a run of a template for a date and saves it.
    pub fn start_run(&self, template: RwSignal<Template>, date: chrono::NaiveDate) -> Option<Id> {
        let mut env = BrowserEnv;
        match template.with_untracked(|t| Run::start(&mut env, t, date)) {
            Ok(run) => {
                let id = run.id.clone();
                self.persist(|r| r.save_run(&run));
                self.runs.update(|v| v.push(self.entity(run)));
                Some(id)
            }
            Err(e) => {
                self.refuse(e);
                None
            }
        }
    }

    /// Changes a template's items or sections: when its current version has runs, the
    /// change makes a new version (old runs keep theirs). Saves the template.
    pub fn revise_template<T>(
        &self,
        template: RwSignal<Template>,
        op: impl FnOnce(&mut Template, &mut dyn Env) -> Result<T, DomainError>,
    ) -> Option<T> {
        let (id, version) = template.with_untracked(|t| (t.id.clone(), t.version));
        let in_use = self.runs.with_untracked(|v| {
            v.iter()
                .any(|s| s.with_untracked(|r| r.template == id && r.version == version))
        });
        self.edit_template(template, |t, env| t.revise(env, in_use, op))
    }

    /// Applies a domain operation to a run (given its template) and saves the run only.
    pub fn edit_run<T>(
        &self,
        run: RwSignal<Run>,
        op: impl FnOnce(&mut Run, &Template, &mut dyn Env) -> Result<T, DomainError>,
    ) -> Option<T> {
        let tid = run.with_untracked(|r| r.template.clone());
        let Some(template) = self.template(&tid) else {
            self.refuse(DomainError::NotFound("checklist"));
            return None;
        };
        let v = template.with_untracked(|t| self.apply(run, |r, env| op(r, t, env)))?;
        run.with_untracked(|r| self.persist(|repo| repo.save_run(r)));
        Some(v)
    }

    /// What the Today view needs of every run.
    pub fn run_facts(&self) -> Vec<crate::domain::checklist::agenda::RunFact> {
        self.runs.with(|v| {
            v.iter()
                .map(|s| {
                    s.with(|r| crate::domain::checklist::agenda::RunFact {
                        id: r.id.clone(),
                        template: r.template.clone(),
                        date: r.date,
                        completed: r.is_complete(),
                    })
                })
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

    /// Raises a corrective action from a failed item of a run: a card in the first column
    /// of `project`, saying where it came from; the run records it. Returns the card id.
    pub fn raise_action(&self, run: RwSignal<Run>, item: &Id, project: &Id) -> Option<Id> {
        let Some(p) = self.project(project) else {
            self.refuse(DomainError::NotFound("project"));
            return None;
        };
        let (rid, tid) = run.with_untracked(|r| (r.id.clone(), r.template.clone()));
        let template = self.template(&tid)?;
        let (title, description) = template.with_untracked(|t| {
            run.with_untracked(|r| crate::domain::checklist::run::action_text(t, r, item))
        })?;
        let source = crate::domain::CardSource {
            run: rid,
            template: tid,
            item: item.clone(),
        };
        let card = self.edit_project(p, "raise corrective action", |p, env| {
            p.add_card_from(env, &title, &description, source)
        })?;
        let pid = project.clone();
        let card_id = card.clone();
        self.edit_run(run, move |r, _, env| {
            r.add_action(env, item, &pid, &card_id);
            Ok(())
        });
        Some(card)
    }

    /// Ticks or unticks an item of a run and saves the run only.
    pub fn set_checked(
        &self,
        run: RwSignal<Run>,
        template: RwSignal<Template>,
        item: &Id,
        on: bool,
    ) {
        let mut env = BrowserEnv;
        let mut res = Ok(());
        template.with_untracked(|t| {
            run.maybe_update(|r| {
                let before = r.updated;
                res = r.set_checked(&mut env, t, item, on);
                r.updated != before
            })
        });
        match res {
            Ok(()) => {
                run.with_untracked(|r| self.persist(|repo| repo.save_run(r)));
            }
            Err(e) => self.refuse(e),
        }
    }

    // ---- whole workspace ----

    /// Everything, as one value (for export, merge and undo of an import).
    pub fn snapshot(&self) -> Workspace {
        Workspace {
            people: self.people.get_untracked(),
            projects: self
                .projects
                .with_untracked(|v| v.iter().map(|s| s.get_untracked()).collect()),
            templates: self
                .templates
                .with_untracked(|v| v.iter().map(|s| s.get_untracked()).collect()),
            runs: self
                .runs
                .with_untracked(|v| v.iter().map(|s| s.get_untracked()).collect()),
            tombstones: self.tombstones.get_value(),
        }
    }

    /// Replaces the whole workspace with `new` (an applied import, its undo, another tab's
    /// merged edits): stored first, all or nothing; only if that succeeds does the screen
    /// change. Entities that did not change keep their signals, so open views stay put.
    pub fn apply_workspace(&self, new: Workspace) -> bool {
        let old = self.snapshot();
        if !self.persist(|r| r.replace(&old, &new)) {
            return false;
        }
        self.people.set(new.people);
        self.tombstones.set_value(new.tombstones);
        sync_list(self, self.projects, new.projects, |p| &p.id);
        sync_list(self, self.templates, new.templates, |t| &t.id);
        sync_list(self, self.runs, new.runs, |r| &r.id);
        // Undo steps refer to projects as they were; after a wholesale change they would
        // put back stale copies, so the session's history starts again here.
        self.undo.set(UndoStack::default());
        true
    }

    /// After a refused write (once space is freed): writes every record whose stored copy
    /// differs from what is on screen, all or nothing. A failed write is otherwise only
    /// retried when its record is next edited.
    pub fn save_again(&self) -> bool {
        let now = self.snapshot();
        self.persist(|r| {
            let stored = r.load().workspace;
            r.replace(&stored, &now)
        })
    }

    /// Runs `f` on the repo (`None` when storage could not be opened).
    pub(crate) fn with_repo<R>(&self, f: impl FnOnce(&mut Repo<LocalStore>) -> R) -> Option<R> {
        self.repo.try_update_value(|r| r.as_mut().map(f)).flatten()
    }

    /// Takes in what another tab stored (see ui::sync): `theirs` holds the entities `scope`
    /// names, read back whole, with people and tombstones. Each entity is merged with this
    /// tab's (the merge rule of an import, so neither tab's newer edit is lost), the screen
    /// shows the result, and only records whose merged value differs from the stored one
    /// are written back.
    pub fn absorb(&self, theirs: Workspace, scope: &crate::storage::Scope) {
        let mine = self.snapshot();
        let mine = Workspace {
            people: mine.people,
            tombstones: mine.tombstones,
            projects: mine
                .projects
                .into_iter()
                .filter(|p| scope.covers_project(&p.id))
                .collect(),
            templates: mine
                .templates
                .into_iter()
                .filter(|t| scope.covers_template(&t.id))
                .collect(),
            runs: mine
                .runs
                .into_iter()
                .filter(|r| scope.covers_run(r))
                .collect(),
        };
        let mut merged = crate::exchange::merge::merge(&mine, &theirs);
        merged.normalise();
        if merged != theirs {
            self.persist(|r| r.replace(&theirs, &merged));
        }
        if self.people.with_untracked(|p| p != &merged.people) {
            self.people.set(merged.people);
        }
        self.tombstones.set_value(merged.tombstones);
        let projects = super::sync::absorb_list(
            self,
            self.projects,
            merged.projects,
            |p| &p.id,
            |p| scope.covers_project(&p.id),
        );
        super::sync::absorb_list(
            self,
            self.templates,
            merged.templates,
            |t| &t.id,
            |t| scope.covers_template(&t.id),
        );
        super::sync::absorb_list(
            self,
            self.runs,
            merged.runs,
            |r| &r.id,
            |r| scope.covers_run(r),
        );
        if projects {
            // Undo steps hold copies from before the other tab's edit: putting one back would
            // undo that edit too, so this tab's history starts again.
            self.undo.set(UndoStack::default());
        }
    }

    /// Adds the sample workspace (a project and four checklists with weeks of history).
    pub fn load_sample(&self) {
        let mut env = BrowserEnv;
        let ws = match sample::workspace(&mut env, today()) {
            Ok(ws) => ws,
            Err(e) => return self.refuse(e),
        };
        let tomb = self.tombstones.get_value();
        let mut people = self.people.get_untracked();
        people.extend(ws.people.iter().cloned());
        let to_save = Workspace {
            tombstones: tomb,
            people: people.clone(),
            ..ws.clone()
        };
        if self.persist(|r| r.save_all(&to_save)) {
            self.announce(
                "Sample data loaded: one project and four checklists with their history.",
            );
        }
        self.people.set(people);
        self.projects
            .update(|v| v.extend(ws.projects.into_iter().map(|x| self.entity(x))));
        self.templates
            .update(|v| v.extend(ws.templates.into_iter().map(|x| self.entity(x))));
        self.runs
            .update(|v| v.extend(ws.runs.into_iter().map(|x| self.entity(x))));
    }
}
