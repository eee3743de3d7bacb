//! The detail search as drawn: matches found in the pane's wrapped lines (case-insensitive,
//! in what is shown, so a masked value is found by its name only), highlighted, and counted.

use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};

use super::layout;
use super::theme::Theme;
use crate::app::state::AppState;

/// Where each match is: (line, byte start, byte end) in the line's text.
pub fn find(lines: &[Line<'_>], query: &str) -> Vec<(usize, usize, usize)> {
    let q = query.to_ascii_lowercase();
    if q.is_empty() {
        return vec![];
    }
    let mut out = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        let text: String = line.spans.iter().map(|s| s.content.as_ref()).collect();
        let hay = text.to_ascii_lowercase();
        let mut from = 0;
        while let Some(at) = hay.get(from..).and_then(|h| h.find(&q)) {
            out.push((i, from + at, from + at + q.len()));
            from += at + q.len();
        }
    }
    out
}

/// The pane line of every match at the current terminal size, for `update`'s `n`/`N`: the
/// runtime stores them in `Search::lines` before each search key.
pub fn search_lines(state: &AppState) -> Vec<u16> {
    let Some(s) = state.search.as_ref() else {
        return vec![];
    };
    let area = layout::areas(Rect::new(0, 0, state.size.0, state.size.1)).detail;
    let theme = Theme::new(false);
    let width = usize::from(area.width.saturating_sub(2));
    super::detail::body(state, width, &theme).map_or_else(Vec::new, |d| {
        find(&d.lines, &s.query)
            .into_iter()
            .map(|(l, _, _)| u16::try_from(l).unwrap_or(u16::MAX))
            .collect()
    })
}

/// Restyles the matches in `lines` (reversed; the current one also in the selection style).
/// Returns how many there are.
pub fn highlight(lines: &mut [Line<'static>], query: &str, current: usize, t: &Theme) -> usize {
    let found = find(lines, query);
    for (n, &(i, start, end)) in found.iter().enumerate() {
        let mark = if n == current {
            t.selected.add_modifier(Modifier::REVERSED | Modifier::BOLD)
        } else {
            Style::default().add_modifier(Modifier::REVERSED)
        };
        if let Some(line) = lines.get_mut(i) {
            restyle(line, start, end, mark);
        }
    }
    found.len()
}

/// Splits the spans of `line` so bytes `start..end` of its text carry `mark` on top.
fn restyle(line: &mut Line<'static>, start: usize, end: usize, mark: Style) {
    let mut out = Vec::with_capacity(line.spans.len() + 2);
    let mut pos = 0;
    for span in line.spans.drain(..) {
        let text = span.content.as_ref();
        let (a, b) = (pos, pos + text.len());
        pos = b;
        if end <= a || start >= b {
            out.push(span);
            continue;
        }
        let cut = |x: usize| x.clamp(a, b) - a;
        let (s, e) = (cut(start), cut(end));
        let piece = |from: usize, to: usize| text.get(from..to).unwrap_or("").to_string();
        if s > 0 {
            out.push(Span::styled(piece(0, s), span.style));
        }
        out.push(Span::styled(piece(s, e), span.style.patch(mark)));
        if e < text.len() {
            out.push(Span::styled(piece(e, text.len()), span.style));
        }
    }
    line.spans = out;
}

#[cfg(test)]
mod tests;
