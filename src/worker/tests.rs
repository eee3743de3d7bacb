//! Tests of the worker's listings on the in-memory backend.

use super::*;
use crate::ecs::fake::FakeEcs;

fn doc(family: &str) -> serde_json::Value {
    serde_json::json!({"family": family, "containerDefinitions": [{"name": "app", "image": "nginx"}]})
}

/// The INACTIVE view lists live families with INACTIVE revisions too, with counts,
/// from every page of `ListTaskDefinitions --status INACTIVE`.
#[tokio::test]
async fn inactive_view_counts_inactive_revisions_of_every_family() {
    let f = FakeEcs::new();
    f.register(doc("api"));
    let web = f.register_many(doc("web"), 150);
    for arn in &web[..120] {
        f.set_status(arn, TdStatus::Inactive);
    }
    let gone: Vec<String> = (0..2).map(|_| f.register(doc("gone"))).collect();
    for arn in &gone {
        f.set_status(arn, TdStatus::Inactive);
    }
    let other = f.register(doc("xray-old"));
    f.set_status(&other, TdStatus::Inactive);
    let reads = RateLimiter::new(1000, 1000.0);
    let (tx, mut rx) = mpsc::unbounded_channel();
    for (prefix, want) in [
        (None, vec![("gone", 2), ("web", 120), ("xray-old", 1)]),
        (Some("w".to_string()), vec![("web", 120)]),
    ] {
        list_families(&f, &reads, 7, StatusFilter::Inactive, prefix, &tx).await;
        let mut names = Vec::new();
        let mut counts = HashMap::new();
        let mut pages = 0;
        while let Ok(a) = rx.try_recv() {
            match a {
                Action::FamiliesPage { names: n, done, .. } => {
                    pages += 1;
                    names.extend(n);
                    assert_eq!(done, pages == 2, "123 INACTIVE revisions: two pages");
                }
                Action::FamilyCounts { counts: c, .. } => counts.extend(c),
                other => panic!("{other:?}"),
            }
        }
        let got: Vec<(&str, usize)> = names
            .iter()
            .map(|n| (n.as_str(), counts.get(n).copied().unwrap_or(0)))
            .collect();
        assert_eq!(got, want);
    }
}
