//! One backend per context, connected concurrently. A context that cannot connect (access
//! denied, a disabled opt-in region, expired credentials) becomes one sentence; the others go on.

use std::sync::Arc;
use std::time::Duration;

use aws_sdk_ecs::config::SharedCredentialsProvider;

use super::credentials::SharedCredentials;
use super::{Context, account_of_arn};
use crate::ecs::{self, EcsApi};
use crate::journal::Meta;
use crate::sources::{self, ScanSources};

/// How long the account lookup (STS GetCallerIdentity) may take before the ARNs decide.
pub const ACCOUNT_TIMEOUT: Duration = Duration::from_secs(5);

/// A context that answered: its backend and what the journal records for it.
#[derive(Clone)]
pub struct Connected {
    /// The context, region resolved and account filled in when known.
    pub context: Context,
    /// Where its ECS calls go.
    pub api: Arc<dyn EcsApi>,
    /// Its users beyond ECS (EventBridge, Scheduler, Step Functions, CloudFormation).
    pub sources: Arc<dyn ScanSources>,
    /// Region, profile and endpoint for its journal lines.
    pub meta: Meta,
}

impl Connected {
    /// Fills in the account from an ARN this context returned, when STS did not tell it.
    pub fn learn_account(&mut self, arn: &str) {
        if self.context.account.is_none() {
            self.context.account = account_of_arn(arn).map(str::to_string);
        }
    }
}

/// A context that could not be used, and why (one sentence).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failed {
    /// The context as asked for.
    pub context: Context,
    /// Why, in one sentence.
    pub reason: String,
    /// The endpoint rejected the credentials (an opt-in region not enabled answers so).
    pub rejected: bool,
}

impl std::fmt::Display for Failed {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.context.label(), self.reason)
    }
}

/// Where the contexts are: AWS (with an optional endpoint override) or the demo account.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Target {
    /// `--endpoint-url`.
    pub endpoint_url: Option<String>,
    /// `--demo`: every context is its own in-memory demo account.
    pub demo: bool,
}

/// Connects every context at once; the answers come back in the order of `contexts`. Each
/// profile resolves its credentials in its first region, and its other regions share them.
pub async fn connect_all(contexts: &[Context], target: &Target) -> Vec<Result<Connected, Failed>> {
    if target.demo {
        return contexts.iter().map(|c| Ok(demo(c))).collect();
    }
    let mut profiles: Vec<(&Option<String>, Vec<usize>)> = Vec::new();
    for (i, c) in contexts.iter().enumerate() {
        match profiles.iter_mut().find(|(p, _)| **p == c.profile) {
            Some((_, idx)) => idx.push(i),
            None => profiles.push((&c.profile, vec![i])),
        }
    }
    let answers = futures::future::join_all(
        profiles
            .iter()
            .map(|(_, idx)| connect_profile(contexts, idx, target)),
    )
    .await;
    let mut ordered: Vec<Option<Result<Connected, Failed>>> =
        (0..contexts.len()).map(|_| None).collect();
    for (i, a) in answers.into_iter().flatten() {
        ordered[i] = Some(a);
    }
    ordered
        .into_iter()
        .zip(contexts)
        .map(|(a, c)| {
            a.unwrap_or_else(|| {
                Err(Failed {
                    context: c.clone(),
                    reason: "was not connected".into(),
                    rejected: false,
                })
            })
        })
        .collect()
}

/// The provider a profile's other regions share once its first region resolved `resolved`.
pub fn share(resolved: SharedCredentialsProvider) -> SharedCredentialsProvider {
    SharedCredentialsProvider::new(SharedCredentials::new(resolved))
}

/// One profile's regions: the first connects on its own; if it succeeds, the others share
/// its credentials (if it fails, perhaps for a reason of its region, each tries on its own).
async fn connect_profile(
    contexts: &[Context],
    idx: &[usize],
    target: &Target,
) -> Vec<(usize, Result<Connected, Failed>)> {
    let Some((first, rest)) = idx.split_first() else {
        return Vec::new();
    };
    let (answer, credentials) = connect_one(&contexts[*first], target, None).await;
    let shared = credentials.map(share);
    let others = futures::future::join_all(
        rest.iter()
            .map(|i| connect_one(&contexts[*i], target, shared.clone())),
    )
    .await;
    std::iter::once((*first, answer))
        .chain(rest.iter().copied().zip(others.into_iter().map(|(a, _)| a)))
        .collect()
}

/// Connects one context: the same start-up checks as a single-context run, then the account.
/// Also returns the credentials provider it resolved, for the profile's other regions.
pub async fn connect_one(
    context: &Context,
    target: &Target,
    credentials: Option<SharedCredentialsProvider>,
) -> (Result<Connected, Failed>, Option<SharedCredentialsProvider>) {
    let opts = ecs::sdk::ConnectOptions {
        profile: context.profile.clone(),
        region: context.region.clone(),
        endpoint_url: target.endpoint_url.clone(),
        credentials,
        ..Default::default()
    };
    let c = match ecs::sdk::connect(&opts).await {
        Ok(c) => c,
        Err(e) => {
            let failed = Failed {
                context: context.clone(),
                rejected: matches!(e, ecs::sdk::StartupError::CredentialsRejected { .. }),
                reason: e.to_string(),
            };
            return (Err(failed), None);
        }
    };
    let account = account_id(&c.config).await;
    let provider = c.config.credentials_provider();
    let connected = Connected {
        context: Context {
            profile: c.profile.clone(),
            region: Some(c.region.clone()),
            account,
        },
        meta: Meta {
            region: Some(c.region.clone()),
            profile: c.profile.clone(),
            endpoint: c.endpoint.clone(),
        },
        api: Arc::new(c.api),
        sources: Arc::new(c.sources),
    };
    (Ok(connected), provider)
}

/// The account of the credentials (STS GetCallerIdentity needs no permission); `None` when
/// STS does not answer in time, and the listing's ARNs tell it instead.
async fn account_id(config: &aws_config::SdkConfig) -> Option<String> {
    let sts = aws_sdk_sts::Client::new(config);
    let call = sts.get_caller_identity().send();
    match tokio::time::timeout(ACCOUNT_TIMEOUT, call).await {
        Ok(Ok(out)) => out.account().map(str::to_string),
        Ok(Err(e)) => {
            tracing::info!("GetCallerIdentity failed; the account comes from ARNs: {e}");
            None
        }
        Err(_) => None,
    }
}

/// The demo account for one context (each context its own, with the real buckets).
pub fn demo(context: &Context) -> Connected {
    let faults = ecs::fake::Faults {
        latency: (Duration::from_millis(20), Duration::from_millis(80)),
        enforce_buckets: true,
        ..ecs::fake::Faults::default()
    };
    let fake = ecs::fake::FakeEcs::demo()
        .with_clock(jiff::Timestamp::now())
        .with_faults(faults);
    let region = context.region.clone().unwrap_or_else(|| "demo".into());
    Connected {
        context: Context {
            profile: context.profile.clone(),
            region: Some(region.clone()),
            account: Some(DEMO_ACCOUNT.into()),
        },
        api: Arc::new(fake),
        sources: Arc::new(sources::fake::FakeSources::demo()),
        meta: Meta {
            region: Some(region),
            profile: context.profile.clone(),
            endpoint: None,
        },
    }
}

/// The demo account's id (its ARNs carry it).
pub const DEMO_ACCOUNT: &str = "123456789012";

/// Splits answers into the contexts to use and the failures to report.
pub fn split(answers: Vec<Result<Connected, Failed>>) -> (Vec<Connected>, Vec<Failed>) {
    let mut ok = Vec::new();
    let mut failed = Vec::new();
    for a in answers {
        match a {
            Ok(c) => ok.push(c),
            Err(f) => failed.push(f),
        }
    }
    (ok, failed)
}

/// The contexts to use, the ones that failed, and notes about the ones left out on purpose.
pub struct Settled {
    /// Connected, one per account and region.
    pub ok: Vec<Connected>,
    /// Failed: named at the end, and the exit status is non-zero.
    pub failed: Vec<Failed>,
    /// One sentence per context left out that is not a failure.
    pub notes: Vec<String>,
}

/// Sorts the answers: a second profile reaching an account and region already open is left
/// out, and an opt-in region the account has not enabled (its endpoint rejects credentials
/// that other regions of the profile accept) is said so; with `--all-regions` it is left out
/// with a note instead of failing the run.
pub fn settle(answers: Vec<Result<Connected, Failed>>, all_regions: bool) -> Settled {
    let (ok, failed) = split(answers);
    let (ok, mut notes) = one_per_account(ok);
    let mut still = Vec::new();
    for mut f in failed {
        let region = f.context.region.clone().unwrap_or_default();
        let works_elsewhere = ok.iter().any(|c| c.context.profile == f.context.profile);
        if !(f.rejected && works_elsewhere && super::regions::is_opt_in(&region)) {
            still.push(f);
            continue;
        }
        f.reason = format!(
            "{region} is an opt-in region that this account has not enabled (its endpoint \
             rejects credentials that work in the other regions): enable it under \
             Account, AWS Regions, to use it"
        );
        if all_regions {
            notes.push(format!("{f}; skipped"));
        } else {
            still.push(f);
        }
    }
    Settled {
        ok,
        failed: still,
        notes,
    }
}

/// Keeps one context per account and region: two profiles reaching the same account would
/// list the same revisions and share its buckets. Returns the contexts kept and one sentence
/// per context dropped.
pub fn one_per_account(contexts: Vec<Connected>) -> (Vec<Connected>, Vec<String>) {
    let mut seen: Vec<(String, Option<String>, String)> = Vec::new();
    let mut kept = Vec::new();
    let mut notes = Vec::new();
    for c in contexts {
        let key = c
            .context
            .account
            .clone()
            .map(|a| (a, c.context.region.clone()));
        let first = key.as_ref().and_then(|(a, r)| {
            seen.iter()
                .find(|(sa, sr, _)| sa == a && sr == r)
                .map(|(_, _, label)| label.clone())
        });
        match (first, key) {
            (Some(first), _) => notes.push(format!(
                "{} reaches the same account and region as {first}: skipped",
                c.context.label()
            )),
            (None, Some((a, r))) => {
                seen.push((a, r, c.context.label()));
                kept.push(c);
            }
            (None, None) => kept.push(c),
        }
    }
    (kept, notes)
}

#[cfg(test)]
mod tests;
