//! Confirmation popups: deregister / delete (with counts, warnings and a scrollable list)
//! and cancelling a running job.

use std::collections::HashSet;

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use super::doc::{self, Doc};
use super::format::{self, plural};
use super::layout::centered;
use super::pane::{self, put};
use super::theme::Theme;
use crate::app::JobKind;
use crate::app::keymap::{Context, footer};
use crate::app::state::{AppState, Confirm};

/// Where the parts of a confirmation go on `screen`.
struct Geometry<'t> {
    head: Doc<'t>,
    footer: Vec<Line<'static>>,
    area: Rect,
    list_h: u16,
}

fn geometry<'t>(screen: Rect, state: &AppState, c: &Confirm, theme: &'t Theme) -> Geometry<'t> {
    let width = screen.width.saturating_sub(4).min(78);
    let inner_w = usize::from(width.saturating_sub(2));
    let mut head = Doc::new(inner_w, theme);
    header(&mut head, state, c);
    let footer = footer(c, theme);
    // The answer line must always show: the header gives way (keeping 3 list rows).
    let room =
        usize::from(screen.height.saturating_sub(2 + 2 + 1 + 1 + 3)).saturating_sub(footer.len());
    head.lines.truncate(room.max(1));
    // Header, blank, list, position line, footer.
    let want_list = c.items.len().clamp(1, 12) as u16;
    let fixed = head.lines.len() as u16 + 1 + 1 + footer.len() as u16;
    let area = centered(
        screen,
        width,
        (fixed + want_list + 2).min(screen.height.saturating_sub(2)),
    );
    let inner_h = area.height.saturating_sub(2);
    let y = head.lines.len() as u16 + 1;
    let list_h = inner_h.saturating_sub(y + 1 + footer.len() as u16).max(1);
    Geometry {
        head,
        footer,
        area,
        list_h,
    }
}

/// How far the item list scrolls on `screen`: (largest offset, rows shown).
pub fn scroll_range(state: &AppState, c: &Confirm, screen: Rect, theme: &Theme) -> (u16, u16) {
    let g = geometry(screen, state, c, theme);
    let max = c.items.len().saturating_sub(usize::from(g.list_h));
    (u16::try_from(max).unwrap_or(u16::MAX), g.list_h)
}

/// Draws the confirmation of a mutation over `screen`.
pub fn draw(buf: &mut Buffer, screen: Rect, state: &AppState, c: &Confirm, theme: &Theme) {
    let Geometry {
        head,
        footer,
        area,
        list_h,
    } = geometry(screen, state, c, theme);
    let (title, border) = match c.kind {
        JobKind::Deregister => (" Deregister ", theme.warn),
        JobKind::Delete => (" DELETE: permanent ", theme.danger),
    };
    let inner = pane::popup(buf, area, theme, Line::from(title), border);
    let mut y = 0u16;
    for l in &head.lines {
        put(buf, inner, y, l);
        y += 1;
    }
    y += 1;
    let list_area = Rect::new(
        inner.x,
        inner.y + y,
        inner.width,
        list_h.min(inner.height.saturating_sub(y)),
    );
    let scroll = list(buf, list_area, state, c, theme);
    y += list_h;
    if let Some(p) = doc::position(scroll, usize::from(list_h), c.items.len()) {
        // While typing, letters go into the box: only the arrows and page keys scroll.
        let keys = footer::scroll_keys(Context::Confirm, c.required.is_some());
        pane::put_str(buf, inner, y, &format!("  {p}  ({keys} scroll)"), theme.dim);
    }
    y += 1;
    for l in &footer {
        put(buf, inner, y, l);
        y += 1;
    }
}

/// What will happen, to how many, and every reason to hesitate.
fn header(d: &mut Doc<'_>, state: &AppState, c: &Confirm) {
    let t = d.theme();
    let n = c.items.len();
    let what = match c.items.as_slice() {
        [one] => one.label(),
        items if state.several_contexts() => {
            let per = crate::app::contexts::counts(items);
            format!(
                "{} across {} in {}",
                plural(n, "revision", "revisions"),
                plural(per.iter().map(|c| c.families).sum(), "family", "families"),
                plural(per.len(), "context", "contexts")
            )
        }
        items => {
            let families: HashSet<&str> = items.iter().map(|r| r.family.as_str()).collect();
            format!(
                "{} across {}",
                plural(n, "revision", "revisions"),
                plural(families.len(), "family", "families")
            )
        }
    };
    match c.kind {
        JobKind::Deregister => {
            d.text(format!("Deregister {what}?"), t.title);
            let text = if n == 1 {
                "It becomes INACTIVE: running tasks keep working, but no new task or service update can use it."
            } else {
                "They become INACTIVE: running tasks keep working, but no new task or service update can use them."
            };
            d.text(text, t.dim);
        }
        JobKind::Delete => {
            d.text(format!("Delete {what} permanently?"), t.danger);
            d.text(
                if n == 1 {
                    "Deletion cannot be undone: ECS removes the revision for good once no task or deployment uses it."
                } else {
                    "Deletion cannot be undone: ECS removes the revisions for good once no task or deployment uses them."
                },
                t.error,
            );
        }
    }
    if state.several_contexts() {
        for per in crate::app::contexts::counts(&c.items) {
            let name = state.context(per.ctx).map_or("?", |v| v.label.as_str());
            d.text(
                format!(
                    "{name}: {} in {}",
                    plural(per.revisions, "revision", "revisions"),
                    plural(per.families, "family", "families")
                ),
                t.info,
            );
        }
    }
    for note in &c.notes {
        d.text(note.clone(), t.info);
    }
    if c.hidden > 0 {
        d.text(
            format!(
                "⚠ {} hidden by the current filter or in other families.",
                plural(c.hidden, "is", "are")
            ),
            t.warn,
        );
    }
    if c.in_use > 0 {
        if c.second_stage {
            d.text(
                format!(
                    "‼ {} of these {} IN USE by services/tasks: confirm again",
                    c.in_use,
                    if c.in_use == 1 { "is" } else { "are" }
                ),
                t.danger.add_modifier(ratatui::style::Modifier::REVERSED),
            );
        } else {
            d.text(
                format!(
                    "⚠ {} in use by a service or running task (⚑ below).",
                    plural(c.in_use, "is", "are")
                ),
                t.warn,
            );
        }
    }
    if let Some(m) = &state.in_use.map {
        sources(d, m, c);
    }
    if let Some(e) = &c.recheck_failed {
        d.text(
            format!(
                "‼ In-use status could not be re-checked ({}): confirming runs WITHOUT protection.",
                e.to_string().trim_end_matches('.')
            ),
            t.danger.add_modifier(ratatui::style::Modifier::REVERSED),
        );
    }
    for off in state.protection_off() {
        let n = c.items.iter().filter(|r| r.ctx == off.ctx).count();
        if n > 0 {
            d.text(
                format!(
                    "⚠ In-use protection is OFF in {}: {} ({} of these).",
                    off.label,
                    off.error.to_string().trim_end_matches('.'),
                    plural(n, "revision", "revisions")
                ),
                t.error,
            );
        }
    }
    if let Some(e) = &state.in_use.error {
        d.text(
            format!("⚠ In-use protection is OFF: the scan failed ({e})."),
            t.error,
        );
    } else if state.in_use.map.is_none() {
        d.text(
            "⚠ The in-use scan has not completed: usage is unknown.",
            t.warn,
        );
    } else if let Some(at) = state.in_use.scanned_at {
        scan_age(d, state, at, c.recheck_failed.is_none());
    }
    let with_sources = state
        .in_use
        .map
        .as_ref()
        .is_some_and(|m| !m.sources.is_empty());
    if c.kind == JobKind::Deregister && !with_sources {
        d.text(
            "Scheduled tasks and infrastructure code are not checked.",
            t.dim,
        );
    } else if c.kind == JobKind::Deregister {
        d.text(
            "Not visible: CodeDeploy app specs, Terraform state, undeployed CDK, other accounts.",
            t.dim,
        );
    }
    if state.dry_run {
        d.text(
            "DRY-RUN: no call is made; the journal records what would be.",
            t.info,
        );
    }
}

/// Stack-managed items, run-time references and unchecked sources: each said, none hidden.
fn sources(d: &mut Doc<'_>, m: &crate::inuse::InUseMap, c: &Confirm) {
    let t = d.theme();
    let managed = c
        .items
        .iter()
        .filter(|r| !m.managed_of(r).is_empty())
        .count();
    if managed > 0 {
        d.text(
            format!(
                "⚠ {} managed by a CloudFormation stack: the stack drifts.",
                plural(managed, "is", "are")
            ),
            t.warn,
        );
    }
    if let Some(first) = m.unknown.first() {
        let more = match m.unknown.len() {
            1 => String::new(),
            n => format!(" and {} more", n - 1),
        };
        d.text(
            format!("⚠ Step Functions may run any of these: {first}{more}."),
            t.warn,
        );
    }
    for s in m.unchecked() {
        d.text(
            format!(
                "⚠ Not checked: {} ({}).",
                s.source.label(),
                s.error
                    .as_ref()
                    .map_or_else(|| "unknown".to_string(), ToString::to_string)
            ),
            t.warn,
        );
    }
}

/// How old the in-use information above is, and that a job re-checks it before its first call.
fn scan_age(d: &mut Doc<'_>, state: &AppState, at: jiff::Timestamp, rechecked: bool) {
    let t = d.theme();
    let age = format::age(state.now, at);
    let stale = state.now.duration_since(at) > crate::app::update::RESCAN_EVERY;
    let text = if rechecked {
        format!("In-use scan {age}; every revision is re-checked before the first call.")
    } else {
        format!("In-use scan {age}.")
    };
    d.text(text, if stale { t.warn } else { t.dim });
}

/// The items, in-use ones flagged; returns the scroll used.
fn list(buf: &mut Buffer, area: Rect, state: &AppState, c: &Confirm, t: &Theme) -> usize {
    let h = usize::from(area.height);
    let scroll = usize::from(c.scroll).min(c.items.len().saturating_sub(h));
    for (y, r) in c.items.iter().skip(scroll).take(h).enumerate() {
        let users = state.users_of(r);
        // With several contexts each item names its own.
        let label = match state.context(r.ctx) {
            Some(v) => format!("{} {}", v.column, r.label()),
            None => r.label(),
        };
        let stacks = state
            .in_use
            .map
            .as_ref()
            .map_or(&[][..], |m| m.managed_of(r));
        let line = if let (true, Some(s)) = (users.is_empty(), stacks.first()) {
            Line::from(vec![
                Span::styled("⚠ ", t.warn),
                Span::raw(label),
                Span::styled(format!("  managed by stack {s}"), t.dim),
            ])
        } else if users.is_empty() {
            Line::from(format!("  {label}"))
        } else {
            let more = if users.len() > 1 {
                format!(" +{}", users.len() - 1)
            } else {
                String::new()
            };
            Line::from(vec![
                Span::styled("⚑ ", t.in_use),
                Span::styled(label, t.in_use),
                Span::styled(format!("  in use: {}{more}", users[0]), t.dim),
            ])
        };
        put(buf, area, y as u16, &line);
    }
    scroll
}

/// How to answer: `y`/`n`, or the text to type.
fn footer(c: &Confirm, t: &Theme) -> Vec<Line<'static>> {
    match &c.required {
        None => vec![Line::from(doc::footer_hints(
            Context::Confirm,
            footer::CONFIRM,
            false,
            t,
        ))],
        Some(req) => vec![
            Line::from(vec![
                Span::raw("type "),
                Span::styled(req.clone(), t.key),
                Span::raw(" to confirm: "),
                Span::styled(c.typed.clone(), t.title),
                Span::styled("▏", t.key),
            ]),
            Line::from(doc::footer_hints(
                Context::Confirm,
                footer::CONFIRM_TYPED,
                true,
                t,
            )),
        ],
    }
}

/// Draws the "cancel the running job?" popup.
pub fn draw_cancel(buf: &mut Buffer, screen: Rect, state: &AppState, theme: &Theme) {
    let width = screen.width.saturating_sub(4).min(64);
    let mut d = Doc::new(usize::from(width.saturating_sub(2)), theme);
    match state.job.as_ref() {
        Some(j) => d.text(
            format!(
                "Stop the running {} job? {} done, {} not finished yet.",
                j.kind.verb(),
                j.done,
                j.remaining()
            ),
            theme.title,
        ),
        None => d.text("Stop the running job?", theme.title),
    }
    d.text(
        "No new calls are sent; calls already in flight finish and are journaled.",
        theme.dim,
    );
    d.blank();
    d.spans(
        doc::footer_hints(Context::Confirm, footer::CANCEL_JOB, false, theme),
        0,
    );
    let area = centered(screen, width, d.lines.len() as u16 + 2);
    let inner = pane::popup(buf, area, theme, Line::from(" Cancel job "), theme.warn);
    doc::draw_slice(buf, inner, &d.lines, 0);
}
