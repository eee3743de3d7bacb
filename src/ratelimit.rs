//! A client-side token bucket on tokio's clock, so paused-time tests and benchmarks see it.
//!
//! Callers reserve a token and sleep until it is theirs: waiters are served in arrival order
//! and the long-run rate never exceeds `per_second`, whatever the concurrency.

use std::time::Duration;

use tokio::sync::Mutex;
use tokio::time::Instant;

/// Token bucket matching an ECS throttling bucket (burst, then a steady refill).
#[derive(Debug)]
pub struct RateLimiter {
    burst: f64,
    per_second: f64,
    state: Mutex<Bucket>,
}

#[derive(Debug)]
struct Bucket {
    /// May go negative: each waiter reserves the token it will use.
    tokens: f64,
    last: Instant,
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
            per_second,
            state: Mutex::new(Bucket {
                tokens: burst,
                last: Instant::now(),
            }),
        }
    }

    /// The steady rate, tokens per second.
    pub fn per_second(&self) -> f64 {
        self.per_second
    }

    /// Waits until one token is available and takes it.
    pub async fn acquire(&self) {
        let wait = {
            let mut b = self.state.lock().await;
            let now = Instant::now();
            let elapsed = now.saturating_duration_since(b.last).as_secs_f64();
            b.tokens = (b.tokens + elapsed * self.per_second).min(self.burst);
            b.last = now;
            b.tokens -= 1.0;
            if b.tokens >= 0.0 {
                Duration::ZERO
            } else {
                Duration::from_secs_f64(-b.tokens / self.per_second)
            }
        };
        if !wait.is_zero() {
            tokio::time::sleep(wait).await;
        }
    }

    /// Empties the bucket, e.g. after ECS throttled us anyway: someone else shares the account.
    pub async fn drain(&self) {
        let mut b = self.state.lock().await;
        if b.tokens > 0.0 {
            b.tokens = 0.0;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test(start_paused = true)]
    async fn burst_then_steady_rate() {
        let rl = RateLimiter::new(20, 1.0);
        let start = Instant::now();
        for _ in 0..20 {
            rl.acquire().await;
        }
        assert!(start.elapsed() < Duration::from_millis(1));
        for _ in 0..10 {
            rl.acquire().await;
        }
        let secs = start.elapsed().as_secs_f64();
        assert!((9.99..10.01).contains(&secs), "took {secs}");
    }

    #[tokio::test(start_paused = true)]
    async fn concurrent_waiters_share_the_rate() {
        let rl = std::sync::Arc::new(RateLimiter::new(5, 2.0));
        let start = Instant::now();
        let tasks: Vec<_> = (0..25)
            .map(|_| {
                let rl = rl.clone();
                tokio::spawn(async move { rl.acquire().await })
            })
            .collect();
        for t in tasks {
            t.await.unwrap();
        }
        // 5 immediately, 20 more at 2 per second.
        let secs = start.elapsed().as_secs_f64();
        assert!((9.99..10.01).contains(&secs), "took {secs}");
    }
}
