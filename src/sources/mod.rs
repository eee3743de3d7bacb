//! Callers of task definitions that ECS itself does not see: EventBridge rules, EventBridge
//! Scheduler schedules, Step Functions state machines, and CloudFormation stacks that own a
//! revision. `EcsApi` stays for ECS; `ScanSources` is the second boundary, with an SDK
//! implementation (`sdk`) and an in-memory one for the demo, tests and benchmarks (`fake`).

pub mod fake;
mod read;
pub mod sdk;
pub mod statemachine;

use async_trait::async_trait;

use crate::ecs::{EcsError, Page};
use crate::ratelimit::RateLimiter;

pub use read::{Finding, SourceFindings, scan_source};

/// One source of task definition users beyond ECS; each is checked (or not) on its own.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Source {
    /// EventBridge rules with an ECS target.
    Rules,
    /// EventBridge Scheduler schedules with an ECS target.
    Schedules,
    /// Step Functions state machines that run ECS tasks.
    StateMachines,
    /// CloudFormation stacks that created a revision.
    Stacks,
}

impl Source {
    /// Every source, in the order they are reported.
    pub const ALL: [Source; 4] = [
        Source::Rules,
        Source::Schedules,
        Source::StateMachines,
        Source::Stacks,
    ];

    /// The name operators know it by, for the status bar and confirmations.
    pub fn label(self) -> &'static str {
        match self {
            Source::Rules => "EventBridge rules",
            Source::Schedules => "EventBridge Scheduler",
            Source::StateMachines => "Step Functions",
            Source::Stacks => "CloudFormation",
        }
    }

    /// The IAM service prefix of its actions, e.g. `events` in `events:ListRules`.
    pub fn service(self) -> &'static str {
        match self {
            Source::Rules => "events",
            Source::Schedules => "scheduler",
            Source::StateMachines => "states",
            Source::Stacks => "cloudformation",
        }
    }
}

/// A state machine as `DescribeStateMachine` returns it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StateMachine {
    /// Its name.
    pub name: String,
    /// Its Amazon States Language definition (JSON).
    pub definition: String,
}

/// Read-only calls to the services beyond ECS that may name a task definition. Every list
/// call pages; callers follow every page. Errors reuse `EcsError` so pacing and retry are
/// shared with the ECS scan.
#[async_trait]
pub trait ScanSources: Send + Sync {
    /// `events:ListEventBuses`: bus names.
    async fn list_event_buses(&self, next: Option<String>) -> Result<Page<String>, EcsError>;
    /// `events:ListRules` on one bus: rule names.
    async fn list_rules(&self, bus: &str, next: Option<String>) -> Result<Page<String>, EcsError>;
    /// `events:ListTargetsByRule`: the `EcsParameters.TaskDefinitionArn` of each ECS target.
    async fn list_rule_task_definitions(
        &self,
        bus: &str,
        rule: &str,
        next: Option<String>,
    ) -> Result<Page<String>, EcsError>;
    /// `scheduler:ListSchedules` across every group: `(group, name)` pairs.
    async fn list_schedules(
        &self,
        next: Option<String>,
    ) -> Result<Page<(String, String)>, EcsError>;
    /// `scheduler:GetSchedule`: its target's `EcsParameters.TaskDefinitionArn`, if any.
    async fn schedule_task_definition(
        &self,
        group: &str,
        name: &str,
    ) -> Result<Option<String>, EcsError>;
    /// `states:ListStateMachines`: state machine ARNs.
    async fn list_state_machines(&self, next: Option<String>) -> Result<Page<String>, EcsError>;
    /// `states:DescribeStateMachine`.
    async fn describe_state_machine(&self, arn: &str) -> Result<StateMachine, EcsError>;
    /// `cloudformation:ListStacks`: names of stacks that are not DELETE_COMPLETE.
    async fn list_stacks(&self, next: Option<String>) -> Result<Page<String>, EcsError>;
    /// `cloudformation:ListStackResources`: physical ids of `AWS::ECS::TaskDefinition` resources.
    async fn list_stack_task_definitions(
        &self,
        stack: &str,
        next: Option<String>,
    ) -> Result<Page<String>, EcsError>;
}

/// Client-side pace per source, per second (burst the same): well below each service's
/// documented read quotas, which the console, CI and other tools share.
const PACE: [(Source, u32, f64); 4] = [
    (Source::Rules, 20, 20.0),
    (Source::Schedules, 20, 20.0),
    (Source::StateMachines, 20, 20.0),
    (Source::Stacks, 10, 10.0),
];

/// The sources and one pacer per source (their quotas are separate buckets).
pub struct Sources {
    api: std::sync::Arc<dyn ScanSources>,
    pace: Vec<(Source, RateLimiter)>,
}

impl std::fmt::Debug for Sources {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let names: Vec<Source> = self.pace.iter().map(|(s, _)| *s).collect();
        f.debug_struct("Sources").field("sources", &names).finish()
    }
}

impl Sources {
    /// Wraps `api` with the default pace per source.
    pub fn new(api: std::sync::Arc<dyn ScanSources>) -> Self {
        let pace = PACE
            .iter()
            .map(|&(s, burst, rate)| (s, RateLimiter::new(burst, rate)))
            .collect();
        Sources { api, pace }
    }

    /// The calls behind the sources.
    pub fn api(&self) -> &dyn ScanSources {
        &*self.api
    }

    /// The pacer of `source`.
    pub fn pace(&self, source: Source) -> &RateLimiter {
        // PACE lists every source; the fallback only satisfies the type.
        self.pace
            .iter()
            .find(|(s, _)| *s == source)
            .map_or(&self.pace[0].1, |(_, p)| p)
    }

    /// Scans every source concurrently; each reports its own findings or why it is unchecked.
    pub async fn scan(&self) -> Vec<SourceFindings> {
        futures::future::join_all(Source::ALL.iter().map(|&s| scan_source(self, s))).await
    }
}

/// Why one source could not be read: the error its reads ended with (after the pacer's
/// retries), kept typed until it is worded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceError {
    /// Which source.
    pub source: Source,
    /// The read that failed.
    pub error: EcsError,
}

impl std::fmt::Display for SourceError {
    /// One sentence: `AccessDenied on events:ListRules (message)`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let e = &self.error;
        let kind = e.kind_name();
        write!(f, "{kind} on {}:{}", self.source.service(), e.operation)?;
        if !e.message.is_empty() {
            write!(f, " ({})", e.message)?;
        }
        Ok(())
    }
}

/// How a source names a task definition.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TdRef {
    /// A revision: ARN or `family:revision`.
    Revision(String, u32),
    /// A family without a revision: its latest ACTIVE revision at run time.
    Latest(String),
}

impl TdRef {
    /// Parses an ARN (`...:task-definition/family[:rev]`), `family:rev` or `family`.
    pub fn parse(s: &str) -> Option<TdRef> {
        let s = s.trim();
        if let Some((f, r)) = crate::ecs::parse_family_revision(s) {
            return Some(TdRef::Revision(f, r));
        }
        let family = if s.starts_with("arn:") {
            s.split_once(":task-definition/")?.1
        } else {
            s
        };
        let valid = !family.is_empty()
            && family.len() <= 255
            && family
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
        valid.then(|| TdRef::Latest(family.to_string()))
    }
}

#[cfg(test)]
mod tests;
