//! Command-line arguments.

use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

/// A terminal UI for Amazon ECS task definitions: browse, inspect, deregister and delete revisions.
#[derive(Debug, Parser)]
#[command(name = "taskdefs", version = crate::completions::VERSION, about, long_about = None)]
pub struct Cli {
    /// AWS profile from ~/.aws/config (also AWS_PROFILE); repeat it for several accounts.
    #[arg(long, global = true, value_parser = crate::contexts::parse_profile)]
    pub profile: Vec<String>,
    /// AWS region, e.g. eu-west-1 (also AWS_REGION); several as a comma list or repeated.
    #[arg(long, global = true, value_delimiter = ',', value_parser = crate::contexts::parse_region)]
    pub region: Vec<String>,
    /// Every commercial region where ECS runs (`list` and `prune`), each profile in each.
    #[arg(long, global = true, conflicts_with = "region")]
    pub all_regions: bool,
    /// ECS endpoint override, e.g. http://127.0.0.1:5000 for moto or LocalStack (also AWS_ENDPOINT_URL).
    #[arg(long, global = true, value_name = "URL")]
    pub endpoint_url: Option<String>,
    /// Use the built-in demo account (in memory, deterministic; no AWS needed).
    #[arg(long, global = true)]
    pub demo: bool,
    /// Never deregister or delete: mutation keys are disabled and the worker refuses them.
    #[arg(long, global = true)]
    pub read_only: bool,
    /// Run jobs and journal them without calling any mutating ECS API.
    #[arg(long, global = true)]
    pub dry_run: bool,
    /// Only families whose name starts with this.
    #[arg(long, global = true, value_name = "PREFIX")]
    pub family_prefix: Option<String>,
    /// Write logs (tracing) to this file; nothing is ever logged to the terminal.
    #[arg(long, global = true, value_name = "PATH")]
    pub log_file: Option<PathBuf>,
    /// Mutation journal (default: $XDG_STATE_HOME/taskdefs/journal.jsonl).
    #[arg(long, global = true, value_name = "PATH")]
    pub journal: Option<PathBuf>,
    /// Deregistrations per second (ECS default bucket: 1/s after a burst of 20); for raised account limits.
    #[arg(long, global = true, value_name = "PER_SEC", value_parser = parse_rate)]
    pub rate: Option<f64>,
    /// Share of each ECS bucket jobs leave to deploys and other callers, in percent (default 20;
    /// 0 runs at the bucket's floor, for maintenance windows).
    #[arg(long, global = true, value_name = "PERCENT", value_parser = parse_headroom)]
    pub headroom: Option<f64>,
    /// Neither read nor write the cache of revision summaries ($XDG_CACHE_HOME/taskdefs).
    #[arg(long, global = true)]
    pub no_cache: bool,
    /// Benchmarks only: leave right after the first frame (measures start-up).
    #[arg(long, hide = true)]
    pub exit_after_first_frame: bool,
    /// Non-interactive commands.
    #[command(subcommand)]
    pub command: Option<Command>,
}

impl Cli {
    /// The contexts (profile x region) the flags open; one when neither is repeated.
    pub fn contexts(&self) -> Vec<crate::contexts::Context> {
        crate::contexts::expand(&self.profile, &self.region, self.all_regions)
    }
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
    /// Keep the newest N revisions of each family and deregister the rest (plan by default).
    Prune(PruneArgs),
    /// Structural diff of two revisions (exit 0 identical, 1 different).
    Diff(DiffArgs),
    /// A revision as RegisterTaskDefinition input JSON.
    Export(ExportArgs),
    /// Print the effective configuration and where each value came from (flag, environment,
    /// config file line, built-in default).
    Config,
}

/// Options of `taskdefs list`.
#[derive(Debug, clap::Args)]
pub struct ListArgs {
    /// Which revisions to list (any case, like the AWS CLI: ACTIVE, active, All).
    #[arg(long, value_enum, ignore_case = true, default_value_t = StatusArg::Active)]
    pub status: StatusArg,
    /// Output format: `table` (with a header), `tsv` or `json` (one object per revision).
    #[arg(long, value_enum, ignore_case = true, conflicts_with = "json")]
    pub output: Option<OutputArg>,
    /// Same as `--output json`.
    #[arg(long)]
    pub json: bool,
    /// Add registered time, first image, CPU/memory and in-use (describes every revision, paced).
    #[arg(long)]
    pub details: bool,
}

impl ListArgs {
    /// The output format asked for (`--json` is `--output json`); `None`: the default text,
    /// revisions grouped under a line per family.
    pub fn format(&self) -> Option<OutputArg> {
        self.output.or(self.json.then_some(OutputArg::Json))
    }
}

/// `--output` values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum OutputArg {
    /// Aligned columns with a header line.
    Table,
    /// Tab-separated columns, no header.
    Tsv,
    /// One JSON object per revision per line.
    Json,
}

/// Options of `taskdefs prune`.
#[derive(Debug, clap::Args)]
pub struct PruneArgs {
    /// Keep this many newest ACTIVE revisions of each family.
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..))]
    pub keep: u32,
    /// Only revisions registered more than this long ago, e.g. `30d`, `12h`, `2w`, `90m`.
    #[arg(long, value_name = "DURATION", value_parser = parse_duration)]
    pub older_than: Option<jiff::SignedDuration>,
    /// Only this family (repeatable); default: every family (or those of --family-prefix).
    #[arg(long = "family", value_name = "NAME")]
    pub families: Vec<String>,
    /// Execute the plan (default: print it and change nothing).
    #[arg(long)]
    pub apply: bool,
    /// Also delete INACTIVE revisions of these families (with --older-than: only old ones),
    /// and the ones this run deregisters.
    #[arg(long)]
    pub delete_inactive: bool,
    /// Run even when the in-use scan cannot complete (nothing is then protected).
    #[arg(long)]
    pub allow_unprotected: bool,
    /// JSON lines on stdout: the plan, or the outcome of every item.
    #[arg(long)]
    pub json: bool,
}

/// Options of `taskdefs diff`.
#[derive(Debug, clap::Args)]
pub struct DiffArgs {
    /// The old revision, `FAMILY:REV` (or its ARN).
    #[arg(value_name = "FAMILY:REV", value_parser = parse_revision)]
    pub old: String,
    /// The new revision, `FAMILY:REV` (or its ARN).
    #[arg(value_name = "FAMILY:REV", value_parser = parse_revision)]
    pub new: String,
    /// Show environment values (masked as changed/same by default).
    #[arg(long)]
    pub reveal: bool,
    /// One JSON object per change.
    #[arg(long)]
    pub json: bool,
}

/// Options of `taskdefs export`.
#[derive(Debug, clap::Args)]
pub struct ExportArgs {
    /// The revision, `FAMILY:REV` (or its ARN).
    #[arg(value_name = "FAMILY:REV", value_parser = parse_revision)]
    pub revision: String,
    /// Write to this file (mode 0600) instead of stdout.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Replace FILE if it exists.
    #[arg(long)]
    pub force: bool,
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

/// `FAMILY:REV` or a task definition ARN.
fn parse_revision(s: &str) -> Result<String, String> {
    match crate::ecs::parse_family_revision(s) {
        Some((f, _)) if !f.is_empty() => Ok(s.to_string()),
        _ => Err(format!(
            "'{s}' is not FAMILY:REVISION (e.g. web:42) or a task definition ARN"
        )),
    }
}

/// A whole number and a unit: `90s`, `30m`, `12h`, `30d`, `2w` (days and weeks are 24-hour days).
pub fn parse_duration(s: &str) -> Result<jiff::SignedDuration, String> {
    let bad =
        || format!("'{s}' is not a duration: use a number and a unit, e.g. 30d, 12h, 2w, 90m");
    let t = s.trim();
    let split = t.find(|c: char| !c.is_ascii_digit()).ok_or_else(bad)?;
    let (n, unit) = t.split_at(split);
    let n: i64 = n.parse().map_err(|_| bad())?;
    let secs = match unit.trim() {
        "s" | "sec" | "secs" | "second" | "seconds" => 1,
        "m" | "min" | "mins" | "minute" | "minutes" => 60,
        "h" | "hour" | "hours" => 3_600,
        "d" | "day" | "days" => 86_400,
        "w" | "week" | "weeks" => 604_800,
        _ => return Err(bad()),
    };
    n.checked_mul(secs)
        .map(jiff::SignedDuration::from_secs)
        .ok_or_else(|| format!("'{s}' is too long"))
}

#[cfg(test)]
mod tests;
