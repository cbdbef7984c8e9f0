//! Docket: kanban boards for project managers and recurring checklists for operations
//! managers, in one offline web app whose data lives in the browser's localStorage.

pub mod couch;
pub mod domain;
pub mod exchange;
pub mod session;
pub mod storage;
pub mod ui;
