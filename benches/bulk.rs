//! Bulk deregistration and deletion of 1,000 revisions at the ECS buckets, in paused time; and
//! a 60-revision job next to a deploy pipeline that registers every 4 s (`neighbour`).

use std::sync::Arc;
use std::time::Duration;

use taskdefs::app::{Action, JobKind};
use taskdefs::ecs::fake::{FakeEcs, Faults, Neighbour};
use taskdefs::ecs::{EcsApi, RevisionRef, TdStatus};
use taskdefs::jobs::{JobContext, RateConfig, run_job};

use crate::stats::summarize;

const N: usize = 1000;

fn account(seed: u64) -> (Arc<FakeEcs>, Vec<RevisionRef>) {
    account_of(seed, N)
}

/// `n` ACTIVE revisions on a fake with the real buckets and 50-150 ms latency, nobody else.
fn account_of(seed: u64, n: usize) -> (Arc<FakeEcs>, Vec<RevisionRef>) {
    let fake = FakeEcs::new().with_faults(Faults {
        latency: (Duration::from_millis(50), Duration::from_millis(150)),
        enforce_buckets: true,
        seed,
        ..Faults::default()
    });
    let items = (0..n)
        .map(|i| {
            let doc = serde_json::json!({
                "family": format!("bench-{}", i % 20),
                "containerDefinitions": [{"name": "app", "image": "nginx:1.27", "memory": 256}],
            });
            let arn = fake.register(doc);
            RevisionRef::from_arn(&arn, TdStatus::Active).expect("fake ARNs parse")
        })
        .collect();
    (Arc::new(fake), items)
}

fn rt() -> tokio::runtime::Runtime {
    crate::stats::paused_runtime()
}

/// Our job runner: returns (simulated seconds, failed items, API calls made).
fn ours(kind: JobKind, seed: u64, cfg: &RateConfig) -> (f64, usize, u64) {
    rt().block_on(async {
        let (fake, mut items) = account(seed);
        if kind == JobKind::Delete {
            for r in &items {
                fake.set_status(&r.arn, TdStatus::Inactive);
            }
            for r in &mut items {
                r.status = TdStatus::Inactive;
            }
        }
        let api: Arc<dyn EcsApi> = fake.clone();
        let ctx = JobContext {
            journal: None,
            meta: Default::default(),
            dry_run: false,
            read_only: false,
        };
        let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
        let (_cancel_tx, cancel_rx) = tokio::sync::watch::channel(false);
        let start = tokio::time::Instant::now();
        run_job(api, 1, kind, items, cfg, &ctx, cancel_rx, tx).await;
        let secs = start.elapsed().as_secs_f64();
        let mut failed = 0;
        while let Ok(a) = rx.try_recv() {
            if let Action::JobItem {
                outcome: taskdefs::app::ItemOutcome::Failed(_),
                ..
            } = a
            {
                failed += 1;
            }
        }
        let calls = fake.calls().by_op.values().sum();
        (secs, failed, calls)
    })
}

/// What cleanup scripts do: one call, sleep one second, next (a throttled call is retried after the sleep).
fn script_loop(kind: JobKind, seed: u64) -> (f64, usize, u64) {
    rt().block_on(async {
        let (fake, items) = account(seed);
        if kind == JobKind::Delete {
            for r in &items {
                fake.set_status(&r.arn, TdStatus::Inactive);
            }
        }
        let start = tokio::time::Instant::now();
        let mut failed = 0;
        let batches: Vec<Vec<String>> = match kind {
            JobKind::Deregister => items.iter().map(|r| vec![r.arn.clone()]).collect(),
            JobKind::Delete => items
                .chunks(10)
                .map(|c| c.iter().map(|r| r.arn.clone()).collect())
                .collect(),
        };
        for batch in batches {
            let mut attempts = 0;
            loop {
                attempts += 1;
                let res = match kind {
                    JobKind::Deregister => fake.deregister(&batch[0]).await.map(|_| ()),
                    JobKind::Delete => fake.delete(&batch).await.map(|_| ()),
                };
                tokio::time::sleep(Duration::from_secs(1)).await;
                match res {
                    Ok(()) => break,
                    Err(e) if e.is_retryable() && attempts < 5 => continue,
                    Err(_) => {
                        failed += batch.len();
                        break;
                    }
                }
            }
        }
        let calls = fake.calls().by_op.values().sum();
        (start.elapsed().as_secs_f64(), failed, calls)
    })
}

pub fn run() {
    let floor = RateConfig {
        headroom: 0.0,
        ..RateConfig::default()
    };
    for (policy, cfg) in [("--headroom 0", floor), ("default", RateConfig::default())] {
        for (kind, minimum) in [
            (JobKind::Deregister, (N - 20) as f64),
            (JobKind::Delete, (N / 10 - 5) as f64),
        ] {
            let seeds = [1u64, 2, 3, 4, 5];
            let mut ours_t = Vec::new();
            let mut script_t = Vec::new();
            let mut failed = 0;
            let mut calls = 0;
            for &s in &seeds {
                let (t, f, c) = ours(kind, s, &cfg);
                ours_t.push(t);
                failed += f;
                calls += c;
                script_t.push(script_loop(kind, s).0);
            }
            let o = summarize(ours_t);
            let sc = summarize(script_t);
            println!(
                "bulk {:<10} {policy:<12} n={N} bucket-minimum={minimum:.0}s  taskdefs median {:.1}s (min {:.1}, max {:.1}) = {:.3}x minimum, failed {failed}, calls/run {}  |  sleep-1s loop median {:.1}s (min {:.1}, max {:.1})  ratio loop/taskdefs {:.2}",
                kind.verb(),
                o.median,
                o.min,
                o.max,
                o.median / minimum,
                calls / seeds.len() as u64,
                sc.median,
                sc.min,
                sc.max,
                sc.median / o.median,
            );
        }
    }
}

/// Items of the neighbour scenario (as measured in issue 7).
const NEIGHBOUR_ITEMS: usize = 60;

/// One 60-item deregistration, with a deploy every 4 s if asked: (seconds, deploys ok, failed).
fn with_neighbour(seed: u64, cfg: &RateConfig, neighbour: bool) -> (f64, u32, u32) {
    rt().block_on(async {
        let (fake, items) = account_of(seed, NEIGHBOUR_ITEMS);
        let (stop_tx, stop_rx) = tokio::sync::watch::channel(false);
        let n = neighbour.then(|| {
            let who = Neighbour {
                seed,
                start_after: Duration::from_millis(seed * 370 % 4000),
                ..Neighbour::default()
            };
            let fake = fake.clone();
            tokio::spawn(async move { who.run(fake, stop_rx).await })
        });
        let (tx, _rx) = tokio::sync::mpsc::unbounded_channel();
        let (_cancel_tx, cancel_rx) = tokio::sync::watch::channel(false);
        let start = tokio::time::Instant::now();
        let api: Arc<dyn EcsApi> = fake.clone();
        let cfg = RateConfig {
            jitter_seed: Some(seed),
            ..cfg.clone()
        };
        run_job(
            api,
            1,
            JobKind::Deregister,
            items,
            &cfg,
            &JobContext::default(),
            cancel_rx,
            tx,
        )
        .await;
        let secs = start.elapsed().as_secs_f64();
        let _ = stop_tx.send(true);
        let report = match n {
            Some(h) => h.await.unwrap_or_default(),
            None => Default::default(),
        };
        (secs, report.ok, report.failed)
    })
}

/// The good-neighbour scenario: a deploy pipeline registering every 4 s with the SDK's
/// standard retries (3 attempts) shares the modify bucket with a 60-item job. Ten seeds (the
/// seed also sets the pipeline's phase against the job).
pub fn run_neighbour() {
    let floor_alone = (NEIGHBOUR_ITEMS - 20) as f64;
    // The pipeline takes 1 token every 4 s: 0.75 per second are left for the job.
    let floor_shared = (NEIGHBOUR_ITEMS - 20) as f64 / 0.75;
    let at_floor = RateConfig {
        headroom: 0.0,
        ..RateConfig::default()
    };
    for (policy, cfg) in [
        ("default", RateConfig::default()),
        ("--headroom 0", at_floor),
    ] {
        for neighbour in [true, false] {
            let mut times = Vec::new();
            let (mut ok, mut failed) = (0, 0);
            for seed in 1..=10u64 {
                let (t, o, f) = with_neighbour(seed, &cfg, neighbour);
                times.push(t);
                ok += o;
                failed += f;
            }
            let st = summarize(times);
            let (floor, with) = if neighbour {
                (floor_shared, "with a deploy every 4 s")
            } else {
                (floor_alone, "alone")
            };
            let deploys = if neighbour {
                format!("  deploys failed {failed} of {}", ok + failed)
            } else {
                String::new()
            };
            println!(
                "neighbour {policy:<12} {with:<24} n={NEIGHBOUR_ITEMS} floor={floor:.1}s  median {:.1}s (min {:.1}, max {:.1}) = {:.3}x floor{deploys}",
                st.median,
                st.min,
                st.max,
                st.median / floor,
            );
        }
    }
}
