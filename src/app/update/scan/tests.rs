//! `update` tests for in-use freshness: background re-scans, the re-check a confirmed job
//! makes, items skipped because they became in use, and a failed re-check asking again.

use std::collections::BTreeSet;

use jiff::{SignedDuration, Timestamp};

use super::super::{init, update};
use super::RESCAN_EVERY;
use crate::app::action::{Action, ItemOutcome};
use crate::app::effect::{Effect, JobKind, Recheck};
use crate::app::state::{AppState, Focus, Level, Modal};
use crate::domain::SkipReason;
use crate::ecs::{EcsError, ErrorKind, RevisionRef, TdStatus};
use crate::inuse::InUseMap;

fn t0() -> Timestamp {
    "2026-11-28T12:00:00Z".parse().unwrap()
}

fn throttled() -> EcsError {
    EcsError::new("ListServices", ErrorKind::Throttled, "Rate exceeded.")
}

fn arn(label: &str) -> String {
    format!("arn:aws:ecs:us-east-1:123456789012:task-definition/{label}")
}

fn used(pairs: &[(&str, &str)]) -> InUseMap {
    let mut map = InUseMap::default();
    for (label, user) in pairs {
        map.users
            .entry((*label).to_string())
            .or_default()
            .push((*user).to_string());
    }
    map
}

/// Started, the first scan done at `t0` with `map`, and `labels` marked.
fn started(map: InUseMap, labels: &[&str]) -> AppState {
    let mut s = AppState {
        size: (120, 40),
        ..Default::default()
    };
    let fx = init(&mut s, t0());
    let Some(Effect::ScanInUse { request }) = fx.last().cloned() else {
        panic!("{fx:?}")
    };
    let result = Ok(map);
    update(&mut s, Action::InUseScanned { request, result }, t0());
    for l in labels {
        let r = RevisionRef::from_arn(&arn(l), TdStatus::Active).unwrap();
        s.marks.insert(r.arn.clone(), r);
    }
    s.focus = Focus::Revisions;
    s
}

/// Presses `d` and answers yes until a job starts; returns its effect.
fn confirm_deregister(s: &mut AppState, now: Timestamp) -> (u64, Vec<RevisionRef>, Recheck) {
    update(s, Action::Deregister, now);
    for _ in 0..2 {
        if let [
            Effect::RunJob {
                job,
                kind: JobKind::Deregister,
                items,
                recheck,
            },
        ] = update(s, Action::Yes, now).as_slice()
        {
            return (*job, items.clone(), recheck.clone());
        }
    }
    panic!("no job started: {:?}", s.modal)
}

#[test]
fn a_confirmed_job_rechecks_and_spares_only_what_was_confirmed_in_use() {
    let mut s = started(
        used(&[("web:3", "prod/web (service)")]),
        &["web:1", "web:2", "web:3"],
    );
    let (_, items, recheck) = confirm_deregister(&mut s, t0());
    assert_eq!(items.len(), 3);
    assert_eq!(
        recheck,
        Recheck::Fresh {
            confirmed_in_use: BTreeSet::from([arn("web:3")])
        },
        "web:3 was confirmed twice as in use; the others are re-checked"
    );
    // Nothing in use: every item is re-checked.
    let mut s = started(InUseMap::default(), &["web:1"]);
    let (_, _, recheck) = confirm_deregister(&mut s, t0());
    assert_eq!(
        recheck,
        Recheck::Fresh {
            confirmed_in_use: BTreeSet::new()
        }
    );
}

#[test]
fn items_in_use_since_the_confirmation_are_skipped_with_their_users() {
    let mut s = started(InUseMap::default(), &["web:1", "web:2", "web:3"]);
    let now = t0() + SignedDuration::from_mins(2);
    let (job, _, _) = confirm_deregister(&mut s, now);
    let fresh = used(&[("web:2", "prod/payments (service)")]);
    update(
        &mut s,
        Action::JobRechecked {
            job,
            result: Ok(fresh.clone()),
        },
        now,
    );
    assert_eq!(
        s.in_use.map.as_ref(),
        Some(&fresh),
        "the re-check is the newest scan"
    );
    assert_eq!(s.in_use.scanned_at, Some(now));
    let why = SkipReason::NowInUse {
        first: "prod/payments (service)".into(),
        more: 0,
    };
    let outcomes = [
        ("web:2", ItemOutcome::Skipped(why.clone())),
        ("web:1", ItemOutcome::Done(TdStatus::Inactive)),
        ("web:3", ItemOutcome::Done(TdStatus::Inactive)),
    ];
    for (l, outcome) in outcomes {
        let arn = arn(l);
        update(&mut s, Action::JobItem { job, arn, outcome }, now);
    }
    let j = s.job.as_ref().unwrap();
    assert_eq!((j.done, j.failures.len(), j.remaining()), (2, 0, 0));
    assert_eq!(j.flow.skipped.len(), 1);
    assert_eq!(
        (j.flow.skipped[0].0.label(), &j.flow.skipped[0].1),
        ("web:2".into(), &why)
    );
    assert!(
        !s.overrides.contains_key(&arn("web:2")),
        "web:2 stays ACTIVE"
    );
    assert!(
        !s.row_errors.contains_key(&arn("web:2")),
        "a skip is no failure"
    );
    let cancelled = false;
    update(&mut s, Action::JobFinished { job, cancelled }, now);
    let f = s.flash.as_ref().unwrap();
    assert!(f.text.contains("1 skipped"), "{}", f.text);
    assert_eq!(f.level, Level::Warn);
    assert!(matches!(s.modal, Some(Modal::Summary { .. })));
    assert!(s.pending.is_empty());
}

#[test]
fn a_single_skipped_revision_says_so_instead_of_done() {
    let mut s = started(InUseMap::default(), &["web:2"]);
    let (job, _, _) = confirm_deregister(&mut s, t0());
    let outcome = ItemOutcome::Skipped(SkipReason::NowInUse {
        first: "prod/payments (service)".into(),
        more: 0,
    });
    let arn = arn("web:2");
    update(&mut s, Action::JobItem { job, arn, outcome }, t0());
    let cancelled = false;
    update(&mut s, Action::JobFinished { job, cancelled }, t0());
    let f = s.flash.as_ref().unwrap();
    assert_eq!(
        f.text,
        "Skipped web:2: now used by prod/payments (service)."
    );
}

#[test]
fn a_failed_recheck_changes_nothing_and_asks_again_without_protection() {
    let mut s = started(InUseMap::default(), &["web:1", "web:2"]);
    let before = s.in_flight;
    let (job, _, _) = confirm_deregister(&mut s, t0());
    assert_eq!(s.pending.len(), 2);
    let e = EcsError::new("ListServices", ErrorKind::AccessDenied, "not authorized.");
    let result = Err(e.clone());
    update(&mut s, Action::JobRechecked { job, result }, t0());
    assert!(s.job.is_none(), "the job never started");
    assert!(s.pending.is_empty() && s.in_flight == before);
    assert_eq!(s.marks.len(), 2, "the selection is kept");
    let Some(Modal::Confirm(c)) = &s.modal else {
        panic!("asks again: {:?}", s.modal)
    };
    assert_eq!(c.recheck_failed.as_ref(), Some(&e));
    assert_eq!(c.items.len(), 2);
    assert!(
        s.flash
            .as_ref()
            .unwrap()
            .text
            .contains("could not be re-checked")
    );
    // No is still the default.
    update(&mut s, Action::Submit, t0());
    assert!(s.modal.is_none() && s.job.is_none());
    // Confirming again knowingly runs without the re-check... only from that popup.
    let result = Err(e);
    let (job, _, recheck) = confirm_deregister(&mut s, t0());
    assert!(
        matches!(recheck, Recheck::Fresh { .. }),
        "a new d re-checks"
    );
    update(&mut s, Action::JobRechecked { job, result }, t0());
    let fx = update(&mut s, Action::Yes, t0());
    assert!(
        matches!(fx.as_slice(), [Effect::RunJob { recheck: Recheck::Off, items, .. }] if items.len() == 2),
        "{fx:?}"
    );
    let f = s.flash.as_ref().unwrap();
    assert!(f.text.contains("WITHOUT an in-use re-check"), "{}", f.text);
}

#[test]
fn a_recheck_answer_for_a_cancelled_or_other_job_is_ignored() {
    let mut s = started(InUseMap::default(), &["web:1"]);
    let (job, _, _) = confirm_deregister(&mut s, t0());
    let result = Err(EcsError::new("ListServices", ErrorKind::Throttled, ""));
    update(
        &mut s,
        Action::JobRechecked {
            job: job + 7,
            result,
        },
        t0(),
    );
    assert!(s.job.is_some() && s.modal.is_none());
    update(&mut s, Action::CancelJob, t0());
    update(&mut s, Action::Yes, t0());
    let result = Err(EcsError::new("ListServices", ErrorKind::Throttled, ""));
    update(&mut s, Action::JobRechecked { job, result }, t0());
    assert!(
        s.job.is_some() && s.modal.is_none(),
        "cancelled: not asked again"
    );
}

#[test]
fn the_scan_is_refreshed_in_the_background_every_five_minutes() {
    let mut s = started(InUseMap::default(), &[]);
    let scans = |fx: &[Effect]| {
        fx.iter()
            .filter(|e| matches!(e, Effect::ScanInUse { .. }))
            .count()
    };
    let almost = t0() + RESCAN_EVERY - SignedDuration::from_secs(1);
    assert_eq!(scans(&update(&mut s, Action::Tick, almost)), 0);
    let due = t0() + RESCAN_EVERY;
    let fx = update(&mut s, Action::Tick, due);
    assert_eq!(scans(&fx), 1);
    assert!(
        s.in_use.scanning && s.in_use.map.is_some(),
        "the old map stays"
    );
    assert_eq!(
        scans(&update(&mut s, Action::Tick, due + RESCAN_EVERY)),
        0,
        "one at a time"
    );
    // A failing background scan is retried five minutes later, and flashes once.
    let request = s.in_use.request;
    let result = Err(throttled());
    update(&mut s, Action::InUseScanned { request, result }, due);
    assert!(s.flash.as_ref().unwrap().text.contains("OFF"));
    s.flash = None;
    assert_eq!(scans(&update(&mut s, Action::Tick, due)), 0);
    let later = due + RESCAN_EVERY;
    assert_eq!(scans(&update(&mut s, Action::Tick, later)), 1);
    let request = s.in_use.request;
    let result = Err(throttled());
    update(&mut s, Action::InUseScanned { request, result }, later);
    assert!(s.flash.is_none(), "the same failure does not flash again");
    // A job's re-check counts as a scan.
    let ok = Ok(InUseMap::default());
    let fx = update(&mut s, Action::Tick, later + RESCAN_EVERY);
    let request = s.in_use.request;
    assert_eq!(scans(&fx), 1);
    let at = later + RESCAN_EVERY;
    update(
        &mut s,
        Action::InUseScanned {
            request,
            result: ok,
        },
        at,
    );
    assert!(s.in_use.error.is_none() && s.in_use.scanned_at == Some(at));
}

#[test]
fn an_open_confirmation_counts_what_a_newer_scan_finds_in_use() {
    let mut s = started(InUseMap::default(), &["web:1", "web:2"]);
    update(&mut s, Action::Deregister, t0());
    assert!(matches!(&s.modal, Some(Modal::Confirm(c)) if c.in_use == 0));
    let fx = update(&mut s, Action::Tick, t0() + RESCAN_EVERY);
    let Some(Effect::ScanInUse { request }) = fx.last().cloned() else {
        panic!("{fx:?}")
    };
    let result = Ok(used(&[("web:2", "prod/web (service)")]));
    let now = t0() + RESCAN_EVERY;
    update(&mut s, Action::InUseScanned { request, result }, now);
    assert!(matches!(&s.modal, Some(Modal::Confirm(c)) if c.in_use == 1));
    // So yes asks a second time, and the job then spares web:2.
    assert!(update(&mut s, Action::Yes, now).is_empty());
    let fx = update(&mut s, Action::Yes, now);
    let [Effect::RunJob { recheck, .. }] = fx.as_slice() else {
        panic!("{fx:?}")
    };
    assert_eq!(
        recheck,
        &Recheck::Fresh {
            confirmed_in_use: BTreeSet::from([arn("web:2")])
        }
    );
}

#[test]
fn a_failed_scan_keeps_its_kind_so_a_new_kind_of_failure_is_told() {
    let mut s = started(InUseMap::default(), &[]);
    let fx = update(&mut s, Action::Tick, t0() + RESCAN_EVERY);
    assert!(fx.iter().any(|e| matches!(e, Effect::ScanInUse { .. })));
    let request = s.in_use.request;
    update(
        &mut s,
        Action::InUseScanned {
            request,
            result: Err(throttled()),
        },
        t0(),
    );
    let kind = s.in_use.error.as_ref().map(|e| e.kind);
    assert_eq!(
        kind,
        Some(ErrorKind::Throttled),
        "the state keeps the kind, not only the text"
    );
    s.flash = None;
    // The next scan is refused instead: update tells it apart from the throttling and says so.
    let later = t0() + RESCAN_EVERY + RESCAN_EVERY;
    update(&mut s, Action::Tick, later);
    let request = s.in_use.request;
    let denied = EcsError::new("ListServices", ErrorKind::AccessDenied, "Rate exceeded.");
    update(
        &mut s,
        Action::InUseScanned {
            request,
            result: Err(denied),
        },
        later,
    );
    assert_eq!(
        s.in_use.error.as_ref().map(|e| e.kind),
        Some(ErrorKind::AccessDenied)
    );
    let f = s.flash.as_ref().expect("a new kind of failure flashes");
    assert!(
        f.text.contains("AccessDenied on ecs:ListServices"),
        "{}",
        f.text
    );
}
