//! Colleagues sharing a workspace, for the per-field merge and preview tests: the sample
//! workspace each starts from, a colleague's session with its own clock, and an edit of the
//! first project through the session (as the app makes it).
#![allow(dead_code)]

use chrono::{DateTime, Duration, NaiveDate, TimeZone, Utc};
use docket::domain::{Card, FixedEnv, Id, Workspace};
use docket::session::Session;
use docket::storage::MemoryStore;

pub type S = Session<MemoryStore, FixedEnv>;

pub fn t0() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 3, 2, 9, 0, 0).unwrap()
}

/// The sample workspace, as every colleague starts with it.
pub fn base() -> Workspace {
    let (mut s, _) = Session::open(Ok(MemoryStore::new()), FixedEnv::new(t0(), 1));
    s.load_sample(NaiveDate::from_ymd_opt(2026, 3, 2).unwrap())
        .unwrap()
        .saved
        .unwrap();
    s.workspace().clone()
}

/// A colleague's copy of `ws`, with a clock `skew` seconds off and its own node number.
pub fn colleague(ws: &Workspace, skew: i64, node: u32) -> S {
    let env = FixedEnv::with_clock(t0() + Duration::seconds(60 + skew), node.into(), node);
    let (mut s, _) = Session::open(Ok(MemoryStore::new()), env);
    s.replace_workspace(ws.clone()).unwrap();
    s
}

pub fn card<'a>(ws: &'a Workspace, id: &Id) -> &'a Card {
    ws.projects[0].cards.iter().find(|c| &c.id == id).unwrap()
}

pub fn project(
    s: &mut S,
    op: impl FnOnce(
        &mut docket::domain::Project,
        &mut dyn docket::domain::Env,
    ) -> docket::domain::Res<()>,
) {
    let pid = s.workspace().projects[0].id.clone();
    s.env_mut().advance(1);
    s.edit_project(&pid, "edit", op).unwrap().saved.unwrap();
}
