//! Cursor movement, scrolling and pane focus.

use super::super::action::Action;
use super::super::effect::Effect;
use super::super::state::{AppState, Cursor, Focus};
use super::{lists, settle_soon};

/// Rows visible in (families, revisions, detail) bodies for the current terminal size.
pub(crate) fn rows(state: &AppState) -> (usize, usize, usize) {
    let r = crate::geometry::list_rows(state.size);
    let detail = if state.detail.zoom {
        // Zoomed, the detail pane fills the screen above the status bar.
        usize::from(
            state
                .size
                .1
                .saturating_sub(crate::geometry::STATUS_LINES + 2),
        )
    } else {
        r.detail
    };
    (r.families.max(1), r.revisions.max(1), detail.max(1))
}

/// Moves the cursor (or scrolls) in whatever has the keyboard.
pub(super) fn movement(state: &mut AppState, action: &Action) -> Vec<Effect> {
    let (fam_rows, rev_rows, detail_rows) = rows(state);
    match state.focus {
        Focus::Families => {
            let len = state.families.visible.len();
            if move_cursor(&mut state.families.cursor, len, fam_rows, action) {
                state.detail.scroll = 0;
                settle_soon(state);
            }
        }
        Focus::Revisions => {
            let len = state.revisions.visible.len();
            if move_cursor(&mut state.revisions.cursor, len, rev_rows, action) {
                state.detail.scroll = 0;
                settle_soon(state);
            }
        }
        Focus::Detail => {
            state.detail.scroll = scrolled(state.detail.scroll, action, detail_rows as u16);
        }
    }
    vec![]
}

pub(super) fn scrolled(scroll: u16, action: &Action, page: u16) -> u16 {
    match action {
        Action::Up => scroll.saturating_sub(1),
        Action::Down => scroll.saturating_add(1),
        Action::PageUp => scroll.saturating_sub(page),
        Action::PageDown => scroll.saturating_add(page),
        Action::Top => 0,
        Action::Bottom => u16::MAX / 2,
        _ => scroll,
    }
}

/// Applies a movement to a list cursor; true when the selection changed.
pub(crate) fn move_cursor(c: &mut Cursor, len: usize, rows: usize, action: &Action) -> bool {
    if len == 0 {
        *c = Cursor::default();
        return false;
    }
    let before = c.selected;
    let last = len - 1;
    c.selected = match action {
        Action::Up | Action::MarkUp => c.selected.saturating_sub(1),
        Action::Down | Action::MarkDown => (c.selected + 1).min(last),
        Action::PageUp => c.selected.saturating_sub(rows),
        Action::PageDown => (c.selected + rows).min(last),
        Action::Top => 0,
        Action::Bottom => last,
        _ => c.selected,
    }
    .min(last);
    clamp_offset(c, len, rows);
    c.selected != before
}

/// Keeps `selected` inside `[offset, offset + rows)` and the offset inside the list.
pub(crate) fn clamp_offset(c: &mut Cursor, len: usize, rows: usize) {
    if len == 0 {
        *c = Cursor::default();
        return;
    }
    c.selected = c.selected.min(len - 1);
    if c.selected < c.offset {
        c.offset = c.selected;
    } else if c.selected >= c.offset + rows {
        c.offset = c.selected + 1 - rows;
    }
    c.offset = c.offset.min(len.saturating_sub(rows));
}

/// After a resize, every cursor stays on screen.
pub(super) fn keep_cursors_visible(state: &mut AppState) {
    let (f, r, _) = rows(state);
    let flen = state.families.visible.len();
    clamp_offset(&mut state.families.cursor, flen, f);
    let rlen = state.revisions.visible.len();
    clamp_offset(&mut state.revisions.cursor, rlen, r);
}

/// Tab, Shift-Tab, Enter and Esc.
pub(super) fn focus(state: &mut AppState, action: &Action) -> Vec<Effect> {
    match action {
        Action::FocusNext => {
            state.focus = match state.focus {
                Focus::Families => Focus::Revisions,
                Focus::Revisions => Focus::Detail,
                Focus::Detail => Focus::Families,
            };
            on_focus_change(state)
        }
        Action::FocusPrev => {
            state.focus = match state.focus {
                Focus::Families => Focus::Detail,
                Focus::Revisions => Focus::Families,
                Focus::Detail => Focus::Revisions,
            };
            on_focus_change(state)
        }
        Action::Enter => match state.focus {
            Focus::Families => {
                state.focus = Focus::Revisions;
                on_focus_change(state)
            }
            Focus::Revisions => {
                state.focus = Focus::Detail;
                vec![]
            }
            Focus::Detail => vec![],
        },
        Action::Back => back(state),
        _ => vec![],
    }
}

/// Entering the revisions pane loads the selected family at once (no settle wait).
fn on_focus_change(state: &mut AppState) -> Vec<Effect> {
    if state.focus == Focus::Revisions {
        lists::ensure_revisions_for_selected(state)
    } else {
        vec![]
    }
}

/// Esc: drop the detail search, close the diff view, clear a range mark, then the filter,
/// then step back a pane.
fn back(state: &mut AppState) -> Vec<Effect> {
    if state.focus == Focus::Detail && state.search.take().is_some() {
        return vec![];
    }
    if state.focus == Focus::Detail && state.diff.take().is_some() {
        state.detail.scroll = 0;
        state.search = None;
        return vec![];
    }
    if state.focus != Focus::Families && state.revisions.range_anchor.take().is_some() {
        return vec![];
    }
    let filter = match state.focus {
        Focus::Families => &mut state.families.filter,
        _ => &mut state.revisions.filter,
    };
    if filter.editing || !filter.text.is_empty() {
        filter.editing = false;
        filter.text.clear();
        let fx = if state.focus == Focus::Families {
            lists::refilter_families(state)
        } else {
            lists::refilter_revisions(state);
            vec![]
        };
        settle_soon(state);
        return fx;
    }
    state.focus = match state.focus {
        Focus::Detail => Focus::Revisions,
        _ => Focus::Families,
    };
    vec![]
}
