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

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests;

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod damage_tests;
