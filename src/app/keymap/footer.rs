//! Popup footers written from the binding table, so a footer can never name a key that does
//! not do what it says.
//!
//! A footer is a list of (action, words): the key text comes from that action's binding in the
//! popup's context. Every footer the screen draws is listed in `FOOTERS`, and a test checks
//! that each of its actions is bound there.

use crossterm::event::{KeyCode, KeyModifiers};

use super::{Binding, Context, bindings_for};
use crate::app::action::Action;

/// What a footer says: each action's keys, then the words after them.
pub type Spec = &'static [(Action, &'static str)];

/// The confirmation footer when `y` suffices.
pub const CONFIRM: Spec = &[(Action::Yes, " = yes, "), (Action::No, " = no (default)")];
/// The confirmation footer while the operator types the required text.
pub const CONFIRM_TYPED: Spec = &[
    (Action::Submit, " = confirm, "),
    (Action::No, " = no (default)"),
];
/// The "cancel the running job?" footer.
pub const CANCEL_JOB: Spec = &[
    (Action::Yes, " = stop, "),
    (Action::No, " = keep running (default)"),
];
/// The keep-newest-N prompt's footer.
pub const KEEP: Spec = &[
    (Action::FocusNext, " next field · "),
    (Action::Submit, " mark · "),
    (Action::Back, " cancel"),
];
/// The job summary's footer when failures can be retried.
pub const SUMMARY_RETRY: Spec = &[
    (Action::RetryFailed, " retry failed · "),
    (Action::Back, " close"),
];
/// The job summary's footer.
pub const SUMMARY: Spec = &[(Action::Back, " close")];
/// The unfinished-calls popup's footer.
pub const UNFINISHED: Spec = &[
    (Action::ResumeUnfinished, " resume · "),
    (Action::AcknowledgeUnfinished, " acknowledge · "),
    (Action::Back, " close"),
];
/// The help popup's footer (its scroll keys follow).
pub const HELP: Spec = &[(Action::ToggleHelp, " close · ")];

/// The export prompt's footer while the path is typed.
pub const EXPORT: Spec = &[(Action::Submit, " = write, "), (Action::No, " = cancel")];
/// The export prompt's footer once the file exists.
pub const EXPORT_EXISTS: Spec = &[
    (Action::Yes, " = overwrite, "),
    (Action::No, " = keep it (default)"),
];

/// The command line's footer.
pub const COMMAND: Spec = &[
    (Action::Submit, " run · "),
    (Action::Complete, " complete · "),
    (Action::Back, " close"),
];

/// Every footer with the context whose bindings it names; the popups that scroll.
pub const FOOTERS: &[(Context, Spec)] = &[
    (Context::Confirm, CONFIRM),
    (Context::Confirm, CONFIRM_TYPED),
    (Context::Confirm, CANCEL_JOB),
    (Context::Keep, KEEP),
    (Context::Summary, SUMMARY_RETRY),
    (Context::Summary, SUMMARY),
    (Context::Unfinished, UNFINISHED),
    (Context::Help, HELP),
    (Context::Export, EXPORT),
    (Context::Export, EXPORT_EXISTS),
    (Context::Command, COMMAND),
];

/// Contexts whose popups scroll and show `scroll_keys` in their footer.
pub const SCROLLING: &[Context] = &[
    Context::Confirm,
    Context::Summary,
    Context::Unfinished,
    Context::Help,
];

fn binding(ctx: Context, action: &Action) -> Option<&'static Binding> {
    bindings_for(ctx).find(|b| b.action == *action)
}

/// How one key is written: characters as themselves, named keys by name.
fn key_name(key: (KeyCode, KeyModifiers)) -> Option<String> {
    if !key.1.difference(KeyModifiers::SHIFT).is_empty() {
        return None;
    }
    Some(match key.0 {
        KeyCode::Char(' ') => "Space".into(),
        KeyCode::Char(c) => c.to_string(),
        KeyCode::Esc => "Esc".into(),
        KeyCode::Enter => "Enter".into(),
        KeyCode::Tab => "Tab".into(),
        KeyCode::Backspace => "Bksp".into(),
        KeyCode::Up => "↑".into(),
        KeyCode::Down => "↓".into(),
        KeyCode::PageUp => "PgUp".into(),
        KeyCode::PageDown => "PgDn".into(),
        _ => return None,
    })
}

/// The keys of `action` in `ctx`: the binding's label, or, while characters are typed text,
/// only its keys that are not characters (`n/Esc` becomes `Esc`).
pub fn keys(ctx: Context, action: &Action, typing: bool) -> Option<String> {
    let b = binding(ctx, action)?;
    if !typing {
        return Some(b.label.to_string());
    }
    let named: Vec<String> = b
        .keys
        .iter()
        .filter(|k| !matches!(k.0, KeyCode::Char(_)))
        .filter_map(|&k| key_name(k))
        .collect();
    (!named.is_empty()).then(|| named.join("/"))
}

/// A footer as (keys, words) pairs; an action not bound in `ctx` is left out (the test
/// below makes sure there is none).
pub fn footer(ctx: Context, spec: Spec, typing: bool) -> Vec<(String, &'static str)> {
    spec.iter()
        .filter_map(|(a, words)| keys(ctx, a, typing).map(|k| (k, *words)))
        .collect()
}

/// The scroll keys of a popup, e.g. `j/k PgUp/PgDn g/G`, or `↑/↓ PgUp/PgDn` while typing.
pub fn scroll_keys(ctx: Context, typing: bool) -> String {
    let first = |a: Action, chars: bool| -> Option<String> {
        binding(ctx, &a)?
            .keys
            .iter()
            .filter(|k| matches!(k.0, KeyCode::Char(_)) == chars)
            .find_map(|&k| key_name(k))
    };
    let pair = |a: Action, b: Action, chars: bool| -> Option<String> {
        Some(format!("{}/{}", first(a, chars)?, first(b, chars)?))
    };
    let parts = if typing {
        [
            pair(Action::Up, Action::Down, false),
            pair(Action::PageUp, Action::PageDown, false),
        ]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
    } else {
        [
            pair(Action::Down, Action::Up, true),
            pair(Action::PageUp, Action::PageDown, false),
            pair(Action::Top, Action::Bottom, true),
        ]
        .into_iter()
        .flatten()
        .collect()
    };
    parts.join(" ")
}

#[cfg(test)]
mod tests;
