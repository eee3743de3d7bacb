use super::*;

#[tokio::test(start_paused = true)]
async fn burst_then_steady_rate() {
    let rl = RateLimiter::new(20, 1.0);
    let start = Instant::now();
    for _ in 0..20 {
        rl.acquire().await;
    }
    assert!(start.elapsed() < Duration::from_millis(1));
    for _ in 0..10 {
        rl.acquire().await;
    }
    let secs = start.elapsed().as_secs_f64();
    assert!((9.99..10.02).contains(&secs), "took {secs}");
}

#[tokio::test(start_paused = true)]
async fn concurrent_waiters_share_the_rate() {
    let rl = std::sync::Arc::new(RateLimiter::new(5, 2.0));
    let start = Instant::now();
    let tasks: Vec<_> = (0..25)
        .map(|_| {
            let rl = rl.clone();
            tokio::spawn(async move { rl.acquire().await })
        })
        .collect();
    for t in tasks {
        t.await.unwrap();
    }
    // 5 immediately, 20 more at 2 per second.
    let secs = start.elapsed().as_secs_f64();
    assert!((9.99..10.02).contains(&secs), "took {secs}");
}

#[tokio::test(start_paused = true)]
async fn a_throttle_halves_the_rate_then_it_grows_back() {
    let rl = RateLimiter::new(1, 10.0);
    rl.acquire().await;
    assert!(rl.throttled());
    // The calls in flight at the same moment are the same event.
    assert!(!rl.throttled());
    assert!((rl.current_rate() - 5.0).abs() < 1e-6);
    let t0 = Instant::now();
    // Empty bucket at 5/s: the next token is 0.2 s away (a little less: the rate grows).
    rl.acquire().await;
    let secs = t0.elapsed().as_secs_f64();
    assert!((0.18..=0.201).contains(&secs), "took {secs}");
    tokio::time::sleep(Duration::from_secs(30)).await;
    assert!(
        (rl.current_rate() - 10.0).abs() < 1e-6,
        "back at the ceiling"
    );
    // Repeated throttles stop at the floor.
    for _ in 0..10 {
        tokio::time::sleep(CUT_COOLDOWN).await;
        rl.throttled();
    }
    assert!(rl.current_rate() >= 10.0 * MIN_FRACTION - 1e-9);
}
