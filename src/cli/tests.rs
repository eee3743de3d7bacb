use super::*;

#[test]
fn parses_flags_and_rejects_bad_rate() {
    let c = Cli::try_parse_from(["taskdefs", "--demo", "--read-only", "--rate", "5"]).unwrap();
    assert!(c.demo && c.read_only);
    assert_eq!(c.rate, Some(5.0));
    assert!(Cli::try_parse_from(["taskdefs", "--rate", "0"]).is_err());
    let c = Cli::try_parse_from(["taskdefs", "--headroom", "0"]).unwrap();
    assert_eq!(c.headroom, Some(0.0));
    assert_eq!(
        Cli::try_parse_from(["taskdefs", "--headroom", "35%"])
            .unwrap()
            .headroom,
        Some(35.0)
    );
    assert!(Cli::try_parse_from(["taskdefs", "--headroom", "95"]).is_err());
    assert!(Cli::try_parse_from(["taskdefs", "--headroom", "x"]).is_err());
    assert!(Cli::try_parse_from(["taskdefs", "--bogus"]).is_err());
    let c =
        Cli::try_parse_from(["taskdefs", "list", "--status", "all", "--json", "--demo"]).unwrap();
    assert!(matches!(
        c.command,
        Some(Command::List(ListArgs {
            status: StatusArg::All,
            json: true,
            ..
        }))
    ));
}

#[test]
fn status_is_case_insensitive_like_the_aws_cli() {
    let status = |v: &str| match Cli::try_parse_from(["taskdefs", "list", "--status", v]) {
        Ok(Cli {
            command: Some(Command::List(a)),
            ..
        }) => Some(a.status),
        _ => None,
    };
    assert_eq!(status("ACTIVE"), Some(StatusArg::Active));
    assert_eq!(status("active"), Some(StatusArg::Active));
    assert_eq!(status("Inactive"), Some(StatusArg::Inactive));
    assert_eq!(status("All"), Some(StatusArg::All));
    assert_eq!(status("ALL"), Some(StatusArg::All));
    assert_eq!(status("gone"), None);
}

#[test]
fn durations_and_prune_flags() {
    assert_eq!(parse_duration("30d").unwrap().as_secs(), 30 * 86_400);
    assert_eq!(parse_duration("12h").unwrap().as_secs(), 12 * 3_600);
    assert_eq!(parse_duration("90m").unwrap().as_secs(), 90 * 60);
    assert_eq!(parse_duration("2w").unwrap().as_secs(), 14 * 86_400);
    for bad in ["", "d", "30", "30x", "-3d", "1.5d"] {
        assert!(parse_duration(bad).is_err(), "{bad}");
    }
    let c = Cli::try_parse_from([
        "taskdefs",
        "prune",
        "--keep",
        "3",
        "--older-than",
        "30d",
        "--family",
        "a",
        "--family",
        "b",
        "--apply",
        "--dry-run",
        "--journal",
        "/tmp/j",
    ])
    .unwrap();
    assert!(c.dry_run && c.journal.is_some());
    let Some(Command::Prune(p)) = c.command else {
        panic!()
    };
    assert_eq!((p.keep, p.families.len(), p.apply), (3, 2, true));
    assert!(Cli::try_parse_from(["taskdefs", "prune", "--keep", "0"]).is_err());
    assert!(Cli::try_parse_from(["taskdefs", "prune"]).is_err());
    assert!(
        Cli::try_parse_from(["taskdefs", "prune", "--keep", "2", "--older-than", "soon"]).is_err()
    );
    assert!(Cli::try_parse_from(["taskdefs", "diff", "web:1", "nope"]).is_err());
    let c = Cli::try_parse_from(["taskdefs", "list", "--output", "tsv"]).unwrap();
    let Some(Command::List(l)) = c.command else {
        panic!()
    };
    assert_eq!(l.format(), Some(OutputArg::Tsv));
    assert!(Cli::try_parse_from(["taskdefs", "list", "--output", "tsv", "--json"]).is_err());
}

#[test]
fn regions_and_profiles_open_several_contexts() {
    let c = Cli::try_parse_from([
        "taskdefs",
        "list",
        "--region",
        "us-east-1,eu-west-1",
        "--region",
        "ap-south-1",
        "--profile",
        "dev",
        "--profile",
        "prod",
    ])
    .unwrap();
    assert_eq!(c.region, ["us-east-1", "eu-west-1", "ap-south-1"]);
    assert_eq!(c.profile, ["dev", "prod"]);
    assert_eq!(c.contexts().len(), 6);
    let one = Cli::try_parse_from(["taskdefs", "--region", "eu-west-1"]).unwrap();
    assert_eq!(one.contexts().len(), 1);
    let all = Cli::try_parse_from(["taskdefs", "--all-regions", "prune", "--keep", "3"]).unwrap();
    assert_eq!(all.contexts().len(), crate::contexts::ALL_REGIONS.len());
    for bad in [
        &["taskdefs", "--region", "us-east-1,,eu-west-1"][..],
        &["taskdefs", "--region", "Europe"],
        &["taskdefs", "--profile", ""],
        &["taskdefs", "--all-regions", "--region", "us-east-1"],
    ] {
        let e = Cli::try_parse_from(bad).unwrap_err();
        assert_eq!(e.exit_code(), 2, "{bad:?}");
    }
}
