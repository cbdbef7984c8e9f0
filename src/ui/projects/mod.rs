//! The project manager's side: the list of projects and each project's page and tabs.

mod board;
mod card_dialog;
mod card_list;
mod charter;
mod dnd;
mod filter;
mod list;
mod page;
mod progress;
mod report;
mod risks;
mod timeline;
mod trash;

pub use list::{ProjectsPage, Welcome};
pub use page::{OpenCard, ProjectPage};
