//! Entering and leaving the full-screen terminal, so it is restored on every way out.

use std::io;

use ratatui::DefaultTerminal;

/// Restores the terminal when dropped: normal exit, `?` errors and unwinding panics alike.
pub struct TerminalGuard {
    /// The ratatui terminal.
    pub terminal: DefaultTerminal,
}

impl TerminalGuard {
    /// Enters raw mode and the alternate screen; installs ratatui's restoring panic hook.
    pub fn enter() -> io::Result<Self> {
        let terminal = ratatui::try_init()?;
        Ok(TerminalGuard { terminal })
    }
}

impl Drop for TerminalGuard {
    fn drop(&mut self) {
        ratatui::restore();
    }
}
