//! A scripted session of the app's writes, shared by the native durability tests (over the
//! in-memory store) and the in-browser ones (over real localStorage): each step changes the
//! in-memory workspace, as the app's state does, then saves through `Repo` exactly as
//! `AppState` does; `Flaky` refuses one chosen write, as a full quota does.
#![allow(dead_code)]

use chrono::{NaiveDate, TimeZone, Utc};
use docket::domain::{people, sample, FixedEnv, Workspace};
use docket::storage::{KvStore, MemoryStore, Repo, StorageError, JOURNAL_KEY};
use std::collections::BTreeMap;

pub fn env() -> FixedEnv {
    FixedEnv::new(Utc.with_ymd_and_hms(2026, 3, 2, 9, 0, 0).unwrap(), 77)
}

pub fn day() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 3, 2).unwrap()
}

/// One step of the session: changes `ws` (in memory) and saves what it changed.
pub type Step<S> =
    fn(&mut Workspace, &mut FixedEnv, &mut Repo<Flaky<S>>) -> Result<(), StorageError>;

pub fn norm(ws: &Workspace) -> Workspace {
    let mut w = ws.clone();
    w.normalise();
    w
}

/// Edits project `i` with `op` and saves the change (as `AppState::edit_project`).
fn edit<S: KvStore>(
    ws: &mut Workspace,
    env: &mut FixedEnv,
    repo: &mut Repo<Flaky<S>>,
    i: usize,
    op: impl FnOnce(&mut docket::domain::Project, &mut FixedEnv),
) -> Result<(), StorageError> {
    let before = ws.projects[i].clone();
    op(&mut ws.projects[i], env);
    repo.save_project_change(&before, &ws.projects[i])
}

pub fn steps<S: KvStore>() -> Vec<(&'static str, Step<S>)> {
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
pub struct Flaky<S> {
    pub inner: S,
    pub fail_at: Option<usize>,
    pub sets: usize,
}

impl<S: KvStore> KvStore for Flaky<S> {
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

/// The store a session runs on: the in-memory one natively, real localStorage in the browser.
pub trait Backing: KvStore + Sized {
    /// An empty store.
    fn fresh() -> Self;
    /// Every key and value it holds.
    fn snap(&self) -> BTreeMap<String, String>;
}

impl Backing for MemoryStore {
    fn fresh() -> Self {
        MemoryStore::new()
    }
    fn snap(&self) -> BTreeMap<String, String> {
        self.snapshot()
    }
}

/// An in-memory copy of what a store holds.
pub fn copy(snap: &BTreeMap<String, String>) -> MemoryStore {
    let mut m = MemoryStore::new();
    for (k, v) in snap {
        m.set(k, v).unwrap();
    }
    m
}

/// What one session saw.
pub struct Outcome {
    /// The in-memory workspace at the end.
    pub memory: Workspace,
    /// Steps whose save was refused, with the error.
    pub refused: Vec<(usize, StorageError)>,
    /// Refused steps after which the store was not exactly as before the step.
    pub half_written: Vec<usize>,
    /// What the store held at the end.
    pub stored: BTreeMap<String, String>,
    /// Writes made (including the refused one).
    pub sets: usize,
}

/// Runs the session on a fresh store with the `fail_at`-th write refused (None: none).
pub fn session<S: Backing>(fail_at: Option<usize>) -> Outcome {
    let mut env = env();
    let (mut repo, _) = Repo::open(Flaky {
        inner: S::fresh(),
        // The layout version is written first, at open.
        fail_at: fail_at.map(|k| k + 1),
        sets: 0,
    });
    let mut ws = Workspace::default();
    let mut refused = Vec::new();
    let mut half_written = Vec::new();
    for (i, (_, step)) in steps().into_iter().enumerate() {
        let before = repo.store().inner.snap();
        if let Err(e) = step(&mut ws, &mut env, &mut repo) {
            if repo.store().inner.snap() != before {
                half_written.push(i);
            }
            refused.push((i, e));
        }
    }
    Outcome {
        memory: ws,
        refused,
        half_written,
        stored: repo.store().inner.snap(),
        sets: repo.store().sets,
    }
}

/// Runs the session once for every write position with that write refused; checks that
/// the refusal is reported as Quota, the refused step leaves the store as it was, the
/// in-memory workspace is complete, and "Try saving again" stores all of it. Returns
/// (writes, failures injected, records lost).
pub fn refuse_every_write<S: Backing>() -> (usize, usize, usize) {
    let clean = session::<S>(None);
    assert!(clean.refused.is_empty(), "{:?}", clean.refused);
    let total_writes = clean.sets - 1;
    let final_ws = clean.memory.clone();
    assert!(records(&final_ws) > 20, "{}", records(&final_ws));
    let mut injected = 0;
    let mut lost = 0;
    for k in 0..total_writes {
        let out = session::<S>(Some(k));
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
        assert!(!out.stored.contains_key(JOURNAL_KEY), "k={k}: journal left");
        let (mut again, loaded) = Repo::open(copy(&out.stored));
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
    (total_writes, injected, lost)
}

pub fn records(ws: &Workspace) -> usize {
    ws.projects.len()
        + ws.projects.iter().map(|p| p.cards.len()).sum::<usize>()
        + ws.templates.len()
        + ws.runs.len()
        + ws.people.len()
        + ws.tombstones.len()
}
