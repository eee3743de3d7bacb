//! `credential_process` from an AWS profile, run so that a hung helper cannot outlive us.
//!
//! aws-config's own provider runs `sh -c COMMAND` and, when its future is dropped on a
//! timeout, leaves the shell and everything it started running. Here the command gets a
//! process group of its own, and dropping the future before it finishes kills the whole group.

use std::process::Stdio;
use std::time::SystemTime;

use aws_credential_types::Credentials;
use aws_credential_types::provider::{self, ProvideCredentials, error::CredentialsError, future};
use nix::sys::signal::{Signal, killpg};
use nix::unistd::Pid;
use tokio::process::Command;

use crate::text::escape;

/// Runs a profile's `credential_process` command and reads its JSON (AWS process credentials
/// format, Version 1).
#[derive(Debug, Clone)]
pub struct CredentialProcess {
    command: String,
}

impl CredentialProcess {
    /// A provider for `command`, run as `sh -c COMMAND` like the AWS CLI does.
    pub fn new(command: impl Into<String>) -> Self {
        CredentialProcess {
            command: command.into(),
        }
    }

    async fn credentials(&self) -> provider::Result {
        let child = Command::new("sh")
            .arg("-c")
            .arg(&self.command)
            // Its own group, so a timeout can kill the helper and everything it started.
            .process_group(0)
            // A helper that prompts fails at once instead of stopping on a background read.
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            // Captured: anything it prints would land on the UI's screen.
            .stderr(Stdio::piped())
            .kill_on_drop(true)
            .spawn()
            .map_err(|e| fail(format!("cannot run credential_process: {e}")))?;
        let mut group = GroupGuard(child.id());
        let output = child
            .wait_with_output()
            .await
            .map_err(|e| fail(format!("credential_process failed: {e}")))?;
        group.0 = None;
        if !output.status.success() {
            let stderr = String::from_utf8_lossy(&output.stderr);
            let last = stderr.lines().rev().find(|l| !l.trim().is_empty());
            let status = output
                .status
                .code()
                .map_or_else(|| "was killed".to_string(), |c| format!("exited with {c}"));
            return Err(fail(match last {
                Some(l) => format!("credential_process {status}: {}", l.trim()),
                None => format!("credential_process {status}"),
            }));
        }
        parse(&String::from_utf8_lossy(&output.stdout)).map_err(fail)
    }
}

impl ProvideCredentials for CredentialProcess {
    fn provide_credentials<'a>(&'a self) -> future::ProvideCredentials<'a>
    where
        Self: 'a,
    {
        future::ProvideCredentials::new(self.credentials())
    }
}

/// Kills the process group when dropped before the command finished (timeout, cancel).
struct GroupGuard(Option<u32>);

impl Drop for GroupGuard {
    fn drop(&mut self) {
        if let Some(pgid) = self.0.and_then(|p| i32::try_from(p).ok()) {
            // The group may be gone already; nothing more to do then.
            let _ = killpg(Pid::from_raw(pgid), Signal::SIGKILL);
        }
    }
}

fn fail(msg: String) -> CredentialsError {
    CredentialsError::provider_error(escape(&msg).into_owned())
}

/// Reads the helper's JSON: `Version` 1, `AccessKeyId`, `SecretAccessKey`, optional
/// `SessionToken` and RFC 3339 `Expiration` (key names case-insensitive, as aws-config reads them).
fn parse(stdout: &str) -> Result<Credentials, String> {
    let value: serde_json::Value = serde_json::from_str(stdout.trim())
        .map_err(|e| format!("credential_process printed no valid JSON ({e})"))?;
    let obj = value
        .as_object()
        .ok_or("credential_process printed JSON that is not an object")?;
    let get = |key: &str| {
        obj.iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(key))
            .map(|(_, v)| v)
    };
    let text = |key: &'static str| -> Result<Option<String>, String> {
        match get(key) {
            None | Some(serde_json::Value::Null) => Ok(None),
            Some(serde_json::Value::String(s)) => Ok(Some(s.clone())),
            Some(_) => Err(format!("credential_process output: {key} is not a string")),
        }
    };
    match get("Version").and_then(serde_json::Value::as_i64) {
        Some(1) => {}
        Some(v) => return Err(format!("credential_process output: unknown Version {v}")),
        None => return Err("credential_process output has no Version".to_string()),
    }
    let key_id = text("AccessKeyId")?.ok_or("credential_process output has no AccessKeyId")?;
    let secret =
        text("SecretAccessKey")?.ok_or("credential_process output has no SecretAccessKey")?;
    let token = text("SessionToken")?;
    let expiry = match text("Expiration")? {
        None => None,
        Some(s) => {
            let ts: jiff::Timestamp = s
                .parse()
                .map_err(|_| format!("credential_process output: bad Expiration '{s}'"))?;
            Some(SystemTime::from(ts))
        }
    };
    Ok(Credentials::new(
        key_id,
        secret,
        token,
        expiry,
        "CredentialProcess",
    ))
}

#[cfg(test)]
mod tests;
