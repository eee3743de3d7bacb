//! `taskdefs list --output table|tsv|json [--details]` against moto, through the real binary.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::io::Read as _;
use std::process::{Command, Stdio};

use common::{MotoServer, block_on};

const BIN: &str = env!("CARGO_BIN_EXE_taskdefs");

fn list(moto: &MotoServer, args: &[&str]) -> String {
    let out = Command::new(BIN)
        .arg("list")
        .args(args)
        .envs(moto.env())
        .output()
        .unwrap();
    assert!(out.status.success(), "{args:?}: {out:?}");
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn formats_share_one_column_order_and_details_add_describes() {
    let moto = MotoServer::start();
    let seed = moto.seed();
    block_on(async {
        seed.register("api", 2).await;
        seed.register("web", 3).await;
        seed.create_cluster("prod").await;
        seed.create_service("prod", "web", "web:2").await;
    });

    let table = list(&moto, &["--output", "table"]);
    let lines: Vec<&str> = table.lines().collect();
    assert_eq!(lines.len(), 1 + 5, "{table}");
    let head: Vec<&str> = lines[0].split_whitespace().collect();
    assert_eq!(head, ["FAMILY", "REVISION", "STATUS", "ARN"]);
    assert!(
        lines[1].starts_with("api     2         ACTIVE  arn:aws:ecs:"),
        "{table}"
    );

    let tsv = list(&moto, &["--output", "tsv"]);
    let rows: Vec<Vec<&str>> = tsv.lines().map(|l| l.split('\t').collect()).collect();
    assert_eq!(rows.len(), 5, "no header: {tsv}");
    assert_eq!(rows[0][..3], ["api", "2", "ACTIVE"]);
    assert_eq!(rows[4][..3], ["web", "1", "ACTIVE"]);

    for args in [&["--output", "json"][..], &["--json"]] {
        let json = list(&moto, args);
        let objs: Vec<serde_json::Value> = json
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect();
        assert_eq!(objs.len(), 5);
        assert!(
            objs.iter()
                .all(|o| o["type"] == "revision" && o["family"].is_string())
        );
    }

    let details = list(&moto, &["--output", "json", "--details"]);
    let objs: Vec<serde_json::Value> = details
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let web2 = objs
        .iter()
        .find(|o| o["family"] == "web" && o["revision"] == 2)
        .unwrap();
    assert_eq!(web2["image"], "public.ecr.aws/nginx/nginx:1.2");
    assert_eq!(web2["memory"], "128");
    assert_eq!(web2["in_use"][0], "prod/web (service)");
    assert!(web2["registered_at"].as_str().unwrap().ends_with('Z'));
    let table = list(&moto, &["--details"]);
    let head: Vec<&str> = table.lines().next().unwrap().split_whitespace().collect();
    assert_eq!(
        head,
        [
            "FAMILY",
            "REVISION",
            "STATUS",
            "REGISTERED",
            "IMAGE",
            "CPU",
            "MEMORY",
            "IN_USE",
            "ARN"
        ]
    );
}

#[test]
fn a_closed_pipe_ends_the_table_quietly() {
    let moto = MotoServer::start();
    block_on(moto.seed().register_many(
        &(0..20).map(|i| format!("fam-{i:02}")).collect::<Vec<_>>(),
        50,
    ));
    let mut child = Command::new(BIN)
        .args(["list", "--output", "table"])
        .envs(moto.env())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = [0u8; 16];
    child
        .stdout
        .as_mut()
        .unwrap()
        .read_exact(&mut first)
        .unwrap();
    drop(child.stdout.take());
    let status = child.wait().unwrap();
    let mut err = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut err)
        .unwrap();
    assert_eq!(status.code(), Some(0), "{err}");
    assert!(err.is_empty(), "{err}");
}
