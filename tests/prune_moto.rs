//! `taskdefs prune` against moto, through the real binary: the plan, `--apply`, the age
//! condition, `--delete-inactive`, refusing without in-use protection, JSON lines.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::process::Command;

use common::cli::{json_lines, of_type, taskdefs};
use common::{Fault, MotoServer, block_on, http};
use serde_json::Value;

const BIN: &str = env!("CARGO_BIN_EXE_taskdefs");

fn plan_items<'a>(lines: &'a [Value], action: &str) -> Vec<&'a Value> {
    of_type(lines, "plan_item")
        .into_iter()
        .filter(|l| l["action"] == action)
        .collect()
}

/// `web` with 25 revisions, `web:10` run by a service; `other` with 2 revisions.
fn seeded() -> MotoServer {
    let moto = MotoServer::start();
    let seed = moto.seed();
    block_on(async {
        seed.register("web", 25).await;
        seed.register("other", 2).await;
        seed.create_cluster("prod").await;
        seed.create_service("prod", "web", "web:10").await;
    });
    moto
}

fn labels(arns: &[String]) -> Vec<String> {
    let mut v: Vec<String> = arns
        .iter()
        .map(|a| a.rsplit('/').next().unwrap().to_string())
        .collect();
    v.sort();
    v
}

#[test]
fn plan_then_apply_keeps_three_and_protects_the_service_revision() {
    let moto = seeded();
    let dir = tempfile::tempdir().unwrap();
    let out = taskdefs(
        &moto,
        &dir,
        &["prune", "--keep", "3", "--family", "web", "--json"],
    );
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    let lines = json_lines(&out);
    let dereg = plan_items(&lines, "deregister");
    assert_eq!(dereg.len(), 21, "{lines:#?}");
    let protected = plan_items(&lines, "protected");
    assert_eq!(protected.len(), 1);
    assert_eq!(protected[0]["revision"], 10);
    assert_eq!(protected[0]["users"][0], "prod/web (service)");
    assert!(dereg.iter().all(|l| l["revision"].as_u64().unwrap() <= 22));
    assert_eq!(of_type(&lines, "plan_total")[0]["deregister"], 21);
    // The plan changed nothing.
    let seed = moto.seed();
    assert!(block_on(seed.list_all("web", "INACTIVE")).is_empty());

    // Text plan names the user too.
    let out = taskdefs(&moto, &dir, &["prune", "--keep", "3", "--family", "web"]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("web: keep 3, deregister 21, protected 1"),
        "{text}"
    );
    assert!(
        text.contains("web:10  used by prod/web (service)"),
        "{text}"
    );
    assert!(text.contains("add --apply"), "{text}");

    let out = taskdefs(
        &moto,
        &dir,
        &[
            "prune", "--keep", "3", "--family", "web", "--apply", "--json",
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    let lines = json_lines(&out);
    let outcomes = of_type(&lines, "outcome");
    assert_eq!(outcomes.len(), 21);
    assert!(
        outcomes.iter().all(|o| o["result"] == "done"),
        "{outcomes:#?}"
    );
    let summary = of_type(&lines, "summary")[0];
    assert_eq!(
        (summary["done"].as_u64(), summary["exit"].as_u64()),
        (Some(21), Some(0))
    );
    let inactive = labels(&block_on(seed.list_all("web", "INACTIVE")));
    let mut expected: Vec<String> = (1..=22)
        .filter(|r| *r != 10)
        .map(|r| format!("web:{r}"))
        .collect();
    expected.sort();
    assert_eq!(inactive, expected);
    assert_eq!(
        block_on(seed.list_all("other", "INACTIVE")),
        Vec::<String>::new()
    );
    // Every call was journaled, intent and outcome.
    let journal = std::fs::read_to_string(dir.path().join("journal.jsonl")).unwrap();
    assert!(journal.lines().count() >= 42, "{journal}");
}

fn set_registered_at(moto: &MotoServer, label: &str, epoch: i64) {
    let body = serde_json::json!({"taskDefinition": label, "registeredAt": epoch}).to_string();
    let (status, text) = http::request(moto.port(), "POST", "/_taskdefs/registered-at", &body);
    assert_eq!(status, 204, "{label}: {text}");
}

#[test]
fn older_than_selects_only_old_revisions_and_delete_inactive_deletes() {
    let moto = MotoServer::start();
    let seed = moto.seed();
    let arns = block_on(seed.register("job", 10));
    let now = jiff::Timestamp::now().as_second();
    // job:1..=4 are 40 days old, job:5..=10 are fresh.
    for r in 1..=4 {
        set_registered_at(&moto, &format!("job:{r}"), now - 40 * 86_400);
    }
    // An INACTIVE revision from long ago, and a recent INACTIVE one.
    block_on(seed.deregister(&arns[4]));
    set_registered_at(&moto, "job:5", now - 50 * 86_400);
    block_on(seed.deregister(&arns[5]));
    let dir = tempfile::tempdir().unwrap();
    let out = taskdefs(
        &moto,
        &dir,
        &["prune", "--keep", "2", "--older-than", "30d", "--json"],
    );
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    let lines = json_lines(&out);
    let dereg: Vec<u64> = plan_items(&lines, "deregister")
        .iter()
        .map(|l| l["revision"].as_u64().unwrap())
        .collect();
    assert_eq!(dereg, [1, 2, 3, 4]);
    assert_eq!(of_type(&lines, "plan_family")[0]["too_young"], 2);

    let out = taskdefs(
        &moto,
        &dir,
        &[
            "prune",
            "--keep",
            "2",
            "--older-than",
            "30d",
            "--delete-inactive",
            "--apply",
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("summary: 9 done"), "{text}");
    // Deregistered then deleted: job:1..=4 and the old INACTIVE job:5; job:6 is too young.
    for (i, arn) in arns.iter().enumerate() {
        let status = block_on(seed.status_of(arn)).unwrap();
        let want = match i + 1 {
            1..=5 => "DELETE_IN_PROGRESS",
            6 => "INACTIVE",
            _ => "ACTIVE",
        };
        assert_eq!(status, want, "job:{}", i + 1);
    }
}

#[test]
fn denied_list_services_refuses_with_exit_3_unless_allowed() {
    let moto = seeded();
    moto.inject(&Fault::error(
        "ListServices",
        "AccessDeniedException",
        "User is not authorized to perform: ecs:ListServices",
        400,
        1000,
    ));
    let dir = tempfile::tempdir().unwrap();
    // The plan alone says so too, with the scan's error in its totals.
    let out = taskdefs(&moto, &dir, &["prune", "--keep", "3", "--json"]);
    assert_eq!(out.status.code(), Some(3), "{out:?}");
    let total = json_lines(&out).pop().unwrap();
    assert!(
        total["in_use_scan"]
            .as_str()
            .unwrap()
            .contains("not authorized"),
        "{total}"
    );
    let out = taskdefs(&moto, &dir, &["prune", "--keep", "3", "--apply"]);
    assert_eq!(out.status.code(), Some(3), "{out:?}");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("--allow-unprotected"), "{err}");
    assert!(block_on(moto.seed().list_all("web", "INACTIVE")).is_empty());
    assert_eq!(moto.calls().get("DeregisterTaskDefinition"), None);

    // Allowed: it runs (dry run here) and web:10 is no longer protected.
    let out = taskdefs(
        &moto,
        &dir,
        &[
            "prune",
            "--keep",
            "3",
            "--family",
            "web",
            "--apply",
            "--allow-unprotected",
            "--dry-run",
            "--json",
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    let lines = json_lines(&out);
    assert_eq!(of_type(&lines, "outcome").len(), 22);
    assert!(
        of_type(&lines, "outcome")
            .iter()
            .all(|o| o["result"] == "dry_run")
    );
    assert_eq!(moto.calls().get("DeregisterTaskDefinition"), None);
}

#[test]
fn bad_arguments_exit_2_and_read_only_fails_every_item() {
    let moto = seeded();
    let dir = tempfile::tempdir().unwrap();
    for args in [
        &["prune"][..],
        &["prune", "--keep", "0"],
        &["prune", "--keep", "3", "--older-than", "a while"],
    ] {
        let out = taskdefs(&moto, &dir, args);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {out:?}");
    }
    let out = taskdefs(
        &moto,
        &dir,
        &[
            "prune",
            "--keep",
            "24",
            "--family",
            "web",
            "--apply",
            "--read-only",
        ],
    );
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("failed: deregister web:1: read-only mode"),
        "{text}"
    );
}

#[test]
fn sigint_cancels_prints_the_summary_and_exits_130() {
    use std::io::{BufRead, BufReader};
    use std::process::Stdio;

    let moto = seeded();
    // Slow deregistrations so the job is still running when SIGINT arrives.
    moto.inject(&Fault::delay(
        "DeregisterTaskDefinition",
        std::time::Duration::from_millis(400),
        1000,
    ));
    let dir = tempfile::tempdir().unwrap();
    let mut child = Command::new(BIN)
        .args([
            "prune", "--keep", "1", "--family", "web", "--apply", "--rate", "2",
        ])
        .arg("--journal")
        .arg(dir.path().join("journal.jsonl"))
        .envs(moto.env())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    // The plan, then the first outcome: the job is running.
    let mut seen = Vec::new();
    for line in lines.by_ref() {
        let line = line.unwrap();
        let started = line.starts_with("deregister web:");
        seen.push(line);
        if started {
            break;
        }
    }
    let pid = nix::unistd::Pid::from_raw(i32::try_from(child.id()).unwrap());
    nix::sys::signal::kill(pid, nix::sys::signal::Signal::SIGINT).unwrap();
    seen.extend(lines.map(Result::unwrap));
    let status = child.wait().unwrap();
    assert_eq!(status.code(), Some(130), "{seen:#?}");
    let summary = seen.last().unwrap();
    assert!(
        summary.starts_with("summary: ") && summary.ends_with("(cancelled)"),
        "{seen:#?}"
    );
    let inactive = block_on(moto.seed().list_all("web", "INACTIVE")).len();
    assert!((1..23).contains(&inactive), "{inactive} deregistered of 23");
}
