//! Pacing for one job: the client-side token bucket, plus what ECS's answers teach about the
//! account's real bucket.
//!
//! ECS does not spend a token on a request it throttles. So a lone throttle hands its token
//! back (`credit`), and the retry that takes it costs no time: measured on the fake with 5%
//! random throttling, charging every retry a fresh token made a 100-item job 5-6% slower than
//! the bucket allows. Throttles in a row mean someone else really is spending the account's
//! bucket: then the limiter is drained (no more burst) and no token is handed back, so every
//! attempt is paced and nothing storms the account.

use std::sync::{Mutex, OnceLock, PoisonError};

use tokio::sync::Notify;

use crate::ratelimit::RateLimiter;

/// Consecutive throttles (no success in between) from which the bucket is taken to be empty.
pub(super) const DRAIN_AFTER: u32 = 3;

/// A rate limiter that learns from throttling.
///
/// The burst is handed out at once, but the steady refill starts at the first answer, not
/// at the first call: ECS starts refilling when our first call *arrives*, and a client clock
/// started earlier runs ahead of it by the inbound latency, so every call whose latency is a
/// little shorter than the first one's gets throttled (a third of all calls in measurements).
#[derive(Debug)]
pub(super) struct Pacer {
    burst: u32,
    per_second: f64,
    limiter: OnceLock<RateLimiter>,
    started: Notify,
    state: Mutex<State>,
}

#[derive(Debug, Default)]
struct State {
    /// Burst tokens handed out before the limiter exists.
    used: u32,
    /// The first answer came: the limiter is being (or has been) built.
    answered: bool,
    /// Tokens handed back by throttled calls, spent before the limiter's.
    credit: u32,
    /// Throttles since the last answer that was not a throttle.
    streak: u32,
}

impl Pacer {
    /// A full bucket of `burst` tokens refilling at `per_second` once ECS first answers.
    pub(super) fn new(burst: u32, per_second: f64) -> Self {
        Pacer {
            burst: burst.max(1),
            per_second,
            limiter: OnceLock::new(),
            started: Notify::new(),
            state: Mutex::new(State::default()),
        }
    }

    fn state(&self) -> std::sync::MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Waits for a token: a handed-back one, a burst token, or the limiter's.
    pub(super) async fn acquire(&self) {
        loop {
            // Registered before the checks, so a start in between still wakes us.
            let started = self.started.notified();
            {
                let mut s = self.state();
                if s.credit > 0 {
                    s.credit -= 1;
                    return;
                }
                if !s.answered && s.used < self.burst {
                    s.used += 1;
                    return;
                }
            }
            if let Some(limiter) = self.limiter.get() {
                limiter.acquire().await;
                return;
            }
            started.await;
        }
    }

    /// Builds the limiter at the first answer, charged with the burst tokens already spent.
    async fn start(&self) {
        let used = {
            let mut s = self.state();
            if s.answered {
                return;
            }
            s.answered = true;
            s.used
        };
        let limiter = RateLimiter::new(self.burst, self.per_second);
        for _ in 0..used {
            // Never waits: `used` is at most the burst.
            limiter.acquire().await;
        }
        let _ = self.limiter.set(limiter);
        self.started.notify_waiters();
    }

    /// ECS answered without throttling: its bucket had our token.
    pub(super) async fn answered(&self) {
        self.start().await;
        self.state().streak = 0;
    }

    /// ECS throttled a call: hand the token back, or drain once throttles keep coming.
    pub(super) async fn throttled(&self) {
        self.start().await;
        let drain = {
            let mut s = self.state();
            s.streak += 1;
            if s.streak < DRAIN_AFTER {
                s.credit = (s.credit + 1).min(self.burst);
                false
            } else {
                s.credit = 0;
                true
            }
        };
        if drain && let Some(limiter) = self.limiter.get() {
            limiter.drain().await;
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use std::time::Duration;

    use tokio::time::Instant;

    use super::*;

    #[tokio::test(start_paused = true)]
    async fn a_lone_throttle_hands_its_token_back() {
        let p = Pacer::new(2, 1.0);
        let t0 = Instant::now();
        p.acquire().await;
        p.acquire().await;
        p.throttled().await;
        p.answered().await;
        p.acquire().await;
        assert_eq!(t0.elapsed(), Duration::ZERO, "the returned token was free");
        p.acquire().await;
        assert_eq!(t0.elapsed(), Duration::from_secs(1));
    }

    #[tokio::test(start_paused = true)]
    async fn throttles_in_a_row_drain_the_burst_and_stop_handing_back() {
        let p = Pacer::new(20, 1.0);
        let t0 = Instant::now();
        p.acquire().await;
        for _ in 0..DRAIN_AFTER {
            p.throttled().await;
        }
        // No credit left and the burst is gone: the next token is a second away.
        p.acquire().await;
        let secs = t0.elapsed().as_secs_f64();
        assert!((0.99..1.01).contains(&secs), "took {secs}");
        // Still throttled: paced, never handed back.
        p.throttled().await;
        p.acquire().await;
        let secs = t0.elapsed().as_secs_f64();
        assert!((1.99..2.01).contains(&secs), "took {secs}");
    }

    #[tokio::test(start_paused = true)]
    async fn the_refill_starts_at_the_first_answer() {
        let p = std::sync::Arc::new(Pacer::new(2, 1.0));
        let t0 = Instant::now();
        p.acquire().await;
        p.acquire().await;
        // A third caller waits for the first answer, then for a refilled token.
        let waiter = {
            let p = p.clone();
            tokio::spawn(async move {
                p.acquire().await;
                Instant::now()
            })
        };
        tokio::time::sleep(Duration::from_millis(300)).await;
        assert!(!waiter.is_finished());
        p.answered().await;
        let got = waiter.await.unwrap();
        assert_eq!(got.duration_since(t0), Duration::from_millis(1300));
    }
}
