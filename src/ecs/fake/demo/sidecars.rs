//! Environment, secrets, logging and sidecar containers of generated revisions: what makes
//! the detail pane worth reading (and the env masking necessary: some values are plaintext
//! credentials, as in real accounts).

use serde_json::{Map, Value, json};

use super::docs::{Ctx, Lang};
use super::table::Profile;
use super::{mix, pick};
use crate::ecs::fake::store::{ACCOUNT, REGION};

fn nv(name: &str, value: impl Into<String>) -> Value {
    json!({"name": name, "value": value.into()})
}

fn secret(name: &str, value_from: String) -> Value {
    json!({"name": name, "valueFrom": value_from})
}

fn obj(v: Value) -> Map<String, Value> {
    match v {
        Value::Object(m) => m,
        _ => Map::new(),
    }
}

/// `environment` of the application container.
pub(super) fn environment(cx: &Ctx<'_>) -> Vec<Value> {
    let name = cx.name();
    let mut env = vec![
        nv("AWS_REGION", REGION),
        nv("APP_ENV", "production"),
        nv(
            "LOG_LEVEL",
            if cx.r.is_multiple_of(9) {
                "debug"
            } else {
                "info"
            },
        ),
        nv("OTEL_SERVICE_NAME", name),
    ];
    if let Some(port) = cx.port() {
        env.push(nv("PORT", port.to_string()));
    }
    if let Profile::Tool { .. } = cx.spec.profile {
        env.push(nv("TZ", "UTC"));
        if name == "grafana" {
            env.push(nv(
                "GF_SECURITY_ADMIN_PASSWORD",
                format!("grafana-{}", cx.hex(0xa0, 8)),
            ));
            env.push(nv(
                "GF_SERVER_ROOT_URL",
                "https://grafana.internal.example.com",
            ));
        }
        return env;
    }
    match cx.lang() {
        Lang::Node => {
            let (_, mem) = cx.size();
            env.push(nv("NODE_ENV", "production"));
            env.push(nv(
                "NODE_OPTIONS",
                format!("--max-old-space-size={}", mem * 3 / 4),
            ));
        }
        Lang::Jvm => {
            env.push(nv("SPRING_PROFILES_ACTIVE", "prod"));
            env.push(nv(
                "JAVA_TOOL_OPTIONS",
                "-XX:+UseContainerSupport -Dfile.encoding=UTF-8",
            ));
        }
        Lang::Python => {
            env.push(nv("PYTHONUNBUFFERED", "1"));
            env.push(nv("DJANGO_SETTINGS_MODULE", "app.settings.production"));
        }
        Lang::Go => env.push(nv("GOMAXPROCS", "2")),
        Lang::Ruby => {
            env.push(nv("RAILS_ENV", "production"));
            env.push(nv("RAILS_LOG_TO_STDOUT", "true"));
        }
    }
    let db = name.replace('-', "_");
    if cx.plaintext_db() {
        // The password rotates once in the family's history.
        let rotation = u64::from(cx.since(0x9a55));
        let stem: String = db.chars().take(4).collect();
        let password = format!("{stem}Pw!{:08x}", mix(cx.seed, rotation) as u32);
        env.push(nv(
            "DATABASE_URL",
            format!(
                "postgres://{db}_app:{password}@{name}-db.cluster-c8xk2lq0mzpe.{REGION}.rds.amazonaws.com:5432/{db}?sslmode=require"
            ),
        ));
    } else {
        env.push(nv(
            "DB_HOST",
            format!("{name}-db.cluster-c8xk2lq0mzpe.{REGION}.rds.amazonaws.com"),
        ));
        env.push(nv("DB_NAME", db));
    }
    if cx.bit(8) {
        env.push(nv(
            "REDIS_URL",
            format!(
                "rediss://:{}@{name}-cache.x1y2z3.ng.0001.use1.cache.amazonaws.com:6379",
                cx.hex(0x4ed, 24)
            ),
        ));
    }
    if ["payment", "checkout", "billing", "invoice", "ledger"]
        .iter()
        .any(|w| name.contains(w))
    {
        env.push(nv(
            "STRIPE_API_KEY",
            format!("sk_live_51H{}", cx.hex(0x5791, 30)),
        ));
    }
    if cx.bit(9) {
        env.push(nv(
            "SENTRY_DSN",
            format!(
                "https://{}@o450123.ingest.sentry.io/{}",
                cx.hex(0x5e7, 32),
                4_000_000 + pick(cx.seed, 999_999)
            ),
        ));
    }
    if cx.since(0xf1a6) {
        env.push(nv(
            "FEATURE_NEW_PRICING",
            if cx.r.is_multiple_of(2) {
                "true"
            } else {
                "false"
            },
        ));
    }
    if sidecar_on(cx, 2, 0xdd) {
        env.push(nv("DD_SERVICE", name));
        env.push(nv("DD_ENV", "prod"));
        env.push(nv("DD_VERSION", cx.r.to_string()));
    }
    env
}

/// `secrets` of the application container.
pub(super) fn secrets(cx: &Ctx<'_>) -> Vec<Value> {
    let name = cx.name();
    let asm = format!("arn:aws:secretsmanager:{REGION}:{ACCOUNT}:secret:prod/{name}");
    let ssm = format!("arn:aws:ssm:{REGION}:{ACCOUNT}:parameter/prod/{name}");
    let mut out = Vec::new();
    if let Profile::Tool { .. } = cx.spec.profile {
        if cx.bit(7) {
            out.push(secret("ADMIN_PASSWORD", format!("{ssm}/admin-password")));
        }
        return out;
    }
    if !cx.plaintext_db() {
        out.push(secret(
            "DB_PASSWORD",
            format!("{asm}/db-{}", cx.hex(0xab, 6)),
        ));
    }
    if matches!(cx.spec.profile, Profile::Api) && cx.bit(10) {
        out.push(secret(
            "JWT_SIGNING_KEY",
            format!("{asm}/app-{}:jwt_signing_key::", cx.hex(0xac, 6)),
        ));
    }
    if cx.bit(11) {
        out.push(secret(
            "THIRD_PARTY_API_KEY",
            format!("{ssm}/third-party-api-key"),
        ));
    }
    out
}

/// An awslogs configuration for `container`.
pub(super) fn awslogs(cx: &Ctx<'_>, container: &str) -> Value {
    let mut options = json!({
        "awslogs-group": format!("/ecs/prod/{}", cx.name()),
        "awslogs-region": REGION,
        "awslogs-stream-prefix": container,
    });
    if cx.bit(16) {
        options["mode"] = json!("non-blocking");
        options["max-buffer-size"] = json!("25m");
    }
    json!({"logDriver": "awslogs", "options": options})
}

/// True when the sidecar chosen by `bit` is present in this revision.
fn sidecar_on(cx: &Ctx<'_>, bit: u32, salt: u64) -> bool {
    let own = matches!(
        cx.spec.profile,
        Profile::Api | Profile::Worker | Profile::Cron
    );
    own && cx.bit(bit) && cx.since(salt)
}

/// Sidecars, each with the condition the application waits for (if any).
pub(super) fn sidecars(
    cx: &Ctx<'_>,
    firelens: bool,
) -> Vec<(Map<String, Value>, Option<&'static str>)> {
    let name = cx.name();
    let r = cx.r;
    let mut out = Vec::new();
    if firelens {
        out.push((
            obj(json!({
                "name": "log_router",
                "image": format!("public.ecr.aws/aws-observability/aws-for-fluent-bit:2.32.{}", r % 6),
                "essential": true,
                "user": "0",
                "firelensConfiguration": {"type": "fluentbit", "options": {"enable-ecs-log-metadata": "true"}},
                "memoryReservation": 50,
                "logConfiguration": awslogs(cx, "firelens"),
            })),
            Some("START"),
        ));
    }
    if matches!(cx.spec.profile, Profile::Api) && sidecar_on(cx, 0, 0xe1) {
        out.push((
            obj(json!({
                "name": "envoy",
                "image": format!("840364872350.dkr.ecr.{REGION}.amazonaws.com/aws-appmesh-envoy:v1.29.{}.0-prod", r % 10),
                "essential": true,
                "user": "1337",
                "environment": [
                    nv("APPMESH_RESOURCE_ARN", format!("arn:aws:appmesh:{REGION}:{ACCOUNT}:mesh/prod/virtualNode/{name}-vn")),
                    nv("ENVOY_LOG_LEVEL", "info"),
                ],
                "healthCheck": {
                    "command": ["CMD-SHELL", "curl -s http://localhost:9901/server_info | grep state | grep -q LIVE"],
                    "interval": 5, "timeout": 2, "retries": 3, "startPeriod": 10,
                },
                "memoryReservation": 128,
                "logConfiguration": awslogs(cx, "envoy"),
            })),
            Some("HEALTHY"),
        ));
    }
    if sidecar_on(cx, 1, 0x8a) {
        out.push((
            obj(json!({
                "name": "xray-daemon",
                "image": format!("public.ecr.aws/xray/aws-xray-daemon:3.3.{}", r % 14),
                "essential": false,
                "cpu": 32,
                "memoryReservation": 32,
                "portMappings": [{"containerPort": 2000, "protocol": "udp"}],
                "logConfiguration": awslogs(cx, "xray"),
            })),
            Some("START"),
        ));
    }
    if sidecar_on(cx, 2, 0xdd) {
        let mut env = vec![
            nv("DD_SITE", "datadoghq.com"),
            nv("DD_APM_ENABLED", "true"),
            nv("DD_DOGSTATSD_NON_LOCAL_TRAFFIC", "true"),
        ];
        if cx.fargate() {
            env.push(nv("ECS_FARGATE", "true"));
        }
        out.push((
            obj(json!({
                "name": "datadog-agent",
                "image": format!("public.ecr.aws/datadog/agent:7.{}.{}", 50 + r % 9, r % 3),
                "essential": false,
                "environment": env,
                "secrets": [secret("DD_API_KEY", format!("arn:aws:ssm:{REGION}:{ACCOUNT}:parameter/prod/datadog/api-key"))],
                "portMappings": [
                    {"containerPort": 8126, "protocol": "tcp"},
                    {"containerPort": 8125, "protocol": "udp"},
                ],
                "healthCheck": {"command": ["CMD-SHELL", "agent health"], "interval": 30, "timeout": 5, "retries": 3, "startPeriod": 15},
                "memoryReservation": 256,
                "logConfiguration": awslogs(cx, "datadog"),
            })),
            None,
        ));
    }
    if matches!(cx.spec.profile, Profile::Worker) && sidecar_on(cx, 19, 0x07e1) {
        out.push((
            obj(json!({
                "name": "aws-otel-collector",
                "image": format!("public.ecr.aws/aws-observability/aws-otel-collector:v0.4{}.0", r % 3),
                "essential": false,
                "command": ["--config=/etc/ecs/ecs-default-config.yaml"],
                "memoryReservation": 64,
                "logConfiguration": awslogs(cx, "otel"),
            })),
            None,
        ));
    }
    if matches!(cx.spec.profile, Profile::Api) && sidecar_on(cx, 18, 0x3167) {
        let command = match cx.lang() {
            Lang::Ruby => json!(["bundle", "exec", "rails", "db:migrate"]),
            Lang::Python => json!(["python", "manage.py", "migrate", "--noinput"]),
            Lang::Jvm => json!([
                "java",
                "-jar",
                "/app/app.jar",
                "--spring.profiles.active=migrate"
            ]),
            Lang::Node | Lang::Go => json!(["/app/migrate", "up"]),
        };
        out.push((
            obj(json!({
                "name": "migrate",
                "image": cx.image(),
                "essential": false,
                "command": command,
                "secrets": secrets(cx),
                "logConfiguration": awslogs(cx, "migrate"),
            })),
            Some("SUCCESS"),
        ));
    }
    out
}
