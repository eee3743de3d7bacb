use super::*;

#[test]
fn parses_arn_and_bare_names() {
    let r = RevisionRef::from_arn(
        "arn:aws:ecs:eu-west-1:123456789012:task-definition/web-api:42",
        TdStatus::Active,
    )
    .unwrap();
    assert_eq!((r.family.as_str(), r.revision), ("web-api", 42));
    assert_eq!(r.label(), "web-api:42");
    assert_eq!(parse_family_revision("batch:7"), Some(("batch".into(), 7)));
    assert_eq!(parse_family_revision("nope"), None);
    assert_eq!(parse_family_revision(":3"), None);
}

#[test]
fn status_filter_cycles() {
    assert_eq!(StatusFilter::Active.next(), StatusFilter::Inactive);
    assert_eq!(StatusFilter::Inactive.next(), StatusFilter::All);
    assert_eq!(StatusFilter::All.next(), StatusFilter::Active);
}
