//! The risk register of a project: what could hurt the timeline, budget or quality.

use super::draft::{Draft, Overwritten};
use super::sort;
use super::{clean_name, clean_text, DomainError, Env, Id, Project, Res, Ts};
use serde::{Deserialize, Serialize};

/// Where a risk stands.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RiskStatus {
    #[default]
    Open,
    Mitigated,
    Closed,
}

impl RiskStatus {
    pub const ALL: [RiskStatus; 3] = [RiskStatus::Open, RiskStatus::Mitigated, RiskStatus::Closed];
    pub fn label(self) -> &'static str {
        match self {
            RiskStatus::Open => "Open",
            RiskStatus::Mitigated => "Mitigated",
            RiskStatus::Closed => "Closed",
        }
    }
    pub fn key(self) -> &'static str {
        match self {
            RiskStatus::Open => "open",
            RiskStatus::Mitigated => "mitigated",
            RiskStatus::Closed => "closed",
        }
    }
    pub fn from_key(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|r| r.key() == s)
    }
}

/// One risk.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Risk {
    pub id: Id,
    pub created: Ts,
    pub updated: Ts,
    pub title: String,
    /// 1 (rare) to 5 (almost certain).
    pub likelihood: u8,
    /// 1 (minor) to 5 (severe).
    pub impact: u8,
    /// Who watches it (a person's name as typed or from the directory).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub owner: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub mitigation: String,
    #[serde(default)]
    pub status: RiskStatus,
    /// When each field last changed (`domain::stamps`).
    #[serde(default, skip_serializing_if = "super::stamps::Stamps::is_empty")]
    pub stamps: super::stamps::Stamps,
}

impl Risk {
    /// Likelihood × impact, 1 to 25.
    pub fn score(&self) -> u8 {
        self.likelihood.saturating_mul(self.impact)
    }

    /// What the risk form edits.
    pub fn fields(&self) -> RiskFields {
        RiskFields {
            title: self.title.clone(),
            likelihood: self.likelihood,
            impact: self.impact,
            owner: self.owner.clone(),
            mitigation: self.mitigation.clone(),
            status: self.status,
        }
    }
}

/// The editable fields of a risk.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RiskFields {
    pub title: String,
    pub likelihood: u8,
    pub impact: u8,
    pub owner: String,
    pub mitigation: String,
    pub status: RiskStatus,
}

fn check(f: &RiskFields) -> Res<(String, String)> {
    let title = clean_name("Risk", &f.title)?;
    let mitigation = clean_text("Mitigation", &f.mitigation)?;
    for (what, v) in [("Likelihood", f.likelihood), ("Impact", f.impact)] {
        if !(1..=5).contains(&v) {
            return Err(DomainError::Invalid(format!(
                "{what} must be between 1 and 5 (got {v})."
            )));
        }
    }
    Ok((title, mitigation))
}

impl Project {
    /// Adds a risk.
    pub fn add_risk(&mut self, env: &mut dyn Env, f: RiskFields) -> Res<Id> {
        let (title, mitigation) = check(&f)?;
        let now = env.now();
        let id = env.new_id();
        self.risks.push(Risk {
            id: id.clone(),
            created: now,
            updated: now,
            title,
            likelihood: f.likelihood,
            impact: f.impact,
            owner: super::clean_short("Owner", &f.owner)?,
            mitigation,
            status: f.status,
            stamps: Default::default(),
        });
        Ok(id)
    }

    /// Changes a risk.
    pub fn update_risk(&mut self, env: &mut dyn Env, id: &Id, f: RiskFields) -> Res<()> {
        let (title, mitigation) = check(&f)?;
        let now = env.now();
        let r = self
            .risks
            .iter_mut()
            .find(|r| &r.id == id)
            .ok_or(DomainError::NotFound("risk"))?;
        r.title = title;
        r.likelihood = f.likelihood;
        r.impact = f.impact;
        r.owner = super::clean_short("Owner", &f.owner)?;
        r.mitigation = mitigation;
        r.status = f.status;
        r.updated = now;
        Ok(())
    }

    /// Saves the risk form: what the person changed since it showed `opened`, onto the risk
    /// as it is now (see [`super::draft`]).
    pub fn save_risk_draft(
        &mut self,
        env: &mut dyn Env,
        id: &Id,
        opened: &RiskFields,
        mine: RiskFields,
    ) -> Res<Vec<Overwritten>> {
        let now = self
            .risks
            .iter()
            .find(|r| &r.id == id)
            .ok_or(DomainError::NotFound("risk"))?
            .fields();
        let (f, clashes) = now.rebase(opened, mine);
        self.update_risk(env, id, f)?;
        Ok(clashes)
    }

    /// Removes a risk from the register.
    pub fn delete_risk(&mut self, env: &mut dyn Env, id: &Id) -> Res<()> {
        let i = self
            .risks
            .iter()
            .position(|r| &r.id == id)
            .ok_or(DomainError::NotFound("risk"))?;
        self.risks.remove(i);
        self.removed.push(super::project::Removed {
            id: id.clone(),
            at: env.now(),
        });
        Ok(())
    }

    /// Risks by score, highest first (ties: open before others, then title).
    pub fn risks_by_score(&self) -> Vec<&Risk> {
        let mut v: Vec<&Risk> = self.risks.iter().collect();
        sort::sort_by(&mut v, |a, b| {
            b.score()
                .cmp(&a.score())
                .then((a.status != RiskStatus::Open).cmp(&(b.status != RiskStatus::Open)))
                .then(a.title.cmp(&b.title))
        });
        v
    }

    /// Count of open risks in each cell of the 5×5 heat map: `[likelihood-1][impact-1]`.
    pub fn heat_map(&self) -> [[usize; 5]; 5] {
        let mut m = [[0usize; 5]; 5];
        for r in self.risks.iter().filter(|r| r.status != RiskStatus::Closed) {
            // A score outside 1–5 (a damaged record) is in no cell rather than a panic.
            let row = usize::from(r.likelihood).checked_sub(1);
            let col = usize::from(r.impact).checked_sub(1);
            if let Some(n) =
                (row.and_then(|i| m.get_mut(i))).and_then(|row| col.and_then(|j| row.get_mut(j)))
            {
                *n = (*n).saturating_add(1);
            }
        }
        m
    }
}
