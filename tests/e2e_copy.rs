//! End to end: the real binary in tmux (with `set-clipboard on`) against moto. `y` puts the
//! current revision's ARN on tmux's clipboard through OSC 52; `Y` the JSON, with environment
//! values masked, as valid JSON.

mod common;
mod tmux;

use std::time::{Duration, Instant};

use common::MotoServer;
use tmux::Tmux;

const WAIT: Duration = Duration::from_secs(20);

/// Waits until tmux's newest buffer satisfies `pred`.
fn wait_buffer(t: &Tmux, pred: impl Fn(&str) -> bool) -> String {
    let start = Instant::now();
    loop {
        if let Some(b) = t.buffer().filter(|b| pred(b)) {
            return b;
        }
        assert!(
            start.elapsed() < WAIT,
            "no such buffer: {:?}; screen:\n{}",
            t.buffer(),
            t.screen()
        );
        std::thread::sleep(Duration::from_millis(100));
    }
}

#[test]
fn y_and_big_y_copy_the_arn_and_the_masked_json_through_tmux() {
    let moto = MotoServer::start();
    let seed = moto.seed();
    let arn = common::block_on(async {
        seed.register("alpha-api", 1).await;
        seed.register_detailed("gunicorn-app").await
    });
    let env = moto.env();
    let env: Vec<(&str, &str)> = env.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let t = Tmux::start(env!("CARGO_BIN_EXE_taskdefs"), &[], &env, 120, 40);
    t.set_option("set-clipboard", "on");
    t.wait_for("gunicorn-app", WAIT);
    // Start-up settled (in-use scan done) before the first key.
    t.wait_for("in-use scan just now", WAIT);
    t.keys(&["j", "Enter"]);
    t.wait_for("gunicorn-app revisions 1", WAIT);
    t.wait_for("danriti/gunicorn-flask", WAIT);

    t.keys(&["y"]);
    let screen = t.wait_for("Copied the ARN of gunicorn-app:1", WAIT);
    assert!(
        screen.contains(&format!("({} bytes)", arn.len())),
        "the flash counts bytes:\n{screen}"
    );
    assert_eq!(wait_buffer(&t, |b| b.starts_with("arn:")), arn);

    t.keys(&["Y"]);
    t.wait_for("Copied gunicorn-app:1 JSON", WAIT);
    let json = wait_buffer(&t, |b| b.starts_with('{'));
    let v: serde_json::Value = serde_json::from_str(&json).expect("the copy is valid JSON");
    assert_eq!(v["taskDefinitionArn"], arn.as_str());
    assert!(json.contains("DATABASE_PASSWORD"), "{json}");
    assert!(
        !json.contains("hunter2-plaintext"),
        "masked by default:\n{json}"
    );
}
