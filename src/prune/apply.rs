//! Executing a prune plan through the TUI's own job path: `recheck::run_confirmed` scans in-use
//! status right before the first call, then `jobs::run_job` paces, retries and journals.

use std::collections::BTreeSet;
use std::sync::Arc;

use tokio::sync::{mpsc, watch};

use crate::app::{Action, ItemOutcome, JobKind, Recheck};
use crate::ecs::{EcsApi, RevisionRef, TdStatus};
use crate::jobs::{JobContext, RateConfig};
use crate::ratelimit::RateLimiter;
use crate::recheck::{ConfirmedJob, run_confirmed};
use crate::sources::Sources;

/// How one item ended, for output and exit codes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// The call succeeded (or found the work already done).
    Done,
    /// Dry run: journaled, not called.
    DryRun,
    /// Not called: in use since the plan, or cancelled before it was sent.
    Skipped,
    /// Failed for good.
    Failed,
}

impl Outcome {
    /// The name used in JSON output.
    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::Done => "done",
            Outcome::DryRun => "dry_run",
            Outcome::Skipped => "skipped",
            Outcome::Failed => "failed",
        }
    }
}

/// One item's outcome.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Item {
    /// Deregister or delete.
    pub kind: JobKind,
    /// The revision.
    pub revision: RevisionRef,
    /// What happened.
    pub result: Outcome,
    /// Why, for failed and skipped items.
    pub reason: Option<String>,
}

/// Why an item was not sent after SIGINT.
pub const CANCELLED: &str = "cancelled before it was sent";

/// Classifies the job runner's outcome: a cancelled item was not sent, so it counts with the
/// skipped ones; a call that found its work already done is done.
fn classify(outcome: ItemOutcome) -> (Outcome, Option<String>) {
    match outcome {
        ItemOutcome::Done(_) | ItemOutcome::AlreadyDone(_) => (Outcome::Done, None),
        ItemOutcome::DryRun => (Outcome::DryRun, None),
        ItemOutcome::Cancelled => (Outcome::Skipped, Some(CANCELLED.into())),
        ItemOutcome::Failed(r) => (Outcome::Failed, Some(r.to_string())),
        ItemOutcome::Skipped(r) => (Outcome::Skipped, Some(r.to_string())),
    }
}

/// How a job ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum JobEnd {
    /// Every item was reported.
    Finished {
        /// Cancelled part-way (SIGINT).
        cancelled: bool,
    },
    /// The in-use re-check failed: nothing was called.
    RecheckFailed(crate::ecs::EcsError),
}

/// The job runner's shared settings.
pub struct Runner {
    /// Where calls go.
    pub api: Arc<dyn EcsApi>,
    /// Pacing.
    pub rate: RateConfig,
    /// Journal and modes.
    pub ctx: Arc<JobContext>,
    /// Pacing of the in-use re-check.
    pub scans: Arc<RateLimiter>,
    /// Users beyond ECS, re-checked with the services and tasks.
    pub sources: Option<Arc<Sources>>,
    /// Turns true on SIGINT.
    pub cancel: watch::Receiver<bool>,
}

impl Runner {
    /// Runs one job over `items`; `on_item` hears each outcome as it arrives.
    pub async fn run(
        &self,
        job: u64,
        kind: JobKind,
        items: Vec<RevisionRef>,
        recheck: bool,
        on_item: &mut dyn FnMut(Item),
    ) -> JobEnd {
        let (tx, mut rx) = mpsc::unbounded_channel();
        let confirmed = ConfirmedJob {
            job,
            kind,
            items: items.clone(),
            recheck: if recheck {
                Recheck::Fresh {
                    confirmed_in_use: BTreeSet::new(),
                }
            } else {
                Recheck::Off
            },
        };
        let (api, rate, ctx, scans, cancel, sources) = (
            self.api.clone(),
            self.rate.clone(),
            self.ctx.clone(),
            self.scans.clone(),
            self.cancel.clone(),
            self.sources.clone(),
        );
        let task = tokio::spawn(async move {
            let sources = sources.as_deref();
            run_confirmed(api, confirmed, sources, &scans, &rate, &ctx, cancel, tx).await;
        });
        let mut end = None;
        while let Some(action) = rx.recv().await {
            match action {
                Action::JobItem { arn, outcome, .. } => {
                    let revision = items
                        .iter()
                        .find(|r| r.arn == arn)
                        .cloned()
                        .or_else(|| RevisionRef::from_arn(&arn, TdStatus::Active));
                    if let Some(revision) = revision {
                        let (result, reason) = classify(outcome);
                        on_item(Item {
                            kind,
                            revision,
                            result,
                            reason,
                        });
                    }
                }
                Action::JobRechecked { result: Err(e), .. } => {
                    end = Some(JobEnd::RecheckFailed(e));
                }
                Action::JobFinished { cancelled, .. } => {
                    end = Some(JobEnd::Finished { cancelled });
                }
                _ => {}
            }
        }
        let _ = task.await;
        end.unwrap_or(JobEnd::Finished {
            cancelled: *self.cancel.borrow(),
        })
    }
}

#[cfg(test)]
mod tests;
