//! A neighbour in the account: a deploy pipeline that registers a task definition at a fixed
//! interval with the AWS SDK's standard retry (3 attempts, exponential backoff with full
//! jitter), drawing from the same modify bucket as deregistrations. Tests and benchmarks run
//! it next to a job to see whether the job leaves it room.

use std::sync::Arc;
use std::time::Duration;

use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use tokio::sync::watch;

use super::FakeEcs;
use crate::ecs::ErrorKind;

/// How the neighbour behaves.
#[derive(Debug, Clone)]
pub struct Neighbour {
    /// Time between registrations (a deploy every 4 s in the measured scenario).
    pub every: Duration,
    /// Attempts per registration (the SDK's standard mode: 3).
    pub attempts: u32,
    /// Wait before the first registration (the phase against the job's calls).
    pub start_after: Duration,
    /// Seed for the backoff jitter.
    pub seed: u64,
}

impl Default for Neighbour {
    fn default() -> Self {
        Neighbour {
            every: Duration::from_secs(4),
            attempts: 3,
            start_after: Duration::ZERO,
            seed: 1,
        }
    }
}

/// What happened to the neighbour's registrations.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NeighbourReport {
    /// Registrations that succeeded (possibly after retries).
    pub ok: u32,
    /// Registrations that failed after every attempt (a failed deploy).
    pub failed: u32,
    /// Attempts that were throttled, retried or not.
    pub throttled: u32,
}

impl Neighbour {
    /// Registers every `every` (the first after `start_after`) until `stop` turns true.
    pub async fn run(
        &self,
        fake: Arc<FakeEcs>,
        mut stop: watch::Receiver<bool>,
    ) -> NeighbourReport {
        let mut rng = StdRng::seed_from_u64(self.seed);
        let mut report = NeighbourReport::default();
        let first = tokio::time::Instant::now() + self.start_after;
        let mut tick = tokio::time::interval_at(first, self.every);
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        let doc = serde_json::json!({
            "family": "neighbour-deploy",
            "containerDefinitions": [{"name": "app", "image": "nginx:1.27", "memory": 256}],
        });
        loop {
            tokio::select! {
                biased;
                r = stop.wait_for(|s| *s) => { let _ = r; return report; }
                _ = tick.tick() => {}
            }
            let mut ok = false;
            for attempt in 1..=self.attempts.max(1) {
                match fake.register_call(doc.clone()).await {
                    Ok(_) => {
                        ok = true;
                        break;
                    }
                    Err(e) if e.kind == ErrorKind::Throttled => {
                        report.throttled += 1;
                        if attempt < self.attempts {
                            // Standard mode: full jitter on 1 s doubling, at most 20 s.
                            let cap = 2f64.powi(i32::try_from(attempt - 1).unwrap_or(0)).min(20.0);
                            let wait = cap * rng.random::<f64>();
                            tokio::time::sleep(Duration::from_secs_f64(wait)).await;
                        }
                    }
                    Err(_) => break,
                }
            }
            if ok {
                report.ok += 1;
            } else {
                report.failed += 1;
            }
        }
    }
}
