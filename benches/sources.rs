//! In-use scan with the sources beyond ECS: 200 rules, 100 schedules, 50 state machines and
//! 100 stacks on the in-memory backends, 50 ms per call, in paused time.

use std::sync::Arc;
use std::time::Duration;

use taskdefs::ecs::fake::{FakeEcs, Faults};
use taskdefs::inuse::{scan, scan_all};
use taskdefs::ratelimit::RateLimiter;
use taskdefs::sources::fake::{FakeRule, FakeSources};
use taskdefs::sources::{Sources, StateMachine};

const LATENCY: Duration = Duration::from_millis(50);

fn arn(label: &str) -> String {
    format!("arn:aws:ecs:us-east-1:123456789012:task-definition/{label}")
}

/// 20 services in one cluster, 20 families of 5 revisions.
fn ecs() -> FakeEcs {
    let fake = FakeEcs::new().with_faults(Faults {
        latency: (LATENCY, LATENCY),
        ..Faults::default()
    });
    for f in 0..20 {
        let doc = serde_json::json!({"family": format!("fam-{f}"), "containerDefinitions": []});
        fake.register_many(doc, 5);
        fake.add_service("prod", &format!("svc-{f}"), &format!("fam-{f}:5"), &[]);
    }
    fake
}

/// Page sizes are the services' defaults or maxima: 100 rules, schedules and stack resources
/// per page, 100 state machines (the bench does not need more), 100 stacks.
fn sources() -> FakeSources {
    let mut s = FakeSources::new();
    s.page_size = 100;
    s.latency = LATENCY;
    for i in 0..200 {
        s.rules.push(FakeRule {
            bus: "default".into(),
            name: format!("rule-{i}"),
            targets: vec![arn(&format!("fam-{}:{}", i % 20, 1 + i % 4))],
        });
    }
    for i in 0..100 {
        let td = (i % 2 == 0).then(|| arn(&format!("fam-{}", i % 20)));
        s.schedules
            .push(("default".into(), format!("sched-{i}"), td));
    }
    for i in 0..50 {
        let def = serde_json::json!({"StartAt": "Run", "States": {"Run": {"Type": "Task",
            "Resource": "arn:aws:states:::ecs:runTask.sync",
            "Parameters": {"TaskDefinition": format!("fam-{}:2", i % 20)}, "End": true}}});
        s.state_machines.push((
            format!("arn:aws:states:us-east-1:123456789012:stateMachine:sm-{i}"),
            StateMachine {
                name: format!("sm-{i}"),
                definition: def.to_string(),
            },
        ));
    }
    for i in 0..100 {
        s.stacks.push((
            format!("stack-{i}"),
            vec![arn(&format!("fam-{}:1", i % 20))],
        ));
    }
    s
}

/// Prints simulated seconds and calls for the ECS-only scan and the scan with every source.
pub fn run() {
    let rt = crate::stats::paused_runtime();
    rt.block_on(async {
        let fake = ecs();
        let pace = RateLimiter::new(10, 10.0);
        let t0 = tokio::time::Instant::now();
        let only = scan(&fake, &pace).await.unwrap();
        let ecs_s = t0.elapsed().as_secs_f64();
        let ecs_calls: u64 = fake.calls().by_op.values().sum();

        let fake = ecs();
        let src = Arc::new(sources());
        let sources = Sources::new(src.clone());
        let pace = RateLimiter::new(10, 10.0);
        let t0 = tokio::time::Instant::now();
        let all = scan_all(&fake, Some(&sources), &pace).await.unwrap();
        let all_s = t0.elapsed().as_secs_f64();
        assert!(all.unchecked().is_empty());
        assert!(all.users.len() > only.users.len());
        println!(
            "sources rules=200 schedules=100 state-machines=50 stacks=100 latency=50ms  \
             ecs-only {ecs_s:.1}s ({ecs_calls} ECS calls)  |  with sources {all_s:.1}s \
             ({} ECS calls, {} source calls)  ratio {:.2}",
            fake.calls().by_op.values().sum::<u64>(),
            src.calls(),
            all_s / ecs_s
        );
    });
}
