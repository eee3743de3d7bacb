//! The pure core: state, actions, effects, `update`, keymap and selection rules.

pub mod action;
pub mod contexts;
pub mod effect;
mod job_view;
pub mod keymap;
pub mod selection;
pub mod services;
pub mod sort;
pub mod state;
pub mod update;
pub mod views;

pub use action::{Action, ItemOutcome};
pub use effect::{Effect, JobKind, Recheck};
pub use state::AppState;
