//! `y` / `Y`: the current revision's ARN or JSON to the clipboard. `update` only builds the
//! text and says what was copied; the runtime writes the OSC 52 sequence.

use super::flash;
use crate::app::action::Action;
use crate::app::effect::Effect;
use crate::app::state::{AppState, Level};

/// Copies the ARN (`CopyArn`) or the JSON (`CopyJson`) of the revision under the cursor.
pub(super) fn handle(state: &mut AppState, action: &Action) -> Vec<Effect> {
    let Some(r) = state.revisions.selected().cloned() else {
        flash(state, Level::Warn, "No revision selected: nothing to copy.");
        return vec![];
    };
    let label = r.label();
    let message = if *action == Action::CopyArn {
        let text = r.arn.clone();
        let msg = format!(
            "Copied the ARN of {label} ({} bytes) via OSC 52.",
            text.len()
        );
        (text, msg)
    } else {
        let Some(td) = state.task_def(&r.arn) else {
            flash(
                state,
                Level::Warn,
                format!("{label} is not described yet: try Y again in a moment."),
            );
            return vec![];
        };
        let reveal = state.detail.reveal;
        let text = crate::masking::json_text(td, reveal);
        let bytes = text.len();
        let msg = if reveal {
            format!("Copied {label} JSON, {bytes} bytes, values REVEALED.")
        } else {
            // Masked by default: clipboards end up in chats and tickets.
            format!("Copied {label} JSON, {bytes} bytes, values masked (v reveals).")
        };
        (text, msg)
    };
    let (text, msg) = message;
    flash(state, Level::Info, msg);
    vec![Effect::Copy { text }]
}
