//! Durability under a full quota (issue 6, part 1), natively over the in-memory store: a
//! scripted session of the app's writes (each step changes the in-memory workspace, as the
//! app's state does, then saves through `Repo` exactly as `AppState` does), with the store
//! refusing every write from write number k on, for every k the session makes.
//!
//! For each k: every refused save reports `Quota` (what makes the banner appear); what is
//! stored is exactly the workspace as it was before the first refused step (a consistent
//! earlier state: no half-written step, no journal left); and once space is back, the
//! app's "Try saving again" (`load` then `replace`) stores everything that is on screen:
//! 0 records lost.
#![cfg(not(target_arch = "wasm32"))]

mod session;

use docket::domain::Workspace;
use docket::storage::{KvStore, MemoryStore, Repo, JOURNAL_KEY};
use session::*;

#[test]
fn a_write_refused_at_any_point_of_a_session_loses_nothing() {
    let (writes, injected, lost) = refuse_every_write::<MemoryStore>();
    eprintln!(
        "quota session: {} steps, {writes} writes; {injected} failures injected \
         (one run per write position), {lost} records lost",
        steps::<MemoryStore>().len()
    );
    assert_eq!(lost, 0);
    assert!(injected >= 20, "only {injected} write positions");
}

#[test]
fn a_store_that_keeps_refusing_is_never_left_half_written() {
    let (clean, _) = (session::<MemoryStore>(None), ());
    let total_writes = clean.sets - 1;
    let mut bad = Vec::new();
    for k in 0..total_writes {
        let mut env = env();
        let (repo0, _) = Repo::open(MemoryStore::new());
        let mut inner = repo0.store().clone();
        inner.fail_after = Some(inner.writes + k);
        let (mut repo, _) = Repo::open(Flaky {
            inner,
            fail_at: None,
            sets: 0,
        });
        let mut ws = Workspace::default();
        for (i, (name, step)) in steps().into_iter().enumerate() {
            let before = repo.store().inner.snapshot();
            if step(&mut ws, &mut env, &mut repo).is_err() {
                let now = repo.store().inner.snapshot();
                if now == before {
                    continue;
                }
                let mut healed = MemoryStore::new();
                for (key, v) in &now {
                    healed.set(key, v).unwrap();
                }
                let has_journal = now.contains_key(docket::storage::JOURNAL_KEY);
                let (_, loaded) = Repo::open(healed);
                if !has_journal || !loaded.problems.is_empty() {
                    bad.push(format!("k={k}: step {i} ({name})"));
                }
            }
        }
    }
    assert!(bad.is_empty(), "{bad:#?}");
}

#[test]
fn a_real_quota_at_any_size_keeps_the_store_readable_and_loses_nothing() {
    // The store's quota set at many sizes between empty and the session's final size: a
    // big write can be refused while a later small one fits. The store must still load
    // without problems and the retry must bring it up to what is on screen.
    let clean = session::<MemoryStore>(None);
    let final_ws = clean.memory.clone();
    // The sample is deleted late in the session, so the peak is well above the end.
    let max = copy(&clean.stored).used() * 4;
    let mut runs = 0;
    for quota in (200..max).step_by((max / 40).max(1)) {
        let mut env = env();
        let mut inner = MemoryStore::new();
        inner.quota = Some(quota);
        let (mut repo, _) = Repo::open(Flaky {
            inner,
            fail_at: None,
            sets: 0,
        });
        let mut ws = Workspace::default();
        let mut refused = 0;
        for (_, step) in steps() {
            if step(&mut ws, &mut env, &mut repo).is_err() {
                refused += 1;
            }
        }
        assert_eq!(ws, final_ws);
        if refused == 0 {
            continue;
        }
        let mut store = repo.store().inner.clone();
        assert!(store.used() <= quota);
        assert_eq!(store.get(JOURNAL_KEY).unwrap(), None);
        store.quota = None;
        let (mut again, loaded) = Repo::open(store);
        assert!(
            loaded.problems.is_empty(),
            "quota {quota}: {:?}",
            loaded.problems
        );
        let stored = again.load().workspace;
        again.replace(&stored, &ws).unwrap();
        let (_, after) = Repo::open(again.store().clone());
        assert_eq!(after.workspace, norm(&final_ws), "quota {quota}");
        runs += 1;
    }
    eprintln!("real quota: {runs} sizes between 200 and {max} characters, 0 records lost");
}
