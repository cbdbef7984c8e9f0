//! Live sync through CouchDB (`docket::couch`), natively: replicas (sessions, as the app
//! runs them) push and pull through the same steps the browser takes (`couch::round`),
//! against a CouchDB held in memory here (revisions, conflicts refused on write, stored
//! conflicts as replication makes them, `_changes` with sequences).
#![cfg(not(target_arch = "wasm32"))]

use docket::couch::replica::Replica;
use docket::couch::round::{self, Local, Server};
use docket::couch::settings::{database, Database};
use docket::couch::SyncError;
use docket::domain::board::CardFields;
use docket::domain::{Env, Id, Priority, Ts, Workspace};
use docket::exchange::merge::merge;
use proptest::prelude::*;
use serde_json::{json, Value};
use std::collections::BTreeMap;

mod colleagues;
use colleagues::{base, colleague, S};

/// Runs a future that completes without waiting (every server here answers at once).
fn now<F: std::future::Future>(f: F) -> F::Output {
    let mut f = std::pin::pin!(f);
    let mut cx = std::task::Context::from_waker(std::task::Waker::noop());
    match f.as_mut().poll(&mut cx) {
        std::task::Poll::Ready(v) => v,
        std::task::Poll::Pending => panic!("the test server never waits"),
    }
}

/// One document: its winning revision and body, the revisions in conflict with it, and
/// the sequence of its last change.
#[derive(Clone, Debug)]
struct Entry {
    rev: String,
    body: Value,
    conflicts: Vec<(String, Value)>,
    seq: u64,
}

/// A CouchDB database in memory.
#[derive(Default)]
struct Couch {
    docs: BTreeMap<String, Entry>,
    seq: u64,
    offline: bool,
    requests: usize,
}

fn unescape(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' && i + 2 < b.len() + 1 {
            out.push(u8::from_str_radix(&s[i + 1..i + 3], 16).unwrap());
            i += 3;
        } else {
            out.push(b[i]);
            i += 1;
        }
    }
    String::from_utf8(out).unwrap()
}

fn new_rev(old: Option<&str>, body: &Value) -> String {
    let gen = old
        .and_then(|r| r.split('-').next()?.parse::<u64>().ok())
        .unwrap_or(0)
        + 1;
    format!(
        "{gen}-{:016x}",
        docket::couch::replica::hash(&body.to_string())
    )
}

impl Couch {
    fn doc(&self, id: &str, rev: &str, body: &Value, conflicts: &[(String, Value)]) -> Value {
        let mut d = body.clone();
        d["_id"] = json!(id);
        d["_rev"] = json!(rev);
        if !conflicts.is_empty() {
            d["_conflicts"] = json!(conflicts.iter().map(|c| c.0.clone()).collect::<Vec<_>>());
        }
        d
    }

    fn bulk(&mut self, body: &str) -> String {
        let body: Value = serde_json::from_str(body).unwrap();
        let mut out = Vec::new();
        for mut d in body["docs"].as_array().unwrap().clone() {
            let obj = d.as_object_mut().unwrap();
            let id = obj.remove("_id").unwrap().as_str().unwrap().to_string();
            let rev = obj.remove("_rev").map(|r| r.as_str().unwrap().to_string());
            let deleted = obj.remove("_deleted") == Some(json!(true));
            let entry = self.docs.get_mut(&id);
            if deleted {
                let e = entry.unwrap();
                let before = e.conflicts.len();
                e.conflicts.retain(|c| Some(&c.0) != rev.as_ref());
                if e.conflicts.len() == before {
                    // Only conflicts are deleted here; one already gone is a conflict.
                    out.push(json!({"id": id, "error": "conflict", "reason": "Document update conflict."}));
                    continue;
                }
                self.seq += 1;
                e.seq = self.seq;
                out.push(
                    json!({"ok": true, "id": id, "rev": new_rev(rev.as_deref(), &json!(null))}),
                );
                continue;
            }
            match entry {
                Some(e) if rev.as_ref() != Some(&e.rev) => {
                    out.push(json!({"id": id, "error": "conflict", "reason": "Document update conflict."}));
                }
                None if rev.is_some() => {
                    out.push(json!({"id": id, "error": "conflict", "reason": "Document update conflict."}));
                }
                _ => {
                    let r = new_rev(rev.as_deref(), &d);
                    self.seq += 1;
                    let conflicts = self
                        .docs
                        .get(&id)
                        .map(|e| e.conflicts.clone())
                        .unwrap_or_default();
                    self.docs.insert(
                        id.clone(),
                        Entry {
                            rev: r.clone(),
                            body: d,
                            conflicts,
                            seq: self.seq,
                        },
                    );
                    out.push(json!({"ok": true, "id": id, "rev": r}));
                }
            }
        }
        Value::Array(out).to_string()
    }

    fn changes(&self, query: &BTreeMap<String, String>) -> String {
        let since: u64 = query.get("since").map(|s| s.parse().unwrap()).unwrap_or(0);
        let limit: usize = query["limit"].parse().unwrap();
        let mut list: Vec<(&String, &Entry)> =
            self.docs.iter().filter(|(_, e)| e.seq > since).collect();
        list.sort_by_key(|(_, e)| e.seq);
        list.truncate(limit);
        let results: Vec<Value> = list
            .iter()
            .map(|(id, e)| json!({"seq": e.seq, "id": id, "changes": [{"rev": e.rev}], "doc": self.doc(id, &e.rev, &e.body, &e.conflicts)}))
            .collect();
        let last = list.last().map(|(_, e)| e.seq).unwrap_or(since);
        json!({"results": results, "last_seq": last}).to_string()
    }

    /// Adds a revision in conflict with `id`'s winner, as replication between two servers
    /// makes one: `edit` changes a copy of the winner's body.
    fn conflict(&mut self, id: &str, edit: impl FnOnce(&mut Value)) {
        let e = self.docs.get_mut(id).unwrap();
        let mut body = e.body.clone();
        edit(&mut body);
        let rev = new_rev(Some(&e.rev), &body).replacen('-', "-f", 1);
        e.conflicts.push((rev, body));
        self.seq += 1;
        e.seq = self.seq;
    }
}

fn split(url: &str) -> (String, BTreeMap<String, String>) {
    let rest = url
        .strip_prefix("http://couch.test/team/")
        .expect("only the database typed is contacted");
    let (path, q) = rest.split_once('?').unwrap_or((rest, ""));
    let query = q
        .split('&')
        .filter(|s| !s.is_empty())
        .map(|kv| {
            let (k, v) = kv.split_once('=').unwrap();
            (k.to_string(), unescape(v))
        })
        .collect();
    (unescape(path), query)
}

impl Server for Couch {
    async fn get(&mut self, url: &str) -> Result<String, SyncError> {
        if self.offline {
            return Err(SyncError::Offline);
        }
        self.requests += 1;
        let (path, query) = split(url);
        if path == "_changes" {
            return Ok(self.changes(&query));
        }
        let e = self
            .docs
            .get(&path)
            .ok_or(SyncError::Refused("not found".into()))?;
        if let Some(revs) = query.get("open_revs") {
            let revs: Vec<String> = serde_json::from_str(revs).unwrap();
            let out: Vec<Value> = revs
                .iter()
                .filter_map(|r| e.conflicts.iter().find(|c| &c.0 == r))
                .map(|(r, b)| json!({"ok": self.doc(&path, r, b, &[])}))
                .collect();
            return Ok(Value::Array(out).to_string());
        }
        Ok(self.doc(&path, &e.rev, &e.body, &e.conflicts).to_string())
    }

    async fn post(&mut self, url: &str, json: &str) -> Result<String, SyncError> {
        if self.offline {
            return Err(SyncError::Offline);
        }
        self.requests += 1;
        assert_eq!(split(url).0, "_bulk_docs");
        Ok(self.bulk(json))
    }
}

/// A browser's session.
struct Browser(S);

impl std::ops::Deref for Browser {
    type Target = S;
    fn deref(&self) -> &S {
        &self.0
    }
}

impl std::ops::DerefMut for Browser {
    fn deref_mut(&mut self) -> &mut S {
        &mut self.0
    }
}

/// A browser: its session and what it keeps of the sync.
struct Tab {
    s: Browser,
    replica: Replica,
    kept: String,
}

impl Local for Browser {
    fn with_workspace<R>(&self, f: impl FnOnce(&Workspace) -> R) -> R {
        f(self.0.workspace())
    }
    fn take(&mut self, merged: Workspace) -> Result<(), SyncError> {
        self.0
            .take_merged(merged)
            .map(|_| ())
            .map_err(|e| SyncError::Server(e.to_string()))
    }
    fn now(&mut self) -> Ts {
        self.0.env_mut().now()
    }
    fn keep(&mut self, _: &Replica) {}
}

fn db() -> Database {
    database("http://couch.test/team").unwrap()
}

impl Tab {
    fn new(ws: &Workspace, skew: i64, node: u32) -> Tab {
        Tab {
            s: Browser(colleague(ws, skew, node)),
            replica: Replica::default(),
            kept: String::new(),
        }
    }

    fn push(&mut self, c: &mut Couch) -> Result<usize, SyncError> {
        let r = now(round::push(c, &mut self.s, &db(), &mut self.replica));
        self.kept = serde_json::to_string(&self.replica).unwrap();
        r
    }

    fn pull(&mut self, c: &mut Couch) -> Result<usize, SyncError> {
        let mut total = 0;
        loop {
            let n = now(round::pull(c, &mut self.s, &db(), &mut self.replica, None))?;
            total += n;
            if n < round::BATCH {
                self.kept = serde_json::to_string(&self.replica).unwrap();
                return Ok(total);
            }
        }
    }

    fn sync(&mut self, c: &mut Couch) {
        self.push(c).unwrap();
        self.pull(c).unwrap();
        self.push(c).unwrap();
    }

    fn ws(&self) -> &Workspace {
        self.s.workspace()
    }

    fn edit_card(&mut self, i: usize, f: impl FnOnce(&mut CardFields)) {
        let pid = self.ws().projects[0].id.clone();
        let id = self.ws().projects[0].cards[i].id.clone();
        self.s.env_mut().advance(1);
        self.s
            .edit_project(&pid, "edit card", |p, env| {
                let mut fields = CardFields::of(p.card(&id).unwrap());
                f(&mut fields);
                p.update_card(env, &id, fields)
            })
            .unwrap()
            .saved
            .unwrap();
    }
}

/// Asserts two workspaces are equal, showing where they first differ.
fn same(a: &Workspace, b: &Workspace) {
    if a != b {
        let (x, y) = (
            serde_json::to_string(a).unwrap(),
            serde_json::to_string(b).unwrap(),
        );
        let i = x
            .bytes()
            .zip(y.bytes())
            .position(|(p, q)| p != q)
            .unwrap_or(x.len().min(y.len()));
        let at = |s: &str| {
            s.get(i.saturating_sub(150)..(i + 150).min(s.len()))
                .unwrap_or("")
                .to_string()
        };
        panic!("workspaces differ:\n{}\n{}", at(&x), at(&y));
    }
}

fn card_of<'a>(ws: &'a Workspace, id: &Id) -> &'a docket::domain::Card {
    ws.projects
        .iter()
        .flat_map(|p| &p.cards)
        .find(|c| &c.id == id)
        .unwrap()
}

#[test]
fn a_first_sync_sends_everything_and_another_browser_gets_the_same_workspace() {
    let mut c = Couch::default();
    // (In canonical order, as an import leaves it: else the first to pull it pushes back the
    // sample's subtasks in their canonical order, once.)
    let mut a = Tab::new(&merge(&base(), &Workspace::default()), 0, 1);
    let sent = a.push(&mut c).unwrap();
    let docs = a
        .ws()
        .projects
        .iter()
        .map(|p| p.cards.len() + 1)
        .sum::<usize>()
        + a.ws().templates.len()
        + a.ws().runs.len()
        + a.ws().people.len()
        + a.ws().project_templates.len()
        + a.ws().registers.ids().len()
        + a.ws().tombstones.len();
    assert_eq!((sent, c.docs.len()), (docs, docs));
    // Nothing differs any more: a second push sends nothing.
    assert_eq!(a.push(&mut c).unwrap(), 0);
    let mut b = Tab::new(&Workspace::default(), 5, 2);
    b.pull(&mut c).unwrap();
    // The same workspace an import of A's file would give (the merge orders people by id).
    same(b.ws(), &merge(a.ws(), &Workspace::default()));
    assert_eq!(
        b.push(&mut c).unwrap(),
        0,
        "what was pulled is not pushed back"
    );
}

#[test]
fn edits_made_offline_to_different_fields_of_one_card_both_survive() {
    let mut c = Couch::default();
    let mut a = Tab::new(&base(), 0, 1);
    a.sync(&mut c);
    let mut b = Tab::new(&Workspace::default(), 3, 2);
    b.sync(&mut c);
    c.offline = true;
    a.edit_card(0, |f| f.title = "A's title".into());
    b.edit_card(0, |f| f.priority = Priority::Urgent);
    assert_eq!(a.push(&mut c), Err(SyncError::Offline));
    // Back online, with a reload in between: the edit is found again from the replica kept.
    c.offline = false;
    a.replica = serde_json::from_str(&a.kept).unwrap();
    a.sync(&mut c);
    b.sync(&mut c); // B's push is refused as a conflict, merged, pushed again
    a.sync(&mut c);
    let id = a.ws().projects[0].cards[0].id.clone();
    for t in [&a, &b] {
        let card = card_of(t.ws(), &id);
        assert_eq!(
            (card.title.as_str(), card.priority),
            ("A's title", Priority::Urgent)
        );
    }
    assert_eq!(a.ws(), b.ws());
}

#[test]
fn a_deletion_travels() {
    let mut c = Couch::default();
    let mut a = Tab::new(&base(), 0, 1);
    a.sync(&mut c);
    let mut b = Tab::new(&Workspace::default(), 0, 2);
    b.sync(&mut c);
    let pid = a.ws().projects[0].id.clone();
    let card = a.ws().projects[0].cards[1].id.clone();
    a.s.env_mut().advance(1);
    a.s.edit_project(&pid, "delete card", |p, env| p.delete_card(env, &card))
        .unwrap()
        .saved
        .unwrap();
    let tid = a.ws().templates[0].id.clone();
    a.s.env_mut().advance(1);
    a.s.delete_template(&tid).unwrap().saved.unwrap();
    a.sync(&mut c);
    b.sync(&mut c);
    assert!(!b.ws().projects[0].cards.iter().any(|c| c.id == card));
    assert!(!b.ws().templates.iter().any(|t| t.id == tid));
    assert_eq!(a.ws(), b.ws());
}

#[test]
fn a_conflict_the_database_holds_is_merged_and_written_back() {
    let mut c = Couch::default();
    let mut a = Tab::new(&base(), 0, 1);
    a.sync(&mut c);
    // Another server replicated in a revision of the first card with a newer title.
    let id = a.ws().projects[0].cards[0].id.clone();
    let doc = format!("c:{id}");
    c.conflict(&doc, |b| {
        b["card"]["title"] = json!("From the other server");
        b["card"]["updated"] = json!("2030-01-01T00:00:00Z");
    });
    a.edit_card(1, |f| f.title = "Unrelated".into());
    // A second browser takes in the same conflict before A has written its merge: both
    // merge it; the second to write is refused, merges again, and finds its deletion of the
    // losing revision already done.
    let mut b0 = Tab::new(&Workspace::default(), 7, 4);
    b0.pull(&mut c).unwrap();
    a.sync(&mut c);
    b0.push(&mut c).unwrap();
    b0.sync(&mut c);
    a.sync(&mut c);
    assert_eq!(card_of(a.ws(), &id).title, "From the other server");
    assert_eq!(a.ws(), b0.ws());
    assert!(
        b0.replica.losers.iter().next().is_none(),
        "nothing left to delete"
    );
    let e = &c.docs[&doc];
    assert!(e.conflicts.is_empty(), "the losing revision is deleted");
    assert_eq!(e.body["card"]["title"], json!("From the other server"));
    let mut b = Tab::new(&Workspace::default(), 0, 2);
    b.sync(&mut c);
    assert_eq!(a.ws(), b.ws());
}

#[test]
fn a_document_that_is_not_dockets_changes_nothing() {
    let mut c = Couch::default();
    let mut a = Tab::new(&base(), 0, 1);
    a.sync(&mut c);
    let before = (a.ws().clone(), a.replica.clone());
    for bad in [
        json!({"docket": 1, "kind": "card", "project": "x", "card": {"title": 5}}),
        json!({"docket": 1, "kind": "spaceship"}),
        json!({"docket": 99, "kind": "person", "person": {}}),
        json!({"hello": "world"}),
    ] {
        c.bulk(&json!({"docs": [{"_id": "c:aaaaaaaaaaaaaaaaaaaa", "_rev": c.docs.get("c:aaaaaaaaaaaaaaaaaaaa").map(|e| e.rev.clone())}]}).to_string().replace(",\"_rev\":null", ""));
        let e = c.docs.get_mut("c:aaaaaaaaaaaaaaaaaaaa").unwrap();
        e.body = bad;
        let err = a.pull(&mut c).unwrap_err();
        assert!(
            matches!(err, SyncError::NotADocument { ref id, .. } if id == "c:aaaaaaaaaaaaaaaaaaaa"),
            "{err:?}"
        );
        assert_eq!((a.ws(), &a.replica), (&before.0, &before.1));
    }
}

// ---- three browsers, any order of pushes and pulls ----

#[derive(Clone, Debug)]
enum Step {
    Title(usize, usize, u8),
    Priority(usize, usize, u8),
    Due(usize, usize, u8),
    Add(usize),
    Delete(usize, usize),
    Push(usize),
    Pull(usize),
    Offline(bool),
}

fn step() -> impl Strategy<Value = Step> {
    let who = 0usize..3;
    prop_oneof![
        (who.clone(), 0usize..6, any::<u8>()).prop_map(|(w, c, v)| Step::Title(w, c, v)),
        (who.clone(), 0usize..6, any::<u8>()).prop_map(|(w, c, v)| Step::Priority(w, c, v)),
        (who.clone(), 0usize..6, any::<u8>()).prop_map(|(w, c, v)| Step::Due(w, c, v)),
        who.clone().prop_map(Step::Add),
        (who.clone(), 0usize..6).prop_map(|(w, c)| Step::Delete(w, c)),
        who.clone().prop_map(Step::Push),
        who.clone().prop_map(Step::Pull),
        any::<bool>().prop_map(Step::Offline),
    ]
}

fn apply(t: &mut Tab, c: &mut Couch, s: &Step) {
    let n = t.ws().projects[0].cards.len();
    match *s {
        Step::Title(_, i, v) if n > 0 => t.edit_card(i % n, |f| f.title = format!("Title {v}")),
        Step::Priority(_, i, v) if n > 0 => t.edit_card(i % n, |f| {
            f.priority = [Priority::Low, Priority::High, Priority::Urgent][usize::from(v % 3)]
        }),
        Step::Due(_, i, v) if n > 0 => t.edit_card(i % n, |f| {
            f.start = None;
            f.due = chrono::NaiveDate::from_ymd_opt(2026, 4, 1 + u32::from(v % 28));
        }),
        Step::Add(_) => {
            let pid = t.ws().projects[0].id.clone();
            let col = t.ws().projects[0].columns[0].id.clone();
            t.s.env_mut().advance(1);
            t.s.edit_project(&pid, "add card", |p, env| p.add_card(env, &col, "New"))
                .unwrap()
                .saved
                .unwrap();
        }
        Step::Delete(_, i) if n > 0 => {
            let pid = t.ws().projects[0].id.clone();
            let id = t.ws().projects[0].cards[i % n].id.clone();
            t.s.env_mut().advance(1);
            t.s.edit_project(&pid, "delete card", |p, env| p.delete_card(env, &id))
                .unwrap()
                .saved
                .unwrap();
        }
        Step::Push(_) => {
            let _ = t.push(c);
        }
        Step::Pull(_) => {
            let _ = t.pull(c);
        }
        _ => {}
    }
}

/// Three browsers on the base workspace (the first one synced), after `steps`.
fn three_browsers(steps: &[Step]) -> (Couch, [Tab; 3]) {
    let ws = base();
    let mut c = Couch::default();
    let mut tabs = [
        Tab::new(&ws, 0, 11),
        Tab::new(&ws, 400, 12),
        Tab::new(&ws, -300, 13),
    ];
    tabs[0].sync(&mut c);
    for s in steps {
        match s {
            Step::Offline(o) => c.offline = *o,
            Step::Title(w, ..)
            | Step::Priority(w, ..)
            | Step::Due(w, ..)
            | Step::Add(w)
            | Step::Delete(w, _)
            | Step::Push(w)
            | Step::Pull(w) => apply(&mut tabs[*w], &mut c, s),
        }
    }
    (c, tabs)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    /// Whatever the order of edits, pushes and pulls (some of them offline), three browsers
    /// end with one workspace, and it keeps everything their files hold: merging the files
    /// into it changes nothing. (It may keep more than the files' merge: an edit one browser
    /// sent and then deleted the card, while another kept editing it, is in the database's
    /// copy but in no browser's file — see the test after this one.)
    #[test]
    fn three_browsers_converge_keeping_what_their_files_hold(steps in prop::collection::vec(step(), 1..40)) {
        let (mut c, mut tabs) = three_browsers(&steps);
        let files = merge(&merge(tabs[0].ws(), tabs[1].ws()), tabs[2].ws());
        c.offline = false;
        for _ in 0..2 {
            for t in tabs.iter_mut() {
                t.sync(&mut c);
            }
        }
        for t in &tabs {
            prop_assert_eq!(t.ws(), tabs[0].ws());
        }
        prop_assert_eq!(&merge(&files, tabs[0].ws()), tabs[0].ws());
    }
}

/// Found by the property above: C sets a card's priority, sends it and deletes the card; A,
/// which never saw either, changes its due date later. Sync keeps the card (A's edit is newer
/// than the deletion) with A's date and C's priority, since the database held C's edit; the
/// files alone know C's copy only in its trash, which A's newer copy outranks whole.
#[test]
fn an_edit_sent_before_a_deletion_survives_a_newer_edit_elsewhere() {
    let steps = [
        Step::Due(0, 3, 0),
        Step::Priority(2, 3, 0),
        Step::Push(2),
        Step::Delete(2, 3),
    ];
    let id = base().projects[0].cards[3].id.clone();
    let (mut c, mut tabs) = three_browsers(&steps);
    let files = merge(&merge(tabs[0].ws(), tabs[1].ws()), tabs[2].ws());
    for _ in 0..2 {
        for t in tabs.iter_mut() {
            t.sync(&mut c);
        }
    }
    let card = card_of(tabs[0].ws(), &id);
    let due = chrono::NaiveDate::from_ymd_opt(2026, 4, 1);
    assert_eq!((card.priority, card.due), (Priority::Low, due));
    assert_eq!(card_of(&files, &id).due, due);
    for t in &tabs {
        same(t.ws(), tabs[0].ws());
    }
    same(&merge(&files, tabs[0].ws()), tabs[0].ws());
}

/// Found by the property above: B retitles a card and sends it; C, once it has B's edit,
/// deletes the card and sends that; A, which saw neither, changes the card's due date (an
/// edit older than the deletion, by the clocks); then B retitles it again, after the
/// deletion. B's newer edit keeps the card, and it comes back with A's date too: the
/// deletion took A's edit into the trash with it, and the revived card is merged field by
/// field with what the trash holds, as merging the three browsers' files does.
///
/// Known to fail (see docs/STATUS.md, seventeenth session): keeping A's edit needs the trash
/// to take in copies older than the deletion, and then a deletion that forgets copies (a
/// project's tombstone, a deletion for good) dated between such a copy and the trash makes
/// other orders disagree, which the exchange property finds: no merge rule has both in this
/// file format.
#[test]
#[ignore = "known: sync loses an edit older than a deletion that a newer edit revives"]
fn an_edit_older_than_a_deletion_comes_back_with_a_newer_edit_that_revives_the_card() {
    let steps = [
        Step::Title(1, 1, 0),
        Step::Push(1),
        Step::Push(2),
        Step::Delete(2, 1),
        Step::Push(2),
        Step::Due(0, 1, 0),
        Step::Title(1, 1, 1),
    ];
    let id = base().projects[0].cards[1].id.clone();
    let (mut c, mut tabs) = three_browsers(&steps);
    let [a, b, c2] = [0, 1, 2].map(|i| tabs[i].ws().clone());
    let files = merge(&merge(&a, &b), &c2);
    // The files merged in another order agree.
    same(&merge(&merge(&c2, &a), &b), &files);
    for _ in 0..2 {
        for t in tabs.iter_mut() {
            t.sync(&mut c);
        }
    }
    let card = card_of(tabs[0].ws(), &id);
    let due = chrono::NaiveDate::from_ymd_opt(2026, 4, 1);
    assert_eq!(
        (card.title.as_str(), card.start, card.due),
        ("Title 1", None, due)
    );
    for t in &tabs {
        same(t.ws(), tabs[0].ws());
    }
    same(&merge(&files, tabs[0].ws()), tabs[0].ws());
}
