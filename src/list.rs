//! `taskdefs list`: every family and revision, for scripts, through the UI's own loader.
//!
//! Formats: the default groups revisions under a family line; `--output table` (aligned,
//! with a header), `tsv` (no header) and `json` (one object per revision, the family in
//! each, `"type": "revision"`) share one column order: family, revision, status, [registered, image, cpu, memory,
//! in_use,] arn.

use std::collections::HashMap;
use std::io::{IsTerminal as _, Write};
use std::sync::Arc;

use futures::StreamExt;
use tokio::sync::mpsc;
use unicode_width::UnicodeWidthStr as _;

use crate::app::Action;
use crate::cli::{ListArgs, OutputArg};
use crate::contexts::Context;
use crate::ecs::pages::{bucket_pace, paced};
use crate::ecs::{EcsApi, RevisionRef, StatusFilter, TaskDef};
use crate::inuse::{InUseMap, scan};
use crate::ratelimit::RateLimiter;
use crate::text::escape;
use crate::worker::{
    DESCRIBE_CONCURRENCY, READ_BURST, READ_PER_SEC, list_families, list_revisions,
};

/// What `--details` adds to a revision.
struct Details {
    described: HashMap<String, Arc<TaskDef>>,
    in_use: Option<InUseMap>,
}

/// One context's families (in listing order, revisions newest first) and, with `--details`,
/// what describing them and the in-use scan told.
pub struct Listing {
    /// Family names and their revisions, newest first.
    ordered: Vec<(String, Vec<RevisionRef>)>,
    /// `--details`.
    details: Option<Details>,
}

impl Listing {
    /// The first ARN listed, for the account id when nothing else told it.
    pub fn first_arn(&self) -> Option<&str> {
        self.ordered
            .iter()
            .flat_map(|(_, revs)| revs.first())
            .map(|r| r.arn.as_str())
            .next()
    }
}

/// Prints every family and revision in the format asked for. The listing reads at the
/// account's task definition read bucket less `headroom` (the share left to the console, CI
/// and deploys; `--headroom`) and a slack for latency jitter (`ecs::pages::bucket_share`),
/// so that it finishes near the bucket's floor without a throttled call.
pub async fn run(
    api: &dyn EcsApi,
    args: &ListArgs,
    prefix: Option<&str>,
    headroom: f64,
) -> anyhow::Result<()> {
    let listing = load(api, args, prefix, headroom).await?;
    print(&[(None, listing)], args)
}

/// Lists every family and revision of one context (every page; with `--details` described).
pub async fn load(
    api: &dyn EcsApi,
    args: &ListArgs,
    prefix: Option<&str>,
    headroom: f64,
) -> anyhow::Result<Listing> {
    load_in(api, args, prefix, headroom, None).await
}

/// Where a context's `--details` progress goes when several contexts load at once: a bar of
/// its own in the shared set, named for the context.
pub type Shown<'a> = Option<(&'a indicatif::MultiProgress, &'a str)>;

/// `load` for one of several contexts: its progress bar joins `shown`, and its warnings
/// name it.
pub async fn load_in(
    api: &dyn EcsApi,
    args: &ListArgs,
    prefix: Option<&str>,
    headroom: f64,
    shown: Shown<'_>,
) -> anyhow::Result<Listing> {
    let status: StatusFilter = args.status.into();
    let (families, mut revisions) = inventory(api, &bucket_pace(headroom), status, prefix).await?;
    if let Some(p) = prefix {
        revisions.retain(|r| r.family.starts_with(p));
    }
    let details = if args.details {
        Some(details(api, &revisions, shown).await?)
    } else {
        None
    };
    let mut by_family: HashMap<String, Vec<RevisionRef>> = HashMap::new();
    for r in revisions {
        by_family.entry(r.family.clone()).or_default().push(r);
    }
    let mut ordered = Vec::with_capacity(families.len());
    for fam in families {
        let mut revs = by_family.remove(&fam).unwrap_or_default();
        // Newest first, as the UI shows them.
        revs.sort_by_key(|r| std::cmp::Reverse(r.revision));
        ordered.push((fam, revs));
    }
    Ok(Listing { ordered, details })
}

/// Prints listings, each under its context when there are several (`None`: one context, the
/// output exactly as it has always been).
pub fn print(listings: &[(Option<Context>, Listing)], args: &ListArgs) -> anyhow::Result<()> {
    // The grouped text has no room for details: `--details` alone means a table.
    let printed = match (args.format(), args.details) {
        (None, false) => grouped(listings),
        (None, true) => columns(listings, OutputArg::Table, args.details),
        (Some(format), _) => columns(listings, format, args.details),
    };
    match printed {
        // `taskdefs list | head -1`: the reader has what it wanted; that is not an error.
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        other => other.map_err(Into::into),
    }
}

/// Every family and every revision of `status`, every page: two page streams side by side.
async fn inventory(
    api: &dyn EcsApi,
    reads: &RateLimiter,
    status: StatusFilter,
    prefix: Option<&str>,
) -> anyhow::Result<(Vec<String>, Vec<RevisionRef>)> {
    let (tx, mut rx) = mpsc::unbounded_channel();
    let fams = list_families(api, reads, 1, status, prefix.map(str::to_string), &tx);
    let revs = list_revisions(api, reads, 2, "", status, &tx);
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
    Ok((families, revisions))
}

/// Describes every revision (paced at half the read bucket, progress on stderr) and scans
/// in-use status; a failed scan leaves the column `unknown` and says why on stderr.
async fn details(
    api: &dyn EcsApi,
    revisions: &[RevisionRef],
    shown: Shown<'_>,
) -> anyhow::Result<Details> {
    let reads = RateLimiter::new(READ_BURST, READ_PER_SEC);
    let who = shown
        .map(|(_, w)| format!("{}: ", escape(w)))
        .unwrap_or_default();
    let bar = std::io::stderr().is_terminal().then(|| {
        let bar = indicatif::ProgressBar::new(revisions.len() as u64);
        if let Ok(style) = indicatif::ProgressStyle::with_template(
            "{prefix}describe {bar:30} {pos}/{len} {per_sec} ETA {eta}",
        ) {
            bar.set_style(style);
        }
        bar.set_prefix(who.clone());
        match shown {
            Some((multi, _)) => multi.add(bar),
            None => bar,
        }
    });
    let in_use = match scan(api, &RateLimiter::new(10, 10.0)).await {
        Ok(m) => Some(m),
        Err(e) => {
            eprintln!(
                "taskdefs: {who}in-use status unknown: {}",
                escape(&e.to_string())
            );
            None
        }
    };
    let mut described = HashMap::with_capacity(revisions.len());
    let mut answers = futures::stream::iter(revisions)
        .map(|r| {
            let reads = &reads;
            async move { (r.arn.clone(), paced(reads, || api.describe(&r.arn)).await) }
        })
        .buffer_unordered(DESCRIBE_CONCURRENCY);
    while let Some((arn, td)) = answers.next().await {
        let td = td.map_err(|e| anyhow::anyhow!("{e}"))?;
        described.insert(arn, Arc::new(td));
        if let Some(b) = &bar {
            b.inc(1);
        }
    }
    if let Some(b) = bar {
        b.finish_and_clear();
    }
    Ok(Details { described, in_use })
}

/// The default text: a family line, then its revisions indented; ECS strings escaped. With
/// several contexts, each starts with a `# CONTEXT` line.
fn grouped(listings: &[(Option<Context>, Listing)]) -> std::io::Result<()> {
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    for (ctx, listing) in listings {
        if let Some(c) = ctx {
            writeln!(out, "# {}", escape(&c.label()))?;
        }
        for (fam, revs) in &listing.ordered {
            writeln!(out, "{}", escape(fam))?;
            for r in revs {
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

/// Column names, in output order; with several contexts, the context's first.
fn header(details: bool, contexts: bool) -> Vec<&'static str> {
    let mut h = if contexts {
        vec!["ACCOUNT", "REGION", "PROFILE"]
    } else {
        Vec::new()
    };
    h.extend(["FAMILY", "REVISION", "STATUS"]);
    if details {
        h.extend(["REGISTERED", "IMAGE", "CPU", "MEMORY", "IN_USE"]);
    }
    h.push("ARN");
    h
}

/// One revision as a JSON object and as text cells (in `header` order).
fn row(
    r: &RevisionRef,
    details: Option<&Details>,
    ctx: Option<&Context>,
) -> (serde_json::Value, Vec<String>) {
    let mut obj = serde_json::json!({"type": "revision"});
    let mut cells = Vec::new();
    if let Some(c) = ctx {
        obj["account"] = serde_json::json!(c.account);
        obj["region"] = serde_json::json!(c.region);
        obj["profile"] = serde_json::json!(c.profile);
        let or_dash = |v: &Option<String>| v.clone().unwrap_or_else(|| "-".into());
        cells.extend([or_dash(&c.account), or_dash(&c.region), or_dash(&c.profile)]);
    }
    obj["family"] = serde_json::json!(r.family);
    obj["revision"] = serde_json::json!(r.revision);
    obj["status"] = serde_json::json!(r.status.as_aws());
    cells.extend([
        r.family.clone(),
        r.revision.to_string(),
        r.status.as_aws().to_string(),
    ]);
    if let Some(d) = details {
        let td = d.described.get(&r.arn);
        let registered = td.and_then(|t| t.registered_at()).map(|t| t.to_string());
        let image = td.and_then(|t| {
            t.fields
                .container_definitions
                .first()
                .map(|c| c.image.clone())
        });
        let cpu_mem = td.map(|t| t.cpu_memory()).unwrap_or_default();
        let (cpu, mem) = cpu_mem.split_once('/').unwrap_or(("-", "-"));
        let users = d.in_use.as_ref().map(|m| m.users_of(&r.label()).to_vec());
        obj["registered_at"] = serde_json::json!(registered);
        obj["image"] = serde_json::json!(image);
        obj["cpu"] = serde_json::json!(cpu);
        obj["memory"] = serde_json::json!(mem);
        obj["in_use"] = serde_json::json!(users);
        cells.push(registered.unwrap_or_else(|| "-".into()));
        cells.push(image.unwrap_or_else(|| "-".into()));
        cells.push(cpu.to_string());
        cells.push(mem.to_string());
        cells.push(match users {
            None => "unknown".into(),
            Some(u) if u.is_empty() => "-".into(),
            Some(u) => u.join("; "),
        });
    }
    obj["arn"] = serde_json::json!(r.arn);
    cells.push(r.arn.clone());
    (obj, cells)
}

/// `table`, `tsv` or `json`: one row per revision, contexts and families in listing order.
fn columns(
    listings: &[(Option<Context>, Listing)],
    format: OutputArg,
    details: bool,
) -> std::io::Result<()> {
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let contexts = listings.iter().any(|(c, _)| c.is_some());
    let rows = listings.iter().flat_map(|(ctx, l)| {
        l.ordered.iter().flat_map(move |(_, revs)| {
            revs.iter()
                .map(move |r| row(r, l.details.as_ref(), ctx.as_ref()))
        })
    });
    match format {
        OutputArg::Json => {
            for (obj, _) in rows {
                writeln!(out, "{obj}")?;
            }
        }
        OutputArg::Tsv => {
            for (_, cells) in rows {
                let cells: Vec<String> = cells.iter().map(|c| escape(c).into_owned()).collect();
                writeln!(out, "{}", cells.join("\t"))?;
            }
        }
        OutputArg::Table => {
            let head: Vec<String> = header(details, contexts)
                .iter()
                .map(|h| (*h).to_string())
                .collect();
            let body: Vec<Vec<String>> = rows
                .map(|(_, cells)| cells.iter().map(|c| escape(c).into_owned()).collect())
                .collect();
            let mut widths: Vec<usize> = head.iter().map(|h| h.width()).collect();
            for cells in &body {
                for (w, c) in widths.iter_mut().zip(cells) {
                    *w = (*w).max(c.width());
                }
            }
            for cells in std::iter::once(&head).chain(&body) {
                let last = cells.len().saturating_sub(1);
                let mut line = String::new();
                for (i, (c, w)) in cells.iter().zip(&widths).enumerate() {
                    line.push_str(c);
                    if i < last {
                        line.push_str(&" ".repeat(w.saturating_sub(c.width()) + 2));
                    }
                }
                writeln!(out, "{line}")?;
            }
        }
    }
    out.flush()
}

#[cfg(test)]
mod tests;
