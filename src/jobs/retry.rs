//! Sending one call of a job: pace, journal, call, and retry with backoff while it may help.

use std::future::Future;
use std::sync::{Mutex, PoisonError};
use std::time::Duration;

use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

use crate::ecs::{EcsError, ErrorKind};

use super::CANCELLED_REASON;
use super::pace::Pacer;
use super::report::Stop;

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
pub(super) struct Lane {
    pub(super) pacer: Pacer,
    pub(super) backoff: Backoff,
    pub(super) stop: Stop,
    pub(super) max_attempts: u32,
}

/// What became of one call (one deregistration, or one delete batch).
#[derive(Debug)]
pub(super) enum Sent<T> {
    /// Nothing was sent, for this one-sentence reason.
    NotSent(String),
    /// Sent `attempts` times; the last answer, or why it failed for good.
    Answered {
        result: Result<T, String>,
        attempts: u32,
    },
}

/// Errors after which no other call of the job can succeed either.
fn stops_the_job(e: &EcsError) -> bool {
    matches!(e.kind, ErrorKind::AccessDenied | ErrorKind::Credentials)
}

impl Lane {
    /// Takes a token unless the job stops first; `false` means it stopped.
    async fn token(&self) -> bool {
        tokio::select! {
            biased;
            () = self.stop.wait_stopped() => false,
            () = self.pacer.acquire() => true,
        }
    }

    /// Sends `call` under the job's pacing: `journal` runs once, right before the first attempt;
    /// retryable errors are retried with backoff (each retry takes a token again) until
    /// `max_attempts`; the first success ends it, so nothing succeeds twice.
    pub(super) async fn send<T, F, Fut>(
        &self,
        journal: impl FnOnce() -> Result<(), String>,
        mut call: F,
    ) -> Sent<T>
    where
        F: FnMut() -> Fut,
        Fut: Future<Output = Result<T, EcsError>>,
    {
        if let Some(r) = self.stop.refusal() {
            return Sent::NotSent(r);
        }
        // A cancel or a fatal error may come while we queue for the token.
        let got = self.token().await;
        if let Some(r) = self.stop.refusal() {
            return Sent::NotSent(r);
        }
        if !got {
            return Sent::NotSent(CANCELLED_REASON.to_string());
        }
        if let Err(r) = journal() {
            self.stop.halt(r.clone());
            return Sent::NotSent(r);
        }
        let mut attempts = 0;
        loop {
            attempts += 1;
            let err = match call().await {
                Ok(v) => {
                    self.pacer.answered().await;
                    return Sent::Answered {
                        result: Ok(v),
                        attempts,
                    };
                }
                Err(e) => e,
            };
            if err.kind == ErrorKind::Throttled {
                self.pacer.throttled().await;
            } else {
                self.pacer.answered().await;
            }
            if !err.is_retryable() {
                if stops_the_job(&err) {
                    self.stop.halt(err.to_string());
                }
                return Sent::Answered {
                    result: Err(err.to_string()),
                    attempts,
                };
            }
            if attempts >= self.max_attempts.max(1) {
                return Sent::Answered {
                    result: Err(format!("gave up after {attempts} attempts: {err}")),
                    attempts,
                };
            }
            let wait = self.backoff.delay(attempts);
            let retry = tokio::select! {
                biased;
                () = self.stop.wait_stopped() => false,
                () = tokio::time::sleep(wait) => self.token().await,
            };
            let stopped = if self.stop.cancelled() {
                Some(format!("cancelled before it was retried: {err}"))
            } else {
                self.stop
                    .halted()
                    .map(|h| format!("not retried, because another call of this job failed: {h}"))
                    .or_else(|| (!retry).then(|| format!("cancelled before it was retried: {err}")))
            };
            if let Some(reason) = stopped {
                return Sent::Answered {
                    result: Err(reason),
                    attempts,
                };
            }
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    #[test]
    fn full_jitter_stays_under_the_exponential_cap() {
        let b = Backoff::new(Duration::from_millis(100), Duration::from_secs(2), Some(1));
        let mut sum = Duration::ZERO;
        for _ in 0..200 {
            let d = b.delay(1);
            assert!(d <= Duration::from_millis(100));
            sum += d;
        }
        // Jitter, not a constant: the mean is near half the cap.
        let mean = sum / 200;
        assert!((30..70).contains(&mean.as_millis()), "mean {mean:?}");
        for _ in 0..50 {
            assert!(b.delay(3) <= Duration::from_millis(400));
            assert!(b.delay(40) <= Duration::from_secs(2));
        }
    }

    #[test]
    fn seeded_backoff_is_reproducible() {
        let a = Backoff::new(Duration::from_millis(100), Duration::from_secs(2), Some(9));
        let b = Backoff::new(Duration::from_millis(100), Duration::from_secs(2), Some(9));
        for n in 1..8 {
            assert_eq!(a.delay(n), b.delay(n));
        }
    }
}
