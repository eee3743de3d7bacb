//! The real binary in tmux on the demo account: live resize down to "too small" and back,
//! NO_COLOR, exit codes and the terminal restored after signals, Ctrl-Z and `fg` under a
//! shell with job control, a dumb terminal, and bad arguments.

// Test code: a failed unwrap is a failed test.
#![allow(clippy::unwrap_used, clippy::expect_used)]

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
fn signals_and_ctrl_c_exit_with_shell_codes_and_restore_the_terminal() {
    for (how, code) in [("TERM", 143), ("HUP", 129), ("INT", 130), ("C-c", 130)] {
        let t = Tmux::start(BIN, &["--demo"], &[], 100, 30);
        t.wait_for("admin-portal", WAIT);
        if how == "C-c" {
            t.keys(&["C-c"]);
        } else {
            let pid = t.program_pid().expect("taskdefs runs");
            assert!(
                Command::new("kill")
                    .args([&format!("-{how}"), &pid.to_string()])
                    .status()
                    .unwrap()
                    .success()
            );
        }
        let screen = t.wait_for(&format!("__EXIT={code}"), WAIT);
        assert!(
            !screen.contains("admin-portal"),
            "{how}: the alternate screen was left:\n{screen}"
        );
        // Cooked mode is back: the tty echoes what is typed (raw mode would not).
        t.text("restored-ok");
        t.wait_for("restored-ok", WAIT);
    }
    let t = Tmux::start(BIN, &["--demo"], &[], 100, 30);
    t.wait_for("admin-portal", WAIT);
    t.keys(&["q"]);
    t.wait_for("__EXIT=0", WAIT);
}

/// `-icanon`/`icanon` and `-echo`/`echo` as `stty -a -F` reports them for the pane's tty.
fn tty_modes(t: &Tmux) -> String {
    let out = Command::new("stty")
        .args(["-a", "-F", &t.pane_tty()])
        .output()
        .unwrap();
    let all = String::from_utf8_lossy(&out.stdout).into_owned();
    let flags: Vec<&str> = all
        .split([' ', ';', '\n'])
        .filter(|w| ["icanon", "-icanon", "echo", "-echo"].contains(w))
        .collect();
    flags.join(" ")
}

fn prompts(screen: &str) -> usize {
    screen.matches("PROMPT$").count()
}

/// Types `stty -a` into the shell and returns the modes it reports.
fn shell_modes(t: &Tmux) -> String {
    let answers = |s: &str| {
        s.lines()
            .filter(|l| l.starts_with("MODES=["))
            .map(str::to_string)
            .collect::<Vec<_>>()
    };
    let before = answers(&t.screen()).len();
    t.text(r#"echo "MODES=[$(stty -a | tr ' ;' '\n\n' | grep -x -e -icanon -e icanon -e -echo -e echo | tr '\n' ' ')]""#);
    t.keys(&["Enter"]);
    let screen = t.wait_until("stty's answer", WAIT, |s| answers(s).len() > before);
    answers(&screen).pop().unwrap()
}

#[test]
fn ctrl_z_suspends_and_fg_resumes_with_a_full_repaint() {
    let t = Tmux::shell(120, 40);
    t.wait_for("PROMPT$", WAIT);
    t.text(&format!("{BIN} --demo"));
    t.keys(&["Enter"]);
    t.wait_for("admin-portal", WAIT);
    assert_eq!(tty_modes(&t), "-icanon -echo", "raw mode while running");

    for round in 0..2 {
        let before = prompts(&t.screen());
        if round == 0 {
            t.keys(&["C-z"]);
        } else {
            // The same from outside: `kill -TSTP`.
            let pid = t.program_pid().expect("taskdefs runs");
            assert!(
                Command::new("kill")
                    .args(["-TSTP", &pid.to_string()])
                    .status()
                    .unwrap()
                    .success()
            );
        }
        // The shell has its screen and prompt back, in cooked mode with echo.
        let screen = t.wait_until("the shell prompt after the suspend", WAIT, |s| {
            !s.contains("admin-portal") && prompts(s) > before
        });
        assert!(!screen.contains("admin-portal"), "{screen}");
        assert_eq!(shell_modes(&t), "MODES=[icanon echo ]", "round {round}");
        // `fg`: raw mode again and every cell drawn anew on the fresh alternate screen.
        t.text("fg");
        t.keys(&["Enter"]);
        // Without a repaint only changed cells would be drawn: the frame would stay empty.
        t.wait_until("the whole frame after fg", WAIT, |s| {
            s.contains("Families ACTIVE") && s.contains("admin-portal:") && s.contains("q quit")
        });
        t.wait_until("raw mode after fg", WAIT, |_| {
            tty_modes(&t) == "-icanon -echo"
        });
    }
    t.keys(&["q"]);
    t.wait_until("the prompt after q", WAIT, |s| !s.contains("admin-portal"));
    t.text("echo __EXIT=$?");
    t.keys(&["Enter"]);
    t.wait_for("__EXIT=0", WAIT);
}

#[test]
fn a_dumb_terminal_gets_one_sentence_and_exit_2() {
    let t = Tmux::start(BIN, &["--demo"], &[("TERM", "dumb")], 200, 30);
    let screen = t.wait_for("__EXIT=2", WAIT);
    assert!(screen.contains("TERM=dumb"), "{screen}");
    assert!(screen.contains("`taskdefs list`"), "{screen}");
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
