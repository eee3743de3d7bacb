//! `o` and what the family sorts learn from listings and describes.

use super::{flash, lists, settle_soon};
use crate::app::action::Action;
use crate::app::effect::Effect;
use crate::app::sort::{self as order, FamilySort};
use crate::app::state::{AppState, Focus, Level};

/// What an action may teach the sorts, noted before `dispatch` consumes it.
pub(super) enum Learned {
    /// Nothing.
    Nothing,
    /// A revisions listing finished.
    Listing,
    /// This ARN was described.
    Described(String),
}

/// What `action` may teach the family sorts.
pub(super) fn learns(action: &Action) -> Learned {
    match action {
        Action::RevisionsPage { done: true, .. } => Learned::Listing,
        Action::Described { arn, result: Ok(_) } => Learned::Described(arn.clone()),
        _ => Learned::Nothing,
    }
}

/// Records what was learned and, when the families are sorted by it, re-sorts them.
pub(super) fn learned(state: &mut AppState, what: Learned) {
    let resort = match what {
        Learned::Nothing => return,
        Learned::Listing => {
            order::note_listing(state);
            state.families.sort == FamilySort::Revisions
        }
        Learned::Described(arn) => {
            order::note_described(state, &arn);
            state.families.sort == FamilySort::Newest
        }
    };
    if resort {
        order::order_families(state);
        super::nav::keep_cursors_visible(state);
    }
}

/// `o`: the next order of the focused list.
pub(super) fn cycle(state: &mut AppState) -> Vec<Effect> {
    if state.focus == Focus::Families {
        let sort = state.families.sort.next();
        state.families.sort = sort;
        order::order_families(state);
        super::nav::keep_cursors_visible(state);
        let total = state.families.names.len();
        let known = match sort {
            FamilySort::Name => total,
            FamilySort::Revisions if state.status_filter == crate::ecs::StatusFilter::Inactive => {
                total
            }
            FamilySort::Revisions => state.family_stats.counts.len(),
            FamilySort::Newest => state.family_stats.newest.len(),
        };
        let text = if known >= total {
            format!("Families sorted {}.", sort.label())
        } else {
            // Only what was listed or described is known: say so rather than look complete.
            format!(
                "Families sorted {}: {known} of {total} known so far (opened families count).",
                sort.label()
            )
        };
        flash(state, Level::Info, text);
    } else {
        state.revisions.oldest_first = !state.revisions.oldest_first;
        lists::refilter_revisions(state);
        settle_soon(state);
    }
    vec![]
}
