//! `connect()` turns every start-up problem into one sentence with a hint.
//!
//! aws-config reads the process environment and `$HOME`, and changing either inside a test
//! would race with other tests (and needs `unsafe`). So each case re-runs this test binary
//! as a child (`child_connect`) with a cleared environment, a temporary HOME and only the
//! variables the case needs; the child prints `RESULT-OK <label>` or `RESULT-ERR <sentence>`.

// Test code: a failed unwrap is a failed test.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::path::Path;
use std::process::Command;

use common::{Fault, MotoServer};
use taskdefs::ecs::sdk::{ConnectOptions, connect};

const CHILD: &str = "TASKDEFS_STARTUP_CHILD";

/// sha1("corp-sso"): aws-config names an sso-session's token cache file after it.
const SSO_CACHE_FILE: &str = "6f41fd3fbc69a076873a4656707fd9925e5c1f07.json";

/// Not a test of its own: the entry point the cases re-run in a child process (`--ignored`).
#[test]
#[ignore = "the entry point the other cases re-run as a child, not a test of its own"]
fn child_connect() {
    if std::env::var_os(CHILD).is_none() {
        return;
    }
    let opt = |name: &str| std::env::var(name).ok().filter(|v| !v.is_empty());
    let opts = ConnectOptions {
        profile: opt("T_PROFILE"),
        region: opt("T_REGION"),
        endpoint_url: opt("T_ENDPOINT"),
        credentials_timeout: opt("T_CRED_TIMEOUT_MS")
            .map(|ms| std::time::Duration::from_millis(ms.parse().unwrap())),
        ..ConnectOptions::default()
    };
    match common::block_on(connect(&opts)) {
        Ok(c) => println!("RESULT-OK {}", c.label),
        Err(e) => println!("RESULT-ERR {e}"),
    }
}

/// A temporary HOME with optional `~/.aws/config` and `~/.aws/credentials`.
struct Home {
    dir: tempfile::TempDir,
}

impl Home {
    fn new(config: &str, credentials: &str) -> Home {
        let dir = tempfile::tempdir().unwrap();
        let aws = dir.path().join(".aws");
        std::fs::create_dir_all(aws.join("sso/cache")).unwrap();
        if !config.is_empty() {
            std::fs::write(aws.join("config"), config).unwrap();
        }
        if !credentials.is_empty() {
            std::fs::write(aws.join("credentials"), credentials).unwrap();
        }
        Home { dir }
    }

    fn path(&self) -> &Path {
        self.dir.path()
    }
}

/// Runs `connect` in a child with HOME = `home`, IMDS off, and exactly `env` otherwise.
fn run(home: &Home, env: &[(&str, &str)]) -> Result<String, String> {
    let out = Command::new(std::env::current_exe().unwrap())
        .args([
            "child_connect",
            "--exact",
            "--ignored",
            "--nocapture",
            "--test-threads=1",
        ])
        .env_clear()
        .env(CHILD, "1")
        .env("HOME", home.path())
        // Never probe 169.254.169.254 from a test.
        .env("AWS_EC2_METADATA_DISABLED", "true")
        .envs(env.iter().copied())
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    // The harness prints `test child_connect ... ` before the child's own output.
    for line in stdout.lines() {
        if let Some((_, label)) = line.split_once("RESULT-OK ") {
            return Ok(label.to_string());
        }
        if let Some((_, sentence)) = line.split_once("RESULT-ERR ") {
            return Err(sentence.to_string());
        }
    }
    panic!(
        "child printed no result; stdout:\n{stdout}\nstderr:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

const KEYS: [(&str, &str); 2] = [
    ("AWS_ACCESS_KEY_ID", "testing"),
    ("AWS_SECRET_ACCESS_KEY", "testing"),
];

fn with_keys<'a>(extra: &[(&'a str, &'a str)]) -> Vec<(&'a str, &'a str)> {
    KEYS.iter().copied().chain(extra.iter().copied()).collect()
}

#[test]
fn no_region() {
    let home = Home::new("", "");
    let err = run(&home, &with_keys(&[])).unwrap_err();
    assert_eq!(
        err,
        "no AWS region: pass --region or set AWS_REGION (or set region in your profile)"
    );
}

#[test]
fn unknown_profile_by_flag_or_env() {
    let home = Home::new(
        "[profile dev]\nregion = us-east-1\n",
        "[dev]\naws_access_key_id = testing\naws_secret_access_key = testing\n",
    );
    let want = "profile 'prod' not found in ~/.aws/config or ~/.aws/credentials: \
                check --profile / AWS_PROFILE";
    assert_eq!(run(&home, &[("T_PROFILE", "prod")]).unwrap_err(), want);
    assert_eq!(run(&home, &[("AWS_PROFILE", "prod")]).unwrap_err(), want);
}

#[test]
fn no_credentials_anywhere() {
    let home = Home::new("[default]\nregion = eu-west-1\n", "");
    let err = run(&home, &[]).unwrap_err();
    assert!(err.starts_with("no AWS credentials ("), "{err}");
    assert!(err.contains("aws sso login"), "{err}");
    assert!(!err.contains('\n'));
}

#[test]
fn expired_sso_token() {
    let config = "[profile corp]\nsso_session = corp-sso\nsso_account_id = 123456789012\n\
                  sso_role_name = ReadOnly\nregion = us-east-1\n\n\
                  [sso-session corp-sso]\nsso_start_url = https://example.awsapps.com/start\n\
                  sso_region = us-east-1\nsso_registration_scopes = sso:account:access\n";
    let home = Home::new(config, "");
    // Never logged in on this host: no cached token.
    assert_eq!(
        run(&home, &[("T_PROFILE", "corp")]).unwrap_err(),
        "no AWS SSO login found for profile 'corp': run `aws sso login --profile corp`"
    );
    // Logged in long ago: expired and, without a refresh token, not refreshable (so
    // aws-config fails without any network call).
    std::fs::write(
        home.path().join(".aws/sso/cache").join(SSO_CACHE_FILE),
        r#"{"accessToken": "expired", "expiresAt": "2020-01-01T00:00:00Z",
            "region": "us-east-1", "startUrl": "https://example.awsapps.com/start"}"#,
    )
    .unwrap();
    let want =
        "the AWS SSO session for profile 'corp' has expired: run `aws sso login --profile corp`";
    assert_eq!(run(&home, &[("T_PROFILE", "corp")]).unwrap_err(), want);
    assert_eq!(run(&home, &[("AWS_PROFILE", "corp")]).unwrap_err(), want);
}

#[test]
fn unreachable_endpoint() {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let endpoint = format!("http://127.0.0.1:{port}");
    let home = Home::new("", "");
    let err = run(
        &home,
        &with_keys(&[("T_REGION", "us-east-1"), ("T_ENDPOINT", &endpoint)]),
    )
    .unwrap_err();
    assert!(
        err.starts_with(&format!("cannot reach ECS at {endpoint}: ")),
        "{err}"
    );
    assert!(err.to_lowercase().contains("refused"), "{err}");
    assert!(
        err.ends_with("; check --endpoint-url and your network"),
        "{err}"
    );
}

#[test]
fn connects_and_labels_the_backend() {
    let moto = MotoServer::start();
    let endpoint = moto.endpoint();
    let home = Home::new(
        "[profile dev]\nregion = eu-west-1\n",
        "[dev]\naws_access_key_id = testing\naws_secret_access_key = testing\n",
    );
    let label = run(
        &home,
        &with_keys(&[("T_REGION", "us-east-1"), ("T_ENDPOINT", &endpoint)]),
    )
    .unwrap();
    assert_eq!(label, format!("us-east-1 · {endpoint}"));
    // The endpoint from the environment counts too, and so do the profile's region and keys.
    let label = run(
        &home,
        &[("T_PROFILE", "dev"), ("AWS_ENDPOINT_URL", &endpoint)],
    )
    .unwrap();
    assert_eq!(label, format!("eu-west-1 · profile dev · {endpoint}"));
}

#[test]
fn rejected_credentials_and_missing_permission() {
    let moto = MotoServer::start();
    let endpoint = moto.endpoint();
    let home = Home::new("", "");
    let env = with_keys(&[("T_REGION", "us-east-1"), ("T_ENDPOINT", &endpoint)]);
    moto.inject(&Fault::error(
        "ListTaskDefinitionFamilies",
        "UnrecognizedClientException",
        "The security token included in the request is invalid.",
        400,
        1,
    ));
    assert_eq!(
        run(&home, &env).unwrap_err(),
        "AWS rejected the credentials (The security token included in the request is invalid.): \
         refresh them, e.g. run `aws sso login --profile NAME`"
    );
    moto.inject(&Fault::error(
        "ListTaskDefinitionFamilies",
        "AccessDeniedException",
        "User: arn:aws:iam::123456789012:user/ro is not authorized",
        400,
        1,
    ));
    let err = run(&home, &env).unwrap_err();
    assert!(err.starts_with("access denied on ecs:ListTaskDefinitionFamilies (User: arn:aws:iam::123456789012:user/ro is not authorized)"), "{err}");
    // A throttled preflight still starts: ECS is there.
    moto.inject(&Fault::error(
        "ListTaskDefinitionFamilies",
        "ThrottlingException",
        "Rate exceeded",
        400,
        1,
    ));
    assert!(run(&home, &env).is_ok());
}

/// PIDs of processes whose command line contains `pattern`.
fn pids_matching(pattern: &str) -> Vec<String> {
    let out = Command::new("pgrep")
        .args(["-f", pattern])
        .output()
        .unwrap();
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(str::to_string)
        .collect()
}

#[test]
fn a_hung_credential_process_is_killed_with_its_children() {
    // A sleep no other process runs, started by a shell started by the helper's shell.
    let marker = format!("sleep 1000.{}", std::process::id());
    let config = format!(
        "[profile hang]\nregion = us-east-1\ncredential_process = sh -c '{marker}; true'\n"
    );
    let home = Home::new(&config, "");
    let err = run(
        &home,
        &[
            ("T_PROFILE", "hang"),
            ("T_CRED_TIMEOUT_MS", "500"),
            ("PATH", "/usr/bin:/bin"),
        ],
    )
    .unwrap_err();
    assert!(
        err.starts_with("loading AWS credentials timed out after 0.5 s: "),
        "{err}"
    );
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(5);
    loop {
        let left = pids_matching(&marker);
        if left.is_empty() {
            break;
        }
        if std::time::Instant::now() > deadline {
            for pid in &left {
                let _ = Command::new("kill").args(["-KILL", pid]).status();
            }
            panic!("the credential helper outlived its timeout: {left:?} still run `{marker}`");
        }
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
}

#[test]
fn a_credential_process_that_answers_is_used() {
    let moto = MotoServer::start();
    let endpoint = moto.endpoint();
    let config = "[profile helper]\nregion = us-east-1\ncredential_process = \
                  printf '{\"Version\": 1, \"AccessKeyId\": \"testing\", \"SecretAccessKey\": \"testing\"}'\n";
    let home = Home::new(config, "");
    let label = run(
        &home,
        &[
            ("T_PROFILE", "helper"),
            ("T_ENDPOINT", &endpoint),
            ("PATH", "/usr/bin:/bin"),
        ],
    )
    .unwrap();
    assert_eq!(label, format!("us-east-1 · profile helper · {endpoint}"));
    let home = Home::new(
        "[profile broken]\nregion = us-east-1\ncredential_process = sh -c 'echo expired >&2; exit 3'\n",
        "",
    );
    let err = run(&home, &[("T_PROFILE", "broken"), ("PATH", "/usr/bin:/bin")]).unwrap_err();
    assert!(
        err.starts_with(
            "no AWS credentials for profile 'broken' (credential_process exited with 3: expired)"
        ),
        "{err}"
    );
}

#[test]
fn without_the_venv_the_moto_tests_stop_at_once_with_one_sentence() {
    // Two moto tests at once, as `cargo test` runs them: one sentence, not one panic each.
    let out = Command::new(std::env::current_exe().unwrap())
        .args([
            "connects_and_labels_the_backend",
            "rejected_credentials_and_missing_permission",
            "--test-threads=2",
        ])
        .env("TASKDEFS_PYTHON", "/nonexistent/taskdefs-venv/bin/python")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(!out.status.success(), "{stdout}{stderr}");
    assert_eq!(stderr.matches(common::moto::NO_VENV).count(), 1, "{stderr}");
    assert!(
        !stdout.contains("panicked") && !stderr.contains("panicked"),
        "{stdout}{stderr}"
    );
}
