//! What a run leaves for the next one's first frame, taken from the screen's state.

use crate::app::AppState;
use crate::app::state::{Described, Load};
use crate::ecs::{StatusFilter, TdStatus};

use super::{Cache, Front};

impl Front {
    /// Records every revision described this run in `cache`, and returns the front to save:
    /// the families and the shown family's ACTIVE rows, only from the default ACTIVE view
    /// and only once its listings completed (a partial list would hide families next time).
    pub fn remember(state: &AppState, cache: &Cache) -> Option<Front> {
        for d in state.described.values() {
            if let Described::Loaded(td) = d {
                cache.put(td);
            }
        }
        let complete = state.status_filter == StatusFilter::Active
            && state.families.load == Load::Done
            && !state.families.cached;
        if !complete {
            return None;
        }
        let rows: Vec<String> = match state.revisions.load {
            Load::Done if !state.revisions.cached => state
                .revisions
                .rows
                .iter()
                .filter(|r| r.status == TdStatus::Active)
                .map(|r| r.arn.clone())
                .collect(),
            _ => Vec::new(),
        };
        Some(Front {
            prefix: state.family_prefix.clone(),
            families: state.families.names.clone(),
            family: state.revisions.family.clone().filter(|_| !rows.is_empty()),
            summaries: rows.iter().filter_map(|a| cache.summary(a)).collect(),
            rows,
        })
    }

    /// The action that paints this front: rows as ACTIVE refs (what was cached), each with
    /// the row facts the cache holds.
    pub fn into_action(self) -> crate::app::Action {
        let rows = self
            .rows
            .iter()
            .filter_map(|a| crate::ecs::RevisionRef::from_arn(a, TdStatus::Active))
            .collect();
        let summaries = self
            .summaries
            .iter()
            .filter_map(|s| Some((s.arn.clone(), s.row_task_def()?)))
            .collect();
        crate::app::Action::CacheFront {
            families: self.families,
            family: self.family,
            rows,
            summaries,
        }
    }
}
