//! taskdefs: a terminal UI for Amazon ECS task definitions.

pub mod app;
pub mod ecs;
pub mod inuse;
pub mod journal;
pub mod ui;
