//! Import: reading a picked or dropped file, validating it, previewing a Docket file,
//! applying it all or nothing, and undoing the last import.

use crate::domain::{Env, Id, Workspace};
use crate::exchange::fields::{self, Keep};
use crate::exchange::format::{self, Parsed, Scope};
use crate::exchange::merge::merge;
use crate::exchange::preview::{self, Preview};
use crate::exchange::trello::{self, ImportSummary};
use crate::ui::browser::BrowserEnv;
use crate::ui::state::AppState;
use leptos::prelude::*;
use std::sync::Arc;
use wasm_bindgen::{JsCast, JsValue};

/// One problem to list in the error panel.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    /// A JSON path (empty for the file as a whole).
    pub path: String,
    pub message: String,
}

/// A Docket file read and validated, waiting for the user's choice. The preview's lines are
/// sorted for showing (see `super::sort_preview`).
#[derive(Clone, Debug)]
pub struct Pending {
    pub file: String,
    pub scope: Scope,
    pub exported_at: crate::domain::Ts,
    pub incoming: Workspace,
    pub preview: Preview,
    /// A Trello board's export: what it became and what was left behind (shown before and
    /// after it is applied).
    pub trello: Option<ImportSummary>,
}

/// What the import panel shows.
#[derive(Clone, Debug, Default)]
pub enum Stage {
    #[default]
    Idle,
    /// Reading or checking a file (the text to show).
    Busy(String),
    /// The file was refused: nothing changed.
    Refused {
        file: String,
        problems: Vec<Problem>,
    },
    /// A Docket file's preview (shared: reading the stage never copies the workspaces).
    Preview(Arc<Pending>),
    /// A Trello board became a project.
    Trello {
        file: String,
        project: Id,
        name: String,
        summary: ImportSummary,
    },
    /// A Docket file was applied.
    Applied {
        message: String,
        /// Projects to open (id, name).
        projects: Vec<(Id, String)>,
    },
}

/// The workspace as it was before the last import, to undo it.
#[derive(Clone, Debug)]
pub struct LastImport {
    pub label: String,
    pub before: Workspace,
    /// The workspace right after the import (to tell whether anything changed since).
    pub after: Workspace,
}

/// The import's state, shared by the page, the header link and file callbacks. It lives as
/// long as the app (reference-counted signals), so leaving the page keeps the preview and
/// the undo.
#[derive(Clone)]
pub struct Shared {
    pub stage: ArcRwSignal<Stage>,
    pub last: ArcRwSignal<Option<LastImport>>,
    pub dragging: ArcRwSignal<bool>,
    /// The preview's fields changed on both sides where the person chose the value that
    /// loses the merge (entity id, field): kept as a new edit when the file is applied.
    pub flipped: ArcRwSignal<Vec<(Id, String)>>,
}

thread_local! {
    static SHARED: Shared = Shared {
        stage: ArcRwSignal::new(Stage::Idle),
        last: ArcRwSignal::new(None),
        dragging: ArcRwSignal::new(false),
        flipped: ArcRwSignal::new(Vec::new()),
    };
}

/// The shared import state.
pub fn shared() -> Shared {
    SHARED.with(Shared::clone)
}

/// The import's state as plain signals for a view (owned by that view).
#[derive(Clone, Copy)]
pub struct Exchange {
    pub stage: RwSignal<Stage>,
    pub last: RwSignal<Option<LastImport>>,
    pub dragging: RwSignal<bool>,
    pub flipped: RwSignal<Vec<(Id, String)>>,
}

/// The shared state as signals owned by the current view.
pub fn use_exchange() -> Exchange {
    let s = shared();
    Exchange {
        stage: RwSignal::from(s.stage),
        last: RwSignal::from(s.last),
        dragging: RwSignal::from(s.dragging),
        flipped: RwSignal::from(s.flipped),
    }
}

fn megabytes(bytes: f64) -> String {
    format!("{:.1} MB", bytes / 1_048_576.0)
}

/// Reads a picked or dropped file, then validates and previews (or imports) it.
pub fn read_file(state: AppState, file: web_sys::File) {
    let s = shared();
    let name = file.name();
    let size = file.size();
    if size > format::MAX_BYTES as f64 {
        s.stage.set(Stage::Refused {
            problems: vec![Problem {
                path: String::new(),
                message: format!(
                    "The file “{name}” is {}; Docket imports files up to {} MB. Nothing was read or changed.",
                    megabytes(size),
                    format::MAX_BYTES / 1_048_576
                ),
            }],
            file: name,
        });
        return;
    }
    s.stage.set(Stage::Busy(format!("Reading {name}…")));
    let reader = match web_sys::FileReader::new() {
        Ok(r) => r,
        Err(_) => return refuse_whole(&name, "This browser cannot read files."),
    };
    let r = reader.clone();
    let file_name = name.clone();
    // Read as bytes, decoded here: no UTF-16 JavaScript string in between (decoding a big
    // file into one and copying it back into wasm took about a fifth of the preview's time).
    let done = wasm_bindgen::closure::Closure::once_into_js(move |_: JsValue| {
        match r
            .result()
            .ok()
            .filter(|v| v.is_instance_of::<js_sys::ArrayBuffer>())
        {
            Some(buf) => {
                let text = decode(js_sys::Uint8Array::new(&buf).to_vec());
                process(state, file_name, &text)
            }
            None => refuse_whole(
                &file_name,
                "The file could not be read (it may have been moved or deleted). Choose it again.",
            ),
        }
    });
    reader.set_onloadend(Some(done.unchecked_ref()));
    if reader.read_as_array_buffer(&file).is_err() {
        refuse_whole(&name, "The file could not be read. Choose it again.");
    }
}

/// A file's bytes as text, the way `FileReader.readAsText` reads them: UTF-8 unless a
/// byte-order mark says UTF-16; bytes that are not text become U+FFFD (the parser then says
/// what is wrong). A UTF-8 mark stays (the parser skips it).
pub fn decode(bytes: Vec<u8>) -> String {
    fn utf16(rest: &[u8], unit: fn([u8; 2]) -> u16) -> String {
        let units: Vec<u16> = rest
            .chunks(2)
            .map(|c| match c {
                [a, b] => unit([*a, *b]),
                _ => 0xFFFD,
            })
            .collect();
        String::from_utf16_lossy(&units)
    }
    match bytes.as_slice() {
        [0xFF, 0xFE, rest @ ..] => utf16(rest, u16::from_le_bytes),
        [0xFE, 0xFF, rest @ ..] => utf16(rest, u16::from_be_bytes),
        _ => String::from_utf8(bytes)
            .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned()),
    }
}

fn refuse_whole(file: &str, message: &str) {
    shared().stage.set(Stage::Refused {
        file: file.to_string(),
        problems: vec![Problem {
            path: String::new(),
            message: message.to_string(),
        }],
    });
}

/// Validates a file's text and moves on to the preview or the Trello import.
pub fn process(state: AppState, file: String, text: &str) {
    let s = shared();
    let local = state.snapshot();
    let parsed = format::parse(text).and_then(|p| match p {
        // Checked against this workspace and clock: ids that name something else here,
        // deletions dated in the future.
        Parsed::Docket(env) => {
            let now = crate::domain::Env::now(&BrowserEnv);
            format::check_against(&local, &env, now).map(|()| Parsed::Docket(env))
        }
        trello => Ok(trello),
    });
    match parsed {
        Err(errors) => s.stage.set(Stage::Refused {
            file,
            problems: errors
                .into_iter()
                .map(|e| Problem {
                    path: e.path,
                    message: e.message,
                })
                .collect(),
        }),
        Ok(Parsed::Trello) => preview_trello(state, file, text),
        Ok(Parsed::Docket(envelope)) => {
            let (scope, exported_at, mut incoming) = envelope.into_parts();
            // The file's people already in the directory under another id are matched by name.
            crate::exchange::people::match_people(&local.people, &mut incoming);
            let mut preview = preview::preview(&local, &incoming);
            super::sort_preview(&mut preview);
            s.flipped.set(Vec::new());
            s.stage.set(Stage::Preview(Arc::new(Pending {
                file,
                scope,
                exported_at,
                incoming,
                preview,
                trello: None,
            })));
        }
    }
}

/// Converts a Trello board's export into a new project and previews it, like a Docket file:
/// nothing changes until the person applies it.
fn preview_trello(state: AppState, file: String, text: &str) {
    let s = shared();
    let people = state.people.get_untracked();
    let mut env = BrowserEnv;
    match trello::import_trello(text, &mut env, &people) {
        Err(messages) => s.stage.set(Stage::Refused {
            file,
            problems: messages
                .into_iter()
                .map(|message| Problem {
                    path: String::new(),
                    message,
                })
                .collect(),
        }),
        Ok(imp) => {
            let scope = Scope::Project {
                id: imp.project.id.clone(),
                name: imp.project.name.clone(),
            };
            let incoming = Workspace {
                projects: vec![imp.project],
                people: imp.people,
                ..Default::default()
            };
            let mut preview = preview::preview(&state.snapshot(), &incoming);
            super::sort_preview(&mut preview);
            s.stage.set(Stage::Preview(Arc::new(Pending {
                file,
                scope,
                exported_at: env.now(),
                incoming,
                preview,
                trello: Some(imp.summary),
            })));
        }
    }
}

/// Applies a previewed Trello board: it becomes a new project.
fn apply_trello(state: AppState, file: String, incoming: Workspace, summary: ImportSummary) {
    let Some((id, name)) = incoming
        .projects
        .first()
        .map(|p| (p.id.clone(), p.name.clone()))
    else {
        return;
    };
    let label = format!("Trello board {file}");
    if !apply(state, &label, |now| merge(now, &incoming)) {
        return;
    }
    state.announce(format!(
        "Imported the Trello board as project {name}: {} cards in {} columns.",
        summary.cards, summary.columns
    ));
    shared().stage.set(Stage::Trello {
        file,
        project: id,
        name,
        summary,
    });
}

/// Replaces the workspace with `build(current)`, all or nothing, remembering the current
/// workspace for "Undo last import". False when storage refused (the banner says why).
fn apply(state: AppState, label: &str, build: impl FnOnce(&Workspace) -> Workspace) -> bool {
    let before = state.snapshot();
    let new = build(&before);
    if !state.apply_workspace(new) {
        return false;
    }
    shared().last.set(Some(LastImport {
        label: label.to_string(),
        before,
        after: state.snapshot(),
    }));
    true
}

/// How the user chose to apply a previewed file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum How {
    Merge,
    Copy,
}

/// Applies the previewed file.
pub fn apply_pending(state: AppState, how: How) {
    let s = shared();
    let flipped = s.flipped.get_untracked();
    let Some((file, incoming, trello, counts, keeps)) = s.stage.with_untracked(|st| match st {
        Stage::Preview(p) => Some((
            p.file.clone(),
            p.incoming.clone(),
            p.trello.clone(),
            [
                p.preview.new.len(),
                p.preview.updated.len(),
                p.preview.conflicts.len(),
                p.preview.deleted.len(),
            ],
            kept(&p.preview, &flipped),
        )),
        _ => None,
    }) else {
        return;
    };
    if let Some(summary) = trello {
        return apply_trello(state, file, incoming, summary);
    }
    let (label, incoming) = match how {
        // The preview was made against the workspace as it was then; merging again against
        // the current one gives the same result when nothing changed, and keeps any edit
        // made since.
        How::Merge => (format!("merge of {file}"), incoming),
        How::Copy => (
            format!("copy of {file}"),
            preview::as_copy(&incoming, &mut BrowserEnv),
        ),
    };
    let projects: Vec<(Id, String)> = incoming
        .projects
        .iter()
        .take(5)
        .map(|x| (x.id.clone(), x.name.clone()))
        .collect();
    let keeps = if how == How::Merge { keeps } else { Vec::new() };
    let kept_n = keeps.len();
    if !apply(state, &label, |now| {
        let mut merged = merge(now, &incoming);
        fields::keep(&mut merged, now, &incoming, &keeps, &mut BrowserEnv);
        merged
    }) {
        return;
    }
    let [new, updated, conflicts, deleted] = counts;
    let message = match how {
        How::Merge => format!(
            "Merged {file} into your workspace: {new} new, {updated} updated, \
             {conflicts} changed on both sides, {deleted} deleted.{}",
            match kept_n {
                0 => String::new(),
                1 => " 1 value kept as you chose.".into(),
                n => format!(" {n} values kept as you chose."),
            }
        ),
        How::Copy => format!(
            "Imported {file} as a copy: {} project(s), {} checklist(s), {} run(s) added.",
            incoming.projects.len(),
            incoming.templates.len(),
            incoming.runs.len()
        ),
    };
    state.announce(message.clone());
    // Only projects that exist after the merge get a link.
    let projects = projects
        .into_iter()
        .filter(|(id, _)| state.project(id).is_some())
        .collect();
    s.stage.set(Stage::Applied { message, projects });
}

/// The person's choices in the preview as values to keep: each field they flipped, from the
/// side that would otherwise lose.
fn kept(p: &Preview, flipped: &[(Id, String)]) -> Vec<Keep> {
    if flipped.is_empty() {
        return Vec::new();
    }
    let mut out = Vec::new();
    for c in &p.conflicts {
        for f in c.fields.iter().filter(|f| f.both()) {
            if flipped
                .iter()
                .any(|(id, name)| *id == c.id && *name == f.name)
            {
                out.push(Keep {
                    kind: c.line.kind,
                    id: c.id.clone(),
                    field: f.name.clone(),
                    mine: f.theirs_wins,
                });
            }
        }
    }
    out
}

/// Puts the workspace back as it was before the last import (asking first when it was
/// changed since).
pub fn undo_last(state: AppState) {
    let s = shared();
    let Some(last) = s.last.get_untracked() else {
        return;
    };
    let changed_since = state.snapshot() != last.after;
    let run = move || {
        let s = shared();
        if state.apply_workspace(last.before.clone()) {
            s.last.set(None);
            s.stage.set(Stage::Idle);
            state.announce(format!("Undid the {}.", last.label));
        }
    };
    if changed_since {
        state.ask(
            "Undo the last import?".into(),
            "Your workspace goes back to how it was before the import. Changes made since \
             the import are undone too."
                .into(),
            "Undo import",
            run,
        );
    } else {
        run();
    }
}

/// The first file of a drop, if the drag carries files.
pub fn dropped_file(ev: &web_sys::DragEvent) -> Option<web_sys::File> {
    ev.data_transfer()?.files()?.get(0)
}

/// Does this drag carry files (not text or a link)?
pub fn carries_files(ev: &web_sys::DragEvent) -> bool {
    ev.data_transfer().is_some_and(|dt| {
        dt.types()
            .iter()
            .any(|t| t.as_string().as_deref() == Some("Files"))
    })
}
