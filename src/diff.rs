//! Structural diff of two task definitions.

use crate::cli::DiffArgs;
use crate::ecs::EcsApi;

/// `taskdefs diff`.
pub async fn run(_api: &dyn EcsApi, _args: &DiffArgs) -> anyhow::Result<u8> {
    anyhow::bail!("diff is not available yet")
}
