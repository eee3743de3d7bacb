//! A revision as RegisterTaskDefinition input JSON.

use crate::cli::ExportArgs;
use crate::ecs::EcsApi;

/// `taskdefs export`.
pub async fn run(_api: &dyn EcsApi, _args: &ExportArgs) -> anyhow::Result<()> {
    anyhow::bail!("export is not available yet")
}
