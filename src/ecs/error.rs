//! ECS errors reduced to what an operator needs: what failed, why, and what to do.

use std::fmt;
use std::sync::atomic::{AtomicBool, Ordering};

/// Broad class of an ECS failure; decides retry and wording.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum ErrorKind {
    /// ThrottlingException: the account's token bucket is empty. Retry later.
    Throttled,
    /// AccessDeniedException: the caller's IAM policy lacks the action.
    AccessDenied,
    /// ClientException / InvalidParameterException: ECS refused the request itself.
    Client,
    /// ServerException or an HTTP 5xx. Retry.
    Server,
    /// Timeouts, refused connections, DNS: the endpoint could not be reached. Retry.
    Network,
    /// Missing, expired or invalid credentials.
    Credentials,
    /// Anything else.
    Other,
}

/// One failed ECS call.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EcsError {
    /// The ECS action, e.g. `DeregisterTaskDefinition`.
    pub operation: &'static str,
    /// The class of failure.
    pub kind: ErrorKind,
    /// ECS's own message (or the transport's), trimmed to one line.
    pub message: String,
}

/// Whether `--log-file` is active, so hints point at a log file only when there is one.
static LOG_FILE: AtomicBool = AtomicBool::new(false);

/// Records whether logs go to a file (once, at start).
pub fn set_log_file(active: bool) {
    LOG_FILE.store(active, Ordering::Relaxed);
}

impl EcsError {
    /// Builds an error, keeping only the first line of the message, control characters escaped.
    pub fn new(operation: &'static str, kind: ErrorKind, message: impl Into<String>) -> Self {
        let message: String = message.into();
        let message = message.lines().next().unwrap_or("").trim();
        // ECS's text (or an endpoint's) is someone else's data: no escape codes pass.
        let message = crate::text::escape(message).into_owned();
        EcsError {
            operation,
            kind,
            message,
        }
    }

    /// True when the same call may succeed if tried again later.
    pub fn is_retryable(&self) -> bool {
        matches!(
            self.kind,
            ErrorKind::Throttled | ErrorKind::Server | ErrorKind::Network
        )
    }

    /// What the operator should do about it.
    fn hint(&self) -> &'static str {
        match self.kind {
            ErrorKind::Throttled => {
                "the account's ECS request rate is exhausted (everyone in the account and region shares it)"
            }
            ErrorKind::AccessDenied => "your role lacks this permission",
            ErrorKind::Client => "ECS refused the request",
            ErrorKind::Server => "ECS had an internal error; try again",
            ErrorKind::Network => "check the endpoint and your network",
            ErrorKind::Credentials => "refresh your credentials (e.g. aws sso login)",
            ErrorKind::Other if LOG_FILE.load(Ordering::Relaxed) => "see the log file for details",
            ErrorKind::Other => "unexpected error (--log-file PATH records the details)",
        }
    }

    /// The kind as one word for sentences: `Throttled`, `AccessDenied`, `Refused`, ...
    pub fn kind_name(&self) -> &'static str {
        match self.kind {
            ErrorKind::Throttled => "Throttled",
            ErrorKind::AccessDenied => "AccessDenied",
            ErrorKind::Client => "Refused",
            ErrorKind::Server => "ServerError",
            ErrorKind::Network => "Unreachable",
            ErrorKind::Credentials => "NoCredentials",
            ErrorKind::Other => "Failed",
        }
    }
}

impl fmt::Display for EcsError {
    /// One sentence: `AccessDenied on ecs:DeregisterTaskDefinition: your role lacks this permission (msg)`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} on ecs:{}: {}",
            self.kind_name(),
            self.operation,
            self.hint()
        )?;
        if !self.message.is_empty() {
            write!(f, " ({})", self.message)?;
        }
        Ok(())
    }
}

impl std::error::Error for EcsError {}

#[cfg(test)]
mod tests;
