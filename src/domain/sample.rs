//! The sample workspace offered on first start: one realistic project and the checklists
//! of a small site, so a new user sees what Docket is for before typing anything.

// Indexing and arithmetic here are safe: builds the sample workspace from the constants in this file (no stored or imported value reaches it).
#![allow(clippy::indexing_slicing, clippy::arithmetic_side_effects)]

use super::board::{CardFields, Charter};
use super::project::{Money, MoveRecord, Priority};
use super::project_template::ProjectTemplate;
use super::risk::{RiskFields, RiskStatus};
use super::sort;
use super::{Env, Id, Person, Project, ProjectStatus, Res, Workspace};
use chrono::{Duration, NaiveDate};

/// Builds the sample workspace around `today`.
pub fn workspace(env: &mut dyn Env, today: NaiveDate) -> Res<Workspace> {
    let mut ws = Workspace {
        people: vec![
            Person::new(env, "Ana Lima", "Designer", "ana.lima@example.com")?,
            Person::new(env, "Ben Okafor", "Developer", "")?,
            Person::new(env, "Chloé Martin", "Marketing lead", "")?,
            Person::new(env, "Dev Patel", "Site manager", "")?,
        ],
        ..Workspace::default()
    };
    // Hours a week each can give (the Workload view's capacity).
    for (p, hours) in ws.people.iter_mut().zip([32.0, 40.0, 20.0, 38.0]) {
        p.capacity = Some(hours);
    }
    let people: Vec<Id> = ws.people.iter().map(|p| p.id.clone()).collect();
    ws.projects.push(website_relaunch(env, today, &people)?);
    // Two project templates: the relaunch's shape, and an office move.
    let mut site = ProjectTemplate::from_project(env, &ws.projects[0], "Website project", true)?;
    site.description = "A site rebuilt in about ten weeks: design, content, build, launch.".into();
    ws.project_templates.push(site);
    ws.project_templates.push(office_move(env)?);

    let (mut templates, mut runs) = super::sample_ops::operations(env, today, &people)?;
    ws.registers =
        super::sample_registers::registers(env, today, &people, &mut templates, &mut runs)?;
    ws.templates = templates;
    ws.runs = runs;
    Ok(ws)
}

/// The sample's second project template: moving a team to a new office in six weeks.
fn office_move(env: &mut dyn Env) -> Res<ProjectTemplate> {
    let mut p = Project::new(env, "Office move")?;
    let start = NaiveDate::from_ymd_opt(2026, 1, 5).unwrap_or_default();
    p.set_charter(
        env,
        Charter {
            objective: "Move the team to the new office with no lost working day.".into(),
            scope_in: "Space planning, movers, IT and phones, clients told.".into(),
            scope_out: "New furniture, the lease itself.".into(),
            deliverables: vec!["Seating plan".into(), "Working network on day one".into()],
            start: Some(start),
            target_end: Some(start + Duration::days(45)),
            budget: Some(Money {
                cents: 1_500_000,
                currency: "EUR".into(),
            }),
            stakeholders: vec![("Facilities".into(), "Landlord contact".into(), true)],
            status: ProjectStatus::Planning,
        },
    )?;
    for col in ["To do", "Booked", "Done"] {
        p.add_column(env, col)?;
    }
    p.settle_done_column();
    let booked = p.columns[1].id.clone();
    p.set_wip_limit(env, &booked, Some(4))?;
    let mut labels = Vec::new();
    for (name, colour) in [
        ("Space", "#1f6f3f"),
        ("Suppliers", "#8a5300"),
        ("IT", "#1f47a3"),
        ("Comms", "#6d28d9"),
    ] {
        labels.push(p.add_label(env, name, colour)?);
    }
    let todo = p.columns[0].id.clone();
    // (title, label, first day, due day, estimate, subtasks)
    type Spec<'a> = (&'a str, usize, i64, i64, f64, &'a [&'a str]);
    let cards: [Spec; 6] = [
        (
            "Floor plan and seating",
            0,
            0,
            7,
            6.0,
            &["Headcount per team", "Desk map"],
        ),
        (
            "Book the movers",
            1,
            3,
            14,
            2.0,
            &["Three quotes", "Insurance certificate"],
        ),
        (
            "Network and phones at the new site",
            2,
            7,
            28,
            12.0,
            &["Lines ordered", "Wi-Fi survey"],
        ),
        ("Tell clients the new address", 3, 21, 35, 3.0, &[]),
        ("Pack and label", 0, 28, 40, 16.0, &[]),
        ("Moving day", 0, 42, 42, 8.0, &[]),
    ];
    for (title, label, from, to, estimate, subtasks) in cards {
        let id = p.add_card(env, &todo, title)?;
        let mut f = CardFields::of(p.card(&id).ok_or(super::DomainError::NotFound("card"))?);
        f.labels = vec![labels[label].clone()];
        (f.start, f.due) = (
            Some(start + Duration::days(from)),
            Some(start + Duration::days(to)),
        );
        f.estimate = Some(estimate);
        f.milestone = title == "Moving day";
        f.priority = if f.milestone {
            Priority::High
        } else {
            Priority::Medium
        };
        p.update_card(env, &id, f)?;
        for s in subtasks {
            p.add_subtask(env, &id, s)?;
        }
    }
    p.add_risk(
        env,
        RiskFields {
            title: "The network is not ready on moving day".into(),
            likelihood: 3,
            impact: 4,
            owner: String::new(),
            mitigation: "Order lines six weeks ahead; 4G routers as a fallback.".into(),
            status: RiskStatus::Open,
        },
    )?;
    let mut t = ProjectTemplate::from_project(env, &p, "Office move", true)?;
    t.description = "A team moved to new premises in six weeks, without a day of lost work.".into();
    Ok(t)
}

fn website_relaunch(env: &mut dyn Env, today: NaiveDate, people: &[Id]) -> Res<Project> {
    let mut p = Project::new(env, "Website relaunch")?;
    let start = today - Duration::days(21);
    p.set_charter(
        env,
        Charter {
            objective:
                "Replace the 2019 website with a faster, accessible site that lets customers \
                        book appointments online, live before the spring campaign."
                    .into(),
            scope_in: "New templates, services pages, online booking, blog migration, redirects."
                .into(),
            scope_out: "The shop, the intranet, new photography.".into(),
            deliverables: vec![
                "Accessible site templates (WCAG 2.2 AA)".into(),
                "Online booking for all services".into(),
                "Redirect map for every old URL".into(),
            ],
            start: Some(start),
            target_end: Some(today + Duration::days(49)),
            budget: Some(Money {
                cents: 2_400_000,
                currency: "EUR".into(),
            }),
            stakeholders: vec![
                (
                    "Maria Rossi".into(),
                    "Managing director (sponsor)".into(),
                    false,
                ),
                ("Chloé Martin".into(), "Marketing lead".into(), false),
                ("Pixel & Co".into(), "Design agency".into(), true),
            ],
            status: ProjectStatus::Active,
        },
    )?;
    let cols: Vec<Id> = ["Backlog", "To do", "In progress", "Review", "Done"]
        .iter()
        .map(|n| p.add_column(env, n))
        .collect::<Res<_>>()?;
    p.set_done_column(env, &cols[4])?;
    p.set_wip_limit(env, &cols[2], Some(3))?;
    let design = p.add_label(env, "Design", "#6d28d9")?;
    let content = p.add_label(env, "Content", "#0f6674")?;
    let tech = p.add_label(env, "Tech", "#1f47a3")?;
    let d = |n: i64| Some(today + Duration::days(n));
    // (column, title, description, labels, assignee, start, due, estimate h, planned €, actual €, milestone)
    type Row<'a> = (
        usize,
        &'a str,
        &'a str,
        Vec<Id>,
        Option<usize>,
        Option<NaiveDate>,
        Option<NaiveDate>,
        f64,
        i64,
        i64,
        bool,
    );
    let rows: Vec<Row> = vec![
        (
            0,
            "Blog migration",
            "Move the 140 posts that still get traffic; redirect the rest.",
            vec![content.clone()],
            Some(2),
            d(20),
            d(40),
            16.0,
            80_000,
            0,
            false,
        ),
        (
            0,
            "Newsletter sign-up form",
            "",
            vec![tech.clone()],
            None,
            None,
            d(45),
            4.0,
            20_000,
            0,
            false,
        ),
        (
            1,
            "Booking widget: pick a provider",
            "Compare three providers on price, GDPR terms and embed options.",
            vec![tech.clone()],
            Some(1),
            d(-2),
            d(2),
            6.0,
            30_000,
            0,
            false,
        ),
        (
            1,
            "Write copy for the services pages",
            "Six pages; keep each under 300 words.",
            vec![content.clone()],
            Some(2),
            d(0),
            d(10),
            12.0,
            60_000,
            0,
            false,
        ),
        (
            1,
            "Accessibility audit of the templates",
            "WCAG 2.2 AA; keyboard and screen reader pass.",
            vec![design.clone(), tech.clone()],
            Some(0),
            d(3),
            d(14),
            10.0,
            150_000,
            0,
            false,
        ),
        (
            2,
            "Design system: colours and type",
            "Tokens agreed with marketing; contrast checked.",
            vec![design.clone()],
            Some(0),
            d(-14),
            d(-1),
            20.0,
            300_000,
            320_000,
            false,
        ),
        (
            2,
            "Set up hosting and CDN",
            "Static host with HTTPS and caching rules.",
            vec![tech.clone()],
            Some(1),
            d(-7),
            d(5),
            8.0,
            90_000,
            45_000,
            false,
        ),
        (
            3,
            "Sitemap and URL plan",
            "Every old URL mapped to a new one or a redirect.",
            vec![content.clone()],
            Some(2),
            d(-10),
            d(-3),
            6.0,
            30_000,
            30_000,
            false,
        ),
        (
            4,
            "Kick-off with stakeholders",
            "Scope, budget and dates agreed; notes shared.",
            vec![],
            Some(3),
            d(-21),
            d(-20),
            3.0,
            10_000,
            12_000,
            true,
        ),
        (
            4,
            "Analytics baseline",
            "Three months of traffic and conversion figures saved.",
            vec![tech.clone()],
            Some(1),
            d(-20),
            d(-15),
            4.0,
            20_000,
            15_000,
            false,
        ),
        (
            1,
            "Design approved by the sponsor",
            "Sign-off on templates before build starts.",
            vec![design.clone()],
            Some(3),
            None,
            d(12),
            1.0,
            0,
            0,
            true,
        ),
        (
            0,
            "Go live",
            "Switch DNS, watch the error logs for a day.",
            vec![tech.clone()],
            Some(1),
            None,
            d(49),
            4.0,
            10_000,
            0,
            true,
        ),
    ];
    let mut ids = Vec::new();
    for (col, title, desc, labels, who, start, due, est, planned, actual, milestone) in rows {
        let id = p.add_card(env, &cols[col], title)?;
        p.update_card(
            env,
            &id,
            CardFields {
                title: title.into(),
                description: desc.into(),
                assignees: who
                    .and_then(|i| people.get(i).cloned())
                    .into_iter()
                    .collect(),
                start,
                due,
                priority: if milestone {
                    Priority::High
                } else {
                    Priority::Medium
                },
                labels,
                estimate: Some(est),
                cost_planned: (planned > 0).then_some(planned),
                cost_actual: (actual > 0).then_some(actual),
                milestone,
            },
        )?;
        ids.push(id);
    }
    // Dependencies: booking needs the provider; go live waits for the audit and the approval.
    p.set_blockers(env, &ids[4], vec![ids[5].clone()])?;
    p.set_blockers(
        env,
        &ids[11],
        vec![ids[4].clone(), ids[10].clone(), ids[0].clone()],
    )?;
    p.set_blockers(env, &ids[10], vec![ids[5].clone()])?;
    for (i, text, done) in [
        (5, "Colour tokens", true),
        (5, "Type scale", true),
        (5, "Contrast check", false),
        (0, "Export posts", false),
        (0, "Map redirects", false),
    ] {
        let s = p.add_subtask(env, &ids[i], text)?;
        if done {
            p.set_subtask_done(env, &ids[i], &s, true)?;
        }
    }
    // Three weeks of history: cards moved along the board over past days.
    let at = |days_ago: i64| env_time(today, days_ago);
    let hist: &[(usize, usize, usize, i64)] = &[
        (8, 0, 4, 19),
        (9, 0, 2, 17),
        (9, 2, 4, 14),
        (7, 0, 2, 12),
        (5, 0, 2, 12),
        (7, 2, 3, 6),
        (6, 0, 2, 5),
    ];
    for &(card, from, to, ago) in hist {
        p.moves.push(MoveRecord {
            card: ids[card].clone(),
            from: Some(cols[from].clone()),
            to: cols[to].clone(),
            at: at(ago),
        });
    }
    for m in p.moves.iter_mut().filter(|m| m.from.is_none()) {
        m.at = at(21);
    }
    sort::sort_by_key(&mut p.moves, |m| m.at);
    p.add_risk(
        env,
        RiskFields {
            title: "Booking provider's GDPR terms not acceptable".into(),
            likelihood: 3,
            impact: 4,
            owner: "Ben Okafor".into(),
            mitigation: "Shortlist two providers; legal review in week 4.".into(),
            status: RiskStatus::Open,
        },
    )?;
    p.add_risk(
        env,
        RiskFields {
            title: "Copy late from marketing".into(),
            likelihood: 4,
            impact: 3,
            owner: "Chloé Martin".into(),
            mitigation: "Agree a page-by-page schedule; reuse existing copy where possible.".into(),
            status: RiskStatus::Open,
        },
    )?;
    p.add_risk(
        env,
        RiskFields {
            title: "Agency over budget on design".into(),
            likelihood: 2,
            impact: 4,
            owner: "Maria Rossi".into(),
            mitigation: "Fixed-price change requests only.".into(),
            status: RiskStatus::Mitigated,
        },
    )?;
    p.add_risk(
        env,
        RiskFields {
            title: "DNS switch breaks email".into(),
            likelihood: 1,
            impact: 5,
            owner: "Ben Okafor".into(),
            mitigation: "Copy MX records first; switch on a Tuesday morning.".into(),
            status: RiskStatus::Open,
        },
    )?;
    Ok(p)
}

/// Noon UTC `days_ago` days before `today` (sample history only).
fn env_time(today: NaiveDate, days_ago: i64) -> super::Ts {
    (today - Duration::days(days_ago))
        .and_hms_opt(12, 0, 0)
        .expect("noon exists")
        .and_utc()
}
