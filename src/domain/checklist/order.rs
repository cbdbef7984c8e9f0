//! The order of a template's items and sections, as the editor shows them.
//!
//! Items are shown in groups: the items with no (known) section first, when there are any,
//! then each section in the order of `Template::sections`, each with its items in rank
//! order. A rank orders an item among the items of its own section only, so moving a section
//! changes the order of `sections` and no item, and moving an item changes that item alone
//! (its rank, and its section when it crosses into another).

use super::{Item, Section, Template};
use crate::domain::{rank, DomainError, Env, Id, Res};

/// One group of the editor: its section (`None`: before the first section) and its items.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Group {
    pub section: Option<Id>,
    pub items: Vec<Id>,
}

/// Where an item is: its group's section, its position in the group and the group's size.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Place {
    pub section: Option<Id>,
    pub position: usize,
    pub count: usize,
}

/// One step up or down.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Step {
    Up,
    Down,
}

impl Template {
    /// The groups as shown: "no section" first when it has items (or when there are no
    /// sections at all, so there is somewhere to add the first item), then every section.
    pub fn groups(&self) -> Vec<Group> {
        let mut out: Vec<Group> = Template::grouped(&self.sections, &self.items)
            .into_iter()
            .map(|(s, items)| Group {
                section: s.map(|s| s.id.clone()),
                items: items.into_iter().map(|i| i.id.clone()).collect(),
            })
            .collect();
        if out.is_empty() {
            out.push(Group {
                section: None,
                items: Vec::new(),
            });
        }
        out
    }

    /// The section an item is shown under (`None` also for a section that no longer exists).
    fn shown_section(&self, section: &Option<Id>) -> Option<Id> {
        section
            .as_ref()
            .filter(|s| self.sections.iter().any(|x| &x.id == *s))
            .cloned()
    }

    /// Where an item is shown.
    pub fn place_of(&self, id: &Id) -> Option<Place> {
        let item = self.item(id)?;
        let section = self.shown_section(&item.section);
        let mut position = None;
        let mut count: usize = 0;
        for i in &self.items {
            if self.shown_section(&i.section) == section {
                if &i.id == id {
                    position = Some(count);
                }
                count = count.saturating_add(1);
            }
        }
        Some(Place {
            section,
            position: position?,
            count,
        })
    }

    /// Moves an item into `section` (`None`: before the first section) at position `to`
    /// among that group's other items (clamped to its end). Only the item changes: its rank,
    /// and its section when that differs. Moving it to where it is changes nothing.
    pub fn place_item(
        &mut self,
        env: &mut dyn Env,
        id: &Id,
        section: Option<Id>,
        to: usize,
    ) -> Res<()> {
        if let Some(s) = &section {
            if !self.sections.iter().any(|x| &x.id == s) {
                return Err(DomainError::NotFound("section"));
            }
        }
        let from = self
            .items
            .iter()
            .position(|i| &i.id == id)
            .ok_or(DomainError::NotFound("item"))?;
        let here = self.place_of(id).ok_or(DomainError::NotFound("item"))?;
        let others: Vec<&Item> = (self.items.iter().enumerate())
            .filter(|&(i, it)| i != from && self.shown_section(&it.section) == section)
            .map(|(_, it)| it)
            .collect();
        let to = to.min(others.len());
        if here.section == section && here.position == to {
            return Ok(());
        }
        let lo = (to.checked_sub(1))
            .and_then(|k| others.get(k))
            .map(|it| it.rank.clone());
        let hi = others.get(to).map(|it| it.rank.clone());
        let mut item = self.items.remove(from);
        item.rank = match (&lo, &hi) {
            (None, None) => item.rank,
            _ => rank::between(lo.as_deref(), hi.as_deref()),
        };
        item.section = section;
        item.updated = env.now();
        self.updated = item.updated;
        let key = (item.rank.clone(), item.id.clone());
        let at = self
            .items
            .partition_point(|i| (&i.rank, &i.id) <= (&key.0, &key.1));
        self.items.insert(at, item);
        Ok(())
    }

    /// Moves an item one step: within its group, or across into the next group (to its top
    /// going down, to its end going up). Returns whether it moved (not at either end).
    pub fn step_item(&mut self, env: &mut dyn Env, id: &Id, step: Step) -> Res<bool> {
        let groups = self.groups();
        let here = self.place_of(id).ok_or(DomainError::NotFound("item"))?;
        let g = groups
            .iter()
            .position(|g| g.section == here.section)
            .ok_or(DomainError::NotFound("item"))?;
        let (section, to) = match step {
            Step::Up if here.position > 0 => (here.section, here.position.saturating_sub(1)),
            Step::Down if here.position.saturating_add(1) < here.count => {
                (here.section, here.position.saturating_add(1))
            }
            Step::Up => match g.checked_sub(1).and_then(|g| groups.get(g)) {
                Some(prev) => (prev.section.clone(), usize::MAX),
                None => return Ok(false),
            },
            Step::Down => match g.checked_add(1).and_then(|g| groups.get(g)) {
                Some(next) => (next.section.clone(), 0),
                None => return Ok(false),
            },
        };
        self.place_item(env, id, section, to)?;
        Ok(true)
    }

    /// Moves a section to position `to` among the sections (clamped to the end); its items
    /// go with it.
    pub fn move_section(&mut self, env: &mut dyn Env, id: &Id, to: usize) -> Res<()> {
        let from = self
            .sections
            .iter()
            .position(|s| &s.id == id)
            .ok_or(DomainError::NotFound("section"))?;
        let s: Section = self.sections.remove(from);
        let to = to.min(self.sections.len());
        self.sections.insert(to, s);
        if to != from {
            self.updated = env.now();
        }
        Ok(())
    }

    /// Moves a section one step. Returns whether it moved (not at either end).
    pub fn step_section(&mut self, env: &mut dyn Env, id: &Id, step: Step) -> Res<bool> {
        let from = self
            .sections
            .iter()
            .position(|s| &s.id == id)
            .ok_or(DomainError::NotFound("section"))?;
        let to = match step {
            Step::Up if from > 0 => from.saturating_sub(1),
            Step::Down if from.saturating_add(1) < self.sections.len() => from.saturating_add(1),
            _ => return Ok(false),
        };
        self.move_section(env, id, to)?;
        Ok(true)
    }
}
