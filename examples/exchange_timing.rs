//! Times the steps of importing a Docket file natively: parse and validate, the preview
//! (which merges), and the merge on its own. Medians of a few runs, in milliseconds.
//!
//! The input is the benchmark's file: `BENCH_WRITE=/tmp/bench.json node tests/bench/exchange.mjs`
//! writes it (~4 MB). Then:
//! `cargo run --release --example exchange_timing -- /tmp/bench.json`
//!
//! Two local workspaces are tried: an empty one (the browser benchmark's case: a fresh
//! page) and the file's own content (every entity present on both sides).

use docket::domain::Workspace;
use docket::exchange::format::{self, Parsed};
use docket::exchange::{merge, preview};
use std::time::Instant;

const RUNS: usize = 7;

fn median(mut xs: Vec<f64>) -> f64 {
    xs.sort_by(|a, b| a.partial_cmp(b).unwrap());
    xs[xs.len() / 2]
}

fn time<T>(label: &str, mut f: impl FnMut() -> T) -> T {
    let mut times = Vec::new();
    let mut out = None;
    for _ in 0..RUNS {
        let t = Instant::now();
        let v = f();
        times.push(t.elapsed().as_secs_f64() * 1000.0);
        out = Some(v);
    }
    println!("{label:<40} {:>8.1} ms", median(times));
    out.expect("at least one run")
}

fn main() {
    let path = std::env::args()
        .nth(1)
        .expect("usage: exchange_timing file.json");
    let text = std::fs::read_to_string(&path).expect("readable file");
    println!("{path}: {:.2} MB", text.len() as f64 / 1e6);
    let env = time("format::parse", || match format::parse(&text) {
        Ok(Parsed::Docket(e)) => e,
        Ok(Parsed::Trello) => panic!("a Trello file"),
        Err(e) => panic!("refused: {e:?}"),
    });
    time("serde_json::from_str::<Value>", || {
        serde_json::from_str::<serde_json::Value>(&text).unwrap()
    });
    let value = serde_json::from_str::<serde_json::Value>(&text).unwrap();
    time("Envelope::deserialize(&Value)", || {
        <format::Envelope as serde::Deserialize>::deserialize(&value).unwrap()
    });
    drop(value);
    time("serde_json::from_str::<Envelope>", || {
        serde_json::from_str::<format::Envelope>(&text).unwrap()
    });
    let incoming = time("Envelope::workspace (clone)", || env.workspace());
    let empty = Workspace::default();
    for (name, local) in [("empty local", &empty), ("local = file", &incoming)] {
        println!("-- {name}");
        time("merge::merge", || merge::merge(local, &incoming));
        let p = time("preview::preview", || preview::preview(local, &incoming));
        println!(
            "   new {}, updated {}, conflicts {}, deleted {}, unchanged {}",
            p.new.len(),
            p.updated.len(),
            p.conflicts.len(),
            p.deleted.len(),
            p.unchanged
        );
        time("sort new lines (cached keys, as the UI)", || {
            let mut v = p.new.clone();
            v.sort_by_cached_key(|l| (l.kind, l.name.to_lowercase()));
            v
        });
        time("Preview clone", || p.clone());
    }
}
