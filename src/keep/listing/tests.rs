#![allow(clippy::unwrap_used)]

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use async_trait::async_trait;
use serde_json::json;

use super::*;
use crate::app::selection::{KeepRule, days_duration};
use crate::ecs::fake::{CLOCK_BASE, FakeEcs, Faults, td_arn};
use crate::ecs::pages::every_page;
use crate::ecs::{DeleteOutcome, ErrorKind, ServiceInfo, StatusFilter, TaskDef, TaskInfo};
use crate::inuse::InUseMap;
use crate::keep::collect;

/// The fake, counting the pages read from each end; `reversible: false` answers like a backend
/// that cannot list the other way; `fail_reversed_at` refuses that call of the other end.
struct Ends {
    inner: Arc<FakeEcs>,
    forward: AtomicU64,
    backward: AtomicU64,
    reversible: bool,
    fail_reversed_at: Option<u64>,
}

impl Ends {
    fn new(inner: FakeEcs) -> Self {
        Ends::shared(Arc::new(inner))
    }
    fn shared(inner: Arc<FakeEcs>) -> Self {
        Ends {
            inner,
            forward: AtomicU64::new(0),
            backward: AtomicU64::new(0),
            reversible: true,
            fail_reversed_at: None,
        }
    }
    fn pages(&self) -> (u64, u64) {
        (
            self.forward.load(Ordering::SeqCst),
            self.backward.load(Ordering::SeqCst),
        )
    }
}

#[async_trait]
impl EcsApi for Ends {
    async fn list_families(
        &self,
        p: Option<&str>,
        s: StatusFilter,
        t: Option<String>,
    ) -> Result<Page<String>, EcsError> {
        self.inner.list_families(p, s, t).await
    }
    async fn list_revisions(
        &self,
        f: &str,
        s: TdStatus,
        t: Option<String>,
    ) -> Result<Page<String>, EcsError> {
        self.forward.fetch_add(1, Ordering::SeqCst);
        self.inner.list_revisions(f, s, t).await
    }
    async fn list_revisions_reversed(
        &self,
        s: TdStatus,
        t: Option<String>,
    ) -> Result<Option<Page<String>>, EcsError> {
        if !self.reversible {
            return Ok(None);
        }
        let n = self.backward.fetch_add(1, Ordering::SeqCst) + 1;
        if self.fail_reversed_at == Some(n) {
            return Err(EcsError::new(
                "ListTaskDefinitions",
                ErrorKind::AccessDenied,
                "not allowed",
            ));
        }
        self.inner.list_revisions_reversed(s, t).await
    }
    async fn describe(&self, arn: &str) -> Result<TaskDef, EcsError> {
        self.inner.describe(arn).await
    }
    async fn deregister(&self, arn: &str) -> Result<TaskDef, EcsError> {
        self.inner.deregister(arn).await
    }
    async fn delete(&self, arns: &[String]) -> Result<DeleteOutcome, EcsError> {
        self.inner.delete(arns).await
    }
    async fn list_clusters(&self, t: Option<String>) -> Result<Page<String>, EcsError> {
        self.inner.list_clusters(t).await
    }
    async fn list_services(&self, c: &str, t: Option<String>) -> Result<Page<String>, EcsError> {
        self.inner.list_services(c, t).await
    }
    async fn describe_services(&self, c: &str, s: &[String]) -> Result<Vec<ServiceInfo>, EcsError> {
        self.inner.describe_services(c, s).await
    }
    async fn list_tasks(
        &self,
        c: &str,
        d: &str,
        t: Option<String>,
    ) -> Result<Page<String>, EcsError> {
        self.inner.list_tasks(c, d, t).await
    }
    async fn describe_tasks(&self, c: &str, t: &[String]) -> Result<Vec<TaskInfo>, EcsError> {
        self.inner.describe_tasks(c, t).await
    }
}

fn doc(family: &str) -> serde_json::Value {
    json!({"family": family, "containerDefinitions": [{"name": "app", "image": "nginx:1.27"}]})
}

/// An account of `total` ACTIVE revisions: families that are prefixes of one another, one
/// big family across many pages, small ones, and INACTIVE revisions that are never listed.
/// Random latency per call (seeded) so the two ends interleave differently each time.
fn account(total: usize, seed: u64) -> FakeEcs {
    let fake = FakeEcs::new().with_faults(Faults {
        latency: (Duration::from_millis(5), Duration::from_millis(150)),
        seed,
        ..Faults::default()
    });
    let names = ["a", "web", "web-api", "webhooks", "z", "é-unicode"];
    let mut left = total;
    for (i, name) in names.iter().cycle().enumerate() {
        if left == 0 {
            break;
        }
        let n = match i % 3 {
            0 => left.min(137),
            1 => left.min(3),
            _ => left.min(41),
        };
        let family = format!("{name}{}", i / names.len());
        fake.register_many(doc(&family), n + 1);
        fake.set_status(&td_arn(&family, 1), TdStatus::Inactive);
        left -= n;
    }
    fake
}

/// What the one newest-first chain lists, by family.
async fn one_chain(api: &dyn EcsApi) -> HashMap<String, Vec<RevisionRef>> {
    let pace = RateLimiter::new(1000, 1000.0);
    let arns = every_page(&pace, |t| api.list_revisions("", TdStatus::Active, t))
        .await
        .unwrap();
    let mut by_family: HashMap<String, Vec<RevisionRef>> = HashMap::new();
    for r in arns
        .iter()
        .filter_map(|a| RevisionRef::from_arn(a, TdStatus::Active))
    {
        by_family.entry(r.family.clone()).or_default().push(r);
    }
    by_family
}

#[tokio::test(start_paused = true)]
async fn both_ends_list_exactly_what_one_chain_lists_and_every_page() {
    let pace = RateLimiter::new(50, 20.0);
    for (seed, total) in [0, 1, 99, 100, 101, 199, 200, 201, 250, 999, 1234]
        .into_iter()
        .enumerate()
    {
        let ends = Ends::new(account(total, seed as u64));
        let got = account_wide(&ends, &pace).await.unwrap();
        let (forward, backward) = ends.pages();
        let want = one_chain(&*ends.inner).await;
        assert_eq!(got, want, "{total} revisions");
        assert_eq!(got.values().map(Vec::len).sum::<usize>(), total);
        // Every page once, plus at most one page of each end past the crossing.
        let pages = total.div_ceil(100).max(1) as u64;
        assert!(
            forward + backward >= pages && forward + backward <= pages + 2,
            "{total} revisions: {forward} + {backward} pages for {pages}"
        );
        if pages >= 4 {
            assert!(
                forward.min(backward) >= pages / 2 - 1,
                "{total} revisions: both ends share the pages ({forward}, {backward})"
            );
        }
    }
}

#[tokio::test(start_paused = true)]
async fn a_backend_that_cannot_list_backwards_walks_one_chain() {
    let pace = RateLimiter::new(50, 20.0);
    let mut ends = Ends::new(account(1234, 7));
    ends.reversible = false;
    let got = account_wide(&ends, &pace).await.unwrap();
    assert_eq!(got, one_chain(&*ends.inner).await);
    assert_eq!(ends.pages(), (13, 0));
}

#[tokio::test(start_paused = true)]
async fn an_error_at_one_end_stops_both() {
    let pace = RateLimiter::new(50, 20.0);
    let mut ends = Ends::new(account(5000, 3));
    ends.fail_reversed_at = Some(3);
    let err = account_wide(&ends, &pace).await.unwrap_err();
    assert_eq!(err.kind, ErrorKind::AccessDenied);
    let (forward, backward) = ends.pages();
    assert_eq!(backward, 3);
    assert!(
        forward < 10,
        "the newest-first end went on: {forward} pages"
    );
}

#[tokio::test(start_paused = true)]
async fn the_plan_is_the_one_chain_plan() {
    // 40 families (from `ACCOUNT_WIDE_FROM` on, the account-wide listing), 2,000 revisions
    // of which some are old enough, some in use; the same plan with and without the other end.
    let fake = Arc::new(FakeEcs::new().with_faults(Faults {
        latency: (Duration::from_millis(80), Duration::from_millis(80)),
        ..Faults::default()
    }));
    let mut names = Vec::new();
    for f in 0..40u32 {
        let family = format!("fam-{f:02}");
        for i in 0..(10 + f * 3) {
            let days = i64::from(2 * (10 + f * 3 - i));
            let at = CLOCK_BASE - jiff::SignedDuration::from_hours(24 * days);
            fake.register_at(doc(&family), at);
        }
        names.push(family);
    }
    let mut used = InUseMap::default();
    used.users
        .insert("fam-07:3".into(), vec!["prod/web (service)".into()]);
    let rule = KeepRule {
        keep: 4,
        older_than: Some(days_duration(20)),
        include_managed: false,
    };
    let mut plans = Vec::new();
    for reversible in [true, false] {
        let mut ends = Ends::shared(fake.clone());
        ends.reversible = reversible;
        let pace = RateLimiter::new(50, 20.0);
        let (sel, _) = collect(
            &ends,
            &names,
            &rule,
            &used,
            &pace,
            &|_| None,
            &mut |_| {},
            CLOCK_BASE,
        )
        .await
        .unwrap();
        plans.push((sel, ends.pages()));
    }
    assert_eq!(plans[0].0, plans[1].0);
    assert!(plans[0].0.iter().any(|s| !s.selected.is_empty()));
    // 2,740 revisions: 28 pages from one end, or about 14 from each.
    assert_eq!(plans[1].1, (28, 0));
    let (forward, backward) = plans[0].1;
    assert!(
        forward + backward <= 30 && forward.min(backward) >= 13,
        "{forward} + {backward} pages"
    );
}
