//! Sorting (`o`): families by name, by number of revisions or by newest registration;
//! revisions newest or oldest first. What is not known yet (a family whose revisions were never
//! listed, a newest revision not described yet) sorts after what is, by name, and moves to its
//! place as soon as it is learned.

use std::cmp::Reverse;
use std::collections::HashMap;

use jiff::Timestamp;

use super::state::AppState;
use crate::ecs::{StatusFilter, parse_family_revision};

/// How the families list is ordered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum FamilySort {
    /// Alphabetical (ECS's own order).
    #[default]
    Name,
    /// Most revisions first (in the current status view), as far as listed.
    Revisions,
    /// Most recently registered first, as far as described.
    Newest,
}

impl FamilySort {
    /// The next order in the `o` cycle.
    pub fn next(self) -> Self {
        match self {
            FamilySort::Name => FamilySort::Revisions,
            FamilySort::Revisions => FamilySort::Newest,
            FamilySort::Newest => FamilySort::Name,
        }
    }

    /// How the pane title names it.
    pub fn label(self) -> &'static str {
        match self {
            FamilySort::Name => "by name",
            FamilySort::Revisions => "by revisions",
            FamilySort::Newest => "by newest",
        }
    }
}

/// What the sorts know about each family, learned from listings and describes.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FamilyStats {
    /// The status view the counts belong to.
    pub filter: StatusFilter,
    /// Revisions per family in that view, once its listing finished.
    pub counts: HashMap<String, usize>,
    /// Newest registration seen per family (any status).
    pub newest: HashMap<String, Timestamp>,
}

/// Records a finished revisions listing: the family's count in the current view.
pub fn note_listing(state: &mut AppState) {
    let Some(family) = state.revisions.family.clone() else {
        return;
    };
    let stats = &mut state.family_stats;
    if stats.filter != state.status_filter {
        stats.filter = state.status_filter;
        stats.counts.clear();
    }
    stats.counts.insert(family, state.revisions.rows.len());
}

/// Records a describe: its registration may be its family's newest.
pub fn note_described(state: &mut AppState, arn: &str) {
    let Some(at) = state.task_def(arn).and_then(|td| td.registered_at()) else {
        return;
    };
    let Some((family, _)) = parse_family_revision(arn) else {
        return;
    };
    let newest = state.family_stats.newest.entry(family).or_insert(at);
    *newest = (*newest).max(at);
}

/// Orders `state.families.visible` by the current sort, keeping the cursor on its family.
pub fn order_families(state: &mut AppState) {
    let sort = state.families.sort;
    if sort == FamilySort::Name {
        // ECS lists names in order and the filter keeps it: restore it after another sort.
        if !state.families.visible.is_sorted() {
            keep_cursor(state, |v, _| v.sort_unstable());
        }
        return;
    }
    let counts = if state.status_filter == StatusFilter::Inactive {
        // The INACTIVE view counts every family's revisions as it lists them.
        state.families.counts.clone()
    } else if state.family_stats.filter == state.status_filter {
        state.family_stats.counts.clone()
    } else {
        HashMap::new()
    };
    let newest = state.family_stats.newest.clone();
    keep_cursor(state, |v, names| {
        // Known first (largest first), then unknown; ties and unknowns by name (index order).
        match sort {
            FamilySort::Revisions => v.sort_by_key(|&i| {
                (
                    counts.get(&names[i]).map(|&c| Reverse(c)).is_none(),
                    counts.get(&names[i]).map(|&c| Reverse(c)),
                    i,
                )
            }),
            _ => v.sort_by_key(|&i| {
                (
                    newest.get(&names[i]).map(|&t| Reverse(t)).is_none(),
                    newest.get(&names[i]).map(|&t| Reverse(t)),
                    i,
                )
            }),
        }
    });
}

/// Applies `reorder` to the visible indices and puts the cursor back on the same family.
fn keep_cursor(state: &mut AppState, reorder: impl FnOnce(&mut Vec<usize>, &[String])) {
    let fam = &mut state.families;
    let keep = fam.visible.get(fam.cursor.selected).copied();
    reorder(&mut fam.visible, &fam.names);
    if let Some(pos) = keep.and_then(|k| fam.visible.iter().position(|&i| i == k)) {
        fam.cursor.selected = pos;
    }
}

/// `visible` in the revisions order the pane asks for: newest first (as listed) or oldest.
pub fn order_revisions(visible: &mut [usize], oldest_first: bool) {
    if oldest_first {
        visible.reverse();
    }
}
