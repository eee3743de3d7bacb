//! Seeding moto through aws-sdk-ecs, the way a real account gets its resources.

use aws_sdk_ecs::Client;
use aws_sdk_ecs::operation::register_task_definition::RegisterTaskDefinitionInput;
use aws_sdk_ecs::types::{LaunchType, TaskDefinitionStatus};
use aws_smithy_json::codec::JsonCodec;
use aws_smithy_schema::codec::Codec;
use futures::StreamExt;
use serde_json::{Value, json};

/// Concurrent registrations across families (one family is always sequential: moto
/// assigns revision numbers without a lock).
const PARALLEL_FAMILIES: usize = 6;

/// Seeding helpers bound to one server. Every method panics on failure.
#[derive(Clone)]
pub struct Seed {
    client: Client,
}

/// A small but valid RegisterTaskDefinition input for `family`, distinct per `n`.
pub fn minimal_input(family: &str, n: u32) -> Value {
    json!({
        "family": family,
        "containerDefinitions": [{
            "name": "app",
            "image": format!("public.ecr.aws/nginx/nginx:1.{n}"),
            "memory": 128,
            "essential": true,
            "environment": [{"name": "REVISION_HINT", "value": n.to_string()}],
        }],
    })
}

/// A realistic two-container revision built on the gunicorn fixture: env vars, secrets, log
/// configuration, health check, dependsOn, roles, runtime platform, volumes and tags.
pub fn detailed_input(family: &str) -> Value {
    let mut input = super::fixture("gunicorn_gunicorn_fargate.json");
    input["family"] = json!(family);
    input["cpu"] = json!("512");
    input["memory"] = json!("1024");
    input["taskRoleArn"] = json!("arn:aws:iam::123456789012:role/gunicorn-task");
    input["executionRoleArn"] = json!("arn:aws:iam::123456789012:role/ecsTaskExecutionRole");
    input["runtimePlatform"] =
        json!({"operatingSystemFamily": "LINUX", "cpuArchitecture": "ARM64"});
    input["volumes"] = json!([{"name": "scratch", "host": {"sourcePath": "/tmp/scratch"}}]);
    input["tags"] = json!([{"key": "team", "value": "payments"}, {"key": "env", "value": "prod"}]);
    let app = &mut input["containerDefinitions"][0];
    app["environment"]
        .as_array_mut()
        .expect("fixture has environment")
        .push(json!({"name": "DATABASE_PASSWORD", "value": "hunter2-plaintext"}));
    app["secrets"] = json!([
        {"name": "API_KEY", "valueFrom": "arn:aws:secretsmanager:us-east-1:123456789012:secret:api-key"},
        {"name": "DB_URL", "valueFrom": "arn:aws:ssm:us-east-1:123456789012:parameter/db/url"},
    ]);
    app["healthCheck"] = json!({
        "command": ["CMD-SHELL", "curl -f http://localhost:8000/health || exit 1"],
        "interval": 30, "timeout": 5, "retries": 3, "startPeriod": 10,
    });
    app["dependsOn"] = json!([{"containerName": "log-router", "condition": "START"}]);
    app["mountPoints"] = json!([{"sourceVolume": "scratch", "containerPath": "/scratch"}]);
    input["containerDefinitions"]
        .as_array_mut()
        .expect("containers")
        .push(json!({
            "name": "log-router",
            "image": "public.ecr.aws/aws-observability/aws-for-fluent-bit:2.32.0",
            "essential": true,
            "memoryReservation": 50,
            "firelensConfiguration": {"type": "fluentbit"},
        }));
    input
}

impl Seed {
    /// Wraps a client (see `MotoServer::seed`).
    pub fn new(client: Client) -> Seed {
        Seed { client }
    }

    /// The raw client, for anything not covered here.
    pub fn client(&self) -> &Client {
        &self.client
    }

    /// Registers any RegisterTaskDefinition input JSON (as in `aws ecs register-task-definition
    /// --cli-input-json`), decoded by the SDK's own schema codec. Returns the new ARN.
    pub async fn register_json(&self, input: &Value) -> String {
        let bytes = serde_json::to_vec(input).expect("json");
        let codec = JsonCodec::default();
        let mut de = codec.create_deserializer(&bytes);
        let i = RegisterTaskDefinitionInput::deserialize(&mut de)
            .unwrap_or_else(|e| panic!("not a RegisterTaskDefinition input: {e}: {input}"));
        let out = self
            .client
            .register_task_definition()
            .set_family(i.family)
            .set_task_role_arn(i.task_role_arn)
            .set_execution_role_arn(i.execution_role_arn)
            .set_network_mode(i.network_mode)
            .set_container_definitions(i.container_definitions)
            .set_volumes(i.volumes)
            .set_placement_constraints(i.placement_constraints)
            .set_requires_compatibilities(i.requires_compatibilities)
            .set_cpu(i.cpu)
            .set_memory(i.memory)
            .set_tags(i.tags)
            .set_pid_mode(i.pid_mode)
            .set_ipc_mode(i.ipc_mode)
            .set_proxy_configuration(i.proxy_configuration)
            .set_ephemeral_storage(i.ephemeral_storage)
            .set_runtime_platform(i.runtime_platform)
            .set_enable_fault_injection(i.enable_fault_injection)
            .send()
            .await
            .unwrap_or_else(|e| panic!("RegisterTaskDefinition failed: {}", dbg_err(&e)));
        out.task_definition()
            .and_then(|td| td.task_definition_arn())
            .expect("registered ARN")
            .to_string()
    }

    /// Registers a fixture from assets/demo/aws-samples, optionally under another family.
    pub async fn register_fixture(&self, name: &str, family: Option<&str>) -> String {
        let mut input = super::fixture(name);
        if let Some(f) = family {
            input["family"] = json!(f);
        }
        self.register_json(&input).await
    }

    /// Registers `n` small revisions of `family` (1..=n when new); returns their ARNs, oldest first.
    pub async fn register(&self, family: &str, n: u32) -> Vec<String> {
        let mut arns = Vec::with_capacity(n as usize);
        for i in 1..=n {
            arns.push(self.register_json(&minimal_input(family, i)).await);
        }
        arns
    }

    /// Registers `per_family` revisions in each family, families in parallel. Returns ARNs
    /// grouped by family in the order given.
    pub async fn register_many(&self, families: &[String], per_family: u32) -> Vec<Vec<String>> {
        let results = futures::stream::iter(families.iter().enumerate())
            .map(|(i, f)| async move { (i, self.register(f, per_family).await) })
            .buffer_unordered(PARALLEL_FAMILIES)
            .collect::<Vec<_>>()
            .await;
        let mut out = vec![Vec::new(); families.len()];
        for (i, arns) in results {
            out[i] = arns;
        }
        out
    }

    /// Registers the realistic two-container revision (`detailed_input`).
    pub async fn register_detailed(&self, family: &str) -> String {
        self.register_json(&detailed_input(family)).await
    }

    /// Deregisters a revision (ARN or `family:revision`).
    pub async fn deregister(&self, arn: &str) {
        self.client
            .deregister_task_definition()
            .task_definition(arn)
            .send()
            .await
            .unwrap_or_else(|e| panic!("DeregisterTaskDefinition {arn} failed: {}", dbg_err(&e)));
    }

    /// The revision's status (`ACTIVE`, `INACTIVE`, `DELETE_IN_PROGRESS`), `None` if unknown.
    pub async fn status_of(&self, arn: &str) -> Option<String> {
        match self
            .client
            .describe_task_definition()
            .task_definition(arn)
            .send()
            .await
        {
            Ok(out) => out
                .task_definition()
                .and_then(|td| td.status())
                .map(|s: &TaskDefinitionStatus| s.as_str().to_string()),
            Err(e) if e.as_service_error().is_some() => None,
            Err(e) => panic!("DescribeTaskDefinition {arn} failed: {}", dbg_err(&e)),
        }
    }

    /// Every ARN of `family` with `status`, newest first, following every page.
    pub async fn list_all(&self, family: &str, status: &str) -> Vec<String> {
        let mut out = Vec::new();
        let mut token = None;
        loop {
            let page = self
                .client
                .list_task_definitions()
                .family_prefix(family)
                .status(TaskDefinitionStatus::from(status))
                .sort(aws_sdk_ecs::types::SortOrder::Desc)
                .set_next_token(token)
                .send()
                .await
                .unwrap_or_else(|e| panic!("ListTaskDefinitions failed: {}", dbg_err(&e)));
            out.extend(page.task_definition_arns().iter().cloned());
            token = page.next_token().map(str::to_string);
            if token.is_none() {
                return out;
            }
        }
    }

    /// Creates a cluster; returns its ARN.
    pub async fn create_cluster(&self, name: &str) -> String {
        let out = self
            .client
            .create_cluster()
            .cluster_name(name)
            .send()
            .await
            .unwrap_or_else(|e| panic!("CreateCluster {name} failed: {}", dbg_err(&e)));
        out.cluster()
            .and_then(|c| c.cluster_arn())
            .expect("cluster ARN")
            .to_string()
    }

    /// Creates a service running `task_def` (ARN or `family:revision`); returns its ARN.
    pub async fn create_service(&self, cluster: &str, name: &str, task_def: &str) -> String {
        let out = self
            .client
            .create_service()
            .cluster(cluster)
            .service_name(name)
            .task_definition(task_def)
            .desired_count(1)
            .send()
            .await
            .unwrap_or_else(|e| panic!("CreateService {name} failed: {}", dbg_err(&e)));
        out.service()
            .and_then(|s| s.service_arn())
            .expect("service ARN")
            .to_string()
    }

    /// Points a service at `task_def`: moto (patched) keeps the old revision in
    /// `deployments[]` as an ACTIVE deployment, as ECS does mid-rollout.
    pub async fn update_service(&self, cluster: &str, name: &str, task_def: &str) {
        self.client
            .update_service()
            .cluster(cluster)
            .service(name)
            .task_definition(task_def)
            .send()
            .await
            .unwrap_or_else(|e| panic!("UpdateService {name} failed: {}", dbg_err(&e)));
    }

    /// Starts one standalone task (Fargate launch type, so moto needs no container instance).
    /// The task definition must not use awsvpc networking. Returns the task ARN.
    pub async fn run_task(&self, cluster: &str, task_def: &str) -> String {
        let out = self
            .client
            .run_task()
            .cluster(cluster)
            .task_definition(task_def)
            .launch_type(LaunchType::Fargate)
            .send()
            .await
            .unwrap_or_else(|e| panic!("RunTask {task_def} failed: {}", dbg_err(&e)));
        out.tasks()
            .first()
            .and_then(|t| t.task_arn())
            .expect("task ARN")
            .to_string()
    }

    /// Stops a task.
    pub async fn stop_task(&self, cluster: &str, task: &str) {
        self.client
            .stop_task()
            .cluster(cluster)
            .task(task)
            .send()
            .await
            .unwrap_or_else(|e| panic!("StopTask {task} failed: {}", dbg_err(&e)));
    }
}

/// One readable line for a failed seeding call.
fn dbg_err<E: std::error::Error + 'static>(e: &E) -> String {
    taskdefs::ecs::sdk::errors::chain(e).join(": ")
}
