use super::*;
use clap::Parser;

fn completions(shell: &str) -> String {
    let cli = Cli::try_parse_from(["taskdefs", "completions", shell]).unwrap();
    let Some(Command::Completions { shell }) = cli.command else {
        panic!("not the completions command");
    };
    let mut buf = Vec::new();
    write_completions(shell, &mut buf).unwrap();
    String::from_utf8(buf).unwrap()
}

#[test]
fn completions_cover_flags_and_subcommands() {
    for shell in ["bash", "zsh", "fish"] {
        let s = completions(shell);
        for word in ["--profile", "--read-only", "list", "completions"] {
            let word = if shell == "fish" {
                word.trim_start_matches("--")
            } else {
                word
            };
            assert!(s.contains(word), "{shell} completions lack {word}");
        }
    }
    assert!(Cli::try_parse_from(["taskdefs", "completions", "tcsh"]).is_err());
}

#[test]
fn man_page_has_the_options_and_version() {
    let cli = Cli::try_parse_from(["taskdefs", "man"]).unwrap();
    assert!(matches!(cli.command, Some(Command::Man)));
    let mut buf = Vec::new();
    write_man(&mut buf).unwrap();
    let man = String::from_utf8(buf).unwrap();
    assert!(
        man.starts_with(".ie") || man.contains(".TH taskdefs 1"),
        "{man}"
    );
    assert!(man.contains("read\\-only"), "{man}");
    assert!(man.contains(VERSION), "{man}");
}

#[test]
fn version_names_the_commit() {
    assert!(VERSION.starts_with(env!("CARGO_PKG_VERSION")));
    let commit = env!("TASKDEFS_GIT_COMMIT");
    assert!(
        commit == "unknown" || commit.chars().all(|c| c.is_ascii_hexdigit()),
        "{commit}"
    );
}
