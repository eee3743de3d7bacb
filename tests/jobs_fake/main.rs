//! The job runner against the in-memory ECS with its real token buckets, in paused time.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod idempotent;
mod neighbour;
mod outcomes;
mod pacing;
mod progress;
mod recheck;
mod support;
