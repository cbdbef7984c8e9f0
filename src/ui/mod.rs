//! Leptos views, grouped by feature. They stay thin: read state, call [`state::AppState`]
//! operations, render.

pub mod app;
pub mod author;
pub mod browser;
pub mod couch;
pub mod drag;
pub mod exchange;
pub mod lazy;
pub mod markdown;
pub mod operations;
pub mod overview;
pub mod panic;
pub mod people;
pub mod projects;
pub mod pwa;
pub mod recovery;
pub mod route;
pub mod settings;
pub mod shell;
pub mod shortcuts;
pub mod state;
pub mod theme;

pub use app::App;
