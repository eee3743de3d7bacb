//! Reading the journal back: streamed line by line with bounded memory, damaged lines skipped
//! and reported, and intents of runs that are still alive left out of "unfinished".

use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap};
use std::fs::File;
use std::io::{self, BufRead, BufReader};
use std::os::unix::fs::OpenOptionsExt;
use std::path::Path;

use serde::Deserialize;

use super::entry::{Entry, Phase};
use super::lock;
use crate::domain::JobKind;

/// Lines longer than this are damaged: no real record comes close, and memory stays bounded.
pub const MAX_LINE: usize = 64 * 1024;
/// How many damaged line numbers are kept for the report.
const DAMAGED_KEPT: usize = 10;

/// Lines of the journal that could not be read (cut short by a crash, a full disk, an editor).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Damaged {
    /// How many lines were skipped.
    pub count: u64,
    /// The first few of their line numbers (1-based).
    pub lines: Vec<u64>,
}

impl Damaged {
    fn push(&mut self, line: u64) {
        self.count += 1;
        if self.lines.len() < DAMAGED_KEPT {
            self.lines.push(line);
        }
    }

    /// One sentence for the operator: how many lines were skipped, where, and that nothing after
    /// them was lost.
    pub fn sentence(&self) -> String {
        let n = if self.count == 1 {
            "1 damaged line".to_string()
        } else {
            format!("{} damaged lines", self.count)
        };
        format!(
            "The journal has {n} ({}), left by a crash or a full disk: skipped, the records after them were read.",
            self.where_()
        )
    }

    /// "line 3", "lines 3, 9 and 12", "lines 3, 9, … (25 in all)".
    pub fn where_(&self) -> String {
        let mut s: Vec<String> = self.lines.iter().map(u64::to_string).collect();
        let more = self.count > self.lines.len() as u64;
        match (s.len(), more) {
            (0, _) => String::new(),
            (1, false) => format!("line {}", s[0]),
            (_, false) => {
                let last = s.pop().unwrap_or_default();
                format!("lines {} and {last}", s.join(", "))
            }
            (_, true) => format!("lines {}, … ({} in all)", s.join(", "), self.count),
        }
    }
}

/// What the start-up check found.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Report {
    /// Intents of ended runs with neither an outcome nor an acknowledgement, in file order.
    pub unfinished: Vec<Entry>,
    /// Lines that were skipped.
    pub damaged: Damaged,
    /// Intents without an outcome that belong to runs still alive (another instance).
    pub live: usize,
    /// Why the rotated generation (`.1`) could not be read: its intents were not checked.
    pub rotated_unreadable: Option<super::JournalError>,
}

/// Only what the check needs from a line; unknown fields are skipped without allocating.
#[derive(Deserialize)]
struct Key<'a> {
    #[serde(default, borrow)]
    run: Cow<'a, str>,
    phase: Phase,
    action: JobKind,
    #[serde(borrow)]
    arn: Cow<'a, str>,
    job: u64,
    #[serde(default)]
    dry_run: bool,
    #[serde(default, borrow)]
    of_run: Option<Cow<'a, str>>,
}

/// Calls `f(line_number, line)` for every non-blank line; lines over `MAX_LINE` are reported as
/// damaged without being held in memory. A missing file has no lines.
fn each_line(path: &Path, mut f: impl FnMut(u64, &[u8]), damaged: &mut Damaged) -> io::Result<()> {
    let file = match std::fs::OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK | libc::O_CLOEXEC)
        .open(path)
    {
        Ok(f) => f,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(()),
        Err(e) => return Err(e),
    };
    if !file.metadata()?.is_file() {
        return Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            "the journal is not a regular file",
        ));
    }
    read_lines(BufReader::with_capacity(256 * 1024, file), &mut f, damaged)
}

fn read_lines(
    mut r: BufReader<File>,
    f: &mut impl FnMut(u64, &[u8]),
    damaged: &mut Damaged,
) -> io::Result<()> {
    let mut line = Vec::with_capacity(1024);
    let mut too_long = false;
    let mut n = 0u64;
    loop {
        let buf = r.fill_buf()?;
        if buf.is_empty() {
            break;
        }
        let (chunk, end) = match buf.iter().position(|b| *b == b'\n') {
            Some(i) => (&buf[..i], Some(i + 1)),
            None => (buf, None),
        };
        if !too_long {
            if line.len() + chunk.len() > MAX_LINE {
                too_long = true;
                line.clear();
            } else {
                line.extend_from_slice(chunk);
            }
        }
        let used = end.unwrap_or(buf.len());
        r.consume(used);
        if end.is_some() {
            n += 1;
            finish(n, &line, too_long, f, damaged);
            line.clear();
            too_long = false;
        }
    }
    if !line.is_empty() || too_long {
        finish(n + 1, &line, too_long, f, damaged);
    }
    Ok(())
}

fn finish(
    n: u64,
    line: &[u8],
    too_long: bool,
    f: &mut impl FnMut(u64, &[u8]),
    damaged: &mut Damaged,
) {
    if too_long {
        damaged.push(n);
    } else if !line.iter().all(u8::is_ascii_whitespace) {
        f(n, line);
    }
}

/// Every line of the journal that parses, and the lines that do not. A missing file is empty.
pub fn entries_with_damage(path: &Path) -> io::Result<(Vec<Entry>, Damaged)> {
    let mut out = Vec::new();
    let mut damaged = Damaged::default();
    let mut bad = Vec::new();
    each_line(
        path,
        |n, l| match serde_json::from_slice::<Entry>(l) {
            Ok(e) => out.push(e),
            Err(_) => bad.push(n),
        },
        &mut damaged,
    )?;
    for n in bad {
        damaged.push(n);
    }
    damaged.lines.sort_unstable();
    Ok((out, damaged))
}

/// Every line of the journal that parses; damaged lines are skipped. A missing file is empty.
pub fn entries(path: &Path) -> io::Result<Vec<Entry>> {
    Ok(entries_with_damage(path)?.0)
}

type IntentKey = (String, u64, JobKind, String);

/// The generation logrotate (or an operator) moved the journal to last: `journal.jsonl.1`.
pub fn rotated_path(path: &Path) -> std::path::PathBuf {
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(".1");
    path.with_file_name(name)
}

/// The start-up check: intents with no outcome (same run, job, action and ARN) and no
/// acknowledgement, from runs that have ended, in the last rotated generation (`.1`, if any)
/// and the journal itself, read as one. Dry-run intents are left out (nothing was called).
/// Memory grows with the number of open intents, not with the file. Lock files of ended runs
/// are removed on the way unless `tidy` is false. Damaged lines are reported for the journal
/// itself (those of the rotated file are only logged).
pub fn scan(path: &Path, tidy: bool) -> io::Result<Report> {
    let mut report = Report::default();
    // Open intents: key -> sequence number -> (line number, raw line); file order kept.
    let mut open: HashMap<IntentKey, u64> = HashMap::new();
    let mut raw: BTreeMap<u64, (u64, Vec<u8>)> = BTreeMap::new();
    let mut seq = 0u64;
    let rotated = rotated_path(path);
    for (file, current) in [(rotated.as_path(), false), (path, true)] {
        let mut bad = Damaged::default();
        let mut damaged = Damaged::default();
        let read = each_line(
            file,
            |n, l| {
                let Ok(k) = serde_json::from_slice::<Key<'_>>(l) else {
                    bad.push(n);
                    return;
                };
                match k.phase {
                    Phase::Intent if k.dry_run => {}
                    Phase::Intent => {
                        let key = (k.run.into_owned(), k.job, k.action, k.arn.into_owned());
                        if let std::collections::hash_map::Entry::Vacant(v) = open.entry(key) {
                            seq += 1;
                            v.insert(seq);
                            raw.insert(seq, (n, l.to_vec()));
                        }
                    }
                    Phase::Outcome | Phase::Ack => {
                        let run = match (k.phase, k.of_run) {
                            (Phase::Ack, Some(r)) => r,
                            _ => k.run,
                        };
                        let key = (run.into_owned(), k.job, k.action, k.arn.into_owned());
                        if let Some(s) = open.remove(&key) {
                            raw.remove(&s);
                        }
                    }
                }
            },
            &mut damaged,
        );
        merge(&mut damaged, bad);
        match (read, current) {
            (Err(e), true) => return Err(e),
            (Err(e), false) => {
                tracing::warn!(journal = %file.display(), "cannot read the rotated journal: {e}");
                report.rotated_unreadable = Some(super::JournalError::read(file, &e));
            }
            (Ok(()), true) => report.damaged = damaged,
            (Ok(()), false) if damaged.count > 0 => tracing::warn!(
                journal = %file.display(),
                "skipped {} damaged lines of the rotated journal ({})",
                damaged.count,
                damaged.where_()
            ),
            (Ok(()), false) => {}
        }
    }
    let mut live: HashMap<String, bool> = HashMap::new();
    for (n, line) in raw.into_values() {
        let e = match serde_json::from_slice::<Entry>(&line) {
            Ok(e) => e,
            Err(_) => {
                report.damaged.push(n);
                continue;
            }
        };
        let alive = *live
            .entry(e.run.clone())
            .or_insert_with(|| !e.run.is_empty() && lock::is_live(path, &e.run, tidy));
        if alive {
            report.live += 1;
        } else {
            report.unfinished.push(e);
        }
    }
    report.damaged.lines.sort_unstable();
    report.damaged.lines.truncate(DAMAGED_KEPT);
    Ok(report)
}

fn merge(into: &mut Damaged, from: Damaged) {
    into.count += from.count;
    into.lines.extend(from.lines);
    into.lines.sort_unstable();
    into.lines.truncate(DAMAGED_KEPT);
}

/// The unfinished intents of `scan`, tidying stale lock files.
pub fn unfinished(path: &Path) -> io::Result<Vec<Entry>> {
    Ok(scan(path, true)?.unfinished)
}
