//! Keep-newest-N planning over 10,000 revisions in 500 families (issue 11, §2 and §5): the
//! in-memory backend enforcing the real buckets, 80 ms per call (and 20), paused time; calls counted
//! by the backend.

use std::collections::HashMap;
use std::time::Duration;

use taskdefs::app::selection::{KeepRule, days_duration};
use taskdefs::ecs::fake::{CLOCK_BASE, FakeEcs, Faults};
use taskdefs::ecs::pages::{bucket_pace, bucket_share};
use taskdefs::inuse::InUseMap;
use taskdefs::jobs::DEFAULT_HEADROOM;
use taskdefs::keep::{KeepProgress, collect};
use taskdefs::ratelimit::RateLimiter;

const FAMILIES: usize = 500;
const PER_FAMILY: u32 = 20;
/// The account's task definition read bucket: burst, then per second.
const BUCKET: (f64, f64) = (50.0, 20.0);

/// 500 families of 20 revisions, revision i registered 3 × (20 − i) + (family mod 3) days
/// before the fake clock's start: about half of every family is older than 30 days.
fn account(latency_ms: u64) -> FakeEcs {
    let fake = FakeEcs::new().with_faults(Faults {
        latency: (
            Duration::from_millis(latency_ms),
            Duration::from_millis(latency_ms),
        ),
        enforce_buckets: true,
        ..Faults::default()
    });
    for f in 0..FAMILIES {
        let doc = serde_json::json!({"family": format!("fam-{f:03}"),
            "containerDefinitions": [{"name": "app", "image": "nginx:1.27", "memory": 128}]});
        for i in 1..=PER_FAMILY {
            let days = 3 * i64::from(PER_FAMILY - i) + (f % 3) as i64;
            fake.register_at(
                doc.clone(),
                CLOCK_BASE - jiff::SignedDuration::from_hours(24 * days),
            );
        }
    }
    fake
}

/// The floor of `calls` reads at `burst` then `per_sec`, in seconds.
fn floor(calls: u64, (burst, per_sec): (f64, f64)) -> f64 {
    (calls as f64 - burst).max(0.0) / per_sec
}

struct Run {
    secs: f64,
    describes: u64,
    lists: u64,
    throttled: u64,
    selected: usize,
    times: HashMap<String, jiff::Timestamp>,
}

async fn plan(
    fake: &FakeEcs,
    rule: &KeepRule,
    pace: &RateLimiter,
    known: &HashMap<String, jiff::Timestamp>,
) -> Run {
    let before = fake.calls();
    let names: Vec<String> = (0..FAMILIES).map(|f| format!("fam-{f:03}")).collect();
    let start = tokio::time::Instant::now();
    let (sel, described) = collect(
        fake,
        &names,
        rule,
        &InUseMap::default(),
        pace,
        &|a| known.get(a).copied(),
        &mut |_: KeepProgress| {},
        CLOCK_BASE,
    )
    .await
    .expect("plan");
    let secs = start.elapsed().as_secs_f64();
    let after = fake.calls();
    let op = |c: &taskdefs::ecs::fake::CallCounts, o: &str| c.by_op.get(o).copied().unwrap_or(0);
    Run {
        secs,
        describes: op(&after, "DescribeTaskDefinition") - op(&before, "DescribeTaskDefinition"),
        lists: op(&after, "ListTaskDefinitions") - op(&before, "ListTaskDefinitions"),
        throttled: after.throttled - before.throttled,
        selected: sel.iter().map(|s| s.selected.len()).sum(),
        times: described
            .iter()
            .filter_map(|(a, td)| Some((a.clone(), td.registered_at()?)))
            .collect(),
    }
}

fn report(label: &str, r: &Run, pace: (f64, f64)) {
    let calls = r.describes + r.lists;
    let bucket = floor(calls, BUCKET);
    let client = floor(calls, pace);
    println!(
        "keep {label}: {:.1} s, {} describes + {} lists, {} throttled, {} selected | floor {bucket:.1} s at the read bucket ({:.2}x), {client:.1} s at the client pace {}/{}/s ({:.2}x)",
        r.secs,
        r.describes,
        r.lists,
        r.throttled,
        r.selected,
        r.secs / bucket.max(f64::EPSILON),
        pace.0,
        pace.1,
        r.secs / client.max(f64::EPSILON),
    );
}

/// Keep newest 5 older than 30 days: cold, then warm with the times the cold run read (what
/// the cache holds); and keep newest 5 without an age condition. At the pace the TUI's `K`
/// and `prune` plan at (`ecs::pages::bucket_pace`), default headroom and `--headroom 0`.
pub fn run() {
    let rt = crate::stats::paused_runtime();
    rt.block_on(async {
        let fake = account(80);
        let aged = KeepRule {
            keep: 5,
            older_than: Some(days_duration(30)),
            include_managed: false,
        };
        let plain = KeepRule {
            older_than: None,
            ..aged.clone()
        };
        for (policy, headroom) in [("default", DEFAULT_HEADROOM), ("--headroom 0", 0.0)] {
            let pace = bucket_share(headroom);
            let pace = (f64::from(pace.0), pace.1);
            let cold = plan(&fake, &aged, &bucket_pace(headroom), &HashMap::new()).await;
            report(
                &format!("{policy}: 5 older than 30 days, cold"),
                &cold,
                pace,
            );
            tokio::time::sleep(Duration::from_secs(10)).await;
            let warm = plan(&fake, &aged, &bucket_pace(headroom), &cold.times).await;
            report(
                &format!("{policy}: 5 older than 30 days, warm"),
                &warm,
                pace,
            );
            assert_eq!(warm.selected, cold.selected, "warm and cold plans differ");
            tokio::time::sleep(Duration::from_secs(10)).await;
            let all = plan(&fake, &plain, &bucket_pace(headroom), &HashMap::new()).await;
            report(&format!("{policy}: 5, no age condition"), &all, pace);
            tokio::time::sleep(Duration::from_secs(10)).await;
        }
        // The account-wide listing is 100 pages walked from both ends (`keep::listing`), two
        // chains of about 50 round trips: at 80 ms the chains (4 s), not the bucket, bound it
        // at `--headroom 0`. At 20 ms (moto on this machine) the bucket does:
        let near = account(20);
        for (policy, headroom) in [("default", DEFAULT_HEADROOM), ("--headroom 0", 0.0)] {
            let pace = bucket_share(headroom);
            let pace = (f64::from(pace.0), pace.1);
            let all = plan(&near, &plain, &bucket_pace(headroom), &HashMap::new()).await;
            report(&format!("{policy}: 5, no age condition, 20 ms"), &all, pace);
            tokio::time::sleep(Duration::from_secs(10)).await;
        }
    });
}
