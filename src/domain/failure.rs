//! Why a job item failed or was skipped, kept typed from the job runner to the screen, the
//! journal and `prune`'s report; `Display` words each as the one sentence those edges show.

use std::fmt;
use std::path::PathBuf;

use crate::ecs::{EcsError, ErrorKind};

/// Why one revision of a job failed for good.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ItemFailure {
    /// `--read-only`: the runner refuses every item.
    ReadOnly,
    /// A second copy of an ARN in one job; the first copy carries its own outcome.
    Duplicate,
    /// Not sent: an earlier call of the job halted it.
    NotSent(Halt),
    /// Not sent: the user cancelled just as it was due (the dry run's race).
    CancelledBeforeSent,
    /// Not sent: its intent could not be journaled.
    JournalUnwritable(JournalWrite),
    /// ECS refused the call in a way a retry cannot change.
    Refused(EcsError),
    /// Every attempt failed in a retryable way; `last` is the last attempt's error.
    GaveUp {
        /// HTTP requests made.
        attempts: u32,
        /// The last attempt's error.
        last: EcsError,
    },
    /// An attempt failed and was not retried because another call halted the job.
    NotRetried(Halt),
    /// Cancelled before a retry after an attempt that may have reached ECS (`last`).
    CancelledAfterAttempt(EcsError),
    /// ECS answered the delete call with a per-ARN failure: its first line.
    DeleteRefused(String),
    /// ECS answered the delete call without naming this revision.
    Unmentioned,
}

/// Why a job stopped sending: the first fatal answer or an unwritable journal.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Halt {
    /// A call failed so that no other can succeed (access denied, no credentials).
    Fatal(EcsError),
    /// The journal could not be written, so no call may be made.
    Journal(JournalWrite),
}

/// A failed append to the journal before a call.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JournalWrite {
    /// The journal's path.
    pub path: PathBuf,
    /// The operating system's class of failure.
    pub kind: std::io::ErrorKind,
    /// The operating system's own words.
    pub reason: String,
}

impl JournalWrite {
    /// The failed append of `e` to the journal at `path`.
    pub fn new(path: &std::path::Path, e: &std::io::Error) -> Self {
        JournalWrite {
            path: path.to_path_buf(),
            kind: e.kind(),
            reason: e.to_string(),
        }
    }
}

/// Why a revision of a job was not called.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SkipReason {
    /// The re-check found users it did not have at the confirmation.
    NowInUse {
        /// The first user, e.g. `prod/web (service)`.
        first: String,
        /// How many users besides the first.
        more: usize,
    },
    /// With several contexts, the re-check of this revision's context failed (the others
    /// went on): nothing protects it, so it was not sent.
    RecheckFailed {
        /// The context, e.g. `eu-west-1 · profile prod`.
        context: String,
        /// Why its scan failed.
        error: crate::ecs::EcsError,
    },
}

impl ItemFailure {
    /// True when the last attempt was throttled: the account's bucket was busy, not the call
    /// refused, so the same call may well pass later.
    pub fn throttled(&self) -> bool {
        matches!(self, ItemFailure::GaveUp { last, .. } if last.kind == ErrorKind::Throttled)
    }

    /// False when retrying this item cannot change its outcome: a duplicate's revision was
    /// sent (and reported) under its first copy.
    pub fn worth_retrying(&self) -> bool {
        !matches!(self, ItemFailure::Duplicate)
    }
}

impl fmt::Display for JournalWrite {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "not sent, because the journal {} could not be written: {}",
            self.path.display(),
            self.reason
        )
    }
}

impl fmt::Display for Halt {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Halt::Fatal(e) => e.fmt(f),
            Halt::Journal(j) => j.fmt(f),
        }
    }
}

impl fmt::Display for ItemFailure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ItemFailure::ReadOnly => {
                f.write_str("read-only mode: taskdefs was started with --read-only")
            }
            ItemFailure::Duplicate => f.write_str("listed twice in this job; it is sent once"),
            ItemFailure::NotSent(h) => {
                write!(
                    f,
                    "not sent, because an earlier call of this job failed: {h}"
                )
            }
            ItemFailure::CancelledBeforeSent => f.write_str("cancelled before it was sent"),
            ItemFailure::JournalUnwritable(j) => j.fmt(f),
            ItemFailure::Refused(e) => e.fmt(f),
            ItemFailure::GaveUp { attempts, last } => {
                write!(f, "gave up after {attempts} attempts; the last one: {last}")
            }
            ItemFailure::NotRetried(h) => {
                write!(
                    f,
                    "not retried, because another call of this job failed: {h}"
                )
            }
            ItemFailure::CancelledAfterAttempt(e) => write!(
                f,
                "cancelled before it was retried; an earlier attempt may have reached ECS, check its status: {e}"
            ),
            ItemFailure::DeleteRefused(reason) => write!(f, "ECS refused to delete it: {reason}"),
            ItemFailure::Unmentioned => f.write_str(
                "ECS answered the delete call without mentioning this revision; check its status",
            ),
        }
    }
}

impl fmt::Display for SkipReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SkipReason::NowInUse { first, more: 0 } => write!(f, "now used by {first}"),
            SkipReason::NowInUse { first, more } => {
                write!(f, "now used by {first} and {more} more")
            }
            SkipReason::RecheckFailed { context, error } => write!(
                f,
                "not sent: in-use status could not be re-checked in {context} ({})",
                error.to_string().trim_end_matches('.')
            ),
        }
    }
}

#[cfg(test)]
mod tests;
