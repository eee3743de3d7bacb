//! The summary's less common fields, read from the described document itself (`TaskDef::raw`)
//! so that nothing an operator checks is left to the JSON view: GPUs, mounts, user and working
//! directory, ulimits, Linux parameters, registry credentials, the restart policy, and at task
//! level placement constraints, ephemeral storage, PID/IPC mode, the App Mesh proxy and
//! inference accelerators.

use ratatui::style::Style;
use serde_json::Value;

use super::doc::Doc;

/// A scalar as text (`true`, `42`, `abc`); objects and arrays as compact JSON.
fn scalar(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Null => "-".into(),
        other => other.to_string(),
    }
}

/// `v[key]` as text, if present and not null.
fn get(v: &Value, key: &str) -> Option<String> {
    v.get(key).filter(|x| !x.is_null()).map(scalar)
}

/// `v[key]` as a slice of items; empty when absent.
fn items<'a>(v: &'a Value, key: &str) -> &'a [Value] {
    v.get(key)
        .and_then(Value::as_array)
        .map_or(&[], Vec::as_slice)
}

/// One field per item, the label on the first line only.
fn list(d: &mut Doc<'_>, label: &str, lines: impl IntoIterator<Item = String>) {
    for (i, line) in lines.into_iter().enumerate() {
        d.field(if i == 0 { label } else { "" }, line, Style::new());
    }
}

/// `resourceRequirements`: GPUs and inference accelerators a container reserves.
pub fn resources(d: &mut Doc<'_>, c: &Value) {
    let lines = items(c, "resourceRequirements").iter().map(|r| {
        format!(
            "{} {}",
            get(r, "type").unwrap_or_else(|| "?".into()),
            get(r, "value").unwrap_or_else(|| "?".into())
        )
    });
    list(d, "Resources", lines);
}

/// `mountPoints` and `volumesFrom`.
pub fn mounts(d: &mut Doc<'_>, c: &Value) {
    let ro = |m: &Value| {
        if m.get("readOnly").and_then(Value::as_bool) == Some(true) {
            " (read-only)"
        } else {
            ""
        }
    };
    let lines = items(c, "mountPoints").iter().map(|m| {
        format!(
            "{} → {}{}",
            get(m, "sourceVolume").unwrap_or_else(|| "?".into()),
            get(m, "containerPath").unwrap_or_else(|| "?".into()),
            ro(m)
        )
    });
    list(d, "Mounts", lines);
    let lines = items(c, "volumesFrom").iter().map(|m| {
        format!(
            "{}{}",
            get(m, "sourceContainer").unwrap_or_else(|| "?".into()),
            ro(m)
        )
    });
    list(d, "Volumes from", lines);
}

/// `workingDirectory` and `user`.
pub fn process(d: &mut Doc<'_>, c: &Value) {
    if let Some(w) = get(c, "workingDirectory") {
        d.field("Working dir", w, Style::new());
    }
    if let Some(u) = get(c, "user") {
        d.field("User", u, Style::new());
    }
}

/// `ulimits`, `linuxParameters`, `repositoryCredentials` and `restartPolicy`.
pub fn runtime(d: &mut Doc<'_>, c: &Value) {
    let lines = items(c, "ulimits").iter().map(|u| {
        format!(
            "{} soft {} hard {}",
            get(u, "name").unwrap_or_else(|| "?".into()),
            get(u, "softLimit").unwrap_or_else(|| "-".into()),
            get(u, "hardLimit").unwrap_or_else(|| "-".into())
        )
    });
    list(d, "Ulimits", lines);
    if let Some(lp) = c.get("linuxParameters").filter(|v| v.is_object()) {
        linux(d, lp);
    }
    if let Some(p) = c
        .get("repositoryCredentials")
        .and_then(|r| get(r, "credentialsParameter"))
    {
        // The secret's ARN, never its content (ECS does not return it).
        d.field("Pull secret", p, Style::new());
    }
    if let Some(rp) = c.get("restartPolicy").filter(|v| v.is_object()) {
        let on = rp.get("enabled").and_then(Value::as_bool) == Some(true);
        let mut text = if on { "enabled" } else { "disabled" }.to_string();
        let ignored: Vec<String> = items(rp, "ignoredExitCodes").iter().map(scalar).collect();
        if !ignored.is_empty() {
            text.push_str(&format!(" · ignores exit {}", ignored.join(", ")));
        }
        if let Some(p) = get(rp, "restartAttemptPeriod") {
            text.push_str(&format!(" · attempt period {p}s"));
        }
        d.field("Restart", text, Style::new());
    }
}

/// `linuxParameters`: capabilities, init process, shared memory, tmpfs, devices, swap.
fn linux(d: &mut Doc<'_>, lp: &Value) {
    let mut lines = Vec::new();
    if let Some(caps) = lp.get("capabilities") {
        for (key, sign) in [("add", "+"), ("drop", "-")] {
            let names: Vec<String> = items(caps, key).iter().map(scalar).collect();
            if !names.is_empty() {
                lines.push(format!(
                    "capabilities {sign}{}",
                    names.join(&format!(" {sign}"))
                ));
            }
        }
    }
    if let Some(init) = lp.get("initProcessEnabled").and_then(Value::as_bool) {
        lines.push(format!("init process {}", if init { "on" } else { "off" }));
    }
    for (key, what) in [
        ("sharedMemorySize", "shared memory MiB"),
        ("maxSwap", "max swap MiB"),
        ("swappiness", "swappiness"),
    ] {
        if let Some(v) = get(lp, key) {
            lines.push(format!("{what} {v}"));
        }
    }
    for t in items(lp, "tmpfs") {
        lines.push(format!(
            "tmpfs {} ({} MiB)",
            get(t, "containerPath").unwrap_or_else(|| "?".into()),
            get(t, "size").unwrap_or_else(|| "?".into())
        ));
    }
    for dev in items(lp, "devices") {
        lines.push(format!(
            "device {}",
            get(dev, "hostPath").unwrap_or_else(|| "?".into())
        ));
    }
    list(d, "Linux", lines);
}

/// Task-level fields beyond size, roles and platform.
pub fn task(d: &mut Doc<'_>, raw: &Value) {
    let lines = items(raw, "placementConstraints").iter().map(|p| {
        let kind = get(p, "type").unwrap_or_else(|| "?".into());
        match get(p, "expression") {
            Some(e) => format!("{kind}: {e}"),
            None => kind,
        }
    });
    list(d, "Placement", lines);
    if let Some(gib) = raw
        .get("ephemeralStorage")
        .and_then(|e| get(e, "sizeInGiB"))
    {
        d.field("Ephemeral", format!("{gib} GiB"), Style::new());
    }
    let modes: Vec<String> = [("pidMode", "PID"), ("ipcMode", "IPC")]
        .iter()
        .filter_map(|(k, what)| get(raw, k).map(|v| format!("{what} {v}")))
        .collect();
    if !modes.is_empty() {
        d.field("PID / IPC", modes.join(" · "), Style::new());
    }
    if let Some(p) = raw.get("proxyConfiguration").filter(|v| v.is_object()) {
        let head = format!(
            "{} for container {}",
            get(p, "type").unwrap_or_else(|| "APPMESH".into()),
            get(p, "containerName").unwrap_or_else(|| "?".into())
        );
        let props = items(p, "properties").iter().map(|kv| {
            format!(
                "{}={}",
                get(kv, "name").unwrap_or_default(),
                get(kv, "value").unwrap_or_default()
            )
        });
        list(d, "Proxy", std::iter::once(head).chain(props));
    }
    let lines = items(raw, "inferenceAccelerators").iter().map(|a| {
        format!(
            "{} ({})",
            get(a, "deviceName").unwrap_or_else(|| "?".into()),
            get(a, "deviceType").unwrap_or_else(|| "?".into())
        )
    });
    list(d, "Accelerators", lines);
}
