//! Key overrides from the config file (`[keys]`): they replace the keys of an action in the
//! table itself, once at start, so dispatch, the `?` help and the hints all follow them.
//!
//! Only the panes' keys can be changed; popup keys (confirm `y`, cancel `n`/`Esc`) stay as
//! they are, so a confirmation always reads the same.

use std::sync::OnceLock;

use crossterm::event::{KeyCode, KeyModifiers};

use super::{Binding, Context, accepts};
use crate::app::action::Action;

/// The action names `[keys]` accepts, with the action each one rebinds.
pub const ACTION_NAMES: &[(&str, Action)] = &[
    ("quit", Action::Quit),
    ("help", Action::ToggleHelp),
    ("down", Action::Down),
    ("up", Action::Up),
    ("top", Action::Top),
    ("bottom", Action::Bottom),
    ("page_up", Action::PageUp),
    ("page_down", Action::PageDown),
    ("next_pane", Action::FocusNext),
    ("previous_pane", Action::FocusPrev),
    ("open", Action::Enter),
    ("back", Action::Back),
    ("filter", Action::StartFilter),
    ("status", Action::CycleStatus),
    ("refresh", Action::Refresh),
    ("services", Action::ShowServices),
    ("cancel_job", Action::CancelJob),
    ("retry", Action::RetryFailed),
    ("sort", Action::CycleSort),
    ("keep_newest", Action::KeepNewest),
    ("mark", Action::ToggleMark),
    ("range_mark", Action::RangeMark),
    ("mark_all", Action::MarkAll),
    ("clear_marks", Action::ClearMarks),
    ("deregister", Action::Deregister),
    ("delete", Action::Delete),
    ("json", Action::ToggleJson),
    ("reveal", Action::ToggleReveal),
    ("zoom", Action::ToggleZoom),
    ("copy_arn", Action::CopyArn),
    ("copy_json", Action::CopyJson),
];

/// The contexts whose keys can be overridden.
const PANES: &[Context] = &[
    Context::Global,
    Context::Families,
    Context::Revisions,
    Context::Detail,
];

static TABLE: OnceLock<Vec<Binding>> = OnceLock::new();

/// The bindings in force: the built-in table, or it with the overrides installed at start.
pub fn bindings() -> &'static [Binding] {
    TABLE.get().map_or(super::BINDINGS, Vec::as_slice)
}

/// Makes `table` the bindings in force for the rest of the run (the first call wins).
pub fn install(table: Vec<Binding>) {
    let _ = TABLE.set(table);
}

/// Parses `x`, `X`, `Space`, `Enter`, `Esc`, `Tab`, `Backspace`, `Up`/`Down`/`Left`/`Right`,
/// `PgUp`/`PgDn`, `Home`/`End`, `F1`..`F12`, and `Ctrl-x` (also `C-x`).
pub fn parse_key(s: &str) -> Result<(KeyCode, KeyModifiers), String> {
    let ctrl = s
        .strip_prefix("Ctrl-")
        .or_else(|| s.strip_prefix("ctrl-"))
        .or_else(|| s.strip_prefix("C-"));
    if let Some(rest) = ctrl {
        let mut chars = rest.chars();
        return match (chars.next(), chars.next()) {
            (Some(c), None) if c.is_ascii_alphabetic() => {
                Ok((KeyCode::Char(c.to_ascii_lowercase()), KeyModifiers::CONTROL))
            }
            _ => Err(format!("`{s}`: Ctrl- takes one letter")),
        };
    }
    let mut chars = s.chars();
    if let (Some(c), None) = (chars.next(), chars.next())
        && !c.is_control()
        && c != ' '
    {
        return Ok((KeyCode::Char(c), KeyModifiers::NONE));
    }
    let code = match s.to_ascii_lowercase().as_str() {
        "space" => KeyCode::Char(' '),
        "enter" => KeyCode::Enter,
        "esc" | "escape" => KeyCode::Esc,
        "tab" => KeyCode::Tab,
        "backspace" => KeyCode::Backspace,
        "up" => KeyCode::Up,
        "down" => KeyCode::Down,
        "left" => KeyCode::Left,
        "right" => KeyCode::Right,
        "pgup" | "pageup" => KeyCode::PageUp,
        "pgdn" | "pagedown" => KeyCode::PageDown,
        "home" => KeyCode::Home,
        "end" => KeyCode::End,
        f if f.starts_with('f') => match f[1..].parse::<u8>() {
            Ok(n @ 1..=12) => KeyCode::F(n),
            _ => return Err(format!("`{s}` is not a key")),
        },
        _ => {
            return Err(format!(
                "`{s}` is not a key (a character, Space, Enter, Esc, Tab, Up, PgDn, F5, Ctrl-x, ...)"
            ));
        }
    };
    Ok((code, KeyModifiers::NONE))
}

/// The built-in table with `overrides` (`(action name, key names)`) applied. An error names
/// the action whose override is wrong: `(name, reason)`.
pub fn apply(overrides: &[(String, Vec<String>)]) -> Result<Vec<Binding>, (String, String)> {
    let mut table: Vec<Binding> = super::BINDINGS
        .iter()
        .map(|b| Binding {
            context: b.context,
            keys: b.keys,
            label: b.label,
            action: b.action.clone(),
            desc: b.desc,
        })
        .collect();
    let mut changed = Vec::new();
    for (name, keys) in overrides {
        let err = |m: String| (name.clone(), m);
        let action = ACTION_NAMES
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, a)| a.clone())
            .ok_or_else(|| {
                err(format!(
                    "no such action (one of {})",
                    ACTION_NAMES
                        .iter()
                        .map(|(n, _)| *n)
                        .collect::<Vec<_>>()
                        .join(", ")
                ))
            })?;
        if keys.is_empty() {
            return Err(err("give at least one key".into()));
        }
        let parsed = keys
            .iter()
            .map(|k| parse_key(k))
            .collect::<Result<Vec<_>, _>>()
            .map_err(err)?;
        // Once per run, bounded by the file: the table holds `'static` keys and labels.
        let parsed: &'static [(KeyCode, KeyModifiers)] = Box::leak(parsed.into_boxed_slice());
        let label: &'static str = Box::leak(keys.join("/").into_boxed_str());
        for (i, b) in table.iter_mut().enumerate() {
            if b.action == action && PANES.contains(&b.context) {
                b.keys = parsed;
                b.label = label;
                changed.push((i, name.clone()));
            }
        }
    }
    for (i, name) in &changed {
        let b = &table[*i];
        for &k in b.keys {
            let clash = table.iter().enumerate().find(|(j, o)| {
                j != i
                    && shares_keys(b.context, o.context)
                    && o.keys.iter().any(|&x| accepts(x, k) || accepts(k, x))
            });
            if let Some((_, o)) = clash {
                return Err((
                    name.clone(),
                    format!(
                        "`{}` is already bound to \"{}\" ({})",
                        b.label,
                        o.desc,
                        o.context.title()
                    ),
                ));
            }
        }
    }
    Ok(table)
}

/// True when a key pressed in one context could reach bindings of both: a pane and `Global`.
fn shares_keys(a: Context, b: Context) -> bool {
    a == b
        || (PANES.contains(&a)
            && PANES.contains(&b)
            && (a == Context::Global || b == Context::Global))
}

#[cfg(test)]
mod tests;
