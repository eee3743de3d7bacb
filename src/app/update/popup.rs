//! Every key while a popup is open, in one place: the router `dispatch` hands them to.
//!
//! A popup is one `Modal` variant, one arm here (its handler) and one draw function in `ui/`.
//! Generic keys are normalised first (Esc is No, Enter is Submit) and scrolling is shared, so
//! a handler only sees the keys that mean something to it.

use super::super::action::Action;
use super::super::effect::Effect;
use super::super::state::{AppState, Modal};
use super::confirm::confirm_key;
use super::keep::keep_key;
use super::mutate::{cancel_job, retry};

/// True for actions that come from keys: typed characters and whatever the binding table
/// binds (so a new key action reaches popups and a new worker result never does), except
/// `Quit`, which Ctrl-C sends from anywhere.
pub(super) fn is_key(action: &Action) -> bool {
    match action {
        Action::Quit => false,
        Action::Input(_) => true,
        a => crate::app::keymap::BINDINGS.iter().any(|b| b.action == *a),
    }
}

/// A key while a popup is open. The popup is taken out of the state; its handler puts it back
/// unless the key closed it.
pub(super) fn key(state: &mut AppState, action: Action) -> Vec<Effect> {
    let Some(modal) = state.modal.take() else {
        return vec![];
    };
    let action = match action {
        Action::Back => Action::No,
        Action::Enter => Action::Submit,
        other => other,
    };
    if action.is_movement() {
        state.modal = Some(scrolled(modal, &action, state.popup_range));
        return vec![];
    }
    match modal {
        Modal::Help { scroll } => {
            if !matches!(action, Action::No | Action::ToggleHelp) {
                state.modal = Some(Modal::Help { scroll });
            }
            vec![]
        }
        Modal::Confirm(c) => confirm_key(state, c, action),
        Modal::ConfirmCancel => {
            if action == Action::Yes {
                return cancel_job(state);
            }
            if !matches!(action, Action::No | Action::Submit) {
                state.modal = Some(Modal::ConfirmCancel);
            }
            vec![]
        }
        Modal::Keep(mut k) if action == Action::FocusNext => {
            k.field = 1 - k.field.min(1);
            state.modal = Some(Modal::Keep(k));
            vec![]
        }
        Modal::Keep(k) => keep_key(state, k, action),
        Modal::Summary { scroll } => {
            if action == Action::RetryFailed {
                return retry(state);
            }
            if !matches!(action, Action::No | Action::Submit) {
                state.modal = Some(Modal::Summary { scroll });
            }
            vec![]
        }
        Modal::Unfinished {
            entries,
            damaged,
            scroll,
        } => super::unfinished::key(state, entries, damaged, scroll, action),
        Modal::Export(p) => super::export::key(state, p, action),
        Modal::Command(c) => super::command::key(state, c, action),
        // Its own keys never get here (`services::key` answers them first); others leave it open.
        Modal::Services(p) => {
            state.modal = Some(Modal::Services(p));
            vec![]
        }
    }
}

/// Scrolls the popup within the range the screen measured (`state.popup_range`); the
/// keep-newest-N prompt moves between its two fields instead.
fn scrolled(mut modal: Modal, action: &Action, range: Option<(u16, u16)>) -> Modal {
    let scroll = match &mut modal {
        Modal::Help { scroll } | Modal::Summary { scroll } | Modal::Unfinished { scroll, .. } => {
            scroll
        }
        Modal::Confirm(c) => &mut c.scroll,
        Modal::Keep(k) => {
            k.field = 1 - k.field.min(1);
            return modal;
        }
        Modal::ConfirmCancel | Modal::Export(_) | Modal::Command(_) | Modal::Services(_) => {
            return modal;
        }
    };
    let (max, page) = range.unwrap_or((u16::MAX / 2, 10));
    *scroll = super::nav::scrolled(*scroll, action, page.max(1)).min(max);
    modal
}

#[cfg(test)]
mod tests;
