//! Mutation keys; starting, cancelling and retrying jobs; worker
//! answers about jobs, scans and keep collection.

use super::super::action::Action;
use super::super::effect::{Effect, JobKind, Recheck};
use super::super::state::{AppState, JobView, Level, Modal, Pending};
use super::confirm::{ask, open_confirm};
use super::keep::open_prompt;
use super::{flash, messages, next_id, scan};
use crate::ecs::RevisionRef;

fn job_running(state: &AppState) -> bool {
    state.job.as_ref().is_some_and(|j| j.finished.is_none())
}

/// Handles keys that open popups or start jobs (keys inside a popup go to `popup`).
pub(super) fn handle(state: &mut AppState, action: Action) -> Vec<Effect> {
    match action {
        Action::Deregister => ask(state, JobKind::Deregister),
        Action::Delete => ask(state, JobKind::Delete),
        Action::KeepNewest => open_prompt(state),
        Action::CancelJob => {
            if job_running(state) {
                state.modal = Some(Modal::ConfirmCancel);
            } else {
                flash(state, Level::Info, "No job is running.");
            }
            vec![]
        }
        Action::RetryFailed => retry(state),
        _ => vec![],
    }
}

/// True (with a message) when mutations cannot be started now.
pub(super) fn refuse_mutation(state: &mut AppState, what: &str) -> bool {
    if state.read_only {
        flash(
            state,
            Level::Warn,
            format!("Read-only mode: {what} is disabled (taskdefs was started with --read-only)."),
        );
        return true;
    }
    if job_running(state) {
        flash(
            state,
            Level::Warn,
            "A job is already running: wait for it or cancel it with X.",
        );
        return true;
    }
    false
}

pub(super) fn start_job(
    state: &mut AppState,
    kind: JobKind,
    items: Vec<RevisionRef>,
    recheck: Recheck,
) -> Vec<Effect> {
    let job = next_id(state);
    // Queued until the runner says a call went out: in flight means sent, not waiting.
    for r in &items {
        state.pending.insert(r.arn.clone(), Pending::Queued(kind));
        state.row_errors.remove(&r.arn);
        state.marks.remove(&r.arn);
    }
    state.job = Some(JobView {
        dry_run: state.dry_run,
        ..JobView::new(job, kind, items.clone(), state.now)
    });
    let single = (items.len() == 1).then(|| items[0].label());
    let text = messages::started(kind, items.len(), single.as_deref(), state.dry_run);
    flash(
        state,
        Level::Info,
        format!("{text}{}", scan::started_note(&recheck)),
    );
    let mut fx = vec![Effect::RunJob {
        job,
        kind,
        items,
        recheck,
    }];
    // A resumed job settles the earlier run's intents: they are not reported again.
    let acks = std::mem::take(&mut state.resume_acks);
    if !acks.is_empty() {
        fx.push(Effect::Acknowledge { entries: acks });
    }
    fx
}

pub(super) fn cancel_job(state: &mut AppState) -> Vec<Effect> {
    let Some(job) = state.job.as_mut().filter(|j| j.finished.is_none()) else {
        return vec![];
    };
    job.cancelled = true;
    let id = job.id;
    flash(
        state,
        Level::Warn,
        "Cancelling: no new calls are sent; calls in flight finish.",
    );
    vec![Effect::CancelJob { job: id }]
}

pub(super) fn retry(state: &mut AppState) -> Vec<Effect> {
    // The kind of each failure decides: a duplicate's revision went out under its first copy.
    let retried = |j: &JobView| -> Vec<_> {
        let worth = j.failures.iter().filter(|(_, f)| f.worth_retrying());
        worth.cloned().collect()
    };
    let Some((kind, failures)) = state
        .job
        .as_ref()
        .filter(|j| j.finished.is_some())
        .map(|j| (j.kind, retried(j)))
        .filter(|(_, f)| !f.is_empty())
    else {
        flash(state, Level::Info, "No failed items to retry.");
        return vec![];
    };
    if refuse_mutation(state, "retrying") {
        return vec![];
    }
    let mut notes = vec!["Retrying the items that failed last time.".to_string()];
    let throttled = failures.iter().filter(|(_, f)| f.throttled()).count();
    if throttled > 0 {
        notes.push(messages::retry_throttled(throttled, failures.len()));
    }
    let items: Vec<RevisionRef> = failures.into_iter().map(|(r, _)| r).collect();
    open_confirm(state, kind, items, notes, Vec::new());
    vec![]
}

/// Worker answers about jobs, scans and keep collection.
pub(super) fn result(state: &mut AppState, action: Action) -> Vec<Effect> {
    match action {
        Action::JobItem { job, arn, outcome } => super::job::item(state, job, arn, outcome),
        Action::JobFinished { job, cancelled } => super::job::finished(state, job, cancelled),
        Action::JobProgress { .. } => super::job::progress(state, action),
        Action::InUseScanned { request, result } => {
            scan::scanned(state, request, result);
            vec![]
        }
        Action::JobRechecked { job, result } => {
            scan::rechecked(state, job, result);
            vec![]
        }
        Action::Unfinished(report) => super::unfinished::shown(state, report),
        Action::Acknowledged(result) => super::unfinished::acknowledged(state, result),
        _ => vec![],
    }
}
