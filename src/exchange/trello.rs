//! Import of a Trello board export (the JSON that "Print, export and share → Export as JSON"
//! downloads from a board's menu) into a new Docket project.
//!
//! Pure Rust: the UI hands over the file's text, gets back a [`TrelloImport`] (the project,
//! the new people for the directory, and a summary to show), or a list of plain sentences
//! naming what in the file is wrong. No input makes it panic.
//!
//! Mapping decisions:
//! - Board `name` → project name ("Trello board" when empty), `desc` → objective; the
//!   project starts as Active (a board in Trello is work under way).
//! - `lists` → columns in `pos` order (numbers or numeric strings; lists without `pos` keep
//!   their order in the file, after the others). Closed (archived) lists still become
//!   columns under their Trello name, shown folded (collapsed), and every card in them is
//!   archived: restoring a card in Docket puts it back where it was in Trello. A list's
//!   `softLimit` (Trello's list-limits power-up) becomes the column's WIP limit.
//! - Cards whose list is not in the file (or when the file has no lists) go to an extra
//!   column "Cards from Trello" at the end.
//! - The done column is the last open list named like done ("Done", "Complete",
//!   "Completed", "Finished", or a name containing one of these words); without one, the
//!   last open list. Cards marked complete in Trello (`dueComplete`) stay in their list;
//!   those that are not in the done column are counted in the summary.
//! - Labels: named labels are all imported; unnamed labels (Trello's default colour labels)
//!   only when a card carries them, named after their colour ("Green"). Labels whose names
//!   differ only in case are merged. Trello colours map onto [`LABEL_COLOURS`].
//! - Card members → assignees: people of `existing_people` with the same name
//!   (case-insensitive) are reused, others are created and returned in
//!   [`TrelloImport::people`] (only the new ones; the caller adds them to the directory).
//!   Board members assigned to no card are not imported.
//! - Checklists → subtasks in `pos` order with their done state; when a card has more than
//!   one checklist each subtask is prefixed with its checklist's name ("QA: run tests").
//! - Comments (`actions` of type `commentCard`) → the card's comments, oldest first, at
//!   their Trello time, by the person of the directory with the commenter's name (created
//!   like a card member when there is none); Trello keeps only the latest 1,000 actions in
//!   an export. Their text is Markdown in both apps.
//! - Card `due` and `start` timestamps → due and start dates (the UTC calendar day); a
//!   start after the due date is dropped.
//! - Closed cards → archived cards.
//! - Attachments, custom fields, power-ups and texts that had to be shortened are listed
//!   in [`ImportSummary::not_imported`].

use crate::domain::board::CardFields;
use crate::domain::project::LABEL_COLOURS;
use crate::domain::sort;
use crate::domain::{name_key, Env, Id, Person, Project, ProjectStatus, MAX_NAME, MAX_TEXT};
use chrono::{DateTime, NaiveDate, Utc};
use serde_json::{Map, Value};
use std::collections::{HashMap, HashSet};

/// What an import made.
#[derive(Clone, Debug, PartialEq)]
pub struct TrelloImport {
    /// The new project with its board.
    pub project: Project,
    /// People created by the import (to add to the workspace directory); people reused
    /// from `existing_people` are not repeated here.
    pub people: Vec<Person>,
    /// What was imported and what was not, to show the user.
    pub summary: ImportSummary,
}

/// Counts of what was imported, and plain sentences about what was not.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ImportSummary {
    /// Columns created (closed lists included).
    pub columns: usize,
    /// Cards created, archived ones included.
    pub cards: usize,
    /// Cards that arrived archived (closed in Trello, or in a closed list).
    pub archived_cards: usize,
    /// Labels created.
    pub labels: usize,
    /// Distinct people assigned to cards (new and reused).
    pub people: usize,
    /// Subtasks created from checklist items.
    pub subtasks: usize,
    /// Comments copied into card descriptions.
    pub comments: usize,
    /// Sentences such as "3 attachments (files stay in Trello)".
    pub not_imported: Vec<String>,
}

/// Name of the column for cards whose list is missing from the file.
pub const FALLBACK_COLUMN: &str = "Cards from Trello";

/// At most this many problems are listed when a file is refused.
const MAX_ERRORS: usize = 20;

/// Reads a Trello board export and builds a project from it with the domain's own
/// operations. `Err` holds plain sentences naming the JSON path of each problem.
pub fn import_trello(
    json: &str,
    env: &mut dyn Env,
    existing_people: &[Person],
) -> Result<TrelloImport, Vec<String>> {
    if json.trim().is_empty() {
        return Err(vec![
            "The file is empty: choose the JSON file Trello exported.".to_string(),
        ]);
    }
    let value: Value = serde_json::from_str(json).map_err(|e| {
        vec![format!(
            "The file is not valid JSON ({e}): choose the JSON file Trello exported."
        )]
    })?;
    let Some(root) = value.as_object() else {
        return Err(vec![format!(
            "The file's top level: expected an object (a Trello board export), found {}.",
            kind(&value)
        )]);
    };
    let has = |k: &str| root.get(k).is_some_and(|v| !v.is_null());
    if !has("lists") && !has("cards") {
        return Err(vec![
            "This is not a Trello board export: it has no “lists” and no “cards”.".to_string(),
        ]);
    }
    let mut r = Reader::default();
    let board = r.board(root);
    if !r.errors.is_empty() {
        let mut errors = r.errors;
        if errors.len() > MAX_ERRORS {
            let more = errors.len().saturating_sub(MAX_ERRORS);
            errors.truncate(MAX_ERRORS);
            errors.push(format!("…and {more} more problems."));
        }
        return Err(errors);
    }
    build(board, env, existing_people).map_err(|e| vec![e])
}

// ---------------------------------------------------------------------------------------
// Reading: JSON → plain structs, collecting every type problem with its path.

struct TList {
    id: Option<String>,
    name: String,
    closed: bool,
    pos: Option<f64>,
    /// The list-limits power-up's limit, when set.
    soft_limit: Option<u32>,
}

struct TCard {
    id: Option<String>,
    list: Option<String>,
    name: String,
    desc: String,
    due: Option<NaiveDate>,
    start: Option<NaiveDate>,
    due_complete: bool,
    closed: bool,
    pos: Option<f64>,
    labels: Vec<String>,
    members: Vec<String>,
    attachments: usize,
}

struct TLabel {
    id: Option<String>,
    name: String,
    color: Option<String>,
}

struct TMember {
    id: Option<String>,
    name: String,
}

struct TItem {
    name: String,
    complete: bool,
    pos: Option<f64>,
}

struct TChecklist {
    card: Option<String>,
    name: String,
    pos: Option<f64>,
    items: Vec<TItem>,
}

struct TComment {
    card: String,
    author: String,
    /// The full timestamp as written (ISO strings sort in time order).
    when: String,
    text: String,
}

struct Board {
    name: String,
    desc: String,
    lists: Vec<TList>,
    cards: Vec<TCard>,
    labels: Vec<TLabel>,
    members: Vec<TMember>,
    checklists: Vec<TChecklist>,
    comments: Vec<TComment>,
    custom_fields: usize,
    power_ups: Vec<String>,
    plugin_ids: HashSet<String>,
}

/// Words for the kind of a JSON value, as in "found a number".
fn kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "nothing (null)",
        Value::Bool(_) => "true or false",
        Value::Number(_) => "a number",
        Value::String(_) => "text",
        Value::Array(_) => "a list",
        Value::Object(_) => "an object",
    }
}

#[derive(Default)]
struct Reader {
    errors: Vec<String>,
}

impl Reader {
    fn wrong(&mut self, path: &str, expected: &str, found: &Value) {
        self.errors.push(format!(
            "{path}: expected {expected}, found {}.",
            kind(found)
        ));
    }

    /// An optional text field (missing or null → None).
    fn text(&mut self, obj: &Map<String, Value>, key: &str, path: &str) -> Option<String> {
        match obj.get(key) {
            None | Some(Value::Null) => None,
            Some(Value::String(s)) => Some(s.clone()),
            Some(v) => {
                self.wrong(&format!("{path}.{key}"), "text", v);
                None
            }
        }
    }

    /// An optional id: text, or a number (some tools write numeric ids).
    fn id(&mut self, obj: &Map<String, Value>, key: &str, path: &str) -> Option<String> {
        match obj.get(key) {
            Some(Value::Number(n)) => Some(n.to_string()),
            _ => self.text(obj, key, path),
        }
    }

    fn boolean(&mut self, obj: &Map<String, Value>, key: &str, path: &str) -> bool {
        match obj.get(key) {
            None | Some(Value::Null) => false,
            Some(Value::Bool(b)) => *b,
            Some(v) => {
                self.wrong(&format!("{path}.{key}"), "true or false", v);
                false
            }
        }
    }

    /// A Trello position: a number, or a number written as text ("top"/"bottom" too).
    fn pos(&mut self, obj: &Map<String, Value>, key: &str, path: &str) -> Option<f64> {
        match obj.get(key) {
            None | Some(Value::Null) => None,
            Some(Value::Number(n)) => n.as_f64().filter(|f| f.is_finite()),
            Some(Value::String(s)) => match s.trim() {
                "top" => Some(f64::MIN),
                "bottom" => Some(f64::MAX),
                t => match t.parse::<f64>() {
                    Ok(f) if f.is_finite() => Some(f),
                    _ => {
                        self.errors.push(format!(
                            "{path}.{key}: expected a number, found the text “{}”.",
                            excerpt(s)
                        ));
                        None
                    }
                },
            },
            Some(v) => {
                self.wrong(&format!("{path}.{key}"), "a number", v);
                None
            }
        }
    }

    /// A timestamp ("2024-01-02T10:00:00.000Z") or a plain date, as a UTC calendar date.
    fn date(&mut self, obj: &Map<String, Value>, key: &str, path: &str) -> Option<NaiveDate> {
        let s = self.text(obj, key, path)?;
        let t = s.trim();
        if t.is_empty() {
            return None;
        }
        match parse_day(t) {
            Some(d) => Some(d),
            None => {
                self.errors.push(format!(
                    "{path}.{key}: expected a date such as 2024-01-31T12:00:00.000Z, found “{}”.",
                    excerpt(t)
                ));
                None
            }
        }
    }

    /// An optional array (missing or null → empty).
    fn array<'a>(&mut self, obj: &'a Map<String, Value>, key: &str, path: &str) -> &'a [Value] {
        match obj.get(key) {
            None | Some(Value::Null) => &[],
            Some(Value::Array(a)) => a,
            Some(v) => {
                self.wrong(&join(path, key), "a list", v);
                &[]
            }
        }
    }

    /// An element that must be an object.
    fn object<'a>(&mut self, v: &'a Value, path: &str) -> Option<&'a Map<String, Value>> {
        match v {
            Value::Object(o) => Some(o),
            _ => {
                self.wrong(path, "an object", v);
                None
            }
        }
    }

    /// A list of ids (texts).
    fn ids(&mut self, obj: &Map<String, Value>, key: &str, path: &str) -> Vec<String> {
        let path = format!("{path}.{key}");
        let mut out = Vec::new();
        let items = match obj.get(key) {
            None | Some(Value::Null) => return out,
            Some(Value::Array(a)) => a,
            Some(v) => {
                self.wrong(&path, "a list", v);
                return out;
            }
        };
        for (i, v) in items.iter().enumerate() {
            match v {
                Value::String(s) => out.push(s.clone()),
                Value::Number(n) => out.push(n.to_string()),
                _ => self.wrong(&format!("{path}[{i}]"), "text", v),
            }
        }
        out
    }

    fn board(&mut self, root: &Map<String, Value>) -> Board {
        let name = self.text(root, "name", "").unwrap_or_default();
        let desc = self.text(root, "desc", "").unwrap_or_default();

        let mut lists = Vec::new();
        for (i, v) in self.array(root, "lists", "").iter().enumerate() {
            let path = format!("lists[{i}]");
            let Some(o) = self.object(v, &path) else {
                continue;
            };
            lists.push(TList {
                id: self.id(o, "id", &path),
                name: self.text(o, "name", &path).unwrap_or_default(),
                closed: self.boolean(o, "closed", &path),
                pos: self.pos(o, "pos", &path),
                soft_limit: soft_limit(o.get("softLimit")),
            });
        }

        let mut labels = Vec::new();
        for (i, v) in self.array(root, "labels", "").iter().enumerate() {
            let path = format!("labels[{i}]");
            let Some(o) = self.object(v, &path) else {
                continue;
            };
            labels.push(TLabel {
                id: self.id(o, "id", &path),
                name: self.text(o, "name", &path).unwrap_or_default(),
                color: self.text(o, "color", &path),
            });
        }

        let mut cards = Vec::new();
        let mut plugin_ids = HashSet::new();
        for (i, v) in self.array(root, "cards", "").iter().enumerate() {
            let path = format!("cards[{i}]");
            let Some(o) = self.object(v, &path) else {
                continue;
            };
            // Labels embedded in the card stand in for board labels missing from the file.
            if let Some(Value::Array(embedded)) = o.get("labels") {
                for l in embedded.iter().filter_map(Value::as_object) {
                    let id = l.get("id").and_then(Value::as_str);
                    if id.is_some_and(|id| !labels.iter().any(|b| b.id.as_deref() == Some(id))) {
                        labels.push(TLabel {
                            id: id.map(str::to_string),
                            name: l
                                .get("name")
                                .and_then(Value::as_str)
                                .unwrap_or_default()
                                .to_string(),
                            color: l.get("color").and_then(Value::as_str).map(str::to_string),
                        });
                    }
                }
            }
            let attachments = match o.get("attachments") {
                Some(Value::Array(a)) => a.len(),
                _ => o
                    .get("badges")
                    .and_then(|b| b.get("attachments"))
                    .and_then(Value::as_u64)
                    .map_or(0, |n| usize::try_from(n).unwrap_or(usize::MAX)),
            };
            collect_plugin_ids(o.get("pluginData"), &mut plugin_ids);
            cards.push(TCard {
                id: self.id(o, "id", &path),
                list: self.id(o, "idList", &path),
                name: self.text(o, "name", &path).unwrap_or_default(),
                desc: self.text(o, "desc", &path).unwrap_or_default(),
                due: self.date(o, "due", &path),
                start: self.date(o, "start", &path),
                due_complete: self.boolean(o, "dueComplete", &path),
                closed: self.boolean(o, "closed", &path),
                pos: self.pos(o, "pos", &path),
                labels: self.ids(o, "idLabels", &path),
                members: self.ids(o, "idMembers", &path),
                attachments,
            });
        }

        let mut members = Vec::new();
        for (i, v) in self.array(root, "members", "").iter().enumerate() {
            let path = format!("members[{i}]");
            let Some(o) = self.object(v, &path) else {
                continue;
            };
            let full = self.text(o, "fullName", &path).unwrap_or_default();
            let user = self.text(o, "username", &path).unwrap_or_default();
            let name = if full.trim().is_empty() { user } else { full };
            members.push(TMember {
                id: self.id(o, "id", &path),
                name: name.trim().to_string(),
            });
        }

        let mut checklists = Vec::new();
        for (i, v) in self.array(root, "checklists", "").iter().enumerate() {
            let path = format!("checklists[{i}]");
            let Some(o) = self.object(v, &path) else {
                continue;
            };
            let mut items = Vec::new();
            for (j, v) in self.array(o, "checkItems", &path).iter().enumerate() {
                let ipath = format!("{path}.checkItems[{j}]");
                let Some(io) = self.object(v, &ipath) else {
                    continue;
                };
                items.push(TItem {
                    name: self.text(io, "name", &ipath).unwrap_or_default(),
                    complete: self.text(io, "state", &ipath).as_deref() == Some("complete"),
                    pos: self.pos(io, "pos", &ipath),
                });
            }
            checklists.push(TChecklist {
                card: self.id(o, "idCard", &path),
                name: self.text(o, "name", &path).unwrap_or_default(),
                pos: self.pos(o, "pos", &path),
                items,
            });
        }

        // Only comments are read from the history; other actions vary too much to check.
        let mut comments = Vec::new();
        for (i, v) in self.array(root, "actions", "").iter().enumerate() {
            let path = format!("actions[{i}]");
            let Some(o) = v.as_object() else {
                continue;
            };
            if o.get("type").and_then(Value::as_str) != Some("commentCard") {
                continue;
            }
            let empty = Map::new();
            let data = match o.get("data") {
                Some(Value::Object(d)) => d,
                None | Some(Value::Null) => &empty,
                Some(v) => {
                    self.wrong(&format!("{path}.data"), "an object", v);
                    continue;
                }
            };
            let dpath = format!("{path}.data");
            let text = self.text(data, "text", &dpath).unwrap_or_default();
            let card = match data.get("card") {
                Some(Value::Object(c)) => self.id(c, "id", &format!("{dpath}.card")),
                None | Some(Value::Null) => None,
                Some(v) => {
                    self.wrong(&format!("{dpath}.card"), "an object", v);
                    None
                }
            };
            let author = match o.get("memberCreator") {
                Some(Value::Object(m)) => {
                    let mpath = format!("{path}.memberCreator");
                    let full = self.text(m, "fullName", &mpath).unwrap_or_default();
                    let user = self.text(m, "username", &mpath).unwrap_or_default();
                    if full.trim().is_empty() {
                        user
                    } else {
                        full
                    }
                }
                _ => String::new(),
            };
            let when = self.text(o, "date", &path).unwrap_or_default();
            if let (Some(card), false) = (card, text.trim().is_empty()) {
                comments.push(TComment {
                    card,
                    author: author.trim().to_string(),
                    when,
                    text,
                });
            }
        }

        let custom_fields = match root.get("customFields") {
            Some(Value::Array(a)) => a.len(),
            _ => 0,
        };
        let mut power_ups = Vec::new();
        if let Some(Value::Array(a)) = root.get("powerUps") {
            for p in a.iter().filter_map(Value::as_str) {
                let p = capitalise(p.trim());
                if !p.is_empty() && !power_ups.contains(&p) {
                    power_ups.push(p);
                }
            }
        }
        collect_plugin_ids(root.get("pluginData"), &mut plugin_ids);
        collect_plugin_ids(root.get("boardPlugins"), &mut plugin_ids);

        Board {
            name,
            desc,
            lists,
            cards,
            labels,
            members,
            checklists,
            comments,
            custom_fields,
            power_ups,
            plugin_ids,
        }
    }
}

fn join(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_string()
    } else {
        format!("{path}.{key}")
    }
}

/// `idPlugin` of each entry of a `pluginData`/`boardPlugins` array (anything else ignored).
fn collect_plugin_ids(v: Option<&Value>, into: &mut HashSet<String>) {
    if let Some(Value::Array(a)) = v {
        for p in a.iter().filter_map(Value::as_object) {
            let id = p
                .get("idPlugin")
                .or_else(|| p.get("id"))
                .and_then(Value::as_str)
                .unwrap_or("?");
            into.insert(id.to_string());
        }
    }
}

/// A list's `softLimit` (number or numeric text, at least 1); anything else is ignored.
fn soft_limit(v: Option<&Value>) -> Option<u32> {
    let n = match v? {
        Value::Number(n) => n.as_u64()?,
        Value::String(s) => s.trim().parse::<u64>().ok()?,
        _ => return None,
    };
    u32::try_from(n).ok().filter(|n| *n >= 1)
}

/// The UTC calendar date of an RFC 3339 timestamp, or a plain YYYY-MM-DD date.
fn parse_day(s: &str) -> Option<NaiveDate> {
    if let Ok(t) = DateTime::parse_from_rfc3339(s) {
        return Some(t.with_timezone(&Utc).date_naive());
    }
    crate::domain::dates::parse_day(s)
}

/// The start of a long text, for error messages.
fn excerpt(s: &str) -> String {
    if s.chars().count() > 40 {
        format!("{}…", s.chars().take(39).collect::<String>())
    } else {
        s.to_string()
    }
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

/// Shortens `s` to at most `max` characters, ending in "…"; true when it did.
fn shorten(s: &str, max: usize) -> (String, bool) {
    if s.chars().count() <= max {
        (s.to_string(), false)
    } else {
        let mut t: String = s.chars().take(max.saturating_sub(1)).collect();
        t = t.trim_end().to_string();
        t.push('…');
        (t, true)
    }
}

/// A trimmed name (spaces and invisible characters at the ends go, as the domain's names
/// lose them), `fallback` when nothing is left, shortened to the domain's limit.
fn name_or(raw: &str, fallback: &str, shortened: &mut usize) -> String {
    let t = raw.trim_matches(|c: char| c.is_whitespace() || crate::domain::invisible(c));
    if t.is_empty() {
        return fallback.to_string();
    }
    let (s, cut) = shorten(t, MAX_NAME);
    *shortened = (*shortened).saturating_add(usize::from(cut));
    s
}

/// Docket's palette entry (hex) and a display name for a Trello colour.
fn map_colour(trello: Option<&str>) -> (&'static str, String) {
    let raw = trello.unwrap_or("").trim().to_lowercase();
    // Newer boards have shades ("green_dark", "sky_light"): the hue decides.
    let hue = raw.split('_').next().unwrap_or("");
    let docket = match hue {
        "green" | "lime" => "Green",
        "yellow" | "orange" => "Amber",
        "red" => "Red",
        "purple" => "Purple",
        "blue" => "Blue",
        "sky" => "Teal",
        "pink" => "Pink",
        _ => "Grey",
    };
    let hex = LABEL_COLOURS
        .iter()
        .find(|(_, n)| *n == docket)
        .or(LABEL_COLOURS.last())
        .map_or("#475467", |(h, _)| *h);
    let name = if raw.is_empty() {
        "No colour".to_string()
    } else {
        capitalise(&raw.replace('_', " "))
    };
    (hex, name)
}

/// The person of the directory (or of those this import adds) with `name` (compared as
/// names are), added when there is none.
fn person_named(
    name: &str,
    existing: &[Person],
    new_people: &mut Vec<Person>,
    env: &mut dyn Env,
) -> Result<Id, crate::domain::DomainError> {
    let wanted = name_key(name);
    let found = existing
        .iter()
        .chain(new_people.iter())
        .find(|p| name_key(&p.name) == wanted);
    if let Some(p) = found {
        return Ok(p.id.clone());
    }
    let p = Person::new(env, name, "", "")?;
    let id = p.id.clone();
    new_people.push(p);
    Ok(id)
}

fn is_done_name(name: &str) -> bool {
    let n = name.to_lowercase();
    n.split(|c: char| !c.is_alphanumeric())
        .any(|w| matches!(w, "done" | "complete" | "completed" | "finished"))
}

fn plural(n: usize, one: &str, many: &str) -> String {
    if n == 1 {
        format!("1 {one}")
    } else {
        format!("{n} {many}")
    }
}

/// Sorts by position, stable; items without a position keep their order, after the others.
fn by_pos<T>(items: &mut [T], pos: impl Fn(&T) -> Option<f64>) {
    sort::sort_by(items, |a, b| match (pos(a), pos(b)) {
        (Some(x), Some(y)) => x.total_cmp(&y),
        (Some(_), None) => std::cmp::Ordering::Less,
        (None, Some(_)) => std::cmp::Ordering::Greater,
        (None, None) => std::cmp::Ordering::Equal,
    });
}

// ---------------------------------------------------------------------------------------
// Building: plain structs → a project, through the domain's operations.

fn build(
    mut b: Board,
    env: &mut dyn Env,
    existing_people: &[Person],
) -> Result<TrelloImport, String> {
    let fail = |what: &str, e: crate::domain::DomainError| format!("{what}: {e}");
    let mut summary = ImportSummary::default();
    let mut names_shortened = 0usize;
    let mut extra_items = 0usize;
    let mut texts_shortened = 0usize;

    let name = name_or(&b.name, "Trello board", &mut names_shortened);
    let mut project = Project::new(env, &name).map_err(|e| fail("name", e))?;
    let (objective, cut) = shorten(b.desc.trim_end(), MAX_TEXT);
    texts_shortened = texts_shortened.saturating_add(usize::from(cut));
    project
        .set_details(env, &objective, ProjectStatus::Active, None, None)
        .map_err(|e| fail("desc", e))?;

    // ---- columns ----
    by_pos(&mut b.lists, |l| l.pos);
    let mut list_column: HashMap<String, Id> = HashMap::new();
    let mut closed_columns: HashSet<Id> = HashSet::new();
    let mut open_columns: Vec<(Id, bool)> = Vec::new(); // (column, named like done)
    for l in &b.lists {
        let name = name_or(&l.name, "Untitled list", &mut names_shortened);
        let id = project
            .add_column(env, &name)
            .map_err(|e| fail("lists", e))?;
        if l.soft_limit.is_some() {
            project
                .set_wip_limit(env, &id, l.soft_limit)
                .map_err(|e| fail("lists", e))?;
        }
        if l.closed {
            project
                .set_collapsed(env, &id, true)
                .map_err(|e| fail("lists", e))?;
            closed_columns.insert(id.clone());
        } else {
            open_columns.push((id.clone(), is_done_name(&name)));
        }
        if let Some(lid) = &l.id {
            list_column.entry(lid.clone()).or_insert(id);
        }
    }
    let mut fallback: Option<Id> = None;
    let mut homeless = 0usize;
    let mut card_columns = Vec::with_capacity(b.cards.len());
    for c in &b.cards {
        let col = match c.list.as_ref().and_then(|l| list_column.get(l)) {
            Some(col) => col.clone(),
            None => {
                homeless = homeless.saturating_add(1);
                match &fallback {
                    Some(f) => f.clone(),
                    None => {
                        let f = project
                            .add_column(env, FALLBACK_COLUMN)
                            .map_err(|e| fail("cards", e))?;
                        fallback = Some(f.clone());
                        f
                    }
                }
            }
        };
        card_columns.push(col);
    }
    if homeless > 0 && !b.lists.is_empty() {
        summary.not_imported.push(format!(
            "{} not in any list of the file: put in “{FALLBACK_COLUMN}”",
            plural(homeless, "card was", "cards were")
        ));
    }
    let done = open_columns
        .iter()
        .rev()
        .find(|(_, d)| *d)
        .or(open_columns.last())
        .map(|(id, _)| id.clone());
    if let Some(done) = done {
        project
            .set_done_column(env, &done)
            .map_err(|e| fail("lists", e))?;
    }
    summary.columns = project.columns.len();

    // ---- labels ----
    let used: HashSet<&str> = b
        .cards
        .iter()
        .flat_map(|c| c.labels.iter().map(String::as_str))
        .collect();
    let mut label_ids: HashMap<String, Id> = HashMap::new();
    let mut merged_labels = 0usize;
    for l in &b.labels {
        let is_used = l.id.as_deref().is_some_and(|id| used.contains(id));
        if l.name.trim().is_empty() && !is_used {
            continue;
        }
        let (hex, colour_name) = map_colour(l.color.as_deref());
        let name = name_or(&l.name, &colour_name, &mut names_shortened);
        let key = name_key(&name);
        let existing = project
            .labels
            .iter()
            .find(|x| name_key(&x.name) == key)
            .map(|x| x.id.clone());
        let id = match existing {
            Some(id) => {
                merged_labels = merged_labels.saturating_add(1);
                id
            }
            None => project
                .add_label(env, &name, hex)
                .map_err(|e| fail("labels", e))?,
        };
        if let Some(tid) = &l.id {
            label_ids.entry(tid.clone()).or_insert(id);
        }
    }
    summary.labels = project.labels.len();
    if merged_labels > 0 {
        summary.not_imported.push(format!(
            "{} with the same name as another merged into it",
            plural(merged_labels, "label", "labels")
        ));
    }

    // ---- people ----
    let assigned: HashSet<&str> = b
        .cards
        .iter()
        .flat_map(|c| c.members.iter().map(String::as_str))
        .collect();
    let mut new_people: Vec<Person> = Vec::new();
    let mut member_person: HashMap<String, Id> = HashMap::new();
    for m in &b.members {
        let Some(mid) = m.id.as_deref().filter(|id| assigned.contains(id)) else {
            continue;
        };
        if member_person.contains_key(mid) || m.name.is_empty() {
            continue;
        }
        let name = name_or(&m.name, "", &mut names_shortened);
        let pid = person_named(&name, existing_people, &mut new_people, env)
            .map_err(|e| fail("members", e))?;
        member_person.insert(mid.to_string(), pid);
    }
    let mut unknown_members = 0usize;
    let mut unknown_labels = 0usize;

    // ---- checklists and comments, by Trello card id ----
    let mut lists_of: HashMap<&str, Vec<&TChecklist>> = HashMap::new();
    for cl in &b.checklists {
        if let Some(card) = &cl.card {
            lists_of.entry(card.as_str()).or_default().push(cl);
        }
    }
    let mut comments_of: HashMap<&str, Vec<&TComment>> = HashMap::new();
    for c in &b.comments {
        comments_of.entry(c.card.as_str()).or_default().push(c);
    }
    let mut attached = HashSet::new();

    // ---- cards ----
    let mut order: Vec<(usize, (&TCard, &Id))> =
        b.cards.iter().zip(&card_columns).enumerate().collect();
    by_pos(&mut order, |(_, (c, _))| c.pos);
    let mut to_archive = Vec::new();
    let mut complete_ids = Vec::new();
    let mut attachments = 0usize;
    let mut empty_items = 0usize;
    for (i, (c, col)) in order {
        let path = format!("cards[{i}]");
        let title = name_or(&c.name, "Untitled card", &mut names_shortened);
        let id = project
            .add_card(env, col, &title)
            .map_err(|e| fail(&path, e))?;

        let description = c.desc.trim_end().to_string();
        let (description, cut) = shorten(&description, MAX_TEXT);
        texts_shortened = texts_shortened.saturating_add(usize::from(cut));

        let mut labels = Vec::new();
        for l in &c.labels {
            match label_ids.get(l) {
                Some(id) if !labels.contains(id) => labels.push(id.clone()),
                Some(_) => {}
                None => unknown_labels = unknown_labels.saturating_add(1),
            }
        }
        let mut assignees = Vec::new();
        for m in &c.members {
            match member_person.get(m) {
                Some(id) if !assignees.contains(id) => assignees.push(id.clone()),
                Some(_) => {}
                None => unknown_members = unknown_members.saturating_add(1),
            }
        }
        let start = c.start.filter(|s| c.due.is_none_or(|d| *s <= d));
        let fields = CardFields {
            title,
            description,
            assignees,
            start,
            due: c.due,
            labels,
            ..CardFields::default()
        };
        project
            .update_card(env, &id, fields)
            .map_err(|e| fail(&path, e))?;

        // Subtasks.
        let mut cls: Vec<&TChecklist> =
            c.id.as_deref()
                .and_then(|id| lists_of.get(id))
                .cloned()
                .unwrap_or_default();
        by_pos(&mut cls, |cl| cl.pos);
        let prefix = cls.len() > 1;
        for cl in cls {
            let mut items: Vec<&TItem> = cl.items.iter().collect();
            by_pos(&mut items, |it| it.pos);
            for it in items {
                if it.name.trim().is_empty() {
                    empty_items = empty_items.saturating_add(1);
                    continue;
                }
                let text = if prefix && !cl.name.trim().is_empty() {
                    format!("{}: {}", cl.name.trim(), it.name.trim())
                } else {
                    it.name.trim().to_string()
                };
                let text = name_or(&text, "", &mut names_shortened);
                if project
                    .card(&id)
                    .is_some_and(|c| c.subtasks.len() >= crate::domain::validate::max::PER_CARD)
                {
                    extra_items = extra_items.saturating_add(1);
                    continue;
                }
                let sub = project
                    .add_subtask(env, &id, &text)
                    .map_err(|e| fail(&path, e))?;
                if it.complete {
                    project
                        .set_subtask_done(env, &id, &sub, true)
                        .map_err(|e| fail(&path, e))?;
                }
                summary.subtasks = summary.subtasks.saturating_add(1);
            }
        }

        // Comments, oldest first, at their own time.
        if let Some(cs) = c.id.as_deref().and_then(|id| comments_of.get(id)) {
            attached.insert(c.id.clone().unwrap_or_default());
            let mut cs = cs.clone();
            sort::sort_by(&mut cs, |a, b| a.when.cmp(&b.when));
            for cm in cs.into_iter().take(crate::domain::validate::max::COMMENTS) {
                let author = (!cm.author.is_empty())
                    .then(|| {
                        let name = name_or(&cm.author, "", &mut names_shortened);
                        person_named(&name, existing_people, &mut new_people, env)
                    })
                    .transpose()
                    .map_err(|e| fail(&path, e))?;
                let (text, cut) = shorten(cm.text.trim(), crate::domain::records::COMMENT_MAX);
                texts_shortened = texts_shortened.saturating_add(usize::from(cut));
                let comment = project
                    .add_comment(env, &id, author, &text)
                    .map_err(|e| fail(&path, e))?;
                let at = chrono::DateTime::parse_from_rfc3339(cm.when.trim())
                    .ok()
                    .map(|t| t.with_timezone(&chrono::Utc));
                if let (Some(at), Some(card)) = (at, project.cards.iter_mut().find(|x| x.id == id))
                {
                    if let Some(x) = card.comments.iter_mut().find(|x| x.id == comment) {
                        x.at = at;
                    }
                }
                summary.comments = summary.comments.saturating_add(1);
            }
        }

        if c.closed || closed_columns.contains(col) {
            to_archive.push(id);
        } else if c.due_complete {
            complete_ids.push(id);
        }
        attachments = attachments.saturating_add(c.attachments);
        summary.cards = summary.cards.saturating_add(1);
    }
    // Archive last: add_card places a card after the last live card of its column.
    for id in &to_archive {
        project
            .set_archived(env, id, true)
            .map_err(|e| fail("cards", e))?;
    }
    summary.archived_cards = to_archive.len();
    let complete = complete_ids
        .iter()
        .filter_map(|id| project.card(id))
        .filter(|c| !project.is_done(c))
        .count();
    summary.people = project
        .cards
        .iter()
        .flat_map(|c| c.assignees.iter())
        .collect::<HashSet<_>>()
        .len();

    // ---- what was left out ----
    let orphan_comments = b
        .comments
        .iter()
        .filter(|c| !attached.contains(&c.card))
        .count();
    let n = &mut summary.not_imported;
    if complete > 0 {
        let done_name = project
            .done_column_id()
            .and_then(|id| project.column(id))
            .map_or_else(
                || "the done column".to_string(),
                |c| format!("“{}”", c.name),
            );
        n.push(format!(
            "{} marked complete in Trello but not in {done_name}: {} in {} list",
            plural(complete, "card", "cards"),
            if complete == 1 {
                "it stays"
            } else {
                "they stay"
            },
            if complete == 1 { "its" } else { "their" },
        ));
    }
    if attachments > 0 {
        n.push(format!(
            "{} (files stay in Trello)",
            plural(attachments, "attachment", "attachments")
        ));
    }
    if b.custom_fields > 0 {
        n.push(plural(b.custom_fields, "custom field", "custom fields"));
    }
    if !b.power_ups.is_empty() {
        n.push(format!("power-ups: {}", b.power_ups.join(", ")));
    }
    if !b.plugin_ids.is_empty() {
        n.push(format!(
            "data saved by {} (it stays in Trello)",
            plural(b.plugin_ids.len(), "power-up", "power-ups")
        ));
    }
    if orphan_comments > 0 {
        n.push(format!(
            "{} on cards that are not in the file",
            plural(orphan_comments, "comment", "comments")
        ));
    }
    if unknown_members > 0 {
        n.push(format!(
            "{} whose member is not in the file's member list",
            plural(unknown_members, "card assignment", "card assignments")
        ));
    }
    if unknown_labels > 0 {
        n.push(format!(
            "{} whose label is not in the file's label list",
            plural(unknown_labels, "card label", "card labels")
        ));
    }
    if empty_items > 0 {
        n.push(plural(
            empty_items,
            "empty checklist item",
            "empty checklist items",
        ));
    }
    if extra_items > 0 {
        n.push(format!(
            "{} past the {} a card holds",
            plural(extra_items, "checklist item", "checklist items"),
            crate::domain::validate::max::PER_CARD
        ));
    }
    if names_shortened > 0 {
        n.push(format!(
            "{} longer than {MAX_NAME} characters shortened",
            plural(names_shortened, "name", "names")
        ));
    }
    if texts_shortened > 0 {
        n.push(format!(
            "{} longer than 20,000 characters shortened",
            plural(texts_shortened, "description", "descriptions")
        ));
    }

    // What the import made holds the invariants every stored project must hold (a board
    // beyond a limit is refused, rather than stored and then set aside on the next start).
    let mut issues = crate::domain::validate::Issues::default();
    crate::domain::validate::project(&project, "", &mut issues);
    if !issues.is_empty() {
        return Err(format!(
            "This board is beyond what Docket holds: {}.",
            crate::domain::validate::summary(&issues.list)
        ));
    }
    Ok(TrelloImport {
        project,
        people: new_people,
        summary,
    })
}
