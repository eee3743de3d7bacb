//! What `prune` would do: the TUI's keep-newest-N (`keep::collect`, the same rule and code)
//! over the chosen families, plus, with `--delete-inactive`, the INACTIVE revisions to delete.

use std::collections::HashSet;

use futures::StreamExt;

use crate::app::selection::{FamilySelection, KeepRule};
use crate::ecs::pages::{every_page, paced};
use crate::ecs::{DESCRIBE_CONCURRENCY, EcsApi, EcsError, RevisionRef, StatusFilter, TdStatus};
use crate::inuse::{InUseMap, scan_all};
use crate::keep::{KeepProgress, collect};
use crate::ratelimit::RateLimiter;
use crate::sources::Sources;

/// Which families a plan covers.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum Families {
    /// Every family with an ACTIVE revision.
    #[default]
    All,
    /// Families whose name starts with this.
    Prefix(String),
    /// Exactly these families.
    Named(Vec<String>),
}

impl Families {
    /// True when `family` is covered.
    pub fn covers(&self, family: &str) -> bool {
        match self {
            Families::All => true,
            Families::Prefix(p) => family.starts_with(p.as_str()),
            Families::Named(n) => n.iter().any(|f| f == family),
        }
    }
}

/// What to plan.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Request {
    /// The keep-newest-N rule (shared with the TUI's `K`).
    pub rule: KeepRule,
    /// Which families.
    pub families: Families,
    /// Also delete INACTIVE revisions (those older than the rule's age, if it has one).
    pub delete_inactive: bool,
}

/// An INACTIVE revision not deleted because something still uses it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Protected {
    /// The revision.
    pub revision: RevisionRef,
    /// Who uses it, e.g. `prod/web (service)`.
    pub users: Vec<String>,
}

/// A prune plan.
#[derive(Debug, Clone, PartialEq)]
pub struct Plan {
    /// Keep-newest-N per family, in family order.
    pub families: Vec<FamilySelection>,
    /// INACTIVE revisions to delete, oldest first per family.
    pub delete: Vec<RevisionRef>,
    /// INACTIVE revisions in use (not deleted).
    pub delete_protected: Vec<Protected>,
    /// INACTIVE revisions younger than the age condition.
    pub delete_too_young: usize,
    /// The in-use scan, or why it could not complete (then nothing is protected).
    pub in_use: Result<InUseMap, String>,
}

impl Plan {
    /// Who uses `r` according to the scan (empty when nothing does or the scan failed).
    pub fn users_of(&self, r: &RevisionRef) -> Vec<String> {
        match &self.in_use {
            Ok(m) => m.users_of(&r.label()).to_vec(),
            Err(_) => Vec::new(),
        }
    }

    /// Every revision to deregister, oldest first within each family.
    pub fn deregister(&self) -> Vec<RevisionRef> {
        self.families
            .iter()
            .flat_map(|f| f.selected.iter().cloned())
            .collect()
    }
}

/// The families a request covers: the named ones as given, else every ACTIVE family (of the
/// prefix), every page.
async fn family_names(
    api: &dyn EcsApi,
    families: &Families,
    reads: &RateLimiter,
) -> Result<Vec<String>, EcsError> {
    let prefix = match families {
        Families::Named(n) => return Ok(n.clone()),
        Families::Prefix(p) => Some(p.as_str()),
        Families::All => None,
    };
    every_page(reads, |t| {
        api.list_families(prefix, StatusFilter::Active, t)
    })
    .await
}

/// Builds the plan. `progress` hears about keep-newest-N as the TUI does.
pub async fn build(
    api: &dyn EcsApi,
    req: &Request,
    reads: &RateLimiter,
    scans: &RateLimiter,
    sources: Option<&Sources>,
    progress: &mut (dyn FnMut(KeepProgress) + Send),
    now: jiff::Timestamp,
) -> Result<Plan, EcsError> {
    let in_use = scan_all(api, sources, scans)
        .await
        .map_err(|e| e.to_string());
    let map = in_use.clone().unwrap_or_default();
    let names = family_names(api, &req.families, reads).await?;
    let (families, described) = collect(
        api,
        &names,
        &req.rule,
        &map,
        reads,
        &|_| None,
        progress,
        now,
    )
    .await?;
    let mut plan = Plan {
        families,
        delete: Vec::new(),
        delete_protected: Vec::new(),
        delete_too_young: 0,
        in_use,
    };
    if req.delete_inactive {
        let known: std::collections::HashMap<String, Option<jiff::Timestamp>> = described
            .iter()
            .map(|(arn, td)| (arn.clone(), td.registered_at()))
            .collect();
        inactive(api, req, &map, reads, &known, now, &mut plan).await?;
    }
    Ok(plan)
}

/// Adds the INACTIVE revisions of the covered families to `plan`: every page of the account's
/// INACTIVE listing, in use ones protected, and with an age condition only old ones.
async fn inactive(
    api: &dyn EcsApi,
    req: &Request,
    in_use: &InUseMap,
    reads: &RateLimiter,
    known: &std::collections::HashMap<String, Option<jiff::Timestamp>>,
    now: jiff::Timestamp,
    plan: &mut Plan,
) -> Result<(), EcsError> {
    let arns = every_page(reads, |t| api.list_revisions("", TdStatus::Inactive, t)).await?;
    let mut seen = HashSet::new();
    let mut revisions: Vec<RevisionRef> = arns
        .iter()
        .filter_map(|a| RevisionRef::from_arn(a, TdStatus::Inactive))
        .filter(|r| req.families.covers(&r.family) && seen.insert(r.arn.clone()))
        .collect();
    revisions.sort_by(|a, b| (&a.family, a.revision).cmp(&(&b.family, b.revision)));
    let mut free = Vec::with_capacity(revisions.len());
    for r in revisions {
        let users = in_use.users_of(&r.label()).to_vec();
        if users.is_empty() {
            free.push(r);
        } else {
            plan.delete_protected.push(Protected { revision: r, users });
        }
    }
    let Some(age) = req.rule.older_than else {
        plan.delete = free;
        return Ok(());
    };
    let ages: Vec<(RevisionRef, Option<jiff::Timestamp>)> = futures::stream::iter(free)
        .map(|r| async move {
            if let Some(t) = known.get(&r.arn) {
                return Ok((r, *t));
            }
            let td = paced(reads, || api.describe(&r.arn)).await?;
            Ok::<_, EcsError>((r, td.registered_at()))
        })
        .buffered(DESCRIBE_CONCURRENCY)
        .collect::<Vec<_>>()
        .await
        .into_iter()
        .collect::<Result<_, _>>()?;
    let cutoff = now.checked_sub(age).unwrap_or(now);
    for (r, at) in ages {
        match at {
            Some(t) if t < cutoff => plan.delete.push(r),
            _ => plan.delete_too_young += 1,
        }
    }
    Ok(())
}
