//! Mutation jobs: deregister or delete many revisions at the account's ECS rate limit.
//!
//! A job paces its calls with a client-side token bucket matching the ECS bucket, keeps
//! enough calls in flight that latency does not lower the rate, retries what ECS throttles or
//! fails transiently, journals every call before and after it is made, and reports each item
//! exactly once, then the end of the job.

mod delete;
mod deregister;
mod pace;
mod report;
mod retry;

use std::collections::HashSet;
use std::sync::Arc;
use std::sync::atomic::AtomicUsize;
use std::time::Duration;

use tokio::sync::{mpsc, watch};

use crate::app::{Action, ItemOutcome, JobKind};
use crate::domain::{Halt, ItemFailure};
use crate::ecs::{EcsApi, RevisionRef};
use crate::journal::{Journal, Meta};

use pace::Pacer;
use report::{Reporter, Stop};
use retry::{Backoff, Lane, NotSent};

/// ARNs per `DeleteTaskDefinitions` call (the ECS maximum).
pub const DELETE_BATCH: usize = 10;
/// Share of each bucket's refill rate a job leaves to other callers by default (`--headroom`).
pub const DEFAULT_HEADROOM: f64 = 0.2;

/// Pacing and retry settings for jobs. `Default` matches the ECS buckets of an ordinary account.
#[derive(Debug, Clone, PartialEq)]
pub struct RateConfig {
    /// Deregistrations sent at once before pacing starts.
    pub deregister_burst: u32,
    /// Steady deregistrations per second.
    pub deregister_per_sec: f64,
    /// Delete calls (of up to 10 ARNs) sent at once before pacing starts.
    pub delete_burst: u32,
    /// Steady delete calls per second.
    pub delete_per_sec: f64,
    /// Share of the refill rate left to other callers of the bucket (0.2 = run at 80%).
    pub headroom: f64,
    /// Calls in flight at most, so latency never lowers the rate.
    pub concurrency: usize,
    /// Calls per item (or delete batch) before a retryable error is final.
    pub max_attempts: u32,
    /// Backoff cap after the first failed attempt; doubles each time.
    pub base_backoff: Duration,
    /// Largest backoff cap.
    pub max_backoff: Duration,
    /// Seed for the backoff jitter (tests, benchmarks); `None` seeds from the OS.
    pub jitter_seed: Option<u64>,
}

impl Default for RateConfig {
    /// ECS: deregister burst 20 then 1/s; delete burst 5 then 1 call/s. Eight calls in flight
    /// keep even 1 s of latency from lowering 1/s, and drain a burst of 20 in a few round trips.
    fn default() -> Self {
        RateConfig {
            deregister_burst: 20,
            deregister_per_sec: 1.0,
            delete_burst: 5,
            delete_per_sec: 1.0,
            headroom: DEFAULT_HEADROOM,
            concurrency: 8,
            max_attempts: 8,
            base_backoff: Duration::from_millis(200),
            max_backoff: Duration::from_secs(20),
            jitter_seed: None,
        }
    }
}

impl RateConfig {
    /// `--rate`: deregistrations per second for an account with a raised limit. Deletes keep
    /// their own bucket (raise `delete_per_sec` separately); non-positive rates are ignored.
    pub fn with_rate(mut self, per_sec: f64) -> Self {
        if !(per_sec.is_finite() && per_sec > 0.0) {
            return self;
        }
        self.deregister_per_sec = per_sec;
        // Enough calls in flight to sustain the rate at half a second of latency.
        let needed = (per_sec * 0.5).ceil().min(64.0) as usize;
        self.concurrency = self.concurrency.max(needed);
        self
    }

    /// `--headroom PERCENT`: the share of each bucket left to others (0 = run at the floor).
    pub fn with_headroom_percent(mut self, percent: f64) -> Self {
        if percent.is_finite() {
            self.headroom = (percent / 100.0).clamp(0.0, 0.9);
        }
        self
    }

    /// Burst tokens a job leaves in the account's bucket at its start.
    pub fn reserve(&self) -> u32 {
        u32::from(self.headroom > 0.0)
    }

    /// Calls released together after the burst: pairs with headroom, so that a neighbour
    /// shows up in our throttles before it fails (see `RateLimiter::with_group`); single calls
    /// at the floor.
    pub fn group(&self) -> u32 {
        if self.headroom > 0.0 { 2 } else { 1 }
    }

    /// Burst and steady calls per second a job of `kind` runs at, headroom applied.
    pub fn pace(&self, kind: JobKind) -> (u32, f64) {
        let (burst, per_sec) = match kind {
            JobKind::Deregister => (self.deregister_burst, self.deregister_per_sec),
            JobKind::Delete => (self.delete_burst, self.delete_per_sec),
        };
        (burst, per_sec * (1.0 - self.headroom.clamp(0.0, 0.9)))
    }
}

/// Seconds a lone job of `items` takes at this pace: what the burst covers goes at once.
pub fn estimate_secs(burst: u32, per_sec: f64, reserve: u32, kind: JobKind, items: usize) -> f64 {
    let calls = match kind {
        JobKind::Deregister => items,
        JobKind::Delete => items.div_ceil(DELETE_BATCH),
    };
    let at_once = burst.saturating_sub(reserve) as usize;
    calls.saturating_sub(at_once) as f64 / per_sec.max(1e-9)
}

impl RateConfig {
    /// One sentence for the confirmation: the policy the job runs with and what it costs.
    pub fn policy_note(&self, kind: JobKind, items: usize) -> String {
        let (burst, per_sec) = self.pace(kind);
        let (full_burst, floor_rate) = match kind {
            JobKind::Deregister => (self.deregister_burst, self.deregister_per_sec),
            JobKind::Delete => (self.delete_burst, self.delete_per_sec),
        };
        let what = match kind {
            JobKind::Deregister => "deregistrations",
            JobKind::Delete => "delete calls",
        };
        let secs = estimate_secs(burst, per_sec, self.reserve(), kind, items);
        let floor = estimate_secs(full_burst, floor_rate, 0, kind, items);
        let t = |s: f64| {
            if s < 1.0 {
                "under a second".to_string()
            } else {
                crate::text::duration(s.ceil() as u64)
            }
        };
        if self.headroom > 0.0 {
            format!(
                "Pace: {per_sec:.2} {what}/s after a burst, leaving {:.0}% of the account's bucket to deploys and others, and slower while they use it: about {} alone ({} at the floor with --headroom 0).",
                self.headroom * 100.0,
                t(secs),
                t(floor)
            )
        } else {
            format!(
                "Pace: the floor, {per_sec:.2} {what}/s after a burst (--headroom 0: nothing left for deploys sharing the bucket; it still slows down when throttled): about {}.",
                t(secs)
            )
        }
    }
}

/// What a call that was never sent ends as.
fn not_sent(n: NotSent) -> ItemOutcome {
    match n {
        NotSent::Cancelled => ItemOutcome::Cancelled,
        NotSent::Refused(r) => ItemOutcome::Failed(r),
    }
}

/// What every job of a run shares: the journal, where requests go, and the mode flags.
#[derive(Debug, Clone, Default)]
pub struct JobContext {
    /// The mutation journal; `None` writes none (tests, benchmarks).
    pub journal: Option<Arc<Journal>>,
    /// Region, profile and endpoint written on every journal line.
    pub meta: Meta,
    /// `--dry-run`: journal and report, call nothing.
    pub dry_run: bool,
    /// `--read-only`: refuse every item, call and journal nothing.
    pub read_only: bool,
}

/// Runs one job to the end: one `Action::JobItem` per item, then one `Action::JobFinished`.
///
/// `cancel` turning true stops sending new calls (items not sent end `Cancelled`); calls in
/// flight finish and are reported.
#[allow(clippy::too_many_arguments)] // The worker's call site; a struct would only move the list.
pub async fn run_job(
    api: Arc<dyn EcsApi>,
    job: u64,
    kind: JobKind,
    items: Vec<RevisionRef>,
    cfg: &RateConfig,
    ctx: &JobContext,
    cancel: watch::Receiver<bool>,
    events: mpsc::UnboundedSender<Action>,
) {
    let report = Reporter {
        job,
        kind,
        ctx,
        events: events.clone(),
    };
    let items = dedupe(items, &report);
    let stop = Stop::new(cancel.clone(), events.clone());
    if ctx.read_only {
        // Enforced here as well as in the UI: nothing is called or journaled.
        for item in &items {
            report.unsent(&item.arn, ItemOutcome::Failed(ItemFailure::ReadOnly));
        }
    } else if ctx.dry_run {
        dry_run(&items, &report, &stop);
    } else {
        let (burst, per_sec) = cfg.pace(kind);
        let lane = Lane {
            pacer: Pacer::new(burst, per_sec, cfg.reserve(), cfg.group()),
            backoff: Backoff::new(cfg.base_backoff, cfg.max_backoff, cfg.jitter_seed),
            stop,
            max_attempts: cfg.max_attempts,
            report: &report,
            in_flight: AtomicUsize::new(0),
        };
        let concurrency = cfg.concurrency.max(1);
        match kind {
            JobKind::Deregister => {
                deregister::run(&*api, items, &lane, &report, concurrency).await;
            }
            JobKind::Delete => delete::run(&*api, items, &lane, &report, concurrency).await,
        }
    }
    let cancelled = *cancel.borrow();
    let _ = events.send(Action::JobFinished { job, cancelled });
}

/// Keeps the first copy of each ARN; later copies are reported failed at once.
fn dedupe(items: Vec<RevisionRef>, report: &Reporter<'_>) -> Vec<RevisionRef> {
    let mut seen = HashSet::new();
    items
        .into_iter()
        .filter(|i| {
            let first = seen.insert(i.arn.clone());
            if !first {
                report.unsent(&i.arn, ItemOutcome::Failed(ItemFailure::Duplicate));
            }
            first
        })
        .collect()
}

/// The whole flow without a mutating call: journal (marked dry-run) and report.
fn dry_run(items: &[RevisionRef], report: &Reporter<'_>, stop: &Stop) {
    for item in items {
        let arn = item.arn.as_str();
        if stop.cancelled() {
            report.unsent(arn, ItemOutcome::Cancelled);
        } else if let Some(r) = stop.refusal() {
            report.unsent(arn, ItemOutcome::Failed(r));
        } else if let Err(j) = report.intent(&[arn]) {
            stop.halt(Halt::Journal(j.clone()));
            report.unsent(arn, ItemOutcome::Failed(ItemFailure::JournalUnwritable(j)));
        } else {
            report.sent(arn, ItemOutcome::DryRun, 0);
        }
    }
}

#[cfg(test)]
mod tests;
