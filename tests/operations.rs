//! Native tests of the operations side: recurrence (property tests over calendar dates),
//! versions, runs with answers, completion and failure arithmetic, the Today agenda,
//! analytics and the CSV export.
#![cfg(not(target_arch = "wasm32"))]

use chrono::{Datelike, Duration, NaiveDate, TimeZone, Utc};
use docket::domain::checklist::agenda::{agenda, RunFact};
use docket::domain::checklist::analytics::{overview, template_stats};
use docket::domain::checklist::recurrence::last_day_of_month;
use docket::domain::checklist::{csv, AnswerKind, Change, Check, ItemFields, Recurrence, Value};
use docket::domain::{FixedEnv, Run, Template};
use proptest::prelude::*;

fn env() -> FixedEnv {
    FixedEnv::new(Utc.with_ymd_and_hms(2026, 3, 2, 9, 0, 0).unwrap(), 11)
}

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn date() -> impl Strategy<Value = NaiveDate> {
    (0i64..3650).prop_map(|n| d(2020, 1, 1) + Duration::days(n))
}

proptest! {
    #[test]
    fn monthly_runs_once_a_month_on_day_n_or_the_last_day(start in date(), day in 1u8..=31, months in 1u32..30) {
        let r = Recurrence::Monthly { day };
        let from = start;
        let to = start + Duration::days(i64::from(months) * 31);
        let occ = r.occurrences(start, from, to);
        for o in &occ {
            let last = last_day_of_month(o.year(), o.month());
            prop_assert_eq!(o.day(), u32::from(day).min(last));
        }
        // Exactly one per whole calendar month inside the range.
        let mut m = d(from.year(), from.month(), 1);
        loop {
            let last = d(m.year(), m.month(), last_day_of_month(m.year(), m.month()));
            if m > from && last < to {
                prop_assert_eq!(occ.iter().filter(|o| o.year() == m.year() && o.month() == m.month()).count(), 1);
            }
            m = last + Duration::days(1);
            if m > to { break; }
        }
    }

    #[test]
    fn weekly_runs_exactly_on_the_chosen_weekdays(start in date(), mask in 1u8..128, span in 1i64..120) {
        let days: Vec<u8> = (0..7).filter(|i| mask & (1 << i) != 0).collect();
        let r = Recurrence::Weekly { days: days.clone() }.checked().unwrap();
        let occ = r.occurrences(start, start, start + Duration::days(span));
        for n in 0..=span {
            let day = start + Duration::days(n);
            let wd = day.weekday().num_days_from_monday() as u8;
            prop_assert_eq!(occ.contains(&day), days.contains(&wd));
        }
    }

    #[test]
    fn every_n_days_counts_from_the_start(start in date(), n in 1u32..60, span in 0i64..400) {
        let r = Recurrence::Days { n };
        let occ = r.occurrences(start, start, start + Duration::days(span));
        prop_assert_eq!(occ.len() as i64, span / i64::from(n) + 1);
        for w in occ.windows(2) {
            prop_assert_eq!((w[1] - w[0]).num_days(), i64::from(n));
        }
        prop_assert_eq!(occ[0], start);
    }

    #[test]
    fn latest_and_last_n_agree_with_occurrences(start in date(), pick in 0usize..4, n in 1usize..12, span in 0i64..200) {
        let r = [Recurrence::Daily, Recurrence::Weekly { days: vec![0, 3] }, Recurrence::Monthly { day: 31 }, Recurrence::Days { n: 9 }][pick].clone();
        let end = start + Duration::days(span);
        let all = r.occurrences(start, start, end);
        prop_assert_eq!(r.latest_on_or_before(start, end), all.last().copied());
        let tail: Vec<NaiveDate> = all[all.len().saturating_sub(n)..].to_vec();
        prop_assert_eq!(r.last_n(start, end, n), tail);
    }
}

#[test]
fn month_ends_and_leap_years() {
    let r = Recurrence::Monthly { day: 31 };
    let s = d(2024, 1, 1);
    let occ = r.occurrences(s, s, d(2024, 12, 31));
    assert_eq!(occ.len(), 12);
    assert!(
        occ.contains(&d(2024, 2, 29)),
        "leap February ends on the 29th"
    );
    assert!(occ.contains(&d(2024, 4, 30)));
    let occ = Recurrence::Monthly { day: 29 }.occurrences(s, d(2025, 2, 1), d(2025, 3, 31));
    assert_eq!(occ, vec![d(2025, 2, 28), d(2025, 3, 29)]);
    assert!(Recurrence::Monthly { day: 0 }.checked().is_err());
    assert!(Recurrence::Weekly { days: vec![] }.checked().is_err());
    assert!(Recurrence::Days { n: 0 }.checked().is_err());
    assert!(
        !Recurrence::Daily.occurs_on(d(2026, 3, 2), d(2026, 3, 1)),
        "nothing before the start"
    );
    assert_eq!(
        Recurrence::Weekly { days: vec![0, 3] }.describe(),
        "Weekly on Monday and Thursday"
    );
}

/// A template with a checkbox, a pass/fail, a number with range and a text item.
fn audit(env: &mut FixedEnv) -> Template {
    let mut t = Template::new(env, "Fridge check", &[]).unwrap();
    let sec = t.add_section(env, "Cold store").unwrap();
    for (text, answer, required) in [
        ("Door seals clean", AnswerKind::Done, true),
        ("Alarm works", AnswerKind::PassFail, true),
        (
            "Temperature",
            AnswerKind::Number {
                unit: "°C".into(),
                min: Some(0.0),
                max: Some(5.0),
            },
            true,
        ),
        ("Remarks", AnswerKind::Text, false),
    ] {
        t.add_item_with(
            env,
            ItemFields {
                text: text.into(),
                answer,
                required,
                section: Some(sec.clone()),
                ..Default::default()
            },
        )
        .unwrap();
    }
    t
}

#[test]
fn runs_answer_items_and_count_failures() {
    let mut env = env();
    let t = audit(&mut env);
    let ids: Vec<_> = t.items.iter().map(|i| i.id.clone()).collect();
    let mut run = Run::start(&mut env, &t, d(2026, 3, 2)).unwrap();
    // Wrong kinds and bad numbers are refused.
    assert!(run
        .set_value(&mut env, &t, &ids[1], Some(Value::Number(3.0)))
        .is_err());
    assert!(run
        .set_value(&mut env, &t, &ids[2], Some(Value::Number(f64::NAN)))
        .is_err());
    run.set_value(&mut env, &t, &ids[0], Some(Value::Done))
        .unwrap();
    run.set_value(&mut env, &t, &ids[1], Some(Value::Check(Check::Fail)))
        .unwrap();
    // Completion needs every required item.
    let err = run
        .complete(&mut env, &t, d(2026, 3, 2), Some("Ana"))
        .unwrap_err()
        .to_string();
    assert!(err.contains("Temperature"), "{err}");
    assert!(
        !err.contains("Remarks"),
        "optional items are not required: {err}"
    );
    run.set_value(&mut env, &t, &ids[2], Some(Value::Number(7.5)))
        .unwrap();
    run.set_note(&mut env, &t, &ids[2], "Compressor noisy")
        .unwrap();
    let failures: Vec<&str> = run
        .failures(&t)
        .iter()
        .map(|(i, _)| i.text.as_str())
        .collect();
    assert_eq!(
        failures,
        ["Alarm works", "Temperature"],
        "a Fail and an out-of-range number"
    );
    run.set_value(&mut env, &t, &ids[2], Some(Value::Number(5.0)))
        .unwrap();
    assert_eq!(run.failures(&t).len(), 1, "the range is inclusive");
    assert_eq!(run.answer(&ids[2]).unwrap().note, "Compressor noisy");
    run.complete(&mut env, &t, d(2026, 3, 2), Some("Ana"))
        .unwrap();
    assert!(run.on_time());
    assert_eq!(run.signoff.as_ref().unwrap().name, "Ana");
    // A completed run is read-only.
    assert!(run.set_value(&mut env, &t, &ids[0], None).is_err());
    assert!(run.set_note(&mut env, &t, &ids[0], "x").is_err());
}

#[test]
fn changing_a_used_template_makes_a_new_version_and_old_runs_keep_theirs() {
    let mut env = env();
    let mut t = audit(&mut env);
    // Unused: edits stay in version 1.
    let first = t.items[0].id.clone();
    t.revise(&mut env, false, |t, env| {
        t.edit_item(env, &first, "Door seals clean and dry")
    })
    .unwrap();
    assert_eq!(t.version, 1);
    let run = Run::start(&mut env, &t, d(2026, 3, 2)).unwrap();
    assert_eq!(run.version, 1);
    // Used: a change that alters nothing keeps the version; a real one makes version 2.
    t.revise(&mut env, true, |t, env| {
        t.edit_item(env, &first, "Door seals clean and dry")
    })
    .unwrap();
    assert_eq!(t.version, 1);
    let added = t
        .revise(&mut env, true, |t, env| t.add_item(env, "Light on"))
        .unwrap();
    assert_eq!(t.version, 2);
    t.revise(&mut env, false, |t, env| t.delete_item(env, &first))
        .unwrap();
    assert_eq!(
        t.version, 2,
        "version 2 has no runs yet, so it is still being edited"
    );
    assert_eq!(
        run.items(&t).len(),
        4,
        "the old run still shows the 4 items it was run against"
    );
    assert!(run.items(&t).iter().any(|i| i.id == first));
    let new_run = Run::start(&mut env, &t, d(2026, 3, 3)).unwrap();
    assert_eq!(new_run.version, 2);
    assert!(new_run.items(&t).iter().any(|i| i.id == added));
    let changes = t.changes_in(2);
    assert!(
        changes.contains(&Change::Added("Light on".into())),
        "{changes:?}"
    );
    assert!(
        changes.contains(&Change::Removed("Door seals clean and dry".into())),
        "{changes:?}"
    );
    // Round trip through JSON keeps the versions.
    let back: Template = serde_json::from_str(&serde_json::to_string(&t).unwrap()).unwrap();
    assert_eq!(back, t);
}

#[test]
fn old_files_ticked_items_become_answers() {
    let mut env = env();
    let t = Template::new(&mut env, "Opening", &["Lights", "Alarm"]).unwrap();
    let json = format!(
        r#"{{"id":"{}","created":"2026-03-02T09:00:00Z","updated":"2026-03-02T09:00:00Z","template":"{}","date":"2026-03-02","checked":["{}"]}}"#,
        "0000000000000000000R", t.id, t.items[1].id
    );
    let mut run: Run = serde_json::from_str(&json).unwrap();
    run.normalise();
    assert!(run.is_checked(&t.items[1].id));
    assert_eq!(run.version, 1);
    assert!(!serde_json::to_string(&run).unwrap().contains("checked"));
}

fn scheduled(env: &mut FixedEnv, name: &str, r: Recurrence, start: NaiveDate) -> Template {
    let mut t = audit(env);
    let mut f = t.fields();
    f.name = name.into();
    f.recurrence = r;
    f.starts = Some(start);
    t.set_fields(env, f).unwrap();
    t
}

fn done_run(env: &mut FixedEnv, t: &Template, day: NaiveDate, on: NaiveDate, fail: bool) -> Run {
    let mut r = Run::start(env, t, day).unwrap();
    let ids: Vec<_> = t.items.iter().map(|i| i.id.clone()).collect();
    r.set_value(env, t, &ids[0], Some(Value::Done)).unwrap();
    r.set_value(
        env,
        t,
        &ids[1],
        Some(Value::Check(if fail { Check::Fail } else { Check::Pass })),
    )
    .unwrap();
    r.set_value(env, t, &ids[2], Some(Value::Number(3.0)))
        .unwrap();
    r.complete(env, t, on, None).unwrap();
    r
}

#[test]
fn today_agenda_lists_due_overdue_upcoming_and_unfinished() {
    let mut env = env();
    let today = d(2026, 3, 4); // a Wednesday
    let daily = scheduled(&mut env, "Daily", Recurrence::Daily, d(2026, 3, 1));
    let weekly = scheduled(
        &mut env,
        "Mondays",
        Recurrence::Weekly { days: vec![0] },
        d(2026, 1, 1),
    );
    let adhoc = audit(&mut env);
    let yesterday = done_run(&mut env, &daily, d(2026, 3, 3), d(2026, 3, 3), false);
    let half = Run::start(&mut env, &daily, today).unwrap();
    let loose = Run::start(&mut env, &adhoc, d(2026, 2, 20)).unwrap();
    let facts: Vec<RunFact> = [&yesterday, &half, &loose]
        .iter()
        .map(|r| RunFact::of(r))
        .collect();
    let a = agenda(
        &[&daily, &weekly, &adhoc],
        &facts,
        today,
        7,
        &Default::default(),
    );
    assert_eq!(a.today.len(), 1);
    assert_eq!(
        a.today[0].run.as_ref(),
        Some(&half.id),
        "today's run was started: resume it"
    );
    assert_eq!(
        a.overdue.len(),
        1,
        "yesterday's daily was done; Monday's weekly was not"
    );
    assert_eq!(
        (a.overdue[0].template.clone(), a.overdue[0].date),
        (weekly.id.clone(), d(2026, 3, 2))
    );
    let dates_of = |t: &Template| -> Vec<Vec<NaiveDate>> {
        a.upcoming
            .iter()
            .filter(|x| x.template == t.id)
            .map(|x| x.dates.clone())
            .collect()
    };
    assert_eq!(
        dates_of(&daily),
        vec![(5..=11).map(|n| d(2026, 3, n)).collect::<Vec<_>>()],
        "a daily checklist is listed once, with its next seven dates"
    );
    assert_eq!(dates_of(&weekly), vec![vec![d(2026, 3, 9)]]);
    assert_eq!(
        a.upcoming[0].template, daily.id,
        "repeats are ordered by their next date"
    );
    assert_eq!(a.unfinished, vec![loose.id.clone()]);
    assert!(a.done_today.is_empty());
}

/// Issue 17, friction 9: runs completed or skipped today are listed as done today (whatever
/// day they were for), a skipped occurrence is neither due nor overdue, and an occurrence
/// can be skipped once, with a reason.
#[test]
fn today_lists_done_and_skipped_runs_and_skips_need_a_reason() {
    use docket::domain::Workspace;
    let mut env = env();
    let today = d(2026, 3, 4);
    let mut ws = Workspace::default();
    let daily = scheduled(&mut env, "Daily", Recurrence::Daily, d(2026, 3, 1));
    let weekly = scheduled(
        &mut env,
        "Mondays",
        Recurrence::Weekly { days: vec![0] },
        d(2026, 1, 1),
    );
    ws.templates.push(daily.clone());
    ws.templates.push(weekly.clone());
    // Yesterday's daily completed late, today.
    let late = done_run(&mut env, &daily, d(2026, 3, 3), today, false);
    ws.runs.push(late.clone());
    assert!(
        ws.skip_occurrence(&mut env, &daily.id, today, "  ", today)
            .is_err(),
        "a skip needs a reason"
    );
    let skipped = ws
        .skip_occurrence(
            &mut env,
            &daily.id,
            today,
            "Site closed for the holiday",
            today,
        )
        .unwrap();
    assert!(
        ws.skip_occurrence(&mut env, &daily.id, today, "again", today)
            .is_err(),
        "one skip per occurrence"
    );
    assert!(
        ws.skip_occurrence(&mut env, &daily.id, d(2026, 3, 3), "done", today)
            .is_err(),
        "a completed occurrence can't be skipped"
    );
    // Monday's weekly was started, then excused: the started run is the one skipped.
    let started = ws.start_run(&mut env, &weekly.id, d(2026, 3, 2)).unwrap();
    let excused = ws
        .skip_occurrence(&mut env, &weekly.id, d(2026, 3, 2), "Inspector ill", today)
        .unwrap();
    assert_eq!(excused, started);
    let r = ws.runs.iter().find(|r| r.id == excused).unwrap();
    assert_eq!(r.skipped.as_ref().unwrap().reason, "Inspector ill");
    assert!(r.is_closed() && !r.is_complete());
    let mut r = r.clone();
    assert!(
        r.set_by(&mut env, None).is_err(),
        "a skipped run is read-only"
    );
    let facts: Vec<RunFact> = ws.runs.iter().map(RunFact::of).collect();
    let refs: Vec<&Template> = ws.templates.iter().collect();
    let a = agenda(&refs, &facts, today, 7, &Default::default());
    assert!(a.today.is_empty(), "today's daily was skipped");
    assert!(
        a.overdue.is_empty(),
        "yesterday's was done, Monday's excused"
    );
    assert!(a.unfinished.is_empty());
    assert_eq!(
        a.done_today,
        vec![excused, late.id.clone(), skipped],
        "done or skipped today, whatever day they were for"
    );
}

/// Issue 17, friction 9: skipped or excused occurrences count neither as missed nor as
/// completed.
#[test]
fn analytics_count_skipped_occurrences_apart() {
    use docket::domain::Workspace;
    let mut env = env();
    let today = d(2026, 3, 10);
    let mut ws = Workspace::default();
    let t = scheduled(&mut env, "Daily", Recurrence::Daily, d(2026, 3, 1));
    ws.templates.push(t.clone());
    // Days 1..=9 due: 5 done, 2 skipped (one of them also done later: it counts done), 2 missed.
    for day in [1, 2, 3, 4, 5] {
        ws.runs.push(done_run(
            &mut env,
            &t,
            d(2026, 3, day),
            d(2026, 3, day),
            false,
        ));
    }
    ws.skip_occurrence(&mut env, &t.id, d(2026, 3, 6), "Closed", today)
        .unwrap();
    ws.skip_occurrence(&mut env, &t.id, d(2026, 3, 7), "Closed", today)
        .unwrap();
    ws.runs
        .push(done_run(&mut env, &t, d(2026, 3, 5), d(2026, 3, 5), false));
    let runs: Vec<&Run> = ws.runs.iter().collect();
    let s = template_stats(&t, &runs, today, 30);
    assert_eq!((s.due, s.completed, s.skipped, s.missed()), (7, 5, 2, 2));
    assert_eq!(s.completion_pct(), Some(71));
    // Today's occurrence skipped counts in the window at once.
    ws.skip_occurrence(&mut env, &t.id, today, "Closed", today)
        .unwrap();
    let runs: Vec<&Run> = ws.runs.iter().collect();
    let s = template_stats(&t, &runs, today, 30);
    assert_eq!((s.due, s.completed, s.skipped), (7, 5, 3));
}

#[test]
fn analytics_rates_over_the_last_runs() {
    let mut env = env();
    let today = d(2026, 3, 10);
    let t = scheduled(&mut env, "Daily", Recurrence::Daily, d(2026, 3, 1));
    // Days 1..=9 are due (9 occurrences before today); 6 are done, 2 late, 3 with a failure.
    let mut runs = Vec::new();
    for (day, late, fail) in [
        (1, false, true),
        (2, false, false),
        (3, true, false),
        (5, false, true),
        (6, true, true),
        (8, false, false),
    ] {
        let date = d(2026, 3, day);
        let on = if late { date + Duration::days(1) } else { date };
        runs.push(done_run(&mut env, &t, date, on, fail));
    }
    runs.push(Run::start(&mut env, &t, d(2026, 3, 9)).unwrap());
    let refs: Vec<&Run> = runs.iter().collect();
    let s = template_stats(&t, &refs, today, 30);
    assert_eq!((s.due, s.completed), (9, 6));
    assert_eq!(s.completion_pct(), Some(67));
    assert_eq!((s.runs, s.on_time), (6, 4));
    assert_eq!(s.failure_pct(), Some(50));
    assert_eq!(s.items[0].text, "Alarm works");
    assert_eq!((s.items[0].answered, s.items[0].failed), (6, 3));
    assert_eq!(s.trend.iter().map(|w| w.runs).sum::<usize>(), 6);
    // Only the last N runs count.
    let s = template_stats(&t, &refs, today, 2);
    assert_eq!((s.runs, s.due), (2, 2));
    let (lines, failing, late) = overview(&[&t], &refs, today, 30, 5);
    assert_eq!(lines.len(), 1);
    assert_eq!(failing[0].item.failed, 3);
    assert_eq!(late[0].template, t.id);
}

#[test]
fn csv_escapes_and_neutralises_formulas() {
    assert_eq!(csv::field("plain"), "plain");
    assert_eq!(csv::field("a,b"), "\"a,b\"");
    assert_eq!(csv::field("say \"hi\""), "\"say \"\"hi\"\"\"");
    assert_eq!(csv::field("two\nlines"), "\"two\nlines\"");
    assert_eq!(
        csv::field("=HYPERLINK(\"x\")"),
        "\"'=HYPERLINK(\"\"x\"\")\""
    );
    assert_eq!(csv::field("+1+1"), "'+1+1");
    assert_eq!(csv::field("@SUM(A1)"), "'@SUM(A1)");
    assert_eq!(
        csv::field("-4.5"),
        "-4.5",
        "a negative number stays a number"
    );

    let mut env = env();
    let t = audit(&mut env);
    let mut r = done_run(&mut env, &t, d(2026, 3, 2), d(2026, 3, 2), true);
    r.completed = None;
    let id = t.items[3].id.clone();
    r.set_value(
        &mut env,
        &t,
        &id,
        Some(Value::Text("=cmd|' /C calc'!A0, \"quoted\"\nnext".into())),
    )
    .unwrap();
    let out = csv::history(&t, &[&r], &[]);
    assert!(out.starts_with('\u{feff}'));
    let lines: Vec<&str> = out.trim_start_matches('\u{feff}').split("\r\n").collect();
    assert!(lines[0].starts_with("run_id,checklist,version,date"));
    assert!(out.contains("\"'=cmd|' /C calc'!A0, \"\"quoted\"\"\nnext\""));
    assert!(out.contains(",2026-03-02,"), "ISO dates");
    assert!(out.contains(",Alarm works,yes,Pass / fail / N/A,Fail,yes,"));
    assert_eq!(
        out.matches(&r.id.to_string()).count(),
        4,
        "one row per item of the run"
    );
    assert_eq!(csv::file_name(&t), "fridge-check-history.csv");

    // A skipped occurrence's rows end with its reason (issue 17, friction 9).
    let mut skipped = Run::start(&mut env, &t, d(2026, 3, 3)).unwrap();
    skipped
        .skip(&mut env, "Site closed", d(2026, 3, 3))
        .unwrap();
    let out = csv::history(&t, &[&skipped], &[]);
    assert!(out.ends_with(",0,Site closed\r\n"), "{out}");
    assert!(lines[0].ends_with(",corrective_actions,skipped"));
}

#[test]
fn version_history_names_a_changed_range_or_unit_not_the_answer_type() {
    use docket::domain::checklist::diff;
    let mut env = env();
    let t = audit(&mut env);
    let old = t.items.clone();
    let mut new = old.clone();
    new[2].answer = AnswerKind::Number {
        unit: "°C".into(),
        min: Some(1.0),
        max: Some(4.0),
    };
    assert_eq!(
        diff(&old, &new),
        vec![Change::Edited("Temperature".into(), vec!["allowed range"])]
    );
    new[2].answer = AnswerKind::Number {
        unit: "°F".into(),
        min: Some(0.0),
        max: Some(5.0),
    };
    assert_eq!(
        diff(&old, &new),
        vec![Change::Edited("Temperature".into(), vec!["unit"])]
    );
    new[2].answer = AnswerKind::Text;
    assert_eq!(
        diff(&old, &new),
        vec![Change::Edited("Temperature".into(), vec!["answer type"])]
    );
}
