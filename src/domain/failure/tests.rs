use std::path::PathBuf;

use super::*;

fn throttled() -> EcsError {
    EcsError::new(
        "DeregisterTaskDefinition",
        ErrorKind::Throttled,
        "Rate exceeded",
    )
}

fn denied() -> EcsError {
    EcsError::new("DeregisterTaskDefinition", ErrorKind::AccessDenied, "no")
}

fn journal() -> JournalWrite {
    JournalWrite {
        path: PathBuf::from("/tmp/j.jsonl"),
        kind: std::io::ErrorKind::StorageFull,
        reason: "No space left on device (os error 28)".into(),
    }
}

/// Each variant words the sentence the job runner built as a string before it was typed, so
/// the screen, the journal's `error` field and `prune`'s report read as they did.
#[test]
fn every_failure_reads_as_the_sentence_it_always_was() {
    const THROTTLED: &str = "Throttled on ecs:DeregisterTaskDefinition: the account's ECS request rate is exhausted (everyone in the account and region shares it) (Rate exceeded)";
    const DENIED: &str =
        "AccessDenied on ecs:DeregisterTaskDefinition: your role lacks this permission (no)";
    const JOURNAL: &str = "not sent, because the journal /tmp/j.jsonl could not be written: No space left on device (os error 28)";
    let cases = [
        (
            ItemFailure::ReadOnly,
            "read-only mode: taskdefs was started with --read-only".to_string(),
        ),
        (
            ItemFailure::Duplicate,
            "listed twice in this job; it is sent once".into(),
        ),
        (
            ItemFailure::NotSent(Halt::Fatal(denied())),
            format!("not sent, because an earlier call of this job failed: {DENIED}"),
        ),
        (
            ItemFailure::NotSent(Halt::Journal(journal())),
            format!("not sent, because an earlier call of this job failed: {JOURNAL}"),
        ),
        (
            ItemFailure::CancelledBeforeSent,
            "cancelled before it was sent".into(),
        ),
        (ItemFailure::JournalUnwritable(journal()), JOURNAL.into()),
        (ItemFailure::Refused(denied()), DENIED.into()),
        (
            ItemFailure::GaveUp {
                attempts: 8,
                last: throttled(),
            },
            format!("gave up after 8 attempts; the last one: {THROTTLED}"),
        ),
        (
            ItemFailure::NotRetried(Halt::Fatal(denied())),
            format!("not retried, because another call of this job failed: {DENIED}"),
        ),
        (
            ItemFailure::CancelledAfterAttempt(throttled()),
            format!(
                "cancelled before it was retried; an earlier attempt may have reached ECS, check its status: {THROTTLED}"
            ),
        ),
        (
            ItemFailure::DeleteRefused(
                "The specified task definition is still in ACTIVE status.".into(),
            ),
            "ECS refused to delete it: The specified task definition is still in ACTIVE status."
                .into(),
        ),
        (
            ItemFailure::Unmentioned,
            "ECS answered the delete call without mentioning this revision; check its status"
                .into(),
        ),
    ];
    for (failure, sentence) in cases {
        assert_eq!(failure.to_string(), sentence, "{failure:?}");
    }
}

#[test]
fn skip_reasons_read_as_they_always_did() {
    let one = SkipReason::NowInUse {
        first: "prod/web (service)".into(),
        more: 0,
    };
    assert_eq!(one.to_string(), "now used by prod/web (service)");
    let three = SkipReason::NowInUse {
        first: "prod/web (deployment)".into(),
        more: 2,
    };
    assert_eq!(
        three.to_string(),
        "now used by prod/web (deployment) and 2 more"
    );
}

#[test]
fn only_a_throttled_give_up_counts_as_throttled() {
    let gave_up = |last| ItemFailure::GaveUp { attempts: 8, last };
    assert!(gave_up(throttled()).throttled());
    let server = EcsError::new("DeleteTaskDefinitions", ErrorKind::Server, "");
    assert!(!gave_up(server).throttled());
    assert!(!ItemFailure::Refused(throttled()).throttled());
    assert!(!ItemFailure::CancelledAfterAttempt(throttled()).throttled());
    assert!(!ItemFailure::Duplicate.worth_retrying());
    assert!(ItemFailure::Refused(denied()).worth_retrying());
}
