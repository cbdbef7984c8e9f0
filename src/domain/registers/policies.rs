//! Policies and procedures kept current: each has an owner and a review date; one due for
//! review shows on Today and on its owner's day; a review records who and when, and sets
//! the next date from the policy's interval.

use super::{Entry, Registers};
use crate::domain::stamps::Stamps;
use crate::domain::{clean_identity, clean_text, DomainError, EntityKind, Id, Res, Ts};
use chrono::{Months, NaiveDate};
use serde::{Deserialize, Serialize};

/// A policy or procedure.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Policy {
    pub id: Id,
    pub created: Ts,
    pub updated: Ts,
    pub name: String,
    /// What it covers, or where the document is.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub summary: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owner: Option<Id>,
    /// Months between reviews.
    #[serde(default = "twelve")]
    pub every: u32,
    /// When it is next due for review.
    pub review: NaiveDate,
    /// Reviews done, oldest first.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub reviews: Vec<Review>,
    #[serde(default, skip_serializing_if = "Stamps::is_empty")]
    pub stamps: Stamps,
}

fn twelve() -> u32 {
    12
}

/// A review: who did it and on what day.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Review {
    pub on: NaiveDate,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub by: Option<Id>,
}

/// What the policy form edits.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct PolicyFields {
    pub name: String,
    pub summary: String,
    pub owner: Option<Id>,
    pub every: u32,
    pub review: NaiveDate,
}

/// The longest interval between reviews: five years.
pub const MAX_EVERY: u32 = 60;
/// Most reviews kept of one policy (the oldest go first).
pub const MAX_REVIEWS: usize = 200;

impl Entry for Policy {
    const KIND: EntityKind = EntityKind::Policy;
    const WHAT: &'static str = "policy";
    type Fields = PolicyFields;
    fn list(r: &Registers) -> &Vec<Self> {
        &r.policies
    }
    fn list_mut(r: &mut Registers) -> &mut Vec<Self> {
        &mut r.policies
    }
    fn make(id: Id, now: Ts, f: PolicyFields) -> Self {
        Policy {
            id,
            created: now,
            updated: now,
            name: f.name,
            summary: f.summary,
            owner: f.owner,
            every: f.every,
            review: f.review,
            reviews: Vec::new(),
            stamps: Stamps::default(),
        }
    }
    fn fields(&self) -> PolicyFields {
        PolicyFields {
            name: self.name.clone(),
            summary: self.summary.clone(),
            owner: self.owner.clone(),
            every: self.every,
            review: self.review,
        }
    }
    fn set(&mut self, f: PolicyFields) {
        self.name = f.name;
        self.summary = f.summary;
        self.owner = f.owner;
        self.every = f.every;
        self.review = f.review;
    }
    fn check(f: PolicyFields, _: &Registers) -> Res<PolicyFields> {
        if f.every == 0 || f.every > MAX_EVERY {
            return Err(DomainError::Invalid(format!(
                "Review every: a number of months from 1 to {MAX_EVERY}."
            )));
        }
        Ok(PolicyFields {
            name: clean_identity("Policy name", &f.name)?,
            summary: clean_text("Summary", &f.summary)?,
            ..f
        })
    }
}

impl Policy {
    /// Due for review on `today` (its date reached or passed)?
    pub fn due(&self, today: NaiveDate) -> bool {
        self.review <= today
    }

    /// The last review, if any.
    pub fn last_review(&self) -> Option<&Review> {
        self.reviews.last()
    }
}

/// Records a review by `by` on `on`; the next is due `every` months after it.
pub fn review(r: &mut Registers, id: &Id, by: Option<Id>, on: NaiveDate) -> Res<NaiveDate> {
    let p = r
        .policies
        .iter_mut()
        .find(|p| &p.id == id)
        .ok_or(DomainError::NotFound("policy"))?;
    p.reviews.push(Review { on, by });
    if p.reviews.len() > MAX_REVIEWS {
        p.reviews.remove(0);
    }
    p.review = on.checked_add_months(Months::new(p.every)).unwrap_or(on);
    Ok(p.review)
}

/// Policies due for review on `today` (of `owner` when given), soonest first.
pub fn due<'a>(r: &'a Registers, today: NaiveDate, owner: Option<&Id>) -> Vec<&'a Policy> {
    let mut out: Vec<&Policy> = r
        .policies
        .iter()
        .filter(|p| p.due(today) && owner.is_none_or(|o| p.owner.as_ref() == Some(o)))
        .collect();
    crate::domain::sort::sort_by(&mut out, |a, b| a.review.cmp(&b.review));
    out
}
