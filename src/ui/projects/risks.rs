//! The risks tab of a project: the register (add, edit, delete risks), sorted by score, and
//! a 5×5 heat map of likelihood against impact.

use crate::domain::risk::{Risk, RiskFields, RiskStatus};
use crate::domain::{Id, Project};
use crate::ui::browser::focus_later;
use crate::ui::state::use_state;
use leptos::prelude::*;

/// Words for likelihood 1 to 5.
const LIKELIHOOD: [&str; 5] = ["Rare", "Unlikely", "Possible", "Likely", "Almost certain"];
/// Words for impact 1 to 5.
const IMPACT: [&str; 5] = ["Negligible", "Minor", "Moderate", "Major", "Severe"];

/// The band of a score: low (1–4), medium (5–9) or high (10–25).
pub fn band(score: u8) -> (&'static str, &'static str) {
    match score {
        0..=4 => ("low", "Low"),
        5..=9 => ("medium", "Medium"),
        _ => ("high", "High"),
    }
}

fn blank() -> RiskFields {
    RiskFields {
        title: String::new(),
        likelihood: 3,
        impact: 3,
        owner: String::new(),
        mitigation: String::new(),
        status: RiskStatus::Open,
    }
}

/// The risks tab.
#[component]
pub fn RisksView(project: RwSignal<Project>) -> impl IntoView {
    let state = use_state();
    let editing = RwSignal::new(None::<Id>);
    let add = Callback::new(move |f: RiskFields| {
        let title = f.title.trim().to_string();
        let score = f.likelihood * f.impact;
        let ok = state
            .edit_project(project, "add risk", |p, env| p.add_risk(env, f))
            .is_some();
        if ok {
            state.announce(format!(
                "Added risk “{title}”, score {score} ({}).",
                band(score).1.to_lowercase()
            ));
        }
        ok
    });
    let count = move || project.with(|p| p.risks.len());
    // Open at first when the register is empty; after that the user decides.
    let start_open = project.with_untracked(|p| p.risks.is_empty());
    view! {
        <section class="risks-tab" aria-labelledby="risks-heading">
            <h2 id="risks-heading">"Risks"</h2>
            <div class="risks-layout">
                <div class="risks-main">
                    <details class="risk-add" open=start_open>
                        <summary>"Add a risk"</summary>
                        <RiskForm
                            prefix="new-risk"
                            initial=blank()
                            submit_label="Add risk"
                            reset_after=true
                            on_submit=add
                            on_cancel=None
                        />
                    </details>
                    <Show
                        when=move || { count() > 0 }
                        fallback=|| {
                            view! {
                                <p class="risks-empty">
                                    "No risks yet. Add what could hurt the timeline, the budget or the quality."
                                </p>
                            }
                        }
                    >
                        <RiskTable project=project editing=editing/>
                    </Show>
                </div>
                <HeatMap project=project/>
            </div>
        </section>
    }
}

#[component]
fn RiskTable(project: RwSignal<Project>, editing: RwSignal<Option<Id>>) -> impl IntoView {
    let state = use_state();
    // Rows are keyed by risk and time, so a changed risk is drawn again; the one being
    // edited is keyed by id alone, so a change made meanwhile elsewhere (another tab, an
    // undo) does not wipe what the person is typing. Its save writes only what they changed.
    let rows = move || {
        let edit_id = editing.get();
        project.with(|p| {
            p.risks_by_score()
                .into_iter()
                .map(|r| {
                    let key = (
                        r.id.clone(),
                        (edit_id.as_ref() != Some(&r.id)).then_some(r.updated),
                    );
                    (key, r.clone())
                })
                .collect::<Vec<_>>()
        })
    };
    let row = move |(_, r): ((Id, Option<crate::domain::Ts>), Risk)| {
        if editing.get_untracked().as_ref() != Some(&r.id) {
            return risk_row(r, project, editing, state).into_any();
        }
        let id = r.id.clone();
        let opened = r.fields();
        let save = Callback::new(move |mine: RiskFields| {
            match state.edit_project(project, "edit risk", |p, env| {
                p.save_risk_draft(env, &id, &opened, mine)
            }) {
                Some(clashes) => {
                    editing.set(None);
                    state.saved("Risk", &clashes);
                    true
                }
                None => false,
            }
        });
        let cancel = Callback::new(move |()| editing.set(None));
        let prefix = format!("edit-risk-{}", r.id);
        view! {
            <tr class="risk-editing">
                <td colspan="6">
                    <RiskForm
                        prefix=prefix
                        initial=r.fields()
                        submit_label="Save risk"
                        reset_after=false
                        on_submit=save
                        on_cancel=Some(cancel)
                    />
                </td>
            </tr>
        }
        .into_any()
    };
    view! {
        <div class="risk-table-wrap">
            <table class="risk-table">
                <caption>"Risk register, highest score first"</caption>
                <thead>
                    <tr>
                        <th scope="col">"Score"</th>
                        <th scope="col">"Risk"</th>
                        <th scope="col">"Likelihood × impact"</th>
                        <th scope="col">"Owner"</th>
                        <th scope="col">"Status"</th>
                        <th scope="col">
                            <span class="sr-only">"Actions"</span>
                        </th>
                    </tr>
                </thead>
                <tbody>
                    <For each=rows key=|(k, _)| k.clone() children=row/>
                </tbody>
            </table>
        </div>
    }
}

fn risk_row(
    r: Risk,
    project: RwSignal<Project>,
    editing: RwSignal<Option<Id>>,
    state: crate::ui::state::AppState,
) -> impl IntoView {
    let score = r.score();
    let (band_key, band_word) = band(score);
    let id = r.id.clone();
    let title = r.title.clone();
    let del_title = r.title.clone();
    let delete = move |_| {
        let id = id.clone();
        let t = del_title.clone();
        state.ask(
            format!("Delete risk “{t}”?"),
            "It will be removed from the register.".into(),
            "Delete risk",
            move || {
                if state
                    .edit_project(project, "delete risk", |p, env| p.delete_risk(env, &id))
                    .is_some()
                {
                    state.announce(format!("Deleted risk {t}."));
                    focus_later("#new-risk-title".into());
                }
            },
        );
    };
    let edit_id = r.id.clone();
    let edit = move |_| {
        editing.set(Some(edit_id.clone()));
        focus_later(format!("#edit-risk-{}-title", edit_id));
    };
    view! {
        <tr class=format!("risk-row risk-{}", r.status.key())>
            <td class="risk-score">
                <span class=format!("score-chip band-{band_key}")>{score}</span>
                <span class="score-band">{band_word}</span>
            </td>
            <th scope="row" class="risk-title">
                <span class="risk-name">{r.title.clone()}</span>
                {(!r.mitigation.is_empty())
                    .then(|| {
                        view! {
                            <span class="risk-mitigation">
                                <span class="sr-only">"Mitigation: "</span>
                                {r.mitigation.clone()}
                            </span>
                        }
                    })}
            </th>
            <td class="risk-li">
                <span>{format!("{} {}", r.likelihood, LIKELIHOOD[(r.likelihood.clamp(1, 5) - 1) as usize])}</span>
                <span class="risk-times" aria-hidden="true">" × "</span>
                <span class="sr-only">", impact "</span>
                <span>{format!("{} {}", r.impact, IMPACT[(r.impact.clamp(1, 5) - 1) as usize])}</span>
            </td>
            <td>{if r.owner.is_empty() { "—".to_string() } else { r.owner.clone() }}</td>
            <td>
                <span class=format!("badge risk-status-{}", r.status.key())>
                    {r.status.label()}
                </span>
            </td>
            <td class="risk-actions">
                <button
                    type="button"
                    class="small ghost"
                    aria-label=format!("Edit risk {title}")
                    on:click=edit
                >
                    "Edit"
                </button>
                <button
                    type="button"
                    class="small ghost danger-text"
                    aria-label=format!("Delete risk {title}")
                    on:click=delete
                >
                    "Delete"
                </button>
            </td>
        </tr>
    }
}

/// The form that adds or edits a risk. `on_submit` returns whether the change was accepted.
#[component]
fn RiskForm(
    #[prop(into)] prefix: String,
    initial: RiskFields,
    submit_label: &'static str,
    reset_after: bool,
    on_submit: Callback<RiskFields, bool>,
    on_cancel: Option<Callback<()>>,
) -> impl IntoView {
    let state = use_state();
    let title = RwSignal::new(initial.title.clone());
    let likelihood = RwSignal::new(initial.likelihood);
    let impact = RwSignal::new(initial.impact);
    let owner = RwSignal::new(initial.owner.clone());
    let mitigation = RwSignal::new(initial.mitigation.clone());
    let status = RwSignal::new(initial.status);
    let id = move |f: &str| format!("{prefix}-{f}");
    let people_list = id("people");
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let f = RiskFields {
            title: title.get_untracked(),
            likelihood: likelihood.get_untracked(),
            impact: impact.get_untracked(),
            owner: owner.get_untracked(),
            mitigation: mitigation.get_untracked(),
            status: status.get_untracked(),
        };
        if on_submit.run(f) && reset_after {
            title.set(String::new());
            owner.set(String::new());
            mitigation.set(String::new());
            likelihood.set(3);
            impact.set(3);
            status.set(RiskStatus::Open);
        }
    };
    let level_select = move |sig: RwSignal<u8>, words: [&'static str; 5]| {
        (1..=5u8)
            .map(move |v| {
                view! {
                    <option value=v.to_string() selected=move || sig.get() == v>
                        {format!("{v} — {}", words[(v - 1) as usize])}
                    </option>
                }
            })
            .collect_view()
    };
    let people = move || {
        state.people.with(|ps| {
            ps.iter()
                .map(|p| view! { <option value=p.name.clone()></option> })
                .collect_view()
        })
    };
    let score = move || {
        let s = likelihood.get() * impact.get();
        format!("Score {s} ({})", band(s).1.to_lowercase())
    };
    view! {
        <form class="risk-form" on:submit=submit>
            <div class="risk-form-grid">
                <div class="field risk-field-title">
                    <label for=id("title")>"Risk"</label>
                    <input
                        id=id("title")
                        placeholder="e.g. Supplier misses the delivery date"
                        bind:value=title
                    />
                </div>
                <div class="field">
                    <label for=id("likelihood")>"Likelihood"</label>
                    <select
                        id=id("likelihood")
                        on:change=move |ev| {
                            likelihood.set(event_target_value(&ev).parse().unwrap_or(3))
                        }
                        prop:value=move || likelihood.get().to_string()
                    >
                        {level_select(likelihood, LIKELIHOOD)}
                    </select>
                </div>
                <div class="field">
                    <label for=id("impact")>"Impact"</label>
                    <select
                        id=id("impact")
                        on:change=move |ev| impact.set(event_target_value(&ev).parse().unwrap_or(3))
                        prop:value=move || impact.get().to_string()
                    >
                        {level_select(impact, IMPACT)}
                    </select>
                </div>
                <div class="field">
                    <label for=id("owner")>"Owner"</label>
                    <input
                        id=id("owner")
                        list=people_list.clone()
                        autocomplete="off"
                        bind:value=owner
                    />
                    <datalist id=people_list>{people}</datalist>
                </div>
                <div class="field">
                    <label for=id("status")>"Status"</label>
                    <select
                        id=id("status")
                        on:change=move |ev| {
                            if let Some(s) = RiskStatus::from_key(&event_target_value(&ev)) {
                                status.set(s);
                            }
                        }
                        prop:value=move || status.get().key()
                    >
                        {RiskStatus::ALL
                            .into_iter()
                            .map(|s| {
                                view! {
                                    <option value=s.key() selected=move || status.get() == s>
                                        {s.label()}
                                    </option>
                                }
                            })
                            .collect_view()}
                    </select>
                </div>
                <div class="field risk-field-mitigation">
                    <label for=id("mitigation")>"Mitigation"</label>
                    <textarea id=id("mitigation") rows="2" bind:value=mitigation></textarea>
                </div>
            </div>
            <div class="risk-form-actions">
                <span class="risk-form-score" aria-live="polite">{score}</span>
                <span class="spacer"></span>
                {on_cancel
                    .map(|c| {
                        view! {
                            <button type="button" on:click=move |_| c.run(())>
                                "Cancel"
                            </button>
                        }
                    })}
                <button type="submit" class="primary">{submit_label}</button>
            </div>
        </form>
    }
}

/// The 5×5 heat map: likelihood up the side (5 at the top), impact along the bottom.
#[component]
fn HeatMap(project: RwSignal<Project>) -> impl IntoView {
    let grid = move || {
        let m = project.with(|p| p.heat_map());
        (1..=5u8)
            .rev()
            .map(|l| {
                let cells = (1..=5u8)
                    .map(|i| {
                        let n = m[(l - 1) as usize][(i - 1) as usize];
                        let (key, word) = band(l * i);
                        let label = format!(
                            "Likelihood {l}, impact {i}: {n} risk{}",
                            if n == 1 { "" } else { "s" }
                        );
                        view! {
                            <td
                                class=format!(
                                    "heat-cell band-{key}{}",
                                    if n > 0 { " has-risks" } else { "" },
                                )
                                aria-label=label.clone()
                                title=format!("{label} (score {}, {})", l * i, word.to_lowercase())
                                data-count=n
                            >
                                {(n > 0).then(|| n.to_string())}
                            </td>
                        }
                    })
                    .collect_view();
                view! {
                    <tr>
                        <th scope="row" class="heat-axis">
                            {l}
                            <span class="sr-only">{format!(" {}", LIKELIHOOD[(l - 1) as usize])}</span>
                        </th>
                        {cells}
                    </tr>
                }
            })
            .collect_view()
    };
    view! {
        <figure class="heat-map" aria-labelledby="heat-map-caption">
            <figcaption id="heat-map-caption">
                <h3>"Heat map"</h3>
                <span class="hint">"Open and mitigated risks; closed ones are left out."</span>
            </figcaption>
            <div class="heat-map-body">
                <span class="heat-y-title" aria-hidden="true">"Likelihood →"</span>
                <table class="heat-table">
                    <caption class="sr-only">
                        "Number of risks by likelihood (rows, 5 at the top) and impact (columns)"
                    </caption>
                    <tbody>{grid}</tbody>
                    <tfoot>
                        <tr>
                            <td></td>
                            {(1..=5u8)
                                .map(|i| {
                                    view! {
                                        <th scope="col" class="heat-axis">
                                            {i}
                                            <span class="sr-only">
                                                {format!(" {}", IMPACT[(i - 1) as usize])}
                                            </span>
                                        </th>
                                    }
                                })
                                .collect_view()}
                        </tr>
                    </tfoot>
                </table>
            </div>
            <p class="heat-x-title" aria-hidden="true">"Impact →"</p>
            <ul class="heat-legend" aria-label="Score bands">
                <li>
                    <span class="swatch band-low"></span>
                    "Low: score 1–4"
                </li>
                <li>
                    <span class="swatch band-medium"></span>
                    "Medium: 5–9"
                </li>
                <li>
                    <span class="swatch band-high"></span>
                    "High: 10–25"
                </li>
            </ul>
        </figure>
    }
}
