//! Checklists that adapt to their answers and score themselves (`domain::checklist::logic`,
//! issue 20 part 3): conditional items and sections, what a hidden item does not count for,
//! and the score with weights and a pass mark. Property tests over generated checklists.
#![cfg(not(target_arch = "wasm32"))]

use chrono::{NaiveDate, TimeZone, Utc};
use docket::domain::checklist::analytics::template_stats;
use docket::domain::checklist::{AnswerKind, Check, Condition, ItemFields, TemplateFields, When};
use docket::domain::{FixedEnv, Id, Run, Template};
use proptest::prelude::*;

fn env() -> FixedEnv {
    FixedEnv::new(Utc.with_ymd_and_hms(2026, 3, 2, 9, 0, 0).unwrap(), 20)
}

fn day() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 3, 2).unwrap()
}

fn number(min: f64, max: f64) -> AnswerKind {
    AnswerKind::Number {
        unit: "°C".into(),
        min: Some(min),
        max: Some(max),
    }
}

/// A fridge check: a temperature; when it is out of range, "Moved the stock" shows (and is
/// required); a door seal check, pass / fail; when it fails, a "Maintenance" section shows.
fn fridge(env: &mut FixedEnv) -> (Template, [Id; 4]) {
    let mut t = Template::new(env, "Fridge check", &[]).unwrap();
    let add = |t: &mut Template, env: &mut FixedEnv, text: &str, answer, show_if, weight| {
        t.add_item_with(
            env,
            ItemFields {
                text: text.into(),
                required: true,
                answer,
                show_if,
                weight,
                ..Default::default()
            },
        )
        .unwrap()
    };
    let temp = add(&mut t, env, "Temperature", number(0.0, 5.0), None, Some(3));
    let moved = add(
        &mut t,
        env,
        "Moved the stock to the spare fridge",
        AnswerKind::Done,
        Some(Condition {
            item: temp.clone(),
            when: When::OutOfRange,
        }),
        None,
    );
    let seal = add(&mut t, env, "Door seal", AnswerKind::PassFail, None, None);
    let sec = t.add_section(env, "Maintenance").unwrap();
    t.sections[0].show_if = Some(Condition {
        item: seal.clone(),
        when: When::Fail,
    });
    let call = t
        .add_item_with(
            env,
            ItemFields {
                text: "Called the engineer".into(),
                required: true,
                section: Some(sec),
                ..Default::default()
            },
        )
        .unwrap();
    (t, [temp, moved, seal, call])
}

#[test]
fn a_conditional_item_shows_when_the_earlier_answer_says_and_only_then_is_required() {
    let mut env = env();
    let (t, [temp, moved, seal, call]) = fridge(&mut env);
    let mut run = Run::start(&mut env, &t, day()).unwrap();
    // Nothing answered: the conditional item and the section are hidden.
    let hidden = run.hidden(&t);
    assert!(hidden.contains(&moved) && hidden.contains(&call));
    assert_eq!(run.progress(&t), (0, 2));
    run.set_value(
        &mut env,
        &t,
        &temp,
        Some(docket::domain::checklist::Value::Number(4.0)),
    )
    .unwrap();
    run.set_value(
        &mut env,
        &t,
        &seal,
        Some(docket::domain::checklist::Value::Check(Check::Pass)),
    )
    .unwrap();
    assert!(run.missing(&t).is_empty(), "hidden items are not required");
    // Out of range: "Moved the stock" shows and must be answered; a failed seal shows the
    // section.
    run.set_value(
        &mut env,
        &t,
        &temp,
        Some(docket::domain::checklist::Value::Number(9.0)),
    )
    .unwrap();
    run.set_value(
        &mut env,
        &t,
        &seal,
        Some(docket::domain::checklist::Value::Check(Check::Fail)),
    )
    .unwrap();
    assert!(run.hidden(&t).is_empty());
    let missing: Vec<&str> = run.missing(&t).iter().map(|i| i.text.as_str()).collect();
    assert_eq!(
        missing,
        ["Moved the stock to the spare fridge", "Called the engineer"]
    );
    let err = run.complete(&mut env, &t, day(), None).unwrap_err();
    assert!(err.to_string().contains("Moved the stock"), "{err}");
    // Back in range: hidden again, and its answer (kept) no longer counts.
    run.set_checked(&mut env, &t, &moved, true).unwrap();
    run.set_value(
        &mut env,
        &t,
        &temp,
        Some(docket::domain::checklist::Value::Number(3.0)),
    )
    .unwrap();
    assert!(run.hidden(&t).contains(&moved));
    assert!(run.is_checked(&moved), "the answer is kept");
    assert_eq!(
        run.progress(&t),
        (2, 3),
        "temperature and seal of the three shown"
    );
    assert_eq!(
        run.failures(&t).len(),
        1,
        "the seal; the kept answer is not counted"
    );
}

#[test]
fn a_run_scores_by_weight_against_the_pass_mark_and_analytics_follow() {
    let mut env = env();
    let (mut t, [temp, _, seal, call]) = fridge(&mut env);
    let mut run = Run::start(&mut env, &t, day()).unwrap();
    assert_eq!(run.score(&t), None, "no pass mark: no score");
    t.set_fields(
        &mut env,
        TemplateFields {
            pass_mark: Some(80),
            ..t.fields()
        },
    )
    .unwrap();
    let s = run.score(&t).unwrap();
    assert_eq!((s.earned, s.possible, s.percent()), (0, 0, None));
    assert!(s.passed(), "nothing scored is not a failure");
    use docket::domain::checklist::Value::{Check as C, Number};
    run.set_value(&mut env, &t, &temp, Some(Number(4.0)))
        .unwrap();
    run.set_value(&mut env, &t, &seal, Some(C(Check::Fail)))
        .unwrap();
    // Temperature (weight 3) passed, seal (1) failed; the section's checkbox is unanswered
    // on an open run: not scored yet.
    let s = run.score(&t).unwrap();
    assert_eq!((s.earned, s.possible, s.percent()), (3, 4, Some(75)));
    assert!(!s.passed());
    // Completed with the engineer's box unticked: it counts as failed.
    run.set_checked(&mut env, &t, &call, true).unwrap();
    run.set_checked(&mut env, &t, &call, false).unwrap();
    let mut t2 = t.clone();
    t2.items.iter_mut().for_each(|i| i.required = false);
    run.complete(&mut env, &t2, day(), None).unwrap();
    let s = run.score(&t2).unwrap();
    assert_eq!((s.earned, s.possible), (3, 5));
    // N/A is not scored.
    let mut r2 = Run::start(&mut env, &t, day()).unwrap();
    r2.set_value(&mut env, &t, &temp, Some(Number(4.0)))
        .unwrap();
    r2.set_value(&mut env, &t, &seal, Some(C(Check::Na)))
        .unwrap();
    let s = r2.score(&t).unwrap();
    assert_eq!((s.earned, s.possible, s.percent()), (3, 3, Some(100)));
    // Analytics: one scored run (60%), below the pass mark.
    let st = template_stats(&t2, &[&run], day(), 10);
    assert_eq!((st.scored, st.passed, st.passed_pct()), (1, 0, Some(0)));
    assert_eq!(st.trend[0].score(), Some(60));
}

#[test]
fn a_condition_on_a_later_or_missing_item_is_ignored() {
    let mut env = env();
    let (mut t, [temp, moved, _, _]) = fridge(&mut env);
    // "Temperature" made to depend on an item after it, and on one that is not there.
    t.items[0].show_if = Some(Condition {
        item: moved.clone(),
        when: When::Done,
    });
    let run = Run::start(&mut env, &t, day()).unwrap();
    assert!(!run.hidden(&t).contains(&temp));
    t.items[0].show_if = Some(Condition {
        item: Id("gone".into()),
        when: When::Done,
    });
    assert!(!run.hidden(&t).contains(&temp));
}

/// A generated checklist: kinds, conditions on any item (earlier, later or itself), weights;
/// and answers.
/// An item: its kind (0 done, 1 pass / fail, 2 number, 3 text), its condition (on the item
/// at an index, with `When::ALL`'s n-th choice) and its weight.
type GenItem = (u8, Option<(usize, u8)>, u8);

#[derive(Clone, Debug)]
struct Case {
    items: Vec<GenItem>,
    answers: Vec<Option<u8>>,
    complete: bool,
}

fn case() -> impl Strategy<Value = Case> {
    (1usize..12).prop_flat_map(|n| {
        (
            prop::collection::vec((0u8..4, prop::option::of((0..n, 0u8..7)), 1u8..5), n),
            prop::collection::vec(prop::option::of(0u8..4), n),
            any::<bool>(),
        )
            .prop_map(|(items, answers, complete)| Case {
                items,
                answers,
                complete,
            })
    })
}

fn build(c: &Case) -> (Template, Run, FixedEnv) {
    use docket::domain::checklist::Value;
    let mut env = env();
    let mut t = Template::new(&mut env, "Generated", &[]).unwrap();
    t.pass_mark = Some(50);
    let kind = |k: u8| match k {
        0 => AnswerKind::Done,
        1 => AnswerKind::PassFail,
        2 => number(0.0, 10.0),
        _ => AnswerKind::Text,
    };
    let mut ids = Vec::new();
    for (k, _, w) in &c.items {
        let id = t
            .add_item_with(
                &mut env,
                ItemFields {
                    text: format!("item {}", ids.len()),
                    required: true,
                    answer: kind(*k),
                    weight: Some(u32::from(*w)),
                    ..Default::default()
                },
            )
            .unwrap();
        ids.push(id);
    }
    for (i, (_, cond, _)) in c.items.iter().enumerate() {
        t.items[i].show_if = cond.map(|(on, w)| Condition {
            item: ids[on].clone(),
            when: When::ALL[w as usize].0,
        });
    }
    let mut run = Run::start(&mut env, &t, day()).unwrap();
    for (i, a) in c.answers.iter().enumerate() {
        let Some(a) = a else { continue };
        let v = match c.items[i].0 {
            0 => Value::Done,
            1 => Value::Check([Check::Pass, Check::Fail, Check::Na][*a as usize % 3]),
            2 => Value::Number(f64::from(*a) * 5.0),
            _ => Value::Text("seen".into()),
        };
        run.set_value(&mut env, &t, &ids[i], Some(v)).unwrap();
    }
    if c.complete {
        run.completed = Some(env.now_for_tests());
    }
    (t, run, env)
}

trait Now {
    fn now_for_tests(&self) -> docket::domain::Ts;
}

impl Now for FixedEnv {
    fn now_for_tests(&self) -> docket::domain::Ts {
        docket::domain::Env::now(self)
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1_000))]

    /// An item shows exactly when it has no condition, or its condition is on an earlier
    /// item that shows and holds, or on a later (or its own) item, which is ignored.
    #[test]
    fn visibility_follows_earlier_shown_answers(c in case()) {
        let (t, run, _) = build(&c);
        let hidden = run.hidden(&t);
        let mut shown = vec![true; t.items.len()];
        for (i, item) in t.items.iter().enumerate() {
            shown[i] = match &item.show_if {
                None => true,
                Some(cond) => match t.items.iter().position(|x| x.id == cond.item) {
                    Some(j) if j < i => shown[j] && cond.when.holds(&t.items[j].answer, run.value(&cond.item)),
                    _ => true,
                },
            };
            prop_assert_eq!(!shown[i], hidden.contains(&item.id), "item {}", i);
        }
        // Hidden items are never missing, counted or failed.
        for m in run.missing(&t) {
            prop_assert!(!hidden.contains(&m.id));
        }
        for (i, _) in run.failures(&t) {
            prop_assert!(!hidden.contains(&i.id));
        }
        prop_assert_eq!(run.progress(&t).1, t.items.len() - hidden.len());
    }

    /// The last item's answer never changes what shows before it.
    #[test]
    fn a_later_answer_never_hides_an_earlier_item(c in case(), last in prop::option::of(0u8..4)) {
        let (t, run, _) = build(&c);
        let mut c2 = c.clone();
        *c2.answers.last_mut().unwrap() = last;
        let (t2, run2, _) = build(&c2);
        let n = t.items.len() - 1;
        let before: Vec<bool> = t.items[..n].iter().map(|i| run.hidden(&t).contains(&i.id)).collect();
        let after: Vec<bool> = t2.items[..n].iter().map(|i| run2.hidden(&t2).contains(&i.id)).collect();
        prop_assert_eq!(before, after);
    }

    /// The score is the weight of the shown, scorable items that passed over that of all
    /// scored ones: never above 100%, and each weight counted once.
    #[test]
    fn the_score_adds_weights_of_shown_scored_items(c in case()) {
        let (t, run, _) = build(&c);
        let s = run.score(&t).unwrap();
        prop_assert!(s.earned <= s.possible);
        prop_assert!(s.percent().is_none_or(|p| p <= 100));
        let hidden = run.hidden(&t);
        let total: u32 = t.items.iter().filter(|i| !hidden.contains(&i.id)).map(|i| i.weight.unwrap()).sum();
        prop_assert!(s.possible <= total);
        prop_assert_eq!(s.passed(), s.percent().is_none_or(|p| p >= 50));
    }
}

mod signature {
    use super::*;
    use docket::domain::checklist::signature::{encode, is_valid, strokes};

    #[test]
    fn a_drawn_signature_is_kept_as_a_compact_path_and_needs_a_name() {
        let drawn = vec![
            vec![(10.2, 50.0), (12.0, 48.6), (12.4, 48.9), (20.0, 40.0)],
            vec![(100.0, 60.0)],
        ];
        let path = encode(&drawn).unwrap();
        assert_eq!(path, "M10 50l2 -1 8 -9M100 60l0 0");
        assert_eq!(
            strokes(&path).unwrap(),
            [
                vec![(10, 50), (12, 49), (20, 40)],
                vec![(100, 60), (100, 60)]
            ]
        );
        assert_eq!(encode(&[]), None);
        assert_eq!(encode(&[vec![]]), None);
        // Only what encode writes: no other command, nothing outside the box, nothing else.
        for bad in [
            "",
            "L10 10",
            "M10 10",
            "M10 10l1",
            "M10 10l1 1\"/><script>alert(1)</script>",
            "M400 10l0 0",
            "M10 10l0 100",
            "M1e3 1l0 0",
            " M10 10l0 0",
            "xM10 10l0 0",
        ] {
            assert!(!is_valid(bad), "{bad:?}");
        }
        let mut env = env();
        let (t, _) = fridge(&mut env);
        let mut t2 = t.clone();
        t2.items.iter_mut().for_each(|i| i.required = false);
        let mut run = Run::start(&mut env, &t2, day()).unwrap();
        let err = run
            .complete_signed(&mut env, &t2, day(), Some(" "), Some(path.clone()))
            .unwrap_err();
        assert!(err.to_string().contains("name"), "{err}");
        assert!(run
            .complete_signed(&mut env, &t2, day(), Some("Dana"), Some("L1 1".into()))
            .is_err());
        run.complete_signed(&mut env, &t2, day(), Some("Dana"), Some(path.clone()))
            .unwrap();
        let so = run.signoff.clone().unwrap();
        assert_eq!(
            (so.name.as_str(), so.signature.as_deref()),
            ("Dana", Some(path.as_str()))
        );
    }

    proptest! {
        /// Any drawing (points anywhere, even outside the pad) gives a valid path whose
        /// points are the drawing's, rounded into the box, repeats dropped.
        #[test]
        fn any_drawing_encodes_to_a_valid_path_of_its_points(
            drawn in prop::collection::vec(
                prop::collection::vec((-50.0f64..400.0, -50.0f64..200.0), 1..40), 1..8)
        ) {
            let path = encode(&drawn).unwrap();
            prop_assert!(is_valid(&path));
            let back = strokes(&path).unwrap();
            prop_assert_eq!(back.len(), drawn.len());
            for (s, d) in back.iter().zip(&drawn) {
                let mut want: Vec<(i32, i32)> = Vec::new();
                for &(x, y) in d {
                    let p = (x.clamp(0.0, 300.0).round() as i32, y.clamp(0.0, 100.0).round() as i32);
                    if want.last() != Some(&p) {
                        want.push(p);
                    }
                }
                if want.len() == 1 {
                    want.push(want[0]);
                }
                prop_assert_eq!(s, &want);
            }
        }
    }
}

mod readings {
    use super::*;
    use docket::domain::checklist::readings::{readings, SIDE, TREND};
    use docket::domain::checklist::Value;

    /// Daily runs of the fridge check with these temperatures, oldest first.
    fn history(values: &[f64]) -> (Template, Vec<Run>, Id) {
        let mut env = env();
        let (t, [temp, ..]) = fridge(&mut env);
        let runs = values
            .iter()
            .enumerate()
            .map(|(i, v)| {
                let mut r =
                    Run::start(&mut env, &t, day() + chrono::Duration::days(i as i64)).unwrap();
                r.set_value(&mut env, &t, &temp, Some(Value::Number(*v)))
                    .unwrap();
                r
            })
            .collect();
        (t, runs, temp)
    }

    #[test]
    fn readings_in_date_order_with_out_of_range_and_drift_marked() {
        // Steady, then six rising in a row, then one out of range.
        let values = [3.0, 2.0, 3.0, 2.0, 1.0, 1.5, 2.0, 2.5, 3.0, 3.5, 9.0];
        let (t, mut runs, temp) = history(&values);
        runs.reverse();
        let refs: Vec<&Run> = runs.iter().collect();
        let r = readings(&t, &refs, &temp, 1_000).unwrap();
        let got: Vec<(f64, bool, bool)> =
            r.points.iter().map(|p| (p.value, p.out, p.drift)).collect();
        assert_eq!(r.points[0].date, day(), "oldest first");
        assert_eq!(
            got,
            [
                (3.0, false, false),
                (2.0, false, false),
                (3.0, false, false),
                (2.0, false, false),
                (1.0, false, true),
                (1.5, false, true),
                (2.0, false, true),
                (2.5, false, true),
                (3.0, false, true),
                (3.5, false, true),
                (9.0, true, true),
            ]
        );
        assert_eq!(
            (r.min, r.max, r.unit.as_str()),
            (Some(0.0), Some(5.0), "°C")
        );
        assert_eq!((r.out_count(), r.drift_count()), (1, 7));
        // The last n only.
        let r = readings(&t, &refs, &temp, 3).unwrap();
        assert_eq!(
            r.points.iter().map(|p| p.value).collect::<Vec<_>>(),
            [3.0, 3.5, 9.0]
        );
    }

    proptest! {
        /// A reading is marked as a drift exactly when it lies in a run of TREND rising or
        /// falling readings, or of SIDE readings on one side of the mean; out of range
        /// exactly when outside 0 to 5.
        #[test]
        fn drift_and_out_of_range_follow_the_run_rules(values in prop::collection::vec(0u8..70, 0..60)) {
            let values: Vec<f64> = values.iter().map(|v| f64::from(*v) / 10.0).collect();
            let (t, runs, temp) = history(&values);
            let refs: Vec<&Run> = runs.iter().collect();
            let r = readings(&t, &refs, &temp, 1_000).unwrap();
            prop_assert_eq!(r.points.len(), values.len());
            let mean = r.mean.unwrap_or(0.0);
            let n = values.len();
            for (i, p) in r.points.iter().enumerate() {
                prop_assert_eq!(p.out, !(0.0..=5.0).contains(&p.value));
                let in_trend = (0..n).any(|s| {
                    s <= i && i < s + TREND && s + TREND <= n
                        && (values[s..s + TREND].windows(2).all(|w| w[1] > w[0])
                            || values[s..s + TREND].windows(2).all(|w| w[1] < w[0]))
                });
                let on_side = (0..n).any(|s| {
                    s <= i && i < s + SIDE && s + SIDE <= n
                        && (values[s..s + SIDE].iter().all(|v| *v > mean)
                            || values[s..s + SIDE].iter().all(|v| *v < mean))
                });
                prop_assert_eq!(p.drift, in_trend || on_side, "reading {} of {:?}", i, values);
            }
        }
    }
}

#[test]
fn a_section_depends_only_on_an_item_before_it() {
    let mut env = env();
    let (mut t, [temp, _, seal, call]) = fridge(&mut env);
    let sec = t.sections[0].id.clone();
    assert_eq!(t.items_before_section(&sec).len(), 3);
    // The section's own item cannot decide it.
    let err = t
        .set_section_condition(
            &mut env,
            &sec,
            Some(Condition {
                item: call,
                when: When::Done,
            }),
        )
        .unwrap_err();
    assert!(err.to_string().contains("before it"), "{err}");
    t.set_section_condition(
        &mut env,
        &sec,
        Some(Condition {
            item: temp.clone(),
            when: When::OutOfRange,
        }),
    )
    .unwrap();
    assert_eq!(t.sections[0].show_if.as_ref().unwrap().item, temp);
    t.set_section_condition(&mut env, &sec, None).unwrap();
    assert_eq!(t.sections[0].show_if, None);
    let _ = seal;
}
