//! The persistent cache's front at start-up: families and the last-viewed family's rows,
//! painted at once and marked unconfirmed until the listings (asked for here) answer.

use std::sync::Arc;

use super::super::effect::Effect;
use super::super::state::AppState;
use super::lists::{load_revisions, refilter_revisions};
use super::nav::{clamp_offset, rows};
use crate::ecs::{RevisionRef, StatusFilter, TaskDef};

/// Shows the cached families and rows while nothing fresher is on screen, and lists the
/// cached family again so its rows are confirmed. Row facts are kept either way.
pub(super) fn front(
    state: &mut AppState,
    families: Vec<String>,
    family: Option<String>,
    refs: Vec<RevisionRef>,
    summaries: Vec<(String, Arc<TaskDef>)>,
) -> Vec<Effect> {
    for (arn, td) in summaries {
        state.summaries.entry(arn).or_insert(td);
    }
    // Only the default view is cached, and a listing that already answered wins.
    let fresh = state.status_filter != StatusFilter::Active
        || !state.families.names.is_empty()
        || state.revisions.family.is_some();
    if fresh || families.is_empty() {
        return vec![];
    }
    let f = &mut state.families;
    f.names = families;
    f.visible = (0..f.names.len()).collect();
    f.cached = true;
    let Some(family) = family else {
        return vec![];
    };
    if let Some(pos) = f.names.iter().position(|n| *n == family) {
        f.cursor.selected = pos;
        let len = f.visible.len();
        let (on_screen, _, _) = rows(state);
        clamp_offset(&mut state.families.cursor, len, on_screen);
    }
    let fx = load_revisions(state, family);
    state.revisions.rows = refs;
    state.revisions.cached = true;
    refilter_revisions(state);
    fx
}

#[cfg(test)]
mod tests;
