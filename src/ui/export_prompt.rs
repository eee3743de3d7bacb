//! The export prompt: the path to write, then, if the file exists, whether to overwrite it.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use super::doc::{self, Doc};
use super::layout::centered;
use super::pane;
use super::theme::Theme;
use crate::app::keymap::{Context, footer};
use crate::app::views::ExportPrompt;
use crate::text::escape;

/// Draws the prompt over `screen`.
pub fn draw(buf: &mut Buffer, screen: Rect, p: &ExportPrompt, theme: &Theme) {
    let t = theme;
    let width = screen.width.saturating_sub(4).min(72);
    let mut d = Doc::new(usize::from(width.saturating_sub(2)), theme);
    d.text(
        format!(
            "Write {} as RegisterTaskDefinition input (read-only fields left out), mode 0600: it holds the environment values unmasked.",
            p.revision.label()
        ),
        t.dim,
    );
    d.blank();
    let path = escape(&p.path).into_owned();
    if p.exists {
        d.spans(
            vec![
                Span::styled(path, t.title),
                Span::styled(" exists. Overwrite it?", t.warn),
            ],
            0,
        );
    } else {
        d.spans(
            vec![
                Span::styled("Path: ", t.label),
                Span::styled(path, t.title),
                Span::styled("▏", t.key),
            ],
            6,
        );
    }
    d.blank();
    let (spec, typing) = if p.exists {
        (footer::EXPORT_EXISTS, false)
    } else {
        (footer::EXPORT, true)
    };
    d.spans(doc::footer_hints(Context::Export, spec, typing, t), 0);
    let area = centered(screen, width, d.lines.len() as u16 + 2);
    let border = if p.exists { t.warn } else { t.border_focused };
    let inner = pane::popup(buf, area, theme, Line::from(" Export "), border);
    doc::draw_slice(buf, inner, &d.lines, 0);
}
