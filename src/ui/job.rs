//! The progress panel of a running job, drawn over the bottom of the detail pane so the
//! lists keep their rows.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Borders, Clear, Widget};

use super::doc::wrap_into;
use super::format;
use super::pane::put;
use super::theme::Theme;
use crate::app::JobKind;
use crate::app::state::{AppState, JobView};

/// Throughput and time left of a job at `now`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Progress {
    /// Items per second the job goes at now (the pacer's rate, then the observed one);
    /// `None` until the runner has said.
    pub rate: Option<f64>,
    /// Seconds left: the burst left goes at once, the rest at that rate.
    pub eta_secs: Option<u64>,
}

/// Rate and ETA from the job's bucket model and the state's clock.
pub fn progress(job: &JobView, now: jiff::Timestamp) -> Progress {
    let per_call = match job.kind {
        JobKind::Deregister => 1.0,
        JobKind::Delete => crate::jobs::DELETE_BATCH as f64,
    };
    Progress {
        rate: job.rate(now).map(|r| r * per_call),
        eta_secs: job.eta_secs(now).map(|s| s.round() as u64),
    }
}

/// Draws the panel at the bottom of `host` when a job is running.
pub fn draw_panel(buf: &mut Buffer, host: Rect, state: &AppState, theme: &Theme) {
    let Some(job) = state.job.as_ref().filter(|j| j.finished.is_none()) else {
        return;
    };
    let inner_w = usize::from(host.width.saturating_sub(2));
    let mut lines = Vec::new();
    lines.push(gauge(job, inner_w, theme));
    let (counts, pace) = counts(job, state.now, theme);
    let one_line: usize = counts
        .iter()
        .chain(&pace)
        .map(|s| format::width(&s.content))
        .sum();
    if one_line <= inner_w {
        lines.push(Line::from([counts, pace].concat()));
    } else {
        wrap_into(&mut lines, counts, inner_w, 0);
        wrap_into(&mut lines, pace, inner_w, 0);
    }
    for c in crate::app::contexts::job_progress(state) {
        let name = state.context(c.ctx).map_or("", |v| v.column.as_str());
        let rate = c
            .rate
            .map_or_else(|| "–/s".to_string(), |r| format!("{r:.1}/s"));
        let eta = c
            .eta_secs
            .map_or_else(|| "–".to_string(), |s| format::duration(s.round() as u64));
        let text = format!("  {name}: {}/{}  {rate}  ETA {eta}", c.finished, c.total);
        lines.push(Line::styled(
            format::fit(&text, inner_w).into_owned(),
            theme.dim,
        ));
    }
    let h = (lines.len() as u16 + 2).min(host.height);
    let area = Rect::new(host.x, host.bottom() - h, host.width, h);
    Clear.render(area, buf);
    let verb = match job.kind {
        JobKind::Deregister => "Deregistering",
        JobKind::Delete => "Deleting",
    };
    let mut title = format!(
        " {verb} {} ",
        format::plural(job.items.len(), "revision", "revisions")
    );
    if job.dry_run {
        title.push_str("(dry run) ");
    }
    let bottom = if job.cancelled {
        Line::styled(" cancelling: calls in flight finish ", theme.warn)
    } else {
        Line::from(vec![
            Span::styled(" X", theme.key),
            Span::styled(" cancel ", theme.dim),
        ])
    };
    let block = Block::new()
        .borders(Borders::ALL)
        .border_type(BorderType::Thick)
        .border_style(theme.border_focused)
        .title_top(Line::styled(title, theme.title))
        .title_bottom(bottom.right_aligned());
    let inner = block.inner(area);
    block.render(area, buf);
    for (y, l) in lines.iter().enumerate() {
        put(buf, inner, y as u16, l);
    }
}

/// `▕██████░░░░▏ 24%  120/500`.
fn gauge(job: &JobView, width: usize, t: &Theme) -> Line<'static> {
    let total = job.items.len().max(1);
    let finished = job.items.len() - job.remaining();
    let pct = finished * 100 / total;
    let tail = format!(" {pct:>3}%  {finished}/{}", job.items.len());
    let bar = width.saturating_sub(tail.chars().count() + 2).min(40);
    let filled = bar * finished / total;
    Line::from(vec![
        Span::raw("▕"),
        Span::styled("█".repeat(filled), t.gauge),
        Span::styled("░".repeat(bar - filled), t.dim),
        Span::raw("▏"),
        Span::raw(tail),
    ])
}

/// `✓ 120 done  ✗ 2 failed  8 sent  370 queued` and `  1.0/s  ETA 6m 18s`.
fn counts(
    job: &JobView,
    now: jiff::Timestamp,
    t: &Theme,
) -> (Vec<Span<'static>>, Vec<Span<'static>>) {
    let p = progress(job, now);
    let rate = p
        .rate
        .map_or_else(|| "–/s".to_string(), |r| format!("{r:.1}/s"));
    let eta = p.eta_secs.map_or_else(|| "–".to_string(), format::duration);
    let fstyle = if job.failures.is_empty() {
        t.dim
    } else {
        t.error
    };
    let mut first = vec![
        Span::styled(format!("✓ {} done", job.done), t.active),
        Span::styled(format!("  ✗ {} failed", job.failures.len()), fstyle),
    ];
    if !job.flow.skipped.is_empty() {
        first.push(Span::styled(
            format!("  {} skipped", job.flow.skipped.len()),
            t.warn,
        ));
    }
    if job.flow.cancelled > 0 {
        first.push(Span::styled(
            format!("  {} cancelled", job.flow.cancelled),
            t.warn,
        ));
    }
    first.push(Span::raw(format!(
        "  {} sent  {} queued",
        job.flow.open.len(),
        job.queued()
    )));
    (first, vec![Span::raw(format!("  {rate}  ETA {eta}"))])
}

#[cfg(test)]
mod tests;
