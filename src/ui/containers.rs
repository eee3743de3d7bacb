//! One container definition in the detail pane. Values of free-form maps (environment, log
//! and FireLens options, labels) are masked unless revealed.

use ratatui::style::Style;
use ratatui::text::Span;

use serde_json::Value;

use super::doc::Doc;
use super::fields;
use crate::ecs::Container;

pub use crate::masking::MASK;

/// Longest name column for env vars, secrets and log options.
const NAME_MAX: usize = 24;

/// Appends the section for container `i` of `n`; `raw` is its document, for the fields
/// `fields` reads (`Value::Null` when absent).
pub fn section(d: &mut Doc<'_>, c: &Container, raw: &Value, i: usize, n: usize, reveal: bool) {
    let t = d.theme();
    d.heading(&format!("container {}/{n}: {}", i + 1, c.name));
    d.field("Image", c.image.clone(), Style::new());
    d.field(
        "Essential",
        if c.essential.unwrap_or(true) {
            "yes"
        } else {
            "no"
        },
        Style::new(),
    );
    let num = |v: Option<i64>| v.map_or_else(|| "-".to_string(), |v| v.to_string());
    let mut size = format!("CPU {} · memory {}", num(c.cpu), num(c.memory));
    if let Some(r) = c.memory_reservation {
        size.push_str(&format!(" (reservation {r})"));
    }
    d.field("Size", size, Style::new());
    fields::resources(d, raw);
    if !c.port_mappings.is_empty() {
        let ports: Vec<String> = c.port_mappings.iter().map(port).collect();
        d.field("Ports", ports.join(", "), Style::new());
    }
    if !c.environment.is_empty() {
        let pairs = c
            .environment
            .iter()
            .map(|e| (e.name.as_str(), e.value.as_str()));
        masked_map(
            d,
            "Environment",
            &c.environment.len().to_string(),
            pairs,
            reveal,
        );
    }
    if !c.secrets.is_empty() {
        d.field("Secrets", c.secrets.len().to_string(), Style::new());
        let w = name_width(c.secrets.iter().map(|s| s.name.as_str()));
        for s in &c.secrets {
            d.entry(&s.name, w, Span::raw(format!("← {}", s.value_from)));
        }
    }
    fields::mounts(d, raw);
    if let Some(l) = &c.log_configuration {
        let pairs = l.options.iter().map(|(k, v)| (k.as_str(), v.as_str()));
        masked_map(d, "Logs", &l.log_driver, pairs, reveal);
        if !l.secret_options.is_empty() {
            let pairs = l
                .secret_options
                .iter()
                .map(|s| (s.name.as_str(), s.value_from.as_str()));
            masked_map(d, "Log secrets", "", pairs, reveal);
        }
    }
    if let Some(f) = &c.firelens_configuration {
        let pairs = f.options.iter().map(|(k, v)| (k.as_str(), v.as_str()));
        masked_map(d, "FireLens", &f.kind, pairs, reveal);
    }
    if !c.docker_labels.is_empty() {
        let pairs = c
            .docker_labels
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()));
        masked_map(
            d,
            "Labels",
            &c.docker_labels.len().to_string(),
            pairs,
            reveal,
        );
    }
    if let Some(h) = &c.health_check {
        d.field("Health", h.command.join(" "), Style::new());
        let secs = |v: Option<i64>, what: &str| v.map(|v| format!("{what} {v}s"));
        let timing: Vec<String> = [
            secs(h.interval, "every"),
            secs(h.timeout, "timeout"),
            h.retries.map(|r| format!("{r} retries")),
            secs(h.start_period, "start period"),
        ]
        .into_iter()
        .flatten()
        .collect();
        if !timing.is_empty() {
            d.field("", timing.join(" · "), t.dim);
        }
    }
    if !c.command.is_empty() {
        d.field("Command", json_list(&c.command), Style::new());
    }
    if !c.entry_point.is_empty() {
        d.field("Entry point", json_list(&c.entry_point), Style::new());
    }
    fields::process(d, raw);
    if !c.depends_on.is_empty() {
        let deps: Vec<String> = c
            .depends_on
            .iter()
            .map(|x| format!("{} {}", x.container_name, x.condition))
            .collect();
        d.field("Depends on", deps.join(", "), Style::new());
    }
    fields::runtime(d, raw);
}

/// `8080/tcp`, or `80→8080/tcp` when the host port differs, with the Service Connect name.
fn port(p: &crate::ecs::taskdef::PortMapping) -> String {
    let c = p
        .container_port
        .map_or_else(|| "?".into(), |v| v.to_string());
    let proto = p.protocol.as_deref().unwrap_or("tcp");
    let mut s = match p.host_port {
        Some(h) if Some(h) != p.container_port && h != 0 => format!("{h}→{c}/{proto}"),
        _ => format!("{c}/{proto}"),
    };
    if let Some(n) = &p.name {
        s.push_str(&format!(" ({n})"));
    }
    s
}

/// A field with free-form `name value` entries under it (environment, log driver options,
/// labels): any of them can hold a credential, so values stay masked unless revealed.
fn masked_map<'a>(
    d: &mut Doc<'_>,
    label: &str,
    head: &str,
    pairs: impl Iterator<Item = (&'a str, &'a str)> + Clone,
    reveal: bool,
) {
    let t = d.theme();
    let mut spans = Vec::new();
    if !head.is_empty() {
        spans.push(Span::raw(format!("{head} ")));
    }
    let count = pairs.clone().count();
    if count > 0 {
        let note = if reveal {
            "values shown, v masks"
        } else {
            "values masked, v reveals"
        };
        spans.push(Span::styled(format!("({note})"), t.dim));
    }
    d.field_spans(label, spans);
    let w = name_width(pairs.clone().map(|(k, _)| k));
    for (k, v) in pairs {
        let value = if reveal {
            Span::raw(v.to_string())
        } else {
            Span::styled(MASK, t.masked)
        };
        d.entry(k, w, value);
    }
}

/// A command as JSON, which shows exactly where each argument starts and ends.
fn json_list(v: &[String]) -> String {
    serde_json::to_string(v).unwrap_or_else(|_| v.join(" "))
}

fn name_width<'a>(names: impl Iterator<Item = &'a str>) -> usize {
    names
        .map(super::format::width)
        .max()
        .unwrap_or(0)
        .min(NAME_MAX)
}
