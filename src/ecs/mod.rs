//! The one boundary in front of Amazon ECS: the `EcsApi` trait, its domain types and errors.
//!
//! Only the worker calls `EcsApi`; `update` and `render` never see it.

pub mod error;
pub mod fake;
pub mod pages;
pub mod sdk;
pub mod taskdef;

use async_trait::async_trait;

pub use error::{EcsError, ErrorKind};
pub use taskdef::{Container, TaskDef};

/// Largest page ECS returns for task definition and family listings.
pub const MAX_PAGE: i32 = 100;

/// Describes in flight at once, so latency does not lower the rate the pacing allows.
pub const DESCRIBE_CONCURRENCY: usize = 4;

/// Status of one task definition revision.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum TdStatus {
    /// Registered and usable.
    Active,
    /// Deregistered; still discoverable, can be deleted.
    Inactive,
    /// Deletion requested; AWS removes it once nothing uses it.
    DeleteInProgress,
}

impl TdStatus {
    /// The name AWS uses on the wire.
    pub fn as_aws(self) -> &'static str {
        match self {
            TdStatus::Active => "ACTIVE",
            TdStatus::Inactive => "INACTIVE",
            TdStatus::DeleteInProgress => "DELETE_IN_PROGRESS",
        }
    }

    /// Parses the AWS wire name.
    pub fn from_aws(s: &str) -> Option<Self> {
        match s {
            "ACTIVE" => Some(TdStatus::Active),
            "INACTIVE" => Some(TdStatus::Inactive),
            "DELETE_IN_PROGRESS" => Some(TdStatus::DeleteInProgress),
            _ => None,
        }
    }
}

/// Which statuses a listing asks for. ECS's `ListTaskDefinitions` has no ALL, so ALL lists both.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, Default, serde::Serialize, serde::Deserialize,
)]
pub enum StatusFilter {
    /// Only ACTIVE (the ECS default).
    #[default]
    Active,
    /// Only INACTIVE.
    Inactive,
    /// Both.
    All,
}

impl StatusFilter {
    /// The next filter in the `s` cycle.
    pub fn next(self) -> Self {
        match self {
            StatusFilter::Active => StatusFilter::Inactive,
            StatusFilter::Inactive => StatusFilter::All,
            StatusFilter::All => StatusFilter::Active,
        }
    }

    /// Upper-case label as AWS and the pane title show it.
    pub fn label(self) -> &'static str {
        match self {
            StatusFilter::Active => "ACTIVE",
            StatusFilter::Inactive => "INACTIVE",
            StatusFilter::All => "ALL",
        }
    }

    /// The revision statuses this filter lists, in listing order.
    pub fn revision_statuses(self) -> &'static [TdStatus] {
        match self {
            StatusFilter::Active => &[TdStatus::Active],
            StatusFilter::Inactive => &[TdStatus::Inactive],
            StatusFilter::All => &[TdStatus::Active, TdStatus::Inactive],
        }
    }
}

/// One page of a paginated listing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Page<T> {
    /// The items on this page.
    pub items: Vec<T>,
    /// Token for the next page; `None` on the last page.
    pub next_token: Option<String>,
}

/// Which context (profile and region) a row came from: an index into the contexts the run
/// opened. A run with one context only ever sees `ContextId(0)`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ContextId(pub u16);

/// A revision as `ListTaskDefinitions` knows it: an ARN, and the status it was listed with.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct RevisionRef {
    /// Full task definition ARN.
    pub arn: String,
    /// Family name parsed from the ARN.
    pub family: String,
    /// Revision number parsed from the ARN.
    pub revision: u32,
    /// The status filter this ARN was listed under.
    pub status: TdStatus,
    /// The context that listed it.
    pub ctx: ContextId,
}

impl RevisionRef {
    /// Builds a ref from an ARN such as `arn:aws:ecs:eu-west-1:123:task-definition/web:42`.
    pub fn from_arn(arn: &str, status: TdStatus) -> Option<Self> {
        let (family, revision) = parse_family_revision(arn)?;
        Some(RevisionRef {
            arn: arn.to_string(),
            family,
            revision,
            status,
            ctx: ContextId::default(),
        })
    }

    /// The same ref, listed by context `ctx`.
    pub fn in_ctx(mut self, ctx: ContextId) -> Self {
        self.ctx = ctx;
        self
    }

    /// `family:revision`, the name operators use.
    pub fn label(&self) -> String {
        format!("{}:{}", self.family, self.revision)
    }
}

/// Splits `...task-definition/family:rev` (or a bare `family:rev`) into its parts.
pub fn parse_family_revision(arn: &str) -> Option<(String, u32)> {
    let tail = arn.rsplit_once('/').map_or(arn, |(_, t)| t);
    let (family, rev) = tail.rsplit_once(':')?;
    let revision = rev.parse().ok()?;
    if family.is_empty() {
        return None;
    }
    Some((family.to_string(), revision))
}

/// Outcome of one `DeleteTaskDefinitions` call: ECS answers per ARN.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DeleteOutcome {
    /// ARNs now DELETE_IN_PROGRESS.
    pub deleted: Vec<String>,
    /// ARNs ECS refused, with its reason.
    pub failures: Vec<(String, String)>,
}

/// What the in-use scan needs to know about a service.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServiceInfo {
    /// Cluster ARN the service belongs to.
    pub cluster_arn: String,
    /// Service name.
    pub name: String,
    /// The service's current `taskDefinition`.
    pub task_definition: String,
    /// Every `deployments[].taskDefinition`.
    pub deployment_task_definitions: Vec<String>,
    /// `desiredCount`: tasks the service wants.
    pub desired_count: i32,
    /// `runningCount`: tasks of the service in RUNNING.
    pub running_count: i32,
}

/// What the in-use scan needs to know about a task.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TaskInfo {
    /// Cluster ARN the task runs in.
    pub cluster_arn: String,
    /// Task ARN.
    pub task_arn: String,
    /// Task definition the task was started from.
    pub task_definition_arn: String,
    /// `lastStatus`, e.g. RUNNING, PENDING, STOPPED.
    pub last_status: String,
    /// `group`, e.g. `service:web` or `family:batch`.
    pub group: Option<String>,
}

/// Async access to ECS. Two implementations: the SDK (`sdk::SdkEcs`) and in-memory (`fake::FakeEcs`).
///
/// Every method is one API call: callers follow pages and pace requests themselves.
#[async_trait]
pub trait EcsApi: Send + Sync {
    /// One page of `ListTaskDefinitionFamilies`.
    async fn list_families(
        &self,
        prefix: Option<&str>,
        status: StatusFilter,
        next_token: Option<String>,
    ) -> Result<Page<String>, EcsError>;

    /// One page of `ListTaskDefinitions` for exactly `family` (every family when `family` is
    /// empty), newest first, ARNs only.
    async fn list_revisions(
        &self,
        family: &str,
        status: TdStatus,
        next_token: Option<String>,
    ) -> Result<Page<String>, EcsError>;

    /// One page of the account-wide `ListTaskDefinitions` walked from its other end: the exact
    /// reverse of `list_revisions("", ..)`'s order (ECS: `sort` ASC), so two page chains can
    /// start at both ends and meet in the middle. `None` when the backend cannot list in that
    /// order: the caller then walks the one chain.
    async fn list_revisions_reversed(
        &self,
        _status: TdStatus,
        _next_token: Option<String>,
    ) -> Result<Option<Page<String>>, EcsError> {
        Ok(None)
    }

    /// `DescribeTaskDefinition` (with tags).
    async fn describe(&self, arn: &str) -> Result<TaskDef, EcsError>;

    /// `DeregisterTaskDefinition`; returns the revision as ECS reports it afterwards.
    async fn deregister(&self, arn: &str) -> Result<TaskDef, EcsError>;

    /// `DeleteTaskDefinitions` for up to 10 ARNs.
    async fn delete(&self, arns: &[String]) -> Result<DeleteOutcome, EcsError>;

    /// One page of `ListClusters` (cluster ARNs).
    async fn list_clusters(&self, next_token: Option<String>) -> Result<Page<String>, EcsError>;

    /// One page of `ListServices` for a cluster, asking for 100 per page.
    async fn list_services(
        &self,
        cluster: &str,
        next_token: Option<String>,
    ) -> Result<Page<String>, EcsError>;

    /// `DescribeServices` for up to 10 services of one cluster.
    async fn describe_services(
        &self,
        cluster: &str,
        services: &[String],
    ) -> Result<Vec<ServiceInfo>, EcsError>;

    /// One page of `ListTasks` for a cluster with the given desired status (RUNNING or STOPPED).
    async fn list_tasks(
        &self,
        cluster: &str,
        desired_status: &str,
        next_token: Option<String>,
    ) -> Result<Page<String>, EcsError>;

    /// `DescribeTasks` for up to 100 tasks of one cluster.
    async fn describe_tasks(
        &self,
        cluster: &str,
        tasks: &[String],
    ) -> Result<Vec<TaskInfo>, EcsError>;
}

#[cfg(test)]
mod tests;
