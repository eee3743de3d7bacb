//! End to end on the demo account in tmux: `z` zooms the detail to the whole screen, the JSON
//! view scrolls sideways with `→` instead of wrapping, and `o` sorts (named in the title).

mod tmux;

use std::time::Duration;

use tmux::Tmux;

const WAIT: Duration = Duration::from_secs(20);

#[test]
fn zoom_json_sideways_and_sort() {
    let t = Tmux::start(env!("CARGO_BIN_EXE_taskdefs"), &["--demo"], &[], 120, 32);
    // Start-up settled (families listed, in-use scan done) before the first key.
    t.wait_for("in-use scan just now", WAIT);
    t.wait_for("⇅ 0 in flight", WAIT);
    t.keys(&["o"]);
    t.wait_for("· by revisions", WAIT);
    t.keys(&["o", "o", "Enter"]);
    // The revisions pane has the keyboard once its hints show.
    t.wait_for("Space mark / unmark", WAIT);
    t.keys(&["z"]);
    let zoomed = t.wait_for("z unzoom", WAIT);
    assert!(
        !zoomed.contains("┌ Families"),
        "the lists are hidden:\n{zoomed}"
    );
    // Zoomed at 120 columns, the ARN fits on one line (the 47-column pane cuts it).
    assert!(
        zoomed.contains("arn:aws:ecs:us-east-1:123456789012:task-definition/admin-portal:17"),
        "{zoomed}"
    );
    t.keys(&["J"]);
    t.wait_for("· JSON", WAIT);
    for _ in 0..3 {
        t.keys(&["Right"]);
    }
    let moved = t.wait_for("from column 25", WAIT);
    assert!(moved.contains("←/→ sideways"), "{moved}");
    t.keys(&["z"]);
    t.wait_for("┌ Families", WAIT);
}
