//! A client-side token bucket on tokio's clock, so paused-time tests and benchmarks see it,
//! that yields to other callers of the same ECS bucket (AIMD).
//!
//! ECS buckets are shared by everyone in the account and region. The limiter runs at its
//! ceiling while alone; a throttle on a call it allowed means someone else drew from the
//! bucket, so it empties its model of the bucket and halves its rate (multiplicative
//! decrease), then wins the rate back a little every second (additive increase), like TCP.

use std::sync::{Mutex, MutexGuard, PoisonError};
use std::time::Duration;

use tokio::time::Instant;

/// Rate kept after a throttle, as a fraction of the rate before it.
pub const DECREASE: f64 = 0.5;
/// Rate won back per second after a cut, as a fraction of the ceiling.
pub const INCREASE_PER_SEC: f64 = 0.02;
/// The rate never drops below this fraction of the ceiling, so a job always progresses.
pub const MIN_FRACTION: f64 = 0.02;
/// Throttles closer together than this count as one event (the calls were already in flight).
const CUT_COOLDOWN: Duration = Duration::from_secs(1);
/// Float dust from fractional refills (e.g. 0.999999 after exactly one interval).
const DUST: f64 = 1e-9;

/// Token bucket matching an ECS throttling bucket (burst, then a steady refill), with AIMD.
#[derive(Debug)]
pub struct RateLimiter {
    burst: f64,
    ceiling: f64,
    /// Tokens released together once the burst is spent (see `with_group`).
    group: u32,
    state: Mutex<Bucket>,
}

#[derive(Debug)]
struct Bucket {
    tokens: f64,
    /// Tokens of the current group not taken yet.
    granted: u32,
    /// The current rate: the ceiling while alone, lower after throttles.
    rate: f64,
    last: Instant,
    last_cut: Option<Instant>,
}

impl Bucket {
    /// Refills and wins rate back for the time since the last look.
    fn advance(&mut self, burst: f64, ceiling: f64, now: Instant) {
        let dt = now.saturating_duration_since(self.last).as_secs_f64();
        if dt > 0.0 {
            // The rate grows over the interval; the refill uses its mean.
            let grown = (self.rate + ceiling * INCREASE_PER_SEC * dt).min(ceiling);
            self.tokens = (self.tokens + dt * (self.rate + grown) / 2.0).min(burst);
            self.rate = grown;
            self.last = now;
        }
    }
}

impl RateLimiter {
    /// A full bucket of `burst` tokens refilling at `per_second`.
    pub fn new(burst: u32, per_second: f64) -> Self {
        let burst = f64::from(burst.max(1));
        let per_second = if per_second.is_finite() && per_second > 0.0 {
            per_second
        } else {
            1.0
        };
        RateLimiter {
            burst,
            ceiling: per_second,
            group: 1,
            state: Mutex::new(Bucket {
                tokens: burst,
                granted: 0,
                rate: per_second,
                last: Instant::now(),
                last_cut: None,
            }),
        }
    }

    /// Like `new`, but starting with only `tokens` of the burst left (e.g. spent before).
    pub fn with_tokens(burst: u32, per_second: f64, tokens: f64) -> Self {
        let rl = RateLimiter::new(burst, per_second);
        {
            let mut b = rl.lock();
            b.tokens = tokens.clamp(0.0, rl.burst);
        }
        rl
    }

    /// Releases tokens `group` at a time once fewer than that are left: calls go out together
    /// at the same mean rate. The second call of a group then samples the account's bucket
    /// right after the first drew from it, so a neighbour drawing from it shows up in our
    /// throttles while the bucket still holds a token for it (measured with a deploy every
    /// 4 s: single calls let it fail before the job noticed it).
    pub fn with_group(mut self, group: u32) -> Self {
        self.group = group.max(1);
        self
    }

    /// A fresh, full limiter with the same burst and rate, for another of the account's
    /// buckets read at the same share (the in-use scan's services and clusters buckets).
    pub fn twin(&self) -> RateLimiter {
        RateLimiter::new(self.burst as u32, self.ceiling).with_group(self.group)
    }

    fn lock(&self) -> MutexGuard<'_, Bucket> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// The highest steady rate, tokens per second (what it runs at while alone).
    pub fn per_second(&self) -> f64 {
        self.ceiling
    }

    /// The steady rate right now: lower than `per_second` while yielding to others.
    pub fn current_rate(&self) -> f64 {
        let mut b = self.lock();
        b.advance(self.burst, self.ceiling, Instant::now());
        b.rate
    }

    /// Tokens in the bucket right now (the burst still available).
    pub fn tokens(&self) -> f64 {
        let mut b = self.lock();
        b.advance(self.burst, self.ceiling, Instant::now());
        b.tokens.max(0.0)
    }

    /// Waits until one token is available and takes it.
    pub async fn acquire(&self) {
        loop {
            let wait = {
                let mut b = self.lock();
                b.advance(self.burst, self.ceiling, Instant::now());
                if b.granted > 0 {
                    b.granted -= 1;
                    return;
                }
                let need = f64::from(self.group);
                if b.tokens >= need - DUST {
                    b.tokens = (b.tokens - need).max(0.0);
                    // The rest of the group goes now too.
                    b.granted = need as u32 - 1;
                    return;
                }
                // The rate only grows while we sleep, so this never oversleeps by much.
                Duration::from_secs_f64(((need - b.tokens) / b.rate).max(0.001))
            };
            tokio::time::sleep(wait).await;
        }
    }

    /// ECS throttled a call this limiter allowed: someone else shares the bucket. Empties the
    /// bucket and cuts the rate (once per burst of throttles: calls already in flight that
    /// come back throttled too are the same event). Returns true if it cut.
    pub fn throttled(&self) -> bool {
        let now = Instant::now();
        let mut b = self.lock();
        b.advance(self.burst, self.ceiling, now);
        b.tokens = b.tokens.min(0.0);
        b.granted = 0;
        if b.last_cut
            .is_some_and(|t| now.saturating_duration_since(t) < CUT_COOLDOWN)
        {
            return false;
        }
        b.last_cut = Some(now);
        b.rate = (b.rate * DECREASE).max(self.ceiling * MIN_FRACTION);
        true
    }

    /// Empties the bucket and yields (see `throttled`), e.g. after ECS throttled a read.
    pub async fn drain(&self) {
        self.throttled();
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests;
