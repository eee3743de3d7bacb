use std::time::Duration;

use tokio::time::Instant;

use super::*;

#[tokio::test(start_paused = true)]
async fn a_throttle_costs_a_token_and_halves_the_rate() {
    let p = Pacer::new(2, 1.0, 0, 1);
    let t0 = Instant::now();
    p.acquire().await;
    p.acquire().await;
    p.throttled();
    // The retry is paced: at half the rate, the next token is about 2 s away.
    p.acquire().await;
    let secs = t0.elapsed().as_secs_f64();
    assert!((1.9..2.01).contains(&secs), "took {secs}");
    assert!(p.outlook().per_sec < 1.0);
}

#[tokio::test(start_paused = true)]
async fn the_refill_starts_at_the_first_answer() {
    let p = std::sync::Arc::new(Pacer::new(2, 1.0, 0, 1));
    let t0 = Instant::now();
    p.acquire().await;
    p.acquire().await;
    assert_eq!(p.outlook().burst_left, 0.0);
    // A third caller waits for the first answer, then for a refilled token.
    let waiter = {
        let p = p.clone();
        tokio::spawn(async move {
            p.acquire().await;
            Instant::now()
        })
    };
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert!(!waiter.is_finished());
    p.answered();
    let got = waiter.await.unwrap();
    assert_eq!(got.duration_since(t0), Duration::from_millis(1300));
}
