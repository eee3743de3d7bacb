//! Where each pane goes for a terminal size (re-exported as `ui::layout`).
//!
//! The layout depends on the size only, never on state, so `update` can ask how many rows
//! each list shows (`list_rows`) and keep its cursor visible with the same numbers render uses.
//!
//! - 120 columns and more: families | revisions | detail side by side.
//! - Narrower: families | revisions on top, detail across the full width below.
//! - Always: two status lines at the bottom (status, then hints or a long message).

use ratatui::layout::Rect;

/// Smallest terminal the panes are drawn in; below it only a notice is shown.
pub const MIN_SIZE: (u16, u16) = (60, 15);

/// From this width the three panes sit side by side.
pub const WIDE_FROM: u16 = 120;

/// Lines at the bottom for the status bar.
pub const STATUS_LINES: u16 = 2;

/// Rows visible in each list or pane body.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ListRows {
    /// Family rows.
    pub families: usize,
    /// Revision rows (below the column header).
    pub revisions: usize,
    /// Detail lines.
    pub detail: usize,
}

/// The rectangles of one frame.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Areas {
    /// Families pane, borders included.
    pub families: Rect,
    /// Revisions pane, borders included.
    pub revisions: Rect,
    /// Detail pane, borders included.
    pub detail: Rect,
    /// The status bar.
    pub status: Rect,
}

/// True when the terminal is too small for the panes.
pub fn too_small(area: Rect) -> bool {
    area.width < MIN_SIZE.0 || area.height < MIN_SIZE.1
}

/// Splits the screen; only meaningful when `!too_small(area)`.
pub fn areas(area: Rect) -> Areas {
    let main_h = area.height.saturating_sub(STATUS_LINES);
    let status = Rect::new(area.x, area.y + main_h, area.width, area.height - main_h);
    if area.width >= WIDE_FROM {
        let fam_w = (area.width * 18 / 100).clamp(22, 36);
        let rest = area.width - fam_w;
        let rev_w = rest / 2;
        let det_w = rest - rev_w;
        Areas {
            families: Rect::new(area.x, area.y, fam_w, main_h),
            revisions: Rect::new(area.x + fam_w, area.y, rev_w, main_h),
            detail: Rect::new(area.x + fam_w + rev_w, area.y, det_w, main_h),
            status,
        }
    } else {
        let top_h = main_h.div_ceil(2);
        let fam_w = (area.width * 3 / 10).clamp(18, 30);
        Areas {
            families: Rect::new(area.x, area.y, fam_w, top_h),
            revisions: Rect::new(area.x + fam_w, area.y, area.width - fam_w, top_h),
            detail: Rect::new(area.x, area.y + top_h, area.width, main_h - top_h),
            status,
        }
    }
}

/// The screen above the status bar, where popups are centred so the status stays visible.
pub fn main_area(area: Rect) -> Rect {
    Rect {
        height: area.height.saturating_sub(STATUS_LINES),
        ..area
    }
}

/// Rows visible in each list for a terminal of `size` (columns, rows); at least 1 each, so
/// cursor arithmetic stays sound even when the terminal is too small to draw the panes.
pub fn list_rows(size: (u16, u16)) -> ListRows {
    let area = Rect::new(0, 0, size.0, size.1);
    if too_small(area) {
        return ListRows {
            families: 1,
            revisions: 1,
            detail: 1,
        };
    }
    let a = areas(area);
    ListRows {
        families: usize::from(a.families.height.saturating_sub(2)).max(1),
        revisions: usize::from(a.revisions.height.saturating_sub(3)).max(1),
        detail: usize::from(a.detail.height.saturating_sub(2)).max(1),
    }
}

/// A rectangle of at most `w` x `h` centred in `area`.
pub fn centered(area: Rect, w: u16, h: u16) -> Rect {
    let w = w.min(area.width);
    let h = h.min(area.height);
    Rect::new(
        area.x + (area.width - w) / 2,
        area.y + (area.height - h) / 2,
        w,
        h,
    )
}

#[cfg(test)]
mod tests;
