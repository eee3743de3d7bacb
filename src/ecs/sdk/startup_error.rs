//! Why taskdefs cannot start against AWS, as one sentence with a hint.

use std::fmt;

use std::time::Duration;

/// Why taskdefs cannot start against AWS; `Display` is one sentence with a hint.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StartupError {
    /// No region from flag, environment or profile.
    NoRegion,
    /// The requested profile is in neither config file.
    UnknownProfile {
        /// The profile asked for.
        profile: String,
    },
    /// The config or credentials file could not be parsed.
    BadProfileFiles {
        /// The parser's message.
        reason: String,
    },
    /// No provider in the chain produced credentials.
    NoCredentials {
        /// Named profile in use, if any.
        profile: Option<String>,
        /// The provider's reason.
        reason: String,
    },
    /// The cached SSO token is expired and cannot be refreshed.
    SsoExpired {
        /// Profile to log in with.
        profile: String,
    },
    /// The profile uses SSO but there is no cached login for it.
    SsoNotLoggedIn {
        /// Profile to log in with.
        profile: String,
    },
    /// Credential resolution did not finish in time.
    CredentialsTimedOut {
        /// Named profile in use, if any.
        profile: Option<String>,
        /// The limit that was reached.
        after: Duration,
    },
    /// ECS could not be reached.
    Unreachable {
        /// The endpoint tried.
        endpoint: String,
        /// The transport's root cause.
        reason: String,
    },
    /// ECS answered but refused the credentials.
    CredentialsRejected {
        /// Named profile in use, if any.
        profile: Option<String>,
        /// ECS's message.
        reason: String,
    },
    /// ECS answered but the role may not list task definitions.
    AccessDenied {
        /// ECS's message.
        reason: String,
    },
}

/// `aws sso login` with the right `--profile`, for hints.
fn sso_login(profile: Option<&str>) -> String {
    match profile {
        Some(p) => format!("`aws sso login --profile {p}`"),
        None => "`aws sso login --profile NAME`".to_string(),
    }
}

impl fmt::Display for StartupError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            StartupError::NoRegion => write!(
                f,
                "no AWS region: pass --region or set AWS_REGION (or set region in your profile)"
            ),
            StartupError::UnknownProfile { profile } => write!(
                f,
                "profile '{profile}' not found in ~/.aws/config or ~/.aws/credentials: \
                 check --profile / AWS_PROFILE"
            ),
            StartupError::BadProfileFiles { reason } => write!(
                f,
                "cannot read the AWS config files ({reason}): fix ~/.aws/config or ~/.aws/credentials"
            ),
            StartupError::NoCredentials { profile, reason } => {
                let whose = profile
                    .as_deref()
                    .map_or(String::new(), |p| format!(" for profile '{p}'"));
                write!(
                    f,
                    "no AWS credentials{whose} ({reason}): run {} or set AWS_PROFILE \
                     (or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY)",
                    sso_login(profile.as_deref())
                )
            }
            StartupError::SsoExpired { profile } => write!(
                f,
                "the AWS SSO session for profile '{profile}' has expired: run {}",
                sso_login(Some(profile))
            ),
            StartupError::SsoNotLoggedIn { profile } => write!(
                f,
                "no AWS SSO login found for profile '{profile}': run {}",
                sso_login(Some(profile))
            ),
            StartupError::CredentialsTimedOut { profile, after } => write!(
                f,
                "loading AWS credentials timed out after {} s: check the profile's SSO or \
                 credential_process settings and your network, or run {}",
                after.as_secs_f64(),
                sso_login(profile.as_deref())
            ),
            StartupError::Unreachable { endpoint, reason } => write!(
                f,
                "cannot reach ECS at {endpoint}: {reason}; check --endpoint-url and your network"
            ),
            StartupError::CredentialsRejected { profile, reason } => write!(
                f,
                "AWS rejected the credentials ({reason}): refresh them, e.g. run {}",
                sso_login(profile.as_deref())
            ),
            StartupError::AccessDenied { reason } => write!(
                f,
                "access denied on ecs:ListTaskDefinitionFamilies ({reason}): the role needs \
                 ecs:List* and ecs:Describe* (see README, IAM permissions)"
            ),
        }
    }
}

impl std::error::Error for StartupError {}

#[cfg(test)]
mod tests;
