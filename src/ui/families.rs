//! The families pane: status filter and counts in the title, the visible slice of names.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::Line;

use super::format::fit;
use super::pane::{self, put_str};
use super::theme::Theme;
use crate::app::state::{AppState, Focus, Load};

/// Draws the families pane into `area`.
pub fn draw(buf: &mut Buffer, area: Rect, state: &AppState, theme: &Theme) {
    let f = &state.families;
    let focused = state.focus == Focus::Families;
    let status = state.status_filter.label();
    let count = if f.names.is_empty() && f.load.is_loading() {
        "…".to_string()
    } else if f.filter.text.is_empty() {
        f.names.len().to_string()
    } else {
        format!("{}/{}", f.visible.len(), f.names.len())
    };
    // The default order (by name) goes unsaid; any other is named first.
    let sorted = match f.sort {
        crate::app::sort::FamilySort::Name => String::new(),
        other => format!("· {} ", other.label()),
    };
    let title = pane::pick_title(
        area.width,
        vec![
            format!(" Families {status} {count} {sorted}"),
            format!(" {status} {count} {sorted}"),
            format!(" {count} {sorted}"),
            format!(" Families {status} {count} "),
            format!(" {status} {count} "),
            format!(" {count} "),
        ],
    );
    let inner = pane::frame(
        buf,
        area,
        focused,
        theme,
        Line::from(title),
        pane::filter_title(&f.filter, theme),
        pane::load_title(&f.load, theme),
    );
    if f.visible.is_empty() {
        empty(buf, inner, state, theme);
        return;
    }
    let width = usize::from(inner.width);
    let base = marks_base(state);
    // With several contexts each row starts with its context, in a column as wide as the widest.
    let column_w = state
        .contexts
        .iter()
        .map(|c| super::format::width(&c.column))
        .max()
        .filter(|_| state.several_contexts())
        .map_or(0, |w| w.min(width / 2) + 1);
    let end = (f.cursor.offset + usize::from(inner.height)).min(f.visible.len());
    for (y, i) in (f.cursor.offset..end).enumerate() {
        let Some(name) = f.visible.get(i).and_then(|&n| f.names.get(n)) else {
            continue;
        };
        let y = y as u16;
        let row = Rect::new(inner.x, inner.y + y, inner.width, 1);
        if i == f.cursor.selected {
            let style = if focused {
                theme.selected
            } else {
                theme.selected_unfocused
            };
            buf.set_style(row, style);
        }
        let marks = if state.several_contexts() {
            marks_in_context(state, name)
        } else {
            base.map_or(0, |b| marks_in(state, b, name))
        };
        let badge = if marks > 0 {
            format!(
                "●{}",
                if marks > 999 {
                    "999+".into()
                } else {
                    marks.to_string()
                }
            )
        } else {
            String::new()
        };
        // In the INACTIVE view: how many INACTIVE revisions the family has.
        let count = f
            .counts
            .get(name)
            .map(|n| n.to_string())
            .unwrap_or_default();
        let right: Vec<(&str, ratatui::style::Style)> =
            [(badge.as_str(), theme.marked), (count.as_str(), theme.dim)]
                .into_iter()
                .filter(|(t, _)| !t.is_empty())
                .collect();
        let right_w: usize = right.iter().map(|(t, _)| super::format::width(t) + 1).sum();
        let room = width.saturating_sub(right_w + column_w);
        if column_w > 0 {
            let column = fit(state.context_column(name), column_w - 1);
            put_str(buf, inner, y, &column, theme.dim);
        }
        let name_area = Rect {
            x: inner.x + column_w as u16,
            width: inner.width.saturating_sub(column_w as u16),
            ..inner
        };
        let family = crate::app::contexts::family_of(name);
        if family.is_empty() {
            // A context that failed: its row says why, in one sentence.
            let ctx = crate::app::contexts::split_key(name).0;
            let why = state
                .context(ctx)
                .and_then(|c| c.failed.as_deref())
                .unwrap_or("failed");
            put_str(
                buf,
                name_area,
                y,
                &fit(&format!("✗ {why}"), room),
                theme.error,
            );
            continue;
        }
        put_str(
            buf,
            name_area,
            y,
            &fit(family, room),
            ratatui::style::Style::new(),
        );
        let mut x = inner.width.saturating_sub(right_w.saturating_sub(1) as u16);
        for (text, style) in right {
            put_str(
                buf,
                Rect {
                    x: inner.x + x,
                    width: inner.width.saturating_sub(x),
                    ..row
                },
                0,
                text,
                style,
            );
            x += super::format::width(text) as u16 + 1;
        }
        if f.cached {
            // From the cache, not confirmed by a listing yet.
            buf.set_style(row, theme.dim);
        }
    }
}

/// The message in place of rows: loading, failure, or why nothing is listed.
fn empty(buf: &mut Buffer, inner: Rect, state: &AppState, theme: &Theme) {
    let f = &state.families;
    let (text, style) = match &f.load {
        Load::Loading { .. } => ("Loading families…".to_string(), theme.pending),
        // The reason is long for this narrow pane: the detail pane spells it out.
        Load::Failed(_) => ("✗ listing failed (r retries)".to_string(), theme.error),
        Load::Idle => return,
        Load::Done if !f.names.is_empty() => (
            format!("no family matches '{}' (Esc clears)", f.filter.text),
            theme.dim,
        ),
        Load::Done => {
            let status = match state.status_filter {
                crate::ecs::StatusFilter::All => String::new(),
                s => format!(" {}", s.label()),
            };
            let prefix = state
                .family_prefix
                .as_deref()
                .map(|p| format!(" with prefix '{p}'"))
                .unwrap_or_default();
            (format!("no{status} families{prefix}"), theme.dim)
        }
    };
    pane::message(buf, inner, 0, &text, style);
}

/// The ARN prefix shared by every mark (`arn:…:task-definition/`), to count marks per family
/// with a range query instead of a scan of every mark.
fn marks_base(state: &AppState) -> Option<&str> {
    let arn = state.marks.keys().next()?;
    let cut = arn.rfind('/')?;
    Some(&arn[..=cut])
}

/// Marks in one family of one context (a families pane key), counted up to 1000: with several
/// contexts the marks' ARNs differ in region and account, so no one prefix finds them.
fn marks_in_context(state: &AppState, key: &str) -> usize {
    let (ctx, family) = crate::app::contexts::split_key(key);
    state
        .marks
        .values()
        .filter(|r| r.ctx == ctx && r.family == family)
        .take(1000)
        .count()
}

/// Marks in one family, counted up to 1000 (the badge shows 999+ beyond).
fn marks_in(state: &AppState, base: &str, family: &str) -> usize {
    let prefix = format!("{base}{family}:");
    state
        .marks
        .range::<str, _>((
            std::ops::Bound::Included(prefix.as_str()),
            std::ops::Bound::Unbounded,
        ))
        .take_while(|(k, _)| k.starts_with(&prefix))
        .take(1000)
        .count()
}
