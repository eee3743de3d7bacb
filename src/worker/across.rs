//! The worker with several contexts open: every effect goes to its context's backend, each
//! context with its own read and scan limiters (the buckets are per account and region), and
//! listings, scans and jobs run in every context at once. Answers are merged into the actions
//! a single context would send, so `update` keeps one request (or job) id per thing.

use std::collections::HashMap;
use std::sync::Arc;

use tokio::sync::{mpsc, watch};

use super::across_jobs::scan_across;
use super::{Worker, list_revisions};
use crate::app::contexts::split_key;
use crate::app::{Action, Effect};
use crate::ecs::{ContextId, EcsApi, EcsError, ErrorKind};
use crate::jobs::JobContext;
use crate::ratelimit::RateLimiter;
use crate::sources::{ScanSources, Sources};

/// One open context on the worker side.
pub struct ContextBackend {
    /// Where its ECS calls go.
    pub api: Arc<dyn EcsApi>,
    /// Its users beyond ECS.
    pub sources: Option<Arc<Sources>>,
    /// Its browsing reads (its own account and region's read bucket).
    pub reads: Arc<RateLimiter>,
    /// Its in-use scans.
    pub scans: Arc<RateLimiter>,
    /// Its journal meta (region, profile, account) and the run's journal.
    pub job: Arc<JobContext>,
    /// Its region and account, to route a describe by the ARN.
    pub region: Option<String>,
    /// Its account id, when known.
    pub account: Option<String>,
}

impl ContextBackend {
    /// A backend for one context, with fresh limiters.
    pub fn new(
        api: Arc<dyn EcsApi>,
        sources: Option<Arc<dyn ScanSources>>,
        job: JobContext,
        region: Option<String>,
        account: Option<String>,
    ) -> Self {
        ContextBackend {
            api,
            sources: sources.map(|s| Arc::new(Sources::new(s))),
            reads: Arc::new(RateLimiter::new(super::READ_BURST, super::READ_PER_SEC)),
            scans: Arc::new(RateLimiter::new(10, 10.0)),
            job: Arc::new(job),
            region,
            account,
        }
    }
}

/// A context of the run: connected, or why not.
#[derive(Clone)]
pub enum Slot {
    /// Connected.
    Ready(Arc<ContextBackend>),
    /// Could not connect (one sentence, typed).
    Failed(EcsError),
    /// Connecting in the background.
    Connecting(super::across_connect::Conn),
    /// Closed with `:region -R`: no rows, no calls.
    Closed,
}

impl Slot {
    /// The error of a context that could not connect, from its one sentence.
    pub fn failed(reason: &str) -> Slot {
        Slot::Failed(EcsError::new(
            crate::app::contexts::CONNECT_OP,
            ErrorKind::Other,
            reason,
        ))
    }

    /// The backend, or why there is none, once known (without waiting).
    pub fn peek(&self) -> Option<Result<Arc<ContextBackend>, EcsError>> {
        match self {
            Slot::Ready(b) => Some(Ok(b.clone())),
            Slot::Failed(e) => Some(Err(e.clone())),
            Slot::Connecting(c) => c.peek().cloned(),
            Slot::Closed => Some(Err(closed())),
        }
    }

    /// The backend, or why there is none, waiting for the connection if it is on its way.
    pub async fn get(self) -> Result<Arc<ContextBackend>, EcsError> {
        match self {
            Slot::Ready(b) => Ok(b),
            Slot::Failed(e) => Err(e),
            Slot::Connecting(c) => c.await,
            Slot::Closed => Err(closed()),
        }
    }
}

/// Why a closed context answers nothing.
fn closed() -> EcsError {
    EcsError::new(
        crate::app::contexts::CONNECT_OP,
        ErrorKind::Other,
        "closed with :region -R",
    )
}

/// The contexts a worker opened, and which context listed each ARN seen (describes go there).
#[derive(Default)]
pub struct Open {
    slots: Vec<Slot>,
    /// How to connect one more (`:region +R`): where, and each context's job context.
    connector: Option<(
        crate::contexts::connect::Target,
        super::across_connect::JobOf,
    )>,
    seen: Arc<std::sync::Mutex<HashMap<String, ContextId>>>,
}

impl Open {
    /// How many contexts are open.
    pub fn len(&self) -> usize {
        self.slots.len()
    }

    /// True when none is (the worker then has its one backend).
    pub fn is_empty(&self) -> bool {
        self.slots.is_empty()
    }
}

/// Remembers which context listed these refs.
fn remember<'a>(
    seen: &std::sync::Mutex<HashMap<String, ContextId>>,
    refs: impl Iterator<Item = &'a crate::ecs::RevisionRef>,
) {
    if let Ok(mut m) = seen.lock() {
        for r in refs {
            m.insert(r.arn.clone(), r.ctx);
        }
    }
}

impl Worker {
    /// Opens several contexts: every effect then goes to its context's backend.
    pub fn with_contexts(mut self, contexts: Vec<Slot>) -> Self {
        self.contexts = Open {
            slots: contexts,
            seen: Arc::default(),
            connector: None,
        };
        self
    }

    /// How `:region +R` connects one more context.
    pub fn with_context_connector(
        mut self,
        target: crate::contexts::connect::Target,
        job: super::across_connect::JobOf,
    ) -> Self {
        self.contexts.connector = Some((target, job));
        self
    }

    /// The connected contexts with their ids (those still connecting are left out).
    fn ready(&self) -> Vec<(ContextId, Arc<ContextBackend>)> {
        self.contexts
            .slots
            .iter()
            .enumerate()
            .filter_map(|(i, s)| Some((ContextId(i as u16), s.peek()?.ok()?)))
            .collect()
    }

    /// The backend of context `ctx`, if it is connected. Rows, marks and jobs of a context
    /// only exist once it listed, so by then it is.
    fn backend(&self, ctx: ContextId) -> Option<Arc<ContextBackend>> {
        self.contexts
            .slots
            .get(usize::from(ctx.0))
            .and_then(Slot::peek)
            .and_then(Result::ok)
    }

    /// Runs `effect` across the contexts; returns it back when it needs no context.
    pub(super) fn run_across(&mut self, effect: Effect) -> Option<Effect> {
        let tx = self.tx.clone();
        match effect {
            Effect::ListFamilies {
                request,
                status,
                prefix,
            } => {
                if let Some(t) = self.families_task.take() {
                    t.abort();
                }
                let slots = self.contexts.slots.clone();
                self.families_task = Some(tokio::spawn(async move {
                    super::across_lists::families_across(slots, request, status, prefix, tx).await;
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
                let (ctx, name) = split_key(&family);
                let (backend, name) = (self.backend(ctx), name.to_string());
                let seen = self.contexts.seen.clone();
                self.revisions_task = Some(tokio::spawn(async move {
                    let Some(b) = backend.filter(|_| !name.is_empty()) else {
                        // A failed context's own row: it has no revisions to list.
                        let _ = tx.send(Action::RevisionsPage {
                            request,
                            refs: Vec::new(),
                            done: true,
                        });
                        return;
                    };
                    let (ltx, mut lrx) = mpsc::unbounded_channel();
                    let list = async move {
                        list_revisions(&*b.api, &b.reads, request, &name, status, &ltx).await;
                    };
                    let forward = async {
                        while let Some(a) = lrx.recv().await {
                            let a = match a {
                                Action::RevisionsPage {
                                    request,
                                    refs,
                                    done,
                                } => {
                                    let refs: Vec<_> =
                                        refs.into_iter().map(|r| r.in_ctx(ctx)).collect();
                                    remember(&seen, refs.iter());
                                    Action::RevisionsPage {
                                        request,
                                        refs,
                                        done,
                                    }
                                }
                                other => other,
                            };
                            let _ = tx.send(a);
                        }
                    };
                    futures::join!(list, forward);
                }));
            }
            Effect::Describe { arns } => {
                let mut per: HashMap<ContextId, Vec<String>> = HashMap::new();
                for arn in arns {
                    match self.context_of_arn(&arn) {
                        Some(ctx) => per.entry(ctx).or_default().push(arn),
                        None => {
                            let error = EcsError::new(
                                "DescribeTaskDefinition",
                                ErrorKind::Other,
                                "no open context has this ARN's region and account",
                            );
                            let _ = tx.send(Action::Described {
                                arn,
                                result: Err(error),
                            });
                        }
                    }
                }
                for (ctx, arns) in per {
                    if let Some(b) = self.backend(ctx) {
                        super::describe_all(b.api.clone(), b.reads.clone(), arns, None, tx.clone());
                    }
                }
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
                let mut per: std::collections::BTreeMap<ContextId, Vec<_>> = Default::default();
                for r in items {
                    let ctx = self.route(&r);
                    per.entry(ctx).or_default().push(r.in_ctx(ctx));
                }
                let parts: Vec<_> = per
                    .into_iter()
                    .map(|(ctx, items)| (self.backend(ctx), items))
                    .collect();
                let rate = self.rate.clone();
                tokio::spawn(async move {
                    super::across_jobs::run(parts, job, kind, recheck, rate, cancel_rx, tx).await;
                });
            }
            Effect::ScanInUse { request } => {
                let slots = self.contexts.slots.clone();
                tokio::spawn(async move {
                    // Every context that connects is scanned; one that cannot has no rows.
                    let all = futures::future::join_all(slots.into_iter().map(Slot::get)).await;
                    let ready: Vec<_> = all
                        .into_iter()
                        .enumerate()
                        .filter_map(|(i, b)| Some((ContextId(i as u16), b.ok()?)))
                        .collect();
                    let result = scan_across(&ready).await;
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
                let mut per: std::collections::BTreeMap<ContextId, Vec<String>> =
                    Default::default();
                for key in families {
                    let (ctx, name) = split_key(&key);
                    if !name.is_empty() {
                        per.entry(ctx).or_default().push(name.to_string());
                    }
                }
                let parts: Vec<_> = per
                    .into_iter()
                    .filter_map(|(ctx, f)| self.backend(ctx).map(|b| (ctx, b, f)))
                    .collect();
                let headroom = self.rate.headroom;
                let seen = self.contexts.seen.clone();
                let rule = crate::app::selection::KeepRule {
                    keep,
                    older_than,
                    include_managed,
                };
                tokio::spawn(async move {
                    let result = super::across_jobs::keep(
                        parts, rule, *in_use, known, headroom, request, &tx,
                    )
                    .await;
                    if let Ok(r) = &result {
                        remember(&seen, r.families.iter().flat_map(|f| f.selected.iter()));
                    }
                    let _ = tx.send(Action::KeepCollected { request, result });
                });
            }
            Effect::ExportFile {
                arn,
                path,
                overwrite,
            } => match self.context_of_arn(&arn).and_then(|c| self.backend(c)) {
                Some(b) => {
                    crate::export::spawn_for_ui(
                        b.api.clone(),
                        b.reads.clone(),
                        tx,
                        arn,
                        path,
                        overwrite,
                    );
                }
                None => {
                    return Some(Effect::ExportFile {
                        arn,
                        path,
                        overwrite,
                    });
                }
            },
            Effect::CloseContext { ctx } => {
                if let Some(s) = self.contexts.slots.get_mut(usize::from(ctx.0)) {
                    *s = Slot::Closed;
                }
            }
            Effect::OpenContext { ctx, context } => {
                let slot = match &self.contexts.connector {
                    Some((target, job)) => {
                        super::across_connect::connect_one(ctx, context, target, job.clone(), &tx)
                    }
                    None => Slot::failed("this run cannot connect more contexts"),
                };
                // Ids are indices: the new one is the next, as `update` numbered it.
                if usize::from(ctx.0) == self.contexts.slots.len() {
                    self.contexts.slots.push(slot);
                }
            }
            other => return Some(other),
        }
        None
    }

    /// Where a job item goes: the context that listed it, unless its ARN is of another region
    /// (an item resumed from the journal carries no context): then the one its ARN names.
    fn route(&self, r: &crate::ecs::RevisionRef) -> ContextId {
        let region = r.arn.split(':').nth(3);
        let listed = self.backend(r.ctx);
        match listed {
            Some(b) if region.is_none() || b.region.as_deref() == region => r.ctx,
            _ => self.context_of_arn(&r.arn).unwrap_or(r.ctx),
        }
    }

    /// The context an ARN belongs to: its region, and its account when known.
    fn context_of_arn(&self, arn: &str) -> Option<ContextId> {
        if let Some(ctx) = self
            .contexts
            .seen
            .lock()
            .ok()
            .and_then(|m| m.get(arn).copied())
        {
            return Some(ctx);
        }
        let mut parts = arn.split(':');
        let region = parts.nth(3)?;
        let account = parts.next()?;
        self.ready().into_iter().find_map(|(ctx, b)| {
            let region_ok = b.region.as_deref() == Some(region);
            let account_ok = b.account.as_deref().is_none_or(|a| a == account);
            (region_ok && account_ok).then_some(ctx)
        })
    }
}

#[cfg(test)]
mod tests;
