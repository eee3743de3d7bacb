//! Issue 12: a bulk deregistration spread over five contexts (each its own account and region,
//! so its own buckets) runs them at once, against running them one after another; and the
//! memory of 20 contexts with 500 families each, loaded.

use std::sync::Arc;
use std::time::Duration;

use taskdefs::app::JobKind;
use taskdefs::cli::{ListArgs, StatusArg};
use taskdefs::ecs::fake::{FakeEcs, Faults};
use taskdefs::ecs::{EcsApi, RevisionRef, TdStatus};
use taskdefs::jobs::{JobContext, RateConfig, estimate_secs};
use taskdefs::prune::apply::Runner;
use taskdefs::ratelimit::RateLimiter;

use crate::stats::summarize;

/// Contexts of the bulk case.
const CONTEXTS: usize = 5;
/// Revisions over all contexts.
const TOTAL: usize = 1000;

/// One context: an account with `n` ACTIVE revisions, the real buckets and 50-150 ms latency.
fn context(seed: u64, n: usize) -> (Arc<FakeEcs>, Vec<RevisionRef>) {
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
            RevisionRef::from_arn(&fake.register(doc), TdStatus::Active).expect("fake ARNs parse")
        })
        .collect();
    (Arc::new(fake), items)
}

fn rt() -> tokio::runtime::Runtime {
    crate::stats::paused_runtime()
}

/// The prune path's runner for one context (its own pacer inside `run_job`; no re-check, so
/// only the deregistrations are timed).
fn runner(api: Arc<dyn EcsApi>, cfg: &RateConfig) -> Runner {
    let (_tx, cancel) = tokio::sync::watch::channel(false);
    Runner {
        api,
        rate: cfg.clone(),
        ctx: Arc::new(JobContext::default()),
        scans: Arc::new(RateLimiter::new(10, 10.0)),
        sources: None,
        cancel,
    }
}

/// Deregisters `sizes[i]` revisions in context i, all at once or one context after the other:
/// (simulated seconds, items not done).
fn bulk(seed: u64, sizes: &[usize], cfg: &RateConfig, parallel: bool) -> (f64, usize) {
    rt().block_on(async {
        let contexts: Vec<_> = sizes
            .iter()
            .enumerate()
            .map(|(i, n)| context(seed * 100 + i as u64, *n))
            .collect();
        let start = tokio::time::Instant::now();
        let mut not_done = 0;
        let one = |i: usize| {
            let (fake, items) = &contexts[i];
            let r = runner(fake.clone(), cfg);
            let items = items.clone();
            async move {
                let mut missing = 0;
                let mut on_item = |it: taskdefs::prune::apply::Item| {
                    if it.result != taskdefs::prune::apply::Outcome::Done {
                        missing += 1;
                    }
                };
                r.run(
                    i as u64 + 1,
                    JobKind::Deregister,
                    items,
                    false,
                    &mut on_item,
                )
                .await;
                missing
            }
        };
        if parallel {
            let all = futures::future::join_all((0..sizes.len()).map(one)).await;
            not_done += all.iter().sum::<usize>();
        } else {
            for i in 0..sizes.len() {
                not_done += one(i).await;
            }
        }
        (start.elapsed().as_secs_f64(), not_done)
    })
}

pub fn run() {
    let floor = RateConfig {
        headroom: 0.0,
        ..RateConfig::default()
    };
    let even = vec![TOTAL / CONTEXTS; CONTEXTS];
    let uneven = vec![300, 250, 200, 150, 100];
    for (spread, sizes) in [("even", &even), ("uneven", &uneven)] {
        for (policy, cfg) in [
            ("--headroom 0", &floor),
            ("default", &RateConfig::default()),
        ] {
            let (burst, per_sec) = cfg.pace(JobKind::Deregister);
            let busiest = *sizes.iter().max().unwrap_or(&0);
            // The busiest context's floor (its bucket alone, no headroom): nothing can be faster.
            let bucket_floor = estimate_secs(20, 1.0, 0, JobKind::Deregister, busiest);
            let policy_floor =
                estimate_secs(burst, per_sec, cfg.reserve(), JobKind::Deregister, busiest);
            let seeds = [1u64, 2, 3];
            let (mut par, mut seq, mut missing) = (Vec::new(), Vec::new(), 0);
            for &s in &seeds {
                let cfg = RateConfig {
                    jitter_seed: Some(s),
                    ..cfg.clone()
                };
                let (t, m) = bulk(s, sizes, &cfg, true);
                par.push(t);
                missing += m;
                let (t, m) = bulk(s, sizes, &cfg, false);
                seq.push(t);
                missing += m;
            }
            let (p, q) = (summarize(par), summarize(seq));
            println!(
                "contexts bulk {spread:<6} {policy:<12} {CONTEXTS} contexts {sizes:?} = {TOTAL}: at once median {:.1}s (min {:.1}, max {:.1}) = {:.3}x the busiest context's bucket floor {bucket_floor:.0}s ({:.3}x its policy estimate {policy_floor:.0}s) | one after another median {:.1}s | speed-up {:.2}x | not done {missing}",
                p.median,
                p.min,
                p.max,
                p.median / bucket_floor,
                p.median / policy_floor,
                q.median,
                q.median / p.median,
            );
        }
    }
}

/// Resident and peak memory of this process, in MiB (Linux /proc).
fn rss_mib() -> (f64, f64) {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let field = |name: &str| {
        status
            .lines()
            .find(|l| l.starts_with(name))
            .and_then(|l| l.split_whitespace().nth(1))
            .and_then(|kb| kb.parse::<f64>().ok())
            .map_or(f64::NAN, |kb| kb / 1024.0)
    };
    (field("VmRSS:"), field("VmHWM:"))
}

/// 20 contexts of 500 families (3 revisions each) listed at once through `list`'s loader.
pub fn run_memory() {
    const N_CONTEXTS: usize = 20;
    const FAMILIES: usize = 500;
    const PER_FAMILY: usize = 3;
    let (before, _) = rss_mib();
    rt().block_on(async {
        let fakes: Vec<Arc<FakeEcs>> = (0..N_CONTEXTS)
            .map(|_| {
                let fake = FakeEcs::new();
                for f in 0..FAMILIES {
                    let doc = serde_json::json!({
                        "family": format!("service-{f:04}"),
                        "containerDefinitions": [{"name": "app", "image": "nginx:1.27", "memory": 256}],
                    });
                    fake.register_many(doc, PER_FAMILY);
                }
                Arc::new(fake)
            })
            .collect();
        let (accounts, _) = rss_mib();
        let args = ListArgs {
            status: StatusArg::Active,
            output: None,
            json: false,
            details: false,
        };
        let loads = futures::future::join_all(
            fakes.iter().map(|f| taskdefs::list::load(&**f, &args, None, 0.0)),
        )
        .await;
        let listings: Vec<_> = loads.into_iter().map(|l| l.expect("listed")).collect();
        let (loaded, peak) = rss_mib();
        println!(
            "contexts memory {N_CONTEXTS} contexts x {FAMILIES} families x {PER_FAMILY} revisions loaded: RSS {loaded:.1} MiB (peak {peak:.1} MiB; before the in-memory accounts {before:.1} MiB, with them {accounts:.1} MiB) for {} listings",
            listings.len()
        );
    });
}
