//! Puts what a session call changed into the signals, and tells a project's views which
//! of its cards changed.
//!
//! A project patched by a change gets the same patch applied to its signal's copy (cheap:
//! only the cards it names); anything added, replaced or removed whole is read back from
//! the session. Entities that did not change keep their signals, so open views stay put.

use super::AppState;
use crate::domain::Id;
use crate::session::{Changes, ProjectChange};
use leptos::prelude::*;
use std::sync::Arc;

/// What one change did to a project, as views need it.
#[derive(Clone, Debug, PartialEq)]
pub struct ProjectTouched {
    pub project: Id,
    /// Cards added, changed or removed; `None`: any card may have changed (an import,
    /// another tab's write) — read the project again.
    pub cards: Option<Vec<Id>>,
    /// The project's own fields changed (columns, WIP limits, name, charter…).
    pub head: bool,
}

type Listener = Arc<dyn Fn(&ProjectTouched) + Send + Sync>;

/// The views listening to projects' changes, by project.
#[derive(Default)]
pub(super) struct Listeners {
    next: u64,
    all: Vec<(u64, Id, Listener)>,
}

impl AppState {
    /// Calls `f` after each change to project `id`, once the project's signal is up to
    /// date; it stops when the current reactive owner (the view that asked) is cleaned up.
    pub fn on_project_change(&self, id: &Id, f: impl Fn(&ProjectTouched) + Send + Sync + 'static) {
        let token = self.listeners.try_update_value(|l| {
            l.next += 1;
            l.all.push((l.next, id.clone(), Arc::new(f)));
            l.next
        });
        let listeners = self.listeners;
        on_cleanup(move || {
            listeners.try_update_value(|l| l.all.retain(|(t, _, _)| Some(*t) != token));
        });
    }

    fn notify(&self, touched: ProjectTouched) {
        let called: Vec<Listener> = self
            .listeners
            .try_with_value(|l| {
                l.all
                    .iter()
                    .filter(|(_, id, _)| id == &touched.project)
                    .map(|(_, _, f)| f.clone())
                    .collect()
            })
            .unwrap_or_default();
        for f in called {
            f(&touched);
        }
    }

    /// Makes the signals show what the session holds after `changes`.
    pub(super) fn mirror(&self, changes: &Changes) {
        let mut touched = Vec::new();
        let mut reorder = false;
        for change in &changes.projects {
            match change {
                ProjectChange::Patch { id, patch } => {
                    if let Some(sig) = self.project(id) {
                        sig.update(|p| patch.apply(p, true));
                    }
                    touched.push(ProjectTouched {
                        project: id.clone(),
                        cards: Some(patch.card_ids()),
                        head: patch.head.is_some(),
                    });
                }
                ProjectChange::Whole(id) => {
                    let now = self.session.with_value(|s| s.project(id).cloned());
                    match (self.project(id), now) {
                        (Some(sig), Some(p)) => sig.set(p),
                        _ => reorder = true,
                    }
                    touched.push(ProjectTouched {
                        project: id.clone(),
                        cards: None,
                        head: true,
                    });
                }
            }
        }
        if reorder {
            let order = self.session.with_value(|s| {
                s.workspace()
                    .projects
                    .iter()
                    .map(|p| p.id.clone())
                    .collect()
            });
            self.reorder(
                self.projects,
                order,
                |p| &p.id,
                |s, id| s.project(id).cloned(),
            );
        }
        self.follow(
            self.templates,
            &changes.templates,
            |t| &t.id,
            |s, id| s.template(id).cloned(),
            |s| {
                s.workspace()
                    .templates
                    .iter()
                    .map(|t| t.id.clone())
                    .collect()
            },
        );
        self.follow(
            self.runs,
            &changes.runs,
            |r| &r.id,
            |s, id| s.run(id).cloned(),
            |s| s.workspace().runs.iter().map(|r| r.id.clone()).collect(),
        );
        if changes.people {
            let people = self.session.with_value(|s| s.workspace().people.clone());
            self.people.set(people);
        }
        if changes.registers {
            let r = self.session.with_value(|s| s.workspace().registers.clone());
            self.registers.set(r);
        }
        if changes.project_templates {
            let list = self
                .session
                .with_value(|s| s.workspace().project_templates.clone());
            self.project_templates.set(list);
        }
        let labels = self.session.with_value(|s| super::UndoLabels {
            undo: s.next_undo().map(str::to_string),
            redo: s.next_redo().map(str::to_string),
        });
        if self.undo.with_untracked(|u| u != &labels) {
            self.undo.set(labels);
        }
        for t in touched {
            self.notify(t);
        }
        // Something changed: a CouchDB sync waiting for the database wakes up to push it.
        if !changes.is_empty() {
            crate::ui::couch::wake();
        }
    }

    /// Sets the signals of the entities `ids` from the session; when one was added or
    /// removed, the list follows the session's order.
    fn follow<T: Clone + Send + Sync + 'static>(
        &self,
        list: RwSignal<Vec<RwSignal<T>>>,
        ids: &[Id],
        key: fn(&T) -> &Id,
        get: impl Fn(&super::AppSession, &Id) -> Option<T>,
        order: impl Fn(&super::AppSession) -> Vec<Id>,
    ) {
        let mut reorder = false;
        for id in ids {
            match (
                super::find(list, id, key),
                self.session.with_value(|s| get(s, id)),
            ) {
                (Some(sig), Some(x)) => sig.set(x),
                _ => reorder = true,
            }
        }
        if reorder {
            let order = self.session.with_value(order);
            self.reorder(list, order, key, get);
        }
    }

    /// Rebuilds a list of entity signals in the session's order, keeping the signal of each
    /// entity that already had one and making signals for new ones.
    fn reorder<T: Clone + Send + Sync + 'static>(
        &self,
        list: RwSignal<Vec<RwSignal<T>>>,
        order: Vec<Id>,
        key: fn(&T) -> &Id,
        get: impl Fn(&super::AppSession, &Id) -> Option<T>,
    ) {
        let mut have: std::collections::HashMap<Id, RwSignal<T>> = list
            .get_untracked()
            .into_iter()
            .map(|sig| (sig.with_untracked(|x| key(x).clone()), sig))
            .collect();
        let out = order
            .iter()
            .filter_map(|id| match have.remove(id) {
                Some(sig) => Some(sig),
                None => self
                    .session
                    .with_value(|s| get(s, id))
                    .map(|x| self.entity(x)),
            })
            .collect();
        list.set(out);
    }
}
