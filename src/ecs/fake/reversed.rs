//! The account-wide listing walked from its other end (ECS's `sort` ASC): the exact reverse of
//! `Store::list_revisions("")`, so two page chains from both ends cover the same revisions.

use std::ops::Bound;

use tokio::time::Instant;

use super::paging;
use super::store::{PAGE, Store, td_arn};
use crate::ecs::{EcsError, Page, TdStatus};

impl Store {
    /// One page of every family's revisions in the reverse of the account-wide order: the
    /// families the other way round, each family's revisions oldest first.
    pub(super) fn list_revisions_reversed(
        &self,
        status: TdStatus,
        token: Option<&str>,
        now: Instant,
    ) -> Result<Page<String>, EcsError> {
        const OP: &str = "ListTaskDefinitions";
        let scope = format!("revisions-reversed|{}", status.as_aws());
        // The cursor is the last (family, revision) returned: go on above it in that family,
        // then with the families before it.
        let (from_family, above) = match paging::decode_revision(OP, &scope, token)? {
            Some((f, r)) => (Some(f), r),
            None => (None, 0),
        };
        let upto = match from_family.as_deref() {
            Some(f) => Bound::Included(f),
            None => Bound::Unbounded,
        };
        let window = self.stale_window;
        let iter = self
            .families
            .range::<str, _>((Bound::Unbounded, upto))
            .rev()
            .flat_map(move |(name, fam)| {
                let start = match from_family.as_deref() == Some(name.as_str()) {
                    true => fam.revisions.partition_point(|r| r.number <= above),
                    false => 0,
                };
                fam.revisions[start..]
                    .iter()
                    .filter(move |r| fam.listed(r, now, window) == status)
                    .map(move |r| (name.as_str(), r.number))
            });
        Ok(paging::revision_page(iter, PAGE, &scope, td_arn))
    }
}

#[cfg(test)]
mod tests;
