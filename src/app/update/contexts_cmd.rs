//! `:region +R` and `:region -R` with several contexts open: add a region (in the first
//! context's profile) beside the others, or close one. `:region R` still switches to R alone.

use super::super::contexts::{ContextView, backend_label, split_key};
use super::super::effect::Effect;
use super::super::state::{AppState, Level};
use super::{flash, lists};
use crate::ecs::ContextId;
use crate::text::escape;

/// Runs `:region ARG` when ARG is `+R` or `-R`; `None` for a plain region name.
pub(super) fn region(state: &mut AppState, arg: &str) -> Option<Vec<Effect>> {
    let (add, name) = match arg.as_bytes().first() {
        Some(b'+') => (true, &arg[1..]),
        Some(b'-') => (false, &arg[1..]),
        _ => return None,
    };
    Some(change(state, add, name))
}

fn change(state: &mut AppState, add: bool, name: &str) -> Vec<Effect> {
    if !state.several_contexts() {
        flash(
            state,
            Level::Warn,
            "`:region +R` and `-R` work with several contexts open (start with --region a,b); `:region R` switches to R.",
        );
        return vec![];
    }
    if state.job.as_ref().is_some_and(|j| j.finished.is_none()) {
        flash(
            state,
            Level::Warn,
            "A job is running: wait for it or cancel it with X before adding or closing a region.",
        );
        return vec![];
    }
    let region = match crate::contexts::parse_region(name) {
        Ok(r) => r,
        Err(why) => {
            flash(state, Level::Warn, format!("Not changed: {why}."));
            return vec![];
        }
    };
    let open: Vec<usize> = (0..state.contexts.len())
        .filter(|&i| {
            let v = &state.contexts[i];
            !v.closed && v.context.region.as_deref() == Some(region.as_str())
        })
        .collect();
    if add {
        open_region(state, region, open.is_empty())
    } else {
        close_region(state, &region, &open)
    }
}

fn open_region(state: &mut AppState, region: String, absent: bool) -> Vec<Effect> {
    if !absent {
        flash(
            state,
            Level::Info,
            format!("{} is open already.", escape(&region)),
        );
        return vec![];
    }
    let Ok(id) = u16::try_from(state.contexts.len()) else {
        return vec![];
    };
    let ctx = ContextId(id);
    let profile = state
        .contexts
        .first()
        .and_then(|v| v.context.profile.clone());
    let context = crate::contexts::Context::new(profile.as_deref(), Some(&region));
    state.contexts.push(ContextView::of(&context, None));
    state.backend.label = backend_label(&state.contexts);
    flash(
        state,
        Level::Info,
        format!("Connecting {}…", escape(&region)),
    );
    let mut fx = vec![Effect::OpenContext { ctx, context }];
    fx.extend(lists::load_families(state));
    fx
}

fn close_region(state: &mut AppState, region: &str, open: &[usize]) -> Vec<Effect> {
    if open.is_empty() {
        flash(
            state,
            Level::Info,
            format!("{} is not open.", escape(region)),
        );
        return vec![];
    }
    let still = state.contexts.iter().filter(|v| !v.closed).count();
    if still <= open.len() {
        flash(
            state,
            Level::Warn,
            "The last open region stays: add another first (:region +R).",
        );
        return vec![];
    }
    let mut fx = Vec::new();
    let mut cleared = 0;
    for &i in open {
        let ctx = ContextId(i as u16);
        state.contexts[i].closed = true;
        state.families.names.retain(|k| split_key(k).0 != ctx);
        let before = state.marks.len();
        state.marks.retain(|_, r| r.ctx != ctx);
        cleared += before - state.marks.len();
        fx.push(Effect::CloseContext { ctx });
    }
    state.backend.label = backend_label(&state.contexts);
    fx.extend(lists::refilter_families(state));
    let marks = match cleared {
        0 => String::new(),
        n => format!(" ({} cleared)", crate::text::plural(n, "mark", "marks")),
    };
    flash(
        state,
        Level::Info,
        format!("Closed {}{marks}.", escape(region)),
    );
    fx
}
