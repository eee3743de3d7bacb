//! A persistent cache of what cannot change: per backend (region, profile, endpoint), the
//! summary of every revision described (`Summary`: registeredAt, CPU/memory,
//! compatibilities, images; nothing secret), and the families and rows shown last, so the
//! next start paints them in its first frame and revalidates them in the background.
//!
//! Files live in `$XDG_CACHE_HOME/taskdefs/` (default `~/.cache/taskdefs/`), a 0700
//! directory of ours, each 0600, written whole and renamed into place. Each carries a format
//! version and its backend key: a corrupt file, another version or another key is
//! discarded with a log line. At most `MAX_ENTRIES` summaries are kept, least recently used
//! first out. Status is never cached: rows from the cache are shown as unconfirmed until a
//! listing confirms them.

pub mod front;
pub mod summary;

use std::collections::HashMap;
use std::fs;
use std::io::Write as _;
use std::os::unix::fs::{
    DirBuilderExt as _, MetadataExt as _, OpenOptionsExt as _, PermissionsExt,
};
use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard, PoisonError};

use serde::{Deserialize, Serialize};

pub use summary::Summary;

use crate::ecs::TaskDef;

/// Format version of every cache file; a file of another version is discarded.
pub const VERSION: u32 = 1;
/// Summaries kept at most (about 250 bytes each on disk).
pub const MAX_ENTRIES: usize = 50_000;
/// Rows of the last-viewed family kept for the first frame.
const FRONT_ROWS: usize = 1_000;

/// What the first frame paints: the families and the rows of the family viewed last.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Front {
    /// `--family-prefix` the listing was made with; another prefix ignores this front.
    pub prefix: Option<String>,
    /// Every ACTIVE family, in listing order.
    pub families: Vec<String>,
    /// The family whose rows follow.
    pub family: Option<String>,
    /// Its ACTIVE revisions' ARNs, newest first.
    pub rows: Vec<String>,
    /// The summaries of those rows that were described.
    pub summaries: Vec<Summary>,
}

/// One file on disk: version and key first, so a foreign file is told apart before use.
#[derive(Serialize, Deserialize)]
struct Envelope<T> {
    version: u32,
    key: String,
    body: T,
}

/// The cache of one backend. Cheap to share (`Arc`); every method takes `&self`.
#[derive(Debug)]
pub struct Cache {
    dir: PathBuf,
    key: String,
    stem: String,
    state: Mutex<Entries>,
}

#[derive(Debug, Default)]
struct Entries {
    by_arn: HashMap<String, Summary>,
    /// True once the file's entries were read (or found absent).
    loaded: bool,
    /// True when this run learnt a revision the file does not hold yet.
    dirty: bool,
}

impl Cache {
    /// `$XDG_CACHE_HOME/taskdefs`, else `~/.cache/taskdefs`.
    pub fn default_dir() -> Option<PathBuf> {
        let base = std::env::var_os("XDG_CACHE_HOME")
            .filter(|v| !v.is_empty())
            .map(PathBuf::from)
            .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cache")))?;
        Some(base.join("taskdefs"))
    }

    /// The cache for backend `key` in `dir`, created 0700 if missing. Refuses a directory
    /// that is a link, not ours, or writable by others (one sentence); tightens ours to 0700.
    pub fn open(dir: &Path, key: &str) -> Result<Cache, String> {
        let shown = dir.display();
        match fs::symlink_metadata(dir) {
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                fs::DirBuilder::new()
                    .recursive(true)
                    .mode(0o700)
                    .create(dir)
                    .map_err(|e| format!("cannot create the cache directory {shown}: {e}"))?;
            }
            Err(e) => return Err(format!("cannot read the cache directory {shown}: {e}")),
            Ok(m) if !m.is_dir() => {
                return Err(format!("the cache path {shown} is not a directory"));
            }
            Ok(m) if m.uid() != rustix::process::geteuid().as_raw() => {
                return Err(format!(
                    "the cache directory {shown} belongs to another user"
                ));
            }
            Ok(m) if m.mode() & 0o077 != 0 => {
                fs::set_permissions(dir, fs::Permissions::from_mode(0o700))
                    .map_err(|e| format!("cannot restrict the cache directory {shown}: {e}"))?;
                tracing::info!(dir = %shown, "cache directory tightened to 0700");
            }
            Ok(_) => {}
        }
        Ok(Cache {
            dir: dir.to_path_buf(),
            key: key.to_string(),
            stem: stem(key),
            state: Mutex::new(Entries::default()),
        })
    }

    fn lock(&self) -> MutexGuard<'_, Entries> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    fn front_path(&self) -> PathBuf {
        self.dir.join(format!("{}.front.json", self.stem))
    }

    fn store_path(&self) -> PathBuf {
        self.dir.join(format!("{}.json", self.stem))
    }

    /// The front for `prefix`, if one was saved for it (small: read before the first frame).
    pub fn front(&self, prefix: Option<&str>) -> Option<Front> {
        let front: Front = self.read(&self.front_path())?;
        (front.prefix.as_deref() == prefix).then_some(front)
    }

    /// Reads every saved summary (the larger file: meant for a background thread).
    pub fn load(&self) {
        if self.lock().loaded {
            return;
        }
        let read: Vec<Summary> = self.read(&self.store_path()).unwrap_or_default();
        let mut e = self.lock();
        for s in read {
            // What this run described since start is newer: keep it.
            e.by_arn.entry(s.arn.clone()).or_insert(s);
        }
        e.loaded = true;
    }

    /// Records a described revision, used now.
    pub fn put(&self, td: &TaskDef) {
        let s = Summary::of(td, jiff::Timestamp::now().as_second());
        let mut e = self.lock();
        if e.by_arn.insert(s.arn.clone(), s).is_none() {
            e.dirty = true;
        }
    }

    /// The cached registration time of `arn`.
    pub fn registered_at(&self, arn: &str) -> Option<jiff::Timestamp> {
        self.lock().by_arn.get(arn).and_then(Summary::registered_at)
    }

    /// The cached summary of `arn`.
    pub fn summary(&self, arn: &str) -> Option<Summary> {
        self.lock().by_arn.get(arn).cloned()
    }

    /// Entries held in memory.
    pub fn len(&self) -> usize {
        self.lock().by_arn.len()
    }

    /// True when nothing is held.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Writes the summaries (the least recently used beyond `MAX_ENTRIES` dropped) when this
    /// run learnt any, and the front when given. Entries not read from disk yet are read
    /// first, so none is lost.
    pub fn save(&self, front: Option<&Front>) -> std::io::Result<()> {
        if self.lock().dirty {
            self.save_entries()?;
        }
        if let Some(f) = front {
            let mut f = f.clone();
            f.rows.truncate(FRONT_ROWS);
            self.write(&self.front_path(), &f)?;
        }
        Ok(())
    }

    fn save_entries(&self) -> std::io::Result<()> {
        self.load();
        let entries: Vec<Summary> = {
            let mut e = self.lock();
            e.dirty = false;
            if e.by_arn.len() > MAX_ENTRIES {
                let mut all: Vec<Summary> = e.by_arn.drain().map(|(_, s)| s).collect();
                // Most recently used first; the tail beyond the bound goes.
                all.sort_unstable_by_key(|s| std::cmp::Reverse(s.used));
                all.truncate(MAX_ENTRIES);
                e.by_arn = all.into_iter().map(|s| (s.arn.clone(), s)).collect();
            }
            e.by_arn.values().cloned().collect()
        };
        self.write(&self.store_path(), &entries)
    }

    /// Parses one file; a corrupt or foreign one is removed with a log line.
    fn read<T: for<'de> Deserialize<'de>>(&self, path: &Path) -> Option<T> {
        let bytes = match fs::read(path) {
            Ok(b) => b,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return None,
            Err(e) => {
                tracing::warn!(path = %path.display(), "cannot read the cache: {e}");
                return None;
            }
        };
        let why = match serde_json::from_slice::<Envelope<serde_json::Value>>(&bytes) {
            Err(e) => format!("unreadable ({e})"),
            Ok(env) if env.version != VERSION => format!("format version {}", env.version),
            Ok(env) if env.key != self.key => "written for another backend".to_string(),
            Ok(env) => match serde_json::from_value(env.body) {
                Ok(body) => return Some(body),
                Err(e) => format!("unreadable ({e})"),
            },
        };
        tracing::warn!(path = %path.display(), "discarding the cache file: {why}");
        let _ = fs::remove_file(path);
        None
    }

    /// Writes `body` to a fresh 0600 file beside `path`, then renames it into place.
    fn write<T: Serialize>(&self, path: &Path, body: &T) -> std::io::Result<()> {
        let env = Envelope {
            version: VERSION,
            key: self.key.clone(),
            body,
        };
        let tmp = path.with_extension(format!("tmp.{}", std::process::id()));
        let _ = fs::remove_file(&tmp);
        let mut f = fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .mode(0o600)
            .open(&tmp)?;
        let json = serde_json::to_vec(&env).map_err(std::io::Error::other)?;
        f.write_all(&json)?;
        f.sync_all()?;
        drop(f);
        fs::rename(&tmp, path)
    }
}

/// A file name for `key`: its safe characters, then a hash of the whole key.
fn stem(key: &str) -> String {
    let safe: String = key
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' {
                c
            } else {
                '_'
            }
        })
        .take(48)
        .collect();
    // FNV-1a: stable across runs and builds (std's hasher is seeded per process).
    let hash = key.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    });
    format!("{safe}-{hash:016x}")
}

#[cfg(test)]
mod tests;
