//! The config file from the outside: precedence (flags and AWS environment variables beat the
//! file, which beats the built-in defaults), `taskdefs config`, and one sentence with the
//! file, line and field for a bad key or value (exit 2). The UI side (a key override in `?`
//! help and in dispatch) is in e2e_config.rs.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::process::{Command, Output};

const BIN: &str = env!("CARGO_BIN_EXE_taskdefs");

/// Runs taskdefs with `config` as its config file (under a fresh XDG_CONFIG_HOME).
fn run(config: &str, args: &[&str], env: &[(&str, &str)]) -> (Output, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("taskdefs")).unwrap();
    std::fs::write(dir.path().join("taskdefs/config.toml"), config).unwrap();
    let mut cmd = Command::new(BIN);
    cmd.args(args)
        .env("XDG_CONFIG_HOME", dir.path())
        .env("HOME", dir.path());
    for v in [
        "AWS_REGION",
        "AWS_DEFAULT_REGION",
        "AWS_PROFILE",
        "AWS_ENDPOINT_URL",
    ] {
        cmd.env_remove(v);
    }
    cmd.envs(env.iter().copied());
    (cmd.output().unwrap(), dir)
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// The `taskdefs config` line for `name`.
fn setting<'a>(out: &'a str, name: &str) -> &'a str {
    out.lines()
        .find(|l| l.split_whitespace().next() == Some(name))
        .unwrap_or_else(|| panic!("no {name} line in:\n{out}"))
}

#[test]
fn flags_beat_the_file_and_the_file_beats_the_defaults() {
    let file =
        "family_prefix = \"air\"\nheadroom = 30\nregion = \"eu-west-1\"\nprofile = \"prod\"\n";
    let (o, dir) = run(
        file,
        &["--headroom", "10", "config"],
        &[("AWS_PROFILE", "ops")],
    );
    assert!(o.status.success(), "{o:?}");
    let out = stdout(&o);
    assert!(
        out.contains(
            &dir.path()
                .join("taskdefs/config.toml")
                .display()
                .to_string()
        )
    );
    let line = setting(&out, "headroom");
    assert!(
        line.contains(" 10 ") && line.ends_with("--headroom flag"),
        "{line}"
    );
    let line = setting(&out, "family_prefix");
    assert!(
        line.contains(" air ") && line.ends_with("config file, line 1"),
        "{line}"
    );
    let line = setting(&out, "region");
    assert!(
        line.contains(" eu-west-1 ") && line.ends_with("config file, line 3"),
        "{line}"
    );
    let line = setting(&out, "profile");
    assert!(
        line.contains(" ops ") && line.ends_with("AWS_PROFILE environment variable"),
        "{line}"
    );
    let line = setting(&out, "keep");
    assert!(
        line.contains(" 5 ") && line.ends_with("built-in default"),
        "{line}"
    );

    // And in effect: the file's prefix narrows `list`, the flag's replaces it.
    let (o, _d) = run(file, &["--demo", "list"], &[]);
    assert!(o.status.success(), "{o:?}");
    let families: Vec<String> = stdout(&o)
        .lines()
        .filter(|l| !l.starts_with(' '))
        .map(str::to_string)
        .collect();
    assert!(
        !families.is_empty() && families.iter().all(|f| f.starts_with("air")),
        "{families:?}"
    );
    let (o, _d) = run(file, &["--demo", "--family-prefix", "admin", "list"], &[]);
    let out = stdout(&o);
    assert!(out.starts_with("admin-portal"), "{out}");
    assert!(!out.contains("airflow"), "{out}");
}

#[test]
fn no_file_means_built_in_defaults() {
    let dir = tempfile::tempdir().unwrap();
    let o = Command::new(BIN)
        .arg("config")
        .env("XDG_CONFIG_HOME", dir.path())
        .env_remove("AWS_REGION")
        .env_remove("AWS_PROFILE")
        .output()
        .unwrap();
    assert!(o.status.success(), "{o:?}");
    let out = stdout(&o);
    assert!(
        setting(&out, "config").contains("not found: built-in defaults"),
        "{out}"
    );
    assert!(
        setting(&out, "headroom").ends_with("built-in default"),
        "{out}"
    );
}

#[test]
fn a_bad_key_is_one_sentence_with_file_line_and_field_and_exit_2() {
    let (o, dir) = run(
        "region = \"eu-west-1\"\n\nregoin = \"us-east-1\"\n",
        &["--demo", "list"],
        &[],
    );
    assert_eq!(o.status.code(), Some(2), "{o:?}");
    let err = stderr(&o);
    let path = dir.path().join("taskdefs/config.toml");
    assert!(
        err.starts_with(&format!(
            "taskdefs: config file {}, line 3, field `regoin`: unknown field",
            path.display()
        )),
        "{err}"
    );
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(stdout(&o).is_empty(), "nothing ran");
}

#[test]
fn a_bad_value_is_one_sentence_with_file_line_and_field_and_exit_2() {
    for (file, line, field, what) in [
        (
            "keep = 10\nheadroom = 150\n",
            2,
            "headroom",
            "between 0 and 90 percent",
        ),
        (
            "[keys]\nderegister = \"j\"\n",
            2,
            "keys.deregister",
            "already bound to \"move down\"",
        ),
        (
            "[theme]\nkey = \"blurple\"\n",
            2,
            "theme.key",
            "is not a colour",
        ),
    ] {
        // Even `taskdefs config` refuses a broken file: it would describe something untrue.
        let (o, _d) = run(file, &["config"], &[]);
        assert_eq!(o.status.code(), Some(2), "{file:?}: {o:?}");
        let err = stderr(&o);
        assert!(
            err.contains(&format!(", line {line}, field `{field}`: ")),
            "{err}"
        );
        assert!(err.contains(what), "{err}");
        assert_eq!(err.lines().count(), 1, "{err}");
    }
}
