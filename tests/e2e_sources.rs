//! End to end: a Step Functions state machine that runs payments-api:2 protects it like a
//! service does: a badge in the list, its name in the detail pane and the confirmation, and a
//! second confirmation before it can be deregistered.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;
mod tmux;

use std::time::Duration;

use aws_sdk_ecs::config::{BehaviorVersion, Credentials, Region, SharedCredentialsProvider};
use common::MotoServer;
use common::moto::REGION;
use tmux::Tmux;

const WAIT: Duration = Duration::from_secs(30);

#[test]
fn a_state_machine_protects_its_revision_with_a_badge_and_a_second_confirmation() {
    let moto = MotoServer::start();
    let seed = moto.seed();
    let arns = common::block_on(seed.register("payments-api", 4));
    let cfg = aws_config::SdkConfig::builder()
        .behavior_version(BehaviorVersion::latest())
        .region(Region::new(REGION))
        .credentials_provider(SharedCredentialsProvider::new(Credentials::new(
            "testing", "testing", None, None, "tests",
        )))
        .endpoint_url(moto.endpoint())
        .build();
    let definition = serde_json::json!({"StartAt": "Pay", "States": {"Pay": {
        "Type": "Task", "Resource": "arn:aws:states:::ecs:runTask.sync",
        "Parameters": {"TaskDefinition": "payments-api:2"}, "End": true}}});
    common::block_on(async {
        aws_sdk_sfn::Client::new(&cfg)
            .create_state_machine()
            .name("payments-flow")
            .definition(definition.to_string())
            .role_arn("arn:aws:iam::123456789012:role/sfn")
            .send()
            .await
            .unwrap();
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
    t.wait_for("payments-api", WAIT);
    t.keys(&["Enter"]);
    t.wait_for("payments-api revisions 4", WAIT);
    let screen = t.wait_until("the first in-use scan", WAIT, |s| {
        s.contains("in-use scan just now")
    });
    assert!(
        screen.contains('⚑'),
        "the badge on payments-api:2:\n{screen}"
    );
    assert!(
        !screen.contains("unchecked"),
        "every source was read:\n{screen}"
    );
    // Newest first: 4, 3, 2.
    t.keys(&["j", "j"]);
    t.wait_for("payments-flow/Pay (state machine)", WAIT);
    t.keys(&["Space", "d"]);
    let screen = t.wait_for("in use: payments-flow/Pay (state machine)", WAIT);
    assert!(screen.contains("1 is in use"), "{screen}");
    t.keys(&["y"]);
    let screen = t.wait_for("confirm again", WAIT);
    assert!(screen.contains("IN USE"), "{screen}");
    t.keys(&["n"]);
    std::thread::sleep(Duration::from_millis(300));
    assert_eq!(
        common::block_on(seed.status_of(&arns[1])).as_deref(),
        Some("ACTIVE")
    );
    t.keys(&["Escape"]);
    std::thread::sleep(Duration::from_millis(300));
    t.keys(&["q"]);
    t.wait_for("__EXIT=0", WAIT);
}
