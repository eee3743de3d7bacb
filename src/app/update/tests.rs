//! Tests of `update`: fixtures of state in, state and effects out.

use std::sync::Arc;

use jiff::{SignedDuration, Timestamp};

use super::*;
use crate::app::action::ItemOutcome;
use crate::app::effect::JobKind;
use crate::app::state::{self, Described, Focus, Load, Pending};
use crate::ecs::{RevisionRef, StatusFilter, TaskDef, TdStatus};
use crate::inuse::InUseMap;

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
fn deregister_one_confirms_defaults_to_no_and_trusts_its_result() {
    let (mut s, now) = loaded(5);
    s.focus = Focus::Revisions;
    update(&mut s, Action::Down, now); // web:4
    assert!(update(&mut s, Action::Deregister, now).is_empty());
    assert!(
        matches!(&s.modal, Some(Modal::Confirm(c)) if c.items.len() == 1 && c.required.is_none())
    );
    // Enter takes the default: No.
    assert!(update(&mut s, Action::Submit, now).is_empty());
    assert!(s.modal.is_none());
    update(&mut s, Action::Deregister, now);
    let fx = update(&mut s, Action::Yes, now);
    let [
        Effect::RunJob {
            job,
            kind: JobKind::Deregister,
            items,
            ..
        },
    ] = fx.as_slice()
    else {
        panic!("{fx:?}")
    };
    assert_eq!(items[0].label(), "web:4");
    // Queued until the runner says its call went out.
    assert_eq!(
        s.pending.get(&arn("web", 4)),
        Some(&Pending::Queued(JobKind::Deregister))
    );
    let job = *job;
    let progress = Action::JobProgress {
        job,
        sent: vec![arn("web", 4)],
        in_flight: 1,
        burst_left: 19.0,
        per_sec: 0.8,
    };
    update(&mut s, progress, now);
    assert_eq!(s.pending.get(&arn("web", 4)), Some(&Pending::Deregistering));
    item(
        &mut s,
        job,
        arn("web", 4),
        ItemOutcome::Done(TdStatus::Inactive),
        now,
    );
    update(
        &mut s,
        Action::JobFinished {
            job,
            cancelled: false,
        },
        now,
    );
    assert!(s.pending.is_empty());
    assert!(s.flash.as_ref().unwrap().text.contains("web:4"));
    // A refresh within 10 minutes still lists it ACTIVE: the app keeps INACTIVE.
    let later = now + SignedDuration::from_mins(5);
    let fx = update(&mut s, Action::Refresh, later);
    let req = fx
        .iter()
        .find_map(|e| {
            if let Effect::ListRevisions { request, .. } = e {
                Some(*request)
            } else {
                None
            }
        })
        .unwrap();
    update(
        &mut s,
        Action::RevisionsPage {
            request: req,
            refs: refs("web", (1..=5).rev(), TdStatus::Active),
            done: true,
        },
        later,
    );
    let r = s
        .revisions
        .rows
        .iter()
        .find(|r| r.revision == 4)
        .unwrap()
        .clone();
    assert_eq!(s.effective_status(&r), TdStatus::Inactive);
    // After the window, the listing is believed again.
    s.now = now + SignedDuration::from_mins(11);
    assert_eq!(s.effective_status(&r), TdStatus::Active);
}

#[test]
fn read_only_refuses_in_the_ui() {
    let (mut s, now) = loaded(3);
    s.read_only = true;
    s.focus = Focus::Revisions;
    assert!(update(&mut s, Action::Deregister, now).is_empty());
    assert!(s.modal.is_none());
    assert!(s.flash.as_ref().unwrap().text.contains("Read-only"));
}

#[test]
fn bulk_needs_the_count_typed_and_counts_hidden_marks() {
    let (mut s, now) = loaded(30);
    s.focus = Focus::Revisions;
    update(&mut s, Action::MarkAll, now);
    assert_eq!(s.marks.len(), 30);
    update(&mut s, Action::StartFilter, now);
    update(&mut s, Action::Input('2'), now);
    update(&mut s, Action::Input('7'), now);
    update(&mut s, Action::Submit, now);
    assert_eq!(s.revisions.visible.len(), 1, "only web:27 matches '27'");
    update(&mut s, Action::Deregister, now);
    let Some(Modal::Confirm(c)) = &s.modal else {
        panic!()
    };
    assert_eq!(
        (c.items.len(), c.hidden, c.required.as_deref()),
        (30, 29, Some("30"))
    );
    for ch in "29".chars() {
        update(&mut s, Action::Input(ch), now);
    }
    assert!(
        update(&mut s, Action::Submit, now).is_empty(),
        "wrong count does not start"
    );
    assert!(matches!(&s.modal, Some(Modal::Confirm(c)) if c.typed.is_empty()));
    for ch in "30".chars() {
        update(&mut s, Action::Input(ch), now);
    }
    let fx = update(&mut s, Action::Submit, now);
    assert!(matches!(fx.as_slice(), [Effect::RunJob { items, .. }] if items.len() == 30));
    assert!(s.marks.is_empty(), "marks handed to the job are cleared");
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
fn in_use_items_are_confirmed_twice() {
    let (mut s, now) = loaded(3);
    let mut map = InUseMap::default();
    map.users
        .insert("web:3".into(), vec!["prod/web (service)".into()]);
    s.in_use.map = Some(map);
    s.focus = Focus::Revisions;
    update(&mut s, Action::Deregister, now);
    assert!(
        update(&mut s, Action::Yes, now).is_empty(),
        "first yes only arms the second question"
    );
    assert!(matches!(&s.modal, Some(Modal::Confirm(c)) if c.second_stage && c.in_use == 1));
    assert_eq!(update(&mut s, Action::Yes, now).len(), 1);
}

#[test]
fn delete_refuses_active_and_needs_the_word() {
    let (mut s, now) = loaded(3);
    s.focus = Focus::Revisions;
    assert!(update(&mut s, Action::Delete, now).is_empty());
    assert!(s.modal.is_none());
    assert!(s.flash.as_ref().unwrap().text.contains("deregister"));
    let r = s.revisions.selected().unwrap().clone();
    s.overrides.insert(
        r.arn.clone(),
        state::Override {
            status: TdStatus::Inactive,
            until: now + TRUST_OWN_RESULTS_FOR,
        },
    );
    update(&mut s, Action::Delete, now);
    assert!(matches!(&s.modal, Some(Modal::Confirm(c)) if c.required.as_deref() == Some("delete")));
    assert!(
        update(&mut s, Action::Yes, now).is_empty(),
        "y alone does not delete"
    );
    for ch in "delete".chars() {
        update(&mut s, Action::Input(ch), now);
    }
    let fx = update(&mut s, Action::Submit, now);
    assert!(matches!(
        fx.as_slice(),
        [Effect::RunJob {
            kind: JobKind::Delete,
            ..
        }]
    ));
}

#[test]
fn failures_open_a_summary_and_can_be_retried() {
    let (mut s, now) = loaded(3);
    s.focus = Focus::Revisions;
    update(&mut s, Action::MarkAll, now);
    update(&mut s, Action::Deregister, now);
    let fx = update(&mut s, Action::Yes, now);
    let [Effect::RunJob { job, .. }] = fx.as_slice() else {
        panic!()
    };
    let job = *job;
    item(
        &mut s,
        job,
        arn("web", 3),
        ItemOutcome::Done(TdStatus::Inactive),
        now,
    );
    item(
        &mut s,
        job,
        arn("web", 2),
        ItemOutcome::Failed("AccessDenied on ecs:DeregisterTaskDefinition: x".into()),
        now,
    );
    item(
        &mut s,
        job,
        arn("web", 1),
        ItemOutcome::Done(TdStatus::Inactive),
        now,
    );
    update(
        &mut s,
        Action::JobFinished {
            job,
            cancelled: false,
        },
        now,
    );
    assert!(matches!(s.modal, Some(Modal::Summary { .. })));
    assert_eq!(s.row_errors.len(), 1);
    update(&mut s, Action::RetryFailed, now);
    let Some(Modal::Confirm(c)) = &s.modal else {
        panic!("{:?}", s.modal)
    };
    assert_eq!(
        c.items.iter().map(|r| r.label()).collect::<Vec<_>>(),
        vec!["web:2"]
    );
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
fn quit_while_a_job_runs_asks_for_a_second_q() {
    let (mut s, now) = loaded(3);
    s.focus = Focus::Revisions;
    update(&mut s, Action::Deregister, now);
    update(&mut s, Action::Yes, now);
    update(&mut s, Action::Quit, now);
    assert!(!s.quit && s.flash.as_ref().unwrap().text.contains("q again"));
    update(&mut s, Action::Quit, now);
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
