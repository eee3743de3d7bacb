//! The event loop: terminal events, worker results and ticks go through `update`; effects go
//! to the worker; the screen is redrawn from state. Nothing here waits on the network.

use std::time::Duration;

use anyhow::Context as _;
use crossterm::event::{Event, EventStream, KeyCode, KeyEvent, KeyEventKind, KeyModifiers};
use futures::StreamExt;
use nix::sys::signal::Signal;
use tokio::signal::unix::{SignalKind, signal};
use tokio::sync::mpsc;

use crate::app::{Action, AppState, keymap, update};
use crate::terminal::TerminalGuard;
use crate::ui::{self, Theme};
use crate::worker::Worker;

/// How often the clock ticks (expiring messages, firing settled describes).
pub const TICK: Duration = Duration::from_millis(100);

/// How the UI ended; the exit status follows shell conventions.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exit {
    /// `q`, or the terminal went away: status 0.
    Quit,
    /// A signal (SIGINT, SIGHUP, SIGTERM), or Ctrl-C typed: status 128 + its number.
    Signal(Signal),
}

impl Exit {
    /// The process exit status: 0, or 130 / 129 / 143 for SIGINT / SIGHUP / SIGTERM.
    pub fn code(self) -> u8 {
        match self {
            Exit::Quit => 0,
            Exit::Signal(s) => u8::try_from(128 + s as i32).unwrap_or(u8::MAX),
        }
    }
}

fn ctrl(key: &KeyEvent, c: char) -> bool {
    key.code == KeyCode::Char(c) && key.modifiers.contains(KeyModifiers::CONTROL)
}

/// Runs the UI until the user quits or a signal arrives; restores the terminal on every path.
pub async fn run(
    mut state: AppState,
    mut worker: Worker,
    mut results: mpsc::UnboundedReceiver<Action>,
    theme: Theme,
    exit_after_first_frame: bool,
) -> anyhow::Result<Exit> {
    let listen = |s: Signal| {
        signal(SignalKind::from_raw(s as i32)).with_context(|| format!("cannot listen for {s}"))
    };
    let mut sigterm = listen(Signal::SIGTERM)?;
    let mut sighup = listen(Signal::SIGHUP)?;
    let mut sigint = listen(Signal::SIGINT)?;
    let mut sigtstp = listen(Signal::SIGTSTP)?;
    let mut guard = TerminalGuard::enter().context("cannot set up the terminal")?;
    let size = guard
        .terminal
        .size()
        .context("cannot read the terminal size")?;
    state.size = (size.width, size.height);
    for fx in update::init(&mut state, jiff::Timestamp::now()) {
        worker.run(fx);
    }
    // What is already waiting (the cache's front) belongs in the first frame.
    while let Ok(a) = results.try_recv() {
        apply(&mut state, &mut worker, a);
    }
    let mut events = EventStream::new();
    let mut tick = tokio::time::interval(TICK);
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Skip);
    // Ctrl-C in raw mode is a key, not SIGINT; quitting with it still reports an interrupt.
    let mut interrupted = false;
    let exit = loop {
        guard
            .terminal
            .draw(|f| ui::render(f, &state, &theme))
            .context("cannot draw")?;
        if exit_after_first_frame {
            break Exit::Quit;
        }
        let action = tokio::select! {
            ev = events.next() => match ev {
                // Raw mode turns the terminal's suspend character into a key: do what it would.
                Some(Ok(Event::Key(k))) if k.kind != KeyEventKind::Release && ctrl(&k, 'z') => {
                    suspend(&mut guard, &mut state, &mut worker)?;
                    continue;
                }
                Some(Ok(Event::Key(k))) if k.kind != KeyEventKind::Release => {
                    interrupted = ctrl(&k, 'c');
                    keymap::action_for(k, &state)
                }
                Some(Ok(Event::Resize(w, h))) => Some(Action::Resize(w, h)),
                Some(Ok(_)) => None,
                // The terminal went away (e.g. SSH dropped): leave cleanly.
                Some(Err(_)) | None => Some(Action::Quit),
            },
            Some(a) = results.recv() => Some(a),
            _ = tick.tick() => Some(Action::Tick),
            // A signal (SSH dropped, kill) leaves at once, job or not: the journal has the record.
            _ = sigterm.recv() => break Exit::Signal(Signal::SIGTERM),
            _ = sighup.recv() => break Exit::Signal(Signal::SIGHUP),
            _ = sigint.recv() => break Exit::Signal(Signal::SIGINT),
            _ = sigtstp.recv() => {
                suspend(&mut guard, &mut state, &mut worker)?;
                continue;
            }
        };
        let Some(action) = action else { continue };
        apply(&mut state, &mut worker, action);
        // Take every result already waiting before the next frame: one frame per burst.
        while let Ok(a) = results.try_recv() {
            apply(&mut state, &mut worker, a);
        }
        if state.quit {
            break if interrupted {
                Exit::Signal(Signal::SIGINT)
            } else {
                Exit::Quit
            };
        }
    };
    drop(guard);
    worker.save_cache(&state);
    Ok(exit)
}

/// Stops until `fg`, then takes the size again: the window may have changed meanwhile.
fn suspend(
    guard: &mut TerminalGuard,
    state: &mut AppState,
    worker: &mut Worker,
) -> anyhow::Result<()> {
    guard.suspend().context("cannot suspend")?;
    if let Ok(size) = guard.terminal.size() {
        apply(state, worker, Action::Resize(size.width, size.height));
    }
    Ok(())
}

fn apply(state: &mut AppState, worker: &mut Worker, action: Action) {
    // `update` scrolls popups by what the screen shows; the screen measures it here, only
    // for the keys that scroll (measuring wraps the popup's text).
    if action.is_movement() {
        state.popup_range = crate::ui::popup_scroll(state);
    }
    // `n`/`N` and Enter go to a match by the lines the screen wraps the detail text into.
    if matches!(
        action,
        Action::SearchNext | Action::SearchPrev | Action::Submit
    ) && let Some(lines) = state
        .search
        .is_some()
        .then(|| crate::ui::search_lines(state))
        && let Some(s) = state.search.as_mut()
    {
        s.lines = lines;
    }
    for fx in update::update(state, action, jiff::Timestamp::now()) {
        match fx {
            // Between frames, so the sequence never lands inside a half-drawn screen.
            crate::app::Effect::Copy { text } => {
                if let Err(e) = crate::clipboard::copy(&mut std::io::stdout(), &text) {
                    tracing::warn!("cannot write the clipboard sequence: {e}");
                }
            }
            fx => worker.run(fx),
        }
    }
}

#[cfg(test)]
mod tests;
