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
                ctx: Default::default(),
                cluster: "prod".into(),
                service: "web".into(),
                revision: "web:7".into(),
                rollout: vec!["web:6".into()],
                desired: 2,
                running: 1,
            },
            ServiceUse {
                ctx: Default::default(),
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
