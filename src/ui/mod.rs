//! Drawing: `render(frame, &state)` reads state only, never mutates, never awaits.
//!
//! Every pane formats only the rows it shows, so a frame costs the same with ten revisions
//! or a hundred thousand. Ages come from `state.now`, never from the clock.

mod command;
mod confirm;
mod containers;
mod detail;
mod diff_view;
pub mod doc;
mod export_prompt;
mod families;
mod fields;
pub mod format;
mod help;
pub mod job;
pub mod json;
mod keep;
pub use crate::geometry as layout;
mod pane;
mod revisions;
mod search;
mod services;
mod status;
mod summary;
pub mod theme;
mod too_small;

use ratatui::Frame;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

pub use containers::MASK;
pub use search::search_lines;
pub use theme::Theme;

use crate::app::state::{AppState, Modal};

/// How far the open popup scrolls at the current terminal size: (largest offset, page
/// height), computed as drawing lays it out, so `G` then `k` moves at once.
pub fn popup_scroll(state: &AppState) -> Option<(u16, u16)> {
    let screen = layout::main_area(Rect::new(0, 0, state.size.0, state.size.1));
    // Line counts do not depend on colours.
    let theme = Theme::new(false);
    match &state.modal {
        Some(Modal::Help { .. }) => Some(help::scroll_range(screen, &theme)),
        Some(Modal::Summary { .. }) => Some(summary::scroll_range(state, screen, &theme)),
        Some(Modal::Confirm(c)) => Some(confirm::scroll_range(state, c, screen, &theme)),
        Some(Modal::Unfinished {
            entries, damaged, ..
        }) => Some(summary::unfinished_scroll_range(
            state, entries, damaged, screen, &theme,
        )),
        _ => None,
    }
}

/// Draws the whole screen for `state`.
pub fn render(frame: &mut Frame<'_>, state: &AppState, theme: &Theme) {
    let area = frame.area();
    draw(frame.buffer_mut(), area, state, theme);
}

/// Draws the whole screen into a buffer (what `render` does, without a terminal).
pub fn draw(buf: &mut Buffer, area: Rect, state: &AppState, theme: &Theme) {
    if layout::too_small(area) {
        too_small::draw(buf, area, theme);
        return;
    }
    let a = layout::areas(area);
    let detail_area = if state.detail.zoom {
        layout::main_area(area)
    } else {
        families::draw(buf, a.families, state, theme);
        revisions::draw(buf, a.revisions, state, theme);
        a.detail
    };
    detail::draw(buf, detail_area, state, theme);
    job::draw_panel(buf, detail_area, state, theme);
    status::draw(buf, a.status, state, theme);
    let area = layout::main_area(area);
    match &state.modal {
        None => {}
        Some(Modal::Help { scroll }) => help::draw(buf, area, *scroll, theme),
        Some(Modal::Confirm(c)) => confirm::draw(buf, area, state, c, theme),
        Some(Modal::ConfirmCancel) => confirm::draw_cancel(buf, area, state, theme),
        Some(Modal::Keep(k)) => keep::draw(buf, area, state, k, theme),
        Some(Modal::Summary { scroll }) => summary::draw(buf, area, state, *scroll, theme),
        Some(Modal::Services(p)) => services::draw(buf, state, p, theme),
        Some(Modal::Unfinished {
            entries,
            damaged,
            scroll,
        }) => {
            summary::draw_unfinished(buf, area, state, entries, damaged, *scroll, theme);
        }
        Some(Modal::Export(p)) => export_prompt::draw(buf, area, p, theme),
        Some(Modal::Command(c)) => command::draw(buf, area, state, c, theme),
    }
}
