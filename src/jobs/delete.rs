//! Deletion: `DeleteTaskDefinitions` with up to 10 ARNs per call; ECS answers per ARN.

use futures::StreamExt;

use crate::app::ItemOutcome;
use crate::domain::ItemFailure;
use crate::ecs::{DeleteOutcome, EcsApi, RevisionRef, TdStatus, parse_family_revision};

use super::report::Reporter;
use super::retry::{Lane, Sent};
use super::{DELETE_BATCH, not_sent};

/// Deletes every item in batches, `concurrency` calls at most in flight, each paced by `lane`.
pub(super) async fn run(
    api: &dyn EcsApi,
    items: Vec<RevisionRef>,
    lane: &Lane<'_>,
    report: &Reporter<'_>,
    concurrency: usize,
) {
    let batches: Vec<Vec<RevisionRef>> = items.chunks(DELETE_BATCH).map(<[_]>::to_vec).collect();
    futures::stream::iter(batches)
        .for_each_concurrent(concurrency, |batch| async move {
            let arns: Vec<String> = batch.iter().map(|r| r.arn.clone()).collect();
            let names: Vec<&str> = arns.iter().map(String::as_str).collect();
            let sent = lane
                .send(&names, || report.intent(&names), || api.delete(&arns))
                .await;
            match sent {
                Sent::NotSent(n) => {
                    let outcome = not_sent(n);
                    for arn in &names {
                        report.unsent(arn, outcome.clone());
                    }
                }
                Sent::Cancelled { attempts } => {
                    for arn in &names {
                        report.sent(arn, ItemOutcome::Cancelled, attempts);
                    }
                }
                Sent::Answered {
                    result: Err(failure),
                    attempts,
                    ..
                } => {
                    for arn in &names {
                        report.sent(arn, ItemOutcome::Failed(failure.clone()), attempts);
                    }
                }
                Sent::Answered {
                    result: Ok(answer),
                    attempts,
                    maybe_reached,
                    ..
                } => {
                    for item in &batch {
                        let outcome = outcome_of(item, &answer, maybe_reached);
                        report.sent(&item.arn, outcome, attempts);
                    }
                }
            }
        })
        .await;
}

/// What ECS said about one ARN of a batch. ECS may answer with the canonical ARN for an ARN
/// given in another spelling, so `family:revision` decides when the exact ARN is absent.
/// After an attempt that may have reached ECS, "does not exist" means that attempt deleted it.
fn outcome_of(item: &RevisionRef, answer: &DeleteOutcome, maybe_reached: bool) -> ItemOutcome {
    let outcome = answered(item, answer);
    match outcome {
        ItemOutcome::Failed(ItemFailure::DeleteRefused(r))
            if maybe_reached && r.to_ascii_lowercase().contains("does not exist") =>
        {
            ItemOutcome::AlreadyDone(TdStatus::DeleteInProgress)
        }
        o => o,
    }
}

fn answered(item: &RevisionRef, answer: &DeleteOutcome) -> ItemOutcome {
    let exact = |a: &str| a == item.arn;
    let same = |a: &str| {
        parse_family_revision(a).is_some_and(|(f, r)| f == item.family && r == item.revision)
    };
    let failed = |m: &dyn Fn(&str) -> bool| {
        answer
            .failures
            .iter()
            .find(|(a, _)| m(a))
            .map(|(_, reason)| reason.clone())
    };
    let deleted = |m: &dyn Fn(&str) -> bool| answer.deleted.iter().any(|a| m(a));
    if let Some(reason) = failed(&exact) {
        return refused(&reason);
    }
    if deleted(&exact) {
        return ItemOutcome::Done(TdStatus::DeleteInProgress);
    }
    if let Some(reason) = failed(&same) {
        return refused(&reason);
    }
    if deleted(&same) {
        return ItemOutcome::Done(TdStatus::DeleteInProgress);
    }
    ItemOutcome::Failed(ItemFailure::Unmentioned)
}

fn refused(reason: &str) -> ItemOutcome {
    let reason = reason.lines().next().unwrap_or("").trim();
    let reason = if reason.is_empty() {
        "no reason given"
    } else {
        reason
    };
    ItemOutcome::Failed(ItemFailure::DeleteRefused(reason.to_string()))
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests;
