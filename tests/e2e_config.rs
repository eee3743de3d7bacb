//! End to end: a key override from the config file changes what the key does and what `?`
//! help and the status-bar hints say (the real binary in tmux, on the demo account).

mod tmux;

use std::time::Duration;

use tmux::Tmux;

const WAIT: Duration = Duration::from_secs(20);

#[test]
fn a_key_override_changes_dispatch_help_and_hints() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("taskdefs")).unwrap();
    std::fs::write(
        dir.path().join("taskdefs/config.toml"),
        "keep = 7\n\n[keys]\nderegister = \"x\"\n",
    )
    .unwrap();
    let xdg = dir.path().to_str().unwrap();
    let t = Tmux::start(
        env!("CARGO_BIN_EXE_taskdefs"),
        &["--demo"],
        &[("XDG_CONFIG_HOME", xdg)],
        120,
        70,
    );
    // Start-up settled (families listed, in-use scan done) before the first key.
    t.wait_for("in-use scan just now", WAIT);
    t.wait_for("⇅ 0 in flight", WAIT);
    t.keys(&["Enter"]);
    // The hints name the new key.
    t.wait_for("x deregister marked (else current)", WAIT);
    // `d` is no longer bound: it opens nothing, so the next key, `?`, opens the help.
    t.keys(&["d", "?"]);
    let help = t.wait_for("Revisions pane", WAIT);
    assert!(!help.contains("Deregister admin-portal"), "{help}");
    let line = help
        .lines()
        .find(|l| l.contains("deregister marked (else current)"))
        .unwrap_or_else(|| panic!("no deregister line in help:\n{help}"));
    assert!(line.contains("  x  "), "help shows the override: {line}");
    // `?` closes it (an Escape followed closely by `x` could read as Alt-x).
    t.keys(&["?"]);
    t.wait_until("help closed", WAIT, |s| !s.contains("Revisions pane"));
    // `x` deregisters (asks first, and `n` declines).
    t.keys(&["x"]);
    t.wait_for("Deregister admin-portal", WAIT);
    t.keys(&["n"]);
    t.wait_until("confirmation closed", WAIT, |s| {
        !s.contains("Deregister admin-portal")
    });
    // The file's keep default fills the keep-newest-N prompt.
    t.keys(&["K"]);
    let screen = t.wait_for("Keep newest N", WAIT);
    assert!(screen.contains("Keep the newest 7"), "{screen}");
}
