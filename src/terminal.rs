//! Entering and leaving the full-screen terminal, so it is restored on every way out,
//! including a suspend (Ctrl-Z) and the `fg` that follows it.

use std::io;

use crossterm::{cursor, execute, terminal};
use nix::sys::signal::{Signal, raise};
use ratatui::DefaultTerminal;
use ratatui::backend::CrosstermBackend;

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

    /// Ctrl-Z or SIGTSTP: gives the shell its terminal back (cooked mode, main screen,
    /// cursor), stops the process, and once continued (`fg`) takes the terminal again and
    /// forgets what was on screen, so the next draw repaints everything.
    pub fn suspend(&mut self) -> io::Result<()> {
        terminal::disable_raw_mode()?;
        execute!(io::stdout(), terminal::LeaveAlternateScreen, cursor::Show)?;
        // SIGSTOP, not SIGTSTP: the runtime catches SIGTSTP to get here, and cannot uncatch it.
        raise(Signal::SIGSTOP).map_err(io::Error::from)?;
        terminal::enable_raw_mode()?;
        // A fresh terminal has no previous frame, so the next draw paints every cell.
        // (`Terminal::clear` would ask the terminal for the cursor position: a round trip
        // that can time out right after `fg`.)
        self.terminal = ratatui::Terminal::new(CrosstermBackend::new(io::stdout()))?;
        execute!(
            io::stdout(),
            terminal::EnterAlternateScreen,
            terminal::Clear(terminal::ClearType::All),
            cursor::Hide
        )
    }
}

impl Drop for TerminalGuard {
    fn drop(&mut self) {
        ratatui::restore();
    }
}
