//! Keys of the services view (`S`): open it for the current family, move, and `Enter` to jump
//! to the revision a service or task runs.

use super::{flash, nav, settle_soon};
use crate::app::action::Action;
use crate::app::effect::Effect;
use crate::app::services::{self, ServicesPopup};
use crate::app::state::{AppState, Cursor, Focus, Level, Modal};

/// Opens the view for the family in the revisions pane (else the one under the cursor).
pub(super) fn open(state: &mut AppState) -> Vec<Effect> {
    let family = state
        .revisions
        .family
        .clone()
        .or_else(|| state.families.selected().map(str::to_string));
    match family {
        Some(family) => {
            state.modal = Some(Modal::Services(ServicesPopup {
                family,
                cursor: Cursor::default(),
            }));
        }
        None => flash(state, Level::Info, "No family selected: nothing to show."),
    }
    vec![]
}

/// True for the keys the open view handles itself.
pub(super) fn takes(state: &AppState, action: &Action) -> bool {
    matches!(state.modal, Some(Modal::Services(_)))
        && (action.is_movement()
            || matches!(action, Action::Enter | Action::Back | Action::ShowServices))
}

/// Moves, jumps or closes.
pub(super) fn key(state: &mut AppState, action: &Action) -> Vec<Effect> {
    let Some(Modal::Services(mut popup)) = state.modal.take() else {
        return vec![];
    };
    let rows = services::rows(state, &popup.family);
    match action {
        Action::Back | Action::ShowServices => vec![],
        Action::Enter => match rows.get(popup.cursor.selected) {
            Some(row) => jump(state, &row.revision),
            None => vec![],
        },
        _ => {
            let page = services::list_rows(state.size);
            nav::move_cursor(&mut popup.cursor, rows.len(), page, action);
            state.modal = Some(Modal::Services(popup));
            vec![]
        }
    }
}

/// Puts the revisions cursor on `label` (`family:revision`), or says why it cannot.
fn jump(state: &mut AppState, label: &str) -> Vec<Effect> {
    let pane = &state.revisions;
    let found = pane
        .visible
        .iter()
        .position(|&i| pane.rows.get(i).is_some_and(|r| r.label() == label));
    let Some(pos) = found else {
        let why = if pane.rows.iter().any(|r| r.label() == label) {
            format!("{label} is hidden by the filter: Esc in the revisions pane clears it.")
        } else {
            format!(
                "{label} is not in the {} list: s changes the status filter.",
                state.status_filter.label()
            )
        };
        flash(state, Level::Warn, why);
        return vec![];
    };
    let rows = nav::rows(state).1;
    let len = state.revisions.visible.len();
    let c = &mut state.revisions.cursor;
    c.selected = pos;
    if pos < c.offset || pos >= c.offset + rows {
        c.offset = pos.saturating_sub(rows / 2).min(len.saturating_sub(rows));
    }
    state.focus = Focus::Revisions;
    settle_soon(state);
    vec![]
}
