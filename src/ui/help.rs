//! The help popup, generated from the keymap table so it can never disagree with it.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use super::doc::{self, Doc};
use super::layout::centered;
use super::pane::{self, put};
use super::theme::Theme;
use crate::app::keymap::{Context, bindings, footer};

/// Width of the key column.
const KEY_W: usize = 10;

/// Every binding, grouped by where it applies, in table order.
pub fn lines(width: usize, theme: &Theme) -> Vec<Line<'static>> {
    let mut d = Doc::new(width, theme);
    let mut seen: Vec<Context> = Vec::new();
    for b in bindings() {
        if seen.contains(&b.context) {
            continue;
        }
        seen.push(b.context);
        if seen.len() > 1 {
            d.blank();
        }
        d.text(b.context.title(), theme.header);
        for k in bindings().iter().filter(|x| x.context == b.context) {
            d.spans(
                vec![
                    Span::styled(format!("  {:<KEY_W$} ", k.label), theme.key),
                    Span::raw(k.desc),
                ],
                KEY_W + 3,
            );
        }
    }
    d.blank();
    d.text(
        "In-use protection sees services and running tasks only: scheduled tasks and infrastructure code are not checked.",
        theme.dim,
    );
    d.lines
}

/// How far help scrolls on `screen`: (largest offset, lines shown).
pub fn scroll_range(screen: Rect, theme: &Theme) -> (u16, u16) {
    let width = screen.width.saturating_sub(4).min(76);
    let body = lines(usize::from(width.saturating_sub(2)), theme).len();
    let h = (body as u16 + 4).min(screen.height.saturating_sub(2));
    let body_h = h.saturating_sub(4);
    let max = body.saturating_sub(usize::from(body_h));
    (u16::try_from(max).unwrap_or(u16::MAX), body_h.max(1))
}

/// Draws the help popup over `screen`, scrolled by `scroll` lines.
pub fn draw(buf: &mut Buffer, screen: Rect, scroll: u16, theme: &Theme) {
    let width = screen.width.saturating_sub(4).min(76);
    let body = lines(usize::from(width.saturating_sub(2)), theme);
    let h = (body.len() as u16 + 4).min(screen.height.saturating_sub(2));
    let area = centered(screen, width, h);
    let inner = pane::popup(
        buf,
        area,
        theme,
        Line::from(" Help: every key "),
        theme.border_focused,
    );
    let body_h = inner.height.saturating_sub(2);
    let used = doc::draw_slice(
        buf,
        Rect::new(inner.x, inner.y, inner.width, body_h),
        &body,
        usize::from(scroll),
    );
    let mut foot = doc::footer_hints(Context::Help, footer::HELP, false, theme);
    foot.extend([
        Span::styled(footer::scroll_keys(Context::Help, false), theme.key),
        Span::raw(" scroll"),
    ]);
    if let Some(p) = doc::position(used, usize::from(body_h), body.len()) {
        foot.push(Span::styled(format!(" · {p}"), theme.dim));
    }
    put(
        buf,
        inner,
        inner.height.saturating_sub(1),
        &Line::from(foot),
    );
}
