//! End to end: the real binary in tmux against moto. Filter to a family, open a revision,
//! read a container's image, check a plaintext env value stays masked, deregister it with
//! confirmation, then check through moto's API that only that revision became INACTIVE.

mod common;
mod tmux;

use std::time::Duration;

use common::MotoServer;
use tmux::Tmux;

const WAIT: Duration = Duration::from_secs(20);

#[test]
fn browse_filter_inspect_and_deregister_one() {
    let moto = MotoServer::start();
    let seed = moto.seed();
    let arns = common::block_on(async {
        for f in ["alpha-api", "billing-worker", "zeta-cron"] {
            seed.register(f, 2).await;
        }
        let mut arns = Vec::new();
        for _ in 0..3 {
            arns.push(seed.register_detailed("gunicorn-app").await);
        }
        arns
    });
    let journal = tempfile::tempdir().unwrap();
    let journal_path = journal.path().join("journal.jsonl");
    let env = moto.env();
    let env: Vec<(&str, &str)> = env.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let t = Tmux::start(
        env!("CARGO_BIN_EXE_taskdefs"),
        &["--journal", journal_path.to_str().unwrap()],
        &env,
        120,
        40,
    );
    t.wait_for("billing-worker", WAIT);
    t.keys(&["/"]);
    t.text("GUNI");
    t.keys(&["Enter"]);
    t.wait_for("1/4", WAIT);
    t.keys(&["Enter"]);
    // Newest first: 3, 2, 1. Move to revision 2 and open the detail pane.
    t.wait_for("gunicorn-app revisions 3", WAIT);
    t.keys(&["j", "Enter"]);
    let screen = t.wait_for("danriti/gunicorn-flask", WAIT);
    assert!(
        screen.contains("gunicorn-app:2"),
        "detail shows the selected revision:\n{screen}"
    );
    assert!(
        screen.contains("DATABASE_PASSWORD"),
        "env var names are shown:\n{screen}"
    );
    assert!(
        !screen.contains("hunter2-plaintext"),
        "env values are masked by default:\n{screen}"
    );

    t.keys(&["d"]);
    let screen = t.wait_for("Deregister gunicorn-app:2?", WAIT);
    assert!(
        screen.contains("n/Esc"),
        "the default is spelled out:\n{screen}"
    );
    t.keys(&["y"]);
    t.wait_for("Deregistered gunicorn-app:2", WAIT);

    let statuses = common::block_on(async {
        let mut v = Vec::new();
        for a in &arns {
            v.push(seed.status_of(a).await);
        }
        v
    });
    assert_eq!(
        statuses,
        vec![
            Some("ACTIVE".to_string()),
            Some("INACTIVE".to_string()),
            Some("ACTIVE".to_string())
        ],
        "only revision 2 was deregistered"
    );
    let journal_text = std::fs::read_to_string(&journal_path).unwrap();
    assert_eq!(
        journal_text.lines().count(),
        2,
        "intent and outcome:\n{journal_text}"
    );
    assert!(journal_text.contains("gunicorn-app:2"));

    t.keys(&["q"]);
    let screen = t.wait_for("__EXIT=0", WAIT);
    assert!(
        !screen.contains("billing-worker"),
        "the alternate screen was left:\n{screen}"
    );
}
