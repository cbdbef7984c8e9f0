//! The board's model: each card a view shows in a signal of its own (made when a view first
//! asks for it), and each column's cards as an ordered list of ids, kept up to date from
//! what each change touched. Where every card sits (its column and rank) and whom it is
//! assigned to is kept for all of them: the lists' order and the filter's people need it.
//!
//! The model learns of changes from [`AppState::on_project_change`]: a change names the
//! cards it added, changed or removed, so only those cards' signals and the lists of the
//! columns they left or joined are set (and only those views re-render). A change that may
//! have touched any card (an import, another tab's write) rebuilds the model from the
//! project, keeping the signals of cards that did not change.
//!
//! [`AppState::on_project_change`]: crate::ui::state::AppState::on_project_change

use crate::domain::{Card, Column, Id, Label, Project};
use crate::ui::state::ProjectTouched;
use leptos::prelude::*;
use std::collections::HashMap;

/// A column's card ids, in order.
pub type Ids = ArcRwSignal<Vec<Id>>;

/// See the module notes.
#[derive(Clone, Copy)]
pub struct BoardModel {
    project: RwSignal<Project>,
    /// The signals of the cards views have asked for, by id.
    cards: StoredValue<HashMap<Id, ArcRwSignal<Card>>>,
    /// Every card on the board (archived cards are not), by id.
    places: StoredValue<HashMap<Id, Place>>,
    /// Each column's cards, in order, by column id.
    lists: StoredValue<HashMap<Id, Ids>>,
    /// The columns, in order, with their settings.
    pub columns: RwSignal<Vec<Column>>,
    /// The project's labels (card faces show their names and colours).
    pub labels: RwSignal<Vec<Label>>,
    /// The column that counts as done.
    pub done: RwSignal<Option<Id>>,
    /// How many cards on the board each person is assigned to.
    counts: StoredValue<HashMap<Id, usize>>,
    /// The people assigned to at least one card on the board (for the filter).
    pub assignees: RwSignal<Vec<Id>>,
}

/// Where a card sits on the board, and whom it is assigned to.
#[derive(Clone)]
struct Place {
    column: Id,
    rank: String,
    assignees: Vec<Id>,
}

impl Place {
    fn of(c: &Card) -> Place {
        Place {
            column: c.column.clone(),
            rank: c.rank.clone(),
            assignees: c.assignees.clone(),
        }
    }
}

impl BoardModel {
    /// The model of `project` as it is now; call it in the board's component, which it
    /// then listens for (see the module notes).
    pub fn new(project: RwSignal<Project>) -> BoardModel {
        let model = project.with_untracked(|p| BoardModel {
            project,
            cards: StoredValue::new(HashMap::new()),
            places: StoredValue::new(HashMap::new()),
            lists: StoredValue::new(HashMap::new()),
            columns: RwSignal::new(p.columns.clone()),
            labels: RwSignal::new(p.labels.clone()),
            done: RwSignal::new(p.done_column_id().cloned()),
            counts: StoredValue::new(HashMap::new()),
            assignees: RwSignal::new(Vec::new()),
        });
        model.rebuild();
        model
    }

    /// The signal of a card on the board (made from the project the first time it is asked
    /// for).
    pub fn card(&self, id: &Id) -> Option<ArcRwSignal<Card>> {
        if let Some(sig) = self.cards.with_value(|m| m.get(id).cloned()) {
            return Some(sig);
        }
        let rank = self
            .places
            .with_value(|m| m.get(id).map(|w| w.rank.clone()))?;
        let card = self
            .project
            .with_untracked(|p| self.find(p, id, Some(&rank)).cloned())?;
        let sig = ArcRwSignal::new(card);
        self.cards.update_value(|m| {
            m.insert(id.clone(), sig.clone());
        });
        Some(sig)
    }

    /// The list of a column's cards (an empty one for a column the model does not know).
    pub fn list(&self, column: &Id) -> Ids {
        self.lists
            .with_value(|l| l.get(column).cloned())
            .unwrap_or_default()
    }

    /// Where a card is: its column, its position there and how many cards the column has.
    pub fn place(&self, card: &Id) -> Option<(Id, usize, usize)> {
        let column = self
            .places
            .with_value(|m| m.get(card).map(|w| w.column.clone()))?;
        let pos = self
            .list(&column)
            .with_untracked(|v| Some((v.iter().position(|x| x == card)?, v.len())))?;
        Some((column, pos.0, pos.1))
    }

    /// A column's index from the left and the number of columns.
    pub fn column_index(&self, column: &Id) -> Option<(usize, usize)> {
        self.columns.with_untracked(|cs| {
            cs.iter()
                .position(|c| &c.id == column)
                .map(|i| (i, cs.len()))
        })
    }

    /// Brings the model up to date with a change to its project.
    pub fn apply(&self, touched: &ProjectTouched) {
        let Some(ids) = &touched.cards else {
            return self.rebuild();
        };
        self.project.with_untracked(|p| {
            if touched.head {
                self.set_head(p);
            }
            for id in ids {
                self.apply_card(p, id);
            }
            if touched.head {
                self.forget_columns(p);
            }
        });
    }

    /// The project's own fields the board shows; lists for new columns.
    fn set_head(&self, p: &Project) {
        if self.columns.with_untracked(|c| c != &p.columns) {
            self.columns.set(p.columns.clone());
        }
        if self.labels.with_untracked(|l| l != &p.labels) {
            self.labels.set(p.labels.clone());
        }
        let done = p.done_column_id();
        if self.done.with_untracked(|d| d.as_ref() != done) {
            self.done.set(done.cloned());
        }
        self.lists.update_value(|l| {
            for c in &p.columns {
                l.entry(c.id.clone()).or_default();
            }
        });
    }

    /// Drops the lists of columns that are gone.
    fn forget_columns(&self, p: &Project) {
        self.lists
            .update_value(|l| l.retain(|id, _| p.columns.iter().any(|c| &c.id == id)));
    }

    /// The card `id` as it is in `p`, when it is on the board. Found by the rank it had (the
    /// cards are in rank order), or looked for when that changed.
    fn find<'p>(&self, p: &'p Project, id: &Id, rank: Option<&str>) -> Option<&'p Card> {
        let by_rank = rank.and_then(|r| {
            let i = p
                .cards
                .partition_point(|c| (c.rank.as_str(), &c.id) < (r, id));
            p.cards.get(i).filter(|c| &c.id == id)
        });
        by_rank
            .or_else(|| p.card(id))
            .filter(|c| !c.archived && self.lists.with_value(|l| l.contains_key(&c.column)))
    }

    fn apply_card(&self, p: &Project, id: &Id) {
        let was = self.places.with_value(|m| m.get(id).cloned());
        let now = self.find(p, id, was.as_ref().map(|w| w.rank.as_str()));
        let sig = self.cards.with_value(|m| m.get(id).cloned());
        match (was, now) {
            (None, None) => {}
            (Some(was), None) => {
                self.list(&was.column).update(|v| v.retain(|x| x != id));
                self.count(&was.assignees, false);
                self.places.update_value(|m| {
                    m.remove(id);
                });
                self.cards.update_value(|m| {
                    m.remove(id);
                });
            }
            (None, Some(c)) => {
                self.count(&c.assignees, true);
                self.places
                    .update_value(|m| drop(m.insert(id.clone(), Place::of(c))));
                self.insert(c);
            }
            (Some(was), Some(c)) => {
                let moved = was.column != c.column || was.rank != c.rank;
                if moved {
                    self.list(&was.column).update(|v| v.retain(|x| x != id));
                }
                if was.assignees != c.assignees {
                    self.count(&was.assignees, false);
                    self.count(&c.assignees, true);
                }
                self.places
                    .update_value(|m| drop(m.insert(id.clone(), Place::of(c))));
                if let Some(sig) = sig.filter(|sig| sig.with_untracked(|old| old != c)) {
                    sig.set(c.clone());
                }
                if moved {
                    self.insert(c);
                }
            }
        }
    }

    /// Puts a card (whose place is up to date) in its column's list, at its place by rank.
    fn insert(&self, c: &Card) {
        let key = (c.rank.as_str(), &c.id);
        let at = self.list(&c.column).with_untracked(|v| {
            self.places.with_value(|m| {
                v.partition_point(|x| m.get(x).is_some_and(|o| (o.rank.as_str(), x) < key))
            })
        });
        self.list(&c.column).update(|v| v.insert(at, c.id.clone()));
    }

    /// Counts (or uncounts) a card's assignees; the list of people follows.
    fn count(&self, people: &[Id], add: bool) {
        if people.is_empty() {
            return;
        }
        let mut changed = false;
        self.counts.update_value(|m| {
            for a in people {
                let n = m.entry(a.clone()).or_default();
                let before = *n > 0;
                *n = if add { *n + 1 } else { n.saturating_sub(1) };
                changed |= before != (*n > 0);
            }
            m.retain(|_, n| *n > 0);
        });
        if changed {
            let mut who: Vec<Id> = self.counts.with_value(|m| m.keys().cloned().collect());
            crate::domain::sort::sort_by(&mut who, Ord::cmp);
            self.assignees.set(who);
        }
    }

    /// Makes the model match the project again: every card is looked at, and signals are
    /// set only where something changed.
    fn rebuild(&self) {
        self.project.with_untracked(|p| {
            self.set_head(p);
            let mut lists: HashMap<Id, Vec<Id>> = p
                .columns
                .iter()
                .map(|c| (c.id.clone(), Vec::new()))
                .collect();
            let mut counts: HashMap<Id, usize> = HashMap::new();
            let mut places = HashMap::with_capacity(p.cards.len());
            for c in p.cards.iter().filter(|c| !c.archived) {
                let Some(list) = lists.get_mut(&c.column) else {
                    continue;
                };
                list.push(c.id.clone());
                for a in &c.assignees {
                    *counts.entry(a.clone()).or_default() += 1;
                }
                places.insert(c.id.clone(), Place::of(c));
            }
            // The signals views hold: set where the card changed, dropped where it is gone.
            self.cards.update_value(|m| {
                m.retain(|id, sig| {
                    let Some(c) = places.get(id).and_then(|w| self.find(p, id, Some(&w.rank)))
                    else {
                        return false;
                    };
                    if sig.with_untracked(|o| o != c) {
                        sig.set(c.clone());
                    }
                    true
                });
            });
            self.places.set_value(places);
            self.lists.update_value(|l| {
                for (col, ids) in lists.drain() {
                    match l.get(&col) {
                        Some(sig) => {
                            if sig.with_untracked(|v| v != &ids) {
                                sig.set(ids);
                            }
                        }
                        None => {
                            l.insert(col, ArcRwSignal::new(ids));
                        }
                    }
                }
            });
            self.forget_columns(p);
            let mut who: Vec<Id> = counts.keys().cloned().collect();
            crate::domain::sort::sort_by(&mut who, Ord::cmp);
            self.counts.set_value(counts);
            if self.assignees.with_untracked(|a| a != &who) {
                self.assignees.set(who);
            }
        });
    }
}
