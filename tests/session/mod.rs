//! A scripted session of a person's changes, run through `docket::session::Session` — the
//! type the app runs behind its signals — over any store: the in-memory one natively,
//! real localStorage in the browser (tests/browser.rs). `Flaky` refuses one chosen write,
//! as a full quota does.
#![allow(dead_code)]

use chrono::{NaiveDate, TimeZone, Utc};
use docket::domain::{FixedEnv, Workspace};
use docket::session::{Done, Session};
use docket::storage::{KvStore, MemoryStore, Repo, StorageError, JOURNAL_KEY};
use std::cell::RefCell;
use std::collections::BTreeMap;
use std::rc::Rc;

pub fn env() -> FixedEnv {
    FixedEnv::new(Utc.with_ymd_and_hms(2026, 3, 2, 9, 0, 0).unwrap(), 77)
}

pub fn day() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 3, 2).unwrap()
}

/// The session the scripts drive.
pub type Scripted<S> = Session<Flaky<S>, FixedEnv>;

/// One step: a person's intent, through the session; gives what storing it did.
pub type Step<S> = fn(&mut Scripted<S>) -> Result<(), StorageError>;

pub fn norm(ws: &Workspace) -> Workspace {
    let mut w = ws.clone();
    w.normalise();
    w
}

/// The save result of an operation the domain must accept.
fn saved<T>(done: Result<Done<T>, docket::domain::DomainError>) -> Result<(), StorageError> {
    done.expect("the domain accepts every step of the script")
        .saved
}

fn nth_project<S: KvStore>(s: &Scripted<S>, i: usize) -> docket::domain::Id {
    s.workspace().projects[i].id.clone()
}

fn last_project<S: KvStore>(s: &Scripted<S>) -> docket::domain::Id {
    s.workspace().projects.last().unwrap().id.clone()
}

pub fn steps<S: KvStore>() -> Vec<(&'static str, Step<S>)> {
    vec![
        ("load the sample", |s| saved(s.load_sample(day()))),
        ("create a project", |s| {
            saved(s.create_project("Warehouse move"))
        }),
        ("add cards", |s| {
            let id = last_project(s);
            saved(s.edit_project(&id, "add cards", |p, env| {
                let col = p.columns[0].id.clone();
                for n in 0..12 {
                    p.add_card(env, &col, &format!("Pack shelf {n}"))?;
                }
                Ok(())
            }))
        }),
        ("edit a card", |s| {
            let id = nth_project(s, 0);
            saved(s.edit_project(&id, "edit card", |p, env| {
                let card = p.cards[1].id.clone();
                p.edit_card(
                    env,
                    &card,
                    "Renamed card",
                    &"A longer description. ".repeat(30),
                )
            }))
        }),
        ("move a card", |s| {
            let id = nth_project(s, 0);
            let p = s.project(&id).unwrap();
            let card = p.cards[2].id.clone();
            let to = p.columns.last().unwrap().id.clone();
            saved(
                s.edit_project_cards(&id, "move card", std::slice::from_ref(&card), |p, env| {
                    p.move_card(env, &card, &to, 0)
                }),
            )
        }),
        ("rename a project", |s| {
            let id = nth_project(s, 0);
            saved(s.edit_project(&id, "rename project", |p, env| {
                p.rename(env, "Relaunch, phase 2")
            }))
        }),
        ("undo the rename", |s| {
            s.undo().expect("a step to undo").saved
        }),
        ("redo the rename", |s| {
            s.redo().expect("a step to redo").saved
        }),
        ("add a person", |s| saved(s.person_named("Zoë Quinn"))),
        ("create a checklist", |s| {
            saved(s.create_template("Closing", "Lights off\nAlarm on\nDoors locked"))
        }),
        ("start a run", |s| {
            let t = s.workspace().templates.last().unwrap().id.clone();
            saved(s.start_run(&t, day()))
        }),
        ("tick an item", |s| {
            let t = s.workspace().templates.last().unwrap().id.clone();
            let run = s
                .workspace()
                .runs
                .iter()
                .find(|r| r.template == t)
                .unwrap()
                .id
                .clone();
            saved(s.edit_run(&run, |r, t, env| {
                let item = t.items[0].id.clone();
                r.set_checked(env, t, &item, true)
            }))
        }),
        ("move many cards", |s| {
            let id = last_project(s);
            saved(s.edit_project(&id, "move cards", |p, env| {
                let to = p.columns[1].id.clone();
                let ids: Vec<_> = p.cards.iter().take(6).map(|c| c.id.clone()).collect();
                for id in ids {
                    p.move_card(env, &id, &to, 0)?;
                }
                Ok(())
            }))
        }),
        ("delete a checklist", |s| {
            let t = s.workspace().templates[0].id.clone();
            saved(s.delete_template(&t))
        }),
        ("delete a project", |s| {
            let id = nth_project(s, 0);
            saved(s.delete_project(&id))
        }),
        ("edit the new project", |s| {
            let id = last_project(s);
            saved(s.edit_project(&id, "edit card", |p, env| {
                let card = p.cards[0].id.clone();
                p.edit_card(env, &card, "Pack shelf 0 (fragile)", "Bubble wrap.")
            }))
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

/// An in-memory store the test keeps a handle on while a session writes to it (to free
/// space, as a person does, between a refused write and "Try saving again").
#[derive(Clone, Default)]
pub struct SharedMem(pub Rc<RefCell<MemoryStore>>);

impl KvStore for SharedMem {
    fn get(&self, key: &str) -> Result<Option<String>, StorageError> {
        self.0.borrow().get(key)
    }
    fn set(&mut self, key: &str, value: &str) -> Result<(), StorageError> {
        self.0.borrow_mut().set(key, value)
    }
    fn remove(&mut self, key: &str) -> Result<(), StorageError> {
        self.0.borrow_mut().remove(key)
    }
    fn keys(&self) -> Result<Vec<String>, StorageError> {
        self.0.borrow().keys()
    }
}

impl Backing for SharedMem {
    fn fresh() -> Self {
        SharedMem::default()
    }
    fn snap(&self) -> BTreeMap<String, String> {
        self.0.borrow().snapshot()
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

/// What a store holds, as the app would load it.
pub fn loads(snap: &BTreeMap<String, String>) -> Workspace {
    let (_, loaded) = Repo::open(copy(snap));
    assert!(loaded.problems.is_empty(), "{:?}", loaded.problems);
    loaded.workspace
}

/// What one scripted session saw.
pub struct Outcome<S: KvStore> {
    /// The session's workspace at the end (what the screen shows).
    pub memory: Workspace,
    /// Steps whose save was refused, with the error.
    pub refused: Vec<(usize, StorageError)>,
    /// For each refused step: what loads from the store after it, and what loaded before
    /// it (they must be equal: a refused step writes nothing).
    pub after_refusal: Vec<(usize, Workspace, Workspace)>,
    /// What the store held at the end.
    pub stored: BTreeMap<String, String>,
    /// Writes made (including the refused one).
    pub sets: usize,
    /// The session itself, to go on (its store refuses nothing more).
    pub session: Scripted<S>,
}

/// Opens a session on a fresh store with the `fail_at`-th write refused (None: none).
pub fn open<S: Backing>(fail_at: Option<usize>) -> Scripted<S> {
    open_on(S::fresh(), fail_at)
}

/// [`open`] on a given store.
pub fn open_on<S: KvStore>(inner: S, fail_at: Option<usize>) -> Scripted<S> {
    let store = Flaky {
        inner,
        // The layout version is written first, at open.
        fail_at: fail_at.map(|k| k + 1),
        sets: 0,
    };
    let (s, problems) = Session::open(Ok(store), env());
    assert!(problems.is_empty(), "{problems:?}");
    s
}

fn store_of<S: Backing>(s: &Scripted<S>) -> &Flaky<S> {
    s.repo().expect("storage opened").store()
}

/// Runs the script with the `fail_at`-th write refused (None: none).
pub fn session<S: Backing>(fail_at: Option<usize>) -> Outcome<S> {
    let mut s = open::<S>(fail_at);
    let mut refused = Vec::new();
    let mut after_refusal = Vec::new();
    for (i, (_, step)) in steps().into_iter().enumerate() {
        let before = store_of(&s).inner.snap();
        s.env_mut().advance(60);
        if let Err(e) = step(&mut s) {
            let after = store_of(&s).inner.snap();
            after_refusal.push((i, loads(&after), loads(&before)));
            refused.push((i, e));
        }
    }
    Outcome {
        memory: s.workspace().clone(),
        refused,
        after_refusal,
        stored: store_of(&s).inner.snap(),
        sets: store_of(&s).sets,
        session: s,
    }
}

/// Runs the script once for every write position with that write refused, and checks:
/// the refusal is reported as Quota (the banner); what loads after the refused step is the
/// workspace as stored before it (data compared whole); what the session holds at the end
/// (the screen) is the same as without any refusal; and "Try saving again" (the session's
/// own `save_again`) stores all of it. Returns (writes, refusals reached, records lost).
pub fn refuse_every_write<S: Backing>() -> (usize, usize, usize) {
    let clean = session::<S>(None);
    assert!(clean.refused.is_empty(), "{:?}", clean.refused);
    let total_writes = clean.sets - 1;
    let final_ws = clean.memory.clone();
    assert!(records(&final_ws) > 20, "{}", records(&final_ws));
    assert_eq!(loads(&clean.stored), norm(&final_ws));
    let mut reached = 0;
    let mut lost = 0;
    for k in 0..total_writes {
        let mut out = session::<S>(Some(k));
        // The refusal was reached, and reported as Quota (what puts the banner up).
        assert_eq!(out.refused.len(), 1, "k={k}: {:?}", out.refused);
        assert_eq!(out.refused[0].1, StorageError::Quota, "k={k}");
        reached += 1;
        // The refused step left the stored data exactly as before it.
        for (i, after, before) in &out.after_refusal {
            assert_eq!(after, before, "k={k}: step {i} half-written");
        }
        assert!(!out.stored.contains_key(JOURNAL_KEY), "k={k}: journal left");
        // What is on screen is complete: the same as without any failure.
        assert_eq!(out.memory, final_ws, "k={k}");
        // "Try saving again" in the same session, once the store accepts writes again.
        out.session.save_again().unwrap();
        let stored = store_of(&out.session).inner.snap();
        if loads(&stored) != norm(&final_ws) {
            lost += records(&final_ws).abs_diff(records(&loads(&stored))).max(1);
        }
    }
    (total_writes, reached, lost)
}

pub fn records(ws: &Workspace) -> usize {
    ws.projects.len()
        + ws.projects.iter().map(|p| p.cards.len()).sum::<usize>()
        + ws.templates.len()
        + ws.runs.len()
        + ws.people.len()
        + ws.tombstones.len()
}
