//! The mutation journal: JSON lines appended before and after every mutating call.
//!
//! Each line is written, flushed and `fsync`ed before the call it announces is made, so after
//! an SSH drop or `kill -9` the file tells which calls completed and which were in flight.

use std::collections::{HashMap, hash_map};
use std::fs::{File, OpenOptions};
use std::io::{self, Write};
use std::os::unix::fs::{DirBuilderExt, OpenOptionsExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Mutex, PoisonError};

use serde::{Deserialize, Serialize};

use crate::app::action::ItemOutcome;
use crate::app::effect::JobKind;

/// Whether a line records the call about to be made or its result.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Phase {
    /// Written and flushed before the call.
    Intent,
    /// Written after the call returned.
    Outcome,
}

/// One journal line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entry {
    /// RFC 3339 time.
    pub time: String,
    /// Which run of the app wrote it (start time and pid), so runs never close each other's intents.
    #[serde(default)]
    pub run: String,
    /// Intent or outcome.
    pub phase: Phase,
    /// Deregister or delete.
    pub action: JobKind,
    /// The task definition ARN.
    pub arn: String,
    /// Job id within the run.
    pub job: u64,
    /// Region, when known.
    pub region: Option<String>,
    /// Profile, when given.
    pub profile: Option<String>,
    /// Endpoint override, when given.
    pub endpoint: Option<String>,
    /// Account id, when known (parsed from the ARN).
    pub account: Option<String>,
    /// True when no call was made (`--dry-run`).
    #[serde(default)]
    pub dry_run: bool,
    /// On outcome lines: `ok`, `failed` or `dry-run`.
    pub outcome: Option<String>,
    /// On `ok` outcome lines: the status reached, as AWS names it (e.g. `INACTIVE`).
    #[serde(default)]
    pub status: Option<String>,
    /// On outcome lines: calls made for this item (retries included; 0 when none was sent).
    #[serde(default)]
    pub attempts: Option<u32>,
    /// On failed outcome lines: one-sentence reason.
    pub error: Option<String>,
}

/// Where requests go, recorded on every line.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Meta {
    /// `--region` or the resolved region.
    pub region: Option<String>,
    /// `--profile`, when given.
    pub profile: Option<String>,
    /// `--endpoint-url`, when given.
    pub endpoint: Option<String>,
}

/// The call one line is about.
#[derive(Debug, Clone, Copy)]
pub struct Call<'a> {
    /// Where requests go.
    pub meta: &'a Meta,
    /// Job id within the run.
    pub job: u64,
    /// Deregister or delete.
    pub action: JobKind,
    /// The task definition ARN.
    pub arn: &'a str,
    /// `--dry-run`: no call is made.
    pub dry_run: bool,
}

/// An open journal file, shared by every job of one run.
#[derive(Debug)]
pub struct Journal {
    path: PathBuf,
    run: String,
    file: Mutex<File>,
}

/// Distinguishes journals opened twice by one process (tests).
static OPENED: AtomicU64 = AtomicU64::new(0);

impl Journal {
    /// Opens `path` for appending (creating it and its directories), readable by the owner only.
    pub fn open(path: &Path) -> io::Result<Journal> {
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::DirBuilder::new()
                .recursive(true)
                .mode(0o700)
                .create(dir)?;
        }
        let file = OpenOptions::new()
            .create(true)
            .append(true)
            .mode(0o600)
            .open(path)?;
        // `mode` only applies on creation: tighten a file someone created with wider rights.
        let perms = file.metadata()?.permissions();
        if perms.mode() & 0o777 != 0o600 {
            file.set_permissions(std::fs::Permissions::from_mode(0o600))?;
        }
        let n = OPENED.fetch_add(1, Ordering::Relaxed);
        let mut run = format!("{}-{}", jiff::Timestamp::now(), std::process::id());
        if n > 0 {
            run.push_str(&format!("-{n}"));
        }
        Ok(Journal {
            path: path.to_path_buf(),
            run,
            file: Mutex::new(file),
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
        self.append(&self.entry(call, Phase::Intent))
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
            ItemOutcome::DryRun => e.outcome = Some("dry-run".into()),
            ItemOutcome::Skipped(reason) => {
                e.outcome = Some("skipped".into());
                e.error = Some(reason.clone());
            }
            ItemOutcome::Cancelled => e.outcome = Some("cancelled".into()),
            ItemOutcome::Failed(reason) => {
                e.outcome = Some("failed".into());
                e.error = Some(reason.clone());
            }
        }
        self.append(&e)
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
        }
    }

    fn append(&self, entry: &Entry) -> io::Result<()> {
        let mut line = serde_json::to_vec(entry).map_err(io::Error::other)?;
        line.push(b'\n');
        // A panic in another writer leaves the file usable: lines are written whole or not at all.
        let mut file = self.file.lock().unwrap_or_else(PoisonError::into_inner);
        file.write_all(&line)?;
        file.flush()?;
        file.sync_data()
    }
}

/// Every line of the journal that parses; a truncated or garbled line (e.g. `kill -9` mid-write)
/// is skipped. A missing file is an empty journal.
pub fn entries(path: &Path) -> io::Result<Vec<Entry>> {
    let bytes = match std::fs::read(path) {
        Ok(b) => b,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(e),
    };
    Ok(bytes
        .split(|b| *b == b'\n')
        .filter(|l| !l.iter().all(u8::is_ascii_whitespace))
        .filter_map(|l| match serde_json::from_slice::<Entry>(l) {
            Ok(e) => Some(e),
            Err(err) => {
                tracing::warn!(%err, "skipping a journal line that does not parse");
                None
            }
        })
        .collect())
}

/// Intents with no outcome from the same run and job for the same ARN and action: calls that
/// may or may not have reached ECS. Dry-run intents are left out (nothing was called).
pub fn unfinished(path: &Path) -> io::Result<Vec<Entry>> {
    // Keyed for large journals; the Vec keeps file order for the report.
    let mut slots: Vec<Option<Entry>> = Vec::new();
    let mut index: HashMap<(String, u64, JobKind, String), usize> = HashMap::new();
    for e in entries(path)? {
        let key = (e.run.clone(), e.job, e.action, e.arn.clone());
        match e.phase {
            Phase::Intent if !e.dry_run => {
                if let hash_map::Entry::Vacant(v) = index.entry(key) {
                    v.insert(slots.len());
                    slots.push(Some(e));
                }
            }
            Phase::Intent => {}
            Phase::Outcome => {
                if let Some(i) = index.remove(&key) {
                    slots[i] = None;
                }
            }
        }
    }
    Ok(slots.into_iter().flatten().collect())
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests;
