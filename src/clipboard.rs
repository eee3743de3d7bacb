//! Copying to the operator's clipboard with OSC 52: the terminal (or tmux with
//! `set-clipboard on`, and through SSH) puts the text on the local clipboard, so it works on a
//! bastion with no display. Only the runtime writes it, between frames.

use std::io::Write;

use base64::Engine as _;

/// The escape sequence that asks the terminal to set the clipboard (`c`) to `text`.
pub fn osc52(text: &str) -> String {
    let encoded = base64::engine::general_purpose::STANDARD.encode(text.as_bytes());
    // BEL ends it: older tmux and xterm accept BEL where some do not accept ST.
    format!("\x1b]52;c;{encoded}\x07")
}

/// Writes the OSC 52 sequence for `text` to `out` and flushes it.
pub fn copy(out: &mut impl Write, text: &str) -> std::io::Result<()> {
    out.write_all(osc52(text).as_bytes())?;
    out.flush()
}

#[cfg(test)]
mod tests;
