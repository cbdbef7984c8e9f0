//! Undo and redo for the session.
//!
//! A step made by the app is a [`Patch`]: only what an operation changed (the cards it
//! touched, the project's own fields when they changed, the tail of the move history), so
//! recording a step on a board of thousands of cards copies a card or two, not the project.
//! The stack keeps one copy of each edited project as of its last step (the *base*): an
//! operation is diffed against it, and the base follows each step, undo and redo.
//! Whole-project steps ([`Step`]) remain for callers that have both copies at hand.

use super::{Card, Id, MoveRecord, Project, Ts};
use std::collections::{BTreeSet, HashMap};

/// One undoable step that remembers the whole project before and after.
#[derive(Clone, Debug, PartialEq)]
pub struct Step {
    /// What the user did, for the buttons' labels ("Undo move card").
    pub label: String,
    pub project: Id,
    /// `None` when the step created the project.
    pub before: Option<Project>,
    /// `None` when the step deleted the project.
    pub after: Option<Project>,
}

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

/// An entry of the stacks.
#[derive(Clone, Debug, PartialEq)]
pub enum Change {
    Whole(Box<Step>),
    Patch(PatchStep),
}

impl Change {
    pub fn label(&self) -> &str {
        match self {
            Change::Whole(s) => &s.label,
            Change::Patch(s) => &s.label,
        }
    }
    pub fn project(&self) -> &Id {
        match self {
            Change::Whole(s) => &s.project,
            Change::Patch(s) => &s.project,
        }
    }
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
        actual_end,
        lessons,
        trashed,
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
        actual_end: *actual_end,
        lessons: lessons.clone(),
        trashed: *trashed,
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
        actual_end,
        lessons,
        trashed,
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
        && risks == &b.risks
        && actual_end == &b.actual_end
        && lessons == &b.lessons
        && trashed == &b.trashed
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
        p.cards[i].clone_from(c);
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
                    i += 1;
                    j += 1;
                }
                std::cmp::Ordering::Less => {
                    left.push(a);
                    last_a = Some(a);
                    i += 1;
                }
                std::cmp::Ordering::Greater => {
                    arrived.push(b);
                    last_b = Some(b);
                    j += 1;
                }
            },
            (Some(a), None) => {
                left.push(a);
                last_a = Some(a);
                i += 1;
            }
            (None, Some(b)) => {
                arrived.push(b);
                last_b = Some(b);
                j += 1;
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
    gone.sort_by(|a, b| a.id.cmp(&b.id));
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
                before.moves[common..].to_vec(),
                after.moves[common..].to_vec(),
            )
        });
        Patch { cards, head, moves }
    }

    /// [`Patch::diff`] for an operation that changed at most the cards `touched` and the
    /// project's own fields, and only added to the end of the move history (a card move):
    /// those cards are compared, not every card of the project.
    pub fn diff_touching(before: &Project, after: &Project, touched: &[Id]) -> Patch {
        let find = |p: &Project, id: &Id| p.cards.iter().find(|c| &c.id == id).cloned();
        let cards = touched
            .iter()
            .filter_map(|id| {
                let (a, b) = (find(before, id), find(after, id));
                (a != b).then(|| (id.clone(), a, b))
            })
            .collect();
        let head = (!head_eq(before, after)).then(|| Box::new((head(before), head(after))));
        let common = before.moves.len().min(after.moves.len());
        let moves = (before.moves.len() != after.moves.len()).then(|| {
            (
                common,
                before.moves[common..].to_vec(),
                after.moves[common..].to_vec(),
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

/// The session's undo and redo stacks.
#[derive(Clone, Debug, Default)]
pub struct UndoStack {
    undo: Vec<Change>,
    redo: Vec<Change>,
    /// Each edited project as of its last step.
    base: HashMap<Id, Project>,
    /// The project whose remembered copy is known to be as it is now: made or checked by
    /// [`UndoStack::prepare`] and kept by [`UndoStack::record_change`]; anything else that
    /// changes a project calls [`UndoStack::forget_known`].
    known: Option<Id>,
}

/// Room kept for new move records in a project's history (see [`UndoStack::prepare`]).
pub const SPARE_MOVES: usize = 64;

/// How many steps are kept (older ones are dropped).
pub const LIMIT: usize = 100;

impl UndoStack {
    fn push(&mut self, c: Change) {
        self.undo.push(c);
        if self.undo.len() > LIMIT {
            self.undo.remove(0);
        }
        self.redo.clear();
    }

    /// Records a whole-project step; a new step clears what could be redone.
    pub fn record(&mut self, step: Step) {
        if step.before == step.after {
            return;
        }
        self.base.remove(&step.project);
        self.known = None;
        self.push(Change::Whole(Box::new(step)));
    }

    /// Call before an operation on `p`: makes sure the remembered copy is `p` as it is now
    /// (comparing is cheap; the copy is made again only when something else changed `p`).
    pub fn prepare(&mut self, p: &Project) {
        match self.base.get_mut(&p.id) {
            Some(b) if b == p => {}
            Some(b) => b.clone_from(p),
            None => {
                let mut copy = p.clone();
                // Room for the move records of the next steps: a copy has none spare, and
                // growing a long history copies all of it.
                copy.moves.reserve(SPARE_MOVES);
                self.base.insert(p.id.clone(), copy);
            }
        }
        self.known = Some(p.id.clone());
    }

    /// [`UndoStack::prepare`], skipped (true) when the copy is known to be `p` already: the
    /// last operation was on this project and nothing else changed it since (comparing a big
    /// project costs more than the rest of a move).
    pub fn prepare_known(&mut self, p: &Project) -> bool {
        if self.known.as_ref() == Some(&p.id) && self.base.contains_key(&p.id) {
            return true;
        }
        self.prepare(p);
        false
    }

    /// Whether the remembered copy of `p` is `p` (for checking [`UndoStack::prepare_known`]).
    pub fn remembers(&self, p: &Project) -> bool {
        self.base.get(&p.id) == Some(p)
    }

    /// Something other than an operation recorded here changed a project.
    pub fn forget_known(&mut self) {
        self.known = None;
    }

    /// Call after the operation: records what changed since [`UndoStack::prepare`] as a step
    /// (nothing when nothing changed) and returns it.
    pub fn record_change(&mut self, label: &str, p: &Project) -> Option<Patch> {
        self.record_with(label, p, Patch::diff)
    }

    /// [`UndoStack::record_change`] after an operation that changed at most the cards
    /// `touched` and appended to the move history (see [`Patch::diff_touching`]). Debug
    /// builds diff the whole project as well, and keep that patch if they differ.
    pub fn record_change_touching(
        &mut self,
        label: &str,
        p: &Project,
        touched: &[Id],
    ) -> Option<Patch> {
        self.record_with(label, p, |base, p| {
            let patch = Patch::diff_touching(base, p, touched);
            if cfg!(debug_assertions) {
                let full = Patch::diff(base, p);
                debug_assert_eq!(patch, full, "an operation touched more than it said");
                return full;
            }
            patch
        })
    }

    fn record_with(
        &mut self,
        label: &str,
        p: &Project,
        diff: impl FnOnce(&Project, &Project) -> Patch,
    ) -> Option<Patch> {
        let base = self.base.get_mut(&p.id)?;
        let patch = diff(base, p);
        if patch.is_empty() {
            return None;
        }
        patch.apply(base, true);
        self.push(Change::Patch(PatchStep {
            label: label.to_string(),
            project: p.id.clone(),
            patch: patch.clone(),
        }));
        Some(patch)
    }

    /// The change to undo, moved to the redo stack. For a patch the caller applies it
    /// backwards to the project; for a whole step it puts `before` back.
    pub fn undo_change(&mut self) -> Option<Change> {
        let c = self.undo.pop()?;
        self.follow(&c, false);
        self.redo.push(c.clone());
        Some(c)
    }

    /// The change to redo, moved back to the undo stack.
    pub fn redo_change(&mut self) -> Option<Change> {
        let c = self.redo.pop()?;
        self.follow(&c, true);
        self.undo.push(c.clone());
        Some(c)
    }

    /// Keeps the remembered copy in step with an undo or redo.
    fn follow(&mut self, c: &Change, forward: bool) {
        self.known = None;
        match c {
            Change::Patch(s) => {
                if let Some(b) = self.base.get_mut(&s.project) {
                    s.patch.apply(b, forward);
                }
            }
            Change::Whole(s) => {
                self.base.remove(&s.project);
            }
        }
    }

    /// The next whole-project step to undo, moved to the redo stack (`None` when there is
    /// none, or when the next change is a patch: see [`UndoStack::undo_change`]).
    pub fn undo(&mut self) -> Option<Step> {
        match self.undo.last() {
            Some(Change::Whole(_)) => match self.undo_change()? {
                Change::Whole(s) => Some(*s),
                Change::Patch(_) => None,
            },
            _ => None,
        }
    }

    /// The next whole-project step to redo (see [`UndoStack::undo`]).
    pub fn redo(&mut self) -> Option<Step> {
        match self.redo.last() {
            Some(Change::Whole(_)) => match self.redo_change()? {
                Change::Whole(s) => Some(*s),
                Change::Patch(_) => None,
            },
            _ => None,
        }
    }

    /// Label of the next undo.
    pub fn next_undo(&self) -> Option<&str> {
        self.undo.last().map(Change::label)
    }

    /// Label of the next redo.
    pub fn next_redo(&self) -> Option<&str> {
        self.redo.last().map(Change::label)
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
            match stack.undo_change().unwrap() {
                Change::Patch(s) => s.patch.apply(&mut p, false),
                Change::Whole(_) => panic!("a patch"),
            }
            assert_eq!(&p, want);
        }
        assert!(stack.undo_change().is_none());
        for want in [&v1, &v2, &v3] {
            match stack.redo_change().unwrap() {
                Change::Patch(s) => s.patch.apply(&mut p, true),
                Change::Whole(_) => panic!("a patch"),
            }
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
            ids.sort();
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
            proptest::prop_assert_eq!(
                Patch::diff_touching(&before, &p, std::slice::from_ref(&id)),
                Patch::diff(&before, &p)
            );
        }
    }
}
