//! Jobs and keep-newest-N across several contexts: the re-check in every context at once (a
//! context whose re-check fails sends nothing, the others go on), then one runner per context
//! at once, each paced by its own context's buckets (they are per account
//! and region) with the good-neighbour policy, merged into one job for the screen.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use tokio::sync::{mpsc, watch};

use super::across::ContextBackend;
use crate::app::action::KeepResult;
use crate::app::contexts::qualify;
use crate::app::selection::KeepRule;
use crate::app::{Action, ItemOutcome, JobKind, Recheck};
use crate::domain::KeepProgress;
use crate::ecs::{ContextId, EcsError, RevisionRef};
use crate::jobs::RateConfig;
use crate::recheck::{ConfirmedJob, run_confirmed};

/// One context's share of a job: its backend (none if it is not connected) and items.
pub type Part = (Option<Arc<ContextBackend>>, Vec<RevisionRef>);

/// Runs one job across contexts: re-checks in-use status in every context (if every one
/// fails, nothing is called, as with one context; if some fail, their items are skipped with
/// why and the others go on), then runs each context's items at once, and
/// reports one merged progress (calls in flight and pace summed) and one `JobFinished`.
pub async fn run(
    parts: Vec<Part>,
    job: u64,
    kind: JobKind,
    recheck: Recheck,
    rate: RateConfig,
    cancel: watch::Receiver<bool>,
    tx: mpsc::UnboundedSender<Action>,
) {
    let mut parts = parts;
    let read_only = parts
        .iter()
        .any(|(b, _)| b.as_ref().is_some_and(|b| b.job.read_only));
    if let (Recheck::Fresh { confirmed_in_use }, false) = (&recheck, read_only) {
        let ready: Vec<_> = parts
            .iter()
            .filter_map(|(b, items)| Some((items.first()?.ctx, b.clone()?)))
            .collect();
        let mut rx = cancel.clone();
        let cancelled = async move {
            if rx.wait_for(|c| *c).await.is_err() {
                std::future::pending::<()>().await;
            }
        };
        let result = tokio::select! {
            r = scan_across(&ready) => Some(r),
            () = cancelled => None,
        };
        match result {
            Some(Ok(map)) => {
                for (b, items) in &mut parts {
                    // A context whose re-check failed calls nothing; the others go on.
                    let failed = items.first().and_then(|r| map.failed_in(r.ctx));
                    if let (Some(error), Some(b)) = (failed, b.as_ref()) {
                        let context = meta_label(&b.job.meta);
                        for r in std::mem::take(items) {
                            let why = crate::domain::SkipReason::RecheckFailed {
                                context: context.clone(),
                                error: error.clone(),
                            };
                            let _ = tx.send(Action::JobItem {
                                job,
                                arn: r.arn,
                                outcome: ItemOutcome::Skipped(why),
                            });
                        }
                        continue;
                    }
                    let (free, now_used) =
                        crate::recheck::split(std::mem::take(items), &map, confirmed_in_use);
                    for (r, why) in now_used {
                        let _ = tx.send(Action::JobItem {
                            job,
                            arn: r.arn,
                            outcome: ItemOutcome::Skipped(why),
                        });
                    }
                    *items = free;
                }
                let _ = tx.send(Action::JobRechecked {
                    job,
                    result: Ok(map),
                });
            }
            Some(Err(e)) if !*cancel.borrow() => {
                let _ = tx.send(Action::JobRechecked {
                    job,
                    result: Err(e),
                });
                return;
            }
            _ => {}
        }
    }
    let pace: Mutex<HashMap<usize, (usize, f64, f64)>> = Mutex::new(HashMap::new());
    let any_cancelled = Mutex::new(false);
    let one = |i: usize, part: Part| {
        let (tx, cancel, rate) = (tx.clone(), cancel.clone(), rate.clone());
        let (pace, any_cancelled) = (&pace, &any_cancelled);
        async move {
            let (backend, items) = part;
            let ctx = items.first().map(|r| r.ctx);
            let Some(b) = backend else {
                for r in items {
                    let _ = tx.send(Action::JobItem {
                        job,
                        arn: r.arn,
                        outcome: ItemOutcome::Failed(not_open(kind)),
                    });
                }
                return;
            };
            let (ltx, mut lrx) = mpsc::unbounded_channel();
            let confirmed = ConfirmedJob {
                job,
                kind,
                items,
                recheck: Recheck::Off,
            };
            let api = b.api.clone();
            let runner = async {
                let sources = b.sources.as_deref();
                run_confirmed(
                    api, confirmed, sources, &b.scans, &rate, &b.job, cancel, ltx,
                )
                .await;
            };
            let forward = async {
                while let Some(a) = lrx.recv().await {
                    match a {
                        Action::JobFinished { cancelled, .. } => {
                            if let Ok(mut c) = any_cancelled.lock() {
                                *c |= cancelled;
                            }
                        }
                        Action::JobProgress {
                            sent,
                            in_flight,
                            burst_left,
                            per_sec,
                            ..
                        } => {
                            if let Some(ctx) = ctx {
                                let _ = tx.send(Action::JobContextPace {
                                    job,
                                    ctx,
                                    burst_left,
                                    per_sec,
                                });
                            }
                            let (in_flight, burst_left, per_sec) = match pace.lock() {
                                Ok(mut p) => {
                                    p.insert(i, (in_flight, burst_left, per_sec));
                                    p.values().fold((0, 0.0, 0.0), |s, v| {
                                        (s.0 + v.0, s.1 + v.1, s.2 + v.2)
                                    })
                                }
                                Err(_) => (in_flight, burst_left, per_sec),
                            };
                            let _ = tx.send(Action::JobProgress {
                                job,
                                sent,
                                in_flight,
                                burst_left,
                                per_sec,
                            });
                        }
                        other => {
                            let _ = tx.send(other);
                        }
                    }
                }
            };
            futures::join!(runner, forward);
            // A finished context no longer adds to the pace.
            if let Ok(mut p) = pace.lock() {
                p.remove(&i);
            }
        }
    };
    futures::future::join_all(parts.into_iter().enumerate().map(|(i, p)| one(i, p))).await;
    let cancelled = any_cancelled.lock().map(|c| *c).unwrap_or(false);
    let _ = tx.send(Action::JobFinished { job, cancelled });
}

/// Keep-newest-N in every context at once, each at its own bucket's pace less the headroom;
/// progress is the sum over contexts, and the families come back keyed by context.
#[allow(clippy::too_many_arguments)] // one call site, the effect's fields
pub async fn keep(
    parts: Vec<(ContextId, Arc<ContextBackend>, Vec<String>)>,
    rule: KeepRule,
    in_use: crate::inuse::InUseMap,
    known: HashMap<String, jiff::Timestamp>,
    headroom: f64,
    request: u64,
    tx: &mpsc::UnboundedSender<Action>,
) -> Result<KeepResult, EcsError> {
    let now = jiff::Timestamp::now();
    let progress: Mutex<Vec<KeepProgress>> = Mutex::new(vec![KeepProgress::default(); parts.len()]);
    let (rule, in_use, known, progress) = (&rule, &in_use, &known, &progress);
    let answers = futures::future::join_all(parts.into_iter().enumerate().map(
        |(i, (ctx, b, families))| async move {
            let pace = crate::ecs::pages::bucket_pace(headroom);
            let mut report = |p: KeepProgress| {
                let sum = match progress.lock() {
                    Ok(mut all) => {
                        all[i] = p;
                        all.iter()
                            .fold(KeepProgress::default(), |s, p| KeepProgress {
                                families_done: s.families_done + p.families_done,
                                families_total: s.families_total + p.families_total,
                                described: s.described + p.described,
                                to_describe: s.to_describe + p.to_describe,
                            })
                    }
                    Err(_) => p,
                };
                let _ = tx.send(Action::KeepProgress {
                    request,
                    progress: sum,
                });
            };
            let known = |a: &str| known.get(a).copied();
            // This context's users only: the same name in use elsewhere protects nothing here.
            let in_use = in_use.for_context(ctx);
            crate::keep::collect(
                &*b.api,
                &families,
                rule,
                &in_use,
                &pace,
                &known,
                &mut report,
                now,
            )
            .await
            .map(|(f, d)| (ctx, f, d))
            .map_err(|mut e| {
                e.message = format!("{} ({})", e.message, meta_label(&b.job.meta));
                e
            })
        },
    ))
    .await;
    let mut result = KeepResult {
        families: Vec::new(),
        described: Vec::new(),
    };
    for answer in answers {
        let (ctx, families, described) = answer?;
        for mut f in families {
            f.family = qualify(ctx, &f.family);
            for r in f
                .selected
                .iter_mut()
                .chain(f.protected_in_use.iter_mut())
                .chain(f.skipped_managed.iter_mut())
            {
                r.ctx = ctx;
            }
            result.families.push(f);
        }
        result.described.extend(described);
    }
    Ok(result)
}

/// Scans every ready context at once. Each context's findings stay its own (a revision is in
/// use only where its context uses it); a context whose scan fails is listed in the map's
/// `failed` and the others stay protected. Only when every context fails is the scan an
/// error (it names the first context).
pub(super) async fn scan_across(
    ready: &[(ContextId, Arc<ContextBackend>)],
) -> Result<crate::inuse::InUseMap, EcsError> {
    let scans = futures::future::join_all(ready.iter().map(|(ctx, b)| async move {
        let r = crate::inuse::scan_all(&*b.api, b.sources.as_deref(), &b.scans).await;
        (*ctx, r, meta_label(&b.job.meta))
    }))
    .await;
    let mut map = crate::inuse::InUseMap {
        per_context: true,
        ..Default::default()
    };
    let mut first_failure = None;
    for (ctx, one, label) in scans {
        match one {
            Ok(found) => map.add_context(ctx, found),
            Err(e) => {
                if first_failure.is_none() {
                    let mut named = e.clone();
                    named.message = format!("{} ({label})", e.message);
                    first_failure = Some(named);
                }
                map.failed.push((ctx, e));
            }
        }
    }
    match first_failure {
        Some(e) if map.failed.len() == ready.len() => Err(e),
        _ => Ok(map),
    }
}

/// Names a context in an error: `eu-west-1 · profile prod`.
pub(super) fn meta_label(meta: &crate::journal::Meta) -> String {
    let c = crate::contexts::Context::new(meta.profile.as_deref(), meta.region.as_deref());
    c.label()
}

/// Why an item whose context is not open (a journal entry of a region not opened this run)
/// is not called.
fn not_open(kind: JobKind) -> crate::domain::ItemFailure {
    let operation = match kind {
        JobKind::Deregister => "DeregisterTaskDefinition",
        JobKind::Delete => "DeleteTaskDefinitions",
    };
    crate::domain::ItemFailure::Refused(EcsError::new(
        operation,
        crate::ecs::ErrorKind::Client,
        "no context open in this run has this revision's region and account",
    ))
}
