//! Build script: records the git commit the binary is built from for `--version`.

use std::path::Path;
use std::process::Command;

fn main() {
    let manifest_dir = std::env::var("CARGO_MANIFEST_DIR").unwrap_or_default();
    let commit = git_commit(Path::new(&manifest_dir)).unwrap_or_else(|| "unknown".into());
    println!("cargo:rustc-env=TASKDEFS_GIT_COMMIT={commit}");
    println!("cargo:rerun-if-changed=build.rs");
}

/// The short commit hash, or None outside a git checkout of this crate (e.g. a
/// crate tarball, which may sit inside some unrelated repository).
fn git_commit(dir: &Path) -> Option<String> {
    let top = git(dir, &["rev-parse", "--show-toplevel"])?;
    let same = Path::new(&top).canonicalize().ok()? == dir.canonicalize().ok()?;
    if !same {
        return None;
    }
    // HEAD, the branch ref it points to and packed-refs: a new commit or a
    // checkout changes one of them. In a worktree these live outside `.git/`,
    // so ask git for the paths.
    for name in ["HEAD", "packed-refs"] {
        rerun_on(dir, name);
    }
    if let Some(branch) = git(dir, &["symbolic-ref", "-q", "HEAD"]) {
        rerun_on(dir, &branch);
    }
    git(dir, &["rev-parse", "--short", "HEAD"])
}

fn rerun_on(dir: &Path, git_name: &str) {
    let args = [
        "rev-parse",
        "--path-format=absolute",
        "--git-path",
        git_name,
    ];
    let path = git(dir, &args).filter(|p| Path::new(p).exists());
    if let Some(path) = path {
        println!("cargo:rerun-if-changed={path}");
    }
}

fn git(dir: &Path, args: &[&str]) -> Option<String> {
    let out = Command::new("git")
        .args(args)
        .current_dir(dir)
        .output()
        .ok()?;
    if !out.status.success() {
        return None;
    }
    let s = String::from_utf8(out.stdout).ok()?.trim().to_string();
    (!s.is_empty()).then_some(s)
}
