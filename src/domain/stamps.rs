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
                while let Some((k, t)) = m.next_entry::<String, Ts>()? {
                    out.set(&k, t);
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

/// An entity whose fields are merged one by one.
pub trait PerField: Clone + PartialEq {
    fn id(&self) -> &Id;
    /// The names of its single-valued fields.
    const FIELDS: &'static [&'static str];
    /// The names of its lists of ids (merged by element).
    const SETS: &'static [&'static str];
    /// [`PerField::FIELDS`] then [`PerField::SETS`].
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
    fn set(&self, list: &str) -> &[Id];
    fn set_mut(&mut self, list: &str) -> &mut Vec<Id>;
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
    for list in T::SETS {
        let (old, new) = (before.set(list), e.set(list));
        for id in old
            .iter()
            .filter(|i| !new.contains(i))
            .chain(new.iter().filter(|i| !old.contains(i)))
        {
            full.set(&format!("{list}/{id}"), at);
            changed = true;
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
    for list in T::SETS {
        let members = merge_set(list, &fa, a.set(list), &fb, b.set(list), &mut full);
        *out.set_mut(list) = members;
    }
    let created = a.created().min(b.created());
    let updated = a.updated().max(b.updated());
    out.set_stamps(canonical(&full, created, updated), updated);
    out.set_created(created);
    out
}

/// The members of a list of ids after a merge: each id in or out as its newest stamp says
/// (an add wins a tie), in id order; their stamps go into `full`. (Not generic.)
fn merge_set(
    list: &str,
    fa: &Stamps,
    la: &[Id],
    fb: &Stamps,
    lb: &[Id],
    full: &mut Stamps,
) -> Vec<Id> {
    let prefix = format!("{list}/");
    let mut ids: Vec<&str> = la.iter().chain(lb).map(|i| i.as_str()).collect();
    for (k, _) in fa.0.iter().chain(&fb.0) {
        if let Some(id) = k.strip_prefix(&prefix) {
            ids.push(id);
        }
    }
    super::sort::sort_by(&mut ids, |x, y| x.cmp(y));
    ids.dedup();
    let (level_a, level_b) = (fa.get(list), fb.get(list));
    let mut members = Vec::new();
    for id in ids {
        let key = format!("{prefix}{id}");
        let sa = fa.get(&key).or(level_a).unwrap_or_default();
        let sb = fb.get(&key).or(level_b).unwrap_or_default();
        let ina = la.iter().any(|i| i.as_str() == id);
        let inb = lb.iter().any(|i| i.as_str() == id);
        if (sa, ina).max((sb, inb)).1 {
            members.push(Id(id.to_string()));
        }
        full.set(&key, sa.max(sb));
    }
    members
}

/// Implements [`PerField`] for an entity: its fields by name (one name may cover several
/// struct fields that change together), its lists of ids, and the struct fields that are not
/// merged here (parts merged on their own). The pattern names every field of the struct, so
/// a field added to it later must be placed here, or this does not compile.
macro_rules! per_field {
    ($t:ident { $($name:literal => $($field:ident),+;)+ } sets { $($set:literal => $sfield:ident),* } rest { $($rest:ident),* }) => {
        impl $t {
            #[allow(dead_code, unused_variables)]
            fn every_field_is_merged(&self) {
                let $t { id, created, updated, stamps, $($($field,)+)+ $($sfield,)* $($rest,)* } = self;
            }
        }
        impl PerField for $t {
            const FIELDS: &'static [&'static str] = &[$($name),+];
            const SETS: &'static [&'static str] = &[$($set),*];
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
            fn set(&self, list: &str) -> &[Id] {
                match list {
                    $($set => &self.$sfield,)*
                    _ => &[],
                }
            }
            fn set_mut(&mut self, list: &str) -> &mut Vec<Id> {
                match list {
                    $($set => &mut self.$sfield,)*
                    _ => unreachable!("{list} is not a list of {}", stringify!($t)),
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
    "subtasks" => subtasks;
    "milestone" => milestone;
    "archived" => archived;
    "source" => source;
} sets {
    "assignees" => assignees,
    "labels" => labels,
    "blocked_by" => blocked_by
} rest {});

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
} sets {} rest { columns, cards, removed, moves, trash, risks });
