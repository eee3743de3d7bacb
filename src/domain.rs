//! The job vocabulary shared by `app`, `jobs`, `journal` and `ui`: what kind of job runs,
//! what happened to each item, and how far a keep-newest-N collection has got. It lives here, below all of them, so `journal` need not import
//! `app`.

mod failure;

pub use failure::{Halt, ItemFailure, JournalWrite, SkipReason};

use crate::ecs::TdStatus;

/// Kind of mutation a job performs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum JobKind {
    /// `DeregisterTaskDefinition`, one call per revision.
    Deregister,
    /// `DeleteTaskDefinitions`, up to 10 ARNs per call.
    Delete,
}

impl JobKind {
    /// Verb for messages.
    pub fn verb(self) -> &'static str {
        match self {
            JobKind::Deregister => "deregister",
            JobKind::Delete => "delete",
        }
    }
}

/// What happened to one revision in a job.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ItemOutcome {
    /// The call succeeded; the revision now has this status.
    Done(TdStatus),
    /// A retry found the work already done (an earlier attempt reached ECS but its answer was
    /// lost): a success, and the revision has this status.
    AlreadyDone(TdStatus),
    /// Dry run: the call would have been made.
    DryRun,
    /// Not called, for this reason (it became in use after the confirmation).
    Skipped(SkipReason),
    /// Not called because the job was cancelled first.
    Cancelled,
    /// Failed for good, for this reason.
    Failed(ItemFailure),
}

impl ItemOutcome {
    /// True when the revision ended where the job wanted it (done now or already before).
    pub fn is_success(&self) -> bool {
        matches!(self, ItemOutcome::Done(_) | ItemOutcome::AlreadyDone(_))
    }
}

/// How far a keep-newest-N collection has got: the worker counts it, an action carries it, the
/// state keeps it and the status bar (or `prune`'s spinner) shows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct KeepProgress {
    /// Families listed (and their candidates described) so far.
    pub families_done: usize,
    /// Families to process.
    pub families_total: usize,
    /// Candidates described so far.
    pub described: usize,
    /// Candidates found so far that need a describe; grows as families are listed.
    pub to_describe: usize,
}
