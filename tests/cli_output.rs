//! What leaves the process outside the UI: `taskdefs list` and stderr carry no escape codes
//! from ECS, a closed pipe is not an error, `--status` takes any case, and the UI refuses to
//! draw into something that is not a terminal.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::process::{Command, Stdio};

use common::{Fault, MotoServer, seed::minimal_input};

const BIN: &str = env!("CARGO_BIN_EXE_taskdefs");

/// Retitles the window, clears the screen and homes the cursor, if printed raw.
const HOSTILE: &str = "fam\u{1b}]0;pwned-title\u{7}\u{1b}[2J\u{1b}[H";

fn assert_no_control(what: &str, bytes: &[u8]) {
    let text = String::from_utf8_lossy(bytes);
    let bad: Vec<char> = text
        .chars()
        .filter(|&c| c.is_control() && c != '\n' && c != '\t')
        .collect();
    assert!(bad.is_empty(), "{what} carries {bad:?}:\n{text:?}");
}

#[test]
fn list_escapes_hostile_family_names_and_json_keeps_them() {
    let moto = MotoServer::start();
    common::block_on(moto.seed().register_json(&minimal_input(HOSTILE, 1)));
    let out = Command::new(BIN)
        .arg("list")
        .envs(moto.env())
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    assert_no_control("list's stdout", &out.stdout);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.starts_with("fam\\x1b]0;pwned-title\\x07\\x1b[2J\\x1b[H\n"),
        "{text}"
    );
    assert!(
        text.contains("  fam\\x1b]0;pwned-title\\x07\\x1b[2J\\x1b[H:1\tACTIVE\t"),
        "{text}"
    );
    // JSON has its own escaping, and a script gets the exact name back.
    let out = Command::new(BIN)
        .args(["list", "--json"])
        .envs(moto.env())
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    assert_no_control("list --json", &out.stdout);
    let first: serde_json::Value =
        serde_json::from_str(String::from_utf8_lossy(&out.stdout).lines().next().unwrap()).unwrap();
    assert_eq!(first["family"], HOSTILE);
}

#[test]
fn an_endpoint_error_reaches_stderr_escaped() {
    let moto = MotoServer::start();
    // The start-up check lives with a ClientException; `list` then reports it.
    moto.inject(&Fault::error(
        "ListTaskDefinitionFamilies",
        "ClientException",
        "nope \u{1b}]0;PWNED\u{7}\u{1b}[2J end",
        400,
        10,
    ));
    let out = Command::new(BIN)
        .arg("list")
        .envs(moto.env())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    assert_no_control("stderr", &out.stderr);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("ECS refused the request (nope \\x1b]0;PWNED\\x07\\x1b[2J end)"),
        "{err}"
    );
}

#[test]
fn a_closed_pipe_ends_list_quietly() {
    // `taskdefs list | head -0`: the reader is gone before the first line is written.
    let (reader, writer) = std::io::pipe().unwrap();
    drop(reader);
    let out = Command::new(BIN)
        .args(["list", "--demo", "--status", "all"])
        .stdout(writer)
        .stderr(Stdio::piped())
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn status_takes_any_case() {
    let lines = |status: &str| {
        let out = Command::new(BIN)
            .args(["list", "--demo", "--status", status])
            .output()
            .unwrap();
        assert!(out.status.success(), "--status {status}: {out:?}");
        String::from_utf8_lossy(&out.stdout).lines().count()
    };
    let active = lines("ACTIVE");
    assert!(active > 0);
    assert_eq!(lines("active"), active);
    assert!(lines("All") > active);
}

#[test]
fn the_ui_refuses_a_redirected_stdout() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("screen.txt");
    let out = Command::new(BIN)
        .arg("--demo")
        .stdin(Stdio::null())
        .stdout(std::fs::File::create(&path).unwrap())
        .stderr(Stdio::piped())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "{out:?}");
    assert_eq!(
        std::fs::read(&path).unwrap(),
        b"",
        "nothing drawn into the file"
    );
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("`taskdefs list`"), "{err}");
    assert_eq!(err.trim().lines().count(), 1, "one sentence: {err}");
}
