//! Reading one source: every page of every listing, paced by that source's own limiter,
//! a few calls in flight so latency does not lower the rate the pacer allows.

use std::future::Future;

use futures::StreamExt;

use super::statemachine::{SfnRef, task_definitions};
use super::{Source, SourceError, Sources, TdRef};
use crate::ecs::EcsError;
use crate::ecs::pages::{every_page, paced};
use crate::inuse::UserKind;

/// Per-resource reads in flight at once within one source.
const CONCURRENCY: usize = 4;

/// One reference a source holds to a task definition.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    /// What it names; `None` when it is only known at run time (JSONPath, JSONata).
    pub reference: Option<TdRef>,
    /// Who holds it, e.g. `default/nightly-reports`, `payments-flow/Run` or a stack name.
    pub user: String,
    /// What kind of user it is.
    pub kind: UserKind,
}

/// What one source found, or why it could not be checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceFindings {
    /// Which source.
    pub source: Source,
    /// The references and the number of resources read, or why it is unchecked.
    pub result: Result<(Vec<Finding>, usize), SourceError>,
}

/// Runs `per_item` for every item, `CONCURRENCY` at a time; the first error fails them all.
async fn each<I, T, F, Fut>(items: Vec<I>, per_item: F) -> Result<Vec<T>, EcsError>
where
    F: Fn(I) -> Fut,
    Fut: Future<Output = Result<T, EcsError>>,
{
    let mut out = Vec::with_capacity(items.len());
    let mut s = futures::stream::iter(items)
        .map(per_item)
        .buffer_unordered(CONCURRENCY);
    while let Some(r) = s.next().await {
        out.push(r?);
    }
    Ok(out)
}

fn found(td: &str, user: String, kind: UserKind) -> Finding {
    Finding {
        reference: TdRef::parse(td),
        user,
        kind,
    }
}

async fn rules(src: &Sources) -> Result<(Vec<Finding>, usize), EcsError> {
    let (api, pace) = (src.api(), src.pace(Source::Rules));
    let buses = every_page(pace, |t| api.list_event_buses(t)).await?;
    let mut rules = Vec::new();
    for bus in buses {
        let names = every_page(pace, |t| api.list_rules(&bus, t)).await?;
        rules.extend(names.into_iter().map(|n| (bus.clone(), n)));
    }
    let read = rules.len();
    let per_rule = each(rules, |(bus, rule)| async move {
        let tds = every_page(pace, |t| api.list_rule_task_definitions(&bus, &rule, t)).await?;
        Ok(tds
            .iter()
            .map(|td| found(td, format!("{bus}/{rule}"), UserKind::Rule))
            .collect::<Vec<_>>())
    })
    .await?;
    Ok((per_rule.into_iter().flatten().collect(), read))
}

async fn schedules(src: &Sources) -> Result<(Vec<Finding>, usize), EcsError> {
    let (api, pace) = (src.api(), src.pace(Source::Schedules));
    let all = every_page(pace, |t| api.list_schedules(t)).await?;
    let read = all.len();
    let per = each(all, |(group, name)| async move {
        let td = paced(pace, || api.schedule_task_definition(&group, &name)).await?;
        Ok(td.map(|td| found(&td, format!("{group}/{name}"), UserKind::Schedule)))
    })
    .await?;
    Ok((per.into_iter().flatten().collect(), read))
}

async fn state_machines(src: &Sources) -> Result<(Vec<Finding>, usize), EcsError> {
    let (api, pace) = (src.api(), src.pace(Source::StateMachines));
    let arns = every_page(pace, |t| api.list_state_machines(t)).await?;
    let read = arns.len();
    let per = each(arns, |arn| async move {
        let sm = paced(pace, || api.describe_state_machine(&arn)).await?;
        let refs = task_definitions(&sm.definition);
        Ok(refs
            .into_iter()
            .map(|r| match r {
                SfnRef::Known { state, value } if TdRef::parse(&value).is_some() => Finding {
                    reference: TdRef::parse(&value),
                    user: format!("{}/{state}", sm.name),
                    kind: UserKind::StateMachine,
                },
                // A literal that names no task definition is as unknown as a run-time value.
                SfnRef::Known { state, .. } | SfnRef::Unknown { state } => Finding {
                    reference: None,
                    user: format!("unknown reference in {} (state {state})", sm.name),
                    kind: UserKind::UnknownRef,
                },
            })
            .collect::<Vec<_>>())
    })
    .await?;
    Ok((per.into_iter().flatten().collect(), read))
}

async fn stacks(src: &Sources) -> Result<(Vec<Finding>, usize), EcsError> {
    let (api, pace) = (src.api(), src.pace(Source::Stacks));
    let names = every_page(pace, |t| api.list_stacks(t)).await?;
    let read = names.len();
    let per = each(names, |stack| async move {
        let ids = every_page(pace, |t| api.list_stack_task_definitions(&stack, t)).await?;
        Ok(ids
            .iter()
            .map(|id| found(id, stack_name(&stack).to_string(), UserKind::StackManaged))
            .collect::<Vec<_>>())
    })
    .await?;
    Ok((per.into_iter().flatten().collect(), read))
}

/// `NAME` of a stack id `arn:aws:cloudformation:...:stack/NAME/uuid`; a name stays itself.
fn stack_name(id: &str) -> &str {
    match id
        .strip_prefix("arn:")
        .and_then(|r| r.split_once(":stack/"))
    {
        Some((_, tail)) => tail.split('/').next().unwrap_or(tail),
        None => id,
    }
}

/// Reads one source completely; an error (after the pacer's retries) leaves it unchecked.
pub async fn scan_source(src: &Sources, source: Source) -> SourceFindings {
    let result = match source {
        Source::Rules => rules(src).await,
        Source::Schedules => schedules(src).await,
        Source::StateMachines => state_machines(src).await,
        Source::Stacks => stacks(src).await,
    };
    if let Err(e) = &result {
        tracing::warn!(source = source.label(), error = %e.message, "in-use source unchecked");
    }
    SourceFindings {
        source,
        result: result.map_err(|error| SourceError { source, error }),
    }
}
