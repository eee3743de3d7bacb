//! Deregistration: one `DeregisterTaskDefinition` per revision, several in flight.

use futures::StreamExt;

use crate::app::ItemOutcome;
use crate::ecs::{EcsApi, RevisionRef, TaskDef, TdStatus};

use super::report::Reporter;
use super::retry::{Lane, Sent};

/// Deregisters every item, `concurrency` calls at most in flight, each paced by `lane`.
pub(super) async fn run(
    api: &dyn EcsApi,
    items: Vec<RevisionRef>,
    lane: &Lane,
    report: &Reporter<'_>,
    concurrency: usize,
) {
    futures::stream::iter(items)
        .for_each_concurrent(concurrency, |item| async move {
            let arn = item.arn.as_str();
            let sent = lane
                .send(|| report.intent(&[arn]), || api.deregister(arn))
                .await;
            match sent {
                Sent::NotSent(reason) => report.unsent(arn, ItemOutcome::Failed(reason)),
                Sent::Answered { result, attempts } => {
                    let outcome = match result {
                        Ok(td) => ItemOutcome::Done(status_after(&td)),
                        Err(reason) => ItemOutcome::Failed(reason),
                    };
                    report.sent(arn, outcome, attempts);
                }
            }
        })
        .await;
}

/// The status ECS reports after deregistering; INACTIVE when it does not say.
fn status_after(td: &TaskDef) -> TdStatus {
    td.fields
        .status
        .as_deref()
        .and_then(TdStatus::from_aws)
        .unwrap_or(TdStatus::Inactive)
}
