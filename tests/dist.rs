//! The shipping pieces that CI can afford: the glibc check of `scripts/dist`
//! (the full zig build runs on demand), `--version` with the commit, and the
//! completions / man page subcommands of the real binary.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn check_glibc(bin: &Path, max: &str, objdump: Option<&Path>) -> Output {
    let mut cmd = Command::new("bash");
    cmd.arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("scripts/check-glibc"))
        .arg(bin)
        .arg(max);
    if let Some(o) = objdump {
        cmd.env("OBJDUMP", o);
    }
    cmd.output().unwrap()
}

/// A stand-in for `objdump -T` that prints these dynamic symbol lines.
fn fake_objdump(dir: &Path, lines: &[&str]) -> PathBuf {
    let path = dir.join(format!("objdump-{}", lines.len()));
    let body: String = lines.iter().map(|l| format!("echo '{l}'\n")).collect();
    std::fs::write(&path, format!("#!/bin/sh\n{body}")).unwrap();
    let mut perm = std::fs::metadata(&path).unwrap().permissions();
    std::os::unix::fs::PermissionsExt::set_mode(&mut perm, 0o755);
    std::fs::set_permissions(&path, perm).unwrap();
    path
}

fn sym(version: &str, name: &str) -> String {
    format!("0000000000000000      DF *UND*\t0000000000000000 ({version}) {name}")
}

#[test]
fn glibc_check_compares_versions_numerically() {
    let dir = tempfile::tempdir().unwrap();
    let ok_lines = [
        sym("GLIBC_2.2.5", "memcpy"),
        sym("GLIBC_2.9", "pipe2"),
        sym("GLIBC_2.17", "clock_gettime"),
        sym("GLIBC_PRIVATE", "__internal"),
    ];
    let ok: Vec<&str> = ok_lines.iter().map(String::as_str).collect();
    let out = check_glibc(
        Path::new("bin"),
        "2.17",
        Some(&fake_objdump(dir.path(), &ok)),
    );
    assert!(out.status.success(), "{out:?}");
    assert!(String::from_utf8_lossy(&out.stdout).contains("at most glibc 2.17"));

    let new_line = sym("GLIBC_2.18", "__cxa_thread_atexit_impl");
    let mut bad = ok.clone();
    bad.push(&new_line);
    let out = check_glibc(
        Path::new("bin"),
        "2.17",
        Some(&fake_objdump(dir.path(), &bad)),
    );
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("needs glibc 2.18, newer than 2.17"), "{err}");
    assert!(
        err.contains("__cxa_thread_atexit_impl (GLIBC_2.18)"),
        "{err}"
    );
    assert!(!err.contains("pipe2"), "{err}");
}

#[test]
fn glibc_check_on_a_real_binary() {
    // This test's own executable, linked against the host's glibc.
    let exe = std::env::current_exe().unwrap();
    let host = Command::new("getconf")
        .arg("GNU_LIBC_VERSION")
        .output()
        .unwrap();
    let host = String::from_utf8(host.stdout).unwrap();
    let host = host.trim().trim_start_matches("glibc ").to_string();
    let out = check_glibc(&exe, &host, None);
    assert!(out.status.success(), "{out:?}");
    let minor: u32 = host.split('.').nth(1).unwrap().parse().unwrap();
    if minor >= 34 {
        // From glibc 2.34 on, every program links __libc_start_main@GLIBC_2.34.
        let out = check_glibc(&exe, "2.17", None);
        assert_eq!(out.status.code(), Some(1), "{out:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains("__libc_start_main (GLIBC_2.34)"), "{err}");
    }
    let out = check_glibc(Path::new("/nonexistent/taskdefs"), "2.17", None);
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    assert!(String::from_utf8_lossy(&out.stderr).contains("cannot read"));
}

fn taskdefs(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_taskdefs"))
        .args(args)
        .output()
        .unwrap()
}

#[test]
fn version_names_the_commit_it_was_built_from() {
    let out = taskdefs(&["--version"]);
    assert!(out.status.success(), "{out:?}");
    let head = Command::new("git")
        .args(["rev-parse", "--short", "HEAD"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .ok()
        .filter(|o| o.status.success())
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
        .unwrap_or_else(|| "unknown".into());
    let want = format!("taskdefs {} ({head})\n", env!("CARGO_PKG_VERSION"));
    assert_eq!(String::from_utf8_lossy(&out.stdout), want);
}

#[test]
fn completions_and_man_page_from_the_binary() {
    for (shell, needle) in [
        ("bash", "complete -F"),
        ("zsh", "#compdef taskdefs"),
        ("fish", "complete -c taskdefs"),
    ] {
        let out = taskdefs(&["completions", shell]);
        assert!(out.status.success(), "{shell}: {out:?}");
        assert!(
            String::from_utf8_lossy(&out.stdout).contains(needle),
            "{shell}"
        );
    }
    let out = taskdefs(&["completions", "tcsh"]);
    assert_eq!(out.status.code(), Some(2), "{out:?}");
    let out = taskdefs(&["man"]);
    assert!(out.status.success(), "{out:?}");
    assert!(String::from_utf8_lossy(&out.stdout).contains(".TH taskdefs 1"));
    // Hidden from the help, documented in the README for packagers.
    let help = taskdefs(&["--help"]);
    let help = String::from_utf8_lossy(&help.stdout);
    assert!(
        help.contains("completions") && !help.contains("\n  man "),
        "{help}"
    );
}
