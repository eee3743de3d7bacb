use super::*;
use crate::ecs::{ErrorKind, TdStatus};

fn rev(ctx: u16, region: &str, label: &str) -> RevisionRef {
    let arn = format!("arn:aws:ecs:{region}:123456789012:task-definition/{label}");
    let mut r = RevisionRef::from_arn(&arn, TdStatus::Active).expect("arn parses");
    r.ctx = ContextId(ctx);
    r
}

fn scanned(label: &str, user: &str) -> InUseMap {
    let mut m = InUseMap::default();
    m.users.insert(label.into(), vec![user.into()]);
    m.managed.insert(label.into(), vec!["stack-a".into()]);
    m
}

#[test]
fn a_revision_is_in_use_only_in_the_context_that_uses_it() {
    let mut map = InUseMap::default();
    map.add_context(ContextId(0), scanned("web:3", "prod/web (service)"));
    map.add_context(ContextId(1), InUseMap::default());
    let east = rev(0, "us-east-1", "web:3");
    let west = rev(1, "eu-west-1", "web:3");
    assert!(map.is_used(&east));
    assert_eq!(map.uses(&east), ["prod/web (service)".to_string()]);
    assert_eq!(map.managed_of(&east), ["stack-a".to_string()]);
    assert!(!map.is_used(&west), "same family:revision, other context");
    assert!(map.uses(&west).is_empty());
    assert!(map.managed_of(&west).is_empty());
    assert_eq!(who_of(Some(&map), &west), "web:3");
    assert_eq!(
        who_of(Some(&map), &east),
        "web:3 by prod/web (service), managed by stack stack-a"
    );
}

#[test]
fn one_context_keys_stay_family_revision() {
    let map = scanned("web:3", "prod/web (service)");
    let r = rev(0, "us-east-1", "web:3");
    assert_eq!(map.key(&r), "web:3");
    assert!(map.is_used(&r));
}

#[test]
fn for_context_is_that_context_alone_keyed_by_name() {
    let mut map = InUseMap::default();
    map.add_context(ContextId(0), scanned("web:3", "a (service)"));
    map.add_context(ContextId(1), scanned("api:1", "b (task)"));
    map.failed.push((
        ContextId(2),
        EcsError::new("ListClusters", ErrorKind::AccessDenied, "denied"),
    ));
    let one = map.for_context(ContextId(1));
    assert!(!one.per_context);
    assert_eq!(one.users_of("api:1"), ["b (task)".to_string()]);
    assert!(!one.contains("web:3"));
    assert!(map.failed_in(ContextId(2)).is_some());
    assert!(map.failed_in(ContextId(1)).is_none());
    assert!(
        map.for_context(ContextId(2))
            .failed_in(ContextId(2))
            .is_some()
    );
}
