//! A running or finished job as the screen shows it: counts, calls in flight, queued items,
//! and the ETA from the bucket model.

use std::collections::HashSet;

use jiff::Timestamp;

use super::effect::JobKind;
use crate::domain::{ItemFailure, SkipReason};
use crate::ecs::RevisionRef;

/// A running or finished mutation job.
#[derive(Debug, Clone, PartialEq)]
pub struct JobView {
    /// Job id.
    pub id: u64,
    /// Deregister or delete.
    pub kind: JobKind,
    /// The revisions.
    pub items: Vec<RevisionRef>,
    /// How many succeeded (including those a retry found already done).
    pub done: usize,
    /// Failures: the revision and why.
    pub failures: Vec<(RevisionRef, ItemFailure)>,
    /// When it started.
    pub started: Timestamp,
    /// When it ended.
    pub finished: Option<Timestamp>,
    /// True once cancelled.
    pub cancelled: bool,
    /// Dry run: nothing was called.
    pub dry_run: bool,
    /// Skipped and cancelled items, calls in flight and the pace, from the runner.
    pub flow: JobFlow,
}

/// How a job's items ended beyond done/failed, and how its calls flow (from the runner).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct JobFlow {
    /// Items not called, with why (e.g. in use since the confirmation).
    pub skipped: Vec<(RevisionRef, SkipReason)>,
    /// Items not called because the job was cancelled first.
    pub cancelled: usize,
    /// Of `done`, items a retry found already done.
    pub already: usize,
    /// ARNs whose call went out and that have no outcome yet.
    pub open: HashSet<String>,
    /// HTTP requests sent and not answered yet.
    pub in_flight: usize,
    /// Calls that can still go at once (what is left of the bucket's burst).
    pub burst_left: f64,
    /// Calls per second after the burst at the job's current pace (0 until known).
    pub per_sec: f64,
    /// Calls sent so far (first attempts).
    pub calls_sent: usize,
    /// When the burst ran out and `calls_sent` then: the start of the steady phase.
    pub steady_since: Option<(Timestamp, usize)>,
    /// With several contexts: each context's pace, (burst left, calls per second).
    pub contexts: std::collections::BTreeMap<crate::ecs::ContextId, (f64, f64)>,
}

/// Seconds of steady pacing after which the observed rate replaces the model's.
pub const ETA_STABLE_SECS: f64 = 10.0;

impl JobView {
    /// A job that has not started any call yet.
    pub fn new(id: u64, kind: JobKind, items: Vec<RevisionRef>, started: Timestamp) -> Self {
        JobView {
            id,
            kind,
            items,
            done: 0,
            failures: Vec::new(),
            started,
            finished: None,
            cancelled: false,
            dry_run: false,
            flow: JobFlow::default(),
        }
    }

    /// Items not finished yet.
    pub fn remaining(&self) -> usize {
        self.items.len().saturating_sub(
            self.done + self.failures.len() + self.flow.skipped.len() + self.flow.cancelled,
        )
    }

    /// Items whose call has not gone out yet.
    pub fn queued(&self) -> usize {
        self.remaining().saturating_sub(self.flow.open.len())
    }

    /// Calls still to send for the queued items (a delete call takes up to 10).
    fn calls_left(&self) -> usize {
        match self.kind {
            JobKind::Deregister => self.queued(),
            JobKind::Delete => self.queued().div_ceil(crate::jobs::DELETE_BATCH),
        }
    }

    /// Calls per second: observed once the steady phase has lasted `ETA_STABLE_SECS`, else
    /// the pacer's. `None` until the runner has said.
    pub fn rate(&self, now: Timestamp) -> Option<f64> {
        let f = &self.flow;
        if let Some((since, sent)) = f.steady_since {
            let secs = now.duration_since(since).as_secs_f64();
            let calls = f.calls_sent.saturating_sub(sent);
            if secs >= ETA_STABLE_SECS && calls > 0 {
                return Some(calls as f64 / secs);
            }
        }
        (f.per_sec > 0.0).then_some(f.per_sec)
    }

    /// Seconds left from the bucket model: the calls the burst still covers go at once, the
    /// rest at the rate (not an average that counts the initial burst).
    pub fn eta_secs(&self, now: Timestamp) -> Option<f64> {
        let rate = self.rate(now)?;
        let paced = (self.calls_left() as f64 - self.flow.burst_left.floor()).max(0.0);
        Some(paced / rate)
    }
}
