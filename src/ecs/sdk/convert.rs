//! SDK types to the domain: task definitions go back to ECS's own wire JSON through the
//! smithy schema codec, so the parser and the JSON view see exactly what ECS sent.

use aws_sdk_ecs::types::{Service, Tag, Task, TaskDefinition};
use aws_smithy_json::codec::{JsonCodec, JsonCodecSettings};
use aws_smithy_schema::codec::Codec;
use aws_smithy_schema::serde::ShapeSerializer;
use aws_smithy_types::date_time::Format;
use serde_json::Value;

use crate::ecs::{ServiceInfo, TaskDef, TaskInfo};

/// Serialises an SDK task definition as ECS's JSON (awsJson1.1: member names, epoch seconds).
pub fn task_definition_json(td: &TaskDefinition) -> Result<Value, String> {
    // awsJson1.1 ignores @jsonName and writes timestamps as epoch-seconds numbers.
    let codec = JsonCodec::new(
        JsonCodecSettings::builder()
            .use_json_name(false)
            .default_timestamp_format(Format::EpochSeconds)
            .build(),
    );
    let mut ser = codec.create_serializer();
    ser.write_struct(TaskDefinition::SCHEMA, td)
        .map_err(|e| format!("cannot encode the task definition: {e}"))?;
    serde_json::from_slice(&ser.finish())
        .map_err(|e| format!("cannot read the encoded task definition: {e}"))
}

/// Builds the domain `TaskDef` from a described (or deregistered) SDK task definition.
pub fn task_def(td: &TaskDefinition, tags: &[Tag]) -> Result<TaskDef, String> {
    let raw = task_definition_json(td)?;
    let tags = tags
        .iter()
        .map(|t| {
            (
                t.key().unwrap_or_default().to_string(),
                t.value().unwrap_or_default().to_string(),
            )
        })
        .collect();
    TaskDef::from_json(raw, tags).map_err(|e| format!("unexpected task definition shape: {e}"))
}

/// What the in-use scan needs from a described service.
pub fn service_info(cluster: &str, s: &Service) -> ServiceInfo {
    ServiceInfo {
        cluster_arn: s.cluster_arn().unwrap_or(cluster).to_string(),
        name: s.service_name().unwrap_or_default().to_string(),
        task_definition: s.task_definition().unwrap_or_default().to_string(),
        deployment_task_definitions: s
            .deployments()
            .iter()
            .filter_map(|d| d.task_definition())
            .map(str::to_string)
            .collect(),
        desired_count: s.desired_count(),
        running_count: s.running_count(),
    }
}

/// What the in-use scan needs from a described task.
pub fn task_info(cluster: &str, t: &Task) -> TaskInfo {
    TaskInfo {
        cluster_arn: t.cluster_arn().unwrap_or(cluster).to_string(),
        task_arn: t.task_arn().unwrap_or_default().to_string(),
        task_definition_arn: t.task_definition_arn().unwrap_or_default().to_string(),
        last_status: t.last_status().unwrap_or_default().to_string(),
        group: t.group().map(str::to_string),
    }
}

#[cfg(test)]
mod tests {
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
}
