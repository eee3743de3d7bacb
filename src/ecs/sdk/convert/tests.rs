use super::*;
use aws_sdk_ecs::types::{
    ContainerDefinition, KeyValuePair, LogConfiguration, LogDriver, PortMapping, Secret,
    TaskDefinitionStatus, TransportProtocol,
};
use aws_smithy_types::DateTime;

fn sample() -> TaskDefinition {
    TaskDefinition::builder()
        .task_definition_arn("arn:aws:ecs:us-east-1:123456789012:task-definition/web:7")
        .family("web")
        .revision(7)
        .status(TaskDefinitionStatus::Inactive)
        .cpu("256")
        .memory("512")
        .registered_at(DateTime::from_secs(1_700_000_000))
        .deregistered_at(DateTime::from_fractional_secs(1_700_000_100, 0.5))
        .container_definitions(
            ContainerDefinition::builder()
                .name("app")
                .image("nginx:1.27")
                .essential(true)
                .port_mappings(
                    PortMapping::builder()
                        .container_port(80)
                        .protocol(TransportProtocol::Tcp)
                        .build(),
                )
                .environment(KeyValuePair::builder().name("MODE").value("prod").build())
                .secrets(
                    Secret::builder()
                        .name("DB")
                        .value_from("arn:aws:ssm:us-east-1:1:parameter/db")
                        .build()
                        .unwrap(),
                )
                .log_configuration(
                    LogConfiguration::builder()
                        .log_driver(LogDriver::Awslogs)
                        .options("awslogs-group", "/ecs/web")
                        .build()
                        .unwrap(),
                )
                .build(),
        )
        .build()
}

#[test]
fn codec_writes_ecs_wire_json_with_epoch_seconds() {
    let v = task_definition_json(&sample()).unwrap();
    assert_eq!(v["family"], "web");
    assert_eq!(v["revision"], 7);
    assert_eq!(v["status"], "INACTIVE");
    assert_eq!(v["registeredAt"].as_f64(), Some(1_700_000_000.0));
    assert_eq!(v["deregisteredAt"].as_f64(), Some(1_700_000_100.5));
    let c = &v["containerDefinitions"][0];
    assert_eq!(c["image"], "nginx:1.27");
    assert_eq!(c["portMappings"][0]["containerPort"], 80);
    assert_eq!(c["portMappings"][0]["protocol"], "tcp");
    assert_eq!(c["environment"][0]["value"], "prod");
    assert_eq!(
        c["secrets"][0]["valueFrom"],
        "arn:aws:ssm:us-east-1:1:parameter/db"
    );
    assert_eq!(c["logConfiguration"]["logDriver"], "awslogs");
    assert_eq!(
        c["logConfiguration"]["options"]["awslogs-group"],
        "/ecs/web"
    );
}

#[test]
fn task_def_parses_codec_output_and_tags() {
    let tags = [Tag::builder().key("team").value("payments").build()];
    let td = task_def(&sample(), &tags).unwrap();
    assert_eq!(td.fields.family, "web");
    assert_eq!(td.fields.revision, 7);
    assert_eq!(td.fields.registered_at, Some(1_700_000_000.0));
    assert_eq!(td.fields.container_definitions.len(), 1);
    assert_eq!(td.tags, vec![("team".to_string(), "payments".to_string())]);
}
