//! `taskdefs prune`: keep-newest-N for cron and CI. Plans by default; `--apply` executes the
//! plan through the same job path as the TUI (fresh in-use re-check, pacing, journal).
//!
//! Exit status: 0 done (or plan printed), 1 some items failed, 2 bad arguments (clap),
//! 3 in-use protection unavailable, 130 interrupted (SIGINT).

pub mod across;
pub mod apply;
pub mod output;
pub mod plan;

use std::io::IsTerminal as _;
use std::sync::Arc;

use tokio::sync::watch;

use crate::app::JobKind;
use crate::app::selection::KeepRule;
use crate::cli::PruneArgs;
use crate::ecs::{EcsApi, RevisionRef, TdStatus};
use crate::jobs::{JobContext, RateConfig};
use crate::ratelimit::RateLimiter;
use crate::sources::Sources;
use crate::text::escape;

use apply::{Item, JobEnd, Outcome, Runner};
use output::Progress;
use plan::{Families, Request};

/// Some items failed.
pub const EXIT_FAILED: u8 = 1;
/// The in-use scan could not complete and `--allow-unprotected` was not given.
pub const EXIT_UNPROTECTED: u8 = 3;
/// Interrupted by SIGINT (128 + 2).
pub const EXIT_INTERRUPTED: u8 = 130;

/// Settings from the global flags.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// `--family-prefix`.
    pub prefix: Option<String>,
    /// Job pacing (`--rate`, `--headroom`).
    pub rate: RateConfig,
    /// Users beyond ECS (EventBridge, Scheduler, Step Functions, CloudFormation).
    pub sources: Option<Arc<Sources>>,
}

/// Why a plan without in-use protection is not applied.
pub(crate) const UNPROTECTED: &str = "in-use protection is unavailable (the scan of services and tasks failed): \
     refusing to go on; grant ecs:ListClusters, ecs:ListServices, ecs:DescribeServices, \
     ecs:ListTasks and ecs:DescribeTasks, or pass --allow-unprotected";

pub(crate) fn warn(msg: &str) {
    eprintln!("taskdefs: {}", escape(msg));
}

/// The plan request the arguments describe.
pub fn request(args: &PruneArgs, prefix: Option<&str>) -> Request {
    let families = match (args.families.as_slice(), prefix) {
        ([], None) => Families::All,
        ([], Some(p)) => Families::Prefix(p.to_string()),
        (names, _) => Families::Named(names.to_vec()),
    };
    Request {
        rule: KeepRule {
            keep: args.keep as usize,
            older_than: args.older_than,
            include_managed: false,
        },
        families,
        delete_inactive: args.delete_inactive,
    }
}

/// Plans, prints the plan, and with `--apply` executes it. Returns the exit status.
pub async fn run(
    api: Arc<dyn EcsApi>,
    args: &PruneArgs,
    opts: &Options,
    ctx: JobContext,
) -> anyhow::Result<u8> {
    let req = request(args, opts.prefix.as_deref());
    // Planning reads at the bucket less the headroom: the operator waits for it.
    let reads = crate::ecs::pages::bucket_pace(opts.rate.headroom);
    let scans = Arc::new(RateLimiter::new(10, 10.0));
    let spinner = std::io::stderr().is_terminal().then(|| {
        let s = indicatif::ProgressBar::new_spinner();
        s.set_message("planning: scanning services and tasks, listing families…");
        s.enable_steady_tick(std::time::Duration::from_millis(120));
        s
    });
    let mut on_progress = |p: crate::keep::KeepProgress| {
        if let Some(s) = &spinner {
            s.set_message(format!(
                "planning: {}/{} families, {}/{} described",
                p.families_done, p.families_total, p.described, p.to_describe
            ));
        }
    };
    let plan = plan::build(
        &*api,
        &req,
        &reads,
        &scans,
        opts.sources.as_deref(),
        &mut on_progress,
        jiff::Timestamp::now(),
    )
    .await;
    if let Some(s) = spinner {
        s.finish_and_clear();
    }
    let plan = plan.map_err(|e| anyhow::anyhow!("cannot plan: {e}"))?;
    output::plan(&plan, args.json);
    let unprotected = plan.in_use.is_err();
    if unprotected && !args.allow_unprotected {
        warn(UNPROTECTED);
        return Ok(EXIT_UNPROTECTED);
    }
    if !args.apply {
        if !args.json {
            output::out("plan only: nothing was changed; add --apply to execute it");
        }
        return Ok(0);
    }
    let (cancel_tx, cancel_rx) = watch::channel(false);
    // SIGINT stops sending new calls; calls in flight finish and are reported.
    let sigint = tokio::spawn(async move {
        if tokio::signal::ctrl_c().await.is_ok() {
            let _ = cancel_tx.send(true);
        }
    });
    let runner = Runner {
        api,
        rate: opts.rate.clone(),
        ctx: Arc::new(ctx),
        scans,
        sources: opts.sources.clone(),
        cancel: cancel_rx,
    };
    let mut progress = Progress::new(args.json);
    let exit = execute(&runner, &plan, args, !unprotected, &mut progress).await;
    sigint.abort();
    Ok(exit)
}

/// Deregisters, then (with `--delete-inactive`) deletes; prints the summary.
async fn execute(
    runner: &Runner,
    plan: &plan::Plan,
    args: &PruneArgs,
    recheck: bool,
    progress: &mut Progress,
) -> u8 {
    let mut on_event = |e: Event| match e {
        Event::Start(kind, n) => progress.start(kind, n),
        Event::Item(it) => progress.item(it),
    };
    let ended = phases(runner, plan, args, recheck, 1, None, &mut on_event).await;
    let cancelled = match ended {
        Ended::Finished { cancelled } => cancelled,
        Ended::Unprotected(e) => {
            progress.summary(false, EXIT_UNPROTECTED);
            warn(&unprotected_sentence(&e));
            return EXIT_UNPROTECTED;
        }
    };
    let exit = if cancelled {
        EXIT_INTERRUPTED
    } else if progress.counts.failed > 0 {
        EXIT_FAILED
    } else {
        0
    };
    progress.summary(cancelled, exit);
    exit
}

/// Why nothing more was called after a failed re-check.
pub(crate) fn unprotected_sentence(e: &str) -> String {
    format!(
        "the in-use re-check before the first call failed ({e}): nothing more \
         was called; pass --allow-unprotected to run without it"
    )
}

/// What a plan's execution reports as it goes.
pub enum Event {
    /// A phase (deregister or delete) of this many items starts.
    Start(JobKind, usize),
    /// One item's outcome.
    Item(Item),
}

/// How one plan's execution ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Ended {
    /// Every phase ran (or SIGINT stopped it).
    Finished {
        /// Cancelled part-way (SIGINT).
        cancelled: bool,
    },
    /// The in-use re-check failed and `--allow-unprotected` was not given: nothing more called.
    Unprotected(String),
}

/// Runs a plan's phases: deregister, then (with `--delete-inactive`) delete, as jobs
/// `first_job` and `first_job + 1`. `who` names the context in warnings.
pub async fn phases(
    runner: &Runner,
    plan: &plan::Plan,
    args: &PruneArgs,
    recheck: bool,
    first_job: u64,
    who: Option<&str>,
    on_event: &mut dyn FnMut(Event),
) -> Ended {
    let mut to_delete = plan.delete.clone();
    let mut cancelled = false;
    let phases = [JobKind::Deregister, JobKind::Delete];
    for (job, kind) in (first_job..).zip(phases) {
        let items = match kind {
            JobKind::Deregister => plan.deregister(),
            JobKind::Delete if args.delete_inactive => std::mem::take(&mut to_delete),
            JobKind::Delete => Vec::new(),
        };
        if items.is_empty() || cancelled {
            continue;
        }
        let mut deregistered = Vec::new();
        let mut recheck = recheck;
        loop {
            on_event(Event::Start(kind, items.len()));
            let mut on_item = |it: apply::Item| {
                if matches!(it.result, Outcome::Done | Outcome::DryRun) {
                    deregistered.push(RevisionRef {
                        status: TdStatus::Inactive,
                        ..it.revision.clone()
                    });
                }
                on_event(Event::Item(it));
            };
            match runner
                .run(job, kind, items.clone(), recheck, &mut on_item)
                .await
            {
                JobEnd::Finished { cancelled: c } => {
                    cancelled = c;
                    break;
                }
                JobEnd::RecheckFailed(e) if args.allow_unprotected => {
                    let prefix = who.map(|w| format!("{w}: ")).unwrap_or_default();
                    warn(&format!(
                        "{prefix}the in-use re-check failed ({e}); going on unprotected (--allow-unprotected)"
                    ));
                    recheck = false;
                }
                JobEnd::RecheckFailed(e) => return Ended::Unprotected(e.to_string()),
            }
        }
        if kind == JobKind::Deregister {
            // The two-step rule: what this run deregistered can be deleted now.
            to_delete.extend(deregistered);
        }
    }
    Ended::Finished { cancelled }
}

#[cfg(test)]
mod tests;
