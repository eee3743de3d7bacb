//! Tests of `update` and the fixtures its sibling test files share: lists, filter, describes.

use std::sync::Arc;

use jiff::{SignedDuration, Timestamp};

use super::*;
use crate::app::action::ItemOutcome;
use crate::app::state::{self, Described, Focus, Load};
use crate::ecs::{RevisionRef, StatusFilter, TaskDef, TdStatus};

pub(super) fn t0() -> Timestamp {
    "2026-11-28T12:00:00Z".parse().unwrap()
}

pub(super) fn arn(family: &str, rev: u32) -> String {
    format!("arn:aws:ecs:us-east-1:123456789012:task-definition/{family}:{rev}")
}

pub(super) fn refs(
    family: &str,
    revs: impl Iterator<Item = u32>,
    status: TdStatus,
) -> Vec<RevisionRef> {
    revs.map(|r| RevisionRef::from_arn(&arn(family, r), status).unwrap())
        .collect()
}

/// A state with families loaded and `web` showing `n` ACTIVE revisions (newest first).
pub(super) fn loaded(n: u32) -> (AppState, Timestamp) {
    let mut s = AppState {
        size: (120, 40),
        ..Default::default()
    };
    let now = t0();
    let fx = init(&mut s, now);
    let req = match &fx[0] {
        Effect::ListFamilies { request, .. } => *request,
        other => panic!("expected ListFamilies, got {other:?}"),
    };
    let names = vec!["api".to_string(), "web".to_string(), "worker".to_string()];
    update(
        &mut s,
        Action::FamiliesPage {
            request: req,
            names,
            done: true,
        },
        now,
    );
    s.focus = Focus::Families;
    update(&mut s, Action::Down, now);
    let fx = update(&mut s, Action::Enter, now);
    let req = match fx.as_slice() {
        [
            Effect::ListRevisions {
                request, family, ..
            },
        ] if family == "web" => *request,
        other => panic!("expected ListRevisions for web, got {other:?}"),
    };
    update(
        &mut s,
        Action::RevisionsPage {
            request: req,
            refs: refs("web", (1..=n).rev(), TdStatus::Active),
            done: true,
        },
        now,
    );
    (s, now)
}

/// Delivers one job item result.
pub(super) fn item(s: &mut AppState, job: u64, arn: String, outcome: ItemOutcome, now: Timestamp) {
    update(s, Action::JobItem { job, arn, outcome }, now);
}

fn count_describes(fx: &[Effect]) -> usize {
    fx.iter()
        .map(|e| {
            if let Effect::Describe { arns } = e {
                arns.len()
            } else {
                0
            }
        })
        .sum()
}

#[test]
fn start_lists_families_and_scans_in_use() {
    let mut s = AppState::default();
    let fx = init(&mut s, t0());
    assert!(matches!(
        fx[0],
        Effect::ListFamilies {
            status: StatusFilter::Active,
            ..
        }
    ));
    assert!(matches!(fx[1], Effect::ScanInUse { .. }));
    assert!(s.families.load.is_loading());
}

#[test]
fn pages_accumulate_and_stale_pages_are_dropped() {
    let mut s = AppState {
        size: (80, 24),
        ..Default::default()
    };
    let now = t0();
    let fx = init(&mut s, now);
    let Effect::ListFamilies { request, .. } = fx[0].clone() else {
        panic!()
    };
    update(
        &mut s,
        Action::FamiliesPage {
            request,
            names: vec!["a".into(), "b".into()],
            done: false,
        },
        now,
    );
    assert_eq!(s.families.load, Load::Loading { pages: 1 });
    update(
        &mut s,
        Action::FamiliesPage {
            request: request + 999,
            names: vec!["stale".into()],
            done: true,
        },
        now,
    );
    assert_eq!(s.families.names, vec!["a", "b"]);
    update(
        &mut s,
        Action::FamiliesPage {
            request,
            names: vec!["c".into()],
            done: true,
        },
        now,
    );
    assert_eq!(s.families.names, vec!["a", "b", "c"]);
    assert_eq!(s.families.load, Load::Done);
}

#[test]
fn filter_narrows_and_escape_clears() {
    let (mut s, now) = loaded(3);
    s.focus = Focus::Families;
    update(&mut s, Action::StartFilter, now);
    for c in "WOR".chars() {
        update(&mut s, Action::Input(c), now);
    }
    assert_eq!(s.families.visible.len(), 1, "case-insensitive substring");
    assert_eq!(s.families.selected(), Some("worker"));
    update(&mut s, Action::Back, now);
    assert!(s.families.filter.text.is_empty() && !s.families.filter.editing);
    assert_eq!(s.families.visible.len(), 3);
}

#[test]
fn holding_j_fires_no_describes_until_the_cursor_settles() {
    let (mut s, mut now) = loaded(1000);
    s.focus = Focus::Revisions;
    let mut describes = 0;
    // 30 key repeats per second with ticks every 100 ms in between.
    for i in 0..999 {
        now += SignedDuration::from_millis(33);
        describes += count_describes(&update(&mut s, Action::Down, now));
        if i % 3 == 0 {
            describes += count_describes(&update(&mut s, Action::Tick, now));
        }
    }
    assert_eq!(describes, 0, "no describe while the key is held");
    now += SignedDuration::from_millis(200);
    let fx = update(&mut s, Action::Tick, now);
    let n = count_describes(&fx);
    let (_, rows, _) = nav::rows(&s);
    assert!(
        n > 0 && n <= rows + lists::PREFETCH + 1,
        "only where the cursor settled: {n}"
    );
    let Effect::Describe { arns } = &fx[0] else {
        panic!()
    };
    assert_eq!(arns[0], arn("web", 1), "the selected revision first");
    // Settling again asks for nothing new.
    update(&mut s, Action::Up, now);
    now += SignedDuration::from_millis(200);
    assert_eq!(count_describes(&update(&mut s, Action::Tick, now)), 0);
}

#[test]
fn marks_survive_moving_between_families() {
    let (mut s, now) = loaded(3);
    s.focus = Focus::Revisions;
    update(&mut s, Action::ToggleMark, now);
    s.focus = Focus::Families;
    update(&mut s, Action::Down, now);
    let fx = update(&mut s, Action::Enter, now);
    assert!(matches!(fx.as_slice(), [Effect::ListRevisions { family, .. }] if family == "worker"));
    assert_eq!(s.marks.len(), 1);
    assert!(s.marks.contains_key(&arn("web", 3)));
}

#[test]
fn cycling_status_reloads_with_the_new_filter() {
    let (mut s, now) = loaded(3);
    let fx = update(&mut s, Action::CycleStatus, now);
    assert!(fx.iter().any(|e| matches!(
        e,
        Effect::ListFamilies {
            status: StatusFilter::Inactive,
            ..
        }
    )));
    assert!(fx.iter().any(|e| matches!(e, Effect::ListRevisions { status: StatusFilter::Inactive, family, .. } if family == "web")));
}

#[test]
fn stale_describe_results_fill_the_cache_and_flash_expires() {
    let (mut s, now) = loaded(2);
    let td = TaskDef::from_json(
        serde_json::json!({"family": "web", "revision": 2, "taskDefinitionArn": arn("web", 2)}),
        vec![],
    )
    .unwrap();
    update(
        &mut s,
        Action::Described {
            arn: arn("web", 2),
            result: Ok(Arc::new(td)),
        },
        now,
    );
    assert!(matches!(
        s.described.get(&arn("web", 2)),
        Some(Described::Loaded(_))
    ));
    flash(&mut s, state::Level::Info, "hello");
    update(&mut s, Action::Tick, now + SignedDuration::from_secs(30));
    assert!(s.flash.is_none());
}

#[test]
fn quit_sets_the_flag() {
    let mut s = AppState::default();
    update(&mut s, Action::Quit, t0());
    assert!(s.quit);
}

#[test]
fn range_mark_survives_the_list_shrinking_under_it() {
    let (mut s, now) = loaded(30);
    s.focus = Focus::Revisions;
    update(&mut s, Action::Bottom, now);
    update(&mut s, Action::RangeMark, now);
    update(&mut s, Action::StartFilter, now);
    update(&mut s, Action::Input('7'), now);
    update(&mut s, Action::Submit, now);
    update(&mut s, Action::RangeMark, now);
    assert!(
        !s.marks.is_empty() && s.marks.len() <= 3,
        "clamped to what is visible: {}",
        s.marks.len()
    );
    let (mut s, now) = loaded(5);
    s.focus = Focus::Revisions;
    update(&mut s, Action::Down, now);
    update(&mut s, Action::RangeMark, now);
    update(&mut s, Action::Bottom, now);
    update(&mut s, Action::RangeMark, now);
    assert_eq!(s.marks.len(), 4, "revisions 4 down to 1");
}
