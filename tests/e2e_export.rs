//! End to end: the real binary in tmux against moto exports a revision with `e` (0600, asks
//! before overwriting), the AWS CLI registers that file against the same moto, and the two
//! revisions described side by side differ only in their revision number.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;
mod tmux;

use std::os::unix::fs::PermissionsExt as _;
use std::process::Command;
use std::time::Duration;

use common::MotoServer;
use serde_json::Value;
use tmux::Tmux;

const WAIT: Duration = Duration::from_secs(20);

fn aws(env: &[(&'static str, String)], args: &[&str]) -> Value {
    let cli = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(".venv/bin/aws");
    let out = Command::new(&cli)
        .args(args)
        .args(["--output", "json"])
        .envs(env.iter().map(|(k, v)| (*k, v.as_str())))
        .output()
        .unwrap_or_else(|e| panic!("cannot run {}: {e}", cli.display()));
    assert!(
        out.status.success(),
        "aws {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

/// What a describe says, without the fields two registrations of one input always differ in.
fn comparable(mut described: Value) -> (Value, Value) {
    let td = described["taskDefinition"].as_object_mut().unwrap();
    let revision = td.remove("revision").unwrap();
    let arn = td.remove("taskDefinitionArn").unwrap();
    let arn = arn.as_str().unwrap();
    assert!(
        arn.ends_with(&format!(":{revision}")),
        "{arn} names its revision"
    );
    td.remove("registeredAt");
    (described, revision)
}

#[test]
fn export_from_the_ui_registers_back_identically() {
    let moto = MotoServer::start();
    let seed = moto.seed();
    let arn = common::block_on(seed.register_detailed("gunicorn-app"));
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("gunicorn.json");
    let env = moto.env();
    let env_ref: Vec<(&str, &str)> = env.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let t = Tmux::start(
        env!("CARGO_BIN_EXE_taskdefs"),
        &["--read-only"],
        &env_ref,
        120,
        40,
    );
    t.wait_for("gunicorn-app", WAIT);
    t.keys(&["Enter"]);
    t.wait_for("gunicorn-app revisions 1", WAIT);
    t.keys(&["e"]);
    let default = "./gunicorn-app-1.json";
    t.wait_for(default, WAIT);
    for _ in 0..default.len() {
        t.keys(&["BSpace"]);
    }
    t.text(path.to_str().unwrap());
    t.keys(&["Enter"]);
    t.wait_for("Exported gunicorn-app:1 to", WAIT);
    let mode = std::fs::metadata(&path).unwrap().permissions().mode();
    assert_eq!(mode & 0o777, 0o600, "exported files hold env values: 0600");
    let first = std::fs::read_to_string(&path).unwrap();
    assert!(
        first.contains("hunter2-plaintext"),
        "the export is the real input"
    );

    // Again to the same path: asked first, and `n` keeps the file.
    t.keys(&["e"]);
    t.wait_for(default, WAIT);
    for _ in 0..default.len() {
        t.keys(&["BSpace"]);
    }
    t.text(path.to_str().unwrap());
    t.keys(&["Enter"]);
    t.wait_for("exists. Overwrite it?", WAIT);
    t.keys(&["n"]);
    t.wait_for("Export cancelled", WAIT);
    assert_eq!(std::fs::read_to_string(&path).unwrap(), first);

    let input = format!("file://{}", path.display());
    let registered = aws(
        &env,
        &[
            "ecs",
            "register-task-definition",
            "--cli-input-json",
            &input,
        ],
    );
    let new_arn = registered["taskDefinition"]["taskDefinitionArn"]
        .as_str()
        .unwrap()
        .to_string();
    let describe = |a: &str| {
        aws(
            &env,
            &[
                "ecs",
                "describe-task-definition",
                "--task-definition",
                a,
                "--include",
                "TAGS",
            ],
        )
    };
    let (old, old_rev) = comparable(describe(&arn));
    let (new, new_rev) = comparable(describe(&new_arn));
    assert_eq!((old_rev, new_rev), (Value::from(1), Value::from(2)));
    assert_eq!(old, new, "only the revision number differs");
    t.keys(&["q"]);
    t.wait_for("__EXIT=0", WAIT);
}
