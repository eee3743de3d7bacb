//! Which revisions keep-newest-N selects: pure rules, no IO, no clock reads.
//!
//! Only ACTIVE revisions count. The newest N are kept whatever uses them; of the older ones,
//! revisions a service or task uses are protected (never selected, and they do not count towards
//! N), and with an age condition only revisions known to be old enough are selected.

use crate::ecs::{RevisionRef, TdStatus};
use crate::inuse::InUseMap;

/// Seconds in one day: the age condition counts 24-hour days, not calendar days.
const DAY_SECS: i64 = 86_400;

/// Keep-newest-N rule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeepRule {
    /// Keep this many newest ACTIVE revisions.
    pub keep: usize,
    /// Only select revisions registered more than this long ago (the TUI asks in days,
    /// `taskdefs prune --older-than` takes any duration).
    pub older_than: Option<jiff::SignedDuration>,
    /// Also select revisions a CloudFormation stack created (the stack then drifts).
    pub include_managed: bool,
}

/// What the rule selected in one family.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FamilySelection {
    /// Family name.
    pub family: String,
    /// Revisions to deregister, oldest first (an interrupted job then leaves the newest).
    pub selected: Vec<RevisionRef>,
    /// ACTIVE revisions kept as the newest N.
    pub kept: usize,
    /// Candidates skipped because a service or task uses them, oldest first.
    pub protected_in_use: Vec<RevisionRef>,
    /// Candidates skipped because a CloudFormation stack created them, oldest first.
    pub skipped_managed: Vec<RevisionRef>,
    /// Candidates skipped as younger than the age condition.
    pub too_young: usize,
    /// Candidates skipped because their registration time is unknown.
    pub unknown_age: usize,
}

/// Parses the keep-newest-N prompt: `keep` ≥ 1, `days` empty (no age condition) or a whole number.
pub fn parse_rule(keep: &str, days: &str) -> Result<KeepRule, String> {
    let keep: usize = keep
        .trim()
        .parse()
        .map_err(|_| "Keep must be a whole number of at least 1.".to_string())?;
    if keep == 0 {
        return Err(
            "Keep must be at least 1: keeping zero revisions is never what this rule is for."
                .into(),
        );
    }
    let older_than = match days.trim() {
        "" => None,
        d => Some(days_duration(d.parse::<u32>().map_err(|_| {
            "Days must be a whole number (or empty for no age condition).".to_string()
        })?)),
    };
    Ok(KeepRule {
        keep,
        older_than,
        include_managed: false,
    })
}

/// `days` 24-hour days.
pub fn days_duration(days: u32) -> jiff::SignedDuration {
    jiff::SignedDuration::from_secs(i64::from(days) * DAY_SECS)
}

/// The ACTIVE revisions of `family`, newest first, one per revision number, split into the
/// newest `keep` and the rest.
fn split_newest<'a>(
    family: &str,
    revisions: &'a [RevisionRef],
    keep: usize,
) -> (Vec<&'a RevisionRef>, Vec<&'a RevisionRef>) {
    let mut active: Vec<&RevisionRef> = revisions
        .iter()
        .filter(|r| r.status == TdStatus::Active && r.family == family)
        .collect();
    active.sort_by_key(|r| std::cmp::Reverse(r.revision));
    // A revision listed twice must not take two of the N places.
    active.dedup_by_key(|r| r.revision);
    let rest = active.split_off(keep.min(active.len()));
    (active, rest)
}

/// The revisions that may be selected before any age condition: ACTIVE, beyond the newest
/// `keep`, and not in use. Newest first. The worker describes only these for the age condition.
pub fn candidates<'a>(
    family: &str,
    revisions: &'a [RevisionRef],
    keep: usize,
    in_use: &InUseMap,
) -> Vec<&'a RevisionRef> {
    let (_, rest) = split_newest(family, revisions, keep);
    rest.into_iter().filter(|r| !in_use.is_used(r)).collect()
}

/// True when the rule leaves `r` alone because a stack created it.
fn skips_managed(rule: &KeepRule, in_use: &InUseMap, r: &RevisionRef) -> bool {
    !rule.include_managed && !in_use.managed_of(r).is_empty()
}

/// True when `registered` lies strictly more than `age` before `now`.
pub fn is_older(
    registered: jiff::Timestamp,
    now: jiff::Timestamp,
    age: jiff::SignedDuration,
) -> bool {
    let age_ms = i128::from(now.as_millisecond()) - i128::from(registered.as_millisecond());
    age_ms > age.as_millis()
}

/// Applies `rule` to one family. `registered_at` maps a revision ARN to its registration time
/// (`None` when not described: such revisions are not selected under an age condition).
pub fn keep_newest(
    family: &str,
    revisions: &[RevisionRef],
    rule: &KeepRule,
    in_use: &InUseMap,
    registered_at: &dyn Fn(&str) -> Option<jiff::Timestamp>,
    now: jiff::Timestamp,
) -> FamilySelection {
    let (kept, rest) = split_newest(family, revisions, rule.keep);
    let mut out = FamilySelection {
        family: family.to_string(),
        selected: Vec::new(),
        kept: kept.len(),
        protected_in_use: Vec::new(),
        skipped_managed: Vec::new(),
        too_young: 0,
        unknown_age: 0,
    };
    for r in rest.into_iter().rev() {
        if in_use.is_used(r) {
            out.protected_in_use.push(r.clone());
            continue;
        }
        if skips_managed(rule, in_use, r) {
            out.skipped_managed.push(r.clone());
            continue;
        }
        match rule.older_than {
            None => out.selected.push(r.clone()),
            Some(age) => match registered_at(&r.arn) {
                None => out.unknown_age += 1,
                Some(t) if is_older(t, now, age) => out.selected.push(r.clone()),
                Some(_) => out.too_young += 1,
            },
        }
    }
    out
}

#[cfg(test)]
mod tests;
