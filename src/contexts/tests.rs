use super::*;

fn strings(v: &[&str]) -> Vec<String> {
    v.iter().map(|s| (*s).to_string()).collect()
}

#[test]
fn every_profile_in_every_region() {
    let c = expand(
        &strings(&["dev", "prod"]),
        &strings(&["us-east-1", "eu-west-1", "us-east-1"]),
        false,
    );
    let names: Vec<String> = c.iter().map(Context::label).collect();
    assert_eq!(
        names,
        [
            "us-east-1 · profile dev",
            "eu-west-1 · profile dev",
            "us-east-1 · profile prod",
            "eu-west-1 · profile prod"
        ]
    );
    assert_eq!(expand(&[], &[], false), vec![Context::default()]);
    let all = expand(&strings(&["p"]), &[], true);
    assert_eq!(all.len(), ALL_REGIONS.len());
    assert!(all.iter().all(|c| c.profile.as_deref() == Some("p")));
}

#[test]
fn region_names_are_checked() {
    for good in ["us-east-1", "eu-west-1", "ap-southeast-7", "us-gov-west-1"] {
        assert_eq!(parse_region(good).as_deref(), Ok(good));
    }
    for bad in [
        "",
        "us-east",
        "US-EAST-1",
        "us_east_1",
        "eu--1",
        "us-east-1x",
    ] {
        assert!(parse_region(bad).is_err(), "{bad}");
    }
    assert!(parse_region("").unwrap_err().contains("empty"));
    assert!(parse_profile(" ").is_err());
}

#[test]
fn accounts_come_from_arns() {
    assert_eq!(
        account_of_arn("arn:aws:ecs:eu-west-1:123456789012:task-definition/web:3"),
        Some("123456789012")
    );
    assert_eq!(account_of_arn("web:3"), None);
    assert_eq!(account_of_arn("arn:aws:ecs:eu-west-1::x"), None);
}
