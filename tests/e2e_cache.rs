//! End to end: the real binary in tmux against moto, twice. The first run browses a family
//! and quits; its cache holds the rows' facts and nothing secret, 0600 in a 0700 directory.
//! The second run paints that family's rows with details while their listing is still held
//! back by the server, and describes nothing meanwhile; with `--no-cache` it does not.

mod common;
mod tmux;

use std::os::unix::fs::PermissionsExt as _;
use std::time::Duration;

use common::{Fault, MotoServer};
use tmux::Tmux;

const WAIT: Duration = Duration::from_secs(20);
const BIN: &str = env!("CARGO_BIN_EXE_taskdefs");

fn start(moto: &MotoServer, args: &[&str]) -> Tmux {
    let env = moto.env();
    let env: Vec<(&str, &str)> = env.iter().map(|(k, v)| (*k, v.as_str())).collect();
    Tmux::start(BIN, args, &env, 120, 40)
}

#[test]
fn the_second_start_paints_the_last_family_from_the_cache() {
    let moto = MotoServer::start();
    let seed = moto.seed();
    common::block_on(async {
        seed.register("alpha-api", 2).await;
        for _ in 0..3 {
            seed.register_detailed("gunicorn-app").await;
        }
    });
    let cache_dir = moto
        .env()
        .into_iter()
        .find(|(k, _)| *k == "XDG_CACHE_HOME")
        .map(|(_, v)| std::path::PathBuf::from(v).join("taskdefs"))
        .unwrap();

    // First run: open gunicorn-app, let its rows be described, quit.
    let t = start(&moto, &["--read-only"]);
    t.wait_for("gunicorn-app", WAIT);
    t.keys(&["j", "Enter"]);
    t.wait_for("gunicorn-app revisions 3", WAIT);
    t.wait_until("rows with details", WAIT, |s| {
        s.matches("icorn-flask").count() >= 3
    });
    t.keys(&["q"]);
    t.wait_for("__EXIT=0", WAIT);

    let mode = |p: &std::path::Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode(&cache_dir), 0o700);
    let mut files = 0;
    for e in std::fs::read_dir(&cache_dir).unwrap() {
        let path = e.unwrap().path();
        files += 1;
        assert_eq!(mode(&path), 0o600, "{}", path.display());
        let text = std::fs::read_to_string(&path).unwrap();
        for secret in [
            "hunter2-plaintext",
            "DATABASE_PASSWORD",
            "secret:api-key",
            "parameter/db/url",
            "payments",
        ] {
            assert!(!text.contains(secret), "{secret} in {}", path.display());
        }
    }
    assert_eq!(files, 2, "the summaries and the front");

    // Second run: the family's revisions listing answers only after 8 s; the cache paints
    // its rows before that. (The families listing is left alone: the start-up check reads it.)
    moto.inject(&Fault::delay(
        "ListTaskDefinitions",
        Duration::from_secs(8),
        1,
    ));
    moto.reset_calls();
    let t = start(&moto, &["--read-only"]);
    let screen = t.wait_until("cached rows with details", Duration::from_secs(6), |s| {
        s.contains("gunicorn-app revisions 3") && s.matches("icorn-flask").count() >= 3
    });
    assert!(
        screen.contains("alpha-api"),
        "the families are there:\n{screen}"
    );
    assert!(
        screen.contains("just now"),
        "rows carry their age:\n{screen}"
    );
    let calls = moto.calls();
    assert_eq!(
        calls.get("DescribeTaskDefinition").copied().unwrap_or(0),
        0,
        "nothing described for the rows on screen: {calls:?}"
    );
    t.keys(&["q"]);
    t.wait_for("__EXIT=0", WAIT);
    drop(t);

    // Third run with --no-cache, the listing held back again: no rows until it answers.
    moto.inject(&Fault::delay(
        "ListTaskDefinitions",
        Duration::from_secs(6),
        1,
    ));
    let t = start(&moto, &["--read-only", "--no-cache"]);
    let screen = t.wait_for("alpha-api", WAIT);
    std::thread::sleep(Duration::from_secs(2));
    let screen = format!("{screen}{}", t.screen());
    assert!(
        !screen.contains("icorn-flask"),
        "--no-cache paints nothing from the cache:\n{screen}"
    );
    t.keys(&["q"]);
    t.wait_for("__EXIT=0", WAIT);
}
