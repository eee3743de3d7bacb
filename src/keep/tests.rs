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
    // a: candidates 7,6,5,4,3,1 (2 in use, 1 known): the search reads 4 (old), 6 (young)
    // and 5 (old), the boundary; c: candidates 2,1, both read.
    assert_eq!(calls(&fake, "DescribeTaskDefinition"), 5);
    let mut got: Vec<String> = described.iter().map(|(a, _)| a.clone()).collect();
    got.sort();
    let mut want: Vec<String> = [("a", 4), ("a", 5), ("a", 6), ("c", 1), ("c", 2)]
        .iter()
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
            described: 5,
            to_describe: 5
        }
    );
    // One report per family, counts never going back.
    assert_eq!(seen.len(), 3);
    assert!(seen.windows(2).all(|w| w[0].described <= w[1].described));
}

/// A family of `n` revisions, revision `i` registered `ages(i)` days ago.
fn family_aged(fake: &FakeEcs, family: &str, n: u32, ages: impl Fn(u32) -> i64) {
    for i in 1..=n {
        fake.register_at(doc(family), days_ago(ages(i)));
    }
}

fn rule_days(keep: usize, days: u32) -> KeepRule {
    KeepRule {
        keep,
        older_than: Some(crate::app::selection::days_duration(days)),
        include_managed: false,
    }
}

#[tokio::test(start_paused = true)]
async fn age_search_describes_log_of_the_candidates_wherever_the_boundary_is() {
    // 40 revisions, one a day; keep 5 leaves 35 candidates; the cutoff moves across all of
    // them (and past both ends). The result always equals the rule on every real time.
    for days in 0..=42 {
        let fake = FakeEcs::new();
        family_aged(&fake, "big", 40, |i| i64::from(41 - i));
        let (r, _) = run(&fake, &["big"], &rule_days(5, days), &in_use(&[]), &nothing).await;
        let (sel, _) = r.unwrap();
        // Revision i is 41 - i days old: old enough when 41 - i > days.
        let want: Vec<u32> = (1..=35)
            .filter(|i| 41 - i64::from(*i) > i64::from(days))
            .collect();
        assert_eq!(revs(&sel[0]), want, "older than {days} days");
        assert_eq!(sel[0].too_young, 35 - want.len(), "older than {days} days");
        assert_eq!(sel[0].unknown_age, 0);
        let made = calls(&fake, "DescribeTaskDefinition");
        assert!(
            made <= age::probes_for(35) as u64,
            "{made} describes for {days} days"
        );
    }
    assert_eq!(age::probes_for(35), 6);
}

#[tokio::test(start_paused = true)]
async fn a_family_whose_times_go_backwards_is_described_fully() {
    // Everything 100 days old except revisions 8 and 4 (10 and 5 days: clock skew). The search
    // reads 8 (young), then 4 (young but registered after 8): not monotonic, so every
    // candidate is described and the young ones in the middle are not selected.
    let fake = FakeEcs::new();
    family_aged(&fake, "skew", 20, |i| match i {
        8 => 10,
        4 => 5,
        _ => 100,
    });
    let (r, _) = run(&fake, &["skew"], &rule_days(5, 30), &in_use(&[]), &nothing).await;
    let (sel, described) = r.unwrap();
    assert_eq!(calls(&fake, "DescribeTaskDefinition"), 15);
    assert_eq!(described.len(), 15);
    let want: Vec<u32> = (1..=15).filter(|i| *i != 8 && *i != 4).collect();
    assert_eq!(revs(&sel[0]), want);
    assert_eq!(sel[0].too_young, 2);
}

#[tokio::test(start_paused = true)]
async fn known_times_that_go_backwards_also_force_the_full_describe() {
    // The search alone would read 8, 12, 14, 15 (all old); what the UI already knows says
    // revision 2 was registered after revision 9: describe everything.
    let fake = FakeEcs::new();
    family_aged(&fake, "k", 20, |i| if i == 2 { 1 } else { 100 });
    let (a2, a9) = (td_arn("k", 2), td_arn("k", 9));
    let known = |arn: &str| {
        if arn == a2 {
            Some(days_ago(1))
        } else if arn == a9 {
            Some(days_ago(100))
        } else {
            None
        }
    };
    let (r, _) = run(&fake, &["k"], &rule_days(5, 30), &in_use(&[]), &known).await;
    let (sel, _) = r.unwrap();
    assert_eq!(calls(&fake, "DescribeTaskDefinition"), 13);
    assert_eq!(
        revs(&sel[0]),
        [1].into_iter().chain(3..=15).collect::<Vec<u32>>()
    );
    assert_eq!(sel[0].too_young, 1);
}

#[tokio::test(start_paused = true)]
async fn with_every_time_known_nothing_is_described() {
    let fake = FakeEcs::new();
    family_aged(&fake, "a", 30, |i| i64::from(61 - 2 * i));
    family_aged(&fake, "b", 12, |_| 400);
    let rule = rule_days(5, 30);
    let (first, _) = run(&fake, &["a", "b"], &rule, &in_use(&[]), &nothing).await;
    let (first, described) = first.unwrap();
    let cold = calls(&fake, "DescribeTaskDefinition");
    assert!(cold > 0 && cold <= 2 * age::probes_for(25) as u64);
    // Every candidate's time, as a warm cache would hold it.
    let times: std::collections::HashMap<String, jiff::Timestamp> = ["a", "b"]
        .iter()
        .flat_map(|f| (1..=30).map(move |r| td_arn(f, r)))
        .filter_map(|arn| {
            let t = fake.describe_json(&arn)?["registeredAt"].as_f64()?;
            Some((
                arn,
                jiff::Timestamp::from_millisecond((t * 1000.0) as i64).ok()?,
            ))
        })
        .collect();
    assert!(described.iter().all(|(a, _)| times.contains_key(a)));
    let known = |arn: &str| times.get(arn).copied();
    let (warm, _) = run(&fake, &["a", "b"], &rule, &in_use(&[]), &known).await;
    assert_eq!(calls(&fake, "DescribeTaskDefinition"), cold);
    assert_eq!(warm.unwrap().0, first);
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
    // before it: too young. The oldest candidate, a:2, is read; a:3 is newer, so younger too.
    assert_eq!(sel[0].protected_in_use.len(), 1);
    assert_eq!((sel[0].too_young, sel[0].selected.len()), (2, 0));
    assert_eq!(described.len(), 1);
    assert!(rx.recv().await.is_some());
}

#[tokio::test(start_paused = true)]
async fn many_families_plan_from_one_account_wide_listing() {
    let fake = FakeEcs::new();
    // 12 asked for (one with nothing ACTIVE), one not asked for; 3 × 100 ARNs a page.
    for f in 0..12 {
        family_aged(&fake, &format!("f{f:02}"), 20 + f, |i| 100 - i64::from(i));
    }
    fake.register_many(doc("other"), 30);
    fake.register_many(doc("gone"), 2);
    fake.set_status(&td_arn("gone", 1), TdStatus::Inactive);
    fake.set_status(&td_arn("gone", 2), TdStatus::Inactive);
    let mut names: Vec<String> = (0..12).map(|f| format!("f{f:02}")).collect();
    names.push("gone".into());
    let names: Vec<&str> = names.iter().map(String::as_str).collect();
    assert!(names.len() >= ACCOUNT_WIDE_FROM);
    let rule = rule_days(3, 90);
    let (wide, _) = run(&fake, &names, &rule, &in_use(&["f00:2"]), &nothing).await;
    let wide = wide.unwrap().0;
    // 306 + 30 ACTIVE ARNs: 4 pages, instead of one listing per family.
    assert_eq!(calls(&fake, "ListTaskDefinitions"), 4);
    // The same plan as one family at a time.
    for (name, got) in names.iter().zip(&wide) {
        let (one, _) = run(&fake, &[name], &rule, &in_use(&["f00:2"]), &nothing).await;
        assert_eq!(&one.unwrap().0[0], got, "{name}");
    }
    assert_eq!(wide[12].family, "gone");
    assert_eq!((wide[12].kept, wide[12].selected.len()), (0, 0));
    // Revision i of f00 is 100 − i days old: old enough below 10; 2 is in use.
    assert_eq!(revs(&wide[0]), [1, 3, 4, 5, 6, 7, 8, 9]);
}
