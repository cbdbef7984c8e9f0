//! Operations checklists: templates with ordered items, and dated runs of a template.

use super::project::{rank_at, Removed};
use super::{clean_name, rank, DomainError, Env, Id, Res, Ts};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// One line of a checklist.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Item {
    pub id: Id,
    pub created: Ts,
    pub updated: Ts,
    pub text: String,
    pub rank: String,
}

/// A checklist template: the process, as a list of items to check.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Template {
    pub id: Id,
    pub created: Ts,
    pub updated: Ts,
    pub name: String,
    /// Kept sorted by rank.
    #[serde(default)]
    pub items: Vec<Item>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub removed: Vec<Removed>,
}

impl Template {
    /// Creates a template with the given items (blank lines are skipped).
    pub fn new(env: &mut dyn Env, name: &str, items: &[&str]) -> Res<Template> {
        let name = clean_name("Checklist name", name)?;
        let texts: Vec<String> = items
            .iter()
            .filter(|t| !t.trim().is_empty())
            .map(|t| clean_name("Item text", t))
            .collect::<Res<_>>()?;
        let now = env.now();
        let ranks = rank::spread(texts.len());
        let items = texts
            .into_iter()
            .zip(ranks)
            .map(|(text, rank)| Item {
                id: env.new_id(),
                created: now,
                updated: now,
                text,
                rank,
            })
            .collect();
        Ok(Template {
            id: env.new_id(),
            created: now,
            updated: now,
            name,
            items,
            removed: Vec::new(),
        })
    }

    /// Renames the template.
    pub fn rename(&mut self, env: &mut dyn Env, name: &str) -> Res<()> {
        let name = clean_name("Checklist name", name)?;
        if name != self.name {
            self.name = name;
            self.updated = env.now();
        }
        Ok(())
    }

    /// Adds an item at the end.
    pub fn add_item(&mut self, env: &mut dyn Env, text: &str) -> Res<Id> {
        let text = clean_name("Item text", text)?;
        let rank = rank::between(self.items.last().map(|i| i.rank.as_str()), None);
        let now = env.now();
        let id = env.new_id();
        self.items.push(Item {
            id: id.clone(),
            created: now,
            updated: now,
            text,
            rank,
        });
        Ok(id)
    }

    /// Changes an item's text.
    pub fn edit_item(&mut self, env: &mut dyn Env, id: &Id, text: &str) -> Res<()> {
        let text = clean_name("Item text", text)?;
        let now = env.now();
        let item = self
            .items
            .iter_mut()
            .find(|i| &i.id == id)
            .ok_or(DomainError::NotFound("item"))?;
        if item.text != text {
            item.text = text;
            item.updated = now;
        }
        Ok(())
    }

    /// Moves an item to position `to` (clamped); only its rank changes.
    pub fn move_item(&mut self, env: &mut dyn Env, id: &Id, to: usize) -> Res<()> {
        let from = self
            .items
            .iter()
            .position(|i| &i.id == id)
            .ok_or(DomainError::NotFound("item"))?;
        let mut item = self.items.remove(from);
        let to = to.min(self.items.len());
        if to != from {
            item.rank = rank_at(&self.items, to, |i| &i.rank);
            item.updated = env.now();
        }
        self.items.insert(to, item);
        Ok(())
    }

    /// Deletes an item. Past runs keep their answers; they simply no longer count it.
    pub fn delete_item(&mut self, env: &mut dyn Env, id: &Id) -> Res<()> {
        let idx = self
            .items
            .iter()
            .position(|i| &i.id == id)
            .ok_or(DomainError::NotFound("item"))?;
        self.items.remove(idx);
        self.removed.push(Removed {
            id: id.clone(),
            at: env.now(),
        });
        Ok(())
    }

    /// Restores the ordering invariant after loading data from elsewhere.
    pub fn normalise(&mut self) {
        self.removed
            .sort_by(|a, b| a.id.cmp(&b.id).then(b.at.cmp(&a.at)));
        self.removed.dedup_by(|a, b| a.id == b.id);
        self.items
            .sort_by(|a, b| a.rank.cmp(&b.rank).then(a.id.cmp(&b.id)));
    }
}

/// One dated execution of a template.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Run {
    pub id: Id,
    pub created: Ts,
    pub updated: Ts,
    pub template: Id,
    /// The day the run is for.
    pub date: NaiveDate,
    /// Ids of the items ticked, in the order they were ticked.
    #[serde(default)]
    pub checked: Vec<Id>,
}

impl Run {
    /// Starts a run of `template` for `date` with nothing ticked.
    pub fn start(env: &mut dyn Env, template: &Template, date: NaiveDate) -> Res<Run> {
        if template.items.is_empty() {
            return Err(DomainError::Invalid(format!(
                "\"{}\" has no items yet: add at least one item before starting a run.",
                template.name
            )));
        }
        let now = env.now();
        Ok(Run {
            id: env.new_id(),
            created: now,
            updated: now,
            template: template.id.clone(),
            date,
            checked: Vec::new(),
        })
    }

    /// Ticks or unticks an item of the run's template.
    pub fn set_checked(
        &mut self,
        env: &mut dyn Env,
        template: &Template,
        item: &Id,
        checked: bool,
    ) -> Res<()> {
        if template.id != self.template {
            return Err(DomainError::Invalid(
                "This run belongs to another checklist.".into(),
            ));
        }
        if !template.items.iter().any(|i| &i.id == item) {
            return Err(DomainError::NotFound("item"));
        }
        let has = self.checked.contains(item);
        if has != checked {
            if checked {
                self.checked.push(item.clone());
            } else {
                self.checked.retain(|i| i != item);
            }
            self.updated = env.now();
        }
        Ok(())
    }

    /// Is this item ticked?
    pub fn is_checked(&self, item: &Id) -> bool {
        self.checked.contains(item)
    }

    /// (ticked, total) over the template's current items.
    pub fn progress(&self, template: &Template) -> (usize, usize) {
        let done = template
            .items
            .iter()
            .filter(|i| self.checked.contains(&i.id))
            .count();
        (done, template.items.len())
    }
}
