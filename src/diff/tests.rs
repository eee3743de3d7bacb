//! The diff engine: paths, matching by name, masking, multi-line text.

use serde_json::json;

use super::*;

fn base() -> Value {
    json!({
        "taskDefinitionArn": "arn:aws:ecs:us-east-1:123456789012:task-definition/web:1",
        "family": "web", "revision": 1, "status": "ACTIVE",
        "registeredAt": 1.0, "registeredBy": "me",
        "cpu": "256",
        "containerDefinitions": [
            {"name": "app", "image": "nginx:1.1",
             "environment": [{"name": "DB", "value": "secret-1"}, {"name": "MODE", "value": "x"}],
             "logConfiguration": {"logDriver": "awslogs", "options": {"awslogs-group": "g1"}},
             "command": ["run"]},
            {"name": "sidecar", "image": "envoy:1"},
        ],
    })
}

#[test]
fn identical_revisions_differ_only_in_bookkeeping() {
    let mut b = base();
    b["taskDefinitionArn"] = json!("arn:aws:ecs:us-east-1:123456789012:task-definition/web:2");
    b["revision"] = json!(2);
    b["status"] = json!("INACTIVE");
    b["deregisteredAt"] = json!(3.0);
    assert_eq!(diff(&base(), &b, false), vec![]);
}

#[test]
fn containers_match_by_name_not_position() {
    let mut b = base();
    let list = b["containerDefinitions"].as_array_mut().unwrap();
    list.reverse();
    list[1]["image"] = json!("nginx:1.2");
    let changes = diff(&base(), &b, false);
    let paths: Vec<&str> = changes.iter().map(|c| c.path.as_str()).collect();
    assert_eq!(paths, ["containerDefinitions[app].image"]);
    assert_eq!(changes[0].old, Some(json!("nginx:1.1")));
    assert_eq!(changes[0].new, Some(json!("nginx:1.2")));
    // A container added and one removed.
    let mut c = base();
    c["containerDefinitions"][1]["name"] = json!("proxy");
    let kinds: Vec<(String, Kind)> = diff(&base(), &c, false)
        .into_iter()
        .map(|c| (c.path, c.change))
        .collect();
    assert_eq!(
        kinds,
        [
            ("containerDefinitions[sidecar]".to_string(), Kind::Removed),
            ("containerDefinitions[proxy]".to_string(), Kind::Added),
        ]
    );
}

#[test]
fn environment_and_options_are_masked_unless_revealed() {
    let mut b = base();
    b["containerDefinitions"][0]["environment"][0]["value"] = json!("secret-2");
    b["containerDefinitions"][0]["environment"]
        .as_array_mut()
        .unwrap()
        .push(json!({"name": "NEW", "value": "secret-3"}));
    b["containerDefinitions"][0]["logConfiguration"]["options"]["awslogs-group"] = json!("g2");
    let changes = diff(&base(), &b, false);
    let text = render(&changes, false).join("\n");
    for secret in ["secret-1", "secret-2", "secret-3", "g1", "g2"] {
        assert!(!text.contains(secret), "{secret} leaked: {text}");
        assert!(!serde_json::to_string(&changes).unwrap().contains(secret));
    }
    assert!(
        text.contains("~ containerDefinitions[app].environment[DB].value: changed"),
        "{text}"
    );
    assert!(
        text.contains(
            "+ containerDefinitions[app].environment[NEW]: {\"name\":\"NEW\",\"value\":\"***\"}"
        ),
        "{text}"
    );
    assert!(changes.iter().all(|c| c.masked));
    let revealed = render(&diff(&base(), &b, true), false).join("\n");
    assert!(
        revealed.contains("\"secret-1\" -> \"secret-2\""),
        "{revealed}"
    );
}

#[test]
fn scalars_lists_and_multiline_text() {
    let mut b = base();
    b["cpu"] = json!("512");
    b["containerDefinitions"][0]["command"] = json!(["run", "--fast"]);
    b.as_object_mut().unwrap().remove("family");
    let changes = diff(&base(), &b, false);
    let paths: Vec<(&str, Kind)> = changes
        .iter()
        .map(|c| (c.path.as_str(), c.change))
        .collect();
    assert_eq!(
        paths,
        [
            ("family", Kind::Removed),
            ("cpu", Kind::Changed),
            ("containerDefinitions[app].command", Kind::Changed),
        ]
    );
    let a = json!({"x": "one\ntwo\nthree"});
    let b = json!({"x": "one\n2\nthree"});
    let lines = render(&diff(&a, &b, false), false);
    assert_eq!(
        lines,
        ["~ x:", "      one", "    - two", "    + 2", "      three"]
    );
    // Colour only when asked for.
    assert!(render(&diff(&a, &b, false), true)[0].starts_with('\u{1b}'));
}

#[test]
fn masked_values_that_did_not_change_are_counted_as_same() {
    let mut b = base();
    b["containerDefinitions"][0]["environment"][0]["value"] = json!("secret-2");
    // DB changed; MODE and the log group did not.
    assert_eq!(masked_same(&base(), &b), 2);
    // Reordered containers and env entries are matched by name.
    let mut c = base();
    c["containerDefinitions"] = json!([base()["containerDefinitions"][1], {
        "name": "app", "image": "nginx:1.1",
        "environment": [{"name": "MODE", "value": "x"}, {"name": "DB", "value": "secret-1"}],
        "logConfiguration": {"logDriver": "awslogs", "options": {"awslogs-group": "g1"}},
        "command": ["run"]}]);
    assert_eq!(masked_same(&base(), &c), 3);
}
