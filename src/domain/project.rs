//! Projects and their boards: ordered columns holding ordered cards.

use super::{clean_name, clean_text, rank, DomainError, Env, Id, Res, Ts};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// Where a project stands.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ProjectStatus {
    /// Being defined; work has not started.
    #[default]
    Planning,
    /// Work is under way.
    Active,
    /// Paused.
    OnHold,
    /// Objective reached (or abandoned); the board is history.
    Closed,
}

impl ProjectStatus {
    /// Every status, in the order a project usually moves through them.
    pub const ALL: [ProjectStatus; 4] = [
        ProjectStatus::Planning,
        ProjectStatus::Active,
        ProjectStatus::OnHold,
        ProjectStatus::Closed,
    ];

    /// Words for the user.
    pub fn label(self) -> &'static str {
        match self {
            ProjectStatus::Planning => "Planning",
            ProjectStatus::Active => "Active",
            ProjectStatus::OnHold => "On hold",
            ProjectStatus::Closed => "Closed",
        }
    }

    /// The stored name (as in files).
    pub fn key(self) -> &'static str {
        match self {
            ProjectStatus::Planning => "planning",
            ProjectStatus::Active => "active",
            ProjectStatus::OnHold => "on_hold",
            ProjectStatus::Closed => "closed",
        }
    }

    /// Parses a stored name.
    pub fn from_key(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|st| st.key() == s)
    }
}

/// A column of a board ("To do", "Doing", "Done").
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Column {
    pub id: Id,
    pub created: Ts,
    pub updated: Ts,
    pub name: String,
    /// Fractional rank: columns are shown in ascending rank.
    pub rank: String,
}

/// A card on a board.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Card {
    pub id: Id,
    pub created: Ts,
    pub updated: Ts,
    /// The column it sits in.
    pub column: Id,
    /// Fractional rank within its column.
    pub rank: String,
    pub title: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
}

/// A record that something was deleted, and when (carried by merges and exports).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Removed {
    pub id: Id,
    pub at: Ts,
}

/// A time-bound project with its board.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Project {
    pub id: Id,
    pub created: Ts,
    /// When the project's own fields (name, objective, status, dates) last changed;
    /// columns and cards carry their own stamps.
    pub updated: Ts,
    pub name: String,
    #[serde(default)]
    pub objective: String,
    #[serde(default)]
    pub status: ProjectStatus,
    #[serde(default)]
    pub start: Option<NaiveDate>,
    #[serde(default)]
    pub target_end: Option<NaiveDate>,
    /// Kept sorted by rank.
    #[serde(default)]
    pub columns: Vec<Column>,
    /// Kept sorted by rank (cards of one column are a sorted sub-sequence).
    #[serde(default)]
    pub cards: Vec<Card>,
    /// Columns and cards deleted from this project.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub removed: Vec<Removed>,
}

impl Project {
    /// Creates a project with an empty board.
    pub fn new(env: &mut dyn Env, name: &str) -> Res<Project> {
        let name = clean_name("Project name", name)?;
        let now = env.now();
        Ok(Project {
            id: env.new_id(),
            created: now,
            updated: now,
            name,
            objective: String::new(),
            status: ProjectStatus::Planning,
            start: None,
            target_end: None,
            columns: Vec::new(),
            cards: Vec::new(),
            removed: Vec::new(),
        })
    }

    /// Creates a project whose board already has the three columns most teams start with.
    pub fn starter(env: &mut dyn Env, name: &str) -> Res<Project> {
        let mut p = Project::new(env, name)?;
        for col in ["To do", "In progress", "Done"] {
            p.add_column(env, col)?;
        }
        Ok(p)
    }

    /// Renames the project.
    pub fn rename(&mut self, env: &mut dyn Env, name: &str) -> Res<()> {
        let name = clean_name("Project name", name)?;
        if name != self.name {
            self.name = name;
            self.updated = env.now();
        }
        Ok(())
    }

    /// Sets the charter basics: objective, status and dates. The target end may not
    /// come before the start.
    pub fn set_details(
        &mut self,
        env: &mut dyn Env,
        objective: &str,
        status: ProjectStatus,
        start: Option<NaiveDate>,
        target_end: Option<NaiveDate>,
    ) -> Res<()> {
        let objective = clean_text("Objective", objective)?;
        if let (Some(s), Some(e)) = (start, target_end) {
            if e < s {
                return Err(DomainError::Invalid(format!(
                    "The target end ({e}) is before the start ({s}): pick a later end date."
                )));
            }
        }
        if (objective.as_str(), status, start, target_end)
            != (
                self.objective.as_str(),
                self.status,
                self.start,
                self.target_end,
            )
        {
            self.objective = objective;
            self.status = status;
            self.start = start;
            self.target_end = target_end;
            self.updated = env.now();
        }
        Ok(())
    }

    /// The column with this id.
    pub fn column(&self, id: &Id) -> Option<&Column> {
        self.columns.iter().find(|c| &c.id == id)
    }

    /// The card with this id.
    pub fn card(&self, id: &Id) -> Option<&Card> {
        self.cards.iter().find(|c| &c.id == id)
    }

    /// The cards of a column, in order.
    pub fn cards_in<'a>(&'a self, column: &'a Id) -> impl Iterator<Item = &'a Card> + 'a {
        self.cards.iter().filter(move |c| &c.column == column)
    }

    /// Position of a column from the left.
    pub fn column_index(&self, id: &Id) -> Option<usize> {
        self.columns.iter().position(|c| &c.id == id)
    }

    /// Column and position of a card within it.
    pub fn card_position(&self, id: &Id) -> Option<(Id, usize)> {
        let card = self.card(id)?;
        let pos = self.cards_in(&card.column).position(|c| &c.id == id)?;
        Some((card.column.clone(), pos))
    }

    /// Adds a column at the right end of the board.
    pub fn add_column(&mut self, env: &mut dyn Env, name: &str) -> Res<Id> {
        let name = clean_name("Column name", name)?;
        let rank = rank::between(self.columns.last().map(|c| c.rank.as_str()), None);
        let now = env.now();
        let id = env.new_id();
        self.columns.push(Column {
            id: id.clone(),
            created: now,
            updated: now,
            name,
            rank,
        });
        Ok(id)
    }

    /// Renames a column.
    pub fn rename_column(&mut self, env: &mut dyn Env, id: &Id, name: &str) -> Res<()> {
        let name = clean_name("Column name", name)?;
        let now = env.now();
        let col = self
            .columns
            .iter_mut()
            .find(|c| &c.id == id)
            .ok_or(DomainError::NotFound("column"))?;
        if col.name != name {
            col.name = name;
            col.updated = now;
        }
        Ok(())
    }

    /// Moves a column to position `to` (0 = leftmost, clamped to the end).
    /// Only the moved column's rank changes.
    pub fn move_column(&mut self, env: &mut dyn Env, id: &Id, to: usize) -> Res<()> {
        let from = self
            .column_index(id)
            .ok_or(DomainError::NotFound("column"))?;
        let col = self.columns.remove(from);
        let to = to.min(self.columns.len());
        let rank = rank_at(&self.columns, to, |c| &c.rank);
        let mut col = col;
        if to != from {
            col.rank = rank;
            col.updated = env.now();
        }
        self.columns.insert(to, col);
        Ok(())
    }

    /// Deletes a column and every card in it (the UI confirms first, naming the count).
    pub fn delete_column(&mut self, env: &mut dyn Env, id: &Id) -> Res<usize> {
        let idx = self
            .column_index(id)
            .ok_or(DomainError::NotFound("column"))?;
        let now = env.now();
        self.columns.remove(idx);
        let before = self.cards.len();
        let mut removed = vec![Removed {
            id: id.clone(),
            at: now,
        }];
        self.cards.retain(|c| {
            if &c.column == id {
                removed.push(Removed {
                    id: c.id.clone(),
                    at: now,
                });
                false
            } else {
                true
            }
        });
        self.removed.extend(removed);
        Ok(before - self.cards.len())
    }

    /// Adds a card at the bottom of a column.
    pub fn add_card(&mut self, env: &mut dyn Env, column: &Id, title: &str) -> Res<Id> {
        let title = clean_name("Card title", title)?;
        if self.column(column).is_none() {
            return Err(DomainError::NotFound("column"));
        }
        let last = self.cards_in(column).last().map(|c| c.rank.clone());
        let rank = rank::between(last.as_deref(), None);
        let now = env.now();
        let id = env.new_id();
        let card = Card {
            id: id.clone(),
            created: now,
            updated: now,
            column: column.clone(),
            rank,
            title,
            description: String::new(),
        };
        self.insert_card_sorted(card);
        Ok(id)
    }

    /// Changes a card's title and description.
    pub fn edit_card(
        &mut self,
        env: &mut dyn Env,
        id: &Id,
        title: &str,
        description: &str,
    ) -> Res<()> {
        let title = clean_name("Card title", title)?;
        let description = clean_text("Description", description)?;
        let now = env.now();
        let card = self
            .cards
            .iter_mut()
            .find(|c| &c.id == id)
            .ok_or(DomainError::NotFound("card"))?;
        if card.title != title || card.description != description {
            card.title = title;
            card.description = description;
            card.updated = now;
        }
        Ok(())
    }

    /// Deletes a card.
    pub fn delete_card(&mut self, env: &mut dyn Env, id: &Id) -> Res<()> {
        let idx = self
            .cards
            .iter()
            .position(|c| &c.id == id)
            .ok_or(DomainError::NotFound("card"))?;
        self.cards.remove(idx);
        self.removed.push(Removed {
            id: id.clone(),
            at: env.now(),
        });
        Ok(())
    }

    /// Moves a card to `column` at position `to` among that column's other cards
    /// (0 = top, clamped to the bottom). Only the moved card's column and rank change.
    pub fn move_card(&mut self, env: &mut dyn Env, id: &Id, column: &Id, to: usize) -> Res<()> {
        if self.column(column).is_none() {
            return Err(DomainError::NotFound("column"));
        }
        let idx = self
            .cards
            .iter()
            .position(|c| &c.id == id)
            .ok_or(DomainError::NotFound("card"))?;
        let (old_col, old_pos) = self.card_position(id).expect("card exists");
        let mut card = self.cards.remove(idx);
        let siblings: Vec<&Card> = self.cards_in(column).collect();
        let to = to.min(siblings.len());
        if &old_col == column && old_pos == to {
            self.cards.insert(idx, card);
            return Ok(());
        }
        let lo = to.checked_sub(1).map(|i| siblings[i].rank.clone());
        let hi = siblings.get(to).map(|c| c.rank.clone());
        card.rank = rank::between(lo.as_deref(), hi.as_deref());
        card.column = column.clone();
        card.updated = env.now();
        self.insert_card_sorted(card);
        Ok(())
    }

    fn insert_card_sorted(&mut self, card: Card) {
        let at = self
            .cards
            .partition_point(|c| (&c.rank, &c.id) <= (&card.rank, &card.id));
        self.cards.insert(at, card);
    }

    /// Restores the ordering invariants after loading or merging data from elsewhere:
    /// columns and cards sorted by rank (ties by id), cards whose column is gone are
    /// moved to the first column (or dropped, with a note, when there is none).
    pub fn normalise(&mut self) -> Vec<String> {
        let mut notes = Vec::new();
        self.columns
            .sort_by(|a, b| a.rank.cmp(&b.rank).then(a.id.cmp(&b.id)));
        self.cards
            .sort_by(|a, b| a.rank.cmp(&b.rank).then(a.id.cmp(&b.id)));
        let first = self.columns.first().map(|c| c.id.clone());
        let known: std::collections::HashSet<Id> =
            self.columns.iter().map(|c| c.id.clone()).collect();
        let mut orphans = 0;
        self.cards.retain_mut(|c| {
            if known.contains(&c.column) {
                return true;
            }
            match &first {
                Some(f) => {
                    c.column = f.clone();
                    orphans += 1;
                    true
                }
                None => false,
            }
        });
        if orphans > 0 {
            notes.push(format!(
                "{orphans} card(s) of \"{}\" had no column and were put in the first one.",
                self.name
            ));
        }
        notes
    }
}

/// The rank for an item inserted at position `to` of a sorted list.
pub(crate) fn rank_at<T>(list: &[T], to: usize, rank: impl Fn(&T) -> &String) -> String {
    let lo = to.checked_sub(1).and_then(|i| list.get(i)).map(&rank);
    let hi = list.get(to).map(&rank);
    rank::between(lo.map(String::as_str), hi.map(String::as_str))
}
