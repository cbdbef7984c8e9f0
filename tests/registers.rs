//! The operations registers (issue 20 parts 1, 4, 5 and 6) through the session over the
//! in-memory store: sites and assets with an asset's inspections and history, stock counted
//! by a checklist and the purchase list, the budget against spend, policies reviewed; what
//! is stored, what a removal leaves, and how two copies merge. Property tests for the stock
//! arithmetic and the budget's sums.
#![cfg(not(target_arch = "wasm32"))]

mod session;

use chrono::NaiveDate;
use docket::domain::checklist::{AnswerKind, Check, ItemFields, TemplateFields, Value};
use docket::domain::registers::{
    self, assets, spend, stock, Asset, AssetFields, BudgetLine, BudgetLineFields, Policy,
    PolicyFields, Registers, Site, SiteFields, SpendEntry, SpendFields, StockFields, StockItem,
};
use docket::domain::{EntityKind, FixedEnv, Id};
use docket::session::Session;
use docket::storage::MemoryStore;
use proptest::prelude::*;
use session::*;

type S = Session<Flaky<MemoryStore>, FixedEnv>;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn stored(s: &S) -> docket::domain::Workspace {
    loads(&s.repo().unwrap().store().inner.snapshot())
}

fn site(s: &mut S, name: &str) -> Id {
    s.add_entry::<Site>(SiteFields {
        name: name.into(),
        ..Default::default()
    })
    .unwrap()
    .value
}

fn asset(s: &mut S, name: &str, site: &Id, every: Option<u32>) -> Id {
    s.add_entry::<Asset>(AssetFields {
        name: name.into(),
        tag: format!("{name}-01"),
        site: Some(site.clone()),
        category: "Fridge".into(),
        every,
        due: Some(d(2026, 3, 1)),
        ..Default::default()
    })
    .unwrap()
    .value
}

fn gloves(on_hand: f64) -> StockFields {
    StockFields {
        name: "Gloves".into(),
        unit: "boxes".into(),
        on_hand,
        reorder_at: 4.0,
        order_up_to: Some(10.0),
        supplier: "Medline".into(),
        site: None,
    }
}

/// A fridge check for the "Fridge" category: a temperature (0–5 °C) and a door seal.
fn fridge_check(s: &mut S) -> (Id, Id, Id) {
    let t = s
        .create_template("Fridge check", "Temperature\nDoor seal")
        .unwrap()
        .value;
    let (temp, seal) = {
        let tt = s.template(&t).unwrap();
        (tt.items[0].id.clone(), tt.items[1].id.clone())
    };
    s.edit_template(&t, |t, env| {
        let f = TemplateFields {
            asset_category: "Fridge".into(),
            ..t.fields()
        };
        t.set_fields(env, f)?;
        let i = t.item(&temp).unwrap().fields();
        t.update_item(
            env,
            &temp,
            ItemFields {
                answer: AnswerKind::Number {
                    unit: "°C".into(),
                    min: Some(0.0),
                    max: Some(5.0),
                },
                ..i
            },
        )?;
        let i = t.item(&seal).unwrap().fields();
        t.update_item(
            env,
            &seal,
            ItemFields {
                answer: AnswerKind::PassFail,
                ..i
            },
        )
    })
    .unwrap()
    .saved
    .unwrap();
    (t, temp, seal)
}

/// Runs the fridge check on `asset` on `day` with a temperature and a seal; completes it.
fn inspect(s: &mut S, t: &Id, asset: &Id, day: NaiveDate, temp: f64, seal: Check) -> Id {
    let run = s.start_run(t, day).unwrap().value;
    s.set_run_asset(&run, Some(asset)).unwrap().saved.unwrap();
    let (ti, si) = {
        let tt = s.template(t).unwrap();
        (tt.items[0].id.clone(), tt.items[1].id.clone())
    };
    s.edit_run(&run, |r, tt, env| {
        r.set_value(env, tt, &ti, Some(Value::Number(temp)))?;
        r.set_value(env, tt, &si, Some(Value::Check(seal)))
    })
    .unwrap()
    .saved
    .unwrap();
    s.complete_run(&run, day, Some("Dana"), None)
        .unwrap()
        .saved
        .unwrap();
    run
}

#[test]
fn sites_and_assets_are_stored_and_a_used_site_is_not_removed() {
    let mut s = open::<MemoryStore>(None);
    let harbour = site(&mut s, "Harbour Street");
    let fridge = asset(&mut s, "Walk-in fridge", &harbour, Some(30));
    assert_eq!(stored(&s).registers, s.workspace().registers);
    assert_eq!(
        s.workspace().registers.site_name(Some(&harbour)),
        "Harbour Street"
    );

    // A site with assets stays, and says why.
    let refused = s.remove_entry::<Site>(&harbour).unwrap_err().to_string();
    assert!(
        refused.contains("Harbour Street") && refused.contains("1 asset"),
        "{refused}"
    );
    assert_eq!(s.workspace().registers.sites.len(), 1);

    // An asset pointing at a site that is not there is refused.
    let nowhere = AssetFields {
        name: "Oven".into(),
        site: Some(Id("nosuchsite0000000000".into())),
        ..Default::default()
    };
    assert!(s.add_entry::<Asset>(nowhere).is_err());

    // Removing the asset, then the site, leaves tombstones that travel.
    s.remove_entry::<Asset>(&fridge).unwrap().saved.unwrap();
    s.remove_entry::<Site>(&harbour).unwrap().saved.unwrap();
    let ws = stored(&s);
    assert!(ws.registers.is_empty());
    let kinds: Vec<(EntityKind, &Id)> = ws.tombstones.iter().map(|t| (t.kind, &t.id)).collect();
    assert!(kinds.contains(&(EntityKind::Asset, &fridge)));
    assert!(kinds.contains(&(EntityKind::Site, &harbour)));
}

#[test]
fn an_assets_status_and_history_come_from_the_runs_done_on_it() {
    let mut s = open::<MemoryStore>(None);
    let harbour = site(&mut s, "Harbour Street");
    let fridge = asset(&mut s, "Walk-in fridge", &harbour, Some(30));
    let other = asset(&mut s, "Bar fridge", &harbour, None);
    let (t, _, _) = fridge_check(&mut s);
    // Not inspected yet; its first due date (1 March) has passed on 2 March.
    let i = assets::inspections(
        &s.workspace().registers,
        &s.workspace().runs,
        &s.workspace().templates,
    );
    assert_eq!(
        i[&fridge].status(d(2026, 2, 27)),
        assets::Status::NotInspected
    );
    assert_eq!(i[&fridge].status(d(2026, 3, 2)), assets::Status::Overdue);

    let ok = inspect(&mut s, &t, &fridge, d(2026, 3, 2), 3.5, Check::Pass);
    let bad = inspect(&mut s, &t, &fridge, d(2026, 3, 9), 7.5, Check::Fail);
    let ws = s.workspace();
    let run = ws.runs.iter().find(|r| r.id == bad).unwrap();
    assert_eq!(
        run.site.as_ref(),
        Some(&harbour),
        "the run takes the asset's site"
    );
    let i = assets::inspections(&ws.registers, &ws.runs, &ws.templates);
    assert_eq!(i[&fridge].last, Some((d(2026, 3, 9), true)));
    assert_eq!(
        i[&fridge].next,
        Some(d(2026, 4, 8)),
        "30 days after the last"
    );
    assert_eq!(i[&fridge].status(d(2026, 3, 10)), assets::Status::Failed);
    assert_eq!(i[&fridge].status(d(2026, 4, 9)), assets::Status::Overdue);
    // Without an interval, the set date stands.
    assert_eq!(i[&other].next, Some(d(2026, 3, 1)));

    let h = assets::history(&fridge, &ws.runs, &ws.templates);
    assert_eq!(
        h.iter().map(|v| &v.run).collect::<Vec<_>>(),
        vec![&bad, &ok]
    );
    assert_eq!(h[0].checklist, "Fridge check");
    assert_eq!(
        h[0].failures,
        vec![
            ("Temperature".to_string(), "7.5 °C".to_string()),
            ("Door seal".to_string(), "Fail".to_string())
        ]
    );
    assert!(h[1].failures.is_empty());
    assert!(assets::history(&other, &ws.runs, &ws.templates).is_empty());
    // The assets a run of the checklist can be on: its category, not retired.
    let names: Vec<&str> = assets::for_template(
        &ws.registers,
        ws.templates.iter().find(|x| x.id == t).unwrap(),
    )
    .iter()
    .map(|a| a.name.as_str())
    .collect();
    assert_eq!(names, vec!["Bar fridge", "Walk-in fridge"]);
}

#[test]
fn a_count_sets_stock_at_sign_off_and_the_purchase_list_follows() {
    let mut s = open::<MemoryStore>(None);
    let g = s.add_entry::<StockItem>(gloves(12.0)).unwrap().value;
    let t = s
        .create_template("Stock count", "Gloves on the shelf")
        .unwrap()
        .value;
    let item = s.template(&t).unwrap().items[0].id.clone();
    s.edit_template(&t, |t, env| {
        let f = ItemFields {
            answer: AnswerKind::Number {
                unit: "boxes".into(),
                min: None,
                max: None,
            },
            stock: Some(g.clone()),
            ..t.item(&item).unwrap().fields()
        };
        t.update_item(env, &item, f)
    })
    .unwrap()
    .saved
    .unwrap();
    assert_eq!(s.template(&t).unwrap().items[0].stock.as_ref(), Some(&g));
    assert!(stock::to_order(&s.workspace().registers).is_empty());

    let run = s.start_run(&t, day()).unwrap().value;
    s.edit_run(&run, |r, tt, env| {
        r.set_value(env, tt, &item, Some(Value::Number(3.0)))
    })
    .unwrap()
    .saved
    .unwrap();
    // Nothing changes before the sign-off.
    assert_eq!(s.workspace().registers.stock[0].on_hand, 12.0);
    let done = s.complete_run(&run, day(), Some("Dana"), None).unwrap();
    assert_eq!(done.value, vec![g.clone()]);
    assert!(done.changes.registers && done.changes.runs == vec![run.clone()]);
    done.saved.unwrap();
    assert_eq!(stored(&s).registers.stock[0].on_hand, 3.0);

    let list = stock::to_order(&s.workspace().registers);
    assert_eq!(list.len(), 1);
    assert_eq!(list[0].to_order(), 7.0, "up to 10 from 3");
    let csv = stock::purchase_csv(&s.workspace().registers);
    assert_eq!(
        csv,
        "\u{feff}Supplier,Item,Unit,On hand,Reorder at,Order\r\nMedline,Gloves,boxes,3,4,7\r\n"
    );

    // A text item is never linked, whatever the form sends.
    s.edit_template(&t, |t, env| {
        let f = ItemFields {
            answer: AnswerKind::Text,
            stock: Some(g.clone()),
            ..t.item(&item).unwrap().fields()
        };
        t.update_item(env, &item, f)
    })
    .unwrap()
    .saved
    .unwrap();
    assert_eq!(s.template(&t).unwrap().items[0].stock, None);
}

#[test]
fn the_budget_sets_planned_against_spend_and_corrective_action_costs() {
    let mut s = open::<MemoryStore>(None);
    s.load_sample(day()).unwrap().saved.unwrap();
    for (m, planned) in [(1, 50_000), (2, 50_000), (3, 60_000)] {
        s.add_entry::<BudgetLine>(BudgetLineFields {
            area: "Kitchen".into(),
            month: d(2026, m, 15),
            planned,
            note: String::new(),
        })
        .unwrap()
        .saved
        .unwrap();
    }
    s.add_entry::<SpendEntry>(SpendFields {
        date: d(2026, 2, 10),
        area: " kitchen ".into(),
        amount: 65_000,
        what: "Dishwasher repair".into(),
    })
    .unwrap()
    .saved
    .unwrap();
    let ws = s.workspace();
    assert_eq!(ws.registers.budget[0].month.format("%d").to_string(), "01");
    let spent = spend::spent(&ws.registers, &ws.runs, &ws.templates, &ws.projects);
    let plan = spend::plan(&ws.registers, &spent, 2026);
    let kitchen = plan.areas.iter().find(|a| a.area == "Kitchen").unwrap();
    assert_eq!(kitchen.months[1].planned, 50_000);
    assert_eq!(
        kitchen.months[1].actual, 65_000,
        "areas match ignoring case and spaces"
    );
    assert_eq!(kitchen.months[1].variance(), -15_000, "over budget");
    assert_eq!(kitchen.total.planned, 160_000);
    // Another year holds none of it.
    assert!(spend::plan(&ws.registers, &spent, 2025).areas.is_empty());
    // Refusals.
    let bad = SpendFields {
        date: day(),
        area: "  ".into(),
        amount: 10,
        what: String::new(),
    };
    assert!(s.add_entry::<SpendEntry>(bad).is_err());
}

#[test]
fn a_corrective_actions_actual_cost_counts_in_its_checklists_area() {
    let mut s = open::<MemoryStore>(None);
    let harbour = site(&mut s, "Harbour Street");
    let fridge = asset(&mut s, "Walk-in fridge", &harbour, Some(30));
    let (t, temp, _) = fridge_check(&mut s);
    s.edit_template(&t, |t, env| {
        let f = TemplateFields {
            area: "Kitchen".into(),
            ..t.fields()
        };
        t.set_fields(env, f)
    })
    .unwrap()
    .saved
    .unwrap();
    let run = inspect(&mut s, &t, &fridge, day(), 9.0, Check::Pass);
    let (project, card) = s
        .raise_action(
            &run,
            &temp,
            &docket::domain::checklist::ActionProject::New("Repairs".into()),
            Default::default(),
        )
        .unwrap()
        .value;
    s.edit_project(&project, "cost", |p, env| {
        let c = p.card(&card).unwrap().clone();
        let f = docket::domain::board::CardFields {
            cost_actual: Some(12_345),
            ..docket::domain::board::CardFields::of(&c)
        };
        p.update_card(env, &c.id, f)
    })
    .unwrap()
    .saved
    .unwrap();
    let (area, date) = ("Kitchen".to_string(), day());
    let ws = s.workspace();
    let spent = spend::spent(&ws.registers, &ws.runs, &ws.templates, &ws.projects);
    let from_card: Vec<_> = spent.iter().filter(|x| x.card.is_some()).collect();
    assert_eq!(from_card.len(), 1);
    assert_eq!(from_card[0].amount, 12_345);
    assert_eq!(from_card[0].area, area);
    assert_eq!(from_card[0].date, date);
}

#[test]
fn a_policy_review_records_who_and_when_and_sets_the_next_date() {
    let mut s = open::<MemoryStore>(None);
    let dana = s.person_named("Dana Reyes").unwrap().value;
    s.set_author(Some(dana.clone()));
    let p = s
        .add_entry::<Policy>(PolicyFields {
            name: "Food safety policy".into(),
            summary: "HACCP plan, kept in the office.".into(),
            owner: Some(dana.clone()),
            every: 12,
            review: d(2026, 2, 28),
        })
        .unwrap()
        .value;
    let r = &s.workspace().registers;
    assert_eq!(registers::policies::due(r, day(), Some(&dana)).len(), 1);
    assert!(
        registers::policies::due(r, day(), Some(&Id("someoneelse000000000".into()))).is_empty()
    );
    let next = s.review_policy(&p, day()).unwrap().value;
    assert_eq!(next, d(2027, 3, 2));
    let pol = &stored(&s).registers.policies[0];
    assert_eq!(pol.reviews.len(), 1);
    assert_eq!(pol.reviews[0].by.as_ref(), Some(&dana));
    assert_eq!(pol.reviews[0].on, day());
    assert!(registers::policies::due(&s.workspace().registers, day(), None).is_empty());
    // A refused interval.
    let bad = PolicyFields {
        every: 0,
        ..pol.clone().fields_for_test()
    };
    assert!(s.edit_entry::<Policy>(&p, bad).is_err());
}

trait FieldsForTest {
    fn fields_for_test(self) -> PolicyFields;
}
impl FieldsForTest for Policy {
    fn fields_for_test(self) -> PolicyFields {
        use docket::domain::registers::Entry;
        self.fields()
    }
}

#[test]
fn two_copies_edit_different_fields_of_one_asset_and_both_edits_stay() {
    let mut s = open::<MemoryStore>(None);
    let harbour = site(&mut s, "Harbour Street");
    let fridge = asset(&mut s, "Walk-in fridge", &harbour, Some(30));
    let base = s.workspace().clone();
    // Here: the tag. There (a colleague, later): the state.
    let f = registers::find::<Asset>(&base.registers, &fridge)
        .unwrap()
        .clone();
    use docket::domain::registers::Entry;
    s.env_mut().advance(60);
    s.edit_entry::<Asset>(
        &fridge,
        AssetFields {
            tag: "FR-99".into(),
            ..f.fields()
        },
    )
    .unwrap()
    .saved
    .unwrap();
    let mut theirs = base.clone();
    let mut env = FixedEnv::new(base.newest().unwrap(), 9);
    env.advance(120);
    let before = theirs.registers.clone();
    registers::edit::<Asset>(
        &mut theirs.registers,
        &fridge,
        AssetFields {
            state: registers::AssetState::OutOfService,
            ..f.fields()
        },
    )
    .unwrap();
    use docket::domain::Env;
    theirs.registers.restamp(&before, &mut || env.now());
    let merged = docket::exchange::merge::merge(s.workspace(), &theirs);
    let a = registers::find::<Asset>(&merged.registers, &fridge).unwrap();
    assert_eq!(a.tag, "FR-99");
    assert_eq!(a.state, registers::AssetState::OutOfService);
    // Merging is the same either way round.
    assert_eq!(
        merged,
        docket::exchange::merge::merge(&theirs, s.workspace())
    );
}

#[test]
fn registers_travel_in_a_workspace_file() {
    let mut s = open::<MemoryStore>(None);
    let harbour = site(&mut s, "Harbour Street");
    asset(&mut s, "Walk-in fridge", &harbour, Some(30));
    s.add_entry::<StockItem>(gloves(2.0))
        .unwrap()
        .saved
        .unwrap();
    let text = docket::exchange::format::export_workspace(s.workspace(), env().now).to_json();
    let docket::exchange::format::Parsed::Docket(env) =
        docket::exchange::format::parse(&text).unwrap()
    else {
        panic!("a Docket file")
    };
    assert_eq!(env.registers, s.workspace().registers);
    // A stock item with a negative quantity is refused with its path.
    let bad = text.replace("\"on_hand\":2.0", "\"on_hand\":-2.0");
    let errors = docket::exchange::format::parse(&bad).unwrap_err();
    assert!(
        errors
            .iter()
            .any(|e| e.path.starts_with("registers.stock[0]")),
        "{errors:?}"
    );
}

fn stock_item(on_hand: f64, reorder_at: f64, up_to: Option<f64>) -> StockItem {
    let mut r = Registers::default();
    let mut env = env();
    let id = registers::add::<StockItem>(
        &mut r,
        &mut env,
        StockFields {
            name: "Flour".into(),
            on_hand,
            reorder_at,
            order_up_to: up_to,
            ..Default::default()
        },
    )
    .unwrap();
    registers::find::<StockItem>(&r, &id).unwrap().clone()
}

proptest! {
    /// An item is on the purchase list exactly when it is at or below its reorder point, and
    /// ordering what the list says brings it to its target.
    #[test]
    fn the_purchase_list_brings_low_items_to_their_target(
        on_hand in 0u32..100_000,
        reorder in 0u32..100_000,
        extra in proptest::option::of(1u32..100_000),
    ) {
        let (on_hand, reorder) = (f64::from(on_hand) / 100.0, f64::from(reorder) / 100.0);
        let up_to = extra.map(|e| reorder + f64::from(e) / 100.0);
        let s = stock_item(on_hand, reorder, up_to);
        let listed = {
            let mut r = Registers::default();
            r.stock.push(s.clone());
            stock::to_order(&r).len() == 1
        };
        prop_assert_eq!(listed, on_hand <= reorder);
        let order = s.to_order();
        prop_assert!(order >= 0.0);
        if on_hand <= reorder {
            let target = up_to.unwrap_or(reorder * 2.0);
            prop_assert!((on_hand + order - target).abs() < 0.001);
        } else {
            prop_assert_eq!(order, 0.0);
        }
    }

    /// After any counts, each counted item holds its last count; others are untouched; a
    /// count out of range changes nothing.
    #[test]
    fn counts_set_each_item_to_its_last_count(
        counts in proptest::collection::vec((0usize..3, -5i32..50_000), 0..12),
    ) {
        let mut r = Registers::default();
        let mut env = env();
        let ids: Vec<Id> = (0..3)
            .map(|i| {
                registers::add::<StockItem>(&mut r, &mut env, StockFields {
                    name: format!("Item {i}"),
                    on_hand: 7.0,
                    reorder_at: 1.0,
                    ..Default::default()
                })
                .unwrap()
            })
            .collect();
        let list: Vec<(Id, f64)> = counts
            .iter()
            .map(|(i, v)| (ids[*i].clone(), f64::from(*v) / 10.0))
            .collect();
        stock::apply_counts(&mut r, &list);
        for (i, id) in ids.iter().enumerate() {
            let last = list
                .iter()
                .rev()
                .find(|(x, v)| x == id && *v >= 0.0)
                .map(|(_, v)| *v);
            let held = registers::find::<StockItem>(&r, id).unwrap().on_hand;
            prop_assert_eq!(held, last.unwrap_or(7.0), "item {}", i);
        }
    }

    /// The plan's totals are the sums of its cells, and every amount of the year is in it.
    #[test]
    fn the_budgets_totals_add_up(
        lines in proptest::collection::vec((0usize..3, 1u32..13, 0i64..1_000_000), 0..20),
        spends in proptest::collection::vec((0usize..3, 1u32..13, 1u32..28, 0i64..1_000_000), 0..20),
    ) {
        let areas = ["Kitchen", "Front of house", "Cleaning"];
        let mut r = Registers::default();
        let mut env = env();
        for (a, m, c) in &lines {
            registers::add::<BudgetLine>(&mut r, &mut env, BudgetLineFields {
                area: areas[*a].into(),
                month: d(2026, *m, 1),
                planned: *c,
                note: String::new(),
            }).unwrap();
        }
        let spent: Vec<spend::Spent> = spends
            .iter()
            .map(|(a, m, day, c)| spend::Spent {
                date: d(2026, *m, *day),
                area: areas[*a].into(),
                amount: *c,
                what: String::new(),
                card: None,
            })
            .collect();
        let plan = spend::plan(&r, &spent, 2026);
        let planned: i64 = lines.iter().map(|l| l.2).sum();
        let actual: i64 = spends.iter().map(|s| s.3).sum();
        prop_assert_eq!(plan.total.planned, planned);
        prop_assert_eq!(plan.total.actual, actual);
        prop_assert_eq!(plan.months.iter().map(|c| c.planned).sum::<i64>(), planned);
        for row in &plan.areas {
            prop_assert_eq!(row.months.iter().map(|c| c.actual).sum::<i64>(), row.total.actual);
            prop_assert_eq!(row.total.variance(), row.total.planned - row.total.actual);
        }
    }
}

#[test]
fn a_checklist_for_its_sites_lead_goes_to_the_lead() {
    use docket::domain::checklist::rota::{Assignment, Roster};
    let mut s = open::<MemoryStore>(None);
    let dana = s.person_named("Dana Reyes").unwrap().value;
    let owner = s.person_named("Ola Berg").unwrap().value;
    let shop = s
        .add_entry::<Site>(SiteFields {
            name: "Shop".into(),
            address: String::new(),
            lead: Some(dana.clone()),
        })
        .unwrap()
        .value;
    let (t, _, _) = fridge_check(&mut s);
    s.edit_template(&t, |t, env| {
        let f = TemplateFields {
            owner: Some(owner.clone()),
            site: Some(shop.clone()),
            assignment: Assignment::Site,
            ..t.fields()
        };
        t.set_fields(env, f)
    })
    .unwrap()
    .saved
    .unwrap();
    let ws = s.workspace();
    let roster = Roster::of(ws.people.iter().map(|p| &p.id)).with_sites(&ws.registers.sites);
    let tt = s.template(&t).unwrap();
    assert_eq!(roster.assignee(tt, day()), Some(dana.clone()));
    // Without sites known, or with no lead, the owner does it.
    let bare = Roster::of(ws.people.iter().map(|p| &p.id));
    assert_eq!(bare.assignee(tt, day()), Some(owner));
}

/// One edit a copy makes to the registers: (entry, field, value).
fn edit(r: &mut Registers, (k, f, v): (usize, usize, u8), now: docket::domain::Ts) {
    let before = r.clone();
    if let Some(a) = r.assets.get_mut(k % 3) {
        match f % 4 {
            0 => a.tag = format!("T-{v}"),
            1 => a.category = format!("Cat {}", v % 3),
            2 => a.every = Some(u32::from(v % 5) + 1),
            _ => a.state = registers::AssetState::ALL[usize::from(v) % 3],
        }
    }
    if let Some(s) = r.stock.get_mut(k % 2) {
        if f % 2 == 0 {
            s.on_hand = f64::from(v);
        } else {
            s.supplier = format!("Supplier {}", v % 4);
        }
    }
    r.restamp(&before, &mut || now);
}

proptest! {
    /// Copies of the registers edited apart merge the same in any order and any grouping,
    /// merging a copy with itself changes nothing, and each field holds its newest edit.
    #[test]
    fn registers_merge_field_by_field_in_any_order(
        a_edits in proptest::collection::vec((0usize..3, 0usize..4, 0u8..50), 0..6),
        b_edits in proptest::collection::vec((0usize..3, 0usize..4, 0u8..50), 0..6),
        c_edits in proptest::collection::vec((0usize..3, 0usize..4, 0u8..50), 0..6),
    ) {
        use docket::exchange::merge::merge;
        let mut base = docket::domain::Workspace::default();
        let mut env = env();
        for n in 0..3 {
            registers::add::<Asset>(&mut base.registers, &mut env, AssetFields {
                name: format!("Asset {n}"),
                ..Default::default()
            }).unwrap();
        }
        for _ in 0..2 {
            registers::add::<StockItem>(&mut base.registers, &mut env, gloves(5.0)).unwrap();
        }
        // In id order, as the session keeps them (and the merge gives them).
        base.registers.sort();
        let t0 = env.now;
        let copy = |edits: &[(usize, usize, u8)], offset: i64| {
            let mut w = base.clone();
            for (i, e) in edits.iter().enumerate() {
                let at = t0 + chrono::Duration::seconds(offset + 3 * i as i64);
                edit(&mut w.registers, *e, at);
            }
            w
        };
        let (a, b, c) = (copy(&a_edits, 1), copy(&b_edits, 2), copy(&c_edits, 3));
        let ab = merge(&a, &b);
        prop_assert_eq!(&ab, &merge(&b, &a));
        prop_assert_eq!(&merge(&ab, &c), &merge(&a, &merge(&b, &c)));
        prop_assert_eq!(&merge(&a, &a), &a);
        // The last change of all to the first asset's tag (by time) is what the merge holds
        // (setting the value a copy already has changes nothing, and stamps nothing).
        let mut tags: Vec<(i64, String)> = Vec::new();
        for (edits, offset) in [(&a_edits, 1), (&b_edits, 2), (&c_edits, 3)] {
            let mut now = String::new();
            for (i, (k, f, v)) in edits.iter().enumerate() {
                let tag = format!("T-{v}");
                if k % 3 == 0 && f % 4 == 0 && tag != now {
                    tags.push((offset + 3 * i as i64, tag.clone()));
                    now = tag;
                }
            }
        }
        let abc = merge(&ab, &c);
        let first = abc.registers.assets.iter().find(|x| x.id == base.registers.assets[0].id).unwrap();
        let want = tags.iter().max_by_key(|t| t.0).map(|t| t.1.clone()).unwrap_or_default();
        prop_assert_eq!(&first.tag, &want);
    }
}

#[test]
fn analytics_group_runs_assets_and_stock_by_site() {
    let mut s = open::<MemoryStore>(None);
    let harbour = site(&mut s, "Harbour Street");
    let quay = site(&mut s, "Quay");
    let fridge = asset(&mut s, "Walk-in fridge", &harbour, Some(30));
    asset(&mut s, "Kiosk fridge", &quay, Some(30));
    let (t, _, _) = fridge_check(&mut s);
    inspect(&mut s, &t, &fridge, day(), 3.0, Check::Pass);
    inspect(&mut s, &t, &fridge, day(), 9.0, Check::Pass);
    s.add_entry::<StockItem>(StockFields {
        site: Some(quay.clone()),
        ..gloves(1.0)
    })
    .unwrap()
    .saved
    .unwrap();
    let ws = s.workspace();
    let lines = registers::by_site::by_site(&ws.registers, &ws.templates, &ws.runs, day(), 30);
    let got: Vec<(&str, usize, usize, usize, usize)> = lines
        .iter()
        .map(|l| {
            (
                l.name.as_str(),
                l.runs,
                l.failed,
                l.overdue_assets,
                l.low_stock,
            )
        })
        .collect();
    // The kiosk fridge's first inspection (1 March) is late on 2 March.
    assert_eq!(
        got,
        vec![("Harbour Street", 2, 1, 0, 0), ("Quay", 0, 0, 1, 1)]
    );
}
