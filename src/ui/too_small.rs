//! The notice shown instead of the panes when the terminal is below the minimum size.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

use super::layout::MIN_SIZE;
use super::pane::{put_str, wrap_words};
use super::theme::Theme;

/// Draws "terminal too small (WxH, need ≥ AxB)" centred; safe at any size, even 0x0.
pub fn draw(buf: &mut Buffer, area: Rect, theme: &Theme) {
    if area.width == 0 || area.height == 0 {
        return;
    }
    let text = format!(
        "terminal too small ({}x{}, need ≥ {}x{})",
        area.width, area.height, MIN_SIZE.0, MIN_SIZE.1
    );
    let lines = wrap_words(&text, usize::from(area.width));
    let top = area.height.saturating_sub(lines.len() as u16) / 2;
    for (i, l) in lines.iter().enumerate() {
        let y = top + i as u16;
        let w = super::format::width(l) as u16;
        let x = area.width.saturating_sub(w) / 2;
        put_str(
            buf,
            Rect::new(area.x + x, area.y, area.width - x, area.height),
            y,
            l,
            theme.warn,
        );
    }
}
