//! The project manager's side: the list of projects and each project's board.

mod board;
mod card_dialog;
mod list;

pub use board::BoardPage;
pub use list::{ProjectsPage, Welcome};
