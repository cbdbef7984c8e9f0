//! Undo and redo for the session.
//!
//! A step made by the app is a [`Patch`]: only what an operation changed (the cards it
//! touched, the project's own fields when they changed, the tail of the move history), so
//! recording a step on a board of thousands of cards copies a card or two, not the project.
//! An operation that says which cards it may touch (a move) is recorded from copies of
//! those cards taken before it ([`Before`]). Any other operation is diffed against a copy of
//! the project as of its last step (the *base*, made on the first such operation), which
//! follows each step, undo and redo. The session (`crate::session`) is the only caller: it
//! owns the projects, so a base is never out of step with its project.

use super::{Card, Id, MoveRecord, Project, Ts};
use std::collections::{BTreeSet, HashMap};

/// What an operation changed in one project: enough to go back and forth.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct Patch {
    /// Each card that changed: (id, before, after); `None` when it did not exist.
    pub cards: Vec<(Id, Option<Card>, Option<Card>)>,
    /// The project's own fields (without cards and moves), before and after, when changed.
    pub head: Option<Box<(Project, Project)>>,
    /// The move history: the length of the unchanged beginning, then what followed it
    /// before and after.
    pub moves: Option<(usize, Vec<MoveRecord>, Vec<MoveRecord>)>,
}

/// A step made of a patch.
#[derive(Clone, Debug, PartialEq)]
pub struct PatchStep {
    pub label: String,
    pub project: Id,
    pub patch: Patch,
}

/// The project's own fields, without its cards and moves (the destructuring names every
/// field, so a new one must be considered here).
pub fn head(p: &Project) -> Project {
    let Project {
        id,
        created,
        updated,
        name,
        objective,
        status,
        start,
        target_end,
        columns,
        cards: _,
        removed,
        scope_in,
        scope_out,
        deliverables,
        budget,
        stakeholders,
        done_column,
        labels,
        moves: _,
        trash,
        risks,
        activity,
        actual_end,
        lessons,
        trashed,
        stamps,
    } = p;
    Project {
        id: id.clone(),
        created: *created,
        updated: *updated,
        name: name.clone(),
        objective: objective.clone(),
        status: *status,
        start: *start,
        target_end: *target_end,
        columns: columns.clone(),
        cards: Vec::new(),
        removed: removed.clone(),
        scope_in: scope_in.clone(),
        scope_out: scope_out.clone(),
        deliverables: deliverables.clone(),
        budget: budget.clone(),
        stakeholders: stakeholders.clone(),
        done_column: done_column.clone(),
        labels: labels.clone(),
        moves: Vec::new(),
        trash: trash.clone(),
        risks: risks.clone(),
        activity: activity.clone(),
        actual_end: *actual_end,
        lessons: lessons.clone(),
        trashed: *trashed,
        stamps: stamps.clone(),
    }
}

/// Do the project's own fields (all but cards and moves) match?
pub fn head_eq(a: &Project, b: &Project) -> bool {
    let Project {
        id,
        created,
        updated,
        name,
        objective,
        status,
        start,
        target_end,
        columns,
        cards: _,
        removed,
        scope_in,
        scope_out,
        deliverables,
        budget,
        stakeholders,
        done_column,
        labels,
        moves: _,
        trash,
        risks,
        activity,
        actual_end,
        lessons,
        trashed,
        stamps,
    } = a;
    id == &b.id
        && created == &b.created
        && updated == &b.updated
        && name == &b.name
        && objective == &b.objective
        && status == &b.status
        && start == &b.start
        && target_end == &b.target_end
        && columns == &b.columns
        && removed == &b.removed
        && scope_in == &b.scope_in
        && scope_out == &b.scope_out
        && deliverables == &b.deliverables
        && budget == &b.budget
        && stakeholders == &b.stakeholders
        && done_column == &b.done_column
        && labels == &b.labels
        && trash == &b.trash
        && activity == &b.activity
        && risks == &b.risks
        && actual_end == &b.actual_end
        && lessons == &b.lessons
        && trashed == &b.trashed
        && stamps == &b.stamps
}

/// Sets the project's own fields from `h` (a [`head`]), keeping its cards and moves.
fn set_head(p: &mut Project, h: &Project) {
    let cards = std::mem::take(&mut p.cards);
    let moves = std::mem::take(&mut p.moves);
    *p = h.clone();
    p.cards = cards;
    p.moves = moves;
}

/// Puts a card in (or takes it out, for `None`) keeping the cards sorted by (rank, id).
fn put_card(p: &mut Project, id: &Id, card: Option<&Card>) {
    let at = p.cards.iter().position(|c| &c.id == id);
    if let (Some(i), Some(c)) = (at, card) {
        if let Some(old) = p.cards.get_mut(i) {
            old.clone_from(c);
        }
        crate::domain::project::resort_card(&mut p.cards, i);
        return;
    }
    if let Some(i) = at {
        p.cards.remove(i);
    }
    if let Some(c) = card {
        let at = p
            .cards
            .partition_point(|x| (&x.rank, &x.id) <= (&c.rank, &c.id));
        p.cards.insert(at, c.clone());
    }
}

type CardChange = (Id, Option<Card>, Option<Card>);

/// The cards changed from `before` to `after` when both keep their cards in order (by rank,
/// then id, as projects do): one walk over both finds the cards that are the same, and
/// those on one side only (a moved card changes rank, so it leaves one place and arrives at
/// another). `None` when either is out of order.
fn walk_sorted(before: &Project, after: &Project) -> Option<Vec<CardChange>> {
    fn key(c: &Card) -> (&str, &str) {
        (c.rank.as_str(), c.id.as_str())
    }
    let mut cards = Vec::new();
    let (mut left, mut arrived) = (Vec::new(), Vec::new());
    let (mut i, mut j) = (0, 0);
    let (mut last_a, mut last_b): (Option<&Card>, Option<&Card>) = (None, None);
    let in_order = |last: Option<&Card>, c: &Card| last.is_none_or(|l| key(l) <= key(c));
    loop {
        let (a, b) = (before.cards.get(i), after.cards.get(j));
        if let Some(a) = a {
            if !in_order(last_a, a) {
                return None;
            }
        }
        if let Some(b) = b {
            if !in_order(last_b, b) {
                return None;
            }
        }
        match (a, b) {
            (Some(a), Some(b)) => match key(a).cmp(&key(b)) {
                std::cmp::Ordering::Equal => {
                    if a != b {
                        cards.push((a.id.clone(), Some(a.clone()), Some(b.clone())));
                    }
                    (last_a, last_b) = (Some(a), Some(b));
                    i = i.saturating_add(1);
                    j = j.saturating_add(1);
                }
                std::cmp::Ordering::Less => {
                    left.push(a);
                    last_a = Some(a);
                    i = i.saturating_add(1);
                }
                std::cmp::Ordering::Greater => {
                    arrived.push(b);
                    last_b = Some(b);
                    j = j.saturating_add(1);
                }
            },
            (Some(a), None) => {
                left.push(a);
                last_a = Some(a);
                i = i.saturating_add(1);
            }
            (None, Some(b)) => {
                arrived.push(b);
                last_b = Some(b);
                j = j.saturating_add(1);
            }
            (None, None) => break,
        }
    }
    let mut left: HashMap<&Id, &Card> = left.into_iter().map(|c| (&c.id, c)).collect();
    for b in arrived {
        let a = left.remove(&b.id);
        cards.push((b.id.clone(), a.cloned(), Some(b.clone())));
    }
    let mut gone: Vec<&Card> = left.into_values().collect();
    crate::domain::sort::sort_by(&mut gone, |a, b| a.id.cmp(&b.id));
    for a in gone {
        cards.push((a.id.clone(), Some(a.clone()), None));
    }
    Some(cards)
}

impl Patch {
    /// What changed from `before` to `after` (the same project).
    pub fn diff(before: &Project, after: &Project) -> Patch {
        let mut cards = Vec::new();
        // Cards are sorted the same way in both: most stay at the same index.
        let same_order = before.cards.len() == after.cards.len()
            && before
                .cards
                .iter()
                .zip(&after.cards)
                .all(|(a, b)| a.id == b.id);
        if same_order {
            for (a, b) in before.cards.iter().zip(&after.cards) {
                if a != b {
                    cards.push((a.id.clone(), Some(a.clone()), Some(b.clone())));
                }
            }
        } else if let Some(walked) = walk_sorted(before, after) {
            cards = walked;
        } else {
            let old: HashMap<&Id, &Card> = before.cards.iter().map(|c| (&c.id, c)).collect();
            let new: HashMap<&Id, &Card> = after.cards.iter().map(|c| (&c.id, c)).collect();
            for b in &after.cards {
                match old.get(&b.id) {
                    Some(a) if *a == b => {}
                    a => cards.push((b.id.clone(), a.map(|a| (*a).clone()), Some(b.clone()))),
                }
            }
            for a in &before.cards {
                if !new.contains_key(&a.id) {
                    cards.push((a.id.clone(), Some(a.clone()), None));
                }
            }
        }
        let head = (!head_eq(before, after)).then(|| Box::new((head(before), head(after))));
        let moves = (before.moves != after.moves).then(|| {
            let common = before
                .moves
                .iter()
                .zip(&after.moves)
                .take_while(|(a, b)| a == b)
                .count();
            (
                common,
                before.moves.get(common..).unwrap_or_default().to_vec(),
                after.moves.get(common..).unwrap_or_default().to_vec(),
            )
        });
        Patch { cards, head, moves }
    }

    /// Nothing changed.
    pub fn is_empty(&self) -> bool {
        self.cards.is_empty() && self.head.is_none() && self.moves.is_none()
    }

    /// Takes `p` from the state before the patch to the state after it (`forward`), or back.
    pub fn apply(&self, p: &mut Project, forward: bool) {
        for (id, before, after) in &self.cards {
            put_card(p, id, if forward { after } else { before }.as_ref());
        }
        if let Some(h) = &self.head {
            set_head(p, if forward { &h.1 } else { &h.0 });
        }
        if let Some((common, before, after)) = &self.moves {
            p.moves.truncate(*common);
            p.moves
                .extend(if forward { after } else { before }.iter().cloned());
        }
    }

    /// The same change the other way round (applying it forwards undoes this one).
    pub fn reversed(self) -> Patch {
        Patch {
            cards: self
                .cards
                .into_iter()
                .map(|(id, a, b)| (id, b, a))
                .collect(),
            head: self.head.map(|h| {
                let (a, b) = *h;
                Box::new((b, a))
            }),
            moves: self.moves.map(|(common, a, b)| (common, b, a)),
        }
    }

    /// The ids of the cards it touches.
    pub fn card_ids(&self) -> Vec<Id> {
        self.cards.iter().map(|(id, _, _)| id.clone()).collect()
    }

    /// Times of the move records it adds or removes (their months are rewritten).
    pub fn move_times(&self) -> Vec<Ts> {
        let mut at: BTreeSet<Ts> = BTreeSet::new();
        if let Some((_, before, after)) = &self.moves {
            at.extend(before.iter().chain(after).map(|m| m.at));
        }
        at.into_iter().collect()
    }
}

/// Copies taken before an operation that changes at most the cards it names and the
/// project's own fields, and only adds to the end of the move history (a card move): the
/// step is found from them without comparing every card of the project.
pub struct Before {
    cards: Vec<(Id, Option<Card>)>,
    head: Project,
    moves: usize,
}

impl Before {
    /// Copies of the cards `touched`, the project's own fields and the history's length.
    pub fn of(p: &Project, touched: &[Id]) -> Before {
        Before {
            cards: touched
                .iter()
                .map(|id| (id.clone(), p.cards.iter().find(|c| &c.id == id).cloned()))
                .collect(),
            head: head(p),
            moves: p.moves.len(),
        }
    }

    /// What the operation changed, now that `after` is the project after it.
    pub fn patch(self, after: &Project) -> Patch {
        let cards = self
            .cards
            .into_iter()
            .filter_map(|(id, a)| {
                let b = after.cards.iter().find(|c| c.id == id).cloned();
                (a != b).then_some((id, a, b))
            })
            .collect();
        let head = (!head_eq(&self.head, after)).then(|| Box::new((self.head, head(after))));
        let common = self.moves.min(after.moves.len());
        let moves = (after.moves.len() != self.moves).then(|| {
            (
                common,
                Vec::new(),
                after.moves.get(common..).unwrap_or_default().to_vec(),
            )
        });
        Patch { cards, head, moves }
    }
}

/// The session's undo and redo stacks.
#[derive(Clone, Debug, Default)]
pub struct UndoStack {
    undo: Vec<PatchStep>,
    redo: Vec<PatchStep>,
    /// Projects as of their last step (made by [`UndoStack::prepare`]).
    base: HashMap<Id, Project>,
}

/// How many steps are kept (older ones are dropped).
pub const LIMIT: usize = 100;

impl UndoStack {
    /// Call before an operation on `p` whose change will be found by comparing
    /// ([`UndoStack::record_change`]): copies `p` if this is its first.
    pub fn prepare(&mut self, p: &Project) {
        if !self.base.contains_key(&p.id) {
            self.base.insert(p.id.clone(), p.clone());
        }
    }

    /// `p` as of its last step, when [`UndoStack::prepare`] made a copy.
    pub fn base(&self, id: &Id) -> Option<&Project> {
        self.base.get(id)
    }

    /// `p` as of its last step, to change along with it.
    pub fn base_mut(&mut self, id: &Id) -> Option<&mut Project> {
        self.base.get_mut(id)
    }

    /// Call after the operation: records what changed since the last step of `p` (nothing
    /// when nothing changed, or when `p` was not prepared) and returns it.
    pub fn record_change(&mut self, label: &str, p: &Project) -> Option<Patch> {
        let patch = Patch::diff(self.base.get(&p.id)?, p);
        if patch.is_empty() {
            return None;
        }
        self.record(label, &p.id, patch.clone());
        Some(patch)
    }

    /// Records a step found otherwise (see [`Before`]); a new step clears what could be
    /// redone.
    pub fn record(&mut self, label: &str, project: &Id, patch: Patch) {
        if patch.is_empty() {
            return;
        }
        if let Some(b) = self.base.get_mut(project) {
            patch.apply(b, true);
        }
        self.undo.push(PatchStep {
            label: label.to_string(),
            project: project.clone(),
            patch,
        });
        if self.undo.len() > LIMIT {
            self.undo.remove(0);
        }
        self.redo.clear();
    }

    /// The step to undo (the caller applies its patch backwards), moved to the redo stack.
    pub fn undo(&mut self) -> Option<PatchStep> {
        let s = self.undo.pop()?;
        if let Some(b) = self.base.get_mut(&s.project) {
            s.patch.apply(b, false);
        }
        self.redo.push(s.clone());
        Some(s)
    }

    /// The step to redo (the caller applies its patch forwards), moved back to the undo
    /// stack.
    pub fn redo(&mut self) -> Option<PatchStep> {
        let s = self.redo.pop()?;
        if let Some(b) = self.base.get_mut(&s.project) {
            s.patch.apply(b, true);
        }
        self.undo.push(s.clone());
        Some(s)
    }

    /// A project changed other than by a recorded step, or was deleted: its steps and its
    /// copy go (putting a step back would undo the other change too).
    pub fn forget(&mut self, project: &Id) {
        self.base.remove(project);
        self.undo.retain(|s| &s.project != project);
        self.redo.retain(|s| &s.project != project);
    }

    /// Label of the next undo.
    pub fn next_undo(&self) -> Option<&str> {
        self.undo.last().map(|s| s.label.as_str())
    }

    /// Label of the next redo.
    pub fn next_redo(&self) -> Option<&str> {
        self.redo.last().map(|s| s.label.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::env::FixedEnv;

    #[test]
    fn patches_go_back_and_forth() {
        let t0 = chrono::DateTime::parse_from_rfc3339("2026-11-27T10:00:00Z")
            .unwrap()
            .with_timezone(&chrono::Utc);
        let mut env = FixedEnv::new(t0, 7);
        let mut p = Project::starter(&mut env, "P").unwrap();
        let cols: Vec<Id> = p.columns.iter().map(|c| c.id.clone()).collect();
        let a = p.add_card(&mut env, &cols[0], "A").unwrap();
        let _b = p.add_card(&mut env, &cols[0], "B").unwrap();
        let mut stack = UndoStack::default();
        let v0 = p.clone();
        stack.prepare(&p);
        env.advance(60);
        p.move_card(&mut env, &a, &cols[1], 0).unwrap();
        let patch = stack.record_change("move card", &p).unwrap();
        assert_eq!(patch.card_ids(), vec![a.clone()]);
        assert!(patch.head.is_none());
        assert_eq!(patch.move_times().len(), 1);
        let v1 = p.clone();
        stack.prepare(&p);
        env.advance(60);
        p.rename(&mut env, "Q").unwrap();
        let patch = stack.record_change("rename", &p).unwrap();
        assert!(patch.cards.is_empty() && patch.head.is_some());
        let v2 = p.clone();
        stack.prepare(&p);
        let c = p.add_card(&mut env, &cols[2], "C").unwrap();
        p.delete_card(&mut env, &a).unwrap();
        stack.record_change("two things", &p).unwrap();
        let v3 = p.clone();
        // Nothing changed: no step.
        stack.prepare(&p);
        assert!(stack.record_change("nothing", &p).is_none());
        assert_eq!(stack.next_undo(), Some("two things"));
        for want in [&v2, &v1, &v0] {
            stack.undo().unwrap().patch.apply(&mut p, false);
            assert_eq!(&p, want);
        }
        assert!(stack.undo().is_none());
        for want in [&v1, &v2, &v3] {
            stack.redo().unwrap().patch.apply(&mut p, true);
            assert_eq!(&p, want);
        }
        assert!(p.card(&c).is_some());
        // The remembered copy followed: the next step diffs against the right state.
        stack.prepare(&p);
        p.rename(&mut env, "R").unwrap();
        let patch = stack.record_change("rename", &p).unwrap();
        assert!(patch.cards.is_empty());
    }

    /// A starter project with 30 cards spread over its columns, and the column ids.
    #[cfg(not(target_arch = "wasm32"))]
    fn thirty_cards(seed: u64) -> (FixedEnv, Project, Vec<Id>) {
        let t0 = chrono::DateTime::parse_from_rfc3339("2026-11-27T10:00:00Z")
            .unwrap()
            .with_timezone(&chrono::Utc);
        let mut env = FixedEnv::new(t0, seed);
        let mut p = Project::starter(&mut env, "P").unwrap();
        let cols: Vec<Id> = p.columns.iter().map(|c| c.id.clone()).collect();
        for i in 0..30 {
            p.add_card(&mut env, &cols[i % cols.len()], &format!("Card {i}"))
                .unwrap();
        }
        (env, p, cols)
    }

    #[cfg(not(target_arch = "wasm32"))]
    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(64))]
        /// Whatever a few operations did, the patch takes the project from before to after
        /// and back, and names each changed card once.
        #[test]
        fn a_patch_is_exactly_the_change(seed in 0u64..1_000_000, ops in proptest::collection::vec((0u8..4, 0usize..40, 0usize..4, 0usize..40), 1..6)) {
            let (mut env, mut p, cols) = thirty_cards(seed);
            let before = p.clone();
            for (op, a, col, to) in ops {
                env.advance(1);
                let ids: Vec<Id> = p.cards.iter().map(|c| c.id.clone()).collect();
                let id = ids[a % ids.len()].clone();
                match op {
                    0 => p.move_card(&mut env, &id, &cols[col % cols.len()], to % 12).unwrap(),
                    1 => p.edit_card(&mut env, &id, &format!("Edited {a}"), "d").unwrap(),
                    2 => { p.add_card(&mut env, &cols[col % cols.len()], "New").unwrap(); }
                    _ => p.delete_card(&mut env, &id).unwrap(),
                }
            }
            let patch = Patch::diff(&before, &p);
            let mut ids = patch.card_ids();
            crate::domain::sort::sort_by(&mut ids, Ord::cmp);
            let n = ids.len();
            ids.dedup();
            proptest::prop_assert_eq!(ids.len(), n);
            let mut q = before.clone();
            patch.apply(&mut q, true);
            proptest::prop_assert_eq!(&q, &p);
            patch.apply(&mut q, false);
            proptest::prop_assert_eq!(&q, &before);
        }

        /// A card move's patch from the moved card alone is the same as from the whole
        /// project (moves within and across columns, to any place, including no move).
        #[test]
        fn a_moves_patch_needs_only_its_card(seed in 0u64..1_000_000, a in 0usize..40, col in 0usize..4, to in 0usize..14) {
            let (mut env, mut p, cols) = thirty_cards(seed);
            p.move_card(&mut env, &p.cards[3].id.clone(), &cols[1], 0).unwrap();
            let before = p.clone();
            env.advance(1);
            let id = p.cards[a % p.cards.len()].id.clone();
            p.move_card(&mut env, &id, &cols[col % cols.len()], to).unwrap();
            let copies = Before::of(&before, std::slice::from_ref(&id));
            proptest::prop_assert_eq!(copies.patch(&p), Patch::diff(&before, &p));
        }
    }
}
