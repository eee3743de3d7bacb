//! The in-use re-check between the confirmation and a job's first call: what a service or
//! task started using since is skipped (never called), what the operator confirmed as in use
//! is called, and a re-check that fails makes no call at all.

use std::collections::BTreeSet;
use std::sync::Arc;
use std::time::Duration;

use taskdefs::app::{Action, ItemOutcome, JobKind, Recheck};
use taskdefs::domain::SkipReason;
use taskdefs::ecs::fake::Faults;
use taskdefs::ecs::{EcsApi, RevisionRef, TdStatus};
use taskdefs::journal::{self, Phase};
use taskdefs::ratelimit::RateLimiter;
use taskdefs::recheck::{ConfirmedJob, run_confirmed};
use tokio::sync::{mpsc, watch};

use crate::support::*;

/// Runs a confirmed job to the end and returns every action it sent, in order.
async fn confirmed(
    api: Arc<dyn EcsApi>,
    items: Vec<RevisionRef>,
    recheck: Recheck,
    ctx: &taskdefs::jobs::JobContext,
    cancel: watch::Receiver<bool>,
) -> Vec<Action> {
    let (tx, mut rx) = mpsc::unbounded_channel();
    let job = ConfirmedJob {
        job: 9,
        kind: JobKind::Deregister,
        items,
        recheck,
    };
    // The worker's scan pacing: well inside the service and cluster read buckets.
    let scans = RateLimiter::new(10, 10.0);
    run_confirmed(api, job, None, &scans, &cfg(), ctx, cancel, tx).await;
    let mut got = Vec::new();
    while let Ok(a) = rx.try_recv() {
        got.push(a);
    }
    got
}

fn outcome<'a>(actions: &'a [Action], arn: &str) -> &'a ItemOutcome {
    let found = actions.iter().find_map(|a| match a {
        Action::JobItem {
            arn: a, outcome, ..
        } if a == arn => Some(outcome),
        _ => None,
    });
    found.unwrap_or_else(|| panic!("no outcome for {arn}: {actions:?}"))
}

fn fresh(confirmed_in_use: &[&RevisionRef]) -> Recheck {
    Recheck::Fresh {
        confirmed_in_use: confirmed_in_use.iter().map(|r| r.arn.clone()).collect(),
    }
}

#[tokio::test(start_paused = true)]
async fn what_became_in_use_after_the_confirmation_is_skipped_not_called() {
    let (fake, items) = account(Faults::realistic(), 8, TdStatus::Active);
    // The confirmation showed items[0] in use and the operator confirmed it twice.
    fake.add_service("prod", "legacy", &items[0].arn, &[]);
    // Since then: a service moved to items[2], a task started on items[4].
    fake.add_service("prod", "payments", &items[2].arn, &[]);
    fake.add_task("batch", &items[4].arn, "RUNNING");
    let counting = Counting::new(fake.clone());
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("journal.jsonl");
    let ctx = ctx(Some(&path));
    let got = confirmed(
        counting.clone(),
        items.clone(),
        fresh(&[&items[0]]),
        &ctx,
        never(),
    )
    .await;

    assert!(
        matches!(&got[0], Action::JobRechecked { job: 9, result: Ok(m) } if m.clusters == 2),
        "the re-check answers first: {:?}",
        got[0]
    );
    assert_eq!(
        outcome(&got, &items[2].arn),
        &ItemOutcome::Skipped(SkipReason::NowInUse {
            first: "prod/payments (service)".into(),
            more: 0
        })
    );
    let ItemOutcome::Skipped(why) = outcome(&got, &items[4].arn) else {
        panic!("{:?}", outcome(&got, &items[4].arn))
    };
    let why = why.to_string();
    assert!(why.starts_with("now used by batch/task/"), "{why}");
    for i in [2, 4] {
        assert_eq!(counting.calls_of(&items[i].arn), 0, "never called");
        assert_eq!(fake.status_of(&items[i].arn), Some(TdStatus::Active));
    }
    for i in [0, 1, 3, 5, 6, 7] {
        assert_eq!(
            outcome(&got, &items[i].arn),
            &ItemOutcome::Done(TdStatus::Inactive),
            "item {i}"
        );
    }
    assert!(matches!(
        got.last(),
        Some(Action::JobFinished {
            job: 9,
            cancelled: false
        })
    ));
    let items_reported = got
        .iter()
        .filter(|a| matches!(a, Action::JobItem { .. }))
        .count();
    assert_eq!(items_reported, 8, "one JobItem per item");
    // The journal holds the calls made, and nothing for the items skipped.
    let entries = journal::entries(&path).unwrap();
    assert_eq!(
        entries.iter().filter(|e| e.phase == Phase::Intent).count(),
        6
    );
    assert!(
        entries
            .iter()
            .all(|e| e.arn != items[2].arn && e.arn != items[4].arn)
    );
}

#[tokio::test(start_paused = true)]
async fn a_failed_recheck_makes_no_call_and_reports_no_item() {
    let faults = Faults {
        access_denied: vec!["ListServices"],
        ..Faults::default()
    };
    let (fake, items) = account(faults, 5, TdStatus::Active);
    fake.add_service("prod", "payments", &items[1].arn, &[]);
    let counting = Counting::new(fake.clone());
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("journal.jsonl");
    let ctx = ctx(Some(&path));
    let got = confirmed(counting.clone(), items.clone(), fresh(&[]), &ctx, never()).await;
    let [
        Action::JobRechecked {
            job: 9,
            result: Err(e),
        },
    ] = got.as_slice()
    else {
        panic!("only the failed re-check: {got:?}")
    };
    let e = e.to_string();
    assert!(e.contains("ListServices"), "{e}");
    assert!(!e.contains('\n'), "one sentence: {e}");
    assert_eq!(counting.total(), 0, "no mutating call");
    assert!(
        items
            .iter()
            .all(|r| fake.status_of(&r.arn) == Some(TdStatus::Active))
    );
    let journaled = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(journaled.is_empty(), "nothing journaled: {journaled}");
}

#[tokio::test(start_paused = true)]
async fn confirming_again_after_a_failed_recheck_runs_without_it() {
    let faults = Faults {
        access_denied: vec!["ListServices"],
        ..Faults::default()
    };
    let (fake, items) = account(faults, 3, TdStatus::Active);
    fake.add_service("prod", "payments", &items[1].arn, &[]);
    let got = confirmed(
        fake.clone(),
        items.clone(),
        Recheck::Off,
        &ctx(None),
        never(),
    )
    .await;
    assert!(
        !got.iter().any(|a| matches!(a, Action::JobRechecked { .. })),
        "no scan"
    );
    assert!(
        items
            .iter()
            .all(|r| fake.status_of(&r.arn) == Some(TdStatus::Inactive)),
        "the operator accepted running without protection"
    );
    assert!(!fake.calls().by_op.contains_key("ListClusters"));
}

#[tokio::test(start_paused = true)]
async fn cancelling_during_the_recheck_sends_nothing() {
    let faults = Faults {
        latency: (Duration::from_secs(2), Duration::from_secs(2)),
        ..Faults::default()
    };
    let (fake, items) = account(faults, 4, TdStatus::Active);
    fake.add_service("prod", "web", &items[3].arn, &[]);
    let counting = Counting::new(fake.clone());
    let (cancel_tx, cancel_rx) = watch::channel(false);
    tokio::spawn(async move {
        tokio::time::sleep(Duration::from_millis(500)).await;
        cancel_tx.send(true).unwrap();
        // Keep the sender alive until the job is over.
        tokio::time::sleep(Duration::from_secs(3600)).await;
    });
    let ctx = ctx(None);
    let got = confirmed(counting.clone(), items.clone(), fresh(&[]), &ctx, cancel_rx).await;
    assert_eq!(counting.total(), 0);
    assert!(matches!(
        got.last(),
        Some(Action::JobFinished {
            cancelled: true,
            ..
        })
    ));
    let reported: BTreeSet<&str> = got
        .iter()
        .filter_map(|a| match a {
            Action::JobItem { arn, outcome, .. } => {
                assert!(!matches!(outcome, ItemOutcome::Done(_)), "{outcome:?}");
                Some(arn.as_str())
            }
            _ => None,
        })
        .collect();
    assert_eq!(reported.len(), 4, "every item is reported as not sent");
}
