//! The account's task definitions: families, their revisions, statuses and listings.
//!
//! Revisions are compact (number, status, two times, a shared body): bulk loads and the demo
//! share one body across many revisions, and documents are only built when described.

use std::collections::BTreeMap;
use std::fmt;
use std::ops::Bound;
use std::sync::Arc;
use std::time::Duration;

use serde_json::Value;
use tokio::time::Instant;

use super::clusters::Clusters;
use super::family::Family;
use super::paging;
use crate::ecs::{DeleteOutcome, EcsError, ErrorKind, Page, StatusFilter, TdStatus};

/// Account id in every fake ARN.
pub const ACCOUNT: &str = "123456789012";
/// Region in every fake ARN.
pub const REGION: &str = "us-east-1";
/// Revisions and families per listing page (ECS's maximum).
pub(super) const PAGE: usize = 100;
/// ECS's answer to deleting an ACTIVE revision.
pub(super) const STILL_ACTIVE: &str = "The specified task definition is still in ACTIVE status. Please deregister the target and try again.";

/// The ARN of `family:revision`.
pub fn td_arn(family: &str, revision: u32) -> String {
    format!("arn:aws:ecs:{REGION}:{ACCOUNT}:task-definition/{family}:{revision}")
}

/// Builds a revision's register-input document when someone describes it.
pub(super) trait DocSource: Send + Sync {
    /// The `RegisterTaskDefinition` input (with `tags`) for `revision`.
    fn document(&self, revision: u32) -> Value;
}

/// What a revision holds, shared between revisions that hold the same thing.
pub(super) enum Body {
    /// A registered document, stored as given.
    Doc(Value),
    /// A generator, for the demo's many revisions.
    Source(Box<dyn DocSource>),
}

impl Body {
    /// The register-input document of `revision`.
    pub(super) fn document(&self, revision: u32) -> Value {
        match self {
            Body::Doc(v) => v.clone(),
            Body::Source(s) => s.document(revision),
        }
    }
}

/// One revision.
#[derive(Clone)]
pub(super) struct Rev {
    pub(super) number: u32,
    pub(super) status: TdStatus,
    pub(super) registered_ms: i64,
    pub(super) deregistered_ms: Option<i64>,
    pub(super) body: Arc<Body>,
}

/// Every family, every cluster, and the fake clock.
pub(super) struct Store {
    pub(super) families: BTreeMap<String, Family>,
    /// Services and tasks, for in-use checks and the cluster calls.
    pub(super) clusters: Clusters,
    origin_ms: i64,
    started: Instant,
    last_registered_ms: i64,
    /// Last registered body, to share it when the next registration is identical.
    last_body: Option<Arc<Body>>,
    /// Copied from the faults: how long listings lag behind deregistrations.
    pub(super) stale_window: Option<Duration>,
}

impl fmt::Debug for Store {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Store")
            .field("families", &self.families.len())
            .finish_non_exhaustive()
    }
}

impl Store {
    /// An empty account whose clock reads `origin` now.
    pub(super) fn new(origin: jiff::Timestamp) -> Self {
        Store {
            families: BTreeMap::new(),
            clusters: Clusters::default(),
            origin_ms: origin.as_millisecond(),
            started: Instant::now(),
            last_registered_ms: i64::MIN,
            last_body: None,
            stale_window: None,
        }
    }

    /// Re-anchors the clock: it reads `origin` now and runs on tokio's clock.
    pub(super) fn set_origin(&mut self, origin: jiff::Timestamp) {
        self.origin_ms = origin.as_millisecond();
        self.started = Instant::now();
    }

    /// The fake wall clock, in epoch milliseconds.
    pub(super) fn now_ms(&self) -> i64 {
        let elapsed = Instant::now().saturating_duration_since(self.started);
        self.origin_ms
            .saturating_add(i64::try_from(elapsed.as_millis()).unwrap_or(i64::MAX))
    }

    /// Adds the next revision of `family`; returns its ARN.
    pub(super) fn insert(
        &mut self,
        family: &str,
        body: Arc<Body>,
        registered_ms: i64,
        status: TdStatus,
        deregistered_ms: Option<i64>,
    ) -> String {
        let fam = match self.families.get_mut(family) {
            Some(f) => f,
            None => self.families.entry(family.to_string()).or_default(),
        };
        fam.last_number += 1;
        let number = fam.last_number;
        fam.count(status, 1);
        fam.revisions.push(Rev {
            number,
            status,
            registered_ms,
            deregistered_ms,
            body,
        });
        self.last_registered_ms = self.last_registered_ms.max(registered_ms);
        td_arn(family, number)
    }

    /// RegisterTaskDefinition: the next ACTIVE revision of the document's family.
    pub(super) fn register(&mut self, doc: Value, at_ms: Option<i64>) -> String {
        let family = doc
            .get("family")
            .and_then(Value::as_str)
            .filter(|f| !f.is_empty())
            .unwrap_or("unnamed")
            .to_string();
        let at = at_ms.unwrap_or_else(|| {
            // Strictly increasing, so "newest" is unambiguous even in paused time.
            self.now_ms()
                .max(self.last_registered_ms.saturating_add(1000))
        });
        let body = self.intern(&family, doc);
        self.last_body = Some(body.clone());
        self.insert(&family, body, at, TdStatus::Active, None)
    }

    /// Shares the body of an identical earlier registration: bulk loads repeat one document.
    fn intern(&self, family: &str, doc: Value) -> Arc<Body> {
        let family_last = self
            .families
            .get(family)
            .and_then(|f| f.revisions.last())
            .map(|r| &r.body);
        for candidate in [family_last, self.last_body.as_ref()].into_iter().flatten() {
            if let Body::Doc(d) = candidate.as_ref()
                && *d == doc
            {
                return candidate.clone();
            }
        }
        Arc::new(Body::Doc(doc))
    }

    /// Finds a revision by ARN, `family:revision`, or bare family (its newest ACTIVE one).
    fn locate(&self, id: &str) -> Option<(String, usize)> {
        let tail = id.rsplit_once('/').map_or(id, |(_, t)| t);
        let (name, idx) = match tail.rsplit_once(':') {
            Some((name, rev)) => {
                let fam = self.families.get(name)?;
                (name, fam.index_of(rev.parse().ok()?)?)
            }
            None => {
                let fam = self.families.get(tail)?;
                let idx = fam
                    .revisions
                    .iter()
                    .rposition(|r| r.status == TdStatus::Active)?;
                (tail, idx)
            }
        };
        Some((name.to_string(), idx))
    }

    /// The revision `id` names, with its family.
    pub(super) fn get(&self, id: &str) -> Option<(String, Rev)> {
        let (name, idx) = self.locate(id)?;
        let rev = self.families.get(&name)?.revisions.get(idx)?.clone();
        Some((name, rev))
    }

    /// Changes a revision's status as ECS would (deregistration time, counts).
    /// `stale_from` starts the stale-listing window for a deregistration.
    pub(super) fn set_status(
        &mut self,
        id: &str,
        status: TdStatus,
        stale_from: Option<Instant>,
    ) -> Option<(String, Rev)> {
        let (name, idx) = self.locate(id)?;
        let now_ms = self.now_ms();
        let window = self.stale_window;
        let fam = self.families.get_mut(&name)?;
        let old = fam.revisions.get(idx)?.status;
        fam.count(old, -1);
        fam.count(status, 1);
        let rev = fam.revisions.get_mut(idx)?;
        rev.status = status;
        let number = rev.number;
        match status {
            TdStatus::Active => rev.deregistered_ms = None,
            _ if old == TdStatus::Active => rev.deregistered_ms = Some(now_ms),
            _ => {}
        }
        let rev = rev.clone();
        fam.recent
            .retain(|(n, t)| *n != number && window.is_some_and(|w| *t + w > Instant::now()));
        if let (Some(at), Some(_), TdStatus::Active, TdStatus::Inactive) =
            (stale_from, window, old, status)
        {
            fam.recent.push((number, at));
        }
        Some((name, rev))
    }

    /// Removes a revision for good.
    fn remove(&mut self, name: &str, idx: usize) {
        if let Some(fam) = self.families.get_mut(name) {
            let rev = fam.revisions.remove(idx);
            fam.count(rev.status, -1);
            fam.recent.retain(|(n, _)| *n != rev.number);
            if fam.revisions.is_empty() {
                self.families.remove(name);
            }
        }
    }

    /// DeregisterTaskDefinition: ACTIVE becomes INACTIVE; INACTIVE stays so, successfully.
    pub(super) fn deregister(&mut self, id: &str, now: Instant) -> Result<(String, Rev), EcsError> {
        const OP: &str = "DeregisterTaskDefinition";
        let missing = || {
            EcsError::new(
                OP,
                ErrorKind::Client,
                "The specified task definition does not exist.",
            )
        };
        let (name, rev) = self.get(id).ok_or_else(missing)?;
        match rev.status {
            TdStatus::Active => self
                .set_status(id, TdStatus::Inactive, Some(now))
                .ok_or_else(missing),
            TdStatus::Inactive => Ok((name, rev)),
            TdStatus::DeleteInProgress => Err(EcsError::new(
                OP,
                ErrorKind::Client,
                "The specified task definition is being deleted.",
            )),
        }
    }

    /// DeleteTaskDefinitions: per-ARN outcome; revisions still in use stay DELETE_IN_PROGRESS.
    pub(super) fn delete(&mut self, ids: &[String]) -> Result<DeleteOutcome, EcsError> {
        const OP: &str = "DeleteTaskDefinitions";
        if ids.is_empty() || ids.len() > 10 {
            return Err(EcsError::new(
                OP,
                ErrorKind::Client,
                format!(
                    "1 validation error detected: Value at 'taskDefinitions' failed to satisfy constraint: Member must have length between 1 and 10 (got {})",
                    ids.len()
                ),
            ));
        }
        let mut out = DeleteOutcome::default();
        for id in ids {
            let Some((name, rev)) = self.get(id) else {
                out.failures.push((
                    id.clone(),
                    "The specified task definition does not exist.".into(),
                ));
                continue;
            };
            let arn = td_arn(&name, rev.number);
            if rev.status == TdStatus::Active {
                out.failures.push((id.clone(), STILL_ACTIVE.into()));
                continue;
            }
            if self.clusters.in_use(&arn) {
                // ECS accepts the request and finishes it once nothing uses the revision.
                self.set_status(id, TdStatus::DeleteInProgress, None);
            } else if let Some((name, idx)) = self.locate(id) {
                self.remove(&name, idx);
            }
            out.deleted.push(arn);
        }
        Ok(out)
    }

    /// The true status of a revision; `None` once deleted.
    pub(super) fn status_of(&self, id: &str) -> Option<TdStatus> {
        self.get(id).map(|(_, r)| r.status)
    }

    /// One page of ListTaskDefinitionFamilies.
    pub(super) fn list_families(
        &self,
        prefix: Option<&str>,
        filter: StatusFilter,
        token: Option<&str>,
        now: Instant,
    ) -> Result<Page<String>, EcsError> {
        let prefix = prefix.unwrap_or("");
        let scope = format!("families|{}|{prefix}", filter.label());
        let cursor = paging::decode("ListTaskDefinitionFamilies", &scope, token)?;
        let start = match &cursor {
            Some(c) => Bound::Excluded(c.as_str()),
            None => Bound::Included(prefix),
        };
        let window = self.stale_window;
        let iter = self
            .families
            .range::<str, _>((start, Bound::Unbounded))
            .take_while(|(name, _)| name.starts_with(prefix))
            .filter(|(_, fam)| fam.matches(filter, now, window))
            .map(|(name, _)| name.clone());
        Ok(paging::page(iter, PAGE, &scope, Clone::clone))
    }

    /// One page of ListTaskDefinitions: newest first, exactly `family` (all when empty).
    pub(super) fn list_revisions(
        &self,
        family: &str,
        status: TdStatus,
        token: Option<&str>,
        now: Instant,
    ) -> Result<Page<String>, EcsError> {
        const OP: &str = "ListTaskDefinitions";
        let scope = format!("revisions|{family}|{}", status.as_aws());
        // The cursor is the last (family, revision) returned; revisions go newest first.
        let (from_family, below) = paging::decode_revision(OP, &scope, token)?
            .unwrap_or_else(|| (family.to_string(), u32::MAX));
        let window = self.stale_window;
        let families: Box<dyn Iterator<Item = (&String, &Family)>> = if family.is_empty() {
            Box::new(
                self.families
                    .range::<str, _>((Bound::Included(from_family.as_str()), Bound::Unbounded)),
            )
        } else {
            Box::new(self.families.get_key_value(family).into_iter())
        };
        let iter = families.flat_map(move |(name, fam)| {
            let limit = if *name == from_family {
                below
            } else {
                u32::MAX
            };
            let end = fam.revisions.partition_point(|r| r.number < limit);
            fam.revisions[..end]
                .iter()
                .rev()
                .filter(move |r| fam.listed(r, now, window) == status)
                .map(move |r| (name.as_str(), r.number))
        });
        Ok(paging::revision_page(iter, PAGE, &scope, td_arn))
    }

    /// Number of families and revisions, for tests and benchmarks.
    pub(super) fn sizes(&self) -> (usize, usize) {
        let revisions = self.families.values().map(|f| f.revisions.len()).sum();
        (self.families.len(), revisions)
    }
}

#[cfg(test)]
mod tests;
