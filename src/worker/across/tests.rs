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
