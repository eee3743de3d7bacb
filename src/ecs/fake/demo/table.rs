//! The demo families: name, kind, how many revisions, how many of the newest are ACTIVE.

use super::fixtures;

/// What a family runs; decides containers, ports, commands and launch type.
#[derive(Clone, Copy, Debug)]
pub(super) enum Profile {
    /// An HTTP service built in-house (ECR image), often with sidecars.
    Api,
    /// A queue consumer built in-house.
    Worker,
    /// A scheduled or one-off job.
    Cron,
    /// nginx/haproxy/varnish at the edge, on EC2 with host ports.
    Edge,
    /// A third-party tool from a public image: `image` ends where the patch number goes.
    Tool { image: &'static str, port: u16 },
    /// aws-samples documents, oldest first; later revisions reuse the last one.
    Fixture(&'static [&'static str]),
}

/// One demo family.
#[derive(Clone, Copy, Debug)]
pub(super) struct Spec {
    pub(super) name: &'static str,
    pub(super) profile: Profile,
    pub(super) revisions: u32,
    /// How many of the newest revisions are ACTIVE; older ones are INACTIVE.
    pub(super) active: u32,
}

const fn s(name: &'static str, profile: Profile, revisions: u32, active: u32) -> Spec {
    Spec {
        name,
        profile,
        revisions,
        active,
    }
}

const fn tool(name: &'static str, image: &'static str, port: u16, revisions: u32) -> Spec {
    s(name, Profile::Tool { image, port }, revisions, revisions)
}

use Profile::{Api, Cron, Edge, Worker};

/// Families whose revision `newest - n` was deregistered after a bad release.
pub(super) const ROLLED_BACK: &[(&str, u32)] = &[
    ("checkout-service", 2),
    ("checkout-service", 5),
    ("graphql-gateway", 3),
];

/// Every demo family.
pub(super) const FAMILIES: &[Spec] = &[
    s("web-api", Api, 300, 180),
    s("checkout-service", Api, 48, 20),
    s("orders-api", Api, 85, 10),
    s("inventory-api", Api, 40, 10),
    s("auth-service", Api, 37, 37),
    s("user-profile-api", Api, 22, 5),
    s("recommendations-api", Api, 19, 19),
    s("search-api", Api, 31, 6),
    s("catalog-api", Api, 54, 12),
    s("pricing-engine", Api, 28, 28),
    s("shipping-rates", Api, 12, 12),
    s("tax-calculator", Api, 9, 9),
    s("partner-api", Api, 41, 8),
    s("mobile-bff", Api, 66, 15),
    s("graphql-gateway", Api, 73, 73),
    s("storefront-ssr", Api, 120, 40),
    s("admin-portal", Api, 17, 17),
    s("cms-backend", Api, 25, 3),
    s("websocket-hub", Api, 14, 14),
    s("chat-service", Api, 11, 11),
    s("feature-flags", Api, 8, 8),
    s("config-server", Api, 6, 6),
    s("geo-lookup", Api, 5, 5),
    s("webhook-relay", Api, 23, 23),
    s("ml-inference", Api, 34, 4),
    s("legacy-soap-bridge", Api, 12, 0),
    s("payments-worker", Worker, 95, 25),
    s("notifications-dispatcher", Worker, 44, 44),
    s("email-sender", Worker, 39, 10),
    s("sms-gateway", Worker, 15, 15),
    s("search-indexer", Worker, 27, 27),
    s("image-resizer", Worker, 52, 8),
    s("video-transcoder", Worker, 18, 18),
    s("pdf-renderer", Worker, 13, 13),
    s("invoice-worker", Worker, 21, 21),
    s("ledger-reconciler", Worker, 16, 4),
    s("fraud-scoring", Worker, 47, 47),
    s("kafka-consumer-orders", Worker, 33, 33),
    s("audit-log-shipper", Worker, 10, 10),
    s("cache-warmer", Worker, 7, 7),
    s("inventory-sync", Worker, 29, 29),
    s("billing-cron", Cron, 20, 20),
    s("report-generator", Cron, 26, 6),
    s("data-export", Cron, 12, 12),
    s("etl-nightly", Cron, 58, 9),
    s("db-migrate", Cron, 71, 71),
    s("sitemap-builder", Cron, 9, 9),
    s("ml-training-batch", Cron, 15, 2),
    s("cleanup-stale-carts", Cron, 4, 4),
    s("nginx-edge", Edge, 64, 12),
    s("haproxy-ingress", Edge, 10, 10),
    s("varnish-cache", Edge, 8, 0),
    tool("grafana", "grafana/grafana:11.2.", 3000, 14),
    tool("prometheus", "prom/prometheus:v2.54.", 9090, 11),
    tool("loki-gateway", "grafana/loki:3.1.", 3100, 9),
    tool(
        "otel-collector",
        "public.ecr.aws/aws-observability/aws-otel-collector:v0.40.",
        4317,
        12,
    ),
    tool("jaeger-query", "jaegertracing/jaeger-query:1.6", 16686, 6),
    tool("redis-exporter", "oliver006/redis_exporter:v1.62.", 9121, 4),
    tool("pgbouncer", "bitnami/pgbouncer:1.23.", 6432, 7),
    tool(
        "kafka-connect",
        "confluentinc/cp-kafka-connect:7.7.",
        8083,
        16,
    ),
    tool(
        "schema-registry",
        "confluentinc/cp-schema-registry:7.7.",
        8081,
        5,
    ),
    tool("airflow-scheduler", "apache/airflow:2.10.", 8793, 13),
    tool("airflow-worker", "apache/airflow:2.10.", 8793, 13),
    tool("jupyter-hub", "jupyterhub/jupyterhub:5.1.", 8000, 5),
    tool("keycloak", "quay.io/keycloak/keycloak:25.0.", 8080, 10),
    tool("sonarqube", "sonarqube:10.6.", 9000, 3),
    tool("gitlab-runner", "gitlab/gitlab-runner:v17.3.", 9252, 8),
    tool("selenium-grid", "selenium/hub:4.24.", 4444, 4),
    tool("locust-load-test", "locustio/locust:2.31.", 8089, 6),
    s("nginx", Profile::Fixture(fixtures::NGINX), 2, 1),
    s("tomcat-webserver", Profile::Fixture(fixtures::TOMCAT), 2, 1),
    s("jetty", Profile::Fixture(fixtures::JETTY), 2, 1),
    s("wildfly", Profile::Fixture(fixtures::WILDFLY), 2, 1),
    s("kibana", Profile::Fixture(fixtures::KIBANA), 2, 1),
    s("gunicorn", Profile::Fixture(fixtures::GUNICORN), 2, 1),
    s(
        "consulServer",
        Profile::Fixture(fixtures::CONSUL_SERVER),
        1,
        1,
    ),
    s(
        "consulClient",
        Profile::Fixture(fixtures::CONSUL_CLIENT),
        1,
        1,
    ),
];
