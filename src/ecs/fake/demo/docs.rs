//! Generates an in-house family's register-input document for one revision: roles, sizes,
//! volumes and tags around the application container (`container.rs`) and its sidecars. Images,
//! sizes and sidecars change over the family's history, so neighbouring revisions differ the way
//! real ones do.

use serde_json::{Value, json};

use super::fixtures::Fixture;
use super::sidecars;
use super::table::{Profile, Spec};
use super::{mix, pick};
use crate::ecs::fake::store::{ACCOUNT, DocSource, REGION};

/// Fargate task sizes (cpu units, MiB), smallest first.
const SIZES: [(u32, u32); 5] = [
    (256, 512),
    (512, 1024),
    (1024, 2048),
    (2048, 4096),
    (4096, 8192),
];
const TEAMS: [&str; 9] = [
    "platform",
    "payments",
    "growth",
    "search",
    "data",
    "identity",
    "notifications",
    "storefront",
    "ml",
];

/// The document source for a family.
pub(super) fn source(spec: &Spec, seed: u64) -> Box<dyn DocSource> {
    match spec.profile {
        Profile::Fixture(docs) => Box::new(Fixture(docs)),
        _ => Box::new(Generated { spec: *spec, seed }),
    }
}

struct Generated {
    spec: Spec,
    seed: u64,
}

impl DocSource for Generated {
    fn document(&self, revision: u32) -> Value {
        Ctx {
            spec: &self.spec,
            seed: self.seed,
            r: revision,
        }
        .document()
    }
}

/// The language an in-house service is written in.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Lang {
    Node,
    Jvm,
    Python,
    Go,
    Ruby,
}

/// One revision being generated.
pub(super) struct Ctx<'a> {
    pub(super) spec: &'a Spec,
    pub(super) seed: u64,
    pub(super) r: u32,
}

impl Ctx<'_> {
    /// A stable per-family yes/no.
    pub(super) fn bit(&self, n: u32) -> bool {
        (self.seed >> n) & 1 == 1
    }

    /// True from a revision picked by `salt` onwards: features arrive and stay.
    pub(super) fn since(&self, salt: u64) -> bool {
        let n = u64::from(self.spec.revisions.max(1));
        u64::from(self.r) > pick(mix(self.seed, salt), n)
    }

    /// Hex digits derived from the family, the revision and `salt`.
    pub(super) fn hex(&self, salt: u64, len: usize) -> String {
        let mut out = String::with_capacity(len);
        let mut i = 0;
        while out.len() < len {
            out.push_str(&format!(
                "{:016x}",
                mix(self.seed ^ salt, u64::from(self.r) * 131 + i)
            ));
            i += 1;
        }
        out.truncate(len);
        out
    }

    /// Whether DATABASE_URL carries the password in plain text (the showcase family does).
    pub(super) fn plaintext_db(&self) -> bool {
        self.bit(6) || self.name() == super::BIG_FAMILY
    }

    pub(super) fn name(&self) -> &str {
        self.spec.name
    }

    pub(super) fn lang(&self) -> Lang {
        [Lang::Node, Lang::Jvm, Lang::Python, Lang::Go, Lang::Ruby]
            [pick(self.seed >> 3, 5) as usize]
    }

    pub(super) fn fargate(&self) -> bool {
        match self.spec.profile {
            Profile::Edge => false,
            Profile::Tool { .. } => self.bit(4),
            // Some families moved from EC2 to Fargate partway through their history.
            _ => !self.bit(4) || self.since(0xfa),
        }
    }

    pub(super) fn network(&self) -> &'static str {
        match self.spec.profile {
            _ if self.fargate() => "awsvpc",
            Profile::Edge => "bridge",
            _ if self.bit(12) => "awsvpc",
            _ => "bridge",
        }
    }

    /// Semver, git-sha or digest-pinned tag for the family's own ECR repository.
    fn own_image(&self) -> String {
        let repo = format!("{ACCOUNT}.dkr.ecr.{REGION}.amazonaws.com/{}", self.name());
        let r = self.r;
        let semver = format!("v{}.{}.{}", 1 + r / 100, (r % 100) / 10, r % 10);
        match pick(self.seed >> 7, 4) {
            0 => format!("{repo}:{semver}"),
            1 => format!("{repo}:git-{}", self.hex(0x617, 7)),
            2 => format!("{repo}:{semver}@sha256:{}", self.hex(0xd16, 64)),
            _ => format!("{repo}@sha256:{}", self.hex(0xd17, 64)),
        }
    }

    pub(super) fn image(&self) -> String {
        match self.spec.profile {
            Profile::Tool { image, .. } => format!("{image}{}", self.r.saturating_sub(1)),
            Profile::Edge => match self.name() {
                "haproxy-ingress" => {
                    format!("public.ecr.aws/docker/library/haproxy:2.9.{}", self.r)
                }
                "varnish-cache" => format!("varnish:7.{}", self.r / 3),
                _ => format!(
                    "public.ecr.aws/nginx/nginx:1.{}.{}-alpine",
                    25 + self.r / 30,
                    self.r % 5
                ),
            },
            _ => self.own_image(),
        }
    }

    pub(super) fn port(&self) -> Option<u16> {
        match self.spec.profile {
            Profile::Api => Some(match self.lang() {
                Lang::Node | Lang::Ruby => 3000,
                Lang::Python => 8000,
                Lang::Jvm | Lang::Go => 8080,
            }),
            Profile::Tool { port, .. } => Some(port),
            Profile::Edge => Some(80),
            _ => None,
        }
    }

    /// Task size: grows once over the family's history.
    pub(super) fn size(&self) -> (u32, u32) {
        let base = pick(self.seed >> 9, 3) as usize;
        let grown = base + usize::from(self.since(0x512));
        SIZES[grown.min(SIZES.len() - 1)]
    }

    fn document(&self) -> Value {
        let name = self.name();
        let firelens =
            self.bit(3) && self.since(0xf1) && !matches!(self.spec.profile, Profile::Tool { .. });
        let mut app = self.app_container(firelens);
        let mut containers = Vec::new();
        let mut depends = Vec::new();
        for (sidecar, condition) in sidecars::sidecars(self, firelens) {
            let sidecar_name = sidecar
                .get("name")
                .and_then(Value::as_str)
                .unwrap_or("")
                .to_string();
            if let Some(condition) = condition {
                depends.push(json!({"containerName": sidecar_name, "condition": condition}));
            }
            containers.push(Value::Object(sidecar));
        }
        if !depends.is_empty() {
            app.insert("dependsOn".into(), json!(depends));
        }
        containers.insert(0, Value::Object(app));
        let team = TEAMS[pick(self.seed >> 17, TEAMS.len() as u64) as usize];
        let manager = ["terraform", "copilot", "cdk"][pick(self.seed >> 21, 3) as usize];
        let mut doc = json!({
            "family": name,
            "taskRoleArn": format!("arn:aws:iam::{ACCOUNT}:role/{name}-task"),
            "executionRoleArn": format!("arn:aws:iam::{ACCOUNT}:role/ecsTaskExecutionRole"),
            "networkMode": self.network(),
            "containerDefinitions": containers,
            "volumes": self.volumes(),
            "tags": [
                {"key": "team", "value": team},
                {"key": "service", "value": name},
                {"key": "environment", "value": "production"},
                {"key": "cost-center", "value": format!("cc-{}", 1000 + pick(self.seed >> 25, 9000))},
                {"key": "managed-by", "value": manager},
            ],
            "registeredBy": self.registered_by(manager),
        });
        if self.fargate() {
            let (cpu, mem) = self.size();
            let arch = if self.bit(5) && self.since(0x64) {
                "ARM64"
            } else {
                "X86_64"
            };
            doc["requiresCompatibilities"] = json!(["FARGATE"]);
            doc["cpu"] = json!(cpu.to_string());
            doc["memory"] = json!(mem.to_string());
            doc["runtimePlatform"] =
                json!({"operatingSystemFamily": "LINUX", "cpuArchitecture": arch});
        } else {
            doc["requiresCompatibilities"] = json!(["EC2"]);
            if matches!(self.spec.profile, Profile::Edge) {
                doc["placementConstraints"] =
                    json!([{"type": "memberOf", "expression": "attribute:role == edge"}]);
            }
        }
        doc
    }

    /// Whether the family keeps state on EFS.
    fn efs(&self) -> bool {
        matches!(self.spec.profile, Profile::Tool { .. } | Profile::Cron) && self.bit(15)
    }

    pub(super) fn mount_points(&self) -> Vec<Value> {
        let mut m = Vec::new();
        if self.bit(14) {
            m.push(json!({"sourceVolume": "tmp", "containerPath": "/tmp", "readOnly": false}));
        }
        if matches!(self.spec.profile, Profile::Edge) {
            m.push(json!({"sourceVolume": "cache", "containerPath": "/var/cache/nginx", "readOnly": false}));
        }
        if self.efs() {
            m.push(json!({"sourceVolume": "data", "containerPath": "/data", "readOnly": false}));
        }
        m
    }

    fn volumes(&self) -> Value {
        let mut v = Vec::new();
        if self.bit(14) {
            v.push(json!({"name": "tmp"}));
        }
        if matches!(self.spec.profile, Profile::Edge) {
            v.push(json!({"name": "cache", "host": {"sourcePath": "/var/cache/nginx"}}));
        }
        if self.efs() {
            v.push(json!({
                "name": "data",
                "efsVolumeConfiguration": {
                    "fileSystemId": format!("fs-0{:016x}", mix(self.seed, 0xef5)),
                    "rootDirectory": format!("/{}", self.name()),
                    "transitEncryption": "ENABLED",
                },
            }));
        }
        Value::Array(v)
    }

    fn registered_by(&self, manager: &str) -> String {
        if self.r.is_multiple_of(17) {
            return format!(
                "arn:aws:sts::{ACCOUNT}:assumed-role/AWSReservedSSO_AdministratorAccess_4f1c2e9d8b7a6c5e/alice@example.com"
            );
        }
        if u64::from(self.r) * 3 < u64::from(self.spec.revisions) {
            return format!("arn:aws:iam::{ACCOUNT}:user/jenkins");
        }
        format!("arn:aws:sts::{ACCOUNT}:assumed-role/github-actions-deploy/{manager}")
    }
}
