//! Drag and drop with pointer events (mouse, touch and pen alike), with its keyboard twin.
//!
//! One hook serves every rearrangeable list of the app (the board's cards and columns, a
//! checklist's items and sections): [`use_drag`] listens on the element that holds the list,
//! turns a press on an item's grip (or, with a mouse, anywhere on the item when asked) into
//! a drag once the pointer has moved a few pixels, floats the item under the pointer, shows a
//! placeholder where it would land, and hands the landing place to the list's own drop.
//! Escape cancels. The keyboard twin is [`alt_arrow`]: the lists move a focused item with
//! Alt + arrow keys through the same domain operations, and announce where it went.
//!
//! Files: `use_drag` (the hook, its options and what it returns), `lift` (the dragged
//! element and the placeholder), `aim` (finding the landing place among rendered elements),
//! `scroll` (scrolling near the edges while dragging), `keys` (the keyboard twin).

mod aim;
mod keys;
mod lift;
mod scroll;
mod use_drag;

pub use aim::{children_matching, first_past};
pub use keys::{alt_arrow, Arrow};
pub use scroll::near_edge;
pub use use_drag::{use_drag, Spot, UseDragOptions, UseDragReturn};
