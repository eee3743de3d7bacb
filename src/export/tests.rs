use super::*;

#[test]
fn strips_describe_fields_keeps_tags_and_writes_0600_without_overwriting() {
    use std::os::unix::fs::PermissionsExt as _;
    let raw = json!({"taskDefinitionArn": "a", "family": "web", "revision": 3,
            "status": "ACTIVE", "requiresAttributes": [], "compatibilities": ["EC2"],
            "registeredAt": 1.0, "registeredBy": "me", "containerDefinitions": []});
    let td = TaskDef::from_json(raw, vec![("team".into(), "x".into())]).unwrap();
    let input = register_input(&td);
    assert_eq!(
        input,
        json!({"family": "web", "containerDefinitions": [],
                "tags": [{"key": "team", "value": "x"}]})
    );
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("web.json");
    write_private(&path, "one", false).unwrap();
    let mode = std::fs::metadata(&path).unwrap().permissions().mode();
    assert_eq!(mode & 0o777, 0o600);
    let err = write_private(&path, "two", false).unwrap_err().to_string();
    assert!(err.contains("--force"), "{err}");
    assert_eq!(std::fs::read_to_string(&path).unwrap(), "one");
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).unwrap();
    write_private(&path, "two", true).unwrap();
    assert_eq!(std::fs::read_to_string(&path).unwrap(), "two");
    let mode = std::fs::metadata(&path).unwrap().permissions().mode();
    assert_eq!(mode & 0o777, 0o600);
}
