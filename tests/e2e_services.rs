//! End to end: the real binary in tmux against moto. `S` lists the services that run
//! revisions of the current family, with desired and running counts, and Enter on one moves
//! the revisions cursor to the revision it runs.

mod common;
mod tmux;

use std::time::Duration;

use common::MotoServer;
use tmux::Tmux;

const WAIT: Duration = Duration::from_secs(30);

#[test]
fn services_view_lists_the_family_services_and_enter_jumps_to_the_revision() {
    let moto = MotoServer::start();
    let seed = moto.seed();
    common::block_on(async {
        seed.register("billing", 3).await;
        seed.register("web", 4).await;
        seed.create_cluster("prod").await;
        seed.create_cluster("staging").await;
        seed.create_service("prod", "web-svc", "web:2").await;
        seed.create_service("staging", "web-canary", "web:4").await;
        seed.create_service("prod", "billing-svc", "billing:3")
            .await;
    });
    let env = moto.env();
    let env: Vec<(&str, &str)> = env.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let t = Tmux::start(env!("CARGO_BIN_EXE_taskdefs"), &[], &env, 120, 40);
    t.wait_for("billing", WAIT);
    // Start-up settled (in-use scan done) before the first key.
    t.wait_for("in-use scan just now", WAIT);
    t.keys(&["j", "Enter"]);
    t.wait_for("web revisions 4", WAIT);
    // The in-use scan has finished once the revisions carry its badge.
    t.wait_for("⚑", WAIT);
    t.keys(&["S"]);
    let screen = t.wait_for("Services and tasks using web", WAIT);
    let screen = if screen.contains("web-canary") {
        screen
    } else {
        t.wait_for("web-canary", WAIT)
    };
    assert!(screen.contains("2 services"), "{screen}");
    assert!(
        !screen.contains("billing-svc"),
        "other families stay out:\n{screen}"
    );
    let line = screen
        .lines()
        .find(|l| l.contains("web-svc"))
        .unwrap_or_else(|| panic!("no web-svc row:\n{screen}"));
    assert!(line.contains("web:2"), "{line}");
    // Moto reports desiredCount as created (1) and runningCount 0: short, so flagged.
    assert!(
        line.contains("1     0 ⚠"),
        "desired and running counts: {line}"
    );
    // Rows are sorted by cluster: prod/web-svc first. Enter jumps to web:2.
    t.keys(&["Enter"]);
    let screen = t.wait_until("the detail of web:2", WAIT, |s| {
        !s.contains("Services and tasks using")
            && (s.contains("┌ web:2 ") || s.contains("╔ web:2 "))
    });
    assert!(screen.contains("web:2"), "{screen}");
}
