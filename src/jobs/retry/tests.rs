use super::*;

#[test]
fn full_jitter_stays_under_the_exponential_cap() {
    let b = Backoff::new(Duration::from_millis(100), Duration::from_secs(2), Some(1));
    let mut sum = Duration::ZERO;
    for _ in 0..200 {
        let d = b.delay(1);
        assert!(d <= Duration::from_millis(100));
        sum += d;
    }
    // Jitter, not a constant: the mean is near half the cap.
    let mean = sum / 200;
    assert!((30..70).contains(&mean.as_millis()), "mean {mean:?}");
    for _ in 0..50 {
        assert!(b.delay(3) <= Duration::from_millis(400));
        assert!(b.delay(40) <= Duration::from_secs(2));
    }
}

#[test]
fn seeded_backoff_is_reproducible() {
    let a = Backoff::new(Duration::from_millis(100), Duration::from_secs(2), Some(9));
    let b = Backoff::new(Duration::from_millis(100), Duration::from_secs(2), Some(9));
    for n in 1..8 {
        assert_eq!(a.delay(n), b.delay(n));
    }
}
