//! Keep-newest-N on the worker side: list each family's ACTIVE revisions, find the
//! candidates' ages with a few describes (`age`), and apply the pure rule from `app::selection`.

pub mod age;
mod listing;

use std::sync::Arc;

use futures::StreamExt;

use crate::app::selection::{FamilySelection, KeepRule, candidates, is_older, keep_newest};
use crate::ecs::pages::every_page;
use crate::ecs::{DESCRIBE_CONCURRENCY, EcsApi, EcsError, RevisionRef, TaskDef, TdStatus};
use crate::inuse::InUseMap;
use crate::ratelimit::RateLimiter;

pub use crate::domain::KeepProgress;

/// Every ACTIVE revision of `family`, across all pages.
async fn active_revisions(
    api: &dyn EcsApi,
    family: &str,
    pace: &RateLimiter,
) -> Result<Vec<RevisionRef>, EcsError> {
    let arns = every_page(pace, |t| api.list_revisions(family, TdStatus::Active, t)).await?;
    Ok(arns
        .iter()
        .filter_map(|a| RevisionRef::from_arn(a, TdStatus::Active))
        .collect())
}

/// From this many families on, one account-wide `ListTaskDefinitions` (100 ARNs a page, every
/// family at once, walked from both ends: `listing`) replaces the listing per family: a family
/// costs at least one call of its own, and most families of an account with this many hold far
/// fewer than 100 revisions.
pub const ACCOUNT_WIDE_FROM: usize = 10;

/// Applies `rule` to each family. `known` gives registration times the UI already has (by
/// ARN); from `ACCOUNT_WIDE_FROM` families on, one account-wide listing replaces the listing
/// per family. With an age condition the other candidates are searched (`age::search`: a few
/// describes per family, not one per candidate). Families run `DESCRIBE_CONCURRENCY` at a
/// time, so latency does not lower the rate `pace` allows. Returns the selections, one per
/// family in the order given, and the describes made (for the UI's cache).
#[allow(clippy::too_many_arguments)] // the worker's whole context, passed explicitly
pub async fn collect(
    api: &dyn EcsApi,
    families: &[String],
    rule: &KeepRule,
    in_use: &InUseMap,
    pace: &RateLimiter,
    known: &(dyn Fn(&str) -> Option<jiff::Timestamp> + Sync),
    progress: &mut (dyn FnMut(KeepProgress) + Send),
    now: jiff::Timestamp,
) -> Result<(Vec<FamilySelection>, Vec<(String, Arc<TaskDef>)>), EcsError> {
    let mut p = KeepProgress {
        families_done: 0,
        families_total: families.len(),
        described: 0,
        to_describe: 0,
    };
    let mut selections = Vec::with_capacity(families.len());
    let mut described: Vec<(String, Arc<TaskDef>)> = Vec::new();
    let listed = match families.len() >= ACCOUNT_WIDE_FROM {
        true => Some(listing::account_wide(api, pace).await?),
        false => None,
    };
    // Built up front (not in a stream closure): a closure returning a future that borrows
    // its argument is not general enough for a spawned task.
    let plans: Vec<_> = families
        .iter()
        .map(|family| {
            let revisions = listed
                .as_ref()
                .map(|l| l.get(family).map_or(&[][..], Vec::as_slice));
            listed_plan(api, pace, family, revisions, rule, in_use, known, now)
        })
        .collect();
    let mut done = futures::stream::iter(plans).buffered(DESCRIBE_CONCURRENCY);
    while let Some(plan) = done.next().await {
        let (selection, made) = plan?;
        p.families_done += 1;
        p.described += made.len();
        p.to_describe += made.len();
        described.extend(made);
        selections.push(selection);
        progress(p);
    }
    Ok((selections, described))
}

/// One family's selection: its ACTIVE revisions from the account-wide listing when there is
/// one, else listed now; then `family_plan`.
#[allow(clippy::too_many_arguments)] // the worker's whole context, passed explicitly
async fn listed_plan(
    api: &dyn EcsApi,
    pace: &RateLimiter,
    family: &str,
    listed: Option<&[RevisionRef]>,
    rule: &KeepRule,
    in_use: &InUseMap,
    known: &(dyn Fn(&str) -> Option<jiff::Timestamp> + Sync),
    now: jiff::Timestamp,
) -> Result<(FamilySelection, Vec<(String, Arc<TaskDef>)>), EcsError> {
    let revisions = match listed {
        Some(l) => l.to_vec(),
        None => active_revisions(api, family, pace).await?,
    };
    family_plan(api, pace, family, &revisions, rule, in_use, known, now).await
}

/// One family's selection from its listed revisions, searching candidates' ages if the rule
/// has an age condition. Returns the selection and the describes made.
#[allow(clippy::too_many_arguments)] // the worker's whole context, passed explicitly
async fn family_plan(
    api: &dyn EcsApi,
    pace: &RateLimiter,
    family: &str,
    revisions: &[RevisionRef],
    rule: &KeepRule,
    in_use: &InUseMap,
    known: &(dyn Fn(&str) -> Option<jiff::Timestamp> + Sync),
    now: jiff::Timestamp,
) -> Result<(FamilySelection, Vec<(String, Arc<TaskDef>)>), EcsError> {
    let ages = match rule.older_than {
        None => age::Ages::default(),
        Some(limit) => {
            let cands = candidates(family, revisions, rule.keep, in_use);
            let old = |t: jiff::Timestamp| is_older(t, now, limit);
            age::search(api, pace, family, &cands, known, &old).await?
        }
    };
    let registered_at = |arn: &str| ages.decisive.get(arn).copied().or_else(|| known(arn));
    let selection = keep_newest(family, revisions, rule, in_use, &registered_at, now);
    Ok((selection, ages.described))
}

#[cfg(test)]
mod tests;
