//! The pure state transition: `update(state, action, now) -> effects`.
//!
//! No IO, no clock reads, no channels: everything it needs arrives in the action or `now`,
//! and everything it wants done leaves as an `Effect`.

mod cached;
mod command;
mod confirm;
mod contexts_cmd;
mod copy;
mod diff;
mod export;
mod job;
mod keep;
mod lists;
mod marks;
mod messages;
mod mutate;
mod nav;
mod popup;
mod scan;
mod search;
mod services;
mod sort;
mod unfinished;
mod view;

use jiff::{SignedDuration, Timestamp};

use super::action::Action;
use super::effect::Effect;
use super::state::{AppState, Flash, Focus, Level, Modal};

pub use lists::{load_families, settle_now};
pub use scan::RESCAN_EVERY;

/// A fresh request or job id: results carry it, and stale ones are dropped.
pub(super) fn next_id(state: &mut AppState) -> u64 {
    state.next_id += 1;
    state.next_id
}

/// How long the cursor must rest before describes and listings for it fire.
pub const SETTLE: SignedDuration = SignedDuration::from_millis(150);
/// How long flash messages stay.
pub const FLASH_FOR: SignedDuration = SignedDuration::from_secs(6);
/// How long errors stay.
pub const ERROR_FOR: SignedDuration = SignedDuration::from_secs(15);
/// How long the app trusts its own completed mutations over listings (AWS eventual consistency).
pub const TRUST_OWN_RESULTS_FOR: SignedDuration = SignedDuration::from_mins(10);

/// Effects to run at start: list families and scan what is in use.
pub fn init(state: &mut AppState, now: Timestamp) -> Vec<Effect> {
    state.now = now;
    let mut fx = load_families(state);
    fx.push(scan::start_scan(state));
    fx
}

/// Applies one action; returns the IO it asks for.
pub fn update(state: &mut AppState, action: Action, now: Timestamp) -> Vec<Effect> {
    state.now = now;
    let shown = shown_revision(state);
    let learned = sort::learns(&action);
    let fx = dispatch(state, action);
    sort::learned(state, learned);
    if shown_revision(state) != shown {
        // Revealed values, the scroll position, a diff and a search belong to the revision
        // they were set on.
        state.detail.reveal = false;
        state.detail.scroll = 0;
        state.diff = None;
        state.search = None;
        state.detail.hscroll = 0;
    }
    if state.focus != Focus::Detail {
        // Zoom belongs to the detail pane: leaving it shows the panes again.
        state.detail.zoom = false;
    }
    fx
}

/// The ARN of the revision the detail pane shows, if any.
fn shown_revision(state: &AppState) -> Option<String> {
    state.revisions.selected().map(|r| r.arn.clone())
}

fn dispatch(state: &mut AppState, action: Action) -> Vec<Effect> {
    // The services view moves its own cursor and answers its own keys.
    if services::takes(state, &action) {
        return services::key(state, &action);
    }
    // A popup has the keyboard: every key goes to its handler, and only there.
    if state.modal.is_some() && popup::is_key(&action) {
        return popup::key(state, action);
    }
    if search::editing(state)
        && matches!(
            action,
            Action::Input(_) | Action::Backspace | Action::Submit | Action::Back
        )
    {
        return search::key(state, action);
    }
    match action {
        Action::Quit => {
            let running = state.job.as_ref().is_some_and(|j| j.finished.is_none());
            if running && !state.quit_armed {
                state.quit_armed = true;
                flash(
                    state,
                    Level::Warn,
                    // Short enough for an 80-column status line.
                    "A job is running: q again to quit (unsent calls are dropped), X to cancel.",
                );
            } else {
                state.quit = true;
            }
            vec![]
        }
        Action::Tick => tick(state),
        Action::Resize(w, h) => {
            state.size = (w, h);
            nav::keep_cursors_visible(state);
            vec![]
        }
        Action::Up
        | Action::Down
        | Action::Top
        | Action::Bottom
        | Action::PageUp
        | Action::PageDown => nav::movement(state, &action),
        Action::FocusNext | Action::FocusPrev | Action::Enter | Action::Back => {
            nav::focus(state, &action)
        }
        Action::ToggleHelp => {
            state.modal = Some(Modal::Help { scroll: 0 });
            vec![]
        }
        Action::ToggleJson => {
            state.detail.json = !state.detail.json;
            state.detail.scroll = 0;
            state.detail.hscroll = 0;
            vec![]
        }
        Action::Compare => diff::toggle(state),
        Action::StartSearch => search::start(state),
        Action::StartCommand => command::open(state),
        Action::Complete => vec![],
        Action::ContextSwitched { request, result } => command::switched(state, request, result),
        Action::Profiles(names) => {
            state.context.profiles = names;
            vec![]
        }
        Action::SearchNext => search::step(state, true),
        Action::SearchPrev => search::step(state, false),
        Action::Export => export::open(state),
        Action::Exported { arn, path, result } => export::finished(state, &arn, path, result),
        Action::ToggleReveal => {
            state.detail.reveal = !state.detail.reveal;
            vec![]
        }
        Action::CopyArn | Action::CopyJson => copy::handle(state, &action),
        Action::CycleSort => sort::cycle(state),
        Action::ShowServices if state.modal.is_none() => services::open(state),
        Action::ShowServices => vec![],
        Action::ToggleZoom | Action::ScrollLeft | Action::ScrollRight => {
            view::handle(state, &action)
        }
        Action::StartFilter | Action::Input(_) | Action::Backspace | Action::Submit => {
            text(state, action)
        }
        Action::CycleStatus => {
            state.status_filter = state.status_filter.next();
            lists::reload(state)
        }
        Action::Refresh => {
            let mut fx = lists::reload(state);
            fx.push(scan::start_scan(state));
            flash(state, Level::Info, "Refreshing from ECS.");
            fx
        }
        Action::ToggleMark
        | Action::RangeMark
        | Action::MarkDown
        | Action::MarkUp
        | Action::MarkAll
        | Action::ClearMarks => marks::handle(state, &action),
        Action::Deregister
        | Action::Delete
        | Action::Yes
        | Action::No
        | Action::RetryFailed
        | Action::AcknowledgeUnfinished
        | Action::ResumeUnfinished
        | Action::CancelJob
        | Action::KeepNewest => mutate::handle(state, action),
        Action::FamiliesPage { .. }
        | Action::FamilyCounts { .. }
        | Action::FamiliesFailed { .. }
        | Action::RevisionsPage { .. }
        | Action::RevisionsFailed { .. }
        | Action::Described { .. } => lists::result(state, action),
        Action::KeepProgress { .. } | Action::KeepCollected { .. } => keep::result(state, action),
        Action::JobContextPace {
            job,
            ctx,
            burst_left,
            per_sec,
        } => {
            if let Some(j) = state.job.as_mut().filter(|j| j.id == job) {
                j.flow.contexts.insert(ctx, (burst_left, per_sec));
            }
            vec![]
        }
        Action::ContextConnected { ctx, context } => {
            crate::app::contexts::connected(state, ctx, context);
            vec![]
        }
        Action::ContextFailed { ctx, error } => {
            crate::app::contexts::failed(state, ctx, &error);
            vec![]
        }
        Action::CacheFront {
            families,
            family,
            rows,
            summaries,
        } => cached::front(state, families, family, rows, summaries),
        Action::JobItem { .. }
        | Action::JobProgress { .. }
        | Action::JobFinished { .. }
        | Action::InUseScanned { .. }
        | Action::JobRechecked { .. }
        | Action::Unfinished(_)
        | Action::Acknowledged(_) => mutate::result(state, action),
    }
}

/// Text keys for the focused list's filter (a popup's text goes to `popup`).
fn text(state: &mut AppState, action: Action) -> Vec<Effect> {
    let (filter, is_families) = match state.focus {
        Focus::Families => (&mut state.families.filter, true),
        Focus::Revisions | Focus::Detail => (&mut state.revisions.filter, false),
    };
    match action {
        Action::StartFilter => filter.editing = true,
        Action::Input(c) if filter.editing => filter.text.push(c),
        Action::Backspace if filter.editing => {
            filter.text.pop();
        }
        Action::Submit if filter.editing => filter.editing = false,
        _ => return vec![],
    }
    if state.focus == Focus::Detail {
        state.focus = Focus::Revisions;
    }
    let fx = if is_families {
        lists::refilter_families(state)
    } else {
        lists::refilter_revisions(state);
        vec![]
    };
    settle_soon(state);
    fx
}

/// Expires messages and fires settled work.
fn tick(state: &mut AppState) -> Vec<Effect> {
    if state.flash.as_ref().is_some_and(|f| f.expires <= state.now) {
        state.flash = None;
    }
    if state.overrides.len() > 64 {
        let now = state.now;
        state.overrides.retain(|_, o| o.until > now);
    }
    let mut fx = match state.describe_due {
        Some(due) if due <= state.now => {
            state.describe_due = None;
            settle_now(state)
        }
        _ => vec![],
    };
    fx.extend(scan::rescan_if_due(state));
    fx
}

/// Starts (or restarts) the settle timer after the cursor moved.
pub(crate) fn settle_soon(state: &mut AppState) {
    state.describe_due = Some(state.now + SETTLE);
}

/// Shows a message in the status bar.
pub(crate) fn flash(state: &mut AppState, level: Level, text: impl Into<String>) {
    let ttl = if level == Level::Error {
        ERROR_FOR
    } else {
        FLASH_FOR
    };
    state.flash = Some(Flash {
        text: text.into(),
        level,
        expires: state.now + ttl,
    });
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod confirm_tests;
#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod job_tests;
#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod keep_tests;
#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod power_tests;
#[cfg(test)]
mod screen_tests;
#[cfg(test)]
mod tests;
