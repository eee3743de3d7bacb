//! The worker across contexts on in-memory backends: listings keyed by context with one
//! `done`, a failed context as one row, and a job whose items go to their own context.

use std::sync::Arc;

use tokio::sync::mpsc;

use super::{ContextBackend, Slot};
use crate::app::{Action, Effect, JobKind, Recheck};
use crate::ecs::fake::FakeEcs;
use crate::ecs::{ContextId, RevisionRef, StatusFilter, TdStatus};
use crate::jobs::{JobContext, RateConfig};
use crate::worker::Worker;

fn doc(family: &str) -> serde_json::Value {
    serde_json::json!({"family": family, "containerDefinitions": [{"name": "app", "image": "nginx"}]})
}

fn ready(api: &Arc<FakeEcs>) -> Slot {
    let job = JobContext {
        journal: None,
        meta: Default::default(),
        dry_run: false,
        read_only: false,
    };
    Slot::Ready(Arc::new(ContextBackend::new(
        api.clone(),
        None,
        job,
        Some(crate::ecs::fake::REGION.into()),
        None,
    )))
}

fn worker(a: &Arc<FakeEcs>, b: &Arc<FakeEcs>) -> (Worker, mpsc::UnboundedReceiver<Action>) {
    let (tx, rx) = mpsc::unbounded_channel();
    let job = JobContext {
        journal: None,
        meta: Default::default(),
        dry_run: false,
        read_only: false,
    };
    let slots = vec![
        ready(a),
        ready(b),
        Slot::failed("access denied in eu-south-2"),
    ];
    let w = Worker::new(a.clone(), tx, RateConfig::default(), job).with_contexts(slots);
    (w, rx)
}

#[tokio::test]
async fn families_come_from_every_context_and_a_failed_one_is_a_row() {
    let (a, b) = (Arc::new(FakeEcs::new()), Arc::new(FakeEcs::new()));
    a.register(doc("web"));
    b.register(doc("api"));
    b.register(doc("web"));
    let (mut w, mut rx) = worker(&a, &b);
    w.run(Effect::ListFamilies {
        request: 3,
        status: StatusFilter::Active,
        prefix: None,
    });
    let mut names = Vec::new();
    let mut failed = Vec::new();
    loop {
        match rx.recv().await.unwrap() {
            Action::FamiliesPage {
                request,
                names: n,
                done,
            } => {
                assert_eq!(request, 3);
                names.extend(n);
                if done {
                    break;
                }
            }
            Action::ContextFailed { ctx, error } => failed.push((ctx, error.message)),
            other => panic!("{other:?}"),
        }
    }
    names.sort();
    assert_eq!(names, ["000/web", "001/api", "001/web", "002/"]);
    assert_eq!(
        failed,
        [(ContextId(2), "access denied in eu-south-2".to_string())]
    );
    assert!(rx.try_recv().is_err(), "nothing after the last page");
}

#[tokio::test]
async fn a_job_calls_each_item_in_its_own_context_and_finishes_once() {
    let (a, b) = (Arc::new(FakeEcs::new()), Arc::new(FakeEcs::new()));
    let a_web = a.register_many(doc("web"), 3);
    let b_api = b.register_many(doc("api"), 2);
    let (mut w, mut rx) = worker(&a, &b);
    let item = |arn: &str, ctx: u16| {
        RevisionRef::from_arn(arn, TdStatus::Active)
            .unwrap()
            .in_ctx(ContextId(ctx))
    };
    w.run(Effect::RunJob {
        job: 9,
        kind: JobKind::Deregister,
        items: vec![item(&a_web[0], 0), item(&a_web[1], 0), item(&b_api[0], 1)],
        recheck: Recheck::Off,
    });
    let mut done = Vec::new();
    let mut finished = 0;
    let mut paced = std::collections::BTreeSet::new();
    while let Some(a) = rx.recv().await {
        match a {
            Action::JobItem { job, arn, outcome } => {
                assert_eq!(job, 9);
                assert!(outcome.is_success(), "{arn}: {outcome:?}");
                done.push(arn);
            }
            Action::JobFinished { job, cancelled } => {
                assert_eq!((job, cancelled), (9, false));
                finished += 1;
                break;
            }
            Action::JobProgress { .. } => {}
            Action::JobContextPace { job, ctx, .. } => {
                assert_eq!(job, 9);
                paced.insert(ctx);
            }
            other => panic!("{other:?}"),
        }
    }
    assert_eq!((done.len(), finished), (3, 1));
    assert_eq!(
        paced.into_iter().collect::<Vec<_>>(),
        [ContextId(0), ContextId(1)],
        "each context's pacer is told apart"
    );
    assert_eq!(a.status_of(&a_web[0]), Some(TdStatus::Inactive));
    assert_eq!(a.status_of(&a_web[1]), Some(TdStatus::Inactive));
    assert_eq!(a.status_of(&a_web[2]), Some(TdStatus::Active));
    assert_eq!(b.status_of(&b_api[0]), Some(TdStatus::Inactive));
    assert_eq!(b.status_of(&b_api[1]), Some(TdStatus::Active));
}

/// Lists families and returns every name once the listing is done.
async fn families(
    w: &mut Worker,
    rx: &mut mpsc::UnboundedReceiver<Action>,
    request: u64,
) -> Vec<String> {
    w.run(Effect::ListFamilies {
        request,
        status: StatusFilter::Active,
        prefix: None,
    });
    let mut names = Vec::new();
    loop {
        match rx.recv().await.unwrap() {
            Action::FamiliesPage { names: n, done, .. } => {
                names.extend(n);
                if done {
                    break;
                }
            }
            Action::ContextFailed { .. } | Action::ContextConnected { .. } => {}
            other => panic!("{other:?}"),
        }
    }
    names.sort();
    names
}

#[tokio::test]
async fn a_closed_context_lists_nothing_and_an_added_one_lists_its_own() {
    let (a, b) = (Arc::new(FakeEcs::new()), Arc::new(FakeEcs::new()));
    a.register(doc("web"));
    b.register(doc("api"));
    let (w, mut rx) = worker(&a, &b);
    let job: super::super::across_connect::JobOf = Arc::new(|meta| JobContext {
        journal: None,
        meta,
        dry_run: false,
        read_only: false,
    });
    let target = crate::contexts::connect::Target {
        endpoint_url: None,
        demo: true,
    };
    let mut w = w.with_context_connector(target, job);
    w.run(Effect::CloseContext { ctx: ContextId(1) });
    assert_eq!(families(&mut w, &mut rx, 1).await, ["000/web", "002/"]);
    w.run(Effect::OpenContext {
        ctx: ContextId(3),
        context: crate::contexts::Context::new(None, Some("ap-south-1")),
    });
    let names = families(&mut w, &mut rx, 2).await;
    let added: Vec<&String> = names.iter().filter(|n| n.starts_with("003/")).collect();
    assert!(
        added.len() > 3,
        "the demo account's families, keyed by the new id: {names:?}"
    );
    assert!(names.contains(&"000/web".to_string()));
    assert!(!names.iter().any(|n| n.starts_with("001/")));
}

/// A ready context named `region` in messages (the fake's ARNs all name one region, which
/// routes each item to the context that listed it).
fn ready_in(api: &Arc<FakeEcs>, region: &str) -> Slot {
    let job = JobContext {
        journal: None,
        meta: crate::journal::Meta {
            region: Some(region.into()),
            ..Default::default()
        },
        dry_run: false,
        read_only: false,
    };
    Slot::Ready(Arc::new(ContextBackend::new(
        api.clone(),
        None,
        job,
        Some(crate::ecs::fake::REGION.into()),
        None,
    )))
}

#[tokio::test]
async fn a_context_whose_recheck_fails_calls_nothing_while_the_others_go_on() {
    use crate::domain::SkipReason;
    use crate::ecs::fake::Faults;
    // us-east-1 uses web:3; eu-west-1 cannot scan; ap-south-1 has web:3 too, unused there.
    let east = Arc::new(FakeEcs::new());
    let west = Arc::new(FakeEcs::new().with_faults(Faults {
        access_denied: vec!["ListClusters"],
        ..Faults::default()
    }));
    let south = Arc::new(FakeEcs::new());
    let e_web = east.register_many(doc("web"), 3);
    let w_web = west.register_many(doc("web"), 2);
    let s_web = south.register_many(doc("web"), 3);
    east.add_service("prod", "web", "web:3", &[]);
    let (tx, mut rx) = mpsc::unbounded_channel();
    let job = JobContext {
        journal: None,
        meta: Default::default(),
        dry_run: false,
        read_only: false,
    };
    let slots = vec![
        ready_in(&east, "us-east-1"),
        ready_in(&west, "eu-west-1"),
        ready_in(&south, "ap-south-1"),
    ];
    let mut w = Worker::new(east.clone(), tx, RateConfig::default(), job).with_contexts(slots);
    let item = |arn: &str, ctx: u16| {
        RevisionRef::from_arn(arn, TdStatus::Active)
            .unwrap()
            .in_ctx(ContextId(ctx))
    };
    w.run(Effect::RunJob {
        job: 4,
        kind: JobKind::Deregister,
        items: vec![
            item(&e_web[0], 0),
            item(&e_web[2], 0),
            item(&w_web[0], 1),
            item(&w_web[1], 1),
            item(&s_web[2], 2),
        ],
        recheck: Recheck::Fresh {
            confirmed_in_use: Default::default(),
        },
    });
    let mut done = Vec::new();
    let mut skipped = Vec::new();
    let mut rechecked = None;
    while let Some(a) = rx.recv().await {
        match a {
            Action::JobItem { arn, outcome, .. } if outcome.is_success() => done.push(arn),
            Action::JobItem {
                arn,
                outcome: crate::app::ItemOutcome::Skipped(why),
                ..
            } => skipped.push((arn, why)),
            Action::JobRechecked { result, .. } => rechecked = Some(result),
            Action::JobFinished { .. } => break,
            Action::JobProgress { .. } | Action::JobContextPace { .. } => {}
            other => panic!("{other:?}"),
        }
    }
    assert_eq!(done.len(), 2, "{done:?}");
    let map = rechecked
        .expect("re-checked")
        .expect("two contexts scanned");
    assert_eq!(
        map.failed.iter().map(|(c, _)| *c).collect::<Vec<_>>(),
        [ContextId(1)]
    );
    assert_eq!(skipped.len(), 3, "{skipped:?}");
    let now_used: Vec<_> = skipped
        .iter()
        .filter(|(_, w)| matches!(w, SkipReason::NowInUse { first, .. } if first == "prod/web (service)"))
        .collect();
    assert_eq!(now_used.len(), 1, "{skipped:?}");
    assert_eq!(now_used[0].0, e_web[2]);
    let not_sent: Vec<&SkipReason> = skipped
        .iter()
        .filter(|(_, w)| matches!(w, SkipReason::RecheckFailed { context, .. } if context == "eu-west-1"))
        .map(|(_, w)| w)
        .collect();
    assert_eq!(not_sent.len(), 2, "{skipped:?}");
    assert!(
        not_sent[0].to_string().starts_with(
            "not sent: in-use status could not be re-checked in eu-west-1 (AccessDenied"
        ),
        "{}",
        not_sent[0]
    );
    // eu-west-1 was not called; us-east-1 spared its web:3, ap-south-1 (same name, unused
    // there) deregistered it.
    for arn in &w_web {
        assert_eq!(west.status_of(arn), Some(TdStatus::Active));
    }
    assert_eq!(
        west.calls().by_op.get("DeregisterTaskDefinition"),
        None,
        "eu-west-1 was not called"
    );
    assert_eq!(east.status_of(&e_web[0]), Some(TdStatus::Inactive));
    assert_eq!(east.status_of(&e_web[2]), Some(TdStatus::Active));
    assert_eq!(south.status_of(&s_web[2]), Some(TdStatus::Inactive));
}
