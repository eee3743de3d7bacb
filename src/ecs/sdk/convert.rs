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
mod tests;
