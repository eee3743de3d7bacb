//! Shared fixtures: a counting decorator over the fake, accounts, and a job runner harness.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::sync::{Arc, Mutex};

use async_trait::async_trait;
use taskdefs::app::{Action, ItemOutcome, JobKind};
use taskdefs::domain::ItemFailure;
use taskdefs::ecs::fake::{FakeEcs, Faults};
use taskdefs::ecs::{
    DeleteOutcome, EcsApi, EcsError, Page, RevisionRef, ServiceInfo, StatusFilter, TaskDef,
    TaskInfo, TdStatus,
};
use taskdefs::jobs::{JobContext, RateConfig, run_job};
use taskdefs::journal::{self, Journal, Phase};
use tokio::sync::{mpsc, watch};
use tokio::time::Instant;

/// Wraps the fake and counts mutating calls per ARN, noting any call for an ARN that had
/// already succeeded.
pub struct Counting {
    pub inner: Arc<FakeEcs>,
    pub log: Mutex<Log>,
    /// Cancels the job as the Nth mutating call is sent (so that call is in flight).
    pub cancel_after: Mutex<Option<(usize, watch::Sender<bool>)>>,
}

#[derive(Default)]
pub struct Log {
    pub calls: HashMap<String, u32>,
    pub succeeded: HashSet<String>,
    pub after_success: Vec<String>,
    /// Time of every mutating call, for rate checks.
    pub times: Vec<Instant>,
}

impl Counting {
    pub fn new(inner: Arc<FakeEcs>) -> Arc<Self> {
        Arc::new(Counting {
            inner,
            log: Mutex::new(Log::default()),
            cancel_after: Mutex::new(None),
        })
    }

    pub fn sent(&self, arns: &[String]) {
        let mut log = self.log.lock().unwrap();
        log.times.push(Instant::now());
        for a in arns {
            *log.calls.entry(a.clone()).or_default() += 1;
            if log.succeeded.contains(a) {
                log.after_success.push(a.clone());
            }
        }
        if let Some((n, tx)) = &*self.cancel_after.lock().unwrap()
            && log.times.len() == *n
        {
            tx.send(true).unwrap();
        }
    }

    pub fn ok(&self, arns: &[String]) {
        self.log
            .lock()
            .unwrap()
            .succeeded
            .extend(arns.iter().cloned());
    }

    pub fn calls_of(&self, arn: &str) -> u32 {
        self.log
            .lock()
            .unwrap()
            .calls
            .get(arn)
            .copied()
            .unwrap_or(0)
    }

    pub fn total(&self) -> usize {
        self.log.lock().unwrap().times.len()
    }

    pub fn assert_never_called_after_success(&self) {
        let log = self.log.lock().unwrap();
        assert!(
            log.after_success.is_empty(),
            "called again after success: {:?}",
            log.after_success
        );
    }
}

#[async_trait]
impl EcsApi for Counting {
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
        let arns = [arn.to_string()];
        self.sent(&arns);
        let r = self.inner.deregister(arn).await;
        if r.is_ok() {
            self.ok(&arns);
        }
        r
    }
    async fn delete(&self, arns: &[String]) -> Result<DeleteOutcome, EcsError> {
        self.sent(arns);
        let r = self.inner.delete(arns).await;
        if let Ok(out) = &r {
            self.ok(&out.deleted);
        }
        r
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

pub fn account(faults: Faults, n: usize, status: TdStatus) -> (Arc<FakeEcs>, Vec<RevisionRef>) {
    let fake = FakeEcs::new().with_faults(faults);
    let items = (0..n)
        .map(|i| {
            let doc = serde_json::json!({
                "family": format!("job-{}", i % 7),
                "containerDefinitions": [{"name": "app", "image": "nginx:1.27", "memory": 256}],
            });
            let arn = fake.register(doc);
            if status != TdStatus::Active {
                fake.set_status(&arn, status);
            }
            RevisionRef::from_arn(&arn, status).unwrap()
        })
        .collect();
    (Arc::new(fake), items)
}

pub fn cfg() -> RateConfig {
    RateConfig {
        jitter_seed: Some(7),
        ..RateConfig::default()
    }
}

pub fn ctx(journal: Option<&Path>) -> JobContext {
    JobContext {
        journal: journal.map(|p| Arc::new(Journal::open(p).unwrap())),
        meta: taskdefs::journal::Meta {
            region: Some("us-east-1".into()),
            profile: None,
            endpoint: Some("memory://fake".into()),
        },
        dry_run: false,
        read_only: false,
    }
}

/// What a job reported: outcome per ARN (in order), the finish, and paused-time seconds taken.
pub struct Report {
    pub outcomes: Vec<(String, ItemOutcome)>,
    pub cancelled: bool,
    pub secs: f64,
    /// Most calls the runner reported in flight at once.
    pub max_in_flight: usize,
}

impl Report {
    pub fn by_arn(&self) -> BTreeMap<&str, &ItemOutcome> {
        self.outcomes.iter().map(|(a, o)| (a.as_str(), o)).collect()
    }
    pub fn done(&self) -> usize {
        self.outcomes.iter().filter(|(_, o)| o.is_success()).count()
    }
    pub fn count(&self, f: impl Fn(&ItemOutcome) -> bool) -> usize {
        self.outcomes.iter().filter(|(_, o)| f(o)).count()
    }
    /// Why each failed item failed, as the screen and the journal word it.
    pub fn failures(&self) -> Vec<String> {
        self.failure_kinds()
            .into_iter()
            .map(ToString::to_string)
            .collect()
    }
    /// Why each failed item failed, typed.
    pub fn failure_kinds(&self) -> Vec<&ItemFailure> {
        self.outcomes
            .iter()
            .filter_map(|(_, o)| match o {
                ItemOutcome::Failed(r) => Some(r),
                _ => None,
            })
            .collect()
    }
}

pub fn never() -> watch::Receiver<bool> {
    watch::channel(false).1
}

pub async fn run(
    api: Arc<dyn EcsApi>,
    kind: JobKind,
    items: Vec<RevisionRef>,
    cfg: &RateConfig,
    ctx: &JobContext,
    cancel: watch::Receiver<bool>,
) -> Report {
    let n = items.len();
    let (tx, mut rx) = mpsc::unbounded_channel();
    let start = Instant::now();
    run_job(api, 9, kind, items, cfg, ctx, cancel, tx).await;
    let secs = start.elapsed().as_secs_f64();
    let mut outcomes = Vec::new();
    let mut finished = Vec::new();
    let mut max_in_flight = 0;
    while let Ok(a) = rx.try_recv() {
        match a {
            Action::JobProgress { job, in_flight, .. } => {
                assert_eq!(job, 9);
                assert!(finished.is_empty(), "progress after JobFinished");
                max_in_flight = max_in_flight.max(in_flight);
            }
            Action::JobItem { job, arn, outcome } => {
                assert_eq!(job, 9);
                assert!(finished.is_empty(), "an item after JobFinished");
                outcomes.push((arn, outcome));
            }
            Action::JobFinished { job, cancelled } => {
                assert_eq!(job, 9);
                finished.push(cancelled);
            }
            other => panic!("unexpected {other:?}"),
        }
    }
    assert_eq!(finished.len(), 1, "exactly one JobFinished");
    assert_eq!(outcomes.len(), n, "one JobItem per item");
    for (_, o) in &outcomes {
        if let ItemOutcome::Failed(r) = o {
            let r = r.to_string();
            assert!(
                !r.is_empty() && !r.contains('\n'),
                "one-sentence reason: {r:?}"
            );
        }
    }
    Report {
        outcomes,
        cancelled: finished[0],
        secs,
        max_in_flight,
    }
}

/// The journal agrees with the job and the backend: every intent has one outcome, outcomes
/// match what the app was told, and `ok` deregistrations are INACTIVE (`ok` deletes gone or
/// DELETE_IN_PROGRESS).
pub fn check_journal(path: &Path, report: &Report, fake: &FakeEcs, kind: JobKind) -> usize {
    assert_eq!(
        std::fs::metadata(path).unwrap().permissions().mode() & 0o777,
        0o600
    );
    let entries = journal::entries(path).unwrap();
    let by_arn = report.by_arn();
    let mut intents = HashSet::new();
    let mut outcomes = HashSet::new();
    for e in &entries {
        assert_eq!(e.action, kind);
        assert_eq!(e.job, 9);
        assert_eq!(e.endpoint.as_deref(), Some("memory://fake"));
        assert_eq!(e.account.as_deref(), Some(taskdefs::ecs::fake::ACCOUNT));
        match e.phase {
            Phase::Intent => assert!(intents.insert(e.arn.clone()), "one intent per ARN"),
            Phase::Ack => panic!("a job writes no acknowledgements"),
            Phase::Outcome => {
                assert!(intents.contains(&e.arn), "outcome after its intent");
                assert!(outcomes.insert(e.arn.clone()), "one outcome per ARN");
                let told = by_arn[e.arn.as_str()];
                match (e.outcome.as_deref(), told) {
                    (Some("cancelled"), ItemOutcome::Cancelled) => {}
                    (Some("skipped"), ItemOutcome::Skipped(r)) => {
                        assert_eq!(e.error, Some(r.to_string()))
                    }
                    (Some("ok"), ItemOutcome::Done(s) | ItemOutcome::AlreadyDone(s)) => {
                        assert_eq!(e.status.as_deref(), Some(s.as_aws()));
                        let now = fake.status_of(&e.arn);
                        match kind {
                            JobKind::Deregister => assert_eq!(now, Some(TdStatus::Inactive)),
                            JobKind::Delete => {
                                assert!(
                                    matches!(now, None | Some(TdStatus::DeleteInProgress)),
                                    "{now:?}"
                                )
                            }
                        }
                    }
                    (Some("failed"), ItemOutcome::Failed(r)) => {
                        assert_eq!(e.error, Some(r.to_string()))
                    }
                    (o, t) => panic!("journal says {o:?}, the app was told {t:?}"),
                }
            }
        }
    }
    assert_eq!(
        intents, outcomes,
        "every intent has an outcome after a normal finish"
    );
    assert!(journal::unfinished(path).unwrap().is_empty());
    intents.len()
}
