//! The Docket file format: an envelope naming the format, its version, the app version, the
//! export time and scope, around the entities themselves (see docs/file-format.md and
//! docs/docket-file.schema.json). Parsing validates the whole file first and reports every
//! problem with its JSON path, in plain words.

use crate::domain::registers::Registers;
use crate::domain::{
    validate, Id, Person, Project, ProjectTemplate, Run, Template, Tombstone, Ts, Workspace,
};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::collections::HashSet;
use std::fmt::{self, Write as _};

/// The value of the `format` field.
pub const FORMAT: &str = "docket";
/// The format version this code writes; it reads every version up to this one.
pub const VERSION: u32 = 4;
/// The largest file the import accepts.
pub const MAX_BYTES: usize = 20 * 1024 * 1024;
/// The largest amount (in cents) a file may carry: 10 trillion in any currency, far beyond
/// any project, small enough that sums never overflow.
pub const MAX_CENTS: i64 = validate::MAX_CENTS;
/// The version of the app writing the file.
pub const APP_VERSION: &str = env!("CARGO_PKG_VERSION");

/// What a file holds.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case", try_from = "ScopeWire")]
pub enum Scope {
    /// Everything.
    Workspace,
    /// One project (with the people its cards are assigned to).
    Project { id: Id, name: String },
    /// One checklist template, with or without its runs.
    Template { id: Id, name: String, runs: bool },
}

// Read through a flat struct, not serde's internally tagged enums: those buffer each object
// in a generic tree first, which costs the wasm several times the code of a plain struct.
#[derive(Deserialize)]
struct ScopeWire {
    kind: String,
    id: Option<Id>,
    name: Option<String>,
    runs: Option<bool>,
}

impl TryFrom<ScopeWire> for Scope {
    type Error = String;
    fn try_from(w: ScopeWire) -> Result<Scope, String> {
        let need = |f: &str| format!("missing field `{f}`");
        Ok(match w.kind.as_str() {
            "workspace" => Scope::Workspace,
            "project" => Scope::Project {
                id: w.id.ok_or_else(|| need("id"))?,
                name: w.name.ok_or_else(|| need("name"))?,
            },
            "template" => Scope::Template {
                id: w.id.ok_or_else(|| need("id"))?,
                name: w.name.ok_or_else(|| need("name"))?,
                runs: w.runs.ok_or_else(|| need("runs"))?,
            },
            other => {
                return Err(format!(
                    "unknown variant `{other}`, expected one of `workspace`, `project`, `template`"
                ))
            }
        })
    }
}

/// A Docket file.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Envelope {
    pub format: String,
    pub version: u32,
    pub app_version: String,
    pub exported_at: Ts,
    pub scope: Scope,
    #[serde(default)]
    pub people: Vec<Person>,
    #[serde(default)]
    pub projects: Vec<Project>,
    #[serde(default)]
    pub templates: Vec<Template>,
    #[serde(default)]
    pub runs: Vec<Run>,
    #[serde(default)]
    pub tombstones: Vec<Tombstone>,
    /// Projects saved as templates (issue 19 part 6; absent from older files).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub project_templates: Vec<ProjectTemplate>,
    /// Sites, assets, stock, budget, spend and policies (version 4).
    #[serde(default, skip_serializing_if = "Registers::is_empty")]
    pub registers: Registers,
}

impl Envelope {
    fn new(scope: Scope, now: Ts) -> Envelope {
        Envelope {
            format: FORMAT.into(),
            version: VERSION,
            app_version: APP_VERSION.into(),
            exported_at: now,
            scope,
            people: Vec::new(),
            projects: Vec::new(),
            templates: Vec::new(),
            runs: Vec::new(),
            tombstones: Vec::new(),
            project_templates: Vec::new(),
            registers: Registers::default(),
        }
    }

    /// The entities, borrowed (for checks).
    pub fn parts(&self) -> validate::Parts<'_> {
        validate::Parts {
            people: &self.people,
            projects: &self.projects,
            templates: &self.templates,
            runs: &self.runs,
            tombstones: &self.tombstones,
            project_templates: &self.project_templates,
            registers: &self.registers,
        }
    }

    /// The entities as a workspace (for merging).
    pub fn workspace(&self) -> Workspace {
        Workspace {
            people: self.people.clone(),
            projects: self.projects.clone(),
            templates: self.templates.clone(),
            runs: self.runs.clone(),
            tombstones: self.tombstones.clone(),
            project_templates: self.project_templates.clone(),
            registers: self.registers.clone(),
        }
    }

    /// What it covers, when it was exported, and its entities as a workspace, moved out of
    /// the envelope (no copy).
    pub fn into_parts(self) -> (Scope, Ts, Workspace) {
        let Envelope {
            scope,
            exported_at,
            people,
            projects,
            templates,
            runs,
            tombstones,
            project_templates,
            registers,
            ..
        } = self;
        let ws = Workspace {
            people,
            projects,
            templates,
            runs,
            tombstones,
            project_templates,
            registers,
        };
        (scope, exported_at, ws)
    }

    /// The same file for an older copy of Docket: format version 1, without field stamps
    /// (each entity's `updated` then stands for all of its fields, as version 1 says).
    pub fn into_version_1(mut self) -> Envelope {
        use crate::domain::Trashed;
        self.version = 1;
        let clear = |s: &mut crate::domain::stamps::Stamps| *s = Default::default();
        self.people.iter_mut().for_each(|p| clear(&mut p.stamps));
        for p in &mut self.projects {
            clear(&mut p.stamps);
            p.columns.iter_mut().for_each(|c| clear(&mut c.stamps));
            p.cards.iter_mut().for_each(|c| clear(&mut c.stamps));
            p.risks.iter_mut().for_each(|r| clear(&mut r.stamps));
            for t in &mut p.trash {
                match &mut t.item {
                    Trashed::Card(c) => clear(&mut c.stamps),
                    Trashed::Column { column, cards } => {
                        clear(&mut column.stamps);
                        cards.iter_mut().for_each(|c| clear(&mut c.stamps));
                    }
                }
            }
        }
        for t in &mut self.templates {
            clear(&mut t.stamps);
            t.items.iter_mut().for_each(|i| clear(&mut i.stamps));
        }
        self.runs.iter_mut().for_each(|r| clear(&mut r.stamps));
        // (Version 1 had no project templates: an older copy ignores them.)
        self.project_templates.clear();
        self.registers = Registers::default();
        self
    }

    /// The file's text.
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).expect("domain types serialise")
    }
}

/// The whole workspace.
pub fn export_workspace(ws: &Workspace, now: Ts) -> Envelope {
    let mut e = Envelope::new(Scope::Workspace, now);
    e.people = ws.people.clone();
    e.projects = ws.projects.clone();
    e.templates = ws.templates.clone();
    e.runs = ws.runs.clone();
    e.tombstones = ws.tombstones.clone();
    e.project_templates = ws.project_templates.clone();
    e.registers = ws.registers.clone();
    e
}

/// One project and the people its cards name.
pub fn export_project(ws: &Workspace, id: &Id, now: Ts) -> Option<Envelope> {
    let p = ws.projects.iter().find(|p| &p.id == id)?;
    let mut e = Envelope::new(
        Scope::Project {
            id: p.id.clone(),
            name: p.name.clone(),
        },
        now,
    );
    let named: HashSet<&Id> = p
        .cards
        .iter()
        .flat_map(|c| &c.assignees)
        .chain(p.trash.iter().flat_map(|t| match &t.item {
            crate::domain::Trashed::Card(c) => c.assignees.iter().collect::<Vec<_>>(),
            crate::domain::Trashed::Column { cards, .. } => {
                cards.iter().flat_map(|c| &c.assignees).collect()
            }
        }))
        .collect();
    e.people = ws
        .people
        .iter()
        .filter(|p| named.contains(&p.id))
        .cloned()
        .collect();
    e.projects = vec![p.clone()];
    Some(e)
}

/// One template, with its runs when `with_runs`.
pub fn export_template(ws: &Workspace, id: &Id, with_runs: bool, now: Ts) -> Option<Envelope> {
    let t = ws.templates.iter().find(|t| &t.id == id)?;
    let mut e = Envelope::new(
        Scope::Template {
            id: t.id.clone(),
            name: t.name.clone(),
            runs: with_runs,
        },
        now,
    );
    e.templates = vec![t.clone()];
    if with_runs {
        e.runs = ws
            .runs
            .iter()
            .filter(|r| &r.template == id)
            .cloned()
            .collect();
    }
    // The register entries it names: its site, the assets its runs were on and their
    // sites, and the stock its items count.
    let assets: HashSet<&Id> = e.runs.iter().filter_map(|r| r.asset.as_ref()).collect();
    let r = &ws.registers;
    e.registers.assets = (r.assets.iter())
        .filter(|a| assets.contains(&a.id))
        .cloned()
        .collect();
    let stock: HashSet<&Id> = t.items.iter().filter_map(|i| i.stock.as_ref()).collect();
    e.registers.stock = (r.stock.iter())
        .filter(|s| stock.contains(&s.id))
        .cloned()
        .collect();
    let sites: HashSet<&Id> = (t.site.iter())
        .chain(e.runs.iter().filter_map(|r| r.site.as_ref()))
        .chain(e.registers.assets.iter().filter_map(|a| a.site.as_ref()))
        .chain(e.registers.stock.iter().filter_map(|s| s.site.as_ref()))
        .collect();
    e.registers.sites = (r.sites.iter())
        .filter(|s| sites.contains(&s.id))
        .cloned()
        .collect();
    // The people it names: its owner, who ran the runs it carries, its sites' leads.
    // The people it names: its owner, its rotation's team, who escalated, and who ran the
    // runs it carries.
    let team: &[Id] = match &t.assignment {
        crate::domain::checklist::Assignment::Rotation { team, .. } => team,
        _ => &[],
    };
    let named: HashSet<&Id> = t
        .owner
        .iter()
        .chain(team)
        .chain(t.escalations.iter().filter_map(|x| x.by.as_ref()))
        .chain(e.runs.iter().filter_map(|r| r.by.as_ref()))
        .chain(e.registers.sites.iter().filter_map(|s| s.lead.as_ref()))
        .collect();
    e.people = ws
        .people
        .iter()
        .filter(|p| named.contains(&p.id))
        .cloned()
        .collect();
    Some(e)
}

/// `docket-<name>-<date>.json`, with the name made safe for every file system.
pub fn file_name(name: &str, date: chrono::NaiveDate) -> String {
    let mut slug = String::new();
    for ch in name.chars() {
        if ch.is_alphanumeric() {
            slug.extend(ch.to_lowercase());
        } else if !slug.ends_with('-') && !slug.is_empty() {
            slug.push('-');
        }
    }
    let slug: String = slug.trim_end_matches('-').chars().take(60).collect();
    let slug = if slug.is_empty() {
        "export".to_string()
    } else {
        slug
    };
    format!("docket-{slug}-{date}.json")
}

/// One problem found in a file: where, and what.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FileError {
    /// A JSON path like `projects[2].cards[5].due` (empty for the file as a whole).
    pub path: String,
    pub message: String,
}

impl fmt::Display for FileError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.path.is_empty() {
            f.write_str(&self.message)
        } else {
            write!(f, "{}: {}", self.path, self.message)
        }
    }
}

fn whole(message: impl Into<String>) -> Vec<FileError> {
    vec![FileError {
        path: String::new(),
        message: message.into(),
    }]
}

/// What a dropped or picked file turned out to be.
#[derive(Debug)]
pub enum Parsed {
    Docket(Box<Envelope>),
    /// A Trello board export (no `format` field, `lists` and `cards` arrays).
    Trello,
}

/// Most errors listed for one file (the rest are summarised).
const MAX_ERRORS: usize = 50;

/// Reads and validates a file completely. Nothing is changed by this: the caller previews
/// and applies.
pub fn parse(text: &str) -> Result<Parsed, Vec<FileError>> {
    if text.len() > MAX_BYTES {
        return Err(whole(format!(
            "The file is {:.1} MB; Docket imports files up to {} MB.",
            text.len() as f64 / 1_048_576.0,
            MAX_BYTES / 1_048_576
        )));
    }
    // A byte-order mark some editors put at the start is not part of the JSON.
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.trim().is_empty() {
        return Err(whole("The file is empty: there is nothing to import."));
    }
    // The usual case, a good file of the current version: straight from the text to the
    // entities, with no tree in between (half the time of a big file's parse). Anything
    // else, or a text this fails on, takes the careful path below, which names every problem.
    if let Ok(mut env) = serde_json::from_str::<Envelope>(text) {
        // (Version 1 reads the same way: it only lacks field stamps.)
        if env.format == FORMAT && (1..=VERSION).contains(&env.version) {
            env.runs.iter_mut().for_each(Run::normalise);
            let mut errors = Vec::new();
            check_meaning(&env, &mut errors);
            if errors.is_empty() {
                return Ok(Parsed::Docket(Box::new(env)));
            }
            return Err(cap(errors));
        }
    }
    let value: Value = serde_json::from_str(text).map_err(|e| {
        let msg = match e.classify() {
            serde_json::error::Category::Eof => format!(
                "The file ends too early (line {}): it may have been cut off while saving or sending. Ask for it again.",
                e.line()
            ),
            _ if e.to_string().contains("recursion limit") => {
                "The file is nested too deeply to be a Docket file.".to_string()
            }
            _ => format!(
                "This is not a JSON file (line {}, column {}): {}. Docket files are JSON exported by Docket.",
                e.line(),
                e.column(),
                plain_serde(&e.to_string())
            ),
        };
        whole(msg)
    })?;
    let Value::Object(obj) = &value else {
        return Err(whole(format!(
            "The file holds {} at the top, not a Docket file (an object with \"format\": \"docket\").",
            describe(&value)
        )));
    };
    match obj.get("format") {
        None if obj.get("lists").is_some_and(Value::is_array)
            || obj.get("cards").is_some_and(Value::is_array) =>
        {
            return Ok(Parsed::Trello);
        }
        Some(Value::String(f)) if f == FORMAT => {}
        Some(other) => {
            return Err(vec![FileError {
                path: "format".into(),
                message: format!(
                    "expected \"docket\", found {}: this is not a Docket file.",
                    describe(other)
                ),
            }])
        }
        None => {
            return Err(whole(
                "This is not a Docket file: it has no \"format\": \"docket\" field.",
            ))
        }
    }
    match obj.get("version").and_then(Value::as_u64) {
        Some(v) if v as u32 > VERSION || v > u32::MAX as u64 => {
            return Err(vec![FileError {
                path: "version".into(),
                message: format!(
                    "this file was made by a newer Docket (format version {v}); this one reads up to version {VERSION}. Reload the page to update Docket, then import again."
                ),
            }])
        }
        Some(0) | None => {
            return Err(vec![FileError {
                path: "version".into(),
                message: "missing or not a format version (a whole number from 1).".into(),
            }])
        }
        Some(_) => {}
    }
    // Version 2 added field stamps (`stamps` on cards): a version 1 file has none, and an
    // entity without stamps is read as "every field last set at `updated`", so it needs no
    // rewriting. Each future version adds a step here that rewrites an older `value`.

    // The usual case, a good file: one pass from the tree's compact text to the entities.
    // (The text, not the tree itself, is what every entity is read from: one deserialiser
    // per type in the wasm, the one storage uses too. See `read`.)
    let compact = value.to_string();
    let whole = read::<Envelope>(&compact);
    if let Ok(mut env) = whole {
        env.runs.iter_mut().for_each(Run::normalise);
        let mut errors = Vec::new();
        check_meaning(&env, &mut errors);
        if errors.is_empty() {
            return Ok(Parsed::Docket(Box::new(env)));
        }
        return Err(cap(errors));
    }
    // Otherwise find every problem: each entity on its own, so all are listed.
    let mut errors = Vec::new();
    check_items::<Person>(&value, "people", &mut errors);
    check_items::<Tombstone>(&value, "tombstones", &mut errors);
    check_items::<Run>(&value, "runs", &mut errors);
    if let Some(Value::Array(ps)) = value.get("projects") {
        for (i, p) in ps.iter().enumerate() {
            let at = format!("projects[{i}]");
            for part in ["columns", "cards", "risks"] {
                match part {
                    "columns" => check_items::<crate::domain::Column>(p, part, &mut errors),
                    "cards" => check_items::<crate::domain::Card>(p, part, &mut errors),
                    _ => check_items::<crate::domain::Risk>(p, part, &mut errors),
                }
                // check_items names paths from `p`; prefix them with the project's path.
                for e in errors.iter_mut() {
                    if e.path.starts_with(part) && !e.path.starts_with("projects") {
                        e.path = format!("{at}.{}", e.path);
                    }
                }
            }
        }
    }
    if let Some(Value::Array(ts)) = value.get("templates") {
        for (i, t) in ts.iter().enumerate() {
            check_items::<crate::domain::Item>(t, "items", &mut errors);
            for e in errors.iter_mut() {
                if e.path.starts_with("items") {
                    e.path = format!("templates[{i}].{}", e.path);
                }
            }
        }
    }
    if errors.is_empty() {
        // The parts are fine: the problem is in the envelope or the rest of an entity.
        if let Err((path, message)) = whole {
            errors.push(field_error(&value, &path, &message));
        }
    }
    Err(cap(errors))
}

/// At most [`MAX_ERRORS`] errors, then a count of the rest.
fn cap(mut errors: Vec<FileError>) -> Vec<FileError> {
    if errors.len() > MAX_ERRORS {
        let more = errors.len().saturating_sub(MAX_ERRORS);
        errors.truncate(MAX_ERRORS);
        errors.push(FileError {
            path: String::new(),
            message: format!("…and {more} more problems."),
        });
    }
    errors
}

/// Deserialises each element of `parent[field]` on its own, so every bad element is reported.
fn check_items<T: DeserializeOwned>(parent: &Value, field: &str, errors: &mut Vec<FileError>) {
    match parent.get(field) {
        None | Some(Value::Null) => {}
        Some(Value::Array(items)) => {
            for (i, item) in items.iter().enumerate() {
                if let Err((inner, message)) = read::<T>(&item.to_string()) {
                    let path = if inner == "." || inner.is_empty() {
                        format!("{field}[{i}]")
                    } else {
                        format!("{field}[{i}].{inner}")
                    };
                    errors.push(field_error(parent, &path, &message));
                }
            }
        }
        Some(other) => errors.push(FileError {
            path: field.into(),
            message: format!("expected a list, found {}", describe(other)),
        }),
    }
}

/// Reads a `T` from compact JSON text (a `Value` written back: no whitespace, no duplicate
/// keys). On failure: the JSON path of the value the error is about (`cards[5].due`, `.`
/// for the whole text) and serde's message without its position.
///
/// The path comes from the error's position in the text (see `error_path`) instead of a
/// path-tracking deserialiser: wrapping the deserialiser (serde_path_to_error) compiled
/// every entity type's deserialisation again, a tenth of the app's wasm.
fn read<T: DeserializeOwned>(text: &str) -> Result<T, (String, String)> {
    serde_json::from_str::<T>(text)
        .map_err(|e| error_path(text, &e, &|t| serde_json::from_str::<T>(t).err()))
}

/// serde_json's message without the " at line L column C" it appends.
fn bare_message(e: &serde_json::Error) -> String {
    let msg = e.to_string();
    let suffix = format!(" at line {} column {}", e.line(), e.column());
    match msg.strip_suffix(&suffix) {
        Some(bare) => bare.to_string(),
        None => msg,
    }
}

/// The path and message of `err`, an error from reading compact `text` with `again`.
///
/// serde_json places a data error right after the value it is about (or at its first byte,
/// for a value of the wrong kind), so the path of the value that starts, contains or ends
/// at the error's offset is the path of the value at fault. One case is ambiguous: an
/// internally tagged enum (`{"type": …}`) is read whole before its fields are checked, so
/// an error in its fields surfaces after the object that *holds* it has been closed, at the
/// same offset as an error of that object itself (a missing field). Reading the text again
/// cut just before that closing bracket tells them apart: the same error means it came
/// from the last member (and so on inwards); a different one (the text ends early) means
/// it was the object's own.
fn error_path(
    text: &str,
    err: &serde_json::Error,
    again: &dyn Fn(&str) -> Option<serde_json::Error>,
) -> (String, String) {
    let message = bare_message(err);
    // The text is one line: the column is the number of bytes read.
    let mut at = if err.line() == 1 {
        err.column().min(text.len())
    } else {
        text.len()
    };
    let bytes = text.as_bytes();
    // The text before offset `n` (all of it where `n` is past the end or inside a character).
    let upto = |n: usize| text.get(..n).unwrap_or(text);
    let byte_before = |n: usize| n.checked_sub(1).and_then(|i| bytes.get(i)).copied();
    if message == "expected value" {
        // In well-formed text only an externally tagged enum says this, of a value that is
        // neither a string nor an object with one key (`not_an_enum` words it). serde_json
        // stops one byte into that value (`null`, `5`, `[…]`, `{}`), or, for an object
        // with more keys, at the comma after its first member.
        let starts_value = |b: u8| matches!(b, b'n' | b't' | b'f' | b'-' | b'0'..=b'9' | b'[');
        let path = if bytes.get(at) == Some(&b',') && first_member_of_enum(text, at, again) {
            parent(&path_at(upto(at)))
        } else if byte_before(at).is_some_and(starts_value) {
            path_at(upto(at.saturating_sub(1)))
        } else {
            path_at(upto(at))
        };
        return (path, message);
    }
    while matches!(byte_before(at), Some(b'}' | b']'))
        && !matches!(byte_before(at.saturating_sub(1)), Some(b'{' | b'[') | None)
        && again(upto(at.saturating_sub(1))).is_some_and(|e| bare_message(&e) == message)
    {
        at = at.saturating_sub(1);
    }
    (path_at(upto(at)), message)
}

/// Did serde_json stop at `at` (a comma) after the first member of an object it read as an
/// enum, rather than one byte into a value that ends there (`"priority":5,`)? Read the text
/// again with that object cut after the member: an enum then reads, a value still fails.
fn first_member_of_enum(
    text: &str,
    at: usize,
    again: &dyn Fn(&str) -> Option<serde_json::Error>,
) -> bool {
    let Some(close) = closing_bracket(text, at) else {
        return false;
    };
    let (Some(head), Some(tail)) = (text.get(..at), text.get(close..)) else {
        return false;
    };
    let cut = format!("{head}{tail}");
    !again(&cut).is_some_and(|e| bare_message(&e) == "expected value" && e.column() == at)
}

/// The offset of the bracket that closes the object or array holding offset `at` of a
/// compact JSON text.
fn closing_bracket(text: &str, at: usize) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut open: Vec<usize> = Vec::new();
    let mut target: Option<usize> = None;
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        if i == at {
            target = Some(open.len());
        }
        match b {
            b'{' | b'[' => open.push(i),
            b'}' | b']' => {
                open.pop();
                if target == Some(open.len().saturating_add(1)) {
                    return Some(i);
                }
            }
            b'"' => {
                i = past_string(bytes, i.saturating_add(1));
            }
            _ => {}
        }
        i = i.saturating_add(1);
    }
    None
}

/// The offset of the quote that ends the JSON string whose content starts at `i` (the
/// text's length when it does not end).
fn past_string(bytes: &[u8], mut i: usize) -> usize {
    while let Some(&c) = bytes.get(i).filter(|&&c| c != b'"') {
        i = i.saturating_add(if c == b'\\' { 2 } else { 1 });
    }
    i
}

/// The path of the object or array holding what `path` names (`a[1].b` -> `a[1]`, `a[1]`
/// -> `a`, `a` -> `.`).
fn parent(path: &str) -> String {
    let cut = match path.rfind(['.', '[']) {
        Some(i) if i > 0 => i,
        _ => return ".".to_string(),
    };
    path[..cut].to_string()
}

/// The JSON path of the value being read at the end of `read`, a prefix of a compact JSON
/// text: the member or element whose value has started (or just ended) there, in every
/// enclosing object and array. Written as serde_path_to_error writes paths: `a[1].b`, and
/// `.` for the whole text.
fn path_at(read: &str) -> String {
    enum Slot {
        /// In an object: the key whose value is being read (after its colon).
        Key(Option<String>),
        /// In an array: the index of the element being read.
        At(usize),
    }
    let bytes = read.as_bytes();
    let mut stack: Vec<Slot> = Vec::new();
    // The last key read in the innermost object, until its colon.
    let mut key: Option<String> = None;
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        match b {
            b'{' => stack.push(Slot::Key(None)),
            b'[' => stack.push(Slot::At(0)),
            b'}' | b']' => {
                stack.pop();
            }
            b',' => match stack.last_mut() {
                Some(Slot::At(n)) => *n = n.saturating_add(1),
                Some(Slot::Key(k)) => *k = None,
                None => {}
            },
            b':' => {
                if let Some(Slot::Key(k)) = stack.last_mut() {
                    *k = key.take();
                }
            }
            b'"' => {
                let start = i;
                i = past_string(bytes, i.saturating_add(1));
                let in_key = matches!(stack.last(), Some(Slot::Key(None)));
                if in_key {
                    key = read
                        .get(start..=i)
                        .and_then(|s| serde_json::from_str::<String>(s).ok());
                }
            }
            _ => {}
        }
        i = i.saturating_add(1);
    }
    let mut path = String::new();
    for slot in &stack {
        match slot {
            Slot::At(n) => {
                let _ = write!(path, "[{n}]");
            }
            Slot::Key(Some(k)) => {
                if !path.is_empty() {
                    path.push('.');
                }
                path.push_str(k);
            }
            Slot::Key(None) => break,
        }
    }
    if path.is_empty() {
        path.push('.');
    }
    path
}

/// A field error in plain words, quoting the offending value when it helps.
fn field_error(root: &Value, path: &str, serde_msg: &str) -> FileError {
    let last = path.rsplit('.').next().unwrap_or("");
    let last = last.split('[').next().unwrap_or(last);
    let found = lookup(root, path);
    let serde_msg = &not_an_enum(found, serde_msg);
    let message = if serde_msg.starts_with("missing field") {
        let name = serde_msg.split('`').nth(1).unwrap_or("?");
        return FileError {
            path: path.to_string(),
            message: format!("missing the required field \"{name}\""),
        };
    } else if let Some(Value::String(s)) = found {
        match last {
            "start" | "due" | "target_end" | "actual_end" | "date" => {
                format!("not a date: '{s}' (dates are written YYYY-MM-DD)")
            }
            "created" | "updated" | "at" | "exported_at" => {
                format!("not a timestamp: '{s}' (use RFC 3339, e.g. 2026-03-02T09:00:00Z)")
            }
            _ => plain_serde(serde_msg),
        }
    } else {
        plain_serde(serde_msg)
    };
    FileError {
        path: path.to_string(),
        message,
    }
}

/// serde_json words one problem differently when it reads text and when it reads a tree
/// (which is how the file's problems were worded before, and still are): a value where an
/// enum (`priority`, a trash entry) is expected that is neither a string nor an object with
/// one key. Reading text it says "expected value", or "unknown variant `a`" for the first
/// key of `{"a": 1, "b": 2}`; say it as the tree does ("wrong type: found null, expected
/// string or map", "expected map with a single key").
fn not_an_enum(found: Option<&Value>, serde_msg: &str) -> String {
    #[derive(Debug, Deserialize)]
    enum AnyEnum {}
    let many_keys = matches!(found, Some(Value::Object(m)) if m.len() > 1);
    match found {
        Some(v)
            if serde_msg == "expected value"
                || (many_keys && serde_msg.starts_with("unknown variant")) =>
        {
            match AnyEnum::deserialize(v) {
                Err(e) => e.to_string(),
                Ok(never) => match never {},
            }
        }
        _ => serde_msg.to_string(),
    }
}

/// The value at a path like `cards[5].due` (relative to `root`).
fn lookup<'a>(root: &'a Value, path: &str) -> Option<&'a Value> {
    let mut v = root;
    for seg in path.split('.') {
        let mut parts = seg.split('[');
        let name = parts.next()?;
        if !name.is_empty() {
            v = v.get(name)?;
        }
        for idx in parts {
            let i: usize = idx.trim_end_matches(']').parse().ok()?;
            v = v.get(i)?;
        }
    }
    Some(v)
}

/// Rewrites serde's wording ("invalid type: integer `5`, expected a string") for people.
fn plain_serde(msg: &str) -> String {
    let msg = msg.split(" at line ").next().unwrap_or(msg);
    msg.replace("invalid type: ", "wrong type: found ")
        .replace("expected a string", "expected text")
        .replace("expected a sequence", "expected a list")
        .replace("expected struct", "expected an object")
        .replace("integer `", "the number `")
        .replace("unknown variant", "unknown value")
}

fn describe(v: &Value) -> String {
    match v {
        Value::Null => "null".into(),
        Value::Bool(b) => format!("the value {b}"),
        Value::Number(n) => format!("the number {n}"),
        Value::String(s) => {
            let short: String = s.chars().take(40).collect();
            format!("the text \"{short}\"")
        }
        Value::Array(_) => "a list".into(),
        Value::Object(_) => "an object".into(),
    }
}

/// Checks what types can't (unique ids, references that point at something, bounded texts,
/// lists, dates and numbers): the invariants of `domain::validate`, which storage checks too.
fn check_meaning(env: &Envelope, errors: &mut Vec<FileError>) {
    let mut issues = validate::Issues::default();
    validate::workspace(env.parts(), &mut issues);
    errors.extend(issues.list.into_iter().map(|i| FileError {
        path: i.path,
        message: i.message,
    }));
}

/// What a valid file would do to this workspace that it must not: reuse the id of one
/// thing for another (a card of another project, a column that is a card here), or delete
/// with a date later than `now` (plus a day of clock skew). Checked before the preview; a
/// file with such problems is refused with their paths.
pub fn check_against(local: &Workspace, file: &Envelope, now: Ts) -> Result<(), Vec<FileError>> {
    let mut issues = validate::Issues::default();
    validate::clashes(local.into(), file.parts(), &mut issues);
    validate::deletions_after(file.parts(), now, &mut issues);
    if issues.is_empty() {
        return Ok(());
    }
    Err(cap(issues
        .list
        .into_iter()
        .map(|i| FileError {
            path: i.path,
            message: i.message,
        })
        .collect()))
}
