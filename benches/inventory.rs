//! Inventory: every family and revision of 10,000 revisions in 500 families, from the patched
//! moto server: `taskdefs list` against the AWS CLI (`list-task-definition-families` plus
//! `list-task-definitions`) on the same server, in the same run, the real read bucket enforced
//! by the server (issue 11, §4): calls and throttled calls counted by the server.

use std::process::Command;
use std::time::Instant;

use crate::common::MotoServer;
use crate::stats::summarize;

const FAMILIES: usize = 500;
const PER_FAMILY: u32 = 20;

fn timed(program: &str, args: &[&str], env: &[(&'static str, String)]) -> (f64, usize) {
    let t = Instant::now();
    let out = Command::new(program)
        .args(args)
        .envs(env.iter().map(|(k, v)| (*k, v.as_str())))
        .output()
        .expect(program);
    let ms = t.elapsed().as_secs_f64() * 1e3;
    assert!(
        out.status.success(),
        "{program} {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    (ms, out.stdout.len())
}

pub fn run() {
    let moto = MotoServer::start();
    let seed = moto.seed();
    let t = Instant::now();
    let families: Vec<String> = (0..FAMILIES).map(|i| format!("inv-{i:03}")).collect();
    crate::common::block_on(seed.register_many(&families, PER_FAMILY));
    eprintln!(
        "seeded {} revisions in {:.0} s",
        FAMILIES as u32 * PER_FAMILY,
        t.elapsed().as_secs_f64()
    );
    let env = moto.env();
    let bin = env!("CARGO_BIN_EXE_taskdefs");
    let aws = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(".venv/bin/aws");
    let aws = aws.to_str().expect("utf-8 path");
    let endpoint = moto.endpoint();
    let ours_args = ["list", "--status", "all"];
    let fam_args = [
        "ecs",
        "list-task-definition-families",
        "--status",
        "ALL",
        "--endpoint-url",
        &endpoint,
        "--output",
        "text",
    ];
    let td_args = [
        "ecs",
        "list-task-definitions",
        "--endpoint-url",
        &endpoint,
        "--output",
        "text",
    ];
    let td_inactive = [
        "ecs",
        "list-task-definitions",
        "--status",
        "INACTIVE",
        "--endpoint-url",
        &endpoint,
        "--output",
        "text",
    ];

    // The real read bucket from here on (burst 50, then 20 per second); every run starts
    // with it full again.
    moto.enforce_buckets_with_reads();
    let refill = || std::thread::sleep(std::time::Duration::from_secs(3));
    let mut lines = Vec::new();
    for (policy, extra, share) in [
        ("--headroom 0", vec!["--headroom", "0"], (50.0, 20.0)),
        ("default", vec![], (40.0, 16.0)),
    ] {
        let args: Vec<&str> = ours_args.iter().copied().chain(extra).collect();
        let mut times = Vec::new();
        let mut calls = Vec::new();
        let mut throttled = Vec::new();
        for _ in 0..5 {
            refill();
            moto.reset_calls();
            times.push(timed(bin, &args, &env).0);
            let counts = moto.calls();
            throttled.push(counts.get("throttled").copied().unwrap_or(0));
            calls.push(
                counts
                    .iter()
                    .filter(|(k, _)| *k != "throttled")
                    .map(|(_, v)| v)
                    .sum::<u64>(),
            );
        }
        let t = summarize(times);
        let n = calls.iter().copied().max().unwrap_or(0);
        let floor_ms = (n as f64 - share.0).max(0.0) / share.1 * 1e3;
        lines.push(format!(
            "inventory {policy}: taskdefs list median {:.0} ms (min {:.0}, max {:.0}), {n} calls, throttled per run {throttled:?} | floor (calls − {}) / {} = {floor_ms:.0} ms, {:.3}x",
            t.median, t.min, t.max, share.0, share.1, t.median / floor_ms
        ));
    }
    let mut cli = Vec::new();
    let mut cli_throttled = Vec::new();
    let mut cli_calls = 0;
    for _ in 0..5 {
        refill();
        moto.reset_calls();
        cli.push(
            timed(aws, &fam_args, &env).0
                + timed(aws, &td_args, &env).0
                + timed(aws, &td_inactive, &env).0,
        );
        let counts = moto.calls();
        cli_throttled.push(counts.get("throttled").copied().unwrap_or(0));
        cli_calls = counts
            .iter()
            .filter(|(k, _)| *k != "throttled")
            .map(|(_, v)| v)
            .sum::<u64>();
    }
    let c = summarize(cli);
    println!(
        "inventory {FAMILIES} families / {} revisions (ACTIVE+INACTIVE) from moto enforcing the read bucket:",
        FAMILIES as u32 * PER_FAMILY
    );
    for l in lines {
        println!("  {l}");
    }
    println!(
        "  aws cli (3 list calls) median {:.0} ms (min {:.0}, max {:.0}), {cli_calls} calls, throttled per run {cli_throttled:?}",
        c.median, c.min, c.max
    );
}
