use super::*;

#[test]
fn every_listed_region_is_well_formed_and_listed_once() {
    let mut seen = std::collections::HashSet::new();
    for r in ALL_REGIONS {
        assert_eq!(super::super::parse_region(r).as_deref(), Ok(*r));
        assert!(seen.insert(r), "{r} twice");
    }
    assert_eq!(ALL_REGIONS.len(), 34);
    assert!(OPT_IN_REGIONS.iter().all(|r| ALL_REGIONS.contains(r)));
    assert!(is_opt_in("me-south-1") && !is_opt_in("eu-west-1"));
}
