//! `/` with the detail pane focused: search its text (summary, JSON or diff) instead of
//! filtering revisions. The screen highlights the matches; `n`/`N` scroll to the next and
//! previous one, by the match lines the runtime measured (`Search::lines`).

use super::super::action::Action;
use super::super::effect::Effect;
use super::super::state::{AppState, Level};
use super::super::views::Search;
use super::flash;
use crate::text::escape;

/// Lines of context kept above a match scrolled to.
const ABOVE: u16 = 2;

/// True when the search prompt has the keyboard.
pub(super) fn editing(state: &AppState) -> bool {
    state.search.as_ref().is_some_and(|s| s.editing)
}

/// `/` in the detail pane: a fresh query.
pub(super) fn start(state: &mut AppState) -> Vec<Effect> {
    state.search = Some(Search {
        editing: true,
        ..Default::default()
    });
    vec![]
}

/// A key while the query is typed: characters, Backspace, Enter keeps it, Esc drops it.
pub(super) fn key(state: &mut AppState, action: Action) -> Vec<Effect> {
    let Some(s) = state.search.as_mut() else {
        return vec![];
    };
    match action {
        Action::Input(c) => s.query.push(c),
        Action::Backspace => {
            s.query.pop();
        }
        Action::Submit => {
            s.editing = false;
            if s.query.is_empty() {
                state.search = None;
                return vec![];
            }
            // The first match at or below what is on screen.
            let from = state.detail.scroll;
            s.current = s.lines.iter().position(|&l| l >= from).unwrap_or(0);
            go_to_current(state);
        }
        Action::Back => state.search = None,
        _ => {}
    }
    vec![]
}

/// `n` (forward) or `N`: the next or previous match, wrapping around.
pub(super) fn step(state: &mut AppState, forward: bool) -> Vec<Effect> {
    let Some(s) = state.search.as_mut().filter(|s| !s.query.is_empty()) else {
        flash(
            state,
            Level::Info,
            "No search: / in the detail pane starts one.",
        );
        return vec![];
    };
    let n = s.lines.len();
    if n > 0 {
        s.current = if forward {
            (s.current + 1) % n
        } else {
            (s.current + n - 1) % n
        };
    }
    go_to_current(state);
    vec![]
}

/// Scrolls the pane so the current match shows, or says there is none.
fn go_to_current(state: &mut AppState) {
    let Some(s) = state.search.as_ref() else {
        return;
    };
    match s.lines.get(s.current) {
        Some(&line) => state.detail.scroll = line.saturating_sub(ABOVE),
        None => {
            let text = format!("No match for '{}' in the detail pane.", escape(&s.query));
            flash(state, Level::Info, text);
        }
    }
}

#[cfg(test)]
mod tests;
