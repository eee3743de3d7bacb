//! Keys to actions, with descriptions that feed the help screen.
//!
//! One table is the single source of truth: `action_for` reads it to dispatch keys and
//! the help popup lists it, so a binding can never be documented differently from how it works.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::action::Action;
use super::state::{AppState, Focus, Modal};

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
    /// The help popup.
    Help,
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
            Context::Help => "This help",
        }
    }
}

/// One key binding.
#[derive(Debug)]
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
const CTRL: KeyModifiers = KeyModifiers::CONTROL;

const fn ch(c: char) -> (KeyCode, KeyModifiers) {
    (KeyCode::Char(c), NONE)
}

macro_rules! bind {
    ($ctx:ident, [$($k:expr),+], $label:literal, $action:expr, $desc:literal) => {
        Binding { context: Context::$ctx, keys: &[$($k),+], label: $label, action: $action, desc: $desc }
    };
}

/// Every binding, in help order.
pub static BINDINGS: &[Binding] = &[
    bind!(
        Global,
        [ch('q'), (KeyCode::Char('c'), CTRL)],
        "q",
        Action::Quit,
        "quit"
    ),
    bind!(Global, [ch('?')], "?", Action::ToggleHelp, "show this help"),
    bind!(
        Global,
        [ch('j'), (KeyCode::Down, NONE)],
        "j/↓",
        Action::Down,
        "move down"
    ),
    bind!(
        Global,
        [ch('k'), (KeyCode::Up, NONE)],
        "k/↑",
        Action::Up,
        "move up"
    ),
    bind!(
        Global,
        [ch('g'), (KeyCode::Home, NONE)],
        "g",
        Action::Top,
        "go to the top"
    ),
    bind!(
        Global,
        [(KeyCode::Char('G'), SHIFT), ch('G'), (KeyCode::End, NONE)],
        "G",
        Action::Bottom,
        "go to the bottom"
    ),
    bind!(
        Global,
        [(KeyCode::PageUp, NONE), (KeyCode::Char('b'), CTRL)],
        "PgUp",
        Action::PageUp,
        "one page up"
    ),
    bind!(
        Global,
        [(KeyCode::PageDown, NONE), (KeyCode::Char('f'), CTRL)],
        "PgDn",
        Action::PageDown,
        "one page down"
    ),
    bind!(
        Global,
        [(KeyCode::Tab, NONE), ch('l'), (KeyCode::Right, NONE)],
        "Tab/l",
        Action::FocusNext,
        "next pane"
    ),
    bind!(
        Global,
        [
            (KeyCode::BackTab, SHIFT),
            (KeyCode::BackTab, NONE),
            ch('h'),
            (KeyCode::Left, NONE)
        ],
        "S-Tab/h",
        Action::FocusPrev,
        "previous pane"
    ),
    bind!(
        Global,
        [(KeyCode::Enter, NONE)],
        "Enter",
        Action::Enter,
        "open the selection"
    ),
    bind!(
        Global,
        [(KeyCode::Esc, NONE)],
        "Esc",
        Action::Back,
        "back / clear the filter"
    ),
    bind!(
        Global,
        [ch('/')],
        "/",
        Action::StartFilter,
        "filter the focused list"
    ),
    bind!(
        Global,
        [ch('s')],
        "s",
        Action::CycleStatus,
        "status filter: ACTIVE, INACTIVE, ALL"
    ),
    bind!(
        Global,
        [ch('r'), (KeyCode::F(5), NONE)],
        "r",
        Action::Refresh,
        "refresh from ECS"
    ),
    bind!(
        Global,
        [(KeyCode::Char('X'), SHIFT), ch('X')],
        "X",
        Action::CancelJob,
        "cancel the running job"
    ),
    bind!(
        Global,
        [(KeyCode::Char('R'), SHIFT), ch('R')],
        "R",
        Action::RetryFailed,
        "retry the last job's failures"
    ),
    bind!(
        Families,
        [(KeyCode::Char('K'), SHIFT), ch('K')],
        "K",
        Action::KeepNewest,
        "keep newest N in every family shown"
    ),
    bind!(
        Revisions,
        [ch(' ')],
        "Space",
        Action::ToggleMark,
        "mark / unmark"
    ),
    bind!(
        Revisions,
        [(KeyCode::Char('V'), SHIFT), ch('V')],
        "V",
        Action::RangeMark,
        "start / end a range mark"
    ),
    bind!(
        Revisions,
        [(KeyCode::Down, SHIFT)],
        "S-↓",
        Action::MarkDown,
        "mark and move down"
    ),
    bind!(
        Revisions,
        [(KeyCode::Up, SHIFT)],
        "S-↑",
        Action::MarkUp,
        "mark and move up"
    ),
    bind!(
        Revisions,
        [ch('a')],
        "a",
        Action::MarkAll,
        "mark every visible revision"
    ),
    bind!(
        Revisions,
        [ch('u')],
        "u",
        Action::ClearMarks,
        "clear all marks"
    ),
    bind!(
        Revisions,
        [ch('d')],
        "d",
        Action::Deregister,
        "deregister marked (else current)"
    ),
    bind!(
        Revisions,
        [(KeyCode::Char('D'), SHIFT), ch('D')],
        "D",
        Action::Delete,
        "delete marked INACTIVE (else current)"
    ),
    bind!(
        Revisions,
        [(KeyCode::Char('K'), SHIFT), ch('K')],
        "K",
        Action::KeepNewest,
        "keep newest N of this family"
    ),
    bind!(
        Revisions,
        [(KeyCode::Char('J'), SHIFT), ch('J')],
        "J",
        Action::ToggleJson,
        "JSON view of the revision"
    ),
    bind!(
        Revisions,
        [ch('v')],
        "v",
        Action::ToggleReveal,
        "reveal / mask values (this revision)"
    ),
    bind!(
        Detail,
        [(KeyCode::Char('J'), SHIFT), ch('J')],
        "J",
        Action::ToggleJson,
        "summary / JSON view"
    ),
    bind!(
        Detail,
        [ch('v')],
        "v",
        Action::ToggleReveal,
        "reveal / mask values (this revision)"
    ),
    bind!(
        Detail,
        [ch('d')],
        "d",
        Action::Deregister,
        "deregister this revision"
    ),
    bind!(
        Detail,
        [(KeyCode::Char('D'), SHIFT), ch('D')],
        "D",
        Action::Delete,
        "delete this INACTIVE revision"
    ),
    bind!(
        Filter,
        [(KeyCode::Enter, NONE)],
        "Enter",
        Action::Submit,
        "keep the filter, back to the list"
    ),
    bind!(
        Filter,
        [(KeyCode::Esc, NONE)],
        "Esc",
        Action::Back,
        "clear the filter"
    ),
    bind!(
        Filter,
        [(KeyCode::Backspace, NONE)],
        "Bksp",
        Action::Backspace,
        "delete a character"
    ),
    bind!(
        Filter,
        [(KeyCode::Down, NONE)],
        "↓",
        Action::Down,
        "move down"
    ),
    bind!(Filter, [(KeyCode::Up, NONE)], "↑", Action::Up, "move up"),
    bind!(
        Confirm,
        [ch('y'), (KeyCode::Char('Y'), SHIFT)],
        "y",
        Action::Yes,
        "confirm (when no typing is asked)"
    ),
    bind!(
        Confirm,
        [ch('n'), (KeyCode::Esc, NONE)],
        "n/Esc",
        Action::No,
        "cancel (the default)"
    ),
    bind!(
        Confirm,
        [(KeyCode::Enter, NONE)],
        "Enter",
        Action::Submit,
        "confirm typed text, else cancel"
    ),
    bind!(
        Confirm,
        [(KeyCode::Backspace, NONE)],
        "Bksp",
        Action::Backspace,
        "delete a typed character"
    ),
    bind!(
        Confirm,
        [(KeyCode::Down, NONE), ch('j')],
        "j/↓",
        Action::Down,
        "scroll the list"
    ),
    bind!(
        Confirm,
        [(KeyCode::Up, NONE), ch('k')],
        "k/↑",
        Action::Up,
        "scroll the list"
    ),
    bind!(
        Confirm,
        [(KeyCode::PageDown, NONE), (KeyCode::Char('f'), CTRL)],
        "PgDn",
        Action::PageDown,
        "scroll a page down"
    ),
    bind!(
        Confirm,
        [(KeyCode::PageUp, NONE), (KeyCode::Char('b'), CTRL)],
        "PgUp",
        Action::PageUp,
        "scroll a page up"
    ),
    bind!(
        Confirm,
        [ch('g'), (KeyCode::Home, NONE)],
        "g",
        Action::Top,
        "to the top"
    ),
    bind!(
        Confirm,
        [(KeyCode::Char('G'), SHIFT), ch('G'), (KeyCode::End, NONE)],
        "G",
        Action::Bottom,
        "to the bottom"
    ),
    bind!(
        Keep,
        [
            (KeyCode::Tab, NONE),
            (KeyCode::Down, NONE),
            (KeyCode::Up, NONE)
        ],
        "Tab",
        Action::FocusNext,
        "next field"
    ),
    bind!(
        Keep,
        [(KeyCode::Enter, NONE)],
        "Enter",
        Action::Submit,
        "mark what the rule would deregister"
    ),
    bind!(Keep, [(KeyCode::Esc, NONE)], "Esc", Action::Back, "cancel"),
    bind!(
        Keep,
        [(KeyCode::Backspace, NONE)],
        "Bksp",
        Action::Backspace,
        "delete a digit"
    ),
    bind!(
        Summary,
        [(KeyCode::Char('R'), SHIFT), ch('R')],
        "R",
        Action::RetryFailed,
        "retry the failed ones"
    ),
    bind!(
        Summary,
        [(KeyCode::Esc, NONE), (KeyCode::Enter, NONE), ch('q')],
        "Esc",
        Action::Back,
        "close"
    ),
    bind!(
        Summary,
        [(KeyCode::Down, NONE), ch('j')],
        "j/↓",
        Action::Down,
        "scroll"
    ),
    bind!(
        Summary,
        [(KeyCode::Up, NONE), ch('k')],
        "k/↑",
        Action::Up,
        "scroll"
    ),
    bind!(
        Summary,
        [(KeyCode::PageDown, NONE), (KeyCode::Char('f'), CTRL)],
        "PgDn",
        Action::PageDown,
        "scroll a page down"
    ),
    bind!(
        Summary,
        [(KeyCode::PageUp, NONE), (KeyCode::Char('b'), CTRL)],
        "PgUp",
        Action::PageUp,
        "scroll a page up"
    ),
    bind!(
        Summary,
        [ch('g'), (KeyCode::Home, NONE)],
        "g",
        Action::Top,
        "to the top"
    ),
    bind!(
        Summary,
        [(KeyCode::Char('G'), SHIFT), ch('G'), (KeyCode::End, NONE)],
        "G",
        Action::Bottom,
        "to the bottom"
    ),
    bind!(
        Unfinished,
        [ch('a')],
        "a",
        Action::AcknowledgeUnfinished,
        "acknowledge (not listed again)"
    ),
    bind!(
        Unfinished,
        [ch('r')],
        "r",
        Action::ResumeUnfinished,
        "resume those still waiting (asks first)"
    ),
    bind!(
        Unfinished,
        [(KeyCode::Esc, NONE), (KeyCode::Enter, NONE), ch('q')],
        "Esc",
        Action::Back,
        "close (listed again at the next start)"
    ),
    bind!(
        Unfinished,
        [(KeyCode::Down, NONE), ch('j')],
        "j/↓",
        Action::Down,
        "scroll"
    ),
    bind!(
        Unfinished,
        [(KeyCode::Up, NONE), ch('k')],
        "k/↑",
        Action::Up,
        "scroll"
    ),
    bind!(
        Help,
        [(KeyCode::Esc, NONE), ch('?'), ch('q')],
        "Esc/?",
        Action::ToggleHelp,
        "close help"
    ),
    bind!(
        Help,
        [(KeyCode::Down, NONE), ch('j')],
        "j/↓",
        Action::Down,
        "scroll"
    ),
    bind!(
        Help,
        [(KeyCode::Up, NONE), ch('k')],
        "k/↑",
        Action::Up,
        "scroll"
    ),
    bind!(
        Help,
        [(KeyCode::PageDown, NONE), (KeyCode::Char('f'), CTRL)],
        "PgDn",
        Action::PageDown,
        "scroll a page down"
    ),
    bind!(
        Help,
        [(KeyCode::PageUp, NONE), (KeyCode::Char('b'), CTRL)],
        "PgUp",
        Action::PageUp,
        "scroll a page up"
    ),
    bind!(
        Help,
        [ch('g'), (KeyCode::Home, NONE)],
        "g",
        Action::Top,
        "to the top"
    ),
    bind!(
        Help,
        [(KeyCode::Char('G'), SHIFT), ch('G'), (KeyCode::End, NONE)],
        "G",
        Action::Bottom,
        "to the bottom"
    ),
];

/// The contexts that currently receive keys, most specific first.
pub fn active_contexts(state: &AppState) -> &'static [Context] {
    match &state.modal {
        Some(Modal::Help { .. }) => &[Context::Help],
        Some(Modal::Confirm(_)) | Some(Modal::ConfirmCancel) => &[Context::Confirm],
        Some(Modal::Keep(_)) => &[Context::Keep],
        Some(Modal::Summary { .. }) => &[Context::Summary],
        Some(Modal::Unfinished { .. }) => &[Context::Unfinished],
        None if filter_editing(state) => &[Context::Filter],
        None => match state.focus {
            Focus::Families => &[Context::Families, Context::Global],
            Focus::Revisions => &[Context::Revisions, Context::Global],
            Focus::Detail => &[Context::Detail, Context::Global],
        },
    }
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
        Some(_) => false,
        None => filter_editing(state),
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
        let found = BINDINGS.iter().filter(|b| b.context == *ctx).find(|b| {
            b.keys.iter().any(|k| {
                *k == wanted
                    || (k.1 == NONE
                        && k.0 == key.code
                        && is_char(key.code)
                        && key.modifiers == SHIFT)
            })
        });
        if let Some(b) = found {
            return Some(b.action.clone());
        }
    }
    None
}

/// Upper-case letters and symbols arrive with SHIFT on some terminals and without on others.
fn is_char(code: KeyCode) -> bool {
    matches!(code, KeyCode::Char(c) if !c.is_ascii_lowercase())
}

/// Bindings of one context, for help and the status bar hints.
pub fn bindings_for(ctx: Context) -> impl Iterator<Item = &'static Binding> {
    BINDINGS.iter().filter(move |b| b.context == ctx)
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
        .collect();
    // Narrow terminals show only the first hints: the destructive keys must be among them.
    pane.sort_by_key(|b| {
        HINT_ORDER
            .iter()
            .position(|a| *a == b.action)
            .unwrap_or(HINT_ORDER.len())
    });
    let mut out: Vec<_> = pane.into_iter().map(|b| (b.label, b.desc)).collect();
    if ctx != Context::Global
        && !matches!(
            ctx,
            Context::Help
                | Context::Confirm
                | Context::Keep
                | Context::Summary
                | Context::Unfinished
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
                BINDINGS
                    .iter()
                    .find(|b| b.context == Context::Global && b.action == *a)
            })
            .map(|b| (b.label, b.desc)),
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(code: KeyCode) -> KeyEvent {
        KeyEvent::new(code, KeyModifiers::NONE)
    }

    #[test]
    fn pane_keys_then_global() {
        let mut s = AppState::default();
        assert_eq!(action_for(key(KeyCode::Char('j')), &s), Some(Action::Down));
        assert_eq!(
            action_for(key(KeyCode::Char('d')), &s),
            None,
            "d does nothing on families"
        );
        s.focus = Focus::Revisions;
        assert_eq!(
            action_for(key(KeyCode::Char('d')), &s),
            Some(Action::Deregister)
        );
        assert_eq!(
            action_for(KeyEvent::new(KeyCode::Char('J'), KeyModifiers::SHIFT), &s),
            Some(Action::ToggleJson)
        );
        assert_eq!(
            action_for(key(KeyCode::Char('J')), &s),
            Some(Action::ToggleJson)
        );
        assert_eq!(
            action_for(key(KeyCode::Char(' ')), &s),
            Some(Action::ToggleMark)
        );
    }

    #[test]
    fn filter_typing_takes_letters() {
        let mut s = AppState::default();
        s.families.filter.editing = true;
        assert_eq!(
            action_for(key(KeyCode::Char('q')), &s),
            Some(Action::Input('q'))
        );
        assert_eq!(action_for(key(KeyCode::Esc), &s), Some(Action::Back));
        assert_eq!(action_for(key(KeyCode::Enter), &s), Some(Action::Submit));
    }

    #[test]
    fn confirmation_defaults_to_no() {
        let s = AppState {
            modal: Some(Modal::ConfirmCancel),
            ..Default::default()
        };
        assert_eq!(action_for(key(KeyCode::Enter), &s), Some(Action::Submit));
        assert_eq!(action_for(key(KeyCode::Char('y')), &s), Some(Action::Yes));
        assert_eq!(
            action_for(key(KeyCode::Char('q')), &s),
            None,
            "q must not quit from a popup"
        );
    }

    #[test]
    fn deregister_is_the_first_hint_in_the_revisions_pane() {
        let s = AppState {
            focus: Focus::Revisions,
            ..Default::default()
        };
        assert_eq!(hints(&s)[0].0, "d");
        assert_eq!(hints(&s)[1].0, "D");
    }

    #[test]
    fn every_binding_has_keys_and_description() {
        for b in BINDINGS {
            assert!(!b.keys.is_empty() && !b.desc.is_empty() && !b.label.is_empty());
        }
    }
}
