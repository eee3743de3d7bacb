//! Job results in `update`: counting, retrying only failures, queued versus in flight.

use jiff::Timestamp;

use super::update;
use crate::app::action::{Action, ItemOutcome};
use crate::app::effect::{Effect, JobKind};
use crate::app::state::{AppState, JobView, Modal, Pending};
use crate::domain::{ItemFailure, SkipReason};
use crate::ecs::{EcsError, ErrorKind, RevisionRef, TdStatus};

fn denied() -> EcsError {
    EcsError::new("DeregisterTaskDefinition", ErrorKind::AccessDenied, "no")
}

fn now() -> Timestamp {
    "2026-11-28T12:00:00Z".parse().unwrap()
}

fn running(n: u32) -> (AppState, Vec<RevisionRef>) {
    let items: Vec<RevisionRef> = (1..=n)
        .map(|i| RevisionRef::from_arn(&format!("web:{i}"), TdStatus::Active).unwrap())
        .collect();
    let mut s = AppState::default();
    for r in &items {
        s.pending
            .insert(r.arn.clone(), Pending::Queued(JobKind::Deregister));
    }
    s.job = Some(JobView::new(7, JobKind::Deregister, items.clone(), now()));
    (s, items)
}

fn item(s: &mut AppState, arn: &str, outcome: ItemOutcome) {
    let a = Action::JobItem {
        job: 7,
        arn: arn.to_string(),
        outcome,
    };
    update(s, a, now());
}

#[test]
fn done_failed_skipped_and_cancelled_are_counted_apart_and_r_retries_only_failures() {
    let (mut s, items) = running(6);
    item(&mut s, &items[0].arn, ItemOutcome::Done(TdStatus::Inactive));
    item(
        &mut s,
        &items[1].arn,
        ItemOutcome::AlreadyDone(TdStatus::Inactive),
    );
    item(
        &mut s,
        &items[2].arn,
        ItemOutcome::Failed(ItemFailure::Refused(denied())),
    );
    item(
        &mut s,
        &items[3].arn,
        ItemOutcome::Skipped(SkipReason::NowInUse {
            first: "prod/web (service)".into(),
            more: 0,
        }),
    );
    item(&mut s, &items[4].arn, ItemOutcome::Cancelled);
    item(&mut s, &items[5].arn, ItemOutcome::Cancelled);
    let fin = Action::JobFinished {
        job: 7,
        cancelled: true,
    };
    update(&mut s, fin, now());
    let j = s.job.as_ref().unwrap();
    assert_eq!((j.done, j.failures.len()), (2, 1));
    assert_eq!(
        (j.flow.skipped.len(), j.flow.cancelled, j.flow.already),
        (1, 2, 1)
    );
    assert_eq!(j.remaining(), 0);
    assert!(s.pending.is_empty());
    let text = &s.flash.as_ref().unwrap().text;
    assert_eq!(
        text,
        "Job cancelled: 2 of 6 deregistered, 1 failed, 1 skipped, 2 cancelled."
    );
    assert!(matches!(s.modal, Some(Modal::Summary { .. })));
    // R offers the failed item only: not the skipped, not the cancelled ones.
    update(&mut s, Action::RetryFailed, now());
    let Some(Modal::Confirm(c)) = &s.modal else {
        panic!("{:?}", s.modal)
    };
    assert_eq!(
        c.items.iter().map(|r| r.label()).collect::<Vec<_>>(),
        vec!["web:3"]
    );
}

#[test]
fn queued_items_are_not_in_flight_until_the_runner_sends_them() {
    let (mut s, items) = running(50);
    let j = s.job.as_ref().unwrap();
    assert_eq!((j.queued(), j.flow.in_flight), (50, 0));
    let sent = Action::JobProgress {
        job: 7,
        sent: vec![items[0].arn.clone(), items[1].arn.clone()],
        in_flight: 2,
        burst_left: 0.0,
        per_sec: 0.8,
    };
    let fx: Vec<Effect> = update(&mut s, sent, now());
    assert!(fx.is_empty());
    let j = s.job.as_ref().unwrap();
    assert_eq!((j.queued(), j.flow.in_flight), (48, 2));
    assert_eq!(s.pending[&items[0].arn], Pending::Deregistering);
    assert_eq!(
        s.pending[&items[2].arn],
        Pending::Queued(JobKind::Deregister)
    );
    // An answer: the item leaves the flight, the rest stay queued.
    item(&mut s, &items[0].arn, ItemOutcome::Done(TdStatus::Inactive));
    let back = Action::JobProgress {
        job: 7,
        sent: vec![],
        in_flight: 1,
        burst_left: 0.0,
        per_sec: 0.8,
    };
    update(&mut s, back, now());
    let j = s.job.as_ref().unwrap();
    assert_eq!((j.queued(), j.flow.in_flight, j.remaining()), (48, 1, 49));
}

/// `R` reads each failure's kind: a duplicate's revision went out under its first copy, so it
/// is not offered again; give-ups under throttling are told apart from refusals in the
/// confirmation, since the account's shared rate, not ECS's judgement, stopped them.
#[test]
fn r_leaves_duplicates_out_and_tells_throttled_give_ups_from_refusals() {
    let (mut s, items) = running(4);
    let throttled = EcsError::new(
        "DeregisterTaskDefinition",
        ErrorKind::Throttled,
        "Rate exceeded",
    );
    let gave_up = ItemFailure::GaveUp {
        attempts: 8,
        last: throttled,
    };
    item(
        &mut s,
        &items[0].arn,
        ItemOutcome::Failed(ItemFailure::Duplicate),
    );
    item(&mut s, &items[1].arn, ItemOutcome::Failed(gave_up.clone()));
    item(
        &mut s,
        &items[2].arn,
        ItemOutcome::Failed(ItemFailure::Refused(denied())),
    );
    item(&mut s, &items[3].arn, ItemOutcome::Done(TdStatus::Inactive));
    let fin = Action::JobFinished {
        job: 7,
        cancelled: false,
    };
    update(&mut s, fin, now());
    assert_eq!(s.job.as_ref().unwrap().failures.len(), 3);
    assert_eq!(s.row_errors.get(&items[1].arn), Some(&gave_up));
    update(&mut s, Action::RetryFailed, now());
    let Some(Modal::Confirm(c)) = &s.modal else {
        panic!("{:?}", s.modal)
    };
    let offered: Vec<String> = c.items.iter().map(RevisionRef::label).collect();
    assert_eq!(offered, ["web:2", "web:3"]);
    let told = c.notes.iter().find(|n| n.contains("throttled"));
    assert!(
        told.is_some_and(|n| n.starts_with("1 of them gave up while ECS throttled")),
        "{:?}",
        c.notes
    );

    // Only duplicates failed: nothing is worth retrying.
    let (mut s, items) = running(2);
    item(
        &mut s,
        &items[0].arn,
        ItemOutcome::Failed(ItemFailure::Duplicate),
    );
    item(&mut s, &items[1].arn, ItemOutcome::Done(TdStatus::Inactive));
    let fin = Action::JobFinished {
        job: 7,
        cancelled: false,
    };
    update(&mut s, fin, now());
    update(&mut s, Action::RetryFailed, now());
    assert!(!matches!(s.modal, Some(Modal::Confirm(_))), "{:?}", s.modal);
    assert_eq!(s.flash.as_ref().unwrap().text, "No failed items to retry.");
}
