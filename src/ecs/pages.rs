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
