//! Start-up: from exec to the first frame with `--demo`, in a fresh pseudo-terminal.

use std::process::Command;

use crate::stats::summarize;

/// Runs `argv` `n` times under benches/pty_time.py; milliseconds per run.
fn times(n: usize, argv: &[&str]) -> Vec<f64> {
    pty_time(n, argv, &[])
        .lines()
        .filter_map(|l| l.trim().parse().ok())
        .collect()
}

/// Runs `argv` `n` times under benches/pty_time.py with `env`; its output.
fn pty_time(n: usize, argv: &[&str], env: &[(&str, &str)]) -> String {
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/benches/pty_time.py");
    let out = Command::new("python3")
        .arg(script)
        .arg(n.to_string())
        .args(argv)
        .envs(env.iter().copied())
        .output()
        .expect("python3");
    assert!(
        out.status.success(),
        "pty_time.py failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// (milliseconds, peak RSS in MiB) per run.
fn times_rss(n: usize, argv: &[&str], until: Option<&str>) -> Vec<(f64, f64)> {
    let mut env = vec![("PTY_TIME_RSS", "1")];
    if let Some(u) = until {
        env.push(("PTY_TIME_UNTIL", u));
    }
    pty_time(n, argv, &env)
        .lines()
        .filter_map(|l| {
            let (ms, kib) = l.trim().split_once(' ')?;
            Some((ms.parse().ok()?, kib.parse::<f64>().ok()? / 1024.0))
        })
        .collect()
}

/// A journal of `lines` lines as a long-used one looks: intent/outcome pairs of many runs,
/// and 10 intents a crashed run left without an outcome at the end.
fn write_journal(path: &std::path::Path, lines: usize) {
    use std::io::Write;
    let mut w = std::io::BufWriter::new(std::fs::File::create(path).unwrap());
    let line = |run: &str, phase: &str, job: usize, rev: usize, outcome: &str| {
        format!(
            "{{\"time\":\"2026-11-28T12:00:00.123456789Z\",\"run\":\"{run}\",\"phase\":\"{phase}\",\"action\":\"Deregister\",\"arn\":\"arn:aws:ecs:eu-west-1:123456789012:task-definition/family-{}:{rev}\",\"job\":{job},\"region\":\"eu-west-1\",\"profile\":\"prod\",\"endpoint\":null,\"account\":\"123456789012\",\"dry_run\":false,\"outcome\":{outcome},\"status\":null,\"attempts\":null,\"error\":null}}\n",
            rev % 500
        )
    };
    let pairs = (lines - 10) / 2;
    for i in 0..pairs {
        let run = format!(
            "20261128T1200{:02}.000Z-{}",
            i / 10_000 % 60,
            1000 + i / 10_000
        );
        let job = i / 1000;
        w.write_all(line(&run, "intent", job, i, "null").as_bytes())
            .unwrap();
        w.write_all(line(&run, "outcome", job, i, "\"ok\"").as_bytes())
            .unwrap();
    }
    for i in 0..lines - 2 * pairs {
        w.write_all(line("crashed", "intent", 1, pairs + i, "null").as_bytes())
            .unwrap();
    }
    w.flush().unwrap();
}

/// Start-up with a 1,000,000-line journal: to the first frame, and to the unfinished popup
/// (the whole file read), with peak RSS for each.
pub fn run_journal() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("journal.jsonl");
    let n = 1_000_000;
    write_journal(&path, n);
    let mib = std::fs::metadata(&path).unwrap().len() as f64 / (1024.0 * 1024.0);
    let bin = env!("CARGO_BIN_EXE_taskdefs");
    let j = path.to_str().unwrap();
    let first = [bin, "--demo", "--journal", j, "--exit-after-first-frame"];
    times_rss(2, &first, None);
    let f = times_rss(20, &first, None);
    let ft = summarize(f.iter().map(|x| x.0).collect());
    let fr = summarize(f.iter().map(|x| x.1).collect());
    let all = [bin, "--demo", "--journal", j];
    let p = times_rss(5, &all, Some("Unfinished"));
    let pt = summarize(p.iter().map(|x| x.0).collect());
    let pr = summarize(p.iter().map(|x| x.1).collect());
    println!(
        "journal start-up, {n} lines ({mib:.0} MiB, warm cache, --demo, 120x40 pty): first frame median {:.1} ms (min {:.1}, max {:.1}), peak RSS median {:.1} MiB (max {:.1}); goal ≤ 500 ms and ≤ 60 MB",
        ft.median, ft.min, ft.max, fr.median, fr.max
    );
    println!(
        "journal fully read (unfinished popup on screen): median {:.0} ms (min {:.0}, max {:.0}), peak RSS median {:.1} MiB (max {:.1})",
        pt.median, pt.min, pt.max, pr.median, pr.max
    );
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
