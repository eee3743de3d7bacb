//! One family of the fake account: its revisions, counts per status, and the stale-list
//! window after deregistrations.

use std::time::Duration;

use tokio::time::Instant;

use super::store::Rev;
use crate::ecs::{StatusFilter, TdStatus};

/// One family: its revisions in order and the counts listings filter on.
#[derive(Default)]
pub(super) struct Family {
    /// Ascending by number.
    pub(super) revisions: Vec<Rev>,
    /// Highest number ever used: deleted numbers are never reused.
    pub(super) last_number: u32,
    pub(super) active: u32,
    pub(super) inactive: u32,
    /// Deregistered while a stale-list window applies: (revision, when).
    pub(super) recent: Vec<(u32, Instant)>,
}

impl Family {
    pub(super) fn index_of(&self, number: u32) -> Option<usize> {
        self.revisions
            .binary_search_by_key(&number, |r| r.number)
            .ok()
    }

    pub(super) fn count(&mut self, status: TdStatus, delta: i32) {
        let slot = match status {
            TdStatus::Active => &mut self.active,
            TdStatus::Inactive => &mut self.inactive,
            TdStatus::DeleteInProgress => return,
        };
        *slot = slot.saturating_add_signed(delta);
    }

    /// Revisions deregistered so recently that listings still call them ACTIVE.
    pub(super) fn stale(&self, number: u32, now: Instant, window: Option<Duration>) -> bool {
        window.is_some_and(|w| {
            self.recent
                .iter()
                .any(|(n, t)| *n == number && now < *t + w)
        })
    }

    /// The status ListTaskDefinitions reports for a revision.
    pub(super) fn listed(&self, rev: &Rev, now: Instant, window: Option<Duration>) -> TdStatus {
        if rev.status == TdStatus::Inactive && self.stale(rev.number, now, window) {
            TdStatus::Active
        } else {
            rev.status
        }
    }

    pub(super) fn matches(
        &self,
        filter: StatusFilter,
        now: Instant,
        window: Option<Duration>,
    ) -> bool {
        let stale = if window.is_some() && !self.recent.is_empty() {
            let n = self
                .revisions
                .iter()
                .filter(|r| r.status == TdStatus::Inactive && self.stale(r.number, now, window))
                .count();
            u32::try_from(n).unwrap_or(u32::MAX)
        } else {
            0
        };
        let (active, inactive) = (self.active + stale, self.inactive.saturating_sub(stale));
        match filter {
            StatusFilter::Active => active > 0,
            StatusFilter::Inactive => active == 0 && inactive > 0,
            StatusFilter::All => !self.revisions.is_empty(),
        }
    }
}
