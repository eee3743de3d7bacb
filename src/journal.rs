//! The mutation journal: JSON lines appended before and after every mutating call.
//!
//! Each line is written, flushed and `fsync`ed before the call it announces is made, so after
//! an SSH drop or `kill -9` the file tells which calls completed and which were in flight.
//! Every append starts on a fresh line and goes to the configured path (re-created if the file
//! was rotated or removed); only a regular file of ours is used, never through a link. Each
//! run holds a lock so another instance can tell its in-flight calls from a crashed run's.

mod entry;
mod lock;
mod open;
mod reader;
mod writer;

pub use entry::{Call, Entry, Meta, Phase};
pub use lock::lock_path;
pub use reader::{
    Damaged, MAX_LINE, Report, entries, entries_with_damage, rotated_path, scan, unfinished,
};
pub use writer::Journal;

use std::fmt;
use std::path::{Path, PathBuf};

/// A journal read or write that failed, kept typed up to the edge that words it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum JournalError {
    /// No journal is open in this run (the demo without `--journal`), so nothing can be written.
    NotOpen,
    /// The journal at `path` could not be read.
    Read {
        /// The journal's path.
        path: PathBuf,
        /// The operating system's class of failure.
        kind: std::io::ErrorKind,
        /// The operating system's own words.
        reason: String,
    },
    /// The journal at `path` could not be written.
    Write {
        /// The journal's path.
        path: PathBuf,
        /// The operating system's class of failure.
        kind: std::io::ErrorKind,
        /// The operating system's own words.
        reason: String,
    },
}

impl JournalError {
    /// A failed read of the journal at `path`.
    pub fn read(path: &Path, e: &std::io::Error) -> Self {
        JournalError::Read {
            path: path.to_path_buf(),
            kind: e.kind(),
            reason: e.to_string(),
        }
    }

    /// A failed write to the journal at `path`.
    pub fn write(path: &Path, e: &std::io::Error) -> Self {
        JournalError::Write {
            path: path.to_path_buf(),
            kind: e.kind(),
            reason: e.to_string(),
        }
    }
}

impl fmt::Display for JournalError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            JournalError::NotOpen => write!(f, "no journal is open in this run."),
            JournalError::Read { path, reason, .. } => {
                write!(f, "cannot read the journal {}: {reason}", path.display())
            }
            JournalError::Write { path, reason, .. } => {
                write!(
                    f,
                    "cannot write to the journal {}: {reason}",
                    path.display()
                )
            }
        }
    }
}

impl std::error::Error for JournalError {}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests;

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod damage_tests;
