//! The operations registers (issue 20): the sites a company runs, the assets (equipment)
//! at them, the stock it keeps, its operating budget and spend, and its policies. Each
//! entry is an entity of its own (an id, stamps, merged field by field like a person), and
//! every register is edited through the same three operations: [`add`], [`edit`] and
//! [`remove`], over the entry's [`Entry::Fields`].

pub mod assets;
pub mod by_site;
pub mod policies;
pub mod spend;
pub mod stock;

pub use assets::{Asset, AssetFields, AssetState, Site, SiteFields};
pub use policies::{Policy, PolicyFields, Review};
pub use spend::{BudgetLine, BudgetLineFields, SpendEntry, SpendFields};
pub use stock::{StockFields, StockItem};

use super::stamps::PerField;
use super::{DomainError, EntityKind, Env, Id, Res, Ts};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

/// Every register, as stored (`docket:registers`) and as a file carries it.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Registers {
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sites: Vec<Site>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub assets: Vec<Asset>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub stock: Vec<StockItem>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub budget: Vec<BudgetLine>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub spend: Vec<SpendEntry>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub policies: Vec<Policy>,
}

impl Registers {
    /// Nothing in any register.
    pub fn is_empty(&self) -> bool {
        self.sites.is_empty()
            && self.assets.is_empty()
            && self.stock.is_empty()
            && self.budget.is_empty()
            && self.spend.is_empty()
            && self.policies.is_empty()
    }

    /// The newest time any entry changed.
    pub fn newest(&self) -> Option<Ts> {
        (self.sites.iter().map(|e| e.updated))
            .chain(self.assets.iter().map(|e| e.updated))
            .chain(self.stock.iter().map(|e| e.updated))
            .chain(self.budget.iter().map(|e| e.updated))
            .chain(self.spend.iter().map(|e| e.updated))
            .chain(self.policies.iter().map(|e| e.updated))
            .max()
    }

    /// Every entry's id with its kind (for deletions: what went between two states).
    pub fn ids(&self) -> Vec<(EntityKind, &Id)> {
        let mut out: Vec<(EntityKind, &Id)> = Vec::new();
        out.extend(self.sites.iter().map(|e| (EntityKind::Site, &e.id)));
        out.extend(self.assets.iter().map(|e| (EntityKind::Asset, &e.id)));
        out.extend(self.stock.iter().map(|e| (EntityKind::Stock, &e.id)));
        out.extend(self.budget.iter().map(|e| (EntityKind::BudgetLine, &e.id)));
        out.extend(self.spend.iter().map(|e| (EntityKind::Spend, &e.id)));
        out.extend(self.policies.iter().map(|e| (EntityKind::Policy, &e.id)));
        out
    }

    /// The site's name, or "" when there is no such site.
    pub fn site_name(&self, id: Option<&Id>) -> &str {
        id.and_then(|id| self.sites.iter().find(|s| &s.id == id))
            .map_or("", |s| s.name.as_str())
    }

    /// Restamps every entry that changed since `before` (`domain::stamps`).
    pub fn restamp(&mut self, before: &Registers, now: &mut dyn FnMut() -> Ts) {
        use super::stamps::restamp_list as r;
        r(&mut self.sites, &before.sites, now);
        r(&mut self.assets, &before.assets, now);
        r(&mut self.stock, &before.stock, now);
        r(&mut self.budget, &before.budget, now);
        r(&mut self.spend, &before.spend, now);
        r(&mut self.policies, &before.policies, now);
    }

    /// Adds `other`'s entries to each list, in id order (sample data joining a workspace).
    pub fn extend(&mut self, other: Registers) {
        self.sites.extend(other.sites);
        self.assets.extend(other.assets);
        self.stock.extend(other.stock);
        self.budget.extend(other.budget);
        self.spend.extend(other.spend);
        self.policies.extend(other.policies);
        self.sort();
    }

    /// Each list in id order (the merge's order).
    pub fn sort(&mut self) {
        use super::sort::sort_by;
        sort_by(&mut self.sites, |a, b| a.id.cmp(&b.id));
        sort_by(&mut self.assets, |a, b| a.id.cmp(&b.id));
        sort_by(&mut self.stock, |a, b| a.id.cmp(&b.id));
        sort_by(&mut self.budget, |a, b| a.id.cmp(&b.id));
        sort_by(&mut self.spend, |a, b| a.id.cmp(&b.id));
        sort_by(&mut self.policies, |a, b| a.id.cmp(&b.id));
    }
}

/// One kind of register entry: how it is made from its fields, checked, and found.
pub trait Entry: PerField + Serialize + DeserializeOwned {
    /// Its kind in a tombstone.
    const KIND: EntityKind;
    /// What a person calls one, in a sentence ("site", "stock item").
    const WHAT: &'static str;
    /// What its form edits.
    type Fields: Clone + PartialEq;
    fn list(r: &Registers) -> &Vec<Self>;
    fn list_mut(r: &mut Registers) -> &mut Vec<Self>;
    /// A new entry.
    fn make(id: Id, now: Ts, f: Self::Fields) -> Self;
    fn fields(&self) -> Self::Fields;
    fn set(&mut self, f: Self::Fields);
    /// Cleans the fields and checks them against the registers (what they point at); the
    /// error says what to change.
    fn check(f: Self::Fields, r: &Registers) -> Res<Self::Fields>;
    /// What stops it being removed (entries that point at it), in words.
    fn in_use(&self, _r: &Registers) -> Option<String> {
        None
    }
}

/// Most entries of one register (a longer list is refused: lists are shown whole).
pub const MAX_ENTRIES: usize = 20_000;

/// Adds an entry; returns its id.
pub fn add<T: Entry>(r: &mut Registers, env: &mut dyn Env, f: T::Fields) -> Res<Id> {
    let f = T::check(f, r)?;
    super::at_most("entries", T::list(r).len().saturating_add(1), MAX_ENTRIES)?;
    let id = env.new_id();
    let e = T::make(id.clone(), env.now(), f);
    T::list_mut(r).push(e);
    Ok(id)
}

/// Changes an entry's fields.
pub fn edit<T: Entry>(r: &mut Registers, id: &Id, f: T::Fields) -> Res<()> {
    let f = T::check(f, r)?;
    let e = T::list_mut(r)
        .iter_mut()
        .find(|e| e.id() == id)
        .ok_or(DomainError::NotFound(T::WHAT))?;
    e.set(f);
    Ok(())
}

/// Removes an entry, unless others point at it (then the error says which).
pub fn remove<T: Entry>(r: &mut Registers, id: &Id) -> Res<T> {
    let i = T::list(r)
        .iter()
        .position(|e| e.id() == id)
        .ok_or(DomainError::NotFound(T::WHAT))?;
    if let Some(why) = T::list(r).get(i).and_then(|e| e.in_use(r)) {
        return Err(DomainError::Invalid(why));
    }
    Ok(T::list_mut(r).remove(i))
}

/// Finds an entry by id.
pub fn find<'a, T: Entry>(r: &'a Registers, id: &Id) -> Option<&'a T> {
    T::list(r).iter().find(|e| e.id() == id)
}

/// Checks an optional reference: none, or an id the list holds.
pub(crate) fn known<T: Entry>(r: &Registers, id: Option<Id>) -> Res<Option<Id>> {
    match id {
        Some(id) if !T::list(r).iter().any(|e| e.id() == &id) => {
            Err(DomainError::NotFound(T::WHAT))
        }
        id => Ok(id),
    }
}

/// Checks a quantity or amount typed as a number: finite, from 0 to `max`.
pub(crate) fn quantity(what: &str, v: f64, max: f64) -> Res<f64> {
    if !v.is_finite() || !(0.0..=max).contains(&v) {
        return Err(DomainError::Invalid(format!(
            "{what} must be a number from 0 to {max}."
        )));
    }
    Ok(v)
}
