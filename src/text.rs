//! Text from elsewhere (ECS, endpoints, credential helpers) made safe for a terminal, and the
//! few wordings (`plural`, `duration`) shared by the UI and the command-line tools.
//!
//! A family name or an error message can carry escape sequences that retitle the window,
//! clear the screen or write the clipboard (OSC 52), or bidi overrides that reorder what is
//! shown. Everything printed to stdout or stderr goes through [`escape`]; the UI draws through
//! ratatui, which drops control characters itself.

use std::borrow::Cow;
use std::fmt::Write as _;

/// True for characters a terminal acts on or that reorder text: C0, DEL, C1 and the Unicode
/// bidirectional controls (U+061C, U+200E/F, U+202A..U+202E, U+2066..U+2069).
pub fn is_unsafe(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{061c}' | '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}'
        )
}

/// `s` with every unsafe character written as a visible escape: `\x1b` for C0, DEL and C1
/// (tab and newline included, so one field stays one field and one line), `\u{202e}` for the
/// bidi controls. Borrowed when there is nothing to escape.
pub fn escape(s: &str) -> Cow<'_, str> {
    if !s.chars().any(is_unsafe) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 16);
    for c in s.chars() {
        if !is_unsafe(c) {
            out.push(c);
        } else if (c as u32) < 0x100 {
            let _ = write!(out, "\\x{:02x}", c as u32);
        } else {
            let _ = write!(out, "\\u{{{:04x}}}", c as u32);
        }
    }
    Cow::Owned(out)
}

/// `n thing` / `n things`, for messages on the screen and on stderr.
pub fn plural(n: usize, one: &str, many: &str) -> String {
    if n == 1 {
        format!("1 {one}")
    } else {
        format!("{n} {many}")
    }
}

/// A duration for ETAs and pace notes: `45s`, `6m 18s`, `2h 05m`; shared by `ui` and `jobs`.
pub fn duration(secs: u64) -> String {
    let (h, m, s) = (secs / 3600, (secs % 3600) / 60, secs % 60);
    if h > 0 {
        format!("{h}h {m:02}m")
    } else if m > 0 {
        format!("{m}m {s:02}s")
    } else {
        format!("{s}s")
    }
}

#[cfg(test)]
mod tests;
