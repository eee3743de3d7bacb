//! The binding table: one line per binding, in help order.

use crossterm::event::{KeyCode, KeyModifiers};

use super::{Binding, Context, NONE, SHIFT};
use crate::app::action::Action;

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
#[rustfmt::skip]
pub static BINDINGS: &[Binding] = &[
    bind!(Global, [ch('q'), (KeyCode::Char('c'), CTRL)], "q", Action::Quit, "quit"),
    bind!(Global, [ch('?')], "?", Action::ToggleHelp, "show this help"),
    bind!(Global, [ch('j'), (KeyCode::Down, NONE)], "j/↓", Action::Down, "move down"),
    bind!(Global, [ch('k'), (KeyCode::Up, NONE)], "k/↑", Action::Up, "move up"),
    bind!(Global, [ch('g'), (KeyCode::Home, NONE)], "g", Action::Top, "go to the top"),
    bind!(Global, [ch('G'), (KeyCode::End, NONE)], "G", Action::Bottom, "go to the bottom"),
    bind!(Global, [(KeyCode::PageUp, NONE), (KeyCode::Char('b'), CTRL)], "PgUp", Action::PageUp, "one page up"),
    bind!(Global, [(KeyCode::PageDown, NONE), (KeyCode::Char('f'), CTRL)], "PgDn", Action::PageDown, "one page down"),
    bind!(Global, [(KeyCode::Tab, NONE), ch('l'), (KeyCode::Right, NONE)], "Tab/l", Action::FocusNext, "next pane"),
    bind!(Global, [(KeyCode::BackTab, SHIFT), (KeyCode::BackTab, NONE), ch('h'), (KeyCode::Left, NONE)], "S-Tab/h", Action::FocusPrev, "previous pane"),
    bind!(Global, [(KeyCode::Enter, NONE)], "Enter", Action::Enter, "open the selection"),
    bind!(Global, [(KeyCode::Esc, NONE)], "Esc", Action::Back, "back / clear the filter"),
    bind!(Global, [ch('/')], "/", Action::StartFilter, "filter the focused list"),
    bind!(Global, [ch('s')], "s", Action::CycleStatus, "status filter: ACTIVE, INACTIVE, ALL"),
    bind!(Global, [ch('r'), (KeyCode::F(5), NONE)], "r", Action::Refresh, "refresh from ECS"),
    bind!(Global, [ch('S')], "S", Action::ShowServices, "services and tasks using this family"),
    bind!(Global, [ch('X')], "X", Action::CancelJob, "cancel the running job"),
    bind!(Global, [ch('R')], "R", Action::RetryFailed, "retry the last job's failures"),
    bind!(Families, [ch('o')], "o", Action::CycleSort, "sort: name, revisions, newest"),
    bind!(Families, [ch('K')], "K", Action::KeepNewest, "keep newest N in every family shown"),
    bind!(Revisions, [ch('o')], "o", Action::CycleSort, "sort: newest / oldest first"),
    bind!(Revisions, [ch(' ')], "Space", Action::ToggleMark, "mark / unmark"),
    bind!(Revisions, [ch('V')], "V", Action::RangeMark, "start / end a range mark"),
    bind!(Revisions, [(KeyCode::Down, SHIFT)], "S-↓", Action::MarkDown, "mark and move down"),
    bind!(Revisions, [(KeyCode::Up, SHIFT)], "S-↑", Action::MarkUp, "mark and move up"),
    bind!(Revisions, [ch('a')], "a", Action::MarkAll, "mark every visible revision"),
    bind!(Revisions, [ch('u')], "u", Action::ClearMarks, "clear all marks"),
    bind!(Revisions, [ch('d')], "d", Action::Deregister, "deregister marked (else current)"),
    bind!(Revisions, [ch('D')], "D", Action::Delete, "delete marked INACTIVE (else current)"),
    bind!(Revisions, [ch('K')], "K", Action::KeepNewest, "keep newest N of this family"),
    bind!(Revisions, [ch('J')], "J", Action::ToggleJson, "JSON view of the revision"),
    bind!(Revisions, [ch('v')], "v", Action::ToggleReveal, "reveal / mask values (this revision)"),
    bind!(Revisions, [ch('z')], "z", Action::ToggleZoom, "full-screen detail (zoom)"),
    bind!(Revisions, [ch('y')], "y", Action::CopyArn, "copy the ARN (OSC 52)"),
    bind!(Revisions, [ch('Y')], "Y", Action::CopyJson, "copy the JSON (masked unless v)"),
    bind!(Detail, [ch('J')], "J", Action::ToggleJson, "summary / JSON view"),
    bind!(Detail, [ch('v')], "v", Action::ToggleReveal, "reveal / mask values (this revision)"),
    bind!(Detail, [ch('z')], "z", Action::ToggleZoom, "zoom / unzoom the detail"),
    bind!(Detail, [(KeyCode::Left, NONE)], "←", Action::ScrollLeft, "JSON: scroll left (summary: pane)"),
    bind!(Detail, [(KeyCode::Right, NONE)], "→", Action::ScrollRight, "JSON: scroll right (summary: pane)"),
    bind!(Detail, [ch('y')], "y", Action::CopyArn, "copy the ARN (OSC 52)"),
    bind!(Detail, [ch('Y')], "Y", Action::CopyJson, "copy the JSON (masked unless v)"),
    bind!(Detail, [ch('d')], "d", Action::Deregister, "deregister this revision"),
    bind!(Detail, [ch('D')], "D", Action::Delete, "delete this INACTIVE revision"),
    bind!(Filter, [(KeyCode::Enter, NONE)], "Enter", Action::Submit, "keep the filter, back to the list"),
    bind!(Filter, [(KeyCode::Esc, NONE)], "Esc", Action::Back, "clear the filter"),
    bind!(Filter, [(KeyCode::Backspace, NONE)], "Bksp", Action::Backspace, "delete a character"),
    bind!(Filter, [(KeyCode::Down, NONE)], "↓", Action::Down, "move down"),
    bind!(Filter, [(KeyCode::Up, NONE)], "↑", Action::Up, "move up"),
    bind!(Confirm, [ch('y'), (KeyCode::Char('Y'), SHIFT)], "y", Action::Yes, "confirm (when no typing is asked)"),
    bind!(Confirm, [ch('n'), (KeyCode::Esc, NONE)], "n/Esc", Action::No, "cancel (the default)"),
    bind!(Confirm, [(KeyCode::Enter, NONE)], "Enter", Action::Submit, "confirm typed text, else cancel"),
    bind!(Confirm, [(KeyCode::Backspace, NONE)], "Bksp", Action::Backspace, "delete a typed character"),
    bind!(Confirm, [(KeyCode::Down, NONE), ch('j')], "j/↓", Action::Down, "scroll the list"),
    bind!(Confirm, [(KeyCode::Up, NONE), ch('k')], "k/↑", Action::Up, "scroll the list"),
    bind!(Confirm, [(KeyCode::PageDown, NONE), (KeyCode::Char('f'), CTRL)], "PgDn", Action::PageDown, "scroll a page down"),
    bind!(Confirm, [(KeyCode::PageUp, NONE), (KeyCode::Char('b'), CTRL)], "PgUp", Action::PageUp, "scroll a page up"),
    bind!(Confirm, [ch('g'), (KeyCode::Home, NONE)], "g", Action::Top, "to the top"),
    bind!(Confirm, [ch('G'), (KeyCode::End, NONE)], "G", Action::Bottom, "to the bottom"),
    bind!(Keep, [(KeyCode::Tab, NONE), (KeyCode::Down, NONE), (KeyCode::Up, NONE)], "Tab", Action::FocusNext, "next field"),
    bind!(Keep, [(KeyCode::Enter, NONE)], "Enter", Action::Submit, "mark what the rule would deregister"),
    bind!(Keep, [(KeyCode::Esc, NONE)], "Esc", Action::Back, "cancel"),
    bind!(Keep, [(KeyCode::Backspace, NONE)], "Bksp", Action::Backspace, "delete a digit"),
    bind!(Summary, [ch('R')], "R", Action::RetryFailed, "retry the failed ones"),
    bind!(Summary, [(KeyCode::Esc, NONE), (KeyCode::Enter, NONE), ch('q')], "Esc", Action::Back, "close"),
    bind!(Summary, [(KeyCode::Down, NONE), ch('j')], "j/↓", Action::Down, "scroll"),
    bind!(Summary, [(KeyCode::Up, NONE), ch('k')], "k/↑", Action::Up, "scroll"),
    bind!(Summary, [(KeyCode::PageDown, NONE), (KeyCode::Char('f'), CTRL)], "PgDn", Action::PageDown, "scroll a page down"),
    bind!(Summary, [(KeyCode::PageUp, NONE), (KeyCode::Char('b'), CTRL)], "PgUp", Action::PageUp, "scroll a page up"),
    bind!(Summary, [ch('g'), (KeyCode::Home, NONE)], "g", Action::Top, "to the top"),
    bind!(Summary, [ch('G'), (KeyCode::End, NONE)], "G", Action::Bottom, "to the bottom"),
    bind!(Unfinished, [ch('a')], "a", Action::AcknowledgeUnfinished, "acknowledge (not listed again)"),
    bind!(Unfinished, [ch('r')], "r", Action::ResumeUnfinished, "resume those still waiting (asks first)"),
    bind!(Unfinished, [(KeyCode::Esc, NONE), (KeyCode::Enter, NONE), ch('q')], "Esc", Action::Back, "close (listed again at the next start)"),
    bind!(Unfinished, [(KeyCode::Down, NONE), ch('j')], "j/↓", Action::Down, "scroll"),
    bind!(Unfinished, [(KeyCode::Up, NONE), ch('k')], "k/↑", Action::Up, "scroll"),
    bind!(Services, [(KeyCode::Enter, NONE)], "Enter", Action::Enter, "go to the revision it runs"),
    bind!(Services, [(KeyCode::Esc, NONE), ch('S'), ch('q')], "Esc/S", Action::Back, "close"),
    bind!(Services, [(KeyCode::Down, NONE), ch('j')], "j/↓", Action::Down, "move down"),
    bind!(Services, [(KeyCode::Up, NONE), ch('k')], "k/↑", Action::Up, "move up"),
    bind!(Services, [(KeyCode::PageDown, NONE), (KeyCode::Char('f'), CTRL)], "PgDn", Action::PageDown, "a page down"),
    bind!(Services, [(KeyCode::PageUp, NONE), (KeyCode::Char('b'), CTRL)], "PgUp", Action::PageUp, "a page up"),
    bind!(Services, [ch('g'), (KeyCode::Home, NONE)], "g", Action::Top, "to the top"),
    bind!(Services, [ch('G'), (KeyCode::End, NONE)], "G", Action::Bottom, "to the bottom"),
    bind!(Help, [(KeyCode::Esc, NONE), ch('?'), ch('q')], "Esc/?", Action::ToggleHelp, "close help"),
    bind!(Help, [(KeyCode::Down, NONE), ch('j')], "j/↓", Action::Down, "scroll"),
    bind!(Help, [(KeyCode::Up, NONE), ch('k')], "k/↑", Action::Up, "scroll"),
    bind!(Help, [(KeyCode::PageDown, NONE), (KeyCode::Char('f'), CTRL)], "PgDn", Action::PageDown, "scroll a page down"),
    bind!(Help, [(KeyCode::PageUp, NONE), (KeyCode::Char('b'), CTRL)], "PgUp", Action::PageUp, "scroll a page up"),
    bind!(Help, [ch('g'), (KeyCode::Home, NONE)], "g", Action::Top, "to the top"),
    bind!(Help, [ch('G'), (KeyCode::End, NONE)], "G", Action::Bottom, "to the bottom"),
];
