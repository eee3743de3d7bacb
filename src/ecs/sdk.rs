//! The real ECS, through aws-sdk-ecs: one `EcsApi` method is one API call.
//!
//! Paging and pacing are the caller's job. For reads the SDK's own retry stays as a small
//! safety net; for mutations it is off, so the job runner owns every retry: each HTTP attempt
//! passes its pacer and is counted and journaled.

pub mod connect;
pub mod convert;
pub mod credential_process;
pub mod errors;
pub mod startup_error;

use std::time::Duration;

use async_trait::async_trait;
use aws_sdk_ecs::Client;
use aws_sdk_ecs::config::retry::RetryConfig;
use aws_sdk_ecs::config::timeout::TimeoutConfig;
use aws_sdk_ecs::types::{
    DesiredStatus, SortOrder, TaskDefinitionFamilyStatus, TaskDefinitionField, TaskDefinitionStatus,
};

pub use connect::{ConnectOptions, Connected, StartupError, connect, profile_names};
use errors::map_sdk_error;

use super::{
    DeleteOutcome, EcsApi, EcsError, ErrorKind, MAX_PAGE, Page, ServiceInfo, StatusFilter, TaskDef,
    TaskInfo, TdStatus, parse_family_revision,
};

/// Most attempts the SDK makes per call; the worker does the real retrying, paced.
pub const SDK_MAX_ATTEMPTS: u32 = 3;

/// The SDK retry policy taskdefs uses: standard mode, [`SDK_MAX_ATTEMPTS`] attempts.
pub fn retry_config() -> RetryConfig {
    RetryConfig::standard().with_max_attempts(SDK_MAX_ATTEMPTS)
}

/// Per-call override for mutating calls: no SDK retry (the job runner retries, paced).
fn no_retry() -> aws_sdk_ecs::config::Builder {
    aws_sdk_ecs::config::Builder::default().retry_config(RetryConfig::disabled())
}

/// Timeouts so a dropped link fails a call instead of hanging it.
pub fn timeout_config() -> TimeoutConfig {
    TimeoutConfig::builder()
        .connect_timeout(Duration::from_secs(5))
        .operation_attempt_timeout(Duration::from_secs(20))
        .operation_timeout(Duration::from_secs(60))
        .build()
}

/// `EcsApi` over an `aws_sdk_ecs::Client`.
#[derive(Debug, Clone)]
pub struct SdkEcs {
    client: Client,
}

impl SdkEcs {
    /// Wraps a client as it is (its retry and timeout settings are kept).
    pub fn new(client: Client) -> Self {
        SdkEcs { client }
    }

    /// Builds a client from `config` with taskdefs' retry and timeout settings applied.
    pub fn from_config(config: aws_sdk_ecs::config::Builder) -> Self {
        let config = config
            .retry_config(retry_config())
            .timeout_config(timeout_config())
            .build();
        SdkEcs::new(Client::from_conf(config))
    }

    /// The underlying client, for calls the trait does not cover.
    pub fn client(&self) -> &Client {
        &self.client
    }
}

fn family_status(status: StatusFilter) -> TaskDefinitionFamilyStatus {
    match status {
        StatusFilter::Active => TaskDefinitionFamilyStatus::Active,
        StatusFilter::Inactive => TaskDefinitionFamilyStatus::Inactive,
        StatusFilter::All => TaskDefinitionFamilyStatus::All,
    }
}

fn revision_status(status: TdStatus) -> TaskDefinitionStatus {
    match status {
        TdStatus::Active => TaskDefinitionStatus::Active,
        TdStatus::Inactive => TaskDefinitionStatus::Inactive,
        TdStatus::DeleteInProgress => TaskDefinitionStatus::DeleteInProgress,
    }
}

/// A response that parsed but lacks what every answer carries.
fn malformed(operation: &'static str, what: &str) -> EcsError {
    EcsError::new(operation, ErrorKind::Other, what)
}

fn reason(reason: Option<&str>, detail: Option<&str>) -> String {
    match (reason, detail) {
        (Some(r), Some(d)) if !d.is_empty() => format!("{r} ({d})"),
        (Some(r), _) => r.to_string(),
        (None, Some(d)) => d.to_string(),
        (None, None) => "no reason given".to_string(),
    }
}

/// Keeps the ARNs that belong to exactly `family`: ECS documents `familyPrefix` on this call as
/// the full family name, but a filter that is honoured as a prefix must not widen the listing.
fn only_family(arns: Vec<String>, family: &str) -> Vec<String> {
    if family.is_empty() {
        return arns;
    }
    arns.into_iter()
        .filter(|arn| parse_family_revision(arn).is_some_and(|(f, _)| f == family))
        .collect()
}

#[async_trait]
impl EcsApi for SdkEcs {
    async fn list_families(
        &self,
        prefix: Option<&str>,
        status: StatusFilter,
        next_token: Option<String>,
    ) -> Result<Page<String>, EcsError> {
        const OP: &str = "ListTaskDefinitionFamilies";
        let out = self
            .client
            .list_task_definition_families()
            .set_family_prefix(prefix.filter(|p| !p.is_empty()).map(str::to_string))
            .status(family_status(status))
            .max_results(MAX_PAGE)
            .set_next_token(next_token)
            .send()
            .await
            .map_err(|e| map_sdk_error(OP, e))?;
        Ok(Page {
            items: out.families().to_vec(),
            next_token: out.next_token().map(str::to_string),
        })
    }

    async fn list_revisions(
        &self,
        family: &str,
        status: TdStatus,
        next_token: Option<String>,
    ) -> Result<Page<String>, EcsError> {
        const OP: &str = "ListTaskDefinitions";
        let out = self
            .client
            .list_task_definitions()
            .set_family_prefix((!family.is_empty()).then(|| family.to_string()))
            .status(revision_status(status))
            .sort(SortOrder::Desc)
            .max_results(MAX_PAGE)
            .set_next_token(next_token)
            .send()
            .await
            .map_err(|e| map_sdk_error(OP, e))?;
        Ok(Page {
            items: only_family(out.task_definition_arns().to_vec(), family),
            next_token: out.next_token().map(str::to_string),
        })
    }

    async fn list_revisions_reversed(
        &self,
        status: TdStatus,
        next_token: Option<String>,
    ) -> Result<Option<Page<String>>, EcsError> {
        const OP: &str = "ListTaskDefinitions";
        let out = self
            .client
            .list_task_definitions()
            .status(revision_status(status))
            .sort(SortOrder::Asc)
            .max_results(MAX_PAGE)
            .set_next_token(next_token)
            .send()
            .await
            .map_err(|e| map_sdk_error(OP, e))?;
        Ok(Some(Page {
            items: out.task_definition_arns().to_vec(),
            next_token: out.next_token().map(str::to_string),
        }))
    }

    async fn describe(&self, arn: &str) -> Result<TaskDef, EcsError> {
        const OP: &str = "DescribeTaskDefinition";
        let out = self
            .client
            .describe_task_definition()
            .task_definition(arn)
            .include(TaskDefinitionField::Tags)
            .send()
            .await
            .map_err(|e| map_sdk_error(OP, e))?;
        let td = out
            .task_definition()
            .ok_or_else(|| malformed(OP, "the response has no task definition"))?;
        convert::task_def(td, out.tags()).map_err(|m| malformed(OP, &m))
    }

    async fn deregister(&self, arn: &str) -> Result<TaskDef, EcsError> {
        const OP: &str = "DeregisterTaskDefinition";
        let out = self
            .client
            .deregister_task_definition()
            .task_definition(arn)
            .customize()
            .config_override(no_retry())
            .send()
            .await
            .map_err(|e| map_sdk_error(OP, e))?;
        let td = out
            .task_definition()
            .ok_or_else(|| malformed(OP, "the response has no task definition"))?;
        convert::task_def(td, &[]).map_err(|m| malformed(OP, &m))
    }

    async fn delete(&self, arns: &[String]) -> Result<DeleteOutcome, EcsError> {
        const OP: &str = "DeleteTaskDefinitions";
        let out = self
            .client
            .delete_task_definitions()
            .set_task_definitions(Some(arns.to_vec()))
            .customize()
            .config_override(no_retry())
            .send()
            .await
            .map_err(|e| map_sdk_error(OP, e))?;
        Ok(DeleteOutcome {
            deleted: out
                .task_definitions()
                .iter()
                .filter_map(|td| td.task_definition_arn())
                .map(str::to_string)
                .collect(),
            failures: out
                .failures()
                .iter()
                .map(|f| {
                    (
                        f.arn().unwrap_or_default().to_string(),
                        reason(f.reason(), f.detail()),
                    )
                })
                .collect(),
        })
    }

    async fn list_clusters(&self, next_token: Option<String>) -> Result<Page<String>, EcsError> {
        const OP: &str = "ListClusters";
        let out = self
            .client
            .list_clusters()
            .max_results(MAX_PAGE)
            .set_next_token(next_token)
            .send()
            .await
            .map_err(|e| map_sdk_error(OP, e))?;
        Ok(Page {
            items: out.cluster_arns().to_vec(),
            next_token: out.next_token().map(str::to_string),
        })
    }

    async fn list_services(
        &self,
        cluster: &str,
        next_token: Option<String>,
    ) -> Result<Page<String>, EcsError> {
        const OP: &str = "ListServices";
        let out = self
            .client
            .list_services()
            .cluster(cluster)
            .max_results(MAX_PAGE)
            .set_next_token(next_token)
            .send()
            .await
            .map_err(|e| map_sdk_error(OP, e))?;
        Ok(Page {
            items: out.service_arns().to_vec(),
            next_token: out.next_token().map(str::to_string),
        })
    }

    async fn describe_services(
        &self,
        cluster: &str,
        services: &[String],
    ) -> Result<Vec<ServiceInfo>, EcsError> {
        const OP: &str = "DescribeServices";
        let out = self
            .client
            .describe_services()
            .cluster(cluster)
            .set_services(Some(services.to_vec()))
            .send()
            .await
            .map_err(|e| map_sdk_error(OP, e))?;
        for f in out.failures() {
            tracing::debug!(
                arn = f.arn().unwrap_or_default(),
                reason = %reason(f.reason(), f.detail()),
                "DescribeServices failure"
            );
        }
        Ok(out
            .services()
            .iter()
            .map(|s| convert::service_info(cluster, s))
            .collect())
    }

    async fn list_tasks(
        &self,
        cluster: &str,
        desired_status: &str,
        next_token: Option<String>,
    ) -> Result<Page<String>, EcsError> {
        const OP: &str = "ListTasks";
        let out = self
            .client
            .list_tasks()
            .cluster(cluster)
            .desired_status(DesiredStatus::from(desired_status))
            .max_results(MAX_PAGE)
            .set_next_token(next_token)
            .send()
            .await
            .map_err(|e| map_sdk_error(OP, e))?;
        Ok(Page {
            items: out.task_arns().to_vec(),
            next_token: out.next_token().map(str::to_string),
        })
    }

    async fn describe_tasks(
        &self,
        cluster: &str,
        tasks: &[String],
    ) -> Result<Vec<TaskInfo>, EcsError> {
        const OP: &str = "DescribeTasks";
        let out = self
            .client
            .describe_tasks()
            .cluster(cluster)
            .set_tasks(Some(tasks.to_vec()))
            .send()
            .await
            .map_err(|e| map_sdk_error(OP, e))?;
        Ok(out
            .tasks()
            .iter()
            .map(|t| convert::task_info(cluster, t))
            .collect())
    }
}

#[cfg(test)]
mod tests;
