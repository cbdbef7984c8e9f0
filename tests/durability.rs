//! Durability under a full quota, natively over the in-memory store: a scripted session of
//! a person's changes, run through `docket::session::Session` (the type the app runs), with
//! the store refusing writes at every point the session writes.
//!
//! For each point: every refused save reports `Quota` (what makes the banner appear); what
//! loads from the store after a refused step is exactly what loaded before it (whole
//! workspaces compared: no half-written step, no journal left); the session's memory (the
//! screen) is complete; and once space is back, the session's "Try saving again" stores
//! all of it.
#![cfg(not(target_arch = "wasm32"))]

mod session;

use docket::session::Session;
use docket::storage::{KvStore, MemoryStore, JOURNAL_KEY};
use session::*;

#[test]
fn a_write_refused_at_any_point_of_a_session_loses_nothing() {
    let (writes, reached, lost) = refuse_every_write::<MemoryStore>();
    eprintln!(
        "quota session: {} steps, {writes} writes; {reached} refusals reached \
         (one run per write position), {lost} records lost",
        steps::<MemoryStore>().len()
    );
    assert_eq!(lost, 0);
    assert_eq!(reached, writes);
    assert!(reached >= 20, "only {reached} write positions");
}

#[test]
fn a_store_that_keeps_refusing_is_never_left_half_written() {
    let clean = session::<MemoryStore>(None);
    let total_writes = clean.sets - 1;
    let mut bad = Vec::new();
    let mut refusals = 0;
    for k in 0..total_writes {
        let mut inner = MemoryStore::new();
        // Every write from the k-th of the script on is refused (the first is the layout).
        inner.fail_after = Some(1 + k);
        let store = Flaky {
            inner,
            fail_at: None,
            sets: 0,
        };
        let (mut s, _) = Session::open(Ok(store), env());
        for (i, (name, step)) in steps().into_iter().enumerate() {
            let before = s.repo().unwrap().store().inner.snapshot();
            s.env_mut().advance(60);
            if step(&mut s).is_err() {
                refusals += 1;
                let now = s.repo().unwrap().store().inner.snapshot();
                if now == before {
                    continue;
                }
                // Something was written: only a journal the next start finishes, after
                // which the store loads as it was before the step or as after it.
                let has_journal = now.contains_key(JOURNAL_KEY);
                let healed = std::panic::catch_unwind(|| loads(&now));
                match healed {
                    Ok(ws) if has_journal && (ws == loads(&before)) => {}
                    Ok(ws) if has_journal && ws == norm(s.workspace()) => {}
                    _ => bad.push(format!("k={k}: step {i} ({name})")),
                }
            }
        }
    }
    assert!(bad.is_empty(), "{bad:#?}");
    assert!(refusals >= total_writes, "only {refusals} refusals reached");
}

#[test]
fn a_real_quota_at_any_size_keeps_the_store_readable_and_loses_nothing() {
    // The store's quota set at many sizes between empty and the session's peak: a big
    // write can be refused while a later small one fits. The store must still load, and
    // once space is freed the session's "Try saving again" must bring it up to what is on
    // screen.
    let clean = session::<MemoryStore>(None);
    let final_ws = clean.memory.clone();
    // The sample is deleted late in the session, so the peak is well above the end.
    let max = copy(&clean.stored).used() * 4;
    let mut runs = 0;
    for quota in (200..max).step_by((max / 40).max(1)) {
        let shared = SharedMem::default();
        shared.0.borrow_mut().quota = Some(quota);
        let mut s = open_on(shared.clone(), None);
        let mut refused = 0;
        for (_, step) in steps() {
            s.env_mut().advance(60);
            if step(&mut s).is_err() {
                refused += 1;
            }
        }
        assert_eq!(
            s.workspace(),
            &final_ws,
            "quota {quota}: the screen lost something"
        );
        if refused == 0 {
            continue;
        }
        assert!(shared.0.borrow().used() <= quota);
        assert_eq!(shared.get(JOURNAL_KEY).unwrap(), None);
        loads(&shared.snap());
        // Space is freed; the person presses "Try saving again".
        shared.0.borrow_mut().quota = None;
        s.save_again().unwrap();
        assert_eq!(loads(&shared.snap()), norm(&final_ws), "quota {quota}");
        runs += 1;
    }
    assert!(runs >= 10, "only {runs} quota sizes refused a write");
    eprintln!("real quota: {runs} sizes between 200 and {max} characters, 0 records lost");
}

#[test]
fn a_refused_import_changes_neither_the_screen_nor_the_store() {
    let shared = SharedMem::default();
    let mut s = open_on(shared.clone(), None);
    s.load_sample(day()).unwrap().saved.unwrap();
    let screen = s.workspace().clone();
    let stored = shared.snap();
    let mut new = screen.clone();
    new.projects[0].name = "Imported name".into();
    new.templates.clear();
    // No room left for the import's write.
    let used = shared.0.borrow().used();
    shared.0.borrow_mut().quota = Some(used + 10);
    let err = s.replace_workspace(new).unwrap_err();
    assert_eq!(err, docket::storage::StorageError::Quota);
    assert_eq!(s.workspace(), &screen);
    assert_eq!(shared.snap(), stored);
}
