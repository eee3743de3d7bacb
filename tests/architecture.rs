//! The import rules of ARCHITECTURE.md ("Invariants"), checked on the source so the map
//! cannot drift: `app/` never imports `ui` or `worker`, `journal/` never imports `app`, `ui/`
//! never imports `worker`.
//!
//! Test files (`*tests.rs`) are exempt: screen tests under `app/` check `update` against what
//! `ui` measures, on purpose.

// Test code: a failed unwrap is a failed test.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::{Path, PathBuf};

/// (directory under `src/`, modules it must not import).
const RULES: &[(&str, &[&str])] = &[
    ("app", &["ui", "worker"]),
    ("journal", &["app"]),
    ("ui", &["worker"]),
];

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let entries = std::fs::read_dir(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
    for entry in entries {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The crate-level modules `source` names through `crate::…` paths, grouped imports
/// (`use crate::{a, b::c}`) included; comments are ignored.
fn crate_modules(source: &str) -> Vec<String> {
    let code: String = source
        .lines()
        .map(|l| l.split("//").next().unwrap_or(""))
        .collect::<Vec<_>>()
        .join("\n");
    let ident = |s: &str| -> String {
        s.trim_start()
            .chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_')
            .collect()
    };
    let mut found = Vec::new();
    for (i, _) in code.match_indices("crate::") {
        let rest = &code[i + "crate::".len()..];
        if let Some(group) = rest.strip_prefix('{') {
            // Top-level names in the group only: `a::{b, c}` inside contributes `a`.
            let mut depth = 0;
            let mut start = 0;
            for (j, c) in group.char_indices() {
                match c {
                    '{' => depth += 1,
                    '}' if depth == 0 => {
                        found.push(ident(&group[start..j]));
                        break;
                    }
                    '}' => depth -= 1,
                    ',' if depth == 0 => {
                        found.push(ident(&group[start..j]));
                        start = j + 1;
                    }
                    _ => {}
                }
            }
        } else {
            found.push(ident(rest));
        }
    }
    found.retain(|m| !m.is_empty());
    found
}

/// Every broken rule under `src`, as "file imports module" lines.
fn violations(src: &Path) -> Vec<String> {
    let mut out = Vec::new();
    for (dir, forbidden) in RULES {
        let mut files = Vec::new();
        rust_files(&src.join(dir), &mut files);
        files.sort();
        for file in files {
            let name = file.file_name().unwrap().to_string_lossy();
            if name.ends_with("tests.rs") {
                continue;
            }
            let source = std::fs::read_to_string(&file).unwrap();
            for module in crate_modules(&source) {
                if forbidden.contains(&module.as_str()) {
                    let shown = file
                        .strip_prefix(src)
                        .unwrap_or(&file)
                        .display()
                        .to_string();
                    out.push(format!("src/{shown} imports crate::{module}"));
                }
            }
        }
    }
    out.dedup();
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
    let modules = crate_modules(
        "use crate::ui::layout;\n\
         use crate::{ecs::{A, B}, worker};\n\
         fn f() { crate::app::update(); }\n\
         // crate::journal in a comment does not count\n",
    );
    assert_eq!(modules, ["ui", "ecs", "worker", "app"]);

    let dir = std::env::temp_dir().join(format!("taskdefs-arch-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    for sub in ["app/update", "journal", "ui"] {
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
    let broken = violations(&dir);
    let _ = std::fs::remove_dir_all(&dir);
    assert_eq!(
        broken,
        [
            "src/app/update/nav.rs imports crate::ui",
            "src/ui/mod.rs imports crate::worker",
        ]
    );
}
