use super::*;

fn known(state: &str, value: &str) -> SfnRef {
    SfnRef::Known {
        state: state.into(),
        value: value.into(),
    }
}

#[test]
fn finds_run_task_states_at_any_depth() {
    let def = serde_json::json!({
        "StartAt": "A",
        "States": {
            "A": {"Type": "Task", "Resource": "arn:aws:states:::ecs:runTask.sync",
                  "Parameters": {"TaskDefinition": "arn:aws:ecs:us-east-1:1:task-definition/payments-api:7"}},
            "P": {"Type": "Parallel", "Branches": [
                {"StartAt": "B", "States": {"B": {"Type": "Task",
                    "Resource": "arn:aws:states:::ecs:runTask.waitForTaskToken",
                    "Parameters": {"TaskDefinition.$": "$.td"}}}}
            ]},
            "M": {"Type": "Map", "ItemProcessor": {"StartAt": "C", "States": {"C": {
                "Type": "Task", "Resource": "arn:aws:states:::ecs:runTask",
                "Arguments": {"TaskDefinition": "{% $states.input.td %}"}}}}},
            "I": {"Type": "Map", "Iterator": {"StartAt": "D", "States": {"D": {
                "Type": "Task", "Resource": "arn:aws:states:::ecs:runTask",
                "Arguments": {"TaskDefinition": "etl"}}}}},
            "L": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
                  "Parameters": {"TaskDefinition": "not-ecs:1"}}
        }
    });
    let refs = task_definitions(&def.to_string());
    assert_eq!(
        refs,
        [
            known(
                "A",
                "arn:aws:ecs:us-east-1:1:task-definition/payments-api:7"
            ),
            SfnRef::Unknown { state: "B".into() },
            SfnRef::Unknown { state: "C".into() },
            known("D", "etl"),
        ]
    );
}

#[test]
fn resource_suffixes_are_matched_exactly() {
    assert!(is_run_task("arn:aws:states:::ecs:runTask"));
    assert!(is_run_task("arn:aws-us-gov:states:::ecs:runTask.sync:2"));
    assert!(!is_run_task("arn:aws:states:::ecs:runTaskish"));
    assert!(!is_run_task("arn:aws:states:::lambda:invoke"));
    assert!(task_definitions("not json").is_empty());
}
