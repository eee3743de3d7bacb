//! What the services view lists: each service and running task the in-use scan read, with its
//! revision and counts (kept beside the protection map, which only names users).

/// A service as the services view shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServiceUse {
    /// Cluster name.
    pub cluster: String,
    /// Service name.
    pub service: String,
    /// `family:revision` of its current task definition.
    pub revision: String,
    /// `family:revision` of its other deployments (a rollout in progress).
    pub rollout: Vec<String>,
    /// `desiredCount`.
    pub desired: i32,
    /// `runningCount`.
    pub running: i32,
}

/// A task (not STOPPED) as the services view shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TaskUse {
    /// Cluster name.
    pub cluster: String,
    /// Short task id.
    pub id: String,
    /// `family:revision` it was started from.
    pub revision: String,
    /// `lastStatus`, e.g. RUNNING or PENDING.
    pub status: String,
    /// `group`, e.g. `service:web` or `family:batch`.
    pub group: Option<String>,
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use crate::ecs::fake::FakeEcs;
    use crate::inuse::{ServiceUse, scan};
    use crate::ratelimit::RateLimiter;

    #[tokio::test(start_paused = true)]
    async fn the_scan_keeps_each_service_with_its_counts_and_each_task() {
        let fake = FakeEcs::new();
        fake.add_service("prod", "web", "web:7", &["web:7", "web:6"]);
        fake.add_service("staging", "web", "web:8", &[]);
        fake.add_task_in_group("prod", "web:7", "RUNNING", "service:web");
        fake.add_task_in_group("prod", "web:6", "PENDING", "service:web");
        fake.add_task("prod", "batch:3", "RUNNING");
        fake.add_task("prod", "batch:2", "STOPPED");
        let m = scan(&fake, &RateLimiter::new(10, 10.0)).await.unwrap();
        assert_eq!(
            m.service_uses,
            [
                ServiceUse {
                    cluster: "prod".into(),
                    service: "web".into(),
                    revision: "web:7".into(),
                    rollout: vec!["web:6".into()],
                    desired: 2,
                    running: 1,
                },
                ServiceUse {
                    cluster: "staging".into(),
                    service: "web".into(),
                    revision: "web:8".into(),
                    rollout: vec![],
                    desired: 0,
                    running: 0,
                },
            ]
        );
        let mut tasks: Vec<(&str, &str)> = m
            .task_uses
            .iter()
            .map(|t| (t.revision.as_str(), t.status.as_str()))
            .collect();
        tasks.sort();
        assert_eq!(
            tasks,
            [
                ("batch:3", "RUNNING"),
                ("web:6", "PENDING"),
                ("web:7", "RUNNING")
            ]
        );
    }
}
