//! End-of-job summary and the report of calls an earlier run left unfinished.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use super::doc::{self, Doc};
use super::format;
use super::layout::centered;
use super::pane::{self, put};
use super::theme::Theme;
use crate::app::JobKind;
use crate::app::keymap::{Context, footer};
use crate::app::state::{AppState, Described};
use crate::ecs::parse_family_revision;
use crate::journal::{Damaged, Entry};

/// Width of the job summary popup on `screen`.
fn summary_width(screen: Rect) -> u16 {
    screen.width.saturating_sub(4).min(90)
}

/// How far the job summary scrolls on `screen`: (largest offset, lines shown).
pub fn scroll_range(state: &AppState, screen: Rect, theme: &Theme) -> (u16, u16) {
    let width = summary_width(screen);
    let (d, _, _) = job_doc(state, width, theme);
    let h = (d.lines.len() as u16 + 4).min(screen.height.saturating_sub(2));
    let body_h = h.saturating_sub(4);
    let max = d.lines.len().saturating_sub(usize::from(body_h));
    (u16::try_from(max).unwrap_or(u16::MAX), body_h.max(1))
}

/// Draws the summary of the last job over `screen`.
pub fn draw(buf: &mut Buffer, screen: Rect, state: &AppState, scroll: u16, theme: &Theme) {
    let t = theme;
    let width = summary_width(screen);
    let (d, title, retry) = job_doc(state, width, theme);
    let spec = if retry {
        footer::SUMMARY_RETRY
    } else {
        footer::SUMMARY
    };
    let foot = doc::footer_hints(Context::Summary, spec, false, t);
    body_with_footer(
        buf,
        screen,
        width,
        &title,
        d,
        (Context::Summary, Line::from(foot)),
        scroll,
        theme,
    );
}

/// The summary's body, its title, and whether there are failures to retry.
fn job_doc<'t>(state: &AppState, width: u16, theme: &'t Theme) -> (Doc<'t>, String, bool) {
    let t = theme;
    let mut d = Doc::new(usize::from(width.saturating_sub(2)), theme);
    let mut title = " Job summary ".to_string();
    let mut retry = false;
    match &state.job {
        None => d.text("No job has run yet.", t.dim),
        Some(j) => {
            let what = match j.kind {
                JobKind::Deregister => "Deregistration",
                JobKind::Delete => "Deletion",
            };
            let how = if j.cancelled { "cancelled" } else { "finished" };
            let dry = if j.dry_run { " (dry run)" } else { "" };
            title = format!(" {what} {how}{dry} ");
            let not_run = j.remaining();
            let mut counts = vec![
                Span::styled(format!("✓ {} done", j.done), t.active),
                Span::raw("  "),
                Span::styled(
                    format!("✗ {} failed", j.failures.len()),
                    if j.failures.is_empty() {
                        t.dim
                    } else {
                        t.error
                    },
                ),
            ];
            if j.flow.already > 0 {
                counts.insert(
                    1,
                    Span::styled(format!(" ({} already done)", j.flow.already), t.dim),
                );
            }
            if !j.flow.skipped.is_empty() {
                counts.push(Span::styled(
                    format!("  ⤼ {} skipped", j.flow.skipped.len()),
                    t.warn,
                ));
            }
            if j.flow.cancelled > 0 {
                counts.push(Span::styled(
                    format!("  {} cancelled", j.flow.cancelled),
                    t.warn,
                ));
            }
            if not_run > 0 {
                counts.push(Span::styled(format!("  {not_run} not run"), t.warn));
            }
            if let Some(end) = j.finished {
                let secs = end.duration_since(j.started).as_secs().max(0) as u64;
                counts.push(Span::styled(
                    format!("  in {}", format::duration(secs)),
                    t.dim,
                ));
            }
            d.spans(counts, 0);
            if !j.flow.skipped.is_empty() {
                d.blank();
                d.text(
                    "Skipped (in use since the confirmation; not called):",
                    t.header,
                );
                for (r, why) in &j.flow.skipped {
                    let label = r.label();
                    let indent = (label.chars().count() + 3).min(24);
                    d.spans(
                        vec![
                            Span::styled(label, t.title),
                            Span::raw(format!(" — skipped: {why}")),
                        ],
                        indent,
                    );
                }
            }
            if !j.failures.is_empty() {
                retry = true;
                d.blank();
                d.text("Failures:", t.header);
                for (r, why) in &j.failures {
                    let label = r.label();
                    let indent = (format::width(&label) + 3).min(24);
                    d.spans(
                        vec![Span::styled(label, t.title), Span::raw(format!(" — {why}"))],
                        indent,
                    );
                }
            }
        }
    }
    (d, title, retry)
}

/// Width of the unfinished-calls popup on `screen`.
fn unfinished_width(screen: Rect) -> u16 {
    screen.width.saturating_sub(4).min(100)
}

/// How far the unfinished-calls popup scrolls on `screen`: (largest offset, lines shown).
pub fn unfinished_scroll_range(
    state: &AppState,
    entries: &[Entry],
    damaged: &Damaged,
    screen: Rect,
    theme: &Theme,
) -> (u16, u16) {
    let d = unfinished_doc(state, entries, damaged, unfinished_width(screen), theme);
    let h = (d.lines.len() as u16 + 4).min(screen.height.saturating_sub(2));
    let body_h = h.saturating_sub(4);
    let max = d.lines.len().saturating_sub(usize::from(body_h));
    (u16::try_from(max).unwrap_or(u16::MAX), body_h.max(1))
}

/// Draws the list of mutations an earlier run started without a recorded outcome.
pub fn draw_unfinished(
    buf: &mut Buffer,
    screen: Rect,
    state: &AppState,
    entries: &[Entry],
    damaged: &Damaged,
    scroll: u16,
    theme: &Theme,
) {
    let t = theme;
    let width = unfinished_width(screen);
    let d = unfinished_doc(state, entries, damaged, width, theme);
    let foot = Line::from(doc::footer_hints(
        Context::Unfinished,
        footer::UNFINISHED,
        false,
        t,
    ));
    body_with_footer(
        buf,
        screen,
        width,
        " Unfinished from an earlier run ",
        d,
        (Context::Unfinished, foot),
        scroll,
        theme,
    );
}

/// The unfinished-calls popup's text at `width`.
fn unfinished_doc<'t>(
    state: &AppState,
    entries: &[Entry],
    damaged: &Damaged,
    width: u16,
    theme: &'t Theme,
) -> Doc<'t> {
    let t = theme;
    let mut d = Doc::new(usize::from(width.saturating_sub(2)), theme);

    d.text(
        format!(
            "The journal holds {} started without a recorded outcome: the session that made them ended while they were in flight.",
            format::plural(entries.len(), "call", "calls")
        ),
        t.warn,
    );
    d.text(
        "Their status now, as ECS describes it, is on the right. Resume re-runs those still waiting (deregister: ACTIVE, delete: INACTIVE) after a confirmation; acknowledge records that you saw them.",
        t.dim,
    );
    if damaged.count > 0 {
        d.text(damaged.sentence(), t.warn);
    }
    d.blank();
    for e in entries {
        let name = parse_family_revision(&e.arn)
            .map_or_else(|| e.arn.clone(), |(f, r)| format!("{f}:{r}"));
        let mut spans = vec![
            Span::styled(format!("{}  ", e.time), t.dim),
            Span::styled(format!("{:<11} ", e.action.verb()), t.title),
            Span::raw(name),
            Span::raw("  now "),
            match state.described.get(&e.arn) {
                Some(Described::Loaded(td)) => Span::styled(td.status().as_aws(), t.title),
                Some(Described::Failed(err)) => Span::styled(format!("unknown ({err})"), t.error),
                Some(Described::Loading) => Span::styled("checking…", t.pending),
                None => Span::styled("not checked", t.dim),
            },
        ];
        if let Some(region) = &e.region {
            spans.push(Span::styled(format!("  {region}"), t.dim));
        }
        if e.dry_run {
            spans.push(Span::styled("  (dry run)", t.dim));
        }
        d.spans(spans, 4);
    }
    d
}

/// A popup whose body scrolls above a fixed footer line (the keys of `ctx` scroll it).
#[allow(clippy::too_many_arguments)]
fn body_with_footer(
    buf: &mut Buffer,
    screen: Rect,
    width: u16,
    title: &str,
    d: Doc<'_>,
    (ctx, foot): (Context, Line<'_>),
    scroll: u16,
    theme: &Theme,
) {
    let h = (d.lines.len() as u16 + 4).min(screen.height.saturating_sub(2));
    let area = centered(screen, width, h);
    let inner = pane::popup(
        buf,
        area,
        theme,
        Line::from(title.to_string()),
        theme.border_focused,
    );
    let body_h = inner.height.saturating_sub(2);
    let body = Rect::new(inner.x, inner.y, inner.width, body_h);
    let used = doc::draw_slice(buf, body, &d.lines, usize::from(scroll));
    let mut foot = foot;
    if let Some(p) = doc::position(used, usize::from(body_h), d.lines.len()) {
        foot.spans.push(Span::styled(
            format!(" · {p} ({})", footer::scroll_keys(ctx, false)),
            theme.dim,
        ));
    }
    put(buf, inner, inner.height.saturating_sub(1), &foot);
}
