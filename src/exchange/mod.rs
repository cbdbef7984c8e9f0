//! Files in and out: the Docket file format (export, validation with paths, preview, merge),
//! and the Trello import. Pure Rust: native-tested and fuzzable.

// No panic on values from storage or a file (issue 16): no unchecked indexing or
// overflowing arithmetic anywhere in exchange; `#[allow]`s say why each is safe.
#![cfg_attr(
    not(test),
    deny(clippy::indexing_slicing, clippy::arithmetic_side_effects)
)]

pub mod fields;
pub mod format;
pub mod merge;
pub mod people;
pub mod preview;
pub mod trello;
