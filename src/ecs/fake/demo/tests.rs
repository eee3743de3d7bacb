//! Demo account invariants: size, shape, realism and determinism.

#![allow(clippy::unwrap_used)]

use std::collections::BTreeMap;

use serde_json::Value;

use super::super::FakeEcs;
use super::{BIG_FAMILY, CLOCK_BASE, RETIRED_FAMILY, fixtures};
use crate::ecs::{EcsApi, StatusFilter, TaskDef, TdStatus};

/// Every family under `status`, every page.
async fn families(f: &FakeEcs, status: StatusFilter) -> Vec<String> {
    let mut out = Vec::new();
    let mut token = None;
    loop {
        let p = f.list_families(None, status, token).await.unwrap();
        out.extend(p.items);
        token = p.next_token;
        if token.is_none() {
            return out;
        }
    }
}

async fn revisions(f: &FakeEcs, family: &str, status: TdStatus) -> Vec<String> {
    let mut out = Vec::new();
    let mut token = None;
    loop {
        let p = f.list_revisions(family, status, token).await.unwrap();
        out.extend(p.items);
        token = p.next_token;
        if token.is_none() {
            return out;
        }
    }
}

/// Every revision of the demo, described: family -> revisions oldest first.
async fn describe_all(f: &FakeEcs) -> BTreeMap<String, Vec<TaskDef>> {
    let mut out = BTreeMap::new();
    for fam in families(f, StatusFilter::All).await {
        let mut arns = revisions(f, &fam, TdStatus::Active).await;
        arns.extend(revisions(f, &fam, TdStatus::Inactive).await);
        let mut tds = Vec::new();
        for a in arns {
            tds.push(f.describe(&a).await.unwrap());
        }
        tds.sort_by_key(|t| t.fields.revision);
        out.insert(fam, tds);
    }
    out
}

#[tokio::test]
async fn demo_has_the_promised_shape() {
    let f = FakeEcs::demo();
    let all = describe_all(&f).await;
    assert!(all.len() >= 60, "{} families", all.len());
    assert!(all[BIG_FAMILY].len() > 250);
    assert!(
        families(&f, StatusFilter::Inactive)
            .await
            .contains(&RETIRED_FAMILY.to_string())
    );
    assert!(
        revisions(&f, RETIRED_FAMILY, TdStatus::Active)
            .await
            .is_empty()
    );
    let base = CLOCK_BASE.as_second() as f64;
    let two_years = 2.0 * 366.0 * 86_400.0;
    let mut seen = BTreeMap::<&str, usize>::new();
    let mut count =
        |what: &'static str, yes: bool| *seen.entry(what).or_default() += usize::from(yes);
    for (fam, tds) in &all {
        // Every number from 1 to the newest, registered in order, in the two years before base.
        let nums: Vec<u32> = tds.iter().map(|t| t.fields.revision).collect();
        assert_eq!(nums, (1..=tds.len() as u32).collect::<Vec<_>>(), "{fam}");
        let times: Vec<f64> = tds
            .iter()
            .map(|t| t.fields.registered_at.unwrap())
            .collect();
        assert!(
            times.windows(2).all(|w| w[0] < w[1]),
            "{fam} registered in order"
        );
        assert!(
            times.iter().all(|t| *t < base && *t > base - two_years),
            "{fam} {times:?} {base}"
        );
        for td in tds {
            let inactive = td.status() == TdStatus::Inactive;
            assert_eq!(td.fields.deregistered_at.is_some(), inactive, "{fam}");
            if let Some(d) = td.fields.deregistered_at {
                assert!(d > td.fields.registered_at.unwrap() && d < base, "{fam}");
            }
            let cs = &td.fields.container_definitions;
            assert!(
                !cs.is_empty() && cs.iter().all(|c| !c.image.is_empty()),
                "{fam}"
            );
            let raw = td.raw.to_string();
            count("multi-container", cs.len() >= 3);
            count(
                "ecr image",
                raw.contains(".dkr.ecr.") && raw.contains("@sha256:"),
            );
            count(
                "plaintext password",
                cs.iter()
                    .any(|c| c.environment.iter().any(|e| e.name == "DATABASE_URL")),
            );
            count("secret", cs.iter().any(|c| !c.secrets.is_empty()));
            count("health check", cs.iter().any(|c| c.health_check.is_some()));
            count("depends on", cs.iter().any(|c| !c.depends_on.is_empty()));
            count(
                "command",
                cs.iter()
                    .any(|c| !c.command.is_empty() && !c.entry_point.is_empty()),
            );
            count("awslogs", raw.contains("\"awslogs-group\""));
            count("firelens", raw.contains("awsfirelens"));
            count("envoy", cs.iter().any(|c| c.name == "envoy"));
            count("datadog", cs.iter().any(|c| c.name == "datadog-agent"));
            count("xray", cs.iter().any(|c| c.name == "xray-daemon"));
            count("port", cs.iter().any(|c| !c.port_mappings.is_empty()));
            count(
                "efs",
                td.fields
                    .volumes
                    .iter()
                    .any(|v| v.efs_volume_configuration.is_some()),
            );
            count(
                "host volume",
                td.fields.volumes.iter().any(|v| v.host.is_some()),
            );
            count(
                "fargate",
                td.fields.compatibilities.contains(&"FARGATE".to_string()),
            );
            count("ec2 only", td.fields.compatibilities == ["EC2"]);
            count("arm64", raw.contains("\"ARM64\""));
            count(
                "roles",
                td.fields.task_role_arn.is_some() && td.fields.execution_role_arn.is_some(),
            );
            count("tags", !td.tags.is_empty());
        }
    }
    for (what, n) in &seen {
        assert!(*n > 0, "no demo revision has {what}");
    }
    assert!(
        all.values()
            .any(|tds| tds.iter().all(|t| t.status() == TdStatus::Active))
    );
    assert!(
        all.values()
            .filter(|tds| tds
                .first()
                .is_some_and(|t| t.status() == TdStatus::Inactive))
            .count()
            >= 20,
        "older revisions are INACTIVE in many families"
    );
}

#[tokio::test]
async fn demo_clusters_use_existing_revisions() {
    let f = FakeEcs::demo();
    let refs = f.referenced_task_definitions();
    assert!(refs.len() >= 20);
    for arn in &refs {
        assert!(f.status_of(arn).is_some(), "{arn} exists");
    }
    // A deregistered revision still in use (staging), which delete must refuse to finish.
    assert!(
        refs.iter()
            .any(|a| f.status_of(a) == Some(TdStatus::Inactive))
    );
    let mut rollout = false;
    let mut clusters = 0;
    for cluster in f.list_clusters(None).await.unwrap().items {
        clusters += 1;
        let services = f.list_services(&cluster, None).await.unwrap().items;
        for chunk in services.chunks(10) {
            for s in f.describe_services(&cluster, chunk).await.unwrap() {
                rollout |= s.deployment_task_definitions.len() == 2;
            }
        }
    }
    assert!(clusters >= 3 && rollout);
    let running = f.list_tasks("batch", "RUNNING", None).await.unwrap().items;
    let tasks = f.describe_tasks("batch", &running).await.unwrap();
    assert!(tasks.iter().any(|t| t.last_status == "RUNNING"
        && t.group.as_deref().is_some_and(|g| g.starts_with("family:"))));
}

#[tokio::test]
async fn demo_is_deterministic() {
    let (a, b) = (FakeEcs::demo(), FakeEcs::demo());
    assert_eq!(a.sizes(), b.sizes());
    let a_all = describe_all(&a).await;
    let b_all = describe_all(&b).await;
    assert_eq!(a_all, b_all);
    assert_eq!(
        a.referenced_task_definitions(),
        b.referenced_task_definitions()
    );
    // Neighbouring revisions differ (new image), as real deployments do.
    let web = &a_all[BIG_FAMILY];
    assert_ne!(
        web[10].fields.container_definitions[0].image,
        web[11].fields.container_definitions[0].image
    );
}

#[test]
fn fixtures_are_valid_register_input() {
    let all = [
        fixtures::NGINX,
        fixtures::TOMCAT,
        fixtures::JETTY,
        fixtures::WILDFLY,
        fixtures::KIBANA,
        fixtures::GUNICORN,
        fixtures::CONSUL_SERVER,
        fixtures::CONSUL_CLIENT,
    ];
    for text in all.iter().flat_map(|d| d.iter()) {
        let v: Value = serde_json::from_str(text).unwrap();
        assert!(
            v["containerDefinitions"]
                .as_array()
                .is_some_and(|c| !c.is_empty())
        );
    }
}

#[tokio::test]
async fn fixture_family_describes_from_the_sample() {
    let f = FakeEcs::demo();
    let old = f.describe("nginx:1").await.unwrap();
    let new = f.describe("nginx:2").await.unwrap();
    assert_eq!(old.fields.container_definitions[0].image, "nginx:latest");
    assert_eq!(old.fields.network_mode.as_deref(), Some("bridge"));
    assert_eq!(
        (old.status(), new.status()),
        (TdStatus::Inactive, TdStatus::Active)
    );
    assert_eq!(new.fields.requires_compatibilities, ["FARGATE"]);
}
