//! Pacing for one job: the client-side token bucket, started when ECS first answers, and what
//! ECS's throttles teach about others sharing the account's bucket.
//!
//! The job runs below the bucket's refill rate by its headroom, so tokens accumulate for
//! other callers (deploys register task definitions from the same bucket). A throttle on a
//! call the pacer allowed means someone else drew a token: the limiter empties and halves its
//! rate, then wins it back slowly (see `ratelimit`). The retry takes a fresh token.

use std::sync::{Mutex, OnceLock, PoisonError};

use tokio::sync::Notify;

use crate::ratelimit::RateLimiter;

/// A rate limiter that starts at the first answer and yields to other callers.
///
/// The burst is handed out at once, but the steady refill starts at the first answer, not
/// at the first call: ECS starts refilling when our first call *arrives*, and a client clock
/// started earlier runs ahead of it by the inbound latency, so every call whose latency is a
/// little shorter than the first one's gets throttled (a third of all calls in measurements).
#[derive(Debug)]
pub(super) struct Pacer {
    burst: u32,
    /// Burst tokens never spent at the start, so a neighbour's first call finds one.
    reserve: u32,
    /// Tokens released together after the burst (`RateLimiter::with_group`).
    group: u32,
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
}

/// What the pacer expects of the rest of the job, for the ETA.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct Outlook {
    /// Calls that can still go at once.
    pub(super) burst_left: f64,
    /// Calls per second after that.
    pub(super) per_sec: f64,
}

impl Pacer {
    /// A full bucket of `burst` tokens refilling at `per_second` once ECS first answers, of
    /// which `reserve` are left in the account's bucket for others.
    pub(super) fn new(burst: u32, per_second: f64, reserve: u32, group: u32) -> Self {
        let burst = burst.max(1);
        Pacer {
            burst,
            reserve: reserve.min(burst - 1),
            group: group.max(1),
            per_second,
            limiter: OnceLock::new(),
            started: Notify::new(),
            state: Mutex::new(State::default()),
        }
    }

    fn state(&self) -> std::sync::MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Waits for a token: a burst token before the first answer, else the limiter's.
    pub(super) async fn acquire(&self) {
        loop {
            // Registered before the checks, so a start in between still wakes us.
            let started = self.started.notified();
            {
                let mut s = self.state();
                if !s.answered && s.used + self.reserve < self.burst {
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
    fn start(&self) {
        let used = {
            let mut s = self.state();
            if s.answered {
                return;
            }
            s.answered = true;
            s.used
        };
        let left = f64::from(self.burst.saturating_sub(used + self.reserve));
        let group = self.group;
        let _ = self
            .limiter
            .set(RateLimiter::with_tokens(self.burst, self.per_second, left).with_group(group));
        self.started.notify_waiters();
    }

    /// ECS answered without throttling.
    pub(super) fn answered(&self) {
        self.start();
    }

    /// ECS throttled a call the pacer allowed: someone else draws from the bucket; yield.
    pub(super) fn throttled(&self) {
        self.start();
        if let Some(limiter) = self.limiter.get() {
            limiter.throttled();
        }
    }

    /// The burst left and the rate now.
    pub(super) fn outlook(&self) -> Outlook {
        match self.limiter.get() {
            Some(l) => Outlook {
                burst_left: l.tokens(),
                per_sec: l.current_rate(),
            },
            None => Outlook {
                burst_left: f64::from(self.burst.saturating_sub(self.state().used + self.reserve)),
                per_sec: self.per_second,
            },
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests;
