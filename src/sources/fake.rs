//! In-memory sources for `--demo`, tests and benchmarks: small pages (so paging is exercised),
//! optional latency, AccessDenied per source, and a count of calls.

use std::collections::HashSet;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use async_trait::async_trait;

use super::{ScanSources, Source, StateMachine};
use crate::ecs::{EcsError, ErrorKind, Page};

/// An EventBridge rule: its bus, name and the task definitions its ECS targets name.
#[derive(Debug, Clone, Default)]
pub struct FakeRule {
    /// Event bus name.
    pub bus: String,
    /// Rule name.
    pub name: String,
    /// `EcsParameters.TaskDefinitionArn` of each ECS target.
    pub targets: Vec<String>,
}

/// The in-memory sources.
#[derive(Debug, Default)]
pub struct FakeSources {
    /// Event buses (rules on a bus not listed here are never read, as in AWS).
    pub buses: Vec<String>,
    /// Rules.
    pub rules: Vec<FakeRule>,
    /// Schedules: group, name, target task definition (if the target is ECS).
    pub schedules: Vec<(String, String, Option<String>)>,
    /// State machines: ARN and what `DescribeStateMachine` returns.
    pub state_machines: Vec<(String, StateMachine)>,
    /// Stacks: name and the physical ids of their `AWS::ECS::TaskDefinition` resources.
    pub stacks: Vec<(String, Vec<String>)>,
    /// Items per page of every listing.
    pub page_size: usize,
    /// Latency of every call.
    pub latency: Duration,
    /// Sources whose every call fails with AccessDenied.
    pub denied: HashSet<Source>,
    calls: AtomicUsize,
}

fn page<T: Clone>(all: &[T], next: Option<String>, size: usize) -> Page<T> {
    let start: usize = next.and_then(|t| t.parse().ok()).unwrap_or(0);
    let end = (start + size.max(1)).min(all.len());
    Page {
        items: all.get(start..end).map_or_else(Vec::new, <[T]>::to_vec),
        next_token: (end < all.len()).then(|| end.to_string()),
    }
}

impl FakeSources {
    /// Empty sources with pages of 10 and no latency.
    pub fn new() -> Self {
        FakeSources {
            buses: vec!["default".into()],
            page_size: 10,
            ..FakeSources::default()
        }
    }

    /// The demo account's users beyond ECS (families from `ecs::fake::demo`).
    pub fn demo() -> Self {
        let arn = |l: &str| format!("arn:aws:ecs:us-east-1:123456789012:task-definition/{l}");
        let mut s = FakeSources::new();
        s.buses.push("ops".into());
        s.rules.push(FakeRule {
            bus: "default".into(),
            name: "nightly-billing".into(),
            targets: vec![arn("billing-cron:17")],
        });
        s.rules.push(FakeRule {
            bus: "ops".into(),
            name: "hourly-sitemap".into(),
            targets: vec![arn("sitemap-builder")],
        });
        s.schedules.push((
            "default".into(),
            "etl-nightly".into(),
            Some(arn("etl-nightly")),
        ));
        let def = serde_json::json!({"StartAt": "Report", "States": {
            "Report": {"Type": "Task", "Resource": "arn:aws:states:::ecs:runTask.sync",
                "Parameters": {"TaskDefinition": "report-generator:24"}, "Next": "Fan"},
            "Fan": {"Type": "Map", "ItemProcessor": {"StartAt": "Export", "States": {
                "Export": {"Type": "Task", "Resource": "arn:aws:states:::ecs:runTask",
                    "Parameters": {"TaskDefinition.$": "$.taskDefinition"}, "End": true}}},
                "End": true}}});
        s.state_machines.push((
            "arn:aws:states:us-east-1:123456789012:stateMachine:month-end-reports".into(),
            StateMachine {
                name: "month-end-reports".into(),
                definition: def.to_string(),
            },
        ));
        s.stacks.push((
            "data-export-stack".into(),
            vec![arn("data-export:10"), arn("data-export:11")],
        ));
        s
    }

    /// Calls answered so far (successful or not).
    pub fn calls(&self) -> usize {
        self.calls.load(Ordering::Relaxed)
    }

    async fn call(&self, source: Source, op: &'static str) -> Result<(), EcsError> {
        self.calls.fetch_add(1, Ordering::Relaxed);
        if !self.latency.is_zero() {
            tokio::time::sleep(self.latency).await;
        }
        if self.denied.contains(&source) {
            return Err(EcsError::new(
                op,
                ErrorKind::AccessDenied,
                format!("not authorized to perform: {}:{op}", source.service()),
            ));
        }
        Ok(())
    }
}

#[async_trait]
impl ScanSources for FakeSources {
    async fn list_event_buses(&self, next: Option<String>) -> Result<Page<String>, EcsError> {
        self.call(Source::Rules, "ListEventBuses").await?;
        Ok(page(&self.buses, next, self.page_size))
    }

    async fn list_rules(&self, bus: &str, next: Option<String>) -> Result<Page<String>, EcsError> {
        self.call(Source::Rules, "ListRules").await?;
        let names: Vec<String> = self
            .rules
            .iter()
            .filter(|r| r.bus == bus)
            .map(|r| r.name.clone())
            .collect();
        Ok(page(&names, next, self.page_size))
    }

    async fn list_rule_task_definitions(
        &self,
        bus: &str,
        rule: &str,
        next: Option<String>,
    ) -> Result<Page<String>, EcsError> {
        self.call(Source::Rules, "ListTargetsByRule").await?;
        let tds: Vec<String> = self
            .rules
            .iter()
            .filter(|r| r.bus == bus && r.name == rule)
            .flat_map(|r| r.targets.clone())
            .collect();
        Ok(page(&tds, next, self.page_size))
    }

    async fn list_schedules(
        &self,
        next: Option<String>,
    ) -> Result<Page<(String, String)>, EcsError> {
        self.call(Source::Schedules, "ListSchedules").await?;
        let all: Vec<(String, String)> = self
            .schedules
            .iter()
            .map(|(g, n, _)| (g.clone(), n.clone()))
            .collect();
        Ok(page(&all, next, self.page_size))
    }

    async fn schedule_task_definition(
        &self,
        group: &str,
        name: &str,
    ) -> Result<Option<String>, EcsError> {
        self.call(Source::Schedules, "GetSchedule").await?;
        Ok(self
            .schedules
            .iter()
            .find(|(g, n, _)| g == group && n == name)
            .and_then(|(_, _, td)| td.clone()))
    }

    async fn list_state_machines(&self, next: Option<String>) -> Result<Page<String>, EcsError> {
        self.call(Source::StateMachines, "ListStateMachines")
            .await?;
        let arns: Vec<String> = self.state_machines.iter().map(|(a, _)| a.clone()).collect();
        Ok(page(&arns, next, self.page_size))
    }

    async fn describe_state_machine(&self, arn: &str) -> Result<StateMachine, EcsError> {
        self.call(Source::StateMachines, "DescribeStateMachine")
            .await?;
        self.state_machines
            .iter()
            .find(|(a, _)| a == arn)
            .map(|(_, sm)| sm.clone())
            .ok_or_else(|| {
                EcsError::new(
                    "DescribeStateMachine",
                    ErrorKind::Client,
                    "StateMachineDoesNotExist",
                )
            })
    }

    async fn list_stacks(&self, next: Option<String>) -> Result<Page<String>, EcsError> {
        self.call(Source::Stacks, "ListStacks").await?;
        let names: Vec<String> = self.stacks.iter().map(|(n, _)| n.clone()).collect();
        Ok(page(&names, next, self.page_size))
    }

    async fn list_stack_task_definitions(
        &self,
        stack: &str,
        next: Option<String>,
    ) -> Result<Page<String>, EcsError> {
        self.call(Source::Stacks, "ListStackResources").await?;
        let ids: Vec<String> = self
            .stacks
            .iter()
            .filter(|(n, _)| n == stack)
            .flat_map(|(_, ids)| ids.clone())
            .collect();
        Ok(page(&ids, next, self.page_size))
    }
}
