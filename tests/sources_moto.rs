//! In-use sources beyond ECS against moto (its EventBridge, Scheduler, Step Functions and
//! CloudFormation run in the same server): the SDK adapter reads each, the scan names each
//! user, and keep-newest-N protects what they run and flags what a stack owns.

// Test code: a failed unwrap is a failed test.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::sync::Arc;

use aws_sdk_ecs::config::{BehaviorVersion, Credentials, Region, SharedCredentialsProvider};
use common::MotoServer;
use common::moto::{ACCOUNT, REGION};
use serde_json::json;
use taskdefs::app::selection::KeepRule;
use taskdefs::inuse::{UserKind, scan_all};
use taskdefs::ratelimit::RateLimiter;
use taskdefs::sources::sdk::SdkSources;
use taskdefs::sources::{Source, Sources};

/// The shared config a real start builds (region, credentials, endpoint), for moto.
fn sdk_config(moto: &MotoServer) -> aws_config::SdkConfig {
    aws_config::SdkConfig::builder()
        .behavior_version(BehaviorVersion::latest())
        .region(Region::new(REGION))
        .credentials_provider(SharedCredentialsProvider::new(Credentials::new(
            "testing", "testing", None, None, "tests",
        )))
        .endpoint_url(moto.endpoint())
        .build()
}

fn td_arn(label: &str) -> String {
    format!("arn:aws:ecs:{REGION}:{ACCOUNT}:task-definition/{label}")
}

const ROLE: &str = "arn:aws:iam::123456789012:role/scheduler";
const CLUSTER: &str = "arn:aws:ecs:us-east-1:123456789012:cluster/batch";

/// reports:1-4, etl:1-4, payments-api:1-9; stacked:1, then stacked:2 from a stack, then
/// stacked:3. A rule runs reports:3 (on a second bus, among rules without ECS targets), a
/// schedule runs `etl` (no revision), a state machine runs payments-api:7.
async fn seed(moto: &MotoServer, cfg: &aws_config::SdkConfig) {
    let s = moto.seed();
    s.register("reports", 4).await;
    s.register("etl", 4).await;
    s.register("payments-api", 9).await;
    s.register("stacked", 1).await;

    let events = aws_sdk_eventbridge::Client::new(cfg);
    events.create_event_bus().name("ops").send().await.unwrap();
    for i in 0..3 {
        events
            .put_rule()
            .name(format!("noise-{i}"))
            .event_bus_name("ops")
            .event_pattern(r#"{"source":["taskdefs.test"]}"#)
            .send()
            .await
            .unwrap();
    }
    events
        .put_rule()
        .name("nightly-reports")
        .event_bus_name("ops")
        .event_pattern(r#"{"source":["reports.trigger"]}"#)
        .send()
        .await
        .unwrap();
    let ecs_params = aws_sdk_eventbridge::types::EcsParameters::builder()
        .task_definition_arn(td_arn("reports:3"))
        .build()
        .unwrap();
    let target = aws_sdk_eventbridge::types::Target::builder()
        .id("run")
        .arn(CLUSTER)
        .role_arn(ROLE)
        .ecs_parameters(ecs_params)
        .build()
        .unwrap();
    events
        .put_targets()
        .rule("nightly-reports")
        .event_bus_name("ops")
        .targets(target)
        .send()
        .await
        .unwrap();

    let scheduler = aws_sdk_scheduler::Client::new(cfg);
    use aws_sdk_scheduler::types as st;
    scheduler
        .create_schedule()
        .name("etl-nightly")
        .schedule_expression("rate(1 day)")
        .flexible_time_window(
            st::FlexibleTimeWindow::builder()
                .mode(st::FlexibleTimeWindowMode::Off)
                .build()
                .unwrap(),
        )
        .target(
            st::Target::builder()
                .arn(CLUSTER)
                .role_arn(ROLE)
                .ecs_parameters(
                    st::EcsParameters::builder()
                        .task_definition_arn(td_arn("etl"))
                        .build()
                        .unwrap(),
                )
                .build()
                .unwrap(),
        )
        .send()
        .await
        .unwrap();

    let definition = json!({"StartAt": "Pay", "States": {"Pay": {
        "Type": "Task", "Resource": "arn:aws:states:::ecs:runTask.sync",
        "Parameters": {"TaskDefinition": "payments-api:7", "Cluster": CLUSTER}, "End": true}}});
    aws_sdk_sfn::Client::new(cfg)
        .create_state_machine()
        .name("payments-flow")
        .definition(definition.to_string())
        .role_arn(ROLE)
        .send()
        .await
        .unwrap();

    let template = json!({"Resources": {"Td": {"Type": "AWS::ECS::TaskDefinition",
        "Properties": {"Family": "stacked", "ContainerDefinitions": [
            {"Name": "app", "Image": "nginx", "Memory": 128}]}}}});
    aws_sdk_cloudformation::Client::new(cfg)
        .create_stack()
        .stack_name("stacked-stack")
        .template_body(template.to_string())
        .send()
        .await
        .unwrap();
    // The stack created stacked:2 in ECS itself.
    assert_eq!(
        s.status_of(&td_arn("stacked:2")).await.as_deref(),
        Some("ACTIVE")
    );
    s.register("stacked", 1).await;
}

#[test]
fn sources_protect_and_name_their_users_and_keep_n_respects_them() {
    let moto = MotoServer::start();
    common::block_on(async {
        let cfg = sdk_config(&moto);
        seed(&moto, &cfg).await;
        let api = moto.sdk_ecs();
        let sources = Sources::new(Arc::new(SdkSources::new(&cfg)));
        let pace = RateLimiter::new(50, 50.0);
        let map = scan_all(&api, Some(&sources), &pace).await.unwrap();
        assert!(map.unchecked().is_empty(), "{:?}", map.sources);
        let read: Vec<(Source, usize)> = map.sources.iter().map(|s| (s.source, s.read)).collect();
        // The default bus has no rules here; ops has four.
        assert_eq!(
            read,
            [
                (Source::Rules, 4),
                (Source::Schedules, 1),
                (Source::StateMachines, 1),
                (Source::Stacks, 1),
            ]
        );
        assert_eq!(map.users_of("reports:3"), ["ops/nightly-reports (rule)"]);
        assert_eq!(
            map.users_of("etl:4"),
            ["default/etl-nightly (schedule: latest ACTIVE of etl)"]
        );
        assert_eq!(
            map.users_of("payments-api:7"),
            ["payments-flow/Pay (state machine)"]
        );
        assert_eq!(map.kinds_of("payments-api:7"), [UserKind::StateMachine]);
        assert!(!map.contains("stacked:2"));
        assert_eq!(map.managed_by("stacked:2"), ["stacked-stack"]);

        let families: Vec<String> = ["reports", "etl", "payments-api", "stacked"]
            .map(String::from)
            .to_vec();
        let mut rule = KeepRule {
            keep: 1,
            older_than: None,
            include_managed: false,
        };
        let collect = |rule: KeepRule| {
            let (api, map, pace, families) = (&api, &map, &pace, &families);
            async move {
                let mut progress = |_| {};
                taskdefs::keep::collect(
                    api,
                    families,
                    &rule,
                    map,
                    pace,
                    &|_: &str| None,
                    &mut progress,
                    jiff::Timestamp::now(),
                )
                .await
                .unwrap()
                .0
            }
        };
        let sel = collect(rule.clone()).await;
        let labels =
            |v: &[taskdefs::ecs::RevisionRef]| v.iter().map(|r| r.label()).collect::<Vec<String>>();
        assert_eq!(labels(&sel[0].protected_in_use), ["reports:3"]);
        assert_eq!(labels(&sel[0].selected), ["reports:1", "reports:2"]);
        // The schedule's revision is the newest ACTIVE one: kept, never selected.
        assert!(!labels(&sel[1].selected).contains(&"etl:4".to_string()));
        assert_eq!(labels(&sel[2].protected_in_use), ["payments-api:7"]);
        assert_eq!(labels(&sel[3].skipped_managed), ["stacked:2"]);
        assert_eq!(labels(&sel[3].selected), ["stacked:1"]);
        // Each user is named for the notes the operator reads.
        assert_eq!(
            taskdefs::inuse::who(Some(&map), "stacked:2"),
            "stacked:2 managed by stack stacked-stack"
        );
        assert_eq!(
            taskdefs::inuse::who(Some(&map), "reports:3"),
            "reports:3 by ops/nightly-reports (rule)"
        );

        rule.include_managed = true;
        let sel = collect(rule).await;
        assert_eq!(labels(&sel[3].selected), ["stacked:1", "stacked:2"]);
    });
}
