//! Several contexts on the built-in demo account (each context its own in-memory account):
//! the flags, what takes one context only, and bad input, through the real binary.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::process::{Command, Output};

const BIN: &str = env!("CARGO_BIN_EXE_taskdefs");

fn taskdefs(args: &[&str]) -> Output {
    Command::new(BIN)
        .args(args)
        .env_remove("AWS_REGION")
        .env_remove("AWS_PROFILE")
        .output()
        .unwrap()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).to_string()
}

#[test]
fn list_across_demo_regions_leads_with_the_context() {
    let out = taskdefs(&[
        "--demo",
        "list",
        "--region",
        "eu-west-1,ap-south-1",
        "--output",
        "tsv",
    ]);
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    let text = String::from_utf8_lossy(&out.stdout);
    let regions: std::collections::BTreeSet<&str> =
        text.lines().filter_map(|l| l.split('\t').nth(1)).collect();
    assert_eq!(
        regions.into_iter().collect::<Vec<_>>(),
        ["ap-south-1", "eu-west-1"]
    );
    let per_region = |r: &str| {
        text.lines()
            .filter(|l| l.split('\t').nth(1) == Some(r))
            .count()
    };
    assert_eq!(per_region("eu-west-1"), per_region("ap-south-1"));
    // One region: the output is exactly as before (no context columns).
    let one = taskdefs(&["--demo", "list", "--region", "eu-west-1", "--output", "tsv"]);
    let first = String::from_utf8_lossy(&one.stdout)
        .lines()
        .next()
        .unwrap()
        .to_string();
    assert!(!first.starts_with("123456789012\t"), "{first}");
}

#[test]
fn diff_and_export_take_one_context() {
    for args in [
        &[
            "--demo",
            "--profile",
            "a",
            "--profile",
            "b",
            "diff",
            "web:1",
            "web:2",
        ][..],
        &["--demo", "--all-regions", "export", "web:1"],
    ] {
        let out = taskdefs(args);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {out:?}");
        let err = stderr(&out);
        assert_eq!(err.lines().count(), 1, "{err}");
        assert!(
            err.contains("pass a single --region and --profile"),
            "{err}"
        );
    }
}

#[test]
fn bad_regions_and_profiles_exit_2_with_one_sentence() {
    for (args, says) in [
        (
            &["--demo", "list", "--region", "us-east-1,,eu-west-1"][..],
            "empty",
        ),
        (
            &["--demo", "list", "--region", "Frankfurt"],
            "not a region name",
        ),
        (
            &["--demo", "list", "--profile", ""],
            "profile name is empty",
        ),
        (
            &["--demo", "list", "--all-regions", "--region", "eu-west-1"],
            "cannot be used with",
        ),
    ] {
        let out = taskdefs(args);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {out:?}");
        let err = stderr(&out);
        assert!(
            err.lines().next().unwrap().contains(says),
            "{args:?}: {err}"
        );
    }
}

#[test]
fn prune_across_demo_regions_plans_per_context_and_in_total() {
    let out = taskdefs(&[
        "--demo",
        "prune",
        "--keep",
        "5",
        "--region",
        "eu-west-1,us-east-1",
    ]);
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("# eu-west-1 · account 123456789012"),
        "{text}"
    );
    let line = |region: &str| {
        text.lines()
            .find(|l| l.starts_with(&format!("{region} · account 123456789012: deregister ")))
            .unwrap_or_else(|| panic!("{text}"))
            .to_string()
    };
    let (a, b) = (line("eu-west-1"), line("us-east-1"));
    assert_eq!(a.split_once(':').unwrap().1, b.split_once(':').unwrap().1);
    let n: usize = a
        .split("deregister ")
        .nth(1)
        .unwrap()
        .split(',')
        .next()
        .unwrap()
        .parse()
        .unwrap();
    assert!(
        text.contains(&format!("across contexts: {} revisions across", 2 * n)),
        "{text}"
    );
    assert!(text.contains("in 2 contexts"), "{text}");
}
