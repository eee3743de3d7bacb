//! Mutation keys and the popups' key routing; starting, cancelling and retrying jobs; worker
//! answers about jobs, scans and keep collection.

use super::super::action::Action;
use super::super::effect::{Effect, JobKind, Recheck};
use super::super::state::{AppState, Focus, JobView, KeepPrompt, KeepRun, Level, Modal, Pending};
use super::confirm::{NOTHING_TO_ACT_ON, ask, confirm_key, open_confirm};
use super::keep::{keep_collected, keep_key};
use super::{flash, messages, next_id, scan};
use crate::ecs::RevisionRef;

fn job_running(state: &AppState) -> bool {
    state.job.as_ref().is_some_and(|j| j.finished.is_none())
}

/// Handles keys that lead to or answer popups.
pub(super) fn handle(state: &mut AppState, action: Action) -> Vec<Effect> {
    if let Some(modal) = state.modal.take() {
        return modal_key(state, modal, action);
    }
    match action {
        Action::Deregister => ask(state, JobKind::Deregister),
        Action::Delete => ask(state, JobKind::Delete),
        Action::KeepNewest => {
            if refuse_mutation(state, "keep-newest-N") {
                return vec![];
            }
            let all_families = state.focus == Focus::Families;
            let scope_empty = if all_families {
                state.families.visible.is_empty()
            } else {
                state.revisions.family.is_none()
            };
            if scope_empty {
                flash(state, Level::Info, NOTHING_TO_ACT_ON);
                return vec![];
            }
            state.modal = Some(Modal::Keep(KeepPrompt {
                keep: match state.keep_default {
                    0 => "5".into(),
                    n => n.to_string(),
                },
                all_families,
                ..Default::default()
            }));
            vec![]
        }
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

/// Keys while a popup is open. The popup was taken out of the state; put it back unless closed.
fn modal_key(state: &mut AppState, modal: Modal, action: Action) -> Vec<Effect> {
    match modal {
        Modal::Confirm(c) => confirm_key(state, c, action),
        Modal::ConfirmCancel => {
            if action == Action::Yes {
                return cancel_job(state);
            }
            if !matches!(action, Action::No | Action::Submit) {
                state.modal = Some(Modal::ConfirmCancel);
            }
            vec![]
        }
        Modal::Keep(k) => keep_key(state, k, action),
        Modal::Summary { scroll } => {
            if action == Action::RetryFailed {
                return retry(state);
            }
            if !matches!(action, Action::No | Action::Submit) {
                state.modal = Some(Modal::Summary { scroll });
            }
            vec![]
        }
        Modal::Help { scroll } => {
            if !matches!(action, Action::No) {
                state.modal = Some(Modal::Help { scroll });
            }
            vec![]
        }
        Modal::Unfinished {
            entries,
            damaged,
            scroll,
        } => super::unfinished::key(state, entries, damaged, scroll, action),
        // Its own keys never get here (`services::key`); others leave it open.
        Modal::Services(p) => {
            state.modal = Some(Modal::Services(p));
            vec![]
        }
    }
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

fn cancel_job(state: &mut AppState) -> Vec<Effect> {
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

fn retry(state: &mut AppState) -> Vec<Effect> {
    let Some(job) = state
        .job
        .as_ref()
        .filter(|j| j.finished.is_some() && !j.failures.is_empty())
    else {
        flash(state, Level::Info, "No failed items to retry.");
        return vec![];
    };
    let kind = job.kind;
    let items: Vec<RevisionRef> = job.failures.iter().map(|(r, _)| r.clone()).collect();
    if refuse_mutation(state, "retrying") {
        return vec![];
    }
    open_confirm(
        state,
        kind,
        items,
        vec!["Retrying the items that failed last time.".into()],
        Vec::new(),
    );
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
        Action::KeepProgress {
            request,
            families_done,
            families_total,
            described,
            to_describe,
        } => {
            if let Some(run) = state.keep_run.as_mut().filter(|r| r.request == request) {
                *run = KeepRun {
                    request,
                    families_done,
                    families_total,
                    described,
                    to_describe,
                };
            }
            vec![]
        }
        Action::KeepCollected { request, result }
            if state
                .keep_run
                .as_ref()
                .is_some_and(|r| r.request == request) =>
        {
            state.keep_run = None;
            state.in_flight = state.in_flight.saturating_sub(1);
            match result {
                Ok(res) => keep_collected(state, res),
                Err(e) => {
                    flash(state, Level::Error, format!("Keep-newest-N stopped: {e}"));
                    vec![]
                }
            }
        }
        Action::Unfinished(report) => super::unfinished::shown(state, report),
        Action::Acknowledged(result) => super::unfinished::acknowledged(state, result),
        _ => vec![],
    }
}
