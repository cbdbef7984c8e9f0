//! The operations registers through the session (issue 20): like the people directory,
//! one stored record, restamped entry by entry and field by field; a removed entry leaves a
//! tombstone so the removal travels. Signing off an inventory count also sets the counted
//! stock, in the same step.

use super::{Changes, Done, Session};
use crate::domain::registers::{self, policies, stock, Entry, Registers};
use crate::domain::{DomainError, Env, Id, Res, Tombstone};
use crate::storage::KvStore;
use chrono::NaiveDate;

impl<S: KvStore, E: Env> Session<S, E> {
    /// Applies an operation to the registers and saves them (with the tombstones when an
    /// entry was removed); a refusal changes nothing.
    pub fn edit_registers<T>(
        &mut self,
        op: impl FnOnce(&mut Registers, &mut dyn Env) -> Res<T>,
    ) -> Res<Done<T>> {
        let before = self.ws.registers.clone();
        let v = op(&mut self.ws.registers, &mut self.env)
            .inspect_err(|_| self.ws.registers.clone_from(&before))?;
        if self.ws.registers == before {
            return Ok(Done::new(v, Changes::default(), Ok(())));
        }
        let env = &mut self.env;
        self.ws.registers.restamp(&before, &mut || env.now());
        self.ws.registers.sort();
        let now: Vec<(crate::domain::EntityKind, &Id)> = self.ws.registers.ids();
        let gone: Vec<Tombstone> = before
            .ids()
            .into_iter()
            .filter(|k| !now.contains(k))
            .map(|(kind, id)| Tombstone {
                id: id.clone(),
                kind,
                at: self.env.now(),
            })
            .collect();
        let deleted = !gone.is_empty();
        self.ws.tombstones.extend(gone);
        let (regs, tombs) = (&self.ws.registers, &self.ws.tombstones);
        let saved = match &mut self.repo {
            Ok(r) => r.save_registers(regs, deleted.then_some(tombs.as_slice())),
            Err(e) => Err(e.clone()),
        };
        let changes = Changes {
            registers: true,
            ..Changes::default()
        };
        Ok(Done::new(v, changes, saved))
    }

    /// Adds an entry to its register; gives its id.
    pub fn add_entry<T: Entry>(&mut self, f: T::Fields) -> Res<Done<Id>> {
        self.edit_registers(|r, env| registers::add::<T>(r, env, f))
    }

    /// Changes an entry's fields.
    pub fn edit_entry<T: Entry>(&mut self, id: &Id, f: T::Fields) -> Res<Done<()>> {
        self.edit_registers(|r, _| registers::edit::<T>(r, id, f))
    }

    /// Removes an entry (refused while others point at it).
    pub fn remove_entry<T: Entry>(&mut self, id: &Id) -> Res<Done<()>> {
        self.edit_registers(|r, _| registers::remove::<T>(r, id).map(drop))
    }

    /// Records a review of a policy by the person using Docket, on `on`; gives the next
    /// review's date.
    pub fn review_policy(&mut self, id: &Id, on: NaiveDate) -> Res<Done<NaiveDate>> {
        let by = self.author.clone();
        self.edit_registers(|r, _| policies::review(r, id, by, on))
    }

    /// Records the asset a run is on (none: no asset); the run's site becomes the asset's
    /// site, else its checklist's.
    pub fn set_run_asset(&mut self, run: &Id, asset: Option<&Id>) -> Res<Done<()>> {
        let a = match asset {
            Some(id) => Some(
                registers::find::<registers::Asset>(&self.ws.registers, id)
                    .ok_or(DomainError::NotFound("asset"))?
                    .clone(),
            ),
            None => None,
        };
        self.edit_run(run, |r, t, env| {
            let site = a.as_ref().and_then(|a| a.site.clone()).or(t.site.clone());
            r.set_place(env, a.map(|a| a.id), site)
        })
    }

    /// Completes a run (signed off by `name`, with a drawn `signature` when given) on
    /// `today`, and sets each stock item its number items counted: one step, so a count is
    /// taken with its sign-off. Gives the stock items whose quantity changed.
    pub fn complete_run(
        &mut self,
        id: &Id,
        today: NaiveDate,
        name: Option<&str>,
        signature: Option<String>,
    ) -> Res<Done<Vec<Id>>> {
        let done = self.edit_run(id, |r, t, env| {
            r.complete_signed(env, t, today, name, signature)
        })?;
        let run = self.ws.runs.iter().find(|r| &r.id == id);
        let template = run.and_then(|r| self.ws.templates.iter().find(|t| t.id == r.template));
        let counts = match (run, template) {
            (Some(r), Some(t)) => stock::counts(&self.ws.registers, t, r),
            _ => return Err(DomainError::NotFound("run")),
        };
        if counts.is_empty() {
            return Ok(done.map(|()| Vec::new()));
        }
        let set = self.edit_registers(|r, _| Ok(stock::apply_counts(r, &counts)))?;
        let mut changes = done.changes;
        changes.registers = true;
        let saved = done.saved.and(set.saved);
        Ok(Done::new(set.value, changes, saved))
    }
}
