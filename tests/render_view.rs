//! Snapshots of the operator power features: the copy flash, the zoomed detail, the JSON view
//! scrolled sideways, every field of a 4-container definition in the summary.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod render_fixtures;

use render_fixtures as fx;
use taskdefs::app::state::Focus;
use taskdefs::app::{Action, AppState, update};

/// Renders `make(size)` at both sizes, snapshots each, returns the screens.
fn snap(name: &str, make: impl Fn((u16, u16)) -> AppState) -> Vec<String> {
    fx::SIZES
        .iter()
        .map(|&size| {
            let shown = fx::screen(&make(size), size);
            insta::assert_snapshot!(format!("{name}_{}x{}", size.0, size.1), shown);
            shown
        })
        .collect()
}

#[test]
fn copy_flash_names_what_and_how_many_bytes() {
    let screens = snap("copy_json_flash", |size| {
        let mut s = fx::loaded(size);
        s.focus = Focus::Detail;
        update::update(&mut s, Action::CopyJson, fx::now());
        s
    });
    for s in &screens {
        assert!(s.contains("Copied payments-api:312 JSON"), "{s}");
        assert!(s.contains("values masked (v reveals)"), "{s}");
    }
    let arn = snap("copy_arn_flash", |size| {
        let mut s = fx::loaded(size);
        update::update(&mut s, Action::CopyArn, fx::now());
        s
    });
    assert!(arn[0].contains("Copied the ARN of payments-api:312"));
}

/// The realistic 4-container definition (`tests/fixtures/power/four-containers.json`).
fn four_containers() -> taskdefs::ecs::TaskDef {
    let raw: serde_json::Value =
        serde_json::from_str(include_str!("fixtures/power/four-containers.json")).unwrap();
    taskdefs::ecs::TaskDef::from_json(raw, vec![("team".into(), "shop".into())]).unwrap()
}

/// Secrets in that definition: none may be on screen while masked.
const FOUR_SECRETS: &[&str] = &[
    "whsec-ENV-SECRET-1f2e",
    "DDKEY-LOG-SECRET-77",
    "LABEL-SECRET-42",
    "DD-ENV-SECRET-9a9a",
    "FIRELENS-SECRET-PATH",
    "LOGSECRET-OPT",
];

/// `fx::loaded` showing checkout:57 (the 4-container definition), detail focused.
fn checkout(size: (u16, u16)) -> AppState {
    let mut s = fx::loaded(size);
    let td = four_containers();
    let arn = td.fields.task_definition_arn.clone();
    s.revisions.family = Some("checkout".into());
    s.revisions.rows =
        vec![taskdefs::ecs::RevisionRef::from_arn(&arn, taskdefs::ecs::TdStatus::Active).unwrap()];
    s.revisions.visible = vec![0];
    s.revisions.cursor = Default::default();
    s.described.insert(
        arn,
        taskdefs::app::state::Described::Loaded(std::sync::Arc::new(td)),
    );
    s.focus = Focus::Detail;
    s
}

/// Every line of the detail pane, drawn on a terminal tall enough to hold it whole.
fn whole_detail(json: bool) -> String {
    let size = (200, 600);
    let mut s = checkout(size);
    s.detail.json = json;
    fx::screen(&s, size)
}

#[test]
fn summary_shows_every_field_an_operator_checks() {
    let text = whole_detail(false);
    for expected in [
        // task level
        "Placement    memberOf: attribute:ecs.instance-type =~ g5.*",
        "Ephemeral    40 GiB",
        "PID / IPC    PID task · IPC none",
        "Proxy        APPMESH for container envoy",
        "IgnoredUID=1337",
        "Accelerators eia-1 (eia2.medium)",
        "Platform     LINUX / X86_64",
        // container level
        "Image        123456789012.dkr.ecr.us-east-1.amazonaws.com/checkout:2.57.0",
        "Essential    no",
        "Resources    GPU 1",
        "InferenceAccelerator eia-1",
        "Ports        8080/tcp (http)",
        "STRIPE_WEBHOOK_SECRET",
        "DB_PASSWORD",
        "← arn:aws:secretsmanager:us-east-1:",
        "Mounts       shared-tmp → /tmp/shared",
        "models → /opt/models (read-only)",
        "Volumes from datadog-agent (read-only)",
        "Logs         awsfirelens",
        "Health       CMD-SHELL curl -f http://localhost:8080/health || exit 1",
        "Command      [\"bin/checkout\",\"--port\",\"8080\"]",
        "Entry point  [\"/sbin/tini\",\"--\"]",
        "Working dir  /srv/checkout",
        "User         10001:10001",
        "Depends on   envoy HEALTHY, log_router START",
        "Ulimits      nofile soft 65536 hard 65536",
        "Linux        capabilities +SYS_PTRACE",
        "capabilities -NET_RAW -MKNOD",
        "init process on",
        "shared memory MiB 512",
        "Labels       1",
        "com.datadoghq.ad.instances",
        "FireLens     fluentbit",
        "Log secrets",
        "Pull secret  arn:aws:secretsmanager:us-east-1:123456789012:secret:dockerhub-XyZ",
        "Restart      enabled · ignores exit 0, 143 · attempt period 300s",
        "container 4/4: log_router",
    ] {
        assert!(
            text.contains(expected),
            "{expected:?} missing from:\n{text}"
        );
    }
    for secret in FOUR_SECRETS {
        assert!(!text.contains(secret), "{secret} on screen:\n{text}");
    }
}

#[test]
fn json_view_shows_every_field_masked() {
    let text = whole_detail(true);
    for key in [
        "resourceRequirements",
        "mountPoints",
        "volumesFrom",
        "workingDirectory",
        "\"user\"",
        "ulimits",
        "linuxParameters",
        "initProcessEnabled",
        "dockerLabels",
        "firelensConfiguration",
        "repositoryCredentials",
        "restartPolicy",
        "placementConstraints",
        "ephemeralStorage",
        "pidMode",
        "ipcMode",
        "proxyConfiguration",
        "inferenceAccelerators",
        "secretOptions",
    ] {
        assert!(text.contains(key), "{key} missing from:\n{text}");
    }
    for secret in FOUR_SECRETS {
        assert!(!text.contains(secret), "{secret} on screen:\n{text}");
    }
}

#[test]
fn every_field_snapshots() {
    snap("every_field_task", checkout);
    snap("every_field_app_container", |size| {
        let mut s = checkout(size);
        s.detail.scroll = if size.0 < 100 { 30 } else { 24 };
        s
    });
}

#[test]
fn zoomed_detail_fills_the_screen() {
    let screens = snap("zoomed_detail", |size| {
        let mut s = checkout(size);
        update::update(&mut s, Action::ToggleZoom, fx::now());
        s
    });
    for s in &screens {
        assert!(!s.contains("Families"), "the lists are hidden:\n{s}");
        assert!(s.contains("z unzoom"), "{s}");
    }
    // At 120 columns the image no longer wraps mid-word.
    assert!(screens[1].contains("123456789012.dkr.ecr.us-east-1.amazonaws.com/checkout:2.57.0"));
}

#[test]
fn json_view_cuts_long_lines_and_scrolls_sideways() {
    let at = |size: (u16, u16), right: usize| {
        let mut s = checkout(size);
        s.detail.json = true;
        s.detail.scroll = 60;
        for _ in 0..right {
            update::update(&mut s, Action::ScrollRight, fx::now());
        }
        s
    };
    let plain = snap("json_long_lines", |size| at(size, 0));
    let moved = snap("json_scrolled_right", |size| at(size, 2));
    // No continuation line starts inside a string: every JSON line on screen starts with
    // indentation then a quote, a bracket or a brace.
    for line in plain[0].lines().filter(|l| l.starts_with('║')) {
        let body = line.trim_start_matches('║').trim_start();
        assert!(
            body.is_empty() || body.starts_with(['"', '{', '}', '[', ']', '0', '1', 't', 'f']),
            "a wrapped fragment: {line}"
        );
    }
    assert!(
        moved.iter().all(|m| m.contains("from column 17")),
        "{moved:?}"
    );
    assert_ne!(plain, moved);
}

/// `fx::loaded` with a scan that found payments-api on services in two clusters (one rolling
/// out, one short of its desired count) and a standalone task.
fn with_services(size: (u16, u16)) -> AppState {
    use taskdefs::inuse::{ServiceUse, TaskUse};
    let mut s = fx::loaded(size);
    let map = s.in_use.map.as_mut().unwrap();
    let svc = |cluster: &str, name: &str, rev: &str, rollout: &[&str], d, r| ServiceUse {
        ctx: Default::default(),
        cluster: cluster.into(),
        service: name.into(),
        revision: rev.into(),
        rollout: rollout.iter().map(|x| x.to_string()).collect(),
        desired: d,
        running: r,
    };
    map.service_uses = vec![
        svc(
            "prod",
            "payments-api",
            "payments-api:312",
            &["payments-api:311"],
            6,
            4,
        ),
        svc("prod-eu", "payments-api", "payments-api:310", &[], 3, 3),
        svc("prod", "orders-api", "orders-api:88", &[], 2, 2),
    ];
    map.task_uses = vec![TaskUse {
        ctx: Default::default(),
        cluster: "prod".into(),
        id: "4f9c2a71".into(),
        revision: "payments-api:308".into(),
        status: "RUNNING".into(),
        group: Some("family:payments-api".into()),
    }];
    update::update(&mut s, Action::ShowServices, fx::now());
    s
}

#[test]
fn services_view_lists_services_with_counts_and_tasks() {
    let screens = snap("services_view", with_services);
    for s in &screens {
        assert!(s.contains("Services and tasks using payments-api"), "{s}");
        assert!(s.contains("payments-api:310"), "{s}");
        assert!(s.contains("rollout with 311"), "{s}");
        assert!(s.contains("      6     4 ⚠"), "short of desired:\n{s}");
        assert!(s.contains("task/4f9c2a71"), "{s}");
        assert!(
            !s.contains("orders-api:88"),
            "another family's service:\n{s}"
        );
    }
    let empty = snap("services_view_none", |size| {
        let mut s = fx::loaded(size);
        s.revisions.family = Some("search-indexer".into());
        update::update(&mut s, Action::ShowServices, fx::now());
        s
    });
    assert!(empty[0].contains("No service or running task uses a revision of search-indexer."));
}

#[test]
fn sort_shows_in_the_pane_titles() {
    let screens = snap("sorted_lists", |size| {
        let mut s = fx::loaded(size);
        // payments-api's listing finished: its count is known, the others' are not.
        taskdefs::app::sort::note_listing(&mut s);
        s.focus = taskdefs::app::state::Focus::Families;
        update::update(&mut s, Action::CycleSort, fx::now());
        s.focus = Focus::Revisions;
        update::update(&mut s, Action::CycleSort, fx::now());
        s
    });
    for s in &screens {
        assert!(s.contains("· by revisions"), "{s}");
        assert!(s.contains("· oldest first"), "{s}");
    }
    // payments-api is the only family whose revisions were listed: it comes first.
    for s in &screens {
        let first_row = s.lines().nth(1).unwrap();
        assert!(first_row.starts_with("│payments-api"), "{s}");
    }
}
