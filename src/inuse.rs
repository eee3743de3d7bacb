//! In-use protection: which revisions services and running tasks still reference.
//!
//! Scheduled tasks (EventBridge) and infrastructure code are invisible to these calls: a
//! revision they name looks unused here.

use std::collections::{HashMap, HashSet};
use std::future::Future;
use std::time::Duration;

use crate::ecs::{EcsApi, EcsError, ErrorKind, Page, ServiceInfo, TaskInfo, parse_family_revision};
use crate::ratelimit::RateLimiter;

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
}

impl InUseMap {
    /// Who uses `family:revision`; empty when nothing does.
    pub fn users_of(&self, label: &str) -> &[String] {
        self.users.get(label).map_or(&[], Vec::as_slice)
    }

    /// True when a service or task references `family:revision`.
    pub fn contains(&self, label: &str) -> bool {
        self.users.contains_key(label)
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
pub(crate) async fn every_page<F, Fut>(
    pace: &RateLimiter,
    mut call: F,
) -> Result<Vec<String>, EcsError>
where
    F: FnMut(Option<String>) -> Fut,
    Fut: Future<Output = Result<Page<String>, EcsError>>,
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

/// Builds an `InUseMap` that lists each user of a revision once, in the order found.
#[derive(Default)]
struct Collector {
    map: InUseMap,
    seen: HashSet<(String, String)>,
}

impl Collector {
    /// Records that `user` references the task definition `td` (ARN or `family:revision`).
    fn add(&mut self, td: &str, user: String) {
        let Some((family, revision)) = parse_family_revision(td) else {
            return;
        };
        let key = format!("{family}:{revision}");
        if self.seen.insert((key.clone(), user.clone())) {
            self.map.users.entry(key).or_default().push(user);
        }
    }

    fn service(&mut self, cluster: &str, s: &ServiceInfo) {
        self.map.services += 1;
        self.add(
            &s.task_definition,
            format!("{cluster}/{} (service)", s.name),
        );
        let current = parse_family_revision(&s.task_definition);
        for d in &s.deployment_task_definitions {
            // The service line already names its own revision; other deployments are rollouts.
            if parse_family_revision(d) != current {
                self.add(d, format!("{cluster}/{} (deployment)", s.name));
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
        self.add(&t.task_definition_arn, user);
    }
}

/// Scans every cluster for revisions services (current and every deployment) and tasks that
/// are not STOPPED use. Every call waits for `pace`; any error fails the whole scan, since a
/// partial map would protect less than it claims.
pub async fn scan(api: &dyn EcsApi, pace: &RateLimiter) -> Result<InUseMap, EcsError> {
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
    Ok(c.map)
}

#[cfg(test)]
#[path = "inuse_tests.rs"]
mod tests;
