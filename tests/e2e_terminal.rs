//! The real binary in tmux on the demo account: live resize down to "too small" and back,
//! NO_COLOR, and the terminal restored after SIGTERM and on bad arguments.

mod tmux;

use std::process::Command;
use std::time::Duration;

use tmux::Tmux;

const WAIT: Duration = Duration::from_secs(20);
const BIN: &str = env!("CARGO_BIN_EXE_taskdefs");

#[test]
fn resizes_live_and_says_when_too_small() {
    let t = Tmux::start(BIN, &["--demo"], &[("NO_COLOR", "1")], 80, 24);
    t.wait_for("admin-portal", WAIT);
    t.resize(20, 5);
    t.wait_for("too small", WAIT);
    t.resize(120, 40);
    t.wait_for("admin-portal", WAIT);
    t.keys(&["q"]);
    t.wait_for("__EXIT=0", WAIT);
}

#[test]
fn sigterm_restores_the_terminal() {
    let t = Tmux::start(BIN, &["--demo"], &[], 100, 30);
    t.wait_for("admin-portal", WAIT);
    let pid = t.program_pid().expect("taskdefs runs");
    assert!(
        Command::new("kill")
            .args(["-TERM", &pid.to_string()])
            .status()
            .unwrap()
            .success()
    );
    let screen = t.wait_for("__EXIT=0", WAIT);
    assert!(
        !screen.contains("admin-portal"),
        "the alternate screen was left:\n{screen}"
    );
    // Cooked mode is back: the tty echoes what is typed (raw mode would not).
    t.text("restored-ok");
    t.wait_for("restored-ok", WAIT);
}

#[test]
fn bad_arguments_exit_2_with_a_message() {
    let out = Command::new(BIN).arg("--no-such-flag").output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--no-such-flag"));
    let out = Command::new(BIN).args(["--rate", "-3"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let out = Command::new(BIN).arg("--version").output().unwrap();
    assert!(out.status.success() && String::from_utf8_lossy(&out.stdout).starts_with("taskdefs "));
}

#[test]
fn no_region_is_one_sentence_and_exit_1() {
    let home = tempfile::tempdir().unwrap();
    let out = Command::new(BIN)
        .env_clear()
        .env("HOME", home.path())
        .env("PATH", "/usr/bin:/bin")
        .env("AWS_EC2_METADATA_DISABLED", "true")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("no AWS region") && err.contains("--region"),
        "{err}"
    );
    assert_eq!(err.trim().lines().count(), 1, "one sentence: {err}");
}
