use super::*;

#[test]
fn family_filter_drops_prefix_matches() {
    let arns = vec![
        "arn:aws:ecs:us-east-1:1:task-definition/web:3".to_string(),
        "arn:aws:ecs:us-east-1:1:task-definition/web-api:9".to_string(),
        "arn:aws:ecs:us-east-1:1:task-definition/web:1".to_string(),
    ];
    let kept = only_family(arns.clone(), "web");
    assert_eq!(kept, vec![arns[0].clone(), arns[2].clone()]);
    assert_eq!(only_family(arns.clone(), ""), arns);
}

#[test]
fn failure_reason_keeps_detail() {
    assert_eq!(reason(Some("MISSING"), None), "MISSING");
    assert_eq!(
        reason(Some("in use"), Some("service web")),
        "in use (service web)"
    );
    assert_eq!(reason(None, None), "no reason given");
}
