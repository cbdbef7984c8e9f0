//! Files in and out: the Docket file format (export, validation with paths, preview, merge),
//! and the Trello import. Pure Rust: native-tested and fuzzable.

pub mod format;
pub mod merge;
pub mod preview;
pub mod trello;
