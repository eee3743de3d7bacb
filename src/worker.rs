//! The only code that talks to ECS: runs effects as background tasks and answers with actions.
//!
//! Every read goes through one client-side token bucket well below the account's read
//! bucket (20/s shared with the console and CI), so browsing never throttles anyone.

mod cached;

use std::collections::HashMap;
use std::sync::Arc;

use tokio::sync::{mpsc, watch};
use tokio::task::JoinHandle;

use crate::app::{Action, Effect};
use crate::cache::Cache;
use crate::ecs::{EcsApi, RevisionRef, StatusFilter, TdStatus};
use crate::jobs::{JobContext, RateConfig};
use crate::journal::JournalError;
use crate::ratelimit::RateLimiter;
use crate::recheck::{ConfirmedJob, run_confirmed};
use crate::sources::{ScanSources, Sources};

/// Read budget for browsing: burst, then per second.
pub const READ_BURST: u32 = 20;
/// Steady read rate for browsing, per second (half the account's task definition read bucket).
pub const READ_PER_SEC: f64 = 10.0;
pub use crate::ecs::DESCRIBE_CONCURRENCY;

/// Executes effects; cheap to call from the UI loop (everything runs in spawned tasks).
pub struct Worker {
    api: Arc<dyn EcsApi>,
    tx: mpsc::UnboundedSender<Action>,
    reads: Arc<RateLimiter>,
    scans: Arc<RateLimiter>,
    sources: Option<Arc<Sources>>,
    cache: Option<Arc<Cache>>,
    rate: RateConfig,
    ctx: Arc<JobContext>,
    families_task: Option<JoinHandle<()>>,
    revisions_task: Option<JoinHandle<()>>,
    jobs: HashMap<u64, watch::Sender<bool>>,
    switch: crate::switch::Switcher,
    /// With several contexts open, one per context by `ContextId` (empty with one).
    contexts: across::Open,
}

pub mod across;
pub mod across_connect;
mod across_jobs;
mod across_lists;
mod describe;
use describe::describe_all;

impl Worker {
    /// A worker answering on `tx`.
    pub fn new(
        api: Arc<dyn EcsApi>,
        tx: mpsc::UnboundedSender<Action>,
        rate: RateConfig,
        ctx: JobContext,
    ) -> Self {
        Worker {
            api,
            tx,
            reads: Arc::new(RateLimiter::new(READ_BURST, READ_PER_SEC)),
            scans: Arc::new(RateLimiter::new(10, 10.0)),
            sources: None,
            cache: None,
            rate,
            ctx: Arc::new(ctx),
            families_task: None,
            revisions_task: None,
            jobs: HashMap::new(),
            switch: Default::default(),
            contexts: across::Open::default(),
        }
    }

    /// In-use scans (and re-checks) also read these sources beyond ECS.
    pub fn with_sources(mut self, sources: Arc<dyn ScanSources>) -> Self {
        self.sources = Some(Arc::new(Sources::new(sources)));
        self
    }

    /// `:region` and `:profile` build their backend through `connector`.
    pub fn with_connector(mut self, connector: Arc<dyn crate::switch::Connector>) -> Self {
        self.switch = crate::switch::Switcher::new(connector);
        self
    }

    /// From now on, the backend a switch proved (`update` accepted its answer).
    fn use_switched(&mut self, request: u64) {
        if let Some(sw) = self.switch.take(request) {
            self.api = sw.api;
            self.sources = Some(Arc::new(Sources::new(sw.sources)));
            let old = &self.ctx;
            self.ctx = Arc::new(JobContext {
                meta: sw.meta,
                journal: old.journal.clone(),
                ..**old
            });
            // The cache is the starting context's: nothing of another one goes into it.
            self.cache = None;
            // Buckets are per account and region.
            self.reads = Arc::new(RateLimiter::new(READ_BURST, READ_PER_SEC));
            self.scans = Arc::new(RateLimiter::new(10, 10.0));
            // A switch leaves one context, even from several.
            self.contexts = across::Open::default();
        }
    }

    /// Starts the work for one effect.
    pub fn run(&mut self, effect: Effect) {
        let effect = if self.contexts.len() > 1 {
            match self.run_across(effect) {
                Some(e) => e,
                None => return,
            }
        } else {
            effect
        };
        let api = self.api.clone();
        let tx = self.tx.clone();
        let reads = self.reads.clone();
        match effect {
            Effect::ListFamilies {
                request,
                status,
                prefix,
            } => {
                // A newer listing supersedes the old one: stop paying for pages nobody shows.
                if let Some(t) = self.families_task.take() {
                    t.abort();
                }
                self.families_task = Some(tokio::spawn(async move {
                    list_families(&*api, &reads, request, status, prefix, &tx).await;
                }));
            }
            Effect::ListRevisions {
                request,
                family,
                status,
            } => {
                if let Some(t) = self.revisions_task.take() {
                    t.abort();
                }
                self.revisions_task = Some(tokio::spawn(async move {
                    list_revisions(&*api, &reads, request, &family, status, &tx).await;
                }));
            }
            Effect::ExportFile {
                arn,
                path,
                overwrite,
            } => crate::export::spawn_for_ui(api, reads, tx, arn, path, overwrite),
            Effect::SwitchContext { request, change } => self.switch.start(request, change, tx),
            Effect::ListProfiles => crate::switch::Switcher::list_profiles(tx),
            Effect::UseContext { request } => self.use_switched(request),
            Effect::Describe { arns } => {
                describe_all(api, reads, arns, self.cache.clone(), tx);
            }
            Effect::RunJob {
                job,
                kind,
                items,
                recheck,
            } => {
                let (cancel_tx, cancel_rx) = watch::channel(false);
                self.jobs.retain(|_, c| !c.is_closed());
                self.jobs.insert(job, cancel_tx);
                let (rate, ctx, scans) = (self.rate.clone(), self.ctx.clone(), self.scans.clone());
                let sources = self.sources.clone();
                let confirmed = ConfirmedJob {
                    job,
                    kind,
                    items,
                    recheck,
                };
                tokio::spawn(async move {
                    let sources = sources.as_deref();
                    run_confirmed(api, confirmed, sources, &scans, &rate, &ctx, cancel_rx, tx)
                        .await;
                });
            }
            Effect::Acknowledge { entries } => {
                let ctx = self.ctx.clone();
                tokio::task::spawn_blocking(move || {
                    let result = match &ctx.journal {
                        Some(j) => j
                            .acknowledge(&entries)
                            .map(|()| entries.len())
                            .map_err(|e| JournalError::write(j.path(), &e)),
                        None => Err(JournalError::NotOpen),
                    };
                    let _ = tx.send(Action::Acknowledged(result));
                });
            }
            // The runtime writes it to the terminal itself, between frames.
            Effect::Copy { .. } => {}
            // Adding and closing contexts only exist with several open (`run_across`).
            Effect::OpenContext { .. } | Effect::CloseContext { .. } => {}
            Effect::CancelJob { job } => {
                if let Some(c) = self.jobs.get(&job) {
                    let _ = c.send(true);
                }
            }
            Effect::ScanInUse { request } => {
                let (scans, sources) = (self.scans.clone(), self.sources.clone());
                tokio::spawn(async move {
                    let result = crate::inuse::scan_all(&*api, sources.as_deref(), &scans).await;
                    let _ = tx.send(Action::InUseScanned { request, result });
                });
            }
            Effect::CollectKeep {
                request,
                families,
                keep,
                older_than,
                include_managed,
                in_use,
                known,
            } => {
                // A plan is a few seconds the operator waits for: it reads at the bucket
                // less the headroom, not at the browsing pace.
                let plan_pace = crate::ecs::pages::bucket_pace(self.rate.headroom);
                let cache = self.cache.clone();
                tokio::spawn(async move {
                    let rule = crate::app::selection::KeepRule {
                        keep,
                        older_than,
                        include_managed,
                    };
                    let progress_tx = tx.clone();
                    let mut progress = move |progress| {
                        let _ = progress_tx.send(Action::KeepProgress { request, progress });
                    };
                    let now = jiff::Timestamp::now();
                    let result = crate::keep::collect(
                        &*api,
                        &families,
                        &rule,
                        &in_use,
                        &plan_pace,
                        &|a: &str| {
                            known
                                .get(a)
                                .copied()
                                .or_else(|| cache.as_ref().and_then(|c| c.registered_at(a)))
                        },
                        &mut progress,
                        now,
                    )
                    .await
                    .map(|(families, described)| {
                        crate::app::action::KeepResult {
                            families,
                            described,
                        }
                    });
                    let _ = tx.send(Action::KeepCollected { request, result });
                });
            }
        }
    }
}

/// Follows every page of `ListTaskDefinitionFamilies`, sending each as it arrives.
pub async fn list_families(
    api: &dyn EcsApi,
    reads: &RateLimiter,
    request: u64,
    status: StatusFilter,
    prefix: Option<String>,
    tx: &mpsc::UnboundedSender<Action>,
) {
    if status == StatusFilter::Inactive {
        return list_inactive_families(api, reads, request, prefix, tx).await;
    }
    let mut token = None;
    loop {
        reads.acquire().await;
        match api
            .list_families(prefix.as_deref(), status, token.take())
            .await
        {
            Ok(page) => {
                let done = page.next_token.is_none();
                let _ = tx.send(Action::FamiliesPage {
                    request,
                    names: page.items,
                    done,
                });
                if done {
                    return;
                }
                token = page.next_token;
            }
            Err(e) => {
                let _ = tx.send(Action::FamiliesFailed {
                    request,
                    error: yield_if_throttled(reads, e),
                });
                return;
            }
        }
    }
}

/// The INACTIVE view: every family that has INACTIVE revisions, with how many.
///
/// ECS's own INACTIVE family status means "no ACTIVE revision left", which hides the old
/// revisions of live families; so the view comes from `ListTaskDefinitions --status INACTIVE`
/// across every family, every page.
async fn list_inactive_families(
    api: &dyn EcsApi,
    reads: &RateLimiter,
    request: u64,
    prefix: Option<String>,
    tx: &mpsc::UnboundedSender<Action>,
) {
    let mut counts: HashMap<String, usize> = HashMap::new();
    let mut token = None;
    loop {
        reads.acquire().await;
        let page = match api
            .list_revisions("", TdStatus::Inactive, token.take())
            .await
        {
            Ok(page) => page,
            Err(e) => {
                let _ = tx.send(Action::FamiliesFailed { request, error: e });
                return;
            }
        };
        let mut new = Vec::new();
        let mut touched = std::collections::BTreeSet::new();
        for arn in &page.items {
            let Some((family, _)) = crate::ecs::parse_family_revision(arn) else {
                continue;
            };
            if prefix.as_deref().is_some_and(|p| !family.starts_with(p)) {
                continue;
            }
            let n = counts.entry(family.clone()).or_insert(0);
            if *n == 0 {
                new.push(family.clone());
            }
            *n += 1;
            touched.insert(family);
        }
        let done = page.next_token.is_none();
        let counts_now = touched
            .into_iter()
            .map(|f| {
                let n = counts.get(&f).copied().unwrap_or(0);
                (f, n)
            })
            .collect();
        let _ = tx.send(Action::FamilyCounts {
            request,
            counts: counts_now,
        });
        new.sort();
        let _ = tx.send(Action::FamiliesPage {
            request,
            names: new,
            done,
        });
        if done {
            return;
        }
        token = page.next_token;
    }
}

/// Follows every page of `ListTaskDefinitions` for each status the filter covers.
pub async fn list_revisions(
    api: &dyn EcsApi,
    reads: &RateLimiter,
    request: u64,
    family: &str,
    status: StatusFilter,
    tx: &mpsc::UnboundedSender<Action>,
) {
    let statuses = status.revision_statuses();
    for (si, &st) in statuses.iter().enumerate() {
        let mut token = None;
        loop {
            reads.acquire().await;
            match api.list_revisions(family, st, token.take()).await {
                Ok(page) => {
                    let last_status = si + 1 == statuses.len();
                    let done = last_status && page.next_token.is_none();
                    let refs = refs_from(&page.items, st);
                    let _ = tx.send(Action::RevisionsPage {
                        request,
                        refs,
                        done,
                    });
                    match page.next_token {
                        Some(t) => token = Some(t),
                        None => break,
                    }
                }
                Err(e) => {
                    let _ = tx.send(Action::RevisionsFailed {
                        request,
                        error: yield_if_throttled(reads, e),
                    });
                    return;
                }
            }
        }
    }
}

/// A throttled read means someone else (a deploy, the console) draws from the read bucket:
/// the limiter yields to them (see `ratelimit`). Returns the error.
fn yield_if_throttled(reads: &RateLimiter, e: crate::ecs::EcsError) -> crate::ecs::EcsError {
    if e.kind == crate::ecs::ErrorKind::Throttled {
        reads.throttled();
    }
    e
}

/// ARNs to refs; an ARN that does not parse is skipped (and logged), never fatal.
pub fn refs_from(arns: &[String], status: TdStatus) -> Vec<RevisionRef> {
    arns.iter()
        .filter_map(|a| {
            let r = RevisionRef::from_arn(a, status);
            if r.is_none() {
                tracing::warn!(arn = %a, "skipping a task definition ARN that does not parse");
            }
            r
        })
        .collect()
}

#[cfg(test)]
mod tests;
