//! End to end, a good neighbour: the real binary deregisters 40 revisions in tmux against moto
//! enforcing ECS's real task definition buckets, while a deploy pipeline registers every 4 s
//! with the SDK's standard retries (3 attempts). With the default headroom no deploy fails,
//! every revision ends INACTIVE, and the journal records each one.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;
mod tmux;

use std::time::Duration;

use common::MotoServer;
use tmux::Tmux;

const WAIT: Duration = Duration::from_secs(30);

#[test]
fn deploys_keep_working_while_the_binary_deregisters_at_the_default_pace() {
    let moto = MotoServer::start();
    let seed = moto.seed();
    let arns = common::block_on(seed.register("cleanup", 40));
    moto.enforce_buckets(true);

    // The neighbour: its own thread and runtime, stopped once the job is done.
    let (stop_tx, stop_rx) = tokio::sync::watch::channel(false);
    let sdk = moto.sdk_config();
    let neighbour = std::thread::spawn(move || {
        common::block_on(common::neighbour::deploy_every_4s(sdk, stop_rx))
    });

    let dir = tempfile::tempdir().unwrap();
    let journal = dir.path().join("journal.jsonl");
    let env = moto.env();
    let env: Vec<(&str, &str)> = env.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let t = Tmux::start(
        env!("CARGO_BIN_EXE_taskdefs"),
        &["--journal", journal.to_str().unwrap()],
        &env,
        120,
        40,
    );
    t.wait_for("cleanup", WAIT);
    t.keys(&["Enter"]);
    t.wait_for("cleanup revisions 40", WAIT);
    t.keys(&["a", "d"]);
    let confirm = t.wait_for("type", WAIT);
    assert!(
        confirm.contains("leaving 20%"),
        "the confirmation states the pace policy:\n{confirm}"
    );
    t.text("40");
    t.keys(&["Enter"]);
    // 40 calls at 0.8/s after a burst, slower while the deploys draw on the bucket.
    t.wait_for("40 of 40 deregistered", Duration::from_secs(150));
    stop_tx.send(true).unwrap();
    let (ok, failed) = neighbour.join().unwrap();
    assert!(ok >= 3, "the neighbour barely ran: {ok}");
    assert_eq!(
        failed,
        0,
        "deploys failed while the job ran: {failed} of {}",
        ok + failed
    );
    let inactive = common::block_on(async {
        let mut n = 0;
        for a in &arns {
            if seed.status_of(a).await.as_deref() == Some("INACTIVE") {
                n += 1;
            }
        }
        n
    });
    assert_eq!(inactive, 40, "every revision ended INACTIVE");
    let text = std::fs::read_to_string(&journal).unwrap();
    let oks = text
        .lines()
        .filter(|l| l.contains("\"phase\":\"outcome\"") && l.contains("\"outcome\":\"ok\""))
        .count();
    assert_eq!(oks, 40, "one ok outcome per revision in the journal");
    t.keys(&["Escape"]);
    std::thread::sleep(Duration::from_millis(300));
    t.keys(&["q"]);
    t.wait_for("__EXIT=0", WAIT);
}
