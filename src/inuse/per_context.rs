//! The in-use map with several contexts open: each context's findings keyed by the context
//! (`NNN/family:revision`, as the families pane keys families), so the same name in two
//! regions or accounts is two revisions, and a context whose scan failed leaves the others
//! protected. Every lookup for a listed revision goes through the `RevisionRef` (it carries
//! its context).

use super::InUseMap;
use crate::app::contexts::qualify;
use crate::ecs::{ContextId, EcsError, RevisionRef};
use crate::inuse::{ServiceUse, TaskUse};

impl InUseMap {
    /// The key of `r` in this map: `family:revision`, led by its context when per context.
    pub fn key(&self, r: &RevisionRef) -> String {
        match self.per_context {
            true => qualify(r.ctx, &r.label()),
            false => r.label(),
        }
    }

    /// Who uses `r` in its own context; empty when nothing does.
    pub fn uses(&self, r: &RevisionRef) -> &[String] {
        self.users_of(&self.key(r))
    }

    /// True when a user in `r`'s own context references it (protected).
    pub fn is_used(&self, r: &RevisionRef) -> bool {
        self.contains(&self.key(r))
    }

    /// The stacks of `r`'s own context that created it; empty when none did.
    pub fn managed_of(&self, r: &RevisionRef) -> &[String] {
        self.managed_by(&self.key(r))
    }

    /// Why the scan of `ctx` failed, if it did: its revisions are not protected.
    pub fn failed_in(&self, ctx: ContextId) -> Option<&EcsError> {
        self.failed.iter().find(|(c, _)| *c == ctx).map(|(_, e)| e)
    }

    /// Adds the map of context `ctx`'s scan, its keys led by the context.
    pub fn add_context(&mut self, ctx: ContextId, other: InUseMap) {
        self.per_context = true;
        let q = |k: String| qualify(ctx, &k);
        for (k, v) in other.users {
            self.users.entry(q(k)).or_default().extend(v);
        }
        for (k, v) in other.kinds {
            self.kinds.entry(q(k)).or_default().extend(v);
        }
        for (k, v) in other.managed {
            self.managed.entry(q(k)).or_default().extend(v);
        }
        self.clusters += other.clusters;
        self.services += other.services;
        self.tasks += other.tasks;
        self.unknown.extend(other.unknown);
        self.sources.extend(other.sources);
        self.failed.extend(other.failed);
        // The services view filters these by the context of the family it shows.
        self.service_uses.extend(
            other
                .service_uses
                .into_iter()
                .map(|s| ServiceUse { ctx, ..s }),
        );
        self.task_uses
            .extend(other.task_uses.into_iter().map(|t| TaskUse { ctx, ..t }));
    }

    /// What context `ctx` alone found, keyed `family:revision` as one context's scan is (for
    /// code that knows revisions by name, such as keep-newest-N's worker side).
    pub fn for_context(&self, ctx: ContextId) -> InUseMap {
        if !self.per_context {
            return self.clone();
        }
        let prefix = qualify(ctx, "");
        let mine = |k: &String| k.strip_prefix(prefix.as_str()).map(str::to_string);
        let pick = |m: &std::collections::HashMap<String, Vec<String>>| {
            m.iter()
                .filter_map(|(k, v)| Some((mine(k)?, v.clone())))
                .collect()
        };
        InUseMap {
            users: pick(&self.users),
            managed: pick(&self.managed),
            kinds: self
                .kinds
                .iter()
                .filter_map(|(k, v)| Some((mine(k)?, v.clone())))
                .collect(),
            failed: self
                .failed
                .iter()
                .filter(|(c, _)| *c == ctx)
                .cloned()
                .collect(),
            ..InUseMap::default()
        }
    }
}

/// `reports:3 by ops/nightly (rule)` for `r`, its users and stacks looked up in its own
/// context; just the label when the map does not know it.
pub fn who_of(map: Option<&InUseMap>, r: &RevisionRef) -> String {
    let label = r.label();
    let Some(m) = map else {
        return label;
    };
    let mut parts = Vec::new();
    if !m.uses(r).is_empty() {
        parts.push(format!("by {}", m.uses(r).join(", ")));
    }
    if !m.managed_of(r).is_empty() {
        parts.push(format!("managed by stack {}", m.managed_of(r).join(", ")));
    }
    match parts.is_empty() {
        true => label,
        false => format!("{label} {}", parts.join(", ")),
    }
}

#[cfg(test)]
mod tests;
