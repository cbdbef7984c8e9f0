//! Sites (the places a company runs) and assets (its equipment): where and on what a
//! check was done. An asset's inspection status is not stored: it is read from the runs
//! done on it ([`inspection`]), and its history is those runs with their failures and
//! corrective actions ([`history`]).

use super::{known, Entry, Registers};
use crate::domain::checklist::{Run, Template};
use crate::domain::stamps::Stamps;
use crate::domain::{
    clean_identity, clean_short, clean_text, DomainError, EntityKind, Id, Res, Ts,
};
use chrono::{Days, NaiveDate};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// A place the company runs: a shop, a kitchen, a warehouse.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Site {
    pub id: Id,
    pub created: Ts,
    pub updated: Ts,
    pub name: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub address: String,
    /// Who runs it (from the people directory): a site's checklists can go to them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lead: Option<Id>,
    #[serde(default, skip_serializing_if = "Stamps::is_empty")]
    pub stamps: Stamps,
}

/// What the site form edits.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct SiteFields {
    pub name: String,
    pub address: String,
    pub lead: Option<Id>,
}

impl Entry for Site {
    const KIND: EntityKind = EntityKind::Site;
    const WHAT: &'static str = "site";
    type Fields = SiteFields;
    fn list(r: &Registers) -> &Vec<Self> {
        &r.sites
    }
    fn list_mut(r: &mut Registers) -> &mut Vec<Self> {
        &mut r.sites
    }
    fn make(id: Id, now: Ts, f: SiteFields) -> Self {
        Site {
            id,
            created: now,
            updated: now,
            name: f.name,
            address: f.address,
            lead: f.lead,
            stamps: Stamps::default(),
        }
    }
    fn fields(&self) -> SiteFields {
        SiteFields {
            name: self.name.clone(),
            address: self.address.clone(),
            lead: self.lead.clone(),
        }
    }
    fn set(&mut self, f: SiteFields) {
        self.name = f.name;
        self.address = f.address;
        self.lead = f.lead;
    }
    fn check(f: SiteFields, _: &Registers) -> Res<SiteFields> {
        Ok(SiteFields {
            name: clean_identity("Site name", &f.name)?,
            address: clean_text("Address", &f.address)?,
            lead: f.lead,
        })
    }
    fn in_use(&self, r: &Registers) -> Option<String> {
        let assets = r
            .assets
            .iter()
            .filter(|a| a.site.as_ref() == Some(&self.id))
            .count();
        let stock = r
            .stock
            .iter()
            .filter(|s| s.site.as_ref() == Some(&self.id))
            .count();
        (assets > 0 || stock > 0).then(|| {
            format!(
                "“{}” still has {assets} asset(s) and {stock} stock item(s): move them to \
                 another site (or remove them) first.",
                self.name
            )
        })
    }
}

/// Whether an asset is in use.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AssetState {
    #[default]
    InService,
    /// Broken or withdrawn for repair: not to be used.
    OutOfService,
    /// No longer kept (its history stays).
    Retired,
}

impl AssetState {
    pub const ALL: [AssetState; 3] = [
        AssetState::InService,
        AssetState::OutOfService,
        AssetState::Retired,
    ];
    pub fn words(self) -> &'static str {
        match self {
            AssetState::InService => "In service",
            AssetState::OutOfService => "Out of service",
            AssetState::Retired => "Retired",
        }
    }
    pub fn key(self) -> &'static str {
        match self {
            AssetState::InService => "in_service",
            AssetState::OutOfService => "out_of_service",
            AssetState::Retired => "retired",
        }
    }
    pub fn from_key(k: &str) -> AssetState {
        Self::ALL
            .into_iter()
            .find(|s| s.key() == k)
            .unwrap_or_default()
    }
}

/// A piece of equipment: a fridge, a forklift, a fire extinguisher.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Asset {
    pub id: Id,
    pub created: Ts,
    pub updated: Ts,
    pub name: String,
    /// Its tag or serial number.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub tag: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub site: Option<Id>,
    /// What kind of thing it is ("Fridge"): a checklist for a category is run on one of
    /// its assets.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub category: String,
    #[serde(default)]
    pub state: AssetState,
    /// Days between inspections: the next one is due that long after the last.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub every: Option<u32>,
    /// When the next inspection is due, until one is done (with `every`) or always
    /// (without it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub due: Option<NaiveDate>,
    #[serde(default, skip_serializing_if = "Stamps::is_empty")]
    pub stamps: Stamps,
}

/// What the asset form edits.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct AssetFields {
    pub name: String,
    pub tag: String,
    pub site: Option<Id>,
    pub category: String,
    pub state: AssetState,
    pub every: Option<u32>,
    pub due: Option<NaiveDate>,
}

/// The longest interval between inspections: ten years.
pub const MAX_EVERY: u32 = 3660;

impl Entry for Asset {
    const KIND: EntityKind = EntityKind::Asset;
    const WHAT: &'static str = "asset";
    type Fields = AssetFields;
    fn list(r: &Registers) -> &Vec<Self> {
        &r.assets
    }
    fn list_mut(r: &mut Registers) -> &mut Vec<Self> {
        &mut r.assets
    }
    fn make(id: Id, now: Ts, f: AssetFields) -> Self {
        Asset {
            id,
            created: now,
            updated: now,
            name: f.name,
            tag: f.tag,
            site: f.site,
            category: f.category,
            state: f.state,
            every: f.every,
            due: f.due,
            stamps: Stamps::default(),
        }
    }
    fn fields(&self) -> AssetFields {
        AssetFields {
            name: self.name.clone(),
            tag: self.tag.clone(),
            site: self.site.clone(),
            category: self.category.clone(),
            state: self.state,
            every: self.every,
            due: self.due,
        }
    }
    fn set(&mut self, f: AssetFields) {
        self.name = f.name;
        self.tag = f.tag;
        self.site = f.site;
        self.category = f.category;
        self.state = f.state;
        self.every = f.every;
        self.due = f.due;
    }
    fn check(f: AssetFields, r: &Registers) -> Res<AssetFields> {
        if f.every.is_some_and(|d| d == 0 || d > MAX_EVERY) {
            return Err(DomainError::Invalid(format!(
                "Inspect every: a number of days from 1 to {MAX_EVERY}, or leave it empty."
            )));
        }
        Ok(AssetFields {
            name: clean_identity("Asset name", &f.name)?,
            tag: clean_short("Tag or serial", &f.tag)?,
            site: known::<Site>(r, f.site)?,
            category: clean_short("Category", &f.category)?,
            ..f
        })
    }
}

/// The categories of the register's assets, each once, in order.
pub fn categories(r: &Registers) -> Vec<&str> {
    let mut out: Vec<&str> = r
        .assets
        .iter()
        .map(|a| a.category.as_str())
        .filter(|c| !c.is_empty())
        .collect();
    crate::domain::sort::sort_by(&mut out, |a, b| a.to_lowercase().cmp(&b.to_lowercase()));
    out.dedup_by(|a, b| a.eq_ignore_ascii_case(b));
    out
}

/// The assets a run of `template` can be on: of its category (all when it has none), at
/// its site when it has one, not retired; by name.
pub fn for_template<'a>(r: &'a Registers, template: &Template) -> Vec<&'a Asset> {
    let mut out: Vec<&Asset> = r
        .assets
        .iter()
        .filter(|a| a.state != AssetState::Retired)
        .filter(|a| {
            template.asset_category.is_empty()
                || a.category.eq_ignore_ascii_case(&template.asset_category)
        })
        .filter(|a| template.site.is_none() || a.site == template.site)
        .collect();
    crate::domain::sort::sort_by(&mut out, |a, b| a.name.cmp(&b.name));
    out
}

/// What an asset's last inspection says.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Inspection {
    /// The last completed run on it: its day, and whether anything failed.
    pub last: Option<(NaiveDate, bool)>,
    /// When the next one is due (none: no interval and no date set).
    pub next: Option<NaiveDate>,
}

/// The state an asset's inspections leave it in, as a list shows it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Status {
    NotInspected,
    Passed,
    Failed,
    /// The next inspection's day has passed (whatever the last said).
    Overdue,
}

impl Status {
    pub fn words(self) -> &'static str {
        match self {
            Status::NotInspected => "Not inspected yet",
            Status::Passed => "Passed",
            Status::Failed => "Failed",
            Status::Overdue => "Inspection overdue",
        }
    }
}

impl Inspection {
    /// Its status on `today`.
    pub fn status(&self, today: NaiveDate) -> Status {
        match (self.next, self.last) {
            (Some(next), _) if next < today => Status::Overdue,
            (_, None) => Status::NotInspected,
            (_, Some((_, true))) => Status::Failed,
            (_, Some((_, false))) => Status::Passed,
        }
    }
}

/// Every asset's inspection, from the completed runs done on it (one pass over the runs).
pub fn inspections(r: &Registers, runs: &[Run], templates: &[Template]) -> HashMap<Id, Inspection> {
    let by_id: HashMap<&Id, &Template> = templates.iter().map(|t| (&t.id, t)).collect();
    let mut last: HashMap<&Id, &Run> = HashMap::new();
    for run in runs {
        let Some(asset) = &run.asset else { continue };
        if !run.is_complete() {
            continue;
        }
        let later = last
            .get(asset)
            .is_none_or(|cur| (run.date, run.completed) > (cur.date, cur.completed));
        if later {
            last.insert(asset, run);
        }
    }
    r.assets
        .iter()
        .map(|a| {
            let run = last.get(&a.id);
            let done = run.map(|run| {
                let failed = by_id
                    .get(&run.template)
                    .is_some_and(|t| !run.failures(t).is_empty());
                (run.date, failed)
            });
            (a.id.clone(), inspection_of(a, done))
        })
        .collect()
}

/// An asset's inspection given its last completed run (day, failed).
pub fn inspection_of(a: &Asset, last: Option<(NaiveDate, bool)>) -> Inspection {
    let next = match (last, a.every) {
        (Some((day, _)), Some(every)) => day.checked_add_days(Days::new(u64::from(every))),
        _ => a.due,
    };
    Inspection { last, next }
}

/// One run in an asset's history.
#[derive(Clone, Debug, PartialEq)]
pub struct Visit {
    pub run: Id,
    pub date: NaiveDate,
    pub checklist: String,
    pub by: Option<Id>,
    pub completed: bool,
    /// The failed items' texts with what was answered.
    pub failures: Vec<(String, String)>,
    /// The score in %, when the checklist scores.
    pub score: Option<u32>,
    /// Corrective actions raised from it: (project, card).
    pub actions: Vec<(Id, Id)>,
}

/// The runs done on an asset, newest first, with their failures and corrective actions.
pub fn history(asset: &Id, runs: &[Run], templates: &[Template]) -> Vec<Visit> {
    let by_id: HashMap<&Id, &Template> = templates.iter().map(|t| (&t.id, t)).collect();
    let mut out: Vec<Visit> = runs
        .iter()
        .filter(|r| r.asset.as_ref() == Some(asset) && r.skipped.is_none())
        .map(|r| {
            let t = by_id.get(&r.template);
            let failures = t.map_or_else(Vec::new, |t| {
                r.failures(t)
                    .into_iter()
                    .map(|(i, v)| (i.text.clone(), v.display(&i.answer)))
                    .collect()
            });
            Visit {
                run: r.id.clone(),
                date: r.date,
                checklist: t.map_or_else(|| "A deleted checklist".into(), |t| t.name.clone()),
                by: r.by.clone(),
                completed: r.is_complete(),
                failures,
                score: t.and_then(|t| r.score(t)).and_then(|s| s.percent()),
                actions: r
                    .actions
                    .iter()
                    .map(|a| (a.project.clone(), a.card.clone()))
                    .collect(),
            }
        })
        .collect();
    crate::domain::sort::sort_by(&mut out, |a, b| b.date.cmp(&a.date).then(b.run.cmp(&a.run)));
    out
}
