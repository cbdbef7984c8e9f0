//! The offline app: registers the service worker and offers a new version when one is deployed.
//!
//! `sw.js` is written at build time by `scripts/postbuild.mjs` (from `public/sw.js`) with the
//! list of every built file. It precaches them, so Docket starts with the network gone. A new
//! deploy installs a new worker that *waits* while this page runs the old version: mixing the
//! two (old wasm, new CSS, or worse) is never right. The page shows "A new version of Docket
//! is ready"; its button tells the waiting worker to take over, and the page reloads once it
//! has (on `controllerchange`). Every URL is relative, so the same `dist/` works at `/` and
//! under any sub-path.

use leptos::prelude::*;
use wasm_bindgen::{closure::Closure, JsCast};
use web_sys::{RegistrationOptions, ServiceWorkerContainer, ServiceWorkerRegistration};

/// How long after the app starts the service worker is registered.
const START_AFTER: std::time::Duration = std::time::Duration::from_secs(3);

/// The update notice. Mount once, in the shell: mounting it registers the service worker.
#[component]
pub fn UpdatePrompt() -> impl IntoView {
    let ready = RwSignal::new(false);
    let reloading = RwSignal::new(false);
    let registration: StoredValue<Option<ServiceWorkerRegistration>, LocalStorage> =
        StoredValue::new_local(None);
    if let Some(container) = container() {
        // Installing the worker downloads every part of the app for offline use (hundreds of
        // files); started a little after the app, that never slows down the first page.
        set_timeout(
            move || start(container, ready, reloading, registration),
            START_AFTER,
        );
    }
    let update = move |_| {
        let Some(worker) = registration.with_value(|r| r.as_ref().and_then(|r| r.waiting())) else {
            // Nothing waits any more (another tab already updated): just reload.
            let _ = window().location().reload();
            return;
        };
        reloading.set(true);
        let message = js_sys::Object::new();
        let _ = js_sys::Reflect::set(&message, &"type".into(), &"SKIP_WAITING".into());
        if worker.post_message(&message).is_err() {
            let _ = window().location().reload();
        }
    };
    view! {
        <Show when=move || ready.get()>
            <div class="banner pwa-update" role="status">
                <p>"A new version of Docket is ready."</p>
                <button class="primary" on:click=update disabled=move || reloading.get()>
                    "Reload to update"
                </button>
            </div>
        </Show>
    }
}

/// The browser's service worker container, if it has one (not in insecure contexts).
fn container() -> Option<ServiceWorkerContainer> {
    let navigator = web_sys::window()?.navigator();
    let has = js_sys::Reflect::has(&navigator, &"serviceWorker".into()).unwrap_or(false);
    has.then(|| navigator.service_worker())
}

fn start(
    container: ServiceWorkerContainer,
    ready: RwSignal<bool>,
    reloading: RwSignal<bool>,
    registration: StoredValue<Option<ServiceWorkerRegistration>, LocalStorage>,
) {
    // Reload only when the user asked for the new version: the first install also changes the
    // controller (the worker claims the page), and that must not reload anything.
    listen(container.as_ref(), "controllerchange", move || {
        if reloading.get_untracked() {
            let _ = window().location().reload();
        }
    });
    let had_controller = container.controller().is_some();
    let options = RegistrationOptions::new();
    options.set_scope("./");
    let promise = container.register_with_options("./sw.js", &options);
    leptos::task::spawn_local(async move {
        // (A browser that blocks service workers by policy may answer with no registration.)
        let answer = wasm_bindgen_futures::JsFuture::from(promise).await;
        let reg = match answer.and_then(|r| r.dyn_into::<ServiceWorkerRegistration>()) {
            Ok(reg) => reg,
            Err(e) => {
                leptos::logging::warn!("Docket works online only here: {e:?}");
                return;
            }
        };
        // A worker that installed while no page ran an older version is the first one: it
        // takes over directly. Only an update (an older controller exists) waits for the user.
        if reg.waiting().is_some() && had_controller {
            ready.set(true);
        }
        let watched = reg.clone();
        listen(reg.as_ref(), "updatefound", move || {
            let Some(worker) = watched.installing() else {
                return;
            };
            let w = worker.clone();
            listen(worker.as_ref(), "statechange", move || {
                let installed = w.state() == web_sys::ServiceWorkerState::Installed;
                if installed && container_has_controller() {
                    ready.set(true);
                }
            });
        });
        // Look for a new deploy whenever the page comes back into view (a tab left open for
        // days otherwise only checks when it navigates).
        let checked = reg.clone();
        listen(document().as_ref(), "visibilitychange", move || {
            if document().visibility_state() == web_sys::VisibilityState::Visible {
                if let Ok(p) = checked.update() {
                    // Offline, the check fails: that is expected, and not an error to log.
                    leptos::task::spawn_local(async move {
                        let _ = wasm_bindgen_futures::JsFuture::from(p).await;
                    });
                }
            }
        });
        registration.set_value(Some(reg));
    });
}

fn container_has_controller() -> bool {
    container().is_some_and(|c| c.controller().is_some())
}

/// Adds an event listener for the life of the page (the app mounts once).
fn listen(target: &web_sys::EventTarget, event: &str, f: impl FnMut() + 'static) {
    let closure = Closure::<dyn FnMut()>::new(f);
    let _ = target.add_event_listener_with_callback(event, closure.as_ref().unchecked_ref());
    closure.forget();
}
