#![allow(clippy::unwrap_used)]

use std::sync::Arc;

use serde_json::json;

use super::fake::{FakeRule, FakeSources};
use super::*;
use crate::ecs::fake::FakeEcs;
use crate::ecs::{EcsApi, TdStatus};
use crate::inuse::{UserKind, scan_all};

fn arn(label: &str) -> String {
    format!("arn:aws:ecs:us-east-1:123456789012:task-definition/{label}")
}

#[test]
fn parses_every_way_to_name_a_task_definition() {
    let rev = |f: &str, r| Some(TdRef::Revision(f.into(), r));
    assert_eq!(TdRef::parse(&arn("reports:3")), rev("reports", 3));
    assert_eq!(TdRef::parse("reports:3"), rev("reports", 3));
    assert_eq!(TdRef::parse(&arn("etl")), Some(TdRef::Latest("etl".into())));
    assert_eq!(TdRef::parse("etl_v2"), Some(TdRef::Latest("etl_v2".into())));
    assert_eq!(TdRef::parse("$.td"), None);
    assert_eq!(TdRef::parse(""), None);
}

/// An ECS account with `family` at revisions 1..=n, and the fake sources of the issue.
fn account() -> (FakeEcs, FakeSources) {
    let ecs = FakeEcs::new();
    for (family, n) in [
        ("reports", 4),
        ("etl", 5),
        ("payments-api", 9),
        ("stacked", 3),
    ] {
        ecs.register_many(json!({"family": family, "containerDefinitions": []}), n);
    }
    // etl:5 is deregistered: the latest ACTIVE is 4.
    ecs.set_status(&arn("etl:5"), TdStatus::Inactive);
    let mut s = FakeSources::new();
    s.page_size = 2;
    s.buses.push("ops".into());
    for i in 0..5 {
        s.rules.push(FakeRule {
            bus: "ops".into(),
            name: format!("other-{i}"),
            targets: vec![],
        });
    }
    s.rules.push(FakeRule {
        bus: "ops".into(),
        name: "nightly-reports".into(),
        targets: vec!["x".into(), "y".into(), arn("reports:3")],
    });
    s.schedules
        .push(("batch".into(), "etl-nightly".into(), Some(arn("etl"))));
    s.schedules
        .push(("batch".into(), "lambda-only".into(), None));
    let def = json!({"StartAt": "Pay", "States": {
        "Pay": {"Type": "Task", "Resource": "arn:aws:states:::ecs:runTask.sync",
            "Parameters": {"TaskDefinition": "payments-api:7"}, "Next": "Any"},
        "Any": {"Type": "Task", "Resource": "arn:aws:states:::ecs:runTask",
            "Parameters": {"TaskDefinition.$": "$.td"}, "Next": "Odd"},
        "Odd": {"Type": "Task", "Resource": "arn:aws:states:::ecs:runTask",
            "Parameters": {"TaskDefinition": "not a name!"}, "End": true}}});
    s.state_machines.push((
        "arn:aws:states:us-east-1:1:stateMachine:payments-flow".into(),
        StateMachine {
            name: "payments-flow".into(),
            definition: def.to_string(),
        },
    ));
    s.stacks.push((
        "arn:aws:cloudformation:us-east-1:1:stack/stacked-stack/abc".into(),
        vec![arn("stacked:2")],
    ));
    (ecs, s)
}

#[tokio::test(start_paused = true)]
async fn every_source_names_its_users() {
    let (ecs, src) = account();
    let sources = Sources::new(Arc::new(src));
    let m = scan_all(&ecs, Some(&sources), &RateLimiter::new(10, 10.0))
        .await
        .unwrap();
    assert_eq!(m.users_of("reports:3"), ["ops/nightly-reports (rule)"]);
    assert_eq!(m.kinds_of("reports:3"), [UserKind::Rule]);
    assert_eq!(
        m.users_of("etl:4"),
        ["batch/etl-nightly (schedule: latest ACTIVE of etl)"]
    );
    assert!(!m.contains("etl:5"));
    assert_eq!(
        m.users_of("payments-api:7"),
        ["payments-flow/Pay (state machine)"]
    );
    assert_eq!(
        m.unknown,
        [
            "unknown reference in payments-flow (state Any)",
            "unknown reference in payments-flow (state Odd)"
        ]
    );
    // Owned, not protected.
    assert!(!m.contains("stacked:2"));
    assert_eq!(m.managed_by("stacked:2"), ["stacked-stack"]);
    let read: Vec<(Source, usize, bool)> = m
        .sources
        .iter()
        .map(|s| (s.source, s.read, s.error.is_none()))
        .collect();
    assert_eq!(
        read,
        [
            (Source::Rules, 6, true),
            (Source::Schedules, 2, true),
            (Source::StateMachines, 1, true),
            (Source::Stacks, 1, true),
        ]
    );
    assert_eq!(m.unchecked_names(), None);
}

#[tokio::test(start_paused = true)]
async fn access_denied_turns_off_only_that_source() {
    let (ecs, mut src) = account();
    src.denied.insert(Source::Rules);
    let sources = Sources::new(Arc::new(src));
    let m = scan_all(&ecs, Some(&sources), &RateLimiter::new(10, 10.0))
        .await
        .unwrap();
    assert!(!m.contains("reports:3"));
    assert!(m.contains("etl:4") && m.contains("payments-api:7"));
    assert_eq!(m.managed_by("stacked:2"), ["stacked-stack"]);
    let off = m.unchecked();
    assert_eq!(off.len(), 1);
    assert_eq!(off[0].source, Source::Rules);
    assert_eq!(
        off[0].error.as_ref().map(ToString::to_string).as_deref(),
        Some(
            "AccessDenied on events:ListEventBuses (not authorized to perform: events:ListEventBuses)"
        )
    );
    assert_eq!(m.unchecked_names().as_deref(), Some("EventBridge rules"));
}

#[tokio::test(start_paused = true)]
async fn without_sources_the_map_says_nothing_about_them() {
    let (ecs, _) = account();
    let m = crate::inuse::scan(&ecs, &RateLimiter::new(10, 10.0))
        .await
        .unwrap();
    assert!(m.sources.is_empty() && m.unknown.is_empty() && m.managed.is_empty());
    assert!(
        ecs.list_families(None, crate::ecs::StatusFilter::Active, None)
            .await
            .is_ok()
    );
}

/// The re-check before a job's first call reads the sources too: a revision a rule started
/// naming after the confirmation is skipped, never called, and the rule is named.
#[tokio::test(start_paused = true)]
async fn the_recheck_before_a_job_skips_what_a_rule_names() {
    use crate::app::{Action, ItemOutcome, JobKind, Recheck};
    use crate::ecs::RevisionRef;
    use crate::recheck::{ConfirmedJob, run_confirmed};

    let (ecs, src) = account();
    let ecs: Arc<dyn EcsApi> = Arc::new(ecs);
    let sources = Sources::new(Arc::new(src));
    let items: Vec<RevisionRef> = ["reports:2", "reports:3"]
        .iter()
        .map(|l| RevisionRef::from_arn(&arn(l), TdStatus::Active).unwrap())
        .collect();
    let job = ConfirmedJob {
        job: 1,
        kind: JobKind::Deregister,
        items,
        recheck: Recheck::Fresh {
            confirmed_in_use: Default::default(),
        },
    };
    let ctx = crate::jobs::JobContext {
        journal: None,
        meta: Default::default(),
        dry_run: false,
        read_only: false,
    };
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
    let (_cancel_tx, cancel) = tokio::sync::watch::channel(false);
    let scans = RateLimiter::new(10, 10.0);
    let cfg = crate::jobs::RateConfig::default();
    run_confirmed(
        ecs.clone(),
        job,
        Some(&sources),
        &scans,
        &cfg,
        &ctx,
        cancel,
        tx,
    )
    .await;
    let mut outcomes = Vec::new();
    while let Ok(a) = rx.try_recv() {
        if let Action::JobItem { arn, outcome, .. } = a {
            outcomes.push((arn, outcome));
        }
    }
    assert!(outcomes.contains(&(
        arn("reports:3"),
        ItemOutcome::Skipped(crate::domain::SkipReason::NowInUse {
            first: "ops/nightly-reports (rule)".into(),
            more: 0,
        })
    )));
    let status = |l: &str| {
        let ecs = ecs.clone();
        let a = arn(l);
        async move { ecs.describe(&a).await.unwrap().status() }
    };
    assert_eq!(status("reports:3").await, TdStatus::Active);
    assert_eq!(status("reports:2").await, TdStatus::Inactive);
}
