//! The status bar: where requests go, safety markers, activity, marks, in-use scan, messages
//! and key hints.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};

use super::format;
use super::pane::put;
use super::theme::Theme;
use crate::app::keymap;
use crate::app::state::{AppState, Flash, Level};

/// Draws the two status lines into `area` (its first two rows).
pub fn draw(buf: &mut Buffer, area: Rect, state: &AppState, theme: &Theme) {
    let line1 = segments(state, theme, usize::from(area.width));
    let used = line1.width();
    put(buf, area, 0, &line1);
    let flash = state.flash.as_ref().filter(|f| f.expires > state.now);
    let width = usize::from(area.width);
    match flash {
        // Short messages sit at the right of the first line, so the hints stay.
        Some(f) if used + 3 + format::width(icon(f.level)) + format::width(&f.text) <= width => {
            let text = format!("{}{}", icon(f.level), f.text);
            let w = format::width(&text) as u16;
            let x = area.x + area.width - w;
            buf.set_stringn(x, area.y, &text, usize::from(w), theme.level(f.level));
            put(buf, area, 1, &hints(state, width, theme));
        }
        Some(f) => put(buf, area, 1, &flash_line(f, width, theme)),
        None => put(buf, area, 1, &hints(state, width, theme)),
    }
}

fn flash_line(f: &Flash, width: usize, theme: &Theme) -> Line<'static> {
    let text = format!(" {}{}", icon(f.level), f.text);
    Line::styled(
        format::fit_words(&text, width).into_owned(),
        theme.level(f.level),
    )
}

/// A glyph so the severity shows without colour.
fn icon(level: Level) -> &'static str {
    match level {
        Level::Info => "",
        Level::Warn => "⚠ ",
        Level::Error => "✗ ",
    }
}

/// The first line: backend │ READ-ONLY │ DRY-RUN │ job │ ● n marked │ in-use … │ ⇅ n │ keep.
///
/// When it does not fit, the backend label is cut first, then in-flight and keep progress go.
fn segments(state: &AppState, t: &Theme, width: usize) -> Line<'static> {
    let mut parts: Vec<Vec<Span<'static>>> = Vec::new();
    if state.read_only {
        parts.push(vec![Span::styled(" READ-ONLY ", t.badge)]);
    }
    if state.dry_run {
        parts.push(vec![Span::styled(" DRY-RUN ", t.badge)]);
    }
    if let Some(j) = state.job.as_ref().filter(|j| j.finished.is_none()) {
        let mut s = vec![Span::styled(
            format!("{} {}/{}", j.kind.verb(), j.done, j.items.len()),
            t.pending,
        )];
        if !j.failures.is_empty() {
            s.push(Span::styled(format!(" ✗{}", j.failures.len()), t.error));
        }
        parts.push(s);
    }
    if state.detail.reveal {
        parts.push(vec![Span::styled("values revealed (v masks)", t.warn)]);
    }
    let marks = state.marks.len();
    let mstyle = if marks > 0 { t.marked } else { Style::new() };
    parts.push(vec![Span::styled(format!("● {marks} marked"), mstyle)]);
    parts.push(vec![in_use(state, t)]);
    let optional = [
        state.keep_run.as_ref().map_or_else(Vec::new, |k| {
            vec![Span::styled(super::keep::progress(&k.progress), t.pending)]
        }),
        vec![Span::raw(in_flight(state))],
    ];
    const SEP: usize = 3;
    let w = |p: &Vec<Span<'static>>| p.iter().map(|s| format::width(&s.content)).sum::<usize>();
    let mut used: usize = parts.iter().map(|p| w(p) + SEP).sum();
    for extra in optional {
        if !extra.is_empty() && used + w(&extra) + SEP + 9 <= width {
            used += w(&extra) + SEP;
            parts.push(extra);
        }
    }
    let label = if state.backend.label.is_empty() {
        "taskdefs"
    } else {
        &state.backend.label
    };
    let room = width.saturating_sub(used + 1).max(8);
    let mut spans = vec![Span::styled(
        format!(" {}", format::fit(label, room)),
        t.title,
    )];
    for p in parts {
        spans.push(Span::styled(" │ ", t.dim));
        spans.extend(p);
    }
    Line::from(spans)
}

/// `⇅ 3 in flight` (sent and not answered: reads and job calls), plus `· 180 queued` while a
/// job has items whose call has not gone out.
fn in_flight(state: &AppState) -> String {
    let job = state.job.as_ref().filter(|j| j.finished.is_none());
    let calls = state.in_flight + job.map_or(0, |j| j.flow.in_flight);
    match job.map(|j| j.queued()).filter(|q| *q > 0) {
        Some(q) => format!("⇅ {calls} in flight · {q} queued"),
        None => format!("⇅ {calls} in flight"),
    }
}

fn in_use(state: &AppState, t: &Theme) -> Span<'static> {
    let s = &state.in_use;
    if s.scanning {
        Span::styled("in-use scan…", t.pending)
    } else if s.error.is_some() {
        Span::styled("in-use scan failed: protection OFF", t.error)
    } else if let (Some(at), false) = (s.scanned_at, state.protection_off().is_empty()) {
        let off: Vec<String> = state
            .protection_off()
            .into_iter()
            .map(|p| p.label)
            .collect();
        Span::styled(
            format!(
                "in-use scan {} · protection OFF in {}",
                format::age(state.now, at),
                off.join(", ")
            ),
            t.error,
        )
    } else if let Some(at) = s.scanned_at {
        match s.map.as_ref().and_then(|m| m.unchecked_names()) {
            Some(off) => Span::styled(
                format!(
                    "in-use scan {} · unchecked: {off}",
                    format::age(state.now, at)
                ),
                t.warn,
            ),
            None => Span::raw(format!("in-use scan {}", format::age(state.now, at))),
        }
    } else {
        Span::styled("in-use: not scanned", t.warn)
    }
}

/// Key hints for what has the keyboard, as many as fit.
fn hints(state: &AppState, width: usize, t: &Theme) -> Line<'static> {
    let mut all = keymap::hints(state);
    // Help is pinned last so it survives when the others are cut.
    let help = all
        .iter()
        .position(|(k, _)| *k == "?")
        .map(|i| all.remove(i));
    let need = |(k, d): &(&str, &str)| format::width(k) + 1 + format::width(d) + 2;
    let mut spans = vec![Span::raw(" ")];
    let mut used = 1 + help.as_ref().map_or(0, need);
    for h in all.iter().chain(help.iter()) {
        let n = need(h);
        let pinned = help.as_ref().is_some_and(|x| std::ptr::eq(x, h));
        if !pinned && used + n > width {
            continue;
        }
        if !pinned {
            used += n;
        }
        spans.push(Span::styled(h.0, t.key));
        spans.push(Span::styled(format!(" {}  ", h.1), t.dim));
    }
    Line::from(spans)
}
