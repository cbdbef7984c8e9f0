//! The sample workspace offered on first start: one realistic project and the checklists
//! of a small site, so a new user sees what Docket is for before typing anything.

use super::{Env, Id, Project, ProjectStatus, Res, Run, Template, Workspace};
use chrono::{Duration, NaiveDate};

/// Builds the sample workspace around `today`.
pub fn workspace(env: &mut dyn Env, today: NaiveDate) -> Res<Workspace> {
    let mut ws = Workspace::default();
    ws.projects.push(website_relaunch(env, today)?);

    let opening = Template::new(
        env,
        "Daily opening checks",
        &[
            "Disarm the alarm and log the time",
            "Walk the floor: lights, heating, no leaks",
            "Fire exits unlocked and clear",
            "Till floats counted and signed",
            "Cold storage at 0–5 °C (write the reading)",
            "First-aid kit sealed and stocked",
            "Yesterday's handover notes read",
        ],
    )?;
    let safety = Template::new(
        env,
        "Weekly safety walk",
        &[
            "Extinguishers present, pins and tags intact",
            "Emergency lighting tested",
            "Walkways and stairs free of trip hazards",
            "Ladders and step stools inspected",
            "Chemicals stored and labelled (COSHH sheets on file)",
            "Electrical leads and plugs undamaged",
            "Near-miss log reviewed with the shift lead",
        ],
    )?;

    // Some history: the last three openings (the latest half done) and last week's walk.
    for days_ago in [3i64, 2, 1] {
        let mut run = Run::start(env, &opening, today - Duration::days(days_ago))?;
        let n = if days_ago == 1 {
            4
        } else {
            opening.items.len()
        };
        for item in opening.items.iter().take(n) {
            run.set_checked(env, &opening, &item.id, true)?;
        }
        ws.runs.push(run);
    }
    let mut walk = Run::start(env, &safety, today - Duration::days(6))?;
    for item in safety.items.iter().take(5) {
        walk.set_checked(env, &safety, &item.id, true)?;
    }
    ws.runs.push(walk);

    ws.templates.push(opening);
    ws.templates.push(safety);
    Ok(ws)
}

fn website_relaunch(env: &mut dyn Env, today: NaiveDate) -> Res<Project> {
    let mut p = Project::new(env, "Website relaunch")?;
    p.set_details(
        env,
        "Replace the 2019 website with a faster, accessible site that lets customers book \
         appointments online, live before the spring campaign.",
        ProjectStatus::Active,
        Some(today - Duration::days(21)),
        Some(today + Duration::days(49)),
    )?;
    let cols: Vec<Id> = ["Backlog", "To do", "In progress", "Review", "Done"]
        .iter()
        .map(|n| p.add_column(env, n))
        .collect::<Res<_>>()?;
    let cards: &[(usize, &str, &str)] = &[
        (
            0,
            "Blog migration",
            "Move the 140 posts that still get traffic; redirect the rest.",
        ),
        (0, "Newsletter sign-up form", ""),
        (
            1,
            "Booking widget: pick a provider",
            "Compare three providers on price, GDPR terms and embed options.",
        ),
        (
            1,
            "Write copy for the services pages",
            "Six pages; keep each under 300 words.",
        ),
        (
            1,
            "Accessibility audit of the templates",
            "WCAG 2.2 AA; keyboard and screen reader pass.",
        ),
        (
            2,
            "Design system: colours and type",
            "Tokens agreed with marketing; contrast checked.",
        ),
        (
            2,
            "Set up hosting and CDN",
            "Static host with HTTPS and caching rules.",
        ),
        (
            3,
            "Sitemap and URL plan",
            "Every old URL mapped to a new one or a redirect.",
        ),
        (
            4,
            "Kick-off with stakeholders",
            "Scope, budget and dates agreed; notes shared.",
        ),
        (
            4,
            "Analytics baseline",
            "Three months of traffic and conversion figures saved.",
        ),
    ];
    for (col, title, desc) in cards {
        let id = p.add_card(env, &cols[*col], title)?;
        if !desc.is_empty() {
            p.edit_card(env, &id, title, desc)?;
        }
    }
    Ok(p)
}
