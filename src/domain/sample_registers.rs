//! The registers of the sample workspace (issue 20): a small business on two sites (a shop
//! and a warehouse), a dozen assets with a fridge check run on the fridges for weeks, the
//! stock the monthly inventory count counts, a budget with some spending, and three
//! policies (one due for review).

// Indexing and arithmetic here are safe: builds the sample from the constants in this file.
#![allow(clippy::indexing_slicing, clippy::arithmetic_side_effects)]

use super::checklist::{AnswerKind, Check, ItemFields, Recurrence, TemplateFields, Value};
use super::registers::{self as reg, *};
use super::{Env, Id, Res, Run, Template};
use chrono::{Duration, Months, NaiveDate};

/// The sample's registers; sets the sites on the sample checklists (`templates`: opening
/// checks, safety walk, inventory count, audit, in that order) and their runs, links the
/// inventory count's items to the stock, and adds a fridge check with its runs.
pub fn registers(
    env: &mut dyn Env,
    today: NaiveDate,
    people: &[Id],
    templates: &mut Vec<Template>,
    runs: &mut Vec<Run>,
) -> Res<Registers> {
    let mut r = Registers::default();
    let dev = people.last().cloned();
    let ana = people.first().cloned();
    let shop = reg::add::<Site>(
        &mut r,
        env,
        SiteFields {
            name: "Harbour Street shop".into(),
            address: "12 Harbour Street".into(),
            lead: dev.clone(),
        },
    )?;
    let store = reg::add::<Site>(
        &mut r,
        env,
        SiteFields {
            name: "Riverside warehouse".into(),
            address: "Unit 4, Riverside Park".into(),
            lead: ana.clone(),
        },
    )?;
    let mut fridges = Vec::new();
    let assets: [(&str, &str, &Id, &str, Option<u32>); 12] = [
        ("Walk-in fridge", "FR-01", &shop, "Fridge", Some(14)),
        ("Display fridge", "FR-02", &shop, "Fridge", Some(14)),
        ("Bar fridge", "FR-03", &shop, "Fridge", Some(14)),
        (
            "Extinguisher, front door",
            "EX-101",
            &shop,
            "Fire extinguisher",
            Some(365),
        ),
        (
            "Extinguisher, kitchen",
            "EX-102",
            &shop,
            "Fire extinguisher",
            Some(365),
        ),
        (
            "First-aid kit, shop",
            "FA-1",
            &shop,
            "First-aid kit",
            Some(90),
        ),
        (
            "Coffee machine",
            "CM-7731",
            &shop,
            "Catering equipment",
            None,
        ),
        ("Forklift", "FL-2", &store, "Vehicle", Some(30)),
        ("Pallet truck", "PT-5", &store, "Vehicle", Some(90)),
        (
            "Extinguisher, loading bay",
            "EX-201",
            &store,
            "Fire extinguisher",
            Some(365),
        ),
        ("Step ladder", "LD-3", &store, "Ladder", Some(180)),
        (
            "First-aid kit, warehouse",
            "FA-2",
            &store,
            "First-aid kit",
            Some(90),
        ),
    ];
    for (i, (name, tag, site, category, every)) in assets.into_iter().enumerate() {
        let id = reg::add::<Asset>(
            &mut r,
            env,
            AssetFields {
                name: name.into(),
                tag: tag.into(),
                site: Some(site.clone()),
                category: category.into(),
                state: if i == 8 {
                    AssetState::OutOfService
                } else {
                    AssetState::InService
                },
                every,
                // Not yet inspected in Docket: when each is next due.
                due: Some(today + Duration::days([3, 3, 3, 40, 40, 12, 0, -2, 20, 60, 5, 30][i])),
            },
        )?;
        if category == "Fridge" {
            fridges.push(id);
        }
    }

    // The shop's checklists are done at the shop; the safety walk at the warehouse.
    for (t, site) in templates.iter_mut().zip([&shop, &store, &shop, &shop]) {
        t.site = Some(site.clone());
    }
    for run in runs.iter_mut() {
        run.site = templates
            .iter()
            .find(|t| t.id == run.template)
            .and_then(|t| t.site.clone());
    }

    // Stock: what the monthly inventory count counts, and a few more.
    type Stocked<'a> = (&'a str, &'a str, f64, f64, Option<f64>, &'a str);
    let stock: [Stocked; 8] = [
        (
            "Printer paper",
            "boxes",
            0.0,
            6.0,
            Some(30.0),
            "Office Direct",
        ),
        (
            "Cleaning supplies",
            "litres",
            0.0,
            10.0,
            Some(40.0),
            "CleanCo",
        ),
        (
            "Spare batteries",
            "packs",
            0.0,
            4.0,
            Some(12.0),
            "Office Direct",
        ),
        ("Coffee", "kg", 0.0, 2.0, Some(10.0), "Bean & Co"),
        (
            "Disposable gloves",
            "boxes",
            3.0,
            4.0,
            Some(12.0),
            "CleanCo",
        ),
        (
            "Till rolls",
            "rolls",
            18.0,
            10.0,
            Some(40.0),
            "Office Direct",
        ),
        ("Blue roll", "rolls", 2.0, 6.0, None, "CleanCo"),
        ("First-aid refills", "packs", 5.0, 2.0, None, "SafeFirst"),
    ];
    let mut stock_ids = Vec::new();
    for (name, unit, on_hand, reorder_at, order_up_to, supplier) in stock {
        stock_ids.push(reg::add::<StockItem>(
            &mut r,
            env,
            StockFields {
                name: name.into(),
                unit: unit.into(),
                on_hand,
                reorder_at,
                order_up_to,
                supplier: supplier.into(),
                site: Some(shop.clone()),
            },
        )?);
    }
    // The inventory count's first four items count the first four stock items; on hand is
    // what its last completed run counted.
    if let Some(inventory) = templates.get_mut(2) {
        for (item, stock) in inventory.items.iter_mut().zip(&stock_ids).take(4) {
            item.stock = Some(stock.clone());
        }
        let inv = inventory.clone();
        let last = runs
            .iter()
            .filter(|x| x.template == inv.id && x.is_complete())
            .max_by_key(|x| x.date);
        if let Some(last) = last {
            let counts = stock::counts(&r, &inv, last);
            stock::apply_counts(&mut r, &counts);
        }
    }

    // A fridge check on the shop's fridges, Mondays and Thursdays, scored.
    let mut check = Template::new(env, "Fridge temperature check", &[])?;
    check.set_fields(
        env,
        TemplateFields {
            name: "Fridge temperature check".into(),
            description: "Each fridge's probe reading and door seal, twice a week.".into(),
            area: "Process and quality".into(),
            owner: dev.clone(),
            recurrence: Recurrence::Weekly { days: vec![0, 3] },
            starts: Some(today - Duration::days(35)),
            minutes: Some(10),
            pass_mark: Some(80),
            assignment: Default::default(),
            site: Some(shop.clone()),
            asset_category: "Fridge".into(),
        },
    )?;
    let temp = check.add_item_with(
        env,
        ItemFields {
            text: "Probe temperature".into(),
            required: true,
            answer: AnswerKind::Number {
                unit: "°C".into(),
                min: Some(0.0),
                max: Some(5.0),
            },
            weight: Some(3),
            ..Default::default()
        },
    )?;
    let seal = check.add_item_with(
        env,
        ItemFields {
            text: "Door seal intact".into(),
            required: true,
            answer: AnswerKind::PassFail,
            ..Default::default()
        },
    )?;
    let start = check.start_day();
    for (n, day) in check
        .recurrence
        .occurrences(start, start, today - Duration::days(1))
        .into_iter()
        .enumerate()
    {
        let fridge = &fridges[n % fridges.len()];
        let mut run = Run::start(env, &check, day)?;
        run.by = dev.clone();
        run.asset = Some(fridge.clone());
        run.site = Some(shop.clone());
        // The display fridge drifts warm, and its seal failed once.
        let reading = if n % 3 == 1 {
            3.8 + (n as f64) * 0.12
        } else {
            2.5 + (n % 4) as f64 * 0.4
        };
        run.set_value(
            env,
            &check,
            &temp,
            Some(Value::Number((reading * 10.0).round() / 10.0)),
        )?;
        let sealed = if n == 7 { Check::Fail } else { Check::Pass };
        run.set_value(env, &check, &seal, Some(Value::Check(sealed)))?;
        run.complete(env, &check, day, Some("Dev Patel"))?;
        let at = day.and_hms_opt(8, 30, 0).unwrap_or_default().and_utc();
        run.created = at;
        run.completed = Some(at);
        run.updated = at;
        if let Some(s) = run.signoff.as_mut() {
            s.at = at;
        }
        runs.push(run);
    }
    templates.push(check);

    // A budget: each area's plan for last month, this month and next; some spending.
    let month = super::registers::spend::month_of(today);
    for (k, m) in [month - Months::new(1), month, month + Months::new(1)]
        .into_iter()
        .enumerate()
    {
        for (area, planned) in [
            ("Process and quality", 120_000),
            ("Compliance and safety", 60_000),
            ("Resources, inventory and budget", 250_000),
        ] {
            reg::add::<BudgetLine>(
                &mut r,
                env,
                BudgetLineFields {
                    area: area.into(),
                    month: m,
                    planned: planned + 10_000 * k as i64,
                    note: String::new(),
                },
            )?;
        }
    }
    let spend: [(i64, &str, i64, &str); 6] = [
        (
            33,
            "Resources, inventory and budget",
            182_500,
            "Stock order: paper, coffee, cleaning",
        ),
        (
            26,
            "Process and quality",
            145_000,
            "Fridge seal replaced (engineer call-out)",
        ),
        (20, "Compliance and safety", 38_000, "Extinguisher service"),
        (
            9,
            "Resources, inventory and budget",
            96_040,
            "Stock order: gloves and till rolls",
        ),
        (5, "Process and quality", 24_900, "Probe thermometer"),
        (2, "Compliance and safety", 12_000, "First-aid refills"),
    ];
    for (days_ago, area, amount, what) in spend {
        reg::add::<SpendEntry>(
            &mut r,
            env,
            SpendFields {
                date: today - Duration::days(days_ago),
                area: area.into(),
                amount,
                what: what.into(),
            },
        )?;
    }

    // Three policies: one overdue for review, one reviewed lately, one due soon.
    let policies: [(&str, &str, Option<Id>, u32, i64); 3] = [
        (
            "Food safety (HACCP) plan",
            "Kept in the shop office; covers chilled storage and allergens.",
            dev.clone(),
            12,
            -4,
        ),
        (
            "Fire safety policy",
            "Evacuation routes, wardens and the weekly alarm test.",
            ana.clone(),
            12,
            300,
        ),
        (
            "Data protection policy",
            "How customer and staff records are kept and deleted.",
            people.get(1).cloned(),
            24,
            20,
        ),
    ];
    for (name, summary, owner, every, due_in) in policies {
        let id = reg::add::<Policy>(
            &mut r,
            env,
            PolicyFields {
                name: name.into(),
                summary: summary.into(),
                owner: owner.clone(),
                every,
                review: today + Duration::days(due_in),
            },
        )?;
        if due_in > 200 {
            let p = r.policies.iter_mut().find(|p| p.id == id);
            if let Some(p) = p {
                p.reviews.push(Review {
                    on: today - Duration::days(65),
                    by: owner,
                });
            }
        }
    }
    Ok(r)
}
