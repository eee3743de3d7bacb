//! From `--profile` / `--region` / `--endpoint-url` to a working `SdkEcs`, or one sentence
//! saying what is missing and what to do, before the TUI takes the terminal.

use std::time::Duration;

use aws_config::BehaviorVersion;
use aws_sdk_ecs::Client;
use aws_sdk_ecs::config::endpoint::{Params, ResolveEndpoint};
use aws_sdk_ecs::config::retry::RetryConfig;
use aws_sdk_ecs::config::timeout::TimeoutConfig;
use aws_sdk_ecs::config::{ProvideCredentials, Region};

use super::credential_process::CredentialProcess;
use super::errors::{chain, map_sdk_error, root_cause};
pub use super::startup_error::StartupError;
use super::{SdkEcs, retry_config, timeout_config};
use crate::ecs::{EcsError, ErrorKind};

/// How long credential resolution (SSO, credential_process, IMDS...) may take at start-up.
pub const CREDENTIALS_TIMEOUT: Duration = Duration::from_secs(10);

/// How long the reachability check may take.
pub const PREFLIGHT_TIMEOUT: Duration = Duration::from_secs(8);

/// Where to find ECS, as the user asked on the command line (`None`: the standard chain decides).
#[derive(Debug, Clone, Default)]
pub struct ConnectOptions {
    /// `--profile`; otherwise `AWS_PROFILE`, otherwise the default profile.
    pub profile: Option<String>,
    /// `--region`; otherwise `AWS_REGION` / `AWS_DEFAULT_REGION` / the profile's region.
    pub region: Option<String>,
    /// `--endpoint-url`; otherwise `AWS_ENDPOINT_URL(_ECS)` / the profile's `endpoint_url`.
    pub endpoint_url: Option<String>,
    /// How long credentials may take; `None` is [`CREDENTIALS_TIMEOUT`] (tests set it short).
    pub credentials_timeout: Option<Duration>,
    /// Credentials already resolved for this profile (other regions of it share them).
    pub credentials: Option<aws_sdk_ecs::config::SharedCredentialsProvider>,
}

/// A verified connection: credentials resolved and ECS answered.
#[derive(Debug, Clone)]
pub struct Connected {
    /// The API, ready for the worker.
    pub api: SdkEcs,
    /// EventBridge, Scheduler, Step Functions and CloudFormation, from the same config.
    pub sources: crate::sources::sdk::SdkSources,
    /// Effective region.
    pub region: String,
    /// Named profile in use (`--profile` or `AWS_PROFILE`), if any.
    pub profile: Option<String>,
    /// Custom endpoint in use (flag, environment or profile), if any.
    pub endpoint: Option<String>,
    /// For the status bar: `us-east-1 · profile prod · http://127.0.0.1:5000`.
    pub label: String,
    /// The resolved AWS config, for other clients of the same context (STS for the account).
    pub config: aws_config::SdkConfig,
}

/// Reads a non-empty environment variable.
fn env(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|v| !v.trim().is_empty())
}

/// The named profile in effect: the flag, then `AWS_PROFILE`.
fn named_profile(opts: &ConnectOptions) -> Option<String> {
    opts.profile
        .clone()
        .filter(|p| !p.is_empty())
        .or_else(|| env("AWS_PROFILE"))
}

/// The profiles from the config and credentials files, read as aws-config reads them.
async fn load_profiles() -> Result<aws_config::profile::ProfileSet, StartupError> {
    aws_config::profile::load(
        &Default::default(),
        &Default::default(),
        &Default::default(),
        None,
    )
    .await
    .map_err(|e| StartupError::BadProfileFiles {
        reason: root_cause(&e),
    })
}

/// Every profile name in the config and credentials files (`AWS_CONFIG_FILE`,
/// `AWS_SHARED_CREDENTIALS_FILE` honoured), sorted; none when the files cannot be read.
pub async fn profile_names() -> Vec<String> {
    let mut names: Vec<String> = load_profiles()
        .await
        .map(|set| set.profiles().map(str::to_string).collect())
        .unwrap_or_default();
    names.sort();
    names.dedup();
    names
}

/// The profile's `credential_process`, when it is where the credentials come from: no
/// access key in the environment (which wins in the default chain), and no static keys,
/// role, SSO or web identity in the profile (aws-config handles those chains itself).
fn credential_process(profiles: &aws_config::profile::ProfileSet, name: &str) -> Option<String> {
    if env("AWS_ACCESS_KEY_ID").is_some() {
        return None;
    }
    let p = profiles.get_profile(name)?;
    let other_source = [
        "aws_access_key_id",
        "role_arn",
        "sso_session",
        "sso_start_url",
        "web_identity_token_file",
    ];
    if other_source.iter().any(|k| p.get(k).is_some()) {
        return None;
    }
    p.get("credential_process")
        .filter(|c| !c.trim().is_empty())
        .map(str::to_string)
}

/// A custom endpoint in effect, in aws-config's order of precedence.
fn custom_endpoint(opts: &ConnectOptions, sdk: &aws_config::SdkConfig) -> Option<String> {
    let ignore_configured =
        env("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS").is_some_and(|v| v.eq_ignore_ascii_case("true"));
    opts.endpoint_url
        .clone()
        .filter(|e| !e.is_empty())
        .or_else(|| {
            (!ignore_configured)
                .then(|| env("AWS_ENDPOINT_URL_ECS"))
                .flatten()
        })
        .or_else(|| sdk.endpoint_url().map(str::to_string))
}

/// The URL calls go to, for messages: the custom endpoint, else the regional one.
async fn effective_endpoint(region: &str, custom: Option<&str>) -> String {
    if let Some(e) = custom {
        return e.to_string();
    }
    let params = Params::builder().region(region).build();
    let resolved = match params {
        Ok(p) => aws_sdk_ecs::config::endpoint::DefaultResolver::new()
            .resolve_endpoint(&p)
            .await
            .ok()
            .map(|e| e.url().to_string()),
        Err(_) => None,
    };
    resolved.unwrap_or_else(|| format!("ecs.{region}.amazonaws.com"))
}

/// Turns a credential provider failure into the sentence the user needs.
fn credentials_error(
    profile: Option<&str>,
    err: &(dyn std::error::Error + 'static),
) -> StartupError {
    let messages = chain(err);
    let says = |needle: &str| {
        messages
            .iter()
            .any(|m| m.to_ascii_lowercase().contains(needle))
    };
    let profile_name = profile.unwrap_or("default").to_string();
    if says("sso token has expired") || (says("sso session") && says("expired")) {
        return StartupError::SsoExpired {
            profile: profile_name,
        };
    }
    if says(".aws/sso/cache") || says("cached sso token") {
        // The token file is missing or unreadable: the user has not logged in on this host.
        return StartupError::SsoNotLoggedIn {
            profile: profile_name,
        };
    }
    let reason = if says("no providers in chain provided credentials")
        || messages
            .first()
            .is_some_and(|m| m.contains("was not enabled"))
    {
        "none found in the environment, profile files, SSO cache or instance metadata".to_string()
    } else {
        root_cause(err)
    };
    StartupError::NoCredentials {
        profile: profile.map(str::to_string),
        reason,
    }
}

/// Maps the preflight's failure; `Ok` when ECS answered in a way the app can live with.
fn preflight_error(
    err: EcsError,
    endpoint: &str,
    profile: Option<&str>,
) -> Result<(), StartupError> {
    match err.kind {
        ErrorKind::Network => Err(StartupError::Unreachable {
            endpoint: endpoint.to_string(),
            reason: err.message,
        }),
        ErrorKind::Credentials => Err(StartupError::CredentialsRejected {
            profile: profile.map(str::to_string),
            reason: err.message,
        }),
        ErrorKind::AccessDenied => Err(StartupError::AccessDenied {
            reason: err.message,
        }),
        // Throttling or a server hiccup: ECS is there; the app retries as it goes.
        _ => Ok(()),
    }
}

/// Builds the SDK from aws-config's standard chain and checks profile, region, credentials
/// and reachability, so any problem is reported before the TUI starts.
pub async fn connect(opts: &ConnectOptions) -> Result<Connected, StartupError> {
    let profile = named_profile(opts);
    let profiles = load_profiles().await?;
    if let Some(p) = &profile
        && profiles.get_profile(p).is_none()
    {
        return Err(StartupError::UnknownProfile { profile: p.clone() });
    }

    let mut loader = aws_config::defaults(BehaviorVersion::latest())
        .retry_config(retry_config())
        .timeout_config(timeout_config());
    if let Some(p) = opts.profile.as_deref().filter(|p| !p.is_empty()) {
        loader = loader.profile_name(p);
    }
    if let Some(r) = opts.region.as_deref().filter(|r| !r.is_empty()) {
        loader = loader.region(Region::new(r.to_string()));
    }
    if let Some(e) = opts.endpoint_url.as_deref().filter(|e| !e.is_empty()) {
        loader = loader.endpoint_url(e);
    }
    if let Some(shared) = &opts.credentials {
        loader = loader.credentials_provider(shared.clone());
    } else if let Some(cmd) = credential_process(&profiles, profile.as_deref().unwrap_or("default"))
    {
        loader = loader.credentials_provider(CredentialProcess::new(cmd));
    }
    let sdk = loader.load().await;

    let region = sdk
        .region()
        .map(|r| r.to_string())
        .ok_or(StartupError::NoRegion)?;

    let provider = sdk
        .credentials_provider()
        .ok_or_else(|| StartupError::NoCredentials {
            profile: profile.clone(),
            reason: "no credentials provider is configured".to_string(),
        })?;
    let limit = opts.credentials_timeout.unwrap_or(CREDENTIALS_TIMEOUT);
    match tokio::time::timeout(limit, provider.provide_credentials()).await {
        Err(_) => {
            return Err(StartupError::CredentialsTimedOut {
                profile: profile.clone(),
                after: limit,
            });
        }
        Ok(Err(e)) => return Err(credentials_error(profile.as_deref(), &e)),
        Ok(Ok(_)) => {}
    }

    let custom = custom_endpoint(opts, &sdk);
    let endpoint = effective_endpoint(&region, custom.as_deref()).await;
    let api = SdkEcs::new(Client::new(&sdk));

    // One cheap read proves the endpoint answers and the credentials are accepted.
    let preflight = api
        .client()
        .list_task_definition_families()
        .max_results(1)
        .customize()
        .config_override(
            aws_sdk_ecs::config::Builder::default()
                .retry_config(RetryConfig::disabled())
                .timeout_config(
                    TimeoutConfig::builder()
                        .connect_timeout(PREFLIGHT_TIMEOUT)
                        .operation_timeout(PREFLIGHT_TIMEOUT)
                        .build(),
                ),
        )
        .send()
        .await;
    if let Err(e) = preflight {
        let err = map_sdk_error("ListTaskDefinitionFamilies", e);
        preflight_error(err, &endpoint, profile.as_deref())?;
    }

    let mut label = region.clone();
    if let Some(p) = &profile {
        label.push_str(&format!(" · profile {p}"));
    }
    if let Some(e) = &custom {
        label.push_str(&format!(" · {e}"));
    }
    Ok(Connected {
        api,
        sources: crate::sources::sdk::SdkSources::new(&sdk),
        region,
        profile,
        endpoint: custom,
        label,
        config: sdk,
    })
}

#[cfg(test)]
mod tests;
