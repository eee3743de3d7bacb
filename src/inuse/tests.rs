#![allow(clippy::unwrap_used)]

use async_trait::async_trait;

use std::time::Duration;

use super::*;
use crate::ecs::fake::{FakeEcs, Faults};
use crate::ecs::{DeleteOutcome, ErrorKind, Page, StatusFilter, TaskDef, TdStatus};

fn pace() -> RateLimiter {
    RateLimiter::new(10, 10.0)
}

fn calls(fake: &FakeEcs, op: &str) -> u64 {
    fake.calls().by_op.get(op).copied().unwrap_or(0)
}

#[tokio::test(start_paused = true)]
async fn follows_every_list_services_page() {
    let fake = FakeEcs::new();
    for i in 1..=230 {
        fake.add_service("big", &format!("svc-{i:03}"), &format!("web:{i}"), &[]);
    }
    for i in 1..=25 {
        fake.add_service("small", &format!("svc-{i:02}"), &format!("api:{i}"), &[]);
    }
    let m = scan(&fake, &pace()).await.unwrap();
    assert_eq!((m.clusters, m.services, m.tasks), (2, 255, 0));
    for i in 1..=230 {
        assert_eq!(
            m.users_of(&format!("web:{i}")),
            [format!("big/svc-{i:03} (service)")]
        );
    }
    for i in 1..=25 {
        assert!(m.contains(&format!("api:{i}")), "api:{i}");
    }
    // 230 services take three pages of 100; 25 take one.
    assert_eq!(calls(&fake, "ListServices"), 4);
    assert_eq!(calls(&fake, "DescribeServices"), 23 + 3);
    assert_eq!(calls(&fake, "ListClusters"), 1);
}

#[tokio::test(start_paused = true)]
async fn counts_running_tasks_beyond_one_page_and_ignores_stopped() {
    let fake = FakeEcs::new();
    for i in 1..=150 {
        fake.add_task("prod", &format!("batch:{i}"), "RUNNING");
    }
    for i in 1..=30 {
        fake.add_task("prod", &format!("old:{i}"), "STOPPED");
    }
    fake.add_task("prod", "pending:1", "PENDING");
    let arn = fake.add_task_in_group("prod", "web:7", "RUNNING", "service:web");
    let m = scan(&fake, &pace()).await.unwrap();
    assert_eq!(m.tasks, 152);
    for i in 1..=150 {
        assert!(m.contains(&format!("batch:{i}")), "batch:{i}");
    }
    assert!((1..=30).all(|i| !m.contains(&format!("old:{i}"))));
    assert!(m.contains("pending:1"));
    let id: String = arn.rsplit('/').next().unwrap().chars().take(8).collect();
    assert_eq!(
        m.users_of("web:7"),
        [format!("prod/task/{id} (task, service:web)")]
    );
    // RUNNING: 152 tasks in two pages; STOPPED: one page; 182 described in two calls.
    assert_eq!(calls(&fake, "ListTasks"), 3);
    assert_eq!(calls(&fake, "DescribeTasks"), 2);
}

#[tokio::test(start_paused = true)]
async fn deployments_mid_rollout_and_several_clusters() {
    let fake = FakeEcs::new();
    let arn3 = crate::ecs::fake::td_arn("web", 3);
    fake.add_service("prod", "web", &arn3, &["web:3", "web:2"]);
    fake.add_service("staging", "web", "web:3", &[]);
    fake.add_service(
        "staging",
        "worker",
        "worker:9",
        &["worker:9", "worker:8", "web:2"],
    );
    fake.add_task("staging", "web:3", "RUNNING");
    let m = scan(&fake, &pace()).await.unwrap();
    assert_eq!((m.clusters, m.services, m.tasks), (2, 3, 1));
    let web3 = m.users_of("web:3");
    assert_eq!(&web3[..2], ["prod/web (service)", "staging/web (service)"]);
    assert_eq!(web3.len(), 3);
    assert!(web3[2].starts_with("staging/task/") && web3[2].ends_with("(task, family:web)"));
    assert_eq!(
        m.users_of("web:2"),
        ["prod/web (deployment)", "staging/worker (deployment)"]
    );
    assert_eq!(m.users_of("worker:9"), ["staging/worker (service)"]);
    assert_eq!(m.users_of("worker:8"), ["staging/worker (deployment)"]);
    assert!(!m.contains("web:1"));
}

#[tokio::test(start_paused = true)]
async fn access_denied_fails_the_scan() {
    let fake = FakeEcs::new().with_faults(Faults {
        access_denied: vec!["ListServices"],
        ..Faults::default()
    });
    fake.add_service("prod", "web", "web:1", &[]);
    let e = scan(&fake, &pace()).await.unwrap_err();
    assert_eq!(
        (e.operation, e.kind),
        ("ListServices", ErrorKind::AccessDenied)
    );
    // Not retried: it cannot succeed.
    assert_eq!(calls(&fake, "ListServices"), 1);
}

#[tokio::test(start_paused = true)]
async fn throttling_and_server_errors_are_retried() {
    let build = |faults: Faults| {
        let fake = FakeEcs::new().with_faults(faults);
        for i in 1..=40 {
            fake.add_service("prod", &format!("s{i}"), &format!("web:{i}"), &[]);
            fake.add_task("prod", &format!("job:{i}"), "RUNNING");
        }
        fake
    };
    let clean = scan(&build(Faults::default()), &pace()).await.unwrap();
    let faulty = build(Faults {
        throttle_rate: 0.2,
        server_error_rate: 0.1,
        enforce_buckets: true,
        seed: 7,
        ..Faults::default()
    });
    let m = scan(&faulty, &RateLimiter::new(50, 50.0)).await.unwrap();
    assert_eq!(m, clean);
    assert!(faulty.calls().throttled + faulty.calls().failed > 0);
}

/// A cluster whose one task was asked to stop but still runs: ECS lists it under STOPPED.
struct Stopping;

fn denied(op: &'static str) -> EcsError {
    EcsError::new(op, ErrorKind::Other, "not used by the scan")
}

#[async_trait]
impl EcsApi for Stopping {
    async fn list_families(
        &self,
        _: Option<&str>,
        _: StatusFilter,
        _: Option<String>,
    ) -> Result<Page<String>, EcsError> {
        Err(denied("ListTaskDefinitionFamilies"))
    }
    async fn list_revisions(
        &self,
        _: &str,
        _: TdStatus,
        _: Option<String>,
    ) -> Result<Page<String>, EcsError> {
        Err(denied("ListTaskDefinitions"))
    }
    async fn describe(&self, _: &str) -> Result<TaskDef, EcsError> {
        Err(denied("DescribeTaskDefinition"))
    }
    async fn deregister(&self, _: &str) -> Result<TaskDef, EcsError> {
        Err(denied("DeregisterTaskDefinition"))
    }
    async fn delete(&self, _: &[String]) -> Result<DeleteOutcome, EcsError> {
        Err(denied("DeleteTaskDefinitions"))
    }
    async fn list_clusters(&self, _: Option<String>) -> Result<Page<String>, EcsError> {
        Ok(Page {
            items: vec!["arn:aws:ecs:us-east-1:1:cluster/prod".into()],
            next_token: None,
        })
    }
    async fn list_services(&self, _: &str, _: Option<String>) -> Result<Page<String>, EcsError> {
        Ok(Page {
            items: vec![],
            next_token: None,
        })
    }
    async fn describe_services(&self, _: &str, _: &[String]) -> Result<Vec<ServiceInfo>, EcsError> {
        Err(denied("DescribeServices"))
    }
    async fn list_tasks(
        &self,
        _: &str,
        desired: &str,
        _: Option<String>,
    ) -> Result<Page<String>, EcsError> {
        let items = match desired {
            "STOPPED" => vec!["arn:aws:ecs:us-east-1:1:task/prod/0123456789abcdef".into()],
            _ => vec![],
        };
        Ok(Page {
            items,
            next_token: None,
        })
    }
    async fn describe_tasks(&self, _: &str, tasks: &[String]) -> Result<Vec<TaskInfo>, EcsError> {
        Ok(tasks
            .iter()
            .map(|t| TaskInfo {
                cluster_arn: "arn:aws:ecs:us-east-1:1:cluster/prod".into(),
                task_arn: t.clone(),
                task_definition_arn: "arn:aws:ecs:us-east-1:1:task-definition/drain:4".into(),
                last_status: "DEACTIVATING".into(),
                group: None,
            })
            .collect())
    }
}

#[tokio::test(start_paused = true)]
async fn task_desired_stopped_but_still_running_is_in_use() {
    let m = scan(&Stopping, &pace()).await.unwrap();
    assert_eq!(m.users_of("drain:4"), ["prod/task/01234567 (task)"]);
    assert_eq!(m.tasks, 1);
}

#[tokio::test(start_paused = true)]
async fn every_call_is_paced_by_its_bucket() {
    let fake = FakeEcs::new();
    for i in 1..=30 {
        fake.add_service("prod", &format!("s{i}"), "web:1", &[]);
    }
    // Services bucket: 1 ListServices + 3 DescribeServices; clusters bucket: 1 ListClusters +
    // 2 ListTasks. Each at 1/s after a burst of 1, side by side: at least 3 seconds (one
    // limiter for both would take 6).
    let start = tokio::time::Instant::now();
    let m = scan(&fake, &RateLimiter::new(1, 1.0)).await.unwrap();
    assert_eq!(m.users_of("web:1").len(), 30);
    assert!(start.elapsed() >= Duration::from_secs(3));
    assert!(start.elapsed() < Duration::from_secs(4));
}

/// The scan as it was, one call at a time, one cluster after another: the reference the
/// concurrent scan must equal.
async fn sequential_scan(api: &dyn EcsApi, pace: &RateLimiter) -> InUseMap {
    let mut c = Collector::default();
    let clusters = every_page(pace, |t| api.list_clusters(t)).await.unwrap();
    for cluster_arn in &clusters {
        c.map.clusters += 1;
        let name = last_segment(cluster_arn);
        let services = every_page(pace, |t| api.list_services(cluster_arn, t))
            .await
            .unwrap();
        for chunk in services.chunks(SERVICES_PER_DESCRIBE) {
            for s in &api.describe_services(cluster_arn, chunk).await.unwrap() {
                c.service(name, s);
            }
        }
        let mut tasks = every_page(pace, |t| api.list_tasks(cluster_arn, "RUNNING", t))
            .await
            .unwrap();
        tasks.extend(
            every_page(pace, |t| api.list_tasks(cluster_arn, "STOPPED", t))
                .await
                .unwrap(),
        );
        let mut listed = HashSet::new();
        tasks.retain(|t| listed.insert(t.clone()));
        for chunk in tasks.chunks(TASKS_PER_DESCRIBE) {
            let infos = api.describe_tasks(cluster_arn, chunk).await.unwrap();
            for t in infos.iter().filter(|t| t.last_status != "STOPPED") {
                c.task(name, t);
            }
        }
    }
    c.map
}

#[tokio::test(start_paused = true)]
async fn the_concurrent_scan_equals_the_sequential_one() {
    // Random latency per call, so concurrent answers come back out of order; services with
    // rollouts, tasks in every state, shared revisions across clusters, a cluster with more
    // than a page of services and tasks.
    let fake = FakeEcs::new().with_faults(Faults {
        latency: (Duration::from_millis(5), Duration::from_millis(120)),
        seed: 7,
        ..Faults::default()
    });
    for c in 0..9 {
        let cluster = format!("c{c}");
        let services = if c == 4 { 130 } else { 3 + c * 5 };
        for s in 0..services {
            let td = format!("fam-{}:{}", s % 11, 1 + (s + c) % 6);
            let rollout = format!("fam-{}:{}", s % 11, 7 + s % 3);
            let deployments: Vec<&str> = match s % 4 {
                0 => vec![td.as_str(), rollout.as_str()],
                1 => vec![td.as_str()],
                _ => vec![],
            };
            fake.add_service(&cluster, &format!("svc-{s:03}"), &td, &deployments);
        }
        let tasks = if c == 4 { 260 } else { c * 7 };
        for t in 0..tasks {
            let status = ["RUNNING", "PENDING", "STOPPED", "RUNNING"][t % 4];
            let td = format!("job-{}:{}", t % 5, 1 + t % 9);
            if t % 3 == 0 {
                fake.add_task_in_group(&cluster, &td, status, &format!("family:job-{}", t % 5));
            } else {
                fake.add_task(&cluster, &td, status);
            }
        }
    }
    let want = sequential_scan(&fake, &RateLimiter::new(1000, 1000.0)).await;
    let got = scan(&fake, &RateLimiter::new(1000, 1000.0)).await.unwrap();
    assert!(want.services > 200 && want.tasks > 200 && want.clusters == 9);
    assert_eq!(got, want);
}
