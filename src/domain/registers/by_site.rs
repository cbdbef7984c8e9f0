//! Operations grouped by site (the analytics page's "By site"): for each site, its
//! checklists, the runs done there in the last days and how many found a failure, its
//! assets due for inspection and its stock to order.

use super::{assets, Registers};
use crate::domain::checklist::{Run, Template};
use crate::domain::Id;
use chrono::{Days, NaiveDate};
use std::collections::HashMap;

/// One site's figures.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct SiteLine {
    pub site: Id,
    pub name: String,
    /// Checklists done at the site.
    pub checklists: usize,
    /// Runs completed there in the window.
    pub runs: usize,
    /// Of those, runs with a failed item.
    pub failed: usize,
    /// In-service assets whose inspection is late.
    pub overdue_assets: usize,
    /// Stock items at or below their reorder point.
    pub low_stock: usize,
}

/// Each site's line over the `days` before `today` (inclusive), in the sites' name order.
pub fn by_site(
    r: &Registers,
    templates: &[Template],
    runs: &[Run],
    today: NaiveDate,
    days: u64,
) -> Vec<SiteLine> {
    let from = today.checked_sub_days(Days::new(days)).unwrap_or(today);
    let by_id: HashMap<&Id, &Template> = templates.iter().map(|t| (&t.id, t)).collect();
    let mut lines: Vec<SiteLine> = r
        .sites
        .iter()
        .map(|s| SiteLine {
            site: s.id.clone(),
            name: s.name.clone(),
            checklists: templates
                .iter()
                .filter(|t| t.site.as_ref() == Some(&s.id))
                .count(),
            runs: 0,
            failed: 0,
            overdue_assets: 0,
            low_stock: r
                .stock
                .iter()
                .filter(|x| x.site.as_ref() == Some(&s.id) && x.low())
                .count(),
        })
        .collect();
    let at: HashMap<Id, usize> = lines
        .iter()
        .enumerate()
        .map(|(i, l)| (l.site.clone(), i))
        .collect();
    for run in runs {
        let Some(i) = run.site.as_ref().and_then(|s| at.get(s)) else {
            continue;
        };
        if !run.is_complete() || run.date < from || run.date > today {
            continue;
        }
        let failed = by_id
            .get(&run.template)
            .is_some_and(|t| !run.failures(t).is_empty());
        if let Some(l) = lines.get_mut(*i) {
            l.runs = l.runs.saturating_add(1);
            l.failed = l.failed.saturating_add(usize::from(failed));
        }
    }
    let inspections = assets::inspections(r, runs, templates);
    for a in r
        .assets
        .iter()
        .filter(|a| a.state == super::AssetState::InService)
    {
        let late = inspections
            .get(&a.id)
            .is_some_and(|i| i.status(today) == assets::Status::Overdue);
        if let Some(l) = a
            .site
            .as_ref()
            .and_then(|s| at.get(s))
            .and_then(|i| lines.get_mut(*i))
        {
            l.overdue_assets = l.overdue_assets.saturating_add(usize::from(late));
        }
    }
    crate::domain::sort::sort_by(&mut lines, |a, b| a.name.cmp(&b.name));
    lines
}
