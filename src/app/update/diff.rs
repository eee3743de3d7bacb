//! `c`: compare two revisions in the detail pane. The current revision against the previous
//! ACTIVE revision of its family, or exactly two marked revisions (any families). The texts
//! come through the describe cache, so the worker fetches what is missing and nothing blocks.

use super::super::effect::Effect;
use super::super::state::{AppState, Described, Focus, Level};
use super::super::views::DiffPair;
use super::flash;
use super::lists::describe;
use crate::ecs::{RevisionRef, TdStatus};

/// Opens the diff view (or closes it when open).
pub(super) fn toggle(state: &mut AppState) -> Vec<Effect> {
    if state.diff.take().is_some() {
        state.detail.scroll = 0;
        state.search = None;
        return vec![];
    }
    let Some(pair) = pair_to_compare(state) else {
        return vec![];
    };
    // A describe that failed earlier is asked again: the diff needs both sides.
    for r in [&pair.old, &pair.new] {
        if matches!(state.described.get(&r.arn), Some(Described::Failed(_))) {
            state.described.remove(&r.arn);
        }
    }
    let arns = vec![pair.old.arn.clone(), pair.new.arn.clone()];
    state.diff = Some(pair);
    state.detail.scroll = 0;
    state.search = None;
    state.focus = Focus::Detail;
    describe(state, arns).into_iter().collect()
}

/// The two marked revisions, else the current one and the previous ACTIVE one of its family.
fn pair_to_compare(state: &mut AppState) -> Option<DiffPair> {
    if state.marks.len() == 2 {
        let mut two: Vec<RevisionRef> = state.marks.values().cloned().collect();
        two.sort_by(|a, b| (&a.family, a.revision).cmp(&(&b.family, b.revision)));
        let new = two.pop()?;
        let old = two.pop()?;
        return Some(DiffPair { old, new });
    }
    let Some(cur) = state.revisions.selected().cloned() else {
        flash(
            state,
            Level::Info,
            "Select a revision, or mark two, to compare.",
        );
        return None;
    };
    let prev = state
        .revisions
        .rows
        .iter()
        .filter(|r| r.family == cur.family && r.revision < cur.revision)
        .filter(|r| state.effective_status(r) == TdStatus::Active)
        .max_by_key(|r| r.revision)
        .cloned();
    match prev {
        Some(old) => Some(DiffPair { old, new: cur }),
        None => {
            flash(
                state,
                Level::Info,
                format!(
                    "No earlier ACTIVE revision of {} is listed: mark two revisions to compare them.",
                    cur.family
                ),
            );
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::tests::{arn, loaded};
    use super::super::update;
    use super::*;
    use crate::app::action::Action;

    #[test]
    fn compares_the_current_with_the_previous_active_and_describes_both() {
        let (mut s, now) = loaded(5);
        s.focus = Focus::Revisions;
        update(&mut s, Action::Down, now); // web:4
        let overridden = s.revisions.rows[2].clone(); // web:3, deregistered by us a moment ago
        s.overrides.insert(
            overridden.arn,
            crate::app::state::Override {
                status: TdStatus::Inactive,
                until: now + jiff::SignedDuration::from_mins(5),
            },
        );
        let fx = update(&mut s, Action::Compare, now);
        let pair = s.diff.clone().expect("diff open");
        assert_eq!((pair.old.revision, pair.new.revision), (2, 4));
        assert_eq!(s.focus, Focus::Detail);
        assert_eq!(
            fx,
            vec![Effect::Describe {
                arns: vec![arn("web", 2), arn("web", 4)]
            }]
        );
        // Esc closes the diff first, then leaves the pane.
        update(&mut s, Action::Back, now);
        assert_eq!((s.diff.is_none(), s.focus), (true, Focus::Detail));
    }

    #[test]
    fn two_marks_are_compared_older_first_even_across_families() {
        let (mut s, now) = loaded(3);
        for (f, r) in [("web", 3), ("api", 7)] {
            let rr = RevisionRef::from_arn(&arn(f, r), TdStatus::Active).unwrap();
            s.marks.insert(rr.arn.clone(), rr);
        }
        update(&mut s, Action::Compare, now);
        let pair = s.diff.clone().expect("diff open");
        assert_eq!(
            (pair.old.label(), pair.new.label()),
            ("api:7".into(), "web:3".into())
        );
        // Again closes it.
        update(&mut s, Action::Compare, now);
        assert!(s.diff.is_none());
    }

    #[test]
    fn the_oldest_revision_has_nothing_to_compare_with() {
        let (mut s, now) = loaded(2);
        s.focus = Focus::Revisions;
        update(&mut s, Action::Bottom, now);
        let fx = update(&mut s, Action::Compare, now);
        assert!(fx.is_empty() && s.diff.is_none());
        let flash = s.flash.clone().expect("a message");
        assert!(
            flash.text.contains("No earlier ACTIVE revision of web"),
            "{}",
            flash.text
        );
    }
}
