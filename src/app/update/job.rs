//! What the job runner reports: calls going out, each item's outcome, the end of the job.

use super::super::action::{Action, ItemOutcome};
use super::super::effect::{Effect, JobKind};
use super::super::state::{AppState, Level, Modal, Override, Pending};
use super::{TRUST_OWN_RESULTS_FOR, flash, messages};

/// Calls went out or came back: rows leave the queue, and the pace feeds the ETA.
pub(super) fn progress(state: &mut AppState, action: Action) -> Vec<Effect> {
    let Action::JobProgress {
        job,
        sent,
        in_flight,
        burst_left,
        per_sec,
    } = action
    else {
        return vec![];
    };
    let now = state.now;
    let Some(view) = state.job.as_mut().filter(|j| j.id == job) else {
        return vec![];
    };
    let pending = match view.kind {
        JobKind::Deregister => Pending::Deregistering,
        JobKind::Delete => Pending::Deleting,
    };
    let f = &mut view.flow;
    if !sent.is_empty() {
        f.calls_sent += 1;
    }
    for arn in sent {
        if state.pending.contains_key(&arn) {
            state.pending.insert(arn.clone(), pending);
        }
        f.open.insert(arn);
    }
    f.in_flight = in_flight;
    f.burst_left = burst_left;
    f.per_sec = per_sec;
    if f.steady_since.is_none() && burst_left < 1.0 {
        f.steady_since = Some((now, f.calls_sent));
    }
    vec![]
}

/// One item's outcome.
pub(super) fn item(
    state: &mut AppState,
    job: u64,
    arn: String,
    outcome: ItemOutcome,
) -> Vec<Effect> {
    let Some(view) = state.job.as_mut().filter(|j| j.id == job) else {
        return vec![];
    };
    state.pending.remove(&arn);
    view.flow.open.remove(&arn);
    let until = state.now + TRUST_OWN_RESULTS_FOR;
    let label = |v: &super::super::state::JobView| v.items.iter().find(|r| r.arn == arn).cloned();
    match outcome {
        ItemOutcome::Done(status) | ItemOutcome::AlreadyDone(status) => {
            view.done += 1;
            if matches!(outcome, ItemOutcome::AlreadyDone(_)) {
                view.flow.already += 1;
            }
            state
                .overrides
                .insert(arn.clone(), Override { status, until });
            state.row_errors.remove(&arn);
            // The rest of the cached describe is still true: only the status changed.
            state.patch_status(&arn, status);
        }
        ItemOutcome::DryRun => view.done += 1,
        ItemOutcome::Cancelled => view.flow.cancelled += 1,
        ItemOutcome::Skipped(reason) => {
            if let Some(r) = label(view) {
                view.flow.skipped.push((r, reason));
            }
        }
        ItemOutcome::Failed(reason) => {
            if let Some(r) = label(view) {
                view.failures.push((r, reason.clone()));
            }
            state.row_errors.insert(arn, reason);
        }
    }
    vec![]
}

/// The job ended: one message, and the summary for jobs of more than one item.
pub(super) fn finished(state: &mut AppState, job: u64, cancelled: bool) -> Vec<Effect> {
    let Some(view) = state.job.as_mut().filter(|j| j.id == job) else {
        return vec![];
    };
    view.finished = Some(state.now);
    view.cancelled |= cancelled;
    view.flow.in_flight = 0;
    view.flow.open.clear();
    let (n, done, failed, kind, dry) = (
        view.items.len(),
        view.done,
        view.failures.len(),
        view.kind,
        view.dry_run,
    );
    let (skipped, _not_sent, already) = (
        view.flow.skipped.len(),
        view.flow.cancelled,
        view.flow.already,
    );
    let single = (n == 1).then(|| view.items[0].label());
    for r in &view.items {
        state.pending.remove(&r.arn);
    }
    fn one_reason<W: ToString>(v: &[(crate::ecs::RevisionRef, W)]) -> String {
        v.first().map(|f| f.1.to_string()).unwrap_or_default()
    }
    match single {
        Some(label) if done == 1 => {
            let what = match (kind, dry) {
                (_, true) => messages::single_done(kind, &label, true),
                (JobKind::Deregister, _) if already == 1 => {
                    format!("Deregistered {label} (it was INACTIVE already).")
                }
                (JobKind::Delete, _) if already == 1 => {
                    format!("Deleted {label} (it was deleted already).")
                }
                _ => messages::single_done(kind, &label, false),
            };
            flash(state, Level::Info, what);
        }
        Some(_) if failed == 1 => {
            let reason = state
                .job
                .as_ref()
                .map(|j| one_reason(&j.failures))
                .unwrap_or_default();
            flash(state, Level::Error, reason);
        }
        Some(label) if skipped == 1 => {
            let reason = state
                .job
                .as_ref()
                .map(|j| one_reason(&j.flow.skipped))
                .unwrap_or_default();
            flash(state, Level::Warn, format!("Skipped {label}: {reason}."));
        }
        Some(label) => {
            flash(
                state,
                Level::Warn,
                format!("Cancelled: {label} was not sent."),
            );
        }
        None => {
            let text = messages::finished(kind, n, done, failed, skipped, cancelled, dry);
            flash(
                state,
                if failed + skipped > 0 {
                    Level::Warn
                } else {
                    Level::Info
                },
                text,
            );
            if state.modal.is_none() {
                state.modal = Some(Modal::Summary { scroll: 0 });
            }
        }
    }
    super::scan::ask_again_where_recheck_failed(state, job);
    vec![]
}
