//! The project manager's side: the list of projects and each project's page and tabs.

pub(crate) mod activity;
mod board;
mod budget;
mod card_dialog;
mod charter;

mod list;
mod page;
mod progress;
mod report;
mod risks;
mod table;
mod templates;
mod timeline;
mod trash;

pub use list::{ProjectsPage, Welcome};
pub use page::ProjectPage;

use crate::domain::Id;
use leptos::prelude::*;

/// Which card's dialog is open (provided by the project page; any tab may set it).
#[derive(Clone, Copy)]
pub struct OpenCard(pub RwSignal<Option<Id>>);
