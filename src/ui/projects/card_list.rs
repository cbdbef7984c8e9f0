//! The cards in a board's columns, kept across columns.
//!
//! Each column shows the cards it renders (see `board::ColumnFull`) through [`CardViews::show`]
//! instead of a keyed list of its own: the board keeps one view per card on screen, whichever
//! column shows it. A card moved to another column keeps its element, moved there by
//! `Element.moveBefore` (which keeps focus on it, so there is no blur and no focus to give back),
//! instead of being torn down in one column and built again in the other: a keyboard move used
//! to spend about a third of its time on that.
//!
//! A column that stops showing a card lets it go; another column may take it up in the same
//! update (the order the columns update in doesn't matter). Cards nobody took up are taken down
//! in a microtask after the update, before the browser renders.

use crate::domain::Id;
use leptos::prelude::*;
use leptos::tachys::view::any_view::AnyViewState;
use leptos::tachys::view::{Mountable, Render};
use std::collections::{HashMap, HashSet};
use wasm_bindgen::prelude::*;

#[wasm_bindgen]
extern "C" {
    /// An element, for its `moveBefore` (Chromium 133, Firefox 144): it moves a node within
    /// the document without taking it out, so focus and other state stay with it.
    #[wasm_bindgen(extends = web_sys::Element)]
    type Parent;
    #[wasm_bindgen(method, catch, js_name = moveBefore)]
    fn move_before(
        this: &Parent,
        node: &web_sys::Node,
        child: Option<&web_sys::Node>,
    ) -> Result<(), JsValue>;
}

/// Puts `node` in `parent` before `before` (at the end for `None`), keeping its focus where the
/// browser can; otherwise (an older browser, or a list not in the document) by `insertBefore`.
fn place(parent: &web_sys::Element, node: &web_sys::Node, before: Option<&web_sys::Node>) {
    if parent
        .unchecked_ref::<Parent>()
        .move_before(node, before)
        .is_err()
    {
        let _ = parent.insert_before(node, before);
    }
}

/// What a card reads from the column that shows it (they change when it moves).
#[derive(Clone, Copy)]
pub struct ColInputs {
    /// Every live card of the column, in order (for the move buttons).
    pub siblings: Signal<super::board::Ids>,
    /// The cards the column renders (a card's place among them is its CSS order in a drag).
    pub rendered: Memo<Vec<Id>>,
    /// The column's (index, number of columns).
    pub position: Signal<(usize, usize)>,
}

/// Builds a card's view, given the signal of the column inputs it reads.
type Make = std::rc::Rc<dyn Fn(&Id, RwSignal<ColInputs>) -> AnyView>;

struct Slot {
    li: web_sys::Node,
    column: Id,
    inputs: RwSignal<ColInputs>,
    /// Let go by its column and not (yet) taken up by another.
    loose: bool,
    state: AnyViewState,
    owner: Owner,
}

struct Inner {
    make: Make,
    /// The board's owner: each card's owner is its child (not its column's, which may go).
    owner: Owner,
    slots: HashMap<Id, Slot>,
    /// The cards in each column's list element, in the order of their elements.
    order: HashMap<Id, Vec<Id>>,
    flush_queued: bool,
}

/// The board's card views (see the module notes).
#[derive(Clone, Copy)]
pub struct CardViews(StoredValue<Option<Inner>, LocalStorage>);

impl CardViews {
    /// Call in the board's component (its owner becomes the cards' owners' parent).
    pub fn new(make: impl Fn(&Id, RwSignal<ColInputs>) -> AnyView + 'static) -> CardViews {
        let owner = Owner::current().expect("CardViews::new runs in a component");
        CardViews(StoredValue::new_local(Some(Inner {
            make: std::rc::Rc::new(make),
            owner,
            slots: HashMap::new(),
            order: HashMap::new(),
            flush_queued: false,
        })))
    }

    /// Makes `list` (the column's list element) show the cards `ids` in this order: cards
    /// it shows already stay, cards another column shows move here, others are built.
    pub fn show(&self, column: &Id, list: &web_sys::Element, inputs: ColInputs, ids: &[Id]) {
        let wanted: HashSet<&Id> = ids.iter().collect();
        // Let go of the cards this column no longer shows, and find those to build.
        let Some(Some(missing)) = self.0.try_update_value(|inner| {
            let inner = inner.as_mut()?;
            let mut let_go = false;
            for id in inner.order.get(column).into_iter().flatten() {
                if let Some(s) = inner.slots.get_mut(id) {
                    if &s.column == column && !wanted.contains(id) && !s.loose {
                        s.loose = true;
                        let_go = true;
                    }
                }
            }
            if let_go {
                self.queue_flush(inner);
            }
            Some(
                ids.iter()
                    .filter(|id| !inner.slots.contains_key(*id))
                    .cloned()
                    .collect::<Vec<Id>>(),
            )
        }) else {
            return;
        };
        // Build the new ones outside the lock (building runs the card's code), each under
        // an owner of its own, without this effect tracking what they read.
        let built: Vec<(Id, Slot)> = {
            let Some(Some((make_owner, make))) = self
                .0
                .try_with_value(|inner| inner.as_ref().map(|i| (i.owner.clone(), i.make.clone())))
            else {
                return;
            };
            untrack(|| {
                missing
                    .into_iter()
                    .filter_map(|id| {
                        let owner = make_owner.with(Owner::new);
                        let (inputs, state) = owner.with(|| {
                            let sig = RwSignal::new(inputs);
                            (sig, make(&id, sig).build())
                        });
                        let li: web_sys::Node = state.elements().into_iter().next()?.into();
                        Some((
                            id,
                            Slot {
                                li,
                                column: column.clone(),
                                inputs,
                                loose: false,
                                state,
                                owner,
                            },
                        ))
                    })
                    .collect()
            })
        };
        let fresh: HashSet<Id> = built.iter().map(|(id, _)| id.clone()).collect();
        let mut moved_in: Vec<RwSignal<ColInputs>> = Vec::new();
        self.0.try_update_value(|inner| {
            let Some(inner) = inner.as_mut() else {
                return;
            };
            inner.slots.extend(built);
            // The list's elements as they are (cards of this column, loose ones included).
            let mut cur: Vec<Id> = inner.order.remove(column).unwrap_or_default();
            let mut j = 0;
            for id in ids {
                while j < cur.len() && !wanted.contains(&cur[j]) {
                    j += 1;
                }
                if j < cur.len() && &cur[j] == id {
                    j += 1;
                    continue;
                }
                let before = cur
                    .get(j)
                    .and_then(|b| inner.slots.get(b))
                    .map(|s| s.li.clone());
                let Some(slot) = inner.slots.get_mut(id) else {
                    continue;
                };
                if fresh.contains(id) {
                    slot.state.mount(list, before.as_ref());
                } else {
                    place(list, &slot.li, before.as_ref());
                }
                if let Some(k) = cur.iter().position(|x| x == id) {
                    cur.remove(k);
                    if k < j {
                        j -= 1;
                    }
                } else if &slot.column != column {
                    // Taken up from another column.
                    let from = std::mem::replace(&mut slot.column, column.clone());
                    if let Some(o) = inner.order.get_mut(&from) {
                        o.retain(|x| x != id);
                    }
                    moved_in.push(slot.inputs);
                }
                slot.loose = false;
                cur.insert(j, id.clone());
                j += 1;
            }
            inner.order.insert(column.clone(), cur);
        });
        for sig in moved_in {
            sig.set(inputs);
        }
    }

    /// The column is going away: its cards are let go (another column may take them up).
    pub fn release(&self, column: &Id) {
        self.0.try_update_value(|inner| {
            let Some(inner) = inner.as_mut() else {
                return;
            };
            for s in inner.slots.values_mut() {
                if &s.column == column {
                    s.loose = true;
                }
            }
            self.queue_flush(inner);
        });
    }

    fn queue_flush(&self, inner: &mut Inner) {
        if std::mem::replace(&mut inner.flush_queued, true) {
            return;
        }
        let this = *self;
        queue_microtask(move || this.flush());
    }

    /// Takes down the cards let go and not taken up.
    fn flush(&self) {
        let dead: Vec<Slot> = self
            .0
            .try_update_value(|inner| {
                let Some(inner) = inner.as_mut() else {
                    return Vec::new();
                };
                inner.flush_queued = false;
                let ids: Vec<Id> = inner
                    .slots
                    .iter()
                    .filter(|(_, s)| s.loose)
                    .map(|(id, _)| id.clone())
                    .collect();
                ids.iter()
                    .filter_map(|id| {
                        let s = inner.slots.remove(id)?;
                        if let Some(o) = inner.order.get_mut(&s.column) {
                            o.retain(|x| x != id);
                        }
                        Some(s)
                    })
                    .collect()
            })
            .unwrap_or_default();
        for mut s in dead {
            s.state.unmount();
            s.owner.cleanup();
        }
    }
}
