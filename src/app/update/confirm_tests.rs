//! Confirming a job in `update`: defaults to no, typed counts and words, in-use items asked
//! twice, read-only refusals, and the summary a job with failures opens.

use jiff::SignedDuration;

use super::tests::{arn, item, loaded, refs};
use super::*;
use crate::app::action::ItemOutcome;
use crate::app::effect::JobKind;
use crate::app::state::{self, Focus, Pending};
use crate::ecs::TdStatus;
use crate::inuse::InUseMap;

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
        ItemOutcome::Failed(crate::domain::ItemFailure::Refused(
            crate::ecs::EcsError::new(
                "DeregisterTaskDefinition",
                crate::ecs::ErrorKind::AccessDenied,
                "x",
            ),
        )),
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
