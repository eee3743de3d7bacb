//! A scrollable document of styled lines, wrapped to a width as it is built.
//!
//! The detail pane, the JSON view and the popups build one of these for the current width,
//! then draw the slice that the scroll offset selects, so scrolling is exact.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};

use super::format;
use super::theme::Theme;
use unicode_segmentation::UnicodeSegmentation;

/// Width of the label column in key/value lines.
pub const LABEL_W: usize = 13;

/// Lines wrapped to a fixed width.
pub struct Doc<'t> {
    /// The wrapped lines.
    pub lines: Vec<Line<'static>>,
    width: usize,
    theme: &'t Theme,
}

impl<'t> Doc<'t> {
    /// An empty document `width` cells wide.
    pub fn new(width: usize, theme: &'t Theme) -> Self {
        Doc {
            lines: Vec::new(),
            width: width.max(1),
            theme,
        }
    }

    /// The theme, for callers composing spans.
    pub fn theme(&self) -> &'t Theme {
        self.theme
    }

    /// An empty line.
    pub fn blank(&mut self) {
        self.lines.push(Line::default());
    }

    /// Spans wrapped at the width; continuation lines are indented by `indent` cells.
    pub fn spans(&mut self, spans: Vec<Span<'static>>, indent: usize) {
        wrap_into(&mut self.lines, spans, self.width, indent);
    }

    /// One-style text wrapped at the width.
    pub fn text(&mut self, text: impl Into<String>, style: Style) {
        self.spans(vec![Span::styled(text.into(), style)], 0);
    }

    /// A section heading: `── name ─────`.
    pub fn heading(&mut self, name: &str) {
        let fill = self.width.saturating_sub(format::width(name) + 4);
        self.lines.push(Line::from(vec![
            Span::styled("── ", self.theme.dim),
            Span::styled(name.to_string(), self.theme.header),
            Span::styled(format!(" {}", "─".repeat(fill)), self.theme.dim),
        ]));
    }

    /// `Label        value`, the value wrapped under itself.
    pub fn field(&mut self, label: &str, value: impl Into<String>, style: Style) {
        self.field_spans(label, vec![Span::styled(value.into(), style)]);
    }

    /// `Label        spans…`, wrapped under the value column.
    pub fn field_spans(&mut self, label: &str, value: Vec<Span<'static>>) {
        let mut spans = vec![Span::styled(
            format!("{label:<w$}", w = LABEL_W),
            self.theme.label,
        )];
        spans.extend(value);
        let indent = if self.width > LABEL_W + 8 { LABEL_W } else { 2 };
        self.spans(spans, indent);
    }

    /// An indented `name  value` entry under a field (env vars, secrets, log options).
    pub fn entry(&mut self, name: &str, name_w: usize, value: Span<'static>) {
        let pad = format!("  {} ", format::pad(name, name_w));
        let indent = (2 + name_w + 1).min(self.width / 2);
        self.spans(vec![Span::styled(pad, self.theme.dim), value], indent);
    }
}

/// Appends `spans` to `out` as lines of at most `width` cells, breaking after spaces when a
/// word would be cut and inside words only when a word is longer than a line.
///
/// Widths are terminal cells (CJK and emoji take two), so no line spills past the pane.
pub fn wrap_into(
    out: &mut Vec<Line<'static>>,
    spans: Vec<Span<'static>>,
    width: usize,
    indent: usize,
) {
    let width = width.max(1);
    let indent = if indent >= width { 0 } else { indent };
    let mut line: Vec<Span<'static>> = Vec::new();
    let mut used = 0;
    // True while the line holds only the continuation indent.
    let mut fresh = true;
    for span in spans {
        let style = span.style;
        let mut rest: &str = &span.content;
        while !rest.is_empty() {
            if used >= width {
                out.push(Line::from(std::mem::take(&mut line)));
                line.push(Span::raw(" ".repeat(indent)));
                used = indent;
                fresh = true;
                rest = rest.trim_start_matches(' ');
                continue;
            }
            let room = width - used;
            let (cut, _) = format::prefix_fitting(rest, room);
            if cut == rest.len() {
                used += format::width(rest);
                line.push(Span::styled(rest.to_string(), style));
                fresh = false;
                break;
            }
            let head = &rest[..cut];
            let breaks_word = !rest[cut..].starts_with(' ') && !head.ends_with(' ');
            let cut = match head.rfind(' ') {
                Some(p)
                    if breaks_word && p > 0 && next_word_fits(&rest[p + 1..], width - indent) =>
                {
                    p + 1
                }
                None if breaks_word && !fresh && next_word_fits(rest, width - indent) => 0,
                // A glyph wider than a whole line: it goes alone, and drawing clips it.
                _ if cut == 0 && fresh => next_grapheme_len(rest),
                _ => cut,
            };
            let (head, tail) = rest.split_at(cut);
            if !head.is_empty() {
                line.push(Span::styled(head.to_string(), style));
                fresh = false;
            }
            // The line is full (or the next word goes to a fresh line).
            used = width;
            rest = tail;
        }
    }
    out.push(Line::from(line));
}

/// True when the first word of `s` fits on a line of `room` cells.
fn next_word_fits(s: &str, room: usize) -> bool {
    s.split(' ').next().map_or(0, format::width) <= room
}

/// Byte length of the first grapheme of `s`.
fn next_grapheme_len(s: &str) -> usize {
    s.graphemes(true).next().map_or(s.len(), str::len)
}

/// A popup footer written from the keymap (`keymap::footer`): key spans and their words.
pub fn footer_hints(
    ctx: crate::app::keymap::Context,
    spec: crate::app::keymap::footer::Spec,
    typing: bool,
    theme: &Theme,
) -> Vec<Span<'static>> {
    crate::app::keymap::footer::footer(ctx, spec, typing)
        .into_iter()
        .flat_map(|(key, text)| [Span::styled(key, theme.key), Span::raw(text)])
        .collect()
}

/// Draws `lines[scroll..]` into `area`; returns the scroll actually used (clamped to the end).
pub fn draw_slice(buf: &mut Buffer, area: Rect, lines: &[Line<'_>], scroll: usize) -> usize {
    let h = usize::from(area.height);
    let scroll = scroll.min(lines.len().saturating_sub(h));
    for (y, line) in lines.iter().skip(scroll).take(h).enumerate() {
        buf.set_line(area.x, area.y + y as u16, line, area.width);
    }
    scroll
}

/// `line` without its first `cells` terminal cells (the JSON view scrolled sideways); a wide
/// character cut in half becomes a space, so columns stay aligned.
pub fn shift(line: &Line<'_>, cells: usize) -> Line<'static> {
    let mut skipped = 0;
    let mut spans = Vec::new();
    for span in &line.spans {
        let mut kept = String::new();
        for g in span.content.graphemes(true) {
            if skipped >= cells {
                kept.push_str(g);
                continue;
            }
            skipped += format::width(g);
            if skipped > cells {
                kept.push_str(&" ".repeat(skipped - cells));
            }
        }
        if !kept.is_empty() {
            spans.push(Span::styled(kept, span.style));
        }
    }
    Line::from(spans)
}

/// `12–20/80` when the document is longer than the area, for a border title.
pub fn position(scroll: usize, shown: usize, total: usize) -> Option<String> {
    (total > shown).then(|| format!("{}–{}/{}", scroll + 1, (scroll + shown).min(total), total))
}

#[cfg(test)]
mod tests;
