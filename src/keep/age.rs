//! The age condition in O(log R) describes per family.
//!
//! ECS stamps `registeredAt` when it registers a revision, so within a family it grows with
//! the revision number. The candidates old enough for the rule are then the oldest ones, a
//! suffix of the newest-first list: a binary search finds where it starts, and every
//! candidate on either side of that boundary inherits the side's answer. The two revisions at
//! the boundary are always among the ones read, so the answer is checked where it changes.
//! If the times read (described or already known) ever decrease with the revision number,
//! the family is not monotonic (clock skew in the data): every candidate is then described.

use std::collections::HashMap;
use std::sync::Arc;

use crate::ecs::pages::paced;
use crate::ecs::{EcsApi, EcsError, RevisionRef, TaskDef};
use crate::ratelimit::RateLimiter;

/// What the age search learnt about one family's candidates.
#[derive(Debug, Default)]
pub struct Ages {
    /// ARN -> a registration time that decides the age condition exactly as the real one
    /// would: the real time for revisions read, a bound from the boundary for the others.
    pub decisive: HashMap<String, jiff::Timestamp>,
    /// The describes made, for the UI's cache.
    pub described: Vec<(String, Arc<TaskDef>)>,
    /// True when the family was not monotonic and every candidate was described.
    pub fell_back: bool,
}

/// Describes the fewest candidates that decide `old` for all of `candidates` (newest first).
/// `known` gives times the caller already has; `old` is the rule's age test.
pub async fn search(
    api: &dyn EcsApi,
    pace: &RateLimiter,
    family: &str,
    candidates: &[&RevisionRef],
    known: &(dyn Fn(&str) -> Option<jiff::Timestamp> + Sync),
    old: &(dyn Fn(jiff::Timestamp) -> bool + Sync),
) -> Result<Ages, EcsError> {
    let mut out = Ages::default();
    // Index in `candidates` -> time read; `None` when a describe had no registeredAt.
    let mut read: HashMap<usize, Option<jiff::Timestamp>> = HashMap::new();
    for (i, r) in candidates.iter().enumerate() {
        if let Some(t) = known(&r.arn) {
            read.insert(i, Some(t));
        }
    }
    let (mut lo, mut hi) = (0, candidates.len());
    let mut undecidable = false;
    while lo < hi {
        let mid = lo + (hi - lo) / 2;
        let Some(t) = probe(api, pace, candidates, mid, &mut read, &mut out).await? else {
            undecidable = true;
            break;
        };
        if old(t) {
            hi = mid;
        } else {
            lo = mid + 1;
        }
    }
    if undecidable || !monotonic(&read) {
        tracing::warn!(
            family,
            "registeredAt does not grow with the revision number in this family (or is missing): describing every candidate"
        );
        out.fell_back = true;
        for i in 0..candidates.len() {
            probe(api, pace, candidates, i, &mut read, &mut out).await?;
        }
        for (i, t) in read {
            if let Some(t) = t {
                out.decisive.insert(candidates[i].arn.clone(), t);
            }
        }
        return Ok(out);
    }
    // `lo` is the first old candidate: both neighbours of the boundary were read.
    let young_bound = lo
        .checked_sub(1)
        .and_then(|i| read.get(&i).copied().flatten());
    let old_bound = read.get(&lo).copied().flatten();
    for (i, r) in candidates.iter().enumerate() {
        let real = read.get(&i).copied().flatten();
        let bound = if i < lo { young_bound } else { old_bound };
        if let Some(t) = real.or(bound) {
            out.decisive.insert(r.arn.clone(), t);
        }
    }
    Ok(out)
}

/// The time of candidate `i`, describing it unless it is already known.
async fn probe(
    api: &dyn EcsApi,
    pace: &RateLimiter,
    candidates: &[&RevisionRef],
    i: usize,
    read: &mut HashMap<usize, Option<jiff::Timestamp>>,
    out: &mut Ages,
) -> Result<Option<jiff::Timestamp>, EcsError> {
    if let Some(t) = read.get(&i) {
        return Ok(*t);
    }
    let arn = &candidates[i].arn;
    let td = Arc::new(paced(pace, || api.describe(arn)).await?);
    let t = td.registered_at();
    read.insert(i, t);
    out.described.push((arn.clone(), td));
    Ok(t)
}

/// True when the times read never grow towards older revisions (indexes are newest first).
fn monotonic(read: &HashMap<usize, Option<jiff::Timestamp>>) -> bool {
    let mut points: Vec<(usize, jiff::Timestamp)> = read
        .iter()
        .filter_map(|(i, t)| t.map(|t| (*i, t)))
        .collect();
    points.sort_unstable_by_key(|(i, _)| *i);
    points.windows(2).all(|w| w[0].1 >= w[1].1)
}

/// Describes the search makes at most for `n` candidates of which none is known.
pub fn probes_for(n: usize) -> usize {
    (usize::BITS - n.leading_zeros()) as usize
}
