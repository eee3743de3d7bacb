//! `taskdefs export FAMILY:REV`: the revision as RegisterTaskDefinition input JSON (what
//! `aws ecs register-task-definition --cli-input-json` takes), to stdout or a 0600 file.

use std::io::Write;
use std::path::Path;

use serde_json::{Value, json};

use crate::app::views::ExportError;
use crate::cli::ExportArgs;
use crate::ecs::{EcsApi, TaskDef};
use crate::text::escape;

/// Describe-only fields that RegisterTaskDefinition does not take.
pub const STRIPPED: [&str; 9] = [
    "taskDefinitionArn",
    "revision",
    "status",
    "requiresAttributes",
    "compatibilities",
    "registeredAt",
    "registeredBy",
    "deregisteredAt",
    "deleteRequestedAt",
];

/// The register input for `td`: its document without describe-only fields, plus its tags.
pub fn register_input(td: &TaskDef) -> Value {
    let mut doc = td.raw.clone();
    if let Value::Object(m) = &mut doc {
        for k in STRIPPED {
            m.remove(k);
        }
        if !td.tags.is_empty() {
            let tags: Vec<Value> = td
                .tags
                .iter()
                .map(|(k, v)| json!({"key": k, "value": v}))
                .collect();
            m.insert("tags".into(), Value::Array(tags));
        }
    }
    doc
}

/// Writes `text` to `path` with mode 0600; an existing file is replaced only with `force`.
fn write_private(path: &Path, text: &str, force: bool) -> anyhow::Result<()> {
    write_file(path, text, force).map_err(|e| match e {
        ExportError::Exists => {
            anyhow::anyhow!("{} exists: pass --force to replace it", path.display())
        }
        ExportError::Failed(e) => anyhow::anyhow!(e),
    })
}

/// Writes `text` to `path` with mode 0600, never through a symlink; an existing file is
/// replaced only with `force`.
fn write_file(path: &Path, text: &str, force: bool) -> Result<(), ExportError> {
    use std::os::unix::fs::{OpenOptionsExt as _, PermissionsExt as _};
    let mut opts = std::fs::OpenOptions::new();
    opts.write(true).mode(0o600).custom_flags(libc::O_NOFOLLOW);
    if force {
        opts.create(true).truncate(true);
    } else {
        opts.create_new(true);
    }
    let failed = |e: std::io::Error| {
        ExportError::Failed(format!(
            "cannot write {}: {e}",
            escape(&path.display().to_string())
        ))
    };
    let mut f = opts.open(path).map_err(|e| match e.kind() {
        std::io::ErrorKind::AlreadyExists => ExportError::Exists,
        _ => failed(e),
    })?;
    // A replaced file keeps its old mode otherwise.
    f.set_permissions(std::fs::Permissions::from_mode(0o600))
        .map_err(failed)?;
    f.write_all(text.as_bytes()).map_err(failed)?;
    f.flush().map_err(failed)?;
    Ok(())
}

/// The worker's half of the UI's `e`, in the background; answers `Exported`.
pub fn spawn_for_ui(
    api: std::sync::Arc<dyn EcsApi>,
    reads: std::sync::Arc<crate::ratelimit::RateLimiter>,
    tx: tokio::sync::mpsc::UnboundedSender<crate::app::Action>,
    arn: String,
    path: String,
    overwrite: bool,
) {
    tokio::spawn(async move {
        let result = export_for_ui(&*api, &reads, &arn, &path, overwrite).await;
        let _ = tx.send(crate::app::Action::Exported { arn, path, result });
    });
}

/// Describe (paced by `reads`), then write the register input to `path` (`~/` is the home
/// directory); the bytes written.
async fn export_for_ui(
    api: &dyn EcsApi,
    reads: &crate::ratelimit::RateLimiter,
    arn: &str,
    path: &str,
    overwrite: bool,
) -> Result<usize, ExportError> {
    reads.acquire().await;
    let td = api
        .describe(arn)
        .await
        .map_err(|e| ExportError::Failed(e.to_string()))?;
    let mut text = serde_json::to_string_pretty(&register_input(&td))
        .map_err(|e| ExportError::Failed(e.to_string()))?;
    text.push('\n');
    let path = match (path.strip_prefix("~/"), std::env::var_os("HOME")) {
        (Some(rest), Some(home)) => Path::new(&home).join(rest),
        _ => Path::new(path).to_path_buf(),
    };
    let bytes = text.len();
    tokio::task::spawn_blocking(move || write_file(&path, &text, overwrite))
        .await
        .map_err(|e| ExportError::Failed(e.to_string()))??;
    Ok(bytes)
}

/// Describes the revision and writes its register input.
pub async fn run(api: &dyn EcsApi, args: &ExportArgs) -> anyhow::Result<()> {
    let td = api
        .describe(&args.revision)
        .await
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    let mut text = serde_json::to_string_pretty(&register_input(&td))?;
    text.push('\n');
    match &args.output {
        Some(path) => write_private(path, &text, args.force),
        None => match std::io::stdout().lock().write_all(text.as_bytes()) {
            Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(e.into()),
            _ => Ok(()),
        },
    }
}

#[cfg(test)]
mod tests;
