//! Several contexts (profile and region) on one screen. With more than one, each family in the
//! families pane is keyed `NNN/family` (the context's index, then the family: ECS family names
//! never hold a `/`), so every family stays distinct even where two regions share a name; the
//! worker reads the index to route the family's calls. With one context keys are plain names
//! and nothing on the screen changes.

use crate::ecs::ContextId;

/// The operation an error of a context that could not connect names; its message is the
/// whole sentence.
pub const CONNECT_OP: &str = "Connect";

/// One context as the screen shows it.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ContextView {
    /// The context (account filled in once it connected).
    pub context: crate::contexts::Context,
    /// `eu-west-1 · profile prod · account 123456789012`, for the detail pane and messages.
    pub label: String,
    /// The short form for the families pane's context column: account (or profile) and region.
    pub column: String,
    /// Why this context cannot be used (one sentence); the others go on.
    pub failed: Option<String>,
    /// Closed with `:region -R`: its rows are gone and nothing more is asked of it.
    pub closed: bool,
}

impl ContextView {
    /// The view of `c`, failed for `reason` if given.
    pub fn of(c: &crate::contexts::Context, failed: Option<String>) -> ContextView {
        let who = c.account.clone().or_else(|| c.profile.clone());
        let region = c.region.clone().unwrap_or_else(|| "default region".into());
        let column = match who {
            Some(w) => format!("{w} {region}"),
            None => region,
        };
        ContextView {
            context: c.clone(),
            label: c.label(),
            column,
            failed,
            closed: false,
        }
    }
}

/// Shortens the context column to the region when every context is of the same account (or
/// profile): the narrow families pane then shows only what tells them apart.
pub fn compact(views: &mut [ContextView], contexts: &[&crate::contexts::Context]) {
    let who = |c: &crate::contexts::Context| c.account.clone().or_else(|| c.profile.clone());
    // A context that failed before its account was known does not tell them apart.
    let known: std::collections::HashSet<String> = contexts.iter().filter_map(|c| who(c)).collect();
    if known.len() <= 1 {
        for (v, c) in views.iter_mut().zip(contexts) {
            v.column = c.region.clone().unwrap_or_else(|| "default region".into());
        }
    }
}

/// Width of the index in a family key; keys sort by context, then by name.
const KEY_DIGITS: usize = 3;

/// The families pane's key for `family` in context `ctx` when several contexts are open.
pub fn qualify(ctx: ContextId, family: &str) -> String {
    format!("{:0width$}/{family}", ctx.0, width = KEY_DIGITS)
}

/// The context and the family name of a families pane key; a plain name is context 0.
pub fn split_key(key: &str) -> (ContextId, &str) {
    match key.split_once('/') {
        Some((n, family)) => match n.parse::<u16>() {
            Ok(i) => (ContextId(i), family),
            Err(_) => (ContextId::default(), key),
        },
        None => (ContextId::default(), key),
    }
}

/// The family name of a key, as the operator knows it.
pub fn family_of(key: &str) -> &str {
    split_key(key).1
}

impl super::AppState {
    /// True when more than one context is open: the screen then names contexts.
    pub fn several_contexts(&self) -> bool {
        self.contexts.len() > 1
    }

    /// The context with this id, if several are open.
    pub fn context(&self, ctx: ContextId) -> Option<&ContextView> {
        if self.several_contexts() {
            self.contexts.get(usize::from(ctx.0))
        } else {
            None
        }
    }

    /// A families pane key as the operator reads it: `web`, or `123456789012 eu-west-1 web`.
    pub fn family_name(&self, key: &str) -> String {
        let (ctx, family) = split_key(key);
        match self.context(ctx) {
            Some(c) => format!("{} {family}", c.column),
            None => family.to_string(),
        }
    }

    /// The context column for a families pane key (empty with one context).
    pub fn context_column(&self, key: &str) -> &str {
        self.context(split_key(key).0)
            .map_or("", |c| c.column.as_str())
    }
}

/// Context `ctx` failed: its row in the families pane says why (one sentence), and a flash
/// names it; the other contexts go on.
pub fn failed(state: &mut super::AppState, ctx: ContextId, error: &crate::ecs::EcsError) {
    let Some(c) = state.contexts.get_mut(usize::from(ctx.0)) else {
        return;
    };
    if c.failed.is_some() {
        // Already told (it could not connect): each reload would only repeat it.
        return;
    }
    let reason = if error.operation == CONNECT_OP {
        error.message.clone()
    } else {
        error.to_string()
    };
    let text = format!("{}: {reason}", c.label);
    c.failed = Some(reason);
    super::update::flash(state, super::state::Level::Error, text);
}

/// Context `ctx` connected: its label and column now name its account, and the columns are
/// shortened again (to the region when every context is of one account).
pub fn connected(state: &mut super::AppState, ctx: ContextId, context: crate::contexts::Context) {
    let Some(v) = state.contexts.get_mut(usize::from(ctx.0)) else {
        return;
    };
    let closed = v.closed;
    *v = ContextView::of(&context, None);
    v.closed = closed;
    // Columns shortened while the accounts looked alike are long again until `compact` says.
    for v in &mut state.contexts {
        v.column = ContextView::of(&v.context, None).column;
    }
    let all: Vec<crate::contexts::Context> =
        state.contexts.iter().map(|v| v.context.clone()).collect();
    let refs: Vec<&crate::contexts::Context> = all.iter().collect();
    compact(&mut state.contexts, &refs);
    state.backend.label = backend_label(&state.contexts);
}

/// The status bar's name for several contexts: `2 contexts: us-east-1, eu-west-1`.
pub fn backend_label(views: &[ContextView]) -> String {
    let columns: Vec<&str> = views
        .iter()
        .filter(|v| !v.closed)
        .map(|v| v.column.as_str())
        .collect();
    format!("{} contexts: {}", columns.len(), columns.join(", "))
}

/// A context whose in-use scan failed while the others' did not: its name and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProtectionOff<'a> {
    /// The context.
    pub ctx: ContextId,
    /// `eu-west-1 · profile prod`, as the screen names it.
    pub label: String,
    /// Why its scan failed.
    pub error: &'a crate::ecs::EcsError,
}

impl super::AppState {
    /// Contexts whose last in-use scan failed while others were scanned; their revisions are
    /// not protected, the others' are. Empty with one context (its failure is `in_use.error`).
    pub fn protection_off(&self) -> Vec<ProtectionOff<'_>> {
        let Some(map) = &self.in_use.map else {
            return Vec::new();
        };
        map.failed
            .iter()
            .map(|(ctx, error)| ProtectionOff {
                ctx: *ctx,
                label: self
                    .contexts
                    .get(usize::from(ctx.0))
                    .map_or_else(|| format!("context {}", ctx.0 + 1), |c| c.label.clone()),
                error,
            })
            .collect()
    }

    /// True when nothing protects `r`: the whole scan failed, or its context's did.
    pub fn unprotected(&self, r: &crate::ecs::RevisionRef) -> bool {
        self.in_use.error.is_some()
            || self
                .in_use
                .map
                .as_ref()
                .is_some_and(|m| m.failed_in(r.ctx).is_some())
    }
}

/// The families pane key of context `ctx`'s own row, which tells why it failed.
pub fn failure_key(ctx: ContextId) -> String {
    qualify(ctx, "")
}

/// How many revisions and families of a job each context holds.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ContextCount {
    /// The context.
    pub ctx: ContextId,
    /// Its revisions in the job.
    pub revisions: usize,
    /// Its families with at least one revision in the job.
    pub families: usize,
}

/// Per-context counts of `items`, in context order; families are told apart by context too
/// (`web` in two regions is two families).
pub fn counts(items: &[crate::ecs::RevisionRef]) -> Vec<ContextCount> {
    let mut per: std::collections::BTreeMap<ContextId, (usize, std::collections::HashSet<&str>)> =
        std::collections::BTreeMap::new();
    for r in items {
        let e = per.entry(r.ctx).or_default();
        e.0 += 1;
        e.1.insert(r.family.as_str());
    }
    per.into_iter()
        .map(|(ctx, (revisions, families))| ContextCount {
            ctx,
            revisions,
            families: families.len(),
        })
        .collect()
}

/// One context's share of the running job, for the progress panel.
#[derive(Debug, Clone, PartialEq)]
pub struct ContextProgress {
    /// The context.
    pub ctx: ContextId,
    /// Its items with an outcome.
    pub finished: usize,
    /// Its items in the job.
    pub total: usize,
    /// Items per second at its pacer's pace, once its runner has said.
    pub rate: Option<f64>,
    /// Seconds left in that context: its burst left goes at once, the rest at its pace.
    pub eta_secs: Option<f64>,
}

/// Per-context progress of the current job (empty with one context or no job).
pub fn job_progress(state: &super::AppState) -> Vec<ContextProgress> {
    use super::JobKind;
    let Some(job) = state.job.as_ref().filter(|_| state.several_contexts()) else {
        return Vec::new();
    };
    // (total, still pending, of which not sent yet)
    let mut per: std::collections::BTreeMap<ContextId, (usize, usize, usize)> = Default::default();
    for r in &job.items {
        let e = per.entry(r.ctx).or_default();
        e.0 += 1;
        if state.pending.contains_key(&r.arn) {
            e.1 += 1;
            if !job.flow.open.contains(&r.arn) {
                e.2 += 1;
            }
        }
    }
    per.into_iter()
        .map(|(ctx, (total, left, queued))| {
            let pace = job.flow.contexts.get(&ctx).filter(|(_, ps)| *ps > 0.0);
            let (per_call, calls_left) = match job.kind {
                JobKind::Deregister => (1.0, queued),
                JobKind::Delete => (
                    crate::jobs::DELETE_BATCH as f64,
                    queued.div_ceil(crate::jobs::DELETE_BATCH),
                ),
            };
            ContextProgress {
                ctx,
                finished: total - left,
                total,
                rate: pace.map(|(_, ps)| ps * per_call),
                eta_secs: pace.map(|(burst, ps)| (calls_left as f64 - burst.floor()).max(0.0) / ps),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests;
