//! What protected a decision must be fresh when it executes: between the operator's
//! confirmation and a job's first call, in-use status is scanned again, and items that a
//! service or task started using since are skipped instead of called.

use std::collections::BTreeSet;
use std::sync::Arc;

use tokio::sync::{mpsc, watch};

use crate::app::{Action, ItemOutcome, JobKind, Recheck};
use crate::domain::SkipReason;
use crate::ecs::{EcsApi, RevisionRef};
use crate::inuse::{InUseMap, scan_all};
use crate::jobs::{JobContext, RateConfig, run_job};
use crate::ratelimit::RateLimiter;
use crate::sources::Sources;

/// A job as the operator confirmed it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfirmedJob {
    /// Job id.
    pub job: u64,
    /// Deregister or delete.
    pub kind: JobKind,
    /// The revisions confirmed.
    pub items: Vec<RevisionRef>,
    /// How in-use status is checked before the first call.
    pub recheck: Recheck,
}

/// Re-checks in-use status (ECS paced by `scans`, and every source of `sources`), reports `Action::JobRechecked`, skips what
/// became in use, then runs the rest with `run_job`. If the scan fails, no call is made and
/// no item is reported: the app asks the operator again. Cancelling during the scan stops
/// waiting for it; every item is then reported as the job runner reports a cancelled item.
#[allow(clippy::too_many_arguments)] // the worker's whole context, passed explicitly
pub async fn run_confirmed(
    api: Arc<dyn EcsApi>,
    confirmed: ConfirmedJob,
    sources: Option<&Sources>,
    scans: &RateLimiter,
    cfg: &RateConfig,
    ctx: &JobContext,
    cancel: watch::Receiver<bool>,
    events: mpsc::UnboundedSender<Action>,
) {
    let ConfirmedJob {
        job,
        kind,
        mut items,
        recheck,
    } = confirmed;
    // Read-only refuses every item anyway; it makes no call, not even this read.
    if let (Recheck::Fresh { confirmed_in_use }, false) = (&recheck, ctx.read_only) {
        let mut rx = cancel.clone();
        let cancelled = async move {
            if rx.wait_for(|c| *c).await.is_err() {
                // The sender is gone without cancelling: nobody can cancel any more.
                std::future::pending::<()>().await;
            }
        };
        let result = tokio::select! {
            r = scan_all(&*api, sources, scans) => Some(r),
            () = cancelled => None,
        };
        match result {
            Some(Ok(map)) => {
                let (free, now_used) = split(items, &map, confirmed_in_use);
                let _ = events.send(Action::JobRechecked {
                    job,
                    result: Ok(map),
                });
                for (r, why) in now_used {
                    tracing::warn!(arn = %r.arn, %why, "skipped: in use since the confirmation");
                    let _ = events.send(Action::JobItem {
                        job,
                        arn: r.arn,
                        outcome: ItemOutcome::Skipped(why),
                    });
                }
                items = free;
            }
            Some(Err(e)) if !*cancel.borrow() => {
                tracing::warn!(job, error = %e, "in-use re-check failed; nothing was called");
                let _ = events.send(Action::JobRechecked {
                    job,
                    result: Err(e),
                });
                return;
            }
            // Cancelled: the runner reports every item as not sent.
            _ => {}
        }
    }
    run_job(api, job, kind, items, cfg, ctx, cancel, events).await;
}

/// Items still free (or confirmed as in use), and the others with why they are skipped.
pub fn split(
    items: Vec<RevisionRef>,
    map: &InUseMap,
    confirmed_in_use: &BTreeSet<String>,
) -> (Vec<RevisionRef>, Vec<(RevisionRef, SkipReason)>) {
    let mut free = Vec::with_capacity(items.len());
    let mut now_used = Vec::new();
    for r in items {
        let users = map.uses(&r);
        match users.first() {
            Some(first) if !confirmed_in_use.contains(&r.arn) => {
                let why = SkipReason::NowInUse {
                    first: first.clone(),
                    more: users.len() - 1,
                };
                now_used.push((r, why));
            }
            _ => free.push(r),
        }
    }
    (free, now_used)
}

#[cfg(test)]
mod tests;
