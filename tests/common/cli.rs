//! The real binary run once against moto, and its `--json` lines.

use std::process::{Command, Output};

use serde_json::Value;

use super::MotoServer;

/// Runs `taskdefs ARGS` against moto with a journal in `dir`.
pub fn taskdefs(moto: &MotoServer, dir: &tempfile::TempDir, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_taskdefs"))
        .args(args)
        .arg("--journal")
        .arg(dir.path().join("journal.jsonl"))
        .envs(moto.env())
        .output()
        .unwrap()
}

/// Each line of stdout as JSON.
pub fn json_lines(out: &Output) -> Vec<Value> {
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
        .collect()
}

/// The lines whose `type` is `t`.
pub fn of_type<'a>(lines: &'a [Value], t: &str) -> Vec<&'a Value> {
    lines.iter().filter(|l| l["type"] == t).collect()
}
