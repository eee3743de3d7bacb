//! Keys to actions, with descriptions that feed the help screen.
//!
//! One table is the single source of truth: `action_for` reads it to dispatch keys and
//! the help popup lists it, so a binding can never be documented differently from how it works.

mod bindings;
pub mod footer;
pub mod overrides;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::action::Action;
use super::state::{AppState, Focus, Modal};

pub use bindings::BINDINGS;
pub use overrides::bindings;

/// Where a binding applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Context {
    /// Anywhere no popup or text input has the keyboard.
    Global,
    /// The families pane.
    Families,
    /// The revisions pane.
    Revisions,
    /// The detail pane.
    Detail,
    /// Typing a `/` filter.
    Filter,
    /// A confirmation popup.
    Confirm,
    /// The keep-newest-N prompt.
    Keep,
    /// The job summary popup.
    Summary,
    /// The popup of calls an earlier run left unfinished.
    Unfinished,
    /// The services view.
    Services,
    /// The help popup.
    Help,
    /// The export prompt.
    Export,
    /// Typing a search in the detail pane.
    Search,
    /// The `:` command line.
    Command,
}

impl Context {
    /// Heading in the help popup.
    pub fn title(self) -> &'static str {
        match self {
            Context::Global => "Everywhere",
            Context::Families => "Families pane",
            Context::Revisions => "Revisions pane",
            Context::Detail => "Detail pane",
            Context::Filter => "While typing a filter",
            Context::Confirm => "Confirmation",
            Context::Keep => "Keep-newest-N prompt",
            Context::Summary => "Job summary",
            Context::Unfinished => "Unfinished calls from an earlier run",
            Context::Services => "Services using this family",
            Context::Help => "This help",
            Context::Export => "Export prompt",
            Context::Search => "While typing a detail search",
            Context::Command => "Command line (:region R, :profile P, :family PREFIX, :q)",
        }
    }
}

/// One key binding.
#[derive(Debug, Clone)]
pub struct Binding {
    /// Where it applies.
    pub context: Context,
    /// Keys that trigger it.
    pub keys: &'static [(KeyCode, KeyModifiers)],
    /// How the keys are written in help and hints.
    pub label: &'static str,
    /// What it does.
    pub action: Action,
    /// One line for the help popup.
    pub desc: &'static str,
}

const NONE: KeyModifiers = KeyModifiers::NONE;
const SHIFT: KeyModifiers = KeyModifiers::SHIFT;

/// The contexts that currently receive keys, most specific first.
pub fn active_contexts(state: &AppState) -> &'static [Context] {
    match &state.modal {
        Some(Modal::Help { .. }) => &[Context::Help],
        Some(Modal::Confirm(_)) | Some(Modal::ConfirmCancel) => &[Context::Confirm],
        Some(Modal::Keep(_)) => &[Context::Keep],
        Some(Modal::Summary { .. }) => &[Context::Summary],
        Some(Modal::Unfinished { .. }) => &[Context::Unfinished],
        Some(Modal::Export(_)) => &[Context::Export],
        Some(Modal::Command(_)) => &[Context::Command],
        None if search_editing(state) => &[Context::Search],
        Some(Modal::Services(_)) => &[Context::Services],
        None if filter_editing(state) => &[Context::Filter],
        None => match state.focus {
            Focus::Families => &[Context::Families, Context::Global],
            Focus::Revisions => &[Context::Revisions, Context::Global],
            Focus::Detail => &[Context::Detail, Context::Global],
        },
    }
}

fn search_editing(state: &AppState) -> bool {
    state.search.as_ref().is_some_and(|s| s.editing)
}

fn filter_editing(state: &AppState) -> bool {
    match state.focus {
        Focus::Families => state.families.filter.editing,
        Focus::Revisions | Focus::Detail => state.revisions.filter.editing,
    }
}

/// True when plain characters are text for a field rather than commands.
fn takes_text(state: &AppState) -> bool {
    match &state.modal {
        Some(Modal::Confirm(c)) => c.required.is_some(),
        Some(Modal::Keep(_)) => true,
        Some(Modal::Export(p)) => !p.exists,
        Some(Modal::Command(_)) => true,
        Some(_) => false,
        None => search_editing(state) || filter_editing(state),
    }
}

/// The action a key press means right now, if any.
pub fn action_for(key: KeyEvent, state: &AppState) -> Option<Action> {
    let mods = key.modifiers - KeyModifiers::SHIFT;
    if let KeyCode::Char(c) = key.code
        && takes_text(state)
        && !mods.contains(KeyModifiers::CONTROL)
        && !mods.contains(KeyModifiers::ALT)
    {
        return Some(Action::Input(c));
    }
    if key.code == KeyCode::Char('c') && key.modifiers.contains(KeyModifiers::CONTROL) {
        return Some(Action::Quit);
    }
    let wanted = (key.code, key.modifiers);
    for ctx in active_contexts(state) {
        let found = bindings()
            .iter()
            .filter(|b| b.context == *ctx)
            .find(|b| b.keys.iter().any(|k| accepts(*k, wanted)));
        if let Some(b) = found {
            return Some(b.action.clone());
        }
    }
    None
}

/// True when the table key `k` takes the key press `wanted`: exactly, or an upper-case letter
/// or symbol bound without modifiers and pressed with SHIFT.
fn accepts(k: (KeyCode, KeyModifiers), wanted: (KeyCode, KeyModifiers)) -> bool {
    k == wanted || (k.1 == NONE && k.0 == wanted.0 && is_char(wanted.0) && wanted.1 == SHIFT)
}

/// Upper-case letters and symbols arrive with SHIFT on some terminals and without on others.
fn is_char(code: KeyCode) -> bool {
    matches!(code, KeyCode::Char(c) if !c.is_ascii_lowercase())
}

/// Bindings of one context, for help and the status bar hints.
pub fn bindings_for(ctx: Context) -> impl Iterator<Item = &'static Binding> {
    bindings().iter().filter(move |b| b.context == ctx)
}

/// Actions whose hints come first in the status bar, most important first.
const HINT_ORDER: &[Action] = &[
    Action::Deregister,
    Action::Delete,
    Action::ToggleMark,
    Action::KeepNewest,
    Action::ToggleJson,
    Action::ToggleReveal,
    Action::MarkAll,
    Action::ClearMarks,
];

/// The short hints for the status bar: the focused pane's most useful keys.
pub fn hints(state: &AppState) -> Vec<(&'static str, &'static str)> {
    let ctx = active_contexts(state)[0];
    // Page and end keys work everywhere; the help lists them, the hint line has no room.
    let mut pane: Vec<&Binding> = bindings_for(ctx)
        .filter(|b| {
            !matches!(
                b.action,
                Action::Top | Action::Bottom | Action::PageUp | Action::PageDown
            )
        })
        // n/N mean something only once a search is there.
        .filter(|b| {
            state.search.is_some() || !matches!(b.action, Action::SearchNext | Action::SearchPrev)
        })
        .collect();
    // Narrow terminals show only the first hints: the destructive keys must be among them.
    pane.sort_by_key(|b| {
        HINT_ORDER
            .iter()
            .position(|a| *a == b.action)
            .unwrap_or(HINT_ORDER.len())
    });
    // Power keys come after the everyday global ones (filter, status, help, quit).
    let (late, pane): (Vec<&Binding>, Vec<&Binding>) = pane
        .into_iter()
        .partition(|b| LATE_HINTS.contains(&b.action));
    let mut out: Vec<_> = pane.into_iter().map(|b| (b.label, b.desc)).collect();
    if ctx != Context::Global
        && !matches!(
            ctx,
            Context::Help
                | Context::Confirm
                | Context::Keep
                | Context::Summary
                | Context::Unfinished
                | Context::Export
                | Context::Search
                | Context::Command
                | Context::Services
                | Context::Filter
        )
    {
        out.extend(
            [
                Action::StartFilter,
                Action::CycleStatus,
                Action::ToggleHelp,
                Action::Quit,
            ]
            .iter()
            .filter_map(|a| {
                bindings()
                    .iter()
                    .find(|b| b.context == Context::Global && b.action == *a)
            })
            // A pane binding of the same key (`/` searches the detail pane) shadows it.
            .filter(|b| !out.iter().any(|(label, _)| *label == b.label))
            .map(|b| (b.label, b.desc))
            .collect::<Vec<_>>(),
        );
    }
    out.extend(late.into_iter().map(|b| (b.label, b.desc)));
    out
}

/// Pane keys hinted after the global ones: useful, but never worth crowding out `q`.
const LATE_HINTS: &[Action] = &[
    Action::CycleSort,
    Action::ToggleZoom,
    Action::CopyArn,
    Action::CopyJson,
    Action::ScrollLeft,
    Action::ScrollRight,
];

#[cfg(test)]
mod tests;
