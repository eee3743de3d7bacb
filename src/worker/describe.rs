//! Describes for the detail pane and the rows, paced by the read limiter.

use std::sync::Arc;

use futures::StreamExt;
use tokio::sync::mpsc;

use super::{DESCRIBE_CONCURRENCY, yield_if_throttled};
use crate::app::Action;
use crate::cache::Cache;
use crate::ecs::EcsApi;
use crate::ratelimit::RateLimiter;

/// Describes `arns` (a few at once, each paced by `reads`), answering `Described` for each
/// and remembering each in `cache`.
pub(super) fn describe_all(
    api: Arc<dyn EcsApi>,
    reads: Arc<RateLimiter>,
    arns: Vec<String>,
    cache: Option<Arc<Cache>>,
    tx: mpsc::UnboundedSender<Action>,
) {
    tokio::spawn(async move {
        futures::stream::iter(arns)
            .for_each_concurrent(DESCRIBE_CONCURRENCY, |arn| {
                let (api, reads, tx) = (api.clone(), reads.clone(), tx.clone());
                let cache = cache.clone();
                async move {
                    reads.acquire().await;
                    let result = api
                        .describe(&arn)
                        .await
                        .map(Arc::new)
                        .map_err(|e| yield_if_throttled(&reads, e));
                    if let (Some(c), Ok(td)) = (&cache, &result) {
                        c.put(td);
                    }
                    let _ = tx.send(Action::Described { arn, result });
                }
            })
            .await;
    });
}
