//! What a project keeps on record: comments on its cards, and the history of what changed —
//! who moved a card, changed its dates, its scope or its costs, and when; who changed the
//! project's dates, budget or scope. The history is how a manager explains a slipped
//! deadline.
//!
//! A card's history is kept on the card, the project's own (its fields, and cards deleted)
//! on the project, so each is written with what it describes. Entries are only ever added:
//! two copies merge by taking every entry either has ([`join`]); undoing a change adds the
//! entries of the change back, it does not remove the first ones. Comments merge like a
//! card's subtasks: each is added or deleted as its newest stamp says.

use super::project::{format_cents, Card, Project};
use super::{DomainError, Env, Id, Res, Ts};
use serde::{Deserialize, Serialize};

/// The longest comment, in characters.
pub const COMMENT_MAX: usize = 10_000;

/// A comment on a card.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Comment {
    pub id: Id,
    #[serde(deserialize_with = "super::timestamp::de")]
    pub at: Ts,
    /// Who wrote it (a person of the directory); none when nobody was chosen.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub author: Option<Id>,
    pub text: String,
}

/// One change on record.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Activity {
    #[serde(deserialize_with = "super::timestamp::de")]
    pub at: Ts,
    /// On the project's history: the card it is about (one that was deleted).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub card: Option<Id>,
    /// What changed ([`What`]'s key).
    pub what: String,
    /// Who changed it (a person of the directory); none when nobody was chosen.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub by: Option<Id>,
    /// The value before, in words (a column's name, a date, an amount); empty when there was
    /// none.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub from: String,
    /// The value after, in words; empty when there is none now.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub to: String,
}

/// The changes history records, with the words a list shows for them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum What {
    Added,
    Deleted,
    Column,
    Title,
    Start,
    Due,
    Estimate,
    CostPlanned,
    CostActual,
    Assignees,
    Archived,
    Name,
    ProjectStart,
    TargetEnd,
    Status,
    Budget,
    ScopeIn,
    ScopeOut,
    Deliverables,
    ActualEnd,
}

impl What {
    pub const ALL: [What; 20] = [
        What::Added,
        What::Deleted,
        What::Column,
        What::Title,
        What::Start,
        What::Due,
        What::Estimate,
        What::CostPlanned,
        What::CostActual,
        What::Assignees,
        What::Archived,
        What::Name,
        What::ProjectStart,
        What::TargetEnd,
        What::Status,
        What::Budget,
        What::ScopeIn,
        What::ScopeOut,
        What::Deliverables,
        What::ActualEnd,
    ];

    pub fn key(self) -> &'static str {
        match self {
            What::Added => "added",
            What::Deleted => "deleted",
            What::Column => "column",
            What::Title => "title",
            What::Start => "start",
            What::Due => "due",
            What::Estimate => "estimate",
            What::CostPlanned => "cost_planned",
            What::CostActual => "cost_actual",
            What::Assignees => "assignees",
            What::Archived => "archived",
            What::Name => "name",
            What::ProjectStart => "project_start",
            What::TargetEnd => "target_end",
            What::Status => "status",
            What::Budget => "budget",
            What::ScopeIn => "scope_in",
            What::ScopeOut => "scope_out",
            What::Deliverables => "deliverables",
            What::ActualEnd => "actual_end",
        }
    }

    pub fn from_key(k: &str) -> Option<What> {
        What::ALL.into_iter().find(|w| w.key() == k)
    }

    /// What changed, in words ("the due date").
    pub fn noun(self) -> &'static str {
        match self {
            What::Added => "the card",
            What::Deleted => "the card",
            What::Column => "the column",
            What::Title => "the title",
            What::Start => "the start date",
            What::Due => "the due date",
            What::Estimate => "the estimate",
            What::CostPlanned => "the planned cost",
            What::CostActual => "the actual cost",
            What::Assignees => "who is assigned",
            What::Archived => "archived",
            What::Name => "the project's name",
            What::ProjectStart => "the project's start",
            What::TargetEnd => "the target end",
            What::Status => "the status",
            What::Budget => "the budget",
            What::ScopeIn => "what is in scope",
            What::ScopeOut => "what is out of scope",
            What::Deliverables => "the deliverables",
            What::ActualEnd => "the actual end",
        }
    }

    /// Does it change the project's dates, scope or money (what explains a slipped
    /// deadline or an overspend)?
    pub fn kind(self) -> &'static str {
        match self {
            What::Start | What::Due | What::ProjectStart | What::TargetEnd | What::ActualEnd => {
                "dates"
            }
            What::Added
            | What::Deleted
            | What::Title
            | What::Estimate
            | What::ScopeIn
            | What::ScopeOut
            | What::Deliverables
            | What::Archived => "scope",
            What::CostPlanned | What::CostActual | What::Budget => "money",
            What::Column | What::Assignees | What::Name | What::Status => "work",
        }
    }
}

impl Activity {
    /// The entry in words, without who and when: "moved from To do to Doing", "changed the
    /// due date from 2026-04-01 to 2026-04-08".
    pub fn describe(&self) -> String {
        let (from, to) = (self.from.as_str(), self.to.as_str());
        let Some(what) = What::from_key(&self.what) else {
            return format!("changed {}", self.what);
        };
        match what {
            What::Added => format!("added the card to {to}"),
            What::Deleted => format!("deleted the card “{from}”"),
            What::Column => format!("moved it from {from} to {to}"),
            What::Archived if to.is_empty() => "restored it to the board".into(),
            What::Archived => "archived it".into(),
            What::ScopeIn | What::ScopeOut | What::Deliverables => {
                format!("changed {}", what.noun())
            }
            _ => match (from.is_empty(), to.is_empty()) {
                (true, false) => format!("set {} to {to}", what.noun()),
                (false, true) => format!("cleared {} (was {from})", what.noun()),
                _ => format!("changed {} from {from} to {to}", what.noun()),
            },
        }
    }
}

/// Every entry either list has, once, oldest first (the order [`Activity`] sorts in).
pub fn join(a: &[Activity], b: &[Activity]) -> Vec<Activity> {
    if a.windows(2).all(|w| w.first() < w.last()) && b.iter().all(|e| a.contains(e)) {
        return a.to_vec();
    }
    let mut out: Vec<Activity> = a.iter().chain(b).cloned().collect();
    super::sort::sort_by(&mut out, |x, y| x.cmp(y));
    out.dedup();
    out
}

/// Every entry of a project's history, each entry of a card's own (live or in the trash)
/// marked with the card it is about.
pub fn tagged(p: &Project) -> impl Iterator<Item = Activity> + '_ {
    let own = p.cards.iter().chain(trashed_cards(p)).flat_map(marked);
    p.activity.iter().cloned().chain(own)
}

/// The entries of the cards `before`'s trash held that are neither in `after`'s trash nor
/// among `live` (deleted for good), marked with their card: the project keeps them.
pub fn dropped<'a>(
    before: &'a Project,
    after: &Project,
    live: &[Card],
) -> impl Iterator<Item = Activity> + 'a {
    let kept: std::collections::HashSet<Id> = trashed_cards(after)
        .chain(live)
        .map(|c| c.id.clone())
        .collect();
    trashed_cards(before)
        .filter(move |c| !kept.contains(&c.id))
        .flat_map(marked)
}

/// Drops from a project's `log` the entries of cards deleted for good that are back in
/// `after`'s trash or among `live` (whose copies hold them again).
pub fn forget_returned(log: &mut Vec<Activity>, after: &Project, live: &[Card]) {
    fn of_dropped(a: &Activity) -> Option<&Id> {
        a.card.as_ref().filter(|_| a.what != What::Deleted.key())
    }
    let wanted: std::collections::HashSet<&Id> = log.iter().filter_map(of_dropped).collect();
    if wanted.is_empty() {
        return;
    }
    let returned: std::collections::HashSet<Id> = trashed_cards(after)
        .chain(live)
        .filter(|c| wanted.contains(&c.id))
        .map(|c| c.id.clone())
        .collect();
    log.retain(|a| of_dropped(a).is_none_or(|id| !returned.contains(id)));
}

fn trashed_cards(p: &Project) -> impl Iterator<Item = &Card> {
    super::project::trashed_cards(&p.trash)
}

/// A card's own entries, marked with the card.
fn marked(c: &Card) -> impl Iterator<Item = Activity> + '_ {
    c.history.iter().map(|a| Activity {
        card: Some(c.id.clone()),
        ..a.clone()
    })
}

/// Puts each entry of `pool` ([`tagged`] entries) where it is kept: an entry about a card
/// that is here (live or in the trash) on the card, unmarked; the project's own, a card's
/// deletion and the entries of a card deleted for good on the project, marked with their
/// card. Where an entry goes depends only on the entry and which cards are here, so a merge
/// that pools every copy's entries places them the same in any order (a card deleted for
/// good and brought back by a newer edit elsewhere gets its entries back).
pub fn place(p: &mut Project, pool: impl IntoIterator<Item = Activity>) {
    use std::collections::BTreeMap;
    let mut by_card: BTreeMap<Id, Vec<Activity>> = BTreeMap::new();
    for c in p.cards.iter().chain(trashed_cards(p)) {
        by_card.entry(c.id.clone()).or_default();
    }
    let mut own = Vec::new();
    for mut a in pool {
        let card = a.card.take();
        match card {
            Some(id) if a.what != What::Deleted.key() => match by_card.get_mut(&id) {
                Some(list) => list.push(a),
                None => {
                    a.card = Some(id);
                    own.push(a);
                }
            },
            card => {
                a.card = card;
                own.push(a);
            }
        }
    }
    p.activity = join(&own, &[]);
    let trash = super::project::trashed_cards_mut(&mut p.trash);
    for c in p.cards.iter_mut().chain(trash) {
        if let Some(list) = by_card.get(&c.id) {
            c.history = join(list, &[]);
        }
    }
}

fn day(d: Option<chrono::NaiveDate>) -> String {
    d.map(|d| d.to_string()).unwrap_or_default()
}

fn money(c: Option<i64>) -> String {
    c.map(|c| format_cents(c, "")).unwrap_or_default()
}

fn hours(h: Option<f64>) -> String {
    h.map(|h| format!("{h} h")).unwrap_or_default()
}

/// A column's name in `p` (its id when it is gone).
fn column_name(p: &Project, id: &Id) -> String {
    p.column(id)
        .map_or_else(|| id.to_string(), |c| c.name.clone())
}

/// What changed on a card, as entries (without time and author): `before` is `None` for
/// a card just added.
pub fn card_changes(
    p: &Project,
    before: Option<&Card>,
    after: &Card,
) -> Vec<(What, String, String)> {
    let mut out = Vec::new();
    let Some(b) = before else {
        out.push((What::Added, String::new(), column_name(p, &after.column)));
        return out;
    };
    // Values are compared first and only what changed is written out: a move changes
    // the column alone, and formatting every field (dates, hours, money) twice would
    // cost it for nothing.
    let a = after;
    if b.column != a.column {
        out.push((
            What::Column,
            column_name(p, &b.column),
            column_name(p, &a.column),
        ));
    }
    if b.title != a.title {
        out.push((What::Title, b.title.clone(), a.title.clone()));
    }
    if b.start != a.start {
        out.push((What::Start, day(b.start), day(a.start)));
    }
    if b.due != a.due {
        out.push((What::Due, day(b.due), day(a.due)));
    }
    if b.estimate != a.estimate {
        out.push((What::Estimate, hours(b.estimate), hours(a.estimate)));
    }
    if b.cost_planned != a.cost_planned {
        out.push((
            What::CostPlanned,
            money(b.cost_planned),
            money(a.cost_planned),
        ));
    }
    if b.cost_actual != a.cost_actual {
        out.push((What::CostActual, money(b.cost_actual), money(a.cost_actual)));
    }
    if b.assignees != a.assignees {
        let ids = |c: &Card| {
            c.assignees
                .iter()
                .map(Id::to_string)
                .collect::<Vec<_>>()
                .join(" ")
        };
        out.push((What::Assignees, ids(b), ids(a)));
    }
    if b.archived != a.archived {
        let archived = |x: bool| if x { "yes".to_string() } else { String::new() };
        out.push((What::Archived, archived(b.archived), archived(a.archived)));
    }
    out
}

/// What changed in a project's own fields, as entries (without time and author).
pub fn head_changes(before: &Project, after: &Project) -> Vec<(What, String, String)> {
    let mut out = Vec::new();
    let mut diff = |w: What, from: String, to: String| {
        if from != to {
            out.push((w, from, to));
        }
    };
    diff(What::Name, before.name.clone(), after.name.clone());
    diff(What::ProjectStart, day(before.start), day(after.start));
    diff(
        What::TargetEnd,
        day(before.target_end),
        day(after.target_end),
    );
    diff(
        What::ActualEnd,
        day(before.actual_end),
        day(after.actual_end),
    );
    diff(
        What::Status,
        before.status.label().to_string(),
        after.status.label().to_string(),
    );
    let budget = |p: &Project| p.budget.as_ref().map(|m| m.format()).unwrap_or_default();
    diff(What::Budget, budget(before), budget(after));
    // Long texts: recorded as changed, not copied.
    let changed = |a: bool| {
        if a {
            "changed".to_string()
        } else {
            String::new()
        }
    };
    diff(
        What::ScopeIn,
        String::new(),
        changed(before.scope_in != after.scope_in),
    );
    diff(
        What::ScopeOut,
        String::new(),
        changed(before.scope_out != after.scope_out),
    );
    diff(
        What::Deliverables,
        String::new(),
        changed(before.deliverables != after.deliverables),
    );
    out
}

/// Entries for `changes`, made at `at` by `by`.
pub fn entries(
    changes: Vec<(What, String, String)>,
    at: Ts,
    by: Option<&Id>,
    card: Option<&Id>,
) -> Vec<Activity> {
    changes
        .into_iter()
        .map(|(w, from, to)| Activity {
            at,
            card: card.cloned(),
            what: w.key().to_string(),
            by: by.cloned(),
            from,
            to,
        })
        .collect()
}

impl Project {
    /// Adds a comment to a card; returns its id.
    pub fn add_comment(
        &mut self,
        env: &mut dyn Env,
        card: &Id,
        author: Option<Id>,
        text: &str,
    ) -> Res<Id> {
        let text = text.trim();
        if text.is_empty() {
            return Err(DomainError::Empty("comment"));
        }
        if text.chars().count() > COMMENT_MAX {
            return Err(DomainError::TooLong("comment", COMMENT_MAX));
        }
        let at = env.now();
        let id = env.new_id();
        let c = self.card_mut(card)?;
        c.comments.push(Comment {
            id: id.clone(),
            at,
            author,
            text: text.to_string(),
        });
        c.updated = at;
        Ok(id)
    }

    /// Deletes a comment from a card.
    pub fn delete_comment(&mut self, env: &mut dyn Env, card: &Id, comment: &Id) -> Res<()> {
        let at = env.now();
        let c = self.card_mut(card)?;
        let before = c.comments.len();
        c.comments.retain(|x| &x.id != comment);
        if c.comments.len() == before {
            return Err(DomainError::NotFound("comment"));
        }
        c.updated = at;
        Ok(())
    }

    /// The project's history with every card's (cards still here or in the trash), newest
    /// first, each with the id of the card it is about.
    pub fn history(&self) -> Vec<(Option<&Id>, &Activity)> {
        let trashed = trashed_cards(self);
        let mut out: Vec<(Option<&Id>, &Activity)> = self
            .activity
            .iter()
            .map(|a| (a.card.as_ref(), a))
            .chain(
                self.cards
                    .iter()
                    .chain(trashed)
                    .flat_map(|c| c.history.iter().map(move |a| (Some(&c.id), a))),
            )
            .collect();
        super::sort::sort_by(&mut out, |x, y| y.1.cmp(x.1));
        out
    }
}
