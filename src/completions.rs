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
mod tests;
