//! What each side changed in one entity, for the import preview, and the person's choice of
//! which value to keep where both changed one field.
//!
//! Two copies of an entity carry field stamps (`domain::stamps`) but no common ancestor, so
//! "who changed what" is read from a *sync point*: the fields on which both copies agree
//! (the same value and the same stamp) were known to both, so the newest such stamp (at least
//! the entity's creation) is a time both copies had reached. Then, for each field (or list
//! element, `labels/<id>`) whose values differ:
//!
//! - a side changed it when its stamp for it is newer than the sync point;
//! - both changed it when both stamps are;
//! - when neither is (the copies agree on a field stamped after the edits being compared,
//!   e.g. both took in a third colleague's file since), the side whose value wins the merge
//!   is said to have changed it — the merge's own answer, never "nothing".
//!
//! A deletion is not a change to anything else: deleting a card takes it off its siblings'
//! `blocked_by`, deleting a label or a person takes it off cards. Such a removal is a stamped
//! edit (so the merge keeps it), but the preview does not count it as a change of that card
//! when the side that removed the element no longer has what it names.
//!
//! Values from a copy of Docket that kept no stamps (format version 1) all carry the entity's
//! `updated` time, so every field that differs looks changed since the sync point: the
//! preview may list more "changed on both sides" than there were, never fewer.
//!
//! Keeping the losing side's value ([`keep`]) is a new edit, stamped now by the clock, so it
//! also wins the next merges (a colleague who imports the result gets it).

use crate::domain::project::format_cents;
use crate::domain::stamps::{self, PerField};
use crate::domain::{Env, Id, Priority, Ts, Workspace};
use serde_json::Value;

/// One field (or element of a list) in which the two copies of an entity differ.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FieldChange {
    /// Its name among the stamps: `title`, `labels/<id>`.
    pub name: String,
    /// As a person reads it: "Title", "Label “Urgent”".
    pub label: String,
    /// Changed in this workspace since the two copies last agreed.
    pub here: bool,
    /// Changed in the file since then.
    pub file: bool,
    /// The file's value wins the merge.
    pub theirs_wins: bool,
    /// The two values as a person reads them ("Urgent", "13 May 2026", a person's name).
    pub mine: String,
    pub theirs: String,
}

impl FieldChange {
    /// Changed on both sides (a conflict the person may settle).
    pub fn both(&self) -> bool {
        self.here && self.file
    }
}

/// A field as compared, before it is put in words.
pub(crate) struct Raw {
    name: String,
    pub(crate) here: bool,
    pub(crate) file: bool,
    theirs_wins: bool,
    /// The values' JSON (an element's is empty when that side does not have it).
    mine: String,
    theirs: String,
}

/// Is `name` (a field, or `list/<key>`) the same in both?
fn same_in<T: PerField>(a: &T, b: &T, name: &str) -> bool {
    match name.split_once('/') {
        Some((list, key)) => a.same_element(b, list, key),
        None => a.same(b, name),
    }
}

fn value_of<T: PerField>(e: &T, name: &str) -> String {
    match name.split_once('/') {
        Some((list, key)) => e.element(list, key),
        None => e.value(name),
    }
}

/// One field (or element) as the three copies have it: all the comparison needs to know of
/// an entity's type.
struct Fact {
    name: String,
    same: bool,
    /// The two sides' stamps for it.
    at_mine: Ts,
    at_theirs: Ts,
    theirs_wins: bool,
    /// Does each side have the element (true for a field)?
    in_mine: bool,
    in_theirs: bool,
    mine: String,
    theirs: String,
}

/// Compares `mine` and `theirs` (two copies of one entity; `merged` is what the merge made
/// of them): the fields that differ, who changed each (see the module notes) and which
/// wins. `gone(theirs_side, list, key)`: does the element `key` of `list` name something
/// deleted on that side (so its removal is the deletion's, not an edit)?
pub(crate) fn compare<T: PerField>(
    mine: &T,
    theirs: &T,
    merged: &T,
    gone: &dyn Fn(bool, &str, &str) -> bool,
) -> Vec<Raw> {
    let stamp = |e: &T, name: &str| e.stamps().of(name, e.created(), e.updated());
    let mut facts = Vec::new();
    let mut add = |name: String, in_mine: bool, in_theirs: bool| {
        let same = same_in(mine, theirs, &name);
        let (m, t) = if same {
            (String::new(), String::new())
        } else {
            (value_of(mine, &name), value_of(theirs, &name))
        };
        facts.push(Fact {
            at_mine: stamp(mine, &name),
            at_theirs: stamp(theirs, &name),
            theirs_wins: !same && !same_in(merged, mine, &name),
            same,
            in_mine,
            in_theirs,
            mine: m,
            theirs: t,
            name,
        });
    };
    for f in T::FIELDS {
        add(f.to_string(), true, true);
    }
    for list in T::LISTS {
        let (km, kt) = (mine.keys(list), theirs.keys(list));
        let mut keys: Vec<&str> = km.iter().chain(&kt).copied().collect();
        crate::domain::sort::sort_by(&mut keys, |x, y| x.cmp(y));
        keys.dedup();
        for k in keys {
            add(format!("{list}/{k}"), km.contains(&k), kt.contains(&k));
        }
    }
    decide(facts, mine.created().min(theirs.created()), gone)
}

/// The rule of the module notes, over the facts of one entity. (Not generic: one copy
/// serves every kind.)
fn decide(facts: Vec<Fact>, created: Ts, gone: &dyn Fn(bool, &str, &str) -> bool) -> Vec<Raw> {
    // The sync point: the newest stamp on which both copies agree.
    let base = facts
        .iter()
        .filter(|f| f.same && f.at_mine == f.at_theirs)
        .map(|f| f.at_mine)
        .fold(created, Ts::max);
    let mut out = Vec::new();
    for f in facts.into_iter().filter(|f| !f.same) {
        let mut here = f.at_mine > base;
        let mut file = f.at_theirs > base;
        if !here && !file {
            (here, file) = (!f.theirs_wins, f.theirs_wins);
        }
        if let Some((list, key)) = f.name.split_once('/') {
            // A removal that a deletion made is not an edit of this entity.
            here &= f.in_mine || !gone(false, list, key);
            file &= f.in_theirs || !gone(true, list, key);
        }
        if here || file {
            out.push(Raw {
                name: f.name,
                here,
                file,
                theirs_wins: f.theirs_wins,
                mine: f.mine,
                theirs: f.theirs,
            });
        }
    }
    out
}

/// The comparison in words: field names and values as a person reads them. `names` finds
/// the name of a person, column, card, label, section or item by id; `kind` is the entity's
/// ("Card", "Run", ...).
pub(crate) fn describe(
    kind: &str,
    raw: Vec<Raw>,
    names: &dyn Fn(&str) -> Option<String>,
) -> Vec<FieldChange> {
    raw.into_iter()
        .map(|r| {
            let (label, mine, theirs) = match r.name.split_once('/') {
                Some((list, key)) => {
                    let (one, yes, no) = element_words(list);
                    // The element's own words (a subtask's text, an answer's item) if it
                    // has no name elsewhere.
                    let named = names(key)
                        .or_else(|| text_of(&r.mine))
                        .or_else(|| text_of(&r.theirs))
                        .unwrap_or_else(|| key.to_string());
                    let word = |json: &str| match (json.is_empty(), yes) {
                        (true, _) => no.to_string(),
                        (false, Some(w)) => w.to_string(),
                        (false, None) => shown(list, json, names),
                    };
                    (
                        format!("{one} “{}”", short(&named)),
                        word(&r.mine),
                        word(&r.theirs),
                    )
                }
                None => (
                    field_label(kind, &r.name),
                    shown(&r.name, &r.mine, names),
                    shown(&r.name, &r.theirs, names),
                ),
            };
            FieldChange {
                name: r.name,
                label,
                here: r.here,
                file: r.file,
                theirs_wins: r.theirs_wins,
                mine,
                theirs,
            }
        })
        .collect()
}

/// A list's element in words: what one is called, the word for "it is there" (none: show
/// its value), the word for "it is not".
fn element_words(list: &str) -> (&'static str, Option<&'static str>, &'static str) {
    match list {
        "assignees" => ("Assignee", Some("assigned"), "not assigned"),
        "labels" => ("Label", Some("on the card"), "not on the card"),
        "blocked_by" => ("Waits for", Some("yes"), "no"),
        "subtasks" => ("Subtask", None, "deleted"),
        "answers" => ("Answer to", None, "no answer"),
        "actions" => ("Corrective action", Some("raised"), "none"),
        _ => ("Entry", None, "not there"),
    }
}

/// A field's name as a person reads it.
fn field_label(kind: &str, name: &str) -> String {
    const LABELS: [(&str, &str); 17] = [
        ("start", "Start date"),
        ("due", "Due date"),
        ("cost_planned", "Planned cost"),
        ("cost_actual", "Actual cost"),
        ("wip_limit", "WIP limit"),
        ("collapsed", "Folded"),
        ("target_end", "Target end"),
        ("actual_end", "Actual end"),
        ("scope_in", "In scope"),
        ("scope_out", "Out of scope"),
        ("done_column", "Done column"),
        ("trashed", "In the trash"),
        ("recurrence", "Schedule"),
        ("answer", "Answer type"),
        ("template", "Checklist"),
        ("by", "Run by"),
        ("email", "E-mail"),
    ];
    if name == "place" {
        return if kind == "Card" { "Column" } else { "Position" }.into();
    }
    if let Some((_, l)) = LABELS.iter().find(|(n, _)| *n == name) {
        return l.to_string();
    }
    words(name)
}

/// `snake_case` as words with a capital: "on_hold" is "On hold".
fn words(s: &str) -> String {
    let mut out: String = s.replace('_', " ");
    if let Some(c) = out.get(..1) {
        let up = c.to_ascii_uppercase();
        out.replace_range(..1, &up);
    }
    out
}

/// At most 80 characters, on one line.
fn short(s: &str) -> String {
    let one: String = s.split_whitespace().collect::<Vec<_>>().join(" ");
    if one.chars().count() <= 80 {
        one
    } else {
        let mut t: String = one.chars().take(79).collect();
        t.push('…');
        t
    }
}

/// An element's own text (a subtask's), if its JSON has one.
fn text_of(json: &str) -> Option<String> {
    let v: Value = serde_json::from_str(json).ok()?;
    v.get("text").and_then(Value::as_str).map(str::to_string)
}

/// A field's value (its JSON, as `PerField::value` writes it: fields that change together
/// comma-separated) as a person reads it.
fn shown(field: &str, json: &str, names: &dyn Fn(&str) -> Option<String>) -> String {
    let all: Value = serde_json::from_str(&format!("[{json}]")).unwrap_or(Value::Null);
    let parts = all.as_array().map(Vec::as_slice).unwrap_or_default();
    let first = parts.first().unwrap_or(&Value::Null);
    let text = match field {
        // A card's column (and rank), an item's rank (and section): where it is.
        "place" => match parts.iter().find_map(|v| v.as_str().and_then(names)) {
            Some(n) => format!("in “{n}”"),
            None => "moved".into(),
        },
        "priority" => first
            .as_str()
            .and_then(Priority::from_key)
            .unwrap_or_default()
            .label()
            .into(),
        "status" => words(first.as_str().unwrap_or_default()),
        "cost_planned" | "cost_actual" => match first.as_i64() {
            Some(c) => format_cents(c, ""),
            None => "none".into(),
        },
        _ if parts.len() > 1 => parts
            .iter()
            .map(|v| plain(v, names))
            .collect::<Vec<_>>()
            .join(", "),
        _ => plain(first, names),
    };
    short(&text)
}

/// Any value in words: names for ids, "yes"/"no", dates and times readable, lists joined.
fn plain(v: &Value, names: &dyn Fn(&str) -> Option<String>) -> String {
    match v {
        Value::Null => "none".into(),
        Value::Bool(b) => if *b { "yes" } else { "no" }.into(),
        Value::Number(n) => n.to_string(),
        Value::String(s) => names(s).unwrap_or_else(|| time(s)),
        Value::Array(a) if a.is_empty() => "none".into(),
        Value::Array(a) => a
            .iter()
            .map(|x| plain(x, names))
            .collect::<Vec<_>>()
            .join(", "),
        Value::Object(o) => {
            let get = |k: &str| o.get(k).filter(|x| !x.is_null());
            if let Some(n) = get("name") {
                plain(n, names)
            } else if let Some(t) = get("text").and_then(Value::as_str) {
                let done = get("done").and_then(Value::as_bool) == Some(true);
                if done {
                    format!("{t} (done)")
                } else {
                    t.to_string()
                }
            } else if let (Some(c), cur) = (get("cents").and_then(Value::as_i64), get("currency")) {
                format_cents(c, cur.and_then(Value::as_str).unwrap_or_default())
            } else if let Some(c) = get("check").and_then(Value::as_str) {
                words(c)
            } else if let Some(n) = get("number") {
                plain(n, names)
            } else if o.contains_key("item") {
                // An answer: its value and note.
                let value = get("value").map_or("no answer".into(), |x| plain(x, names));
                match get("note").and_then(Value::as_str) {
                    Some(note) => format!("{value} ({note})"),
                    None => value,
                }
            } else if let Some(r) = get("reason").and_then(Value::as_str) {
                format!("skipped: {r}")
            } else if let Some(e) = get("every").and_then(Value::as_str) {
                words(e)
            } else {
                v.to_string()
            }
        }
    }
}

/// A timestamp as "2026-03-02 09:00 UTC"; any other text as it is.
fn time(s: &str) -> String {
    let b = s.as_bytes();
    if s.len() >= 20 && b.get(4) == Some(&b'-') && b.get(10) == Some(&b'T') {
        if let (Some(d), Some(hm)) = (s.get(..10), s.get(11..16)) {
            return format!("{d} {hm} UTC");
        }
    }
    s.to_string()
}

/// A choice made in the preview: keep one side's value of one field of one entity, where
/// both changed it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Keep {
    /// The entity's kind as the preview names it ("Card", "Checklist", ...).
    pub kind: &'static str,
    pub id: Id,
    /// The field (or `list/<key>`).
    pub field: String,
    /// Keep this workspace's value (else the file's).
    pub mine: bool,
}

/// Applies the person's choices to a merged workspace: each kept value is copied from its
/// side (`mine` is this workspace, `theirs` the file) and stamped as an edit made now, after
/// every stamp of both sides, so it also wins later merges.
pub fn keep(
    ws: &mut Workspace,
    mine: &Workspace,
    theirs: &Workspace,
    choices: &[Keep],
    env: &mut dyn Env,
) {
    if choices.is_empty() {
        return;
    }
    for side in [mine, theirs] {
        if let Some(t) = side.newest() {
            env.observe(t);
        }
    }
    let at = env.now();
    for k in choices {
        let from = if k.mine { mine } else { theirs };
        let f = k.field.as_str();
        match k.kind {
            "Person" => {
                let src = from.people.iter().find(|p| p.id == k.id);
                let dst = ws.people.iter_mut().find(|p| p.id == k.id);
                take(dst, src, f, at);
            }
            "Site" => {
                let src = from.registers.sites.iter().find(|e| e.id == k.id);
                let dst = ws.registers.sites.iter_mut().find(|e| e.id == k.id);
                take(dst, src, f, at);
            }
            "Asset" => {
                let src = from.registers.assets.iter().find(|e| e.id == k.id);
                let dst = ws.registers.assets.iter_mut().find(|e| e.id == k.id);
                take(dst, src, f, at);
            }
            "Stock item" => {
                let src = from.registers.stock.iter().find(|e| e.id == k.id);
                let dst = ws.registers.stock.iter_mut().find(|e| e.id == k.id);
                take(dst, src, f, at);
            }
            "Budget line" => {
                let src = from.registers.budget.iter().find(|e| e.id == k.id);
                let dst = ws.registers.budget.iter_mut().find(|e| e.id == k.id);
                take(dst, src, f, at);
            }
            "Spend" => {
                let src = from.registers.spend.iter().find(|e| e.id == k.id);
                let dst = ws.registers.spend.iter_mut().find(|e| e.id == k.id);
                take(dst, src, f, at);
            }
            "Policy" => {
                let src = from.registers.policies.iter().find(|e| e.id == k.id);
                let dst = ws.registers.policies.iter_mut().find(|e| e.id == k.id);
                take(dst, src, f, at);
            }
            "Project template" => {
                let src = from.project_templates.iter().find(|t| t.id == k.id);
                let dst = ws.project_templates.iter_mut().find(|t| t.id == k.id);
                take(dst, src, f, at);
            }
            "Project" => {
                let src = from.projects.iter().find(|p| p.id == k.id);
                let dst = ws.projects.iter_mut().find(|p| p.id == k.id);
                take(dst, src, f, at);
            }
            "Column" => {
                let src = from
                    .projects
                    .iter()
                    .flat_map(|p| &p.columns)
                    .find(|c| c.id == k.id);
                let dst =
                    (ws.projects.iter_mut().flat_map(|p| &mut p.columns)).find(|c| c.id == k.id);
                take(dst, src, f, at);
            }
            "Card" => {
                let src = from
                    .projects
                    .iter()
                    .flat_map(|p| &p.cards)
                    .find(|c| c.id == k.id);
                let dst =
                    (ws.projects.iter_mut().flat_map(|p| &mut p.cards)).find(|c| c.id == k.id);
                take(dst, src, f, at);
            }
            "Risk" => {
                let src = from
                    .projects
                    .iter()
                    .flat_map(|p| &p.risks)
                    .find(|r| r.id == k.id);
                let dst =
                    (ws.projects.iter_mut().flat_map(|p| &mut p.risks)).find(|r| r.id == k.id);
                take(dst, src, f, at);
            }
            "Checklist" => {
                let src = from.templates.iter().find(|t| t.id == k.id);
                let dst = ws.templates.iter_mut().find(|t| t.id == k.id);
                take(dst, src, f, at);
            }
            "Item" => {
                let src = from
                    .templates
                    .iter()
                    .flat_map(|t| &t.items)
                    .find(|i| i.id == k.id);
                let dst =
                    (ws.templates.iter_mut().flat_map(|t| &mut t.items)).find(|i| i.id == k.id);
                take(dst, src, f, at);
            }
            "Run" => {
                let src = from.runs.iter().find(|r| r.id == k.id);
                let dst = ws.runs.iter_mut().find(|r| r.id == k.id);
                take(dst, src, f, at);
            }
            _ => {}
        }
    }
    ws.normalise();
}

/// Copies `field` (or one element of a list) from `src` into `dst`, stamped `at`. (Through
/// `restamp_now`, which every entity's edits already use: no new copy of the stamping.)
#[inline(never)]
fn take<T: PerField>(dst: Option<&mut T>, src: Option<&T>, field: &str, at: Ts) {
    let (Some(dst), Some(src)) = (dst, src) else {
        return;
    };
    let before = dst.clone();
    match field.split_once('/') {
        None => dst.take(src, field),
        Some((list, key)) => {
            let mut picks: Vec<(String, bool)> = dst
                .keys(list)
                .into_iter()
                .map(|k| (k.to_string(), false))
                .collect();
            let at_here = picks.iter().position(|(k, _)| k == key);
            let at_there = src.keys(list).iter().position(|k| *k == key);
            if let Some(i) = at_here {
                picks.remove(i);
            }
            if let Some(j) = at_there {
                let i = at_here.unwrap_or(j).min(picks.len());
                picks.insert(i, (key.to_string(), true));
            }
            dst.pick(list, &picks, src);
        }
    }
    stamps::restamp_now(dst, &before, &mut || at);
}
