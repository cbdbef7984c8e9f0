//! Views in parts of the app that load when first shown. The release build (scripts/wasm.mjs,
//! feature `split`) cuts the wasm at each function that [`lazy!`] declares: a first visit
//! downloads and compiles the shell and the board, and a page's part is fetched the first time
//! it opens (the service worker keeps every part for offline use). Tests and debug builds run
//! unsplit: the same functions, called directly.

use leptos::prelude::*;
use leptos::wasm_split::SplitLoaderError;
use send_wrapper::SendWrapper;
use std::future::Future;
use std::pin::Pin;

/// A view from a part of the app, or why its part could not be fetched.
pub type Loaded = Result<AnyView, SplitLoaderError>;

/// Declares functions whose code goes in a part of the app of its own (with `split`). Each
/// becomes `async` and returns `Err` when its part cannot be fetched:
/// `lazy! { name(arg: Type) -> Output { body } }`.
macro_rules! lazy {
    ($($(#[$doc:meta])* $name:ident($($arg:ident: $ty:ty),*) -> $out:ty $body:block)*) => {$(
        $(#[$doc])*
        #[cfg(feature = "split")]
        #[leptos::wasm_split::wasm_split($name, wasm_split_path = ::leptos::wasm_split, fallible)]
        pub fn $name($($arg: $ty),*) -> Result<$out, leptos::wasm_split::SplitLoaderError> {
            let out: $out = $body;
            Ok(out)
        }
        $(#[$doc])*
        #[cfg(not(feature = "split"))]
        pub async fn $name($($arg: $ty),*) -> Result<$out, leptos::wasm_split::SplitLoaderError> {
            let out: $out = $body;
            Ok(out)
        }
    )*};
}
pub(crate) use lazy;

/// Shows the view `load` gives once its part of the app is here ("Opening…" until then). If
/// the part cannot be fetched (offline before Docket was saved for offline use), says so next
/// to a Try again.
pub fn later<F>(load: impl Fn() -> F + Send + Sync + 'static) -> AnyView
where
    F: Future<Output = Loaded> + 'static,
{
    // Boxed here, so that the view below is compiled once rather than once per page.
    later_boxed(Box::new(move || Box::pin(load())))
}

type Load = Box<dyn Fn() -> Pin<Box<dyn Future<Output = Loaded>>> + Send + Sync>;

fn later_boxed(load: Load) -> AnyView {
    let attempt = RwSignal::new(0u32);
    view! {
        <Suspense fallback=|| view! { <p class="opening" role="status">"Opening…"</p> }>
            {move || {
                attempt.track();
                let part = SendWrapper::new(load());
                Suspend::new(async move {
                    part.await.unwrap_or_else(|_| {
                        view! {
                            <div class="page narrow" role="alert">
                                <h1 tabindex="-1">"This page could not be opened"</h1>
                                <p>
                                    "Docket could not fetch this part of the app: the network may \
                                     be down, and it has not been saved for offline use yet. Your \
                                     data is safe. Check the connection, then try again."
                                </p>
                                <p>
                                    <button class="primary" on:click=move |_| attempt.update(|n| *n += 1)>
                                        "Try again"
                                    </button>
                                </p>
                            </div>
                        }
                        .into_any()
                    })
                })
            }}
        </Suspense>
    }
    .into_any()
}
