use super::*;

#[test]
fn parses_the_process_credentials_format() {
    let c = parse(
        r#"{"Version": 1, "AccessKeyId": "AKID", "SecretAccessKey": "SECRET",
                "SessionToken": "TOKEN", "Expiration": "2030-05-02T18:36:00Z"}"#,
    )
    .unwrap();
    assert_eq!(c.access_key_id(), "AKID");
    assert_eq!(c.secret_access_key(), "SECRET");
    assert_eq!(c.session_token(), Some("TOKEN"));
    assert!(c.expiry().is_some());
    let c = parse(r#"{"version": 1, "accesskeyid": "A", "secretaccesskey": "S"}"#).unwrap();
    assert_eq!((c.session_token(), c.expiry()), (None, None));
    for bad in [
        "",
        "[]",
        r#"{"Version": 2, "AccessKeyId": "A", "SecretAccessKey": "S"}"#,
        r#"{"Version": 1, "SecretAccessKey": "S"}"#,
        r#"{"Version": 1, "AccessKeyId": "A", "SecretAccessKey": "S", "Expiration": "soon"}"#,
    ] {
        assert!(parse(bad).is_err(), "{bad}");
    }
}

#[tokio::test]
async fn runs_the_command_and_reports_its_failure() {
    let ok = CredentialProcess::new(
        r#"echo '{"Version": 1, "AccessKeyId": "A", "SecretAccessKey": "S"}'"#,
    );
    assert_eq!(ok.provide_credentials().await.unwrap().access_key_id(), "A");
    let bad = CredentialProcess::new("echo 'token expired \u{1b}[2J' >&2; exit 3");
    let err = bad.provide_credentials().await.unwrap_err();
    let msg = crate::ecs::sdk::errors::root_cause(&err);
    assert_eq!(
        msg,
        "credential_process exited with 3: token expired \\x1b[2J"
    );
}
