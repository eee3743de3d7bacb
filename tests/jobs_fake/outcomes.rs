//! What each item ends as: refusals, cancellation, per-ARN failures, modes.

use std::time::Duration;

use taskdefs::app::{ItemOutcome, JobKind};
use taskdefs::domain::{Halt, ItemFailure};
use taskdefs::ecs::TdStatus;
use taskdefs::ecs::fake::Faults;
use taskdefs::jobs::{JobContext, RateConfig, run_job};
use taskdefs::journal::{self, Phase};
use tokio::sync::{mpsc, watch};
use tokio::time::Instant;

use crate::support::*;

#[tokio::test(start_paused = true)]
async fn delete_reports_per_arn_failures() {
    let (fake, mut items) = account(Faults::default(), 12, TdStatus::Inactive);
    // Two still ACTIVE (refused), one in use by a service (accepted, DELETE_IN_PROGRESS).
    for i in [3, 11] {
        fake.set_status(&items[i].arn, TdStatus::Active);
        items[i].status = TdStatus::Active;
    }
    fake.add_service("prod", "web", &items[5].arn, &[]);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("journal.jsonl");
    let ctx = ctx(Some(&path));
    let r = run(
        fake.clone(),
        JobKind::Delete,
        items.clone(),
        &cfg(),
        &ctx,
        never(),
    )
    .await;
    let by = r.by_arn();
    for (i, it) in items.iter().enumerate() {
        match i {
            3 | 11 => {
                assert!(
                    matches!(by[it.arn.as_str()], ItemOutcome::Failed(m) if m.to_string().starts_with("ECS refused to delete it: "))
                );
                assert_eq!(fake.status_of(&it.arn), Some(TdStatus::Active));
            }
            _ => assert_eq!(
                *by[it.arn.as_str()],
                ItemOutcome::Done(TdStatus::DeleteInProgress)
            ),
        }
    }
    assert_eq!(
        fake.status_of(&items[5].arn),
        Some(TdStatus::DeleteInProgress)
    );
    assert_eq!(fake.calls().by_op["DeleteTaskDefinitions"], 2);
    check_journal(&path, &r, &fake, JobKind::Delete);
}

#[tokio::test(start_paused = true)]
async fn access_denied_fails_everything_and_stops_calling() {
    let faults = Faults {
        access_denied: vec!["DeregisterTaskDefinition"],
        latency: (Duration::from_millis(50), Duration::from_millis(150)),
        enforce_buckets: true,
        ..Faults::default()
    };
    let (fake, items) = account(faults, 40, TdStatus::Active);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("journal.jsonl");
    let ctx = ctx(Some(&path));
    let cfg = cfg();
    let r = run(
        fake.clone(),
        JobKind::Deregister,
        items,
        &cfg,
        &ctx,
        never(),
    )
    .await;

    let failures = r.failures();
    assert_eq!(failures.len(), 40);
    for f in &failures {
        assert!(
            f.contains(
                "AccessDenied on ecs:DeregisterTaskDefinition: your role lacks this permission"
            ),
            "{f}"
        );
    }
    let sent = fake.calls().by_op["DeregisterTaskDefinition"] as usize;
    assert!(
        sent <= cfg.concurrency,
        "kept calling after AccessDenied: {sent} calls"
    );
    assert!(
        failures
            .iter()
            .filter(|f| f.starts_with("not sent, because an earlier call"))
            .count()
            >= 40 - sent
    );
    assert!(r.secs < 1.0, "no waiting once denied: {}", r.secs);
    assert_eq!(
        check_journal(&path, &r, &fake, JobKind::Deregister),
        sent,
        "only sent calls are journaled"
    );
}

#[tokio::test(start_paused = true)]
async fn cancel_stops_new_calls_and_lets_in_flight_ones_finish() {
    let faults = Faults {
        latency: (Duration::from_millis(400), Duration::from_millis(600)),
        enforce_buckets: true,
        ..Faults::default()
    };
    let (fake, items) = account(faults, 100, TdStatus::Active);
    let api = Counting::new(fake.clone());
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("journal.jsonl");
    let ctx = ctx(Some(&path));
    // Cancel as the 25th call is sent: it is in flight for 400-600 ms and must finish.
    let (cancel_tx, cancel_rx) = watch::channel(false);
    *api.cancel_after.lock().unwrap() = Some((25, cancel_tx));
    let start = Instant::now();
    let r = run(
        api.clone(),
        JobKind::Deregister,
        items.clone(),
        &cfg(),
        &ctx,
        cancel_rx,
    )
    .await;

    assert!(r.cancelled);
    assert_eq!(api.total(), 25, "a call was sent after the cancel");
    assert_eq!(r.done(), 25, "every sent call finished and was reported");
    let log = api.log.lock().unwrap();
    let cancelled_at = log.times[24].duration_since(start).as_secs_f64();
    drop(log);
    // 20 burst calls, then one a second; the job ends when the last call returns.
    assert!(cancelled_at >= 5.0, "{cancelled_at}");
    assert!(
        r.secs >= cancelled_at + 0.4 && r.secs <= cancelled_at + 0.6,
        "ended at {} (cancel at {cancelled_at})",
        r.secs
    );
    for (arn, o) in &r.outcomes {
        match o {
            ItemOutcome::Done(TdStatus::Inactive) => assert_eq!(api.calls_of(arn), 1),
            ItemOutcome::Cancelled => {
                assert_eq!(api.calls_of(arn), 0);
                assert_eq!(fake.status_of(arn), Some(TdStatus::Active));
            }
            other => panic!("{other:?}"),
        }
    }
    assert_eq!(check_journal(&path, &r, &fake, JobKind::Deregister), 25);
}

#[tokio::test(start_paused = true)]
async fn cancel_during_backoff_cancels_items_that_were_only_throttled() {
    let faults = Faults {
        throttle_rate: 1.0,
        latency: (Duration::from_millis(50), Duration::from_millis(150)),
        ..Faults::default()
    };
    let (fake, items) = account(faults, 12, TdStatus::Active);
    let api = Counting::new(fake.clone());
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("journal.jsonl");
    let ctx = ctx(Some(&path));
    let (cancel_tx, cancel_rx) = watch::channel(false);
    // Four in flight, ten attempts: each item has been throttled a few times, none 8 times.
    *api.cancel_after.lock().unwrap() = Some((10, cancel_tx));
    let cfg = RateConfig {
        concurrency: 4,
        ..cfg()
    };
    let r = run(
        api.clone(),
        JobKind::Deregister,
        items,
        &cfg,
        &ctx,
        cancel_rx,
    )
    .await;
    assert!(r.cancelled);
    assert_eq!(api.total(), 10);
    // A throttled call never reached ECS: the item is cancelled, not failed, whether it was
    // never sent or only throttled before the cancel.
    let mut retried = 0;
    for (arn, o) in &r.outcomes {
        assert_eq!(*o, ItemOutcome::Cancelled, "{arn}");
        if api.calls_of(arn) > 0 {
            retried += 1;
        }
    }
    assert!(r.failures().is_empty());
    assert_eq!(retried, 4, "the four items in flight");
    check_journal(&path, &r, &fake, JobKind::Deregister);
}

#[tokio::test(start_paused = true)]
async fn read_only_refuses_without_calls_or_journal() {
    let (fake, items) = account(Faults::default(), 5, TdStatus::Active);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("journal.jsonl");
    let ctx = JobContext {
        read_only: true,
        dry_run: true,
        ..ctx(Some(&path))
    };
    let r = run(
        fake.clone(),
        JobKind::Deregister,
        items,
        &cfg(),
        &ctx,
        never(),
    )
    .await;
    assert_eq!(r.failure_kinds(), vec![&ItemFailure::ReadOnly; 5]);
    assert_eq!(
        r.failures()[0],
        "read-only mode: taskdefs was started with --read-only"
    );
    assert!(fake.calls().by_op.is_empty());
    assert!(journal::entries(&path).unwrap().is_empty());
}

#[tokio::test(start_paused = true)]
async fn dry_run_journals_everything_and_calls_nothing() {
    let (fake, items) = account(Faults::default(), 12, TdStatus::Inactive);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("journal.jsonl");
    let ctx = JobContext {
        dry_run: true,
        ..ctx(Some(&path))
    };
    let r = run(
        fake.clone(),
        JobKind::Delete,
        items.clone(),
        &cfg(),
        &ctx,
        never(),
    )
    .await;
    assert!(r.outcomes.iter().all(|(_, o)| *o == ItemOutcome::DryRun));
    assert!(fake.calls().by_op.is_empty());
    let es = journal::entries(&path).unwrap();
    assert_eq!(es.len(), 24);
    assert!(es.iter().all(|e| e.dry_run));
    assert!(
        es.iter()
            .filter(|e| e.phase == Phase::Outcome)
            .all(|e| e.outcome.as_deref() == Some("dry-run"))
    );
    for it in &items {
        assert_eq!(fake.status_of(&it.arn), Some(TdStatus::Inactive));
    }
}

#[tokio::test(start_paused = true)]
async fn a_duplicate_arn_is_sent_once() {
    let (fake, mut items) = account(Faults::default(), 3, TdStatus::Active);
    items.push(items[1].clone());
    let api = Counting::new(fake.clone());
    let r = run(
        api.clone(),
        JobKind::Deregister,
        items.clone(),
        &cfg(),
        &ctx(None),
        never(),
    )
    .await;
    assert_eq!(r.done(), 3);
    assert_eq!(r.failure_kinds(), vec![&ItemFailure::Duplicate]);
    assert_eq!(api.calls_of(&items[1].arn), 1);
}

#[test]
fn defaults_match_the_ecs_buckets_and_rate_raises_only_deregistration() {
    let d = RateConfig::default();
    assert_eq!((d.deregister_burst, d.deregister_per_sec), (20, 1.0));
    assert_eq!((d.delete_burst, d.delete_per_sec), (5, 1.0));
    assert_eq!(d.max_attempts, 8);
    let fast = RateConfig::default().with_rate(40.0);
    assert_eq!(fast.deregister_per_sec, 40.0);
    assert_eq!(fast.delete_per_sec, 1.0);
    assert_eq!(fast.concurrency, 20);
    assert_eq!(RateConfig::default().with_rate(-1.0), d);
    assert_eq!(RateConfig::default().with_rate(f64::NAN), d);
}

#[test]
fn a_job_can_be_spawned() {
    fn is_send<T: Send>(_: &T) {}
    let (fake, items) = account(Faults::default(), 1, TdStatus::Active);
    let (tx, _rx) = mpsc::unbounded_channel();
    let (cfg, ctx) = (cfg(), ctx(None));
    let job = run_job(fake, 1, JobKind::Delete, items, &cfg, &ctx, never(), tx);
    is_send(&job);
}

/// A journal that cannot be written halts the job before any call: an item says which
/// journal and why (typed, so the path and the OS's class of failure survive), the others
/// that it was not sent because of that; the sentences are the ones the screen always showed.
#[tokio::test(start_paused = true)]
async fn an_unwritable_journal_halts_the_job_before_any_call() {
    let (fake, items) = account(Faults::default(), 6, TdStatus::Active);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("journal.jsonl");
    let ctx = ctx(Some(&path));
    // A directory where the journal was: every append (which re-opens the path) now fails.
    std::fs::remove_file(&path).unwrap();
    std::fs::create_dir(&path).unwrap();
    let r = run(
        fake.clone(),
        JobKind::Deregister,
        items,
        &cfg(),
        &ctx,
        never(),
    )
    .await;
    assert!(
        fake.calls().by_op.is_empty(),
        "nothing is called without its intent on disk"
    );
    let kinds = r.failure_kinds();
    assert_eq!(kinds.len(), 6);
    let first = kinds
        .iter()
        .find_map(|f| match f {
            ItemFailure::JournalUnwritable(j) => Some(j),
            _ => None,
        })
        .expect("an item says the journal could not be written");
    assert_eq!(first.path, path);
    for f in &kinds {
        assert!(
            matches!(
                f,
                ItemFailure::JournalUnwritable(_) | ItemFailure::NotSent(Halt::Journal(_))
            ),
            "{f:?}"
        );
    }
    let said = format!(
        "not sent, because the journal {} could not be written: ",
        path.display()
    );
    for s in r.failures() {
        let rest = s
            .strip_prefix("not sent, because an earlier call of this job failed: ")
            .unwrap_or(&s);
        assert!(rest.starts_with(&said), "{s}");
    }
}
