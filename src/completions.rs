//! Shell completions and the man page, generated from the clap definitions in
//! `cli.rs`, plus the version string (`--version`, man page) with the commit.

use std::io::Write;
use std::process::ExitCode;

use clap::CommandFactory;

use crate::cli::{Cli, Command};

/// `0.1.0 (abc1234)`: the crate version and the commit it was built from
/// ("unknown" outside a git checkout, see build.rs).
pub const VERSION: &str = concat!(
    env!("CARGO_PKG_VERSION"),
    " (",
    env!("TASKDEFS_GIT_COMMIT"),
    ")"
);

/// Runs `completions SHELL` or `man` if that is the command: they need no
/// AWS, no runtime and no terminal. None for every other command.
pub fn run(command: Option<&Command>) -> Option<ExitCode> {
    let mut out = std::io::stdout().lock();
    let written = match command? {
        Command::Completions { shell } => write_completions(*shell, &mut out),
        Command::Man => write_man(&mut out),
        _ => return None,
    };
    Some(match written.and_then(|()| out.flush()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("taskdefs: cannot write to standard output: {e}");
            ExitCode::FAILURE
        }
    })
}

/// Writes the completion script for `shell`.
pub fn write_completions(shell: clap_complete::Shell, out: &mut dyn Write) -> std::io::Result<()> {
    let mut cmd = Cli::command();
    // generate() panics on a broken pipe; write to a buffer, then out.
    let mut buf = Vec::new();
    clap_complete::generate(shell, &mut cmd, "taskdefs", &mut buf);
    out.write_all(&buf)
}

/// Writes the man page `taskdefs.1` (roff).
pub fn write_man(out: &mut dyn Write) -> std::io::Result<()> {
    clap_mangen::Man::new(Cli::command()).render(out)
}

#[cfg(test)]
mod tests {
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
}
