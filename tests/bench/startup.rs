//! Start-up: from exec to the first frame with `--demo`, in a fresh pseudo-terminal.

use std::process::Command;

use crate::stats::summarize;

/// Runs `argv` `n` times under tests/bench/pty_time.py; milliseconds per run.
fn times(n: usize, argv: &[&str]) -> Vec<f64> {
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/bench/pty_time.py");
    let out = Command::new("python3")
        .arg(script)
        .arg(n.to_string())
        .args(argv)
        .output()
        .expect("python3");
    assert!(
        out.status.success(),
        "pty_time.py failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter_map(|l| l.trim().parse().ok())
        .collect()
}

pub fn run() {
    let bin = env!("CARGO_BIN_EXE_taskdefs");
    let app = [bin, "--demo", "--exit-after-first-frame"];
    times(3, &app);
    let f = summarize(times(50, &app));
    let b = summarize(times(50, &["/bin/true"]));
    println!(
        "start-up exec → first frame → exit (--demo, 120x40 pty): median {:.1} ms (min {:.1}, max {:.1}); /bin/true the same way {:.1} ms; goal ≤ 30 ms",
        f.median, f.min, f.max, b.median
    );
}
