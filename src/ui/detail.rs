//! The detail pane: the selected revision's summary or its JSON, scrollable.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};

use super::containers;
use super::diff_view;
use super::doc::{self, Doc};
use super::fields;
use super::format;
use super::json;
use super::pane;
use super::search;
use super::theme::Theme;
use crate::app::state::{AppState, Described, Focus, Load, Pending};
use crate::app::views::Search;
use crate::ecs::{RevisionRef, TaskDef, TdStatus};

/// The pane's text at `inner_w` columns: the diff, the JSON or the summary.
pub fn body<'t>(state: &AppState, inner_w: usize, theme: &'t Theme) -> Option<Doc<'t>> {
    let mut d = Doc::new(inner_w, theme);
    match (&state.diff, state.revisions.selected()) {
        (Some(pair), _) => diff_view::build(&mut d, state, pair),
        (None, Some(r)) => match state.task_def(&r.arn) {
            Some(td) if state.detail.json => json::build(&mut d, td, state.detail.reveal),
            td => summary(&mut d, state, r, td.map(|t| &**t)),
        },
        (None, None) => return None,
    }
    Some(d)
}

/// Draws the detail pane into `area`.
pub fn draw(buf: &mut Buffer, area: Rect, state: &AppState, theme: &Theme) {
    let focused = state.focus == Focus::Detail;
    let sel = state.revisions.selected();
    let td = sel.and_then(|r| state.task_def(&r.arn));
    let inner_w = usize::from(area.width.saturating_sub(2));
    let inner_h = usize::from(area.height.saturating_sub(2));
    let mut doc = body(state, inner_w, theme);
    let found = match (&state.search, doc.as_mut()) {
        (Some(s), Some(d)) => Some(search::highlight(&mut d.lines, &s.query, s.current, theme)),
        _ => None,
    };
    // With several contexts the title names the revision's.
    let name = |r: &RevisionRef| match state.context(r.ctx) {
        Some(c) => format!("{} · {}", r.label(), c.column),
        None => r.label(),
    };
    let json_shown = state.detail.json && td.is_some() && state.diff.is_none();
    let widest = match &doc {
        Some(d) if json_shown => d.lines.iter().map(|l| l.width()).max().unwrap_or(0),
        _ => 0,
    };
    // The same clamp `update` applies, so a narrower terminal never hides the text's end.
    let hscroll = usize::from(state.detail.hscroll).min(widest.saturating_sub(inner_w));
    let title = match (&state.diff, sel) {
        (Some(pair), _) => diff_view::title(pair),
        (None, Some(r)) if json_shown && hscroll > 0 => {
            format!(" {} · JSON · from column {} ", name(r), hscroll + 1)
        }
        (None, Some(r)) if json_shown => format!(" {} · JSON ", name(r)),
        (None, Some(r)) => format!(" {} ", name(r)),
        (None, None) => " Detail ".to_string(),
    };
    let total = doc.as_ref().map_or(0, |d| d.lines.len());
    let scroll = usize::from(state.detail.scroll).min(total.saturating_sub(inner_h));
    let hint = (td.is_some() || state.diff.is_some()).then(|| {
        let what = if state.diff.is_some() {
            "c close"
        } else if state.detail.json {
            "J summary"
        } else {
            "J JSON"
        };
        let reveal = if state.detail.reveal {
            "v mask"
        } else {
            "v reveal"
        };
        // Zoom is in the help and the hints; the border names only the way back.
        let zoom = if state.detail.zoom {
            " · z unzoom"
        } else {
            ""
        };
        let sideways = if json_shown && widest > inner_w {
            " · ←/→ sideways"
        } else {
            ""
        };
        Line::styled(format!("{what} · {reveal}{zoom}{sideways}"), theme.dim)
    });
    let pos = doc::position(scroll, inner_h, total).map(|p| Line::styled(p, theme.dim));
    let title = match (&state.search, found) {
        (Some(s), Some(n)) => search_title(title, s, n, theme),
        _ => Line::from(title),
    };
    let inner = pane::frame(buf, area, focused, theme, title, hint, pos);
    match doc {
        Some(d) if hscroll > 0 => {
            let h = usize::from(inner.height);
            let shown: Vec<Line<'static>> = d
                .lines
                .iter()
                .skip(scroll)
                .take(h)
                .map(|l| doc::shift(l, hscroll))
                .collect();
            doc::draw_slice(buf, inner, &shown, 0);
        }
        Some(d) => {
            doc::draw_slice(buf, inner, &d.lines, scroll);
        }
        None => {
            let failed_context = state
                .families
                .selected()
                .filter(|k| crate::app::contexts::family_of(k).is_empty())
                .and_then(|k| state.context(crate::app::contexts::split_key(k).0));
            if let Some(c) = failed_context {
                let why = c.failed.as_deref().unwrap_or("failed");
                let y = pane::message(buf, inner, 0, &c.label, theme.title);
                pane::message(buf, inner, y, why, theme.error);
            } else if let Load::Failed(e) = &state.families.load {
                let y = pane::message(
                    buf,
                    inner,
                    0,
                    &format!("Listing families failed: {e}"),
                    theme.error,
                );
                pane::put_str(buf, inner, y, "r retries.", theme.dim);
            } else if state.revisions.family.is_some() && !state.revisions.visible.is_empty() {
                pane::put_str(buf, inner, 0, "Select a revision.", theme.dim);
            }
        }
    }
}

/// The pane title with the search: `/query▏` while typed, then `/query 3/7`.
fn search_title(title: String, s: &Search, found: usize, t: &Theme) -> Line<'static> {
    let count = match found {
        0 if s.query.is_empty() => String::new(),
        0 => " no match".into(),
        n => format!(" {}/{n}", s.current.min(n - 1) + 1),
    };
    let cursor = if s.editing { "▏" } else { "" };
    Line::from(vec![
        Span::raw(title),
        Span::styled(
            format!("/{}{cursor}{count} ", crate::text::escape(&s.query)),
            t.key,
        ),
    ])
}

/// The task-level summary, then one section per container.
fn summary(d: &mut Doc<'_>, state: &AppState, r: &RevisionRef, td: Option<&TaskDef>) {
    let t = d.theme();
    let users = state.users_of(r);
    let status = state.effective_status(r);
    let mut head = vec![
        Span::styled(r.label(), t.title),
        Span::raw("  "),
        Span::styled(status.as_aws(), status_style(status, t)),
    ];
    if !users.is_empty() {
        head.push(Span::styled("  ⚑ in use", t.in_use));
    } else if let Some(m) = &state.in_use.map
        && !m.managed_of(r).is_empty()
    {
        head.push(Span::styled("  ⚠ stack-managed", t.warn));
    }
    d.spans(head, 0);
    // Unlabelled, so the whole ARN fits on one line at 80 columns.
    d.text(r.arn.clone(), t.dim);
    if let Some(p) = state.pending.get(&r.arn) {
        let text = match p {
            Pending::Queued(k) => format!("queued to {}", k.verb()),
            Pending::Deregistering => "deregistering…".into(),
            Pending::Deleting => "deleting…".into(),
        };
        d.field("Pending", text, t.pending);
    }
    if let Some(e) = state.row_errors.get(&r.arn) {
        d.field("Last error", e.to_string(), t.error);
    }
    let Some(td) = td else {
        match state.described.get(&r.arn) {
            Some(Described::Failed(e)) => {
                d.field("Describe", format!("failed: {e} (r retries)"), t.error);
            }
            _ => d.field("Describe", "loading details…", t.pending),
        }
        in_use(d, state, r, users);
        return;
    };
    task(d, state, td);
    in_use(d, state, r, users);
    let n = td.fields.container_definitions.len();
    for (i, c) in td.fields.container_definitions.iter().enumerate() {
        d.blank();
        let raw = td
            .raw
            .get("containerDefinitions")
            .and_then(|v| v.get(i))
            .unwrap_or(&serde_json::Value::Null);
        containers::section(d, c, raw, i, n, state.detail.reveal);
    }
}

fn status_style(s: TdStatus, t: &Theme) -> Style {
    match s {
        TdStatus::Active => t.active,
        TdStatus::Inactive => t.inactive,
        TdStatus::DeleteInProgress => t.pending,
    }
}

/// Task-level fields.
fn task(d: &mut Doc<'_>, state: &AppState, td: &TaskDef) {
    let t = d.theme();
    let f = &td.fields;
    let when =
        |ts: jiff::Timestamp| format!("{} ({})", format::utc(ts), format::age(state.now, ts));
    d.field(
        "Registered",
        td.registered_at().map_or_else(|| "unknown".into(), when),
        Style::new(),
    );
    if let Some(by) = &f.registered_by {
        d.field("  by", by.clone(), t.dim);
    }
    if let Some(ts) = td.deregistered_at() {
        d.field("Deregistered", when(ts), t.inactive);
    }
    d.field("Network", opt(&f.network_mode), Style::new());
    d.field(
        "Task size",
        format!("CPU {} · memory {}", opt(&f.cpu), opt(&f.memory)),
        Style::new(),
    );
    d.field("Task role", or_none(&f.task_role_arn), Style::new());
    d.field("Exec role", or_none(&f.execution_role_arn), Style::new());
    let mut compat = if f.compatibilities.is_empty() {
        "-".to_string()
    } else {
        f.compatibilities.join(", ")
    };
    if !f.requires_compatibilities.is_empty() {
        compat.push_str(&format!(
            " · requires {}",
            f.requires_compatibilities.join(", ")
        ));
    }
    d.field("Compat", compat, Style::new());
    if let Some(p) = &f.runtime_platform {
        d.field(
            "Platform",
            format!(
                "{} / {}",
                opt(&p.operating_system_family),
                opt(&p.cpu_architecture)
            ),
            Style::new(),
        );
    }
    if f.volumes.is_empty() {
        d.field("Volumes", "none", t.dim);
    }
    for (i, v) in f.volumes.iter().enumerate() {
        let kind = match (&v.host, &v.efs_volume_configuration) {
            (_, Some(efs)) => format!(" (EFS {})", efs.file_system_id),
            (Some(h), None) => format!(" (host {})", h.source_path.as_deref().unwrap_or("-")),
            (None, None) => String::new(),
        };
        d.field(
            if i == 0 { "Volumes" } else { "" },
            format!("{}{kind}", v.name),
            Style::new(),
        );
    }
    fields::task(d, &td.raw);
    if td.tags.is_empty() {
        d.field("Tags", "none", t.dim);
    }
    for (i, (k, v)) in td.tags.iter().enumerate() {
        d.field(
            if i == 0 { "Tags" } else { "" },
            format!("{k}={v}"),
            Style::new(),
        );
    }
}

/// Who uses the revision, and how far that answer can be trusted.
fn in_use(d: &mut Doc<'_>, state: &AppState, r: &RevisionRef, users: &[String]) {
    let t = d.theme();
    let scan = &state.in_use;
    if let Some(e) = &scan.error {
        d.field(
            "In use",
            format!("unknown: in-use scan failed ({e}), protection OFF"),
            t.warn,
        );
        return;
    }
    let Some(map) = &scan.map else {
        let text = if scan.scanning {
            "scanning services and tasks…"
        } else {
            "not scanned yet"
        };
        d.field("In use", text, t.dim);
        return;
    };
    // Its own context's scan failed: nothing is known about its users there.
    if let Some(off) = state.protection_off().into_iter().find(|p| p.ctx == r.ctx) {
        d.field(
            "In use",
            format!(
                "unknown: in-use scan failed in {} ({}), protection OFF",
                off.label, off.error
            ),
            t.warn,
        );
        return;
    }
    if users.is_empty() {
        let none = if map.sources.is_empty() {
            "no service or running task"
        } else {
            "no service, task, rule, schedule or state machine"
        };
        d.field("In use", none, Style::new());
    }
    for (i, u) in users.iter().enumerate() {
        d.field(if i == 0 { "In use by" } else { "" }, u.clone(), t.in_use);
    }
    for s in map.managed_of(r) {
        d.field("Managed", format!("managed by stack {s}"), t.warn);
    }
    for u in map.unknown.iter().take(3) {
        d.field("Unknown", u.clone(), t.warn);
    }
    let note = if map.sources.is_empty() {
        "(scheduled tasks and IaC references are not checked)".to_string()
    } else if let Some(off) = map.unchecked_names() {
        format!(
            "(not checked: {off}; CodeDeploy, Terraform, undeployed CDK and other accounts are invisible)"
        )
    } else {
        "(CodeDeploy, Terraform, undeployed CDK and other accounts are invisible)".to_string()
    };
    d.field("", note, t.dim);
}

fn opt(v: &Option<String>) -> String {
    v.clone().unwrap_or_else(|| "-".into())
}

fn or_none(v: &Option<String>) -> String {
    v.clone().unwrap_or_else(|| "none".into())
}
