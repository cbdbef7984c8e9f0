//! Structure-aware fuzzing of the import: `exchange::format::parse` (and what runs on an
//! accepted file: preview, merge, import as a copy, re-export) and `trello::import_trello`.
//!
//! `cargo fuzz` needs nightly Rust, so this is the equivalent long property test: proptest
//! generates mutations of a valid export (fields deleted, values of every other JSON type,
//! duplicated elements, swapped ids, hostile strings, raw tokens serde cannot hold such as
//! lone surrogates, `NaN` and `1e400`, changed versions, a BOM, CRLF, truncation at a random
//! byte) plus raw bytes and JSON-ish token soup, and checks the properties below.
//!
//! The number of cases per test comes from `FUZZ_CASES` (default 300, quick enough for the
//! normal run); `scripts/fuzz.sh` runs it long in release mode. Each test prints how many
//! inputs it executed and how many were accepted and refused (see docs/fuzzing.md).
#![cfg(not(target_arch = "wasm32"))]

use chrono::{NaiveDate, TimeZone, Utc};
use docket::domain::{validate, FixedEnv, Workspace};
use docket::exchange::format::{self, Envelope, FileError, Parsed};
use docket::exchange::merge::merge;
use docket::exchange::preview::{as_copy, preview};
use docket::exchange::trello::import_trello;
use docket::session::Session;
use docket::storage::{pack, recovery, KvStore, MemoryStore, Op, Repo, JOURNAL_KEY, SCHEMA_KEY};
use proptest::prelude::*;
use proptest::sample::Index;
use proptest::test_runner::{
    Config, FileFailurePersistence, RngAlgorithm, TestCaseError, TestRng, TestRunner,
};
use serde_json::{Map, Value};
use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering::Relaxed};
use std::time::Instant;

// ---------------------------------------------------------------------------------------
// Harness: a runner whose case count comes from FUZZ_CASES, and counters it reports.

fn cases() -> u32 {
    std::env::var("FUZZ_CASES")
        .ok()
        .and_then(|s| s.trim().parse().ok())
        .filter(|&n| n > 0)
        .unwrap_or(300)
}

/// What one fuzz test saw.
#[derive(Default)]
struct Stats {
    executed: AtomicU64,
    accepted: AtomicU64,
    refused: AtomicU64,
    trello: AtomicU64,
}

impl Stats {
    fn count(&self, outcome: &Result<Parsed, Vec<FileError>>) {
        self.executed.fetch_add(1, Relaxed);
        let c = match outcome {
            Ok(Parsed::Docket(_)) => &self.accepted,
            Ok(Parsed::Trello) => &self.trello,
            Err(_) => &self.refused,
        };
        c.fetch_add(1, Relaxed);
    }
    fn count_trello<T, E>(&self, outcome: &Result<T, E>) {
        self.executed.fetch_add(1, Relaxed);
        let c = if outcome.is_ok() {
            &self.accepted
        } else {
            &self.refused
        };
        c.fetch_add(1, Relaxed);
    }
}

/// The seed of every fuzz test's random generator: `FUZZ_SEED` (a whole number) fixes it,
/// so a run can be repeated exactly (CI runs a fixed seed); unset, each run draws a new one
/// (the long runs of scripts/fuzz.sh explore further).
fn rng() -> Option<TestRng> {
    let seed: u64 = std::env::var("FUZZ_SEED").ok()?.trim().parse().ok()?;
    let mut bytes = [0u8; 32];
    for (i, b) in bytes.iter_mut().enumerate() {
        *b = (seed >> ((i % 8) * 8)) as u8 ^ (i as u8);
    }
    Some(TestRng::from_seed(RngAlgorithm::ChaCha, &bytes))
}

/// Runs `test` on `FUZZ_CASES` inputs from `strategy` and reports the executions. A
/// failing input is saved to tests/fuzz_import.proptest-regressions and tried first on
/// every later run. With `both`, the run fails unless some inputs were accepted and some
/// refused (so the checks on accepted inputs really ran).
fn fuzz<S: Strategy>(
    name: &str,
    both: bool,
    strategy: S,
    test: impl Fn(S::Value, &Stats) -> Result<(), TestCaseError>,
) {
    let cases = cases();
    let config = Config {
        cases,
        failure_persistence: Some(Box::new(FileFailurePersistence::Direct(
            "tests/fuzz_import.proptest-regressions",
        ))),
        max_shrink_iters: 2_000,
        // Long runs must not stop at proptest's default limit of rejected inputs.
        max_global_rejects: u32::MAX,
        ..Config::default()
    };
    let mut runner = match rng() {
        Some(rng) => TestRunner::new_with_rng(config, rng),
        None => TestRunner::new(config),
    };
    let stats = Stats::default();
    let started = Instant::now();
    let result = runner.run(&strategy, |v| test(v, &stats));
    let secs = started.elapsed().as_secs_f64();
    let n = stats.executed.load(Relaxed);
    let (accepted, refused) = (stats.accepted.load(Relaxed), stats.refused.load(Relaxed));
    eprintln!(
        "fuzz[{name}]: {n} inputs executed in {secs:.1} s ({:.0}/s; {cases} cases + shrinking): accepted {accepted}, refused {refused}, read as Trello {}",
        n as f64 / secs.max(1e-9),
        stats.trello.load(Relaxed),
    );
    if let Err(e) = result {
        panic!("fuzz[{name}] found a failing input: {e}");
    }
    if both {
        assert!(
            accepted > 0 && refused > 0,
            "fuzz[{name}]: accepted {accepted} and refused {refused}: both must be above zero"
        );
    }
}

// ---------------------------------------------------------------------------------------
// Inputs.

fn fixture(rel: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(rel);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("reading {}: {e}", path.display()))
}

fn v1_text() -> String {
    fixture("tests/fixtures/format/v1-workspace.json")
}

fn trello_text() -> String {
    fixture("tests/fixtures/trello/rich-board.json")
}

/// The workspace of the v1 fixture: the local side of every merge and preview.
fn base_workspace() -> Workspace {
    match format::parse(&v1_text()) {
        Ok(Parsed::Docket(e)) => e.workspace(),
        other => panic!("the v1 fixture does not import: {other:?}"),
    }
}

fn env() -> FixedEnv {
    FixedEnv::new(Utc.with_ymd_and_hms(2026, 3, 2, 9, 0, 0).unwrap(), 4242)
}

/// Strings that must never do harm: markup, script URLs, bidi overrides, control characters,
/// combining marks, emoji, non-characters, template and format syntax.
const HOSTILE: &[&str] = &[
    "<script>alert(1)</script>",
    "<img src=x onerror=\"window.__pwned=1\">",
    "\"><svg onload=alert(1)>",
    "javascript:alert(document.cookie)",
    "JaVaScRiPt:alert(1)",
    " javascript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "vbscript:msgbox(1)",
    "\u{202E}fdp.exe",
    "\u{202D}\u{2066}\u{2067}\u{2068}\u{2069}\u{200F}",
    "\u{0}",
    "a\u{0}b",
    "\u{1}\u{2}\u{7}\u{8}\u{b}\u{c}\u{1b}[31m\u{7f}",
    "\u{85}\u{9b}\u{2028}\u{2029}",
    "\u{feff}",
    "\u{200b}\u{200c}\u{200d}\u{2060}",
    "😀👩‍👩‍👧‍👦🏳️‍🌈🇫🇷",
    "e\u{301}\u{301}\u{301}\u{301}\u{301}\u{301}",
    "Z\u{351}\u{34b}\u{35a}\u{316}\u{359}a\u{33e}\u{34a}l\u{36b}g\u{30f}o",
    "\u{ffff}\u{fffe}\u{10ffff}\u{fdd0}",
    "\u{e000}\u{f8ff}",
    "𝕯𝖔𝖈𝖐𝖊𝖙",
    "שלום עולם",
    "مرحبا",
    "日本語のテキスト",
    "\t\n\r ",
    "   ",
    "",
    "' OR 1=1 --",
    "{{7*7}}${7*7}<%= 7*7 %>",
    "%s%n%x%d",
    "../../../etc/passwd",
    "\\u0000\\ud800",
    "&lt;&amp;&#x3C;&#0;",
    "1e400",
    "NaN",
    "-0",
    "2026-02-30",
    "2026-03-02T09:00:00Z",
    "0001-01-01",
    "9999-12-31",
    "+262143-12-31",
    "0000-01-01T00:00:00Z",
    "9999-12-31T23:59:59.999999999Z",
    "1970-01-01T00:00:00+14:00",
    "0",
    "zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz",
    "V0",
    "__proto__",
    "constructor",
];

/// JSON text that a `serde_json::Value` cannot hold: it is spliced into the serialised file
/// where a marker string stands.
const RAW: &[&str] = &[
    "\"\\ud800\"",
    "\"\\udc00\"",
    "\"a\\ud800b\"",
    "\"\\ud83d\\ude00\"",
    "\"\\u0000\"",
    "\"\\x41\"",
    "\"\u{1}\"",
    "NaN",
    "Infinity",
    "-Infinity",
    "1e400",
    "-1e400",
    "1e-400",
    "123456789012345678901234567890",
    "-9223372036854775809",
    "18446744073709551616",
    "00",
    "01",
    "+1",
    ".5",
    "1.",
    "0x10",
    "-0",
    "-0.0",
    "1E2",
    "true false",
    "undefined",
    "'single'",
    "/* c */ 1",
    "\"open",
    "{",
    "]",
    "",
];

const MARK: char = '\u{E000}';

fn marker(i: usize) -> Value {
    Value::String(format!("{MARK}RAW{i}{MARK}"))
}

fn long_string(n: usize, unit: &str) -> String {
    unit.repeat(n / unit.chars().count().max(1) + 1)
}

fn nested(depth: usize, object: bool) -> Value {
    let mut v = Value::Null;
    for _ in 0..depth {
        v = if object {
            let mut m = Map::new();
            m.insert("a".into(), v);
            Value::Object(m)
        } else {
            Value::Array(vec![v])
        };
    }
    v
}

/// A replacement value of any JSON type.
fn replacement() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        (-10i64..10).prop_map(Value::from),
        any::<f64>().prop_map(|f| serde_json::Number::from_f64(f)
            .map(Value::Number)
            .unwrap_or(Value::Null)),
        prop::sample::select(vec![
            f64::MAX,
            f64::MIN,
            f64::MIN_POSITIVE,
            f64::EPSILON,
            -0.0,
            0.1,
            -1.5,
            1e21,
            4294967296.0,
            1.0,
            2.5,
        ])
        .prop_map(Value::from),
        prop::sample::select(vec![
            u64::MAX,
            u32::MAX as u64,
            u32::MAX as u64 + 1,
            0,
            1,
            2,
            6
        ])
        .prop_map(Value::from),
        prop::sample::select(HOSTILE.to_vec()).prop_map(Value::from),
        ".{0,40}".prop_map(Value::String),
        (
            20_000usize..22_000,
            prop::sample::select(vec!["a", "é", "😀", "\u{202E}", " "])
        )
            .prop_map(|(n, u)| Value::String(long_string(n, u))),
        (1usize..=200, any::<bool>()).prop_map(|(d, o)| nested(d, o)),
        prop::collection::vec(
            prop::sample::select(HOSTILE.to_vec()).prop_map(Value::from),
            0..4
        )
        .prop_map(Value::Array),
        Just(Value::Object(Map::new())),
        Just(Value::Array(Vec::new())),
        (0..RAW.len()).prop_map(marker),
    ]
}

/// A path to a node of a JSON tree.
#[derive(Clone, Debug, PartialEq)]
enum Seg {
    Key(String),
    At(usize),
}

fn all_paths(v: &Value, at: &mut Vec<Seg>, out: &mut Vec<Vec<Seg>>) {
    out.push(at.clone());
    match v {
        Value::Object(m) => {
            for (k, x) in m {
                at.push(Seg::Key(k.clone()));
                all_paths(x, at, out);
                at.pop();
            }
        }
        Value::Array(a) => {
            for (i, x) in a.iter().enumerate() {
                at.push(Seg::At(i));
                all_paths(x, at, out);
                at.pop();
            }
        }
        _ => {}
    }
}

fn node<'a>(root: &'a Value, path: &[Seg]) -> Option<&'a Value> {
    let mut v = root;
    for s in path {
        v = match s {
            Seg::Key(k) => v.get(k.as_str())?,
            Seg::At(i) => v.get(*i)?,
        };
    }
    Some(v)
}

fn node_mut<'a>(root: &'a mut Value, path: &[Seg]) -> Option<&'a mut Value> {
    let mut v = root;
    for s in path {
        v = match s {
            Seg::Key(k) => v.get_mut(k.as_str())?,
            Seg::At(i) => v.get_mut(*i)?,
        };
    }
    Some(v)
}

/// Fields holding ids or references to ids.
const ID_KEYS: &[&str] = &[
    "id",
    "column",
    "card",
    "template",
    "from",
    "to",
    "done_column",
    "idList",
    "idCard",
    "idBoard",
    "idChecklist",
];
const ID_LISTS: &[&str] = &[
    "blocked_by",
    "labels",
    "assignees",
    "checked",
    "ran_by",
    "idLabels",
    "idMembers",
    "idChecklists",
];

fn is_id_path(path: &[Seg]) -> bool {
    match path {
        [.., Seg::Key(k)] => ID_KEYS.contains(&k.as_str()),
        [.., Seg::Key(k), Seg::At(_)] => ID_LISTS.contains(&k.as_str()),
        _ => false,
    }
}

/// One change to the tree.
#[derive(Clone, Debug)]
enum Mutation {
    Delete(Index),
    Replace(Index, Value),
    Duplicate(Index, Index),
    SwapIds(Index, Index),
    Inject(Index, Value, u8),
    Version(Value),
    Format(Value),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    let version = prop_oneof![
        prop::sample::select(vec![0i64, 1, 2, 99, -1, 4294967297, 4294967296])
            .prop_map(Value::from),
        replacement(),
    ];
    prop_oneof![
        3 => any::<Index>().prop_map(Mutation::Delete),
        5 => (any::<Index>(), replacement()).prop_map(|(i, v)| Mutation::Replace(i, v)),
        2 => (any::<Index>(), any::<Index>()).prop_map(|(a, b)| Mutation::Duplicate(a, b)),
        3 => (any::<Index>(), any::<Index>()).prop_map(|(a, b)| Mutation::SwapIds(a, b)),
        4 => (
            any::<Index>(),
            prop_oneof![
                4 => prop::sample::select(HOSTILE.to_vec()).prop_map(Value::from),
                1 => (20_000usize..21_000).prop_map(|n| Value::from(long_string(n, "x"))),
                1 => (0..RAW.len()).prop_map(marker),
            ],
            0u8..3
        )
            .prop_map(|(i, s, how)| Mutation::Inject(i, s, how)),
        1 => version.prop_map(Mutation::Version),
        1 => prop_oneof![Just(Value::from("Docket")), Just(Value::from("trello")), replacement()]
            .prop_map(Mutation::Format),
    ]
}

fn apply(root: &mut Value, m: &Mutation) {
    let mut paths = Vec::new();
    all_paths(root, &mut Vec::new(), &mut paths);
    match m {
        Mutation::Delete(i) => {
            let path = i.get(&paths).clone();
            let Some((last, parent)) = path.split_last() else {
                *root = Value::Null;
                return;
            };
            match (node_mut(root, parent), last) {
                (Some(Value::Object(o)), Seg::Key(k)) => {
                    o.remove(k);
                }
                (Some(Value::Array(a)), Seg::At(j)) => {
                    a.remove(*j);
                }
                _ => {}
            }
        }
        Mutation::Replace(i, v) => {
            if let Some(n) = node_mut(root, i.get::<Vec<Seg>>(&paths)) {
                *n = v.clone();
            }
        }
        Mutation::Duplicate(a, b) => {
            let arrays: Vec<&Vec<Seg>> = paths
                .iter()
                .filter(|p| matches!(node(root, p), Some(Value::Array(x)) if !x.is_empty()))
                .collect();
            if arrays.is_empty() {
                return;
            }
            let path = (*a.get(&arrays)).clone();
            if let Some(Value::Array(x)) = node_mut(root, &path) {
                let e = b.get(x).clone();
                let at = b.index(x.len() + 1);
                x.insert(at, e);
            }
        }
        Mutation::SwapIds(a, b) => {
            let ids: Vec<&Vec<Seg>> = paths
                .iter()
                .filter(|p| is_id_path(p) && matches!(node(root, p), Some(Value::String(_))))
                .collect();
            if ids.len() < 2 {
                return;
            }
            let (pa, pb) = ((*a.get(&ids)).clone(), (*b.get(&ids)).clone());
            let va = node_mut(root, &pa).map(|v| v.take());
            let vb = node_mut(root, &pb).map(|v| v.take());
            if let (Some(va), Some(vb)) = (va, vb) {
                *node_mut(root, &pa).expect("still there") = vb;
                *node_mut(root, &pb).expect("still there") = va;
            }
        }
        Mutation::Inject(i, s, how) => {
            let strings: Vec<&Vec<Seg>> = paths
                .iter()
                .filter(|p| matches!(node(root, p), Some(Value::String(_))))
                .collect();
            if strings.is_empty() {
                return;
            }
            let path = (*i.get(&strings)).clone();
            if let Some(Value::String(t)) = node_mut(root, &path) {
                let s = s.as_str().unwrap_or_default();
                *t = match how {
                    0 => s.to_string(),
                    1 => format!("{s}{t}"),
                    _ => format!("{t}{s}"),
                };
            }
        }
        Mutation::Version(v) => {
            if let Value::Object(o) = root {
                o.insert("version".into(), v.clone());
            }
        }
        Mutation::Format(v) => {
            if let Value::Object(o) = root {
                o.insert("format".into(), v.clone());
            }
        }
    }
}

/// Changes to the file's text, after the tree is written.
#[derive(Clone, Debug)]
enum TextChange {
    Truncate(Index),
    Bom,
    Crlf,
    SetByte(Index, u8),
    DeleteRange(Index, usize),
    InsertRaw(Index, usize),
}

fn text_change() -> impl Strategy<Value = TextChange> {
    prop_oneof![
        3 => any::<Index>().prop_map(TextChange::Truncate),
        1 => Just(TextChange::Bom),
        1 => Just(TextChange::Crlf),
        2 => (any::<Index>(), any::<u8>()).prop_map(|(i, b)| TextChange::SetByte(i, b)),
        1 => (any::<Index>(), 1usize..64).prop_map(|(i, n)| TextChange::DeleteRange(i, n)),
        1 => (any::<Index>(), 0..RAW.len()).prop_map(|(i, r)| TextChange::InsertRaw(i, r)),
    ]
}

/// A mutated file: the tree changes, how it is written, and text changes.
#[derive(Clone, Debug)]
struct Recipe {
    mutations: Vec<Mutation>,
    pretty: bool,
    text: Vec<TextChange>,
}

fn recipe() -> impl Strategy<Value = Recipe> {
    (
        prop::collection::vec(mutation(), 0..5),
        any::<bool>(),
        prop_oneof![
            3 => Just(Vec::new()),
            1 => prop::collection::vec(text_change(), 1..3),
        ],
    )
        .prop_map(|(mutations, pretty, text)| Recipe {
            mutations,
            pretty,
            text,
        })
}

/// Builds the text of a mutated file from `base`.
fn cook(base: &Value, r: &Recipe) -> String {
    let mut v = base.clone();
    for m in &r.mutations {
        apply(&mut v, m);
    }
    let mut text = if r.pretty {
        serde_json::to_string_pretty(&v).expect("a Value serialises")
    } else {
        serde_json::to_string(&v).expect("a Value serialises")
    };
    if text.contains(MARK) {
        for (i, raw) in RAW.iter().enumerate() {
            text = text.replace(&format!("\"{MARK}RAW{i}{MARK}\""), raw);
            text = text.replace(&format!("{MARK}RAW{i}{MARK}"), raw.trim_matches('"'));
        }
    }
    let mut bytes = text.into_bytes();
    for c in &r.text {
        match c {
            TextChange::Truncate(i) => {
                let at = i.index(bytes.len() + 1);
                bytes.truncate(at);
            }
            TextChange::Bom => {
                bytes.splice(0..0, "\u{feff}".bytes());
            }
            TextChange::Crlf => {
                let s = String::from_utf8_lossy(&bytes).replace('\n', "\r\n");
                bytes = s.into_bytes();
            }
            TextChange::SetByte(i, b) => {
                if !bytes.is_empty() {
                    let at = i.index(bytes.len());
                    bytes[at] = *b;
                }
            }
            TextChange::DeleteRange(i, n) => {
                let at = i.index(bytes.len() + 1);
                let end = (at + n).min(bytes.len());
                bytes.drain(at..end);
            }
            TextChange::InsertRaw(i, r) => {
                let at = i.index(bytes.len() + 1);
                bytes.splice(at..at, RAW[*r].bytes());
            }
        }
    }
    // What a browser's FileReader.readAsText does with invalid UTF-8.
    String::from_utf8_lossy(&bytes).into_owned()
}

// ---------------------------------------------------------------------------------------
// Properties.

/// Does a JSON path like `projects[2].cards[5].due` name a node of `root`?
fn resolves(root: &Value, path: &str) -> bool {
    let mut v = root;
    for seg in path.split('.') {
        let mut parts = seg.split('[');
        let Some(name) = parts.next() else {
            return false;
        };
        if !name.is_empty() {
            match v.get(name) {
                Some(x) => v = x,
                None => return false,
            }
        }
        for idx in parts {
            let Some(i) = idx.strip_suffix(']').and_then(|s| s.parse::<usize>().ok()) else {
                return false;
            };
            match v.get(i) {
                Some(x) => v = x,
                None => return false,
            }
        }
    }
    true
}

/// The path of the object holding the field a path ends with (`a[1].b` → `a[1]`).
fn parent_path(path: &str) -> Option<&str> {
    if let Some((p, _)) = path.rsplit_once('.') {
        Some(p)
    } else if path.ends_with(']') {
        path.rfind('[').map(|i| &path[..i])
    } else {
        Some("")
    }
}

/// Every refusal says something, and names the whole file or a real place in it: the value
/// itself, or (for a missing field) the object that lacks it.
fn check_errors(text: &str, errs: &[FileError]) -> Result<(), TestCaseError> {
    prop_assert!(!errs.is_empty(), "refused without a reason");
    prop_assert!(errs.len() <= 51, "{} errors: not capped", errs.len());
    // Docket reads past a leading byte-order mark, so the oracle does too.
    let tree: Option<Value> =
        serde_json::from_str(text.strip_prefix('\u{feff}').unwrap_or(text)).ok();
    for e in errs {
        prop_assert!(
            !e.message.trim().is_empty(),
            "empty message at '{}'",
            e.path
        );
        if e.path.is_empty() {
            continue;
        }
        let Some(tree) = &tree else {
            return Err(TestCaseError::fail(format!(
                "the file is not JSON, yet the error names a path: {e}"
            )));
        };
        let here = resolves(tree, &e.path)
            || parent_path(&e.path).is_some_and(|p| p.is_empty() || resolves(tree, p));
        prop_assert!(here, "the path of '{}' is not in the file", e);
    }
    Ok(())
}

fn reparse(text: &str) -> Result<Envelope, TestCaseError> {
    match format::parse(text) {
        Ok(Parsed::Docket(e)) => Ok(*e),
        Ok(Parsed::Trello) => Err(TestCaseError::fail("re-export read as Trello")),
        Err(errs) => Err(TestCaseError::fail(format!(
            "re-export refused: {:?}",
            errs.iter().map(|e| e.to_string()).collect::<Vec<_>>()
        ))),
    }
}

/// What must hold for a file `parse` accepted.
fn check_accepted(base: &Workspace, e: &Envelope) -> Result<(), TestCaseError> {
    let incoming = e.workspace();
    // Round trip: export what was read, read it again, get the same.
    let again = reparse(&e.to_json())?;
    prop_assert!(
        again.workspace() == incoming,
        "round trip changed the workspace"
    );
    prop_assert!(&again == e, "round trip changed the envelope");
    // Preview and merge with the local workspace, in both orders.
    let pv = preview(base, &incoming);
    let _ = preview(&incoming, base);
    let ab = merge(base, &incoming);
    let ba = merge(&incoming, base);
    prop_assert!(ab == ba, "merge is not commutative for this file");
    prop_assert!(pv.merged == ab, "the preview's workspace is not the merge");
    // A file that also passes the checks against the workspace (no id naming something
    // else there, no deletion from the future) merges into a workspace that holds every
    // invariant: its own export imports again.
    if format::check_against(base, e, env().now).is_ok() {
        let mut issues = validate::Issues::default();
        validate::workspace((&ab).into(), &mut issues);
        prop_assert!(
            issues.is_empty(),
            "the merge breaks an invariant: {}",
            validate::summary(&issues.list)
        );
    }
    // Import as a copy.
    let copy = as_copy(&incoming, &mut env());
    let _ = merge(base, &copy);
    // What the app shows right after an import.
    views(&incoming);
    views(&ab);
    Ok(())
}

/// Runs the queries the project views run (board, progress, report, flow, risks).
fn views(ws: &Workspace) {
    let today = NaiveDate::from_ymd_opt(2026, 3, 2).unwrap();
    for p in &ws.projects {
        let _ = p.progress(today);
        let r = p.report(today);
        let _ = (r.to_html(), r.schedule_variance_days(), r.budget_variance());
        let _ = p.flow(today);
        let _ = (p.heat_map(), p.risks_by_score());
        for c in &p.columns {
            let _ = p.wip_excess(&c.id);
        }
        for c in &p.cards {
            let _ = (p.due_state(c, today), p.open_blockers(&c.id));
        }
    }
}

/// Parses `text` and checks every property; counts the outcome.
fn check_text(base: &Workspace, text: &str, stats: &Stats) -> Result<(), TestCaseError> {
    let outcome = format::parse(text);
    stats.count(&outcome);
    match outcome {
        Err(errs) => check_errors(text, &errs),
        Ok(Parsed::Docket(e)) => check_accepted(base, &e),
        Ok(Parsed::Trello) => {
            let _ = import_trello(text, &mut env(), &base.people);
            Ok(())
        }
    }
}

#[test]
fn fuzz_mutated_exports() {
    let base_value: Value = serde_json::from_str(&v1_text()).unwrap();
    let base = base_workspace();
    fuzz("mutated exports", true, recipe(), |r, stats| {
        let text = cook(&base_value, &r);
        check_text(&base, &text, stats)
    });
}

#[test]
fn fuzz_byte_mutations_of_an_export() {
    let original = v1_text().into_bytes();
    let base = base_workspace();
    let edit = (any::<Index>(), 0usize..3, any::<u8>());
    fuzz(
        "byte edits of an export",
        true,
        prop::collection::vec(edit, 1..8),
        |edits, stats| {
            let mut b = original.clone();
            for (i, how, byte) in edits {
                let at = i.index(b.len() + 1);
                match how {
                    0 if at < b.len() => b[at] = byte,
                    1 => b.insert(at, byte),
                    _ if at < b.len() => {
                        b.remove(at);
                    }
                    _ => {}
                }
            }
            check_text(&base, &String::from_utf8_lossy(&b), stats)
        },
    );
}

/// Fragments of JSON and of Docket and Trello files, glued at random.
fn token_soup() -> impl Strategy<Value = String> {
    let tok = prop::sample::select(vec![
        "{",
        "}",
        "[",
        "]",
        ",",
        ":",
        "\"",
        "\"format\"",
        "\"docket\"",
        "\"version\"",
        "1",
        "\"scope\"",
        "{\"kind\":\"workspace\"}",
        "\"exported_at\"",
        "\"2026-03-02T09:00:00Z\"",
        "\"app_version\"",
        "\"0.1.0\"",
        "\"people\"",
        "\"projects\"",
        "\"templates\"",
        "\"runs\"",
        "\"tombstones\"",
        "\"cards\"",
        "\"lists\"",
        "\"columns\"",
        "\"id\"",
        "\"name\"",
        "\"title\"",
        "\"rank\"",
        "\"V\"",
        "null",
        "true",
        "false",
        "0",
        "-1",
        "1e999",
        "NaN",
        "\"\\ud800\"",
        "\"\\u0000\"",
        " ",
        "\n",
        "\r\n",
        "\u{feff}",
    ]);
    prop::collection::vec(tok, 0..120).prop_map(|v| v.concat())
}

#[test]
fn fuzz_raw_input() {
    let base = base_workspace();
    let input = prop_oneof![
        prop::collection::vec(any::<u8>(), 0..2_000)
            .prop_map(|b| String::from_utf8_lossy(&b).into_owned()),
        ".{0,500}",
        token_soup(),
    ];
    fuzz("raw input", false, input, |text, stats| {
        check_text(&base, &text, stats)?;
        let _ = import_trello(&text, &mut env(), &base.people);
        Ok(())
    });
}

#[test]
fn fuzz_trello_import() {
    let board: Value = serde_json::from_str(&trello_text()).unwrap();
    let base = base_workspace();
    let input = prop_oneof![
        4 => recipe().prop_map(move |r| cook(&board, &r)),
        1 => prop::collection::vec(any::<u8>(), 0..1_000)
            .prop_map(|b| String::from_utf8_lossy(&b).into_owned()),
        1 => token_soup(),
    ];
    fuzz("Trello import", true, input, |text, stats| {
        let outcome = import_trello(&text, &mut env(), &base.people);
        stats.count_trello(&outcome);
        match outcome {
            Err(errs) => {
                prop_assert!(!errs.is_empty(), "refused without a reason");
                prop_assert!(errs.iter().all(|e| !e.trim().is_empty()), "empty reason");
            }
            Ok(r) => {
                let p = &r.project;
                views(&Workspace {
                    projects: vec![p.clone()],
                    ..Workspace::default()
                });
                prop_assert!(p.cards.iter().all(|c| p.column(&c.column).is_some()));
                // What the import made is a valid Docket file once exported.
                let ws = Workspace {
                    people: r.people.clone(),
                    projects: vec![r.project.clone()],
                    ..Workspace::default()
                };
                let exported = format::export_workspace(&ws, env().now).to_json();
                let back = reparse(&exported)?;
                prop_assert!(
                    back.workspace() == ws,
                    "the imported board does not round trip"
                );
            }
        }
        Ok(())
    });
}

// ---------------------------------------------------------------------------------------
// Stored layouts: what a store may hold after a crash, a hostile extension, an older or a
// newer tab, or a hand edit. The v1 fixture's workspace is saved (layout 4: packed and
// plain records, card buckets, months of moves and runs), then records are changed (their
// JSON mutated as the files above, written back packed or plain), their characters edited,
// removed, copied under another key, or a journal of such writes is left behind. The
// loader must never panic, every record it loads holds the invariants (what loads can be
// shown and exported), and damage is listed by key for the recovery view.

#[derive(Clone, Debug)]
enum StoreChange {
    /// The JSON of a record, mutated, written back packed or plain.
    Json(Index, Vec<Mutation>, bool),
    /// Characters of a stored value replaced, inserted or removed.
    Chars(Index, Vec<(Index, u8, char)>),
    Remove(Index),
    /// A record's value under another record's key.
    Copy(Index, Index),
    /// A journal of mutated records (and a removal), as a tab that died mid-write left it.
    Journal(Vec<(Index, Vec<Mutation>)>, Option<Index>),
}

fn store_change() -> impl Strategy<Value = StoreChange> {
    let muts = || prop::collection::vec(mutation(), 1..4);
    prop_oneof![
        6 => (any::<Index>(), muts(), any::<bool>()).prop_map(|(k, m, p)| StoreChange::Json(k, m, p)),
        2 => (
            any::<Index>(),
            prop::collection::vec((any::<Index>(), 0u8..3, any::<char>()), 1..6)
        )
            .prop_map(|(k, e)| StoreChange::Chars(k, e)),
        1 => any::<Index>().prop_map(StoreChange::Remove),
        1 => (any::<Index>(), any::<Index>()).prop_map(|(a, b)| StoreChange::Copy(a, b)),
        2 => (
            prop::collection::vec((any::<Index>(), muts()), 1..3),
            prop::option::of(any::<Index>())
        )
            .prop_map(|(w, d)| StoreChange::Journal(w, d)),
    ]
}

/// The v1 workspace as stored, key by key.
fn stored_base() -> std::collections::BTreeMap<String, String> {
    let (mut repo, _) = Repo::open(MemoryStore::new());
    repo.save_all(&base_workspace()).unwrap();
    repo.store().snapshot()
}

fn mutated_json(raw: &str, muts: &[Mutation]) -> Option<String> {
    let mut v: Value = serde_json::from_str(&pack::decode(raw).ok()?).ok()?;
    for m in muts {
        apply(&mut v, m);
    }
    Some(v.to_string())
}

fn change_store(store: &mut std::collections::BTreeMap<String, String>, c: &StoreChange) {
    let keys: Vec<String> = store.keys().filter(|k| *k != SCHEMA_KEY).cloned().collect();
    if keys.is_empty() {
        return;
    }
    match c {
        StoreChange::Json(k, muts, packed) => {
            let key = k.get(&keys);
            if let Some(json) = mutated_json(&store[key], muts) {
                let v = if *packed { pack::encode(&json) } else { json };
                store.insert(key.clone(), v);
            }
        }
        StoreChange::Chars(k, edits) => {
            let key = k.get(&keys).clone();
            let mut chars: Vec<char> = store[&key].chars().collect();
            for (i, how, ch) in edits {
                let at = i.index(chars.len() + 1);
                match how {
                    0 if at < chars.len() => chars[at] = *ch,
                    1 => chars.insert(at, *ch),
                    _ if at < chars.len() => {
                        chars.remove(at);
                    }
                    _ => {}
                }
            }
            store.insert(key, chars.into_iter().collect());
        }
        StoreChange::Remove(k) => {
            store.remove(k.get(&keys));
        }
        StoreChange::Copy(a, b) => {
            let v = store[a.get(&keys)].clone();
            store.insert(b.get(&keys).clone(), v);
        }
        StoreChange::Journal(writes, del) => {
            let mut ops: Vec<Op> = writes
                .iter()
                .filter_map(|(k, muts)| {
                    let key = k.get(&keys);
                    Some(Op::Put(key.clone(), mutated_json(&store[key], muts)?))
                })
                .collect();
            if let Some(d) = del {
                ops.push(Op::Del(d.get(&keys).clone()));
            }
            store.insert(JOURNAL_KEY.into(), serde_json::to_string(&ops).unwrap());
        }
    }
}

#[test]
fn fuzz_stored_layouts() {
    let base = stored_base();
    let input = prop::collection::vec(store_change(), 1..4);
    fuzz("stored layouts", true, input, |changes, stats| {
        let mut snap = base.clone();
        for c in &changes {
            change_store(&mut snap, c);
        }
        let mut store = MemoryStore::new();
        for (k, v) in &snap {
            store.set(k, v).unwrap();
        }
        let (repo, loaded) = Repo::open(store);
        stats.executed.fetch_add(1, Relaxed);
        let damaged = recovery::damaged(&loaded.problems, repo.store());
        if damaged.is_empty() {
            stats.accepted.fetch_add(1, Relaxed)
        } else {
            stats.refused.fetch_add(1, Relaxed)
        };
        // Damage is named by a key the store holds (the recovery view sets it aside).
        for d in &damaged {
            prop_assert!(
                repo.store().get(&d.key).unwrap().is_some(),
                "damage at {} which the store does not hold",
                d.key
            );
        }
        // What loaded can be shown, and every project holds the invariants.
        let ws = &loaded.workspace;
        views(ws);
        for p in &ws.projects {
            let mut issues = validate::Issues::default();
            validate::project(p, "", &mut issues);
            // A blocker whose card is in a record set aside names nothing until that record
            // is repaired: every view skips it (and the card loads again once it is).
            issues
                .list
                .retain(|i| !i.message.starts_with("no card with id"));
            prop_assert!(
                issues.list.is_empty(),
                "a loaded project breaks an invariant: {}",
                validate::summary(&issues.list)
            );
        }
        // The same store opened by the app's session does not panic either.
        let mut again = MemoryStore::new();
        for (k, v) in &snap {
            again.set(k, v).unwrap();
        }
        let _ = Session::open(Ok(again), env());
        Ok(())
    });
}

// ---------------------------------------------------------------------------------------
// The hostile corpus: files in tests/fixtures/hostile/ are accepted (their content is inert
// text); Trello-shaped files in tests/fixtures/bad/ are refused by the Trello import.

fn corpus(dir: &str) -> Vec<(String, String)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join(dir);
    let mut files: Vec<(String, String)> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| {
            let path = e.unwrap().path();
            let text = String::from_utf8_lossy(&std::fs::read(&path).unwrap()).into_owned();
            (
                path.file_name().unwrap().to_string_lossy().into_owned(),
                text,
            )
        })
        .collect();
    files.sort();
    files
}

#[test]
fn hostile_corpus_is_accepted_and_survives_everything() {
    let base = base_workspace();
    let files = corpus("tests/fixtures/hostile");
    assert!(files.len() >= 5, "hostile corpus has {} files", files.len());
    let mut failures = Vec::new();
    for (name, text) in &files {
        let run = std::panic::catch_unwind(|| match format::parse(text) {
            Ok(Parsed::Docket(e)) => check_accepted(&base, &e).map_err(|e| e.to_string()),
            Ok(Parsed::Trello) => match import_trello(text, &mut env(), &base.people) {
                Ok(r) => {
                    views(&Workspace {
                        projects: vec![r.project],
                        ..Workspace::default()
                    });
                    Ok(())
                }
                Err(errs) => Err(format!("the Trello import refused it: {errs:?}")),
            },
            Err(errs) => Err(format!(
                "refused: {:?}",
                errs.iter().map(|e| e.to_string()).collect::<Vec<_>>()
            )),
        });
        match run {
            Ok(Ok(())) => {}
            Ok(Err(e)) => failures.push(format!("{name}: {e}")),
            Err(p) => failures.push(format!(
                "{name}: panicked: {}",
                p.downcast_ref::<&str>()
                    .map(|s| s.to_string())
                    .or_else(|| p.downcast_ref::<String>().cloned())
                    .unwrap_or_default()
            )),
        }
    }
    assert!(failures.is_empty(), "{failures:#?}");
}

#[test]
fn bad_corpus_is_refused_everywhere() {
    for (name, text) in corpus("tests/fixtures/bad") {
        match format::parse(&text) {
            Ok(Parsed::Docket(_)) => panic!("{name} was accepted"),
            Ok(Parsed::Trello) => {
                let r = import_trello(&text, &mut env(), &[]);
                assert!(r.is_err(), "{name}: the Trello import accepted it");
                let errs = r.unwrap_err();
                assert!(
                    errs.iter().all(|e| !e.trim().is_empty()),
                    "{name}: {errs:?}"
                );
            }
            Err(errs) => {
                if let Err(e) = check_errors(&text, &errs) {
                    panic!("{name}: {e}");
                }
            }
        }
    }
}

/// Prints what each file of the corpus gets (for docs/fuzzing.md):
/// `cargo test --test fuzz_import -- --ignored --nocapture print_corpus_outcomes`.
#[test]
#[ignore]
fn print_corpus_outcomes() {
    for dir in ["tests/fixtures/bad", "tests/fixtures/hostile"] {
        for (name, text) in corpus(dir) {
            let what = match format::parse(&text) {
                Ok(Parsed::Docket(_)) => "accepted".to_string(),
                Ok(Parsed::Trello) => match import_trello(&text, &mut env(), &[]) {
                    Ok(_) => "Trello: imported".to_string(),
                    Err(e) => format!("Trello: refused: {}", e.join(" | ")),
                },
                Err(errs) => format!(
                    "refused: {}",
                    errs.iter()
                        .take(4)
                        .map(|e| e.to_string())
                        .collect::<Vec<_>>()
                        .join(" | ")
                ),
            };
            let what: String = what.chars().take(400).collect();
            eprintln!("{dir}/{name}: {what}");
        }
    }
}

// ---------------------------------------------------------------------------------------
// Imported content is inert and intact (issue 6, part 8): every text field of every entity
// of an export carries every hostile string through export → import → export and through
// storage unchanged, or the import refuses it with a message. Never altered silently.

/// A field's place with array positions blanked: which field of which kind of entity.
fn field_pattern(path: &[Seg]) -> String {
    path.iter()
        .map(|s| match s {
            Seg::Key(k) => k.clone(),
            Seg::At(_) => "[]".into(),
        })
        .collect::<Vec<_>>()
        .join(".")
}

fn with_strings(root: &Value, fields: &[&Vec<Seg>], s: &str) -> Value {
    let mut v = root.clone();
    for p in fields {
        *node_mut(&mut v, p).unwrap() = Value::from(s);
    }
    v
}

/// Parses `v`; if accepted, checks each field holds `s` after export → import → export and
/// after a save to storage and a load. `Ok(false)`: refused with messages.
fn carries(v: &Value, fields: &[&Vec<Seg>], s: &str) -> Result<bool, String> {
    let e = match format::parse(&v.to_string()) {
        Ok(Parsed::Docket(e)) => e,
        Ok(Parsed::Trello) => return Err("read as Trello".into()),
        Err(errs) => {
            assert!(errs.iter().all(|e| !e.message.is_empty()));
            return Ok(false);
        }
    };
    let again = reparse(&e.to_json()).map_err(|e| e.to_string())?;
    if again != *e {
        return Err("export → import changed the file".into());
    }
    let out: Value = serde_json::from_str(&again.to_json()).unwrap();
    for p in fields {
        // An empty optional text is written as absent: the same thing.
        let back = node(&out, p).cloned().unwrap_or(Value::from(""));
        if back != s {
            return Err(format!(
                "{} came back as {:?}",
                field_pattern(p),
                node(&out, p)
            ));
        }
    }
    let ws = e.workspace();
    let (mut repo, _) = docket::storage::Repo::open(docket::storage::MemoryStore::new());
    repo.save_all(&ws).map_err(|e| e.to_string())?;
    let (_, loaded) = docket::storage::Repo::open(repo.store().clone());
    let mut expect = ws.clone();
    expect.normalise();
    if !loaded.problems.is_empty() || loaded.workspace != expect {
        return Err(format!("storage changed it: {:?}", loaded.problems));
    }
    Ok(true)
}

#[test]
fn every_text_field_carries_every_hostile_string_unchanged() {
    let base = base_workspace();
    let root: Value =
        serde_json::from_str(&format::export_workspace(&base, env().now).to_json()).unwrap();
    let mut paths = Vec::new();
    all_paths(&root, &mut Vec::new(), &mut paths);
    // The first string of each field of each kind of entity.
    let mut fields: std::collections::BTreeMap<String, Vec<Seg>> = Default::default();
    for p in paths {
        let entity = matches!(p.first(), Some(Seg::Key(k)) if ["people", "projects", "templates", "runs"].contains(&k.as_str()));
        // Ids and references are checked elsewhere; a label's colour is a style value, not
        // text (see the note in the issue 6 report: it is not allow-listed yet).
        let colour = matches!(p.last(), Some(Seg::Key(k)) if k == "color");
        if entity && !is_id_path(&p) && !colour && matches!(node(&root, &p), Some(Value::String(_)))
        {
            fields.entry(field_pattern(&p)).or_insert(p);
        }
    }
    // Text fields are those that take free text (ids, dates, colours and kinds do not).
    let text: Vec<(String, Vec<Seg>)> = fields
        .into_iter()
        .filter(|(_, p)| {
            let v = with_strings(&root, &[p], "Plain probe text, with spaces");
            matches!(format::parse(&v.to_string()), Ok(Parsed::Docket(_)))
        })
        .collect();
    let names: Vec<&str> = text.iter().map(|(n, _)| n.as_str()).collect();
    eprintln!("{} text fields: {names:?}", text.len());
    assert!(text.len() >= 20, "{names:?}");
    let all: Vec<&Vec<Seg>> = text.iter().map(|(_, p)| p).collect();
    let (mut verbatim, mut refused, mut altered) = (0, 0, Vec::new());
    for h in HOSTILE {
        match carries(&with_strings(&root, &all, h), &all, h) {
            Ok(true) => verbatim += all.len(),
            Err(e) => altered.push(format!("{h:?}: {e}")),
            // Refused as a whole: which fields refuse it (an empty name, say)?
            Ok(false) => {
                for p in &all {
                    match carries(&with_strings(&root, &[p], h), &[p], h) {
                        Ok(true) => verbatim += 1,
                        Ok(false) => refused += 1,
                        Err(e) => altered.push(format!("{h:?} in {}: {e}", field_pattern(p))),
                    }
                }
            }
        }
    }
    eprintln!(
        "hostile corpus: {} strings × {} text fields = {} cases: {verbatim} carried unchanged, \
         {refused} refused with a message, {} altered",
        HOSTILE.len(),
        all.len(),
        HOSTILE.len() * all.len(),
        altered.len()
    );
    assert!(altered.is_empty(), "{altered:#?}");
    assert!(verbatim > refused * 4);
}
