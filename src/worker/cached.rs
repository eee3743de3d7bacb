//! The worker's side of the persistent cache: where describes are remembered, and the
//! save at exit.

use std::sync::Arc;

use super::Worker;
use crate::app::AppState;
use crate::cache::{Cache, Front};

impl Worker {
    /// Describes are remembered in `cache` (row facts only), keep-newest-N reads
    /// registration times from it, and `save_cache` writes it.
    pub fn with_cache(mut self, cache: Arc<Cache>) -> Self {
        self.cache = Some(cache);
        self
    }

    /// Writes the cache: every revision described this run, and the families and rows on
    /// screen (the default ACTIVE view only, once its listings completed) for the next start.
    pub fn save_cache(&self, state: &AppState) {
        let Some(cache) = &self.cache else {
            return;
        };
        let front = Front::remember(state, cache);
        if let Err(e) = cache.save(front.as_ref()) {
            tracing::warn!("cannot write the cache: {e}");
        }
    }
}
