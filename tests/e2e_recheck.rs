//! End to end: a service created after taskdefs started (and after its in-use scan) is seen
//! by the job's re-check, so keep-newest-N skips the revision it uses instead of deregistering
//! it, and the summary names the service.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;
mod tmux;

use std::time::Duration;

use common::MotoServer;
use tmux::Tmux;

const WAIT: Duration = Duration::from_secs(30);

#[test]
fn a_service_created_after_the_scan_keeps_its_revision() {
    let moto = MotoServer::start();
    let seed = moto.seed();
    let arns = common::block_on(seed.register("payments-api", 6));
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
    t.wait_for("payments-api", WAIT);
    t.keys(&["Enter"]);
    t.wait_for("payments-api revisions 6", WAIT);
    t.wait_until("the first in-use scan", WAIT, |s| {
        s.contains("in-use scan just now")
    });
    // From another terminal, a deploy points a new service at payments-api:2.
    common::block_on(async {
        seed.create_cluster("prod").await;
        seed.create_service("prod", "payments", &arns[1]).await;
    });
    t.keep_newest(3, WAIT);
    let screen = t.wait_for("Deregister 3 revisions", WAIT);
    assert!(
        screen.contains("re-checked before the first call"),
        "the confirmation shows the scan's age and the re-check:\n{screen}"
    );
    assert!(
        screen.contains("In-use scan just now"),
        "scan age in the confirmation:\n{screen}"
    );
    assert!(
        !screen.contains("⚑"),
        "the stale scan does not know the new service yet:\n{screen}"
    );
    t.keys(&["y"]);
    let screen = t.wait_for("now used by prod/payments", WAIT);
    assert!(
        screen.contains("payments-api:2 — skipped: now used by prod/payments (service)"),
        "the summary names the skipped revision and its service:\n{screen}"
    );
    assert!(screen.contains("1 skipped"), "{screen}");
    let got = common::block_on(async {
        let mut v = Vec::new();
        for a in &arns {
            v.push(seed.status_of(a).await.unwrap_or_default());
        }
        v
    });
    assert_eq!(
        got,
        [
            "INACTIVE", "ACTIVE", "INACTIVE", "ACTIVE", "ACTIVE", "ACTIVE"
        ],
        "payments-api:2 stays ACTIVE; 1 and 3 are deregistered; the newest 3 stay"
    );
    // The skipped revision was never called: no journal line names it.
    let journaled = std::fs::read_to_string(&journal).unwrap();
    assert!(
        !journaled.contains(&format!("\"{}\"", arns[1])),
        "{journaled}"
    );
    // Esc and q apart: sent together a terminal reads them as Alt-q.
    t.keys(&["Escape"]);
    std::thread::sleep(Duration::from_millis(300));
    t.keys(&["q"]);
    t.wait_for("__EXIT=0", WAIT);
}
