use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::str::FromStr;

use super::*;
use crate::domain::ItemOutcome;
use crate::domain::JobKind;
use crate::ecs::TdStatus;

const ARN: &str = "arn:aws:ecs:eu-west-1:123456789012:task-definition/web:7";

fn meta() -> Meta {
    Meta {
        region: None,
        profile: Some("prod".into()),
        endpoint: Some("http://127.0.0.1:5000".into()),
    }
}

fn call<'a>(meta: &'a Meta, arn: &'a str, job: u64) -> Call<'a> {
    Call {
        meta,
        job,
        action: JobKind::Deregister,
        arn,
        dry_run: false,
    }
}

fn mode(path: &Path) -> u32 {
    std::fs::metadata(path).unwrap().permissions().mode() & 0o777
}

#[test]
fn creates_directories_and_a_private_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("a/b/journal.jsonl");
    let j = Journal::open(&path).unwrap();
    assert_eq!(j.path(), path);
    assert_eq!(mode(&path), 0o600);
    assert_eq!(mode(path.parent().unwrap()), 0o700);
}

#[test]
fn tightens_an_existing_world_readable_file_and_appends() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("journal.jsonl");
    std::fs::write(&path, "{\"not\":\"an entry\"}\n").unwrap();
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).unwrap();
    let j = Journal::open(&path).unwrap();
    assert_eq!(mode(&path), 0o600);
    let m = meta();
    j.intent(&call(&m, ARN, 1)).unwrap();
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(
        text.starts_with("{\"not\""),
        "existing content kept: {text}"
    );
    assert_eq!(text.lines().count(), 2);
}

#[test]
fn lines_carry_meta_account_and_outcome() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("j.jsonl");
    let j = Journal::open(&path).unwrap();
    let m = meta();
    let c = call(&m, ARN, 3);
    j.intent(&c).unwrap();
    j.outcome(&c, &ItemOutcome::Done(TdStatus::Inactive), 2)
        .unwrap();
    let failed = Call { arn: "web:8", ..c };
    j.intent(&failed).unwrap();
    j.outcome(
        &failed,
        &ItemOutcome::Failed(crate::domain::ItemFailure::Refused(
            crate::ecs::EcsError::new(
                "DeregisterTaskDefinition",
                crate::ecs::ErrorKind::AccessDenied,
                "no.",
            ),
        )),
        1,
    )
    .unwrap();
    let es = entries(&path).unwrap();
    assert_eq!(es.len(), 4);
    let (intent, ok) = (&es[0], &es[1]);
    assert_eq!(intent.phase, Phase::Intent);
    assert_eq!(intent.run, j.run());
    assert_eq!(intent.account.as_deref(), Some("123456789012"));
    assert_eq!(
        intent.region.as_deref(),
        Some("eu-west-1"),
        "region from the ARN"
    );
    assert_eq!(intent.profile.as_deref(), Some("prod"));
    assert_eq!(intent.endpoint.as_deref(), Some("http://127.0.0.1:5000"));
    assert_eq!(intent.outcome, None);
    assert!(
        jiff::Timestamp::from_str(&intent.time).is_ok(),
        "{}",
        intent.time
    );
    assert_eq!(ok.outcome.as_deref(), Some("ok"));
    assert_eq!(ok.status.as_deref(), Some("INACTIVE"));
    assert_eq!(ok.attempts, Some(2));
    // A bare name has no account or region.
    assert_eq!(es[2].account, None);
    assert_eq!(es[2].region, None);
    assert_eq!(es[3].outcome.as_deref(), Some("failed"));
    // The journal keeps the sentence the screen shows.
    assert_eq!(
        es[3].error.as_deref(),
        Some("AccessDenied on ecs:DeregisterTaskDefinition: your role lacks this permission (no.)")
    );
    assert!(unfinished(&path).unwrap().is_empty());
}

fn line(run: &str, phase: &str, job: u64, arn: &str, extra: &str) -> String {
    format!(
        "{{\"time\":\"2026-11-28T12:00:00Z\",\"run\":\"{run}\",\"phase\":\"{phase}\",\"action\":\"Deregister\",\"arn\":\"{arn}\",\"job\":{job},\"region\":\"eu-west-1\",\"profile\":null,\"endpoint\":null,\"account\":\"1\",\"dry_run\":false,\"outcome\":{}{extra}}}\n",
        if phase == "outcome" { "\"ok\"" } else { "null" }
    )
}

#[test]
fn unfinished_finds_dangling_intents_and_tolerates_a_truncated_line() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("j.jsonl");
    let mut text = String::new();
    // Run A: web:1 completed, web:2 in flight when the SSH session dropped.
    text += &line("A", "intent", 1, "web:1", "");
    text += &line("A", "intent", 1, "web:2", "");
    text += &line("A", "outcome", 1, "web:1", "");
    // Run B (next start) deregisters web:2 again, same job id: it must not close A's intent.
    text += &line("B", "intent", 1, "web:2", "");
    text += &line("B", "outcome", 1, "web:2", "");
    // Another job of run B: outcome of a different job id must not close job 2's intent.
    text += &line("B", "intent", 2, "web:3", "");
    text += &line("B", "outcome", 5, "web:3", "");
    // Dry run intents are not in flight: nothing was called.
    text += &line("B", "intent", 3, "web:4", "").replace("\"dry_run\":false", "\"dry_run\":true");
    // Garbage, a blank line, and a line cut short by kill -9 at the end.
    text += "not json\n\n";
    let cut = line("B", "intent", 4, "web:9", "");
    text += &cut[..cut.len() / 2];
    std::fs::write(&path, text).unwrap();

    let open = unfinished(&path).unwrap();
    let keys: Vec<_> = open
        .iter()
        .map(|e| (e.run.as_str(), e.job, e.arn.as_str()))
        .collect();
    assert_eq!(keys, [("A", 1, "web:2"), ("B", 2, "web:3")]);
    assert_eq!(open[0].phase, Phase::Intent);
}

#[test]
fn unfinished_of_a_missing_file_is_empty() {
    let dir = tempfile::tempdir().unwrap();
    assert!(
        unfinished(&dir.path().join("none.jsonl"))
            .unwrap()
            .is_empty()
    );
}

#[test]
fn lines_without_the_newer_fields_still_parse() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("j.jsonl");
    let old =
        "{\"time\":\"t\",\"phase\":\"intent\",\"action\":\"Delete\",\"arn\":\"x:1\",\"job\":1}\n";
    std::fs::write(&path, old).unwrap();
    let open = unfinished(&path).unwrap();
    assert_eq!(open.len(), 1);
    assert_eq!(open[0].action, JobKind::Delete);
    assert_eq!(open[0].run, "");
}

#[test]
fn two_journals_in_one_process_are_different_runs() {
    let dir = tempfile::tempdir().unwrap();
    let a = Journal::open(&dir.path().join("a")).unwrap();
    let b = Journal::open(&dir.path().join("b")).unwrap();
    assert_ne!(a.run(), b.run());
}

#[test]
fn default_path_ends_in_taskdefs_journal() {
    if let Some(p) = Journal::default_path() {
        assert!(p.ends_with("taskdefs/journal.jsonl"), "{}", p.display());
        assert!(p.is_absolute());
    }
}
