//! Behaviour of the fake ECS through `EcsApi`.

#![allow(clippy::unwrap_used)]

use std::collections::HashSet;
use std::time::Duration;

use serde_json::json;

use super::*;
use crate::ecs::{EcsApi, ErrorKind, StatusFilter, TdStatus};

pub(super) fn doc(family: &str) -> Value {
    json!({"family": family, "containerDefinitions": [{"name": "app", "image": "nginx:1.27", "memory": 128}]})
}

/// Follows every page of a listing, asserting tokens are issued only when needed.
pub(super) async fn all_families(
    f: &FakeEcs,
    prefix: Option<&str>,
    status: StatusFilter,
) -> Vec<String> {
    let mut out = Vec::new();
    let mut token = None;
    loop {
        let page = f.list_families(prefix, status, token).await.unwrap();
        assert!(page.items.len() <= 100);
        out.extend(page.items);
        match page.next_token {
            Some(t) => token = Some(t),
            None => return out,
        }
    }
}

pub(super) async fn all_revisions(f: &FakeEcs, family: &str, status: TdStatus) -> Vec<String> {
    let mut out = Vec::new();
    let mut token = None;
    loop {
        let page = f.list_revisions(family, status, token).await.unwrap();
        assert!(!page.items.is_empty() || page.next_token.is_none());
        out.extend(page.items);
        match page.next_token {
            Some(t) => token = Some(t),
            None => return out,
        }
    }
}

#[tokio::test]
async fn pagination_crosses_pages_with_every_item_once() {
    let f = FakeEcs::new();
    for i in 0..250 {
        f.register(doc(&format!("fam-{i:03}")));
    }
    let arns = f.register_many(doc("web"), 230);
    let families = all_families(&f, None, StatusFilter::Active).await;
    assert_eq!(families.len(), 251);
    assert_eq!(families.iter().collect::<HashSet<_>>().len(), 251);
    assert!(families.windows(2).all(|w| w[0] < w[1]), "sorted by name");
    assert_eq!(
        all_families(&f, Some("fam-1"), StatusFilter::All)
            .await
            .len(),
        100
    );

    let revs = all_revisions(&f, "web", TdStatus::Active).await;
    let expected: Vec<String> = arns.iter().rev().cloned().collect();
    assert_eq!(revs, expected, "newest first, each once");
    assert_eq!(revs[0], td_arn("web", 230));

    let every = all_revisions(&f, "", TdStatus::Active).await;
    assert_eq!(every.len(), 480);
    assert_eq!(every.iter().collect::<HashSet<_>>().len(), 480);

    let page = f
        .list_revisions("web", TdStatus::Active, None)
        .await
        .unwrap();
    assert_eq!(page.items.len(), 100);
    // A token only works for the listing that issued it; garbage is a client error.
    for bad in [page.next_token.clone(), Some("nope".to_string())] {
        let e = f
            .list_revisions("fam-001", TdStatus::Active, bad)
            .await
            .unwrap_err();
        assert_eq!(e.kind, ErrorKind::Client);
    }
    let e = f
        .list_families(None, StatusFilter::Active, Some("00".into()))
        .await
        .unwrap_err();
    assert_eq!(e.kind, ErrorKind::Client);
    assert_eq!(
        f.list_revisions("missing", TdStatus::Active, None)
            .await
            .unwrap()
            .items
            .len(),
        0
    );
}

#[tokio::test]
async fn status_filters_follow_ecs() {
    let f = FakeEcs::new();
    f.register(doc("all-active"));
    let mixed: Vec<String> = (0..3).map(|_| f.register(doc("mixed"))).collect();
    let gone = f.register(doc("retired"));
    f.set_status(&mixed[0], TdStatus::Inactive);
    f.set_status(&gone, TdStatus::Inactive);

    let active = all_families(&f, None, StatusFilter::Active).await;
    assert_eq!(active, ["all-active", "mixed"]);
    assert_eq!(
        all_families(&f, None, StatusFilter::Inactive).await,
        ["retired"]
    );
    assert_eq!(
        all_families(&f, None, StatusFilter::All).await,
        ["all-active", "mixed", "retired"]
    );
    assert_eq!(
        all_revisions(&f, "mixed", TdStatus::Inactive).await,
        [mixed[0].clone()]
    );
    assert_eq!(
        all_revisions(&f, "mixed", TdStatus::Active).await,
        [mixed[2].clone(), mixed[1].clone()]
    );
    // "mixed" is exactly that family, not a prefix.
    f.register(doc("mixed-up"));
    assert_eq!(all_revisions(&f, "mixed", TdStatus::Active).await.len(), 2);
}

#[tokio::test]
async fn describe_round_trips_through_taskdef() {
    let f = FakeEcs::new();
    let at: jiff::Timestamp = "2025-03-04T05:06:07.250Z".parse().unwrap();
    let arn = f.register_at(
        json!({
            "family": "pay", "networkMode": "awsvpc", "cpu": "512", "memory": "1024",
            "requiresCompatibilities": ["FARGATE"],
            "executionRoleArn": "arn:aws:iam::123456789012:role/exec",
            "containerDefinitions": [
                {"name": "app", "image": "123456789012.dkr.ecr.us-east-1.amazonaws.com/pay:v1",
                 "portMappings": [{"containerPort": 8080}],
                 "environment": [{"name": "DATABASE_URL", "value": "postgres://u:p@db/x"}],
                 "secrets": [{"name": "KEY", "valueFrom": "arn:aws:ssm:us-east-1:123456789012:parameter/k"}],
                 "logConfiguration": {"logDriver": "awslogs", "options": {"awslogs-group": "/ecs/pay"}},
                 "dependsOn": [{"containerName": "envoy", "condition": "HEALTHY"}]},
                {"name": "envoy", "image": "envoy:v1", "essential": false}
            ],
            "tags": [{"key": "team", "value": "payments"}]
        }),
        at,
    );
    let td = f.describe(&arn).await.unwrap();
    let fl = &td.fields;
    assert_eq!(
        (fl.family.as_str(), fl.revision, td.status()),
        ("pay", 1, TdStatus::Active)
    );
    assert_eq!(fl.task_definition_arn, arn);
    assert_eq!(td.registered_at(), Some(at));
    assert_eq!(fl.compatibilities, ["EC2", "FARGATE"]);
    assert_eq!(td.tags, [("team".to_string(), "payments".to_string())]);
    assert!(
        td.raw.get("tags").is_none(),
        "tags are not part of taskDefinition"
    );
    let app = &fl.container_definitions[0];
    assert_eq!(app.environment[0].value, "postgres://u:p@db/x");
    assert_eq!(app.secrets[0].name, "KEY");
    assert_eq!(
        app.port_mappings[0].host_port,
        Some(8080),
        "awsvpc fills hostPort"
    );
    assert_eq!(app.essential, Some(true), "ECS fills the default");
    assert_eq!(app.depends_on[0].condition, "HEALTHY");
    assert_eq!(fl.container_definitions[1].essential, Some(false));
    let attrs = td.raw["requiresAttributes"].to_string();
    assert!(attrs.contains("ecs.capability.task-eni") && attrs.contains("ecr-auth"));
    assert!(td.raw["registeredAt"].is_f64());

    // Other ways to name it: family:revision, bare family (newest ACTIVE).
    assert_eq!(f.describe("pay:1").await.unwrap().fields.revision, 1);
    assert_eq!(f.describe("pay").await.unwrap().fields.revision, 1);
    let e = f.describe(&td_arn("pay", 9)).await.unwrap_err();
    assert_eq!(
        (e.kind, e.message.as_str()),
        (ErrorKind::Client, "Unable to describe task definition.")
    );
    assert_eq!(f.calls().by_op["DescribeTaskDefinition"], 4);
    assert_eq!(f.calls().failed, 1);
}

#[tokio::test(start_paused = true)]
async fn deregister_is_idempotent_and_sets_the_time() {
    let f = FakeEcs::new();
    let arn = f.register(doc("web"));
    tokio::time::advance(Duration::from_secs(90)).await;
    let td = f.deregister(&arn).await.unwrap();
    assert_eq!(td.status(), TdStatus::Inactive);
    let when = td.deregistered_at().unwrap();
    assert_eq!(when, CLOCK_BASE + jiff::SignedDuration::from_secs(90));
    let again = f.deregister(&arn).await.unwrap();
    assert_eq!(
        (again.status(), again.deregistered_at()),
        (TdStatus::Inactive, Some(when))
    );
    assert_eq!(f.status_of(&arn), Some(TdStatus::Inactive));
    let e = f.deregister(&td_arn("web", 7)).await.unwrap_err();
    assert_eq!(e.kind, ErrorKind::Client);
}

#[tokio::test]
async fn delete_follows_ecs_rules() {
    let f = FakeEcs::new();
    let r: Vec<String> = (0..6).map(|_| f.register(doc("web"))).collect();
    for a in &r[1..] {
        f.set_status(a, TdStatus::Inactive);
    }
    // r[2]: a deployment still uses it; r[3]: a running task; r[4]: only a stopped task.
    f.add_service("prod", "web", &r[0], &[r[0].as_str(), "web:3"]);
    f.add_task("batch", &r[3], "RUNNING");
    f.add_task("batch", &r[4], "STOPPED");
    let unknown = td_arn("web", 99);
    let ask: Vec<String> = r[..5].iter().cloned().chain([unknown.clone()]).collect();
    let out = f.delete(&ask).await.unwrap();
    assert_eq!(out.deleted, r[1..5].to_vec());
    assert_eq!(out.failures.len(), 2);
    assert_eq!(
        out.failures[0],
        (r[0].clone(), store::STILL_ACTIVE.to_string())
    );
    assert_eq!(out.failures[1].0, unknown);

    assert_eq!(f.status_of(&r[0]), Some(TdStatus::Active));
    assert_eq!(f.status_of(&r[1]), None);
    assert_eq!(f.status_of(&r[2]), Some(TdStatus::DeleteInProgress));
    assert_eq!(f.status_of(&r[3]), Some(TdStatus::DeleteInProgress));
    assert_eq!(f.status_of(&r[4]), None);
    assert_eq!(
        all_revisions(&f, "web", TdStatus::Inactive).await,
        [r[5].clone()].to_vec()
    );
    assert_eq!(
        all_revisions(&f, "web", TdStatus::DeleteInProgress).await,
        [r[3].clone(), r[2].clone()]
    );
    assert_eq!(
        f.describe(&r[2]).await.unwrap().status(),
        TdStatus::DeleteInProgress
    );
    assert!(f.describe(&r[1]).await.is_err());
    // Numbers are never reused.
    assert_eq!(f.register(doc("web")), td_arn("web", 7));

    let eleven: Vec<String> = (0..11).map(|_| r[5].clone()).collect();
    let e = f.delete(&eleven).await.unwrap_err();
    assert_eq!(e.kind, ErrorKind::Client);
    assert!(f.delete(&[]).await.is_err());
    assert_eq!(
        f.status_of(&r[5]),
        Some(TdStatus::Inactive),
        "a refused call changes nothing"
    );
}

#[tokio::test]
async fn services_and_tasks_page_and_describe() {
    let f = FakeEcs::new();
    for i in 0..25 {
        f.add_service("prod", &format!("svc-{i:02}"), &format!("web:{i}"), &[]);
    }
    f.add_service("prod", "roll", "web:2", &["web:2", "web:1"]);
    // ECS's default page is 10; the trait asks for 100.
    let mut names = Vec::new();
    let mut token = None;
    let mut pages = 0;
    loop {
        let p = f.list_services_page("prod", None, token).await.unwrap();
        pages += 1;
        names.extend(p.items);
        token = p.next_token;
        if token.is_none() {
            break;
        }
    }
    assert_eq!((pages, names.len()), (3, 26));
    let full = f.list_services("prod", None).await.unwrap();
    assert_eq!((full.items.len(), full.next_token), (26, None));
    let info = f
        .describe_services("prod", &[names[0].clone(), "missing".into()])
        .await
        .unwrap();
    assert_eq!(info.len(), 1);
    let roll = f
        .describe_services("prod", &["roll".to_string()])
        .await
        .unwrap();
    assert_eq!(roll[0].task_definition, td_arn("web", 2));
    assert_eq!(
        roll[0].deployment_task_definitions,
        [td_arn("web", 2), td_arn("web", 1)]
    );
    let eleven: Vec<String> = names[..11].to_vec();
    assert_eq!(
        f.describe_services("prod", &eleven).await.unwrap_err().kind,
        ErrorKind::Client
    );
    assert_eq!(
        f.list_services("nope", None).await.unwrap_err().kind,
        ErrorKind::Client
    );

    f.add_task("prod", "web:1", "RUNNING");
    f.add_task("prod", "web:2", "PENDING");
    f.add_task("prod", "web:3", "STOPPED");
    let running = f.list_tasks("prod", "RUNNING", None).await.unwrap().items;
    let stopped = f.list_tasks("prod", "STOPPED", None).await.unwrap().items;
    assert_eq!((running.len(), stopped.len()), (2, 1));
    let pending = f.list_tasks("prod", "PENDING", None).await.unwrap().items;
    assert_eq!(pending, [running[1].clone()]);
    assert!(f.list_tasks("prod", "DONE", None).await.is_err());
    let tasks = f.describe_tasks("prod", &running).await.unwrap();
    assert_eq!(tasks[1].task_definition_arn, td_arn("web", 2));
    assert_eq!(tasks[1].last_status, "PENDING");
    assert_eq!(tasks[0].group.as_deref(), Some("family:web"));
    assert_eq!(tasks[0].task_arn, running[0]);
}
