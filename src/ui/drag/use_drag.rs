//! The drag hook: one per list container, listening for the pointer on the container itself
//! (the items carry no listeners of their own).

use super::aim::target_element;
use super::lift::Lifted;
use super::scroll::auto_scroll;
use crate::ui::state::use_state;
use leptos::html::ElementType;
use leptos::prelude::*;
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

/// How far (in CSS pixels) a press must move before it becomes a drag, so a click stays a
/// click.
const THRESHOLD: f64 = 6.0;

/// Where a dragged item would land: what the list's drop gets, and where the placeholder
/// shows (in `parent`, before `before`, or at its end).
pub struct Spot<T> {
    pub value: T,
    pub parent: web_sys::Element,
    pub before: Option<web_sys::Element>,
}

/// Finds where the item `key` (its element is given) would land with the pointer at (x, y).
pub type Aim<K, T> = Rc<dyn Fn(&K, &web_sys::Element, f64, f64) -> Option<Spot<T>>>;

/// What [`use_drag`] drags, and what a drop does.
pub struct UseDragOptions<K, T> {
    /// The draggable items: a press inside an element matching this selector (within the
    /// container) may drag it.
    pub item: &'static str,
    /// The item's grip: a press on it drags with any pointer (touch, pen, mouse).
    pub handle: &'static str,
    /// With a mouse, a press anywhere on the item drags it too (outside `not_from`).
    pub mouse_anywhere: bool,
    /// Parts of an item a press never drags from (its buttons, say).
    pub not_from: &'static str,
    /// The class of the placeholder, besides `drag-placeholder`.
    pub placeholder_class: &'static str,
    /// The key of an item, read from its element.
    pub key: fn(&web_sys::Element) -> Option<K>,
    /// Where the item `key` (its element is given) would land with the pointer at (x, y).
    pub aim: Aim<K, T>,
    /// Drops the item `key` at the place `aim` last found.
    pub on_drop: Rc<dyn Fn(K, T)>,
}

/// What [`use_drag`] tells the view.
#[derive(Clone, Copy)]
pub struct UseDragReturn<K: Send + Sync + 'static> {
    /// The key of the item being dragged.
    pub dragging: ReadSignal<Option<K>>,
}

/// A press that may become a drag.
struct Press<K> {
    key: K,
    item: web_sys::Element,
    pointer: i32,
    at: (f64, f64),
}

/// A drag in progress.
struct Active<K, T> {
    key: K,
    pointer: i32,
    lifted: Lifted,
    spot: Option<T>,
}

struct Inner<K, T> {
    press: Option<Press<K>>,
    active: Option<Active<K, T>>,
}

/// Makes the items of the list in `container` draggable with a pointer (see the module
/// notes). The listeners go when the current owner is cleaned up.
pub fn use_drag<E, K, T>(container: NodeRef<E>, options: UseDragOptions<K, T>) -> UseDragReturn<K>
where
    E: ElementType + 'static,
    E::Output: JsCast + Clone + 'static,
    K: Clone + PartialEq + Send + Sync + 'static,
    T: Clone + PartialEq + 'static,
{
    let state = use_state();
    let (dragging, set_dragging) = signal(None::<K>);
    let inner: Rc<RefCell<Inner<K, T>>> = Rc::new(RefCell::new(Inner {
        press: None,
        active: None,
    }));
    let options = Rc::new(options);

    // Ends the drag: the item is put back and, when `drop`, dropped where it was aimed.
    let finish = {
        let inner = inner.clone();
        let options = options.clone();
        move |drop: bool| {
            let active = {
                let mut i = inner.borrow_mut();
                i.press = None;
                i.active.take()
            };
            let Some(a) = active else {
                return false;
            };
            a.lifted.put_down();
            set_dragging.set(None);
            if drop {
                if let Some(spot) = a.spot {
                    (options.on_drop)(a.key, spot);
                }
            }
            true
        }
    };

    let on_down = {
        let inner = inner.clone();
        let options = options.clone();
        move |ev: web_sys::PointerEvent| {
            if !ev.is_primary() || ev.button() != 0 || inner.borrow().active.is_some() {
                return;
            }
            let Some(t) = target_element(&ev) else {
                return;
            };
            let Some(item) = t.closest(options.item).ok().flatten() else {
                return;
            };
            if t.closest(options.not_from).ok().flatten().is_some() {
                return;
            }
            let on_handle = t
                .closest(options.handle)
                .ok()
                .flatten()
                .is_some_and(|h| item.contains(Some(&h)));
            let by_mouse = options.mouse_anywhere && ev.pointer_type() == "mouse";
            if !on_handle && !by_mouse {
                return;
            }
            if on_handle {
                // No text selection, no scrolling: the grip is for dragging.
                ev.prevent_default();
            }
            let Some(key) = (options.key)(&item) else {
                return;
            };
            inner.borrow_mut().press = Some(Press {
                key,
                item,
                pointer: ev.pointer_id(),
                at: (ev.client_x() as f64, ev.client_y() as f64),
            });
        }
    };

    let on_move = {
        let inner = inner.clone();
        let options = options.clone();
        move |ev: web_sys::PointerEvent, host: &web_sys::Element| {
            let (x, y) = (ev.client_x() as f64, ev.client_y() as f64);
            let mut i = inner.borrow_mut();
            if i.active.is_none() {
                let start = i.press.as_ref().is_some_and(|p| {
                    let (dx, dy) = (x - p.at.0, y - p.at.1);
                    p.pointer == ev.pointer_id() && dx * dx + dy * dy >= THRESHOLD * THRESHOLD
                });
                if !start {
                    return;
                }
                let Some(p) = i.press.take() else {
                    return;
                };
                let Some(lifted) = Lifted::new(&p.item, p.at.0, p.at.1, options.placeholder_class)
                else {
                    return;
                };
                // The container keeps the pointer's events wherever it goes (and the item's
                // element may move in the DOM without losing them).
                let _ = host.set_pointer_capture(p.pointer);
                set_dragging.set(Some(p.key.clone()));
                i.active = Some(Active {
                    key: p.key,
                    pointer: p.pointer,
                    lifted,
                    spot: None,
                });
            }
            let Some(a) = i.active.as_mut().filter(|a| a.pointer == ev.pointer_id()) else {
                return;
            };
            ev.prevent_default();
            a.lifted.follow(x, y);
            auto_scroll(host, x, y);
            let el: web_sys::Element = a.lifted.el.clone().into();
            match (options.aim)(&a.key, &el, x, y) {
                Some(spot) => {
                    if a.spot.as_ref() != Some(&spot.value) {
                        a.lifted.show_at(&spot.parent, spot.before.as_ref());
                        a.spot = Some(spot.value);
                    }
                }
                None => {
                    a.lifted.hide();
                    a.spot = None;
                }
            }
        }
    };

    let on_up = {
        let inner = inner.clone();
        let finish = finish.clone();
        move |ev: web_sys::PointerEvent| {
            let mine = inner
                .borrow()
                .active
                .as_ref()
                .is_some_and(|a| a.pointer == ev.pointer_id());
            inner.borrow_mut().press = None;
            if mine {
                finish(true);
            }
        }
    };

    let on_cancel = {
        let inner = inner.clone();
        let finish = finish.clone();
        move |_: web_sys::PointerEvent| {
            inner.borrow_mut().press = None;
            if finish(false) {
                state.announce("Move cancelled.");
            }
        }
    };

    // Escape cancels a drag.
    let on_key = {
        let finish = finish.clone();
        window_event_listener(leptos::ev::keydown, move |ev| {
            if ev.key() == "Escape" && finish(false) {
                ev.prevent_default();
                state.announce("Move cancelled.");
            }
        })
    };

    type Listener = (&'static str, Closure<dyn FnMut(web_sys::PointerEvent)>);
    let listeners: Rc<RefCell<Vec<Listener>>> = Rc::default();
    let attached: Rc<RefCell<Option<web_sys::Element>>> = Rc::default();
    {
        let listeners = listeners.clone();
        let attached = attached.clone();
        container.on_load(move |el| {
            let host: web_sys::Element = el.unchecked_into();
            let mut l = listeners.borrow_mut();
            l.push(("pointerdown", Closure::new(on_down)));
            let h = host.clone();
            l.push((
                "pointermove",
                Closure::new(move |ev: web_sys::PointerEvent| on_move(ev, &h)),
            ));
            l.push(("pointerup", Closure::new(on_up)));
            l.push(("pointercancel", Closure::new(on_cancel.clone())));
            // Only the container's own capture: a touch's implicit capture by the grip,
            // handed over to the container when the drag starts, bubbles here too.
            let h = host.clone();
            l.push((
                "lostpointercapture",
                Closure::new(move |ev: web_sys::PointerEvent| {
                    let target = ev.target().and_then(|t| t.dyn_into::<web_sys::Node>().ok());
                    if target.is_some_and(|t| h.is_same_node(Some(&t))) {
                        on_cancel(ev);
                    }
                }),
            ));
            for (name, f) in l.iter() {
                let _ = host.add_event_listener_with_callback(name, f.as_ref().unchecked_ref());
            }
            *attached.borrow_mut() = Some(host);
        });
    }
    // Cleanups run before the owner's values are dropped, so the (non-`Send`) cleanup can
    // wait in a local stored value.
    let cleanup: Box<dyn FnOnce()> = Box::new(move || {
        on_key.remove();
        finish(false);
        if let Some(host) = attached.borrow_mut().take() {
            for (name, f) in listeners.borrow().iter() {
                let _ = host.remove_event_listener_with_callback(name, f.as_ref().unchecked_ref());
            }
        }
        listeners.borrow_mut().clear();
    });
    let cleanup = StoredValue::new_local(Some(cleanup));
    on_cleanup(move || {
        if let Some(Some(f)) = cleanup.try_update_value(Option::take) {
            f();
        }
    });

    UseDragReturn { dragging }
}
