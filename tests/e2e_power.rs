//! End to end: the real binary in tmux against moto. Compare two revisions (`c`), search the
//! diff (`/`, `n`), then switch profile and region with `:` commands (Tab completes the
//! profile from AWS_CONFIG_FILE), see a bad profile refused with the old context kept, and
//! quit with `:q`.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;
mod tmux;

use std::time::Duration;

use common::MotoServer;
use serde_json::json;
use tmux::Tmux;

const WAIT: Duration = Duration::from_secs(20);

#[test]
fn diff_search_and_switch_context_with_commands() {
    let moto = MotoServer::start();
    let seed = moto.seed();
    common::block_on(async {
        let mut input = common::seed::detailed_input("gunicorn-app");
        seed.register_json(&input).await;
        input["containerDefinitions"][0]["image"] = json!("danriti/gunicorn-flask:v2");
        input["containerDefinitions"][0]["environment"][0]["value"] = json!("changed-secret");
        seed.register_json(&input).await;
    });
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("config");
    std::fs::write(&config, "[profile prod-a]\nregion = us-east-1\n").unwrap();
    let mut env = moto.env();
    for (k, v) in env.iter_mut() {
        if *k == "AWS_CONFIG_FILE" {
            *v = config.to_str().unwrap().to_string();
        }
    }
    let env: Vec<(&str, &str)> = env.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let t = Tmux::start(
        env!("CARGO_BIN_EXE_taskdefs"),
        &["--read-only"],
        &env,
        120,
        40,
    );
    t.wait_for("gunicorn-app", WAIT);
    t.keys(&["Enter"]);
    t.wait_for("gunicorn-app revisions 2", WAIT);

    // The newest against the previous ACTIVE one.
    t.keys(&["c"]);
    let screen = t.wait_for("diff gunicorn-app:1→2", WAIT);
    let screen = if screen.contains("gunicorn-flask:v2") {
        screen
    } else {
        t.wait_for("gunicorn-flask:v2", WAIT)
    };
    assert!(
        screen.contains("~ containerDefinitions[gunicorn"),
        "{screen}"
    );
    assert!(screen.contains("value: changed (value"), "{screen}");
    assert!(!screen.contains("changed-secret"), "masked:\n{screen}");

    // Search the diff: the title counts the matches.
    t.keys(&["/"]);
    t.text("gunicorn");
    t.keys(&["Enter"]);
    let screen = t.wait_until("a match count", WAIT, |s| s.contains("/gunicorn 1/"));
    assert!(!screen.contains("no match"), "{screen}");
    t.keys(&["n"]);
    t.wait_until("the second match", WAIT, |s| s.contains("/gunicorn 2/"));
    t.text("/");
    t.text("changed-secret");
    t.keys(&["Enter"]);
    t.wait_for("/changed-secret no match", WAIT);
    // Esc drops the search, Esc closes the diff, Esc leaves the pane; mark the revision.
    // (One at a time: escapes sent together arrive as Alt sequences.)
    t.keys(&["Escape"]);
    t.wait_until("the search dropped", WAIT, |s| {
        !s.contains("/changed-secret")
    });
    t.keys(&["Escape"]);
    t.wait_until("the revision back in the pane", WAIT, |s| {
        !s.contains("diff gunicorn-app") && s.contains("gunicorn-app:2")
    });
    t.keys(&["Escape"]);
    t.wait_for("╔ gunicorn-app revisions", WAIT);
    t.keys(&["Space"]);
    t.wait_for("● 1 marked", WAIT);

    // :profile with Tab completion from AWS_CONFIG_FILE.
    t.text(":");
    t.text("profile pro");
    t.keys(&["Tab"]);
    t.wait_for(":profile prod-a", WAIT);
    t.keys(&["Enter"]);
    let screen = t.wait_for("1 mark cleared", WAIT);
    assert!(screen.contains("profile prod-a"), "{screen}");
    t.wait_for("gunicorn-app", WAIT);

    // Another region of the same moto: no families there.
    t.text(":region eu-west-1");
    t.keys(&["Enter"]);
    t.wait_for("Now on eu-west-1", WAIT);
    t.wait_until("the new region's (empty) families", WAIT, |s| {
        s.contains("Families ACTIVE 0") && !s.contains("gunicorn-app revisions")
    });

    // A profile that does not exist: one sentence, and the old context stays.
    t.text(":profile ghost");
    t.keys(&["Enter"]);
    let screen = t.wait_for("Still on eu-west-1", WAIT);
    assert!(screen.contains("profile 'ghost' not found"), "{screen}");

    t.text(":q");
    t.keys(&["Enter"]);
    t.wait_for("__EXIT=0", WAIT);
}
