//! Inventory: every family and revision of 10,000 revisions in 500 families, from the patched
//! moto server: `taskdefs list` against the AWS CLI (`list-task-definition-families` plus
//! `list-task-definitions`) on the same server, in the same run.

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

    // Calls made, once each.
    moto.reset_calls();
    timed(bin, &ours_args, &env);
    let ours_calls: u64 = moto.calls().values().sum();
    moto.reset_calls();
    timed(aws, &fam_args, &env);
    timed(aws, &td_args, &env);
    timed(aws, &td_inactive, &env);
    let cli_calls: u64 = moto.calls().values().sum();

    let mut ours = Vec::new();
    let mut cli = Vec::new();
    for _ in 0..5 {
        ours.push(timed(bin, &ours_args, &env).0);
        cli.push(
            timed(aws, &fam_args, &env).0
                + timed(aws, &td_args, &env).0
                + timed(aws, &td_inactive, &env).0,
        );
    }
    let o = summarize(ours);
    let c = summarize(cli);
    println!(
        "inventory {FAMILIES} families / {} revisions (ACTIVE+INACTIVE) from moto: taskdefs list median {:.0} ms (min {:.0}, max {:.0}), {ours_calls} calls | aws cli median {:.0} ms (min {:.0}, max {:.0}), {cli_calls} calls | ratio taskdefs/cli {:.2}; goal ≤ 0.5",
        FAMILIES as u32 * PER_FAMILY,
        o.median,
        o.min,
        o.max,
        c.median,
        c.min,
        c.max,
        o.median / c.median
    );
}
