//! Reading ECS and the other AWS APIs politely: one paced call with retries (`paced`), and
//! every page of a listing (`every_page`). Used by every reader beside the worker's own
//! loaders: keep-newest-N, the in-use scan, the sources beyond ECS, `list` and `prune`.

use std::future::Future;
use std::time::Duration;

use super::{EcsError, ErrorKind, Page};
use crate::ratelimit::RateLimiter;

/// Attempts per read call before its error is returned: throttling and 5xx are retried.
const READ_ATTEMPTS: u32 = 5;
/// First backoff after a retryable read error; doubles per attempt, with full jitter.
const READ_BACKOFF: Duration = Duration::from_millis(250);

/// One paced read: waits for a token before every attempt and retries throttling, 5xx and
/// timeouts with exponential backoff, so a busy account slows the read instead of failing it.
pub async fn paced<T, F, Fut>(pace: &RateLimiter, mut call: F) -> Result<T, EcsError>
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Result<T, EcsError>>,
{
    let mut failed = 0;
    loop {
        pace.acquire().await;
        match call().await {
            Ok(v) => return Ok(v),
            Err(e) if e.is_retryable() && failed + 1 < READ_ATTEMPTS => {
                failed += 1;
                if e.kind == ErrorKind::Throttled {
                    // Someone else shares the bucket: stop assuming it is full.
                    pace.drain().await;
                }
                tokio::time::sleep(backoff(failed)).await;
            }
            Err(e) => return Err(e),
        }
    }
}

/// Full-jitter delay after the `failed`-th failure; the generator is not held across awaits.
fn backoff(failed: u32) -> Duration {
    let cap = READ_BACKOFF.saturating_mul(1 << failed.saturating_sub(1).min(6));
    cap.mul_f64(rand::random::<f64>())
}

/// Every item of a paginated listing: follows `next_token` until ECS says there is no more.
pub async fn every_page<T, F, Fut>(pace: &RateLimiter, mut call: F) -> Result<Vec<T>, EcsError>
where
    F: FnMut(Option<String>) -> Fut,
    Fut: Future<Output = Result<Page<T>, EcsError>>,
{
    let mut items = Vec::new();
    let mut token: Option<String> = None;
    loop {
        let page = paced(pace, || call(token.clone())).await?;
        items.extend(page.items);
        match page.next_token {
            Some(t) => token = Some(t),
            None => return Ok(items),
        }
    }
}

/// The account's task definition read bucket (`ListTaskDefinitions`, `ListTaskDefinitionFamilies`,
/// `DescribeTaskDefinition`): burst, then per second. Shared with the console, CI and deploys.
pub const TD_READ_BUCKET: (u32, f64) = (50, 20.0);
/// Tokens of the burst never used, even at `--headroom 0`: calls that leave together can
/// arrive in any order and a few milliseconds apart.
const BURST_SLACK: u32 = 2;
/// Share of the refill rate never used: a call that waited longer in the network than the one
/// before it reaches the bucket early; 2.5% refills the bucket faster than that jitter drains it.
const JITTER_SLACK: f64 = 0.025;

/// Burst and rate for a plan or an inventory that reads the task definition bucket for a few
/// seconds: the bucket less `headroom` (the share left to others, 0..=0.9), less the slack
/// that keeps latency jitter from costing a throttled call.
pub fn bucket_share(headroom: f64) -> (u32, f64) {
    let share = 1.0 - headroom.clamp(0.0, 0.9);
    let burst = (f64::from(TD_READ_BUCKET.0) * share).round() as u32;
    (
        burst.saturating_sub(BURST_SLACK).max(1),
        TD_READ_BUCKET.1 * share * (1.0 - JITTER_SLACK),
    )
}

/// A limiter at `bucket_share(headroom)`.
pub fn bucket_pace(headroom: f64) -> RateLimiter {
    let (burst, per_sec) = bucket_share(headroom);
    RateLimiter::new(burst, per_sec)
}

#[cfg(test)]
mod tests;
