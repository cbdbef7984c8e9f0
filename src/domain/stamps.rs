//! Per-field stamps: when each field of an entity last changed, so that a merge takes every
//! field from the side that changed it last, and a colleague's edit to one field never
//! erases an edit to another.
//!
//! An entity keeps only the stamps that differ from a default, under the field's name:
//! `{"title": t}`. A field with no entry was last set at `"*"` when there is one, else when
//! the entity was created; an entity with no stamps at all comes from a copy of Docket that
//! kept none (format version 1), and its `updated` time stands for every field. A list of
//! ids (a card's assignees, labels, blockers) is merged element by element: `"labels/<id>"`
//! is when that label was last added or removed, and an element with no entry takes the
//! list's own stamp. Stamps are kept in one canonical form, so two copies that know the same
//! facts are equal.

use super::checklist::{Item, Run, Template};
use super::{Card, Column, Id, Person, Project, Risk, Ts};
use serde::{Deserialize, Serialize};
use std::cmp::Ordering;

/// The stamps an entity keeps (see the module notes): pairs in the order of their names,
/// each name once, written as a JSON object. (A sorted list, not a map type: the few stamps
/// of an entity don't need one, and each map type costs the wasm its own code.)
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Stamps(Vec<(String, Ts)>);

/// The key of the stamp every field without its own entry carries.
const BASE: &str = "*";

impl Stamps {
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// How many stamps there are.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// The stamps, in the order of their names.
    pub fn iter(&self) -> impl Iterator<Item = (&str, Ts)> {
        self.0.iter().map(|(k, t)| (k.as_str(), *t))
    }

    fn get(&self, key: &str) -> Option<Ts> {
        self.0
            .binary_search_by(|(k, _)| k.as_str().cmp(key))
            .ok()
            .and_then(|i| self.0.get(i))
            .map(|(_, t)| *t)
    }

    /// Sets `key`'s stamp, keeping the order.
    fn set(&mut self, key: &str, t: Ts) {
        match self.0.binary_search_by(|(k, _)| k.as_str().cmp(key)) {
            Ok(i) => {
                if let Some(e) = self.0.get_mut(i) {
                    e.1 = t;
                }
            }
            Err(i) => self.0.insert(i, (key.to_string(), t)),
        }
    }

    /// Moves `from`'s stamp to `to` (an element whose id is replaced; `to`'s own is kept
    /// when newer).
    pub fn rename(&mut self, from: &str, to: &str) {
        let Some(i) = self.0.iter().position(|(k, _)| k == from) else {
            return;
        };
        let (_, t) = self.0.remove(i);
        if self.get(to).is_none_or(|mine| mine < t) {
            self.set(to, t);
        }
    }

    /// When `field` (a field's name, or `list/<id>` for an element) last changed.
    pub fn of(&self, field: &str, created: Ts, updated: Ts) -> Ts {
        if let Some(t) = self.get(field) {
            return t;
        }
        if let Some((list, _)) = field.split_once('/') {
            return self.of(list, created, updated);
        }
        match self.get(BASE) {
            Some(t) => t,
            None if self.0.is_empty() => updated,
            None => created,
        }
    }
}

impl Serialize for Stamps {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_map(self.0.iter().map(|(k, t)| (k, t)))
    }
}

impl<'de> Deserialize<'de> for Stamps {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Visit;
        impl<'de> serde::de::Visitor<'de> for Visit {
            type Value = Stamps;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("an object of field names and timestamps")
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(self, mut m: A) -> Result<Stamps, A::Error> {
                let mut out = Stamps::default();
                while let Some((k, t)) = m.next_entry::<String, super::timestamp::Read>()? {
                    out.set(&k, t.0);
                }
                Ok(out)
            }
        }
        d.deserialize_map(Visit)
    }
}

/// A list of ids kept as a set: in id order, once each (so two copies with the same
/// members are equal, whatever order they were added in).
pub fn as_set(mut ids: Vec<Id>) -> Vec<Id> {
    if !ids.is_sorted() {
        super::sort::sort_by(&mut ids, |a, b| a.cmp(b));
    }
    ids.dedup();
    ids
}

/// An element of a list that is merged element by element, known by its key (an id).
pub trait Keyed: Clone + PartialEq + Serialize {
    fn key(&self) -> &str;
}

impl Keyed for Id {
    fn key(&self) -> &str {
        self.as_str()
    }
}

impl Keyed for super::Subtask {
    fn key(&self) -> &str {
        self.id.as_str()
    }
}

impl Keyed for super::checklist::Answer {
    fn key(&self) -> &str {
        self.item.as_str()
    }
}

impl Keyed for super::records::Comment {
    fn key(&self) -> &str {
        self.id.as_str()
    }
}

impl Keyed for super::checklist::Escalation {
    fn key(&self) -> &str {
        self.id.as_str()
    }
}

impl Keyed for super::checklist::Action {
    fn key(&self) -> &str {
        self.card.as_str()
    }
}

fn find<'a, E: Keyed>(list: &'a [E], key: &str) -> Option<&'a E> {
    list.iter().find(|e| e.key() == key)
}

fn keys_of<E: Keyed>(list: &[E]) -> Vec<&str> {
    list.iter().map(Keyed::key).collect()
}

/// The elements `picks` names, each from `a`'s list or (`true`) `b`'s, in order.
fn picked<E: Keyed>(a: &[E], b: &[E], picks: &[(String, bool)]) -> Vec<E> {
    picks
        .iter()
        .filter_map(|(k, from_b)| find(if *from_b { b } else { a }, k).cloned())
        .collect()
}

/// An entity whose fields are merged one by one.
pub trait PerField: Clone + PartialEq {
    fn id(&self) -> &Id;
    /// The names of its single-valued fields.
    const FIELDS: &'static [&'static str];
    /// The names of its lists whose elements have ids (merged by element).
    const LISTS: &'static [&'static str];
    /// [`PerField::FIELDS`] then [`PerField::LISTS`].
    const NAMES: &'static [&'static str];
    fn created(&self) -> Ts;
    fn updated(&self) -> Ts;
    fn stamps(&self) -> &Stamps;
    /// Sets the stamps and the time of the last change.
    fn set_stamps(&mut self, stamps: Stamps, updated: Ts);
    fn set_created(&mut self, at: Ts);
    /// Do the two hold the same value in `field`?
    fn same(&self, other: &Self, field: &str) -> bool;
    /// The value of `field` as JSON (fields that change together, comma-separated).
    fn value(&self, field: &str) -> String;
    /// Orders two different values of `field`, to break a tie of stamps the same way on
    /// every copy.
    fn order(&self, other: &Self, field: &str) -> Ordering {
        self.value(field).cmp(&other.value(field))
    }
    /// Copies `field` from `other`.
    fn take(&mut self, other: &Self, field: &str);
    /// The keys of `list`'s elements, in order.
    fn keys(&self, list: &str) -> Vec<&str>;
    /// Is element `key` of `list` the same in both (or in neither)?
    fn same_element(&self, other: &Self, list: &str, key: &str) -> bool;
    /// Element `key` of `list` as JSON (empty when it is not there).
    fn element(&self, list: &str, key: &str) -> String;
    /// Sets `list` to the elements `picks` names, each from `self` or (`true`) `other`.
    fn pick(&mut self, list: &str, picks: &[(String, bool)], other: &Self);
    /// Adds `other`'s entries to each list that only grows (`domain::records`' history).
    fn join(&mut self, other: &Self);
}

/// Every stamp spelled out: each field and list (`names`), and each element with its own
/// entry. (Not generic: one copy serves every entity.)
fn expand(names: &[&str], stamps: &Stamps, created: Ts, updated: Ts) -> Stamps {
    let mut full = Stamps::default();
    for f in names {
        full.set(f, stamps.of(f, created, updated));
    }
    for (k, t) in &stamps.0 {
        if k.contains('/') {
            full.set(k, *t);
        }
    }
    full
}

fn expand_of<T: PerField>(e: &T) -> Stamps {
    expand(T::NAMES, e.stamps(), e.created(), e.updated())
}

/// The canonical stamps for `full` (every field and list, and elements): a base (the
/// oldest field stamp, when it is not the creation time) and the entries that differ; none
/// at all when every field was last set at `updated` (as a copy that kept no stamps says).
fn canonical(full: &Stamps, created: Ts, updated: Ts) -> Stamps {
    let base = full
        .0
        .iter()
        .filter(|(k, _)| !k.contains('/'))
        .map(|(_, t)| *t)
        .min()
        .unwrap_or(created);
    let mut out = Stamps::default();
    for (k, t) in &full.0 {
        let default = match k.split_once('/') {
            Some((list, _)) => full.get(list).unwrap_or(base),
            None => base,
        };
        if *t != default {
            out.0.push((k.clone(), *t));
        }
    }
    if out.0.is_empty() && base == updated {
        return Stamps::default();
    }
    if base != created {
        out.set(BASE, base);
    }
    out
}

/// After an operation changed `e` from `before` at `at`: stamps the fields and elements
/// that changed with `at`.
pub fn restamp<T: PerField>(e: &mut T, before: &T, at: Ts) {
    let mut full = expand_of(before);
    let mut changed = false;
    for f in T::FIELDS {
        if !e.same(before, f) {
            full.set(f, at);
            changed = true;
        }
    }
    for list in T::LISTS {
        let (old, new) = (before.keys(list), e.keys(list));
        for k in old.iter().chain(new.iter().filter(|k| !old.contains(k))) {
            if !e.same_element(before, list, k) {
                full.set(&format!("{list}/{k}"), at);
                changed = true;
            }
        }
    }
    if changed {
        let updated = at.max(before.updated());
        e.set_stamps(canonical(&full, e.created(), updated), updated);
    } else {
        // Nothing it stamps changed: it keeps its time too (an operation that bumps `updated`
        // without changing a field must not make every field look newer).
        e.set_stamps(before.stamps().clone(), before.updated());
    }
}

/// [`restamp`] for an operation's time: the entity's new `updated` when the operation set
/// one, else `now()` (an operation that changed a field without saying when).
pub fn restamp_now<T: PerField>(e: &mut T, before: &T, now: &mut dyn FnMut() -> Ts) {
    if e == before {
        return;
    }
    let at = if e.updated() > before.updated() {
        e.updated()
    } else {
        now()
    };
    restamp(e, before, at);
}

/// [`restamp_now`] for every entity of `after` that was in `before` (by id) and changed.
pub fn restamp_list<T: PerField>(after: &mut [T], before: &[T], now: &mut dyn FnMut() -> Ts) {
    for (i, e) in after.iter_mut().enumerate() {
        // Usually at the same place; else looked for.
        let b = match before.get(i) {
            Some(b) if b.id() == e.id() => Some(b),
            _ => before.iter().find(|b| b.id() == e.id()),
        };
        if let Some(b) = b {
            restamp_now(e, b, now);
        }
    }
}

/// Merges two copies of one entity field by field: each field from the copy that changed it
/// last (ties broken by the value, the same on every copy); each list element added or
/// removed as its newest stamp says. Commutative, associative and idempotent.
pub fn merge<T: PerField>(a: &T, b: &T) -> T {
    if a == b {
        return a.clone();
    }
    let (fa, fb) = (expand_of(a), expand_of(b));
    let mut out = a.clone();
    let mut full = Stamps::default();
    for f in T::NAMES {
        let (sa, sb) = (
            fa.get(f).unwrap_or(a.created()),
            fb.get(f).unwrap_or(b.created()),
        );
        full.set(f, sa.max(sb));
        if T::FIELDS.contains(f) {
            let b_wins = match sb.cmp(&sa) {
                Ordering::Greater => true,
                Ordering::Less => false,
                Ordering::Equal => !a.same(b, f) && b.order(a, f) == Ordering::Greater,
            };
            if b_wins {
                out.take(b, f);
            }
        }
    }
    for list in T::LISTS {
        let picks = merge_list(
            list,
            &fa,
            &a.keys(list),
            &fb,
            &b.keys(list),
            &mut full,
            &|k| a.element(list, k) < b.element(list, k),
        );
        out.pick(list, &picks, b);
    }
    let created = a.created().min(b.created());
    let updated = a.updated().max(b.updated());
    out.set_stamps(canonical(&full, created, updated), updated);
    out.set_created(created);
    out.join(b);
    out
}

/// The elements of a list after a merge: each in (and from the copy) its newest stamp says
/// (an add wins a tie; two different elements at one stamp are ordered by `b_wins_tie`), in
/// key order; their stamps go into `full`. (Not generic: one copy serves every list.)
fn merge_list(
    list: &str,
    fa: &Stamps,
    ka: &[&str],
    fb: &Stamps,
    kb: &[&str],
    full: &mut Stamps,
    b_wins_tie: &dyn Fn(&str) -> bool,
) -> Vec<(String, bool)> {
    let prefix = format!("{list}/");
    let mut keys: Vec<&str> = ka.iter().chain(kb).copied().collect();
    for (k, _) in fa.0.iter().chain(&fb.0) {
        if let Some(id) = k.strip_prefix(&prefix) {
            keys.push(id);
        }
    }
    super::sort::sort_by(&mut keys, |x, y| x.cmp(y));
    keys.dedup();
    let (level_a, level_b) = (fa.get(list), fb.get(list));
    let mut picks = Vec::new();
    for k in keys {
        let key = format!("{prefix}{k}");
        let sa = fa.get(&key).or(level_a).unwrap_or_default();
        let sb = fb.get(&key).or(level_b).unwrap_or_default();
        let (ina, inb) = (ka.contains(&k), kb.contains(&k));
        let from_b = match (sb, inb).cmp(&(sa, ina)) {
            Ordering::Greater => true,
            Ordering::Less => false,
            Ordering::Equal => inb && b_wins_tie(k),
        };
        if (from_b && inb) || (!from_b && ina) {
            picks.push((k.to_string(), from_b));
        }
        full.set(&key, sa.max(sb));
    }
    picks
}

/// Implements [`PerField`] for an entity: its fields by name (one name may cover several
/// struct fields that change together), its lists of ids, and the struct fields that are not
/// merged here (parts merged on their own). The pattern names every field of the struct, so
/// a field added to it later must be placed here, or this does not compile.
macro_rules! per_field {
    ($t:ident { $($name:literal => $($field:ident),+;)+ } sets { $($set:literal => $sfield:ident),* } $(logs { $($log:ident),* })? rest { $($rest:ident),* }) => {
        impl $t {
            #[allow(dead_code, unused_variables)]
            fn every_field_is_merged(&self) {
                let $t { id, created, updated, stamps, $($($field,)+)+ $($sfield,)* $($($log,)*)? $($rest,)* } = self;
            }
        }
        // (Lists' methods ignore their arguments on entities without lists.)
        #[allow(unused_variables)]
        impl PerField for $t {
            const FIELDS: &'static [&'static str] = &[$($name),+];
            const LISTS: &'static [&'static str] = &[$($set),*];
            const NAMES: &'static [&'static str] = &[$($name,)+ $($set),*];
            fn id(&self) -> &Id {
                &self.id
            }
            fn created(&self) -> Ts {
                self.created
            }
            fn updated(&self) -> Ts {
                self.updated
            }
            fn stamps(&self) -> &Stamps {
                &self.stamps
            }
            fn set_stamps(&mut self, stamps: Stamps, updated: Ts) {
                self.stamps = stamps;
                self.updated = updated;
            }
            fn set_created(&mut self, at: Ts) {
                self.created = at;
            }
            fn same(&self, other: &Self, field: &str) -> bool {
                match field {
                    $($name => true $(&& self.$field == other.$field)+,)+
                    _ => true,
                }
            }
            fn value(&self, field: &str) -> String {
                fn json<V: Serialize>(v: &V) -> String {
                    serde_json::to_string(v).unwrap_or_default()
                }
                match field {
                    $($name => [$(json(&self.$field)),+].join(","),)+
                    _ => String::new(),
                }
            }
            fn take(&mut self, other: &Self, field: &str) {
                match field {
                    $($name => { $(self.$field = other.$field.clone();)+ })+
                    _ => {}
                }
            }
            fn keys(&self, list: &str) -> Vec<&str> {
                match list {
                    $($set => keys_of(&self.$sfield),)*
                    _ => Vec::new(),
                }
            }
            fn same_element(&self, other: &Self, list: &str, key: &str) -> bool {
                match list {
                    $($set => find(&self.$sfield, key) == find(&other.$sfield, key),)*
                    _ => true,
                }
            }
            fn element(&self, list: &str, key: &str) -> String {
                match list {
                    $($set => find(&self.$sfield, key)
                        .and_then(|e| serde_json::to_string(e).ok())
                        .unwrap_or_default(),)*
                    _ => String::new(),
                }
            }
            fn join(&mut self, other: &Self) {
                $($(self.$log = super::records::join(&self.$log, &other.$log);)*)?
            }
            fn pick(&mut self, list: &str, picks: &[(String, bool)], other: &Self) {
                match list {
                    $($set => self.$sfield = picked(&self.$sfield, &other.$sfield, picks),)*
                    _ => {}
                }
            }
        }
    };
}

per_field!(Card {
    "place" => column, rank;
    "title" => title;
    "description" => description;
    "start" => start;
    "due" => due;
    "priority" => priority;
    "estimate" => estimate;
    "cost_planned" => cost_planned;
    "cost_actual" => cost_actual;
    "milestone" => milestone;
    "archived" => archived;
    "source" => source;
} sets {
    "subtasks" => subtasks,
    "assignees" => assignees,
    "labels" => labels,
    "blocked_by" => blocked_by,
    "comments" => comments
} logs { history } rest {});

per_field!(Column {
    "name" => name;
    "place" => rank;
    "wip_limit" => wip_limit;
    "collapsed" => collapsed;
} sets {} rest {});

per_field!(Risk {
    "title" => title;
    "likelihood" => likelihood;
    "impact" => impact;
    "owner" => owner;
    "mitigation" => mitigation;
    "status" => status;
} sets {} rest {});

per_field!(Person {
    "name" => name;
    "role" => role;
    "email" => email;
    "capacity" => capacity;
} sets {} rest {});

// A project's own fields; its columns, cards and risks are merged as entities of their own,
// and its trash, deletions and move history by their own rules (exchange::merge).
per_field!(Project {
    "name" => name;
    "objective" => objective;
    "status" => status;
    "start" => start;
    "target_end" => target_end;
    "scope_in" => scope_in;
    "scope_out" => scope_out;
    "deliverables" => deliverables;
    "budget" => budget;
    "stakeholders" => stakeholders;
    "done_column" => done_column;
    "labels" => labels;
    "actual_end" => actual_end;
    "lessons" => lessons;
    "trashed" => trashed;
} sets {} logs { activity } rest { columns, cards, removed, moves, trash, risks });

per_field!(Template {
    "name" => name;
    "description" => description;
    "area" => area;
    "owner" => owner;
    "recurrence" => recurrence;
    "starts" => starts;
    "minutes" => minutes;
    "pass_mark" => pass_mark;
    "site" => site;
    "asset_category" => asset_category;
    "assignment" => assignment;
    "sections" => sections;
    "version" => version, versions;
} sets {
    "escalations" => escalations
} rest { items, removed });

per_field!(Item {
    "text" => text;
    "place" => rank, section;
    "guidance" => guidance;
    "required" => required;
    "answer" => answer;
    "show_if" => show_if;
    "weight" => weight;
    "stock" => stock;
} sets {} rest {});

// A run: what it is a run of, its day, who ran it, completion, sign-off and skip as fields;
// answers by item and corrective actions by card as elements, so two people ticking
// different items of one run both count.
per_field!(Run {
    "template" => template, version;
    "date" => date, scheduled;
    "by" => by;
    "completed" => completed, completed_on;
    "signoff" => signoff;
    "skipped" => skipped;
    "where" => site, asset;
} sets {
    "answers" => answers,
    "actions" => actions
} rest { checked });

// A project template (issue 19 part 6): its name, what it is for, and its shape (a
// project of its own, one field: a template is edited as a whole when saved again).
use super::ProjectTemplate;

use super::registers::{Asset, BudgetLine, Policy, Site, SpendEntry, StockItem};
per_field!(Site {
    "name" => name;
    "address" => address;
    "lead" => lead;
} sets {} rest {});
per_field!(Asset {
    "name" => name;
    "tag" => tag;
    "site" => site;
    "category" => category;
    "state" => state;
    "inspection" => every, due;
} sets {} rest {});
per_field!(StockItem {
    "name" => name;
    "unit" => unit;
    "on_hand" => on_hand;
    "reorder" => reorder_at, order_up_to;
    "supplier" => supplier;
    "site" => site;
} sets {} rest {});
per_field!(BudgetLine {
    "area" => area;
    "month" => month;
    "planned" => planned;
    "note" => note;
} sets {} rest {});
per_field!(SpendEntry {
    "date" => date;
    "area" => area;
    "amount" => amount;
    "what" => what;
} sets {} rest {});
// A policy's reviews are one field: two reviews of one policy at once are rare, and the
// later one's list then stands.
per_field!(Policy {
    "name" => name;
    "summary" => summary;
    "owner" => owner;
    "review" => every, review, reviews;
} sets {} rest {});
per_field!(ProjectTemplate {
    "name" => name;
    "description" => description;
    "project" => project;
} sets {} rest {});
