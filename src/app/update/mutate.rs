//! Confirmations, jobs, keep-newest-N and the in-use scan: everything that leads to a mutation.

use super::super::action::{Action, KeepResult};
use super::super::effect::{Effect, JobKind, Recheck};
use super::super::state::{
    AppState, Confirm, Described, Focus, JobView, KeepPrompt, KeepRun, Level, Modal, Pending,
};
use super::flash;
use super::lists::{is_pending, visible_arns};
use super::{messages, scan};
use crate::ecs::{RevisionRef, TdStatus};

/// What mutation keys say when no family is current (e.g. the filter matches none).
const NOTHING_TO_ACT_ON: &str =
    "Nothing to act on: no family is selected (does the filter match any?).";

/// Jobs of at least this many revisions need the count typed to confirm.
pub const TYPE_COUNT_FROM: usize = 10;

fn next_id(state: &mut AppState) -> u64 {
    state.next_id += 1;
    state.next_id
}

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
                keep: "5".into(),
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

/// The revisions a mutation key acts on: the marks, else the current revision.
fn targets(state: &AppState) -> Vec<RevisionRef> {
    if !state.marks.is_empty() {
        return state.marks.values().cloned().collect();
    }
    if state.focus == Focus::Families {
        return vec![];
    }
    state.revisions.selected().cloned().into_iter().collect()
}

fn ask(state: &mut AppState, kind: JobKind) -> Vec<Effect> {
    if refuse_mutation(state, &format!("{}ing", kind.verb().trim_end_matches('e'))) {
        return vec![];
    }
    let items: Vec<RevisionRef> = targets(state)
        .into_iter()
        .filter(|r| !is_pending(state, &r.arn))
        .collect();
    if items.is_empty() {
        let text = if state.families.selected().is_none() {
            NOTHING_TO_ACT_ON
        } else {
            "Nothing to act on: select a revision or mark some with Space."
        };
        flash(state, Level::Info, text);
        return vec![];
    }
    let mut notes = Vec::new();
    let (todo, left_out): (Vec<_>, Vec<_>) = items.into_iter().partition(|r| {
        let s = state.effective_status(r);
        match kind {
            JobKind::Deregister => s == TdStatus::Active,
            JobKind::Delete => s == TdStatus::Inactive,
        }
    });
    let active_left = left_out
        .iter()
        .filter(|r| state.effective_status(r) == TdStatus::Active)
        .count();
    if todo.is_empty() {
        let text = match kind {
            JobKind::Deregister => format!(
                "{} already deregistered (INACTIVE).",
                plural(left_out.len(), "revision is", "revisions are")
            ),
            JobKind::Delete if active_left > 0 => {
                let what = match left_out.as_slice() {
                    [one] => one.label(),
                    _ => format!("{} of them", active_left),
                };
                format!(
                    "Cannot delete {what}: ECS deletes only deregistered (INACTIVE) revisions; deregister with d first."
                )
            }
            JobKind::Delete => format!(
                "{} already being deleted.",
                plural(left_out.len(), "revision is", "revisions are")
            ),
        };
        let level = if kind == JobKind::Delete && active_left > 0 {
            Level::Warn
        } else {
            Level::Info
        };
        flash(state, level, text);
        return vec![];
    }
    if !left_out.is_empty() {
        notes.push(match kind {
            JobKind::Deregister => format!(
                "{} left out: already deregistered or being deleted.",
                plural(left_out.len(), "marked revision is", "marked revisions are")
            ),
            JobKind::Delete if active_left > 0 => format!(
                "{} left out: ACTIVE revisions must be deregistered (d) before they can be deleted.",
                plural(active_left, "marked revision is", "marked revisions are")
            ),
            JobKind::Delete => String::new(),
        });
        if kind == JobKind::Delete && left_out.len() > active_left {
            notes.push(format!(
                "{} left out: already being deleted.",
                plural(
                    left_out.len() - active_left,
                    "marked revision is",
                    "marked revisions are"
                )
            ));
        }
        notes.retain(|n| !n.is_empty());
    }
    let items = todo;
    open_confirm(state, kind, items, notes, Vec::new());
    vec![]
}

pub(super) fn open_confirm(
    state: &mut AppState,
    kind: JobKind,
    items: Vec<RevisionRef>,
    mut notes: Vec<String>,
    added_marks: Vec<String>,
) {
    if !state.dry_run {
        notes.push(state.rate.policy_note(kind, items.len()));
    }
    let mut items = items;
    // In-use revisions first (they need the second look), then by family and revision number.
    items.sort_by(|a, b| {
        let used = |r: &RevisionRef| state.users_of(r).is_empty();
        (used(a), &a.family, a.revision).cmp(&(used(b), &b.family, b.revision))
    });
    let shown = visible_arns(state);
    let hidden = items
        .iter()
        .filter(|r| !shown.contains(r.arn.as_str()))
        .count();
    let in_use = items
        .iter()
        .filter(|r| !state.users_of(r).is_empty())
        .count();
    let required = match kind {
        JobKind::Delete => Some("delete".to_string()),
        JobKind::Deregister if items.len() >= TYPE_COUNT_FROM => Some(items.len().to_string()),
        JobKind::Deregister => None,
    };
    state.modal = Some(Modal::Confirm(Confirm {
        kind,
        items,
        in_use,
        hidden,
        required,
        typed: String::new(),
        second_stage: false,
        scroll: 0,
        notes,
        recheck_failed: None,
        added_marks,
    }));
}

fn plural(n: usize, one: &str, many: &str) -> String {
    if n == 1 {
        format!("1 {one}")
    } else {
        format!("{n} {many}")
    }
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
    }
}

fn confirm_key(state: &mut AppState, mut c: Confirm, action: Action) -> Vec<Effect> {
    let accepted = match (&action, &c.required) {
        (Action::Yes, None) => true,
        (Action::Submit, Some(req)) => {
            if c.typed.trim() == req {
                true
            } else {
                flash(
                    state,
                    Level::Warn,
                    format!("Type {req} exactly to confirm, or Esc to cancel."),
                );
                c.typed.clear();
                state.modal = Some(Modal::Confirm(c));
                return vec![];
            }
        }
        (Action::Input(ch), Some(_)) => {
            c.typed.push(*ch);
            false
        }
        (Action::Backspace, Some(_)) => {
            c.typed.pop();
            false
        }
        (Action::No, _) | (Action::Submit, None) => {
            state.resume_acks.clear();
            for arn in &c.added_marks {
                state.marks.remove(arn);
            }
            let text = if c.added_marks.is_empty() {
                "Cancelled: nothing was changed.".to_string()
            } else {
                format!(
                    "Cancelled: nothing was changed; the {} it marked are unmarked again.",
                    plural(c.added_marks.len(), "revision", "revisions")
                )
            };
            flash(state, Level::Info, text);
            return vec![];
        }
        _ => false,
    };
    if !accepted {
        state.modal = Some(Modal::Confirm(c));
        return vec![];
    }
    if c.in_use > 0 && !c.second_stage {
        c.second_stage = true;
        c.required = None;
        c.typed.clear();
        state.modal = Some(Modal::Confirm(c));
        return vec![];
    }
    let recheck = scan::recheck_for(state, &c.items, c.in_use > 0, c.recheck_failed.is_some());
    start_job(state, c.kind, c.items, recheck)
}

fn start_job(
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

fn keep_key(state: &mut AppState, mut k: KeepPrompt, action: Action) -> Vec<Effect> {
    match action {
        Action::Input(ch) if ch.is_ascii_digit() => {
            let field = if k.field == 0 {
                &mut k.keep
            } else {
                &mut k.older_than_days
            };
            if field.len() < 6 {
                field.push(ch);
            }
        }
        // Stack-managed revisions are skipped unless the operator asks (the stack drifts).
        Action::Input('m') => k.include_managed = !k.include_managed,
        Action::Input(_) => {}
        Action::Backspace => {
            let field = if k.field == 0 {
                &mut k.keep
            } else {
                &mut k.older_than_days
            };
            field.pop();
        }
        Action::No => return vec![],
        Action::Submit | Action::Yes => return submit_keep(state, k),
        _ => {}
    }
    state.modal = Some(Modal::Keep(k));
    vec![]
}

fn submit_keep(state: &mut AppState, k: KeepPrompt) -> Vec<Effect> {
    let (keep, older_than) = match crate::app::selection::parse_rule(&k.keep, &k.older_than_days) {
        Ok(r) => (r.keep, r.older_than),
        Err(e) => {
            flash(state, Level::Warn, e);
            state.modal = Some(Modal::Keep(k));
            return vec![];
        }
    };
    let families: Vec<String> = if k.all_families {
        state
            .families
            .visible
            .iter()
            .filter_map(|&i| state.families.names.get(i).cloned())
            .collect()
    } else {
        state.revisions.family.clone().into_iter().collect()
    };
    if families.is_empty() {
        flash(state, Level::Info, "No family to apply the rule to.");
        return vec![];
    }
    if state.in_use.scanning && state.in_use.map.is_none() {
        flash(
            state,
            Level::Warn,
            "The in-use scan is still running: try again when it finishes (status bar).",
        );
        state.modal = Some(Modal::Keep(k));
        return vec![];
    }
    let request = next_id(state);
    state.keep_run = Some(KeepRun {
        request,
        families_total: families.len(),
        ..Default::default()
    });
    state.in_flight += 1;
    flash(
        state,
        Level::Info,
        format!(
            "Keep newest {keep}: listing {}…",
            plural(families.len(), "family", "families")
        ),
    );
    vec![Effect::CollectKeep {
        request,
        families,
        keep,
        older_than,
        include_managed: k.include_managed,
        in_use: Box::new(state.in_use.map.clone().unwrap_or_default()),
        known: state
            .described
            .iter()
            .filter_map(|(arn, d)| match d {
                Described::Loaded(td) => td.registered_at().map(|t| (arn.clone(), t)),
                _ => None,
            })
            .collect(),
    }]
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

fn keep_collected(state: &mut AppState, res: KeepResult) -> Vec<Effect> {
    // The "listing families…" progress message is over.
    state.flash = None;
    for (arn, td) in res.described {
        state.described.insert(arn, Described::Loaded(td));
    }
    let mut notes = Vec::new();
    let mut items = Vec::new();
    let families = res.families.len();
    for f in res.families {
        if f.selected.is_empty() && f.protected_in_use.is_empty() && f.skipped_managed.is_empty() {
            continue;
        }
        let mut line = format!(
            "{}: {} to deregister, {} kept",
            f.family,
            f.selected.len(),
            f.kept
        );
        if !f.protected_in_use.is_empty() {
            line.push_str(&format!(
                ", {} in use (protected)",
                f.protected_in_use.len()
            ));
            let map = state.in_use.map.as_ref();
            let who: Vec<String> = f
                .protected_in_use
                .iter()
                .map(|r| crate::inuse::who(map, &r.label()))
                .collect();
            line.push_str(&format!(": {}", who.join("; ")));
        }
        if !f.skipped_managed.is_empty() {
            let map = state.in_use.map.as_ref();
            let who: Vec<String> = f
                .skipped_managed
                .iter()
                .map(|r| crate::inuse::who(map, &r.label()))
                .collect();
            line.push_str(&format!(", skipped as stack-managed: {}", who.join("; ")));
        }
        if f.too_young > 0 {
            line.push_str(&format!(", {} too young", f.too_young));
        }
        if f.unknown_age > 0 {
            line.push_str(&format!(", {} of unknown age (skipped)", f.unknown_age));
        }
        notes.push(line);
        items.extend(f.selected);
    }
    // The popup has room for a handful of lines; the list below it names every revision.
    const NOTE_LINES: usize = 6;
    if notes.len() > NOTE_LINES {
        let more = notes.len() - (NOTE_LINES - 1);
        notes.truncate(NOTE_LINES - 1);
        notes.push(format!(
            "… and {more} more families (every revision is in the list below)"
        ));
    }
    if items.is_empty() {
        flash(
            state,
            Level::Info,
            format!("Keep newest: nothing to deregister in {families} families."),
        );
        return vec![];
    }
    let mut added = Vec::new();
    for r in &items {
        if state.marks.insert(r.arn.clone(), r.clone()).is_none() {
            added.push(r.arn.clone());
        }
    }
    if state.in_use.error.is_some() {
        notes.insert(
            0,
            "WARNING: the in-use scan failed, so in-use revisions are NOT protected.".into(),
        );
    }
    open_confirm(state, JobKind::Deregister, items, notes, added);
    vec![]
}
