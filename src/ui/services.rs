//! The services view (`S`): services and tasks that run revisions of the current family,
//! with desired and running counts, from the last in-use scan.

use ratatui::buffer::Buffer;
use ratatui::style::Style;
use ratatui::text::Line;

use super::format;
use super::pane::{self, put, put_str};
use super::theme::Theme;
use crate::app::services::{self, ServicesPopup, UseRow};
use crate::app::state::AppState;

/// Widest cluster, name and revision columns, in cells.
const MAX_COL: [usize; 3] = [20, 34, 28];

/// Draws the view for `p` over the screen.
pub fn draw(buf: &mut Buffer, state: &AppState, p: &ServicesPopup, theme: &Theme) {
    let area = services::area(state.size);
    let title = Line::from(format!(" Services and tasks using {} ", p.family));
    let inner = pane::popup(buf, area, theme, title, theme.border_focused);
    let rows = services::rows(state, &p.family);
    let scan = &state.in_use;
    let head = if let Some(e) = &scan.error {
        (
            format!("In-use scan failed ({e}): nothing known."),
            theme.warn,
        )
    } else if scan.map.is_none() {
        (
            "The in-use scan has not finished yet.".to_string(),
            theme.pending,
        )
    } else if rows.is_empty() {
        (
            format!(
                "No service or running task uses a revision of {}.",
                p.family
            ),
            Style::new(),
        )
    } else {
        let n_services = rows.iter().filter(|r| r.counts.is_some()).count();
        let n_tasks = rows.len() - n_services;
        let when = scan
            .scanned_at
            .map(|t| format!(" · in-use scan {}", format::age(state.now, t)))
            .unwrap_or_default();
        (
            format!(
                "{} · {}{when}",
                crate::text::plural(n_services, "service", "services"),
                crate::text::plural(n_tasks, "other task", "other tasks"),
            ),
            theme.dim,
        )
    };
    put_str(buf, inner, 0, &head.0, head.1);
    if rows.is_empty() {
        return;
    }
    let w = widths(&rows);
    put(
        buf,
        inner,
        1,
        &Line::styled(
            cells(
                &w,
                [
                    "CLUSTER",
                    "SERVICE / TASK",
                    "REVISION",
                    "DESIRED",
                    "RUNNING",
                    "NOTE",
                ]
                .map(String::from),
            ),
            theme.header,
        ),
    );
    let shown = usize::from(inner.height.saturating_sub(2));
    let c = p.cursor;
    for (y, (i, row)) in rows
        .iter()
        .enumerate()
        .skip(c.offset)
        .take(shown)
        .enumerate()
    {
        // Short of its desired count: a glyph, so it reads without colour too.
        let short = row.counts.is_some_and(|(d, r)| r < d);
        let (desired, running) = match row.counts {
            Some((d, r)) if short => (d.to_string(), format!("{r} ⚠")),
            Some((d, r)) => (d.to_string(), r.to_string()),
            None => ("-".into(), "-".into()),
        };
        let note = if row.rollout.is_empty() {
            row.note.clone()
        } else {
            // Same family: the numbers say it.
            let nums: Vec<&str> = row
                .rollout
                .iter()
                .map(|r| r.rsplit_once(':').map_or(r.as_str(), |(_, n)| n))
                .collect();
            format!("rollout with {}", nums.join(", "))
        };
        let text = cells(
            &w,
            [
                row.cluster.clone(),
                row.name.clone(),
                row.revision.clone(),
                desired,
                running,
                note,
            ],
        );
        let style = match (i == c.selected, short) {
            (true, _) => theme.selected,
            (false, true) => theme.warn,
            (false, false) => Style::new(),
        };
        put(buf, inner, 2 + y as u16, &Line::styled(text, style));
    }
}

/// Column widths: the three name columns fit their longest entry up to `MAX_COL`.
fn widths(rows: &[UseRow]) -> [usize; 3] {
    let widest = |f: fn(&UseRow) -> &str, head: &str, max: usize| {
        rows.iter()
            .map(|r| format::width(f(r)))
            .chain([format::width(head)])
            .max()
            .unwrap_or(0)
            .min(max)
    };
    [
        widest(|r| &r.cluster, "CLUSTER", MAX_COL[0]),
        widest(|r| &r.name, "SERVICE / TASK", MAX_COL[1]),
        widest(|r| &r.revision, "REVISION", MAX_COL[2]),
    ]
}

/// One line: the name columns padded (cut with `…` when too long), the counts right-aligned.
fn cells(w: &[usize; 3], [cluster, name, revision, desired, running, note]: [String; 6]) -> String {
    format!(
        " {} {} {} {desired:>7} {running:>7}  {note}",
        format::pad(&format::fit(&cluster, w[0]), w[0]),
        format::pad(&format::fit(&name, w[1]), w[1]),
        format::pad(&format::fit(&revision, w[2]), w[2]),
    )
}
