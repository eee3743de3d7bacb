//! The fake ECS under load and faults: token buckets on paused time, seeded faults, the stale
//! listing window, access denied.

#![allow(clippy::unwrap_used)]

use std::time::Duration;

use super::tests::{all_families, all_revisions, doc};
use super::*;
use crate::ecs::{EcsApi, ErrorKind, StatusFilter, TdStatus};

#[tokio::test(start_paused = true)]
async fn buckets_follow_paused_time() {
    let f = FakeEcs::new().with_faults(Faults {
        enforce_buckets: true,
        ..Faults::default()
    });
    let arns = f.register_many(doc("web"), 23);
    let mut ok = 0;
    for a in &arns[..21] {
        match f.deregister(a).await {
            Ok(_) => ok += 1,
            Err(e) => {
                assert_eq!(
                    (e.kind, e.message.as_str()),
                    (ErrorKind::Throttled, "Rate exceeded")
                );
            }
        }
    }
    assert_eq!(ok, 20);
    assert_eq!(
        f.status_of(&arns[20]),
        Some(TdStatus::Active),
        "throttled calls do nothing"
    );
    let c = f.calls();
    assert_eq!(
        (c.by_op["DeregisterTaskDefinition"], c.throttled, c.failed),
        (21, 1, 0)
    );
    tokio::time::advance(Duration::from_secs(1)).await;
    assert!(f.deregister(&arns[20]).await.is_ok());
    assert!(f.deregister(&arns[21]).await.is_err());
    // Reads have their own, larger bucket.
    for _ in 0..50 {
        f.describe(&arns[0]).await.unwrap();
    }
    assert!(f.describe(&arns[0]).await.is_err());
}

/// Outcome kinds and completion times of a fixed call sequence.
async fn run_seeded(seed: u64) -> Vec<(Option<ErrorKind>, Duration)> {
    let f = FakeEcs::new().with_faults(Faults {
        latency: (Duration::from_millis(10), Duration::from_millis(90)),
        throttle_rate: 0.3,
        server_error_rate: 0.1,
        seed,
        ..Faults::default()
    });
    let arn = f.register(doc("web"));
    let start = tokio::time::Instant::now();
    let mut out = Vec::new();
    for _ in 0..60 {
        let r = f.describe(&arn).await;
        out.push((r.err().map(|e| e.kind), start.elapsed()));
    }
    let c = f.calls();
    let errors = out.iter().filter(|(k, _)| k.is_some()).count() as u64;
    assert_eq!(c.throttled + c.failed, errors);
    out
}

#[tokio::test(start_paused = true)]
async fn seeded_faults_are_deterministic() {
    let a = run_seeded(7).await;
    assert_eq!(a, run_seeded(7).await);
    assert_ne!(a, run_seeded(8).await);
    assert!(a.iter().any(|(k, _)| *k == Some(ErrorKind::Throttled)));
    assert!(a.iter().any(|(k, _)| *k == Some(ErrorKind::Server)));
    assert!(a.iter().any(|(k, _)| k.is_none()));
    let per_call = a[59].1 / 60;
    assert!((Duration::from_millis(10)..=Duration::from_millis(90)).contains(&per_call));
}

#[tokio::test(start_paused = true)]
async fn stale_list_window_lags_listings_only() {
    let f = FakeEcs::new().with_faults(Faults {
        stale_list_window: Some(Duration::from_secs(600)),
        ..Faults::default()
    });
    let arn = f.register(doc("solo"));
    f.deregister(&arn).await.unwrap();
    assert_eq!(f.status_of(&arn), Some(TdStatus::Inactive));
    assert_eq!(f.describe(&arn).await.unwrap().status(), TdStatus::Inactive);
    assert_eq!(
        all_revisions(&f, "solo", TdStatus::Active).await,
        std::slice::from_ref(&arn)
    );
    assert!(
        all_revisions(&f, "solo", TdStatus::Inactive)
            .await
            .is_empty()
    );
    assert_eq!(all_families(&f, None, StatusFilter::Active).await, ["solo"]);
    assert!(
        all_families(&f, None, StatusFilter::Inactive)
            .await
            .is_empty()
    );
    tokio::time::advance(Duration::from_secs(601)).await;
    assert!(all_revisions(&f, "solo", TdStatus::Active).await.is_empty());
    assert_eq!(
        all_revisions(&f, "solo", TdStatus::Inactive).await,
        std::slice::from_ref(&arn)
    );
    assert_eq!(
        all_families(&f, None, StatusFilter::Inactive).await,
        ["solo"]
    );
}

#[tokio::test]
async fn access_denied_and_clusters() {
    let f = FakeEcs::new().with_faults(Faults {
        access_denied: vec!["ListServices"],
        ..Faults::default()
    });
    f.add_service("prod", "web", "web:1", &[]);
    let e = f.list_services("prod", None).await.unwrap_err();
    assert_eq!(e.kind, ErrorKind::AccessDenied);
    assert_eq!(f.calls().failed, 1);
    let c = f.list_clusters(None).await.unwrap();
    assert_eq!(
        c.items,
        [format!("arn:aws:ecs:{REGION}:{ACCOUNT}:cluster/prod")]
    );
}
