//! A deploy pipeline next to a job: registers a task definition every 4 s with the SDK's
//! standard retries (3 attempts), out of phase with the job's whole-second calls.

use std::time::Duration;

use aws_sdk_ecs::config::retry::RetryConfig;

/// Deploys through `sdk` (e.g. `MotoServer::sdk_config()`) until `stop` turns true; returns
/// (succeeded, failed).
pub async fn deploy_every_4s(
    sdk: aws_sdk_ecs::config::Builder,
    mut stop: tokio::sync::watch::Receiver<bool>,
) -> (u32, u32) {
    let deploys = aws_sdk_ecs::Client::from_conf(
        sdk.retry_config(RetryConfig::standard().with_max_attempts(3))
            .build(),
    );
    let (mut ok, mut failed) = (0, 0);
    let first = tokio::time::Instant::now() + Duration::from_millis(1850);
    let mut tick = tokio::time::interval_at(first, Duration::from_secs(4));
    loop {
        tokio::select! {
            _ = stop.wait_for(|s| *s) => return (ok, failed),
            _ = tick.tick() => {}
        }
        let r = deploys
            .register_task_definition()
            .family("zz-deploy")
            .container_definitions(
                aws_sdk_ecs::types::ContainerDefinition::builder()
                    .name("app")
                    .image("nginx:1.27")
                    .memory(256)
                    .build(),
            )
            .send()
            .await;
        if r.is_ok() {
            ok += 1;
        } else {
            failed += 1;
        }
    }
}
