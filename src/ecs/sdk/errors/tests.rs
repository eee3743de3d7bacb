use super::*;
use aws_sdk_ecs::error::ErrorMetadata;
use aws_sdk_ecs::operation::describe_task_definition::DescribeTaskDefinitionError;
use aws_smithy_runtime_api::client::result::ConnectorError;
use aws_smithy_runtime_api::http::StatusCode;
use aws_smithy_types::body::SdkBody;

type Err = SdkError<DescribeTaskDefinitionError, HttpResponse>;

fn service(code: Option<&str>, message: Option<&str>, status: u16) -> Err {
    let mut meta = ErrorMetadata::builder();
    if let Some(c) = code {
        meta = meta.code(c);
    }
    if let Some(m) = message {
        meta = meta.message(m);
    }
    let raw = HttpResponse::new(StatusCode::try_from(status).unwrap(), SdkBody::empty());
    SdkError::service_error(DescribeTaskDefinitionError::generic(meta.build()), raw)
}

fn map(e: Err) -> EcsError {
    map_sdk_error("DescribeTaskDefinition", e)
}

#[test]
fn throttling_by_code_or_429() {
    let e = map(service(
        Some("ThrottlingException"),
        Some("Rate exceeded"),
        400,
    ));
    assert_eq!(
        (e.kind, e.message.as_str()),
        (ErrorKind::Throttled, "Rate exceeded")
    );
    assert_eq!(
        map(service(Some("Throttling"), None, 400)).kind,
        ErrorKind::Throttled
    );
    assert_eq!(map(service(None, None, 429)).kind, ErrorKind::Throttled);
    assert_eq!(
        map(service(Some("TooManyRequestsException"), None, 400)).kind,
        ErrorKind::Throttled
    );
}

#[test]
fn access_and_credentials_are_told_apart() {
    let e = map(service(
        Some("AccessDeniedException"),
        Some(
            "User: arn:aws:iam::1:user/x is not authorized to perform: ecs:DescribeTaskDefinition\nmore",
        ),
        400,
    ));
    assert_eq!(e.kind, ErrorKind::AccessDenied);
    assert!(!e.message.contains('\n'));
    assert_eq!(map(service(None, None, 403)).kind, ErrorKind::AccessDenied);
    for code in [
        "UnrecognizedClientException",
        "InvalidSignatureException",
        "ExpiredTokenException",
    ] {
        assert_eq!(
            map(service(Some(code), None, 400)).kind,
            ErrorKind::Credentials,
            "{code}"
        );
    }
}

#[test]
fn client_and_server_errors() {
    let e = map(service(
        Some("ClientException"),
        Some("Unable to describe task definition."),
        400,
    ));
    assert_eq!(e.kind, ErrorKind::Client);
    assert_eq!(e.message, "Unable to describe task definition.");
    assert_eq!(
        map(service(Some("InvalidParameterException"), None, 400)).kind,
        ErrorKind::Client
    );
    assert_eq!(
        map(service(Some("ServerException"), None, 500)).kind,
        ErrorKind::Server
    );
    let e = map(service(None, None, 503));
    assert_eq!(
        (e.kind, e.message.as_str()),
        (ErrorKind::Server, "HTTP 503")
    );
    // Code without message: the code is the message.
    assert_eq!(
        map(service(Some("ClientException"), None, 400)).message,
        "ClientException"
    );
}

#[test]
fn transport_failures_are_network() {
    let refused = std::io::Error::new(
        std::io::ErrorKind::ConnectionRefused,
        "Connection refused (os error 111)",
    );
    let e = map(SdkError::dispatch_failure(ConnectorError::io(
        refused.into(),
    )));
    assert_eq!(e.kind, ErrorKind::Network);
    assert_eq!(e.message, "Connection refused (os error 111)");
    let e = map(SdkError::timeout_error(
        "operation timeout (all attempts including retries) occurred after 5s",
    ));
    assert_eq!(e.kind, ErrorKind::Network);
    assert!(
        e.message.starts_with("timed out: operation timeout"),
        "{}",
        e.message
    );
}

#[test]
fn credential_provider_failures_are_credentials() {
    let inner = std::io::Error::other("the SSO token has expired and cannot be refreshed");
    let e = map(SdkError::dispatch_failure(ConnectorError::other(
        inner.into(),
        None,
    )));
    assert_eq!(e.kind, ErrorKind::Credentials);
    assert_eq!(
        e.message,
        "the SSO token has expired and cannot be refreshed"
    );
}

#[test]
fn classify_without_code_or_status_is_other() {
    assert_eq!(classify_service(None, None), ErrorKind::Other);
    assert_eq!(
        classify_service(Some("ClusterNotFoundException"), Some(400)),
        ErrorKind::Client
    );
}
