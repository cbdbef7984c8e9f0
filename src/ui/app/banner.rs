//! The banner: errors and load problems, at the top of every page.

use crate::ui::state::use_state;
use leptos::prelude::*;

#[component]
pub(super) fn Banner() -> impl IntoView {
    let state = use_state();
    view! {
        <div class="banner-area">
            <Show when=move || state.notice.with(Option::is_some)>
                <div
                    class="banner"
                    class:error=move || state.notice.with(|n| n.as_ref().is_some_and(|n| n.error))
                    role="alert"
                >
                    <p>{move || state.notice.with(|n| n.as_ref().map(|n| n.text.clone()))}</p>
                    <Show when=move || state.notice.with(|n| n.as_ref().is_some_and(|n| n.save_failed))>
                        <crate::ui::recovery::SaveFailedActions/>
                    </Show>
                    <button class="ghost" on:click=move |_| state.notice.set(None)>
                        "Dismiss"
                    </button>
                </div>
            </Show>
            // Records that could not be read (each names its key: the recovery view can set
            // it aside) are damage; notes (a card stored twice, kept once) are not.
            <Show when=move || state.problems.with(|p| p.iter().any(|p| !p.key.is_empty()))>
                <div class="banner error" role="alert">
                    <div>
                        <p>
                            <strong>"Some stored data could not be read."</strong>
                            " It has been left exactly as it was; the rest of your work is below."
                        </p>
                        <ul>
                            <For
                                each=move || state.problems.with(|p| damage(p, true))
                                key=|p| (p.key.clone(), p.message.clone())
                                let:p
                            >
                                <li>{p.message}</li>
                            </For>
                        </ul>
                    </div>
                </div>
            </Show>
            <Show when=move || state.problems.with(|p| p.iter().any(|p| p.key.is_empty()))>
                <div class="banner" role="status">
                    <ul>
                        <For
                            each=move || state.problems.with(|p| damage(p, false))
                            key=|p| p.message.clone()
                            let:p
                        >
                            <li>{p.message}</li>
                        </For>
                    </ul>
                </div>
            </Show>
        </div>
    }
}

/// The problems that name a stored record (`true`) or the notes that don't (`false`).
fn damage(all: &[crate::storage::Problem], keyed: bool) -> Vec<crate::storage::Problem> {
    all.iter()
        .filter(|p| p.key.is_empty() != keyed)
        .cloned()
        .collect()
}
