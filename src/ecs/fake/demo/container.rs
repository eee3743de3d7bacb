//! The application container of a generated revision: its command, health check, ports,
//! logging and environment, by the family's profile and language.

use serde_json::{Map, Value, json};

use super::docs::{Ctx, Lang};
use super::sidecars;
use super::table::Profile;
use crate::ecs::fake::store::REGION;

impl Ctx<'_> {
    pub(super) fn command(&self) -> (Option<Value>, Option<Value>) {
        let name = self.name();
        let module = name.replace('-', "_");
        let (entry, cmd): (Option<Value>, Value) = match (self.spec.profile, self.lang()) {
            (Profile::Tool { .. } | Profile::Edge | Profile::Fixture(_), _) => return (None, None),
            (_, Lang::Jvm) => (
                Some(json!([
                    "java",
                    "-XX:MaxRAMPercentage=75",
                    "-jar",
                    "/app/app.jar"
                ])),
                match self.spec.profile {
                    Profile::Api => json!(["--spring.profiles.active=prod"]),
                    _ => json!([
                        format!("--spring.main.web-application-type=none"),
                        format!("--job={module}")
                    ]),
                },
            ),
            (Profile::Api, Lang::Node) => (
                Some(json!(["/usr/bin/tini", "--"])),
                json!(["node", "dist/server.js"]),
            ),
            (Profile::Api, Lang::Python) => (
                None,
                json!([
                    "gunicorn",
                    "app.wsgi:application",
                    "--bind",
                    "0.0.0.0:8000",
                    "--workers",
                    "4",
                    "--timeout",
                    "30"
                ]),
            ),
            (Profile::Api, Lang::Go) => (None, json!(["/app/server", "--listen", ":8080"])),
            (Profile::Api, Lang::Ruby) => (
                None,
                json!(["bundle", "exec", "puma", "-C", "config/puma.rb"]),
            ),
            (_, Lang::Node) => (
                Some(json!(["/usr/bin/tini", "--"])),
                json!(["node", "dist/worker.js", "--queue", name]),
            ),
            (Profile::Cron, Lang::Python) => (
                None,
                json!(["python", "-m", format!("jobs.{module}"), "--since", "24h"]),
            ),
            (_, Lang::Python) => (
                None,
                json!([
                    "celery",
                    "-A",
                    "app",
                    "worker",
                    "--loglevel=INFO",
                    "-Q",
                    name
                ]),
            ),
            (_, Lang::Go) => (None, json!([format!("/app/{name}"), "run"])),
            (_, Lang::Ruby) => (
                None,
                json!(["bundle", "exec", "sidekiq", "-C", "config/sidekiq.yml"]),
            ),
        };
        (entry, Some(cmd))
    }

    pub(super) fn health_check(&self) -> Option<Value> {
        let port = self.port()?;
        let command = if self.lang() == Lang::Go && matches!(self.spec.profile, Profile::Api) {
            json!(["CMD", "/app/server", "--healthcheck"])
        } else {
            json!([
                "CMD-SHELL",
                format!("curl -fsS http://localhost:{port}/healthz || exit 1")
            ])
        };
        let start = if self.lang() == Lang::Jvm { 120 } else { 30 };
        Some(
            json!({"command": command, "interval": 30, "timeout": 5, "retries": 3, "startPeriod": start}),
        )
    }

    pub(super) fn app_container(&self, firelens: bool) -> Map<String, Value> {
        let name = if self.bit(13) {
            self.name().to_string()
        } else {
            "app".to_string()
        };
        let mut c = Map::new();
        c.insert("name".into(), json!(name));
        c.insert("image".into(), json!(self.image()));
        c.insert("essential".into(), json!(true));
        if let Some(port) = self.port() {
            let mut pm = json!({"containerPort": port, "protocol": "tcp", "name": "http", "appProtocol": "http"});
            if self.network() == "bridge" {
                let host = if matches!(self.spec.profile, Profile::Edge) {
                    port
                } else {
                    0
                };
                pm["hostPort"] = json!(host);
            }
            let mut ports = vec![pm];
            if matches!(self.spec.profile, Profile::Edge) {
                ports.push(json!({"containerPort": 443, "hostPort": 443, "protocol": "tcp", "name": "https"}));
            }
            c.insert("portMappings".into(), json!(ports));
        }
        let (entry, cmd) = self.command();
        if let Some(e) = entry {
            c.insert("entryPoint".into(), e);
        }
        if let Some(cmd) = cmd {
            c.insert("command".into(), cmd);
        }
        c.insert("environment".into(), json!(sidecars::environment(self)));
        let secrets = sidecars::secrets(self);
        if !secrets.is_empty() {
            c.insert("secrets".into(), json!(secrets));
        }
        let log = if firelens {
            json!({"logDriver": "awsfirelens", "options": {
                "Name": "cloudwatch_logs", "region": REGION, "log_group_name": format!("/ecs/prod/{}", self.name()),
                "log_stream_prefix": "app/", "auto_create_group": "false"}})
        } else {
            sidecars::awslogs(self, &name)
        };
        c.insert("logConfiguration".into(), log);
        if let Some(hc) = self.health_check() {
            c.insert("healthCheck".into(), hc);
        }
        if !self.fargate() {
            let (_, mem) = self.size();
            c.insert("memoryReservation".into(), json!(mem / 2));
            c.insert("memory".into(), json!(mem));
            c.insert("cpu".into(), json!(self.size().0));
        }
        if self.bit(14) {
            c.insert("readonlyRootFilesystem".into(), json!(true));
        }
        let mounts = self.mount_points();
        if !mounts.is_empty() {
            c.insert("mountPoints".into(), json!(mounts));
        }
        if self.lang() == Lang::Jvm || matches!(self.spec.profile, Profile::Edge) {
            c.insert(
                "ulimits".into(),
                json!([{"name": "nofile", "softLimit": 65536, "hardLimit": 65536}]),
            );
        }
        c.insert(
            "stopTimeout".into(),
            json!(if self.lang() == Lang::Jvm { 120 } else { 30 }),
        );
        c
    }
}
