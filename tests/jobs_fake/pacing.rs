//! Speed: the jobs run at the bucket's rate, retries included, and never faster.

use std::time::Duration;

use taskdefs::app::{ItemOutcome, JobKind};
use taskdefs::ecs::TdStatus;
use taskdefs::ecs::fake::Faults;
use taskdefs::jobs::RateConfig;

use crate::support::*;

/// `--headroom 0`: the pacing alone, without leaving room for others.
fn floor() -> RateConfig {
    RateConfig {
        headroom: 0.0,
        ..cfg()
    }
}

#[tokio::test(start_paused = true)]
async fn deregisters_100_at_the_floor_yielding_to_random_throttles() {
    // Several seeds: how often 5% throttling strikes, and how the first call's latency lines
    // up with the account's refill, both vary with the seed.
    for seed in [42, 1, 12] {
        let (fake, items) = account(
            Faults {
                seed,
                ..Faults::realistic()
            },
            100,
            TdStatus::Active,
        );
        let api = Counting::new(fake.clone());
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("state/taskdefs/journal.jsonl");
        let ctx = ctx(Some(&path));
        let cfg = RateConfig {
            jitter_seed: Some(seed),
            headroom: 0.0,
            ..cfg()
        };
        let r = run(
            api.clone(),
            JobKind::Deregister,
            items.clone(),
            &cfg,
            &ctx,
            never(),
        )
        .await;

        assert_eq!(r.done(), 100, "seed {seed}: failures: {:?}", r.failures());
        assert!(!r.cancelled);
        // Burst of 20, then 1 per second: 80 s is the least the account allows.
        assert!(
            r.secs >= 79.9,
            "seed {seed}: faster than the bucket: {}",
            r.secs
        );
        // Every throttle the pacer did not expect is someone else's call: the job yields
        // (halves its rate, wins it back over half a minute), which costs time.
        assert!(
            r.secs <= 80.0 * 1.5,
            "seed {seed}: took {:.2} s, more than 50% over 80 s",
            r.secs
        );
        let calls = fake.calls();
        assert!(
            calls.throttled > 0,
            "seed {seed}: the faults throttled nothing: {calls:?}"
        );
        // About the 5% others cause; the client's own pacing adds next to none.
        assert!(
            calls.throttled <= 12,
            "seed {seed}: the client keeps hitting the bucket: {calls:?}"
        );
        assert_eq!(
            calls.by_op["DeregisterTaskDefinition"],
            100 + calls.throttled
        );
        api.assert_never_called_after_success();
        for it in &items {
            assert_eq!(fake.status_of(&it.arn), Some(TdStatus::Inactive));
        }
        assert_eq!(check_journal(&path, &r, &fake, JobKind::Deregister), 100);
    }
}

#[tokio::test(start_paused = true)]
async fn latency_does_not_lower_the_rate() {
    let faults = Faults {
        latency: (Duration::from_millis(800), Duration::from_millis(1000)),
        enforce_buckets: true,
        ..Faults::default()
    };
    let (fake, items) = account(faults, 60, TdStatus::Active);
    let r = run(
        fake.clone(),
        JobKind::Deregister,
        items,
        &floor(),
        &ctx(None),
        never(),
    )
    .await;
    assert_eq!(r.done(), 60);
    // 40 paced seconds, a round trip before the refill starts and one for the last call.
    assert!(r.secs <= 42.0 * 1.01, "took {:.2} s", r.secs);
    assert_eq!(fake.calls().throttled, 0);
}

#[tokio::test(start_paused = true)]
async fn deletes_100_in_10_calls_near_the_bucket_minimum() {
    let faults = Faults {
        throttle_rate: 0.0,
        ..Faults::realistic()
    };
    let (fake, items) = account(faults, 100, TdStatus::Inactive);
    let api = Counting::new(fake.clone());
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("journal.jsonl");
    let ctx = ctx(Some(&path));
    let r = run(
        api.clone(),
        JobKind::Delete,
        items.clone(),
        &floor(),
        &ctx,
        never(),
    )
    .await;

    eprintln!("SECS {} {:?}", r.secs, fake.calls());
    assert_eq!(r.done(), 100, "failures: {:?}", r.failures());
    assert!(
        r.outcomes
            .iter()
            .all(|(_, o)| *o == ItemOutcome::Done(TdStatus::DeleteInProgress))
    );
    let calls = fake.calls();
    assert_eq!(calls.by_op["DeleteTaskDefinitions"], 10 + calls.throttled);
    // 5 calls at once, then one per second: the fifth paced call goes at 5 s. The refill
    // starts at the first answer and the last call takes a round trip: 5.3 s at 150 ms.
    assert!(r.secs >= 5.0, "faster than the bucket: {}", r.secs);
    assert!(r.secs <= 5.3 * 1.03, "took {:.2} s", r.secs);
    api.assert_never_called_after_success();
    for it in &items {
        assert_eq!(fake.status_of(&it.arn), None, "deleted");
    }
    assert_eq!(check_journal(&path, &r, &fake, JobKind::Delete), 100);
}

#[tokio::test(start_paused = true)]
async fn retries_throttling_and_server_errors_until_done() {
    let faults = Faults {
        throttle_rate: 0.3,
        server_error_rate: 0.2,
        latency: (Duration::from_millis(20), Duration::from_millis(80)),
        seed: 3,
        ..Faults::default()
    };
    let (fake, items) = account(faults, 40, TdStatus::Active);
    let api = Counting::new(fake.clone());
    let r = run(
        api.clone(),
        JobKind::Deregister,
        items,
        &cfg(),
        &ctx(None),
        never(),
    )
    .await;
    assert_eq!(r.done(), 40, "a retryable item failed: {:?}", r.failures());
    let calls = fake.calls();
    assert!(calls.throttled > 5 && calls.failed > 3, "{calls:?}");
    api.assert_never_called_after_success();
}

#[tokio::test(start_paused = true)]
async fn gives_up_after_max_attempts_with_the_reason() {
    let faults = Faults {
        throttle_rate: 1.0,
        ..Faults::default()
    };
    let (fake, items) = account(faults, 3, TdStatus::Active);
    let api = Counting::new(fake.clone());
    let cfg = RateConfig {
        max_attempts: 4,
        ..cfg()
    };
    let r = run(
        api.clone(),
        JobKind::Deregister,
        items.clone(),
        &cfg,
        &ctx(None),
        never(),
    )
    .await;
    for f in r.failures() {
        assert!(
            f.starts_with(
                "gave up after 4 attempts; the last one: Throttled on ecs:DeregisterTaskDefinition"
            ),
            "{f}"
        );
        // It was not retried automatically any more: the sentence must not say it will be.
        assert!(!f.contains("retried automatically"), "{f}");
    }
    assert_eq!(r.failures().len(), 3);
    // Typed: `R` can tell these give-ups under throttling from refusals.
    assert!(r.failure_kinds().iter().all(|f| f.throttled()));
    for it in &items {
        assert_eq!(api.calls_of(&it.arn), 4);
    }
}

#[tokio::test(start_paused = true)]
async fn sustained_throttling_is_paced_not_stormed() {
    // Someone else keeps the bucket empty: every call is throttled. After a couple of handed-back
    // tokens the job must settle to at most the bucket's rate of attempts.
    let faults = Faults {
        throttle_rate: 1.0,
        latency: (Duration::from_millis(50), Duration::from_millis(150)),
        ..Faults::default()
    };
    let (fake, items) = account(faults, 30, TdStatus::Active);
    let api = Counting::new(fake.clone());
    let r = run(
        api.clone(),
        JobKind::Deregister,
        items,
        &cfg(),
        &ctx(None),
        never(),
    )
    .await;
    assert_eq!(r.failures().len(), 30);
    let log = api.log.lock().unwrap();
    // 30 items x 8 attempts = 240 attempts; the burst (20) and a few handed-back tokens are
    // free, every other attempt costs a second.
    assert_eq!(log.times.len(), 240);
    assert!(
        r.secs >= 240.0 - 20.0 - 5.0,
        "stormed: 240 attempts in {:.1} s",
        r.secs
    );
}

/// `--rate 50` on an account whose bucket is the default 1/s: the job learns the real rate
/// from its throttles instead of storming (measured before: 355 throttled calls in 28 s and
/// 16 of 60 items given up).
#[tokio::test(start_paused = true)]
async fn a_rate_above_the_account_limit_backs_off_instead_of_storming() {
    let faults = Faults {
        latency: (Duration::from_millis(50), Duration::from_millis(150)),
        enforce_buckets: true,
        ..Faults::default()
    };
    let (fake, items) = account(faults, 60, TdStatus::Active);
    let cfg = cfg().with_rate(50.0);
    let r = run(
        fake.clone(),
        JobKind::Deregister,
        items,
        &cfg,
        &ctx(None),
        never(),
    )
    .await;
    assert!(r.failures().is_empty(), "{:?}", r.failures());
    let calls = fake.calls();
    assert!(calls.throttled <= 80, "stormed: {calls:?}");
}
