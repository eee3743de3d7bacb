//! Several regions in one run, through the real binary against moto, which serves every
//! region from one server (the region comes from the request signature): `list` and `prune`
//! across two regions, and a region denied next to a healthy one.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::process::Command;

use common::cli::{json_lines, of_type, taskdefs};
use common::moto::ACCOUNT;
use common::{Fault, MotoServer, block_on};
use serde_json::Value;

const BIN: &str = env!("CARGO_BIN_EXE_taskdefs");
const EAST: &str = "us-east-1";
const WEST: &str = "eu-west-1";

/// us-east-1: `web` with 6 revisions. eu-west-1: `web` with 4 and `api` with 5, `api:2` run
/// by a service there.
fn seeded() -> MotoServer {
    let moto = MotoServer::start();
    let (east, west) = (moto.seed_in(EAST), moto.seed_in(WEST));
    block_on(async {
        east.register("web", 6).await;
        west.register("web", 4).await;
        west.register("api", 5).await;
        west.create_cluster("prod").await;
        west.create_service("prod", "api", "api:2").await;
    });
    moto
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
fn list_shows_both_regions_with_their_context() {
    let moto = seeded();
    let dir = tempfile::tempdir().unwrap();
    let out = taskdefs(
        &moto,
        &dir,
        &["list", "--region", "us-east-1,eu-west-1", "--json"],
    );
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    let rows = json_lines(&out);
    let count = |region: &str, family: &str| {
        rows.iter()
            .filter(|r| r["region"] == region && r["family"] == family)
            .count()
    };
    assert_eq!(
        (
            count(EAST, "web"),
            count(WEST, "web"),
            count(WEST, "api"),
            count(EAST, "api")
        ),
        (6, 4, 5, 0),
        "{rows:#?}"
    );
    assert!(rows.iter().all(|r| r["account"] == ACCOUNT), "{rows:#?}");

    let out = taskdefs(
        &moto,
        &dir,
        &["list", "--region", "us-east-1,eu-west-1", "--output", "tsv"],
    );
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.lines()
            .any(|l| l.starts_with(&format!("{ACCOUNT}\t{WEST}\t-\tapi\t5\tACTIVE\t"))),
        "{text}"
    );
}

#[test]
fn prune_apply_across_two_regions_leaves_each_exactly_as_planned() {
    let moto = seeded();
    let dir = tempfile::tempdir().unwrap();
    let args = [
        "prune",
        "--keep",
        "3",
        "--region",
        "us-east-1,eu-west-1",
        "--json",
    ];
    let out = taskdefs(&moto, &dir, &args);
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    let plan = json_lines(&out);
    let planned = |region: &str| -> Vec<String> {
        let mut v: Vec<String> = of_type(&plan, "plan_item")
            .iter()
            .filter(|i| i["action"] == "deregister" && i["region"] == region)
            .map(|i| format!("{}:{}", i["family"].as_str().unwrap(), i["revision"]))
            .collect();
        v.sort();
        v
    };
    assert_eq!(planned(EAST), ["web:1", "web:2", "web:3"]);
    // api:2 is protected by the service in eu-west-1.
    assert_eq!(planned(WEST), ["api:1", "web:1"]);
    let across = of_type(&plan, "plan_across")[0];
    assert_eq!(
        (across["revisions"].as_u64(), across["contexts"].as_u64()),
        (Some(5), Some(2))
    );
    assert_eq!(revisions(&moto, EAST, "web", "INACTIVE"), Vec::<u64>::new());

    let text = taskdefs(&moto, &dir, &args[..args.len() - 1]);
    let text = String::from_utf8_lossy(&text.stdout).to_string();
    assert!(
        text.contains("across contexts: 5 revisions across 3 families in 2 contexts"),
        "{text}"
    );
    assert!(
        text.contains(&format!("{WEST} · account {ACCOUNT}: deregister 2")),
        "{text}"
    );

    let mut apply = args.to_vec();
    apply.push("--apply");
    let out = taskdefs(&moto, &dir, &apply);
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    let lines = json_lines(&out);
    assert_eq!(of_type(&lines, "summary")[0]["done"], 5, "{lines:#?}");
    assert_eq!(revisions(&moto, EAST, "web", "INACTIVE"), [1, 2, 3]);
    assert_eq!(revisions(&moto, EAST, "web", "ACTIVE"), [4, 5, 6]);
    assert_eq!(revisions(&moto, WEST, "web", "INACTIVE"), [1]);
    assert_eq!(revisions(&moto, WEST, "web", "ACTIVE"), [2, 3, 4]);
    assert_eq!(revisions(&moto, WEST, "api", "INACTIVE"), [1]);
    assert_eq!(revisions(&moto, WEST, "api", "ACTIVE"), [2, 3, 4, 5]);
    // Every call is journaled with its region and account.
    let journal = std::fs::read_to_string(dir.path().join("journal.jsonl")).unwrap();
    let entries: Vec<Value> = journal
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(entries.len(), 10, "{journal}");
    for region in [EAST, WEST] {
        let n = entries.iter().filter(|e| e["region"] == region).count();
        assert!(n > 0, "{journal}");
    }
    assert!(entries.iter().all(|e| e["account"] == ACCOUNT), "{journal}");
    assert!(
        entries.iter().all(|e| e["arn"]
            .as_str()
            .unwrap()
            .contains(e["region"].as_str().unwrap())),
        "each call went to its own region: {journal}"
    );
}

#[test]
fn a_denied_region_is_named_and_the_healthy_one_is_listed_and_pruned() {
    let moto = seeded();
    let dir = tempfile::tempdir().unwrap();
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
    let out = taskdefs(
        &moto,
        &dir,
        &["list", "--region", "us-east-1,eu-west-1", "--json"],
    );
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    let rows = json_lines(&out);
    assert_eq!(rows.len(), 6, "{rows:#?}");
    assert!(rows.iter().all(|r| r["region"] == EAST));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains(&format!("taskdefs: {WEST}: ")), "{err}");
    assert!(err.contains("1 of 2 contexts failed"), "{err}");
    assert_eq!(
        err.lines().count(),
        2,
        "one sentence per failed context: {err}"
    );

    let out = taskdefs(
        &moto,
        &dir,
        &[
            "prune",
            "--keep",
            "3",
            "--region",
            "us-east-1,eu-west-1",
            "--apply",
        ],
    );
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    assert_eq!(revisions(&moto, EAST, "web", "INACTIVE"), [1, 2, 3]);
    moto.clear_faults();
    assert_eq!(revisions(&moto, WEST, "web", "INACTIVE"), Vec::<u64>::new());
    assert_eq!(revisions(&moto, WEST, "api", "INACTIVE"), Vec::<u64>::new());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains(WEST) && err.contains("1 of 2 contexts failed"),
        "{err}"
    );
}

#[test]
fn a_profile_resolves_its_credentials_once_for_all_its_regions() {
    let moto = MotoServer::start();
    let dir = tempfile::tempdir().unwrap();
    let count = dir.path().join("fetches");
    let config = dir.path().join("config");
    std::fs::write(
        &config,
        format!(
            "[profile counted]\ncredential_process = sh -c 'echo x >> {}; printf \"{{\\\"Version\\\": 1, \\\"AccessKeyId\\\": \\\"testing\\\", \\\"SecretAccessKey\\\": \\\"testing\\\"}}\"'\n",
            count.display()
        ),
    )
    .unwrap();
    let out = Command::new(BIN)
        .args(["list", "--profile", "counted", "--json"])
        .args(["--region", "us-east-1,eu-west-1,ap-south-1,sa-east-1"])
        .envs(moto.env())
        .env_remove("AWS_ACCESS_KEY_ID")
        .env_remove("AWS_SECRET_ACCESS_KEY")
        .env("AWS_CONFIG_FILE", &config)
        .env("PATH", "/usr/bin:/bin")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    let fetches = std::fs::read_to_string(&count).unwrap().lines().count();
    // The first region's start-up check and its own client, then one fetch shared by the
    // other three: 3 whatever the number of regions (each region on its own: 2 each, 8).
    assert_eq!(
        fetches, 3,
        "credential_process ran {fetches} times for 4 regions"
    );
}

#[test]
fn all_regions_leaves_out_opt_in_regions_the_account_has_not_enabled() {
    let moto = MotoServer::start();
    block_on(async {
        moto.seed_in(EAST).register("web", 2).await;
        moto.seed_in("ap-northeast-3").register("api", 1).await;
    });
    let disabled = |region: &str| {
        // What a region the account has not opted in to answers for valid credentials.
        Fault::error(
            "*",
            "UnrecognizedClientException",
            "The security token included in the request is invalid.",
            400,
            100,
        )
        .in_region(region)
    };
    moto.inject(&disabled("me-south-1"));
    moto.inject(&disabled("af-south-1"));
    let dir = tempfile::tempdir().unwrap();
    let out = taskdefs(&moto, &dir, &["list", "--all-regions", "--json"]);
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    let rows = json_lines(&out);
    let mut regions: Vec<&str> = rows.iter().map(|r| r["region"].as_str().unwrap()).collect();
    regions.sort_unstable();
    assert_eq!(regions, ["ap-northeast-3", EAST, EAST], "{rows:#?}");
    let err = String::from_utf8_lossy(&out.stderr);
    let notes: Vec<&str> = err.lines().collect();
    assert_eq!(notes.len(), 2, "{err}");
    for region in ["me-south-1", "af-south-1"] {
        assert!(
            notes.iter().any(|n| n
                .starts_with(&format!("taskdefs: {region}: {region} is an opt-in region"))
                && n.ends_with("; skipped")),
            "{err}"
        );
    }

    // Named with --region, the same region is a failure.
    moto.inject(&disabled("me-south-1"));
    let out = taskdefs(
        &moto,
        &dir,
        &["list", "--region", "us-east-1,me-south-1", "--json"],
    );
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("me-south-1 is an opt-in region") && err.contains("1 of 2 contexts failed"),
        "{err}"
    );
}
