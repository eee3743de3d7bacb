//! The confirmation popup: what a mutation key acts on, the popup it opens, and its keys.

use super::super::action::Action;
use super::super::effect::{Effect, JobKind};
use super::super::state::{AppState, Confirm, Focus, Level, Modal};
use super::lists::{is_pending, visible_arns};
use super::mutate::{refuse_mutation, start_job};
use super::{flash, scan};
use crate::ecs::{RevisionRef, TdStatus};
use crate::text::plural;

/// What mutation keys say when no family is current (e.g. the filter matches none).
pub(super) const NOTHING_TO_ACT_ON: &str =
    "Nothing to act on: no family is selected (does the filter match any?).";

/// Jobs of at least this many revisions need the count typed to confirm.
pub const TYPE_COUNT_FROM: usize = 10;

pub(super) fn ask(state: &mut AppState, kind: JobKind) -> Vec<Effect> {
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
    if !state.dry_run && state.several_contexts() {
        // Each context runs at once under its own buckets: the busiest one sets the time.
        let per = crate::app::contexts::counts(&items);
        let busiest = per.iter().map(|c| c.revisions).max().unwrap_or(0);
        let note = state.rate.policy_note(kind, busiest);
        notes.push(format!(
            "{note} Each context runs at once with its own bucket; the time is its busiest one's."
        ));
    } else if !state.dry_run {
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
    // Revisions of a context whose scan failed have no protection: the count is typed.
    let unprotected = state.in_use.error.is_none() && items.iter().any(|r| state.unprotected(r));
    let required = match kind {
        JobKind::Delete => Some("delete".to_string()),
        JobKind::Deregister if items.len() >= TYPE_COUNT_FROM || unprotected => {
            Some(items.len().to_string())
        }
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

pub(super) fn confirm_key(state: &mut AppState, mut c: Confirm, action: Action) -> Vec<Effect> {
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
