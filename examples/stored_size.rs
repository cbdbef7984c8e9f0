//! Prints how many characters a workspace takes in Docket's storage layout (the figure that
//! must fit Chromium's 5,242,880-character localStorage quota), using the app's own storage
//! code over the in-memory store.
//!
//! Input: a JSON object of stored keys and values in any layout Docket reads (e.g. written by
//! tests/bench/generate.mjs --out); older layouts are migrated first, as on first open.
//! `cargo run --release --example stored_size -- in.json [out.json]` writes the stored keys
//! after migration to out.json (for seeding a browser).

use docket::storage::{KvStore, MemoryStore, Repo};
use std::collections::BTreeMap;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let input = args.get(1).expect("usage: stored_size in.json [out.json]");
    let text = std::fs::read_to_string(input).expect("readable input");
    let map: BTreeMap<String, String> = serde_json::from_str(&text).expect("an object of strings");
    let before: usize = map
        .iter()
        .map(|(k, v)| k.encode_utf16().count() + v.encode_utf16().count())
        .sum();
    let mut store = MemoryStore::new();
    for (k, v) in &map {
        store.set(k, v).expect("memory store");
    }
    let started = std::time::Instant::now();
    let (repo, loaded) = Repo::open(store);
    let took = started.elapsed();
    assert!(loaded.problems.is_empty(), "{:?}", loaded.problems);
    let cards: usize = loaded
        .workspace
        .projects
        .iter()
        .map(|p| p.cards.len())
        .sum();
    let used = repo.store().used();
    let quota = 5_242_880f64;
    println!(
        "input {before} chars; stored {used} chars for {cards} cards ({} per card, {:.1}% of the 5,242,880 quota); migrated and loaded natively in {} ms",
        used / cards.max(1),
        used as f64 * 100.0 / quota,
        took.as_millis()
    );
    if let Some(out) = args.get(2) {
        std::fs::write(
            out,
            serde_json::to_string(&repo.store().snapshot()).expect("json"),
        )
        .expect("writable output");
    }
}
