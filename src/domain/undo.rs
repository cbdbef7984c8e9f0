//! Undo and redo for the session: each step remembers a project as it was before and after
//! an operation, so undo puts the earlier one back and redo the later one.

use super::{Id, Project};

/// One undoable step.
#[derive(Clone, Debug, PartialEq)]
pub struct Step {
    /// What the user did, for the buttons' labels ("Undo move card").
    pub label: String,
    pub project: Id,
    /// `None` when the step created the project.
    pub before: Option<Project>,
    /// `None` when the step deleted the project.
    pub after: Option<Project>,
}

/// The session's undo and redo stacks.
#[derive(Clone, Debug, Default)]
pub struct UndoStack {
    undo: Vec<Step>,
    redo: Vec<Step>,
}

/// How many steps are kept (older ones are dropped).
pub const LIMIT: usize = 100;

impl UndoStack {
    /// Records a step; a new step clears what could be redone.
    pub fn record(&mut self, step: Step) {
        if step.before == step.after {
            return;
        }
        self.undo.push(step);
        if self.undo.len() > LIMIT {
            self.undo.remove(0);
        }
        self.redo.clear();
    }

    /// The step to undo, moved to the redo stack. The caller puts `before` back.
    pub fn undo(&mut self) -> Option<Step> {
        let s = self.undo.pop()?;
        self.redo.push(s.clone());
        Some(s)
    }

    /// The step to redo, moved back to the undo stack. The caller puts `after` back.
    pub fn redo(&mut self) -> Option<Step> {
        let s = self.redo.pop()?;
        self.undo.push(s.clone());
        Some(s)
    }

    /// Label of the next undo.
    pub fn next_undo(&self) -> Option<&str> {
        self.undo.last().map(|s| s.label.as_str())
    }

    /// Label of the next redo.
    pub fn next_redo(&self) -> Option<&str> {
        self.redo.last().map(|s| s.label.as_str())
    }
}
