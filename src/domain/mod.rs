//! The pure domain core: projects with boards, checklist templates and their runs.
//!
//! No Leptos and no web-sys here. Every change is a named operation that validates its
//! input first (so a refused change leaves everything as it was) and stamps what it
//! touched with the time from [`Env`], so that later merges and undo can tell edits apart.

// No panic on values from storage or a file (issue 16): no unchecked indexing or
// overflowing arithmetic in this module tree; `#[allow]`s say why each is safe.
#![cfg_attr(
    not(test),
    deny(clippy::indexing_slicing, clippy::arithmetic_side_effects)
)]

pub mod board;
pub mod calendar;
pub mod checklist;
pub mod dates;
pub mod draft;
pub mod env;
pub mod filter;
pub mod ics;
pub mod markdown;
pub mod nfc;
pub mod people;
pub mod portfolio;
pub mod project;
pub mod project_template;
pub mod rank;
pub mod records;
pub mod registers;
pub mod report;
pub mod risk;
pub mod sample;
pub mod sample_ops;
pub mod sample_registers;
pub mod sort;
pub mod stamps;
pub mod table;
pub mod timestamp;
pub mod undo;
pub mod validate;
pub mod workload;
pub mod workspace;

pub use checklist::{Item, Run, Template};
pub use env::{Env, FixedEnv, Hlc, Id, Ts};
pub use people::Person;
pub use project::{
    Card, CardSource, Column, Label, Money, MoveRecord, Priority, Project, ProjectStatus,
    Stakeholder, Subtask, TrashEntry, Trashed,
};
pub use project_template::ProjectTemplate;
pub use risk::{Risk, RiskStatus};
pub use workspace::{EntityKind, Tombstone, Workspace};

use std::fmt;

/// Why a domain operation refused its input, in words a user can act on.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DomainError {
    /// A required text was empty or only spaces; names the field.
    Empty(&'static str),
    /// A text was longer than allowed.
    TooLong(&'static str, usize),
    /// The thing to change is not there (deleted meanwhile, or a stale link).
    NotFound(&'static str),
    /// Any other refusal, already phrased for the user.
    Invalid(String),
}

impl fmt::Display for DomainError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DomainError::Empty(what) => write!(f, "{what} can't be empty: type a few words."),
            DomainError::TooLong(what, max) => {
                write!(f, "{what} is too long: keep it under {max} characters.")
            }
            DomainError::NotFound(what) => {
                write!(f, "That {what} no longer exists; it may have been deleted.")
            }
            DomainError::Invalid(msg) => f.write_str(msg),
        }
    }
}

impl std::error::Error for DomainError {}

/// Result of a domain operation.
pub type Res<T> = Result<T, DomainError>;

/// Longest name or title we accept (titles are shown on cards and in lists).
pub const MAX_NAME: usize = 200;
/// Longest free text (descriptions, objectives).
pub const MAX_TEXT: usize = 20_000;

/// Characters that show nothing: a name made of them looks blank, and one that ends in
/// them looks like another name.
pub(crate) fn invisible(c: char) -> bool {
    matches!(
        c,
        '\u{200B}'..='\u{200D}' | '\u{2060}' | '\u{FEFF}' | '\u{00AD}'
    )
}

/// Characters that reorder the text around them: in a name they can make it read as
/// another ("Website relaunch" shown for a different text).
fn reorders(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}')
}

/// What a name is compared by where names must be unique: no invisible characters, spaces
/// collapsed, case ignored, Unicode NFC ("Ana  Lima\u{200B}" and "ana lima" are the same
/// person, and so are "José" with a composed "é" and with "e" + U+0301).
pub fn name_key(name: &str) -> String {
    // NFC last: dropping an invisible character or lowercasing can leave a letter and its
    // combining accent side by side.
    nfc::nfc(
        &name
            .chars()
            .filter(|c| !invisible(*c))
            .collect::<String>()
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .to_lowercase(),
    )
}

/// Trims a required name and checks it; the error names the field. Invisible characters
/// at either end go with the spaces.
pub(crate) fn clean_name(field: &'static str, raw: &str) -> Res<String> {
    let s = raw.trim_matches(|c: char| c.is_whitespace() || invisible(c));
    if s.is_empty() {
        return Err(DomainError::Empty(field));
    }
    if s.chars().count() > MAX_NAME {
        return Err(DomainError::TooLong(field, MAX_NAME));
    }
    Ok(s.to_string())
}

/// [`clean_name`] for a name that says who or what something is (a person, a project,
/// a checklist): characters that reorder text are refused, so it can't read as another.
pub(crate) fn clean_identity(field: &'static str, raw: &str) -> Res<String> {
    let s = clean_name(field, raw)?;
    if s.chars().any(reorders) {
        return Err(DomainError::Invalid(format!(
            "{field} contains a character that changes the direction of text (U+202A–U+202E, \
             U+2066–U+2069): remove it, so the name reads as it is."
        )));
    }
    Ok(s)
}

/// Trims a short optional text (a role, an e-mail, an owner) and checks its length.
pub(crate) fn clean_short(field: &'static str, raw: &str) -> Res<String> {
    let s = raw.trim();
    if s.chars().count() > MAX_NAME {
        return Err(DomainError::TooLong(field, MAX_NAME));
    }
    Ok(s.to_string())
}

/// Refuses a list longer than the stored invariants allow (`domain::validate::max`).
pub(crate) fn at_most(what: &'static str, n: usize, most: usize) -> Res<()> {
    if n > most {
        return Err(DomainError::Invalid(format!(
            "At most {most} {what} fit; remove some first."
        )));
    }
    Ok(())
}

/// Checks an optional free text (kept as typed, trailing spaces trimmed).
pub(crate) fn clean_text(field: &'static str, raw: &str) -> Res<String> {
    let s = raw.trim_end();
    if s.chars().count() > MAX_TEXT {
        return Err(DomainError::TooLong(field, MAX_TEXT));
    }
    Ok(s.to_string())
}
