//! Which cards render their move buttons. With a mouse, only the card under the pointer and
//! the card with focus do, so a big board does not build four buttons for every card; on a
//! touch screen, which has no hover, every card does. The board's pointer and focus events
//! say which cards those are.

use super::drag::card_id;
use crate::domain::Id;
use crate::ui::browser::media_matches;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// The cards that show their move buttons (see the module's comment).
#[derive(Clone, Copy)]
pub(super) struct ActiveCards {
    /// Every card shows them (the screen has no hover).
    all: bool,
    pointer: RwSignal<Option<Id>>,
    focus: RwSignal<Option<Id>>,
}

impl ActiveCards {
    pub fn new() -> Self {
        ActiveCards {
            all: media_matches("(hover: none)"),
            pointer: RwSignal::new(None),
            focus: RwSignal::new(None),
        }
    }

    /// Whether `card` shows its buttons. A change of pointer or focus compares each rendered
    /// card's id once; only the cards whose answer changes re-render.
    pub fn shows(self, card: &Id) -> Memo<bool> {
        let card = Some(card.clone());
        Memo::new(move |_| {
            self.all || self.pointer.with(|p| p == &card) || self.focus.with(|f| f == &card)
        })
    }

    /// The pointer moved onto `ev`'s target (on the board).
    pub fn pointer_over(self, ev: &web_sys::Event) {
        set(self.pointer, card_of(ev));
    }

    /// The pointer left the board.
    pub fn pointer_left(self) {
        set(self.pointer, None);
    }

    /// Focus went to `ev`'s target (on the board). Focus leaving the board changes nothing:
    /// the buttons of a card without focus or hover are transparent (style/projects.css),
    /// and a card moved by keys, which lets go of focus for a frame, keeps its buttons.
    pub fn focus_in(self, ev: &web_sys::Event) {
        set(self.focus, card_of(ev));
    }
}

fn set(signal: RwSignal<Option<Id>>, card: Option<Id>) {
    if signal.with_untracked(|c| c != &card) {
        signal.set(card);
    }
}

/// The card an event happened in.
fn card_of(ev: &web_sys::Event) -> Option<Id> {
    let el = ev.target()?.dyn_into::<web_sys::Element>().ok()?;
    card_id(&el.closest(".card[data-card-id]").ok()??)
}
