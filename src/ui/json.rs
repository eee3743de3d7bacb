//! The JSON view: the whole task definition, pretty-printed and coloured, the values the
//! summary masks masked here too unless revealed.

use ratatui::style::Style;
use ratatui::text::{Line, Span};

use super::doc::Doc;
use super::theme::Theme;
use crate::ecs::TaskDef;

/// Appends the JSON of `td` to `d`, one document line per JSON line, never wrapped: a long
/// line runs past the pane and `←`/`→` scroll to it, so no indentation lands inside a string
/// and text copied off the screen is the JSON itself.
pub fn build(d: &mut Doc<'_>, td: &TaskDef, reveal: bool) {
    let text = crate::masking::json_text(td, reveal);
    let theme = d.theme();
    for line in text.lines() {
        d.lines.push(Line::from(colour(line, theme)));
    }
}

/// Splits one pretty-printed line into coloured tokens.
pub fn colour(line: &str, t: &Theme) -> Vec<Span<'static>> {
    let mut out = Vec::new();
    let b = line.as_bytes();
    let mut i = 0;
    while i < b.len() {
        let start = i;
        let style = match b[i] {
            b'"' => {
                i += 1;
                while i < b.len() && b[i] != b'"' {
                    i += if b[i] == b'\\' { 2 } else { 1 };
                }
                i = (i + 1).min(b.len());
                let after = line.get(i..).unwrap_or("").trim_start();
                if after.starts_with(':') {
                    t.json_key
                } else {
                    t.json_string
                }
            }
            b'-' | b'0'..=b'9' => {
                while i < b.len() && matches!(b[i], b'-' | b'+' | b'.' | b'e' | b'E' | b'0'..=b'9')
                {
                    i += 1;
                }
                t.json_number
            }
            b'a'..=b'z' => {
                while i < b.len() && b[i].is_ascii_lowercase() {
                    i += 1;
                }
                t.json_literal
            }
            _ => {
                while i < b.len() && !matches!(b[i], b'"' | b'-' | b'0'..=b'9' | b'a'..=b'z') {
                    i += 1;
                }
                Style::new()
            }
        };
        // Escapes never split a UTF-8 sequence, but a stray trailing backslash could overshoot.
        let end = i.min(b.len());
        if let Some(s) = line.get(start..end) {
            out.push(Span::styled(s.to_string(), style));
        }
        i = end;
    }
    out
}

#[cfg(test)]
mod tests;
