//! What a job tells the app and the journal, and when it must stop sending.

use std::sync::{Mutex, PoisonError};

use tokio::sync::{Notify, mpsc, watch};

use crate::app::{Action, ItemOutcome, JobKind};
use crate::domain::{Halt, ItemFailure, JournalWrite};
use crate::journal::Call;

use super::JobContext;

/// Why the rest of a job is not sent: the user cancelled, or a call showed that none can succeed.
#[derive(Debug)]
pub(super) struct Stop {
    cancel: watch::Receiver<bool>,
    events: mpsc::UnboundedSender<Action>,
    halted: Mutex<Option<Halt>>,
    halt_signal: Notify,
}

impl Stop {
    /// Watches `cancel` (true = cancelled) and whether anyone still listens on `events`.
    pub(super) fn new(
        cancel: watch::Receiver<bool>,
        events: mpsc::UnboundedSender<Action>,
    ) -> Self {
        Stop {
            cancel,
            events,
            halted: Mutex::new(None),
            halt_signal: Notify::new(),
        }
    }

    /// True once the user cancelled, or the app stopped listening (it quit).
    pub(super) fn cancelled(&self) -> bool {
        *self.cancel.borrow() || self.events.is_closed()
    }

    /// Resolves once nothing more may be sent: cancelled, or halted by a fatal error.
    pub(super) async fn wait_stopped(&self) {
        let mut rx = self.cancel.clone();
        let halted = self.halt_signal.notified();
        if self.halted().is_some() {
            return;
        }
        let cancelled = async {
            if rx.wait_for(|c| *c).await.is_err() {
                // The sender is gone without cancelling: only the other signals can stop us.
                std::future::pending::<()>().await;
            }
        };
        tokio::select! {
            () = cancelled => {}
            () = self.events.closed() => {}
            () = halted => {}
        }
    }

    /// Stops every call not sent yet; the first reason wins.
    pub(super) fn halt(&self, reason: Halt) {
        {
            let mut h = self.halted.lock().unwrap_or_else(PoisonError::into_inner);
            if h.is_none() {
                *h = Some(reason);
            }
        }
        self.halt_signal.notify_waiters();
    }

    /// The reason the job was halted, if it was.
    pub(super) fn halted(&self) -> Option<Halt> {
        self.halted
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }

    /// Why a call that has not been sent must not be sent now, if it must not.
    pub(super) fn refusal(&self) -> Option<ItemFailure> {
        if self.cancelled() {
            return Some(ItemFailure::CancelledBeforeSent);
        }
        self.halted().map(ItemFailure::NotSent)
    }
}

/// Reports items: one `JobItem` each, and journal lines around every call that is made.
#[derive(Debug)]
pub(super) struct Reporter<'a> {
    pub(super) job: u64,
    pub(super) kind: JobKind,
    pub(super) ctx: &'a JobContext,
    pub(super) events: mpsc::UnboundedSender<Action>,
}

impl Reporter<'_> {
    fn call<'b>(&'b self, arn: &'b str) -> Call<'b> {
        Call {
            meta: &self.ctx.meta,
            job: self.job,
            action: self.kind,
            arn,
            dry_run: self.ctx.dry_run,
        }
    }

    /// Journals the intent for `arns`; an error means the call must not be made.
    pub(super) fn intent(&self, arns: &[&str]) -> Result<(), JournalWrite> {
        let Some(journal) = &self.ctx.journal else {
            return Ok(());
        };
        for arn in arns {
            journal
                .intent(&self.call(arn))
                .map_err(|e| JournalWrite::new(journal.path(), &e))?;
        }
        Ok(())
    }

    /// An item whose call was made (its intent is journaled): journal the outcome, then report.
    pub(super) fn sent(&self, arn: &str, outcome: ItemOutcome, attempts: u32) {
        if let Some(journal) = &self.ctx.journal
            && let Err(e) = journal.outcome(&self.call(arn), &outcome, attempts)
        {
            // The call happened; the app must still hear about it. The next start will list
            // this ARN as unfinished, which is the safe side.
            tracing::error!(arn, error = %e, "could not journal an outcome");
        }
        self.unsent(arn, outcome);
    }

    /// Calls in flight and the pace; `sent` lists ARNs whose first call just went out.
    pub(super) fn progress(&self, sent: &[&str], in_flight: usize, burst_left: f64, per_sec: f64) {
        let _ = self.events.send(Action::JobProgress {
            job: self.job,
            sent: sent.iter().map(|a| (*a).to_string()).collect(),
            in_flight,
            burst_left,
            per_sec,
        });
    }

    /// An item no call was made for: report only.
    pub(super) fn unsent(&self, arn: &str, outcome: ItemOutcome) {
        let _ = self.events.send(Action::JobItem {
            job: self.job,
            arn: arn.to_string(),
            outcome,
        });
    }
}
