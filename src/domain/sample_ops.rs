//! The operations half of the sample workspace: four checklists a small site really runs
//! (daily opening checks, a weekly safety walk, a monthly inventory count with ranges, a
//! quarterly compliance audit), with a few weeks of history, so the Today view and the
//! analytics have something to show on first load.

// Indexing and arithmetic here are safe: builds the sample workspace from the constants in this file (no stored or imported value reaches it).
#![allow(clippy::indexing_slicing, clippy::arithmetic_side_effects)]

use super::checklist::{AnswerKind, Check, ItemFields, Recurrence, TemplateFields, Value};
use super::{Env, Id, Res, Run, Template, Ts};
use chrono::{Duration, NaiveDate};

/// What one sample item is: text, answer type, required, guidance.
type Spec = (&'static str, AnswerKind, bool, &'static str);

fn num(unit: &str, min: Option<f64>, max: Option<f64>) -> AnswerKind {
    AnswerKind::Number {
        unit: unit.into(),
        min,
        max,
    }
}

/// Builds a template from sections of item specs.
fn template(
    env: &mut dyn Env,
    head: TemplateFields,
    sections: &[(&str, Vec<Spec>)],
) -> Res<Template> {
    let mut t = Template::new(env, &head.name, &[])?;
    t.set_fields(env, head)?;
    for (name, items) in sections {
        let sec = t.add_section(env, name)?;
        for (text, answer, required, guidance) in items {
            t.add_item_with(
                env,
                ItemFields {
                    text: (*text).into(),
                    guidance: (*guidance).into(),
                    required: *required,
                    answer: answer.clone(),
                    section: Some(sec.clone()),
                    ..Default::default()
                },
            )?;
        }
    }
    Ok(t)
}

/// A moment on `day` at `hour` UTC.
fn at(day: NaiveDate, hour: u32) -> Ts {
    day.and_hms_opt(hour, 0, 0).expect("valid hour").and_utc()
}

/// Answers every item of `t` in a run for `day`: `pick` chooses each value by item index
/// (None leaves it unanswered); completes it `late_days` after its day unless `finish` is
/// false. Stamps are set to the run's own day so the history reads true.
#[allow(clippy::too_many_arguments)]
fn run(
    env: &mut dyn Env,
    t: &Template,
    day: NaiveDate,
    by: &Id,
    finish: bool,
    late_days: i64,
    pick: &dyn Fn(usize, &AnswerKind) -> Option<Value>,
    note: Option<(usize, &str)>,
) -> Res<Run> {
    let mut r = Run::start(env, t, day)?;
    r.by = Some(by.clone());
    let items: Vec<(Id, AnswerKind)> = t
        .items
        .iter()
        .map(|i| (i.id.clone(), i.answer.clone()))
        .collect();
    for (n, (id, kind)) in items.iter().enumerate() {
        if let Some(v) = pick(n, kind) {
            r.set_value(env, t, id, Some(v))?;
        }
    }
    if let Some((n, text)) = note {
        r.set_note(env, t, &items[n].0, text)?;
    }
    let done_on = day + Duration::days(late_days);
    if finish {
        r.complete(env, t, done_on, Some("Dev Patel"))?;
        r.completed = Some(at(done_on, 9 + (late_days as u32).min(8)));
        if let Some(s) = r.signoff.as_mut() {
            s.at = r.completed.expect("just set");
        }
    }
    r.created = at(day, 7);
    r.updated = r.completed.unwrap_or(r.created);
    Ok(r)
}

/// A good answer for an item of this kind (within range, a pass, ticked).
fn good(kind: &AnswerKind, seed: usize) -> Option<Value> {
    Some(match kind {
        AnswerKind::Done => Value::Done,
        AnswerKind::PassFail => Value::Check(Check::Pass),
        AnswerKind::Text => return None,
        AnswerKind::Number { min, max, .. } => {
            let lo = min.unwrap_or(0.0);
            let hi = max.unwrap_or(lo + 10.0);
            let span = (hi - lo).max(1.0);
            Value::Number(((lo + span * ((seed % 7) as f64 + 1.0) / 9.0) * 10.0).round() / 10.0)
        }
    })
}

/// The sample checklists and their runs, around `today`; `people` are the sample people
/// (the site manager, Dev, is the last).
pub fn operations(
    env: &mut dyn Env,
    today: NaiveDate,
    people: &[Id],
) -> Res<(Vec<Template>, Vec<Run>)> {
    use AnswerKind::{Done, PassFail, Text};
    let dev = people.last().cloned().unwrap_or_else(|| env.new_id());
    let ana = people.first().cloned().unwrap_or_else(|| dev.clone());
    let mut runs = Vec::new();

    // Daily opening checks: 6 weeks of history, a change of process 3 weeks ago.
    let mut opening = template(
        env,
        TemplateFields {
            name: "Daily opening checks".into(),
            description: "Before the doors open: the building, safety, stock and cash.".into(),
            area: "Process and quality".into(),
            owner: Some(dev.clone()),
            recurrence: Recurrence::Daily,
            starts: Some(today - Duration::days(42)),
            minutes: Some(20),
            // Ana and Dev open the site in turn, a week each (My day shows each theirs).
            assignment: super::checklist::Assignment::Rotation {
                team: vec![ana.clone(), dev.clone()],
                every: super::checklist::Every::Week,
            },
            ..Default::default()
        },
        &[
            (
                "Arrival",
                vec![
                    ("Disarm the alarm and log the time", Done, true, ""),
                    (
                        "Walk the floor: lights, heating, no leaks",
                        PassFail,
                        true,
                        "Report leaks to facilities at once.",
                    ),
                ],
            ),
            (
                "Safety",
                vec![
                    (
                        "Fire exits unlocked and clear",
                        PassFail,
                        true,
                        "Both rear doors and the side gate.",
                    ),
                    ("First-aid kit sealed and stocked", PassFail, true, ""),
                ],
            ),
            (
                "Stock and cash",
                vec![
                    (
                        "Cold storage temperature",
                        num("°C", Some(0.0), Some(5.0)),
                        true,
                        "Read the probe, not the door display.",
                    ),
                    (
                        "Till float",
                        num("£", Some(145.0), Some(155.0)),
                        true,
                        "Count both tills; the float is £150.",
                    ),
                ],
            ),
        ],
    )?;
    let daily_pick = |day: i64| {
        move |n: usize, k: &AnswerKind| -> Option<Value> {
            match n {
                1 if day % 11 == 4 => Some(Value::Check(Check::Fail)),
                2 if day % 13 == 6 => Some(Value::Check(Check::Fail)),
                4 if day % 6 == 1 => Some(Value::Number(6.5)),
                5 if day % 17 == 3 => Some(Value::Number(138.0)),
                _ => good(k, n + day as usize),
            }
        }
    };
    for days_ago in (22..=42).rev() {
        if days_ago % 9 == 0 {
            continue; // missed
        }
        let late = i64::from(days_ago % 10 == 2);
        runs.push(run(
            env,
            &opening,
            today - Duration::days(days_ago),
            &dev,
            true,
            late,
            &daily_pick(days_ago),
            (days_ago % 6 == 1).then_some((4, "Door seal worn; called the engineer.")),
        )?);
    }
    // Three weeks ago the handover note became part of the checks: version 2.
    opening.revise(env, true, |t, env| {
        let sec = t.add_section(env, "Handover")?;
        t.add_item_with(
            env,
            ItemFields {
                text: "Yesterday's handover notes read".into(),
                required: true,
                section: Some(sec.clone()),
                ..Default::default()
            },
        )?;
        t.add_item_with(
            env,
            ItemFields {
                text: "Anything to tell the next shift".into(),
                answer: Text,
                required: false,
                section: Some(sec),
                ..Default::default()
            },
        )
        .map(|_| ())
    })?;
    if let Some(v) = opening.versions.last_mut() {
        v.replaced = at(today - Duration::days(21), 18);
    }
    for days_ago in (2..=21).rev() {
        if days_ago == 18 {
            // Excused: the site was closed (counted neither as missed nor as completed).
            let day = today - Duration::days(days_ago);
            let mut r = Run::start(env, &opening, day)?;
            r.skip(env, "Site closed for the public holiday", day)?;
            r.created = at(day, 7);
            r.updated = at(day, 7);
            if let Some(s) = r.skipped.as_mut() {
                s.at = r.updated;
            }
            runs.push(r);
            continue;
        }
        if days_ago % 9 == 0 {
            continue;
        }
        let late = i64::from(days_ago % 10 == 2);
        runs.push(run(
            env,
            &opening,
            today - Duration::days(days_ago),
            &dev,
            true,
            late,
            &daily_pick(days_ago),
            (days_ago % 6 == 1).then_some((4, "Door seal worn; called the engineer.")),
        )?);
    }
    // Two days ago was left half-done; yesterday was missed (overdue); today is due.
    if let Some(last) = runs.last_mut() {
        if last.date == today - Duration::days(2) {
            *last = run(
                env,
                &opening,
                last.date,
                &dev,
                false,
                0,
                &|n, k| (n < 3).then(|| good(k, n)).flatten(),
                None,
            )?;
        }
    }

    // Weekly safety walk on Mondays.
    let safety = template(
        env,
        TemplateFields {
            name: "Weekly safety walk".into(),
            description: "Walk every area with the shift lead; record anything that fails.".into(),
            area: "Compliance and safety".into(),
            owner: Some(ana.clone()),
            recurrence: Recurrence::Weekly { days: vec![0] },
            starts: Some(today - Duration::days(70)),
            minutes: Some(45),
            ..Default::default()
        },
        &[
            (
                "Fire",
                vec![
                    (
                        "Extinguishers present, pins and tags intact",
                        PassFail,
                        true,
                        "",
                    ),
                    (
                        "Emergency lighting tested",
                        PassFail,
                        true,
                        "Press the test switch by the main board.",
                    ),
                ],
            ),
            (
                "Access",
                vec![
                    (
                        "Walkways and stairs free of trip hazards",
                        PassFail,
                        true,
                        "",
                    ),
                    ("Ladders and step stools inspected", PassFail, true, ""),
                ],
            ),
            (
                "Equipment",
                vec![
                    (
                        "Chemicals stored and labelled (COSHH sheets on file)",
                        PassFail,
                        true,
                        "",
                    ),
                    ("Electrical leads and plugs undamaged", PassFail, true, ""),
                    ("Near-miss log reviewed with the shift lead", Done, true, ""),
                    ("Observations", Text, false, ""),
                ],
            ),
        ],
    )?;
    let start = safety.start_day();
    for day in safety
        .recurrence
        .occurrences(start, start, today - Duration::days(1))
    {
        let week = (today - day).num_days() / 7;
        let pick = move |n: usize, k: &AnswerKind| match n {
            3 if week % 3 == 1 => Some(Value::Check(Check::Fail)),
            1 if week == 4 => Some(Value::Check(Check::Fail)),
            7 if week % 3 == 1 => Some(Value::Text(
                "Ladder in store B has a cracked rung; taken out of use.".into(),
            )),
            _ => good(k, n),
        };
        let late = i64::from(week % 4 == 2);
        runs.push(run(env, &safety, day, &ana, true, late, &pick, None)?);
    }

    // Monthly inventory count on the last day of the month.
    let inventory = template(
        env,
        TemplateFields {
            name: "Monthly inventory count".into(),
            description: "Count the stock room on the last day of the month; numbers outside the range need reordering or an explanation.".into(),
            area: "Resources, inventory and budget".into(),
            owner: Some(dev.clone()),
            recurrence: Recurrence::Monthly { day: 31 },
            starts: Some(today - Duration::days(160)),
            minutes: Some(90),
            ..Default::default()
        },
        &[
            (
                "Stock room",
                vec![
                    ("Printer paper", num("boxes", Some(5.0), Some(40.0)), true, ""),
                    ("Cleaning supplies", num("litres", Some(10.0), None), true, ""),
                    ("Spare batteries", num("packs", Some(4.0), None), true, ""),
                    ("Coffee", num("kg", Some(2.0), Some(12.0)), true, ""),
                ],
            ),
            (
                "Reconciliation",
                vec![
                    ("Stock value variance", num("%", Some(-2.0), Some(2.0)), true, "Counted value against the ledger."),
                    ("Discrepancies explained", Text, false, ""),
                ],
            ),
        ],
    )?;
    let start = inventory.start_day();
    for (i, day) in inventory
        .recurrence
        .occurrences(start, start, today - Duration::days(1))
        .into_iter()
        .enumerate()
    {
        let pick = move |n: usize, k: &AnswerKind| match n {
            2 if i % 2 == 1 => Some(Value::Number(3.0)),
            4 if i == 2 => Some(Value::Number(-3.4)),
            5 if i == 2 => Some(Value::Text("Two cases of coffee booked twice.".into())),
            _ => good(k, n + i),
        };
        runs.push(run(
            env,
            &inventory,
            day,
            &dev,
            true,
            i64::from(i == 1),
            &pick,
            None,
        )?);
    }

    // Quarterly compliance audit, every 91 days.
    let audit = template(
        env,
        TemplateFields {
            name: "Quarterly compliance audit".into(),
            description: "The site's legal and policy checks, once a quarter.".into(),
            area: "Compliance and safety".into(),
            owner: Some(ana.clone()),
            recurrence: Recurrence::Days { n: 91 },
            starts: Some(today - Duration::days(182) + Duration::days(5)),
            minutes: Some(120),
            ..Default::default()
        },
        &[(
            "Records",
            vec![
                (
                    "Fire risk assessment reviewed this year",
                    PassFail,
                    true,
                    "",
                ),
                (
                    "Staff training records current",
                    PassFail,
                    true,
                    "Fire warden, first aid, manual handling.",
                ),
                ("Data protection register up to date", PassFail, true, ""),
                ("Accident book reviewed and signed", PassFail, true, ""),
                ("Insurance certificates displayed", PassFail, true, ""),
                ("Auditor's summary", Text, false, ""),
            ],
        )],
    )?;
    let start = audit.start_day();
    for (i, day) in audit
        .recurrence
        .occurrences(start, start, today - Duration::days(1))
        .into_iter()
        .enumerate()
    {
        let pick = move |n: usize, k: &AnswerKind| match n {
            1 if i == 0 => Some(Value::Check(Check::Fail)),
            5 => Some(Value::Text(
                "Good overall; training records need chasing.".into(),
            )),
            _ => good(k, n),
        };
        runs.push(run(env, &audit, day, &ana, true, 0, &pick, None)?);
    }

    Ok((vec![opening, safety, inventory, audit], runs))
}
