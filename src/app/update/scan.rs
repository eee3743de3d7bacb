//! The in-use scan as `update` sees it: at start, on `r`, in the background while the app is
//! open, and the fresh re-check a job makes after its confirmation.

use std::collections::BTreeSet;

use jiff::SignedDuration;

use super::super::effect::{Effect, Recheck};
use super::super::state::{AppState, Level, Modal};
use super::{confirm, flash, next_id};
use crate::domain::SkipReason;
use crate::ecs::{EcsError, RevisionRef};
use crate::inuse::InUseMap;
use crate::text::plural;

/// A background re-scan starts once the last scan ended this long ago, so what protects a
/// decision is never much older than this (a job re-checks anyway before its first call).
pub const RESCAN_EVERY: SignedDuration = SignedDuration::from_mins(5);

/// Starts an in-use scan.
pub(super) fn start_scan(state: &mut AppState) -> Effect {
    let request = next_id(state);
    state.in_use.request = request;
    state.in_use.scanning = true;
    Effect::ScanInUse { request }
}

/// A background scan when the last one ended `RESCAN_EVERY` ago and none is running.
pub(super) fn rescan_if_due(state: &mut AppState) -> Option<Effect> {
    let due = state
        .in_use
        .ended_at
        .is_some_and(|t| state.now.duration_since(t) >= RESCAN_EVERY);
    (due && !state.in_use.scanning).then(|| start_scan(state))
}

/// The answer to `start_scan`; answers to superseded scans are dropped.
pub(super) fn scanned(state: &mut AppState, request: u64, result: Result<InUseMap, EcsError>) {
    if request != state.in_use.request {
        return;
    }
    state.in_use.scanning = false;
    state.in_use.ended_at = Some(state.now);
    match result {
        Ok(map) => {
            let before: Vec<_> = state
                .in_use
                .map
                .iter()
                .flat_map(|m| m.failed.clone())
                .collect();
            store(state, map);
            // Told once per context and failure, as a failed whole scan is.
            let news: Vec<String> = state
                .protection_off()
                .iter()
                .filter(|p| !before.contains(&(p.ctx, p.error.clone())))
                .map(|p| format!("In-use protection is OFF in {}: {}", p.label, p.error))
                .collect();
            if !news.is_empty() {
                flash(state, Level::Warn, news.join(" "));
            }
        }
        Err(e) => {
            // A background re-scan failing again must not flash every five minutes.
            if state.in_use.error.as_ref() != Some(&e) {
                flash(state, Level::Warn, format!("In-use protection is OFF: {e}"));
            }
            state.in_use.error = Some(e);
        }
    }
}

fn store(state: &mut AppState, map: InUseMap) {
    state.in_use.map = Some(map);
    state.in_use.scanned_at = Some(state.now);
    state.in_use.ended_at = Some(state.now);
    state.in_use.error = None;
    // An open confirmation counts (and asks twice for) what is in use now.
    let map = state.in_use.map.as_ref();
    if let Some(Modal::Confirm(c)) = state.modal.as_mut() {
        c.in_use = c
            .items
            .iter()
            .filter(|r| map.is_some_and(|m| m.is_used(r)))
            .count();
    }
}

/// How a job the operator just confirmed re-checks: afresh, sparing what they confirmed as
/// in use; or not at all when they confirmed again after a failed re-check.
pub(super) fn recheck_for(
    state: &AppState,
    items: &[RevisionRef],
    in_use_confirmed: bool,
    recheck_failed: bool,
) -> Recheck {
    if recheck_failed {
        return Recheck::Off;
    }
    let confirmed_in_use: BTreeSet<String> = if in_use_confirmed {
        items
            .iter()
            .filter(|r| !state.users_of(r).is_empty())
            .map(|r| r.arn.clone())
            .collect()
    } else {
        BTreeSet::new()
    };
    Recheck::Fresh { confirmed_in_use }
}

/// What the "Started" message adds about the re-check, so a pause before the first call
/// is explained.
pub(super) fn started_note(recheck: &Recheck) -> &'static str {
    match recheck {
        Recheck::Fresh { .. } => " — in-use status is re-checked first",
        Recheck::Off => " — WITHOUT an in-use re-check",
    }
}

/// A job's re-check finished. A fresh map is kept (it is the newest scan); a failure ends the
/// job before any call and asks again, saying that protection could not be re-checked.
pub(super) fn rechecked(state: &mut AppState, job: u64, result: Result<InUseMap, EcsError>) {
    let e = match result {
        Ok(map) => return store(state, map),
        Err(e) => e,
    };
    let Some(view) = state
        .job
        .take_if(|j| j.id == job && j.finished.is_none() && !j.cancelled)
    else {
        return;
    };
    for r in &view.items {
        state.pending.remove(&r.arn);
        state.marks.insert(r.arn.clone(), r.clone());
    }
    flash(
        state,
        Level::Warn,
        format!("In-use status could not be re-checked, so nothing was changed: {e}"),
    );
    confirm::open_confirm(state, view.kind, view.items, Vec::new(), Vec::new());
    if let Some(Modal::Confirm(c)) = state.modal.as_mut() {
        c.recheck_failed = Some(e);
    }
}

/// A job ended some of whose contexts could not re-check: their revisions were not sent.
/// As with one context, the confirmation opens again for them (marked again), and confirming
/// runs them without a re-check; the other contexts' outcomes stand.
pub(super) fn ask_again_where_recheck_failed(state: &mut AppState, job: u64) {
    let Some(view) = state.job.as_ref().filter(|j| j.id == job && !j.cancelled) else {
        return;
    };
    let mut error = None;
    let mut items = Vec::new();
    for (r, why) in &view.flow.skipped {
        if let SkipReason::RecheckFailed { context, error: e } = why {
            items.push(r.clone());
            error.get_or_insert_with(|| {
                let mut named = e.clone();
                named.message = format!("{} ({context})", e.message);
                named
            });
        }
    }
    let (Some(e), kind) = (error, view.kind) else {
        return;
    };
    for r in &items {
        state.marks.insert(r.arn.clone(), r.clone());
    }
    flash(
        state,
        Level::Warn,
        format!(
            "In-use status could not be re-checked, so {} not sent: {e}",
            plural(items.len(), "revision was", "revisions were")
        ),
    );
    confirm::open_confirm(state, kind, items, Vec::new(), Vec::new());
    if let Some(Modal::Confirm(c)) = state.modal.as_mut() {
        c.recheck_failed = Some(e);
    }
}

#[cfg(test)]
mod tests;

#[cfg(test)]
mod contexts_tests;
