use std::time::Duration;

use super::*;
use crate::ecs::TdStatus;
use crate::ecs::fake::{FakeEcs, Faults};

/// 100 families of 120 revisions (a quarter INACTIVE) behind the real read bucket, with
/// 2–20 ms of latency per call: 121 listing calls, well beyond the burst.
async fn timed_inventory(reads: &RateLimiter) -> (f64, u64, u64) {
    let fake = FakeEcs::new().with_faults(Faults {
        latency: (Duration::from_millis(2), Duration::from_millis(20)),
        enforce_buckets: true,
        seed: 3,
        ..Faults::default()
    });
    for f in 0..100 {
        let doc = serde_json::json!({"family": format!("f{f:03}"), "containerDefinitions": []});
        let arns = fake.register_many(doc, 120);
        for a in &arns[..30] {
            fake.set_status(a, TdStatus::Inactive);
        }
    }
    let start = tokio::time::Instant::now();
    let (families, revisions) = inventory(&fake, reads, StatusFilter::All, None)
        .await
        .unwrap();
    assert_eq!((families.len(), revisions.len()), (100, 12_000));
    let c = fake.calls();
    let calls: u64 = c.by_op.values().sum();
    (start.elapsed().as_secs_f64(), calls, c.throttled)
}

#[tokio::test(start_paused = true)]
async fn the_inventory_leaves_slack_for_jitter_and_stays_near_the_floor() {
    // No throttled call, and within 1.10x the bucket's floor at --headroom 0.
    let (secs, calls, throttled) = timed_inventory(&bucket_pace(0.0)).await;
    assert_eq!(throttled, 0);
    let floor = (calls as f64 - 50.0) / 20.0;
    assert!(
        secs <= 1.10 * floor,
        "{secs:.2} s for {calls} calls, floor {floor:.2} s"
    );
    // With the default headroom, within 1.10x the floor at the reduced rate.
    let (secs, calls, throttled) = timed_inventory(&bucket_pace(0.2)).await;
    assert_eq!(throttled, 0);
    let floor = (calls as f64 - 40.0) / 16.0;
    assert!(
        secs <= 1.10 * floor,
        "{secs:.2} s for {calls} calls, floor {floor:.2} s"
    );
}

#[test]
fn columns_keep_one_order() {
    let r = RevisionRef::from_arn(
        "arn:aws:ecs:us-east-1:123456789012:task-definition/web:7",
        TdStatus::Active,
    )
    .unwrap();
    let (obj, cells) = row(&r, None, None);
    assert_eq!(cells.len(), header(false, false).len());
    assert_eq!(cells[..3], ["web", "7", "ACTIVE"]);
    let keys: Vec<&String> = obj.as_object().unwrap().keys().collect();
    assert_eq!(keys, ["type", "family", "revision", "status", "arn"]);
    let d = Details {
        described: HashMap::new(),
        in_use: None,
    };
    let (obj, cells) = row(&r, Some(&d), None);
    assert_eq!(cells.len(), header(true, false).len());
    assert_eq!(cells[7], "unknown");
    let keys: Vec<&String> = obj.as_object().unwrap().keys().collect();
    assert_eq!(
        keys,
        [
            "type",
            "family",
            "revision",
            "status",
            "registered_at",
            "image",
            "cpu",
            "memory",
            "in_use",
            "arn"
        ]
    );
}

#[test]
fn several_contexts_lead_with_account_region_and_profile() {
    let r = RevisionRef::from_arn(
        "arn:aws:ecs:eu-west-1:123456789012:task-definition/web:7",
        TdStatus::Active,
    )
    .unwrap();
    let ctx = Context {
        profile: None,
        region: Some("eu-west-1".into()),
        account: Some("123456789012".into()),
    };
    let (obj, cells) = row(&r, None, Some(&ctx));
    assert_eq!(
        header(false, true)[..4],
        ["ACCOUNT", "REGION", "PROFILE", "FAMILY"]
    );
    assert_eq!(cells.len(), header(false, true).len());
    assert_eq!(cells[..4], ["123456789012", "eu-west-1", "-", "web"]);
    let keys: Vec<&String> = obj.as_object().unwrap().keys().collect();
    assert_eq!(
        keys,
        [
            "type", "account", "region", "profile", "family", "revision", "status", "arn"
        ]
    );
    assert_eq!(obj["region"], "eu-west-1");
    assert_eq!(obj["profile"], serde_json::Value::Null);
}
