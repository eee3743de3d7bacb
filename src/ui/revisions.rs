//! The revisions table. Only the visible slice is formatted; columns drop out as the pane
//! narrows (image last, it takes the remaining width).

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::Line;

use super::format::{self, fit};
use super::pane::{self, put_str};
use super::theme::Theme;
use crate::app::state::{AppState, Described, Focus, Load, Pending};
use crate::ecs::{RevisionRef, TdStatus};

/// Width of the age column ("11mo ago", "just now").
const AGE_W: usize = 8;
/// Width of the CPU/memory column ("4096/30720").
const CPUMEM_W: usize = 10;
/// Width of the compatibilities column ("EC2,FG").
const COMPAT_W: usize = 6;
/// Width of the container count column.
const COUNT_W: usize = 2;
/// Width of the "used by" column (first user of an in-use revision).
const USERS_W: usize = 18;
/// The image column is only worth showing this wide.
const IMAGE_MIN: usize = 12;
/// The "used by" column only comes in when the image keeps this much.
const IMAGE_COMFORT: usize = 24;

/// Which optional columns fit. Mark and in-use glyphs share the first two cells.
#[derive(Debug, Clone, Copy)]
struct Cols {
    rev: usize,
    status: usize,
    age: bool,
    cpumem: bool,
    compat: bool,
    count: bool,
    users: bool,
}

impl Cols {
    /// Adds optional columns by priority while the image keeps its minimum width.
    fn plan(width: usize, rev: usize, status: usize) -> Cols {
        let mut c = Cols {
            rev,
            status,
            age: false,
            cpumem: false,
            compat: false,
            count: false,
            users: false,
        };
        let mut used = 2 + 1 + rev + 1 + status + 1;
        let mut add = |w: usize, image: usize, flag: &mut bool| {
            if used + w + 1 + image <= width {
                used += w + 1;
                *flag = true;
            }
        };
        add(AGE_W, IMAGE_MIN, &mut c.age);
        add(CPUMEM_W, IMAGE_MIN, &mut c.cpumem);
        add(COMPAT_W, IMAGE_MIN, &mut c.compat);
        add(COUNT_W, IMAGE_MIN, &mut c.count);
        add(USERS_W, IMAGE_COMFORT, &mut c.users);
        c
    }
}

/// Draws the revisions pane into `area`.
pub fn draw(buf: &mut Buffer, area: Rect, state: &AppState, theme: &Theme) {
    let p = &state.revisions;
    let focused = state.focus == Focus::Revisions;
    let status = state.status_filter.label();
    let title = match p.family.as_deref().map(|f| state.family_name(f)) {
        None => " Revisions ".to_string(),
        Some(f) => {
            let count = if p.filter.text.is_empty() {
                p.rows.len().to_string()
            } else {
                format!("{}/{}", p.visible.len(), p.rows.len())
            };
            // Newest first is the default and goes unsaid.
            let oldest = if p.oldest_first {
                "· oldest first "
            } else {
                ""
            };
            pane::pick_title(
                area.width,
                vec![
                    format!(" {f} revisions {count} ({status}) {oldest}"),
                    format!(" {f} {count} ({status}) {oldest}"),
                    format!(" {f} revisions {count} ({status}) "),
                    format!(" {f} {count} ({status}) "),
                    format!(" {f} {count} "),
                ],
            )
        }
    };
    let bottom_left = match p.range_anchor {
        Some(a) => Some(Line::styled(
            format!("V range from row {}", a + 1),
            theme.marked,
        )),
        None => pane::filter_title(&p.filter, theme),
    };
    let inner = pane::frame(
        buf,
        area,
        focused,
        theme,
        Line::from(title),
        bottom_left,
        pane::load_title(&p.load, theme),
    );
    if p.visible.is_empty() {
        empty(buf, inner, state, theme);
        return;
    }
    let body_h = usize::from(inner.height.saturating_sub(1));
    let end = (p.cursor.offset + body_h).min(p.visible.len());
    let slice = || {
        p.visible[p.cursor.offset.min(end)..end]
            .iter()
            .filter_map(|&i| p.rows.get(i))
    };
    let rev_w = slice()
        .map(|r| r.revision.to_string().len())
        .max()
        .unwrap_or(3)
        .max(3);
    let status_w = if slice().any(|r| format::width(status_cell(state, r, theme).0) > 8) {
        14
    } else {
        8
    };
    let cols = Cols::plan(usize::from(inner.width), rev_w, status_w);
    header(buf, inner, &cols, theme);
    let range = p
        .range_anchor
        .map(|a| (a.min(p.cursor.selected), a.max(p.cursor.selected)));
    for (y, i) in (p.cursor.offset..end).enumerate() {
        let Some(r) = p.visible.get(i).and_then(|&n| p.rows.get(n)) else {
            continue;
        };
        let row = Rect::new(inner.x, inner.y + 1 + y as u16, inner.width, 1);
        if i == p.cursor.selected {
            let style = if focused {
                theme.selected
            } else {
                theme.selected_unfocused
            };
            buf.set_style(row, style);
        }
        let in_range = range.is_some_and(|(lo, hi)| (lo..=hi).contains(&i));
        draw_row(buf, row, state, r, &cols, in_range, theme);
        if p.cached {
            // From the cache, not confirmed by a listing yet: its status may have changed.
            buf.set_style(row, theme.dim);
        }
    }
}

/// Writes cells left to right in one row.
struct RowWriter<'b> {
    buf: &'b mut Buffer,
    row: Rect,
    x: usize,
}

impl RowWriter<'_> {
    /// Writes `s` in a cell of `w` columns (right-aligned when `right`), then a space.
    fn cell(&mut self, s: &str, w: usize, right: bool, style: Style) {
        let room = usize::from(self.row.width).saturating_sub(self.x);
        if room == 0 {
            return;
        }
        let text = fit(s, w);
        let pad = if right {
            w.saturating_sub(format::width(&text))
        } else {
            0
        };
        let x = self.row.x + (self.x + pad).min(usize::from(self.row.width)) as u16;
        let max = room.saturating_sub(pad).min(w);
        if max > 0 {
            self.buf.set_stringn(x, self.row.y, &text, max, style);
        }
        self.x += w + 1;
    }

    /// Remaining width.
    fn rest(&self) -> usize {
        usize::from(self.row.width).saturating_sub(self.x)
    }
}

fn header(buf: &mut Buffer, inner: Rect, c: &Cols, theme: &Theme) {
    let row = Rect::new(inner.x, inner.y, inner.width, 1);
    let mut w = RowWriter { buf, row, x: 0 };
    let h = theme.header;
    w.cell("", 2, false, h);
    w.cell("REV", c.rev, true, h);
    w.cell("STATUS", c.status, false, h);
    if c.age {
        w.cell("AGE", AGE_W, false, h);
    }
    if c.cpumem {
        w.cell("CPU/MEM", CPUMEM_W, false, h);
    }
    if c.compat {
        w.cell("COMPAT", COMPAT_W, false, h);
    }
    if c.count {
        w.cell("#C", COUNT_W, true, h);
    }
    if c.users {
        w.cell("USED BY", USERS_W, false, h);
    }
    let rest = w.rest();
    w.cell("IMAGE", rest, false, h);
}

#[allow(clippy::too_many_arguments)]
fn draw_row(
    buf: &mut Buffer,
    row: Rect,
    state: &AppState,
    r: &RevisionRef,
    c: &Cols,
    in_range: bool,
    theme: &Theme,
) {
    let mut w = RowWriter { buf, row, x: 0 };
    let marked = state.marks.contains_key(&r.arn);
    let (glyph, mstyle) = if marked {
        ("●", theme.marked)
    } else if in_range {
        ("◦", theme.marked)
    } else {
        (" ", Style::new())
    };
    let users = state.users_of(r);
    let stacks = state
        .in_use
        .map
        .as_ref()
        .map_or(&[][..], |m| m.managed_of(r));
    w.cell(glyph, 1, false, mstyle);
    w.x -= 1;
    // In use (protected) wins over stack-managed (a warning).
    let (badge, bstyle) = match (users.is_empty(), stacks.is_empty()) {
        (false, _) => ("⚑", theme.in_use),
        (true, false) => ("⚠", theme.warn),
        (true, true) => ("", theme.in_use),
    };
    w.cell(badge, 1, false, bstyle);
    let rev = r.revision.to_string();
    w.cell(
        &rev,
        c.rev,
        true,
        if marked { theme.marked } else { Style::new() },
    );
    let (status, sstyle) = status_cell(state, r, theme);
    w.cell(status, c.status, false, sstyle);
    let described = state.described.get(&r.arn);
    // Facts the persistent cache holds stand in until a describe arrives.
    let td = match described {
        Some(Described::Loaded(td)) => Some(td),
        _ => state.summaries.get(&r.arn),
    };
    let unknown = match described {
        Some(Described::Failed(_)) => "?",
        _ => "…",
    };
    if c.age {
        let age = td
            .and_then(|t| t.registered_at())
            .map(|t| format::age(state.now, t));
        w.cell(age.as_deref().unwrap_or(unknown), AGE_W, false, theme.dim);
    }
    let f = td.map(|t| &t.fields);
    if c.cpumem {
        let cm = td.map(|t| t.cpu_memory()).unwrap_or_default();
        w.cell(&cm, CPUMEM_W, false, Style::new());
    }
    if c.compat {
        let compat = f.map(|f| {
            if f.requires_compatibilities.is_empty() {
                format::short_compat(&f.compatibilities)
            } else {
                format::short_compat(&f.requires_compatibilities)
            }
        });
        w.cell(
            compat.as_deref().unwrap_or(""),
            COMPAT_W,
            false,
            Style::new(),
        );
    }
    if c.count {
        let n = f.map(|f| f.container_definitions.len().to_string());
        w.cell(n.as_deref().unwrap_or(""), COUNT_W, true, Style::new());
    }
    if c.users {
        match (users.first(), stacks.first()) {
            (Some(u), _) => w.cell(u, USERS_W, false, theme.in_use),
            (None, Some(s)) => w.cell(&format!("stack {s}"), USERS_W, false, theme.warn),
            (None, None) => w.cell("", USERS_W, false, theme.in_use),
        }
    }
    if let Some(first) = f.and_then(|f| f.container_definitions.first()) {
        let rest = w.rest();
        w.cell(
            &format::fit_image(&first.image, rest),
            rest,
            false,
            Style::new(),
        );
    }
}

/// Status text and style: a call on its way, then the last error, then the status.
fn status_cell(state: &AppState, r: &RevisionRef, theme: &Theme) -> (&'static str, Style) {
    if let Some(p) = state.pending.get(&r.arn) {
        let text = match p {
            Pending::Queued(_) => "queued",
            Pending::Deregistering => "deregistering…",
            Pending::Deleting => "deleting…",
        };
        return (text, theme.pending);
    }
    if state.row_errors.contains_key(&r.arn) {
        return ("✗ error", theme.error);
    }
    match state.effective_status(r) {
        TdStatus::Active => ("ACTIVE", theme.active),
        TdStatus::Inactive => ("INACTIVE", theme.inactive),
        // ECS's DELETE_IN_PROGRESS, in the column's width; the detail pane spells it out.
        TdStatus::DeleteInProgress => ("DELETING", theme.pending),
    }
}

/// The message in place of rows.
fn empty(buf: &mut Buffer, inner: Rect, state: &AppState, theme: &Theme) {
    let p = &state.revisions;
    let Some(family) = p.family.as_deref().map(|f| state.family_name(f)) else {
        if !state.families.visible.is_empty() {
            put_str(buf, inner, 0, "Select a family (Enter).", theme.dim);
        }
        return;
    };
    // A failed context's own row: its revisions are not known.
    if let Some(key) = p.family.as_deref()
        && crate::app::contexts::family_of(key).is_empty()
        && let Some(c) = state.context(crate::app::contexts::split_key(key).0)
    {
        let why = c.failed.as_deref().unwrap_or("failed");
        pane::message(buf, inner, 0, &format!("{}: {why}", c.label), theme.error);
        return;
    }
    let (text, style) = match &p.load {
        Load::Loading { .. } => (format!("Loading revisions of {family}…"), theme.pending),
        Load::Failed(e) => (
            format!("Listing revisions failed: {e} (r retries)"),
            theme.error,
        ),
        Load::Idle => return,
        Load::Done if !p.rows.is_empty() => (
            format!("no revision matches '{}' (Esc clears)", p.filter.text),
            theme.dim,
        ),
        Load::Done => {
            let status = match state.status_filter {
                crate::ecs::StatusFilter::All => String::new(),
                s => format!(" {}", s.label()),
            };
            (
                format!("no{status} revisions in {family} (s changes the status filter)"),
                theme.dim,
            )
        }
    };
    pane::message(buf, inner, 0, &text, style);
}
