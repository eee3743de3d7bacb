//! The SDK adapter (`SdkEcs`) against the patched moto server: real JSON protocol, real
//! pagination, real error responses.

// Test code: a failed unwrap is a failed test.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::collections::HashSet;

use common::{Fault, MotoServer};
use taskdefs::ecs::sdk::SdkEcs;
use taskdefs::ecs::{EcsApi, ErrorKind, StatusFilter, TdStatus, parse_family_revision};

/// Follows every page of `ListTaskDefinitionFamilies`; returns (families, pages).
async fn all_families(
    api: &SdkEcs,
    prefix: Option<&str>,
    status: StatusFilter,
) -> (Vec<String>, usize) {
    let (mut out, mut pages, mut token) = (Vec::new(), 0, None);
    loop {
        let page = api.list_families(prefix, status, token).await.unwrap();
        pages += 1;
        out.extend(page.items);
        token = page.next_token;
        if token.is_none() {
            return (out, pages);
        }
    }
}

/// Follows every page of `ListTaskDefinitions`; returns (ARNs, pages).
async fn all_revisions(api: &SdkEcs, family: &str, status: TdStatus) -> (Vec<String>, usize) {
    let (mut out, mut pages, mut token) = (Vec::new(), 0, None);
    loop {
        let page = api.list_revisions(family, status, token).await.unwrap();
        pages += 1;
        out.extend(page.items);
        token = page.next_token;
        if token.is_none() {
            return (out, pages);
        }
    }
}

fn revisions_of(arns: &[String]) -> Vec<u32> {
    arns.iter()
        .map(|a| parse_family_revision(a).unwrap().1)
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn families_cross_pages_and_filter_by_status() {
    let moto = MotoServer::start();
    let seed = moto.seed();
    let families: Vec<String> = (0..250).map(|i| format!("fam-{i:03}")).collect();
    let arns = seed.register_many(&families, 1).await;
    // Every 10th family loses its only revision: INACTIVE-only families.
    for group in arns.iter().step_by(10) {
        seed.deregister(&group[0]).await;
    }
    let api = moto.sdk_ecs();

    let (all, pages) = all_families(&api, None, StatusFilter::All).await;
    assert_eq!(pages, 3, "250 families at 100 per page");
    assert_eq!(all, families, "every family once, sorted");

    let (active, _) = all_families(&api, None, StatusFilter::Active).await;
    let (inactive, _) = all_families(&api, None, StatusFilter::Inactive).await;
    let expected_inactive: Vec<String> = families.iter().step_by(10).cloned().collect();
    assert_eq!(inactive, expected_inactive);
    assert_eq!(active.len(), 225);
    assert!(active.iter().all(|f| !expected_inactive.contains(f)));

    let (prefixed, _) = all_families(&api, Some("fam-1"), StatusFilter::All).await;
    assert_eq!(prefixed.len(), 100);
    assert!(prefixed.iter().all(|f| f.starts_with("fam-1")));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn revisions_cross_pages_newest_first_and_filter_by_status() {
    let moto = MotoServer::start();
    let seed = moto.seed();
    // "big-api" shares the prefix: it must never show up among big's revisions.
    let (big, _) = tokio::join!(seed.register("big", 230), seed.register("big-api", 3));
    let api = moto.sdk_ecs();

    let (listed, pages) = all_revisions(&api, "big", TdStatus::Active).await;
    assert_eq!(pages, 3, "230 revisions at 100 per page");
    assert_eq!(listed.len(), 230);
    assert_eq!(
        listed.iter().collect::<HashSet<_>>().len(),
        230,
        "no ARN twice"
    );
    assert_eq!(revisions_of(&listed), (1..=230).rev().collect::<Vec<_>>());
    assert!(
        listed
            .iter()
            .all(|a| parse_family_revision(a).unwrap().0 == "big")
    );

    for rev in [5usize, 100, 101] {
        seed.deregister(&big[rev - 1]).await;
    }
    let (active, _) = all_revisions(&api, "big", TdStatus::Active).await;
    assert_eq!(active.len(), 227);
    assert!(
        !revisions_of(&active)
            .iter()
            .any(|r| [5, 100, 101].contains(r))
    );
    let (inactive, pages) = all_revisions(&api, "big", TdStatus::Inactive).await;
    assert_eq!((revisions_of(&inactive), pages), (vec![101, 100, 5], 1));

    // An empty family lists every family's revisions.
    let (everything, _) = all_revisions(&api, "", TdStatus::Active).await;
    assert_eq!(everything.len(), 230);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn describe_returns_containers_secrets_logs_tags_and_timestamps() {
    let moto = MotoServer::start();
    let seed = moto.seed();
    let arn = seed.register_detailed("payments-api").await;
    let api = moto.sdk_ecs();

    let td = api.describe(&arn).await.unwrap();
    let f = &td.fields;
    assert_eq!((f.family.as_str(), f.revision), ("payments-api", 1));
    assert_eq!(td.status(), TdStatus::Active);
    assert_eq!(f.cpu.as_deref(), Some("512"));
    assert_eq!(
        f.execution_role_arn.as_deref(),
        Some("arn:aws:iam::123456789012:role/ecsTaskExecutionRole")
    );
    assert_eq!(f.container_definitions.len(), 2);
    let raw = &td.raw;
    let app = &raw["containerDefinitions"][0];
    assert_eq!(app["name"], "gunicorn");
    assert!(
        app["environment"]
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["name"] == "DATABASE_PASSWORD")
    );
    assert_eq!(
        app["secrets"][1]["valueFrom"],
        "arn:aws:ssm:us-east-1:123456789012:parameter/db/url"
    );
    assert_eq!(app["logConfiguration"]["logDriver"], "awslogs");
    assert_eq!(app["healthCheck"]["retries"], 3);
    assert_eq!(app["dependsOn"][0]["containerName"], "log-router");
    assert_eq!(raw["runtimePlatform"]["cpuArchitecture"], "ARM64");
    let mut tags = td.tags.clone();
    tags.sort();
    assert_eq!(
        tags,
        vec![
            ("env".into(), "prod".into()),
            ("team".into(), "payments".into())
        ]
    );

    // registeredAt arrives as epoch seconds and lands near the machine's clock.
    assert!(raw["registeredAt"].is_number(), "{}", raw["registeredAt"]);
    let registered = td.registered_at().expect("registeredAt");
    let age = jiff::Timestamp::now().duration_since(registered);
    assert!(
        age.abs() < jiff::SignedDuration::from_hours(1),
        "registeredAt {registered}"
    );
    assert!(td.deregistered_at().is_none());
    assert!(f.registered_by.is_some());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_sample_fixture_round_trips_through_describe() {
    let moto = MotoServer::start();
    let seed = moto.seed();
    let api = moto.sdk_ecs();
    let dir = common::fixture_path("");
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".json"))
        .collect();
    names.sort();
    assert!(names.len() >= 10);
    for name in &names {
        let family = name.trim_end_matches(".json").replace('_', "-");
        let arn = seed.register_fixture(name, Some(&family)).await;
        let td = api
            .describe(&arn)
            .await
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        let input = common::fixture(name);
        let want = &input["containerDefinitions"][0];
        let got = &td.fields.container_definitions[0];
        assert_eq!(got.name, want["name"].as_str().unwrap(), "{name}");
        assert_eq!(got.image, want["image"].as_str().unwrap(), "{name}");
        assert_eq!(
            td.raw["containerDefinitions"][0]["logConfiguration"], want["logConfiguration"],
            "{name}"
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn deregister_makes_one_revision_inactive_and_keeps_neighbours_active() {
    let moto = MotoServer::start();
    let seed = moto.seed();
    let arns = seed.register("web", 3).await;
    let api = moto.sdk_ecs();

    let td = api.deregister(&arns[1]).await.unwrap();
    assert_eq!(td.status(), TdStatus::Inactive);
    assert!(td.deregistered_at().is_some());
    assert!(td.deregistered_at() >= td.registered_at());
    assert_eq!(seed.status_of(&arns[0]).await.as_deref(), Some("ACTIVE"));
    assert_eq!(seed.status_of(&arns[1]).await.as_deref(), Some("INACTIVE"));
    assert_eq!(seed.status_of(&arns[2]).await.as_deref(), Some("ACTIVE"));
    let (inactive, _) = all_revisions(&api, "web", TdStatus::Inactive).await;
    assert_eq!(inactive, vec![arns[1].clone()]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn delete_batch_reports_partial_failures() {
    let moto = MotoServer::start();
    let seed = moto.seed();
    let arns = seed.register("old", 12).await;
    for arn in &arns[..8] {
        seed.deregister(arn).await;
    }
    let api = moto.sdk_ecs();
    let missing = arns[0].replace("old:1", "old:999");
    let mut batch: Vec<String> = arns[..9].to_vec(); // 8 INACTIVE + revision 9, still ACTIVE
    batch.push(missing.clone());

    let out = api.delete(&batch).await.unwrap();
    let mut deleted = out.deleted.clone();
    deleted.sort_by_key(|a| parse_family_revision(a).unwrap().1);
    assert_eq!(deleted, arns[..8].to_vec());
    assert_eq!(out.failures.len(), 2, "{:?}", out.failures);
    let active = out
        .failures
        .iter()
        .find(|(a, _)| a == &arns[8])
        .expect("ACTIVE refused");
    assert!(active.1.contains("still in ACTIVE status"), "{}", active.1);
    assert!(out.failures.iter().any(|(a, _)| a == &missing));

    assert_eq!(
        seed.status_of(&arns[0]).await.as_deref(),
        Some("DELETE_IN_PROGRESS")
    );
    assert_eq!(seed.status_of(&arns[8]).await.as_deref(), Some("ACTIVE"));
    let (inactive, _) = all_revisions(&api, "old", TdStatus::Inactive).await;
    assert!(
        inactive.is_empty(),
        "deleted revisions leave listings: {inactive:?}"
    );
    let (active, _) = all_revisions(&api, "old", TdStatus::Active).await;
    assert_eq!(revisions_of(&active), vec![12, 11, 10, 9]);

    // ECS takes at most 10 per call.
    let err = api.delete(&vec![arns[9].clone(); 11]).await.unwrap_err();
    assert_eq!(err.kind, ErrorKind::Client, "{err}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn services_tasks_and_clusters_are_listed_and_described() {
    let moto = MotoServer::start();
    let seed = moto.seed();
    let web = seed.register("web", 3).await;
    let batch = seed.register("batch", 1).await;
    let cluster = seed.create_cluster("prod").await;
    let other = seed.create_cluster("staging").await;
    // 105 services: ListServices (100 per page, as the adapter asks) needs two pages.
    let names: Vec<String> = (0..105).map(|i| format!("svc-{i:03}")).collect();
    futures::future::join_all(
        names
            .iter()
            .map(|n| seed.create_service("prod", n, &web[0])),
    )
    .await;
    seed.update_service("prod", "svc-000", &web[2]).await;
    let task = seed.run_task("prod", &batch[0]).await;
    let api = moto.sdk_ecs();

    let clusters = api.list_clusters(None).await.unwrap();
    assert_eq!(clusters.items.len(), 2);
    assert!(clusters.items.contains(&cluster) && clusters.items.contains(&other));
    assert!(clusters.next_token.is_none());

    let first = api.list_services(&cluster, None).await.unwrap();
    assert_eq!(first.items.len(), 100);
    let second = api
        .list_services(&cluster, first.next_token.clone())
        .await
        .unwrap();
    assert_eq!(second.items.len(), 5);
    assert!(second.next_token.is_none());
    let services: Vec<String> = first.items.into_iter().chain(second.items).collect();
    assert_eq!(services.iter().collect::<HashSet<_>>().len(), 105);

    let described = api
        .describe_services(&cluster, &services[..10])
        .await
        .unwrap();
    assert_eq!(described.len(), 10);
    let updated = described
        .iter()
        .find(|s| s.name == "svc-000")
        .expect("svc-000");
    assert_eq!(updated.task_definition, web[2]);
    assert!(updated.deployment_task_definitions.contains(&web[2]));
    assert!(
        updated.deployment_task_definitions.contains(&web[0]),
        "old revision mid-rollout"
    );
    let plain = described
        .iter()
        .find(|s| s.name == "svc-001")
        .expect("svc-001");
    assert_eq!(
        (plain.task_definition.as_str(), plain.cluster_arn.as_str()),
        (web[0].as_str(), cluster.as_str())
    );

    let tasks = api.list_tasks(&cluster, "RUNNING", None).await.unwrap();
    assert_eq!(tasks.items, vec![task.clone()]);
    let infos = api.describe_tasks(&cluster, &tasks.items).await.unwrap();
    assert_eq!(infos.len(), 1);
    assert_eq!(infos[0].task_definition_arn, batch[0]);
    assert_eq!(infos[0].last_status, "RUNNING");
    assert_eq!(infos[0].group.as_deref(), Some("family:batch"));
    assert!(
        api.list_tasks(&other, "RUNNING", None)
            .await
            .unwrap()
            .items
            .is_empty()
    );

    // A stopped task leaves the RUNNING listing and says STOPPED.
    seed.stop_task("prod", &task).await;
    let running = api.list_tasks(&cluster, "RUNNING", None).await.unwrap();
    assert!(running.items.is_empty(), "{:?}", running.items);
    let stopped = api.list_tasks(&cluster, "STOPPED", None).await.unwrap();
    assert_eq!(stopped.items, vec![task.clone()]);
    let infos = api.describe_tasks(&cluster, &stopped.items).await.unwrap();
    assert_eq!(infos[0].last_status, "STOPPED");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn server_side_errors_map_to_kinds() {
    let moto = MotoServer::start();
    let seed = moto.seed();
    let arns = seed.register("web", 1).await;
    let api = moto.sdk_ecs_no_retry();

    let err = api
        .describe(&arns[0].replace("web:1", "web:42"))
        .await
        .unwrap_err();
    assert_eq!(
        (err.kind, err.operation),
        (ErrorKind::Client, "DescribeTaskDefinition")
    );
    assert_eq!(err.message, "Unable to describe task definition.");

    let cases = [
        (
            "ThrottlingException",
            "Rate exceeded",
            400,
            ErrorKind::Throttled,
        ),
        (
            "AccessDeniedException",
            "User: arn:aws:iam::123456789012:user/ro is not authorized to perform: ecs:ListTaskDefinitions",
            400,
            ErrorKind::AccessDenied,
        ),
        (
            "ServerException",
            "Service unavailable",
            500,
            ErrorKind::Server,
        ),
        (
            "UnrecognizedClientException",
            "The security token included in the request is invalid.",
            400,
            ErrorKind::Credentials,
        ),
        (
            "InvalidParameterException",
            "Invalid token",
            400,
            ErrorKind::Client,
        ),
    ];
    for (code, message, status, kind) in cases {
        moto.inject(&Fault::error(
            "ListTaskDefinitions",
            code,
            message,
            status,
            1,
        ));
        let err = api
            .list_revisions("web", TdStatus::Active, None)
            .await
            .unwrap_err();
        assert_eq!((err.kind, err.message.as_str()), (kind, message), "{code}");
        assert_eq!(err.operation, "ListTaskDefinitions");
        assert!(!err.to_string().contains('\n'));
    }

    // The SDK's small retry absorbs two throttles in a row on its own.
    moto.inject(&Fault::error(
        "ListTaskDefinitions",
        "ThrottlingException",
        "Rate exceeded",
        400,
        2,
    ));
    let page = moto
        .sdk_ecs()
        .list_revisions("web", TdStatus::Active, None)
        .await
        .unwrap();
    assert_eq!(page.items, arns);

    // Nothing listens on a just-closed port: Network.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let dead = SdkEcs::new(aws_sdk_ecs::Client::from_conf(
        moto.sdk_config()
            .endpoint_url(format!("http://127.0.0.1:{port}"))
            .retry_config(aws_sdk_ecs::config::retry::RetryConfig::disabled())
            .build(),
    ));
    let err = dead.list_clusters(None).await.unwrap_err();
    assert_eq!(err.kind, ErrorKind::Network, "{err}");
    assert!(
        err.message.to_lowercase().contains("refused"),
        "{}",
        err.message
    );
}

/// Follows every page of the account-wide listing walked from its other end (sort ASC).
async fn all_reversed(api: &SdkEcs, status: TdStatus) -> Vec<String> {
    let (mut out, mut token) = (Vec::new(), None);
    loop {
        let page = api
            .list_revisions_reversed(status, token)
            .await
            .unwrap()
            .expect("the SDK lists both ways");
        out.extend(page.items);
        token = page.next_token;
        if token.is_none() {
            return out;
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_reversed_listing_is_the_newest_first_one_backwards_and_keep_plans_alike() {
    use taskdefs::app::selection::KeepRule;
    use taskdefs::inuse::InUseMap;
    use taskdefs::ratelimit::RateLimiter;

    let moto = MotoServer::start();
    let seed = moto.seed();
    // 12 families (keep-N lists the account from 10 on), some prefixes of others, 186 ACTIVE
    // revisions over 2 pages, INACTIVE ones at a family's ends.
    let mut names: Vec<String> = vec!["web".into(), "web-api".into(), "webhooks".into()];
    names.extend((0..9).map(|i| format!("svc-{i}")));
    let mut arns = Vec::new();
    for (i, name) in names.iter().enumerate() {
        let n = [120, 40, 1][i.min(2)] + (i % 4) as u32;
        arns.push(seed.register(name, n).await);
    }
    seed.deregister(&arns[0][0]).await;
    seed.deregister(&arns[0][119]).await;
    let api = moto.sdk_ecs();
    let (mut forward, pages) = all_revisions(&api, "", TdStatus::Active).await;
    assert_eq!((forward.len(), pages), (186, 2));
    forward.reverse();
    assert_eq!(all_reversed(&api, TdStatus::Active).await, forward);

    let rule = KeepRule {
        keep: 2,
        older_than: None,
        include_managed: false,
    };
    let plan = |families: Vec<String>| {
        let api = &api;
        let rule = &rule;
        async move {
            let pace = RateLimiter::new(50, 20.0);
            taskdefs::keep::collect(
                api,
                &families,
                rule,
                &InUseMap::default(),
                &pace,
                &|_| None,
                &mut |_| {},
                jiff::Timestamp::now(),
            )
            .await
            .unwrap()
            .0
        }
    };
    let wide = plan(names.clone()).await;
    for (name, got) in names.iter().zip(&wide) {
        assert_eq!(&plan(vec![name.clone()]).await[0], got, "{name}");
    }
    assert_eq!(wide[0].selected.len(), 118 - 2);
}
