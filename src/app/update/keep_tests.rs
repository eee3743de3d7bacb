//! Keep-newest-N in `update`: the prompt, the collection's progress and its result.

use super::tests::{loaded, refs};
use super::update;
use crate::app::action::{Action, KeepResult};
use crate::app::effect::Effect;
use crate::app::selection::FamilySelection;
use crate::app::state::{Focus, Modal};
use crate::domain::KeepProgress;
use crate::ecs::TdStatus;
use crate::inuse::InUseMap;

#[test]
fn keep_newest_prompt_validates_and_collects() {
    let (mut s, now) = loaded(3);
    s.in_use.scanning = false;
    s.in_use.map = Some(InUseMap::default());
    s.focus = Focus::Revisions;
    update(&mut s, Action::KeepNewest, now);
    update(&mut s, Action::Backspace, now);
    update(&mut s, Action::Input('0'), now);
    assert!(
        update(&mut s, Action::Submit, now).is_empty(),
        "keep 0 is refused"
    );
    update(&mut s, Action::Backspace, now);
    update(&mut s, Action::Input('2'), now);
    let fx = update(&mut s, Action::Submit, now);
    let [
        Effect::CollectKeep {
            families,
            keep: 2,
            older_than: None,
            ..
        },
    ] = fx.as_slice()
    else {
        panic!("{fx:?}")
    };
    assert_eq!(families, &vec!["web".to_string()]);
}

#[test]
fn keep_newest_prompt_m_includes_stack_managed_revisions() {
    let (mut s, now) = loaded(3);
    s.in_use.scanning = false;
    s.in_use.map = Some(InUseMap::default());
    s.focus = Focus::Revisions;
    update(&mut s, Action::KeepNewest, now);
    let include = |fx: &[Effect]| match fx {
        [
            Effect::CollectKeep {
                include_managed, ..
            },
        ] => *include_managed,
        _ => panic!("{fx:?}"),
    };
    let fx = update(&mut s, Action::Submit, now);
    assert!(!include(&fx), "off by default");
    update(&mut s, Action::KeepNewest, now);
    update(&mut s, Action::Input('m'), now);
    let fx = update(&mut s, Action::Submit, now);
    assert!(include(&fx));
}

#[test]
fn keep_result_marks_and_confirms_with_bounded_per_family_notes() {
    let (mut s, now) = loaded(3);
    s.in_use.map = Some(InUseMap::default());
    s.focus = Focus::Families;
    update(&mut s, Action::KeepNewest, now);
    let fx = update(&mut s, Action::Submit, now);
    let [Effect::CollectKeep { request, .. }] = fx.as_slice() else {
        panic!("{fx:?}")
    };
    let families: Vec<FamilySelection> = (0..10)
        .map(|f| FamilySelection {
            family: format!("fam{f}"),
            selected: refs(&format!("fam{f}"), 1..=2, TdStatus::Active),
            kept: 5,
            protected_in_use: vec![],
            skipped_managed: vec![],
            too_young: 0,
            unknown_age: 0,
        })
        .collect();
    let result = Ok(KeepResult {
        families,
        described: vec![],
    });
    update(
        &mut s,
        Action::KeepCollected {
            request: *request,
            result,
        },
        now,
    );
    assert_eq!(s.marks.len(), 20);
    let Some(Modal::Confirm(c)) = &s.modal else {
        panic!("{:?}", s.modal)
    };
    assert_eq!((c.items.len(), c.required.as_deref()), (20, Some("20")));
    // Six family lines, then the pace the job runs at.
    assert_eq!(c.notes.len(), 7);
    assert!(c.notes[5].contains("5 more families"), "{:?}", c.notes);
    assert!(c.notes[6].starts_with("Pace: "), "{:?}", c.notes);
}

#[test]
fn progress_is_kept_for_the_collection_in_progress_only() {
    let (mut s, now) = loaded(3);
    s.in_use.map = Some(InUseMap::default());
    s.focus = Focus::Families;
    update(&mut s, Action::KeepNewest, now);
    let fx = update(&mut s, Action::Submit, now);
    let [Effect::CollectKeep { request, .. }] = fx.as_slice() else {
        panic!("{fx:?}")
    };
    let request = *request;
    let start = s.keep_run.as_ref().map(|r| r.progress);
    let families_total = s.families.visible.len();
    assert_eq!(
        start,
        Some(KeepProgress {
            families_total,
            ..Default::default()
        })
    );
    let progress = KeepProgress {
        families_done: 2,
        families_total,
        described: 1,
        to_describe: 4,
    };
    let stale = KeepProgress {
        families_done: 9,
        ..progress
    };
    update(
        &mut s,
        Action::KeepProgress {
            request: request + 1,
            progress: stale,
        },
        now,
    );
    assert_eq!(
        s.keep_run.as_ref().map(|r| r.progress),
        start,
        "another request's counts drop"
    );
    update(&mut s, Action::KeepProgress { request, progress }, now);
    assert_eq!(s.keep_run.as_ref().map(|r| r.progress), Some(progress));
}
