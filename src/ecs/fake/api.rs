//! `EcsApi` for the fake: every call is counted, delayed, passed through the faults, and then
//! answered from the store.

use async_trait::async_trait;
use tokio::time::Instant;

use super::store::Store;
use super::{FakeEcs, wire};
use crate::ecs::{
    DeleteOutcome, EcsApi, EcsError, ErrorKind, Page, ServiceInfo, StatusFilter, TaskDef, TaskInfo,
    TdStatus,
};

/// ECS's page size when `ListServices` is asked for its maximum, as `EcsApi` does.
const SERVICES_PAGE: usize = 100;

impl FakeEcs {
    /// One API call: half the latency on the way in, the decision and the effect in the middle
    /// (so a mutation lands while the caller still waits), the other half on the way out.
    async fn call<T>(
        &self,
        operation: &'static str,
        effect: impl FnOnce(&mut Store, Instant) -> Result<T, EcsError>,
    ) -> Result<T, EcsError> {
        let latency = {
            let mut inner = self.lock();
            *inner.counts.by_op.entry(operation).or_insert(0) += 1;
            inner.faults.latency()
        };
        let inbound = latency / 2;
        if !inbound.is_zero() {
            tokio::time::sleep(inbound).await;
        }
        let result = {
            let mut inner = self.lock();
            let now = Instant::now();
            let result = match inner.faults.admit(operation, now) {
                Ok(()) => effect(&mut inner.store, now),
                Err(e) => Err(e),
            };
            // The effect stays: only the answer is lost.
            let result = match result {
                Ok(_) => match inner.faults.drop_response(operation) {
                    Some(e) => Err(e),
                    None => result,
                },
                Err(e) => Err(e),
            };
            match &result {
                Err(e) if e.kind == ErrorKind::Throttled => inner.counts.throttled += 1,
                Err(_) => inner.counts.failed += 1,
                Ok(_) => {}
            }
            result
        };
        let outbound = latency - inbound;
        if !outbound.is_zero() {
            tokio::time::sleep(outbound).await;
        }
        result
    }

    /// `RegisterTaskDefinition` as a client calls it (counted, delayed, throttled by the
    /// modify bucket it shares with deregistrations); returns the new revision's ARN.
    pub async fn register_call(&self, doc: serde_json::Value) -> Result<String, EcsError> {
        self.call("RegisterTaskDefinition", |s, _| Ok(s.register(doc, None)))
            .await
    }

    /// `ListServices` with an explicit `maxResults` (ECS default 10, at most 100).
    pub async fn list_services_page(
        &self,
        cluster: &str,
        max_results: Option<usize>,
        next_token: Option<String>,
    ) -> Result<Page<String>, EcsError> {
        self.call("ListServices", |s, _| {
            s.clusters
                .list_services(cluster, max_results, next_token.as_deref())
        })
        .await
    }
}

#[async_trait]
impl EcsApi for FakeEcs {
    async fn list_families(
        &self,
        prefix: Option<&str>,
        status: StatusFilter,
        next_token: Option<String>,
    ) -> Result<Page<String>, EcsError> {
        self.call("ListTaskDefinitionFamilies", |s, now| {
            s.list_families(prefix, status, next_token.as_deref(), now)
        })
        .await
    }

    async fn list_revisions(
        &self,
        family: &str,
        status: TdStatus,
        next_token: Option<String>,
    ) -> Result<Page<String>, EcsError> {
        self.call("ListTaskDefinitions", |s, now| {
            s.list_revisions(family, status, next_token.as_deref(), now)
        })
        .await
    }

    async fn list_revisions_reversed(
        &self,
        status: TdStatus,
        next_token: Option<String>,
    ) -> Result<Option<Page<String>>, EcsError> {
        self.call("ListTaskDefinitions", |s, now| {
            s.list_revisions_reversed(status, next_token.as_deref(), now)
        })
        .await
        .map(Some)
    }

    async fn describe(&self, arn: &str) -> Result<TaskDef, EcsError> {
        const OP: &str = "DescribeTaskDefinition";
        let (family, rev) = self
            .call(OP, |s, _| {
                s.get(arn).ok_or_else(|| {
                    EcsError::new(OP, ErrorKind::Client, "Unable to describe task definition.")
                })
            })
            .await?;
        // Built outside the lock: documents are generated on demand.
        wire::task_def(OP, &family, &rev)
    }

    async fn deregister(&self, arn: &str) -> Result<TaskDef, EcsError> {
        const OP: &str = "DeregisterTaskDefinition";
        let (family, rev) = self.call(OP, |s, now| s.deregister(arn, now)).await?;
        wire::task_def(OP, &family, &rev)
    }

    async fn delete(&self, arns: &[String]) -> Result<DeleteOutcome, EcsError> {
        self.call("DeleteTaskDefinitions", |s, _| s.delete(arns))
            .await
    }

    async fn list_clusters(&self, next_token: Option<String>) -> Result<Page<String>, EcsError> {
        self.call("ListClusters", |s, _| {
            s.clusters.list_clusters(next_token.as_deref())
        })
        .await
    }

    async fn list_services(
        &self,
        cluster: &str,
        next_token: Option<String>,
    ) -> Result<Page<String>, EcsError> {
        self.list_services_page(cluster, Some(SERVICES_PAGE), next_token)
            .await
    }

    async fn describe_services(
        &self,
        cluster: &str,
        services: &[String],
    ) -> Result<Vec<ServiceInfo>, EcsError> {
        self.call("DescribeServices", |s, _| {
            s.clusters.describe_services(cluster, services)
        })
        .await
    }

    async fn list_tasks(
        &self,
        cluster: &str,
        desired_status: &str,
        next_token: Option<String>,
    ) -> Result<Page<String>, EcsError> {
        self.call("ListTasks", |s, _| {
            s.clusters
                .list_tasks(cluster, desired_status, next_token.as_deref())
        })
        .await
    }

    async fn describe_tasks(
        &self,
        cluster: &str,
        tasks: &[String],
    ) -> Result<Vec<TaskInfo>, EcsError> {
        self.call("DescribeTasks", |s, _| {
            s.clusters.describe_tasks(cluster, tasks)
        })
        .await
    }
}
