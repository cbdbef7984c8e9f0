//! Native tests of the Trello board import: a real export, a rich hand-written board, a
//! sparse one, and hostile input that must be refused without a panic.
#![cfg(not(target_arch = "wasm32"))]

use chrono::{NaiveDate, TimeZone, Utc};
use docket::domain::project::LABEL_COLOURS;
use docket::domain::{FixedEnv, Id, Person, Project};
use docket::exchange::trello::{import_trello, TrelloImport, FALLBACK_COLUMN};
use proptest::prelude::*;
use serde_json::{json, Value};

fn env() -> FixedEnv {
    FixedEnv::new(Utc.with_ymd_and_hms(2026, 3, 2, 9, 0, 0).unwrap(), 11)
}

fn fixture(name: &str) -> String {
    let path = format!(
        "{}/tests/fixtures/trello/{name}",
        env!("CARGO_MANIFEST_DIR")
    );
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("reading {path}: {e}"))
}

fn import(json: &str) -> TrelloImport {
    import_trello(json, &mut env(), &[]).unwrap_or_else(|e| panic!("refused: {e:?}"))
}

fn column_names(p: &Project) -> Vec<&str> {
    p.columns.iter().map(|c| c.name.as_str()).collect()
}

fn column_id(p: &Project, name: &str) -> Id {
    p.columns
        .iter()
        .find(|c| c.name == name)
        .unwrap_or_else(|| panic!("no column {name}"))
        .id
        .clone()
}

/// Live card titles of a column, in board order.
fn titles(p: &Project, column: &str) -> Vec<String> {
    let id = column_id(p, column);
    p.cards_in(&id).map(|c| c.title.clone()).collect()
}

/// Every card title of a column, archived ones included, in rank order.
fn all_titles(p: &Project, column: &str) -> Vec<String> {
    let id = column_id(p, column);
    p.cards
        .iter()
        .filter(|c| c.column == id)
        .map(|c| c.title.clone())
        .collect()
}

fn card<'a>(p: &'a Project, title: &str) -> &'a docket::domain::Card {
    p.cards
        .iter()
        .find(|c| c.title == title)
        .unwrap_or_else(|| panic!("no card {title}"))
}

/// A card's labels, in the project's order of labels (as the card face shows them).
fn label_names(p: &Project, c: &docket::domain::Card) -> Vec<String> {
    assert!(
        c.labels.iter().all(|l| p.label(l).is_some()),
        "labels exist"
    );
    p.labels
        .iter()
        .filter(|l| c.labels.contains(&l.id))
        .map(|l| l.name.clone())
        .collect()
}

fn hex(name: &str) -> &'static str {
    LABEL_COLOURS.iter().find(|(_, n)| *n == name).unwrap().0
}

fn refused(json: &str) -> Vec<String> {
    match import_trello(json, &mut env(), &[]) {
        Ok(_) => panic!("accepted: {json:.80}"),
        Err(e) => {
            assert!(!e.is_empty(), "refusal without a reason");
            e
        }
    }
}

// ---- the real export ----

#[test]
fn real_export_imports_one_column_and_one_card() {
    let path = format!(
        "{}/tests/fixtures/trello/nextcloud-deck-data-trelloJson.json",
        env!("CARGO_MANIFEST_DIR")
    );
    let json = std::fs::read_to_string(&path).expect("shared fixture");
    let r = import(&json);
    let p = &r.project;
    assert_eq!(p.name, "Test Board Name");
    assert_eq!(column_names(p), ["TODO"]);
    assert_eq!(titles(p, "TODO"), ["Name Card 7"]);
    assert_eq!(r.summary.columns, 1);
    assert_eq!(r.summary.cards, 1);
    assert_eq!(r.summary.archived_cards, 0);
    // Its one label is an unnamed default colour label no card carries.
    assert_eq!(r.summary.labels, 0);
    // John Doe is a board member but assigned to no card.
    assert!(r.people.is_empty());
    assert_eq!(r.summary.people, 0);
    assert_eq!(r.summary.not_imported, Vec::<String>::new());
}

// ---- the rich board ----

#[test]
fn rich_board_columns_follow_pos_and_closed_list_is_folded() {
    let r = import(&fixture("rich-board.json"));
    let p = &r.project;
    assert_eq!(p.name, "Website relaunch");
    assert_eq!(
        p.objective,
        "Relaunch the public website before the spring campaign."
    );
    assert_eq!(column_names(p), ["To do", "Doing", "Done", "Old ideas"]);
    assert_eq!(r.summary.columns, 4);
    let old = &p.columns[3];
    assert!(old.collapsed, "a closed list arrives folded");
    assert!(!p.columns[..3].iter().any(|c| c.collapsed));
    // Trello's list limit becomes the WIP limit.
    assert_eq!(p.columns[1].wip_limit, Some(3));
    assert_eq!(p.columns[0].wip_limit, None);
    // "Done" is the done column even though the closed list is further right.
    assert_eq!(p.done_column_id(), Some(&column_id(p, "Done")));
}

#[test]
fn rich_board_cards_follow_pos_within_their_list() {
    let r = import(&fixture("rich-board.json"));
    let p = &r.project;
    assert_eq!(
        titles(p, "To do"),
        [
            "Write the landing page copy",
            "Design the hero banner",
            "Book the kick-off room"
        ]
    );
    assert_eq!(
        all_titles(p, "To do"),
        [
            "Write the landing page copy",
            "Design the hero banner",
            "SEO audit",
            "Book the kick-off room"
        ]
    );
    // pos 10 before pos "70000"; the empty name becomes "Untitled card".
    assert_eq!(titles(p, "Doing"), ["Untitled card", "Set up the CMS"]);
    assert_eq!(titles(p, "Done"), ["Renew the domain"]);
    assert_eq!(r.summary.cards, 9);
}

#[test]
fn rich_board_archives_closed_cards_and_cards_of_closed_lists() {
    let r = import(&fixture("rich-board.json"));
    let p = &r.project;
    let mut archived: Vec<&str> = p
        .cards
        .iter()
        .filter(|c| c.archived)
        .map(|c| c.title.as_str())
        .collect();
    archived.sort();
    assert_eq!(
        archived,
        ["Company blog", "Flash intro animation", "SEO audit"]
    );
    assert_eq!(r.summary.archived_cards, 3);
    assert!(titles(p, "Old ideas").is_empty());
    assert_eq!(
        all_titles(p, "Old ideas"),
        ["Flash intro animation", "Company blog"]
    );
    assert_eq!(p.archived_cards().len(), 3);
}

#[test]
fn rich_board_labels_get_mapped_colours() {
    let r = import(&fixture("rich-board.json"));
    let p = &r.project;
    let labels: Vec<(&str, &str)> = p
        .labels
        .iter()
        .map(|l| (l.name.as_str(), l.color.as_str()))
        .collect();
    assert_eq!(
        labels,
        [
            ("Design", hex("Green")),
            ("Urgent", hex("Red")),
            ("Content", hex("Teal")),
            // Unnamed but used: named after its Trello colour.
            ("Orange", hex("Amber")),
            ("Someday", hex("Grey")),
        ]
    );
    assert_eq!(r.summary.labels, 5);
    assert!(
        !p.labels.iter().any(|l| l.name == "Purple"),
        "unused unnamed labels are skipped"
    );
    assert_eq!(
        label_names(p, card(p, "Design the hero banner")),
        ["Design", "Urgent"]
    );
    assert_eq!(label_names(p, card(p, "SEO audit")), ["Orange"]);
    assert_eq!(label_names(p, card(p, "Untitled card")), ["Someday"]);
}

#[test]
fn rich_board_creates_assigned_people_only() {
    let r = import(&fixture("rich-board.json"));
    let p = &r.project;
    let names: Vec<&str> = r.people.iter().map(|x| x.name.as_str()).collect();
    assert_eq!(names, ["Ana Lima", "Ben Okafor"]);
    assert_eq!(r.summary.people, 2);
    let ana = &r.people[0].id;
    let ben = &r.people[1].id;
    assert_eq!(
        card(p, "Design the hero banner").assignees,
        [ana.clone()].as_slice()
    );
    assert_eq!(
        card(p, "Write the landing page copy")
            .assignees
            .iter()
            .collect::<Vec<_>>(),
        [ben, ana]
    );
}

#[test]
fn rich_board_reuses_existing_people_by_name() {
    let mut e = env();
    let existing = vec![Person::new(&mut e, "ana LIMA", "Designer", "").unwrap()];
    let r = import_trello(&fixture("rich-board.json"), &mut e, &existing).unwrap();
    let names: Vec<&str> = r.people.iter().map(|x| x.name.as_str()).collect();
    assert_eq!(names, ["Ben Okafor"], "only the new person is returned");
    assert_eq!(r.summary.people, 2);
    assert_eq!(
        card(&r.project, "Renew the domain").assignees,
        [existing[0].id.clone()]
    );
}

/// A member or label whose name equals another's after NFC ("José" with a composed "é", and
/// with "e" + U+0301) is the same person or label, not a second one.
#[test]
fn names_equal_after_nfc_are_one_person_and_one_label() {
    let mut e = env();
    let existing = vec![Person::new(&mut e, "Jose\u{301} Lima", "", "").unwrap()];
    let json = json!({
        "lists": [{"id": "l", "name": "L"}],
        "members": [{"id": "m1", "fullName": "Jos\u{e9} Lima"}],
        "labels": [
            {"id": "a", "name": "Caf\u{e9}", "color": "green"},
            {"id": "b", "name": "cafe\u{301}", "color": "red"},
        ],
        "cards": [{"idList": "l", "name": "x", "idMembers": ["m1"], "idLabels": ["a", "b"]}],
    })
    .to_string();
    let r = import_trello(&json, &mut e, &existing).unwrap();
    assert!(r.people.is_empty(), "no second person: {:?}", r.people);
    assert_eq!(card(&r.project, "x").assignees, [existing[0].id.clone()]);
    assert_eq!(
        label_names(&r.project, card(&r.project, "x")),
        ["Caf\u{e9}"]
    );
}

#[test]
fn rich_board_checklists_become_ordered_subtasks() {
    let r = import(&fixture("rich-board.json"));
    let p = &r.project;
    let subs: Vec<(&str, bool)> = card(p, "Design the hero banner")
        .subtasks
        .iter()
        .map(|s| (s.text.as_str(), s.done))
        .collect();
    // Two checklists: prefixed with their names, checklists and items in pos order.
    assert_eq!(
        subs,
        [
            ("Draft: Mobile layout", true),
            ("Draft: Desktop layout", false),
            ("Review: Accessibility check", true),
            ("Review: Marketing sign-off", false),
        ]
    );
    let subs: Vec<(&str, bool)> = card(p, "Set up the CMS")
        .subtasks
        .iter()
        .map(|s| (s.text.as_str(), s.done))
        .collect();
    // One checklist: no prefix; the blank item is left out.
    assert_eq!(subs, [("Pick a host", true), ("Install", false)]);
    assert_eq!(r.summary.subtasks, 6);
}

#[test]
fn rich_board_comments_become_comments_oldest_first_by_their_authors() {
    let r = import(&fixture("rich-board.json"));
    let p = &r.project;
    let hero = card(p, "Design the hero banner");
    assert_eq!(hero.description, "Two variants for the A/B test.");
    let name = |id: &Option<Id>| {
        let id = id.as_ref().expect("an author");
        r.people
            .iter()
            .find(|x| &x.id == id)
            .map(|x| x.name.clone())
            .unwrap()
    };
    let got: Vec<(String, String, String)> = hero
        .comments
        .iter()
        .map(|c| (name(&c.author), c.at.to_rfc3339(), c.text.clone()))
        .collect();
    assert_eq!(
        got,
        [
            (
                "Ana Lima".to_string(),
                "2024-01-02T08:00:00+00:00".to_string(),
                "First sketches are attached.".to_string()
            ),
            (
                "Ben Okafor".to_string(),
                "2024-01-03T16:20:00+00:00".to_string(),
                "Variant B looks better on phones.".to_string()
            ),
        ]
    );
    assert_eq!(r.summary.comments, 2);
    assert!(card(p, "Set up the CMS").comments.is_empty());
    // A commenter already in the directory is reused, not added again.
    let ana = docket::domain::Person::new(&mut env(), "ana lima", "", "").unwrap();
    let again = import_trello(
        &fixture("rich-board.json"),
        &mut env(),
        std::slice::from_ref(&ana),
    )
    .unwrap();
    let hero = card(&again.project, "Design the hero banner");
    assert_eq!(hero.comments[0].author.as_ref(), Some(&ana.id));
    assert!(!again.people.iter().any(|x| x.name == "Ana Lima"));
}

#[test]
fn rich_board_due_dates_are_utc_calendar_days() {
    let r = import(&fixture("rich-board.json"));
    let p = &r.project;
    let d = |y, m, dd| NaiveDate::from_ymd_opt(y, m, dd);
    assert_eq!(card(p, "Design the hero banner").due, d(2024, 3, 15));
    // 02:00 at +05:00 is the evening before in UTC.
    assert_eq!(card(p, "Renew the domain").due, d(2024, 2, 9));
    assert_eq!(card(p, "Write the landing page copy").due, None);
    assert_eq!(card(p, "Set up the CMS").start, d(2024, 2, 20));
    assert_eq!(card(p, "Set up the CMS").due, d(2024, 3, 1));
}

#[test]
fn rich_board_summary_lists_what_stays_in_trello() {
    let r = import(&fixture("rich-board.json"));
    assert_eq!(
        r.summary.not_imported,
        [
            "1 card marked complete in Trello but not in “Done”: it stays in its list",
            "1 attachment (files stay in Trello)",
            "1 custom field",
            "power-ups: Calendar",
            "data saved by 1 power-up (it stays in Trello)",
            "1 empty checklist item",
        ]
    );
    // Every entity went through the domain: ids, timestamps, order invariants.
    let p = &r.project;
    assert!(p.cards.iter().all(|c| c.created == env().now));
    let mut ids: Vec<&Id> = p.cards.iter().map(|c| &c.id).collect();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), p.cards.len());
    assert_eq!(p.moves.len(), p.cards.len());
}

// ---- sparse exports ----

#[test]
fn missing_fields_import_what_they_can() {
    let r = import(&fixture("missing-fields.json"));
    let p = &r.project;
    assert_eq!(p.name, "Minimal export");
    assert_eq!(
        column_names(p),
        ["Backlog", "Doing", "Untitled list", FALLBACK_COLUMN]
    );
    // Without pos, cards keep their order in the file.
    assert_eq!(
        titles(p, "Backlog"),
        ["Only a name", "No id", "Null fields"]
    );
    assert_eq!(titles(p, "Doing"), ["Second"]);
    assert_eq!(titles(p, FALLBACK_COLUMN), ["No list"]);
    assert_eq!(p.done_column_id(), Some(&column_id(p, "Untitled list")));
    assert_eq!(r.summary.cards, 5);
    assert!(p.cards.iter().all(|c| c.description.is_empty()
        && c.due.is_none()
        && c.labels.is_empty()
        && !c.archived));
    assert_eq!(
        r.summary.not_imported,
        ["1 card was not in any list of the file: put in “Cards from Trello”"]
    );
}

#[test]
fn cards_without_lists_and_lists_without_cards_import() {
    let r = import(r#"{"cards": [{"name": "Lonely"}]}"#);
    assert_eq!(column_names(&r.project), [FALLBACK_COLUMN]);
    assert_eq!(titles(&r.project, FALLBACK_COLUMN), ["Lonely"]);
    assert_eq!(r.project.name, "Trello board");
    let r = import(r#"{"name": "  ", "lists": [{"id": "a", "name": "Ideas"}]}"#);
    assert_eq!(column_names(&r.project), ["Ideas"]);
    assert_eq!(r.project.name, "Trello board");
}

#[test]
fn long_titles_and_texts_are_shortened_with_a_note() {
    let long_title = "t".repeat(250);
    let long_desc = "d".repeat(25_000);
    let json = json!({
        "name": "b".repeat(300),
        "lists": [{"id": "l", "name": "L"}],
        "cards": [{"idList": "l", "name": long_title, "desc": long_desc}],
    })
    .to_string();
    let r = import(&json);
    let c = &r.project.cards[0];
    assert_eq!(c.title.chars().count(), 200);
    assert!(c.title.ends_with('…'));
    assert_eq!(c.description.chars().count(), 20_000);
    assert!(c.description.ends_with('…'));
    assert_eq!(r.project.name.chars().count(), 200);
    assert_eq!(
        r.summary.not_imported,
        [
            "2 names longer than 200 characters shortened",
            "1 description longer than 20,000 characters shortened",
        ]
    );
}

#[test]
fn trello_colours_map_onto_the_palette() {
    let colours = [
        ("green", "Green"),
        ("yellow", "Amber"),
        ("orange", "Amber"),
        ("red", "Red"),
        ("purple", "Purple"),
        ("blue", "Blue"),
        ("sky", "Teal"),
        ("lime", "Green"),
        ("pink", "Pink"),
        ("black", "Grey"),
        ("green_dark", "Green"),
        ("mauve", "Grey"),
    ];
    let labels: Vec<Value> = colours
        .iter()
        .enumerate()
        .map(|(i, (c, _))| json!({"id": format!("l{i}"), "name": format!("L{i}"), "color": c}))
        .chain([json!({"id": "nul", "name": "", "color": null})])
        .collect();
    let json = json!({
        "lists": [],
        "labels": labels,
        "cards": [{"name": "x", "idLabels": ["nul"]}],
    })
    .to_string();
    let r = import(&json);
    for (i, (_, docket)) in colours.iter().enumerate() {
        assert_eq!(r.project.labels[i].color, hex(docket), "{}", colours[i].0);
    }
    let last = r.project.labels.last().unwrap();
    assert_eq!(
        (last.name.as_str(), last.color.as_str()),
        ("No colour", hex("Grey"))
    );
}

// ---- hostile input ----

#[test]
fn hostile_inputs_are_refused_without_panic() {
    for bad in [
        "",
        "   ",
        "nul",
        "[]",
        "42",
        "\"text\"",
        "null",
        "{}",
        r#"{"lists": null, "cards": null}"#,
        r#"{"lists": 5}"#,
        r#"{"cards": "many"}"#,
        r#"{"lists": [], "cards": [{"name": "x"}"#,
        "{\"lists\": [\u{0}]}",
    ] {
        let e = refused(bad);
        assert!(e.iter().all(|s| !s.trim().is_empty()), "{bad:?}: {e:?}");
    }
    assert_eq!(
        refused(r#"{"lists": 5}"#),
        ["lists: expected a list, found a number."]
    );
    assert_eq!(
        refused("{}"),
        ["This is not a Trello board export: it has no “lists” and no “cards”."]
    );
    assert!(refused("[]")[0].contains("expected an object"));
    assert!(refused("nul")[0].contains("not valid JSON"));
}

#[test]
fn deeply_nested_arrays_are_refused() {
    let depth = 10_000;
    let deep = format!("{}{}", "[".repeat(depth), "]".repeat(depth));
    refused(&deep);
    let inside = format!(
        r#"{{"lists": [], "cards": [{{"name": "x", "desc": {}{}}}]}}"#,
        "[".repeat(depth),
        "]".repeat(depth)
    );
    refused(&inside);
}

#[test]
fn wrong_types_name_their_json_path() {
    let e = refused(
        r#"{"lists": [{"id": "l", "name": "L"}, 7],
            "cards": [{}, {}, {}, {"name": 42, "idList": "l", "closed": "yes",
                       "due": "soon", "idLabels": [1.5, true], "pos": "first"}]}"#,
    );
    assert_eq!(
        e,
        [
            "lists[1]: expected an object, found a number.",
            "cards[3].name: expected text, found a number.",
            "cards[3].due: expected a date such as 2024-01-31T12:00:00.000Z, found “soon”.",
            "cards[3].closed: expected true or false, found text.",
            "cards[3].pos: expected a number, found the text “first”.",
            "cards[3].idLabels[1]: expected text, found true or false.",
        ]
    );
}

#[test]
fn a_card_name_that_is_a_number_is_refused() {
    assert_eq!(
        refused(r#"{"lists": [], "cards": [{"name": 42}]}"#),
        ["cards[0].name: expected text, found a number."]
    );
}

#[test]
fn many_problems_are_capped() {
    let cards: Vec<Value> = (0..50).map(|i| json!({"name": i})).collect();
    let e = refused(&json!({"cards": cards}).to_string());
    assert_eq!(e.len(), 21);
    assert_eq!(e[20], "…and 30 more problems.");
}

// ---- never panics ----

fn key() -> impl Strategy<Value = String> {
    prop_oneof![
        prop::sample::select(vec![
            "lists",
            "cards",
            "labels",
            "members",
            "checklists",
            "checkItems",
            "actions",
            "name",
            "desc",
            "id",
            "idList",
            "idCard",
            "idLabels",
            "idMembers",
            "pos",
            "closed",
            "due",
            "start",
            "dueComplete",
            "state",
            "color",
            "fullName",
            "username",
            "type",
            "data",
            "card",
            "text",
            "date",
            "memberCreator",
            "attachments",
            "badges",
            "customFields",
            "pluginData",
            "boardPlugins",
            "powerUps",
        ])
        .prop_map(String::from),
        "[a-z]{0,3}",
    ]
}

fn leaf() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(|n| json!(n)),
        any::<f64>().prop_map(|f| json!(f)),
        prop::sample::select(vec![
            "a",
            "b",
            "c",
            "",
            "complete",
            "incomplete",
            "commentCard",
            "2024-01-02T03:04:05.000Z",
            "2024-13-45",
            "top",
            "65535",
            "green",
            "sky_dark",
            "Done",
        ])
        .prop_map(|s| json!(s)),
        ".{0,30}".prop_map(Value::String),
    ]
}

fn value() -> impl Strategy<Value = Value> {
    leaf().prop_recursive(5, 80, 8, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::vec((key(), inner), 0..8)
                .prop_map(|kv| Value::Object(kv.into_iter().collect())),
        ]
    })
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 256,
        failure_persistence: Some(Box::new(proptest::test_runner::FileFailurePersistence::Direct(
            concat!(env!("CARGO_MANIFEST_DIR"), "/tests/trello.proptest-regressions")
        ))),
        ..ProptestConfig::default()
    })]

    #[test]
    fn arbitrary_strings_never_panic(s in ".{0,200}") {
        let _ = import_trello(&s, &mut env(), &[]);
    }

    #[test]
    fn arbitrary_json_never_panics(v in value()) {
        let _ = import_trello(&v.to_string(), &mut env(), &[]);
    }

    #[test]
    fn arbitrary_boards_never_panic(
        lists in prop::collection::vec(value(), 0..5),
        cards in prop::collection::vec(value(), 0..8),
        rest in prop::collection::vec((key(), value()), 0..6),
    ) {
        let mut root: serde_json::Map<String, Value> = rest.into_iter().collect();
        root.insert("lists".into(), Value::Array(lists));
        root.insert("cards".into(), Value::Array(cards));
        let _ = import_trello(&Value::Object(root).to_string(), &mut env(), &[]);
    }

    /// Well-formed boards with awkward content (blank, long, padded names; unknown or
    /// archived lists; dates with or without a time) are always accepted, and what is accepted
    /// satisfies the domain's rules: every card is kept, titled, and sits in a column.
    #[test]
    fn well_formed_boards_are_accepted_and_keep_the_domains_rules(
        lists in prop::collection::vec((name(), any::<bool>(), 0u32..100_000), 0..5),
        cards in prop::collection::vec(
            (0usize..6, name(), any::<bool>(), prop::option::of(date()), ".{0,40}"),
            0..12,
        ),
    ) {
        let lists_json: Vec<Value> = lists
            .iter()
            .enumerate()
            .map(|(i, (n, closed, pos))| json!({"id": format!("l{i}"), "name": n, "closed": closed, "pos": pos}))
            .collect();
        let cards_json: Vec<Value> = cards
            .iter()
            .enumerate()
            .map(|(i, (l, n, closed, due, desc))| {
                json!({"id": format!("c{i}"), "idList": format!("l{l}"), "name": n,
                       "closed": closed, "due": due, "desc": desc})
            })
            .collect();
        let root = json!({"name": "Board", "lists": lists_json, "cards": cards_json});
        let r = import_trello(&root.to_string(), &mut env(), &[]);
        prop_assert!(r.is_ok(), "refused: {:?}", r.err());
        let r = r.unwrap();
        let p = r.project;
        prop_assert_eq!(p.columns.len(), r.summary.columns);
        prop_assert_eq!(p.cards.len(), r.summary.cards);
        prop_assert_eq!(p.cards.len(), cards.len(), "every card is kept");
        prop_assert!(p.cards.iter().all(|c| !c.title.trim().is_empty()
            && c.title.chars().count() <= 200));
        prop_assert!(p.cards.iter().all(|c| p.column(&c.column).is_some()));
    }
}

fn name() -> impl Strategy<Value = String> {
    prop_oneof![
        Just(String::new()),
        Just("   ".to_string()),
        "[a-zA-Z ]{1,20}",
        ".{0,30}",
        "x{190,260}",
    ]
}

fn date() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("2024-01-02T03:04:05.000Z".to_string()),
        Just("2024-02-29T23:59:59.999Z".to_string()),
        "20[0-9]{2}-0[1-9]-[0-2][1-8]",
    ]
}

#[test]
fn a_large_board_imports_in_order() {
    // Positions in reverse file order, half of them as text.
    let n = 3000;
    let cards: Vec<Value> = (0..n)
        .map(|i| {
            let pos = (n - i) * 1000;
            let pos = if i % 2 == 0 {
                json!(pos)
            } else {
                json!(pos.to_string())
            };
            json!({"id": format!("c{i}"), "idList": "l", "name": format!("Card {i}"), "pos": pos})
        })
        .collect();
    let json = json!({"lists": [{"id": "l", "name": "All"}], "cards": cards}).to_string();
    let r = import(&json);
    let t = titles(&r.project, "All");
    assert_eq!(t.len(), n);
    assert_eq!(t[0], format!("Card {}", n - 1));
    assert_eq!(t[n - 1], "Card 0");
}

#[test]
fn a_start_after_the_due_date_is_dropped() {
    let r = import(
        r#"{"cards": [{"name": "x", "start": "2024-05-02T00:00:00Z", "due": "2024-05-01"}]}"#,
    );
    let c = &r.project.cards[0];
    assert_eq!(c.start, None);
    assert_eq!(c.due, NaiveDate::from_ymd_opt(2024, 5, 1));
}
