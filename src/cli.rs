//! Command-line arguments.

use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

/// A terminal UI for Amazon ECS task definitions: browse, inspect, deregister and delete revisions.
#[derive(Debug, Parser)]
#[command(name = "taskdefs", version = crate::completions::VERSION, about, long_about = None)]
pub struct Cli {
    /// AWS profile from ~/.aws/config (also AWS_PROFILE).
    #[arg(long, global = true)]
    pub profile: Option<String>,
    /// AWS region, e.g. eu-west-1 (also AWS_REGION).
    #[arg(long, global = true)]
    pub region: Option<String>,
    /// ECS endpoint override, e.g. http://127.0.0.1:5000 for moto or LocalStack (also AWS_ENDPOINT_URL).
    #[arg(long, global = true, value_name = "URL")]
    pub endpoint_url: Option<String>,
    /// Use the built-in demo account (in memory, deterministic; no AWS needed).
    #[arg(long, global = true)]
    pub demo: bool,
    /// Never deregister or delete: mutation keys are disabled and the worker refuses them.
    #[arg(long)]
    pub read_only: bool,
    /// Run jobs and journal them without calling any mutating ECS API.
    #[arg(long)]
    pub dry_run: bool,
    /// Only families whose name starts with this.
    #[arg(long, global = true, value_name = "PREFIX")]
    pub family_prefix: Option<String>,
    /// Write logs (tracing) to this file; nothing is ever logged to the terminal.
    #[arg(long, global = true, value_name = "PATH")]
    pub log_file: Option<PathBuf>,
    /// Mutation journal (default: $XDG_STATE_HOME/taskdefs/journal.jsonl).
    #[arg(long, value_name = "PATH")]
    pub journal: Option<PathBuf>,
    /// Deregistrations per second (ECS default bucket: 1/s after a burst of 20); for raised account limits.
    #[arg(long, value_name = "PER_SEC", value_parser = parse_rate)]
    pub rate: Option<f64>,
    /// Share of each ECS bucket jobs leave to deploys and other callers, in percent (default 20;
    /// 0 runs at the bucket's floor, for maintenance windows).
    #[arg(long, value_name = "PERCENT", value_parser = parse_headroom)]
    pub headroom: Option<f64>,
    /// Benchmarks only: leave right after the first frame (measures start-up).
    #[arg(long, hide = true)]
    pub exit_after_first_frame: bool,
    /// Non-interactive commands.
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// Subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Print every family and revision (same loader as the UI), for scripts.
    List(ListArgs),
    /// Print shell completions (bash, zsh, fish) to standard output.
    Completions {
        /// The shell to complete for.
        shell: clap_complete::Shell,
    },
    /// Print the man page (roff) to standard output.
    #[command(hide = true)]
    Man,
}

/// Options of `taskdefs list`.
#[derive(Debug, clap::Args)]
pub struct ListArgs {
    /// Which revisions to list (any case, like the AWS CLI: ACTIVE, active, All).
    #[arg(long, value_enum, ignore_case = true, default_value_t = StatusArg::Active)]
    pub status: StatusArg,
    /// One JSON object per line instead of text.
    #[arg(long)]
    pub json: bool,
}

/// `--status` values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum StatusArg {
    /// ACTIVE revisions.
    Active,
    /// INACTIVE revisions.
    Inactive,
    /// Both.
    All,
}

impl From<StatusArg> for crate::ecs::StatusFilter {
    fn from(s: StatusArg) -> Self {
        match s {
            StatusArg::Active => crate::ecs::StatusFilter::Active,
            StatusArg::Inactive => crate::ecs::StatusFilter::Inactive,
            StatusArg::All => crate::ecs::StatusFilter::All,
        }
    }
}

fn parse_rate(s: &str) -> Result<f64, String> {
    let v: f64 = s.parse().map_err(|_| format!("'{s}' is not a number"))?;
    if v.is_finite() && v > 0.0 && v <= 1000.0 {
        Ok(v)
    } else {
        Err("the rate must be between 0 and 1000 calls per second".into())
    }
}

fn parse_headroom(s: &str) -> Result<f64, String> {
    let v: f64 = s
        .trim_end_matches('%')
        .parse()
        .map_err(|_| format!("'{s}' is not a number"))?;
    if v.is_finite() && (0.0..=90.0).contains(&v) {
        Ok(v)
    } else {
        Err("the headroom must be between 0 and 90 percent".into())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_flags_and_rejects_bad_rate() {
        let c = Cli::try_parse_from(["taskdefs", "--demo", "--read-only", "--rate", "5"]).unwrap();
        assert!(c.demo && c.read_only);
        assert_eq!(c.rate, Some(5.0));
        assert!(Cli::try_parse_from(["taskdefs", "--rate", "0"]).is_err());
        let c = Cli::try_parse_from(["taskdefs", "--headroom", "0"]).unwrap();
        assert_eq!(c.headroom, Some(0.0));
        assert_eq!(
            Cli::try_parse_from(["taskdefs", "--headroom", "35%"])
                .unwrap()
                .headroom,
            Some(35.0)
        );
        assert!(Cli::try_parse_from(["taskdefs", "--headroom", "95"]).is_err());
        assert!(Cli::try_parse_from(["taskdefs", "--headroom", "x"]).is_err());
        assert!(Cli::try_parse_from(["taskdefs", "--bogus"]).is_err());
        let c = Cli::try_parse_from(["taskdefs", "list", "--status", "all", "--json", "--demo"])
            .unwrap();
        assert!(matches!(
            c.command,
            Some(Command::List(ListArgs {
                status: StatusArg::All,
                json: true
            }))
        ));
    }

    #[test]
    fn status_is_case_insensitive_like_the_aws_cli() {
        let status = |v: &str| match Cli::try_parse_from(["taskdefs", "list", "--status", v]) {
            Ok(Cli {
                command: Some(Command::List(a)),
                ..
            }) => Some(a.status),
            _ => None,
        };
        assert_eq!(status("ACTIVE"), Some(StatusArg::Active));
        assert_eq!(status("active"), Some(StatusArg::Active));
        assert_eq!(status("Inactive"), Some(StatusArg::Inactive));
        assert_eq!(status("All"), Some(StatusArg::All));
        assert_eq!(status("ALL"), Some(StatusArg::All));
        assert_eq!(status("gone"), None);
    }
}
