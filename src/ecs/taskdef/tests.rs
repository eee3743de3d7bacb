use super::*;

#[test]
fn parses_wire_json() {
    let raw = serde_json::json!({
        "taskDefinitionArn": "arn:aws:ecs:us-east-1:123456789012:task-definition/web:3",
        "family": "web", "revision": 3, "status": "INACTIVE",
        "registeredAt": 1700000000.5,
        "containerDefinitions": [{
            "name": "app", "image": "nginx:1.27", "cpu": 256, "memory": 512,
            "environment": [{"name": "A", "value": "b"}],
            "portMappings": [{"containerPort": 80, "protocol": "tcp"}]
        }]
    });
    let td = TaskDef::from_json(raw, vec![]).unwrap();
    assert_eq!(td.status(), TdStatus::Inactive);
    assert_eq!(td.fields.container_definitions[0].environment[0].value, "b");
    assert_eq!(td.cpu_memory(), "256/512");
    assert_eq!(
        td.registered_at().unwrap().as_millisecond(),
        1_700_000_000_500
    );
}
