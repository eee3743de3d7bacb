#![allow(clippy::unwrap_used)]

use super::super::FakeEcs;
use super::super::tests::{all_revisions, doc};
use crate::ecs::{EcsApi, TdStatus};

async fn all_reversed(f: &FakeEcs, status: TdStatus) -> Vec<String> {
    let mut out = Vec::new();
    let mut token = None;
    loop {
        let page = f
            .list_revisions_reversed(status, token)
            .await
            .unwrap()
            .unwrap();
        assert!(page.items.len() <= 100);
        assert!(!page.items.is_empty() || page.next_token.is_none());
        out.extend(page.items);
        match page.next_token {
            Some(t) => token = Some(t),
            None => return out,
        }
    }
}

#[tokio::test]
async fn the_reversed_listing_is_the_account_wide_one_backwards() {
    let f = FakeEcs::new();
    // Families that are prefixes of each other, pages that end inside a family and at
    // its edge, INACTIVE revisions in the middle and at both ends of a family.
    for (family, n) in [("web", 150), ("web-api", 100), ("webhooks", 1), ("a", 49)] {
        f.register_many(doc(family), n);
    }
    for (family, rev) in [("web", 1), ("web", 75), ("web", 150), ("a", 49)] {
        f.set_status(&super::td_arn(family, rev), TdStatus::Inactive);
    }
    for status in [TdStatus::Active, TdStatus::Inactive] {
        let mut forward = all_revisions(&f, "", status).await;
        forward.reverse();
        assert_eq!(all_reversed(&f, status).await, forward, "{status:?}");
    }
    assert_eq!(all_revisions(&f, "", TdStatus::Active).await.len(), 296);
    let empty = FakeEcs::new();
    assert!(all_reversed(&empty, TdStatus::Active).await.is_empty());
}

#[tokio::test]
async fn a_token_of_the_forward_listing_is_refused() {
    let f = FakeEcs::new();
    f.register_many(doc("web"), 150);
    let forward = f.list_revisions("", TdStatus::Active, None).await.unwrap();
    let err = f
        .list_revisions_reversed(TdStatus::Active, forward.next_token)
        .await
        .unwrap_err();
    assert!(err.message.contains("nextToken"), "{err:?}");
}
