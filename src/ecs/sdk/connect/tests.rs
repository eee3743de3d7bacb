use super::*;
use std::fmt;

/// An error with a source chain, as credential providers report them.
#[derive(Debug)]
struct Chained(&'static str, Option<Box<Chained>>);

impl fmt::Display for Chained {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.0)
    }
}

impl std::error::Error for Chained {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.1.as_deref().map(|e| e as _)
    }
}

fn chained(outer: &'static str, inner: &'static str) -> Chained {
    Chained(outer, Some(Box::new(Chained(inner, None))))
}

#[test]
fn credential_failures_are_told_apart() {
    let expired = chained(
        "an error occurred while loading credentials",
        "the SSO token has expired and cannot be refreshed",
    );
    assert_eq!(
        credentials_error(Some("corp"), &expired),
        StartupError::SsoExpired {
            profile: "corp".into()
        }
    );
    let never = chained(
        "an error occurred while loading credentials",
        "failed to load the cached SSO token",
    );
    assert_eq!(
        credentials_error(None, &never),
        StartupError::SsoNotLoggedIn {
            profile: "default".into()
        }
    );
    let none = chained(
        "the credential provider was not enabled",
        "no providers in chain provided credentials",
    );
    assert!(matches!(
        credentials_error(None, &none),
        StartupError::NoCredentials { profile: None, .. }
    ));
    let process = chained(
        "an error occurred while loading credentials",
        "credential_process exited with status 1",
    );
    assert_eq!(
        credentials_error(Some("ops"), &process),
        StartupError::NoCredentials {
            profile: Some("ops".into()),
            reason: "credential_process exited with status 1".into()
        }
    );
}

#[test]
fn preflight_maps_kinds_to_startup_errors() {
    let e = |kind| EcsError::new("ListTaskDefinitionFamilies", kind, "why");
    assert!(matches!(
        preflight_error(e(ErrorKind::Network), "http://x", None),
        Err(StartupError::Unreachable { .. })
    ));
    assert!(matches!(
        preflight_error(e(ErrorKind::Credentials), "http://x", Some("p")),
        Err(StartupError::CredentialsRejected { .. })
    ));
    assert!(matches!(
        preflight_error(e(ErrorKind::AccessDenied), "http://x", None),
        Err(StartupError::AccessDenied { .. })
    ));
    assert_eq!(
        preflight_error(e(ErrorKind::Throttled), "http://x", None),
        Ok(())
    );
    assert_eq!(
        preflight_error(e(ErrorKind::Server), "http://x", None),
        Ok(())
    );
}
