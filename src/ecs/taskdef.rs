//! A described task definition, parsed from the JSON shape ECS uses on the wire.
//!
//! Both backends produce that JSON (the SDK through the smithy schema codec, the fake from
//! its stored documents), so one parser serves both and the JSON view shows exactly it.

use serde::Deserialize;
use serde_json::Value;

use super::TdStatus;

/// One revision as `DescribeTaskDefinition` returns it.
#[derive(Debug, Clone, PartialEq)]
pub struct TaskDef {
    /// Typed fields the panes show.
    pub fields: TaskDefFields,
    /// Tags (`key`, `value`), from the describe call's `tags`.
    pub tags: Vec<(String, String)>,
    /// The whole task definition document, for the JSON view.
    pub raw: Value,
}

/// The task-level fields the UI shows. Unknown fields stay in `TaskDef::raw`.
#[derive(Debug, Clone, PartialEq, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct TaskDefFields {
    /// Full ARN.
    pub task_definition_arn: String,
    /// Family name.
    pub family: String,
    /// Revision number.
    pub revision: u32,
    /// ACTIVE, INACTIVE or DELETE_IN_PROGRESS.
    pub status: Option<String>,
    /// Seconds since the epoch.
    pub registered_at: Option<f64>,
    /// Seconds since the epoch.
    pub deregistered_at: Option<f64>,
    /// Principal that registered it.
    pub registered_by: Option<String>,
    /// awsvpc, bridge, host or none.
    pub network_mode: Option<String>,
    /// Task-level CPU units, as a string (ECS allows "1 vCPU").
    pub cpu: Option<String>,
    /// Task-level memory MiB, as a string.
    pub memory: Option<String>,
    /// IAM role for the containers.
    pub task_role_arn: Option<String>,
    /// IAM role for the agent (pull images, fetch secrets).
    pub execution_role_arn: Option<String>,
    /// Launch types it is compatible with.
    pub compatibilities: Vec<String>,
    /// Launch types it requires.
    pub requires_compatibilities: Vec<String>,
    /// OS family and CPU architecture.
    pub runtime_platform: Option<RuntimePlatform>,
    /// Volumes, by name.
    pub volumes: Vec<Volume>,
    /// The containers.
    pub container_definitions: Vec<Container>,
}

/// `runtimePlatform`.
#[derive(Debug, Clone, PartialEq, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct RuntimePlatform {
    /// e.g. LINUX.
    pub operating_system_family: Option<String>,
    /// X86_64 or ARM64.
    pub cpu_architecture: Option<String>,
}

/// A volume; only what the detail pane shows.
#[derive(Debug, Clone, PartialEq, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Volume {
    /// Volume name.
    pub name: String,
    /// Host path for bind mounts.
    pub host: Option<HostVolume>,
    /// EFS file system, if any.
    pub efs_volume_configuration: Option<EfsVolume>,
}

/// `host` of a volume.
#[derive(Debug, Clone, PartialEq, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct HostVolume {
    /// Path on the host.
    pub source_path: Option<String>,
}

/// `efsVolumeConfiguration` of a volume.
#[derive(Debug, Clone, PartialEq, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct EfsVolume {
    /// EFS file system id.
    pub file_system_id: String,
}

/// One entry of `containerDefinitions`.
#[derive(Debug, Clone, PartialEq, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Container {
    /// Container name.
    pub name: String,
    /// Image reference.
    pub image: String,
    /// Whether the task stops when this container stops (ECS default: true).
    pub essential: Option<bool>,
    /// CPU units.
    pub cpu: Option<i64>,
    /// Hard memory limit, MiB.
    pub memory: Option<i64>,
    /// Soft memory limit, MiB.
    pub memory_reservation: Option<i64>,
    /// Port mappings.
    pub port_mappings: Vec<PortMapping>,
    /// Plain environment variables; values are masked in the UI by default.
    pub environment: Vec<NameValue>,
    /// Secrets (name and valueFrom ARN).
    pub secrets: Vec<Secret>,
    /// Log driver and options.
    pub log_configuration: Option<LogConfiguration>,
    /// FireLens log router settings.
    pub firelens_configuration: Option<FirelensConfiguration>,
    /// Docker labels: free-form, so masked like environment values.
    pub docker_labels: std::collections::BTreeMap<String, String>,
    /// Health check.
    pub health_check: Option<HealthCheck>,
    /// Command.
    pub command: Vec<String>,
    /// Entry point.
    pub entry_point: Vec<String>,
    /// Start-order dependencies.
    pub depends_on: Vec<DependsOn>,
}

/// `portMappings[]`.
#[derive(Debug, Clone, PartialEq, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct PortMapping {
    /// Port inside the container.
    pub container_port: Option<i64>,
    /// Port on the host (bridge mode).
    pub host_port: Option<i64>,
    /// tcp or udp.
    pub protocol: Option<String>,
    /// Service Connect name.
    pub name: Option<String>,
}

/// `environment[]`.
#[derive(Debug, Clone, PartialEq, Default, Deserialize)]
#[serde(default)]
pub struct NameValue {
    /// Variable name.
    pub name: String,
    /// Variable value.
    pub value: String,
}

/// `secrets[]`.
#[derive(Debug, Clone, PartialEq, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Secret {
    /// Variable name inside the container.
    pub name: String,
    /// Secrets Manager or SSM parameter ARN.
    pub value_from: String,
}

/// `logConfiguration`.
#[derive(Debug, Clone, PartialEq, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct LogConfiguration {
    /// awslogs, fluentd, ...
    pub log_driver: String,
    /// Driver options, e.g. awslogs-group; free-form, so they can hold API keys.
    pub options: std::collections::BTreeMap<String, String>,
    /// Secrets passed to the log driver (name and valueFrom ARN).
    pub secret_options: Vec<Secret>,
}

/// `firelensConfiguration`.
#[derive(Debug, Clone, PartialEq, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct FirelensConfiguration {
    /// fluentbit or fluentd.
    #[serde(rename = "type")]
    pub kind: String,
    /// Router options; free-form like log driver options.
    pub options: std::collections::BTreeMap<String, String>,
}

/// `healthCheck`.
#[derive(Debug, Clone, PartialEq, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct HealthCheck {
    /// The command, e.g. ["CMD-SHELL", "curl -f http://localhost/ || exit 1"].
    pub command: Vec<String>,
    /// Seconds between checks.
    pub interval: Option<i64>,
    /// Seconds before a check fails.
    pub timeout: Option<i64>,
    /// Failures before unhealthy.
    pub retries: Option<i64>,
    /// Grace period, seconds.
    pub start_period: Option<i64>,
}

/// `dependsOn[]`.
#[derive(Debug, Clone, PartialEq, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct DependsOn {
    /// The container depended on.
    pub container_name: String,
    /// START, COMPLETE, SUCCESS or HEALTHY.
    pub condition: String,
}

impl TaskDef {
    /// Parses a task definition document (the `taskDefinition` member of a describe response).
    pub fn from_json(raw: Value, tags: Vec<(String, String)>) -> Result<Self, serde_json::Error> {
        let fields = TaskDefFields::deserialize(&raw)?;
        Ok(TaskDef { fields, tags, raw })
    }

    /// Parsed status; unknown values read as ACTIVE (what ECS assumes when it is absent).
    pub fn status(&self) -> TdStatus {
        self.fields
            .status
            .as_deref()
            .and_then(TdStatus::from_aws)
            .unwrap_or(TdStatus::Active)
    }

    /// Registration time, if ECS reported one.
    pub fn registered_at(&self) -> Option<jiff::Timestamp> {
        self.fields.registered_at.and_then(epoch_to_timestamp)
    }

    /// Deregistration time, if any.
    pub fn deregistered_at(&self) -> Option<jiff::Timestamp> {
        self.fields.deregistered_at.and_then(epoch_to_timestamp)
    }

    /// `cpu/memory` for the revisions table, from the task level or summed over containers.
    pub fn cpu_memory(&self) -> String {
        let f = &self.fields;
        let cpu = f.cpu.clone().or_else(|| {
            let sum: i64 = f.container_definitions.iter().filter_map(|c| c.cpu).sum();
            (sum > 0).then(|| sum.to_string())
        });
        let mem = f.memory.clone().or_else(|| {
            let sum: i64 = f
                .container_definitions
                .iter()
                .filter_map(|c| c.memory.or(c.memory_reservation))
                .sum();
            (sum > 0).then(|| sum.to_string())
        });
        format!(
            "{}/{}",
            cpu.as_deref().unwrap_or("-"),
            mem.as_deref().unwrap_or("-")
        )
    }

    /// Pretty JSON of the whole document.
    pub fn pretty_json(&self) -> String {
        serde_json::to_string_pretty(&self.raw).unwrap_or_else(|_| self.raw.to_string())
    }
}

/// Converts ECS epoch seconds (with fraction) to a timestamp.
pub fn epoch_to_timestamp(secs: f64) -> Option<jiff::Timestamp> {
    if !secs.is_finite() {
        return None;
    }
    let millis = (secs * 1000.0).round() as i64;
    jiff::Timestamp::from_millisecond(millis).ok()
}

#[cfg(test)]
mod tests;
