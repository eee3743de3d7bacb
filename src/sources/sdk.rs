//! `ScanSources` over the AWS SDK: EventBridge, EventBridge Scheduler, Step Functions and
//! CloudFormation clients built from the same `SdkConfig` as ECS (so `--endpoint-url`,
//! profiles and retries apply to them too).

use async_trait::async_trait;
use aws_sdk_cloudformation::types::StackStatus;

use super::{ScanSources, StateMachine};
use crate::ecs::sdk::errors::map_sdk_error;
use crate::ecs::{EcsError, Page};

/// The CloudFormation resource type whose physical id is a task definition ARN.
const TASK_DEFINITION_TYPE: &str = "AWS::ECS::TaskDefinition";

/// The four read-only clients.
#[derive(Debug, Clone)]
pub struct SdkSources {
    events: aws_sdk_eventbridge::Client,
    scheduler: aws_sdk_scheduler::Client,
    sfn: aws_sdk_sfn::Client,
    cfn: aws_sdk_cloudformation::Client,
}

impl SdkSources {
    /// Clients sharing `sdk`'s region, credentials, endpoint, retry and timeouts.
    pub fn new(sdk: &aws_config::SdkConfig) -> Self {
        SdkSources {
            events: aws_sdk_eventbridge::Client::new(sdk),
            scheduler: aws_sdk_scheduler::Client::new(sdk),
            sfn: aws_sdk_sfn::Client::new(sdk),
            cfn: aws_sdk_cloudformation::Client::new(sdk),
        }
    }
}

fn owned(s: Option<&str>) -> Option<String> {
    s.map(str::to_string)
}

#[async_trait]
impl ScanSources for SdkSources {
    async fn list_event_buses(&self, next: Option<String>) -> Result<Page<String>, EcsError> {
        let out = self
            .events
            .list_event_buses()
            .set_next_token(next)
            .send()
            .await
            .map_err(|e| map_sdk_error("ListEventBuses", e))?;
        Ok(Page {
            items: out
                .event_buses()
                .iter()
                .filter_map(|b| owned(b.name()))
                .collect(),
            next_token: owned(out.next_token()),
        })
    }

    async fn list_rules(&self, bus: &str, next: Option<String>) -> Result<Page<String>, EcsError> {
        let out = self
            .events
            .list_rules()
            .event_bus_name(bus)
            .set_next_token(next)
            .send()
            .await
            .map_err(|e| map_sdk_error("ListRules", e))?;
        Ok(Page {
            items: out.rules().iter().filter_map(|r| owned(r.name())).collect(),
            next_token: owned(out.next_token()),
        })
    }

    async fn list_rule_task_definitions(
        &self,
        bus: &str,
        rule: &str,
        next: Option<String>,
    ) -> Result<Page<String>, EcsError> {
        let out = self
            .events
            .list_targets_by_rule()
            .event_bus_name(bus)
            .rule(rule)
            .set_next_token(next)
            .send()
            .await
            .map_err(|e| map_sdk_error("ListTargetsByRule", e))?;
        Ok(Page {
            items: out
                .targets()
                .iter()
                .filter_map(|t| t.ecs_parameters())
                .map(|p| p.task_definition_arn().to_string())
                .collect(),
            next_token: owned(out.next_token()),
        })
    }

    async fn list_schedules(
        &self,
        next: Option<String>,
    ) -> Result<Page<(String, String)>, EcsError> {
        let out = self
            .scheduler
            .list_schedules()
            .set_next_token(next)
            .send()
            .await
            .map_err(|e| map_sdk_error("ListSchedules", e))?;
        Ok(Page {
            items: out
                .schedules()
                .iter()
                .filter_map(|s| {
                    let group = s.group_name().unwrap_or("default").to_string();
                    Some((group, owned(s.name())?))
                })
                .collect(),
            next_token: owned(out.next_token()),
        })
    }

    async fn schedule_task_definition(
        &self,
        group: &str,
        name: &str,
    ) -> Result<Option<String>, EcsError> {
        let out = self
            .scheduler
            .get_schedule()
            .group_name(group)
            .name(name)
            .send()
            .await
            .map_err(|e| map_sdk_error("GetSchedule", e))?;
        Ok(out
            .target()
            .and_then(|t| t.ecs_parameters())
            .map(|p| p.task_definition_arn().to_string()))
    }

    async fn list_state_machines(&self, next: Option<String>) -> Result<Page<String>, EcsError> {
        let out = self
            .sfn
            .list_state_machines()
            .set_next_token(next)
            .send()
            .await
            .map_err(|e| map_sdk_error("ListStateMachines", e))?;
        Ok(Page {
            items: out
                .state_machines()
                .iter()
                .map(|m| m.state_machine_arn().to_string())
                .collect(),
            next_token: owned(out.next_token()),
        })
    }

    async fn describe_state_machine(&self, arn: &str) -> Result<StateMachine, EcsError> {
        let out = self
            .sfn
            .describe_state_machine()
            .state_machine_arn(arn)
            .send()
            .await
            .map_err(|e| map_sdk_error("DescribeStateMachine", e))?;
        Ok(StateMachine {
            name: out.name().to_string(),
            definition: out.definition().to_string(),
        })
    }

    async fn list_stacks(&self, next: Option<String>) -> Result<Page<String>, EcsError> {
        let out = self
            .cfn
            .list_stacks()
            .set_next_token(next)
            .send()
            .await
            .map_err(|e| map_sdk_error("ListStacks", e))?;
        Ok(Page {
            items: out
                .stack_summaries()
                .iter()
                .filter(|s| s.stack_status() != Some(&StackStatus::DeleteComplete))
                // The stack id (an ARN) names this stack, never a deleted namesake.
                .filter_map(|s| owned(s.stack_id().or(s.stack_name())))
                .collect(),
            next_token: owned(out.next_token()),
        })
    }

    async fn list_stack_task_definitions(
        &self,
        stack: &str,
        next: Option<String>,
    ) -> Result<Page<String>, EcsError> {
        let out = self
            .cfn
            .list_stack_resources()
            .stack_name(stack)
            .set_next_token(next)
            .send()
            .await
            .map_err(|e| map_sdk_error("ListStackResources", e))?;
        Ok(Page {
            items: out
                .stack_resource_summaries()
                .iter()
                .filter(|r| r.resource_type() == Some(TASK_DEFINITION_TYPE))
                .filter_map(|r| owned(r.physical_resource_id()))
                .collect(),
            next_token: owned(out.next_token()),
        })
    }
}
