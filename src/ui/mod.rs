//! Leptos views, grouped by feature. They stay thin: read state, call [`state::AppState`]
//! operations, render.

pub mod browser;
pub mod exchange;
pub mod operations;
pub mod people;
pub mod projects;
pub mod route;
pub mod shell;
pub mod state;

pub use shell::App;
