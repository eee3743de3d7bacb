//! One lock file per run, held for the run's lifetime, so a reader can tell a live run's
//! in-flight calls from a run that ended without recording their outcome.
//!
//! The lock is an advisory `flock` on `.<journal name>.<run>.lock` next to the journal. The
//! kernel drops it when the process dies, however it dies; a lock file nobody holds belongs to
//! a run that ended, and is removed by the next run that notices it.

use std::fs::{File, OpenOptions, TryLockError};
use std::io;
use std::os::unix::fs::OpenOptionsExt;
use std::path::{Path, PathBuf};

/// The lock a live run holds; dropping it ends the run's claim (and removes the file).
#[derive(Debug)]
pub struct RunLock {
    path: PathBuf,
    _file: File,
}

fn file_name(journal: &Path) -> String {
    journal
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "journal".into())
}

/// Where run `run`'s lock file for `journal` lives.
pub fn lock_path(journal: &Path, run: &str) -> PathBuf {
    let safe: String = run
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
        .collect();
    let name = format!(".{}.{safe}.lock", file_name(journal));
    journal.with_file_name(name)
}

impl RunLock {
    /// Creates and locks run `run`'s lock file.
    pub fn acquire(journal: &Path, run: &str) -> io::Result<RunLock> {
        let path = lock_path(journal, run);
        let file = OpenOptions::new()
            .write(true)
            .create_new(true)
            .mode(0o600)
            .custom_flags(libc::O_NOFOLLOW | libc::O_CLOEXEC)
            .open(&path)?;
        match file.try_lock() {
            Ok(()) => Ok(RunLock { path, _file: file }),
            Err(TryLockError::WouldBlock) => Err(io::Error::other("the run lock is taken")),
            Err(TryLockError::Error(e)) => Err(e),
        }
    }
}

impl Drop for RunLock {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.path);
    }
}

/// Whether run `run` still holds its lock on `journal`: its intents may still be in flight.
/// A lock file nobody holds is removed on the way (unless `tidy` is false).
pub fn is_live(journal: &Path, run: &str, tidy: bool) -> bool {
    held(&lock_path(journal, run), tidy)
}

fn held(path: &Path, tidy: bool) -> bool {
    let file = match OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NOFOLLOW | libc::O_CLOEXEC)
        .open(path)
    {
        Ok(f) => f,
        Err(_) => return false,
    };
    match file.try_lock_shared() {
        Err(TryLockError::WouldBlock) => true,
        Ok(()) => {
            if tidy {
                let _ = std::fs::remove_file(path);
            }
            false
        }
        Err(TryLockError::Error(_)) => false,
    }
}

/// Removes the lock files of runs of `journal` that ended (crashed) without removing their own.
pub fn sweep(journal: &Path) {
    let Some(dir) = journal.parent() else {
        return;
    };
    let dir = if dir.as_os_str().is_empty() {
        Path::new(".")
    } else {
        dir
    };
    let prefix = format!(".{}.", file_name(journal));
    let Ok(read) = std::fs::read_dir(dir) else {
        return;
    };
    for e in read.flatten() {
        let name = e.file_name();
        let name = name.to_string_lossy();
        if name.starts_with(&prefix) && name.ends_with(".lock") {
            held(&e.path(), true);
        }
    }
}
