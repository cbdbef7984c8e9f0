//! Who does what, when (issue 20 part 2): a checklist's occurrences assigned to its owner,
//! a rotation (weekly or per occurrence) or its site's lead (`domain::checklist::rota`);
//! one person's day (`my_day`), escalation to the owner, and the browser notices a day
//! calls for (`notice`). Property tests for rotations across months and years.
#![cfg(not(target_arch = "wasm32"))]

use chrono::{Datelike, Duration, NaiveDate, TimeZone, Utc};
use docket::domain::checklist::agenda::{agenda, RunFact};
use docket::domain::checklist::my_day::my_day;
use docket::domain::checklist::notice::{notices, prune};
use docket::domain::checklist::rota::{assignee, weeks_between, Roster};
use docket::domain::checklist::{Assignment, Every, Recurrence, TemplateFields};
use docket::domain::{FixedEnv, Id, Template};
use docket::exchange::merge::merge;
use docket::session::Session;
use docket::storage::MemoryStore;
use proptest::prelude::*;

fn env() -> FixedEnv {
    FixedEnv::new(Utc.with_ymd_and_hms(2026, 3, 2, 9, 0, 0).unwrap(), 20)
}

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

fn people(n: usize) -> Vec<Id> {
    (0..n).map(|i| Id(format!("person{i:08}"))).collect()
}

fn rota(recurrence: Recurrence, starts: NaiveDate, team: &[Id], every: Every) -> Template {
    let mut t = Template::new(&mut env(), "Safety walk", &["Fire exits clear"]).unwrap();
    t.recurrence = recurrence;
    t.starts = Some(starts);
    t.owner = Some(Id("ownerowner00".into()));
    t.assignment = Assignment::Rotation {
        team: team.to_vec(),
        every,
    };
    t
}

fn everyone(_: &Id) -> bool {
    true
}

/// The ISO week that follows (year, week): week 1 of the next year after its last week.
fn next_iso_week(d: NaiveDate) -> (i32, u32) {
    let n = d + Duration::days(7);
    (n.iso_week().year(), n.iso_week().week())
}

#[test]
fn a_weekly_rotation_hands_over_on_monday_across_the_new_year() {
    let team = people(3);
    // 2026 has 53 ISO weeks: Monday 28 Dec 2026 is week 53, Monday 4 Jan 2027 is week 1.
    let t = rota(Recurrence::Daily, day(2026, 12, 1), &team, Every::Week);
    let who = |d| assignee(&t, d, &everyone, None).unwrap();
    assert_eq!(
        who(day(2026, 12, 1)),
        team[0],
        "the start's week: the first person"
    );
    assert_eq!(who(day(2026, 12, 6)), team[0], "Sunday still the same week");
    assert_eq!(who(day(2026, 12, 7)), team[1]);
    assert_eq!(who(day(2026, 12, 28)), team[1], "week 53");
    assert_eq!(
        who(day(2027, 1, 3)),
        team[1],
        "Sunday of week 53, in the next year"
    );
    assert_eq!(
        who(day(2027, 1, 4)),
        team[2],
        "week 1 of 2027: the next person"
    );
    assert_eq!(day(2027, 1, 4).iso_week().week(), 1);
    assert_eq!(day(2026, 12, 28).iso_week().week(), 53);
}

#[test]
fn a_per_occurrence_rotation_counts_the_schedules_occurrences() {
    let team = people(2);
    // Monday and Thursday, from Monday 2 March 2026.
    let t = rota(
        Recurrence::Weekly { days: vec![0, 3] },
        day(2026, 3, 2),
        &team,
        Every::Occurrence,
    );
    let who = |d| assignee(&t, d, &everyone, None).unwrap();
    assert_eq!(who(day(2026, 3, 2)), team[0]);
    assert_eq!(who(day(2026, 3, 5)), team[1]);
    assert_eq!(who(day(2026, 3, 9)), team[0]);
    assert_eq!(who(day(2026, 3, 12)), team[1]);
}

#[test]
fn someone_gone_from_the_directory_is_skipped_and_the_others_keep_their_turns() {
    let team = people(3);
    let t = rota(Recurrence::Daily, day(2026, 3, 2), &team, Every::Week);
    let gone = team[1].clone();
    let present = move |p: &Id| *p != gone;
    let who = |d| assignee(&t, d, &present, None);
    assert_eq!(who(day(2026, 3, 2)), Some(team[0].clone()));
    assert_eq!(
        who(day(2026, 3, 9)),
        Some(team[2].clone()),
        "the gone one's week: the next"
    );
    assert_eq!(
        who(day(2026, 3, 16)),
        Some(team[2].clone()),
        "the next one's own week"
    );
    assert_eq!(who(day(2026, 3, 23)), Some(team[0].clone()));
    // Nobody left: the owner.
    let t = rota(Recurrence::Daily, day(2026, 3, 2), &team[..1], Every::Week);
    let nobody = |p: &Id| p.as_str() == "ownerowner00";
    assert_eq!(assignee(&t, day(2026, 3, 2), &nobody, None), t.owner);
}

#[test]
fn owner_and_site_lead_assignments() {
    let mut t = rota(Recurrence::Daily, day(2026, 3, 2), &people(1), Every::Week);
    t.assignment = Assignment::Owner;
    assert_eq!(assignee(&t, day(2026, 5, 1), &everyone, None), t.owner);
    t.assignment = Assignment::Site;
    let lead = Id("leadlead0000".into());
    assert_eq!(
        assignee(&t, day(2026, 5, 1), &everyone, Some(&lead)),
        Some(lead)
    );
    assert_eq!(
        assignee(&t, day(2026, 5, 1), &everyone, None),
        t.owner,
        "a site without a lead: the owner"
    );
    // Until sites are wired, the roster knows no lead.
    let roster = Roster::of(t.owner.iter());
    assert_eq!(roster.assignee(&t, day(2026, 5, 1)), t.owner);
}

#[test]
fn my_day_lists_my_occurrences_and_notices_come_once() {
    let team = people(2);
    let today = day(2026, 3, 10); // a Tuesday of the second week
    let t = rota(Recurrence::Daily, day(2026, 3, 2), &team, Every::Week);
    let roster = Roster::of(team.iter().chain(t.owner.iter()));
    let a = agenda(&[&t], &[], today, 7, &roster);
    assert_eq!(a.today[0].assignee.as_ref(), Some(&team[1]));
    assert_eq!(
        a.overdue[0].assignee.as_ref(),
        Some(&team[1]),
        "Monday the 9th"
    );
    let mine = my_day(&a, &[&t], &[], &team[1]);
    assert_eq!(mine.today.len(), 1);
    assert_eq!(mine.overdue.len(), 1);
    assert_eq!(
        mine.upcoming.iter().map(|d| d.date).collect::<Vec<_>>(),
        (11..=15).map(|d| day(2026, 3, d)).collect::<Vec<_>>(),
        "the rest of the week is mine, the next week is the other person's"
    );
    let theirs = my_day(&a, &[&t], &[], &team[0]);
    assert!(theirs.today.is_empty() && theirs.overdue.is_empty());
    assert_eq!(
        theirs.upcoming.first().map(|d| d.date),
        Some(day(2026, 3, 16))
    );

    let name = |_: &Id| "Safety walk".to_string();
    let first = notices(&mine, &[], name);
    assert_eq!(
        first.iter().map(|n| n.title.as_str()).collect::<Vec<_>>(),
        ["Overdue: Safety walk", "Due today: Safety walk"]
    );
    assert!(first[1].body.contains("10 Mar"), "{}", first[1].body);
    let shown: Vec<String> = first.iter().map(|n| n.key.clone()).collect();
    assert!(notices(&mine, &shown, name).is_empty(), "each notice once");
    // Old keys go; keys that are not keys go.
    let mut kept = shown.clone();
    kept.push("due:x:2025-01-01".into());
    kept.push("nonsense".into());
    assert_eq!(prune(kept, today), shown);
}

#[test]
fn an_escalation_reaches_the_owners_day_until_the_occurrence_is_done_and_merges() {
    let (mut s, _) = Session::open(Ok(MemoryStore::new()), env());
    let owner = s.person_named("Olga Owner").unwrap().value;
    let worker = s.person_named("Wes Worker").unwrap().value;
    let id = s
        .create_template("Safety walk", "Fire exits clear")
        .unwrap()
        .value;
    s.edit_template(&id, |t, env| {
        t.set_fields(
            env,
            TemplateFields {
                owner: Some(owner.clone()),
                recurrence: Recurrence::Daily,
                starts: Some(day(2026, 3, 2)),
                assignment: Assignment::Rotation {
                    team: vec![worker.clone(), worker.clone()],
                    every: Every::Week,
                },
                ..t.fields()
            },
        )
    })
    .unwrap()
    .saved
    .unwrap();
    let t = s.template(&id).unwrap();
    assert_eq!(
        t.assignment,
        Assignment::Rotation {
            team: vec![worker.clone()],
            every: Every::Week
        },
        "each person once"
    );
    let today = day(2026, 3, 4);
    s.set_author(Some(worker.clone()));
    assert!(s.escalate(&id, today, today).is_err(), "only overdue ones");
    s.escalate(&id, day(2026, 3, 3), today)
        .unwrap()
        .saved
        .unwrap();
    assert!(s.escalate(&id, day(2026, 3, 3), today).is_err(), "once");
    let ws = s.workspace().clone();
    let roster = Roster::of(ws.people.iter().map(|p| &p.id));
    let refs: Vec<&Template> = ws.templates.iter().collect();
    let a = agenda(&refs, &[], today, 3, &roster);
    let mine = my_day(&a, &refs, &[], &owner);
    assert_eq!(mine.escalated.len(), 1);
    assert_eq!(mine.escalated[0].escalation.by.as_ref(), Some(&worker));
    assert_eq!(mine.escalated[0].escalation.date, day(2026, 3, 3));
    // The file holds it, and a colleague's copy with another escalation merges both.
    let json = serde_json::to_string(&ws.templates[0]).unwrap();
    assert!(
        json.contains("\"escalations\"") && json.contains("\"rotation\""),
        "{json}"
    );
    let back: Template = serde_json::from_str(&json).unwrap();
    assert_eq!(back, ws.templates[0]);
    let mut other = ws.clone();
    other.templates[0].escalations.clear();
    let mut e2 = env();
    e2.advance(3600);
    other.templates[0]
        .escalate(&mut e2, day(2026, 3, 2), today, None)
        .unwrap();
    let mut before = ws.templates[0].clone();
    before.escalations.clear();
    docket::domain::stamps::restamp(&mut other.templates[0], &before, e2.now);
    let m = merge(&ws, &other);
    assert_eq!(m.templates[0].escalations.len(), 2, "both escalations kept");
    // A file of the checklist alone carries the people it names: its owner, its team, and
    // who escalated.
    let file = docket::exchange::format::export_template(&ws, &id, false, env().now).unwrap();
    let mut names: Vec<&str> = file.people.iter().map(|p| p.name.as_str()).collect();
    names.sort();
    assert_eq!(names, ["Olga Owner", "Wes Worker"]);
    // Done: off the owner's day.
    let run = s.start_run(&id, day(2026, 3, 3)).unwrap().value;
    s.edit_run(&run, |r, t, env| {
        let item = t.items[0].id.clone();
        r.set_checked(env, t, &item, true)?;
        r.complete(env, t, day(2026, 3, 4), None)
    })
    .unwrap()
    .saved
    .unwrap();
    let ws = s.workspace().clone();
    let facts: Vec<RunFact> = ws.runs.iter().map(RunFact::of).collect();
    let refs: Vec<&Template> = ws.templates.iter().collect();
    let a = agenda(&refs, &facts, today, 3, &roster);
    assert!(my_day(&a, &refs, &facts, &owner).escalated.is_empty());
}

#[test]
fn an_old_file_without_assignment_loads_as_owner() {
    let t = Template::new(&mut env(), "Opening", &["Lights"]).unwrap();
    let json = serde_json::to_string(&t).unwrap();
    assert!(!json.contains("assignment") && !json.contains("escalations"));
    let back: Template = serde_json::from_str(&json).unwrap();
    assert_eq!(back.assignment, Assignment::Owner);
    let bad = json.replacen('{', r#"{"assignment":{"to":"nobody"},"#, 1);
    assert!(serde_json::from_str::<Template>(&bad).is_err());
}

proptest! {
    /// Consecutive ISO weeks cycle through the team in order, every day of a week has one
    /// person, and a year's end neither skips nor repeats anyone.
    #[test]
    fn weekly_rotation_cycles_week_by_week_across_years(
        start_off in 0i64..3000,
        off in 0i64..2000,
        n in 1usize..7,
    ) {
        let team = people(n);
        let start = day(2020, 1, 1) + Duration::days(start_off);
        let t = rota(Recurrence::Daily, start, &team, Every::Week);
        let d = start + Duration::days(off);
        let who = |d| assignee(&t, d, &everyone, None).unwrap();
        let monday = d - Duration::days(i64::from(d.weekday().num_days_from_monday()));
        // Same week, same person (the days of this week on or after the start).
        for k in 0..7 {
            let e = monday + Duration::days(k);
            if e >= start {
                prop_assert_eq!(who(e), who(d));
            }
        }
        // The next ISO week (week 1 after 52 or 53) is the next person in the team.
        let i = team.iter().position(|p| *p == who(d)).unwrap();
        let next = d + Duration::days(7);
        prop_assert_eq!(who(next), team[(i + 1) % n].clone());
        let (y, w) = next_iso_week(d);
        prop_assert_eq!((next.iso_week().year(), next.iso_week().week()), (y, w));
        // The person is the week count from the start, modulo the team.
        let weeks = weeks_between(start, d);
        prop_assert_eq!(who(d), team[(weeks as usize) % n].clone());
        prop_assert!(weeks >= 0 && weeks <= off / 7 + 1);
    }

    /// The n-th occurrence of any schedule goes to team[n % len], whatever the months and
    /// years in between (checked against the occurrences listed one by one).
    #[test]
    fn per_occurrence_rotation_follows_the_schedules_order(
        kind in 0u8..4,
        days in proptest::collection::vec(0u8..7, 1..4),
        month_day in 1u8..32,
        every in 1u32..20,
        start_off in 0i64..2000,
        span in 1i64..500,
        n in 1usize..6,
    ) {
        let recurrence = match kind {
            0 => Recurrence::Daily,
            1 => Recurrence::Weekly { days },
            2 => Recurrence::Monthly { day: month_day },
            _ => Recurrence::Days { n: every },
        }
        .checked()
        .unwrap();
        let team = people(n);
        let start = day(2021, 1, 1) + Duration::days(start_off);
        let t = rota(recurrence.clone(), start, &team, Every::Occurrence);
        let all = recurrence.occurrences(start, start, start + Duration::days(span));
        for (k, d) in all.iter().enumerate() {
            prop_assert_eq!(recurrence.index_of(start, *d), k as u64);
            prop_assert_eq!(
                assignee(&t, *d, &everyone, None).unwrap(),
                team[k % n].clone()
            );
        }
    }
}
