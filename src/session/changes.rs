//! What a change did, as the views need it: which projects (and, for a project, which of its
//! cards and whether its own fields), templates, runs and the people directory.

use crate::domain::undo::Patch;
use crate::domain::{Id, Workspace};
use crate::storage::StorageError;

/// What happened to one project.
#[derive(Clone, Debug, PartialEq)]
pub enum ProjectChange {
    /// These cards, fields and moves changed: applying the patch forward to the project as
    /// it was gives the project as it is.
    Patch { id: Id, patch: Patch },
    /// Added, replaced or removed as a whole: read it back from the session (absent when
    /// removed).
    Whole(Id),
}

impl ProjectChange {
    /// The project it is about.
    pub fn id(&self) -> &Id {
        match self {
            ProjectChange::Patch { id, .. } | ProjectChange::Whole(id) => id,
        }
    }
}

/// Everything one session call changed. Templates, runs and projects named here are read
/// back from the session; an id the session no longer has was removed.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Changes {
    pub projects: Vec<ProjectChange>,
    pub templates: Vec<Id>,
    pub runs: Vec<Id>,
    pub people: bool,
    /// The project templates changed (issue 19 part 6).
    pub project_templates: bool,
    /// The registers changed (sites, assets, stock, budget, spend, policies).
    pub registers: bool,
}

impl Changes {
    /// Nothing changed.
    pub fn is_empty(&self) -> bool {
        self.projects.is_empty()
            && self.templates.is_empty()
            && self.runs.is_empty()
            && !self.people
            && !self.project_templates
            && !self.registers
    }

    /// One project changed as described by `patch`.
    pub(crate) fn patch(id: Id, patch: Patch) -> Changes {
        Changes {
            projects: vec![ProjectChange::Patch { id, patch }],
            ..Changes::default()
        }
    }

    /// What differs between two workspaces, entity by entity (after an import, another
    /// tab's write, a merge): every project, template and run that was added, changed or
    /// removed, and whether the directory changed.
    pub fn between(old: &Workspace, new: &Workspace) -> Changes {
        fn differ<'a, T: PartialEq + 'a>(
            old: impl Iterator<Item = &'a T>,
            new: impl Iterator<Item = &'a T>,
            id: impl Fn(&T) -> &Id,
        ) -> Vec<Id> {
            let before: std::collections::HashMap<&Id, &T> = old.map(|x| (id(x), x)).collect();
            let mut seen = std::collections::HashSet::new();
            let mut out = Vec::new();
            for x in new {
                seen.insert(id(x));
                if before.get(id(x)) != Some(&x) {
                    out.push(id(x).clone());
                }
            }
            out.extend(
                before
                    .keys()
                    .filter(|k| !seen.contains(*k))
                    .map(|k| (*k).clone()),
            );
            out
        }
        Changes {
            projects: differ(old.projects.iter(), new.projects.iter(), |p| &p.id)
                .into_iter()
                .map(ProjectChange::Whole)
                .collect(),
            templates: differ(old.templates.iter(), new.templates.iter(), |t| &t.id),
            runs: differ(old.runs.iter(), new.runs.iter(), |r| &r.id),
            people: old.people != new.people,
            project_templates: old.project_templates != new.project_templates,
            registers: old.registers != new.registers,
        }
    }
}

/// What a session call did: the operation's value, what changed (in memory: always the
/// whole change, whether or not it was stored) and what storing it did.
#[derive(Debug)]
#[must_use = "the views must apply the changes and report a failed save"]
pub struct Done<T> {
    pub value: T,
    pub changes: Changes,
    /// `Err` when the write was refused: the change stays in memory (on screen), and the
    /// store holds the state before it. [`StorageError::Changed`] means another tab wrote
    /// these records first: read them back ([`super::Session::absorb`]) and merge.
    pub saved: Result<(), StorageError>,
}

impl<T> Done<T> {
    pub(crate) fn new(value: T, changes: Changes, saved: Result<(), StorageError>) -> Done<T> {
        Done {
            value,
            changes,
            saved,
        }
    }

    /// The same outcome with another value.
    pub fn map<U>(self, f: impl FnOnce(T) -> U) -> Done<U> {
        Done {
            value: f(self.value),
            changes: self.changes,
            saved: self.saved,
        }
    }
}
