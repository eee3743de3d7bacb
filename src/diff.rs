//! Structural diff of two task definitions: changed fields by path (containers and other named
//! list items matched by `name`, not position), bookkeeping fields left out, environment values
//! and free-form option maps masked unless revealed. Pure; `run` is the `taskdefs diff` command.

use std::io::{IsTerminal as _, Write};

use serde_json::{Map, Value};

use crate::cli::DiffArgs;
use crate::ecs::EcsApi;
use crate::text::escape;

/// Fields that differ between any two revisions and say nothing about what runs.
pub const IGNORED: [&str; 6] = [
    "taskDefinitionArn",
    "revision",
    "status",
    "registeredAt",
    "registeredBy",
    "deregisteredAt",
];

/// Keys whose values are free-form maps or secrets-in-practice: masked unless revealed.
const MASKED_KEYS: [&str; 6] = [
    "environment",
    "options",
    "dockerLabels",
    "driverOpts",
    "labels",
    "secretOptions",
];

/// Shown instead of a masked value.
pub const MASK: &str = "***";

/// What happened at one path.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    /// Only in the new revision.
    Added,
    /// Only in the old revision.
    Removed,
    /// In both, different.
    Changed,
}

/// One difference.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Change {
    /// Where, e.g. `containerDefinitions[app].image`.
    pub path: String,
    /// Added, removed or changed.
    pub change: Kind,
    /// The old value (masked values are `null`, see `masked`).
    pub old: Option<Value>,
    /// The new value.
    pub new: Option<Value>,
    /// True when values were withheld (environment values, options): only the fact shows.
    pub masked: bool,
}

/// The differences from `old` to `new`, in document order.
pub fn diff(old: &Value, new: &Value, reveal: bool) -> Vec<Change> {
    let strip = |v: &Value| match v {
        Value::Object(m) => Value::Object(
            m.iter()
                .filter(|(k, _)| !IGNORED.contains(&k.as_str()))
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect(),
        ),
        other => other.clone(),
    };
    let mut out = Vec::new();
    walk("", &strip(old), &strip(new), false, reveal, &mut out);
    out
}

fn join(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_string()
    } else {
        format!("{path}.{key}")
    }
}

fn walk(path: &str, old: &Value, new: &Value, masked: bool, reveal: bool, out: &mut Vec<Change>) {
    if old == new {
        return;
    }
    match (old, new) {
        (Value::Object(a), Value::Object(b)) => {
            let keys = a.keys().chain(b.keys().filter(|k| !a.contains_key(*k)));
            for k in keys {
                let p = join(path, k);
                let m = masked || MASKED_KEYS.contains(&k.as_str());
                match (a.get(k), b.get(k)) {
                    (Some(x), Some(y)) => walk(&p, x, y, m, reveal, out),
                    (Some(x), None) => push(out, p, Kind::Removed, Some(x), None, m, reveal),
                    (None, Some(y)) => push(out, p, Kind::Added, None, Some(y), m, reveal),
                    (None, None) => {}
                }
            }
        }
        (Value::Array(a), Value::Array(b)) if named(a) && named(b) => {
            let name_of = |v: &Value| v.get("name").and_then(Value::as_str).map(str::to_string);
            let names = a
                .iter()
                .filter_map(name_of)
                .chain(
                    b.iter()
                        .filter_map(name_of)
                        .filter(|n| !a.iter().any(|x| name_of(x).as_deref() == Some(n.as_str()))),
                )
                .collect::<Vec<_>>();
            for n in names {
                let p = format!("{path}[{n}]");
                let find = |list: &[Value]| {
                    list.iter()
                        .find(|v| name_of(v).as_deref() == Some(n.as_str()))
                        .cloned()
                };
                match (find(a), find(b)) {
                    (Some(x), Some(y)) => walk(&p, &x, &y, masked, reveal, out),
                    (Some(x), None) => push(out, p, Kind::Removed, Some(&x), None, masked, reveal),
                    (None, Some(y)) => push(out, p, Kind::Added, None, Some(&y), masked, reveal),
                    (None, None) => {}
                }
            }
        }
        (Value::Array(a), Value::Array(b))
            if a.len() == b.len() && a.iter().chain(b).any(Value::is_object) =>
        {
            for (i, (x, y)) in a.iter().zip(b).enumerate() {
                walk(&format!("{path}[{i}]"), x, y, masked, reveal, out);
            }
        }
        _ => push(
            out,
            path.to_string(),
            Kind::Changed,
            Some(old),
            Some(new),
            masked,
            reveal,
        ),
    }
}

/// True when every item is an object with a string `name` (containers, environment, volumes).
fn named(list: &[Value]) -> bool {
    !list.is_empty()
        && list
            .iter()
            .all(|v| v.get("name").is_some_and(Value::is_string))
}

fn push(
    out: &mut Vec<Change>,
    path: String,
    change: Kind,
    old: Option<&Value>,
    new: Option<&Value>,
    masked: bool,
    reveal: bool,
) {
    let hide = |v: Option<&Value>| v.map(|v| if reveal { v.clone() } else { mask(v, masked) });
    let hidden = !reveal && masked && change == Kind::Changed;
    out.push(Change {
        path,
        change,
        old: if hidden { None } else { hide(old) },
        new: if hidden { None } else { hide(new) },
        masked: !reveal && masked,
    });
}

/// How many masked values (environment values, options, labels) are the same in both: the
/// UI says "same" for them without showing either side.
pub fn masked_same(old: &Value, new: &Value) -> usize {
    let (mut a, mut b) = (Map::new(), Map::new());
    masked_leaves("", old, false, &mut a);
    masked_leaves("", new, false, &mut b);
    a.iter().filter(|(k, v)| b.get(*k) == Some(*v)).count()
}

/// Every masked leaf value by its path (named list items by name, as `walk` names them).
fn masked_leaves(path: &str, v: &Value, masked: bool, out: &mut Map<String, Value>) {
    match v {
        Value::Object(m) => {
            for (k, x) in m {
                if masked && k == "name" {
                    continue;
                }
                let inside = masked || MASKED_KEYS.contains(&k.as_str());
                masked_leaves(&join(path, k), x, inside, out);
            }
        }
        Value::Array(a) => {
            let by_name = named(a);
            for (i, x) in a.iter().enumerate() {
                let key = match x.get("name").and_then(Value::as_str) {
                    Some(n) if by_name => format!("{path}[{n}]"),
                    _ => format!("{path}[{i}]"),
                };
                masked_leaves(&key, x, masked, out);
            }
        }
        leaf if masked => {
            out.insert(path.to_string(), leaf.clone());
        }
        _ => {}
    }
}

/// `v` with masked values replaced by `MASK` (environment values, option and label values).
fn mask(v: &Value, inside: bool) -> Value {
    match v {
        Value::Object(m) => {
            let mut out = Map::new();
            for (k, x) in m {
                let masked = inside || MASKED_KEYS.contains(&k.as_str());
                // Inside an environment entry the name stays readable; only the value hides.
                let y = if masked && k == "name" && x.is_string() {
                    x.clone()
                } else {
                    mask(x, masked)
                };
                out.insert(k.clone(), y);
            }
            Value::Object(out)
        }
        Value::Array(a) => Value::Array(a.iter().map(|x| mask(x, inside)).collect()),
        _ if inside => Value::String(MASK.into()),
        other => other.clone(),
    }
}

/// A value as one line of text, or a unified diff for multi-line strings.
fn show(v: &Value) -> String {
    escape(&v.to_string()).into_owned()
}

/// The changes as text lines, coloured when `color`.
pub fn render(changes: &[Change], color: bool) -> Vec<String> {
    render_with(changes, color, "--reveal shows it")
}

/// The changes as text lines; a hidden change says `how_to_reveal` (`v reveals` in the UI).
pub fn render_with(changes: &[Change], color: bool, how_to_reveal: &str) -> Vec<String> {
    let paint = |code: &str, s: String| {
        if color {
            format!("\u{1b}[{code}m{s}\u{1b}[0m")
        } else {
            s
        }
    };
    let mut lines = Vec::new();
    for c in changes {
        let path = escape(&c.path);
        match (c.change, &c.old, &c.new) {
            (Kind::Changed, _, _) if c.masked => {
                lines.push(paint(
                    "33",
                    format!("~ {path}: changed (value hidden; {how_to_reveal})"),
                ));
            }
            (Kind::Changed, Some(Value::String(a)), Some(Value::String(b)))
                if a.contains('\n') || b.contains('\n') =>
            {
                lines.push(paint("33", format!("~ {path}:")));
                let text = similar::TextDiff::from_lines(a.as_str(), b.as_str());
                for op in text.iter_all_changes() {
                    let (sign, code) = match op.tag() {
                        similar::ChangeTag::Delete => ("-", "31"),
                        similar::ChangeTag::Insert => ("+", "32"),
                        similar::ChangeTag::Equal => (" ", "0"),
                    };
                    let body = escape(op.value().trim_end_matches('\n')).into_owned();
                    lines.push(paint(code, format!("    {sign} {body}")));
                }
            }
            (Kind::Changed, Some(a), Some(b)) => {
                lines.push(paint("33", format!("~ {path}: {} -> {}", show(a), show(b))));
            }
            (Kind::Added, _, Some(b)) => lines.push(paint("32", format!("+ {path}: {}", show(b)))),
            (Kind::Removed, Some(a), _) => {
                lines.push(paint("31", format!("- {path}: {}", show(a))))
            }
            _ => lines.push(format!("? {path}")),
        }
    }
    lines
}

/// `taskdefs diff OLD NEW`: 0 identical, 1 different, 2 when a revision cannot be read.
pub async fn run(api: &dyn EcsApi, args: &DiffArgs) -> anyhow::Result<u8> {
    let (old, new) = tokio::join!(api.describe(&args.old), api.describe(&args.new));
    let (old, new) = match (old, new) {
        (Ok(o), Ok(n)) => (o, n),
        (Err(e), _) | (_, Err(e)) => {
            eprintln!("taskdefs: {}", escape(&e.to_string()));
            return Ok(2);
        }
    };
    let changes = diff(&old.raw, &new.raw, args.reveal);
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    let written = if args.json {
        changes
            .iter()
            .try_for_each(|c| writeln!(out, "{}", serde_json::to_string(c).unwrap_or_default()))
    } else {
        let color = stdout_is_colour_terminal();
        let mut r = writeln!(out, "--- {}\n+++ {}", escape(&args.old), escape(&args.new));
        for line in render(&changes, color) {
            r = r.and_then(|()| writeln!(out, "{line}"));
        }
        r
    };
    match written {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => return Err(e.into()),
        _ => {}
    }
    Ok(u8::from(!changes.is_empty()))
}

fn stdout_is_colour_terminal() -> bool {
    std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
}

#[cfg(test)]
mod tests;
