//! The ECS in-use scan at its buckets (issue 11, §3): 20 clusters, 2,000 services and 5,000
//! running tasks on the in-memory backend enforcing the real buckets, 80 ms per call, paused
//! time; calls counted by the backend.

use std::time::Duration;

use taskdefs::ecs::fake::{FakeEcs, Faults};
use taskdefs::inuse::scan;
use taskdefs::ratelimit::RateLimiter;

const CLUSTERS: usize = 20;
const SERVICES: usize = 2_000;
const TASKS: usize = 5_000;

fn account() -> FakeEcs {
    let fake = FakeEcs::new().with_faults(Faults {
        latency: (Duration::from_millis(80), Duration::from_millis(80)),
        enforce_buckets: true,
        ..Faults::default()
    });
    for s in 0..SERVICES {
        let cluster = format!("cluster-{:02}", s % CLUSTERS);
        let td = format!("svc-{}:{}", s % 400, 1 + s % 7);
        fake.add_service(&cluster, &format!("service-{s:04}"), &td, &[]);
    }
    for t in 0..TASKS {
        let cluster = format!("cluster-{:02}", t % CLUSTERS);
        fake.add_task(
            &cluster,
            &format!("svc-{}:{}", t % 400, 1 + t % 7),
            "RUNNING",
        );
    }
    fake
}

/// Seconds the calls need at `burst` then `per_sec` in each bucket (the buckets refill side
/// by side, so the slower one is the floor).
fn floor(services: u64, clusters: u64, burst: f64, per_sec: f64) -> f64 {
    let one = |n: u64| (n as f64 - burst).max(0.0) / per_sec;
    one(services).max(one(clusters))
}

pub fn run() {
    let rt = crate::stats::paused_runtime();
    rt.block_on(async {
        // The app's pace (half of each bucket) and the buckets themselves.
        for (label, burst, per_sec) in [("app pace 10/10/s", 10u32, 10.0), ("bucket pace 20/20/s", 20, 20.0)] {
            let fake = account();
            let start = tokio::time::Instant::now();
            let map = scan(&fake, &RateLimiter::new(burst, per_sec)).await.expect("scan");
            let secs = start.elapsed().as_secs_f64();
            let calls = fake.calls();
            let op = |o: &str| calls.by_op.get(o).copied().unwrap_or(0);
            let services = op("ListServices") + op("DescribeServices");
            let clusters = op("ListClusters") + op("ListTasks") + op("DescribeTasks");
            let at_pace = floor(services, clusters, f64::from(burst), per_sec);
            let at_bucket = floor(services, clusters, 20.0, 20.0);
            println!(
                "scan {label}: {} clusters, {} services, {} tasks in {secs:.1} s; calls: services bucket {services} ({} List + {} Describe), clusters bucket {clusters} ({} ListClusters + {} ListTasks + {} DescribeTasks), {} throttled | floor at this pace {at_pace:.1} s ({:.3}x), at the buckets {at_bucket:.1} s ({:.3}x)",
                map.clusters,
                map.services,
                map.tasks,
                op("ListServices"),
                op("DescribeServices"),
                op("ListClusters"),
                op("ListTasks"),
                op("DescribeTasks"),
                calls.throttled,
                secs / at_pace,
                secs / at_bucket,
            );
        }
    });
}
