//! Which revisions bulk rules select: keep-newest-N, age conditions.
//!
//! (Placeholder types written by the lead so the crate compiles; the selection helper owns
//! this file and replaces it. Keep `FamilySelection` deriving Debug, Clone, PartialEq.)

use crate::ecs::RevisionRef;

/// Keep-newest-N rule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeepRule {
    /// Keep this many newest ACTIVE revisions.
    pub keep: usize,
    /// Only select revisions registered more than this many days ago.
    pub older_than_days: Option<u32>,
}

/// What the rule selected in one family.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FamilySelection {
    /// Family name.
    pub family: String,
    /// Revisions to deregister.
    pub selected: Vec<RevisionRef>,
    /// ACTIVE revisions kept as the newest N.
    pub kept: usize,
    /// Candidates skipped because a service or task uses them.
    pub protected_in_use: Vec<RevisionRef>,
    /// Candidates skipped as younger than the age condition.
    pub too_young: usize,
    /// Candidates skipped because their registration time is unknown.
    pub unknown_age: usize,
}
