use super::*;

#[test]
fn outcomes_map_to_results() {
    assert_eq!(
        classify(ItemOutcome::Done(TdStatus::Inactive)),
        (Outcome::Done, None)
    );
    assert_eq!(classify(ItemOutcome::DryRun), (Outcome::DryRun, None));
    assert_eq!(
        classify(ItemOutcome::Failed(crate::domain::ItemFailure::Duplicate)),
        (
            Outcome::Failed,
            Some("listed twice in this job; it is sent once".into())
        )
    );
    assert_eq!(
        classify(ItemOutcome::Cancelled),
        (Outcome::Skipped, Some(CANCELLED.into()))
    );
    assert_eq!(
        classify(ItemOutcome::AlreadyDone(TdStatus::Inactive)).0,
        Outcome::Done
    );
    assert_eq!(
        classify(ItemOutcome::Skipped(crate::domain::SkipReason::NowInUse {
            first: "prod/web (service)".into(),
            more: 0
        }))
        .0,
        Outcome::Skipped
    );
}
