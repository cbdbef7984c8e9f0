//! One run of a checklist: tick the items, watch the progress.

use super::RunProgress;
use crate::domain::{Id, Run, Template};
use crate::ui::browser::long_date;
use crate::ui::route::Route;
use crate::ui::shell::{set_title, NotFound};
use crate::ui::state::use_state;
use leptos::prelude::*;

#[component]
pub fn RunPage(id: Id) -> impl IntoView {
    let state = use_state();
    let found = state.run(&id).and_then(|run| {
        Some((
            run,
            state.template(&run.with_untracked(|r| r.template.clone()))?,
        ))
    });
    match found {
        Some((run, template)) => view! { <RunView run=run template=template/> }.into_any(),
        None => view! { <NotFound what="run" back=Route::Operations/> }.into_any(),
    }
}

#[component]
fn RunView(run: RwSignal<Run>, template: RwSignal<Template>) -> impl IntoView {
    let state = use_state();
    let name = move || template.with(|t| t.name.clone());
    let date = move || long_date(run.with(|r| r.date));
    set_title(move || format!("{} — {}", name(), date()));
    let tid = template.with_untracked(|t| t.id.clone());
    let items = move || {
        template.with(|t| {
            t.items
                .iter()
                .map(|i| (i.id.clone(), i.text.clone()))
                .collect::<Vec<_>>()
        })
    };
    view! {
        <section class="page narrow">
            <nav class="crumbs" aria-label="Breadcrumb">
                <a href=Route::Operations.href()>"Operations"</a>
                " / "
                <a href=Route::Template(tid).href()>{name}</a>
            </nav>
            <div class="page-head">
                <div>
                    <h1 tabindex="-1">{name}</h1>
                    <p class="lede">{move || format!("Run for {}", date())}</p>
                </div>
            </div>
            <RunProgress run=run template=template/>
            <ul class="check-list" aria-label="Items to check">
                <For each=items key=|(id, text)| (id.clone(), text.clone()) let:item>
                    {
                        let (item_id, text) = item;
                        let input_id = format!("check-{item_id}");
                        let checked = {
                            let item_id = item_id.clone();
                            Memo::new(move |_| run.with(|r| r.is_checked(&item_id)))
                        };
                        view! {
                            <li class="check-row" class:done=move || checked.get()>
                                <input
                                    type="checkbox"
                                    id=input_id.clone()
                                    prop:checked=move || checked.get()
                                    on:change=move |ev| {
                                        let on = event_target_checked(&ev);
                                        state.set_checked(run, template, &item_id, on);
                                    }
                                />
                                <label for=input_id>{text}</label>
                            </li>
                        }
                    }
                </For>
            </ul>
        </section>
    }
}
