//! `c`: compare two revisions in the detail pane. The current revision against the previous
//! ACTIVE revision of its family, or exactly two marked revisions (any families). The texts
//! come through the describe cache, so the worker fetches what is missing and nothing blocks.

use super::super::effect::Effect;
use super::super::state::{AppState, Described, Focus, Level};
use super::super::views::DiffPair;
use super::flash;
use super::lists::describe;
use crate::ecs::{RevisionRef, TdStatus};

/// Opens the diff view (or closes it when open).
pub(super) fn toggle(state: &mut AppState) -> Vec<Effect> {
    if state.diff.take().is_some() {
        state.detail.scroll = 0;
        state.search = None;
        return vec![];
    }
    let Some(pair) = pair_to_compare(state) else {
        return vec![];
    };
    // A describe that failed earlier is asked again: the diff needs both sides.
    for r in [&pair.old, &pair.new] {
        if matches!(state.described.get(&r.arn), Some(Described::Failed(_))) {
            state.described.remove(&r.arn);
        }
    }
    let arns = vec![pair.old.arn.clone(), pair.new.arn.clone()];
    state.diff = Some(pair);
    state.detail.scroll = 0;
    state.search = None;
    state.focus = Focus::Detail;
    describe(state, arns).into_iter().collect()
}

/// The two marked revisions, else the current one and the previous ACTIVE one of its family.
fn pair_to_compare(state: &mut AppState) -> Option<DiffPair> {
    if state.marks.len() == 2 {
        let mut two: Vec<RevisionRef> = state.marks.values().cloned().collect();
        two.sort_by(|a, b| (&a.family, a.revision).cmp(&(&b.family, b.revision)));
        let new = two.pop()?;
        let old = two.pop()?;
        return Some(DiffPair { old, new });
    }
    let Some(cur) = state.revisions.selected().cloned() else {
        flash(
            state,
            Level::Info,
            "Select a revision, or mark two, to compare.",
        );
        return None;
    };
    let prev = state
        .revisions
        .rows
        .iter()
        .filter(|r| r.family == cur.family && r.revision < cur.revision)
        .filter(|r| state.effective_status(r) == TdStatus::Active)
        .max_by_key(|r| r.revision)
        .cloned();
    match prev {
        Some(old) => Some(DiffPair { old, new: cur }),
        None => {
            flash(
                state,
                Level::Info,
                format!(
                    "No earlier ACTIVE revision of {} is listed: mark two revisions to compare them.",
                    cur.family
                ),
            );
            None
        }
    }
}

#[cfg(test)]
mod tests;
