use super::*;

#[test]
fn sentences_are_one_line_with_a_hint() {
    let cases = [
        StartupError::NoRegion,
        StartupError::UnknownProfile {
            profile: "prod".into(),
        },
        StartupError::SsoExpired {
            profile: "prod".into(),
        },
        StartupError::NoCredentials {
            profile: None,
            reason: "none found".into(),
        },
        StartupError::Unreachable {
            endpoint: "http://127.0.0.1:9".into(),
            reason: "Connection refused (os error 111)".into(),
        },
    ];
    for e in cases {
        let s = e.to_string();
        assert!(!s.contains('\n'), "{s}");
        assert!(s.contains(':'), "no hint in {s}");
    }
    assert_eq!(
        StartupError::SsoExpired {
            profile: "prod".into()
        }
        .to_string(),
        "the AWS SSO session for profile 'prod' has expired: run `aws sso login --profile prod`"
    );
}
