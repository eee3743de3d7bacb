//! Keep-newest-N on the worker side: list each family's ACTIVE revisions, describe only the
//! candidates whose age the rule needs, and apply the pure rule from `app::selection`.

use std::collections::HashMap;
use std::sync::Arc;

use futures::StreamExt;

use crate::app::selection::{FamilySelection, KeepRule, candidates, keep_newest};
use crate::ecs::pages::{every_page, paced};
use crate::ecs::{DESCRIBE_CONCURRENCY, EcsApi, EcsError, RevisionRef, TaskDef, TdStatus};
use crate::inuse::InUseMap;
use crate::ratelimit::RateLimiter;

/// How far a keep-newest-N collection has got.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct KeepProgress {
    /// Families listed (and their candidates described) so far.
    pub families_done: usize,
    /// Families to process.
    pub families_total: usize,
    /// Candidates described so far.
    pub described: usize,
    /// Candidates found so far that need a describe; grows as families are listed.
    pub to_describe: usize,
}

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

/// Applies `rule` to each family. `known` gives registration times the UI already has (by
/// ARN); other candidates are described only when the rule has an age condition. Returns the
/// selections, one per family in the order given, and the describes made (for the UI's cache).
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
    let mut times: HashMap<String, Option<jiff::Timestamp>> = HashMap::new();
    for family in families {
        let revisions = active_revisions(api, family, pace).await?;
        if rule.older_than.is_some() {
            let needed: Vec<String> = candidates(family, &revisions, rule.keep, in_use)
                .into_iter()
                .filter(|r| known(&r.arn).is_none() && !times.contains_key(&r.arn))
                .map(|r| r.arn.clone())
                .collect();
            p.to_describe += needed.len();
            if !needed.is_empty() {
                progress(p);
            }
            let mut answers = futures::stream::iter(needed)
                .map(|arn| async move {
                    let td = paced(pace, || api.describe(&arn)).await;
                    (arn, td)
                })
                .buffer_unordered(DESCRIBE_CONCURRENCY);
            while let Some((arn, td)) = answers.next().await {
                let td = Arc::new(td?);
                times.insert(arn.clone(), td.registered_at());
                described.push((arn, td));
                p.described += 1;
                progress(p);
            }
        }
        let registered_at = |arn: &str| known(arn).or_else(|| times.get(arn).copied().flatten());
        selections.push(keep_newest(
            family,
            &revisions,
            rule,
            in_use,
            &registered_at,
            now,
        ));
        p.families_done += 1;
        progress(p);
    }
    Ok((selections, described))
}

#[cfg(test)]
#[path = "keep_tests.rs"]
mod tests;
