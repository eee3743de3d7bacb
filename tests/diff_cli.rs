//! `taskdefs diff` and `taskdefs export` against moto, through the real binary.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::process::{Command, Output};

use common::{MotoServer, block_on, seed::minimal_input};

const BIN: &str = env!("CARGO_BIN_EXE_taskdefs");

fn taskdefs(moto: &MotoServer, args: &[&str]) -> Output {
    Command::new(BIN)
        .args(args)
        .envs(moto.env())
        .output()
        .unwrap()
}

#[test]
fn diff_exit_codes_masking_json_and_export_round_trip() {
    let moto = MotoServer::start();
    let seed = moto.seed();
    block_on(async {
        seed.register("web", 2).await;
        seed.register_json(&minimal_input("same", 1)).await;
        seed.register_json(&minimal_input("same", 1)).await;
    });

    let out = taskdefs(&moto, &["diff", "same:1", "same:2"]);
    assert_eq!(out.status.code(), Some(0), "{out:?}");

    let out = taskdefs(&moto, &["diff", "web:1", "web:2"]);
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains(
            "~ containerDefinitions[app].image: \"public.ecr.aws/nginx/nginx:1.1\" -> \"public.ecr.aws/nginx/nginx:1.2\""
        ),
        "{text}"
    );
    assert!(
        text.contains("~ containerDefinitions[app].environment[REVISION_HINT].value: changed"),
        "{text}"
    );
    assert!(!text.contains('\u{1b}'), "no colour into a pipe: {text}");

    let out = taskdefs(&moto, &["diff", "web:1", "web:2", "--json", "--reveal"]);
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    let changes: Vec<serde_json::Value> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(changes.len(), 2, "{changes:#?}");
    let env = changes
        .iter()
        .find(|c| c["path"] == "containerDefinitions[app].environment[REVISION_HINT].value")
        .unwrap();
    assert_eq!(
        (env["old"].as_str(), env["new"].as_str()),
        (Some("1"), Some("2"))
    );

    for bad in [&["diff", "web:1"][..], &["diff", "web", "web:2"]] {
        assert_eq!(taskdefs(&moto, bad).status.code(), Some(2), "{bad:?}");
    }
    let out = taskdefs(&moto, &["diff", "web:1", "web:99"]);
    assert_eq!(out.status.code(), Some(2), "{out:?}");

    // Export, register the file again, and the new revision is identical.
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("web-2.json");
    let f = file.to_str().unwrap();
    let out = taskdefs(&moto, &["export", "web:2", "-o", f]);
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    let input: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap();
    assert!(input.get("revision").is_none() && input.get("taskDefinitionArn").is_none());
    let out = taskdefs(&moto, &["export", "web:2", "-o", f]);
    assert_eq!(out.status.code(), Some(1), "never overwrites: {out:?}");
    assert!(String::from_utf8_lossy(&out.stderr).contains("--force"));
    let arn = block_on(seed.register_json(&input));
    assert!(arn.ends_with("web:3"), "{arn}");
    let out = taskdefs(&moto, &["diff", "web:2", "web:3"]);
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    let stdout = taskdefs(&moto, &["export", "web:2"]).stdout;
    let again: serde_json::Value = serde_json::from_slice(&stdout).unwrap();
    assert_eq!(again, input);
}
