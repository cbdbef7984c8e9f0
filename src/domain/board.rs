//! The richer operations of a project (the projects issue): its charter, column settings,
//! labels, every field of a card, subtasks, dependencies, archive, trash, and closing.

use super::draft::{Draft, Overwritten};
use super::project::{
    Card, Label, Money, Priority, Removed, Stakeholder, Subtask, TrashEntry, Trashed, LABEL_COLOURS,
};
use super::sort;
use super::{clean_name, clean_text, DomainError, Env, Id, Project, ProjectStatus, Res};
use chrono::NaiveDate;
use std::collections::HashSet;

/// Everything the charter form edits.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct Charter {
    pub objective: String,
    pub scope_in: String,
    pub scope_out: String,
    pub deliverables: Vec<String>,
    pub start: Option<NaiveDate>,
    pub target_end: Option<NaiveDate>,
    pub budget: Option<Money>,
    /// (name, role, external)
    pub stakeholders: Vec<(String, String, bool)>,
    pub status: ProjectStatus,
}

/// Everything the card dialog edits in one go (subtasks and dependencies have their own
/// operations so they can change while the dialog is open).
#[derive(Clone, Debug, PartialEq, Default)]
pub struct CardFields {
    pub title: String,
    pub description: String,
    pub assignees: Vec<Id>,
    pub start: Option<NaiveDate>,
    pub due: Option<NaiveDate>,
    pub priority: Priority,
    pub labels: Vec<Id>,
    pub estimate: Option<f64>,
    pub cost_planned: Option<i64>,
    pub cost_actual: Option<i64>,
    pub milestone: bool,
}

impl CardFields {
    /// The fields of an existing card (to fill the dialog).
    pub fn of(c: &Card) -> CardFields {
        CardFields {
            title: c.title.clone(),
            description: c.description.clone(),
            assignees: c.assignees.clone(),
            start: c.start,
            due: c.due,
            priority: c.priority,
            labels: c.labels.clone(),
            estimate: c.estimate,
            cost_planned: c.cost_planned,
            cost_actual: c.cost_actual,
            milestone: c.milestone,
        }
    }
}

/// A card's dialog: the fields it edits, its subtasks and its blockers.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct CardDraft {
    pub fields: CardFields,
    pub subtasks: Vec<Subtask>,
    pub blockers: Vec<Id>,
}

impl CardDraft {
    /// The card as it is (what the dialog opens with).
    pub fn of(c: &Card) -> CardDraft {
        CardDraft {
            fields: CardFields::of(c),
            subtasks: c.subtasks.clone(),
            blockers: c.blocked_by.clone(),
        }
    }
}

fn shown_date(d: Option<NaiveDate>) -> String {
    d.map(|d| d.to_string()).unwrap_or_else(|| "no date".into())
}

fn shown_number(n: Option<f64>) -> String {
    n.map(|n| n.to_string()).unwrap_or_else(|| "none".into())
}

fn shown_cents(c: Option<i64>) -> String {
    c.map(|c| super::project::format_cents(c, ""))
        .unwrap_or_else(|| "none".into())
}

/// A list of ids after the person's edit: what they added or removed since the dialog
/// opened, applied to the list as it is now (so another's additions stay).
fn replay(now: &[Id], opened: &[Id], mine: &[Id]) -> Vec<Id> {
    // Kept: whatever is there now, except what the person removed.
    let mut out: Vec<Id> = now
        .iter()
        .filter(|i| !opened.contains(i) || mine.contains(i))
        .cloned()
        .collect();
    for i in mine.iter().filter(|i| !opened.contains(i)) {
        if !out.contains(i) {
            out.push(i.clone());
        }
    }
    out
}

fn dates_in_order(what: &str, start: Option<NaiveDate>, end: Option<NaiveDate>) -> Res<()> {
    use super::validate::{FIRST_YEAR, LAST_YEAR};
    use chrono::Datelike;
    for d in [start, end].into_iter().flatten() {
        if !(FIRST_YEAR..=LAST_YEAR).contains(&d.year()) {
            return Err(DomainError::Invalid(format!(
                "{d} is outside the years {FIRST_YEAR} to {LAST_YEAR}: pick another date."
            )));
        }
    }
    if let (Some(s), Some(e)) = (start, end) {
        if e < s {
            return Err(DomainError::Invalid(format!(
                "The {what} ({e}) is before the start ({s}): pick a later date."
            )));
        }
    }
    Ok(())
}

impl Project {
    /// Replaces the charter. Deliverables and stakeholders with empty names are dropped.
    pub fn set_charter(&mut self, env: &mut dyn Env, c: Charter) -> Res<()> {
        let objective = clean_text("Objective", &c.objective)?;
        let scope_in = clean_text("Scope (in)", &c.scope_in)?;
        let scope_out = clean_text("Scope (out)", &c.scope_out)?;
        dates_in_order("target end", c.start, c.target_end)?;
        let deliverables: Vec<String> = c
            .deliverables
            .iter()
            .filter(|d| !d.trim().is_empty())
            .map(|d| clean_name("Deliverable", d))
            .collect::<Res<_>>()?;
        super::at_most(
            "deliverables",
            deliverables.len(),
            super::validate::max::PER_PROJECT,
        )?;
        if let Some(b) = &c.budget {
            if b.cents < 0 {
                return Err(DomainError::Invalid("The budget can't be negative.".into()));
            }
            let cur = b.currency.trim();
            if cur.len() != 3 || !cur.chars().all(|ch| ch.is_ascii_alphabetic()) {
                return Err(DomainError::Invalid(format!(
                    "“{cur}” is not a currency code: use three letters such as EUR, USD or GBP."
                )));
            }
        }
        let mut stakeholders = Vec::new();
        for (name, role, external) in c.stakeholders.iter() {
            if name.trim().is_empty() {
                continue;
            }
            let name = clean_name("Stakeholder name", name)?;
            // One entry per name (their ids are kept by name).
            if stakeholders.iter().any(|s: &Stakeholder| s.name == name) {
                continue;
            }
            // Keep ids of stakeholders that stay, so merges see edits, not churn.
            let id = self
                .stakeholders
                .iter()
                .find(|s| s.name == name)
                .map(|s| s.id.clone())
                .unwrap_or_else(|| env.new_id());
            stakeholders.push(Stakeholder {
                id,
                name,
                role: super::clean_short("Stakeholder role", role)?,
                external: *external,
            });
        }
        super::at_most(
            "stakeholders",
            stakeholders.len(),
            super::validate::max::PER_PROJECT,
        )?;
        self.objective = objective;
        self.scope_in = scope_in;
        self.scope_out = scope_out;
        self.deliverables = deliverables;
        self.start = c.start;
        self.target_end = c.target_end;
        self.budget = c.budget.map(|b| Money {
            cents: b.cents,
            currency: b.currency.trim().to_uppercase(),
        });
        self.stakeholders = stakeholders;
        self.status = c.status;
        if c.status != ProjectStatus::Closed {
            self.actual_end = None;
        }
        self.updated = env.now();
        Ok(())
    }

    /// What the charter form shows.
    pub fn charter(&self) -> Charter {
        Charter {
            objective: self.objective.clone(),
            scope_in: self.scope_in.clone(),
            scope_out: self.scope_out.clone(),
            deliverables: self.deliverables.clone(),
            start: self.start,
            target_end: self.target_end,
            budget: self.budget.clone(),
            stakeholders: self
                .stakeholders
                .iter()
                .map(|s| (s.name.clone(), s.role.clone(), s.external))
                .collect(),
            status: self.status,
        }
    }

    /// Saves the charter form: what the person changed since it showed `opened`, onto the
    /// charter as it is now (see [`super::draft`]).
    pub fn save_charter_draft(
        &mut self,
        env: &mut dyn Env,
        opened: &Charter,
        mine: Charter,
    ) -> Res<Vec<Overwritten>> {
        let (c, clashes) = self.charter().rebase(opened, mine);
        self.set_charter(env, c)?;
        Ok(clashes)
    }

    /// Closes the project on `day` with the lessons learned; the report is drawn from it.
    pub fn close(&mut self, env: &mut dyn Env, day: NaiveDate, lessons: &str) -> Res<()> {
        let lessons = clean_text("Lessons learned", lessons)?;
        if let Some(s) = self.start {
            if day < s {
                return Err(DomainError::Invalid(format!(
                    "The closing day ({day}) is before the project started ({s})."
                )));
            }
        }
        self.status = ProjectStatus::Closed;
        self.actual_end = Some(day);
        self.lessons = lessons;
        self.updated = env.now();
        Ok(())
    }

    /// Reopens a closed project.
    pub fn reopen(&mut self, env: &mut dyn Env) -> Res<()> {
        if self.status != ProjectStatus::Closed {
            return Err(DomainError::Invalid("The project is not closed.".into()));
        }
        self.status = ProjectStatus::Active;
        self.actual_end = None;
        self.updated = env.now();
        Ok(())
    }

    /// Moves the whole project to the trash (restorable until emptied).
    pub fn move_to_trash(&mut self, env: &mut dyn Env) -> Res<()> {
        if self.trashed.is_some() {
            return Err(DomainError::Invalid(
                "The project is already in the trash.".into(),
            ));
        }
        let now = env.now();
        self.trashed = Some(now);
        self.updated = now;
        Ok(())
    }

    /// Takes the project out of the trash.
    pub fn restore_from_trash(&mut self, env: &mut dyn Env) -> Res<()> {
        if self.trashed.is_none() {
            return Err(DomainError::Invalid(
                "The project is not in the trash.".into(),
            ));
        }
        self.trashed = None;
        self.updated = env.now();
        Ok(())
    }

    // ---- columns ----

    /// The column that counts as done: the chosen one, else the last column.
    pub fn done_column_id(&self) -> Option<&Id> {
        self.done_column
            .as_ref()
            .filter(|id| self.column(id).is_some())
            .or_else(|| self.columns.last().map(|c| &c.id))
    }

    /// Is this card done (in the done column)?
    pub fn is_done(&self, card: &Card) -> bool {
        self.done_column_id() == Some(&card.column)
    }

    /// Marks which column means done.
    pub fn set_done_column(&mut self, env: &mut dyn Env, id: &Id) -> Res<()> {
        if self.column(id).is_none() {
            return Err(DomainError::NotFound("column"));
        }
        self.done_column = Some(id.clone());
        self.updated = env.now();
        Ok(())
    }

    /// Sets or clears a column's work-in-progress limit (at least 1).
    pub fn set_wip_limit(&mut self, env: &mut dyn Env, id: &Id, limit: Option<u32>) -> Res<()> {
        if limit == Some(0) {
            return Err(DomainError::Invalid(
                "A WIP limit must be at least 1 (leave it empty for no limit).".into(),
            ));
        }
        let now = env.now();
        let c = self.column_mut(id)?;
        c.wip_limit = limit;
        c.updated = now;
        Ok(())
    }

    fn column_mut(&mut self, id: &Id) -> Res<&mut crate::domain::Column> {
        self.columns
            .iter_mut()
            .find(|c| &c.id == id)
            .ok_or(DomainError::NotFound("column"))
    }

    /// (cards, limit) when a column holds more cards than its limit.
    pub fn wip_excess(&self, id: &Id) -> Option<(usize, u32)> {
        let limit = self.column(id)?.wip_limit?;
        let n = self.cards_in(id).count();
        (n > limit as usize).then_some((n, limit))
    }

    /// Folds or unfolds a column.
    pub fn set_collapsed(&mut self, env: &mut dyn Env, id: &Id, collapsed: bool) -> Res<()> {
        let now = env.now();
        let c = self.column_mut(id)?;
        c.collapsed = collapsed;
        c.updated = now;
        Ok(())
    }

    // ---- labels ----

    /// Adds a label; the colour must be one of the accessible palette.
    pub fn add_label(&mut self, env: &mut dyn Env, name: &str, color: &str) -> Res<Id> {
        let name = clean_name("Label name", name)?;
        let key = super::name_key(&name);
        if self.labels.iter().any(|l| super::name_key(&l.name) == key) {
            return Err(DomainError::Invalid(format!(
                "There is already a label “{name}”."
            )));
        }
        let color = check_colour(color)?;
        super::at_most(
            "labels",
            self.labels.len().saturating_add(1),
            super::validate::max::PER_PROJECT,
        )?;
        let id = env.new_id();
        self.labels.push(Label {
            id: id.clone(),
            name,
            color,
        });
        self.updated = env.now();
        Ok(id)
    }

    /// Deletes a label and takes it off every card.
    pub fn delete_label(&mut self, env: &mut dyn Env, id: &Id) -> Res<()> {
        let i = self
            .labels
            .iter()
            .position(|l| &l.id == id)
            .ok_or(DomainError::NotFound("label"))?;
        self.labels.remove(i);
        let now = env.now();
        for c in &mut self.cards {
            if c.labels.contains(id) {
                c.labels.retain(|l| l != id);
                c.updated = now;
            }
        }
        self.updated = now;
        Ok(())
    }

    /// The label with this id.
    pub fn label(&self, id: &Id) -> Option<&Label> {
        self.labels.iter().find(|l| &l.id == id)
    }

    // ---- cards ----

    pub(crate) fn card_mut(&mut self, id: &Id) -> Res<&mut Card> {
        self.cards
            .iter_mut()
            .find(|c| &c.id == id)
            .ok_or(DomainError::NotFound("card"))
    }

    /// Sets every field of the card dialog. Labels must be this project's; numbers must not
    /// be negative; the due date may not come before the start.
    /// Saves a card's dialog: only what the person changed since it opened (`opened` to
    /// `mine`) is applied to the card as it is now, so a field someone else changed
    /// meanwhile (another tab, an import) keeps their value. A field both changed takes the
    /// person's value and is returned, with both values, so they can be told.
    pub fn save_card_draft(
        &mut self,
        env: &mut dyn Env,
        id: &Id,
        opened: &CardDraft,
        mine: CardDraft,
    ) -> Res<Vec<Overwritten>> {
        let now = CardDraft::of(self.card(id).ok_or(DomainError::NotFound("card"))?);
        let mut out = now.clone();
        let mut clashes = Vec::new();
        macro_rules! field {
            ($($f:ident, $name:literal, $show:expr;)+) => {$(
                if mine.fields.$f != opened.fields.$f {
                    if now.fields.$f != opened.fields.$f && now.fields.$f != mine.fields.$f {
                        clashes.push(Overwritten {
                            field: $name,
                            theirs: $show(&now.fields.$f),
                            mine: $show(&mine.fields.$f),
                        });
                    }
                    out.fields.$f = mine.fields.$f.clone();
                }
            )+};
        }
        field! {
            title, "Title", |s: &String| s.clone();
            description, "Description", |s: &String| s.clone();
            start, "Start", |d: &Option<NaiveDate>| shown_date(*d);
            due, "Due", |d: &Option<NaiveDate>| shown_date(*d);
            priority, "Priority", |p: &Priority| p.label().to_string();
            estimate, "Estimate", |n: &Option<f64>| shown_number(*n);
            cost_planned, "Planned cost", |c: &Option<i64>| shown_cents(*c);
            cost_actual, "Actual cost", |c: &Option<i64>| shown_cents(*c);
            milestone, "Milestone", |m: &bool| if *m { "yes" } else { "no" }.to_string();
        }
        out.fields.assignees = replay(
            &now.fields.assignees,
            &opened.fields.assignees,
            &mine.fields.assignees,
        );
        out.fields.labels = replay(
            &now.fields.labels,
            &opened.fields.labels,
            &mine.fields.labels,
        );
        out.blockers = replay(&now.blockers, &opened.blockers, &mine.blockers);
        if mine.subtasks != opened.subtasks {
            if now.subtasks != opened.subtasks && now.subtasks != mine.subtasks {
                let list = |s: &[Subtask]| {
                    s.iter()
                        .map(|s| s.text.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                };
                clashes.push(Overwritten {
                    field: "Subtasks",
                    theirs: list(&now.subtasks),
                    mine: list(&mine.subtasks),
                });
            }
            out.subtasks = mine.subtasks;
        }
        if out != now {
            self.update_card(env, id, out.fields)?;
            self.set_subtasks(env, id, out.subtasks)?;
            self.set_blockers(env, id, out.blockers)?;
        }
        Ok(clashes)
    }

    pub fn update_card(&mut self, env: &mut dyn Env, id: &Id, f: CardFields) -> Res<()> {
        let title = clean_name("Card title", &f.title)?;
        let description = clean_text("Description", &f.description)?;
        dates_in_order("due date", f.start, f.due)?;
        if let Some(e) = f.estimate {
            if !e.is_finite() || e < 0.0 {
                return Err(DomainError::Invalid(
                    "The estimate must be a number of 0 or more.".into(),
                ));
            }
        }
        for (what, v) in [
            ("planned cost", f.cost_planned),
            ("actual cost", f.cost_actual),
        ] {
            if v.is_some_and(|v| !(0..=1_000_000_000_000_000).contains(&v)) {
                return Err(DomainError::Invalid(format!(
                    "The {what} can't be negative."
                )));
            }
        }
        let known: HashSet<&Id> = self.labels.iter().map(|l| &l.id).collect();
        if f.labels.iter().any(|l| !known.contains(l)) {
            return Err(DomainError::NotFound("label"));
        }
        let mut labels = f.labels.clone();
        labels.dedup();
        let mut assignees = f.assignees.clone();
        assignees.dedup();
        super::at_most(
            "labels on a card",
            labels.len(),
            super::validate::max::PER_CARD,
        )?;
        super::at_most(
            "people on a card",
            assignees.len(),
            super::validate::max::PER_CARD,
        )?;
        let now = env.now();
        let c = self.card_mut(id)?;
        let before = c.clone();
        c.title = title;
        c.description = description;
        c.assignees = super::stamps::as_set(assignees);
        c.start = f.start;
        c.due = f.due;
        c.priority = f.priority;
        c.labels = super::stamps::as_set(labels);
        c.estimate = f.estimate;
        c.cost_planned = f.cost_planned;
        c.cost_actual = f.cost_actual;
        c.milestone = f.milestone;
        if *c != before {
            c.updated = now;
        }
        Ok(())
    }

    /// Takes a person off every card of the project that names them; returns how many.
    pub fn unassign_everywhere(&mut self, env: &mut dyn Env, person: &Id) -> Res<usize> {
        let now = env.now();
        let mut n: usize = 0;
        for c in self
            .cards
            .iter_mut()
            .filter(|c| c.assignees.contains(person))
        {
            c.assignees.retain(|a| a != person);
            c.updated = now;
            n = n.saturating_add(1);
        }
        Ok(n)
    }

    /// Archives a card (off the board, still in reports) or brings it back.
    pub fn set_archived(&mut self, env: &mut dyn Env, id: &Id, archived: bool) -> Res<()> {
        let now = env.now();
        let c = self.card_mut(id)?;
        if c.archived != archived {
            c.archived = archived;
            c.updated = now;
        }
        Ok(())
    }

    /// Archived cards, newest change first.
    pub fn archived_cards(&self) -> Vec<&Card> {
        let mut v: Vec<&Card> = self.cards.iter().filter(|c| c.archived).collect();
        sort::sort_by_key(&mut v, |c| std::cmp::Reverse(c.updated));
        v
    }

    /// Adds a subtask to a card (at the end: new subtasks' ids sort after older ones).
    pub fn add_subtask(&mut self, env: &mut dyn Env, card: &Id, text: &str) -> Res<Id> {
        let text = clean_name("Subtask", text)?;
        let id = subtask_id(env);
        let now = env.now();
        let c = self.card_mut(card)?;
        let most = crate::domain::validate::max::PER_CARD;
        if c.subtasks.len() >= most {
            return Err(DomainError::Invalid(format!(
                "A card holds at most {most} subtasks: split the work over more cards."
            )));
        }
        c.subtasks.push(Subtask {
            id: id.clone(),
            text,
            done: false,
        });
        c.updated = now;
        Ok(id)
    }

    /// Ticks or unticks a subtask.
    pub fn set_subtask_done(
        &mut self,
        env: &mut dyn Env,
        card: &Id,
        sub: &Id,
        done: bool,
    ) -> Res<()> {
        let now = env.now();
        let c = self.card_mut(card)?;
        let s = c
            .subtasks
            .iter_mut()
            .find(|s| &s.id == sub)
            .ok_or(DomainError::NotFound("subtask"))?;
        if s.done != done {
            s.done = done;
            c.updated = now;
        }
        Ok(())
    }

    /// Replaces a card's subtasks (the card dialog's draft, saved with the card): a subtask
    /// whose id the card has keeps it, any other gets a new id; empty texts are refused.
    pub fn set_subtasks(&mut self, env: &mut dyn Env, card: &Id, subs: Vec<Subtask>) -> Res<()> {
        super::at_most(
            "subtasks of a card",
            subs.len(),
            super::validate::max::PER_CARD,
        )?;
        let mut list = Vec::with_capacity(subs.len());
        for s in subs {
            let text = clean_name("Subtask", &s.text)?;
            list.push((s.id, text, s.done));
        }
        let now = env.now();
        let known: HashSet<Id> = self
            .card(card)
            .ok_or(DomainError::NotFound("card"))?
            .subtasks
            .iter()
            .map(|s| s.id.clone())
            .collect();
        let list: Vec<Subtask> = list
            .into_iter()
            .map(|(id, text, done)| Subtask {
                id: if known.contains(&id) {
                    id
                } else {
                    subtask_id(env)
                },
                text,
                done,
            })
            .collect();
        let c = self.card_mut(card)?;
        if c.subtasks != list {
            c.subtasks = list;
            c.updated = now;
        }
        Ok(())
    }

    /// Removes a subtask.
    pub fn delete_subtask(&mut self, env: &mut dyn Env, card: &Id, sub: &Id) -> Res<()> {
        let now = env.now();
        let c = self.card_mut(card)?;
        let i = c
            .subtasks
            .iter()
            .position(|s| &s.id == sub)
            .ok_or(DomainError::NotFound("subtask"))?;
        c.subtasks.remove(i);
        c.updated = now;
        Ok(())
    }

    // ---- dependencies ----

    /// Sets the cards that block `card`. Refused when it would make a cycle (A waits for B
    /// waits for A), naming the chain.
    pub fn set_blockers(&mut self, env: &mut dyn Env, card: &Id, blockers: Vec<Id>) -> Res<()> {
        let mut blockers = blockers;
        blockers.dedup();
        self.check_blockers(card, &blockers)?;
        let now = env.now();
        let c = self.card_mut(card)?;
        let blockers = super::stamps::as_set(blockers);
        if c.blocked_by != blockers {
            c.blocked_by = blockers;
            c.updated = now;
        }
        Ok(())
    }

    /// Is `waiting` planned to start before its blocker ends (both dated)? A dependency in
    /// conflict: the timeline marks it and its list says so.
    pub fn dependency_conflict(blocker: &Card, waiting: &Card) -> bool {
        let end = blocker.start.max(blocker.due);
        let begin = match (waiting.start, waiting.due) {
            (Some(s), Some(d)) => Some(s.min(d)),
            (s, d) => s.or(d),
        };
        matches!((end, begin), (Some(e), Some(b)) if e >= b)
    }

    /// Would `blockers` be accepted for `card` (no loop, no unknown card)? The card dialog
    /// asks before keeping a blocker in its draft, and says why next to the picker.
    pub fn check_blockers(&self, card: &Id, blockers: &[Id]) -> Res<()> {
        if self.card(card).is_none() {
            return Err(DomainError::NotFound("card"));
        }
        for b in blockers {
            if b == card {
                return Err(DomainError::Invalid("A card can't block itself.".into()));
            }
            if self.card(b).is_none() {
                return Err(DomainError::NotFound("card"));
            }
            if let Some(path) = self.path(b, card) {
                let names: Vec<String> = std::iter::once(card)
                    .chain(path.iter())
                    .map(|id| {
                        format!(
                            "“{}”",
                            self.card(id).map(|c| c.title.as_str()).unwrap_or("?")
                        )
                    })
                    .collect();
                return Err(DomainError::Invalid(format!(
                    "That would make a loop: {} — a card can't wait for itself.",
                    names.join(" waits for ")
                )));
            }
        }
        super::at_most(
            "blockers of a card",
            blockers.len(),
            super::validate::max::PER_CARD,
        )?;
        Ok(())
    }

    /// A chain of "waits for" from `from` to `to`, if there is one (`from` first).
    fn path(&self, from: &Id, to: &Id) -> Option<Vec<Id>> {
        let mut stack = vec![vec![from.clone()]];
        let mut seen = HashSet::new();
        while let Some(path) = stack.pop() {
            let last = path.last().expect("non-empty").clone();
            if &last == to {
                return Some(path);
            }
            if !seen.insert(last.clone()) {
                continue;
            }
            if let Some(c) = self.card(&last) {
                for b in &c.blocked_by {
                    let mut p = path.clone();
                    p.push(b.clone());
                    stack.push(p);
                }
            }
        }
        None
    }

    /// Blockers of a card that are not done yet.
    pub fn open_blockers(&self, card: &Id) -> Vec<&Card> {
        let Some(c) = self.card(card) else {
            return Vec::new();
        };
        c.blocked_by
            .iter()
            .filter_map(|b| self.card(b))
            .filter(|b| !self.is_done(b))
            .collect()
    }

    // ---- trash ----

    /// Puts a deleted card or column back where it was (a card whose column is gone goes to
    /// the first column).
    pub fn restore(&mut self, env: &mut dyn Env, id: &Id) -> Res<()> {
        let i = self
            .trash
            .iter()
            .position(|t| t.id() == id)
            .ok_or(DomainError::NotFound("item in the trash"))?;
        let now = env.now();
        let item = self.trash.get(i).map(|t| t.item.clone());
        match item.ok_or(DomainError::NotFound("item in the trash"))? {
            Trashed::Card(mut card) => {
                if self.column(&card.column).is_none() {
                    let first = self.columns.first().ok_or_else(|| {
                        DomainError::Invalid(
                            "The board has no columns: add one, then restore the card.".into(),
                        )
                    })?;
                    card.column = first.id.clone();
                }
                card.updated = now;
                self.trash.remove(i);
                self.cards.push(card);
            }
            Trashed::Column { .. } if self.column(id).is_some() => {
                // Deleted elsewhere but kept alive by newer cards (a merge brought it back):
                // restoring confirms it.
                self.trash.remove(i);
                if let Some(c) = self.columns.iter_mut().find(|c| &c.id == id) {
                    c.updated = now;
                }
            }
            Trashed::Column { mut column, cards } => {
                column.updated = now;
                self.trash.remove(i);
                self.columns.push(column);
                self.cards.extend(cards.into_iter().map(|mut c| {
                    c.updated = now;
                    c
                }));
            }
        }
        self.normalise();
        Ok(())
    }

    /// Deletes a trash entry for good (a tombstone remains for merges).
    pub fn purge(&mut self, env: &mut dyn Env, id: &Id) -> Res<()> {
        let i = self
            .trash
            .iter()
            .position(|t| t.id() == id)
            .ok_or(DomainError::NotFound("item in the trash"))?;
        let entry: TrashEntry = self.trash.remove(i);
        let at = env.now();
        self.removed.push(Removed { id: id.clone(), at });
        if let Trashed::Column { cards, .. } = entry.item {
            self.removed
                .extend(cards.into_iter().map(|c| Removed { id: c.id, at }));
        }
        Ok(())
    }
}

fn check_colour(c: &str) -> Res<String> {
    LABEL_COLOURS
        .iter()
        .find(|(hex, _)| hex.eq_ignore_ascii_case(c))
        .map(|(hex, _)| hex.to_string())
        .ok_or_else(|| DomainError::Invalid(format!("“{c}” is not one of the label colours.")))
}

/// A new subtask's id: the time (13 Crockford digits of its nanoseconds) then 7 random
/// digits, so ids sort as the subtasks were added — a merge orders a card's subtasks by id
/// (`domain::stamps`), and this keeps them in the order people added them.
fn subtask_id(env: &mut dyn Env) -> Id {
    let t = env.now().timestamp_nanos_opt().unwrap_or_default().max(0) as u64;
    let random = env.new_id();
    let mut s: String = (0..13u32)
        .rev()
        .map(|i| {
            let d = t.checked_shr(i.saturating_mul(5)).unwrap_or(0) & 31;
            super::env::CROCKFORD
                .get(d as usize)
                .map_or('0', |c| *c as char)
        })
        .collect();
    s.extend(random.as_str().chars().take(7));
    Id(s)
}
