//! Which entities a set of changed keys touches: when another tab writes, this tab reads
//! back only those entities (whole: every key of a touched project, every run of a touched
//! bucket), not the whole workspace. People and tombstones are small and always read.

use super::{parts, runs, PREFIX};
use crate::domain::{Id, Run};
use std::collections::BTreeSet;

/// The entities named by some changed keys.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Scope {
    /// Everything (the store was cleared, or a key of an older layout changed).
    pub all: bool,
    pub projects: BTreeSet<Id>,
    /// Templates, including those of the run buckets below (a run is merged with its
    /// template at hand, or the merge would think the template gone).
    pub templates: BTreeSet<Id>,
    /// Run bucket keys (`docket:rm:<template>:<yyyy-mm>`).
    pub run_buckets: BTreeSet<String>,
    /// People or tombstones changed.
    pub shared: bool,
}

impl Scope {
    /// Every entity.
    pub fn everything() -> Scope {
        Scope {
            all: true,
            ..Scope::default()
        }
    }

    /// Nothing to read back.
    pub fn is_empty(&self) -> bool {
        !self.all
            && !self.shared
            && self.projects.is_empty()
            && self.templates.is_empty()
            && self.run_buckets.is_empty()
    }

    /// Adds what a changed key names; `None` (the whole store was cleared) means everything.
    /// The layout version, the journal and copies set aside by recovery name nothing.
    pub fn add_key(&mut self, key: Option<&str>) {
        let Some(key) = key else {
            self.all = true;
            return;
        };
        let Some(rest) = key.strip_prefix(PREFIX) else {
            return;
        };
        if super::is_shared(key) {
            self.shared = true;
        } else if let Some(pid) = parts::owner(rest, "pc:").or_else(|| parts::owner(rest, "pm:")) {
            self.projects.insert(pid);
        } else if let Some(id) = rest.strip_prefix("p:") {
            self.projects.insert(Id(id.to_string()));
        } else if let Some(id) = rest.strip_prefix("t:") {
            self.templates.insert(Id(id.to_string()));
        } else if let Some(tid) = runs::template_of(key) {
            self.templates.insert(tid);
            self.run_buckets.insert(key.to_string());
        } else if rest.starts_with("r:") {
            self.all = true;
        }
    }

    /// Is `key` one of the keys to read back?
    pub fn covers_key(&self, key: &str) -> bool {
        let Some(rest) = key.strip_prefix(PREFIX) else {
            return false;
        };
        if self.all || super::is_shared(key) {
            return true;
        }
        if let Some(pid) = parts::owner(rest, "pc:").or_else(|| parts::owner(rest, "pm:")) {
            return self.projects.contains(&pid);
        }
        if let Some(id) = rest.strip_prefix("p:") {
            return self.projects.contains(&Id(id.to_string()));
        }
        if let Some(id) = rest.strip_prefix("t:") {
            return self.templates.contains(&Id(id.to_string()));
        }
        if rest.starts_with("rm:") {
            return self.run_buckets.contains(key);
        }
        false
    }

    pub fn covers_project(&self, id: &Id) -> bool {
        self.all || self.projects.contains(id)
    }

    pub fn covers_template(&self, id: &Id) -> bool {
        self.all || self.templates.contains(id)
    }

    pub fn covers_run(&self, run: &Run) -> bool {
        self.all || self.run_buckets.contains(&runs::key_of(run))
    }
}
