//! In-use protection: which revisions services, running tasks, EventBridge rules and
//! schedules, and Step Functions state machines still reference, and which revisions a
//! CloudFormation stack owns (a warning, not protection).
//!
//! The ECS scan is required; every other source (`crate::sources`) is optional and reported
//! on its own, so a missing permission turns off only that source's protection.

use std::collections::{BTreeSet, HashMap, HashSet};

use futures::{StreamExt as _, TryStreamExt as _};

use crate::ecs::pages::{every_page, paced};
use crate::ecs::{EcsApi, EcsError, ServiceInfo, TaskInfo, parse_family_revision};
use crate::ratelimit::RateLimiter;
use crate::sources::{Source, SourceFindings, Sources, TdRef};

mod per_context;
mod uses;
pub use per_context::who_of;
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
    pub error: Option<crate::sources::SourceError>,
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
    /// Several contexts: keys are `NNN/family:revision`, so a revision is in use only where
    /// its own context uses it (look up with `uses`, `is_used`, `managed_of`).
    pub per_context: bool,
    /// Contexts whose scan failed, with why: only their revisions are unprotected.
    pub failed: Vec<(crate::ecs::ContextId, EcsError)>,
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

/// Services per `DescribeServices` call (the ECS maximum).
const SERVICES_PER_DESCRIBE: usize = 10;
/// Tasks per `DescribeTasks` call (the ECS maximum).
const TASKS_PER_DESCRIBE: usize = 100;
/// Characters of a task ID shown to users: enough to find it, short enough for a pane.
const SHORT_TASK_ID: usize = 8;

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
                ctx: Default::default(),
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
                ctx: Default::default(),
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

/// Clusters scanned at once, and describes in flight per listing: enough that an 80 ms round
/// trip does not lower the rate the buckets allow.
const SCAN_CONCURRENCY: usize = 4;

/// What one cluster holds: its services, and its tasks that are not STOPPED.
type ClusterUsers = (Vec<ServiceInfo>, Vec<TaskInfo>);

/// The ECS part of the scan. Services (`ListServices`, `DescribeServices`) and clusters and
/// tasks (`ListClusters`, `ListTasks`, `DescribeTasks`) are separate ECS buckets: `pace`
/// paces the first, a twin of it the second. Clusters run `SCAN_CONCURRENCY` at a time and
/// their results are collected in listing order, so the map is the one a scan one call at a
/// time would build.
async fn scan_ecs(api: &dyn EcsApi, pace: &RateLimiter) -> Result<Collector, EcsError> {
    let tasks_pace = pace.twin();
    let mut c = Collector::default();
    let clusters = every_page(&tasks_pace, |t| api.list_clusters(t)).await?;
    // Built up front (not in a stream closure): a closure returning a future that borrows
    // its argument is not general enough for a spawned task.
    let scans: Vec<_> = clusters
        .iter()
        .map(|arn| scan_cluster(api, pace, &tasks_pace, arn))
        .collect();
    let mut done = futures::stream::iter(scans).buffered(SCAN_CONCURRENCY);
    let mut names = clusters.iter();
    while let Some(found) = done.next().await {
        let (services, tasks) = found?;
        let name = names.next().map_or("", |a| last_segment(a));
        c.map.clusters += 1;
        for s in &services {
            c.service(name, s);
        }
        for t in &tasks {
            c.task(name, t);
        }
    }
    Ok(c)
}

/// One cluster: its services and its tasks side by side, each on its bucket's pace.
async fn scan_cluster(
    api: &dyn EcsApi,
    services_pace: &RateLimiter,
    tasks_pace: &RateLimiter,
    cluster: &str,
) -> Result<ClusterUsers, EcsError> {
    let services = async {
        let arns = every_page(services_pace, |t| api.list_services(cluster, t)).await?;
        let chunks: Vec<_> = arns
            .chunks(SERVICES_PER_DESCRIBE)
            .map(|chunk| paced(services_pace, move || api.describe_services(cluster, chunk)))
            .collect();
        let described: Vec<Vec<ServiceInfo>> = futures::stream::iter(chunks)
            .buffered(SCAN_CONCURRENCY)
            .try_collect()
            .await?;
        Ok::<_, EcsError>(described.into_iter().flatten().collect::<Vec<_>>())
    };
    let tasks = async {
        // A task asked to stop is listed under STOPPED while it may still run: list both.
        // ECS cannot filter ListTasks by lastStatus, so the STOPPED listing stays.
        let (running, stopping) = futures::join!(
            every_page(tasks_pace, |t| api.list_tasks(cluster, "RUNNING", t)),
            every_page(tasks_pace, |t| api.list_tasks(cluster, "STOPPED", t)),
        );
        let mut arns = running?;
        arns.extend(stopping?);
        let mut listed = HashSet::new();
        arns.retain(|t| listed.insert(t.clone()));
        let chunks: Vec<_> = arns
            .chunks(TASKS_PER_DESCRIBE)
            .map(|chunk| paced(tasks_pace, move || api.describe_tasks(cluster, chunk)))
            .collect();
        let described: Vec<Vec<TaskInfo>> = futures::stream::iter(chunks)
            .buffered(SCAN_CONCURRENCY)
            .try_collect()
            .await?;
        Ok::<_, EcsError>(
            described
                .into_iter()
                .flatten()
                .filter(|t| t.last_status != "STOPPED")
                .collect::<Vec<_>>(),
        )
    };
    let (services, tasks) = futures::join!(services, tasks);
    Ok((services?, tasks?))
}

#[cfg(test)]
mod tests;
