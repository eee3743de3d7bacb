//! `e`: export the current revision as RegisterTaskDefinition input. The prompt asks the path;
//! the worker describes and writes (0600, never over an existing file unless confirmed).

use super::super::action::Action;
use super::super::effect::Effect;
use super::super::state::{AppState, Level, Modal};
use super::super::views::{ExportError, ExportPrompt};
use super::flash;
use crate::text::escape;

/// Opens the prompt for the revision under the cursor.
pub(super) fn open(state: &mut AppState) -> Vec<Effect> {
    let Some(r) = state.revisions.selected().cloned() else {
        flash(state, Level::Info, "Select a revision to export.");
        return vec![];
    };
    state.modal = Some(Modal::Export(ExportPrompt {
        path: format!("./{}-{}.json", r.family, r.revision),
        revision: r,
        exists: false,
    }));
    vec![]
}

/// A key in the prompt (the router took the popup out of the state).
pub(super) fn key(state: &mut AppState, mut p: ExportPrompt, action: Action) -> Vec<Effect> {
    let overwrite = match (&action, p.exists) {
        (Action::Input(c), false) => {
            p.path.push(*c);
            None
        }
        (Action::Backspace, false) => {
            p.path.pop();
            None
        }
        (Action::Submit, false) if p.path.trim().is_empty() => {
            flash(
                state,
                Level::Warn,
                "Type a path to write to, or Esc to cancel.",
            );
            None
        }
        (Action::Submit, false) => Some(false),
        (Action::Yes, true) => Some(true),
        (Action::No, _) | (Action::Submit, true) => {
            flash(state, Level::Info, "Export cancelled: nothing was written.");
            return vec![];
        }
        _ => None,
    };
    let Some(overwrite) = overwrite else {
        state.modal = Some(Modal::Export(p));
        return vec![];
    };
    flash(
        state,
        Level::Info,
        format!(
            "Exporting {} to {}…",
            p.revision.label(),
            escape(p.path.trim())
        ),
    );
    vec![Effect::ExportFile {
        arn: p.revision.arn,
        path: p.path.trim().to_string(),
        overwrite,
    }]
}

/// The worker's answer: a flash, or the question whether to overwrite.
pub(super) fn finished(
    state: &mut AppState,
    arn: &str,
    path: String,
    result: Result<usize, ExportError>,
) -> Vec<Effect> {
    let label = crate::ecs::parse_family_revision(arn)
        .map_or_else(|| arn.to_string(), |(f, r)| format!("{f}:{r}"));
    match result {
        Ok(bytes) => flash(
            state,
            Level::Info,
            format!(
                "Exported {label} to {} ({bytes} bytes, mode 0600).",
                escape(&path)
            ),
        ),
        Err(ExportError::Exists) if state.modal.is_none() => {
            if let Some(revision) =
                crate::ecs::RevisionRef::from_arn(arn, crate::ecs::TdStatus::Active)
            {
                state.modal = Some(Modal::Export(ExportPrompt {
                    revision,
                    path,
                    exists: true,
                }));
            }
        }
        Err(ExportError::Exists) => flash(
            state,
            Level::Warn,
            format!(
                "{} exists: nothing was written (e again to choose).",
                escape(&path)
            ),
        ),
        Err(ExportError::Failed(e)) => flash(
            state,
            Level::Error,
            format!("Export failed: {}", escape(&e)),
        ),
    }
    vec![]
}

#[cfg(test)]
mod tests;
