use super::*;

#[test]
fn masks_env_values_only() {
    let mut v = serde_json::json!({
        "containerDefinitions": [{"environment": [{"name": "DB_PASSWORD", "value": "hunter2"}],
                                  "secrets": [{"name": "S", "valueFrom": "arn"}]}]
    });
    mask(&mut v);
    let s = v.to_string();
    assert!(!s.contains("hunter2") && s.contains("DB_PASSWORD") && s.contains("arn"));
}

#[test]
fn masks_every_free_form_map() {
    let mut v = serde_json::json!({
        "containerDefinitions": [{
            "logConfiguration": {"logDriver": "awsfirelens",
                "options": {"apikey": "DDAPIKEY-0123", "splunk-token": "SPLUNKTOKEN-9f9f"},
                "secretOptions": [{"name": "TOKEN", "valueFrom": "arn:secret-log"}]},
            "firelensConfiguration": {"type": "fluentbit", "options": {"k": "FIRELENS-SECRET"}},
            "dockerLabels": {"auth": "LABEL-SECRET"}
        }],
        "volumes": [{"name": "v", "dockerVolumeConfiguration":
            {"driverOpts": {"password": "CIFS-SECRET"}, "labels": {"x": "VOL-LABEL"}}}]
    });
    mask(&mut v);
    let s = v.to_string();
    for secret in [
        "DDAPIKEY",
        "SPLUNKTOKEN",
        "arn:secret-log",
        "FIRELENS-SECRET",
        "LABEL-SECRET",
        "CIFS-SECRET",
        "VOL-LABEL",
    ] {
        assert!(!s.contains(secret), "{secret} in {s}");
    }
    for kept in [
        "apikey",
        "splunk-token",
        "TOKEN",
        "awsfirelens",
        "fluentbit",
        "auth",
    ] {
        assert!(s.contains(kept), "{kept} missing from {s}");
    }
}
