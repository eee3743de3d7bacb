//! The import rules of ARCHITECTURE.md ("Invariants"), checked on the source so the map
//! cannot drift: `app/` never imports `ui` or `worker`, `journal/` never imports `app`, `ui/`
//! never imports `worker`; the worker side (`jobs/`, `journal/`, `ecs/`, `keep/`, `inuse.rs`,
//! `recheck.rs`) never imports `ui` or `app::update`. And no source file is over 450 lines.
//!
//! Test files (`*tests.rs`) are exempt: screen tests under `app/` check `update` against what
//! `ui` measures, on purpose.

// Test code: a failed unwrap is a failed test.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::{Path, PathBuf};

/// (directory or file under `src/`, paths it must not import). A path forbids itself and
/// everything below it: `app::update` forbids `crate::app::update::…`, not `crate::app::state`.
const RULES: &[(&str, &[&str])] = &[
    ("app", &["ui", "worker"]),
    ("journal", &["app", "ui"]),
    ("journal.rs", &["app", "ui"]),
    ("ui", &["worker"]),
    // The worker side words nothing for the screen and never reaches into `update`.
    ("jobs", &["ui", "app::update"]),
    ("ecs", &["ui", "app::update"]),
    ("keep", &["ui", "app::update"]),
    ("inuse.rs", &["ui", "app::update"]),
    ("recheck.rs", &["ui", "app::update"]),
];

/// Longest a source file may be; generated tables aside (`LONG_ALLOWED`).
const MAX_LINES: usize = 450;

/// Files allowed over `MAX_LINES`, each with its reason. None today.
const LONG_ALLOWED: &[(&str, &str)] = &[];

fn rust_files(path: &Path, out: &mut Vec<PathBuf>) {
    if path.is_file() {
        out.push(path.to_path_buf());
        return;
    }
    let entries = std::fs::read_dir(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    for entry in entries {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// Every `crate::…` path `source` names, groups expanded at any depth
/// (`use crate::app::{update::x, state}` names `app::update::x` and `app::state`); comments
/// are ignored.
fn crate_paths(source: &str) -> Vec<String> {
    let code: String = source
        .lines()
        .map(|l| l.split("//").next().unwrap_or(""))
        .collect::<Vec<_>>()
        .join("\n");
    let mut found = Vec::new();
    for (i, _) in code.match_indices("crate::") {
        use_tree(&code[i + "crate::".len()..], String::new(), &mut found);
    }
    found.retain(|p| !p.is_empty());
    found
}

/// Reads the path (or group of paths) at the start of `s`, below `prefix`.
fn use_tree(s: &str, mut path: String, out: &mut Vec<String>) {
    let mut rest = s;
    loop {
        rest = rest.trim_start();
        if let Some(group) = rest.strip_prefix('{') {
            for item in group_items(group) {
                use_tree(item, path.clone(), out);
            }
            return;
        }
        let id: String = rest
            .chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_')
            .collect();
        if id.is_empty() {
            break;
        }
        if !path.is_empty() {
            path.push_str("::");
        }
        path.push_str(&id);
        rest = &rest[id.len()..];
        match rest.strip_prefix("::") {
            Some(r) => rest = r,
            None => break,
        }
    }
    out.push(path);
}

/// The top-level items of a `{…}` group whose opening brace is already consumed.
fn group_items(group: &str) -> Vec<&str> {
    let (mut depth, mut start, mut items) = (0, 0, Vec::new());
    for (j, c) in group.char_indices() {
        match c {
            '{' => depth += 1,
            '}' if depth == 0 => {
                items.push(&group[start..j]);
                break;
            }
            '}' => depth -= 1,
            ',' if depth == 0 => {
                items.push(&group[start..j]);
                start = j + 1;
            }
            _ => {}
        }
    }
    items
}

fn forbids(rule: &str, path: &str) -> bool {
    path == rule || path.strip_prefix(rule).is_some_and(|r| r.starts_with("::"))
}

fn shown(src: &Path, file: &Path) -> String {
    let rel = file.strip_prefix(src).unwrap_or(file).display();
    format!("src/{rel}")
}

/// Every broken rule under `src`, as "file imports path" lines.
fn violations(src: &Path) -> Vec<String> {
    let mut out = Vec::new();
    for (target, forbidden) in RULES {
        let mut files = Vec::new();
        rust_files(&src.join(target), &mut files);
        files.sort();
        for file in files {
            let name = file.file_name().unwrap().to_string_lossy();
            if name.ends_with("tests.rs") {
                continue;
            }
            let source = std::fs::read_to_string(&file).unwrap();
            for path in crate_paths(&source) {
                if let Some(rule) = forbidden.iter().find(|f| forbids(f, &path)) {
                    out.push(format!("{} imports crate::{rule}", shown(src, &file)));
                }
            }
        }
    }
    out.dedup();
    out
}

/// Every file under `src` longer than `MAX_LINES` and not allowed by name.
fn too_long(src: &Path) -> Vec<String> {
    let mut files = Vec::new();
    rust_files(src, &mut files);
    files.sort();
    let mut out = Vec::new();
    for file in files {
        let lines = std::fs::read_to_string(&file).unwrap().lines().count();
        let name = shown(src, &file);
        if lines > MAX_LINES && !LONG_ALLOWED.iter().any(|(f, _)| *f == name) {
            out.push(format!("{name}: {lines} lines"));
        }
    }
    out
}

#[test]
fn layers_import_only_downwards() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let broken = violations(&src);
    assert!(
        broken.is_empty(),
        "import rules of ARCHITECTURE.md broken:\n{}",
        broken.join("\n")
    );
}

#[test]
fn the_check_sees_every_way_of_naming_a_module() {
    let paths = crate_paths(
        "use crate::ui::layout;\n\
         use crate::{ecs::{A, B}, worker};\n\
         use crate::app::{state::{X, Y}, update::flash};\n\
         fn f() { crate::app::update(); }\n\
         // crate::journal in a comment does not count\n",
    );
    assert_eq!(
        paths,
        [
            "ui::layout",
            "ecs::A",
            "ecs::B",
            "worker",
            "app::state::X",
            "app::state::Y",
            "app::update::flash",
            "app::update",
        ]
    );
    assert!(forbids("app::update", "app::update::flash") && forbids("ui", "ui"));
    assert!(!forbids("app::update", "app::updates") && !forbids("app::update", "app::state"));

    let dir = std::env::temp_dir().join(format!("taskdefs-arch-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    for sub in ["app/update", "journal", "ui", "jobs"] {
        std::fs::create_dir_all(dir.join(sub)).unwrap();
    }
    std::fs::write(dir.join("app/update/nav.rs"), "use crate::ui::layout;\n").unwrap();
    std::fs::write(dir.join("app/update/screen_tests.rs"), "use crate::ui;\n").unwrap();
    std::fs::write(
        dir.join("journal/entry.rs"),
        "use crate::domain::JobKind;\n",
    )
    .unwrap();
    std::fs::write(dir.join("ui/mod.rs"), "use crate::{app, worker::Worker};\n").unwrap();
    std::fs::write(
        dir.join("jobs/mod.rs"),
        "let d = crate::ui::format::duration(1);\n",
    )
    .unwrap();
    std::fs::create_dir_all(dir.join("keep")).unwrap();
    std::fs::write(
        dir.join("keep/mod.rs"),
        "use crate::app::{selection, update::flash};\n",
    )
    .unwrap();
    std::fs::write(dir.join("journal.rs"), "use crate::domain::JobKind;\n").unwrap();
    for file in ["inuse.rs", "recheck.rs"] {
        std::fs::write(dir.join(file), "use crate::app::selection;\n").unwrap();
    }
    std::fs::create_dir_all(dir.join("ecs")).unwrap();
    let broken = violations(&dir);
    let _ = std::fs::remove_dir_all(&dir);
    assert_eq!(
        broken,
        [
            "src/app/update/nav.rs imports crate::ui",
            "src/ui/mod.rs imports crate::worker",
            "src/jobs/mod.rs imports crate::ui",
            "src/keep/mod.rs imports crate::app::update",
        ]
    );
}

#[test]
fn no_source_file_is_over_450_lines() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let long = too_long(&src);
    assert!(
        long.is_empty(),
        "split these by concept (ARCHITECTURE.md; allow-list generated tables only):\n{}",
        long.join("\n")
    );
    for (file, reason) in LONG_ALLOWED {
        assert!(
            src.join(file.trim_start_matches("src/")).is_file(),
            "{file}: {reason}"
        );
    }
}

#[test]
fn the_length_check_counts_every_file_below_src() {
    let dir = std::env::temp_dir().join(format!("taskdefs-long-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("a/b")).unwrap();
    std::fs::write(dir.join("a/b/long.rs"), "x\n".repeat(MAX_LINES + 1)).unwrap();
    std::fs::write(dir.join("a/fits.rs"), "x\n".repeat(MAX_LINES)).unwrap();
    let long = too_long(&dir);
    let _ = std::fs::remove_dir_all(&dir);
    assert_eq!(long, [format!("src/a/b/long.rs: {} lines", MAX_LINES + 1)]);
}

/// Files under `src` that break the one unit-test layout: a `#[path]` attribute, or a test
/// module written inline instead of in its own file.
fn test_layout_breaks(src: &Path) -> Vec<String> {
    let mut files = Vec::new();
    rust_files(src, &mut files);
    files.sort();
    let mut out = Vec::new();
    for file in files {
        let source = std::fs::read_to_string(&file).unwrap();
        for line in source.lines() {
            let t = line.trim_start();
            if t.starts_with("#[path") {
                out.push(format!("{}: #[path]", shown(src, &file)));
            } else if t.starts_with("mod ") && t.contains("tests") && t.ends_with('{') {
                out.push(format!("{}: inline {t}", shown(src, &file)));
            }
        }
    }
    out
}

/// One layout for unit tests: each test module in its own file, declared `mod tests;` and
/// found where Rust looks without `#[path]` (`x/tests.rs` beside `x.rs`, `tests.rs` beside
/// `mod.rs`).
#[test]
fn unit_tests_live_in_their_own_files_without_path_attributes() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let broken = test_layout_breaks(&src);
    assert!(broken.is_empty(), "{}", broken.join("\n"));
    // The check itself finds both kinds.
    let dir = std::env::temp_dir().join(format!("taskdefs-layout-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join("a.rs"),
        "#[cfg(test)]\n#[path = \"a_tests.rs\"]\nmod tests;\n",
    )
    .unwrap();
    std::fs::write(dir.join("b.rs"), "#[cfg(test)]\nmod tests {\n}\n").unwrap();
    std::fs::write(dir.join("c.rs"), "#[cfg(test)]\nmod tests;\n").unwrap();
    let found = test_layout_breaks(&dir);
    let _ = std::fs::remove_dir_all(&dir);
    assert_eq!(found.len(), 2, "{found:?}");
}
