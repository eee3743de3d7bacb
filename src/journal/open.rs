//! Opening the journal safely: only a regular file we own, never through a link, in a
//! directory nobody else can write.

use std::fs::{File, FileType, Metadata, OpenOptions};
use std::io;
use std::os::unix::fs::{DirBuilderExt, FileTypeExt, MetadataExt, OpenOptionsExt, PermissionsExt};
use std::path::Path;

/// A refusal: the sentence says why, and the journal stays untouched.
fn refuse(why: String) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidInput, why)
}

fn kind(ft: FileType) -> &'static str {
    if ft.is_symlink() {
        "a symbolic link"
    } else if ft.is_dir() {
        "a directory"
    } else if ft.is_char_device() {
        "a character device"
    } else if ft.is_block_device() {
        "a block device"
    } else if ft.is_fifo() {
        "a FIFO"
    } else if ft.is_socket() {
        "a socket"
    } else {
        "not a regular file"
    }
}

fn not_regular(ft: FileType) -> io::Error {
    refuse(format!(
        "it is {}, and taskdefs writes its journal only to a regular file (never through a link)",
        kind(ft)
    ))
}

/// The journal's directory, created 0700 if missing; refused if others can write it.
fn check_dir(path: &Path) -> io::Result<()> {
    let dir = match path.parent().filter(|d| !d.as_os_str().is_empty()) {
        Some(d) => d,
        None => Path::new("."),
    };
    if !dir.exists() {
        std::fs::DirBuilder::new()
            .recursive(true)
            .mode(0o700)
            .create(dir)?;
    }
    let m = std::fs::metadata(dir)?;
    if !m.is_dir() {
        return Err(refuse(format!("{} is not a directory", dir.display())));
    }
    // Group write is fine for a user's private group (umask 002), not for a shared one.
    let group_shared = m.mode() & 0o020 != 0 && m.gid() != rustix::process::getegid().as_raw();
    if m.mode() & 0o002 != 0 || group_shared {
        return Err(refuse(format!(
            "its directory {} can be written by other users (mode {:o}); use a private directory",
            dir.display(),
            m.mode() & 0o777
        )));
    }
    let me = rustix::process::geteuid().as_raw();
    if m.uid() != me && m.uid() != 0 {
        return Err(refuse(format!(
            "its directory {} belongs to another user",
            dir.display()
        )));
    }
    Ok(())
}

/// Opens `path` for appending (and reading its last byte), creating it 0600.
pub(super) fn open(path: &Path) -> io::Result<(File, Metadata)> {
    if let Ok(m) = std::fs::symlink_metadata(path)
        && !m.file_type().is_file()
    {
        return Err(not_regular(m.file_type()));
    }
    check_dir(path)?;
    // O_NOFOLLOW: a link swapped in after the check above still fails; O_NONBLOCK: a FIFO
    // swapped in does not hang the open.
    let file = OpenOptions::new()
        .read(true)
        .append(true)
        .create(true)
        .mode(0o600)
        .custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK | libc::O_CLOEXEC)
        .open(path)
        .map_err(|e| match e.raw_os_error() {
            Some(libc::ELOOP) => refuse(
                "it is a symbolic link, and taskdefs writes its journal only to a regular file (never through a link)"
                    .into(),
            ),
            Some(libc::ENXIO) => refuse(
                "it is a FIFO, and taskdefs writes its journal only to a regular file (never through a link)"
                    .into(),
            ),
            _ => e,
        })?;
    let m = file.metadata()?;
    if !m.file_type().is_file() {
        return Err(not_regular(m.file_type()));
    }
    let me = rustix::process::geteuid().as_raw();
    if m.uid() != me {
        return Err(refuse(
            "it belongs to another user; use a journal of your own".into(),
        ));
    }
    let mode = m.mode() & 0o777;
    if mode != 0o600 {
        // `mode` applies only on creation: tighten a file of ours that was created wider.
        file.set_permissions(std::fs::Permissions::from_mode(0o600))?;
        tracing::info!(
            journal = %path.display(),
            "tightened the journal's permissions from {mode:o} to 600 (owner only)"
        );
    }
    Ok((file, m))
}
