use super::*;
use crate::ecs::{RevisionRef, TdStatus};

#[test]
fn eta_is_the_burst_left_then_the_rate_then_the_observed_rate() {
    let t0: jiff::Timestamp = "2026-11-28T12:00:00Z".parse().unwrap();
    let items: Vec<RevisionRef> = (1..=100)
        .map(|i| RevisionRef::from_arn(&format!("web:{i}"), TdStatus::Active).unwrap())
        .collect();
    let mut job = JobView::new(1, JobKind::Deregister, items, t0);
    assert_eq!(
        progress(&job, t0).eta_secs,
        None,
        "unknown until the runner says"
    );
    // 40 done, 60 queued, 5 calls of burst left, then 0.8/s: 55 / 0.8.
    job.done = 40;
    job.flow.burst_left = 5.5;
    job.flow.per_sec = 0.8;
    let p = progress(&job, t0 + jiff::SignedDuration::from_secs(20));
    assert_eq!(p.rate, Some(0.8));
    assert_eq!(p.eta_secs, Some(69));
    // Steady for 20 s with 10 calls sent: 0.5/s observed beats the pacer's 0.8/s.
    job.flow.burst_left = 0.0;
    job.flow.calls_sent = 50;
    job.flow.steady_since = Some((t0 + jiff::SignedDuration::from_secs(10), 40));
    let p = progress(&job, t0 + jiff::SignedDuration::from_secs(30));
    assert_eq!(p.rate, Some(0.5));
    assert_eq!(p.eta_secs, Some(120));
}
