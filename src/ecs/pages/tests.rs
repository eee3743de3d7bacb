use super::*;

#[test]
fn the_share_leaves_slack_and_headroom() {
    let (burst, rate) = bucket_share(0.0);
    assert_eq!(burst, 48);
    assert!((rate - 19.5).abs() < 1e-9);
    let (burst, rate) = bucket_share(0.2);
    assert_eq!(burst, 38);
    assert!((rate - 15.6).abs() < 1e-9);
    // Headroom beyond 90% is clamped; the limiter never gets a zero burst.
    assert_eq!(bucket_share(5.0).0, 3);
    assert!(bucket_share(5.0).1 > 0.0);
}
