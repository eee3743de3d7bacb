use super::*;

#[tokio::test(start_paused = true)]
async fn bucket_bursts_then_refills() {
    let mut f = FaultState::new(Faults {
        enforce_buckets: true,
        ..Faults::default()
    });
    let t0 = Instant::now();
    let ok = (0..6)
        .filter(|_| f.admit("DeleteTaskDefinitions", t0).is_ok())
        .count();
    assert_eq!(ok, 5);
    let t1 = t0 + Duration::from_millis(999);
    assert!(f.admit("DeleteTaskDefinitions", t1).is_err());
    // The failed attempt above must not have eaten the refill.
    let t2 = t0 + Duration::from_secs(1);
    assert!(f.admit("DeleteTaskDefinitions", t2).is_ok());
    // Other buckets are independent.
    assert!(f.admit("DescribeTaskDefinition", t2).is_ok());
    assert!(f.admit("SomethingUnbucketed", t2).is_ok());
}

#[test]
fn access_denied_names_the_action() {
    let mut f = FaultState::new(Faults {
        access_denied: vec!["ListServices"],
        ..Faults::default()
    });
    let e = f.admit("ListServices", Instant::now()).unwrap_err();
    assert_eq!(e.kind, ErrorKind::AccessDenied);
    assert!(e.message.contains("ecs:ListServices"));
    assert!(f.admit("ListClusters", Instant::now()).is_ok());
}

#[test]
fn latency_stays_in_range() {
    let mut f = FaultState::new(Faults {
        latency: (Duration::from_millis(50), Duration::from_millis(150)),
        ..Faults::default()
    });
    for _ in 0..200 {
        let d = f.latency();
        assert!((Duration::from_millis(50)..=Duration::from_millis(150)).contains(&d));
    }
}
