//! The services view (`S`): which services and running tasks use revisions of the current
//! family, from the last in-use scan, with desired and running counts. Pure: `update` moves
//! its cursor and jumps to a revision, `ui` draws it, both from the rows built here.

use ratatui::layout::Rect;

use super::state::{AppState, Cursor};
use crate::ecs::parse_family_revision;

/// The open services view.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServicesPopup {
    /// The family it shows.
    pub family: String,
    /// Cursor over `rows`.
    pub cursor: Cursor,
}

/// One line of the view: a service, or a task that no listed service owns.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UseRow {
    /// Cluster name.
    pub cluster: String,
    /// Service name, or `task/ID`.
    pub name: String,
    /// `family:revision` it runs (a service: its current task definition).
    pub revision: String,
    /// A service's other deployments of this family, e.g. `web:6` during a rollout.
    pub rollout: Vec<String>,
    /// (desired, running) for a service; `None` for a task.
    pub counts: Option<(i32, i32)>,
    /// A task's `lastStatus` and group, e.g. `RUNNING family:batch`.
    pub note: String,
}

fn in_family(label: &str, family: &str) -> bool {
    parse_family_revision(label).is_some_and(|(f, _)| f == family)
}

/// The rows for `family`: its services by cluster and name, then tasks not started by one
/// of those services. Empty when no scan has completed.
pub fn rows(state: &AppState, family: &str) -> Vec<UseRow> {
    let Some(map) = &state.in_use.map else {
        return Vec::new();
    };
    // With several contexts the family is a pane key (`NNN/family`): only its context's
    // services and tasks run its revisions.
    let (ctx, family) = match state.several_contexts() {
        true => crate::app::contexts::split_key(family),
        false => (crate::ecs::ContextId::default(), family),
    };
    let here = |c: crate::ecs::ContextId| !state.several_contexts() || c == ctx;
    let mut services: Vec<UseRow> = map
        .service_uses
        .iter()
        .filter(|s| {
            here(s.ctx)
                && (in_family(&s.revision, family)
                    || s.rollout.iter().any(|r| in_family(r, family)))
        })
        .map(|s| UseRow {
            cluster: s.cluster.clone(),
            name: s.service.clone(),
            revision: s.revision.clone(),
            rollout: s
                .rollout
                .iter()
                .filter(|r| in_family(r, family))
                .cloned()
                .collect(),
            counts: Some((s.desired, s.running)),
            note: String::new(),
        })
        .collect();
    services.sort_by(|a, b| (&a.cluster, &a.name).cmp(&(&b.cluster, &b.name)));
    let owned = |cluster: &str, group: Option<&str>| {
        group
            .and_then(|g| g.strip_prefix("service:"))
            .is_some_and(|name| {
                services
                    .iter()
                    .any(|s| s.cluster == cluster && s.name == name)
            })
    };
    let mut tasks: Vec<UseRow> = map
        .task_uses
        .iter()
        .filter(|t| {
            here(t.ctx) && in_family(&t.revision, family) && !owned(&t.cluster, t.group.as_deref())
        })
        .map(|t| UseRow {
            cluster: t.cluster.clone(),
            name: format!("task/{}", t.id),
            revision: t.revision.clone(),
            rollout: Vec::new(),
            counts: None,
            note: match &t.group {
                Some(g) => format!("{} {g}", t.status),
                None => t.status.clone(),
            },
        })
        .collect();
    tasks.sort_by(|a, b| (&a.cluster, &a.name).cmp(&(&b.cluster, &b.name)));
    services.extend(tasks);
    services
}

/// Where the view is drawn for a terminal of `size`: nearly the whole screen above the
/// status bar, at most 110 columns wide.
pub fn area(size: (u16, u16)) -> Rect {
    let main = crate::geometry::main_area(Rect::new(0, 0, size.0, size.1));
    crate::geometry::centered(
        main,
        main.width.saturating_sub(4).min(110),
        main.height.saturating_sub(2),
    )
}

/// Rows of the list the view shows at `size` (inside the border, below two header lines).
pub fn list_rows(size: (u16, u16)) -> usize {
    usize::from(area(size).height.saturating_sub(4)).max(1)
}
