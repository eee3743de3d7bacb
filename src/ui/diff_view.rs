//! The diff view in the detail pane: what changed between two revisions, by path, from the
//! same engine as `taskdefs diff`. Glyphs (`+`, `-`, `~`) carry the meaning, colours help.

use ratatui::style::Style;
use ratatui::text::Span;

use super::doc::Doc;
use super::theme::Theme;
use crate::app::state::{AppState, Described};
use crate::app::views::DiffPair;
use crate::diff;
use crate::ecs::RevisionRef;

/// The pane title for a diff.
pub fn title(pair: &DiffPair) -> String {
    if pair.old.family == pair.new.family {
        // Short, so a search count still fits beside it in a narrow pane.
        format!(
            " diff {}:{}→{} ",
            pair.old.family, pair.old.revision, pair.new.revision
        )
    } else {
        format!(" diff {} → {} ", pair.old.label(), pair.new.label())
    }
}

/// Appends the diff of `pair` to `d` (or why it cannot be shown yet).
pub fn build(d: &mut Doc<'_>, state: &AppState, pair: &DiffPair) {
    let t = d.theme();
    d.spans(
        vec![Span::styled(format!("--- {}", pair.old.label()), t.error)],
        4,
    );
    d.spans(
        vec![Span::styled(format!("+++ {}", pair.new.label()), t.active)],
        4,
    );
    let (old, new) = match (side(d, state, &pair.old), side(d, state, &pair.new)) {
        (Some(o), Some(n)) => (o, n),
        _ => return,
    };
    let changes = diff::diff(&old, &new, state.detail.reveal);
    let same = diff::masked_same(&old, &new);
    if same > 0 && !state.detail.reveal {
        d.text(
            format!(
                "= {} the same in both (v reveals)",
                crate::text::plural(same, "masked value is", "masked values are")
            ),
            t.dim,
        );
    }
    if changes.is_empty() {
        d.text(
            "identical (ARN, revision, status and registration aside)",
            t.title,
        );
        return;
    }
    d.text(
        format!(
            "{} (ARN, revision, status and registration left out)",
            crate::text::plural(changes.len(), "difference", "differences"),
        ),
        t.dim,
    );
    d.blank();
    for line in diff::render_with(&changes, false, "v reveals") {
        let style = style_of(&line, t);
        d.spans(vec![Span::styled(line, style)], 4);
    }
}

/// The JSON of one side, or a line saying why it is not there yet.
fn side(d: &mut Doc<'_>, state: &AppState, r: &RevisionRef) -> Option<serde_json::Value> {
    let t = d.theme();
    match state.described.get(&r.arn) {
        Some(Described::Loaded(td)) => Some(td.raw.clone()),
        Some(Described::Failed(e)) => {
            d.text(
                format!("Describe of {} failed: {e} (c twice asks again)", r.label()),
                t.error,
            );
            None
        }
        _ => {
            d.text(format!("loading {}…", r.label()), t.pending);
            None
        }
    }
}

fn style_of(line: &str, t: &Theme) -> Style {
    match line.trim_start().chars().next() {
        Some('+') => t.active,
        Some('-') => t.error,
        Some('~') => t.warn,
        _ => Style::default(),
    }
}
