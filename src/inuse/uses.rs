//! What the services view lists: each service and running task the in-use scan read, with its
//! revision and counts (kept beside the protection map, which only names users).

/// A service as the services view shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServiceUse {
    /// Cluster name.
    pub cluster: String,
    /// Service name.
    pub service: String,
    /// `family:revision` of its current task definition.
    pub revision: String,
    /// `family:revision` of its other deployments (a rollout in progress).
    pub rollout: Vec<String>,
    /// `desiredCount`.
    pub desired: i32,
    /// `runningCount`.
    pub running: i32,
    /// The context it was read in (with several open; else the default).
    pub ctx: crate::ecs::ContextId,
}

/// A task (not STOPPED) as the services view shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TaskUse {
    /// Cluster name.
    pub cluster: String,
    /// Short task id.
    pub id: String,
    /// `family:revision` it was started from.
    pub revision: String,
    /// `lastStatus`, e.g. RUNNING or PENDING.
    pub status: String,
    /// `group`, e.g. `service:web` or `family:batch`.
    pub group: Option<String>,
    /// The context it was read in (with several open; else the default).
    pub ctx: crate::ecs::ContextId,
}

#[cfg(test)]
mod tests;
