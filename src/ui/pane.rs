//! Pane frames and small drawing helpers shared by the panes and popups.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Borders, Clear, Widget};

use super::theme::Theme;
use crate::app::state::{FilterInput, Load};

/// Draws a pane's border and titles; returns the inner area.
///
/// The focused pane gets a double border and a bold colour, so focus shows without colour too.
pub fn frame(
    buf: &mut Buffer,
    area: Rect,
    focused: bool,
    theme: &Theme,
    title: Line<'_>,
    bottom_left: Option<Line<'_>>,
    bottom_right: Option<Line<'_>>,
) -> Rect {
    let (border_type, style) = if focused {
        (BorderType::Double, theme.border_focused)
    } else {
        (BorderType::Plain, theme.border)
    };
    let mut block = Block::new()
        .borders(Borders::ALL)
        .border_type(border_type)
        .border_style(style)
        .title_top(title.style(theme.title));
    if let Some(l) = bottom_left {
        block = block.title_bottom(l.left_aligned());
    }
    if let Some(r) = bottom_right {
        block = block.title_bottom(r.right_aligned());
    }
    let inner = block.inner(area);
    block.render(area, buf);
    inner
}

/// The first title that fits between the corners of a pane `width` wide (else the last, cut).
pub fn pick_title(width: u16, candidates: Vec<String>) -> String {
    let room = usize::from(width.saturating_sub(2));
    let last = candidates.last().cloned().unwrap_or_default();
    candidates
        .into_iter()
        .find(|c| super::format::width(c) <= room)
        .unwrap_or_else(|| super::format::fit(&last, room).into_owned())
}

/// Clears `area` and draws a popup border with a title; returns the inner area.
pub fn popup(buf: &mut Buffer, area: Rect, theme: &Theme, title: Line<'_>, border: Style) -> Rect {
    Clear.render(area, buf);
    let block = Block::new()
        .borders(Borders::ALL)
        .border_type(BorderType::Thick)
        .border_style(border)
        .title_top(title.style(theme.title));
    let inner = block.inner(area);
    block.render(area, buf);
    inner
}

/// Writes `line` on row `y` of `area`, clipped to its width; rows outside are ignored.
pub fn put(buf: &mut Buffer, area: Rect, y: u16, line: &Line<'_>) {
    if y < area.height && area.width > 0 {
        buf.set_line(area.x, area.y + y, line, area.width);
    }
}

/// Writes a plain string on row `y` of `area` with one style.
pub fn put_str(buf: &mut Buffer, area: Rect, y: u16, s: &str, style: Style) {
    if y < area.height && area.width > 0 {
        buf.set_stringn(area.x, area.y + y, s, usize::from(area.width), style);
    }
}

/// The filter line for a pane's bottom border: `/pay▏` while typing, `/pay` once set.
pub fn filter_title<'a>(f: &'a FilterInput, theme: &Theme) -> Option<Line<'a>> {
    if f.editing {
        Some(Line::from(vec![
            Span::styled("/", theme.key),
            Span::raw(f.text.as_str()),
            Span::styled("▏", theme.key),
        ]))
    } else if !f.text.is_empty() {
        Some(Line::from(vec![
            Span::styled("/", theme.key),
            Span::raw(f.text.as_str()),
        ]))
    } else {
        None
    }
}

/// The listing progress for a pane's bottom border: pages while loading, a mark on failure.
pub fn load_title(load: &Load, theme: &Theme) -> Option<Line<'static>> {
    match load {
        Load::Loading { pages: 0 } => Some(Line::styled("loading…", theme.pending)),
        Load::Loading { pages } => Some(Line::styled(
            format!(
                "loading… {}",
                super::format::plural(*pages, "page", "pages")
            ),
            theme.pending,
        )),
        Load::Failed(_) => Some(Line::styled("✗ listing failed", theme.error)),
        Load::Idle | Load::Done => None,
    }
}

/// Splits text into lines of at most `width` cells, breaking at spaces when it can.
pub fn wrap_words(text: &str, width: usize) -> Vec<String> {
    use super::format::{prefix_fitting, width as cells};
    use unicode_segmentation::UnicodeSegmentation;
    let width = width.max(1);
    let mut out = Vec::new();
    let mut cur = String::new();
    for word in text.split(' ') {
        let need = if cur.is_empty() { 0 } else { 1 } + cells(word);
        if !cur.is_empty() && cells(&cur) + need > width {
            out.push(std::mem::take(&mut cur));
        }
        if !cur.is_empty() {
            cur.push(' ');
        }
        cur.push_str(word);
        while cells(&cur) > width {
            // A glyph wider than the line still moves on, so this always ends.
            let cut = match prefix_fitting(&cur, width).0 {
                0 => cur.graphemes(true).next().map_or(cur.len(), str::len),
                n => n,
            };
            let rest = cur.split_off(cut);
            out.push(std::mem::replace(&mut cur, rest));
        }
    }
    if !cur.is_empty() || out.is_empty() {
        out.push(cur);
    }
    out
}

/// Draws wrapped message lines from row `y` of `area`; returns the next free row.
pub fn message(buf: &mut Buffer, area: Rect, y: u16, text: &str, style: Style) -> u16 {
    let mut y = y;
    for l in wrap_words(text, usize::from(area.width)) {
        put_str(buf, area, y, &l, style);
        y += 1;
    }
    y
}

#[cfg(test)]
mod tests;
