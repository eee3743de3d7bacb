//! `taskdefs list`: every family and revision, for scripts, through the UI's own loader.

use std::collections::HashMap;
use std::io::Write;

use tokio::sync::mpsc;

use crate::app::Action;
use crate::cli::ListArgs;
use crate::ecs::{EcsApi, RevisionRef, StatusFilter};
use crate::ratelimit::RateLimiter;
use crate::text::escape;
use crate::worker::{list_families, list_revisions};

/// Pacing for `list`: the account's task definition read bucket (burst 50, then 20 per second),
/// shared with deploys; a burst of 40 and 16 per second leave them 20% (and the limiter yields
/// further when throttled).
pub const LIST_BURST: u32 = 40;
/// Steady rate for `list`, per second.
pub const LIST_PER_SEC: f64 = 16.0;

/// Prints every family (text: one header line each) and revision, or JSON lines.
pub async fn run(api: &dyn EcsApi, args: &ListArgs, prefix: Option<&str>) -> anyhow::Result<()> {
    let status: StatusFilter = args.status.into();
    let reads = RateLimiter::new(LIST_BURST, LIST_PER_SEC);
    let (tx, mut rx) = mpsc::unbounded_channel();
    // Families and all revisions are two independent page streams: run them side by side.
    let fams = list_families(api, &reads, 1, status, prefix.map(str::to_string), &tx);
    let revs = list_revisions(api, &reads, 2, "", status, &tx);
    let ((), ()) = tokio::join!(fams, revs);
    drop(tx);
    let mut families = Vec::new();
    let mut revisions = Vec::new();
    while let Some(a) = rx.recv().await {
        match a {
            Action::FamiliesPage { names, .. } => families.extend(names),
            Action::RevisionsPage { refs, .. } => revisions.extend(refs),
            Action::FamiliesFailed { error, .. } | Action::RevisionsFailed { error, .. } => {
                anyhow::bail!(error)
            }
            _ => {}
        }
    }
    if let Some(p) = prefix {
        revisions.retain(|r| r.family.starts_with(p));
    }
    let mut by_family: HashMap<&str, Vec<&RevisionRef>> = HashMap::new();
    for r in &revisions {
        by_family.entry(r.family.as_str()).or_default().push(r);
    }
    match print(&families, by_family, args.json) {
        // `taskdefs list | head -1`: the reader has what it wanted; that is not an error.
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        other => other.map_err(Into::into),
    }
}

/// Writes the listing to stdout; names from ECS are escaped in text mode (JSON escapes itself).
fn print(
    families: &[String],
    mut by_family: HashMap<&str, Vec<&RevisionRef>>,
    json: bool,
) -> std::io::Result<()> {
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    for fam in families {
        if json {
            writeln!(
                out,
                "{}",
                serde_json::json!({"type": "family", "family": fam})
            )?;
        } else {
            writeln!(out, "{}", escape(fam))?;
        }
        let mut revs = by_family.remove(fam.as_str()).unwrap_or_default();
        // Newest first, as the UI shows them.
        revs.sort_by_key(|r| std::cmp::Reverse(r.revision));
        for r in revs {
            if json {
                let line = serde_json::json!({
                    "type": "revision", "family": r.family, "revision": r.revision,
                    "status": r.status.as_aws(), "arn": r.arn,
                });
                writeln!(out, "{line}")?;
            } else {
                writeln!(
                    out,
                    "  {}:{}\t{}\t{}",
                    escape(&r.family),
                    r.revision,
                    r.status.as_aws(),
                    escape(&r.arn)
                )?;
            }
        }
    }
    out.flush()
}
