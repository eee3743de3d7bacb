//! Keep-newest-N as `update` sees it: the prompt, its submission, and the collected plan
//! turned into a confirmation.

use super::super::action::{Action, KeepResult};
use super::super::effect::{Effect, JobKind};
use super::super::state::{AppState, Described, Focus, KeepPrompt, KeepRun, Level, Modal};
use super::confirm::{NOTHING_TO_ACT_ON, open_confirm};
use super::mutate::refuse_mutation;
use super::{flash, next_id};
use crate::domain::KeepProgress;
use crate::text::plural;

pub(super) fn keep_key(state: &mut AppState, mut k: KeepPrompt, action: Action) -> Vec<Effect> {
    match action {
        Action::Input(ch) if ch.is_ascii_digit() => {
            let field = if k.field == 0 {
                &mut k.keep
            } else {
                &mut k.older_than_days
            };
            if field.len() < 6 {
                field.push(ch);
            }
        }
        // Stack-managed revisions are skipped unless the operator asks (the stack drifts).
        Action::Input('m') => k.include_managed = !k.include_managed,
        Action::Input(_) => {}
        Action::Backspace => {
            let field = if k.field == 0 {
                &mut k.keep
            } else {
                &mut k.older_than_days
            };
            field.pop();
        }
        Action::No => return vec![],
        Action::Submit | Action::Yes => return submit_keep(state, k),
        _ => {}
    }
    state.modal = Some(Modal::Keep(k));
    vec![]
}

fn submit_keep(state: &mut AppState, k: KeepPrompt) -> Vec<Effect> {
    let (keep, older_than) = match crate::app::selection::parse_rule(&k.keep, &k.older_than_days) {
        Ok(r) => (r.keep, r.older_than),
        Err(e) => {
            flash(state, Level::Warn, e);
            state.modal = Some(Modal::Keep(k));
            return vec![];
        }
    };
    let families: Vec<String> = if k.all_families {
        state
            .families
            .visible
            .iter()
            .filter_map(|&i| state.families.names.get(i).cloned())
            .collect()
    } else {
        state.revisions.family.clone().into_iter().collect()
    };
    if families.is_empty() {
        flash(state, Level::Info, "No family to apply the rule to.");
        return vec![];
    }
    if state.in_use.scanning && state.in_use.map.is_none() {
        flash(
            state,
            Level::Warn,
            "The in-use scan is still running: try again when it finishes (status bar).",
        );
        state.modal = Some(Modal::Keep(k));
        return vec![];
    }
    let request = next_id(state);
    state.keep_run = Some(KeepRun {
        request,
        progress: KeepProgress {
            families_total: families.len(),
            ..Default::default()
        },
    });
    state.in_flight += 1;
    flash(
        state,
        Level::Info,
        format!(
            "Keep newest {keep}: listing {}…",
            plural(families.len(), "family", "families")
        ),
    );
    vec![Effect::CollectKeep {
        request,
        families,
        keep,
        older_than,
        include_managed: k.include_managed,
        in_use: Box::new(state.in_use.map.clone().unwrap_or_default()),
        known: state
            .described
            .iter()
            .filter_map(|(arn, d)| match d {
                Described::Loaded(td) => td.registered_at().map(|t| (arn.clone(), t)),
                _ => None,
            })
            .collect(),
    }]
}

/// `K`: opens the prompt for the focused scope (every visible family, or the open one).
pub(super) fn open_prompt(state: &mut AppState) -> Vec<Effect> {
    if refuse_mutation(state, "keep-newest-N") {
        return vec![];
    }
    let all_families = state.focus == Focus::Families;
    let scope_empty = if all_families {
        state.families.visible.is_empty()
    } else {
        state.revisions.family.is_none()
    };
    if scope_empty {
        flash(state, Level::Info, NOTHING_TO_ACT_ON);
        return vec![];
    }
    state.modal = Some(Modal::Keep(KeepPrompt {
        // The config file's `keep`, else 5.
        keep: match state.keep_default {
            0 => "5".into(),
            n => n.to_string(),
        },
        all_families,
        ..Default::default()
    }));
    vec![]
}

/// The worker's answers for the collection in progress; answers to an abandoned one drop.
pub(super) fn result(state: &mut AppState, action: Action) -> Vec<Effect> {
    match action {
        Action::KeepProgress { request, progress } => {
            if let Some(run) = state.keep_run.as_mut().filter(|r| r.request == request) {
                run.progress = progress;
            }
            vec![]
        }
        Action::KeepCollected { request, result }
            if state
                .keep_run
                .as_ref()
                .is_some_and(|r| r.request == request) =>
        {
            state.keep_run = None;
            state.in_flight = state.in_flight.saturating_sub(1);
            match result {
                Ok(res) => keep_collected(state, res),
                Err(e) => {
                    flash(state, Level::Error, format!("Keep-newest-N stopped: {e}"));
                    vec![]
                }
            }
        }
        _ => vec![],
    }
}

fn keep_collected(state: &mut AppState, res: KeepResult) -> Vec<Effect> {
    // The "listing families…" progress message is over.
    state.flash = None;
    for (arn, td) in res.described {
        state.described.insert(arn, Described::Loaded(td));
    }
    let mut notes = Vec::new();
    let mut items = Vec::new();
    let families = res.families.len();
    for f in res.families {
        if f.selected.is_empty() && f.protected_in_use.is_empty() && f.skipped_managed.is_empty() {
            continue;
        }
        let mut line = format!(
            "{}: {} to deregister, {} kept",
            state.family_name(&f.family),
            f.selected.len(),
            f.kept
        );
        if !f.protected_in_use.is_empty() {
            line.push_str(&format!(
                ", {} in use (protected)",
                f.protected_in_use.len()
            ));
            let map = state.in_use.map.as_ref();
            let who: Vec<String> = f
                .protected_in_use
                .iter()
                .map(|r| crate::inuse::who_of(map, r))
                .collect();
            line.push_str(&format!(": {}", who.join("; ")));
        }
        if !f.skipped_managed.is_empty() {
            let map = state.in_use.map.as_ref();
            let who: Vec<String> = f
                .skipped_managed
                .iter()
                .map(|r| crate::inuse::who_of(map, r))
                .collect();
            line.push_str(&format!(", skipped as stack-managed: {}", who.join("; ")));
        }
        if f.too_young > 0 {
            line.push_str(&format!(", {} too young", f.too_young));
        }
        if f.unknown_age > 0 {
            line.push_str(&format!(", {} of unknown age (skipped)", f.unknown_age));
        }
        notes.push(line);
        items.extend(f.selected);
    }
    // The popup has room for a handful of lines; the list below it names every revision.
    const NOTE_LINES: usize = 6;
    if notes.len() > NOTE_LINES {
        let more = notes.len() - (NOTE_LINES - 1);
        notes.truncate(NOTE_LINES - 1);
        notes.push(format!(
            "… and {more} more families (every revision is in the list below)"
        ));
    }
    if items.is_empty() {
        flash(
            state,
            Level::Info,
            format!("Keep newest: nothing to deregister in {families} families."),
        );
        return vec![];
    }
    let mut added = Vec::new();
    for r in &items {
        if state.marks.insert(r.arn.clone(), r.clone()).is_none() {
            added.push(r.arn.clone());
        }
    }
    if state.in_use.error.is_some() {
        notes.insert(
            0,
            "WARNING: the in-use scan failed, so in-use revisions are NOT protected.".into(),
        );
    }
    for off in state.protection_off() {
        if items.iter().any(|r| r.ctx == off.ctx) {
            notes.insert(
                0,
                format!(
                    "WARNING: the in-use scan failed in {}, so its in-use revisions are NOT protected.",
                    off.label
                ),
            );
        }
    }
    open_confirm(state, JobKind::Deregister, items, notes, added);
    vec![]
}
