//! The unfinished-calls popup: acknowledge writes a journal record; resume re-runs, after the
//! usual confirmation, only what still waits for its call.

use std::sync::Arc;

use super::super::update;
use crate::app::action::Action;
use crate::app::effect::{Effect, JobKind};
use crate::app::state::{AppState, Level, Modal};
use crate::ecs::TaskDef;
use crate::journal::{Damaged, Entry, JournalError, Phase, Report};

fn t0() -> jiff::Timestamp {
    "2026-11-28T12:00:00Z".parse().unwrap()
}

fn arn(rev: u32) -> String {
    format!("arn:aws:ecs:us-east-1:123456789012:task-definition/web:{rev}")
}

fn intent(rev: u32, action: JobKind) -> Entry {
    Entry {
        time: "2026-11-27T22:14:03Z".into(),
        run: "old-run".into(),
        phase: Phase::Intent,
        action,
        arn: arn(rev),
        job: 3,
        region: None,
        profile: None,
        endpoint: None,
        account: None,
        dry_run: false,
        outcome: None,
        status: None,
        attempts: None,
        error: None,
        of_run: None,
    }
}

fn described(s: &mut AppState, rev: u32, status: &str) {
    let td = TaskDef::from_json(
        serde_json::json!({"family": "web", "revision": rev, "taskDefinitionArn": arn(rev), "status": status}),
        vec![],
    )
    .unwrap();
    update(
        s,
        Action::Described {
            arn: arn(rev),
            result: Ok(Arc::new(td)),
        },
        t0(),
    );
}

/// A state showing the popup for: web:1 deregister (still ACTIVE), web:2 deregister (done),
/// web:3 delete (still INACTIVE).
fn popup() -> AppState {
    let mut s = AppState {
        size: (120, 40),
        ..Default::default()
    };
    let report = Report {
        unfinished: vec![
            intent(1, JobKind::Deregister),
            intent(2, JobKind::Deregister),
            intent(3, JobKind::Delete),
        ],
        ..Report::default()
    };
    let fx = update(&mut s, Action::Unfinished(Ok(report)), t0());
    assert!(matches!(fx.as_slice(), [Effect::Describe { arns }] if arns.len() == 3));
    assert!(matches!(s.modal, Some(Modal::Unfinished { .. })));
    s
}

#[test]
fn acknowledge_journals_every_entry_and_closes() {
    let mut s = popup();
    let fx = update(&mut s, Action::AcknowledgeUnfinished, t0());
    match fx.as_slice() {
        [Effect::Acknowledge { entries }] => assert_eq!(entries.len(), 3),
        other => panic!("expected Acknowledge, got {other:?}"),
    }
    assert!(s.modal.is_none());
    update(&mut s, Action::Acknowledged(Ok(3)), t0());
    assert!(s.flash.as_ref().unwrap().text.contains("Acknowledged 3"));
}

#[test]
fn a_journal_that_cannot_be_written_is_told_as_one_sentence() {
    let mut s = popup();
    update(&mut s, Action::AcknowledgeUnfinished, t0());
    let e = std::io::Error::from(std::io::ErrorKind::StorageFull);
    let err = crate::journal::JournalError::write(std::path::Path::new("/j/journal.jsonl"), &e);
    update(&mut s, Action::Acknowledged(Err(err)), t0());
    let f = s.flash.as_ref().unwrap();
    assert_eq!(f.level, Level::Error);
    assert!(
        f.text
            .starts_with("Not acknowledged: cannot write to the journal /j/journal.jsonl: "),
        "{}",
        f.text
    );
}

#[test]
fn closing_keeps_the_entries_for_next_time() {
    let mut s = popup();
    let fx = update(&mut s, Action::Back, t0());
    assert!(fx.is_empty(), "no acknowledgement: {fx:?}");
    assert!(s.modal.is_none());
}

#[test]
fn resume_waits_for_the_status_then_confirms_only_what_still_waits() {
    let mut s = popup();
    let fx = update(&mut s, Action::ResumeUnfinished, t0());
    assert!(fx.is_empty());
    assert!(
        matches!(s.modal, Some(Modal::Unfinished { .. })),
        "kept open"
    );
    assert!(s.flash.as_ref().unwrap().text.contains("Still checking"));
    described(&mut s, 1, "ACTIVE");
    described(&mut s, 2, "INACTIVE");
    described(&mut s, 3, "INACTIVE");
    update(&mut s, Action::ResumeUnfinished, t0());
    let Some(Modal::Confirm(c)) = &s.modal else {
        panic!("the usual confirmation: {:?}", s.modal);
    };
    assert_eq!(c.kind, JobKind::Deregister, "deregistrations first");
    let items: Vec<_> = c.items.iter().map(|r| r.arn.clone()).collect();
    assert_eq!(items, [arn(1)], "web:2 is already INACTIVE");
    // Confirming starts the job and acknowledges what it settles; the delete stays listed.
    let fx = update(&mut s, Action::Yes, t0());
    assert!(
        matches!(&fx[0], Effect::RunJob { kind: JobKind::Deregister, items, .. } if items.len() == 1)
    );
    match &fx[1] {
        Effect::Acknowledge { entries } => {
            let acked: Vec<_> = entries.iter().map(|e| e.arn.clone()).collect();
            assert_eq!(acked, [arn(1), arn(2)]);
        }
        other => panic!("expected Acknowledge, got {other:?}"),
    }
}

#[test]
fn a_declined_resume_acknowledges_nothing() {
    let mut s = popup();
    for (rev, st) in [(1, "ACTIVE"), (2, "INACTIVE"), (3, "INACTIVE")] {
        described(&mut s, rev, st);
    }
    update(&mut s, Action::ResumeUnfinished, t0());
    update(&mut s, Action::No, t0());
    assert!(s.resume_acks.is_empty());
    assert!(s.job.is_none());
}

#[test]
fn resume_is_refused_in_read_only_mode() {
    let mut s = popup();
    s.read_only = true;
    for (rev, st) in [(1, "ACTIVE"), (2, "INACTIVE"), (3, "INACTIVE")] {
        described(&mut s, rev, st);
    }
    let fx = update(&mut s, Action::ResumeUnfinished, t0());
    assert!(fx.is_empty());
    assert!(matches!(s.modal, Some(Modal::Unfinished { .. })));
}

#[test]
fn damaged_lines_alone_are_reported_in_a_flash() {
    let mut s = AppState::default();
    let report = Report {
        damaged: Damaged {
            count: 2,
            lines: vec![4, 9],
        },
        ..Report::default()
    };
    update(&mut s, Action::Unfinished(Ok(report)), t0());
    assert!(s.modal.is_none());
    let text = &s.flash.as_ref().unwrap().text;
    assert!(text.contains("2 damaged lines (lines 4 and 9)"), "{text}");
}

#[test]
fn an_unreadable_journal_at_start_is_told_not_ignored() {
    let mut s = AppState::default();
    let e = std::io::Error::from(std::io::ErrorKind::PermissionDenied);
    let err = JournalError::read(std::path::Path::new("/j/journal.jsonl"), &e);
    assert!(update(&mut s, Action::Unfinished(Err(err)), t0()).is_empty());
    assert!(s.modal.is_none());
    let f = s.flash.as_ref().expect("told in a flash");
    assert_eq!(f.level, Level::Error);
    assert_eq!(
        f.text,
        "Unfinished calls of earlier runs were not checked: cannot read the journal \
         /j/journal.jsonl: permission denied."
    );
}

#[test]
fn an_unreadable_rotated_journal_is_told_beside_what_was_found() {
    let e = std::io::Error::other("the journal is not a regular file");
    let rotated = JournalError::read(std::path::Path::new("/j/journal.jsonl.1"), &e);
    let said = " Unfinished calls in the rotated journal were not checked: cannot read the \
                journal /j/journal.jsonl.1: the journal is not a regular file.";
    let mut s = AppState::default();
    let report = Report {
        rotated_unreadable: Some(rotated.clone()),
        ..Report::default()
    };
    update(&mut s, Action::Unfinished(Ok(report)), t0());
    let f = s.flash.as_ref().expect("told even with nothing unfinished");
    assert_eq!((f.level, f.text.as_str()), (Level::Warn, said.trim_start()));
    let mut s = AppState::default();
    let report = Report {
        unfinished: vec![intent(1, JobKind::Deregister)],
        rotated_unreadable: Some(rotated),
        ..Report::default()
    };
    update(&mut s, Action::Unfinished(Ok(report)), t0());
    assert!(matches!(s.modal, Some(Modal::Unfinished { .. })));
    let text = &s.flash.as_ref().unwrap().text;
    assert!(text.ends_with(said), "{text}");
}
