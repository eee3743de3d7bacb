//! A good neighbour: the job leaves room in the shared modify bucket for a deploy pipeline.

use std::sync::Arc;
use std::time::Duration;

use taskdefs::app::JobKind;
use taskdefs::ecs::TdStatus;
use taskdefs::ecs::fake::{FakeEcs, Faults, Neighbour, NeighbourReport};
use taskdefs::jobs::RateConfig;
use tokio::sync::watch;

use crate::support::*;

/// Items per job, as in the measured scenario.
const ITEMS: usize = 60;

fn faults(seed: u64) -> Faults {
    Faults {
        latency: (Duration::from_millis(50), Duration::from_millis(150)),
        enforce_buckets: true,
        seed,
        ..Faults::default()
    }
}

/// Runs a 60-item deregistration, with a neighbour registering every 4 s if asked.
async fn scenario(
    seed: u64,
    cfg: &RateConfig,
    neighbour: bool,
) -> (Report, NeighbourReport, Arc<FakeEcs>) {
    let (fake, items) = account(faults(seed), ITEMS, TdStatus::Active);
    let (stop_tx, stop_rx) = watch::channel(false);
    let n = neighbour.then(|| {
        let fake = fake.clone();
        let who = Neighbour {
            seed,
            start_after: Duration::from_millis(seed * 370 % 4000),
            ..Neighbour::default()
        };
        tokio::spawn(async move { who.run(fake, stop_rx).await })
    });
    let r = run(
        fake.clone(),
        JobKind::Deregister,
        items,
        cfg,
        &ctx(None),
        never(),
    )
    .await;
    let _ = stop_tx.send(true);
    let report = match n {
        Some(h) => h.await.unwrap(),
        None => NeighbourReport::default(),
    };
    (r, report, fake)
}

/// The bucket's minimum for the job alone: a burst of 20, then 1 per second.
const FLOOR_ALONE: f64 = (ITEMS as f64 - 20.0) / 1.0;
/// The minimum with a neighbour taking 1 token every 4 s: 0.75 per second are left.
const FLOOR_WITH_NEIGHBOUR: f64 = (ITEMS as f64 - 20.0) / 0.75;

fn seeded(seed: u64, cfg: RateConfig) -> RateConfig {
    RateConfig {
        jitter_seed: Some(seed),
        ..cfg
    }
}

#[tokio::test(start_paused = true)]
async fn a_deploy_every_4_s_never_fails_and_the_job_takes_at_most_1_25x_what_it_leaves() {
    for seed in 1..=10 {
        let (r, n, _) = scenario(seed, &seeded(seed, cfg()), true).await;
        assert_eq!(r.done(), ITEMS, "seed {seed}: {:?}", r.failures());
        assert_eq!(
            n.failed, 0,
            "seed {seed}: the neighbour's deploys failed: {n:?}"
        );
        assert!(n.ok >= 13, "seed {seed}: {n:?}");
        let ratio = r.secs / FLOOR_WITH_NEIGHBOUR;
        assert!(ratio <= 1.25, "seed {seed}: {:.1} s is {ratio:.3}x", r.secs);
    }
}

#[tokio::test(start_paused = true)]
async fn alone_the_default_headroom_costs_at_most_1_3x_the_floor() {
    for seed in 1..=5 {
        let (r, _, fake) = scenario(seed, &seeded(seed, cfg()), false).await;
        assert_eq!(r.done(), ITEMS);
        assert_eq!(
            fake.calls().throttled,
            0,
            "seed {seed}: throttled while alone"
        );
        let ratio = r.secs / FLOOR_ALONE;
        assert!(
            (1.0..=1.3).contains(&ratio),
            "seed {seed}: {:.1} s is {ratio:.3}x",
            r.secs
        );
    }
}

#[tokio::test(start_paused = true)]
async fn alone_headroom_0_runs_within_1_02x_the_floor() {
    let floor = RateConfig {
        headroom: 0.0,
        ..cfg()
    };
    for seed in 1..=5 {
        let (r, _, fake) = scenario(seed, &seeded(seed, floor.clone()), false).await;
        assert_eq!(r.done(), ITEMS);
        assert_eq!(
            fake.calls().throttled,
            0,
            "seed {seed}: throttled while alone"
        );
        let ratio = r.secs / FLOOR_ALONE;
        assert!(
            (1.0..=1.02).contains(&ratio),
            "seed {seed}: {:.1} s is {ratio:.3}x",
            r.secs
        );
    }
}

/// Why the headroom exists: at the floor the job takes every token as it refills, a deploy
/// that never gets one never shows up in the job's throttles, and deploys fail (the measured
/// 4 of 22 before this policy).
#[tokio::test(start_paused = true)]
async fn at_the_floor_the_neighbour_fails() {
    let floor = RateConfig {
        headroom: 0.0,
        ..cfg()
    };
    let mut failed = 0;
    for seed in 1..=10 {
        let (_, n, _) = scenario(seed, &seeded(seed, floor.clone()), true).await;
        failed += n.failed;
    }
    assert!(
        failed > 0,
        "no deploy failed at the floor: the scenario tests nothing"
    );
}
