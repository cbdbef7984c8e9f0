//! Builds the operations benchmark workspace: 50 checklist templates and 5,000 runs of about
//! 20 answers each (one daily template carries 1,000 runs), with the domain's own operations,
//! and stores it with the app's storage code over the in-memory store.
//!
//! `cargo run --release --example ops_workspace -- [cards.json] [out.json]`
//!
//! With `cards.json` (stored keys of a card workspace, e.g. from
//! `node tests/bench/generate.mjs 10000 --out cards.json`), the runs are added to those
//! projects: the capacity workspace of issue 6 (10,000 cards and 5,000 runs). It prints the
//! stored characters and the share of Chromium's 5,242,880-character quota, and writes the
//! stored keys to `out.json` for seeding a browser (tests/bench/ops.mjs).

use chrono::{Duration, NaiveDate, TimeZone, Utc};
use docket::domain::checklist::{AnswerKind, Check, ItemFields, Recurrence, TemplateFields, Value};
use docket::domain::stamps;
use docket::domain::{FixedEnv, Id, Run, Template, Workspace};
use docket::storage::{KvStore, MemoryStore, Repo};
use std::collections::BTreeMap;

const TEMPLATES: usize = 50;
const RUNS: usize = 5_000;
const BIG: usize = 1_000;

fn main() {
    let mut args: Vec<String> = std::env::args().collect();
    // `--records`: every card with a comment and its history (issue 19's capacity figure).
    let records = args.iter().any(|a| a == "--records");
    args.retain(|a| a != "--records");
    let (cards_in, out) = match args.len() {
        3 => (Some(args[1].clone()), Some(args[2].clone())),
        2 => (None, Some(args[1].clone())),
        _ => (None, None),
    };
    let mut store = MemoryStore::new();
    if let Some(path) = &cards_in {
        let text = std::fs::read_to_string(path).expect("readable cards.json");
        let map: BTreeMap<String, String> = serde_json::from_str(&text).expect("stored keys");
        for (k, v) in &map {
            store.set(k, v).expect("memory store");
        }
    }
    let (mut repo, loaded) = Repo::open(store);
    assert!(loaded.problems.is_empty(), "{:?}", loaded.problems);
    let mut ws = loaded.workspace;
    let today = NaiveDate::from_ymd_opt(2026, 11, 27).expect("date");
    let mut env = FixedEnv::new(Utc.with_ymd_and_hms(2026, 11, 27, 6, 0, 0).unwrap(), 42);
    let started = std::time::Instant::now();
    add_checklists(&mut ws, &mut env, today);
    if records {
        add_records(&mut ws, &mut env);
    }
    let built = started.elapsed();
    repo.save_all(&ws).expect("fits in memory");
    let used = repo.store().used();
    let cards: usize = ws.projects.iter().map(|p| p.cards.len()).sum();
    let answers: usize = ws.runs.iter().map(|r| r.answers.len()).sum();
    println!(
        "operations workspace: {} templates, {} runs, {} answers ({:.1} per run), {} cards{}, {} sites, {} assets, {} stock items; stored {} chars = {:.1}% of the 5,242,880 quota (built in {} ms)",
        ws.templates.len(),
        ws.runs.len(),
        answers,
        answers as f64 / ws.runs.len() as f64,
        cards,
        if records {
            " with a comment and 3 history entries each"
        } else {
            ""
        },
        ws.registers.sites.len(),
        ws.registers.assets.len(),
        ws.registers.stock.len(),
        used,
        used as f64 * 100.0 / 5_242_880.0,
        built.as_millis()
    );
    let runs_json: usize = ws
        .runs
        .iter()
        .map(|r| serde_json::to_string(r).expect("json").len())
        .sum();
    println!("  the runs as plain JSON would take {runs_json} chars on their own");
    // Reading it back gives the same workspace.
    let (again, reloaded) = Repo::open(repo.store().clone());
    assert!(reloaded.problems.is_empty());
    assert_eq!(reloaded.workspace.runs.len(), ws.runs.len());
    drop(again);
    if let Some(out) = out {
        std::fs::write(
            &out,
            serde_json::to_string(&repo.store().snapshot()).expect("json"),
        )
        .expect("writable output");
        println!("  stored keys written to {out}");
    }
}

/// The benchmark's checklists: 50 templates and 5,000 runs of 20 answers (one daily template
/// carries 1,000 runs), run by the workspace's people in turn. Shared with the capacity test
/// of tests/storage.rs, so the test stores what the benchmark measures.
pub fn add_checklists(ws: &mut Workspace, env: &mut FixedEnv, today: NaiveDate) {
    let people: Vec<Id> = ws.people.iter().map(|p| p.id.clone()).collect();
    add_registers(ws, env, today);
    let sites: Vec<Id> = ws.registers.sites.iter().map(|s| s.id.clone()).collect();

    let mut runs_left = RUNS;
    for n in 0..TEMPLATES {
        let mut t = template(env, n, today);
        t.site = sites.get(n % 3).cloned();
        if n % 10 == 0 {
            t.asset_category = format!("Category {}", n % 10);
        }
        // The first template is daily with 1,000 runs; the rest share the other 4,000.
        let count = if n == 0 {
            BIG
        } else {
            (RUNS - BIG) / (TEMPLATES - 1) + usize::from(n <= (RUNS - BIG) % (TEMPLATES - 1))
        };
        let count = count.min(runs_left);
        runs_left -= count;
        let days = t
            .recurrence
            .last_n(t.start_day(), today - Duration::days(1), count);
        for (i, day) in days.into_iter().enumerate() {
            let mut r = run(env, &t, day, i, people.get(i % people.len().max(1)));
            // Every tenth checklist inspects an asset category; the big one's 1,000 runs
            // are all on its first asset (the longest history).
            if n % 10 == 0 {
                let k = if n == 0 { 0 } else { n * 6 + i % 6 };
                r.asset = ws.registers.assets.get(k).map(|a| a.id.clone());
            }
            ws.runs.push(r);
        }
        ws.templates.push(t);
    }
}

/// The registers of issue 20's benchmark: 3 sites, 300 assets, 200 stock items (a tenth
/// low), a year's budget for the four areas, 200 spend entries and 20 policies. Made before
/// the checklists, whose sites and assets they are.
pub fn add_registers(ws: &mut Workspace, env: &mut FixedEnv, today: NaiveDate) {
    use docket::domain::registers::{self as reg, *};
    let r = &mut ws.registers;
    let sites: Vec<Id> = ["North depot", "City shop", "Harbour kitchen"]
        .into_iter()
        .map(|name| {
            reg::add::<Site>(
                r,
                env,
                SiteFields {
                    name: name.into(),
                    ..Default::default()
                },
            )
            .expect("site")
        })
        .collect();
    for n in 0..300 {
        reg::add::<Asset>(
            r,
            env,
            AssetFields {
                name: format!("Asset {:03}", n + 1),
                tag: format!("T-{:05}", n * 7 + 1),
                site: Some(sites[n % 3].clone()),
                category: format!("Category {}", n % 10),
                every: Some(30 + (n % 4) as u32 * 30),
                due: Some(today + Duration::days((n % 40) as i64 - 10)),
                ..Default::default()
            },
        )
        .expect("asset");
    }
    for n in 0..200 {
        reg::add::<StockItem>(
            r,
            env,
            StockFields {
                name: format!("Stock item {:03}", n + 1),
                unit: "boxes".into(),
                on_hand: if n % 10 == 0 {
                    1.0
                } else {
                    20.0 + (n % 7) as f64
                },
                reorder_at: 5.0,
                order_up_to: Some(40.0),
                supplier: format!("Supplier {}", n % 12),
                site: Some(sites[n % 3].clone()),
            },
        )
        .expect("stock");
    }
    for m in 0..12u32 {
        for area in AREAS {
            reg::add::<BudgetLine>(
                r,
                env,
                BudgetLineFields {
                    area: area.into(),
                    month: NaiveDate::from_ymd_opt(2026, m + 1, 1).expect("month"),
                    planned: 250_000,
                    note: String::new(),
                },
            )
            .expect("budget");
        }
    }
    for n in 0..200 {
        reg::add::<SpendEntry>(
            r,
            env,
            SpendFields {
                date: today - Duration::days(n as i64 * 3 % 330),
                area: AREAS[n % 4].into(),
                amount: 10_000 + (n as i64 * 3_137) % 90_000,
                what: format!("Invoice {}", 4_000 + n),
            },
        )
        .expect("spend");
    }
    for n in 0..20 {
        reg::add::<Policy>(
            r,
            env,
            PolicyFields {
                name: format!("Policy {:02}", n + 1),
                summary: "Benchmark policy.".into(),
                owner: None,
                every: 12,
                review: today + Duration::days(n as i64 * 20 - 30),
            },
        )
        .expect("policy");
    }
}

const AREAS: [&str; 4] = [
    "Process and quality",
    "Resources, inventory and budget",
    "People and scheduling",
    "Compliance and safety",
];

fn template(env: &mut FixedEnv, n: usize, today: NaiveDate) -> Template {
    let mut t = Template::new(env, &format!("Site check {:02}", n + 1), &[]).expect("name");
    let recurrence = match n % 5 {
        0 | 1 => Recurrence::Daily,
        2 => Recurrence::Weekly { days: vec![0, 3] },
        3 => Recurrence::Weekly { days: vec![4] },
        _ => Recurrence::Days { n: 2 },
    };
    t.set_fields(
        env,
        TemplateFields {
            name: t.name.clone(),
            description: "Benchmark checklist.".into(),
            area: AREAS[n % 4].into(),
            owner: None,
            recurrence,
            starts: Some(today - Duration::days(2_000)),
            minutes: None,
            ..Default::default()
        },
    )
    .expect("fields");
    for s in 0..3 {
        let sec = t
            .add_section(env, &format!("Area {}", s + 1))
            .expect("section");
        for i in 0..7 {
            if s == 2 && i == 6 {
                break; // 20 items
            }
            let answer = match i % 4 {
                0 => AnswerKind::Done,
                1 | 2 => AnswerKind::PassFail,
                _ => AnswerKind::Number {
                    unit: "°C".into(),
                    min: Some(0.0),
                    max: Some(5.0),
                },
            };
            t.add_item_with(
                env,
                ItemFields {
                    text: format!("Check point {} of area {}", i + 1, s + 1),
                    required: true,
                    answer,
                    section: Some(sec.clone()),
                    ..Default::default()
                },
            )
            .expect("item");
        }
    }
    t
}

/// A run as the app leaves it: started at 7:00, each answer given a minute and a half after
/// the last, completed at 8:00 — with the field stamps the session writes for those edits
/// (`domain::stamps::restamp`, each answer stamped on its own).
fn run(env: &mut FixedEnv, t: &Template, day: NaiveDate, i: usize, by: Option<&Id>) -> Run {
    let started = day.and_hms_opt(7, 0, 0).unwrap().and_utc();
    let mut r = Run::start(env, t, day).expect("items");
    r.by = by.cloned();
    r.created = started;
    r.updated = started;
    let items: Vec<(Id, AnswerKind)> = t
        .items
        .iter()
        .map(|x| (x.id.clone(), x.answer.clone()))
        .collect();
    for (k, (id, kind)) in items.iter().enumerate() {
        let v = match kind {
            AnswerKind::Done => Value::Done,
            AnswerKind::PassFail if (i * 7 + k).is_multiple_of(23) => Value::Check(Check::Fail),
            AnswerKind::PassFail => Value::Check(Check::Pass),
            AnswerKind::Number { .. } => Value::Number(((i + k) % 60) as f64 / 10.0),
            AnswerKind::Text => Value::Text("ok".into()),
        };
        let before = r.clone();
        r.set_value(env, t, id, Some(v)).expect("answer");
        if (i + k).is_multiple_of(97) {
            r.set_note(env, t, id, "Reported to the shift lead.")
                .expect("note");
        }
        let at = started + Duration::seconds(90 * (k as i64 + 1)) + Duration::microseconds(1_003);
        stamps::restamp(&mut r, &before, at);
    }
    let late = i64::from(i.is_multiple_of(13));
    let before = r.clone();
    r.complete(env, t, day + Duration::days(late), Some("Jonas Berg"))
        .expect("complete");
    let done = (day + Duration::days(late))
        .and_hms_opt(8, 0, 0)
        .unwrap()
        .and_utc();
    r.completed = Some(done);
    if let Some(s) = &mut r.signoff {
        s.at = done;
    }
    stamps::restamp(&mut r, &before, done);
    r
}

/// What a project keeps on record, as the app writes it: on every card a comment (its field
/// stamp an hour after the card was made) and three history entries (added, a move, a new
/// due date), by the workspace's people in turn. Shared with tests/storage.rs.
pub fn add_records(ws: &mut Workspace, env: &mut FixedEnv) {
    use docket::domain::records::{Activity, Comment};
    use docket::domain::Env;
    let people: Vec<docket::domain::Id> = ws.people.iter().map(|p| p.id.clone()).collect();
    let mut n = 0usize;
    for p in &mut ws.projects {
        for c in &mut p.cards {
            n += 1;
            let by = people.get(n % people.len().max(1)).cloned();
            let created = c.created;
            let at = |s: i64| created + chrono::Duration::seconds(s);
            let before = c.clone();
            c.comments.push(Comment {
                id: env.new_id(),
                at: at(3_600),
                author: by.clone(),
                text: format!(
                    "Checked with the supplier: delivery confirmed for week {}.",
                    n % 52 + 1
                ),
            });
            docket::domain::stamps::restamp(c, &before, at(3_600));
            for (s, what, from, to) in [
                (0, "added", "", "Backlog"),
                (60, "column", "Backlog", "In progress"),
                (120, "due", "2026-03-01", "2026-03-08"),
            ] {
                c.history.push(Activity {
                    at: at(s),
                    card: None,
                    what: what.into(),
                    by: by.clone(),
                    from: from.into(),
                    to: to.into(),
                });
            }
        }
    }
}
