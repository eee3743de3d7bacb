//! End to end, several regions in the UI against moto (one server, the region comes from the
//! request signature): keep-newest-3 across two regions from the families pane, confirmed once,
//! and a denied region shown as one row next to a healthy one; a region whose in-use scan fails
//! is the only unprotected one.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;
mod tmux;

use std::time::Duration;

use common::{Fault, MotoServer, block_on};
use tmux::Tmux;

const WAIT: Duration = Duration::from_secs(40);
const EAST: &str = "us-east-1";
const WEST: &str = "eu-west-1";

fn start(moto: &MotoServer, dir: &tempfile::TempDir, regions: &str) -> Tmux {
    let env = moto.env();
    let env: Vec<(&str, &str)> = env.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let journal = dir.path().join("journal.jsonl");
    Tmux::start(
        env!("CARGO_BIN_EXE_taskdefs"),
        &["--journal", journal.to_str().unwrap(), "--region", regions],
        &env,
        140,
        40,
    )
}

/// Revision numbers of `family` with `status` in `region`, ascending.
fn revisions(moto: &MotoServer, region: &str, family: &str, status: &str) -> Vec<u64> {
    let arns = block_on(moto.seed_in(region).list_all(family, status));
    let mut v: Vec<u64> = arns
        .iter()
        .map(|a| a.rsplit(':').next().unwrap().parse().unwrap())
        .collect();
    v.sort_unstable();
    v
}

#[test]
fn keep_newest_three_across_two_regions_leaves_each_as_planned() {
    let moto = MotoServer::start();
    let (east, west) = (moto.seed_in(EAST), moto.seed_in(WEST));
    block_on(async {
        east.register("web", 6).await;
        west.register("web", 4).await;
        west.register("api", 5).await;
        west.create_cluster("prod").await;
        west.create_service("prod", "api", "api:1").await;
    });
    let dir = tempfile::tempdir().unwrap();
    let t = start(&moto, &dir, "us-east-1,eu-west-1");
    // Both regions' families, each with its context column.
    t.wait_until("both regions' families", WAIT, |s| {
        s.contains(&format!("{EAST} web")) && s.contains(&format!("{WEST} api"))
    });
    t.wait_until("the in-use scan", WAIT, |s| {
        s.contains("in-use scan just now")
    });
    t.keep_newest(3, WAIT);
    // east web: 1..3; west web: 1; west api: 2 (1 is in use).
    let screen = t.wait_for("5 revisions across 3 families in 2 contexts", WAIT);
    assert!(
        screen.contains("eu-west-1 ·"),
        "each context is named:\n{screen}"
    );
    assert!(
        screen.contains("3 revisions in 1 family") && screen.contains("2 revisions in 2 families"),
        "per-context counts:\n{screen}"
    );
    // Five is below the count that must be typed: `y` confirms.
    t.keys(&["y"]);
    t.wait_for("5 of 5", WAIT);
    assert_eq!(revisions(&moto, EAST, "web", "ACTIVE"), [4, 5, 6]);
    assert_eq!(revisions(&moto, EAST, "web", "INACTIVE"), [1, 2, 3]);
    assert_eq!(revisions(&moto, WEST, "web", "ACTIVE"), [2, 3, 4]);
    assert_eq!(revisions(&moto, WEST, "web", "INACTIVE"), [1]);
    assert_eq!(revisions(&moto, WEST, "api", "ACTIVE"), [1, 3, 4, 5]);
    assert_eq!(revisions(&moto, WEST, "api", "INACTIVE"), [2]);
    // Each call is journaled with its own region.
    let journal = std::fs::read_to_string(dir.path().join("journal.jsonl")).unwrap();
    let lines: Vec<serde_json::Value> = journal
        .lines()
        .filter_map(|l| serde_json::from_str(l).ok())
        .filter(|e: &serde_json::Value| e["arn"].is_string())
        .collect();
    assert!(!lines.is_empty());
    assert!(
        lines.iter().all(|e| e["arn"]
            .as_str()
            .unwrap()
            .contains(e["region"].as_str().unwrap())),
        "{journal}"
    );
    assert!(
        lines.iter().all(|e| e["account"] == common::moto::ACCOUNT),
        "each line names the account: {journal}"
    );
    t.keys(&["Escape"]);
    std::thread::sleep(Duration::from_millis(300));
    t.keys(&["q"]);
    t.wait_for("__EXIT=0", WAIT);
}

#[test]
fn a_denied_region_is_one_row_and_the_healthy_one_loads() {
    let moto = MotoServer::start();
    block_on(async {
        moto.seed_in(EAST).register("web", 3).await;
        moto.seed_in(WEST).register("api", 2).await;
    });
    moto.inject(
        &Fault::error(
            "*",
            "AccessDeniedException",
            "User is not authorized to perform: ecs:ListTaskDefinitionFamilies",
            400,
            1000,
        )
        .in_region(WEST),
    );
    let dir = tempfile::tempdir().unwrap();
    let t = start(&moto, &dir, "us-east-1,eu-west-1");
    let screen = t.wait_until("the healthy region and the denied one", WAIT, |s| {
        s.contains(&format!("{EAST} web")) && s.contains(&format!("{WEST} ✗"))
    });
    assert!(!screen.contains("api"), "{screen}");
    // The healthy region browses on.
    t.keys(&["g", "Enter"]);
    t.wait_for("revisions 3", WAIT);
    t.keys(&["q"]);
    t.wait_for("__EXIT=0", WAIT);
}

#[test]
fn a_slow_region_does_not_hold_back_the_first_frame_or_the_others() {
    let moto = MotoServer::start();
    block_on(async {
        moto.seed_in(EAST).register("web", 3).await;
        moto.seed_in(WEST).register("api", 2).await;
    });
    // eu-west-1 answers its first call (the start-up check) only after 6 seconds (its
    // timeout is 8).
    moto.inject(
        &Fault::delay("ListTaskDefinitionFamilies", Duration::from_secs(6), 1).in_region(WEST),
    );
    let dir = tempfile::tempdir().unwrap();
    let started = std::time::Instant::now();
    let t = start(&moto, &dir, "us-east-1,eu-west-1");
    let screen = t.wait_for(&format!("{EAST} web"), WAIT);
    assert!(
        !screen.contains("api"),
        "us-east-1 is shown while eu-west-1 is still connecting:\n{screen}"
    );
    assert!(
        started.elapsed() < Duration::from_secs(6),
        "the first rows did not wait for the slow region"
    );
    t.wait_for(&format!("{WEST} api"), WAIT);
    t.keys(&["q"]);
    t.wait_for("__EXIT=0", WAIT);
}

#[test]
fn region_plus_adds_a_region_and_region_minus_closes_one() {
    let moto = MotoServer::start();
    block_on(async {
        moto.seed_in(EAST).register("web", 2).await;
        moto.seed_in(WEST).register("api", 2).await;
        moto.seed_in("ap-south-1").register("jobs", 2).await;
    });
    let dir = tempfile::tempdir().unwrap();
    let t = start(&moto, &dir, "us-east-1,eu-west-1");
    t.wait_until("both regions", WAIT, |s| {
        shows(s, EAST, "web") && shows(s, WEST, "api")
    });
    t.wait_until("the in-use scan", WAIT, |s| {
        s.contains("in-use scan just now")
    });
    t.keys(&[":"]);
    t.text("region +ap-south-1");
    t.keys(&["Enter"]);
    t.wait_until("the added region", WAIT, |s| shows(s, "ap-south-1", "jobs"));
    t.keys(&[":"]);
    t.text("region -eu-west-1");
    t.keys(&["Enter"]);
    let screen = t.wait_until("eu-west-1 closed", WAIT, |s| {
        !s.contains(&format!("{WEST} api"))
    });
    assert!(
        screen.contains("ap-south-1 jobs") && screen.contains(&format!("{EAST} web")),
        "{screen}"
    );
    t.keys(&["q"]);
    t.wait_for("__EXIT=0", WAIT);
}

/// True when a line shows `family` after its context column (however wide the column is).
fn shows(screen: &str, context: &str, family: &str) -> bool {
    let row = format!("{context} {family}");
    screen.lines().any(|l| {
        l.split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .contains(&row)
    })
}

#[test]
fn a_region_whose_in_use_scan_fails_is_the_only_unprotected_one() {
    let moto = MotoServer::start();
    let (east, west) = (moto.seed_in(EAST), moto.seed_in(WEST));
    block_on(async {
        east.register("web", 3).await;
        west.register("web", 3).await;
        east.create_cluster("prod").await;
        east.create_service("prod", "web", "web:2").await;
    });
    moto.inject(
        &Fault::error(
            "ListClusters",
            "AccessDeniedException",
            "User is not authorized to perform: ecs:ListClusters",
            400,
            1000,
        )
        .in_region(WEST),
    );
    let dir = tempfile::tempdir().unwrap();
    let t = start(&moto, &dir, "us-east-1,eu-west-1");
    t.wait_until("both regions' families", WAIT, |s| {
        shows(s, EAST, "web") && shows(s, WEST, "web")
    });
    t.wait_for("protection OFF in eu-west-1", WAIT);
    t.keep_newest(1, WAIT);
    // us-east-1 spares web:2 (its service uses it); eu-west-1's web:2 has no protection.
    let screen = t.wait_for("3 revisions across 2 families in 2 contexts", WAIT);
    assert!(
        screen.contains("In-use protection is OFF in eu-west-1"),
        "{screen}"
    );
    assert!(screen.contains("type 3 to confirm"), "{screen}");
    t.text("3");
    t.keys(&["Enter"]);
    // The job's re-check fails in eu-west-1 again: only us-east-1 is called, then the
    // confirmation asks again for eu-west-1's two revisions.
    let screen = t.wait_for("could not be re-checked", WAIT);
    assert!(screen.contains("type 2 to confirm"), "{screen}");
    assert_eq!(revisions(&moto, EAST, "web", "INACTIVE"), [1]);
    assert_eq!(revisions(&moto, WEST, "web", "INACTIVE"), Vec::<u64>::new());
    t.text("2");
    t.keys(&["Enter"]);
    t.wait_until("eu-west-1 deregistered without protection", WAIT, |_| {
        revisions(&moto, WEST, "web", "INACTIVE") == [1, 2]
    });
    assert_eq!(revisions(&moto, EAST, "web", "ACTIVE"), [2, 3]);
    assert_eq!(revisions(&moto, WEST, "web", "ACTIVE"), [3]);
    t.keys(&["Escape"]);
    std::thread::sleep(Duration::from_millis(300));
    t.keys(&["q"]);
    t.wait_for("__EXIT=0", WAIT);
}
