//! What the status line says about jobs: proper verb forms, counts, and "dry run" whenever
//! nothing was called.

use super::super::effect::JobKind;

/// `deregistered` / `deleted`.
pub(super) fn past(kind: JobKind) -> &'static str {
    match kind {
        JobKind::Deregister => "deregistered",
        JobKind::Delete => "deleted",
    }
}

/// `Deregistering` / `Deleting`.
fn gerund(kind: JobKind) -> &'static str {
    match kind {
        JobKind::Deregister => "Deregistering",
        JobKind::Delete => "Deleting",
    }
}

/// `web:4` for one revision, else `12 revisions`.
fn what(n: usize, single: Option<&str>) -> String {
    match single {
        Some(label) if n == 1 => label.to_string(),
        _ if n == 1 => "1 revision".to_string(),
        _ => format!("{n} revisions"),
    }
}

/// When a job starts.
pub(super) fn started(kind: JobKind, n: usize, single: Option<&str>, dry: bool) -> String {
    let what = what(n, single);
    if dry {
        format!("Dry run: would {} {what}; no call is made.", kind.verb())
    } else {
        format!("{} {what}…", gerund(kind))
    }
}

/// When a job of one revision succeeded.
pub(super) fn single_done(kind: JobKind, label: &str, dry: bool) -> String {
    match (kind, dry) {
        (_, true) => format!(
            "Dry run: {label} would be {}; no call was made.",
            past(kind)
        ),
        (JobKind::Deregister, false) => format!("Deregistered {label}: now INACTIVE."),
        (JobKind::Delete, false) => format!("Deleted {label}: now DELETE_IN_PROGRESS."),
    }
}

/// Retrying after give-ups under throttling: the account's shared rate, not a refusal, stopped
/// `throttled` of the `n` items.
pub(super) fn retry_throttled(throttled: usize, n: usize) -> String {
    let who = if throttled == n {
        "They".to_string()
    } else {
        format!("{throttled} of them")
    };
    format!(
        "{who} gave up while ECS throttled the calls (the account's request rate is shared with deploys and others), not because ECS refused them; the retry is paced the same way."
    )
}

/// When a job of several revisions ended.
pub(super) fn finished(
    kind: JobKind,
    n: usize,
    done: usize,
    failed: usize,
    skipped: usize,
    cancelled: bool,
    dry: bool,
) -> String {
    let head = match (dry, cancelled) {
        (true, true) => "Dry run cancelled",
        (true, false) => "Dry run finished",
        (false, true) => "Job cancelled",
        (false, false) => "Job finished",
    };
    let verb = if dry {
        format!("would be {}", past(kind))
    } else {
        past(kind).to_string()
    };
    let mut text = format!("{head}: {done} of {n} {verb}");
    if failed > 0 {
        text.push_str(&format!(", {failed} failed"));
    }
    if skipped > 0 {
        text.push_str(&format!(", {skipped} skipped"));
    }
    // What never got a call: cancelled when the operator cancelled, else not run.
    let not_run = n.saturating_sub(done + failed + skipped);
    if not_run > 0 {
        let what = if cancelled { "cancelled" } else { "not run" };
        text.push_str(&format!(", {not_run} {what}"));
    }
    text.push('.');
    if dry {
        text.push_str(" No call was made.");
    }
    text
}

#[cfg(test)]
mod tests;
