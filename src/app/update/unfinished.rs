//! The popup of calls an earlier run left without an outcome: show, acknowledge, resume.

use std::collections::BTreeSet;

use super::super::action::Action;
use super::super::effect::{Effect, JobKind};
use super::super::state::{AppState, Described, Level, Modal};
use super::confirm::open_confirm;
use super::flash;
use super::lists::describe;
use super::mutate::refuse_mutation;
use crate::ecs::{RevisionRef, TdStatus};
use crate::journal::{Damaged, Entry, JournalError, Report};
use crate::text::plural;

/// The start-up journal check arrived: open the popup if anything is unfinished; a journal
/// that could not be read is told, since its unfinished calls are then unknown.
pub(super) fn shown(state: &mut AppState, report: Result<Report, JournalError>) -> Vec<Effect> {
    let Report {
        unfinished,
        damaged,
        rotated_unreadable,
        ..
    } = match report {
        Ok(r) => r,
        Err(e) => {
            flash(
                state,
                Level::Error,
                format!("Unfinished calls of earlier runs were not checked: {e}."),
            );
            return vec![];
        }
    };
    let rotated = rotated_unreadable.map_or_else(String::new, |e| {
        format!(" Unfinished calls in the rotated journal were not checked: {e}.")
    });
    if unfinished.is_empty() {
        if damaged.count > 0 {
            flash(
                state,
                Level::Warn,
                format!("{}{rotated}", damaged.sentence()),
            );
        } else if !rotated.is_empty() {
            flash(state, Level::Warn, rotated.trim_start().to_string());
        }
        return vec![];
    }
    let arns: Vec<String> = unfinished
        .iter()
        .map(|e| e.arn.clone())
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    flash(
        state,
        Level::Warn,
        format!(
            "{} mutations from an earlier run have no recorded outcome: see the list.{rotated}",
            unfinished.len()
        ),
    );
    state.modal = Some(Modal::Unfinished {
        entries: unfinished,
        damaged,
        scroll: 0,
    });
    // Describe them afresh so the popup shows their status now.
    for a in &arns {
        state.described.remove(a);
    }
    describe(state, arns).into_iter().collect()
}

/// A key while the popup is open.
pub(super) fn key(
    state: &mut AppState,
    entries: Vec<Entry>,
    damaged: Damaged,
    scroll: u16,
    action: Action,
) -> Vec<Effect> {
    match action {
        Action::AcknowledgeUnfinished => {
            flash(
                state,
                Level::Info,
                format!(
                    "Acknowledging {} in the journal…",
                    plural(entries.len(), "unfinished call", "unfinished calls")
                ),
            );
            vec![Effect::Acknowledge { entries }]
        }
        Action::ResumeUnfinished => resume(state, entries, damaged, scroll),
        Action::No | Action::Submit => vec![],
        _ => {
            state.modal = Some(Modal::Unfinished {
                entries,
                damaged,
                scroll,
            });
            vec![]
        }
    }
}

/// Whether the call of `e` still needs making, judging by the revision's status now.
fn still_pending(e: &Entry, now: TdStatus) -> bool {
    match e.action {
        JobKind::Deregister => now == TdStatus::Active,
        JobKind::Delete => now == TdStatus::Inactive,
    }
}

fn resume(state: &mut AppState, entries: Vec<Entry>, damaged: Damaged, scroll: u16) -> Vec<Effect> {
    let keep_open = |state: &mut AppState, entries, damaged| {
        state.modal = Some(Modal::Unfinished {
            entries,
            damaged,
            scroll,
        });
    };
    if refuse_mutation(state, "resuming") {
        keep_open(state, entries, damaged);
        return vec![];
    }
    let mut checking = 0;
    // Per entry: its status now, when known.
    let now: Vec<Option<TdStatus>> = entries
        .iter()
        .map(|e| match state.described.get(&e.arn) {
            Some(Described::Loaded(td)) => Some(td.status()),
            Some(Described::Failed(_)) => None,
            Some(Described::Loading) | None => {
                checking += 1;
                None
            }
        })
        .collect();
    if checking > 0 {
        flash(
            state,
            Level::Info,
            format!("Still checking the status of {checking} of them: try again in a moment."),
        );
        keep_open(state, entries, damaged);
        return vec![];
    }
    let pending = |kind: JobKind| {
        entries
            .iter()
            .zip(&now)
            .any(|(e, s)| e.action == kind && s.is_some_and(|s| still_pending(e, s)))
    };
    // Deregistrations first: a revision must be INACTIVE before it can be deleted.
    let kind = if pending(JobKind::Deregister) {
        JobKind::Deregister
    } else if pending(JobKind::Delete) {
        JobKind::Delete
    } else {
        flash(
            state,
            Level::Info,
            "Nothing to resume: none of them still waits for its call (see their status now); a acknowledges them.",
        );
        keep_open(state, entries, damaged);
        return vec![];
    };
    let mut items: Vec<RevisionRef> = Vec::new();
    let mut acks = Vec::new();
    for (e, s) in entries.iter().zip(&now) {
        let Some(s) = *s else { continue };
        let pending = still_pending(e, s);
        if pending && e.action != kind {
            continue; // resumed by a later resume
        }
        if pending
            && !items.iter().any(|r| r.arn == e.arn)
            && let Some(r) = RevisionRef::from_arn(&e.arn, s)
        {
            items.push(r);
        }
        acks.push(e.clone());
    }
    let n = items.len();
    state.resume_acks = acks;
    open_confirm(
        state,
        kind,
        items,
        vec![format!(
            "Resuming {} an earlier run left without an outcome.",
            plural(n, "call", "calls")
        )],
        Vec::new(),
    );
    vec![]
}

/// The acknowledgement reached the journal, or not.
pub(super) fn acknowledged(
    state: &mut AppState,
    result: Result<usize, crate::journal::JournalError>,
) -> Vec<Effect> {
    match result {
        Ok(n) => flash(
            state,
            Level::Info,
            format!(
                "Acknowledged {} in the journal: not listed again.",
                plural(n, "unfinished call", "unfinished calls")
            ),
        ),
        Err(e) => flash(state, Level::Error, format!("Not acknowledged: {e}")),
    }
    vec![]
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests;
