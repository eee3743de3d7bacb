//! `SdkError` reduced to `EcsError`: a kind that drives retries and wording, and a one-line
//! message (ECS's own, or the transport's root cause), never a Debug dump.

use std::error::Error as StdError;

use aws_sdk_ecs::error::{ProvideErrorMetadata, SdkError};
use aws_smithy_runtime_api::client::orchestrator::HttpResponse;

use crate::ecs::{EcsError, ErrorKind};

/// Error codes ECS (and the AWS front door before it) uses for throttling.
const THROTTLING_CODES: &[&str] = &[
    "ThrottlingException",
    "Throttling",
    "ThrottledException",
    "TooManyRequestsException",
    "RequestLimitExceeded",
    "RequestThrottled",
    "RequestThrottledException",
    "SlowDown",
];

/// Codes meaning the caller's credentials, not its permissions, are the problem.
const CREDENTIAL_CODES: &[&str] = &[
    "UnrecognizedClientException",
    "InvalidSignatureException",
    "SignatureDoesNotMatch",
    "IncompleteSignature",
    "InvalidClientTokenId",
    "MissingAuthenticationToken",
    "ExpiredToken",
    "ExpiredTokenException",
    "RequestExpired",
];

/// Codes meaning the caller lacks an IAM permission.
const ACCESS_CODES: &[&str] = &[
    "AccessDeniedException",
    "AccessDenied",
    "UnauthorizedOperation",
];

/// Codes meaning ECS failed on its side.
const SERVER_CODES: &[&str] = &[
    "ServerException",
    "InternalFailure",
    "InternalServerError",
    "ServiceUnavailable",
    "ServiceUnavailableException",
];

/// Chooses the kind for a modelled or unmodelled service error from its code and HTTP status.
pub fn classify_service(code: Option<&str>, status: Option<u16>) -> ErrorKind {
    let is = |codes: &[&str]| code.is_some_and(|c| codes.contains(&c));
    if is(THROTTLING_CODES) || status == Some(429) {
        ErrorKind::Throttled
    } else if is(CREDENTIAL_CODES) {
        ErrorKind::Credentials
    } else if is(ACCESS_CODES) || status == Some(403) {
        ErrorKind::AccessDenied
    } else if is(SERVER_CODES) || status.is_some_and(|s| s >= 500) {
        ErrorKind::Server
    } else if code.is_some() || status.is_some_and(|s| (400..500).contains(&s)) {
        // ClientException, InvalidParameterException, ClusterNotFoundException, ...
        ErrorKind::Client
    } else {
        ErrorKind::Other
    }
}

/// Maps any failed ECS call to an `EcsError` for `operation` (e.g. `ListTaskDefinitions`).
pub fn map_sdk_error<E>(operation: &'static str, err: SdkError<E, HttpResponse>) -> EcsError
where
    E: ProvideErrorMetadata + StdError + 'static,
{
    let status = err.raw_response().map(|r| r.status().as_u16());
    match &err {
        SdkError::ServiceError(ctx) => {
            let e = ctx.err();
            let kind = classify_service(e.code(), status);
            let message = match (e.code(), e.message()) {
                (_, Some(m)) if !m.trim().is_empty() => m.to_string(),
                (Some(c), _) => c.to_string(),
                (None, _) => status.map_or_else(String::new, |s| format!("HTTP {s}")),
            };
            EcsError::new(operation, kind, message)
        }
        SdkError::TimeoutError(_) => EcsError::new(
            operation,
            ErrorKind::Network,
            format!("timed out: {}", root_cause(&err)),
        ),
        SdkError::DispatchFailure(d) => {
            let cause = root_cause(&err);
            let kind = if d.is_io() || d.is_timeout() {
                ErrorKind::Network
            } else if mentions_credentials(&err) {
                // Identity resolution fails before anything is sent and surfaces here.
                ErrorKind::Credentials
            } else if d.is_user() {
                ErrorKind::Other
            } else {
                ErrorKind::Network
            };
            EcsError::new(operation, kind, cause)
        }
        SdkError::ResponseError(_) => {
            let kind = match status {
                Some(s) if s >= 500 => ErrorKind::Server,
                Some(429) => ErrorKind::Throttled,
                _ => ErrorKind::Other,
            };
            let message = match status {
                Some(s) => format!("unreadable response (HTTP {s}): {}", root_cause(&err)),
                None => root_cause(&err),
            };
            EcsError::new(operation, kind, message)
        }
        _ => {
            let kind = if mentions_credentials(&err) {
                ErrorKind::Credentials
            } else {
                ErrorKind::Other
            };
            EcsError::new(operation, kind, root_cause(&err))
        }
    }
}

/// Every message in the error's source chain, outermost first, control characters escaped.
pub fn chain(err: &(dyn StdError + 'static)) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = Some(err);
    while let Some(e) = cur {
        let text = e.to_string();
        let text = crate::text::escape(text.lines().next().unwrap_or("").trim()).into_owned();
        if !text.is_empty() && out.last() != Some(&text) {
            out.push(text);
        }
        cur = e.source();
    }
    out
}

/// The innermost message of the chain: the actual reason (`Connection refused (os error 111)`).
pub fn root_cause(err: &(dyn StdError + 'static)) -> String {
    chain(err).pop().unwrap_or_default()
}

/// True when the chain says credentials or tokens could not be loaded.
pub fn mentions_credentials(err: &(dyn StdError + 'static)) -> bool {
    chain(err).iter().any(|m| {
        let m = m.to_ascii_lowercase();
        m.contains("credential") || m.contains("sso") || m.contains("token")
    })
}

#[cfg(test)]
mod tests;
