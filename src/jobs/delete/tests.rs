use super::*;

fn item(arn: &str) -> RevisionRef {
    RevisionRef::from_arn(arn, TdStatus::Inactive).unwrap()
}

#[test]
fn per_arn_answers_map_to_outcomes() {
    let a = item("arn:aws:ecs:us-east-1:1:task-definition/web:1");
    let b = item("arn:aws:ecs:us-east-1:1:task-definition/web:2");
    let c = item("web:3");
    let d = item("web:4");
    let answer = DeleteOutcome {
        deleted: vec![
            a.arn.clone(),
            "arn:aws:ecs:us-east-1:1:task-definition/web:3".into(),
        ],
        failures: vec![(
            b.arn.clone(),
            "The specified task definition is still in ACTIVE status.\nmore".into(),
        )],
    };
    assert_eq!(
        outcome_of(&a, &answer, false),
        ItemOutcome::Done(TdStatus::DeleteInProgress)
    );
    assert_eq!(
        outcome_of(&b, &answer, false),
        ItemOutcome::Failed(ItemFailure::DeleteRefused(
            "The specified task definition is still in ACTIVE status.".into()
        ))
    );
    assert_eq!(
        outcome_of(&c, &answer, false),
        ItemOutcome::Done(TdStatus::DeleteInProgress)
    );
    assert!(outcome_of(&d, &answer, false) == ItemOutcome::Failed(ItemFailure::Unmentioned));
}

#[test]
fn does_not_exist_is_already_deleted_only_after_an_attempt_that_may_have_reached_ecs() {
    let a = item("arn:aws:ecs:us-east-1:1:task-definition/web:1");
    let answer = DeleteOutcome {
            deleted: vec![],
            failures: vec![(
                a.arn.clone(),
                "The specified task definition does not exist. Specify a valid account, family, revision and try again.".into(),
            )],
        };
    assert_eq!(
        outcome_of(&a, &answer, true),
        ItemOutcome::AlreadyDone(TdStatus::DeleteInProgress)
    );
    assert!(matches!(
        outcome_of(&a, &answer, false),
        ItemOutcome::Failed(_)
    ));
}
