//! What the screen and the clipboard hide: values of free-form maps and environment entries,
//! which often carry credentials. The detail pane, the JSON view and `Y` (copy JSON) share
//! these rules, so what is copied is what is shown.

use serde_json::Value;

use crate::ecs::TaskDef;

/// What a masked value shows; its length says nothing about the value's.
pub const MASK: &str = "••••••";

/// Objects whose every value is free-form text that may hold a credential: log driver and
/// FireLens `options`, `dockerLabels`, and a Docker volume's `driverOpts` and `labels`.
const MASKED_MAPS: &[&str] = &["options", "dockerLabels", "driverOpts", "labels"];

/// Arrays of `{name, <value>}` whose value member is masked.
const MASKED_PAIRS: &[(&str, &str)] = &[("environment", "value"), ("secretOptions", "valueFrom")];

/// Replaces every value the summary masks, wherever it sits in the document.
pub fn mask(v: &mut Value) {
    match v {
        Value::Object(m) => {
            for (k, val) in m.iter_mut() {
                let pair = MASKED_PAIRS.iter().find(|(name, _)| name == k);
                match (pair, val) {
                    (Some((_, member)), Value::Array(items)) => {
                        for item in items {
                            if let Some(x) = item.get_mut(*member) {
                                *x = Value::String(MASK.into());
                            }
                        }
                    }
                    (None, Value::Object(map)) if MASKED_MAPS.contains(&k.as_str()) => {
                        for x in map.values_mut() {
                            *x = Value::String(MASK.into());
                        }
                    }
                    (_, val) => mask(val),
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(mask),
        _ => {}
    }
}

/// The task definition as pretty-printed JSON: masked as the JSON view shows it, or whole
/// when `reveal` is set. Always valid JSON (a masked value is a string).
pub fn json_text(td: &TaskDef, reveal: bool) -> String {
    if reveal {
        return td.pretty_json();
    }
    let mut raw = td.raw.clone();
    mask(&mut raw);
    serde_json::to_string_pretty(&raw).unwrap_or_else(|_| raw.to_string())
}

#[cfg(test)]
mod tests;
