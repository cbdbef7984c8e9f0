//! Who does a checklist's occurrence: its owner, a rotation among a team (a new person each
//! ISO week, or each occurrence), or the lead of the checklist's site.
//!
//! A weekly rotation counts whole weeks (Monday to Sunday) from the week of the checklist's
//! start, so the person of a date depends only on its week: right across months and years
//! (ISO week 52 or 53 is followed by week 1 with no skip or repeat). A per-occurrence
//! rotation counts the schedule's occurrences from the start (`Recurrence::index_of`).
//!
//! A team member who is no longer in the people directory is skipped: their turns go to the
//! next member present, in the team's order, so everyone else keeps their own turns. A
//! rotation with nobody present, a site without a lead, or an unknown owner falls back to
//! the owner when present, else to nobody.

use super::Template;
use crate::domain::{DomainError, Id, Res};
use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};
use std::collections::HashSet;

/// The most people a rotation takes turns among.
pub const MAX_TEAM: usize = 50;

/// How often a rotation moves to the next person.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Every {
    /// Each ISO week (Monday to Sunday).
    #[default]
    Week,
    /// Each occurrence of the schedule.
    Occurrence,
}

/// To whom a checklist's occurrences are assigned.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "to", rename_all = "snake_case", try_from = "AssignmentWire")]
pub enum Assignment {
    /// The checklist's owner.
    #[default]
    Owner,
    /// People of the directory in turn (the order is kept).
    Rotation { team: Vec<Id>, every: Every },
    /// The lead of the checklist's site.
    Site,
}

// Read through a flat struct, not serde's internally tagged enums (see `recurrence`).
#[derive(Deserialize)]
struct AssignmentWire {
    to: String,
    #[serde(default)]
    team: Vec<Id>,
    #[serde(default)]
    every: Every,
}

impl TryFrom<AssignmentWire> for Assignment {
    type Error = String;
    fn try_from(w: AssignmentWire) -> Result<Assignment, String> {
        Ok(match w.to.as_str() {
            "owner" => Assignment::Owner,
            "rotation" => Assignment::Rotation {
                team: w.team,
                every: w.every,
            },
            "site" => Assignment::Site,
            other => {
                return Err(format!(
                    "unknown variant `{other}`, expected one of `owner`, `rotation`, `site`"
                ))
            }
        })
    }
}

impl Assignment {
    /// The default: the owner (not written to files).
    pub fn is_owner(&self) -> bool {
        matches!(self, Assignment::Owner)
    }

    /// Validates and tidies: a team keeps each person once, in order, and is not empty.
    pub fn checked(self) -> Res<Assignment> {
        match self {
            Assignment::Rotation { team, every } => {
                let mut seen = HashSet::new();
                let team: Vec<Id> = team
                    .into_iter()
                    .filter(|p| seen.insert(p.clone()))
                    .collect();
                if team.is_empty() {
                    return Err(DomainError::Invalid(
                        "A rotation needs at least one person: tick who takes turns.".into(),
                    ));
                }
                if team.len() > MAX_TEAM {
                    return Err(DomainError::Invalid(format!(
                        "A rotation takes at most {MAX_TEAM} people."
                    )));
                }
                Ok(Assignment::Rotation { team, every })
            }
            a => Ok(a),
        }
    }

    /// Words for the assignment, given names for people ids.
    pub fn describe(&self, name: impl Fn(&Id) -> String) -> String {
        match self {
            Assignment::Owner => "The owner".into(),
            Assignment::Site => "The lead of the checklist's site".into(),
            Assignment::Rotation { team, every } => {
                let names: Vec<String> = team.iter().map(name).collect();
                let when = match every {
                    Every::Week => "each week",
                    Every::Occurrence => "each time",
                };
                format!("In turn {when}: {}", names.join(", "))
            }
        }
    }
}

/// Whole weeks from the ISO week of `start` to the ISO week of `date` (negative before).
pub fn weeks_between(start: NaiveDate, date: NaiveDate) -> i64 {
    let monday = |d: NaiveDate| {
        d.checked_sub_days(chrono::Days::new(u64::from(
            d.weekday().num_days_from_monday(),
        )))
        .unwrap_or(d)
    };
    monday(date)
        .signed_duration_since(monday(start))
        .num_days()
        .div_euclid(7)
}

/// The `turn`-th person of `team` (counting round), skipping people not `present`.
fn in_turn(team: &[Id], turn: i64, present: &dyn Fn(&Id) -> bool) -> Option<Id> {
    let len = i64::try_from(team.len()).ok().filter(|l| *l > 0)?;
    let first = usize::try_from(turn.rem_euclid(len)).ok()?;
    (0..team.len())
        .filter_map(|k| team.get(first.saturating_add(k).checked_rem(team.len())?))
        .find(|p| present(p))
        .cloned()
}

/// Who does `t`'s occurrence on `date`: see the module notes. `present` says whether a
/// person is in the directory; `site_lead` is the lead of `t`'s site, if any.
pub fn assignee(
    t: &Template,
    date: NaiveDate,
    present: &dyn Fn(&Id) -> bool,
    site_lead: Option<&Id>,
) -> Option<Id> {
    let owner = || t.owner.clone().filter(|o| present(o));
    match &t.assignment {
        Assignment::Owner => owner(),
        Assignment::Site => site_lead.filter(|l| present(l)).cloned().or_else(owner),
        Assignment::Rotation { team, every } => {
            let start = t.start_day();
            let turn = match every {
                Every::Week => weeks_between(start, date),
                Every::Occurrence => {
                    i64::try_from(t.recurrence.index_of(start, date)).unwrap_or(i64::MAX)
                }
            };
            in_turn(team, turn, present).or_else(owner)
        }
    }
}

/// Who is in the directory, and the lead of each checklist's site: what the agenda needs to
/// name each occurrence's person.
#[derive(Clone, Debug, Default)]
pub struct Roster {
    people: HashSet<Id>,
    /// Each site's lead (`domain::registers::Site`).
    leads: std::collections::HashMap<Id, Id>,
}

impl Roster {
    /// The directory's people (by id).
    pub fn of<'a>(people: impl IntoIterator<Item = &'a Id>) -> Roster {
        Roster {
            people: people.into_iter().cloned().collect(),
            leads: Default::default(),
        }
    }

    pub fn present(&self, p: &Id) -> bool {
        self.people.contains(p)
    }

    /// The same, knowing each site's lead.
    pub fn with_sites(mut self, sites: &[crate::domain::registers::Site]) -> Roster {
        self.leads = sites
            .iter()
            .filter_map(|s| Some((s.id.clone(), s.lead.clone()?)))
            .collect();
        self
    }

    /// The lead of `t`'s site, if it has a site with a lead.
    pub fn site_lead(&self, t: &Template) -> Option<&Id> {
        self.leads.get(t.site.as_ref()?)
    }

    /// Who does `t`'s occurrence on `date` ([`assignee`]).
    pub fn assignee(&self, t: &Template, date: NaiveDate) -> Option<Id> {
        assignee(t, date, &|p| self.present(p), self.site_lead(t))
    }
}
