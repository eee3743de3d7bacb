//! In-use protection: which revisions services, running tasks, EventBridge rules and
//! schedules, and Step Functions state machines still reference, and which revisions a
//! CloudFormation stack owns (a warning, not protection).
//!
//! The ECS scan is required; every other source (`crate::sources`) is optional and reported
//! on its own, so a missing permission turns off only that source's protection.

use std::collections::{BTreeSet, HashMap, HashSet};
use std::future::Future;
use std::time::Duration;

use crate::ecs::{EcsApi, EcsError, ErrorKind, Page, ServiceInfo, TaskInfo, parse_family_revision};
use crate::ratelimit::RateLimiter;
use crate::sources::{Source, SourceFindings, Sources, TdRef};

#[path = "inuse_uses.rs"]
mod uses;
pub use uses::{ServiceUse, TaskUse};

/// What kind of user holds a revision.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum UserKind {
    /// A service's current task definition.
    Service,
    /// Another deployment of a service (a rollout).
    Deployment,
    /// A task that is not STOPPED.
    Task,
    /// An EventBridge rule target.
    Rule,
    /// An EventBridge Scheduler schedule target.
    Schedule,
    /// A Step Functions `ecs:runTask` state.
    StateMachine,
    /// A Step Functions state whose task definition is only known at run time.
    UnknownRef,
    /// A CloudFormation stack that created the revision (not protection).
    StackManaged,
}

impl UserKind {
    /// How a user of this kind is labelled, e.g. `schedule`.
    pub fn label(self) -> &'static str {
        match self {
            UserKind::Service => "service",
            UserKind::Deployment => "deployment",
            UserKind::Task => "task",
            UserKind::Rule => "rule",
            UserKind::Schedule => "schedule",
            UserKind::StateMachine => "state machine",
            UserKind::UnknownRef => "unknown reference",
            UserKind::StackManaged => "stack",
        }
    }
}

/// How one optional source fared in the last scan.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceStatus {
    /// Which source.
    pub source: Source,
    /// Resources read (rules, schedules, state machines, stacks).
    pub read: usize,
    /// Why it is unchecked; `None` when it was read completely.
    pub error: Option<String>,
}

/// Revisions in use, keyed by `family:revision`, with who uses them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct InUseMap {
    /// `family:revision` -> users such as `prod-cluster/web (service)` or `prod-cluster/task/abc (task)`.
    pub users: HashMap<String, Vec<String>>,
    /// Clusters scanned.
    pub clusters: usize,
    /// Services scanned.
    pub services: usize,
    /// Tasks (not STOPPED) scanned.
    pub tasks: usize,
    /// `family:revision` -> the kinds of its users (protection only).
    pub kinds: HashMap<String, BTreeSet<UserKind>>,
    /// `family:revision` -> names of the CloudFormation stacks that created it (a warning).
    pub managed: HashMap<String, Vec<String>>,
    /// Step Functions references only known at run time: `unknown reference in NAME (state S)`.
    pub unknown: Vec<String>,
    /// The optional sources, in `Source::ALL` order; empty when none was configured.
    pub sources: Vec<SourceStatus>,
    /// Every service scanned, with its revisions and counts (the services view).
    pub service_uses: Vec<ServiceUse>,
    /// Every task not STOPPED, with its revision (the services view).
    pub task_uses: Vec<TaskUse>,
}

impl InUseMap {
    /// Who uses `family:revision`; empty when nothing does.
    pub fn users_of(&self, label: &str) -> &[String] {
        self.users.get(label).map_or(&[], Vec::as_slice)
    }

    /// True when a service, task, rule, schedule or state machine references `family:revision`
    /// (protected). A stack owning it is not protection: see `managed_by`.
    pub fn contains(&self, label: &str) -> bool {
        self.users.contains_key(label)
    }

    /// The kinds of users of `family:revision`.
    pub fn kinds_of(&self, label: &str) -> Vec<UserKind> {
        self.kinds
            .get(label)
            .map_or_else(Vec::new, |k| k.iter().copied().collect())
    }

    /// Names of the stacks that created `family:revision`; empty when none did.
    pub fn managed_by(&self, label: &str) -> &[String] {
        self.managed.get(label).map_or(&[], Vec::as_slice)
    }

    /// The sources that could not be read, with why.
    pub fn unchecked(&self) -> Vec<&SourceStatus> {
        self.sources.iter().filter(|s| s.error.is_some()).collect()
    }

    /// `EventBridge rules, CloudFormation` for the status bar; `None` when all were read.
    pub fn unchecked_names(&self) -> Option<String> {
        let names: Vec<&str> = self.unchecked().iter().map(|s| s.source.label()).collect();
        (!names.is_empty()).then(|| names.join(", "))
    }
}

/// Attempts per read call before its error is returned: throttling and 5xx are retried.
const READ_ATTEMPTS: u32 = 5;
/// First backoff after a retryable read error; doubles per attempt, with full jitter.
const READ_BACKOFF: Duration = Duration::from_millis(250);
/// Services per `DescribeServices` call (the ECS maximum).
const SERVICES_PER_DESCRIBE: usize = 10;
/// Tasks per `DescribeTasks` call (the ECS maximum).
const TASKS_PER_DESCRIBE: usize = 100;
/// Characters of a task ID shown to users: enough to find it, short enough for a pane.
const SHORT_TASK_ID: usize = 8;

/// One paced read: waits for a token before every attempt and retries throttling, 5xx and
/// timeouts with exponential backoff, so a busy account slows the read instead of failing it.
pub(crate) async fn paced<T, F, Fut>(pace: &RateLimiter, mut call: F) -> Result<T, EcsError>
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Result<T, EcsError>>,
{
    let mut failed = 0;
    loop {
        pace.acquire().await;
        match call().await {
            Ok(v) => return Ok(v),
            Err(e) if e.is_retryable() && failed + 1 < READ_ATTEMPTS => {
                failed += 1;
                if e.kind == ErrorKind::Throttled {
                    // Someone else shares the bucket: stop assuming it is full.
                    pace.drain().await;
                }
                tokio::time::sleep(backoff(failed)).await;
            }
            Err(e) => return Err(e),
        }
    }
}

/// Full-jitter delay after the `failed`-th failure; the generator is not held across awaits.
fn backoff(failed: u32) -> Duration {
    let cap = READ_BACKOFF.saturating_mul(1 << failed.saturating_sub(1).min(6));
    cap.mul_f64(rand::random::<f64>())
}

/// Every item of a paginated listing: follows `next_token` until ECS says there is no more.
pub(crate) async fn every_page<T, F, Fut>(
    pace: &RateLimiter,
    mut call: F,
) -> Result<Vec<T>, EcsError>
where
    F: FnMut(Option<String>) -> Fut,
    Fut: Future<Output = Result<Page<T>, EcsError>>,
{
    let mut items = Vec::new();
    let mut token: Option<String> = None;
    loop {
        let page = paced(pace, || call(token.clone())).await?;
        items.extend(page.items);
        match page.next_token {
            Some(t) => token = Some(t),
            None => return Ok(items),
        }
    }
}

/// The last path segment of an ARN (cluster name, task ID); the input itself if it has none.
fn last_segment(arn: &str) -> &str {
    arn.rsplit_once('/').map_or(arn, |(_, t)| t)
}

/// `reports:3 by ops/nightly (rule)` or `stacked:2 managed by stack s`, for notes that name
/// each user; just the label when the map does not know it.
pub fn who(map: Option<&InUseMap>, label: &str) -> String {
    let Some(m) = map else {
        return label.to_string();
    };
    let mut parts = Vec::new();
    if !m.users_of(label).is_empty() {
        parts.push(format!("by {}", m.users_of(label).join(", ")));
    }
    if !m.managed_by(label).is_empty() {
        parts.push(format!(
            "managed by stack {}",
            m.managed_by(label).join(", ")
        ));
    }
    match parts.is_empty() {
        true => label.to_string(),
        false => format!("{label} {}", parts.join(", ")),
    }
}

/// `default/nightly (rule)`, `etl (schedule: latest ACTIVE of etl)`; a stack stays its name.
fn labelled(user: &str, kind: UserKind, latest_of: Option<&str>) -> String {
    match (kind, latest_of) {
        (UserKind::StackManaged, _) => user.to_string(),
        (_, None) => format!("{user} ({})", kind.label()),
        (_, Some(f)) => format!("{user} ({}: latest ACTIVE of {f})", kind.label()),
    }
}

/// Builds an `InUseMap` that lists each user of a revision once, in the order found.
#[derive(Default)]
struct Collector {
    map: InUseMap,
    seen: HashSet<(String, String)>,
}

impl Collector {
    /// Records that `user` references the task definition `td` (ARN or `family:revision`).
    fn add(&mut self, td: &str, user: String, kind: UserKind) {
        let Some((family, revision)) = parse_family_revision(td) else {
            return;
        };
        let key = format!("{family}:{revision}");
        if self.seen.insert((key.clone(), user.clone())) {
            let to = if kind == UserKind::StackManaged {
                &mut self.map.managed
            } else {
                self.map.kinds.entry(key.clone()).or_default().insert(kind);
                &mut self.map.users
            };
            to.entry(key).or_default().push(user);
        }
    }

    /// Adds what the optional sources found; resolves family-only references to the newest
    /// ACTIVE revision (one listing per family).
    async fn sources(
        &mut self,
        api: &dyn EcsApi,
        pace: &RateLimiter,
        found: Vec<SourceFindings>,
    ) -> Result<(), EcsError> {
        let mut latest: Vec<(String, String, UserKind)> = Vec::new();
        for f in found {
            let read = f.result.as_ref().map_or(0, |(_, n)| *n);
            self.map.sources.push(SourceStatus {
                source: f.source,
                read,
                error: f.result.as_ref().err().cloned(),
            });
            for x in f.result.map(|(x, _)| x).unwrap_or_default() {
                match x.reference {
                    None if x.kind == UserKind::UnknownRef => self.map.unknown.push(x.user),
                    // Not a task definition reference (AWS validates these fields): nothing to protect.
                    None => tracing::warn!(user = %x.user, "unparsable task definition reference"),
                    Some(TdRef::Revision(family, rev)) => {
                        let user = labelled(&x.user, x.kind, None);
                        self.add(&format!("{family}:{rev}"), user, x.kind);
                    }
                    Some(TdRef::Latest(family)) => latest.push((family, x.user, x.kind)),
                }
            }
        }
        let families: BTreeSet<&str> = latest.iter().map(|(f, _, _)| f.as_str()).collect();
        let mut newest: HashMap<&str, u32> = HashMap::new();
        for family in families {
            let arns = every_page(pace, |t| {
                api.list_revisions(family, crate::ecs::TdStatus::Active, t)
            })
            .await?;
            let max = arns
                .iter()
                .filter_map(|a| parse_family_revision(a))
                .filter(|(f, _)| f == family)
                .map(|(_, r)| r)
                .max();
            if let Some(r) = max {
                newest.insert(family, r);
            }
        }
        for (family, user, kind) in &latest {
            if let Some(r) = newest.get(family.as_str()) {
                let user = labelled(user, *kind, Some(family));
                self.add(&format!("{family}:{r}"), user, *kind);
            }
        }
        Ok(())
    }

    fn service(&mut self, cluster: &str, s: &ServiceInfo) {
        self.map.services += 1;
        self.add(
            &s.task_definition,
            format!("{cluster}/{} (service)", s.name),
            UserKind::Service,
        );
        let current = parse_family_revision(&s.task_definition);
        let label = |td: &str| parse_family_revision(td).map(|(f, r)| format!("{f}:{r}"));
        if let Some(revision) = label(&s.task_definition) {
            let mut rollout: Vec<String> = s
                .deployment_task_definitions
                .iter()
                .filter_map(|d| label(d))
                .filter(|d| *d != revision)
                .collect();
            rollout.dedup();
            self.map.service_uses.push(ServiceUse {
                cluster: cluster.to_string(),
                service: s.name.clone(),
                revision,
                rollout,
                desired: s.desired_count,
                running: s.running_count,
            });
        }
        for d in &s.deployment_task_definitions {
            // The service line already names its own revision; other deployments are rollouts.
            if parse_family_revision(d) != current {
                self.add(
                    d,
                    format!("{cluster}/{} (deployment)", s.name),
                    UserKind::Deployment,
                );
            }
        }
    }

    fn task(&mut self, cluster: &str, t: &TaskInfo) {
        self.map.tasks += 1;
        let id: String = last_segment(&t.task_arn)
            .chars()
            .take(SHORT_TASK_ID)
            .collect();
        let user = match &t.group {
            Some(g) => format!("{cluster}/task/{id} (task, {g})"),
            None => format!("{cluster}/task/{id} (task)"),
        };
        if let Some((f, r)) = parse_family_revision(&t.task_definition_arn) {
            self.map.task_uses.push(TaskUse {
                cluster: cluster.to_string(),
                id: id.clone(),
                revision: format!("{f}:{r}"),
                status: t.last_status.clone(),
                group: t.group.clone(),
            });
        }
        self.add(&t.task_definition_arn, user, UserKind::Task);
    }
}

/// Scans every cluster for revisions services (current and every deployment) and tasks that
/// are not STOPPED use. Every call waits for `pace`; any error fails the whole scan, since a
/// partial map would protect less than it claims. No source beyond ECS is read.
pub async fn scan(api: &dyn EcsApi, pace: &RateLimiter) -> Result<InUseMap, EcsError> {
    scan_all(api, None, pace).await
}

/// `scan`, plus every optional source of `sources`, read concurrently with the ECS scan and
/// each on its own pace. A source that fails is reported unchecked in `InUseMap::sources`;
/// only an ECS failure fails the scan. A family named without a revision protects its newest
/// ACTIVE revision, found with a paced ECS listing.
pub async fn scan_all(
    api: &dyn EcsApi,
    sources: Option<&Sources>,
    pace: &RateLimiter,
) -> Result<InUseMap, EcsError> {
    let others = async {
        match sources {
            Some(s) => s.scan().await,
            None => Vec::new(),
        }
    };
    let (ecs, found) = futures::join!(scan_ecs(api, pace), others);
    let mut c = ecs?;
    c.sources(api, pace, found).await?;
    Ok(c.map)
}

async fn scan_ecs(api: &dyn EcsApi, pace: &RateLimiter) -> Result<Collector, EcsError> {
    let mut c = Collector::default();
    let clusters = every_page(pace, |t| api.list_clusters(t)).await?;
    for cluster_arn in &clusters {
        c.map.clusters += 1;
        let name = last_segment(cluster_arn);
        let services = every_page(pace, |t| api.list_services(cluster_arn, t)).await?;
        for chunk in services.chunks(SERVICES_PER_DESCRIBE) {
            let infos = paced(pace, || api.describe_services(cluster_arn, chunk)).await?;
            for s in &infos {
                c.service(name, s);
            }
        }
        // A task asked to stop is listed under STOPPED while it may still run: list both.
        let mut tasks = every_page(pace, |t| api.list_tasks(cluster_arn, "RUNNING", t)).await?;
        tasks.extend(every_page(pace, |t| api.list_tasks(cluster_arn, "STOPPED", t)).await?);
        let mut listed = HashSet::new();
        tasks.retain(|t| listed.insert(t.clone()));
        for chunk in tasks.chunks(TASKS_PER_DESCRIBE) {
            let infos = paced(pace, || api.describe_tasks(cluster_arn, chunk)).await?;
            for t in infos.iter().filter(|t| t.last_status != "STOPPED") {
                c.task(name, t);
            }
        }
    }
    Ok(c)
}

#[cfg(test)]
#[path = "inuse_tests.rs"]
mod tests;
