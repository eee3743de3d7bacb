//! `:region +R` / `-R` and `:profile +P` / `-P` with several contexts open: add a region (in
//! the first context's profile) or a profile (in every open region) beside the others, or
//! close every context of one. `:region R` and `:profile P` still switch to one context.

use super::super::contexts::{ContextView, backend_label, split_key};
use super::super::effect::Effect;
use super::super::state::{AppState, Level};
use super::{flash, lists};
use crate::ecs::ContextId;
use crate::text::escape;

/// Which side of a context a `+`/`-` command names.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Side {
    /// `:region +R` / `-R`.
    Region,
    /// `:profile +P` / `-P`.
    Profile,
}

impl Side {
    fn word(self) -> &'static str {
        match self {
            Side::Region => "region",
            Side::Profile => "profile",
        }
    }

    /// The context's value on this side.
    fn of(self, c: &crate::contexts::Context) -> Option<&str> {
        match self {
            Side::Region => c.region.as_deref(),
            Side::Profile => c.profile.as_deref(),
        }
    }
}

/// Runs `:region ARG` or `:profile ARG` when ARG is `+NAME` or `-NAME`; `None` for a plain
/// name (which switches).
pub(super) fn change(state: &mut AppState, side: Side, arg: &str) -> Option<Vec<Effect>> {
    let (add, name) = match arg.as_bytes().first() {
        Some(b'+') => (true, &arg[1..]),
        Some(b'-') => (false, &arg[1..]),
        _ => return None,
    };
    Some(apply(state, side, add, name))
}

fn apply(state: &mut AppState, side: Side, add: bool, name: &str) -> Vec<Effect> {
    let word = side.word();
    if !state.several_contexts() {
        flash(
            state,
            Level::Warn,
            format!(
                "`:{word} +NAME` and `-NAME` work with several contexts open (start with --region a,b); `:{word} NAME` switches."
            ),
        );
        return vec![];
    }
    if state.job.as_ref().is_some_and(|j| j.finished.is_none()) {
        flash(
            state,
            Level::Warn,
            format!(
                "A job is running: wait for it or cancel it with X before adding or closing a {word}."
            ),
        );
        return vec![];
    }
    let name = match side {
        Side::Region => crate::contexts::parse_region(name),
        Side::Profile if valid_profile(name) => Ok(name.to_string()),
        Side::Profile => Err(format!("'{}' is not a profile name", escape(name))),
    };
    let name = match name {
        Ok(n) => n,
        Err(why) => {
            flash(state, Level::Warn, format!("Not changed: {why}."));
            return vec![];
        }
    };
    let open: Vec<usize> = (0..state.contexts.len())
        .filter(|&i| {
            let v = &state.contexts[i];
            !v.closed && side.of(&v.context) == Some(name.as_str())
        })
        .collect();
    if !add {
        return close(state, side, &name, &open);
    }
    // A region opens in the first context's profile; a profile opens in every open region.
    let wanted: Vec<crate::contexts::Context> = match side {
        Side::Region => {
            let profile = state
                .contexts
                .first()
                .and_then(|v| v.context.profile.clone());
            vec![crate::contexts::Context::new(
                profile.as_deref(),
                Some(&name),
            )]
        }
        Side::Profile => {
            let mut regions: Vec<Option<String>> = Vec::new();
            for v in state.contexts.iter().filter(|v| !v.closed) {
                if !regions.contains(&v.context.region) {
                    regions.push(v.context.region.clone());
                }
            }
            regions
                .iter()
                .map(|r| crate::contexts::Context::new(Some(&name), r.as_deref()))
                .collect()
        }
    };
    let new: Vec<_> = wanted
        .into_iter()
        .filter(|c| {
            !state.contexts.iter().any(|v| {
                !v.closed && v.context.region == c.region && v.context.profile == c.profile
            })
        })
        .collect();
    if new.is_empty() {
        flash(
            state,
            Level::Info,
            format!("{} is open already.", escape(&name)),
        );
        return vec![];
    }
    let mut fx = Vec::new();
    for context in new {
        let Ok(id) = u16::try_from(state.contexts.len()) else {
            break;
        };
        state.contexts.push(ContextView::of(&context, None));
        fx.push(Effect::OpenContext {
            ctx: ContextId(id),
            context,
        });
    }
    state.backend.label = backend_label(&state.contexts);
    flash(state, Level::Info, format!("Connecting {}…", escape(&name)));
    fx.extend(lists::load_families(state));
    fx
}

/// Names a `:region`/`:profile` command accepts before any check of its own: the characters
/// AWS profile names use (a region is further held to the region shape).
pub(super) fn valid_profile(name: &str) -> bool {
    !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | '@' | '+' | '='))
}

fn close(state: &mut AppState, side: Side, name: &str, open: &[usize]) -> Vec<Effect> {
    if open.is_empty() {
        flash(state, Level::Info, format!("{} is not open.", escape(name)));
        return vec![];
    }
    let still = state.contexts.iter().filter(|v| !v.closed).count();
    if still <= open.len() {
        flash(
            state,
            Level::Warn,
            format!(
                "The last open context stays: add another first (:{} +NAME).",
                side.word()
            ),
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
        format!("Closed {}{marks}.", escape(name)),
    );
    fx
}
