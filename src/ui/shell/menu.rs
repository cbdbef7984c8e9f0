//! A menu button (WAI-ARIA APG menu button): a button with `aria-haspopup` that opens a
//! menu of actions. Enter, Space or ArrowDown open it on the first item; the arrows, Home
//! and End move; Escape closes it and gives focus back to the button; Tab or a click
//! elsewhere closes it. Choosing an item runs it, closes the menu and focuses the button
//! (an item that moves focus elsewhere does so after, with `focus_later`).

use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// The enabled items of a menu.
fn items(menu: &web_sys::Element) -> Vec<web_sys::HtmlElement> {
    let Ok(list) = menu.query_selector_all("[role=menuitem]:not([disabled])") else {
        return Vec::new();
    };
    (0..list.length())
        .filter_map(|i| list.item(i)?.dyn_into::<web_sys::HtmlElement>().ok())
        .collect()
}

/// A button labelled `label` showing `glyph`, and the menu of `children` (buttons with
/// `role="menuitem"`). The menu is built when it opens and dropped when it closes: a board
/// has a menu per column, and closed ones cost nothing at start.
#[component]
pub fn MenuButton(
    label: Signal<String>,
    glyph: &'static str,
    #[prop(optional)] class: &'static str,
    children: ChildrenFn,
) -> impl IntoView {
    let open = RwSignal::new(false);
    // Where the menu shows: fixed under the button, right-aligned with it (a fixed menu is
    // not clipped by a scrolling board or column).
    let at = RwSignal::new((0.0, 0.0));
    let button = NodeRef::<leptos::html::Button>::new();
    let menu = NodeRef::<leptos::html::Ul>::new();
    // Focus item `pick(items)` once the menu is shown.
    let focus = move |pick: fn(usize) -> usize| {
        if let Some(b) = button.get_untracked() {
            let r = b.get_bounding_client_rect();
            let width = window()
                .inner_width()
                .ok()
                .and_then(|w| w.as_f64())
                .unwrap_or(0.0);
            at.set((r.bottom() + 2.0, (width - r.right()).max(4.0)));
        }
        request_animation_frame(move || {
            if let Some(m) = menu.get_untracked() {
                let all = items(&m);
                if let Some(el) = all.get(pick(all.len())) {
                    let _ = el.focus();
                }
            }
        });
    };
    let close = move |refocus: bool| {
        open.set(false);
        if refocus {
            if let Some(b) = button.get_untracked() {
                let _ = b.focus();
            }
        }
    };
    let on_button_key = move |ev: leptos::ev::KeyboardEvent| match ev.key().as_str() {
        "ArrowDown" | "ArrowUp" => {
            ev.prevent_default();
            open.set(true);
            focus(if ev.key() == "ArrowUp" {
                |n| n.saturating_sub(1)
            } else {
                |_| 0
            });
        }
        _ => {}
    };
    let on_menu_key = move |ev: leptos::ev::KeyboardEvent| {
        let Some(m) = menu.get_untracked() else {
            return;
        };
        let all = items(&m);
        let n = all.len().max(1);
        let at = document()
            .active_element()
            .and_then(|a| {
                all.iter().position(|el| {
                    let e: &web_sys::Element = el;
                    *e == a
                })
            })
            .unwrap_or(0);
        let to = match ev.key().as_str() {
            "ArrowDown" => (at + 1) % n,
            "ArrowUp" => (at + n - 1) % n,
            "Home" => 0,
            "End" => n - 1,
            "Escape" => {
                ev.prevent_default();
                ev.stop_propagation();
                return close(true);
            }
            "Tab" => return close(false),
            _ => return,
        };
        ev.prevent_default();
        if let Some(el) = all.get(to) {
            let _ = el.focus();
        }
    };
    // Focus leaving the menu and its button closes it.
    let on_focus_out = move |ev: leptos::ev::FocusEvent| {
        let inside = ev
            .related_target()
            .and_then(|t| t.dyn_into::<web_sys::Node>().ok())
            .zip(
                ev.current_target()
                    .and_then(|t| t.dyn_into::<web_sys::Node>().ok()),
            )
            .is_some_and(|(to, wrap)| wrap.contains(Some(&to)));
        if !inside {
            open.set(false);
        }
    };
    view! {
        <div class=format!("menu-wrap {class}") on:focusout=on_focus_out>
            <button
                type="button"
                class="icon-button menu-button"
                node_ref=button
                aria-haspopup="menu"
                aria-expanded=move || open.get().to_string()
                aria-label=move || label.get()
                title=move || label.get()
                on:click=move |_| {
                    let now = !open.get_untracked();
                    open.set(now);
                    if now {
                        focus(|_| 0);
                    }
                }
                on:keydown=on_button_key
            >
                {glyph}
            </button>
            <Show when=move || open.get()>
                <ul
                    class="menu"
                    role="menu"
                    node_ref=menu
                    aria-label=move || label.get()
                    style:top=move || format!("{}px", at.get().0)
                    style:right=move || format!("{}px", at.get().1)
                    on:keydown=on_menu_key
                    on:click=move |ev| {
                        let item = ev
                            .target()
                            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
                            .and_then(|e| e.closest("[role=menuitem]").ok().flatten());
                        if item.is_some() {
                            close(true);
                        }
                    }
                >
                    {children()}
                </ul>
            </Show>
        </div>
    }
}

/// One item of a [`MenuButton`]: a button with `role="menuitem"`, disabled while `disabled`.
/// One function for every item keeps one compiled view.
pub fn menu_item(text: &'static str, disabled: Signal<bool>, run: Callback<()>) -> AnyView {
    view! {
        <li role="none">
            <button
                type="button"
                role="menuitem"
                disabled=move || disabled.get()
                on:click=move |_| run.run(())
            >
                {text}
            </button>
        </li>
    }
    .into_any()
}
