//! `prune` across contexts: the per-context counts, and apply on in-memory accounts with one
//! context denied next to healthy ones.

use std::sync::Arc;

use serde_json::json;

use super::*;
use crate::app::selection::FamilySelection;
use crate::contexts::Connected;
use crate::ecs::fake::{FakeEcs, Faults};
use crate::ecs::{RevisionRef, TdStatus};
use crate::inuse::InUseMap;
use crate::journal::Meta;
use crate::sources::fake::FakeSources;

fn rev(family: &str, n: u32, status: TdStatus) -> RevisionRef {
    let arn = format!("arn:aws:ecs:eu-west-1:123456789012:task-definition/{family}:{n}");
    RevisionRef::from_arn(&arn, status).unwrap()
}

fn family(name: &str, selected: &[u32], protected: &[u32]) -> FamilySelection {
    FamilySelection {
        family: name.into(),
        selected: selected
            .iter()
            .map(|n| rev(name, *n, TdStatus::Active))
            .collect(),
        kept: 3,
        protected_in_use: protected
            .iter()
            .map(|n| rev(name, *n, TdStatus::Active))
            .collect(),
        skipped_managed: Vec::new(),
        too_young: 0,
        unknown_age: 0,
    }
}

fn plan(families: Vec<FamilySelection>, delete: Vec<RevisionRef>) -> Plan {
    Plan {
        families,
        delete,
        delete_protected: Vec::new(),
        delete_too_young: 0,
        in_use: Ok(InUseMap::default()),
    }
}

#[test]
fn counts_per_context_and_across() {
    // Context a: web 3 to go (1 protected), api nothing; plus 2 INACTIVE of `old` to delete.
    let a = plan(
        vec![family("web", &[1, 2, 3], &[4]), family("api", &[], &[])],
        vec![
            rev("old", 1, TdStatus::Inactive),
            rev("old", 2, TdStatus::Inactive),
        ],
    );
    // Context b: web 1 to go and an INACTIVE web to delete (one family, not two).
    let b = plan(
        vec![family("web", &[7], &[])],
        vec![rev("web", 2, TdStatus::Inactive)],
    );
    // Context c: nothing to do.
    let c = plan(vec![family("web", &[], &[5])], Vec::new());
    let counts: Vec<PlanCounts> = [&a, &b, &c].iter().map(|p| PlanCounts::of(p)).collect();
    assert_eq!(
        counts[0],
        PlanCounts {
            deregister: 3,
            delete: 2,
            families: 2,
            protected: 1
        }
    );
    assert_eq!((counts[1].revisions(), counts[1].families), (2, 1));
    assert_eq!((counts[2].revisions(), counts[2].protected), (0, 1));
    let t = totals(&counts);
    assert_eq!(
        t,
        Totals {
            revisions: 7,
            families: 3,
            contexts: 2,
            planned: 3
        }
    );
    assert_eq!(sentence(&t), "7 revisions across 3 families in 2 contexts");
    let one = totals(&counts[1..2]);
    assert_eq!(sentence(&one), "2 revisions across 1 family in 1 context");
    let ctx = Context {
        profile: Some("prod".into()),
        region: Some("eu-west-1".into()),
        account: Some("123456789012".into()),
    };
    assert_eq!(
        context_line(&ctx, &counts[0]),
        "eu-west-1 · profile prod · account 123456789012: deregister 3, delete 2 in 2 families, protected 1"
    );
}

fn doc(family: &str) -> serde_json::Value {
    json!({"family": family, "containerDefinitions": [{"name": "app", "image": "img", "memory": 128}]})
}

/// An in-memory context in `region` with `web` at `n` revisions.
fn context(region: &str, n: usize, faults: Faults) -> (Arc<FakeEcs>, Connected) {
    let fake = Arc::new(FakeEcs::new().with_faults(faults));
    fake.register_many(doc("web"), n);
    let c = Connected {
        context: Context::new(None, Some(region)),
        api: fake.clone(),
        sources: Arc::new(FakeSources::new()),
        meta: Meta {
            region: Some(region.into()),
            ..Meta::default()
        },
    };
    (fake, c)
}

fn args(apply: bool) -> PruneArgs {
    PruneArgs {
        keep: 3,
        older_than: None,
        families: Vec::new(),
        apply,
        delete_inactive: false,
        allow_unprotected: false,
        json: true,
    }
}

fn actives(fake: &FakeEcs, n: u32) -> Vec<u32> {
    (1..=n)
        .filter(|i| {
            let arn = format!("arn:aws:ecs:us-east-1:123456789012:task-definition/web:{i}");
            fake.status_of(&arn) == Some(TdStatus::Active)
        })
        .collect()
}

#[tokio::test(start_paused = true)]
async fn a_denied_context_is_named_and_the_others_are_pruned_as_planned() {
    let (a, ca) = context("eu-west-1", 8, Faults::default());
    let (b, cb) = context("us-east-1", 5, Faults::default());
    let denied = Faults {
        access_denied: vec!["ListTaskDefinitionFamilies"],
        ..Faults::default()
    };
    let (d, cd) = context("ap-east-1", 6, denied);
    let opts = Options::default();
    let exit = run(
        vec![ca, cd, cb],
        Vec::new(),
        &args(true),
        &opts,
        JobContext::default(),
    )
    .await
    .unwrap();
    assert_eq!(exit, EXIT_FAILED, "the denied context makes the run fail");
    assert_eq!(actives(&a, 8), [6, 7, 8]);
    assert_eq!(actives(&b, 5), [3, 4, 5]);
    assert_eq!(actives(&d, 6), [1, 2, 3, 4, 5, 6], "nothing called there");
}

#[tokio::test(start_paused = true)]
async fn a_plan_across_contexts_changes_nothing_and_keeps_the_rule() {
    let (a, ca) = context("eu-west-1", 8, Faults::default());
    let (b, cb) = context("us-east-1", 2, Faults::default());
    let failed = vec![Failed {
        context: Context::new(Some("gone"), Some("us-west-2")),
        reason: "the SSO session has expired".into(),
        rejected: false,
    }];
    let exit = run(
        vec![ca, cb],
        failed,
        &args(false),
        &Options::default(),
        JobContext::default(),
    )
    .await
    .unwrap();
    assert_eq!(exit, EXIT_FAILED);
    assert_eq!(actives(&a, 8).len(), 8);
    assert_eq!(actives(&b, 2).len(), 2);
    let plan_a = plan_one(
        &context("eu-west-1", 8, Faults::default()).1,
        &args(false),
        &Options::default(),
    )
    .await
    .unwrap();
    assert_eq!(PlanCounts::of(&plan_a).deregister, 5);
}

#[tokio::test(start_paused = true)]
async fn contexts_run_at_once_each_within_its_own_buckets() {
    // Three accounts with the real buckets (deregister burst 20, then 1 per second), 43
    // revisions each, keep 3: 40 calls each. Alone a context takes 20 s at the floor; one
    // after another they would take 60 s.
    let buckets = || Faults {
        enforce_buckets: true,
        ..Faults::default()
    };
    let made: Vec<_> = ["eu-west-1", "us-east-1", "ap-south-1"]
        .iter()
        .map(|r| context(r, 43, buckets()))
        .collect();
    let opts = Options {
        rate: crate::jobs::RateConfig::default().with_headroom_percent(0.0),
        ..Options::default()
    };
    let contexts = made.iter().map(|(_, c)| c.clone()).collect();
    let start = tokio::time::Instant::now();
    let exit = run(
        contexts,
        Vec::new(),
        &args(true),
        &opts,
        JobContext::default(),
    )
    .await
    .unwrap();
    let secs = start.elapsed().as_secs_f64();
    assert_eq!(exit, 0);
    for (fake, _) in &made {
        assert_eq!(actives(fake, 43), [41, 42, 43]);
        assert_eq!(
            fake.calls().throttled,
            0,
            "each pacer keeps to its own bucket"
        );
    }
    assert!(
        (19.0..25.0).contains(&secs),
        "{secs} s: the contexts must run at once (one after another: 60 s)"
    );
}

#[tokio::test(start_paused = true)]
async fn a_context_without_in_use_protection_is_left_alone_and_the_run_exits_3() {
    let (a, ca) = context("eu-west-1", 6, Faults::default());
    let blind = Faults {
        access_denied: vec!["ListClusters"],
        ..Faults::default()
    };
    let (b, cb) = context("us-east-1", 6, blind);
    let exit = run(
        vec![ca, cb],
        Vec::new(),
        &args(true),
        &Options::default(),
        JobContext::default(),
    )
    .await
    .unwrap();
    assert_eq!(exit, EXIT_UNPROTECTED);
    assert_eq!(actives(&a, 6), [4, 5, 6]);
    assert_eq!(
        actives(&b, 6),
        [1, 2, 3, 4, 5, 6],
        "no call without protection"
    );
    let mut allowed = args(true);
    allowed.allow_unprotected = true;
    let (b, cb) = context(
        "us-east-1",
        6,
        Faults {
            access_denied: vec!["ListClusters"],
            ..Faults::default()
        },
    );
    let exit = run(
        vec![cb],
        Vec::new(),
        &allowed,
        &Options::default(),
        JobContext::default(),
    )
    .await
    .unwrap();
    assert_eq!(exit, 0);
    assert_eq!(actives(&b, 6), [4, 5, 6]);
}
