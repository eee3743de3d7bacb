//! taskdefs: a terminal UI for Amazon ECS task definitions.

pub mod app;
pub mod cli;
pub mod clipboard;
pub mod completions;
pub mod config;
pub mod diff;
pub mod domain;
pub mod ecs;
pub mod export;
pub mod geometry;
pub mod inuse;
pub mod jobs;
pub mod journal;
pub mod keep;
pub mod list;
pub mod masking;
pub mod prune;
pub mod ratelimit;
pub mod recheck;
pub mod runtime;
pub mod sources;
pub mod terminal;
pub mod text;
pub mod ui;
pub mod worker;
