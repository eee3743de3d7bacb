//! In-use protection with several contexts: a revision is in use only where its own context
//! uses it, and a context whose scan failed is the only one left unprotected.

use jiff::Timestamp;

use super::super::update;
use crate::app::action::Action;
use crate::app::contexts::ContextView;
use crate::app::effect::JobKind;
use crate::app::state::{AppState, Level, Modal};
use crate::ecs::{ContextId, EcsError, ErrorKind, RevisionRef, TdStatus};
use crate::inuse::InUseMap;

fn rev(ctx: u16, region: &str, label: &str) -> RevisionRef {
    let arn = format!("arn:aws:ecs:{region}:123456789012:task-definition/{label}");
    RevisionRef::from_arn(&arn, TdStatus::Active)
        .unwrap()
        .in_ctx(ContextId(ctx))
}

fn denied() -> EcsError {
    EcsError::new("ListClusters", ErrorKind::AccessDenied, "not authorized.")
}

/// us-east-1 and eu-west-1 open; the scan found `web:3` in use in us-east-1 and failed in
/// eu-west-1.
fn scanned() -> AppState {
    let mut s = AppState {
        size: (120, 40),
        ..Default::default()
    };
    for r in ["us-east-1", "eu-west-1"] {
        let c = crate::contexts::Context::new(None, Some(r));
        s.contexts.push(ContextView::of(&c, None));
    }
    let mut east = InUseMap::default();
    east.users
        .insert("web:3".into(), vec!["prod/web (service)".into()]);
    let mut map = InUseMap::default();
    map.add_context(ContextId(0), east);
    map.failed.push((ContextId(1), denied()));
    s.in_use.request = 7;
    s.in_use.scanning = true;
    let now: Timestamp = "2026-11-28T12:00:00Z".parse().unwrap();
    update(
        &mut s,
        Action::InUseScanned {
            request: 7,
            result: Ok(map),
        },
        now,
    );
    s
}

#[test]
fn the_same_revision_is_in_use_only_in_its_own_context() {
    let s = scanned();
    assert_eq!(
        s.users_of(&rev(0, "us-east-1", "web:3")),
        ["prod/web (service)".to_string()]
    );
    assert!(s.users_of(&rev(1, "eu-west-1", "web:3")).is_empty());
}

#[test]
fn a_failed_context_is_the_only_one_unprotected_and_is_named() {
    let s = scanned();
    assert!(s.in_use.error.is_none(), "the scan as a whole succeeded");
    let off = s.protection_off();
    assert_eq!(off.len(), 1);
    assert_eq!(off[0].ctx, ContextId(1));
    assert_eq!(off[0].label, "eu-west-1");
    assert!(s.unprotected(&rev(1, "eu-west-1", "web:1")));
    assert!(!s.unprotected(&rev(0, "us-east-1", "web:1")));
    let flash = s.flash.as_ref().expect("told");
    assert_eq!(flash.level, Level::Warn);
    assert!(
        flash
            .text
            .starts_with("In-use protection is OFF in eu-west-1: "),
        "{}",
        flash.text
    );
}

fn confirm_of(s: &mut AppState, items: &[RevisionRef]) -> crate::app::state::Confirm {
    for r in items {
        s.marks.insert(r.arn.clone(), r.clone());
    }
    s.focus = crate::app::state::Focus::Revisions;
    update(s, Action::Deregister, s.now);
    match s.modal.clone() {
        Some(Modal::Confirm(c)) => c,
        other => panic!("{other:?}"),
    }
}

#[test]
fn the_count_is_typed_only_when_an_unprotected_context_is_in_the_selection() {
    let mut s = scanned();
    let c = confirm_of(&mut s, &[rev(0, "us-east-1", "web:1")]);
    assert_eq!(c.kind, JobKind::Deregister);
    assert_eq!(c.required, None, "us-east-1 is protected: y suffices");
    let mut s = scanned();
    let c = confirm_of(
        &mut s,
        &[rev(0, "us-east-1", "web:1"), rev(1, "eu-west-1", "web:3")],
    );
    assert_eq!(c.required.as_deref(), Some("2"));
    assert_eq!(
        c.in_use, 0,
        "web:3 is in use in us-east-1, not in eu-west-1"
    );
}

#[test]
fn revisions_a_failed_context_did_not_send_are_asked_again_and_run_without_a_recheck() {
    use crate::app::action::ItemOutcome;
    use crate::app::effect::{Effect, Recheck};
    use crate::domain::SkipReason;
    let mut s = scanned();
    let (east, west) = (rev(0, "us-east-1", "web:1"), rev(1, "eu-west-1", "web:1"));
    confirm_of(&mut s, &[east.clone(), west.clone()]);
    let now = s.now;
    update(&mut s, Action::Input('2'), now);
    let fx = update(&mut s, Action::Submit, now);
    let [Effect::RunJob { job, recheck, .. }] = fx.as_slice() else {
        panic!("{fx:?}")
    };
    assert!(matches!(recheck, Recheck::Fresh { .. }));
    let job = *job;
    let item = |arn: &str, outcome| Action::JobItem {
        job,
        arn: arn.to_string(),
        outcome,
    };
    update(
        &mut s,
        item(&east.arn, ItemOutcome::Done(TdStatus::Inactive)),
        now,
    );
    let why = SkipReason::RecheckFailed {
        context: "eu-west-1".into(),
        error: denied(),
    };
    update(&mut s, item(&west.arn, ItemOutcome::Skipped(why)), now);
    update(
        &mut s,
        Action::JobFinished {
            job,
            cancelled: false,
        },
        now,
    );
    let Some(Modal::Confirm(c)) = s.modal.clone() else {
        panic!("asked again: {:?}", s.modal)
    };
    assert_eq!(c.items, std::slice::from_ref(&west));
    let e = c.recheck_failed.expect("says the re-check failed");
    assert!(e.message.contains("(eu-west-1)"), "{e}");
    assert!(
        s.flash
            .as_ref()
            .is_some_and(|f| f.text.contains("1 revision was not sent")),
        "{:?}",
        s.flash
    );
    update(&mut s, Action::Input('1'), now);
    let fx = update(&mut s, Action::Submit, now);
    let [Effect::RunJob { items, recheck, .. }] = fx.as_slice() else {
        panic!("{fx:?} {:?}", s.modal)
    };
    assert_eq!(items, &[west]);
    assert_eq!(
        recheck,
        &Recheck::Off,
        "confirmed again: that context runs unprotected"
    );
}
