//! Clusters, services and tasks: just enough for the in-use scan and delete protection.

use std::collections::BTreeMap;
use std::ops::Bound;

use super::paging;
use super::store::{ACCOUNT, REGION, td_arn};
use crate::ecs::{EcsError, ErrorKind, Page, ServiceInfo, TaskInfo, parse_family_revision};

/// Clusters, services and tasks per page (ECS's maximum).
const PAGE: usize = 100;
/// ListServices' page when the caller does not ask for more.
pub(super) const SERVICES_DEFAULT_PAGE: usize = 10;

#[derive(Debug, Default)]
struct Service {
    task_definition: String,
    deployments: Vec<String>,
}

#[derive(Debug)]
struct Task {
    id: String,
    task_definition: String,
    last_status: String,
    group: Option<String>,
}

#[derive(Debug, Default)]
struct Cluster {
    services: BTreeMap<String, Service>,
    /// In start order; tasks are never removed (STOPPED ones stay listed as STOPPED).
    tasks: Vec<Task>,
}

/// Every cluster of the account.
#[derive(Debug, Default)]
pub(super) struct Clusters {
    clusters: BTreeMap<String, Cluster>,
    tasks_started: u64,
}

/// `arn:...:cluster/name`.
fn cluster_arn(name: &str) -> String {
    format!("arn:aws:ecs:{REGION}:{ACCOUNT}:cluster/{name}")
}

/// The last path segment: names and ARNs are both accepted, as ECS does.
fn short(id: &str) -> &str {
    id.rsplit_once('/').map_or(id, |(_, t)| t)
}

/// Full ARN for `family:revision` or an ARN; anything else is kept as given.
fn full_td(id: &str) -> String {
    parse_family_revision(id).map_or_else(|| id.to_string(), |(f, r)| td_arn(&f, r))
}

impl Clusters {
    fn cluster(&self, operation: &'static str, id: &str) -> Result<&Cluster, EcsError> {
        self.clusters
            .get(short(id))
            .ok_or_else(|| EcsError::new(operation, ErrorKind::Client, "Cluster not found."))
    }

    /// Adds (or replaces) a service; no deployments means one PRIMARY on `task_definition`.
    pub(super) fn add_service(
        &mut self,
        cluster: &str,
        service: &str,
        task_definition: &str,
        deployments: &[&str],
    ) {
        let task_definition = full_td(task_definition);
        let deployments = if deployments.is_empty() {
            vec![task_definition.clone()]
        } else {
            deployments.iter().map(|d| full_td(d)).collect()
        };
        self.clusters
            .entry(short(cluster).to_string())
            .or_default()
            .services
            .insert(
                service.to_string(),
                Service {
                    task_definition,
                    deployments,
                },
            );
    }

    /// Starts a task; returns its ARN.
    pub(super) fn add_task(
        &mut self,
        cluster: &str,
        task_definition: &str,
        last_status: &str,
        group: Option<&str>,
    ) -> String {
        self.tasks_started += 1;
        // Deterministic, task-id shaped (32 hex digits).
        let n = self.tasks_started;
        let id = format!(
            "{:016x}{:016x}",
            n.wrapping_mul(0x9e37_79b9_7f4a_7c15),
            (n ^ 0x5bd1_e995).wrapping_mul(0xff51_afd7_ed55_8ccd)
        );
        let name = short(cluster).to_string();
        let arn = format!("arn:aws:ecs:{REGION}:{ACCOUNT}:task/{name}/{id}");
        let task_definition = full_td(task_definition);
        let group = group.map_or_else(
            || {
                let family = parse_family_revision(&task_definition).map(|(f, _)| f);
                family.map(|f| format!("family:{f}"))
            },
            |g| Some(g.to_string()),
        );
        self.clusters.entry(name).or_default().tasks.push(Task {
            id,
            task_definition,
            last_status: last_status.to_string(),
            group,
        });
        arn
    }

    /// True when a service (current or any deployment) or a task not STOPPED uses `arn`.
    pub(super) fn in_use(&self, arn: &str) -> bool {
        self.clusters.values().any(|c| {
            c.services
                .values()
                .any(|s| s.task_definition == arn || s.deployments.iter().any(|d| d == arn))
                || c.tasks
                    .iter()
                    .any(|t| t.last_status != "STOPPED" && t.task_definition == arn)
        })
    }

    /// Every task definition a service or task references, for invariants in tests.
    pub(super) fn referenced(&self) -> Vec<String> {
        let mut out = Vec::new();
        for c in self.clusters.values() {
            for s in c.services.values() {
                out.push(s.task_definition.clone());
                out.extend(s.deployments.iter().cloned());
            }
            out.extend(c.tasks.iter().map(|t| t.task_definition.clone()));
        }
        out
    }

    /// One page of ListClusters.
    pub(super) fn list_clusters(&self, token: Option<&str>) -> Result<Page<String>, EcsError> {
        let cursor = paging::decode("ListClusters", "clusters", token)?;
        let start = cursor.as_deref().map_or(Bound::Unbounded, Bound::Excluded);
        let iter = self
            .clusters
            .range::<str, _>((start, Bound::Unbounded))
            .map(|(name, _)| name.clone());
        let page = paging::page(iter, PAGE, "clusters", Clone::clone);
        Ok(Page {
            items: page.items.iter().map(|n| cluster_arn(n)).collect(),
            next_token: page.next_token,
        })
    }

    /// One page of ListServices with `max_results` (ECS: default 10, at most 100).
    pub(super) fn list_services(
        &self,
        cluster: &str,
        max_results: Option<usize>,
        token: Option<&str>,
    ) -> Result<Page<String>, EcsError> {
        const OP: &str = "ListServices";
        let size = match max_results {
            None => SERVICES_DEFAULT_PAGE,
            Some(n @ 1..=100) => n,
            Some(n) => {
                return Err(EcsError::new(
                    OP,
                    ErrorKind::Client,
                    format!("maxResults must be between 1 and 100 (got {n})."),
                ));
            }
        };
        let name = short(cluster);
        let c = self.cluster(OP, cluster)?;
        let scope = format!("services|{name}");
        let cursor = paging::decode(OP, &scope, token)?;
        let start = cursor.as_deref().map_or(Bound::Unbounded, Bound::Excluded);
        let iter = c
            .services
            .range::<str, _>((start, Bound::Unbounded))
            .map(|(s, _)| s.clone());
        let page = paging::page(iter, size, &scope, Clone::clone);
        Ok(Page {
            items: page
                .items
                .iter()
                .map(|s| format!("arn:aws:ecs:{REGION}:{ACCOUNT}:service/{name}/{s}"))
                .collect(),
            next_token: page.next_token,
        })
    }

    /// DescribeServices for up to 10 services; unknown ones are left out (ECS: MISSING).
    pub(super) fn describe_services(
        &self,
        cluster: &str,
        services: &[String],
    ) -> Result<Vec<ServiceInfo>, EcsError> {
        const OP: &str = "DescribeServices";
        if services.is_empty() || services.len() > 10 {
            return Err(EcsError::new(
                OP,
                ErrorKind::Client,
                "services must name between 1 and 10 services.",
            ));
        }
        let c = self.cluster(OP, cluster)?;
        Ok(services
            .iter()
            .filter_map(|id| {
                let (name, s) = c.services.get_key_value(short(id))?;
                // The fake keeps no desired count: its service's tasks not STOPPED stand in.
                let group = format!("service:{name}");
                let mine = || {
                    c.tasks
                        .iter()
                        .filter(|t| t.group.as_deref() == Some(&group))
                };
                let count = |n: usize| i32::try_from(n).unwrap_or(i32::MAX);
                Some(ServiceInfo {
                    cluster_arn: cluster_arn(short(cluster)),
                    name: name.clone(),
                    task_definition: s.task_definition.clone(),
                    deployment_task_definitions: s.deployments.clone(),
                    desired_count: count(mine().filter(|t| t.last_status != "STOPPED").count()),
                    running_count: count(mine().filter(|t| t.last_status == "RUNNING").count()),
                })
            })
            .collect())
    }

    /// One page of ListTasks: RUNNING lists every task not STOPPED, STOPPED the stopped ones.
    pub(super) fn list_tasks(
        &self,
        cluster: &str,
        desired_status: &str,
        token: Option<&str>,
    ) -> Result<Page<String>, EcsError> {
        const OP: &str = "ListTasks";
        // ECS matches on desired status; a task is desired STOPPED once it stops.
        let wanted: fn(&str) -> bool = match desired_status {
            "RUNNING" => |s| s != "STOPPED",
            "PENDING" => |s| s == "PENDING",
            "STOPPED" => |s| s == "STOPPED",
            other => {
                return Err(EcsError::new(
                    OP,
                    ErrorKind::Client,
                    format!("desiredStatus must be RUNNING, PENDING or STOPPED (got {other})."),
                ));
            }
        };
        let name = short(cluster);
        let c = self.cluster(OP, cluster)?;
        let scope = format!("tasks|{name}|{desired_status}");
        let cursor = paging::decode(OP, &scope, token)?;
        let from = match cursor {
            None => 0,
            Some(c) => {
                c.parse::<usize>().map_err(|_| {
                    EcsError::new(
                        OP,
                        ErrorKind::Client,
                        "The specified nextToken is not valid.",
                    )
                })? + 1
            }
        };
        let iter = c
            .tasks
            .iter()
            .enumerate()
            .skip(from)
            .filter(|(_, t)| wanted(&t.last_status));
        let page = paging::page(iter, PAGE, &scope, |(i, _)| i.to_string());
        Ok(Page {
            items: page
                .items
                .iter()
                .map(|(_, t)| format!("arn:aws:ecs:{REGION}:{ACCOUNT}:task/{name}/{}", t.id))
                .collect(),
            next_token: page.next_token,
        })
    }

    /// DescribeTasks for up to 100 tasks; unknown ones are left out (ECS: MISSING).
    pub(super) fn describe_tasks(
        &self,
        cluster: &str,
        tasks: &[String],
    ) -> Result<Vec<TaskInfo>, EcsError> {
        const OP: &str = "DescribeTasks";
        if tasks.is_empty() || tasks.len() > 100 {
            return Err(EcsError::new(
                OP,
                ErrorKind::Client,
                "tasks must name between 1 and 100 tasks.",
            ));
        }
        let name = short(cluster);
        let c = self.cluster(OP, cluster)?;
        Ok(tasks
            .iter()
            .filter_map(|id| {
                let t = c.tasks.iter().find(|t| t.id == short(id))?;
                Some(TaskInfo {
                    cluster_arn: cluster_arn(name),
                    task_arn: format!("arn:aws:ecs:{REGION}:{ACCOUNT}:task/{name}/{}", t.id),
                    task_definition_arn: t.task_definition.clone(),
                    last_status: t.last_status.clone(),
                    group: t.group.clone(),
                })
            })
            .collect())
    }
}
