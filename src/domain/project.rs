//! Projects and their boards: ordered columns holding ordered cards.

use super::sort;
use super::stamps::Stamps;
use super::{clean_identity, clean_name, clean_text, rank, DomainError, Env, Id, Res, Ts};
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
    #[serde(deserialize_with = "super::timestamp::de")]
    pub created: Ts,
    #[serde(deserialize_with = "super::timestamp::de")]
    pub updated: Ts,
    pub name: String,
    /// Fractional rank: columns are shown in ascending rank.
    pub rank: String,
    /// Work-in-progress limit: the column warns when it holds more cards.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub wip_limit: Option<u32>,
    /// Shown folded to a narrow strip.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub collapsed: bool,
    /// When each field last changed (`domain::stamps`).
    #[serde(default, skip_serializing_if = "Stamps::is_empty")]
    pub stamps: Stamps,
}

/// A card on a board.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Card {
    pub id: Id,
    #[serde(deserialize_with = "super::timestamp::de")]
    pub created: Ts,
    #[serde(deserialize_with = "super::timestamp::de")]
    pub updated: Ts,
    /// The column it sits in.
    pub column: Id,
    /// Fractional rank within its column.
    pub rank: String,
    pub title: String,
    /// Plain text, shown as typed (never interpreted as HTML).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
    /// People (ids in the workspace directory) doing the card.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub assignees: Vec<Id>,
    #[serde(
        default,
        deserialize_with = "super::timestamp::de_day",
        skip_serializing_if = "Option::is_none"
    )]
    pub start: Option<NaiveDate>,
    #[serde(
        default,
        deserialize_with = "super::timestamp::de_day",
        skip_serializing_if = "Option::is_none"
    )]
    pub due: Option<NaiveDate>,
    #[serde(default, skip_serializing_if = "Priority::is_none")]
    pub priority: Priority,
    /// Label ids of this project.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub labels: Vec<Id>,
    /// Effort estimate (hours or points, as the team counts).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub estimate: Option<f64>,
    /// Planned cost in minor units of the project's currency (cents).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cost_planned: Option<i64>,
    /// Actual cost so far, in minor units.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cost_actual: Option<i64>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub subtasks: Vec<Subtask>,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub milestone: bool,
    /// Archived cards leave the board but keep counting in reports.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub archived: bool,
    /// Cards of this project that must be done before this one.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub blocked_by: Vec<Id>,
    /// Where a corrective-action card came from (a failed item of a checklist run).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<Box<CardSource>>,
    /// Comments, oldest first (`domain::records`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub comments: Vec<crate::domain::records::Comment>,
    /// What changed on this card, oldest first (`domain::records`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub history: Vec<crate::domain::records::Activity>,
    /// When each field last changed (`domain::stamps`).
    #[serde(default, skip_serializing_if = "Stamps::is_empty")]
    pub stamps: Stamps,
}

/// The checklist run item a corrective-action card was raised from.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CardSource {
    pub run: Id,
    pub template: Id,
    pub item: Id,
}

/// How urgent a card is.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
#[serde(rename_all = "snake_case")]
pub enum Priority {
    #[default]
    None,
    Low,
    Medium,
    High,
    Urgent,
}

impl Priority {
    /// Every priority, lowest first.
    pub const ALL: [Priority; 5] = [
        Priority::None,
        Priority::Low,
        Priority::Medium,
        Priority::High,
        Priority::Urgent,
    ];
    fn is_none(&self) -> bool {
        *self == Priority::None
    }
    /// Words for the user.
    pub fn label(self) -> &'static str {
        match self {
            Priority::None => "No priority",
            Priority::Low => "Low",
            Priority::Medium => "Medium",
            Priority::High => "High",
            Priority::Urgent => "Urgent",
        }
    }
    /// The stored name.
    pub fn key(self) -> &'static str {
        match self {
            Priority::None => "none",
            Priority::Low => "low",
            Priority::Medium => "medium",
            Priority::High => "high",
            Priority::Urgent => "urgent",
        }
    }
    /// Parses a stored name.
    pub fn from_key(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|p| p.key() == s)
    }
}

/// A step of a card.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Subtask {
    pub id: Id,
    pub text: String,
    #[serde(default)]
    pub done: bool,
}

/// A record that something was deleted, and when (carried by merges and exports).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Removed {
    pub id: Id,
    #[serde(deserialize_with = "super::timestamp::de")]
    pub at: Ts,
}

/// A time-bound project with its board.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Project {
    pub id: Id,
    #[serde(deserialize_with = "super::timestamp::de")]
    pub created: Ts,
    /// When the project's own fields (name, objective, status, dates) last changed;
    /// columns and cards carry their own stamps.
    #[serde(deserialize_with = "super::timestamp::de")]
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
    /// Columns and cards deleted for good from this project.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub removed: Vec<Removed>,

    // ---- charter ----
    /// What is in scope.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub scope_in: String,
    /// What is explicitly out of scope.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub scope_out: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub deliverables: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub budget: Option<Money>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub stakeholders: Vec<Stakeholder>,

    // ---- board ----
    /// The column that means "done": the starter board's Done, the one a person chose, or an
    /// imported Trello "Done" list. Adding, moving or renaming other columns never changes it;
    /// a record without it (older files) gets the last column when loaded (`normalise`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub done_column: Option<Id>,
    /// Labels cards of this project can carry.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub labels: Vec<Label>,
    /// Every column change of every card, oldest first (for burndown and flow charts).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub moves: Vec<MoveRecord>,
    /// Deleted cards and columns, restorable.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub trash: Vec<TrashEntry>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub risks: Vec<crate::domain::risk::Risk>,
    /// What changed in the project's own fields, and cards deleted, oldest first
    /// (`domain::records`; each card keeps its own).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub activity: Vec<crate::domain::records::Activity>,

    // ---- close-out ----
    /// The day the project was closed (its actual end).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub actual_end: Option<NaiveDate>,
    /// What the team learned, for the next project.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub lessons: String,
    /// Set when the project is in the trash (restorable until emptied).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub trashed: Option<Ts>,
    /// When each of the project's own fields last changed (`domain::stamps`).
    #[serde(default, skip_serializing_if = "Stamps::is_empty")]
    pub stamps: Stamps,
}

/// An amount of money in minor units (cents) of a currency.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Money {
    pub cents: i64,
    /// ISO 4217 code, e.g. "EUR".
    pub currency: String,
}

impl Money {
    /// "12,500.00 EUR".
    pub fn format(&self) -> String {
        format_cents(self.cents, &self.currency)
    }
}

/// Formats minor units with thousands separators: `format_cents(1250000, "EUR")` is
/// "12,500.00 EUR".
pub fn format_cents(cents: i64, currency: &str) -> String {
    let neg = cents < 0;
    let c = cents.unsigned_abs();
    let whole = (c / 100).to_string();
    let mut grouped = String::new();
    for (i, ch) in whole.chars().enumerate() {
        if i > 0 && whole.len().saturating_sub(i).is_multiple_of(3) {
            grouped.push(',');
        }
        grouped.push(ch);
    }
    let sign = if neg { "-" } else { "" };
    format!("{sign}{grouped}.{:02} {currency}", c % 100)
        .trim_end()
        .to_string()
}

/// Parses "12500", "12,500.5" or "12 500,50"-free plain amounts into cents.
pub fn parse_cents(s: &str) -> Option<i64> {
    let t: String = s
        .trim()
        .chars()
        .filter(|c| *c != ',' && *c != ' ')
        .collect();
    if t.is_empty() {
        return None;
    }
    let v: f64 = t.parse().ok()?;
    if !v.is_finite() || v.abs() > 1e13 {
        return None;
    }
    Some((v * 100.0).round() as i64)
}

/// Someone with a stake in the project.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Stakeholder {
    pub id: Id,
    pub name: String,
    #[serde(default)]
    pub role: String,
    /// Outside the company (client, supplier, regulator).
    #[serde(default)]
    pub external: bool,
}

/// A coloured label of a project.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Label {
    pub id: Id,
    pub name: String,
    /// One of [`LABEL_COLOURS`] (chosen for contrast with white text).
    pub color: String,
}

/// Label colours: each keeps white text at 4.5:1 contrast or better.
pub const LABEL_COLOURS: [(&str, &str); 8] = [
    ("#1f6f3f", "Green"),
    ("#8a5300", "Amber"),
    ("#b42318", "Red"),
    ("#6d28d9", "Purple"),
    ("#1f47a3", "Blue"),
    ("#0f6674", "Teal"),
    ("#a3195b", "Pink"),
    ("#475467", "Grey"),
];

/// A card changed column (or appeared, `from: None`) at a time.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MoveRecord {
    pub card: Id,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from: Option<Id>,
    pub to: Id,
    #[serde(deserialize_with = "super::timestamp::de")]
    pub at: Ts,
}

/// Moves the card at `i`, whose rank (or id) just changed, to its place by (rank, id) in
/// `cards`, which are otherwise in order: only the cards in between shift, by one place
/// (taking it out and putting it back would shift every card after each place).
/// Returns its new index.
pub fn resort_card(cards: &mut [Card], i: usize) -> usize {
    let at = {
        let Some((left, rest)) = cards.split_at_checked(i) else {
            return i;
        };
        let Some((me, right)) = rest.split_first() else {
            return i;
        };
        let key = (&me.rank, &me.id);
        (left.partition_point(|c| (&c.rank, &c.id) <= key))
            .saturating_add(right.partition_point(|c| (&c.rank, &c.id) <= key))
    };
    if at > i {
        if let Some(s) = cards.get_mut(i..=at) {
            s.rotate_left(1);
        }
    } else if let Some(s) = cards.get_mut(at..i.saturating_add(1)) {
        s.rotate_right(1);
    }
    at
}

/// A move record's place in the canonical order: by time, then card, origin and
/// destination. Borrowed: a key of copies would allocate three strings per record for
/// every comparison, and opening a project sorts its whole history.
pub fn move_key(m: &MoveRecord) -> (Ts, &Id, Option<&Id>, &Id) {
    (m.at, &m.card, m.from.as_ref(), &m.to)
}

/// The canonical order of move records (see [`move_key`]).
pub fn move_order(a: &MoveRecord, b: &MoveRecord) -> std::cmp::Ordering {
    move_key(a).cmp(&move_key(b))
}

/// Something deleted, kept whole so it can be restored.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TrashEntry {
    #[serde(deserialize_with = "super::timestamp::de")]
    pub at: Ts,
    pub item: Trashed,
}

/// What a trash entry holds.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
// A card is larger than a column's entry; a project's trash holds few entries, so boxing
// would add an allocation and code for nothing a person would notice.
#[allow(clippy::large_enum_variant)]
pub enum Trashed {
    Card(Card),
    Column { column: Column, cards: Vec<Card> },
}

impl TrashEntry {
    /// The id of the deleted column or card.
    pub fn id(&self) -> &Id {
        match &self.item {
            Trashed::Card(c) => &c.id,
            Trashed::Column { column, .. } => &column.id,
        }
    }
    /// What to call it in the trash list.
    pub fn describe(&self) -> String {
        match &self.item {
            Trashed::Card(c) => format!("Card “{}”", c.title),
            Trashed::Column { column, cards } => {
                format!("Column “{}” with {} card(s)", column.name, cards.len())
            }
        }
    }
}

/// The cards in a project's trash: those deleted alone and those of deleted columns.
pub fn trashed_cards(trash: &[TrashEntry]) -> impl Iterator<Item = &Card> {
    trash.iter().flat_map(|t| match &t.item {
        Trashed::Card(c) => std::slice::from_ref(c).iter(),
        Trashed::Column { cards, .. } => cards.iter(),
    })
}

/// [`trashed_cards`], to change.
pub fn trashed_cards_mut(trash: &mut [TrashEntry]) -> impl Iterator<Item = &mut Card> {
    trash.iter_mut().flat_map(|t| match &mut t.item {
        Trashed::Card(c) => std::slice::from_mut(c).iter_mut(),
        Trashed::Column { cards, .. } => cards.iter_mut(),
    })
}

impl Project {
    /// Creates a project with an empty board.
    pub fn new(env: &mut dyn Env, name: &str) -> Res<Project> {
        let name = clean_identity("Project name", name)?;
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
            activity: Vec::new(),
            scope_in: String::new(),
            scope_out: String::new(),
            deliverables: Vec::new(),
            budget: None,
            stakeholders: Vec::new(),
            done_column: None,
            labels: Vec::new(),
            moves: Vec::new(),
            trash: Vec::new(),
            risks: Vec::new(),
            actual_end: None,
            lessons: String::new(),
            trashed: None,
            stamps: Stamps::default(),
        })
    }

    /// Creates a project whose board already has the three columns most teams start with.
    pub fn starter(env: &mut dyn Env, name: &str) -> Res<Project> {
        let mut p = Project::new(env, name)?;
        for col in ["To do", "In progress", "Done"] {
            p.add_column(env, col)?;
        }
        p.settle_done_column();
        Ok(p)
    }

    /// Renames the project.
    pub fn rename(&mut self, env: &mut dyn Env, name: &str) -> Res<()> {
        let name = clean_identity("Project name", name)?;
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
        self.cards
            .iter()
            .filter(move |c| &c.column == column && !c.archived)
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

    /// Adds a column just before the done column (at the right end while no done column is
    /// set, as when a board is being built column by column).
    pub fn add_column(&mut self, env: &mut dyn Env, name: &str) -> Res<Id> {
        let name = clean_name("Column name", name)?;
        let at = self
            .done_column
            .as_ref()
            .and_then(|d| self.column_index(d))
            .unwrap_or(self.columns.len());
        let rank = rank_at(&self.columns, at, |c| &c.rank);
        let now = env.now();
        let id = env.new_id();
        self.columns.insert(
            at,
            Column {
                id: id.clone(),
                created: now,
                updated: now,
                name,
                rank,
                wip_limit: None,
                collapsed: false,
                stamps: Stamps::default(),
            },
        );
        Ok(id)
    }

    /// Makes the done column explicit: while none is set, the last column is the done
    /// column, and from now on it stays so whatever happens to the other columns.
    pub fn settle_done_column(&mut self) {
        if self.done_column.is_none() {
            self.done_column = self.columns.last().map(|c| c.id.clone());
        }
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
        self.settle_done_column();
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

    /// Deletes a column and every card in it into the trash (the UI confirms first, naming
    /// the count). Returns how many cards went with it.
    pub fn delete_column(&mut self, env: &mut dyn Env, id: &Id) -> Res<usize> {
        let idx = self
            .column_index(id)
            .ok_or(DomainError::NotFound("column"))?;
        let column = self.columns.remove(idx);
        let (cards, keep): (Vec<Card>, Vec<Card>) = std::mem::take(&mut self.cards)
            .into_iter()
            .partition(|c| &c.column == id);
        self.cards = keep;
        let n = cards.len();
        if self.done_column.as_ref() == Some(id) {
            self.done_column = None;
        }
        self.trash.push(TrashEntry {
            at: env.now(),
            item: Trashed::Column { column, cards },
        });
        Ok(n)
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
            assignees: Vec::new(),
            start: None,
            due: None,
            priority: Priority::None,
            labels: Vec::new(),
            estimate: None,
            cost_planned: None,
            cost_actual: None,
            subtasks: Vec::new(),
            milestone: false,
            archived: false,
            blocked_by: Vec::new(),
            source: None,
            comments: Vec::new(),
            history: Vec::new(),
            stamps: Stamps::default(),
        };
        self.moves.push(MoveRecord {
            card: id.clone(),
            from: None,
            to: column.clone(),
            at: now,
        });
        self.insert_card_sorted(card);
        Ok(id)
    }

    /// Adds a corrective-action card at the end of the first column, with its description
    /// and where it came from.
    pub fn add_card_from(
        &mut self,
        env: &mut dyn Env,
        title: &str,
        description: &str,
        source: CardSource,
    ) -> Res<Id> {
        let description = super::clean_text("Description", description)?;
        let column = self.columns.first().map(|c| c.id.clone()).ok_or_else(|| {
            DomainError::Invalid(format!(
                "“{}” has no columns yet: add a column to its board first.",
                self.name
            ))
        })?;
        let id = self.add_card(env, &column, title)?;
        if let Some(c) = self.cards.iter_mut().find(|c| c.id == id) {
            c.description = description;
            c.source = Some(Box::new(source));
        }
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

    /// Deletes a card into the trash; cards it blocked no longer wait for it.
    pub fn delete_card(&mut self, env: &mut dyn Env, id: &Id) -> Res<()> {
        let idx = self
            .cards
            .iter()
            .position(|c| &c.id == id)
            .ok_or(DomainError::NotFound("card"))?;
        let card = self.cards.remove(idx);
        let now = env.now();
        for c in &mut self.cards {
            if c.blocked_by.contains(id) {
                c.blocked_by.retain(|b| b != id);
                c.updated = now;
            }
        }
        self.trash.push(TrashEntry {
            at: now,
            item: Trashed::Card(card),
        });
        Ok(())
    }

    /// Moves a card to `column` at position `to` among that column's other cards
    /// (0 = top, clamped to the bottom). Only the moved card's column and rank change.
    pub fn move_card(&mut self, env: &mut dyn Env, id: &Id, column: &Id, to: usize) -> Res<()> {
        self.move_card_to(env, id, column, to).map(|_| ())
    }

    /// [`Project::move_card`], telling where the card is now in `cards`.
    pub fn move_card_to(
        &mut self,
        env: &mut dyn Env,
        id: &Id,
        column: &Id,
        to: usize,
    ) -> Res<usize> {
        if self.column(column).is_none() {
            return Err(DomainError::NotFound("column"));
        }
        let (idx, me) = (self.cards.iter().enumerate())
            .find(|(_, c)| &c.id == id)
            .ok_or(DomainError::NotFound("card"))?;
        let old_pos = (!me.archived).then(|| {
            (self.cards.iter().take(idx))
                .filter(|c| c.column == me.column && !c.archived)
                .count()
        });
        // The destination's other cards, only as far as the new place's neighbours.
        let near: Vec<&Card> = self
            .cards
            .iter()
            .enumerate()
            .filter(|(i, c)| *i != idx && &c.column == column && !c.archived)
            .map(|(_, c)| c)
            .take(to.saturating_add(1))
            .collect();
        let to = to.min(near.len());
        if &me.column == column && old_pos == Some(to) {
            return Ok(idx);
        }
        let lo = (to.checked_sub(1))
            .and_then(|i| near.get(i))
            .map(|c| c.rank.as_str());
        let hi = near.get(to).map(|c| c.rank.as_str());
        let rank = rank::between(lo, hi);
        let now = env.now();
        let card = self
            .cards
            .get_mut(idx)
            .ok_or(DomainError::NotFound("card"))?;
        if &card.column != column {
            self.moves.push(MoveRecord {
                card: card.id.clone(),
                from: Some(card.column.clone()),
                to: column.clone(),
                at: now,
            });
        }
        card.column = column.clone();
        card.rank = rank;
        card.updated = now;
        Ok(resort_card(&mut self.cards, idx))
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
        // Canonical order of the records, so equal content compares equal.
        sort::sort_by(&mut self.removed, |a, b| {
            a.id.cmp(&b.id).then(b.at.cmp(&a.at))
        });
        self.removed.dedup_by(|a, b| a.id == b.id);
        sort::sort_by(&mut self.trash, |a, b| {
            a.at.cmp(&b.at).then_with(|| a.id().cmp(b.id()))
        });
        sort::sort_by(&mut self.moves, move_order);
        sort::sort_by(&mut self.risks, |a, b| {
            a.created.cmp(&b.created).then(a.id.cmp(&b.id))
        });
        sort::sort_by(&mut self.columns, |a, b| {
            a.rank.cmp(&b.rank).then(a.id.cmp(&b.id))
        });
        sort::sort_by(&mut self.cards, |a, b| {
            a.rank.cmp(&b.rank).then(a.id.cmp(&b.id))
        });
        // Comments read oldest first (a merge picks them in id order).
        for c in self
            .cards
            .iter_mut()
            .chain(trashed_cards_mut(&mut self.trash))
        {
            if !c
                .comments
                .is_sorted_by(|a, b| (a.at, &a.id) <= (b.at, &b.id))
            {
                sort::sort_by(&mut c.comments, |a, b| {
                    a.at.cmp(&b.at).then(a.id.cmp(&b.id))
                });
            }
        }
        // Lists of ids are sets (`stamps::as_set`): older copies kept them in any order.
        for c in &mut self.cards {
            for list in [&mut c.assignees, &mut c.labels, &mut c.blocked_by] {
                if !list.is_sorted() || list.windows(2).any(|w| w.first() == w.get(1)) {
                    *list = super::stamps::as_set(std::mem::take(list));
                }
            }
            // Subtasks in id order, each once (a merge's order; new subtasks' ids begin with
            // the time they were added, so this is the order people added them).
            if !c.subtasks.is_sorted_by(|a, b| a.id < b.id) {
                sort::sort_by(&mut c.subtasks, |a, b| a.id.cmp(&b.id));
                c.subtasks.dedup_by(|a, b| a.id == b.id);
            }
        }
        // A card stored twice (a damaged or hand-edited store) is kept once: its newest copy.
        let mut seen = std::collections::HashSet::with_capacity(self.cards.len());
        if !self.cards.iter().all(|c| seen.insert(&c.id)) {
            let before = self.cards.len();
            sort::sort_by(&mut self.cards, |a, b| {
                a.id.cmp(&b.id).then(b.updated.cmp(&a.updated))
            });
            self.cards.dedup_by(|a, b| a.id == b.id);
            sort::sort_by(&mut self.cards, |a, b| {
                a.rank.cmp(&b.rank).then(a.id.cmp(&b.id))
            });
            notes.push(format!(
                "{} card(s) of \"{}\" were stored twice; the newer copy of each is kept.",
                before.saturating_sub(self.cards.len()),
                self.name
            ));
        }
        // Cards with no column at all to go to (a damaged record): a column is made for
        // them, so nothing stored is hidden.
        if self.columns.is_empty() && !self.cards.is_empty() {
            self.columns.push(Column {
                // (An id of at most 64 characters, as every stored id must be.)
                id: Id(format!(
                    "recovered-{}",
                    self.id.0.get(..54).unwrap_or(&self.id.0)
                )),
                created: self.updated,
                updated: self.updated,
                name: "Recovered cards".into(),
                rank: crate::domain::rank::between(None, None),
                wip_limit: None,
                collapsed: false,
                stamps: Stamps::default(),
            });
            notes.push(format!(
                "\"{}\" had cards but no columns: they are in a new column, \"Recovered cards\".",
                self.name
            ));
        }
        let first = self.columns.first().map(|c| c.id.clone());
        let known: std::collections::HashSet<Id> =
            self.columns.iter().map(|c| c.id.clone()).collect();
        let mut orphans: usize = 0;
        self.cards.retain_mut(|c| {
            if known.contains(&c.column) {
                return true;
            }
            match &first {
                Some(f) => {
                    c.column = f.clone();
                    orphans = orphans.saturating_add(1);
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
