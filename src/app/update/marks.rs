//! Marks: single, range, all visible, clear. Marks are keyed by ARN and survive family changes.

use super::super::action::Action;
use super::super::effect::Effect;
use super::super::state::{AppState, Focus, Level};
use super::nav::{move_cursor, rows};
use super::{flash, settle_soon};

/// Handles the marking actions in the revisions pane.
pub(super) fn handle(state: &mut AppState, action: &Action) -> Vec<Effect> {
    if state.focus == Focus::Families && *action != Action::ClearMarks {
        return vec![];
    }
    match action {
        Action::ToggleMark => {
            if let Some(r) = state.revisions.selected().cloned()
                && state.marks.remove(&r.arn).is_none()
            {
                state.marks.insert(r.arn.clone(), r);
            }
        }
        Action::MarkDown | Action::MarkUp => {
            if let Some(r) = state.revisions.selected().cloned() {
                state.marks.insert(r.arn.clone(), r);
            }
            let (_, r_rows, _) = rows(state);
            let len = state.revisions.visible.len();
            if move_cursor(&mut state.revisions.cursor, len, r_rows, action) {
                settle_soon(state);
            }
            if let Some(r) = state.revisions.selected().cloned() {
                state.marks.insert(r.arn.clone(), r);
            }
        }
        Action::RangeMark => match state.revisions.range_anchor.take() {
            None => {
                if state.revisions.selected().is_some() {
                    state.revisions.range_anchor = Some(state.revisions.cursor.selected);
                    flash(
                        state,
                        Level::Info,
                        "Range mark started: move, then V again to mark the range (Esc cancels).",
                    );
                }
            }
            Some(anchor) => {
                let cur = state.revisions.cursor.selected;
                let n = mark_visible(state, anchor.min(cur), anchor.max(cur));
                flash(state, Level::Info, format!("Marked {n} revisions."));
            }
        },
        Action::MarkAll => {
            let n = mark_visible(state, 0, usize::MAX);
            flash(
                state,
                Level::Info,
                format!(
                    "Marked {n} visible revisions ({} marked in all).",
                    state.marks.len()
                ),
            );
        }
        Action::ClearMarks => {
            let n = state.marks.len();
            state.marks.clear();
            state.revisions.range_anchor = None;
            flash(state, Level::Info, format!("Cleared {n} marks."));
        }
        _ => {}
    }
    vec![]
}

/// Marks the visible rows `lo..=hi` (clamped: the list may have shrunk under a filter).
fn mark_visible(state: &mut AppState, lo: usize, hi: usize) -> usize {
    let vis = &state.revisions.visible;
    let Some(last) = vis.len().checked_sub(1) else {
        return 0;
    };
    let (lo, hi) = (lo.min(last), hi.min(last));
    let picked: Vec<_> = vis[lo..=hi]
        .iter()
        .filter_map(|&i| state.revisions.rows.get(i).cloned())
        .collect();
    let n = picked.len();
    for r in picked {
        state.marks.insert(r.arn.clone(), r);
    }
    n
}
