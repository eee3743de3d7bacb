//! Task definitions a Step Functions definition runs: every `ecs:runTask` task state, at any
//! depth (Parallel branches, Map iterators and item processors).

use serde_json::Value;

/// One `ecs:runTask` state's task definition.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SfnRef {
    /// A literal value: an ARN, `family:revision` or `family`.
    Known {
        /// The state's name.
        state: String,
        /// The literal.
        value: String,
    },
    /// Resolved at run time (JSONPath `TaskDefinition.$` or a JSONata `{% ... %}` expression).
    Unknown {
        /// The state's name.
        state: String,
    },
}

/// Every `ecs:runTask` reference in an Amazon States Language document; a document that does
/// not parse has none (Step Functions validated it, so this does not happen in practice).
pub fn task_definitions(definition: &str) -> Vec<SfnRef> {
    let mut out = Vec::new();
    if let Ok(doc) = serde_json::from_str::<Value>(definition) {
        walk(&doc, &mut out);
    }
    out
}

/// True for `arn:<partition>:states:::ecs:runTask` with or without `.sync`, `.sync:2`,
/// `.waitForTaskToken`.
fn is_run_task(resource: &str) -> bool {
    resource
        .split_once(":states:::ecs:runTask")
        .is_some_and(|(head, tail)| {
            head.starts_with("arn:") && (tail.is_empty() || tail.starts_with('.'))
        })
}

/// Walks a document with a `States` map, recursing into nested state machines.
fn walk(machine: &Value, out: &mut Vec<SfnRef>) {
    let Some(states) = machine.get("States").and_then(Value::as_object) else {
        return;
    };
    for (name, state) in states {
        let resource = state.get("Resource").and_then(Value::as_str).unwrap_or("");
        if is_run_task(resource) {
            task_state(name, state, out);
        }
        if let Some(branches) = state.get("Branches").and_then(Value::as_array) {
            for b in branches {
                walk(b, out);
            }
        }
        for key in ["Iterator", "ItemProcessor"] {
            if let Some(inner) = state.get(key) {
                walk(inner, out);
            }
        }
    }
}

fn task_state(name: &str, state: &Value, out: &mut Vec<SfnRef>) {
    let unknown = || SfnRef::Unknown {
        state: name.to_string(),
    };
    // JSONPath states use Parameters; JSONata states use Arguments (an object or a whole
    // expression string).
    for key in ["Parameters", "Arguments"] {
        match state.get(key) {
            Some(Value::Object(p)) => {
                if p.contains_key("TaskDefinition.$") {
                    out.push(unknown());
                } else if let Some(v) = p.get("TaskDefinition") {
                    match v.as_str() {
                        Some(s) if !s.trim_start().starts_with("{%") => out.push(SfnRef::Known {
                            state: name.to_string(),
                            value: s.to_string(),
                        }),
                        _ => out.push(unknown()),
                    }
                }
            }
            Some(Value::String(_)) => out.push(unknown()),
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests;
