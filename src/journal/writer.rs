//! Appending lines: each starts on a fresh line, reaches the disk before the call it announces,
//! and lands at the configured path even if the file was rotated or removed meanwhile.

use std::fs::File;
use std::io::{self, Write};
use std::os::unix::fs::{FileExt, MetadataExt};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Mutex, PoisonError};

use super::entry::{Call, Entry, Phase};
use super::lock::{self, RunLock};
use super::open;
use crate::domain::ItemOutcome;

/// The file being appended to, and which inode it is (to notice rotation).
#[derive(Debug)]
struct Current {
    file: File,
    dev: u64,
    ino: u64,
}

/// An open journal file, shared by every job of one run.
#[derive(Debug)]
pub struct Journal {
    path: PathBuf,
    run: String,
    current: Mutex<Current>,
    _lock: RunLock,
}

/// Distinguishes journals opened twice by one process (tests).
static OPENED: AtomicU64 = AtomicU64::new(0);

fn reopen(path: &Path) -> io::Result<Current> {
    let (file, m) = open::open(path)?;
    Ok(Current {
        file,
        dev: m.dev(),
        ino: m.ino(),
    })
}

impl Journal {
    /// Opens `path` for appending (creating it and its directories), readable by the owner only,
    /// and takes this run's lock. Devices, FIFOs, directories, links, files of other users and
    /// directories others can write are refused with an `InvalidInput` error saying why.
    pub fn open(path: &Path) -> io::Result<Journal> {
        let current = reopen(path)?;
        lock::sweep(path);
        let n = OPENED.fetch_add(1, Ordering::Relaxed);
        let mut run = format!(
            "{}-{}",
            jiff::Timestamp::now().strftime("%Y%m%dT%H%M%S%.3fZ"),
            std::process::id()
        );
        if n > 0 {
            run.push_str(&format!("-{n}"));
        }
        let lock = RunLock::acquire(path, &run)?;
        Ok(Journal {
            path: path.to_path_buf(),
            run,
            current: Mutex::new(current),
            _lock: lock,
        })
    }

    /// `$XDG_STATE_HOME/taskdefs/journal.jsonl`, else `~/.local/state/taskdefs/journal.jsonl`.
    pub fn default_path() -> Option<PathBuf> {
        let nonempty = |v: std::ffi::OsString| (!v.is_empty()).then(|| PathBuf::from(v));
        let state = std::env::var_os("XDG_STATE_HOME")
            .and_then(nonempty)
            .filter(|p| p.is_absolute())
            .or_else(|| {
                std::env::var_os("HOME")
                    .and_then(nonempty)
                    .filter(|p| p.is_absolute())
                    .map(|h| h.join(".local").join("state"))
            })?;
        Some(state.join("taskdefs").join("journal.jsonl"))
    }

    /// The file this journal appends to.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// This run's id, as written in every line's `run`.
    pub fn run(&self) -> &str {
        &self.run
    }

    /// Records the call about to be made; returns once the line is on disk.
    pub fn intent(&self, call: &Call<'_>) -> io::Result<()> {
        self.append(&[self.entry(call, Phase::Intent)])
    }

    /// Records what became of the call after `attempts` tries.
    pub fn outcome(&self, call: &Call<'_>, outcome: &ItemOutcome, attempts: u32) -> io::Result<()> {
        let mut e = self.entry(call, Phase::Outcome);
        e.attempts = Some(attempts);
        match outcome {
            ItemOutcome::Done(status) => {
                e.outcome = Some("ok".into());
                e.status = Some(status.as_aws().into());
            }
            ItemOutcome::AlreadyDone(status) => {
                e.outcome = Some("ok".into());
                e.status = Some(status.as_aws().into());
            }
            ItemOutcome::Cancelled => e.outcome = Some("cancelled".into()),
            ItemOutcome::DryRun => e.outcome = Some("dry-run".into()),
            ItemOutcome::Failed(reason) => {
                e.outcome = Some("failed".into());
                // The journal keeps the sentence: its readers (and people) read text.
                e.error = Some(reason.to_string());
            }
            ItemOutcome::Skipped(reason) => {
                e.outcome = Some("skipped".into());
                e.error = Some(reason.to_string());
            }
        }
        self.append(&[e])
    }

    /// Records that the operator acknowledged these unfinished intents (of earlier runs), so
    /// they are not reported again.
    pub fn acknowledge(&self, intents: &[Entry]) -> io::Result<()> {
        let lines: Vec<Entry> = intents
            .iter()
            .map(|i| Entry {
                time: jiff::Timestamp::now().to_string(),
                run: self.run.clone(),
                phase: Phase::Ack,
                outcome: None,
                status: None,
                attempts: None,
                error: None,
                of_run: Some(i.run.clone()),
                ..i.clone()
            })
            .collect();
        self.append(&lines)
    }

    fn entry(&self, call: &Call<'_>, phase: Phase) -> Entry {
        let field = |i: usize| {
            call.arn
                .split(':')
                .nth(i)
                .filter(|s| !s.is_empty() && call.arn.starts_with("arn:"))
                .map(str::to_string)
        };
        Entry {
            time: jiff::Timestamp::now().to_string(),
            run: self.run.clone(),
            phase,
            action: call.action,
            arn: call.arn.to_string(),
            job: call.job,
            region: call.meta.region.clone().or_else(|| field(3)),
            profile: call.meta.profile.clone(),
            endpoint: call.meta.endpoint.clone(),
            account: field(4),
            dry_run: call.dry_run,
            outcome: None,
            status: None,
            attempts: None,
            error: None,
            of_run: None,
        }
    }

    /// The file at the configured path: the open one, unless it was moved or removed.
    fn ensure_current(&self, cur: &mut Current) -> io::Result<()> {
        let same = match std::fs::symlink_metadata(&self.path) {
            Ok(m) => m.dev() == cur.dev && m.ino() == cur.ino,
            Err(e) if e.kind() == io::ErrorKind::NotFound => false,
            Err(e) => return Err(e),
        };
        if !same {
            tracing::warn!(
                journal = %self.path.display(),
                "the journal was moved or removed while taskdefs ran; writing at its path again"
            );
            *cur = reopen(&self.path)?;
        }
        Ok(())
    }

    fn append(&self, entries: &[Entry]) -> io::Result<()> {
        let mut buf = Vec::new();
        for e in entries {
            serde_json::to_writer(&mut buf, e).map_err(io::Error::other)?;
            buf.push(b'\n');
        }
        // A panic in another writer leaves the file usable: lines are written whole or not at all.
        let mut cur = self.current.lock().unwrap_or_else(PoisonError::into_inner);
        self.ensure_current(&mut cur)?;
        if !ends_with_newline(&cur.file)? {
            tracing::warn!(
                journal = %self.path.display(),
                "the journal's last line was cut short (crash or full disk); starting on a new line"
            );
            buf.insert(0, b'\n');
        }
        // One write with O_APPEND: the lines land whole and together, after anything others wrote.
        cur.file.write_all(&buf)?;
        cur.file.flush()?;
        cur.file.sync_data()
    }
}

/// True for an empty file or one whose last byte is a newline.
fn ends_with_newline(file: &File) -> io::Result<bool> {
    let len = file.metadata()?.len();
    if len == 0 {
        return Ok(true);
    }
    let mut last = [0u8; 1];
    file.read_exact_at(&mut last, len - 1)?;
    Ok(last[0] == b'\n')
}
