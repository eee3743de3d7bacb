#![allow(clippy::unwrap_used)]

use std::sync::Arc;

use serde_json::json;

use super::*;
use crate::ecs::ErrorKind;
use crate::ecs::fake::{CLOCK_BASE, FakeEcs, Faults, td_arn};

const NOW: jiff::Timestamp = CLOCK_BASE;

fn doc(family: &str) -> serde_json::Value {
    json!({
        "family": family,
        "containerDefinitions": [{"name": "app", "image": "nginx:1.27", "essential": true}]
    })
}

fn days_ago(d: i64) -> jiff::Timestamp {
    NOW - jiff::SignedDuration::from_hours(24 * d)
}

fn calls(fake: &FakeEcs, op: &str) -> u64 {
    fake.calls().by_op.get(op).copied().unwrap_or(0)
}

fn in_use(labels: &[&str]) -> InUseMap {
    let mut m = InUseMap::default();
    for l in labels {
        m.users
            .insert((*l).to_string(), vec!["prod/web (service)".into()]);
    }
    m
}

fn revs(s: &FamilySelection) -> Vec<u32> {
    s.selected.iter().map(|r| r.revision).collect()
}

fn families(names: &[&str]) -> Vec<String> {
    names.iter().map(|s| (*s).to_string()).collect()
}

/// Runs `collect` with nothing known, recording every progress report.
async fn run(
    fake: &FakeEcs,
    names: &[&str],
    rule: &KeepRule,
    used: &InUseMap,
    known: &(dyn Fn(&str) -> Option<jiff::Timestamp> + Sync),
) -> (
    Result<(Vec<FamilySelection>, Vec<(String, Arc<TaskDef>)>), EcsError>,
    Vec<KeepProgress>,
) {
    let mut seen = Vec::new();
    let pace = RateLimiter::new(50, 20.0);
    let fams = families(names);
    let r = collect(
        fake,
        &fams,
        rule,
        used,
        &pace,
        known,
        &mut |p| seen.push(p),
        NOW,
    )
    .await;
    (r, seen)
}

fn nothing(_: &str) -> Option<jiff::Timestamp> {
    None
}

#[tokio::test(start_paused = true)]
async fn three_families_without_days_describe_nothing() {
    let fake = FakeEcs::new();
    fake.register_many(doc("a"), 10);
    fake.register_many(doc("b"), 3);
    fake.register_many(doc("c"), 1);
    // INACTIVE revisions are not listed and never count.
    fake.register_many(doc("b"), 2);
    fake.set_status(&td_arn("b", 5), TdStatus::Inactive);
    fake.set_status(&td_arn("b", 4), TdStatus::Inactive);
    let rule = KeepRule {
        keep: 3,
        older_than: None,
        include_managed: false,
    };
    let (r, seen) = run(&fake, &["a", "b", "c"], &rule, &in_use(&["a:2"]), &nothing).await;
    let (sel, described) = r.unwrap();
    assert!(described.is_empty());
    assert_eq!(calls(&fake, "DescribeTaskDefinition"), 0);
    assert_eq!(calls(&fake, "ListTaskDefinitions"), 3);
    assert_eq!(
        sel.iter().map(|s| s.family.as_str()).collect::<Vec<_>>(),
        ["a", "b", "c"]
    );
    assert_eq!(revs(&sel[0]), vec![1, 3, 4, 5, 6, 7]);
    assert_eq!(sel[0].protected_in_use.len(), 1);
    assert_eq!((sel[1].kept, revs(&sel[1])), (3, vec![]));
    assert_eq!((sel[2].kept, revs(&sel[2])), (1, vec![]));
    assert_eq!(
        seen.iter().map(|p| p.families_done).collect::<Vec<_>>(),
        [1, 2, 3]
    );
    assert!(
        seen.iter()
            .all(|p| p.families_total == 3 && p.to_describe == 0)
    );
}

#[tokio::test(start_paused = true)]
async fn with_days_only_unknown_candidates_are_described() {
    let fake = FakeEcs::new();
    for rev in 1..=10 {
        let age = if rev <= 5 { 100 } else { 1 };
        fake.register_at(doc("a"), days_ago(age));
    }
    for _ in 1..=3 {
        fake.register_at(doc("b"), days_ago(365));
    }
    for _ in 1..=5 {
        fake.register_at(doc("c"), days_ago(365));
    }
    let rule = KeepRule {
        keep: 3,
        older_than: Some(crate::app::selection::days_duration(30)),
        include_managed: false,
    };
    // a:1's time is already cached by the UI; a:2 is in use; b has no candidates.
    let a1 = td_arn("a", 1);
    let known = |arn: &str| (arn == a1).then(|| days_ago(100));
    let (r, seen) = run(&fake, &["a", "b", "c"], &rule, &in_use(&["a:2"]), &known).await;
    let (sel, described) = r.unwrap();
    // a: candidates 7,6,5,4,3 (1 known, 2 in use); c: 2,1.
    assert_eq!(calls(&fake, "DescribeTaskDefinition"), 7);
    let mut got: Vec<String> = described.iter().map(|(a, _)| a.clone()).collect();
    got.sort();
    let mut want: Vec<String> = [("a", 3), ("a", 4), ("a", 5), ("a", 6), ("a", 7)]
        .iter()
        .chain(&[("c", 1), ("c", 2)])
        .map(|(f, r)| td_arn(f, *r))
        .collect();
    want.sort();
    assert_eq!(got, want);
    assert!(
        described
            .iter()
            .all(|(a, td)| td.fields.task_definition_arn == *a)
    );
    assert_eq!(revs(&sel[0]), vec![1, 3, 4, 5]);
    assert_eq!(sel[0].too_young, 2);
    assert_eq!(sel[0].unknown_age, 0);
    assert!(revs(&sel[1]).is_empty());
    assert_eq!(revs(&sel[2]), vec![1, 2]);
    let last = *seen.last().unwrap();
    assert_eq!(
        last,
        KeepProgress {
            families_done: 3,
            families_total: 3,
            described: 7,
            to_describe: 7
        }
    );
    // Every describe was reported.
    let described_steps: Vec<usize> = seen.iter().map(|p| p.described).collect();
    assert!((1..=7).all(|n| described_steps.contains(&n)));
}

#[tokio::test(start_paused = true)]
async fn lists_every_page_of_a_230_revision_family() {
    let fake = FakeEcs::new();
    fake.register_many(doc("big"), 230);
    let rule = KeepRule {
        keep: 5,
        older_than: None,
        include_managed: false,
    };
    let (r, _) = run(&fake, &["big"], &rule, &in_use(&["big:1"]), &nothing).await;
    let (sel, _) = r.unwrap();
    assert_eq!(calls(&fake, "ListTaskDefinitions"), 3);
    assert_eq!(sel[0].kept, 5);
    assert_eq!(sel[0].selected.len(), 224);
    assert_eq!(revs(&sel[0]), (2..=225).collect::<Vec<_>>());
}

#[tokio::test(start_paused = true)]
async fn describe_errors_fail_only_when_describes_are_needed() {
    let fake = FakeEcs::new().with_faults(Faults {
        access_denied: vec!["DescribeTaskDefinition"],
        ..Faults::default()
    });
    fake.register_many(doc("a"), 6);
    let mut rule = KeepRule {
        keep: 2,
        older_than: None,
        include_managed: false,
    };
    let (r, _) = run(&fake, &["a"], &rule, &InUseMap::default(), &nothing).await;
    assert_eq!(revs(&r.unwrap().0[0]), vec![1, 2, 3, 4]);
    rule.older_than = Some(crate::app::selection::days_duration(1));
    let (r, _) = run(&fake, &["a"], &rule, &InUseMap::default(), &nothing).await;
    assert_eq!(r.unwrap_err().kind, ErrorKind::AccessDenied);
}

#[tokio::test(start_paused = true)]
async fn scan_and_collect_can_run_on_spawned_tasks() {
    let fake = Arc::new(FakeEcs::new());
    fake.register_many(doc("a"), 4);
    fake.add_service("prod", "web", "a:1", &[]);
    let api: Arc<dyn EcsApi> = fake;
    let pace = Arc::new(RateLimiter::new(10, 10.0));
    let (api2, pace2) = (api.clone(), pace.clone());
    let used = tokio::spawn(async move { crate::inuse::scan(&*api2, &pace2).await })
        .await
        .unwrap()
        .unwrap();
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
    let handle = tokio::spawn(async move {
        let rule = KeepRule {
            keep: 1,
            older_than: Some(crate::app::selection::days_duration(0)),
            include_managed: false,
        };
        let mut progress = move |p: KeepProgress| {
            let _ = tx.send(p);
        };
        collect(
            &*api,
            &families(&["a"]),
            &rule,
            &used,
            &pace,
            &|_| None,
            &mut progress,
            NOW,
        )
        .await
    });
    let (sel, described) = handle.await.unwrap().unwrap();
    // a:1 is in use; a:2 and a:3 were registered at NOW itself, not strictly more than 0 days
    // before it: too young.
    assert_eq!(sel[0].protected_in_use.len(), 1);
    assert_eq!((sel[0].too_young, sel[0].selected.len()), (2, 0));
    assert_eq!(described.len(), 2);
    assert!(rx.recv().await.is_some());
}
