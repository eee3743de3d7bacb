//! Deregistration: one `DeregisterTaskDefinition` per revision, several in flight.

use futures::StreamExt;

use crate::app::ItemOutcome;
use crate::ecs::{EcsApi, EcsError, ErrorKind, RevisionRef, TaskDef, TdStatus};

use super::not_sent;
use super::report::Reporter;
use super::retry::{Lane, Sent};

/// Deregisters every item, `concurrency` calls at most in flight, each paced by `lane`.
pub(super) async fn run(
    api: &dyn EcsApi,
    items: Vec<RevisionRef>,
    lane: &Lane<'_>,
    report: &Reporter<'_>,
    concurrency: usize,
) {
    futures::stream::iter(items)
        .for_each_concurrent(concurrency, |item| async move {
            let arn = item.arn.as_str();
            let sent = lane
                .send(&[arn], || report.intent(&[arn]), || api.deregister(arn))
                .await;
            match sent {
                Sent::NotSent(n) => report.unsent(arn, not_sent(n)),
                Sent::Cancelled { attempts } => report.sent(arn, ItemOutcome::Cancelled, attempts),
                Sent::Answered {
                    result,
                    attempts,
                    maybe_reached,
                    last_error,
                } => {
                    let outcome = match result {
                        Ok(td) => ItemOutcome::Done(status_after(&td)),
                        Err(_)
                            if maybe_reached
                                && last_error.as_ref().is_some_and(already_inactive) =>
                        {
                            ItemOutcome::AlreadyDone(TdStatus::Inactive)
                        }
                        Err(reason) => ItemOutcome::Failed(reason),
                    };
                    report.sent(arn, outcome, attempts);
                }
            }
        })
        .await;
}

/// ECS refused because the revision is INACTIVE already: after an attempt that may have
/// reached ECS, that attempt did the work.
fn already_inactive(e: &EcsError) -> bool {
    e.kind == ErrorKind::Client && e.message.to_ascii_lowercase().contains("inactive")
}

/// The status ECS reports after deregistering; INACTIVE when it does not say.
fn status_after(td: &TaskDef) -> TdStatus {
    td.fields
        .status
        .as_deref()
        .and_then(TdStatus::from_aws)
        .unwrap_or(TdStatus::Inactive)
}
