//! End to end, bulk: keep-newest-3 with in-use protection, and a bulk job interrupted by
//! SIGHUP whose journal must match moto's state and be reported at the next start.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;
mod tmux;

use std::collections::HashMap;
use std::time::Duration;

use common::{Fault, MotoServer};
use tmux::Tmux;

const WAIT: Duration = Duration::from_secs(30);

fn env(moto: &MotoServer) -> Vec<(&'static str, String)> {
    moto.env()
}

fn start(moto: &MotoServer, journal: &std::path::Path) -> Tmux {
    let env = env(moto);
    let env: Vec<(&str, &str)> = env.iter().map(|(k, v)| (*k, v.as_str())).collect();
    Tmux::start(
        env!("CARGO_BIN_EXE_taskdefs"),
        &["--journal", journal.to_str().unwrap()],
        &env,
        120,
        40,
    )
}

fn statuses(moto: &MotoServer, arns: &[String]) -> Vec<String> {
    let seed = moto.seed();
    common::block_on(async {
        let mut v = Vec::new();
        for a in arns {
            v.push(seed.status_of(a).await.unwrap_or_default());
        }
        v
    })
}

#[test]
fn keep_newest_three_spares_the_revision_a_service_runs() {
    let moto = MotoServer::start();
    let seed = moto.seed();
    let arns = common::block_on(async {
        seed.register("aaa-other", 4).await;
        let arns = seed.register("shop-api", 25).await;
        seed.create_cluster("prod").await;
        seed.create_service("prod", "shop", &arns[4]).await;
        arns
    });
    let dir = tempfile::tempdir().unwrap();
    let t = start(&moto, &dir.path().join("journal.jsonl"));
    t.wait_for("shop-api", WAIT);
    t.keys(&["j", "Enter"]);
    t.wait_for("shop-api revisions 25", WAIT);
    t.wait_until("the in-use scan", WAIT, |s| {
        s.contains("in-use scan just now")
    });
    t.keep_newest(3, WAIT);
    let screen = t.wait_for("21 revisions", WAIT);
    assert!(
        screen.contains("1 in use"),
        "per-family counts show the protected revision:\n{screen}"
    );
    t.text("21");
    t.keys(&["Enter"]);
    t.wait_for("21 of 21", WAIT);
    let got = statuses(&moto, &arns);
    let want: Vec<&str> = (1..=25)
        .map(|r| {
            if r == 5 || r > 22 {
                "ACTIVE"
            } else {
                "INACTIVE"
            }
        })
        .collect();
    assert_eq!(
        got, want,
        "exactly 21 deregistered; revision 5 (in use) and the newest 3 stay"
    );
    // Esc and q apart: sent together a terminal reads them as Alt-q.
    t.keys(&["Escape"]);
    std::thread::sleep(Duration::from_millis(300));
    t.keys(&["q"]);
    t.wait_for("__EXIT=0", WAIT);
}

#[test]
fn sighup_mid_job_leaves_a_journal_that_matches_ecs() {
    let moto = MotoServer::start();
    let seed = moto.seed();
    let arns = common::block_on(seed.register("bulk-api", 40));
    // Slow calls so that some are in flight when the link drops.
    moto.inject(&Fault::delay(
        "DeregisterTaskDefinition",
        Duration::from_millis(1500),
        1000,
    ));
    let dir = tempfile::tempdir().unwrap();
    let journal = dir.path().join("journal.jsonl");
    let t = start(&moto, &journal);
    t.wait_for("bulk-api", WAIT);
    t.keys(&["Enter"]);
    t.wait_for("bulk-api revisions 40", WAIT);
    t.keys(&["a", "d"]);
    t.wait_for("type", WAIT);
    t.text("40");
    t.keys(&["Enter"]);
    // Let a part complete, then drop the "SSH link".
    std::thread::sleep(Duration::from_secs(4));
    let pid = t.program_pid().expect("taskdefs is running");
    let ok = std::process::Command::new("kill")
        .args(["-HUP", &pid.to_string()])
        .status()
        .unwrap()
        .success();
    assert!(ok);
    t.wait_for("__EXIT=", WAIT);
    moto.clear_faults();
    // Give calls that were in flight server-side time to land.
    std::thread::sleep(Duration::from_secs(2));

    let entries: Vec<serde_json::Value> = std::fs::read_to_string(&journal)
        .unwrap()
        .lines()
        .filter_map(|l| serde_json::from_str(l).ok())
        .collect();
    let mut outcome: HashMap<String, String> = HashMap::new();
    let mut intents = Vec::new();
    for e in &entries {
        let arn = e["arn"].as_str().unwrap().to_string();
        match e["phase"].as_str().unwrap() {
            "intent" => intents.push(arn),
            _ => {
                outcome.insert(arn, e["outcome"].as_str().unwrap_or("").to_string());
            }
        }
    }
    let done = outcome.values().filter(|o| *o == "ok").count();
    let in_flight: Vec<&String> = intents
        .iter()
        .filter(|a| !outcome.contains_key(*a))
        .collect();
    assert!(
        (5..40).contains(&done),
        "the job was interrupted partway: {done} done"
    );
    assert!(!in_flight.is_empty(), "some calls were in flight at SIGHUP");
    let states = statuses(&moto, &arns);
    for (arn, st) in arns.iter().zip(&states) {
        match outcome.get(arn).map(String::as_str) {
            Some("ok") => assert_eq!(st, "INACTIVE", "{arn}: journal says done"),
            Some(other) => panic!("{arn}: unexpected outcome {other}"),
            None if intents.contains(arn) => {} // in flight: either is possible, reported below
            None => assert_eq!(st, "ACTIVE", "{arn}: never sent, must be untouched"),
        }
    }
    drop(t);

    // The next start says what was in flight.
    let t = start(&moto, &journal);
    let screen = t.wait_for("no recorded outcome", WAIT);
    let short = in_flight[0].rsplit('/').next().unwrap();
    assert!(
        screen.contains(short),
        "the unfinished ARN is listed:\n{screen}"
    );
    // ... with its status now, described afresh.
    t.wait_until("the current status of unfinished ARNs", WAIT, |s| {
        s.contains("now ACTIVE") || s.contains("now INACTIVE")
    });
    // Esc and q apart: sent together a terminal reads them as Alt-q.
    t.keys(&["Escape"]);
    std::thread::sleep(Duration::from_millis(300));
    t.keys(&["q"]);
    t.wait_for("__EXIT=0", WAIT);
}
