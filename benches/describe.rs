//! Describe budget: `j` held down (30 repeats a second) over 1,000 revisions.

use std::sync::Arc;
use std::time::Duration;

use jiff::Timestamp;
use taskdefs::app::update::{init, update};
use taskdefs::app::{Action, AppState};
use taskdefs::ecs::fake::{FakeEcs, Faults};
use taskdefs::ecs::{EcsApi, TdStatus};
use taskdefs::jobs::{JobContext, RateConfig};
use taskdefs::worker::{READ_PER_SEC, Worker};

const REVISIONS: usize = 1000;

pub fn run() {
    let rt = crate::stats::paused_runtime();
    rt.block_on(async {
        let fake = Arc::new(FakeEcs::new().with_faults(Faults {
            latency: (Duration::from_millis(30), Duration::from_millis(80)),
            enforce_buckets: true,
            ..Faults::default()
        }));
        for _ in 0..REVISIONS {
            fake.register(serde_json::json!({"family": "held", "containerDefinitions": [{"name": "a", "image": "nginx", "memory": 128}]}));
        }
        let api: Arc<dyn EcsApi> = fake.clone();
        let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
        let ctx = JobContext { journal: None, meta: Default::default(), dry_run: false, read_only: false };
        let mut worker = Worker::new(api, tx, RateConfig::default(), ctx);
        let mut state = AppState { size: (120, 40), ..Default::default() };
        let t0: Timestamp = "2026-11-28T12:00:00Z".parse().expect("time");
        let start = tokio::time::Instant::now();
        let now = |start: tokio::time::Instant| t0 + jiff::SignedDuration::try_from(start.elapsed()).unwrap_or_default();
        for fx in init(&mut state, now(start)) {
            worker.run(fx);
        }
        let describes = |f: &FakeEcs| f.calls().by_op.get("DescribeTaskDefinition").copied().unwrap_or(0);
        // Load the family, open it.
        let pump = |state: &mut AppState, worker: &mut Worker, rx: &mut tokio::sync::mpsc::UnboundedReceiver<Action>, a: Action, t: Timestamp| {
            for fx in update(state, a, t) {
                worker.run(fx);
            }
            while let Ok(r) = rx.try_recv() {
                for fx in update(state, r, t) {
                    worker.run(fx);
                }
            }
        };
        for _ in 0..50 {
            tokio::time::sleep(Duration::from_millis(100)).await;
            pump(&mut state, &mut worker, &mut rx, Action::Tick, now(start));
        }
        pump(&mut state, &mut worker, &mut rx, Action::Enter, now(start));
        for _ in 0..50 {
            tokio::time::sleep(Duration::from_millis(100)).await;
            pump(&mut state, &mut worker, &mut rx, Action::Tick, now(start));
        }
        assert_eq!(state.revisions.rows.len(), REVISIONS, "the family loaded");
        let before = describes(&fake);
        // Hold j: 30 repeats a second, ticks every 100 ms, sampling describes per second.
        let mut per_second = Vec::new();
        let mut last = describes(&fake);
        for i in 0..(REVISIONS - 1) {
            tokio::time::sleep(Duration::from_millis(33)).await;
            pump(&mut state, &mut worker, &mut rx, Action::Down, now(start));
            if i % 3 == 2 {
                pump(&mut state, &mut worker, &mut rx, Action::Tick, now(start));
            }
            if i % 30 == 29 {
                let d = describes(&fake);
                per_second.push(d - last);
                last = d;
            }
        }
        let during = describes(&fake) - before;
        // Let it settle.
        for _ in 0..60 {
            tokio::time::sleep(Duration::from_millis(100)).await;
            pump(&mut state, &mut worker, &mut rx, Action::Tick, now(start));
        }
        let after = describes(&fake) - before - during;
        let max_per_sec = per_second.iter().copied().max().unwrap_or(0);
        let _ = TdStatus::Active;
        println!(
            "describe budget: j held 30/s over {REVISIONS} revisions: {during} describes while held (max {max_per_sec} in any 1 s, budget {READ_PER_SEC}/s), {after} after the cursor settled at row {} (screen + prefetch)",
            state.revisions.cursor.selected
        );
    });
}
