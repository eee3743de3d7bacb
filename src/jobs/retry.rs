//! Sending one call of a job: pace, journal, call, and retry with backoff while it may help.

use std::future::Future;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, PoisonError};
use std::time::Duration;

use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

use crate::domain::{Halt, ItemFailure, JournalWrite};
use crate::ecs::{EcsError, ErrorKind};

use super::pace::Pacer;
use super::report::{Reporter, Stop};

/// Exponential backoff with full jitter: attempt n waits uniformly in `0..=min(max, base*2^(n-1))`.
#[derive(Debug)]
pub(super) struct Backoff {
    base: Duration,
    max: Duration,
    rng: Mutex<StdRng>,
}

impl Backoff {
    /// Seeded for reproducible runs, else from the OS.
    pub(super) fn new(base: Duration, max: Duration, seed: Option<u64>) -> Self {
        let rng = match seed {
            Some(s) => StdRng::seed_from_u64(s),
            None => StdRng::from_rng(&mut rand::rng()),
        };
        Backoff {
            base,
            max,
            rng: Mutex::new(rng),
        }
    }

    /// The wait after the `failed`-th failed attempt (1-based).
    pub(super) fn delay(&self, failed: u32) -> Duration {
        let exp = 2f64.powi(i32::try_from(failed.saturating_sub(1).min(30)).unwrap_or(30));
        let cap = self.base.mul_f64(exp).min(self.max);
        let fraction: f64 = self
            .rng
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .random();
        cap.mul_f64(fraction)
    }
}

/// Everything the calls of one job share.
#[derive(Debug)]
pub(super) struct Lane<'a> {
    pub(super) pacer: Pacer,
    pub(super) backoff: Backoff,
    pub(super) stop: Stop,
    pub(super) max_attempts: u32,
    /// Where progress (calls in flight, pace) goes.
    pub(super) report: &'a Reporter<'a>,
    /// HTTP requests sent and not answered yet.
    pub(super) in_flight: AtomicUsize,
}

/// Why a call was not sent at all.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum NotSent {
    /// The user cancelled before it went out.
    Cancelled,
    /// A fatal error or the journal stopped it, for this reason.
    Refused(ItemFailure),
}

/// What became of one call (one deregistration, or one delete batch).
#[derive(Debug)]
pub(super) enum Sent<T> {
    /// Nothing was sent.
    NotSent(NotSent),
    /// Sent `attempts` times (every HTTP request counts); the last answer, or why it failed.
    Answered {
        /// The answer, or why it failed for good.
        result: Result<T, ItemFailure>,
        /// HTTP requests made.
        attempts: u32,
        /// An earlier attempt failed in a way that may have reached ECS (5xx, a timeout, a
        /// dropped response): an answer such as "does not exist" may mean it worked then.
        maybe_reached: bool,
        /// The error of the last attempt, when it failed.
        last_error: Option<EcsError>,
    },
    /// Stopped by a cancel between attempts, after `attempts` requests none of which may
    /// have reached ECS.
    Cancelled {
        /// HTTP requests made.
        attempts: u32,
    },
}

/// An error that may have come after ECS processed the call.
fn may_have_reached(e: &EcsError) -> bool {
    matches!(
        e.kind,
        ErrorKind::Server | ErrorKind::Network | ErrorKind::Other
    )
}

/// Errors after which no other call of the job can succeed either.
fn stops_the_job(e: &EcsError) -> bool {
    matches!(e.kind, ErrorKind::AccessDenied | ErrorKind::Credentials)
}

impl Lane<'_> {
    /// Takes a token unless the job stops first; `false` means it stopped.
    async fn token(&self) -> bool {
        tokio::select! {
            biased;
            () = self.stop.wait_stopped() => false,
            () = self.pacer.acquire() => true,
        }
    }

    /// Tells the app how many calls are in flight and the pace; `sent` went out first now.
    fn progress(&self, sent: &[&str]) {
        let o = self.pacer.outlook();
        self.report.progress(
            sent,
            self.in_flight.load(Ordering::SeqCst),
            o.burst_left,
            o.per_sec,
        );
    }

    /// One HTTP request, counted in flight while it is on the wire.
    async fn attempt<T, Fut>(&self, fut: Fut, first: &[&str]) -> Result<T, EcsError>
    where
        Fut: Future<Output = Result<T, EcsError>>,
    {
        self.in_flight.fetch_add(1, Ordering::SeqCst);
        self.progress(first);
        let r = fut.await;
        self.in_flight.fetch_sub(1, Ordering::SeqCst);
        match &r {
            Err(e) if e.kind == ErrorKind::Throttled => self.pacer.throttled(),
            _ => self.pacer.answered(),
        }
        self.progress(&[]);
        r
    }

    /// Sends `call` for `arns` under the job's pacing: `journal` runs once, right before the
    /// first attempt; retryable errors are retried with backoff (each retry takes a token
    /// again) until `max_attempts`; the first success ends it, so nothing succeeds twice.
    pub(super) async fn send<T, F, Fut>(
        &self,
        arns: &[&str],
        journal: impl FnOnce() -> Result<(), JournalWrite>,
        mut call: F,
    ) -> Sent<T>
    where
        F: FnMut() -> Fut,
        Fut: Future<Output = Result<T, EcsError>>,
    {
        if let Some(r) = self.refusal() {
            return Sent::NotSent(r);
        }
        // A cancel or a fatal error may come while we queue for the token.
        let got = self.token().await;
        if let Some(r) = self.refusal() {
            return Sent::NotSent(r);
        }
        if !got {
            return Sent::NotSent(NotSent::Cancelled);
        }
        if let Err(j) = journal() {
            self.stop.halt(Halt::Journal(j.clone()));
            return Sent::NotSent(NotSent::Refused(ItemFailure::JournalUnwritable(j)));
        }
        let mut attempts = 0;
        let mut maybe_reached = false;
        loop {
            attempts += 1;
            let first: &[&str] = if attempts == 1 { arns } else { &[] };
            let err = match self.attempt(call(), first).await {
                Ok(v) => {
                    return Sent::Answered {
                        result: Ok(v),
                        attempts,
                        maybe_reached,
                        last_error: None,
                    };
                }
                Err(e) => e,
            };
            if err.is_retryable() {
                maybe_reached |= may_have_reached(&err);
            }
            let answered = |failure: ItemFailure| Sent::Answered {
                result: Err(failure),
                attempts,
                maybe_reached,
                last_error: Some(err.clone()),
            };
            if !err.is_retryable() {
                if stops_the_job(&err) {
                    self.stop.halt(Halt::Fatal(err.clone()));
                }
                return answered(ItemFailure::Refused(err.clone()));
            }
            if attempts >= self.max_attempts.max(1) {
                return answered(ItemFailure::GaveUp {
                    attempts,
                    last: err.clone(),
                });
            }
            let wait = self.backoff.delay(attempts);
            let retry = tokio::select! {
                biased;
                () = self.stop.wait_stopped() => false,
                () = tokio::time::sleep(wait) => self.token().await,
            };
            let halted = self.stop.halted().filter(|_| !self.stop.cancelled());
            if let Some(h) = halted {
                return answered(ItemFailure::NotRetried(h));
            }
            if self.stop.cancelled() || !retry {
                if maybe_reached {
                    return answered(ItemFailure::CancelledAfterAttempt(err.clone()));
                }
                return Sent::Cancelled { attempts };
            }
        }
    }

    /// Why a call that has not been sent must not be sent now, if it must not.
    fn refusal(&self) -> Option<NotSent> {
        if self.stop.cancelled() {
            return Some(NotSent::Cancelled);
        }
        self.stop.refusal().map(NotSent::Refused)
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests;
