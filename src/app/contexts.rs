//! Several contexts (profile and region) on one screen. With more than one, each family in the
//! families pane is keyed `NNN/family` (the context's index, then the family: ECS family names
//! never hold a `/`), so every family stays distinct even where two regions share a name; the
//! worker reads the index to route the family's calls. With one context keys are plain names
//! and nothing on the screen changes.

use crate::ecs::ContextId;

/// One context as the screen shows it.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ContextView {
    /// `eu-west-1 · profile prod · account 123456789012`, for the detail pane and messages.
    pub label: String,
    /// The short form for the families pane's context column: account (or profile) and region.
    pub column: String,
    /// Why this context cannot be used (one sentence); the others go on.
    pub failed: Option<String>,
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
            label: c.label(),
            column,
            failed,
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
    let reason = error.to_string();
    let text = format!("{}: {reason}", c.label);
    c.failed = Some(reason);
    super::update::flash(state, super::state::Level::Error, text);
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
mod tests {
    use super::*;

    #[test]
    fn keys_name_the_context_and_sort_by_it() {
        let a = qualify(ContextId(2), "web");
        let b = qualify(ContextId(10), "api");
        assert_eq!(a, "002/web");
        assert_eq!(split_key(&a), (ContextId(2), "web"));
        assert_eq!(split_key(&b), (ContextId(10), "api"));
        assert!(a < b);
        assert_eq!(split_key("web"), (ContextId(0), "web"));
        assert_eq!(family_of("001/web"), "web");
    }

    fn rev(ctx: u16, region: &str, family: &str, n: u32) -> crate::ecs::RevisionRef {
        let arn = format!("arn:aws:ecs:{region}:123456789012:task-definition/{family}:{n}");
        crate::ecs::RevisionRef::from_arn(&arn, crate::ecs::TdStatus::Active)
            .unwrap()
            .in_ctx(ContextId(ctx))
    }

    #[test]
    fn counts_are_per_context_and_families_per_context() {
        let items = vec![
            rev(1, "eu-west-1", "web", 1),
            rev(0, "us-east-1", "web", 1),
            rev(0, "us-east-1", "web", 2),
            rev(0, "us-east-1", "api", 7),
            rev(1, "eu-west-1", "api", 3),
            rev(1, "eu-west-1", "web", 2),
            rev(1, "eu-west-1", "web", 3),
        ];
        let c = counts(&items);
        assert_eq!(
            c,
            vec![
                ContextCount {
                    ctx: ContextId(0),
                    revisions: 3,
                    families: 2
                },
                ContextCount {
                    ctx: ContextId(1),
                    revisions: 4,
                    families: 2
                },
            ]
        );
        assert_eq!(c.iter().map(|c| c.families).sum::<usize>(), 4);
        assert!(counts(&[]).is_empty());
    }

    #[test]
    fn the_column_names_account_or_profile_and_region() {
        let mut c = crate::contexts::Context::new(Some("prod"), Some("eu-west-1"));
        assert_eq!(ContextView::of(&c, None).column, "prod eu-west-1");
        c.account = Some("123456789012".into());
        let v = ContextView::of(&c, None);
        assert_eq!(v.column, "123456789012 eu-west-1");
        assert_eq!(v.label, "eu-west-1 · profile prod · account 123456789012");
    }

    fn two_regions() -> crate::app::AppState {
        let mut s = crate::app::AppState {
            size: (120, 40),
            ..Default::default()
        };
        for r in ["us-east-1", "eu-west-1"] {
            let c = crate::contexts::Context::new(None, Some(r));
            s.contexts.push(ContextView::of(&c, None));
        }
        s
    }

    #[test]
    fn the_filter_matches_the_context_and_a_failure_is_told_once() {
        use crate::app::{Action, update::update};
        let now = jiff::Timestamp::now();
        let mut s = two_regions();
        update(&mut s, Action::Refresh, now);
        let request = s.families.request;
        let names = ["000/web", "001/api", "001/web"].map(String::from).to_vec();
        update(
            &mut s,
            Action::FamiliesPage {
                request,
                names,
                done: true,
            },
            now,
        );
        let shown = |s: &crate::app::AppState| -> Vec<String> {
            s.families
                .visible
                .iter()
                .map(|&i| s.families.names[i].clone())
                .collect()
        };
        let filter = |s: &mut crate::app::AppState, text: &str| {
            update(s, Action::StartFilter, now);
            while !s.families.filter.text.is_empty() {
                update(s, Action::Backspace, now);
            }
            for c in text.chars() {
                update(s, Action::Input(c), now);
            }
        };
        filter(&mut s, "eu-west");
        assert_eq!(shown(&s), ["001/api", "001/web"]);
        filter(&mut s, "web");
        assert_eq!(
            shown(&s),
            ["000/web", "001/web"],
            "the family name, not the index"
        );
        filter(&mut s, "00");
        assert!(shown(&s).is_empty(), "the key's index is not text to match");

        let denied = crate::ecs::EcsError::new(
            "ListTaskDefinitionFamilies",
            crate::ecs::ErrorKind::AccessDenied,
            "not authorized",
        );
        update(
            &mut s,
            Action::ContextFailed {
                ctx: ContextId(1),
                error: denied.clone(),
            },
            now,
        );
        let why = s.contexts[1].failed.clone().unwrap();
        assert!(why.contains("not authorized"), "{why}");
        assert!(s.flash.as_ref().unwrap().text.starts_with("eu-west-1: "));
        assert!(s.contexts[0].failed.is_none(), "the other context goes on");
        s.flash = None;
        update(
            &mut s,
            Action::ContextFailed {
                ctx: ContextId(1),
                error: denied,
            },
            now,
        );
        assert!(s.flash.is_none(), "a reload does not repeat it");
        assert_eq!(s.family_name("001/web"), "eu-west-1 web");
    }

    #[test]
    fn each_context_has_its_own_progress_rate_and_eta() {
        use crate::app::state::{JobView, Pending};
        let mut s = two_regions();
        let items = vec![
            rev(0, "us-east-1", "web", 1),
            rev(0, "us-east-1", "web", 2),
            rev(1, "eu-west-1", "api", 1),
            rev(1, "eu-west-1", "api", 2),
            rev(1, "eu-west-1", "api", 3),
            rev(1, "eu-west-1", "api", 4),
        ];
        let mut job = JobView::new(1, crate::app::JobKind::Deregister, items.clone(), s.now);
        // us-east-1 finished its first; eu-west-1 has one in flight, three queued.
        for r in &items[1..] {
            s.pending.insert(
                r.arn.clone(),
                Pending::Queued(crate::app::JobKind::Deregister),
            );
        }
        job.flow.open.insert(items[2].arn.clone());
        job.flow.contexts.insert(ContextId(1), (1.0, 0.5));
        s.job = Some(job);
        let p = job_progress(&s);
        assert_eq!(p.len(), 2);
        assert_eq!((p[0].finished, p[0].total, p[0].rate), (1, 2, None));
        assert_eq!((p[1].finished, p[1].total, p[1].rate), (0, 4, Some(0.5)));
        // three queued, one of them covered by the burst, the other two at 0.5/s
        assert_eq!(p[1].eta_secs, Some(4.0));
        s.contexts.truncate(1);
        assert!(
            job_progress(&s).is_empty(),
            "one context: the panel is as before"
        );
    }
}
