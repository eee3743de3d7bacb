//! What the cache keeps of one revision: the facts a row and keep-newest-N need, none of
//! them secret. A registered task definition never changes except its status, its
//! deregistration time and its tags, so none of those is kept.

use std::sync::Arc;

use serde::{Deserialize, Serialize};

use crate::ecs::TaskDef;

/// The cached facts of one revision. Deliberately no environment, secrets, log or FireLens
/// options, labels, commands, entry points, health checks, roles or tags: only what the
/// revisions table shows and what the age rule reads.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Summary {
    /// Task definition ARN.
    pub arn: String,
    /// `registeredAt`, epoch milliseconds.
    pub registered_ms: Option<i64>,
    /// Task-level CPU, or the containers' sum, as the table shows it.
    pub cpu: Option<String>,
    /// Task-level memory, or the containers' sum.
    pub memory: Option<String>,
    /// `compatibilities`.
    pub compatibilities: Vec<String>,
    /// `requiresCompatibilities`.
    pub requires: Vec<String>,
    /// Each container's image, in order (their count is the container count).
    pub images: Vec<String>,
    /// Last time this run or an earlier one used it (epoch seconds): least recently used
    /// entries are evicted first.
    pub used: i64,
}

impl Summary {
    /// The summary of a described revision, used `now` (epoch seconds).
    pub fn of(td: &TaskDef, now: i64) -> Self {
        let cm = td.cpu_memory();
        let (cpu, mem) = cm.split_once('/').unwrap_or(("-", "-"));
        let known = |s: &str| (s != "-").then(|| s.to_string());
        Summary {
            arn: td.fields.task_definition_arn.clone(),
            registered_ms: td.registered_at().map(|t| t.as_millisecond()),
            cpu: known(cpu),
            memory: known(mem),
            compatibilities: td.fields.compatibilities.clone(),
            requires: td.fields.requires_compatibilities.clone(),
            images: td
                .fields
                .container_definitions
                .iter()
                .map(|c| c.image.clone())
                .collect(),
            used: now,
        }
    }

    /// Registration time.
    pub fn registered_at(&self) -> Option<jiff::Timestamp> {
        self.registered_ms
            .and_then(|ms| jiff::Timestamp::from_millisecond(ms).ok())
    }

    /// A task definition holding only these facts, for the rows; never for the detail
    /// pane (which describes on demand). `None` when the ARN does not parse.
    pub fn row_task_def(&self) -> Option<Arc<TaskDef>> {
        let (family, revision) = crate::ecs::parse_family_revision(&self.arn)?;
        let containers: Vec<serde_json::Value> = self
            .images
            .iter()
            .map(|i| serde_json::json!({ "image": i }))
            .collect();
        let doc = serde_json::json!({
            "taskDefinitionArn": self.arn,
            "family": family,
            "revision": revision,
            "registeredAt": self.registered_ms.map(|ms| ms as f64 / 1000.0),
            "cpu": self.cpu,
            "memory": self.memory,
            "compatibilities": self.compatibilities,
            "requiresCompatibilities": self.requires,
            "containerDefinitions": containers,
        });
        TaskDef::from_json(doc, Vec::new()).ok().map(Arc::new)
    }
}
