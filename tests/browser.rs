//! In-browser tests (wasm-bindgen-test in headless Chromium): the real localStorage backend,
//! a real QuotaExceededError, and the app mounted into the page.
#![cfg(target_arch = "wasm32")]

use chrono::{NaiveDate, TimeZone, Utc};
use docket::domain::{sample, FixedEnv, Project, Workspace};
use docket::storage::{
    project_key, KvStore, LocalStore, Repo, StorageError, JOURNAL_KEY, SCHEMA_KEY,
};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

#[path = "session/mod.rs"]
mod session;

impl session::Backing for LocalStore {
    fn fresh() -> Self {
        clear();
        LocalStore::open().unwrap()
    }
    fn snap(&self) -> std::collections::BTreeMap<String, String> {
        docket_entries().into_iter().collect()
    }
}

/// Issue 6, in the real browser over real localStorage: the scripted session (the app's own
/// `Session`) is run once for every write it makes, with that write refused as a full quota
/// refuses it. Every refusal is
/// reported as Quota (the banner), the refused step leaves localStorage as it was, what is on
/// screen is complete, and "Try saving again" stores all of it: 0 records lost.
#[wasm_bindgen_test]
fn quota_refused_at_every_write_of_a_session_in_real_local_storage_loses_nothing() {
    let (writes, reached, lost) = session::refuse_every_write::<LocalStore>();
    web_sys::console::log_1(
        &format!(
            "real localStorage session: {writes} writes, {reached} refusals reached, {lost} records lost"
        )
        .into(),
    );
    assert_eq!(lost, 0);
    assert_eq!(reached, writes);
    assert!(reached >= 20);
    clear();
}

fn storage() -> web_sys::Storage {
    web_sys::window().unwrap().local_storage().unwrap().unwrap()
}

/// Empties localStorage so each test starts from a fresh origin.
fn clear() {
    storage().clear().unwrap();
}

/// Everything Docket has stored, sorted, for before/after comparisons.
fn docket_entries() -> Vec<(String, String)> {
    let s = storage();
    let mut out = Vec::new();
    for i in 0..s.length().unwrap() {
        let k = s.key(i).unwrap().unwrap();
        if k.starts_with("docket:") {
            out.push((k.clone(), s.get_item(&k).unwrap().unwrap()));
        }
    }
    out.sort();
    out
}

/// Fills the origin's quota with filler keys until the browser refuses more.
fn fill_quota() -> usize {
    let s = storage();
    let mut chunk = "x".repeat(256 * 1024);
    let mut i = 0;
    while chunk.len() >= 8 {
        if s.set_item(&format!("filler:{i}"), &chunk).is_err() {
            chunk.truncate(chunk.len() / 2);
        }
        i += 1;
    }
    i
}

fn remove_filler() {
    let s = storage();
    let keys: Vec<String> = (0..s.length().unwrap())
        .filter_map(|i| s.key(i).unwrap())
        .filter(|k| k.starts_with("filler:"))
        .collect();
    for k in keys {
        s.remove_item(&k).unwrap();
    }
}

fn sample_ws() -> (FixedEnv, Workspace) {
    let mut env = FixedEnv::new(Utc.with_ymd_and_hms(2026, 3, 2, 9, 0, 0).unwrap(), 5);
    let ws = sample::workspace(&mut env, NaiveDate::from_ymd_opt(2026, 3, 2).unwrap()).unwrap();
    (env, ws)
}

#[wasm_bindgen_test]
fn local_storage_round_trips_a_workspace() {
    clear();
    let (_, ws) = sample_ws();
    let (mut repo, loaded) = Repo::open(LocalStore::open().unwrap());
    assert!(loaded.workspace.is_empty());
    repo.save_all(&ws).unwrap();
    assert_eq!(
        storage().get_item(SCHEMA_KEY).unwrap(),
        Some(docket::storage::SCHEMA_VERSION.to_string())
    );
    // Long records are packed, and read back as they were.
    assert!(docket_entries()
        .iter()
        .any(|(_, v)| v.starts_with(docket::storage::pack::MARK)));
    let (_, again) = Repo::open(LocalStore::open().unwrap());
    assert!(again.problems.is_empty());
    let mut expect = ws;
    expect.normalise();
    assert_eq!(again.workspace, expect);
    clear();
}

#[wasm_bindgen_test]
fn a_real_quota_error_leaves_the_stored_data_intact_and_is_reported() {
    clear();
    let (mut env, ws) = sample_ws();
    let (mut repo, _) = Repo::open(LocalStore::open().unwrap());
    repo.save_all(&ws).unwrap();
    let before = docket_entries();

    fill_quota();
    // One key: the edit is refused as Quota and the old project stays.
    let mut p = ws.projects[0].clone();
    let card = p.cards[0].id.clone();
    p.edit_card(&mut env, &card, "Bigger", &"more text ".repeat(2000))
        .unwrap();
    let err = repo.save_project(&p).unwrap_err();
    assert_eq!(err, StorageError::Quota);
    assert!(err.to_string().contains("not saved"));
    // Several keys: all or nothing, and no journal left behind.
    let mut ws2 = ws.clone();
    ws2.projects
        .push(Project::new(&mut env, &"A long name ".repeat(15)).unwrap());
    ws2.projects[0] = p.clone();
    assert!(repo.save_all(&ws2).is_err());
    assert_eq!(docket_entries(), before);
    assert_eq!(storage().get_item(JOURNAL_KEY).unwrap(), None);

    remove_filler();
    repo.save_project(&p).unwrap();
    assert_ne!(docket_entries(), before);
    let (_, again) = Repo::open(LocalStore::open().unwrap());
    assert_eq!(
        again.workspace.projects[0]
            .cards
            .iter()
            .find(|c| c.id == card)
            .unwrap()
            .title,
        "Bigger"
    );
    clear();
}

#[wasm_bindgen_test]
fn a_corrupt_record_is_reported_and_never_overwritten() {
    clear();
    let (_, ws) = sample_ws();
    let (mut repo, _) = Repo::open(LocalStore::open().unwrap());
    repo.save_all(&ws).unwrap();
    let key = project_key(&ws.projects[0].id);
    storage().set_item(&key, "{not json").unwrap();
    let (mut repo, loaded) = Repo::open(LocalStore::open().unwrap());
    assert_eq!(loaded.problems.len(), 1);
    assert!(loaded.workspace.projects.is_empty());
    repo.save_template(&ws.templates[0]).unwrap();
    assert_eq!(
        storage().get_item(&key).unwrap().as_deref(),
        Some("{not json")
    );
    let mut store = LocalStore::open().unwrap();
    assert!(store.keys().unwrap().contains(&key));
    store.remove(&key).unwrap();
    clear();
}

async fn tick() {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        web_sys::window()
            .unwrap()
            .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 20)
            .unwrap();
    });
    wasm_bindgen_futures::JsFuture::from(promise).await.unwrap();
}

fn find_button(root: &web_sys::Element, text: &str) -> web_sys::HtmlElement {
    let buttons = root.query_selector_all("button").unwrap();
    (0..buttons.length())
        .filter_map(|i| buttons.get(i))
        .filter_map(|n| n.dyn_into::<web_sys::HtmlElement>().ok())
        .find(|b| b.text_content().unwrap_or_default().trim() == text)
        .unwrap_or_else(|| panic!("no button {text:?}"))
}

#[wasm_bindgen_test]
async fn the_app_mounts_loads_sample_data_and_saves_it() {
    clear();
    let document = web_sys::window().unwrap().document().unwrap();
    let root = document.create_element("div").unwrap();
    document.body().unwrap().append_child(&root).unwrap();
    let handle = leptos::mount::mount_to(root.clone().unchecked_into(), docket::ui::App);
    tick().await;
    let text = root.text_content().unwrap();
    assert!(text.contains("Welcome to Docket"), "{text}");

    find_button(&root, "Load sample data").click();
    tick().await;
    let text = root.text_content().unwrap();
    assert!(text.contains("Website relaunch"), "{text}");
    assert!(!text.contains("Welcome to Docket"));
    let stored = docket_entries();
    assert_eq!(
        stored
            .iter()
            .filter(|(k, _)| k.starts_with("docket:p:"))
            .count(),
        1
    );
    assert_eq!(
        stored
            .iter()
            .filter(|(k, _)| k.starts_with("docket:t:"))
            .count(),
        5,
        "the five sample checklists"
    );
    assert!(
        stored.iter().any(|(k, _)| k.starts_with("docket:rm:")),
        "their runs, in month buckets"
    );
    assert!(
        stored.iter().any(|(k, _)| k == "docket:registers"),
        "the sample's sites, assets, stock, budget and policies"
    );
    drop(handle);
    root.remove();
    clear();
}

/// Issue 6, part 1, in the real browser: a write refused by the real quota keeps the edit on
/// screen, leaves the stored data as it was, and puts up the banner with "Export everything"
/// in the same task (no waiting on a timer).
#[wasm_bindgen_test]
async fn a_real_quota_refusal_in_the_app_shows_the_banner_with_export() {
    clear();
    let (_, ws) = sample_ws();
    let (mut repo, _) = Repo::open(LocalStore::open().unwrap());
    repo.save_all(&ws).unwrap();
    drop(repo);
    let before = docket_entries();
    fill_quota();

    let document = web_sys::window().unwrap().document().unwrap();
    let root = document.create_element("div").unwrap();
    document.body().unwrap().append_child(&root).unwrap();
    let handle = leptos::mount::mount_to(root.clone().unchecked_into(), docket::ui::App);
    tick().await;
    let input: web_sys::HtmlInputElement = root
        .query_selector("#new-project")
        .unwrap()
        .expect("the projects page")
        .unchecked_into();
    input.set_value("Made while full");
    input
        .dispatch_event(&web_sys::Event::new("input").unwrap())
        .unwrap();
    find_button(&root, "Create project").click();
    // One turn of the event loop: the banner is up by then (no timing limit in a test).
    tick().await;
    let banner = root
        .query_selector(".banner.error")
        .unwrap()
        .expect("the banner is up");
    let text = banner.text_content().unwrap();
    assert!(text.contains("storage for Docket is full"), "{text}");
    find_button(&banner, "Export everything");
    // On screen, not stored: the store is exactly as before.
    assert!(root.text_content().unwrap().contains("Made while full"));
    assert_eq!(docket_entries(), before);

    drop(handle);
    root.remove();
    remove_filler();
    clear();
}
