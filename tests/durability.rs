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

use chrono::{NaiveDate, TimeZone, Utc};
use docket::domain::{people, sample, FixedEnv, Workspace};
use docket::storage::{KvStore, MemoryStore, Repo, StorageError, JOURNAL_KEY};

fn env() -> FixedEnv {
    FixedEnv::new(Utc.with_ymd_and_hms(2026, 3, 2, 9, 0, 0).unwrap(), 77)
}

fn day() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 3, 2).unwrap()
}

/// One step of the session: changes `ws` (in memory) and saves what it changed.
type Step = fn(&mut Workspace, &mut FixedEnv, &mut Repo<Flaky>) -> Result<(), StorageError>;

fn norm(ws: &Workspace) -> Workspace {
    let mut w = ws.clone();
    w.normalise();
    w
}

/// Edits project `i` with `op` and saves the change (as `AppState::edit_project`).
fn edit(
    ws: &mut Workspace,
    env: &mut FixedEnv,
    repo: &mut Repo<Flaky>,
    i: usize,
    op: impl FnOnce(&mut docket::domain::Project, &mut FixedEnv),
) -> Result<(), StorageError> {
    let before = ws.projects[i].clone();
    op(&mut ws.projects[i], env);
    repo.save_project_change(&before, &ws.projects[i])
}

fn steps() -> Vec<(&'static str, Step)> {
    vec![
        ("load the sample", |ws, env, repo| {
            let s = sample::workspace(env, day()).unwrap();
            ws.projects.extend(s.projects);
            ws.templates.extend(s.templates);
            ws.runs.extend(s.runs);
            ws.people.extend(s.people);
            repo.save_all(ws)
        }),
        ("create a project", |ws, env, repo| {
            ws.projects
                .push(docket::domain::Project::starter(env, "Warehouse move").unwrap());
            repo.save_project(ws.projects.last().unwrap())
        }),
        ("add cards", |ws, env, repo| {
            let i = ws.projects.len() - 1;
            edit(ws, env, repo, i, |p, env| {
                let col = p.columns[0].id.clone();
                for n in 0..12 {
                    p.add_card(env, &col, &format!("Pack shelf {n}")).unwrap();
                }
            })
        }),
        ("edit a card", |ws, env, repo| {
            edit(ws, env, repo, 0, |p, env| {
                let card = p.cards[1].id.clone();
                p.edit_card(
                    env,
                    &card,
                    "Renamed card",
                    &"A longer description. ".repeat(30),
                )
                .unwrap();
            })
        }),
        ("move a card", |ws, env, repo| {
            edit(ws, env, repo, 0, |p, env| {
                let card = p.cards[2].id.clone();
                let to = p.columns.last().unwrap().id.clone();
                p.move_card(env, &card, &to, 0).unwrap();
            })
        }),
        ("rename a project", |ws, env, repo| {
            edit(ws, env, repo, 0, |p, env| {
                p.rename(env, "Relaunch, phase 2").unwrap()
            })
        }),
        ("add a person", |ws, env, repo| {
            people::find_or_add(&mut ws.people, env, "Zoë Quinn").unwrap();
            repo.save_people(&ws.people)
        }),
        ("create a checklist", |ws, env, repo| {
            let id = ws
                .create_template(env, "Closing", &["Lights off", "Alarm on", "Doors locked"])
                .unwrap();
            repo.save_template(ws.template(&id).unwrap())
        }),
        ("start a run", |ws, env, repo| {
            let t = ws.templates.last().unwrap().id.clone();
            let id = ws.start_run(env, &t, day()).unwrap();
            repo.save_run(ws.runs.iter().find(|r| r.id == id).unwrap())
        }),
        ("move many cards", |ws, env, repo| {
            let i = ws.projects.len() - 1;
            edit(ws, env, repo, i, |p, env| {
                let to = p.columns[1].id.clone();
                let ids: Vec<_> = p.cards.iter().take(6).map(|c| c.id.clone()).collect();
                for id in ids {
                    p.move_card(env, &id, &to, 0).unwrap();
                }
            })
        }),
        ("delete a checklist", |ws, env, repo| {
            let t = ws.templates[0].id.clone();
            let gone = ws.delete_template(env, &t).unwrap();
            repo.save_deletions(&gone, &ws.tombstones)
        }),
        ("delete a project", |ws, env, repo| {
            let id = ws.projects[0].id.clone();
            let gone = ws.delete_project(env, &id).unwrap();
            repo.save_deletions(&[gone], &ws.tombstones)
        }),
        ("edit the new project", |ws, env, repo| {
            let i = ws.projects.len() - 1;
            edit(ws, env, repo, i, |p, env| {
                let card = p.cards[0].id.clone();
                p.edit_card(env, &card, "Pack shelf 0 (fragile)", "Bubble wrap.")
                    .unwrap();
            })
        }),
    ]
}

/// A store that refuses exactly one write, the `fail_at`-th `set` (counting from 0), as a
/// full quota does when a write is too big; every other write succeeds.
#[derive(Clone, Default)]
struct Flaky {
    inner: MemoryStore,
    fail_at: Option<usize>,
    sets: usize,
}

impl KvStore for Flaky {
    fn get(&self, key: &str) -> Result<Option<String>, StorageError> {
        self.inner.get(key)
    }
    fn set(&mut self, key: &str, value: &str) -> Result<(), StorageError> {
        let n = self.sets;
        self.sets += 1;
        if Some(n) == self.fail_at {
            return Err(StorageError::Quota);
        }
        self.inner.set(key, value)
    }
    fn remove(&mut self, key: &str) -> Result<(), StorageError> {
        self.inner.remove(key)
    }
    fn keys(&self) -> Result<Vec<String>, StorageError> {
        self.inner.keys()
    }
}

/// What one session saw.
struct Outcome {
    /// The in-memory workspace at the end.
    memory: Workspace,
    /// Steps whose save was refused, with the error.
    refused: Vec<(usize, StorageError)>,
    /// Refused steps after which the store was not exactly as before the step.
    half_written: Vec<usize>,
    store: Flaky,
}

/// Runs the session with the `fail_at`-th write refused (None: none).
fn session(fail_at: Option<usize>) -> Outcome {
    let mut env = env();
    let (mut repo, _) = Repo::open(Flaky {
        // The layout version is written first, at open.
        fail_at: fail_at.map(|k| k + 1),
        ..Flaky::default()
    });
    let mut ws = Workspace::default();
    let mut refused = Vec::new();
    let mut half_written = Vec::new();
    for (i, (_, step)) in steps().into_iter().enumerate() {
        let before = repo.store().inner.snapshot();
        if let Err(e) = step(&mut ws, &mut env, &mut repo) {
            if repo.store().inner.snapshot() != before {
                half_written.push(i);
            }
            refused.push((i, e));
        }
    }
    Outcome {
        memory: ws,
        refused,
        half_written,
        store: repo.store().clone(),
    }
}

fn records(ws: &Workspace) -> usize {
    ws.projects.len()
        + ws.projects.iter().map(|p| p.cards.len()).sum::<usize>()
        + ws.templates.len()
        + ws.runs.len()
        + ws.people.len()
        + ws.tombstones.len()
}

#[test]
fn a_write_refused_at_any_point_of_a_session_loses_nothing() {
    let clean = session(None);
    assert!(clean.refused.is_empty(), "{:?}", clean.refused);
    let total_writes = clean.store.sets - 1;
    let final_ws = clean.memory.clone();
    assert!(records(&final_ws) > 20, "{}", records(&final_ws));

    let mut injected = 0;
    let mut lost = 0;
    for k in 0..total_writes {
        let out = session(Some(k));
        injected += 1;
        // The in-memory workspace is complete: the same as without any failure.
        assert_eq!(out.memory, final_ws, "k={k}");
        // The refusal is reported as Quota (what puts the banner up)...
        assert_eq!(out.refused.len(), 1, "k={k}: {:?}", out.refused);
        assert_eq!(out.refused[0].1, StorageError::Quota, "k={k}");
        // ...and the refused step left the store exactly as it was before it.
        assert!(
            out.half_written.is_empty(),
            "k={k}: half-written step {:?}",
            out.half_written
        );
        let store = out.store.inner.clone();
        assert_eq!(store.get(JOURNAL_KEY).unwrap(), None, "k={k}: journal left");
        let (mut again, loaded) = Repo::open(store);
        assert!(loaded.problems.is_empty(), "k={k}: {:?}", loaded.problems);
        // "Try saving again" stores what is on screen.
        let stored = again.load().workspace;
        again.replace(&stored, &out.memory).unwrap();
        let (_, after) = Repo::open(again.store().clone());
        assert!(after.problems.is_empty(), "k={k}: {:?}", after.problems);
        if after.workspace != norm(&final_ws) {
            lost += records(&final_ws)
                .abs_diff(records(&after.workspace))
                .max(1);
        }
    }
    eprintln!(
        "quota session: {} steps, {total_writes} writes; {injected} failures injected \
         (one run per write position), {lost} records lost",
        steps().len()
    );
    assert_eq!(lost, 0);
    assert!(injected >= 20, "only {injected} write positions");
}

/// When the store keeps refusing *every* write from write k on (`MemoryStore::fail_after`,
/// like storage switched off mid-write), the rollback of a multi-key write cannot put an
/// overwritten key back. Then the journal must stay, so the next start finishes the write:
/// the store is either as it was, or half-written with its journal, which opens whole.
#[test]
fn a_store_that_keeps_refusing_is_never_left_half_written() {
    let (clean, _) = (session(None), ());
    let total_writes = clean.store.sets - 1;
    let mut bad = Vec::new();
    for k in 0..total_writes {
        let mut env = env();
        let (repo0, _) = Repo::open(MemoryStore::new());
        let mut inner = repo0.store().clone();
        inner.fail_after = Some(inner.writes + k);
        let (mut repo, _) = Repo::open(Flaky {
            inner,
            ..Flaky::default()
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
    let clean = session(None);
    let final_ws = clean.memory.clone();
    // The sample is deleted late in the session, so the peak is well above the end.
    let max = clean.store.inner.used() * 4;
    let mut runs = 0;
    for quota in (200..max).step_by((max / 40).max(1)) {
        let mut env = env();
        let mut inner = MemoryStore::new();
        inner.quota = Some(quota);
        let (mut repo, _) = Repo::open(Flaky {
            inner,
            ..Flaky::default()
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
