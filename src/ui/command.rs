//! The `:` command line: a one-line prompt over the bottom of the panes, with what Tab found.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use super::doc::{self, Doc};
use super::pane;
use super::theme::Theme;
use crate::app::keymap::{Context, footer};
use crate::app::state::AppState;
use crate::app::views::CommandLine;
use crate::text::escape;

/// Draws the command line at the bottom of `screen`.
pub fn draw(buf: &mut Buffer, screen: Rect, state: &AppState, c: &CommandLine, theme: &Theme) {
    let t = theme;
    let width = screen.width.saturating_sub(2).max(1);
    let mut d = Doc::new(usize::from(width.saturating_sub(2)), theme);
    d.spans(
        vec![
            Span::styled(":", t.key),
            Span::styled(escape(&c.text).into_owned(), t.title),
            Span::styled("▏", t.key),
        ],
        1,
    );
    if !c.candidates.is_empty() {
        d.text(c.candidates.join("  "), t.dim);
    }
    let mut foot = doc::footer_hints(Context::Command, footer::COMMAND, true, t);
    foot.push(Span::styled(
        format!("  now: {}", state.backend.label),
        t.dim,
    ));
    d.spans(foot, 0);
    let h = (d.lines.len() as u16 + 2).min(screen.height);
    let area = Rect::new(
        screen.x + 1,
        screen.y + screen.height.saturating_sub(h),
        width,
        h,
    );
    let inner = pane::popup(buf, area, theme, Line::from(" Command "), t.border_focused);
    doc::draw_slice(buf, inner, &d.lines, 0);
}
