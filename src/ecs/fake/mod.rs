//! In-memory ECS with deterministic demo data and fault injection, for `--demo`, tests and
//! benchmarks.
//!
//! It follows ECS where the app depends on it: real pagination with opaque tokens, family
//! status filters, deregister/delete semantics with per-ARN failures, the real token buckets
//! on tokio's clock (paused time works), and listings that lag behind deregistrations.

mod api;
mod clusters;
pub mod demo;
mod family;
mod faults;
mod neighbour;
mod paging;
mod reversed;
mod store;
mod wire;

#[cfg(test)]
mod fault_tests;
#[cfg(test)]
mod tests;

use std::collections::BTreeMap;
use std::sync::{Mutex, MutexGuard, PoisonError};

use serde_json::Value;

pub use faults::Faults;
pub use neighbour::{Neighbour, NeighbourReport};
pub use store::{ACCOUNT, REGION, td_arn};

use crate::ecs::TdStatus;
use faults::FaultState;
use store::Store;

/// Where the fake clock starts (2026-11-01T00:00:00Z): demo data is registered before it.
pub const CLOCK_BASE: jiff::Timestamp = jiff::Timestamp::constant(1_793_491_200, 0);

/// Calls made so far, per ECS operation; throttled and failed calls are included.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CallCounts {
    /// Calls per operation name, e.g. `DeregisterTaskDefinition`.
    pub by_op: BTreeMap<&'static str, u64>,
    /// Calls answered with ThrottlingException.
    pub throttled: u64,
    /// Calls answered with any other error.
    pub failed: u64,
}

#[derive(Debug)]
struct Inner {
    store: Store,
    faults: FaultState,
    counts: CallCounts,
}

/// An in-memory ECS account. Share it with `Arc`; every method takes `&self`.
#[derive(Debug)]
pub struct FakeEcs {
    inner: Mutex<Inner>,
}

impl Default for FakeEcs {
    fn default() -> Self {
        FakeEcs::new()
    }
}

impl FakeEcs {
    /// An empty account without faults; its clock starts at `CLOCK_BASE`.
    pub fn new() -> Self {
        FakeEcs {
            inner: Mutex::new(Inner {
                store: Store::new(CLOCK_BASE),
                faults: FaultState::default(),
                counts: CallCounts::default(),
            }),
        }
    }

    /// The built-in demo account (see `demo`), without faults. Deterministic.
    pub fn demo() -> Self {
        let fake = FakeEcs::new();
        demo::populate(&mut fake.lock().store);
        fake
    }

    /// Replaces the faults; buckets start full and the generator restarts from the seed.
    pub fn with_faults(self, faults: Faults) -> Self {
        {
            let mut inner = self.lock();
            inner.store.stale_window = faults.stale_list_window;
            inner.faults = FaultState::new(faults);
        }
        self
    }

    /// Re-anchors the fake clock (used for registeredAt/deregisteredAt of new changes) so it
    /// reads `origin` now, e.g. `jiff::Timestamp::now()` for an interactive demo.
    pub fn with_clock(self, origin: jiff::Timestamp) -> Self {
        self.lock().store.set_origin(origin);
        self
    }

    /// The fake clock: `CLOCK_BASE` (or the `with_clock` origin) plus tokio time since then.
    pub fn now(&self) -> jiff::Timestamp {
        let ms = self.lock().store.now_ms();
        jiff::Timestamp::from_millisecond(ms).unwrap_or(CLOCK_BASE)
    }

    fn lock(&self) -> MutexGuard<'_, Inner> {
        // A panic elsewhere must not take the whole fake account down with it.
        self.inner.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Registers a `RegisterTaskDefinition` input document (family from `family`, tags from
    /// `tags`) as the family's next ACTIVE revision; returns its ARN. Setup helper: no faults,
    /// not counted. Identical consecutive documents share storage.
    pub fn register(&self, doc: Value) -> String {
        self.lock().store.register(doc, None)
    }

    /// `register` with an explicit registeredAt.
    pub fn register_at(&self, doc: Value, registered_at: jiff::Timestamp) -> String {
        self.lock()
            .store
            .register(doc, Some(registered_at.as_millisecond()))
    }

    /// Registers `count` revisions of one document (sharing its storage); returns their ARNs.
    pub fn register_many(&self, doc: Value, count: usize) -> Vec<String> {
        let mut inner = self.lock();
        (0..count)
            .map(|_| inner.store.register(doc.clone(), None))
            .collect()
    }

    /// Sets a revision's status directly (setup helper: no faults, no stale-listing window).
    pub fn set_status(&self, arn: &str, status: TdStatus) {
        self.lock().store.set_status(arn, status, None);
    }

    /// Adds a service whose `taskDefinition` is `task_definition` (ARN or `family:revision`)
    /// with these deployments; none means one deployment on `task_definition`.
    pub fn add_service(
        &self,
        cluster: &str,
        service: &str,
        task_definition: &str,
        deployments: &[&str],
    ) {
        self.lock()
            .store
            .clusters
            .add_service(cluster, service, task_definition, deployments);
    }

    /// Starts a standalone task (group `family:<family>`) with this `lastStatus`.
    pub fn add_task(&self, cluster: &str, task_definition: &str, last_status: &str) {
        self.lock()
            .store
            .clusters
            .add_task(cluster, task_definition, last_status, None);
    }

    /// Starts a task in a group such as `service:web-api`; returns the task ARN.
    pub fn add_task_in_group(
        &self,
        cluster: &str,
        task_definition: &str,
        last_status: &str,
        group: &str,
    ) -> String {
        self.lock()
            .store
            .clusters
            .add_task(cluster, task_definition, last_status, Some(group))
    }

    /// The true current status (listings may lag); `None` once deleted or if unknown.
    pub fn status_of(&self, arn: &str) -> Option<TdStatus> {
        self.lock().store.status_of(arn)
    }

    /// Calls made through `EcsApi` so far.
    pub fn calls(&self) -> CallCounts {
        self.lock().counts.clone()
    }

    /// Number of families and revisions (any status) currently stored.
    pub fn sizes(&self) -> (usize, usize) {
        self.lock().store.sizes()
    }

    /// The describe document of a revision as ECS would return it, without going through the
    /// faults or the counters (for fixtures and snapshots).
    pub fn describe_json(&self, arn: &str) -> Option<Value> {
        let (family, rev) = self.lock().store.get(arn)?;
        Some(wire::describe_document(&family, &rev).0)
    }

    /// Every task definition ARN a service, deployment or task references.
    pub fn referenced_task_definitions(&self) -> Vec<String> {
        self.lock().store.clusters.referenced()
    }
}
