//! The event loop: terminal events, worker results and ticks go through `update`; effects go
//! to the worker; the screen is redrawn from state. Nothing here waits on the network.

use std::time::Duration;

use anyhow::Context as _;
use crossterm::event::{Event, EventStream, KeyEventKind};
use futures::StreamExt;
use tokio::signal::unix::{SignalKind, signal};
use tokio::sync::mpsc;

use crate::app::{Action, AppState, keymap, update};
use crate::terminal::TerminalGuard;
use crate::ui::{self, Theme};
use crate::worker::Worker;

/// How often the clock ticks (expiring messages, firing settled describes).
pub const TICK: Duration = Duration::from_millis(100);

/// Runs the UI until the user quits or a signal arrives; restores the terminal on every path.
pub async fn run(
    mut state: AppState,
    mut worker: Worker,
    mut results: mpsc::UnboundedReceiver<Action>,
    theme: Theme,
    exit_after_first_frame: bool,
) -> anyhow::Result<()> {
    let mut sigterm = signal(SignalKind::terminate()).context("cannot listen for SIGTERM")?;
    let mut sighup = signal(SignalKind::hangup()).context("cannot listen for SIGHUP")?;
    let mut guard = TerminalGuard::enter().context("cannot set up the terminal")?;
    let size = guard
        .terminal
        .size()
        .context("cannot read the terminal size")?;
    state.size = (size.width, size.height);
    for fx in update::init(&mut state, jiff::Timestamp::now()) {
        worker.run(fx);
    }
    let mut events = EventStream::new();
    let mut tick = tokio::time::interval(TICK);
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Skip);
    loop {
        guard
            .terminal
            .draw(|f| ui::render(f, &state, &theme))
            .context("cannot draw")?;
        if exit_after_first_frame {
            break;
        }
        let action = tokio::select! {
            ev = events.next() => match ev {
                Some(Ok(Event::Key(k))) if k.kind != KeyEventKind::Release => keymap::action_for(k, &state),
                Some(Ok(Event::Resize(w, h))) => Some(Action::Resize(w, h)),
                Some(Ok(_)) => None,
                // The terminal went away (e.g. SSH dropped): leave cleanly.
                Some(Err(_)) | None => Some(Action::Quit),
            },
            Some(a) = results.recv() => Some(a),
            _ = tick.tick() => Some(Action::Tick),
            // A signal (SSH dropped, kill) leaves at once, job or not: the journal has the record.
            _ = sigterm.recv() => break,
            _ = sighup.recv() => break,
        };
        let Some(action) = action else { continue };
        apply(&mut state, &mut worker, action);
        // Take every result already waiting before the next frame: one frame per burst.
        while let Ok(a) = results.try_recv() {
            apply(&mut state, &mut worker, a);
        }
        if state.quit {
            break;
        }
    }
    drop(guard);
    Ok(())
}

fn apply(state: &mut AppState, worker: &mut Worker, action: Action) {
    for fx in update::update(state, action, jiff::Timestamp::now()) {
        worker.run(fx);
    }
}
