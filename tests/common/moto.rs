//! The patched moto server (tests/support/moto_server.py) as a child process.

use std::io::{BufRead, BufReader};
use std::path::PathBuf;
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

use aws_sdk_ecs::config::{BehaviorVersion, Credentials, Region};
use taskdefs::ecs::sdk::SdkEcs;

use super::http;
use super::seed::Seed;

/// Region every test uses.
pub const REGION: &str = "us-east-1";
/// moto's fixed account id.
pub const ACCOUNT: &str = "123456789012";

/// A moto ECS server on 127.0.0.1, killed when dropped (and when the test process dies:
/// the launcher exits when its stdin closes).
pub struct MotoServer {
    child: Child,
    _stdin: ChildStdin,
    port: u16,
    log: tempfile::NamedTempFile,
    /// `XDG_CACHE_HOME` for the binary run against this server (`env`).
    cache: tempfile::TempDir,
}

/// An error (or delay) the launcher injects into the next matching ECS calls.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Fault {
    /// ECS action, e.g. `ListServices`, or `*` for any.
    pub action: String,
    /// Error code (`__type`), e.g. `ThrottlingException`; `None` only delays.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
    /// Error message.
    pub message: String,
    /// HTTP status of the error response.
    pub status: u16,
    /// How many matching calls it affects.
    pub times: u32,
    /// Delay before answering, in milliseconds.
    pub delay_ms: u64,
    /// Only calls signed for this region (moto serves every region from one server).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
}

impl Fault {
    /// `times` calls of `action` fail with `code` / `message` and HTTP `status`.
    pub fn error(action: &str, code: &str, message: &str, status: u16, times: u32) -> Fault {
        Fault {
            action: action.to_string(),
            code: Some(code.to_string()),
            message: message.to_string(),
            status,
            times,
            delay_ms: 0,
            region: None,
        }
    }

    /// The same fault, only for calls signed for `region`.
    pub fn in_region(mut self, region: &str) -> Fault {
        self.region = Some(region.to_string());
        self
    }

    /// `times` calls of `action` answer normally but only after `delay`.
    pub fn delay(action: &str, delay: Duration, times: u32) -> Fault {
        Fault {
            action: action.to_string(),
            code: None,
            message: String::new(),
            status: 200,
            times,
            delay_ms: delay.as_millis() as u64,
            region: None,
        }
    }
}

/// The venv's Python: `$TASKDEFS_PYTHON`, else `.venv/bin/python` in the repository.
pub fn python() -> PathBuf {
    if let Some(p) = std::env::var_os("TASKDEFS_PYTHON") {
        return PathBuf::from(p);
    }
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(".venv/bin/python")
}

/// Without the test venv no moto test can pass: say so once, in one sentence, and stop this
/// test binary, rather than let every test fail with the same panic.
fn no_venv(python: &std::path::Path) -> ! {
    static ONCE: std::sync::Once = std::sync::Once::new();
    // Other tests arriving here wait on `ONCE` until the first one has exited the process.
    ONCE.call_once(|| {
        use std::io::Write as _;
        // Straight to stderr: the test harness would swallow `eprintln!` at the exit.
        let _ = writeln!(
            std::io::stderr(),
            "\n{NO_VENV} ({} not found, or set TASKDEFS_PYTHON).\n",
            python.display()
        );
        std::process::exit(1);
    });
    unreachable!("the first test without the venv exits the process")
}

/// The sentence a plain `cargo test` without the test venv stops with.
pub const NO_VENV: &str =
    "The moto tests need the test venv: run `bash tests/run` once, it creates .venv";

impl MotoServer {
    /// Starts a fresh server on a free port and waits until it accepts requests.
    pub fn start() -> MotoServer {
        let python = python();
        if !python.exists() {
            no_venv(&python);
        }
        let script = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/support/moto_server.py");
        let log = tempfile::NamedTempFile::new().expect("moto log file");
        let mut child = Command::new(&python)
            .arg(&script)
            .args(["--port", "0", "--exit-on-stdin-eof"])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(log.reopen().expect("moto log"))
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start {}: {e}", python.display()));
        let stdin = child.stdin.take().expect("stdin");
        let stdout = child.stdout.take().expect("stdout");

        // The launcher picks the port (no race) and says it on its first line.
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            let mut lines = BufReader::new(stdout).lines();
            if let Some(Ok(line)) = lines.next() {
                let _ = tx.send(line);
            }
            for _ in lines {} // keep draining so the launcher never blocks on stdout
        });
        let line = match rx.recv_timeout(Duration::from_secs(60)) {
            Ok(line) => line,
            Err(_) => {
                let _ = child.kill();
                let stderr = std::fs::read_to_string(log.path()).unwrap_or_default();
                panic!("moto did not start within 60 s; its stderr:\n{stderr}");
            }
        };
        let port = line
            .rsplit(':')
            .next()
            .and_then(|p| p.trim().parse().ok())
            .unwrap_or_else(|| panic!("unexpected ready line from moto: {line:?}"));
        MotoServer {
            child,
            _stdin: stdin,
            port,
            log,
            cache: tempfile::tempdir().expect("cache dir"),
        }
    }

    /// `http://127.0.0.1:PORT`.
    pub fn endpoint(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    /// The TCP port.
    pub fn port(&self) -> u16 {
        self.port
    }

    /// What the server wrote to stderr so far (tracebacks of moto failures land here).
    pub fn log(&self) -> String {
        std::fs::read_to_string(self.log.path()).unwrap_or_default()
    }

    /// SDK config for this server: us-east-1, dummy credentials, no files or env read.
    pub fn sdk_config(&self) -> aws_sdk_ecs::config::Builder {
        aws_sdk_ecs::config::Builder::new()
            .behavior_version(BehaviorVersion::latest())
            .region(Region::new(REGION))
            .credentials_provider(Credentials::new("testing", "testing", None, None, "tests"))
            .endpoint_url(self.endpoint())
    }

    /// A raw aws-sdk-ecs client for this server.
    pub fn client(&self) -> aws_sdk_ecs::Client {
        aws_sdk_ecs::Client::from_conf(self.sdk_config().build())
    }

    /// The adapter under test, with taskdefs' retry and timeout settings.
    pub fn sdk_ecs(&self) -> SdkEcs {
        SdkEcs::from_config(self.sdk_config())
    }

    /// The adapter with the SDK's retries off, so injected faults surface on the first call.
    pub fn sdk_ecs_no_retry(&self) -> SdkEcs {
        SdkEcs::new(aws_sdk_ecs::Client::from_conf(
            self.sdk_config()
                .retry_config(aws_sdk_ecs::config::retry::RetryConfig::disabled())
                .build(),
        ))
    }

    /// Seeding helpers bound to this server.
    pub fn seed(&self) -> Seed {
        Seed::new(self.client())
    }

    /// Seeding helpers for another region of this server (the request signature names it).
    pub fn seed_in(&self, region: &str) -> Seed {
        Seed::new(aws_sdk_ecs::Client::from_conf(
            self.sdk_config()
                .region(Region::new(region.to_string()))
                .build(),
        ))
    }

    /// Environment for running the `taskdefs` binary (or the AWS CLI) against this server,
    /// isolated from the user's own AWS files and from instance metadata.
    pub fn env(&self) -> Vec<(&'static str, String)> {
        vec![
            ("AWS_ACCESS_KEY_ID", "testing".into()),
            ("AWS_SECRET_ACCESS_KEY", "testing".into()),
            ("AWS_REGION", REGION.into()),
            ("AWS_DEFAULT_REGION", REGION.into()),
            ("AWS_ENDPOINT_URL", self.endpoint()),
            ("AWS_EC2_METADATA_DISABLED", "true".into()),
            ("AWS_CONFIG_FILE", "/dev/null".into()),
            ("AWS_SHARED_CREDENTIALS_FILE", "/dev/null".into()),
            // The binary's cache of revision summaries stays with this server.
            ("XDG_CACHE_HOME", self.cache.path().display().to_string()),
        ]
    }

    /// ECS calls received per action since start or the last `reset_calls`.
    pub fn calls(&self) -> std::collections::HashMap<String, u64> {
        let (status, text) = http::request(self.port, "GET", "/_taskdefs/calls", "");
        assert_eq!(status, 200, "call counts: {text}");
        serde_json::from_str(&text).expect("call counts json")
    }

    /// Starts counting calls from zero.
    pub fn reset_calls(&self) {
        let (status, text) = http::request(self.port, "DELETE", "/_taskdefs/calls", "");
        assert_eq!(status, 200, "reset call counts: {text}");
    }

    /// Queues a fault for the next matching ECS calls.
    pub fn inject(&self, fault: &Fault) {
        let body = serde_json::to_string(fault).expect("fault json");
        let (status, text) = http::request(self.port, "POST", "/_taskdefs/faults", &body);
        assert_eq!(status, 204, "fault injection failed: {text}");
    }

    /// Enforces (or stops enforcing) ECS's task definition buckets on the server.
    pub fn enforce_buckets(&self, on: bool) {
        let method = if on { "POST" } else { "DELETE" };
        let (status, text) = http::request(self.port, method, "/_taskdefs/buckets", "");
        assert_eq!(status, 204, "bucket switch failed: {text}");
    }

    /// Enforces ECS's task definition buckets, the read bucket (burst 50, then 20 per
    /// second for listings and describes) included.
    pub fn enforce_buckets_with_reads(&self) {
        let (status, text) = http::request(self.port, "POST", "/_taskdefs/buckets?read=1", "");
        assert_eq!(status, 204, "bucket switch failed: {text}");
    }

    /// Drops every queued fault.
    pub fn clear_faults(&self) {
        let (status, text) = http::request(self.port, "DELETE", "/_taskdefs/faults", "");
        assert_eq!(status, 204, "clearing faults failed: {text}");
    }

    /// Forgets every resource (moto's own reset), e.g. between phases of one test.
    pub fn reset(&self) {
        let (status, text) = http::request(self.port, "POST", "/moto-api/reset", "");
        assert_eq!(status, 200, "moto reset failed: {text}");
    }
}

impl Drop for MotoServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
