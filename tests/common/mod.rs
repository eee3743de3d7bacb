//! Shared helpers for integration tests: a patched moto ECS server on 127.0.0.1
//! (`MotoServer`), seeding through aws-sdk-ecs (`Seed`), and fixtures.
//!
//! Use from a test file with `mod common;`. Every helper panics with a clear message on
//! failure: these are tests.

// Not every test binary uses every helper; helpers panic (expect) on failure by design.
#![allow(dead_code, unused_imports, clippy::unwrap_used, clippy::expect_used)]

pub mod cli;
pub mod http;
pub mod moto;
#[allow(dead_code)] // Only the neighbour tests use it.
pub mod neighbour;
pub mod seed;

pub use moto::{Fault, MotoServer};
pub use seed::Seed;

use std::path::PathBuf;

/// Runs a future to completion on a fresh current-thread runtime, for synchronous tests
/// (e.g. tmux end-to-end tests) that want to seed moto.
pub fn block_on<F: std::future::Future>(f: F) -> F::Output {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("tokio runtime")
        .block_on(f)
}

/// `assets/demo/aws-samples/<name>` (Apache-2.0, aws-samples/aws-containers-task-definitions):
/// the one copy, which the demo account embeds too.
pub fn fixture_path(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("assets/demo/aws-samples")
        .join(name)
}

/// A fixture parsed as RegisterTaskDefinition input JSON.
pub fn fixture(name: &str) -> serde_json::Value {
    let path = fixture_path(name);
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("cannot read fixture {}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("bad fixture {}: {e}", path.display()))
}
