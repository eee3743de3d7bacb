//! The account-wide listing from both ends at once.
//!
//! Each page of `ListTaskDefinitions` needs the previous page's token, so one chain of 100 pages
//! costs 100 round trips whatever the bucket allows. ECS's `familyPrefix` on this call is the
//! full family name (not a prefix, unlike `ListTaskDefinitionFamilies`), so the listing cannot
//! be split by family; its `sort` can be reversed, though: one chain walks newest first from
//! one end, the other from the other end, both paced by the same limiter, and they stop when
//! one of them reads an ARN the other already holds. Together they hold every revision once
//! the pages have crossed (or one chain reached its end), for about half the round trips.

use std::collections::{HashMap, HashSet};
use std::sync::Mutex;

use crate::ecs::pages::paced;
use crate::ecs::{EcsApi, EcsError, Page, RevisionRef, TdStatus};
use crate::ratelimit::RateLimiter;

/// What the two chains have read so far.
#[derive(Default)]
struct Walk {
    /// ARNs from the newest-first end, and from the other end.
    from: [HashSet<String>; 2],
    /// Set once the chains have crossed or one of them read the last page.
    done: bool,
}

/// Every ACTIVE revision of the account, every page, by family, each family's revisions newest
/// first (as one newest-first chain lists them). The first error stops both chains.
pub(crate) async fn account_wide(
    api: &dyn EcsApi,
    pace: &RateLimiter,
) -> Result<HashMap<String, Vec<RevisionRef>>, EcsError> {
    let walk = Mutex::new(Walk::default());
    futures::try_join!(chain(api, pace, &walk, 0), chain(api, pace, &walk, 1))?;
    let walk = walk.into_inner().unwrap_or_else(|p| p.into_inner());
    let [a, b] = walk.from;
    let mut by_family: HashMap<String, Vec<RevisionRef>> = HashMap::new();
    for r in a
        .union(&b)
        .filter_map(|arn| RevisionRef::from_arn(arn, TdStatus::Active))
    {
        by_family.entry(r.family.clone()).or_default().push(r);
    }
    for revisions in by_family.values_mut() {
        revisions.sort_unstable_by_key(|r| std::cmp::Reverse(r.revision));
    }
    Ok(by_family)
}

/// One end's chain (`end` 0: newest first; 1: the reverse), until the walk is done.
async fn chain(
    api: &dyn EcsApi,
    pace: &RateLimiter,
    walk: &Mutex<Walk>,
    end: usize,
) -> Result<(), EcsError> {
    let mut token: Option<String> = None;
    loop {
        if lock(walk).done {
            return Ok(());
        }
        let page: Option<Page<String>> = match end {
            0 => Some(
                paced(pace, || {
                    api.list_revisions("", TdStatus::Active, token.clone())
                })
                .await?,
            ),
            _ => {
                paced(pace, || {
                    api.list_revisions_reversed(TdStatus::Active, token.clone())
                })
                .await?
            }
        };
        // A backend that cannot list the other way leaves the whole listing to chain 0.
        let Some(page) = page else {
            return Ok(());
        };
        let mut w = lock(walk);
        let crossed = page.items.iter().any(|a| w.from[1 - end].contains(a));
        w.from[end].extend(page.items);
        match page.next_token {
            Some(t) if !crossed => token = Some(t),
            _ => {
                w.done = true;
                return Ok(());
            }
        }
    }
}

/// The walk, whoever panicked while holding it (nothing here panics; the sets stay valid).
fn lock(walk: &Mutex<Walk>) -> std::sync::MutexGuard<'_, Walk> {
    walk.lock().unwrap_or_else(|p| p.into_inner())
}

#[cfg(test)]
mod tests;
