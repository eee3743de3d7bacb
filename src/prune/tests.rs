//! `prune` and the TUI's `K` plan the same on the same account.

use std::sync::Arc;

use serde_json::json;
use tokio::sync::mpsc;

use super::*;
use crate::app::state::{KeepPrompt, Modal};
use crate::app::update::{init, update};
use crate::app::{Action, AppState, Effect};
use crate::ecs::fake::FakeEcs;
use crate::ratelimit::RateLimiter;

fn doc(family: &str, n: u32) -> serde_json::Value {
    json!({"family": family, "containerDefinitions": [{"name": "app", "image": format!("img:{n}"), "memory": 128}]})
}

/// Three families of mixed ages, one revision used by a service, one used by a task, and an
/// INACTIVE revision among the old ones.
fn account(now: jiff::Timestamp) -> FakeEcs {
    let fake = FakeEcs::new();
    for (family, count) in [("api", 4), ("web", 12), ("worker", 9)] {
        for n in 1..=count {
            let age = jiff::SignedDuration::from_hours(24 * i64::from(60 - 4 * n));
            fake.register_at(doc(family, n), now.checked_sub(age).unwrap());
        }
    }
    fake.add_service("prod", "web", "web:4", &[]);
    fake.add_task("prod", "worker:2", "RUNNING");
    fake.set_status(
        "arn:aws:ecs:us-east-1:123456789012:task-definition/web:2",
        TdStatus::Inactive,
    );
    fake
}

/// The TUI's path: the `K` prompt over every family shown, then the worker's collection.
async fn tui_plan(
    api: Arc<FakeEcs>,
    keep: &str,
    days: &str,
) -> Vec<crate::app::selection::FamilySelection> {
    let now = jiff::Timestamp::now();
    let mut s = AppState::default();
    let request = match init(&mut s, now).first() {
        Some(Effect::ListFamilies { request, .. }) => *request,
        other => panic!("{other:?}"),
    };
    let names = vec!["api".into(), "web".into(), "worker".into()];
    update(
        &mut s,
        Action::FamiliesPage {
            request,
            names,
            done: true,
        },
        now,
    );
    let map = crate::inuse::scan(&*api, &RateLimiter::new(100, 100.0))
        .await
        .unwrap();
    s.in_use.scanning = false;
    s.in_use.map = Some(map);
    s.modal = Some(Modal::Keep(KeepPrompt {
        keep: keep.into(),
        older_than_days: days.into(),
        field: 0,
        all_families: true,
        include_managed: false,
    }));
    let fx = update(&mut s, Action::Submit, now);
    let [effect @ Effect::CollectKeep { .. }] = fx.as_slice() else {
        panic!("{fx:?}")
    };
    let (tx, mut rx) = mpsc::unbounded_channel();
    let mut worker =
        crate::worker::Worker::new(api, tx, RateConfig::default(), JobContext::default());
    worker.run(effect.clone());
    loop {
        match rx.recv().await {
            Some(Action::KeepCollected { result, .. }) => return result.unwrap().families,
            Some(_) => {}
            None => panic!("the worker hung up"),
        }
    }
}

async fn prune_plan(api: Arc<FakeEcs>, args: &[&str]) -> plan::Plan {
    let cli =
        crate::cli::Cli::try_parse_from(["taskdefs", "prune"].iter().chain(args).copied()).unwrap();
    let Some(crate::cli::Command::Prune(p)) = cli.command else {
        panic!()
    };
    let req = request(&p, None);
    plan::build(
        &*api,
        &req,
        &RateLimiter::new(100, 100.0),
        &RateLimiter::new(100, 100.0),
        None,
        &mut |_| {},
        jiff::Timestamp::now(),
    )
    .await
    .unwrap()
}

use clap::Parser as _;

#[tokio::test]
async fn tui_keep_and_prune_plan_the_same() {
    let api = Arc::new(account(jiff::Timestamp::now()));
    for (keep, days, args) in [
        ("3", "", vec!["--keep", "3"]),
        ("2", "30", vec!["--keep", "2", "--older-than", "30d"]),
        ("5", "10", vec!["--keep", "5", "--older-than", "240h"]),
    ] {
        let tui = tui_plan(api.clone(), keep, days).await;
        let plan = prune_plan(api.clone(), &args).await;
        assert_eq!(plan.families, tui, "keep {keep}, days {days:?}");
        assert!(plan.families.iter().any(|f| !f.selected.is_empty()));
    }
    let plan = prune_plan(api.clone(), &["--keep", "3"]).await;
    let web = &plan.families[1];
    assert_eq!(web.family, "web");
    // 11 ACTIVE: 3 kept, web:4 protected by the service, 7 selected.
    assert_eq!((web.kept, web.selected.len()), (3, 7));
    assert_eq!(web.protected_in_use[0].label(), "web:4");
    assert_eq!(
        plan.users_of(&web.protected_in_use[0]),
        ["prod/web (service)"]
    );
}

#[tokio::test]
async fn delete_inactive_plans_old_inactive_revisions_only() {
    let api = Arc::new(account(jiff::Timestamp::now()));
    let plan = prune_plan(api.clone(), &["--keep", "3", "--delete-inactive"]).await;
    let labels: Vec<String> = plan.delete.iter().map(RevisionRef::label).collect();
    assert_eq!(labels, ["web:2"]);
    // web:2 was registered 52 days ago.
    let plan = prune_plan(
        api,
        &["--keep", "3", "--delete-inactive", "--older-than", "60d"],
    )
    .await;
    assert!(plan.delete.is_empty());
    assert_eq!(plan.delete_too_young, 1);
}

fn prune_args(args: &[&str]) -> PruneArgs {
    let cli =
        crate::cli::Cli::try_parse_from(["taskdefs", "prune"].iter().chain(args).copied()).unwrap();
    match cli.command {
        Some(crate::cli::Command::Prune(p)) => p,
        _ => panic!(),
    }
}

/// The re-check right before the first call fails: nothing is called and the exit is 3,
/// unless `--allow-unprotected`, which goes on without it.
#[tokio::test]
async fn a_failed_recheck_calls_nothing_unless_allowed() {
    let now = jiff::Timestamp::now();
    let plan = prune_plan(Arc::new(account(now)), &["--keep", "3"]).await;
    assert!(!plan.deregister().is_empty());
    for (args, exit, calls) in [
        (&["--keep", "3", "--apply"][..], EXIT_UNPROTECTED, 0),
        (
            &["--keep", "3", "--apply", "--allow-unprotected"],
            0,
            plan.deregister().len(),
        ),
    ] {
        let faults = crate::ecs::fake::Faults {
            access_denied: vec!["ListServices"],
            ..Default::default()
        };
        let fake = Arc::new(account(now).with_faults(faults));
        let (_cancel_tx, cancel) = tokio::sync::watch::channel(false);
        let runner = Runner {
            api: fake.clone(),
            rate: RateConfig {
                deregister_burst: 1000,
                ..RateConfig::default()
            },
            ctx: Arc::new(JobContext::default()),
            scans: Arc::new(RateLimiter::new(100, 100.0)),
            sources: None,
            cancel,
        };
        let mut progress = Progress::new(true);
        let got = execute(&runner, &plan, &prune_args(args), true, &mut progress).await;
        assert_eq!(got, exit, "{args:?}");
        let made = fake
            .calls()
            .by_op
            .get("DeregisterTaskDefinition")
            .copied()
            .unwrap_or(0);
        assert_eq!(made, calls as u64, "{args:?}");
    }
}
