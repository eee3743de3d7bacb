//! An outcome is what happened at ECS: a retry that finds the work done is a success, and
//! every HTTP attempt is counted.

use std::sync::Arc;
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::Duration;

use async_trait::async_trait;
use taskdefs::app::{ItemOutcome, JobKind};
use taskdefs::ecs::fake::{FakeEcs, Faults};
use taskdefs::ecs::{
    DeleteOutcome, EcsApi, EcsError, ErrorKind, Page, ServiceInfo, StatusFilter, TaskDef, TaskInfo,
    TdStatus,
};
use taskdefs::journal::{self, Phase};

use crate::support::*;

fn dropping(rate: f64) -> Faults {
    Faults {
        drop_response_rate: rate,
        latency: (Duration::from_millis(50), Duration::from_millis(150)),
        enforce_buckets: true,
        seed: 5,
        ..Faults::default()
    }
}

/// Attempts the journal recorded per ARN.
fn journaled_attempts(path: &std::path::Path) -> std::collections::HashMap<String, u32> {
    journal::entries(path)
        .unwrap()
        .into_iter()
        .filter(|e| e.phase == Phase::Outcome)
        .map(|e| (e.arn, e.attempts.unwrap()))
        .collect()
}

#[tokio::test(start_paused = true)]
async fn a_delete_whose_answer_was_lost_is_ok_already_deleted() {
    let (fake, items) = account(dropping(0.4), 100, TdStatus::Inactive);
    let api = Counting::new(fake.clone());
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("journal.jsonl");
    let cfg = cfg();
    let r = run(
        api.clone(),
        JobKind::Delete,
        items.clone(),
        &cfg,
        &ctx(Some(&path)),
        never(),
    )
    .await;
    assert!(r.failures().is_empty(), "{:?}", r.failures());
    let already = r.count(|o| matches!(o, ItemOutcome::AlreadyDone(_)));
    assert!(
        already >= 10,
        "the faults dropped too few answers: {already}"
    );
    for it in &items {
        assert_eq!(fake.status_of(&it.arn), None, "deleted");
    }
    assert!(r.max_in_flight <= cfg.concurrency);
    // Every HTTP request is an attempt, in the journal as at the (fake) server.
    for (arn, attempts) in journaled_attempts(&path) {
        assert_eq!(attempts, api.calls_of(&arn), "{arn}");
        if matches!(r.by_arn()[arn.as_str()], ItemOutcome::AlreadyDone(_)) {
            assert!(attempts >= 2);
        }
    }
    check_journal(&path, &r, &fake, JobKind::Delete);
}

#[tokio::test(start_paused = true)]
async fn a_deregistration_whose_answer_was_lost_is_done() {
    let (fake, items) = account(dropping(0.3), 40, TdStatus::Active);
    let api = Counting::new(fake.clone());
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("journal.jsonl");
    let r = run(
        api.clone(),
        JobKind::Deregister,
        items.clone(),
        &cfg(),
        &ctx(Some(&path)),
        never(),
    )
    .await;
    assert!(r.failures().is_empty(), "{:?}", r.failures());
    assert_eq!(r.done(), 40);
    let attempts = journaled_attempts(&path);
    assert!(attempts.values().any(|a| *a >= 2), "no answer was dropped");
    for (arn, a) in attempts {
        assert_eq!(a, api.calls_of(&arn), "{arn}");
    }
    check_journal(&path, &r, &fake, JobKind::Deregister);
}

/// ECS as some endpoints answer: the first deregistration is processed but its answer is
/// lost; the retry is refused with "already INACTIVE".
struct AnswersAlreadyInactive {
    inner: Arc<FakeEcs>,
    calls: AtomicU32,
    /// Drop the first answer (else the first call is refused outright).
    drop_first: bool,
}

#[async_trait]
impl EcsApi for AnswersAlreadyInactive {
    async fn list_families(
        &self,
        p: Option<&str>,
        s: StatusFilter,
        t: Option<String>,
    ) -> Result<Page<String>, EcsError> {
        self.inner.list_families(p, s, t).await
    }
    async fn list_revisions(
        &self,
        f: &str,
        s: TdStatus,
        t: Option<String>,
    ) -> Result<Page<String>, EcsError> {
        self.inner.list_revisions(f, s, t).await
    }
    async fn describe(&self, arn: &str) -> Result<TaskDef, EcsError> {
        self.inner.describe(arn).await
    }
    async fn deregister(&self, arn: &str) -> Result<TaskDef, EcsError> {
        const OP: &str = "DeregisterTaskDefinition";
        let n = self.calls.fetch_add(1, Ordering::SeqCst);
        if n == 0 && self.drop_first {
            self.inner.deregister(arn).await?;
            return Err(EcsError::new(OP, ErrorKind::Network, "connection reset"));
        }
        Err(EcsError::new(
            OP,
            ErrorKind::Client,
            "The task definition is already INACTIVE.",
        ))
    }
    async fn delete(&self, arns: &[String]) -> Result<DeleteOutcome, EcsError> {
        self.inner.delete(arns).await
    }
    async fn list_clusters(&self, t: Option<String>) -> Result<Page<String>, EcsError> {
        self.inner.list_clusters(t).await
    }
    async fn list_services(&self, c: &str, t: Option<String>) -> Result<Page<String>, EcsError> {
        self.inner.list_services(c, t).await
    }
    async fn describe_services(&self, c: &str, s: &[String]) -> Result<Vec<ServiceInfo>, EcsError> {
        self.inner.describe_services(c, s).await
    }
    async fn list_tasks(
        &self,
        c: &str,
        d: &str,
        t: Option<String>,
    ) -> Result<Page<String>, EcsError> {
        self.inner.list_tasks(c, d, t).await
    }
    async fn describe_tasks(&self, c: &str, t: &[String]) -> Result<Vec<TaskInfo>, EcsError> {
        self.inner.describe_tasks(c, t).await
    }
}

#[tokio::test(start_paused = true)]
async fn already_inactive_after_a_lost_answer_is_success_but_not_on_a_first_attempt() {
    for drop_first in [true, false] {
        let (fake, items) = account(Faults::default(), 1, TdStatus::Active);
        let api = Arc::new(AnswersAlreadyInactive {
            inner: fake.clone(),
            calls: AtomicU32::new(0),
            drop_first,
        });
        let r = run(api, JobKind::Deregister, items, &cfg(), &ctx(None), never()).await;
        let o = &r.outcomes[0].1;
        if drop_first {
            assert_eq!(*o, ItemOutcome::AlreadyDone(TdStatus::Inactive));
        } else {
            // Nothing of ours may have reached ECS: someone else deregistered it; say so.
            assert!(
                matches!(o, ItemOutcome::Failed(m) if m.to_string().contains("already INACTIVE")),
                "{o:?}"
            );
        }
    }
}
