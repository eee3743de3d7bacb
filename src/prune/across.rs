//! `prune` across contexts: every context plans at once, the plan is printed per context with
//! its counts and a total ("N revisions across M families in K contexts"), and `--apply` runs
//! one job per context concurrently. Each job has its own pacer (the buckets are per account
//! and region) with the good-neighbour headroom, its own in-use re-check and journal lines
//! naming its region and profile (the account comes from the ARN). A context that fails is
//! named and the others go on; the exit status is then non-zero.

use std::cell::RefCell;
use std::io::IsTerminal as _;
use std::sync::Arc;

use futures::future::join_all;
use serde_json::json;
use tokio::sync::watch;

use super::apply::{Item, Outcome, Runner};
use super::output::{Counts, Progress, out, plan_in, tag};
use super::plan::{Plan, build};
use super::{
    EXIT_FAILED, EXIT_INTERRUPTED, EXIT_UNPROTECTED, Ended, Event, Options, UNPROTECTED, phases,
    request, unprotected_sentence, warn,
};
use crate::cli::PruneArgs;
use crate::contexts::list::report_failed;
use crate::contexts::{Connected, Context, Failed};
use crate::jobs::JobContext;
use crate::ratelimit::RateLimiter;
use crate::sources::Sources;
use crate::text::{escape, plural};
use crate::worker::{READ_BURST, READ_PER_SEC};

/// What one context's plan would do.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PlanCounts {
    /// Revisions to deregister.
    pub deregister: usize,
    /// INACTIVE revisions to delete (`--delete-inactive`).
    pub delete: usize,
    /// Families with something to deregister or delete.
    pub families: usize,
    /// Revisions left alone because something uses them.
    pub protected: usize,
}

impl PlanCounts {
    /// Counts one plan.
    pub fn of(plan: &Plan) -> PlanCounts {
        let mut families: std::collections::HashSet<&str> = plan
            .families
            .iter()
            .filter(|f| !f.selected.is_empty())
            .map(|f| f.family.as_str())
            .collect();
        families.extend(plan.delete.iter().map(|r| r.family.as_str()));
        PlanCounts {
            deregister: plan.families.iter().map(|f| f.selected.len()).sum(),
            delete: plan.delete.len(),
            families: families.len(),
            protected: plan
                .families
                .iter()
                .map(|f| f.protected_in_use.len())
                .sum::<usize>()
                + plan.delete_protected.len(),
        }
    }

    /// Revisions acted on.
    pub fn revisions(&self) -> usize {
        self.deregister + self.delete
    }
}

/// Totals over every context's plan.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Totals {
    /// Revisions acted on (deregistered or deleted).
    pub revisions: usize,
    /// Families with something to do (a family in two contexts counts twice: they differ).
    pub families: usize,
    /// Contexts with something to do.
    pub contexts: usize,
    /// Contexts planned.
    pub planned: usize,
}

/// Adds up the per-context counts.
pub fn totals(per_context: &[PlanCounts]) -> Totals {
    Totals {
        revisions: per_context.iter().map(PlanCounts::revisions).sum(),
        families: per_context.iter().map(|c| c.families).sum(),
        contexts: per_context.iter().filter(|c| c.revisions() > 0).count(),
        planned: per_context.len(),
    }
}

/// "N revisions across M families in K contexts".
pub fn sentence(t: &Totals) -> String {
    format!(
        "{} across {} in {}",
        plural(t.revisions, "revision", "revisions"),
        plural(t.families, "family", "families"),
        plural(t.contexts, "context", "contexts")
    )
}

/// One context's line: `eu-west-1 · account 1: deregister 20, delete 0 in 2 families, protected 1`.
pub fn context_line(ctx: &Context, c: &PlanCounts) -> String {
    format!(
        "{}: deregister {}, delete {} in {}, protected {}",
        escape(&ctx.label()),
        c.deregister,
        c.delete,
        plural(c.families, "family", "families"),
        c.protected
    )
}

/// Plans one context: its own read and scan buckets, its own users beyond ECS.
async fn plan_one(c: &Connected, args: &PruneArgs, opts: &Options) -> anyhow::Result<Plan> {
    let req = request(args, opts.prefix.as_deref());
    let reads = RateLimiter::new(READ_BURST, READ_PER_SEC);
    let scans = RateLimiter::new(10, 10.0);
    let sources = Sources::new(c.sources.clone());
    let mut quiet = |_| {};
    build(
        &*c.api,
        &req,
        &reads,
        &scans,
        Some(&sources),
        &mut quiet,
        jiff::Timestamp::now(),
    )
    .await
    .map_err(|e| anyhow::anyhow!("cannot plan: {e}"))
}

/// Prints the per-context counts and the total.
fn print_counts(planned: &[(Connected, Plan)], json: bool) -> Totals {
    let counts: Vec<PlanCounts> = planned.iter().map(|(_, p)| PlanCounts::of(p)).collect();
    let t = totals(&counts);
    for ((c, _), n) in planned.iter().zip(&counts) {
        if json {
            out(&tag(
                json!({"type": "plan_context", "deregister": n.deregister, "delete": n.delete,
                    "families": n.families, "protected": n.protected}),
                Some(&c.context),
            )
            .to_string());
        } else {
            out(&context_line(&c.context, n));
        }
    }
    if json {
        out(
            &json!({"type": "plan_across", "revisions": t.revisions, "families": t.families,
            "contexts": t.contexts, "planned": t.planned})
            .to_string(),
        );
    } else {
        out(&format!("across contexts: {}", sentence(&t)));
    }
    t
}

/// Plans every context, prints the plans, and with `--apply` runs them all at once.
pub async fn run(
    contexts: Vec<Connected>,
    mut failed: Vec<Failed>,
    args: &PruneArgs,
    opts: &Options,
    base: JobContext,
) -> anyhow::Result<u8> {
    let total = contexts.len() + failed.len();
    let spinner = std::io::stderr().is_terminal().then(|| {
        let s = indicatif::ProgressBar::new_spinner();
        s.set_message(format!(
            "planning {} at once…",
            plural(contexts.len(), "context", "contexts")
        ));
        s.enable_steady_tick(std::time::Duration::from_millis(120));
        s
    });
    let plans = join_all(contexts.iter().map(|c| plan_one(c, args, opts))).await;
    if let Some(s) = spinner {
        s.finish_and_clear();
    }
    let mut planned = Vec::new();
    for (mut c, p) in contexts.into_iter().zip(plans) {
        match p {
            Ok(plan) => {
                let first = plan
                    .deregister()
                    .into_iter()
                    .chain(plan.delete.clone())
                    .next();
                if let Some(r) = first {
                    c.learn_account(&r.arn);
                }
                planned.push((c, plan));
            }
            Err(e) => failed.push(Failed {
                context: c.context,
                reason: format!("{e:#}"),
                rejected: false,
            }),
        }
    }
    for (c, plan) in &planned {
        if !args.json {
            out(&format!("# {}", escape(&c.context.label())));
        }
        plan_in(plan, args.json, Some(&c.context));
    }
    print_counts(&planned, args.json);
    let mut unprotected = Vec::new();
    let mut runnable = Vec::new();
    for (c, plan) in planned {
        if plan.in_use.is_err() && !args.allow_unprotected {
            warn(&format!("{}: {UNPROTECTED}", c.context.label()));
            unprotected.push(c.context.label());
        } else {
            runnable.push((c, plan));
        }
    }
    if !args.apply {
        if !args.json {
            out("plan only: nothing was changed; add --apply to execute it");
        }
        let failing = report_failed(&failed, total);
        return Ok(if unprotected.is_empty() {
            failing
        } else {
            EXIT_UNPROTECTED
        });
    }
    let (cancel_tx, cancel_rx) = watch::channel(false);
    // SIGINT stops sending new calls in every context; calls in flight finish and are reported.
    let sigint = tokio::spawn(async move {
        if tokio::signal::ctrl_c().await.is_ok() {
            let _ = cancel_tx.send(true);
        }
    });
    let progress = RefCell::new(Progress::new(args.json));
    let outcomes = RefCell::new(vec![Counts::default(); runnable.len()]);
    let jobs = runnable.iter().enumerate().map(|(i, (c, plan))| {
        let runner = Runner {
            api: c.api.clone(),
            rate: opts.rate.clone(),
            ctx: Arc::new(JobContext {
                meta: c.meta.clone(),
                ..base.clone()
            }),
            scans: Arc::new(RateLimiter::new(10, 10.0)),
            sources: Some(Arc::new(Sources::new(c.sources.clone()))),
            cancel: cancel_rx.clone(),
        };
        let (progress, outcomes) = (&progress, &outcomes);
        async move {
            let label = c.context.label();
            let mut started = Vec::new();
            let mut on_event = |e: Event| match e {
                // A phase restarted without the re-check has its items counted already.
                Event::Start(kind, n) if !started.contains(&kind) => {
                    started.push(kind);
                    progress.borrow_mut().grow_in(&c.context, n);
                }
                Event::Start(..) => {}
                Event::Item(it) => {
                    count(&mut outcomes.borrow_mut()[i], &it);
                    progress.borrow_mut().item_in(it, Some(&c.context));
                }
            };
            let first_job = 2 * i as u64 + 1;
            let recheck = plan.in_use.is_ok();
            phases(
                &runner,
                plan,
                args,
                recheck,
                first_job,
                Some(&label),
                &mut on_event,
            )
            .await
        }
    });
    let ends = join_all(jobs).await;
    sigint.abort();
    let mut cancelled = false;
    for ((c, _), end) in runnable.iter().zip(&ends) {
        match end {
            Ended::Finished { cancelled: x } => cancelled |= x,
            Ended::Unprotected(e) => {
                warn(&format!(
                    "{}: {}",
                    c.context.label(),
                    unprotected_sentence(e)
                ));
                unprotected.push(c.context.label());
            }
        }
    }
    let mut progress = progress.into_inner();
    progress.clear_bars();
    for ((c, _), n) in runnable.iter().zip(outcomes.into_inner()) {
        context_summary(&c.context, &n, args.json);
    }
    let exit = if cancelled {
        EXIT_INTERRUPTED
    } else if !unprotected.is_empty() {
        EXIT_UNPROTECTED
    } else if progress.counts.failed > 0 || !failed.is_empty() {
        EXIT_FAILED
    } else {
        0
    };
    progress.summary(cancelled, exit);
    report_failed(&failed, total);
    Ok(exit)
}

/// Counts one outcome.
fn count(c: &mut Counts, it: &Item) {
    match it.result {
        Outcome::Done => c.done += 1,
        Outcome::DryRun => c.dry_run += 1,
        Outcome::Skipped => c.skipped += 1,
        Outcome::Failed => c.failed += 1,
    }
}

/// One context's outcome counts.
fn context_summary(ctx: &Context, c: &Counts, json: bool) {
    if json {
        out(&tag(
            json!({"type": "context_summary", "done": c.done, "dry_run": c.dry_run,
                "skipped": c.skipped, "failed": c.failed}),
            Some(ctx),
        )
        .to_string());
    } else {
        out(&format!(
            "{}: {} done, {} dry run, {} skipped, {} failed",
            escape(&ctx.label()),
            c.done,
            c.dry_run,
            c.skipped,
            c.failed
        ));
    }
}

#[cfg(test)]
mod tests;
