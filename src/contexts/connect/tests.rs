use super::*;

#[tokio::test]
async fn demo_contexts_are_separate_accounts_in_their_regions() {
    let contexts = super::super::expand(&[], &["eu-west-1".into(), "us-east-1".into()], false);
    let target = Target {
        demo: true,
        ..Target::default()
    };
    let (ok, failed) = split(connect_all(&contexts, &target).await);
    assert!(failed.is_empty());
    assert_eq!(ok.len(), 2);
    assert_eq!(ok[0].meta.region.as_deref(), Some("eu-west-1"));
    assert_eq!(ok[1].context.label(), "us-east-1 · account 123456789012");
    assert!(!Arc::ptr_eq(&ok[0].api, &ok[1].api));
}

#[test]
fn failures_name_their_context_and_the_account_comes_from_arns() {
    let f = Failed {
        context: Context::new(Some("prod"), Some("ap-east-1")),
        reason: "the region is not enabled for this account".into(),
        rejected: true,
    };
    assert_eq!(
        f.to_string(),
        "ap-east-1 · profile prod: the region is not enabled for this account"
    );
    let mut c = demo(&Context::new(None, Some("eu-west-1")));
    c.context.account = None;
    c.learn_account("arn:aws:ecs:eu-west-1:210987654321:task-definition/web:1");
    assert_eq!(c.context.account.as_deref(), Some("210987654321"));
    c.learn_account("arn:aws:ecs:eu-west-1:111111111111:task-definition/web:1");
    assert_eq!(c.context.account.as_deref(), Some("210987654321"));
}

#[test]
fn two_profiles_of_one_account_in_one_region_are_one_context() {
    let c = |p: &str, r: &str| demo(&Context::new(Some(p), Some(r)));
    let mut other = c("b", "eu-west-1");
    other.context.account = Some("210987654321".into());
    let (kept, notes) = one_per_account(vec![
        c("a", "eu-west-1"),
        c("b", "eu-west-1"),
        c("b", "us-east-1"),
        other,
    ]);
    let labels: Vec<String> = kept.iter().map(|k| k.context.label()).collect();
    assert_eq!(
        labels,
        [
            "eu-west-1 · profile a · account 123456789012",
            "us-east-1 · profile b · account 123456789012",
            "eu-west-1 · profile b · account 210987654321"
        ]
    );
    assert_eq!(
        notes,
        [
            "eu-west-1 · profile b · account 123456789012 reaches the same account and region as eu-west-1 · profile a · account 123456789012: skipped"
        ]
    );
}

#[test]
fn a_disabled_opt_in_region_is_told_and_left_out_of_all_regions() {
    let ok = |r: &str| Ok(demo(&Context::new(Some("p"), Some(r))));
    let rejected = |p: &str, r: &str| {
        Err(Failed {
            context: Context::new(Some(p), Some(r)),
            reason: "AWS rejected the credentials (invalid token)".into(),
            rejected: true,
        })
    };
    let answers = || {
        vec![
            ok("eu-west-1"),
            rejected("p", "me-south-1"),
            rejected("p", "us-west-2"),
            rejected("q", "af-south-1"),
        ]
    };
    let s = settle(answers(), true);
    assert_eq!(s.ok.len(), 1);
    // us-west-2 is not opt-in; profile q works nowhere: both stay failures as they were.
    let failed: Vec<String> = s.failed.iter().map(|f| f.context.label()).collect();
    assert_eq!(failed, ["us-west-2 · profile p", "af-south-1 · profile q"]);
    assert!(s.failed[0].reason.starts_with("AWS rejected"));
    assert_eq!(s.notes.len(), 1);
    assert!(
        s.notes[0].starts_with("me-south-1 · profile p: me-south-1 is an opt-in region"),
        "{}",
        s.notes[0]
    );
    assert!(s.notes[0].ends_with("; skipped"));
    // Named explicitly, it is a failure, with the same sentence.
    let s = settle(answers(), false);
    assert_eq!(s.failed.len(), 3);
    assert!(s.notes.is_empty());
    assert!(s.failed[0].reason.contains("opt-in region"));
}
