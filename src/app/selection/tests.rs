#![allow(clippy::unwrap_used)]

use std::collections::HashMap;

use super::*;

const NOW: jiff::Timestamp = jiff::Timestamp::constant(1_793_491_200, 0);

fn arn(family: &str, rev: u32) -> String {
    format!("arn:aws:ecs:us-east-1:123456789012:task-definition/{family}:{rev}")
}

fn refs(family: &str, revs: &[u32], status: TdStatus) -> Vec<RevisionRef> {
    revs.iter()
        .map(|&r| RevisionRef::from_arn(&arn(family, r), status).unwrap())
        .collect()
}

fn active(family: &str, range: std::ops::RangeInclusive<u32>) -> Vec<RevisionRef> {
    refs(family, &range.collect::<Vec<_>>(), TdStatus::Active)
}

fn using(labels: &[&str]) -> InUseMap {
    let mut m = InUseMap::default();
    for l in labels {
        m.users
            .insert((*l).to_string(), vec!["prod/web (service)".into()]);
    }
    m
}

fn rule(keep: usize, days: Option<u32>) -> KeepRule {
    KeepRule {
        keep,
        older_than: days.map(days_duration),
        include_managed: false,
    }
}

fn never(_: &str) -> Option<jiff::Timestamp> {
    panic!("registration times must not be needed without an age condition")
}

fn revs(v: &[RevisionRef]) -> Vec<u32> {
    v.iter().map(|r| r.revision).collect()
}

#[test]
fn keeps_newest_and_protects_revision_in_use_below_n() {
    // The end-to-end case: 25 ACTIVE, keep 3, revision 5 used by a service.
    let all = active("web", 1..=25);
    let s = keep_newest("web", &all, &rule(3, None), &using(&["web:5"]), &never, NOW);
    assert_eq!(s.family, "web");
    assert_eq!(s.kept, 3);
    assert_eq!(s.selected.len(), 21);
    let mut expected: Vec<u32> = (1..=22).filter(|&r| r != 5).collect();
    expected.sort_unstable();
    assert_eq!(revs(&s.selected), expected);
    assert_eq!(revs(&s.protected_in_use), vec![5]);
    assert_eq!((s.too_young, s.unknown_age), (0, 0));
}

#[test]
fn in_use_inside_newest_n_counts_towards_n() {
    // 24 is in use and among the newest 3 (25, 24, 23): it is simply kept, it takes a place.
    let all = active("web", 1..=25);
    let s = keep_newest(
        "web",
        &all,
        &rule(3, None),
        &using(&["web:24", "web:10", "web:2"]),
        &never,
        NOW,
    );
    assert_eq!(s.kept, 3);
    assert_eq!(revs(&s.protected_in_use), vec![2, 10]);
    assert_eq!(s.selected.len(), 20);
    assert_eq!(s.selected.last().map(|r| r.revision), Some(22));
    assert!(
        revs(&s.selected)
            .iter()
            .all(|&r| r <= 22 && r != 10 && r != 2)
    );
}

#[test]
fn in_use_of_another_family_does_not_protect() {
    let all = active("web", 1..=5);
    let s = keep_newest("web", &all, &rule(2, None), &using(&["api:2"]), &never, NOW);
    assert_eq!(revs(&s.selected), vec![1, 2, 3]);
    assert!(s.protected_in_use.is_empty());
}

#[test]
fn inactive_revisions_never_count_nor_get_selected() {
    // ACTIVE 1,3,5,7,9 interleaved with INACTIVE 2,4,6,8,10 (10 is the newest of all).
    let mut all = refs("web", &[1, 3, 5, 7, 9], TdStatus::Active);
    all.extend(refs("web", &[2, 4, 6, 8, 10], TdStatus::Inactive));
    all.extend(refs("web", &[11], TdStatus::DeleteInProgress));
    let s = keep_newest(
        "web",
        &all,
        &rule(2, None),
        &InUseMap::default(),
        &never,
        NOW,
    );
    assert_eq!(s.kept, 2); // 9 and 7
    assert_eq!(revs(&s.selected), vec![1, 3, 5]);
}

#[test]
fn only_inactive_revisions_select_nothing() {
    let all = refs("web", &[1, 2, 3, 4], TdStatus::Inactive);
    let s = keep_newest(
        "web",
        &all,
        &rule(1, None),
        &InUseMap::default(),
        &never,
        NOW,
    );
    assert_eq!(s.kept, 0);
    assert!(s.selected.is_empty());
}

#[test]
fn fewer_than_or_exactly_n_selects_nothing() {
    for n in [0u32, 1, 4, 5] {
        let all = if n == 0 { vec![] } else { active("web", 1..=n) };
        let s = keep_newest("web", &all, &rule(5, None), &using(&["web:1"]), &never, NOW);
        assert_eq!(s.kept, n as usize, "{n} revisions");
        assert!(s.selected.is_empty(), "{n} revisions");
        assert!(s.protected_in_use.is_empty(), "{n} revisions");
    }
    let s = keep_newest(
        "web",
        &active("web", 1..=6),
        &rule(5, None),
        &InUseMap::default(),
        &never,
        NOW,
    );
    assert_eq!(revs(&s.selected), vec![1]);
}

#[test]
fn unsorted_and_duplicated_input_is_handled() {
    let mut all = refs("web", &[3, 9, 1, 7, 5, 8, 2, 6, 4], TdStatus::Active);
    all.extend(refs("web", &[9, 8], TdStatus::Active)); // listed twice
    all.extend(refs("other", &[100, 50], TdStatus::Active)); // not this family
    let s = keep_newest(
        "web",
        &all,
        &rule(3, None),
        &InUseMap::default(),
        &never,
        NOW,
    );
    assert_eq!(s.kept, 3);
    assert_eq!(revs(&s.selected), vec![1, 2, 3, 4, 5, 6]);
}

#[test]
fn age_condition_boundary_and_unknown_ages() {
    let all = active("web", 1..=8);
    let day = jiff::SignedDuration::from_hours(24);
    let ms = jiff::SignedDuration::from_millis(1);
    let mut times: HashMap<String, jiff::Timestamp> = HashMap::new();
    // 8, 7 are kept; candidates 6..1.
    times.insert(arn("web", 6), NOW - day * 30 - ms); // just over 30 days: selected
    times.insert(arn("web", 5), NOW - day * 30); // exactly 30 days: too young
    times.insert(arn("web", 4), NOW - day * 29); // too young
    times.insert(arn("web", 3), NOW + day); // in the future (clock skew): too young
    // 2 unknown; 1 is old but in use.
    times.insert(arn("web", 1), NOW - day * 400);
    let known = |a: &str| times.get(a).copied();
    let s = keep_newest(
        "web",
        &all,
        &rule(2, Some(30)),
        &using(&["web:1"]),
        &known,
        NOW,
    );
    assert_eq!(s.kept, 2);
    assert_eq!(revs(&s.selected), vec![6]);
    assert_eq!(s.too_young, 3);
    assert_eq!(s.unknown_age, 1);
    assert_eq!(revs(&s.protected_in_use), vec![1]);
}

#[test]
fn zero_days_selects_anything_registered_before_now() {
    let all = active("web", 1..=3);
    let t = |a: &str| (a == arn("web", 1)).then(|| NOW - jiff::SignedDuration::from_secs(1));
    let s = keep_newest(
        "web",
        &all,
        &rule(1, Some(0)),
        &InUseMap::default(),
        &t,
        NOW,
    );
    assert_eq!(revs(&s.selected), vec![1]);
    assert_eq!(s.unknown_age, 1);
}

#[test]
fn candidates_are_beyond_n_and_not_in_use() {
    let mut all = active("web", 1..=10);
    all.extend(refs("web", &[11, 12], TdStatus::Inactive));
    let c = candidates("web", &all, 3, &using(&["web:4", "web:9"]));
    assert_eq!(
        c.iter().map(|r| r.revision).collect::<Vec<_>>(),
        vec![7, 6, 5, 3, 2, 1]
    );
    assert!(candidates("web", &active("web", 1..=3), 3, &InUseMap::default()).is_empty());
}

#[test]
fn parse_rule_accepts_and_refuses() {
    assert_eq!(parse_rule(" 3 ", ""), Ok(rule(3, None)));
    assert_eq!(parse_rule("10", " 90 "), Ok(rule(10, Some(90))));
    assert_eq!(parse_rule("1", "0"), Ok(rule(1, Some(0))));
    for (keep, days) in [("0", ""), ("", ""), ("-1", ""), ("two", ""), ("2.5", "")] {
        let e = parse_rule(keep, days).unwrap_err();
        assert!(e.starts_with("Keep must be"), "{keep:?}: {e}");
        assert!(!e.contains('\n'));
    }
    assert!(parse_rule("0", "").unwrap_err().contains("zero"));
    for days in ["-3", "x", "1.5", "99999999999"] {
        let e = parse_rule("3", days).unwrap_err();
        assert!(e.starts_with("Days must be"), "{days:?}: {e}");
    }
}
