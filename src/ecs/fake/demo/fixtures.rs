//! Real-world task definitions from aws-samples/aws-containers-task-definitions (Apache-2.0;
//! LICENSE and NOTICE next to them in assets/demo/aws-samples/), embedded unchanged.

use serde_json::{Value, json};

use crate::ecs::fake::store::DocSource;

macro_rules! sample {
    ($file:literal) => {
        include_str!(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/assets/demo/aws-samples/",
            $file
        ))
    };
}

/// nginx: EC2 bridge first, then Fargate.
pub(super) const NGINX: &[&str] = &[
    sample!("nginx_nginx_ec2.json"),
    sample!("nginx_nginx_fargate.json"),
];
/// Tomcat: EC2, then Fargate.
pub(super) const TOMCAT: &[&str] = &[
    sample!("tomcat_tomcat_ec2.json"),
    sample!("tomcat_tomcat_fargate.json"),
];
/// Jetty: EC2, then Fargate.
pub(super) const JETTY: &[&str] = &[
    sample!("jetty_jetty_ec2.json"),
    sample!("jetty_jetty_fargate.json"),
];
/// WildFly: EC2, then Fargate.
pub(super) const WILDFLY: &[&str] = &[
    sample!("wildfly_wildfly_ec2.json"),
    sample!("wildfly_wildfly_fargate.json"),
];
/// Kibana: EC2, then Fargate.
pub(super) const KIBANA: &[&str] = &[
    sample!("kibana_kibana_ec2.json"),
    sample!("kibana_kibana_fargate.json"),
];
/// Gunicorn: EC2, then Fargate.
pub(super) const GUNICORN: &[&str] = &[
    sample!("gunicorn_gunicorn_ec2.json"),
    sample!("gunicorn_gunicorn_fargate.json"),
];
/// Consul server (host networking).
pub(super) const CONSUL_SERVER: &[&str] = &[sample!("consul_ConsulServer.json")];
/// Consul client (host networking).
pub(super) const CONSUL_CLIENT: &[&str] = &[sample!("consul_ConsulClient.json")];

/// Serves a fixture per revision: revision 1 the first document, and so on; later revisions
/// repeat the last one.
pub(super) struct Fixture(pub(super) &'static [&'static str]);

impl DocSource for Fixture {
    fn document(&self, revision: u32) -> Value {
        let idx = usize::try_from(revision.saturating_sub(1)).unwrap_or(usize::MAX);
        let text = self.0.get(idx).or(self.0.last()).copied().unwrap_or("{}");
        // The embedded files are checked by a test; an unreadable one still describes.
        serde_json::from_str(text).unwrap_or_else(|_| json!({"containerDefinitions": []}))
    }
}
