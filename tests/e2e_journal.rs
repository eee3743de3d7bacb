//! End to end, the journal under faults: refused paths, read-only, a cut last line, rotation
//! while running, a second instance beside a live one, and acknowledge / resume at the next
//! start. The real binary in tmux against moto.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;
mod tmux;

use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::{Fault, MotoServer};
use tmux::Tmux;

const WAIT: Duration = Duration::from_secs(30);
const BIN: &str = env!("CARGO_BIN_EXE_taskdefs");

fn start(moto: &MotoServer, args: &[&str]) -> Tmux {
    let env = moto.env();
    let env: Vec<(&str, &str)> = env.iter().map(|(k, v)| (*k, v.as_str())).collect();
    Tmux::start(BIN, args, &env, 120, 40)
}

fn quit(t: &Tmux) {
    // Esc and q apart: sent together a terminal reads them as Alt-q.
    t.keys(&["Escape"]);
    std::thread::sleep(Duration::from_millis(300));
    t.keys(&["q"]);
    t.wait_for("__EXIT=0", WAIT);
}

fn mode(p: &Path) -> u32 {
    std::fs::symlink_metadata(p).unwrap().permissions().mode() & 0o777
}

/// Runs the binary without a terminal; its exit code and stderr, or a panic if it hangs.
fn run_refused(args: &[&str]) -> (i32, String) {
    let mut child = Command::new(BIN)
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let start = Instant::now();
    loop {
        if let Some(st) = child.try_wait().unwrap() {
            let mut err = String::new();
            std::io::Read::read_to_string(child.stderr.as_mut().unwrap(), &mut err).unwrap();
            return (st.code().unwrap_or(-1), err);
        }
        if start.elapsed() > WAIT {
            let _ = child.kill();
            panic!("taskdefs {args:?} hung instead of refusing");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}

#[test]
fn devices_links_and_shared_directories_are_refused_with_one_sentence() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("target.txt");
    std::fs::write(&target, "keep me").unwrap();
    std::fs::set_permissions(&target, std::fs::Permissions::from_mode(0o644)).unwrap();
    let link = dir.path().join("journal.jsonl");
    std::os::unix::fs::symlink(&target, &link).unwrap();
    let shared = dir.path().join("shared");
    std::fs::create_dir(&shared).unwrap();
    std::fs::set_permissions(&shared, std::fs::Permissions::from_mode(0o777)).unwrap();
    let cases = [
        ("/dev/full".to_string(), "character device"),
        (link.display().to_string(), "symbolic link"),
        (shared.display().to_string(), "a directory"),
        (
            shared.join("j.jsonl").display().to_string(),
            "can be written by other users",
        ),
    ];
    for (path, why) in cases {
        let (code, err) = run_refused(&["--demo", "--journal", &path]);
        assert_eq!(code, 1, "{path}: {err}");
        assert!(err.contains(why), "{path}: {err}");
        assert_eq!(err.trim().lines().count(), 1, "one sentence: {err}");
        assert!(err.starts_with("taskdefs: cannot use the journal"), "{err}");
    }
    assert_eq!(mode(&target), 0o644, "the link's target is not chmodded");
    assert_eq!(std::fs::read_to_string(&target).unwrap(), "keep me");
    assert!(!shared.join("j.jsonl").exists());
}

#[test]
fn read_only_touches_no_journal_and_the_log_file_is_private() {
    let dir = tempfile::tempdir().unwrap();
    let journal = dir.path().join("state/journal.jsonl");
    let log = dir.path().join("taskdefs.log");
    let t = Tmux::start(
        BIN,
        &[
            "--demo",
            "--read-only",
            "--journal",
            journal.to_str().unwrap(),
            "--log-file",
            log.to_str().unwrap(),
            "--exit-after-first-frame",
        ],
        &[],
        120,
        40,
    );
    t.wait_for("__EXIT=0", WAIT);
    assert!(!journal.exists(), "read-only created a journal");
    assert!(!journal.parent().unwrap().exists(), "nor its directory");
    assert_eq!(mode(&log), 0o600, "the log names ARNs: owner only");
}

#[test]
fn a_journal_generation_that_cannot_be_read_is_told_at_start() {
    let dir = tempfile::tempdir().unwrap();
    let journal = dir.path().join("journal.jsonl");
    // logrotate's generation is not a file we can read: its unfinished calls are unknown.
    std::fs::create_dir(dir.path().join("journal.jsonl.1")).unwrap();
    let t = Tmux::start(
        BIN,
        &["--demo", "--journal", journal.to_str().unwrap()],
        &[],
        200,
        40,
    );
    t.wait_for("rotated journal were not checked", WAIT);
    quit(&t);
}

#[test]
fn a_wide_journal_of_ours_is_tightened_and_the_log_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let journal = dir.path().join("journal.jsonl");
    std::fs::write(&journal, "").unwrap();
    std::fs::set_permissions(&journal, std::fs::Permissions::from_mode(0o644)).unwrap();
    let log = dir.path().join("taskdefs.log");
    let t = Tmux::start(
        BIN,
        &[
            "--demo",
            "--journal",
            journal.to_str().unwrap(),
            "--log-file",
            log.to_str().unwrap(),
            "--exit-after-first-frame",
        ],
        &[],
        120,
        40,
    );
    t.wait_for("__EXIT=0", WAIT);
    assert_eq!(mode(&journal), 0o600);
    let text = std::fs::read_to_string(&log).unwrap();
    assert!(
        text.contains("tightened the journal's permissions from 644 to 600"),
        "{text}"
    );
}

fn lines(path: &Path) -> Vec<serde_json::Value> {
    std::fs::read_to_string(path)
        .unwrap()
        .lines()
        .filter_map(|l| serde_json::from_str(l).ok())
        .collect()
}

#[test]
fn a_cut_line_and_a_rotation_lose_no_record_and_acknowledged_calls_stay_quiet() {
    let moto = MotoServer::start();
    let seed = moto.seed();
    let arns = common::block_on(seed.register("rot-api", 3));
    let dir = tempfile::tempdir().unwrap();
    let journal = dir.path().join("journal.jsonl");
    // An earlier run crashed with web:1's call in flight, and its last line was cut short.
    let old = format!(
        "{{\"time\":\"2026-11-27T22:14:03Z\",\"run\":\"old\",\"phase\":\"intent\",\"action\":\"Deregister\",\"arn\":\"{}\",\"job\":1}}\n{{\"time\":\"2026-11-27T22:14:04Z\",\"run\":\"old\",\"pha",
        arns[0]
    );
    std::fs::write(&journal, old).unwrap();
    let t = start(&moto, &["--journal", journal.to_str().unwrap()]);
    let screen = t.wait_for("no recorded outcome", WAIT);
    assert!(screen.contains("1 damaged line (line 2)"), "{screen}");
    assert!(screen.contains("rot-api:1"), "{screen}");
    t.keys(&["a"]);
    t.wait_for("Acknowledged 1 unfinished call", WAIT);
    // logrotate moves the journal away while the app runs.
    let rotated = dir.path().join("journal.jsonl.1");
    std::fs::rename(&journal, &rotated).unwrap();
    t.keys(&["Enter"]);
    t.wait_for("rot-api revisions 3", WAIT);
    t.keys(&["d"]);
    t.wait_for("Deregister", WAIT);
    t.keys(&["y"]);
    t.wait_for("Deregistered rot-api:3", WAIT);
    quit(&t);

    // The old file: the ack starts on a fresh line after the cut one.
    let old_lines = lines(&rotated);
    assert_eq!(old_lines.len(), 2, "{old_lines:?}");
    assert_eq!(old_lines[1]["phase"], "ack");
    assert_eq!(old_lines[1]["of_run"], "old");
    // The new file at the configured path holds the deregistration, intent and outcome.
    let new_lines = lines(&journal);
    let phases: Vec<_> = new_lines.iter().map(|l| l["phase"].clone()).collect();
    assert_eq!(phases, ["intent", "outcome"], "{new_lines:?}");
    assert_eq!(new_lines[0]["arn"], arns[2].as_str());
    assert_eq!(mode(&journal), 0o600);
    let report = taskdefs::journal::scan(&rotated, false).unwrap();
    assert!(report.unfinished.is_empty(), "acknowledged: {report:?}");
    assert_eq!(report.damaged.count, 1);
}

#[test]
fn a_live_instance_is_not_unfinished_and_a_killed_one_is_resumed() {
    let moto = MotoServer::start();
    let seed = moto.seed();
    let arns = common::block_on(seed.register("two-api", 6));
    moto.inject(&Fault::delay(
        "DeregisterTaskDefinition",
        Duration::from_secs(20),
        1000,
    ));
    let dir = tempfile::tempdir().unwrap();
    let journal = dir.path().join("journal.jsonl");
    let jarg = journal.to_str().unwrap().to_string();
    let a = start(&moto, &["--journal", &jarg]);
    a.wait_for("two-api", WAIT);
    a.keys(&["Enter"]);
    a.wait_for("two-api revisions 6", WAIT);
    a.keys(&["a", "d"]);
    a.wait_for("Deregister", WAIT);
    a.keys(&["y"]);
    a.wait_until("calls in flight", WAIT, |_| {
        lines(&journal).iter().any(|l| l["phase"] == "intent")
    });

    // A second instance on the same journal while A's calls are in flight.
    let b = start(&moto, &["--journal", &jarg]);
    b.wait_for("two-api", WAIT);
    std::thread::sleep(Duration::from_secs(2));
    let screen = b.screen();
    assert!(
        !screen.contains("no recorded outcome"),
        "a live instance's calls are not unfinished:\n{screen}"
    );
    quit(&b);

    // A dies without a word (kill -9): its calls in flight are now unfinished.
    let pid = a.program_pid().expect("taskdefs A is running");
    assert!(
        Command::new("kill")
            .args(["-KILL", &pid.to_string()])
            .status()
            .unwrap()
            .success()
    );
    a.wait_for("__EXIT=", WAIT);
    moto.clear_faults();
    // Its calls are still held by moto (20 s delay): they are ACTIVE when C starts.
    let c = start(&moto, &["--journal", &jarg]);
    c.wait_for("no recorded outcome", WAIT);
    let screen = c.wait_until("the status of every unfinished ARN", WAIT, |s| {
        !s.contains("checking…") && !s.contains("not checked")
    });
    assert!(screen.contains("now ACTIVE"), "{screen}");
    c.keys(&["r"]);
    c.wait_for("Resuming", WAIT);
    c.keys(&["y"]);
    c.wait_until("the resumed job to end", WAIT, |s| {
        s.contains("Deregistered") || s.contains("finished")
    });
    std::thread::sleep(Duration::from_secs(1));
    quit(&c);
    // Every revision A announced is INACTIVE now, and nothing is listed at the next start.
    let announced: Vec<String> = lines(&journal)
        .iter()
        .filter(|l| l["phase"] == "intent")
        .map(|l| l["arn"].as_str().unwrap().to_string())
        .collect();
    assert!(!announced.is_empty());
    let seed = moto.seed();
    for a in &announced {
        let st = common::block_on(seed.status_of(a)).unwrap_or_default();
        assert_eq!(st, "INACTIVE", "{a}");
    }
    let report = taskdefs::journal::scan(&journal, false).unwrap();
    assert!(report.unfinished.is_empty(), "{report:?}");
    assert_eq!(arns.len(), 6);
}
