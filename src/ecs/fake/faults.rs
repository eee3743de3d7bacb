//! Fault injection: latency, the real ECS token buckets, random throttling, server errors and
//! denied permissions. Everything random comes from one seeded generator, so a run is
//! reproducible from its seed (given the same order of calls, which paused time guarantees).

use std::time::Duration;

use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use tokio::time::Instant;

use crate::ecs::{EcsError, ErrorKind};

/// What goes wrong, and how slowly things go right. `Default` is a perfect, instant account.
#[derive(Clone, Debug)]
pub struct Faults {
    /// Uniform latency `min..max` per call, slept on tokio's clock (paused time works).
    pub latency: (Duration, Duration),
    /// Probability of an extra ThrottlingException per call, on top of the buckets: other
    /// clients (console, CI) sharing the account.
    pub throttle_rate: f64,
    /// Probability of a ServerException per call.
    pub server_error_rate: f64,
    /// Operations that always fail with AccessDenied, e.g. `"ListServices"`.
    pub access_denied: Vec<&'static str>,
    /// Enforce the real ECS token buckets (DESIGN.md).
    pub enforce_buckets: bool,
    /// After a deregistration, listings keep showing the revision as ACTIVE for this long.
    pub stale_list_window: Option<Duration>,
    /// Probability that a call ECS processed loses its answer on the way back (the caller
    /// sees a network error): a retry then finds the work already done.
    pub drop_response_rate: f64,
    /// Seed for every random decision.
    pub seed: u64,
}

impl Default for Faults {
    fn default() -> Self {
        Faults {
            latency: (Duration::ZERO, Duration::ZERO),
            throttle_rate: 0.0,
            server_error_rate: 0.0,
            access_denied: Vec::new(),
            enforce_buckets: false,
            stale_list_window: None,
            drop_response_rate: 0.0,
            seed: 0,
        }
    }
}

impl Faults {
    /// A busy real account: buckets enforced, 50-150 ms per call, 5% extra throttling.
    pub fn realistic() -> Self {
        Faults {
            latency: (Duration::from_millis(50), Duration::from_millis(150)),
            throttle_rate: 0.05,
            enforce_buckets: true,
            seed: 42,
            ..Faults::default()
        }
    }
}

/// The ECS throttling buckets, as the "Request throttling" page lists them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum BucketKind {
    /// RegisterTaskDefinition, DeregisterTaskDefinition.
    Modify,
    /// DeleteTaskDefinitions (one token per call, up to 10 ARNs).
    Delete,
    /// DescribeTaskDefinition, ListTaskDefinitions, ListTaskDefinitionFamilies.
    TaskDefRead,
    /// ListServices, DescribeServices.
    ServiceRead,
    /// ListClusters, ListTasks, DescribeTasks.
    ClusterRead,
}

impl BucketKind {
    const ALL: [BucketKind; 5] = [
        BucketKind::Modify,
        BucketKind::Delete,
        BucketKind::TaskDefRead,
        BucketKind::ServiceRead,
        BucketKind::ClusterRead,
    ];

    fn of(operation: &str) -> Option<Self> {
        Some(match operation {
            "RegisterTaskDefinition" | "DeregisterTaskDefinition" => BucketKind::Modify,
            "DeleteTaskDefinitions" => BucketKind::Delete,
            "DescribeTaskDefinition" | "ListTaskDefinitions" | "ListTaskDefinitionFamilies" => {
                BucketKind::TaskDefRead
            }
            "ListServices" | "DescribeServices" => BucketKind::ServiceRead,
            "ListClusters" | "ListTasks" | "DescribeTasks" => BucketKind::ClusterRead,
            _ => return None,
        })
    }

    /// (burst, refill per second).
    fn limits(self) -> (f64, f64) {
        match self {
            BucketKind::Modify => (20.0, 1.0),
            BucketKind::Delete => (5.0, 1.0),
            BucketKind::TaskDefRead => (50.0, 20.0),
            BucketKind::ServiceRead | BucketKind::ClusterRead => (20.0, 20.0),
        }
    }
}

/// One token bucket; starts full at its first use so the runtime's clock is the one measured.
#[derive(Debug, Default)]
struct Bucket {
    tokens: f64,
    last: Option<Instant>,
}

impl Bucket {
    fn try_take(&mut self, (burst, per_second): (f64, f64), now: Instant) -> bool {
        let tokens = match self.last {
            None => burst,
            Some(last) => {
                let refill = now.saturating_duration_since(last).as_secs_f64() * per_second;
                (self.tokens + refill).min(burst)
            }
        };
        self.last = Some(now);
        // Tolerate float dust from fractional refills (e.g. 0.999999 after exactly 1 s).
        if tokens >= 1.0 - 1e-9 {
            self.tokens = (tokens - 1.0).max(0.0);
            true
        } else {
            self.tokens = tokens;
            false
        }
    }
}

/// The account's fault state: configuration, generator and buckets.
#[derive(Debug)]
pub(super) struct FaultState {
    faults: Faults,
    rng: StdRng,
    buckets: [Bucket; 5],
}

impl Default for FaultState {
    fn default() -> Self {
        FaultState::new(Faults::default())
    }
}

impl FaultState {
    /// Fresh state: full buckets, generator seeded from `faults.seed`.
    pub(super) fn new(faults: Faults) -> Self {
        FaultState {
            rng: StdRng::seed_from_u64(faults.seed),
            faults,
            buckets: Default::default(),
        }
    }

    /// How long this call takes on the wire.
    pub(super) fn latency(&mut self) -> Duration {
        let (min, max) = self.faults.latency;
        if max <= min {
            return min;
        }
        self.rng.random_range(min..=max)
    }

    /// Decides whether the call reaches the (fake) service. Access is checked first (IAM runs
    /// before throttling), then random throttling, which takes no token (someone else's
    /// traffic), then the bucket, then random server errors.
    pub(super) fn admit(&mut self, operation: &'static str, now: Instant) -> Result<(), EcsError> {
        if self.faults.access_denied.contains(&operation) {
            return Err(EcsError::new(
                operation,
                ErrorKind::AccessDenied,
                format!(
                    "User: arn:aws:sts::123456789012:assumed-role/ReadOnly/operator is not authorized to perform: ecs:{operation}"
                ),
            ));
        }
        if self.faults.throttle_rate > 0.0 && self.rng.random::<f64>() < self.faults.throttle_rate {
            return Err(throttled(operation));
        }
        if self.faults.enforce_buckets
            && let Some(kind) = BucketKind::of(operation)
        {
            let idx = BucketKind::ALL.iter().position(|k| *k == kind).unwrap_or(0);
            if !self.buckets[idx].try_take(kind.limits(), now) {
                return Err(throttled(operation));
            }
        }
        if self.faults.server_error_rate > 0.0
            && self.rng.random::<f64>() < self.faults.server_error_rate
        {
            return Err(EcsError::new(
                operation,
                ErrorKind::Server,
                "Service Unavailable. Please try again later.",
            ));
        }
        Ok(())
    }
}

impl FaultState {
    /// After ECS processed a call: `Some(error)` when its answer is lost on the way back.
    pub(super) fn drop_response(&mut self, operation: &'static str) -> Option<EcsError> {
        let rate = self.faults.drop_response_rate;
        (rate > 0.0 && self.rng.random::<f64>() < rate).then(|| {
            EcsError::new(
                operation,
                ErrorKind::Network,
                "the connection closed before the response arrived",
            )
        })
    }
}

fn throttled(operation: &'static str) -> EcsError {
    EcsError::new(operation, ErrorKind::Throttled, "Rate exceeded")
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests;
