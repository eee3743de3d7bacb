//! Hand-built states for the render snapshots: a small account with a payments family whose
//! rows show every kind of marker, and a fixed clock.

#![allow(dead_code, clippy::expect_used, clippy::unwrap_used)]

use std::collections::HashMap;
use std::sync::Arc;

use jiff::{SignedDuration, Timestamp};
use serde_json::json;
use taskdefs::app::AppState;
use taskdefs::app::JobKind;
use taskdefs::app::state::{
    BackendInfo, Described, Flash, Focus, InUseState, Level, Load, Override, Pending,
};
use taskdefs::domain::ItemFailure;
use taskdefs::ecs::{EcsError, ErrorKind, RevisionRef, TaskDef, TdStatus};
use taskdefs::inuse::InUseMap;

/// The secret env value that must never be on screen while masked.
pub const SECRET: &str = "hunter2-prod-db-password";

/// A log driver token that must never be on screen while masked.
pub const LOG_SECRET: &str = "SPLUNKTOKEN-9f9f-prod";

/// A Docker label value that must never be on screen while masked.
pub const LABEL_SECRET: &str = "DDAPIKEY-0123456789abcdef";

/// The fixed clock of every fixture.
pub fn now() -> Timestamp {
    "2026-11-28T12:00:00Z".parse().expect("fixed time")
}

/// A task definition ARN in the fixture account.
pub fn arn(family: &str, rev: u32) -> String {
    format!("arn:aws:ecs:us-east-1:123456789012:task-definition/{family}:{rev}")
}

/// A listed revision.
pub fn rref(family: &str, rev: u32, status: TdStatus) -> RevisionRef {
    RevisionRef::from_arn(&arn(family, rev), status).expect("arn")
}

/// Family names of the fixture account (alphabetical, as ECS lists them).
pub const FAMILIES: &[&str] = &[
    "auth-service",
    "billing-cron",
    "checkout-web",
    "inventory-sync",
    "notifications",
    "orders-api",
    "payments-api",
    "payments-reconciler",
    "payments-worker",
    "reporting-batch",
    "search-indexer",
    "session-store",
    "shipping-quotes",
    "user-profile",
];

/// Index of `payments-api` in `FAMILIES`.
pub const PAYMENTS: usize = 6;

/// A plain one-container revision of payments-api registered `days` ago.
pub fn simple_td(family: &str, rev: u32, status: TdStatus, days: i64) -> TaskDef {
    let registered = now() - SignedDuration::from_hours(24 * days + 3);
    TaskDef::from_json(
        json!({
            "taskDefinitionArn": arn(family, rev),
            "family": family, "revision": rev, "status": status.as_aws(),
            "registeredAt": registered.as_second() as f64,
            "networkMode": "awsvpc", "cpu": "512", "memory": "1024",
            "compatibilities": ["EC2", "FARGATE"], "requiresCompatibilities": ["FARGATE"],
            "containerDefinitions": [{
                "name": "app",
                "image": format!("123456789012.dkr.ecr.us-east-1.amazonaws.com/payments/api:1.{rev}.0"),
                "essential": true, "cpu": 448, "memory": 896,
            }, {
                "name": "envoy",
                "image": "public.ecr.aws/appmesh/aws-appmesh-envoy:v1.29.6.0-prod",
                "essential": true, "cpu": 64, "memory": 128,
            }]
        }),
        vec![],
    )
    .expect("fixture task definition")
}

/// The richly described payments-api:312 the detail pane shows.
pub fn rich_td() -> TaskDef {
    let registered = now() - SignedDuration::from_hours(3 * 24 + 2);
    TaskDef::from_json(
        json!({
            "taskDefinitionArn": arn("payments-api", 312),
            "family": "payments-api", "revision": 312, "status": "ACTIVE",
            "registeredAt": registered.as_second() as f64 + 0.25,
            "registeredBy": "arn:aws:sts::123456789012:assumed-role/deployer/ci",
            "networkMode": "awsvpc", "cpu": "1024", "memory": "2048",
            "taskRoleArn": "arn:aws:iam::123456789012:role/payments-api-task",
            "executionRoleArn": "arn:aws:iam::123456789012:role/ecsTaskExecutionRole",
            "compatibilities": ["EC2", "FARGATE"], "requiresCompatibilities": ["FARGATE"],
            "runtimePlatform": {"operatingSystemFamily": "LINUX", "cpuArchitecture": "ARM64"},
            "volumes": [{"name": "tmp"}, {"name": "certs", "efsVolumeConfiguration": {"fileSystemId": "fs-0a1b2c3d"}}],
            "containerDefinitions": [{
                "name": "app",
                "image": "123456789012.dkr.ecr.us-east-1.amazonaws.com/payments/api:1.312.0",
                "essential": true, "cpu": 896, "memory": 1792, "memoryReservation": 1024,
                "portMappings": [{"containerPort": 8080, "hostPort": 8080, "protocol": "tcp", "name": "http"}],
                "environment": [
                    {"name": "DB_HOST", "value": "payments.cluster-abc.us-east-1.rds.amazonaws.com"},
                    {"name": "DB_PASSWORD", "value": SECRET},
                    {"name": "LOG_LEVEL", "value": "info"}
                ],
                "secrets": [{"name": "STRIPE_KEY", "valueFrom": "arn:aws:secretsmanager:us-east-1:123456789012:secret:stripe-key-AbCdEf"}],
                "logConfiguration": {"logDriver": "awslogs", "options": {
                    "awslogs-group": "/ecs/payments-api", "awslogs-region": "us-east-1", "awslogs-stream-prefix": "app"}},
                "healthCheck": {"command": ["CMD-SHELL", "curl -f http://localhost:8080/health || exit 1"],
                                "interval": 30, "timeout": 5, "retries": 3, "startPeriod": 10},
                "command": ["bin/server", "--port", "8080"],
                "dependsOn": [{"containerName": "envoy", "condition": "HEALTHY"}]
            }, {
                "name": "envoy",
                "image": "public.ecr.aws/appmesh/aws-appmesh-envoy:v1.29.6.0-prod",
                "essential": true, "cpu": 128, "memory": 256,
                "environment": [{"name": "APPMESH_RESOURCE_ARN", "value": "mesh/payments/virtualNode/api"}],
                "entryPoint": ["/usr/bin/envoy-wrapper"]
            }]
        }),
        vec![
            ("team".into(), "payments".into()),
            ("env".into(), "prod".into()),
        ],
    )
    .expect("rich fixture")
}

/// `rich_td` whose envoy sidecar logs to Splunk with a token and carries a Datadog label.
pub fn rich_td_with_log_secrets() -> TaskDef {
    let mut raw = rich_td().raw;
    raw["containerDefinitions"][1]["logConfiguration"] = json!({"logDriver": "splunk", "options": {
        "splunk-token": LOG_SECRET, "splunk-url": "https://splunk.example.com:8088"}});
    raw["containerDefinitions"][1]["dockerLabels"] =
        json!({"com.datadoghq.ad.api-key": LABEL_SECRET});
    TaskDef::from_json(raw, rich_td().tags).expect("fixture with log secrets")
}

/// `loaded` with payments-api:312 described as `rich_td_with_log_secrets`.
pub fn loaded_with_log_secrets(size: (u16, u16)) -> AppState {
    let mut s = loaded(size);
    s.described.insert(
        arn("payments-api", 312),
        Described::Loaded(Arc::new(rich_td_with_log_secrets())),
    );
    s
}

/// Revisions of payments-api, newest first: 312 down to 289.
pub fn payments_rows() -> Vec<RevisionRef> {
    (289..=312)
        .rev()
        .map(|r| {
            let status = if r >= 300 {
                TdStatus::Active
            } else {
                TdStatus::Inactive
            };
            rref("payments-api", r, status)
        })
        .collect()
}

/// The loaded account: families listed, payments-api open, revisions described, in-use scan
/// done, a few marks, pending calls and an error. Focus on the revisions pane.
pub fn loaded(size: (u16, u16)) -> AppState {
    let mut s = AppState {
        backend: BackendInfo {
            label: "us-east-1 · profile prod".into(),
        },
        now: now(),
        size,
        ..Default::default()
    };
    s.families.names = FAMILIES.iter().map(|f| f.to_string()).collect();
    s.families.visible = (0..FAMILIES.len()).collect();
    s.families.load = Load::Done;
    s.families.cursor.selected = PAYMENTS;
    s.revisions.family = Some("payments-api".into());
    s.revisions.rows = payments_rows();
    s.revisions.visible = (0..s.revisions.rows.len()).collect();
    s.revisions.load = Load::Done;
    s.focus = Focus::Revisions;
    let mut described = HashMap::new();
    described.insert(
        arn("payments-api", 312),
        Described::Loaded(Arc::new(rich_td())),
    );
    for r in 290..312u32 {
        let days = i64::from(312 - r) * 4;
        let status = if r >= 300 {
            TdStatus::Active
        } else {
            TdStatus::Inactive
        };
        described.insert(
            arn("payments-api", r),
            Described::Loaded(Arc::new(simple_td("payments-api", r, status, days))),
        );
    }
    described.insert(arn("payments-api", 289), Described::Loading);
    s.described = described;
    // 311 is in use by a service, 308 by a running task.
    let mut users = HashMap::new();
    users.insert(
        "payments-api:312".to_string(),
        vec!["prod/payments-api (service)".to_string()],
    );
    users.insert(
        "payments-api:308".to_string(),
        vec!["prod/task/4f9c2a71e0b84d2b (task)".to_string()],
    );
    s.in_use = InUseState {
        map: Some(InUseMap {
            users,
            clusters: 2,
            services: 31,
            tasks: 87,
            ..Default::default()
        }),
        scanned_at: Some(now() - SignedDuration::from_mins(3)),
        scanning: false,
        error: None,
        request: 1,
        ..Default::default()
    };
    for r in [307u32, 306, 305] {
        let rr = rref("payments-api", r, TdStatus::Active);
        s.marks.insert(rr.arn.clone(), rr);
    }
    // A mark in another family, to show marks survive moving between families.
    let other = rref("orders-api", 41, TdStatus::Active);
    s.marks.insert(other.arn.clone(), other);
    s.pending
        .insert(arn("payments-api", 304), Pending::Deregistering);
    s.pending.insert(
        arn("payments-api", 303),
        Pending::Queued(JobKind::Deregister),
    );
    s.row_errors.insert(
        arn("payments-api", 302),
        ItemFailure::Refused(EcsError::new(
            "DeregisterTaskDefinition",
            ErrorKind::Client,
            "The revision is used by an active deployment.",
        )),
    );
    s.overrides.insert(
        arn("payments-api", 301),
        Override {
            status: TdStatus::Inactive,
            until: now() + SignedDuration::from_mins(8),
        },
    );
    s.in_flight = 2;
    s
}

/// `loaded` with the cursor on the families pane.
pub fn families_focus(size: (u16, u16)) -> AppState {
    let mut s = loaded(size);
    s.focus = Focus::Families;
    s
}

/// Nothing listed yet, the first page on its way.
pub fn families_loading(size: (u16, u16)) -> AppState {
    let mut s = loaded(size);
    s.focus = Focus::Families;
    s.families.names.clear();
    s.families.visible.clear();
    s.families.cursor = Default::default();
    s.families.load = Load::Loading { pages: 0 };
    s.revisions = Default::default();
    s.marks.clear();
    s.in_use = InUseState {
        scanning: true,
        ..Default::default()
    };
    s
}

/// An error flash that has not expired.
pub fn flash(s: &mut AppState, level: Level, text: &str) {
    s.flash = Some(Flash {
        text: text.into(),
        level,
        expires: now() + SignedDuration::from_secs(5),
    });
}

/// The two screen sizes every snapshot is taken at.
pub const SIZES: [(u16, u16); 2] = [(80, 24), (120, 40)];

/// The screen's text, one line per row, trailing blanks trimmed.
pub fn text(buf: &ratatui::buffer::Buffer) -> String {
    let w = usize::from(buf.area.width).max(1);
    buf.content
        .chunks(w)
        .map(|row| {
            let line: String = row.iter().map(|c| c.symbol()).collect();
            line.trim_end().to_string()
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// `state` drawn at `size` without colour, as text.
pub fn screen(state: &AppState, size: (u16, u16)) -> String {
    let mut term =
        ratatui::Terminal::new(ratatui::backend::TestBackend::new(size.0, size.1)).unwrap();
    term.draw(|f| taskdefs::ui::render(f, state, &taskdefs::ui::Theme::new(false)))
        .unwrap();
    text(term.backend().buffer())
}
