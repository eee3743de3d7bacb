use super::*;
use crate::ecs::TdStatus;

fn r(label: &str) -> RevisionRef {
    RevisionRef::from_arn(
        &format!("arn:aws:ecs:us-east-1:123456789012:task-definition/{label}"),
        TdStatus::Active,
    )
    .unwrap()
}

#[test]
fn split_skips_new_users_and_spares_confirmed_ones() {
    let mut map = InUseMap::default();
    map.users
        .insert("web:2".into(), vec!["prod/web (service)".into()]);
    map.users.insert(
        "web:3".into(),
        vec!["prod/web (deployment)".into(), "prod/task/ab (task)".into()],
    );
    map.users
        .insert("web:4".into(), vec!["prod/web-old (service)".into()]);
    let items = vec![r("web:1"), r("web:2"), r("web:3"), r("web:4")];
    let confirmed = BTreeSet::from([r("web:4").arn]);
    let (free, used) = split(items, &map, &confirmed);
    let free: Vec<String> = free.iter().map(RevisionRef::label).collect();
    assert_eq!(free, ["web:1", "web:4"]);
    let used: Vec<(String, String)> = used
        .into_iter()
        .map(|(r, w)| (r.label(), w.to_string()))
        .collect();
    assert_eq!(
        used,
        [
            ("web:2".into(), "now used by prod/web (service)".into()),
            (
                "web:3".into(),
                "now used by prod/web (deployment) and 1 more".into()
            ),
        ]
    );
}
