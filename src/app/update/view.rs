//! How the detail pane shows the revision: zoom (`z`, full screen) and the JSON view's
//! sideways scroll (`←`/`→`), which replaces wrapping so every line stays valid JSON.

use ratatui::layout::Rect;
use unicode_width::UnicodeWidthStr;

use super::{flash, nav};
use crate::app::action::Action;
use crate::app::effect::Effect;
use crate::app::state::{AppState, Focus, Level};

/// Columns one `←`/`→` moves the JSON view.
pub const HSTEP: u16 = 8;

/// Zoom, or sideways scroll.
pub(super) fn handle(state: &mut AppState, action: &Action) -> Vec<Effect> {
    match action {
        Action::ToggleZoom => {
            if state.detail.zoom {
                state.detail.zoom = false;
            } else if state.revisions.selected().is_some() {
                state.detail.zoom = true;
                state.focus = Focus::Detail;
            } else {
                flash(state, Level::Warn, "No revision selected: nothing to zoom.");
            }
            vec![]
        }
        Action::ScrollLeft | Action::ScrollRight => {
            let Some(widest) = json_width(state) else {
                // The summary wraps: the arrows keep switching panes there.
                let focus = if *action == Action::ScrollLeft {
                    Action::FocusPrev
                } else {
                    Action::FocusNext
                };
                return nav::focus(state, &focus);
            };
            let max = widest.saturating_sub(detail_width(state));
            let h = &mut state.detail.hscroll;
            *h = if *action == Action::ScrollLeft {
                h.saturating_sub(HSTEP)
            } else {
                h.saturating_add(HSTEP).min(max)
            };
            vec![]
        }
        _ => vec![],
    }
}

/// Cells of the JSON view's widest line, when the JSON view shows a described revision.
fn json_width(state: &AppState) -> Option<u16> {
    if !state.detail.json {
        return None;
    }
    let r = state.revisions.selected()?;
    let td = state.task_def(&r.arn)?;
    let text = crate::masking::json_text(td, state.detail.reveal);
    let widest = text.lines().map(UnicodeWidthStr::width).max().unwrap_or(0);
    Some(u16::try_from(widest).unwrap_or(u16::MAX))
}

/// Inner width of the detail pane at the current size, zoomed or not.
pub(crate) fn detail_width(state: &AppState) -> u16 {
    let screen = Rect::new(0, 0, state.size.0, state.size.1);
    let pane = if state.detail.zoom {
        crate::geometry::main_area(screen)
    } else {
        crate::geometry::areas(screen).detail
    };
    pane.width.saturating_sub(2)
}
