//! The person's day as the views see it: the agenda of every checklist (as Today builds it)
//! narrowed to what is assigned to them (`domain::checklist::my_day`). My day shows it;
//! the notifications look at it every minute.

use crate::domain::checklist::agenda::agenda;
use crate::domain::checklist::my_day::{my_day, MyDay};
use crate::domain::{Id, Template};
use crate::ui::state::AppState;
use chrono::NaiveDate;
use leptos::prelude::*;

/// How many days ahead My day looks.
const AHEAD: i64 = 7;

/// `me`'s day on `day`, and the templates it names (tracks templates, runs and people).
pub(super) fn my_day_now(state: AppState, me: &Id, day: NaiveDate) -> (MyDay, Vec<Template>) {
    let facts = state.run_facts();
    let templates: Vec<Template> = state
        .templates
        .with(|v| v.iter().map(|s| s.get()).collect());
    let refs: Vec<&Template> = templates.iter().collect();
    let a = agenda(&refs, &facts, day, AHEAD, &state.roster());
    let mine = my_day(&a, &refs, &facts, me);
    (mine, templates)
}
