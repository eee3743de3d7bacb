//! The journal under faults: cut lines, rotation, links and devices, two runs, acknowledgements.

use std::io::Write;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};

use super::*;
use crate::domain::ItemOutcome;
use crate::domain::JobKind;
use crate::ecs::TdStatus;

const ARN: &str = "arn:aws:ecs:eu-west-1:123456789012:task-definition/web:7";

fn call<'a>(meta: &'a Meta, arn: &'a str, job: u64) -> Call<'a> {
    Call {
        meta,
        job,
        action: JobKind::Deregister,
        arn,
        dry_run: false,
    }
}

fn dir() -> (tempfile::TempDir, PathBuf) {
    let d = tempfile::tempdir().unwrap();
    let p = d.path().join("journal.jsonl");
    (d, p)
}

fn append_raw(path: &Path, bytes: &[u8]) {
    let mut f = std::fs::OpenOptions::new().append(true).open(path).unwrap();
    f.write_all(bytes).unwrap();
}

fn refusal(path: &Path) -> String {
    let e = Journal::open(path).expect_err("must be refused");
    assert_eq!(e.kind(), std::io::ErrorKind::InvalidInput, "{e}");
    e.to_string()
}

#[test]
fn an_append_after_a_cut_line_starts_on_a_fresh_line() {
    let (_d, path) = dir();
    let m = Meta::default();
    {
        let j = Journal::open(&path).unwrap();
        j.intent(&call(&m, "web:1", 1)).unwrap();
    }
    // The crash of another run (or a full disk) leaves half a line...
    let full = std::fs::read(&path).unwrap();
    append_raw(&path, &full[..full.len() / 2]);
    // ... even after this run opened the file: every append checks.
    let j = Journal::open(&path).unwrap();
    append_raw(&path, b"{\"time\":\"2026-11-28T1");
    j.intent(&call(&m, ARN, 2)).unwrap();
    let (es, damaged) = entries_with_damage(&path).unwrap();
    assert_eq!(es.len(), 2, "the record after the damage is read");
    assert_eq!(es[1].arn, ARN);
    assert_eq!(damaged.count, 1);
    assert_eq!(damaged.lines, [2]);
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.ends_with("}\n"));
    assert!(damaged.sentence().contains("1 damaged line (line 2)"));
}

#[test]
fn the_reader_skips_damaged_and_overlong_lines_and_keeps_the_next_record() {
    let (_d, path) = dir();
    let mut text = String::new();
    text += "{\"garbled\n";
    text += &"x".repeat(MAX_LINE + 10);
    text += "\n";
    text += "{\"time\":\"t\",\"run\":\"A\",\"phase\":\"intent\",\"action\":\"Delete\",\"arn\":\"x:1\",\"job\":1}\n";
    text += "\n\u{0}\u{1}binary\n";
    text += "{\"time\":\"t\",\"run\":\"A\",\"phase\":\"intent\",\"action\":\"Delete\",\"arn\":\"x:2\",\"job\":1}";
    std::fs::write(&path, text).unwrap();
    let r = scan(&path, true).unwrap();
    let arns: Vec<_> = r.unfinished.iter().map(|e| e.arn.as_str()).collect();
    assert_eq!(
        arns,
        ["x:1", "x:2"],
        "a last line without newline still counts"
    );
    assert_eq!(r.damaged.count, 3);
    assert_eq!(r.damaged.lines, [1, 2, 5]);
    assert_eq!(r.damaged.where_(), "lines 1, 2 and 5");
}

#[test]
fn a_rotated_or_removed_journal_is_written_at_its_path_again() {
    let (d, path) = dir();
    let m = Meta::default();
    let j = Journal::open(&path).unwrap();
    j.intent(&call(&m, "web:1", 1)).unwrap();
    // logrotate renames it...
    let rotated = d.path().join("journal.jsonl.1");
    std::fs::rename(&path, &rotated).unwrap();
    j.outcome(
        &call(&m, "web:1", 1),
        &ItemOutcome::Done(TdStatus::Inactive),
        1,
    )
    .unwrap();
    assert_eq!(
        entries(&rotated).unwrap().len(),
        1,
        "rotated file untouched"
    );
    let now = entries(&path).unwrap();
    assert_eq!(now.len(), 1);
    assert_eq!(now[0].phase, Phase::Outcome);
    assert_eq!(
        std::fs::metadata(&path).unwrap().permissions().mode() & 0o777,
        0o600
    );
    // ... an operator removes it.
    std::fs::remove_file(&path).unwrap();
    j.intent(&call(&m, "web:2", 2)).unwrap();
    assert_eq!(entries(&path).unwrap()[0].arn, "web:2");
}

#[test]
fn a_link_is_refused_and_its_target_untouched() {
    let (d, path) = dir();
    let target = d.path().join("elsewhere");
    std::fs::write(&target, "x").unwrap();
    std::fs::set_permissions(&target, std::fs::Permissions::from_mode(0o644)).unwrap();
    std::os::unix::fs::symlink(&target, &path).unwrap();
    assert!(refusal(&path).contains("symbolic link"));
    assert_eq!(
        std::fs::metadata(&target).unwrap().permissions().mode() & 0o777,
        0o644
    );
    assert_eq!(std::fs::read_to_string(&target).unwrap(), "x");
    // A dangling link too (O_CREAT would otherwise create its target).
    let dangling = d.path().join("dangling");
    std::os::unix::fs::symlink(d.path().join("nothing"), &dangling).unwrap();
    assert!(refusal(&dangling).contains("symbolic link"));
    assert!(!d.path().join("nothing").exists());
}

#[test]
fn devices_fifos_and_directories_are_refused() {
    if Path::new("/dev/full").exists() {
        assert!(refusal(Path::new("/dev/full")).contains("character device"));
    }
    let (d, path) = dir();
    std::fs::create_dir(&path).unwrap();
    assert!(refusal(&path).contains("a directory"));
    let fifo = d.path().join("fifo");
    let ok = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap()
        .success();
    assert!(ok);
    assert!(refusal(&fifo).contains("FIFO"));
}

#[test]
fn a_directory_others_can_write_is_refused() {
    let d = tempfile::tempdir().unwrap();
    let shared = d.path().join("shared");
    std::fs::create_dir(&shared).unwrap();
    std::fs::set_permissions(&shared, std::fs::Permissions::from_mode(0o777)).unwrap();
    let msg = refusal(&shared.join("journal.jsonl"));
    assert!(msg.contains("can be written by other users"), "{msg}");
    assert!(!shared.join("journal.jsonl").exists());
}

#[test]
fn a_live_run_is_not_unfinished_and_a_crashed_one_is() {
    let (_d, path) = dir();
    let m = Meta::default();
    let a = Journal::open(&path).unwrap();
    a.intent(&call(&m, ARN, 1)).unwrap();
    // A second instance on the same journal sees A's call as in flight, not unfinished.
    let b = Journal::open(&path).unwrap();
    let r = scan(&path, true).unwrap();
    assert!(r.unfinished.is_empty(), "{:?}", r.unfinished);
    assert_eq!(r.live, 1);
    assert!(lock_path(&path, a.run()).exists());
    // A ends (its lock goes with it): now it is unfinished.
    let run_a = a.run().to_string();
    drop(a);
    assert!(!lock_path(&path, &run_a).exists());
    let r = scan(&path, true).unwrap();
    assert_eq!(r.unfinished.len(), 1);
    assert_eq!(r.unfinished[0].run, run_a);
    drop(b);
}

#[test]
fn a_crashed_runs_lock_file_is_not_held_and_is_tidied() {
    let (_d, path) = dir();
    let line = "{\"time\":\"t\",\"run\":\"R1\",\"phase\":\"intent\",\"action\":\"Deregister\",\"arn\":\"x:1\",\"job\":1}\n";
    std::fs::write(&path, line).unwrap();
    // kill -9 leaves the file; the kernel released the lock.
    let stale = lock_path(&path, "R1");
    std::fs::write(&stale, "").unwrap();
    let r = scan(&path, false).unwrap();
    assert_eq!(r.unfinished.len(), 1);
    assert!(stale.exists(), "not tidied when asked not to");
    let r = scan(&path, true).unwrap();
    assert_eq!(r.unfinished.len(), 1);
    assert!(!stale.exists());
}

#[test]
fn acknowledged_intents_are_not_unfinished_any_more() {
    let (_d, path) = dir();
    let m = Meta::default();
    {
        let a = Journal::open(&path).unwrap();
        a.intent(&call(&m, ARN, 1)).unwrap();
        a.intent(&call(&m, "web:8", 1)).unwrap();
    }
    let open = unfinished(&path).unwrap();
    assert_eq!(open.len(), 2);
    let b = Journal::open(&path).unwrap();
    b.acknowledge(&open[..1]).unwrap();
    let left = unfinished(&path).unwrap();
    assert_eq!(left.len(), 1);
    assert_eq!(left[0].arn, "web:8");
    let es = entries(&path).unwrap();
    let ack = es.last().unwrap();
    assert_eq!(ack.phase, Phase::Ack);
    assert_eq!(ack.run, b.run());
    assert_eq!(ack.of_run.as_deref(), Some(open[0].run.as_str()));
    assert_eq!(ack.arn, ARN);
}

#[test]
fn a_file_of_ours_is_tightened() {
    let (_d, path) = dir();
    std::fs::write(&path, "").unwrap();
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o666)).unwrap();
    let _j = Journal::open(&path).unwrap();
    assert_eq!(
        std::fs::metadata(&path).unwrap().permissions().mode() & 0o777,
        0o600
    );
}

#[test]
fn unfinished_intents_stay_findable_after_one_rotation() {
    let (d, path) = dir();
    let m = Meta::default();
    {
        let a = Journal::open(&path).unwrap();
        a.intent(&call(&m, ARN, 1)).unwrap();
        a.intent(&call(&m, "web:8", 1)).unwrap();
    }
    // logrotate: journal.jsonl -> journal.jsonl.1, a fresh journal.jsonl.
    std::fs::rename(&path, d.path().join("journal.jsonl.1")).unwrap();
    let b = Journal::open(&path).unwrap();
    let open = unfinished(&path).unwrap();
    assert_eq!(open.len(), 2, "found in the rotated generation");
    // An acknowledgement in the new file settles an intent of the rotated one.
    b.acknowledge(&open[..1]).unwrap();
    let left = unfinished(&path).unwrap();
    assert_eq!(left.len(), 1);
    assert_eq!(left[0].arn, "web:8");
}

#[test]
fn a_rotated_generation_that_cannot_be_read_is_reported_with_the_rest() {
    let (d, path) = dir();
    let m = Meta::default();
    {
        let a = Journal::open(&path).unwrap();
        a.intent(&call(&m, ARN, 1)).unwrap();
    }
    let rotated = d.path().join("journal.jsonl.1");
    std::fs::create_dir(&rotated).unwrap();
    let report = scan(&path, true).unwrap();
    assert_eq!(
        report.unfinished.len(),
        1,
        "the journal itself is still read"
    );
    let Some(JournalError::Read { path: p, .. }) = &report.rotated_unreadable else {
        panic!("{:?}", report.rotated_unreadable)
    };
    assert_eq!(p, &rotated);
    std::fs::remove_dir(&rotated).unwrap();
    assert_eq!(
        scan(&path, true).unwrap().rotated_unreadable,
        None,
        "no .1 is fine"
    );
}
