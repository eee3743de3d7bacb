//! Listings and describes: asking for them, taking their pages, filtering, caching.

use std::collections::HashSet;

use super::super::action::Action;
use super::super::effect::Effect;
use super::super::state::{AppState, Described, Focus, Load, Pending};
use super::nav::{clamp_offset, rows};
use super::{flash, next_id, settle_soon};
use crate::app::state::Level;
use crate::ecs::{RevisionRef, TdStatus};

/// Describes asked beyond the visible rows, so short moves find details ready.
pub const PREFETCH: usize = 10;

/// Starts a fresh listing of every family page.
pub fn load_families(state: &mut AppState) -> Vec<Effect> {
    if !state.families.load.is_loading() {
        state.in_flight += 1;
    }
    let request = next_id(state);
    state.families.request = request;
    state.families.load = Load::Loading { pages: 0 };
    state.families.counts.clear();
    vec![Effect::ListFamilies {
        request,
        status: state.status_filter,
        prefix: state.family_prefix.clone(),
    }]
}

pub(crate) fn load_revisions(state: &mut AppState, family: String) -> Vec<Effect> {
    if !state.revisions.load.is_loading() {
        state.in_flight += 1;
    }
    let request = next_id(state);
    let same = state.revisions.family.as_deref() == Some(family.as_str());
    if !same {
        state.revisions.rows.clear();
        state.revisions.visible.clear();
        state.revisions.cursor = Default::default();
        state.revisions.range_anchor = None;
        state.revisions.filter = Default::default();
    }
    state.revisions.family = Some(family.clone());
    state.revisions.request = request;
    state.revisions.load = Load::Loading { pages: 0 };
    vec![Effect::ListRevisions {
        request,
        family,
        status: state.status_filter,
    }]
}

/// Loads the revisions of the family under the cursor unless they are shown already.
pub(crate) fn ensure_revisions_for_selected(state: &mut AppState) -> Vec<Effect> {
    match state.families.selected().map(str::to_string) {
        Some(f) if state.revisions.family.as_deref() != Some(f.as_str()) => {
            load_revisions(state, f)
        }
        _ => vec![],
    }
}

/// Makes the revisions pane agree with the families pane after the family list changed
/// (filter, listing): when no family is current it shows none; when another one is current
/// its revisions are asked for (at once, or after the settle delay while the families pane has
/// the keyboard, so typing a filter does not list every family it passes).
pub(crate) fn sync_revisions(state: &mut AppState) -> Vec<Effect> {
    let selected = state.families.selected().map(str::to_string);
    if selected.is_some() && selected == state.revisions.family {
        return vec![];
    }
    if state.revisions.family.is_some() || !state.revisions.rows.is_empty() {
        if state.revisions.load.is_loading() {
            state.in_flight = state.in_flight.saturating_sub(1);
        }
        // A new request id drops pages still on their way for the old family.
        let request = next_id(state);
        state.revisions = super::super::state::RevisionsPane {
            request,
            // The order is the operator's choice, not the family's.
            oldest_first: state.revisions.oldest_first,
            ..Default::default()
        };
    }
    match selected {
        Some(f) if state.focus != Focus::Families => load_revisions(state, f),
        Some(_) => {
            settle_soon(state);
            vec![]
        }
        None => vec![],
    }
}

/// Reloads families and the shown family (after `s` or `r`), keeping selections by name.
pub(crate) fn reload(state: &mut AppState) -> Vec<Effect> {
    let mut fx = load_families(state);
    if let Some(f) = state.revisions.family.clone() {
        fx.extend(load_revisions(state, f));
    }
    fx
}

/// The cursor has rested: load the family under it and describe what is on screen.
pub fn settle_now(state: &mut AppState) -> Vec<Effect> {
    let mut fx = Vec::new();
    if state.focus == Focus::Families {
        fx.extend(ensure_revisions_for_selected(state));
    }
    let (_, rev_rows, _) = rows(state);
    let vis = &state.revisions.visible;
    let c = state.revisions.cursor;
    let start = c.offset.saturating_sub(PREFETCH / 2);
    let end = (c.offset + rev_rows + PREFETCH).min(vis.len());
    let mut wanted: Vec<String> = Vec::new();
    // A row whose facts the persistent cache holds needs no describe; the selected one
    // still gets one, for the detail pane.
    let push = |i: usize, wanted: &mut Vec<String>, detail: bool| {
        if let Some(r) = vis.get(i).and_then(|&i| state.revisions.rows.get(i))
            && !state.described.contains_key(&r.arn)
            && (detail || !state.summaries.contains_key(&r.arn))
            && !wanted.contains(&r.arn)
        {
            wanted.push(r.arn.clone());
        }
    };
    push(c.selected, &mut wanted, true);
    for i in c.offset..end {
        push(i, &mut wanted, false);
    }
    for i in (start..c.offset).rev() {
        push(i, &mut wanted, false);
    }
    fx.extend(describe(state, wanted));
    fx
}

/// Asks for describes of ARNs not cached yet.
pub(crate) fn describe(state: &mut AppState, arns: Vec<String>) -> Option<Effect> {
    let arns: Vec<String> = arns
        .into_iter()
        .filter(|a| !state.described.contains_key(a))
        .collect();
    if arns.is_empty() {
        return None;
    }
    for a in &arns {
        state.described.insert(a.clone(), Described::Loading);
    }
    state.in_flight += arns.len();
    Some(Effect::Describe { arns })
}

/// Takes listing pages and describe results; drops stale ones.
pub(super) fn result(state: &mut AppState, action: Action) -> Vec<Effect> {
    match action {
        Action::FamiliesPage {
            request,
            names,
            done,
        } if request == state.families.request => families_page(state, names, done),
        Action::FamilyCounts { request, counts } if request == state.families.request => {
            state.families.counts.extend(counts);
            vec![]
        }
        Action::FamiliesFailed { request, error } if request == state.families.request => {
            state.in_flight = state.in_flight.saturating_sub(1);
            state.families.load = Load::Failed(error.clone());
            flash(state, Level::Error, error.to_string());
            vec![]
        }
        Action::RevisionsPage {
            request,
            refs,
            done,
        } if request == state.revisions.request => revisions_page(state, refs, done),
        Action::RevisionsFailed { request, error } if request == state.revisions.request => {
            state.in_flight = state.in_flight.saturating_sub(1);
            state.revisions.load = Load::Failed(error.clone());
            flash(state, Level::Error, error.to_string());
            vec![]
        }
        Action::Described { arn, result } => {
            if matches!(state.described.get(&arn), Some(Described::Loading)) {
                state.in_flight = state.in_flight.saturating_sub(1);
            }
            let entry = match result {
                Ok(td) => Described::Loaded(td),
                Err(e) => Described::Failed(e),
            };
            state.described.insert(arn, entry);
            // Image text may now match the revisions filter.
            if !state.revisions.filter.text.is_empty() {
                refilter_revisions(state);
            }
            vec![]
        }
        _ => vec![],
    }
}

fn families_page(state: &mut AppState, mut names: Vec<String>, done: bool) -> Vec<Effect> {
    // A page a closed context sent before it was closed (`:region -R`) is not shown.
    names.retain(|k| {
        state
            .context(crate::app::contexts::split_key(k).0)
            .is_none_or(|c| !c.closed)
    });
    let first = matches!(state.families.load, Load::Loading { pages: 0 });
    let keep = if first {
        state.families.selected().map(str::to_string)
    } else {
        None
    };
    let fam = &mut state.families;
    if first {
        fam.names.clear();
        fam.visible.clear();
        fam.cached = false;
    }
    let ctxs = &state.contexts;
    let from = fam.names.len();
    fam.names.extend(names);
    let needle = fam.filter.text.to_lowercase();
    // Families derived from revisions (the INACTIVE view) may arrive out of order.
    let sorted = from == 0 || fam.names.get(from).is_none_or(|n| fam.names[from - 1] < *n);
    let keep = if sorted {
        keep
    } else {
        let current = fam.selected().map(str::to_string);
        fam.names.sort();
        fam.names.dedup();
        fam.visible.clear();
        keep.or(current)
    };
    let start = if sorted { from } else { 0 };
    for i in start..fam.names.len() {
        if needle.is_empty() || family_matches(ctxs, &fam.names[i], &needle) {
            fam.visible.push(i);
        }
    }
    fam.load = match (&fam.load, done) {
        (_, true) => Load::Done,
        (Load::Loading { pages }, false) => Load::Loading { pages: pages + 1 },
        (_, false) => Load::Loading { pages: 1 },
    };
    if done {
        state.in_flight = state.in_flight.saturating_sub(1);
    }
    if let Some(name) = keep
        && let Some(pos) = state
            .families
            .visible
            .iter()
            .position(|&i| state.families.names[i] == name)
    {
        state.families.cursor.selected = pos;
    }
    // A new family takes its sorted place, not the bottom.
    crate::app::sort::order_families(state);
    let (f_rows, _, _) = rows(state);
    let len = state.families.visible.len();
    clamp_offset(&mut state.families.cursor, len, f_rows);
    if state.revisions.family.is_none() && len > 0 {
        return ensure_revisions_for_selected(state);
    }
    if done {
        return sync_revisions(state);
    }
    vec![]
}

fn revisions_page(state: &mut AppState, refs: Vec<RevisionRef>, done: bool) -> Vec<Effect> {
    let first = matches!(state.revisions.load, Load::Loading { pages: 0 });
    let keep = if first {
        state.revisions.selected().map(|r| r.arn.clone())
    } else {
        None
    };
    let now = state.now;
    // Revisions we deleted leave the view even if a stale listing still has them.
    let refs = refs.into_iter().filter(|r| {
        !matches!(state.overrides.get(&r.arn), Some(o) if o.status == TdStatus::DeleteInProgress && o.until > now)
    });
    let rev = &mut state.revisions;
    if first {
        rev.rows.clear();
        rev.cached = false;
    }
    let before = rev.rows.len();
    rev.rows.extend(refs);
    // ALL lists ACTIVE then INACTIVE, each newest first: merging two sorted runs is linear.
    if before > 0
        && rev.rows.len() > before
        && rev.rows[before - 1].revision < rev.rows[before].revision
    {
        rev.rows.sort_by_key(|r| std::cmp::Reverse(r.revision));
    }
    rev.load = match (&rev.load, done) {
        (_, true) => Load::Done,
        (Load::Loading { pages }, false) => Load::Loading { pages: pages + 1 },
        (_, false) => Load::Loading { pages: 1 },
    };
    if done {
        state.in_flight = state.in_flight.saturating_sub(1);
    }
    refilter_revisions(state);
    if let Some(arn) = keep
        && let Some(pos) = state
            .revisions
            .visible
            .iter()
            .position(|&i| state.revisions.rows[i].arn == arn)
    {
        state.revisions.cursor.selected = pos;
        let (_, r_rows, _) = rows(state);
        let len = state.revisions.visible.len();
        clamp_offset(&mut state.revisions.cursor, len, r_rows);
    }
    if first || done {
        settle_soon(state);
    }
    vec![]
}

/// The families filter: the name, and with several contexts also the context's column (typing a
/// region or an account shows that context's families).
fn family_matches(contexts: &[crate::app::contexts::ContextView], key: &str, needle: &str) -> bool {
    if contexts.len() < 2 {
        return contains_ci(key, needle);
    }
    let (ctx, family) = crate::app::contexts::split_key(key);
    contains_ci(family, needle)
        || contexts
            .get(usize::from(ctx.0))
            .is_some_and(|c| contains_ci(&c.column, needle) || contains_ci(&c.label, needle))
}

/// Case-insensitive substring test; `needle` is already lower-case.
fn contains_ci(hay: &str, needle: &str) -> bool {
    if hay.is_ascii() && needle.is_ascii() {
        let (h, n) = (hay.as_bytes(), needle.as_bytes());
        return n.len() <= h.len() && h.windows(n.len()).any(|w| w.eq_ignore_ascii_case(n));
    }
    hay.to_lowercase().contains(needle)
}

/// Recomputes the visible families after the filter changed, keeping the selection by name,
/// and makes the revisions pane follow.
pub(crate) fn refilter_families(state: &mut AppState) -> Vec<Effect> {
    let ctxs = &state.contexts;
    let fam = &mut state.families;
    let keep = fam.selected().map(str::to_string);
    let needle = fam.filter.text.to_lowercase();
    fam.visible.clear();
    fam.visible.extend(
        (0..fam.names.len())
            .filter(|&i| needle.is_empty() || family_matches(ctxs, &fam.names[i], &needle)),
    );
    crate::app::sort::order_families(state);
    let fam = &mut state.families;
    fam.cursor.selected = keep
        .and_then(|k| fam.visible.iter().position(|&i| fam.names[i] == k))
        .unwrap_or(0);
    fam.cursor.offset = 0;
    let (f_rows, _, _) = rows(state);
    let len = state.families.visible.len();
    clamp_offset(&mut state.families.cursor, len, f_rows);
    sync_revisions(state)
}

/// Recomputes the visible revisions: the filter matches `family:revision`, status and image.
pub(crate) fn refilter_revisions(state: &mut AppState) {
    let keep = state.revisions.selected().map(|r| r.arn.clone());
    let needle = state.revisions.filter.text.to_lowercase();
    let mut visible = std::mem::take(&mut state.revisions.visible);
    visible.clear();
    for (i, r) in state.revisions.rows.iter().enumerate() {
        if needle.is_empty() || revision_matches(state, r, &needle) {
            visible.push(i);
        }
    }
    crate::app::sort::order_revisions(&mut visible, state.revisions.oldest_first);
    state.revisions.visible = visible;
    let rev = &mut state.revisions;
    if let Some(pos) = keep.and_then(|k| rev.visible.iter().position(|&i| rev.rows[i].arn == k)) {
        rev.cursor.selected = pos;
    }
    let (_, r_rows, _) = rows(state);
    let len = state.revisions.visible.len();
    clamp_offset(&mut state.revisions.cursor, len, r_rows);
}

fn revision_matches(state: &AppState, r: &RevisionRef, needle: &str) -> bool {
    if contains_ci(&r.revision.to_string(), needle)
        || contains_ci(state.effective_status(r).as_aws(), needle)
    {
        return true;
    }
    match state.task_def(&r.arn) {
        Some(td) => td
            .fields
            .container_definitions
            .iter()
            .any(|c| contains_ci(&c.image, needle)),
        None => false,
    }
}

/// ARNs of the current family's visible rows, for "marks hidden by the filter".
pub(crate) fn visible_arns(state: &AppState) -> HashSet<&str> {
    state
        .revisions
        .visible
        .iter()
        .filter_map(|&i| state.revisions.rows.get(i))
        .map(|r| r.arn.as_str())
        .collect()
}

/// True while a call for this ARN is on its way.
pub(crate) fn is_pending(state: &AppState, arn: &str) -> bool {
    matches!(
        state.pending.get(arn),
        Some(Pending::Deregistering | Pending::Deleting | Pending::Queued(_))
    )
}
