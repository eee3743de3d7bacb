//! In-use protection: which revisions services and running tasks still reference.

use std::collections::HashMap;

/// Revisions in use, keyed by `family:revision`, with who uses them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct InUseMap {
    /// `family:revision` -> users such as `prod-cluster/web (service)` or `prod-cluster/task/abc (task)`.
    pub users: HashMap<String, Vec<String>>,
    /// Clusters scanned.
    pub clusters: usize,
    /// Services scanned.
    pub services: usize,
    /// Tasks (not STOPPED) scanned.
    pub tasks: usize,
}

impl InUseMap {
    /// Who uses `family:revision`; empty when nothing does.
    pub fn users_of(&self, label: &str) -> &[String] {
        self.users.get(label).map_or(&[], Vec::as_slice)
    }

    /// True when a service or task references `family:revision`.
    pub fn contains(&self, label: &str) -> bool {
        self.users.contains_key(label)
    }
}
