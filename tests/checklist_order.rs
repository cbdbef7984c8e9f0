//! Native tests of the order of a checklist's items and sections (src/domain/checklist/order.rs):
//! what the editor's drags and Alt+arrow moves do.
#![cfg(not(target_arch = "wasm32"))]

use chrono::{TimeZone, Utc};
use docket::domain::checklist::order::{Group, Step};
use docket::domain::checklist::ItemFields;
use docket::domain::{FixedEnv, Id, Template};
use proptest::prelude::*;

fn env() -> FixedEnv {
    FixedEnv::new(Utc.with_ymd_and_hms(2026, 3, 2, 9, 0, 0).unwrap(), 11)
}

/// A template with two loose items, then sections Kitchen (3 items) and Floor (2 items).
fn walk(env: &mut FixedEnv) -> Template {
    let mut t = Template::new(env, "Safety walk", &["Lights", "Alarm"]).unwrap();
    let kitchen = t.add_section(env, "Kitchen").unwrap();
    let floor = t.add_section(env, "Floor").unwrap();
    for (s, text) in [
        (&kitchen, "Fridge"),
        (&kitchen, "Oven"),
        (&kitchen, "Sink"),
        (&floor, "Exits"),
        (&floor, "Dry"),
    ] {
        t.add_item_with(
            env,
            ItemFields {
                text: text.into(),
                required: true,
                section: Some(s.clone()),
                ..Default::default()
            },
        )
        .unwrap();
    }
    t
}

/// The editor's groups as (section name, item texts).
fn shown(t: &Template) -> Vec<(String, Vec<String>)> {
    t.groups()
        .into_iter()
        .map(|Group { section, items }| {
            let name = section
                .and_then(|s| t.sections.iter().find(|x| x.id == s))
                .map(|s| s.name.clone())
                .unwrap_or_default();
            let texts = items
                .iter()
                .map(|i| t.item(i).unwrap().text.clone())
                .collect();
            (name, texts)
        })
        .collect()
}

fn id(t: &Template, text: &str) -> Id {
    t.items.iter().find(|i| i.text == text).unwrap().id.clone()
}

fn section(t: &Template, name: &str) -> Id {
    t.sections
        .iter()
        .find(|s| s.name == name)
        .unwrap()
        .id
        .clone()
}

fn g(name: &str, items: &[&str]) -> (String, Vec<String>) {
    (
        name.to_string(),
        items.iter().map(|s| s.to_string()).collect(),
    )
}

#[test]
fn an_item_placed_in_another_section_lands_where_dropped_and_nothing_else_changes() {
    let mut env = env();
    let mut t = walk(&mut env);
    let before = t.clone();
    let floor = section(&t, "Floor");
    let oven = id(&t, "Oven");
    t.place_item(&mut env, &oven, Some(floor.clone()), 1)
        .unwrap();
    assert_eq!(
        shown(&t),
        vec![
            g("", &["Lights", "Alarm"]),
            g("Kitchen", &["Fridge", "Sink"]),
            g("Floor", &["Exits", "Oven", "Dry"]),
        ]
    );
    // Only the moved item changed.
    for i in &before.items {
        let now = t.item(&i.id).unwrap();
        if i.id == oven {
            assert_eq!(now.section, Some(floor.clone()));
            assert!(now.updated > i.updated || now.rank != i.rank);
        } else {
            assert_eq!(now, i, "{} is untouched", i.text);
        }
    }
    assert_eq!(t.sections, before.sections);
    let place = t.place_of(&oven).unwrap();
    assert_eq!((place.position, place.count), (1, 3));
    // To the top of the loose items, and past the end of a group (clamped).
    t.place_item(&mut env, &oven, None, 0).unwrap();
    assert_eq!(shown(&t)[0], g("", &["Oven", "Lights", "Alarm"]));
    t.place_item(&mut env, &oven, Some(floor), 99).unwrap();
    assert_eq!(shown(&t)[2], g("Floor", &["Exits", "Dry", "Oven"]));
}

#[test]
fn placing_an_item_where_it_is_changes_nothing_and_unknown_targets_are_refused() {
    let mut env = env();
    let mut t = walk(&mut env);
    let before = t.clone();
    let kitchen = section(&t, "Kitchen");
    let oven = id(&t, "Oven");
    t.place_item(&mut env, &oven, Some(kitchen.clone()), 1)
        .unwrap();
    assert_eq!(t, before);
    assert!(t
        .place_item(&mut env, &oven, Some(Id("nowhere".into())), 0)
        .is_err());
    assert!(t
        .place_item(&mut env, &Id("ghost".into()), Some(kitchen), 0)
        .is_err());
    assert_eq!(t, before);
}

#[test]
fn steps_cross_sections_at_their_edges_and_stop_at_the_ends() {
    let mut env = env();
    let mut t = walk(&mut env);
    let sink = id(&t, "Sink");
    // Down from the last of Kitchen: to the top of Floor.
    assert!(t.step_item(&mut env, &sink, Step::Down).unwrap());
    assert_eq!(shown(&t)[2], g("Floor", &["Sink", "Exits", "Dry"]));
    // Up again: to the end of Kitchen.
    assert!(t.step_item(&mut env, &sink, Step::Up).unwrap());
    assert_eq!(shown(&t)[1], g("Kitchen", &["Fridge", "Oven", "Sink"]));
    assert!(t.step_item(&mut env, &sink, Step::Up).unwrap());
    assert_eq!(shown(&t)[1], g("Kitchen", &["Fridge", "Sink", "Oven"]));
    // The first item of all and the last item of all go no further.
    let lights = id(&t, "Lights");
    let before = t.clone();
    assert!(!t.step_item(&mut env, &lights, Step::Up).unwrap());
    let dry = id(&t, "Dry");
    assert!(!t.step_item(&mut env, &dry, Step::Down).unwrap());
    assert_eq!(t, before);
}

#[test]
fn sections_move_with_their_items_and_no_item_changes() {
    let mut env = env();
    let mut t = walk(&mut env);
    let before = t.clone();
    let floor = section(&t, "Floor");
    t.move_section(&mut env, &floor, 0).unwrap();
    assert_eq!(
        shown(&t),
        vec![
            g("", &["Lights", "Alarm"]),
            g("Floor", &["Exits", "Dry"]),
            g("Kitchen", &["Fridge", "Oven", "Sink"]),
        ]
    );
    assert_eq!(t.items, before.items, "items keep their ranks and stamps");
    assert!(t.updated >= before.updated);
    // Keys: one step down puts it back; at the end it goes no further.
    assert!(t.step_section(&mut env, &floor, Step::Down).unwrap());
    assert_eq!(t.sections, before.sections);
    assert!(!t.step_section(&mut env, &floor, Step::Down).unwrap());
    assert!(t.move_section(&mut env, &Id("x".into()), 0).is_err());
    // An item stepping down from the end of Kitchen now lands at the top of Floor.
    let sink = id(&t, "Sink");
    assert!(t.step_item(&mut env, &sink, Step::Down).unwrap());
    assert_eq!(shown(&t)[2], g("Floor", &["Sink", "Exits", "Dry"]));
}

#[test]
fn an_empty_section_takes_an_item_stepping_into_it() {
    let mut env = env();
    let mut t = walk(&mut env);
    let pantry = t.add_section(&mut env, "Pantry").unwrap();
    let dry = id(&t, "Dry");
    assert!(t.step_item(&mut env, &dry, Step::Down).unwrap());
    assert_eq!(shown(&t)[3], g("Pantry", &["Dry"]));
    assert_eq!(t.item(&dry).unwrap().section, Some(pantry));
    assert_eq!(t.place_of(&dry).unwrap().count, 1);
}

#[test]
fn a_template_with_no_sections_has_one_group_even_when_empty() {
    let mut env = env();
    let t = Template::new(&mut env, "Empty", &[]).unwrap();
    assert_eq!(
        t.groups(),
        vec![Group {
            section: None,
            items: vec![]
        }]
    );
}

#[test]
fn moves_are_a_new_version_once_the_checklist_has_runs() {
    let mut env = env();
    let mut t = walk(&mut env);
    let floor = section(&t, "Floor");
    t.revise(&mut env, true, |t, env| t.move_section(env, &floor, 0))
        .unwrap();
    assert_eq!(t.version, 2, "a reordered section makes a new version");
    let oven = id(&t, "Oven");
    t.revise(&mut env, true, |t, env| t.step_item(env, &oven, Step::Up))
        .unwrap();
    assert_eq!(t.version, 3);
    let (sections, _) = t.version_items(1);
    assert_eq!(sections[0].name, "Kitchen", "version 1 keeps its order");
}

proptest! {
    /// Any sequence of drops and steps keeps every item exactly once, and each drop lands
    /// the item exactly where it was dropped, with the other items of both groups in their
    /// order.
    #[test]
    fn drops_and_steps_keep_every_item_once_and_land_where_asked(
        ops in prop::collection::vec((0usize..7, 0usize..4, 0usize..6, 0u8..3), 1..40)
    ) {
        let mut env = env();
        let mut t = walk(&mut env);
        let mut all: Vec<Id> = t.items.iter().map(|i| i.id.clone()).collect();
        all.sort();
        for (item, group, to, kind) in ops {
            let x = t.items[item % t.items.len()].id.clone();
            let groups = t.groups();
            match kind {
                0 => {
                    let sections: Vec<Option<Id>> = std::iter::once(None)
                        .chain(t.sections.iter().map(|s| Some(s.id.clone())))
                        .collect();
                    let s = sections[group % sections.len()].clone();
                    let mut expect: Vec<Id> = groups
                        .iter()
                        .find(|g| g.section == s)
                        .map(|g| g.items.clone())
                        .unwrap_or_default();
                    expect.retain(|i| i != &x);
                    let at = to.min(expect.len());
                    expect.insert(at, x.clone());
                    t.place_item(&mut env, &x, s.clone(), to).unwrap();
                    let now = t.groups();
                    let got = now.iter().find(|g| g.section == s).map(|g| g.items.clone());
                    prop_assert_eq!(got, Some(expect));
                }
                1 => {
                    t.step_item(&mut env, &x, if to % 2 == 0 { Step::Up } else { Step::Down }).unwrap();
                }
                _ => {
                    let s = t.sections[group % t.sections.len()].id.clone();
                    t.move_section(&mut env, &s, to).unwrap();
                }
            }
            let mut now: Vec<Id> = t.groups().into_iter().flat_map(|g| g.items).collect();
            now.sort();
            prop_assert_eq!(&now, &all);
            // The stored order stays sorted by rank (ties by id).
            prop_assert!(t.items.windows(2).all(|w| (&w[0].rank, &w[0].id) <= (&w[1].rank, &w[1].id)));
        }
    }
}
