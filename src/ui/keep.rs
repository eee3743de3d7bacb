//! The keep-newest-N prompt.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use super::doc::{self, Doc};
use super::layout::centered;
use super::pane;
use super::theme::Theme;
use crate::app::keymap::{Context, footer};
use crate::app::state::{AppState, KeepPrompt};
use crate::domain::KeepProgress;

/// The status bar's words for a collection in progress.
pub fn progress(p: &KeepProgress) -> String {
    format!(
        "keep-N: families {}/{} · described {}/{}",
        p.families_done, p.families_total, p.described, p.to_describe
    )
}

/// Draws the prompt over `screen`.
pub fn draw(buf: &mut Buffer, screen: Rect, state: &AppState, k: &KeepPrompt, theme: &Theme) {
    let width = screen.width.saturating_sub(4).min(72);
    let mut d = Doc::new(usize::from(width.saturating_sub(2)), theme);
    let t = theme;
    d.spans(
        vec![
            Span::raw("Keep the newest "),
            field(&k.keep, k.field == 0, 4, t),
            Span::raw(" ACTIVE revisions"),
        ],
        2,
    );
    d.spans(
        vec![
            Span::raw("and only those registered more than "),
            field(&k.older_than_days, k.field == 1, 4, t),
            Span::raw(" days ago"),
            Span::styled(" (empty: any age)", t.dim),
        ],
        2,
    );
    d.spans(
        vec![
            Span::styled("m", t.key),
            Span::raw(if k.include_managed {
                " [x] include revisions a CloudFormation stack created (the stack drifts)"
            } else {
                " [ ] include revisions a CloudFormation stack created"
            }),
        ],
        2,
    );
    d.blank();
    let scope = if k.all_families {
        let mut s = format!(
            "every family shown ({} from the families pane",
            state.families.visible.len()
        );
        if !state.families.filter.text.is_empty() {
            s.push_str(&format!(", filter '{}'", state.families.filter.text));
        }
        s.push(')');
        s
    } else {
        let fam = state
            .revisions
            .family
            .as_deref()
            .or(state.families.selected())
            .map_or_else(|| "-".to_string(), |f| state.family_name(f));
        format!("this family ({fam})")
    };
    d.spans(vec![Span::styled("Scope: ", t.label), Span::raw(scope)], 7);
    d.text(
        "Marks what the rule would deregister and shows per-family counts; nothing runs until you confirm.",
        t.dim,
    );
    d.text(
        "In-use revisions are never selected. INACTIVE revisions do not count towards N.",
        t.dim,
    );
    d.blank();
    d.spans(doc::footer_hints(Context::Keep, footer::KEEP, false, t), 0);
    let area = centered(screen, width, d.lines.len() as u16 + 2);
    let inner = pane::popup(
        buf,
        area,
        theme,
        Line::from(" Keep newest N "),
        theme.border_focused,
    );
    doc::draw_slice(buf, inner, &d.lines, 0);
}

/// An input box: reverse video with a caret when active, underlined otherwise.
fn field(text: &str, active: bool, w: usize, t: &Theme) -> Span<'static> {
    let pad = " ".repeat(w.saturating_sub(super::format::width(text)));
    if active {
        Span::styled(format!("{text}▏{pad}"), t.selected)
    } else {
        Span::styled(format!("{text}{pad} "), t.header)
    }
}
