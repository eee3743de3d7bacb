//! What the operator sees while a job runs: the ETA from the bucket model, and in flight
//! meaning sent and not answered (the rest is queued).

use std::time::Duration;

use taskdefs::app::state::JobView;
use taskdefs::app::update::update;
use taskdefs::app::{Action, AppState, JobKind};
use taskdefs::ecs::TdStatus;
use taskdefs::ecs::fake::Faults;
use taskdefs::jobs::run_job;
use tokio::sync::mpsc;
use tokio::time::Instant;

use crate::support::*;

/// (seconds since start, ETA in seconds, calls in flight, items queued) once a second.
struct Sample {
    t: f64,
    eta: Option<f64>,
    in_flight: usize,
    queued: usize,
}

/// Runs a deregistration of `n` items into an `AppState` as the app would, sampling once a
/// second; returns the samples and when the job finished.
async fn observe(n: usize) -> (Vec<Sample>, f64) {
    let faults = Faults {
        throttle_rate: 0.0,
        ..Faults::realistic()
    };
    let (fake, items) = account(faults, n, TdStatus::Active);
    let base = taskdefs::ecs::fake::CLOCK_BASE;
    let start = Instant::now();
    let now = || base + jiff::SignedDuration::try_from(start.elapsed()).unwrap();
    let mut state = AppState {
        job: Some(JobView::new(1, JobKind::Deregister, items.clone(), now())),
        ..AppState::default()
    };
    let (tx, mut rx) = mpsc::unbounded_channel();
    let cfg = cfg();
    let job = tokio::spawn(async move {
        let ctx = ctx(None);
        run_job(fake, 1, JobKind::Deregister, items, &cfg, &ctx, never(), tx).await;
    });
    let mut tick = tokio::time::interval(Duration::from_secs(1));
    let mut samples = Vec::new();
    let end = loop {
        tokio::select! {
            biased;
            a = rx.recv() => match a {
                Some(Action::JobFinished { .. }) => break start.elapsed().as_secs_f64(),
                Some(a) => { update(&mut state, a, now()); }
                None => panic!("the job ended without JobFinished"),
            },
            _ = tick.tick() => {
                let j = state.job.as_ref().unwrap();
                samples.push(Sample {
                    t: start.elapsed().as_secs_f64(),
                    eta: j.eta_secs(now()),
                    in_flight: j.flow.in_flight,
                    queued: j.queued(),
                });
            }
        }
    };
    job.await.unwrap();
    (samples, end)
}

#[tokio::test(start_paused = true)]
async fn the_eta_is_within_10_percent_from_the_10th_second() {
    let (samples, end) = observe(227).await;
    // 227 items at the default pace: far longer than the burst.
    assert!(end > 200.0, "{end}");
    let mut checked = 0;
    for s in samples.iter().filter(|s| s.t >= 10.0) {
        let actual = end - s.t;
        let eta = s.eta.expect("an ETA once the job runs");
        // Calls go out in pairs every 2.5 s: near the end, one pair is the resolution.
        let allowed = (actual * 0.10).max(2.5);
        assert!(
            (eta - actual).abs() <= allowed,
            "t={:.0} s: ETA {eta:.1} s, actually {actual:.1} s left",
            s.t
        );
        checked += 1;
    }
    assert!(checked > 150);
}

#[tokio::test(start_paused = true)]
async fn in_flight_counts_calls_on_the_wire_and_the_rest_is_queued() {
    let (samples, _) = observe(120).await;
    let steady: Vec<_> = samples
        .iter()
        .filter(|s| s.t >= 5.0 && s.queued > 10)
        .collect();
    assert!(steady.len() > 30);
    for s in steady {
        // After the burst, two calls at most are on the wire (a pair every 2.5 s), while
        // everything not sent yet is queued, not "in flight".
        assert!(s.in_flight <= 2, "t={:.0}: {} in flight", s.t, s.in_flight);
    }
    let first = samples.iter().find(|s| s.t >= 5.0).unwrap();
    assert!(first.queued >= 90, "{}", first.queued);
}
