//! Benchmarks for issues 4 and 11, in benches/ (the Cargo convention). One binary, one section per goal:
//!
//!     cargo bench --bench taskdefs -- [bulk|neighbour|describe|render|filter|startup|journal|inventory|sources|keep|scan|cache|contexts|all]
//!
//! Paused tokio time makes the rate-limit benchmarks deterministic and quick; wall-clock
//! sections report the median with min and max over repeated runs.

// A benchmark harness: failing loudly is the right response to any setup error.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod bulk;
mod cache;
#[path = "../tests/common/mod.rs"]
mod common;
mod contexts;
mod describe;
mod inventory;
mod keep;
mod render;
mod scan;
mod sources;
mod startup;
mod stats;

fn main() {
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with("--"))
        .collect();
    let wanted = |name: &str| args.is_empty() || args.iter().any(|a| a == name || a == "all");
    if wanted("bulk") {
        bulk::run();
    }
    if wanted("neighbour") {
        bulk::run_neighbour();
    }
    if wanted("describe") {
        describe::run();
    }
    if wanted("render") {
        render::run_render();
    }
    if wanted("startup") {
        startup::run();
    }
    if wanted("journal") {
        startup::run_journal();
    }
    if wanted("inventory") {
        inventory::run();
    }
    if wanted("sources") {
        sources::run();
    }
    if wanted("keep") {
        keep::run();
    }
    if wanted("scan") {
        scan::run();
    }
    if wanted("cache") {
        cache::run();
    }
    if wanted("filter") {
        render::run_filter();
    }
    if wanted("contexts") {
        contexts::run();
        contexts::run_memory();
    }
}
