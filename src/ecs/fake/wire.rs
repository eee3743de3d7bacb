//! Turns a stored register-input document into what DescribeTaskDefinition returns: the same
//! JSON plus the fields ECS adds (ARN, revision, status, times, compatibilities, required
//! attributes) and the defaults it fills in.

use serde_json::{Map, Value, json};

use super::store::{ACCOUNT, Rev, td_arn};
use crate::ecs::{EcsError, ErrorKind, TaskDef};

/// The `taskDefinition` member of a describe response, and the response's `tags`.
pub(super) fn describe_document(family: &str, rev: &Rev) -> (Value, Vec<(String, String)>) {
    let mut doc = match rev.body.document(rev.number) {
        Value::Object(m) => m,
        _ => Map::new(),
    };
    let tags = take_tags(&mut doc);
    doc.insert("family".into(), json!(family));
    doc.insert(
        "taskDefinitionArn".into(),
        json!(td_arn(family, rev.number)),
    );
    doc.insert("revision".into(), json!(rev.number));
    doc.insert("status".into(), json!(rev.status.as_aws()));
    doc.insert("registeredAt".into(), epoch_seconds(rev.registered_ms));
    if let Some(ms) = rev.deregistered_ms {
        doc.insert("deregisteredAt".into(), epoch_seconds(ms));
    }
    doc.entry("registeredBy")
        .or_insert_with(|| json!(format!("arn:aws:iam::{ACCOUNT}:user/deployer")));
    doc.entry("volumes").or_insert_with(|| json!([]));
    doc.entry("placementConstraints")
        .or_insert_with(|| json!([]));
    let network = doc
        .get("networkMode")
        .and_then(Value::as_str)
        .unwrap_or("bridge")
        .to_string();
    if let Some(Value::Array(containers)) = doc.get_mut("containerDefinitions") {
        for c in containers.iter_mut().filter_map(Value::as_object_mut) {
            container_defaults(c, &network);
        }
    }
    doc.insert("compatibilities".into(), compatibilities(&doc, &network));
    let attrs = requires_attributes(&doc, &network);
    if !attrs.is_empty() {
        doc.insert(
            "requiresAttributes".into(),
            Value::Array(
                attrs
                    .into_iter()
                    .map(|(name, value)| match value {
                        Some(v) => json!({"name": name, "value": v}),
                        None => json!({"name": name}),
                    })
                    .collect(),
            ),
        );
    }
    (Value::Object(doc), tags)
}

/// The revision as a parsed `TaskDef`.
pub(super) fn task_def(
    operation: &'static str,
    family: &str,
    rev: &Rev,
) -> Result<TaskDef, EcsError> {
    let (doc, tags) = describe_document(family, rev);
    TaskDef::from_json(doc, tags).map_err(|e| {
        EcsError::new(
            operation,
            ErrorKind::Other,
            format!("malformed task definition: {e}"),
        )
    })
}

/// ECS sends times as epoch seconds with a fraction.
fn epoch_seconds(ms: i64) -> Value {
    // Milliseconds fit f64 exactly for any plausible date.
    json!(ms as f64 / 1000.0)
}

fn take_tags(doc: &mut Map<String, Value>) -> Vec<(String, String)> {
    let Some(Value::Array(tags)) = doc.remove("tags") else {
        return Vec::new();
    };
    tags.iter()
        .filter_map(|t| {
            let key = t.get("key")?.as_str()?;
            let value = t.get("value").and_then(Value::as_str).unwrap_or("");
            Some((key.to_string(), value.to_string()))
        })
        .collect()
}

fn container_defaults(c: &mut Map<String, Value>, network: &str) {
    c.entry("essential").or_insert(json!(true));
    c.entry("cpu").or_insert(json!(0));
    for key in ["environment", "mountPoints", "volumesFrom", "portMappings"] {
        c.entry(key).or_insert_with(|| json!([]));
    }
    if let Some(Value::Array(ports)) = c.get_mut("portMappings") {
        for p in ports.iter_mut().filter_map(Value::as_object_mut) {
            p.entry("protocol").or_insert(json!("tcp"));
            // awsvpc and host tasks always listen on the container port itself.
            if (network == "awsvpc" || network == "host")
                && let Some(port) = p.get("containerPort").cloned()
            {
                p.entry("hostPort").or_insert(port);
            }
        }
    }
}

fn compatibilities(doc: &Map<String, Value>, network: &str) -> Value {
    let requires: Vec<&str> = doc
        .get("requiresCompatibilities")
        .and_then(Value::as_array)
        .map(|a| a.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    if requires == ["EXTERNAL"] {
        return json!(["EXTERNAL"]);
    }
    let sized = doc.contains_key("cpu") && doc.contains_key("memory");
    if network == "awsvpc" && sized {
        json!(["EC2", "FARGATE"])
    } else {
        json!(["EC2"])
    }
}

/// The agent capabilities ECS derives from the document.
fn requires_attributes(
    doc: &Map<String, Value>,
    network: &str,
) -> Vec<(&'static str, Option<String>)> {
    let text = |v: Option<&Value>| v.map(Value::to_string).unwrap_or_default();
    let containers = text(doc.get("containerDefinitions"));
    let execution_role = doc.contains_key("executionRoleArn");
    let mut out: Vec<(&'static str, Option<String>)> = Vec::new();
    let mut add = |cond: bool, name: &'static str| {
        if cond {
            out.push((name, None));
        }
    };
    add(true, "com.amazonaws.ecs.capability.docker-remote-api.1.18");
    add(
        containers.contains("\"awslogs\""),
        "com.amazonaws.ecs.capability.logging-driver.awslogs",
    );
    add(
        containers.contains("\"awslogs\"") && execution_role,
        "ecs.capability.execution-role-awslogs",
    );
    add(
        containers.contains(".dkr.ecr."),
        "com.amazonaws.ecs.capability.ecr-auth",
    );
    add(
        containers.contains(".dkr.ecr.") && execution_role,
        "ecs.capability.execution-role-ecr-pull",
    );
    add(
        doc.contains_key("taskRoleArn"),
        "com.amazonaws.ecs.capability.task-iam-role",
    );
    add(network == "awsvpc", "ecs.capability.task-eni");
    add(
        containers.contains("\"healthCheck\""),
        "ecs.capability.container-health-check",
    );
    add(
        containers.contains("\"dependsOn\""),
        "ecs.capability.container-ordering",
    );
    add(
        containers.contains(":secretsmanager:"),
        "ecs.capability.secrets.asm.environment-variables",
    );
    add(
        containers.contains(":ssm:"),
        "ecs.capability.secrets.ssm.environment-variables",
    );
    add(
        containers.contains("\"firelensConfiguration\""),
        "ecs.capability.firelens.fluentbit",
    );
    add(
        text(doc.get("volumes")).contains("efsVolumeConfiguration"),
        "ecs.capability.efsAuth",
    );
    let arch = doc
        .get("runtimePlatform")
        .and_then(|p| p.get("cpuArchitecture"))
        .and_then(Value::as_str);
    if let Some(arch) = arch {
        out.push(("ecs.cpu-architecture", Some(arch.to_lowercase())));
    }
    out
}
